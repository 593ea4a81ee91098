#!/usr/bin/env python3
"""Build pages/9NN.html from tools/src/9NN.html (UTF-8 sources), in the byte encoding each page
is served in: 918 UTF-8 with a BOM; 906, 909 and 914 windows-1251 declared in a <meta> tag; 917
windows-1251 with no declaration at all (only the server's Content-Type header would say it, so
the manifest carries it); all others plain UTF-8."""
import os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = os.path.join(HERE, "src")
OUT = os.path.join(ROOT, "pages")

ENCODING = {"918": "utf-8-sig", "906": "cp1251", "909": "cp1251", "914": "cp1251", "917": "cp1251"}
META_1251 = ("906", "909", "914")
UNDECLARED = ("917",)


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in sorted(os.listdir(SRC)):
        if not name.endswith(".html"):
            continue
        n = name[:-5]
        with open(os.path.join(SRC, name), encoding="utf-8") as f:
            text = f.read()
        enc = ENCODING.get(n, "utf-8")
        declared = re.search(r"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", text, re.I)
        if n in UNDECLARED:
            assert not declared, f"{n} must not declare a charset"
        elif n in META_1251:
            assert declared and declared.group(1).lower() == "windows-1251", f"{n} must declare windows-1251"
        else:
            assert declared and declared.group(1).lower() == "utf-8", f"{n} must declare utf-8"
        assert "\ufeff" not in text, f"{n}: stray BOM in source"
        data = text.encode(enc)  # raises on a character windows-1251 cannot hold
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"{name}: {enc}, {len(data)} bytes")


if __name__ == "__main__":
    sys.exit(main())
