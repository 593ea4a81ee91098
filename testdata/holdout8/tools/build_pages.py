#!/usr/bin/env python3
"""Build pages/8NN.html from tools/src/8NN.html (UTF-8 sources), in the byte encoding each page
is served in: 815 UTF-8 with a BOM; 802 and 811 windows-1251 declared in a <meta> tag; 810
windows-1251 with no declaration at all (only the server's Content-Type header would say it);
all others plain UTF-8."""
import os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = os.path.join(HERE, "src")
OUT = os.path.join(ROOT, "pages")

ENCODING = {"815": "utf-8-sig", "802": "cp1251", "810": "cp1251", "811": "cp1251"}


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
        if n == "810":
            assert not declared, "810 must not declare a charset"
        elif n in ("802", "811"):
            assert declared and declared.group(1).lower() == "windows-1251", f"{n} must declare windows-1251"
        else:
            assert declared and declared.group(1).lower() == "utf-8", f"{n} must declare utf-8"
        data = text.encode(enc)  # raises on a character windows-1251 cannot hold
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {enc}, {len(data)} bytes")


if __name__ == "__main__":
    sys.exit(main())
