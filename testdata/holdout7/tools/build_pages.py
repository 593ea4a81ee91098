#!/usr/bin/env python3
"""Build pages/7NN.html from tools/src/7NN.html (UTF-8 sources), in the byte encoding each page
is served in: 703 UTF-8 with a BOM, 707 and 708 windows-1251 (707 declares no charset at all,
708 declares it in a <meta> tag), all others plain UTF-8."""
import os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = os.path.join(HERE, "src")
OUT = os.path.join(ROOT, "pages")

ENCODING = {"703": "utf-8-sig", "707": "cp1251", "708": "cp1251"}


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in sorted(os.listdir(SRC)):
        if not name.endswith(".html"):
            continue
        n = name[:-5]
        with open(os.path.join(SRC, name), encoding="utf-8") as f:
            text = f.read()
        enc = ENCODING.get(n, "utf-8")
        declared = re.search(r"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", text[:4096], re.I)
        if n == "707":
            assert not declared, "707 must not declare a charset"
        elif n == "708":
            assert declared and declared.group(1).lower() == "windows-1251", "708 must declare windows-1251"
        else:
            assert declared and declared.group(1).lower() == "utf-8", f"{n} must declare utf-8"
        data = text.encode(enc)  # raises on a character windows-1251 cannot hold
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {enc}, {len(data)} bytes")


if __name__ == "__main__":
    sys.exit(main())
