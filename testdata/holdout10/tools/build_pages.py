#!/usr/bin/env python3
"""Build pages/ANN.html from tools/src/ANN.txt.

The pages are PLAIN TEXT: what a person gets by selecting all on the municipal web page in a
browser and pasting it into a text file (menus, breadcrumbs, sidebars and footers included, in
page order; table cells separated by tabs, rows by newlines; no markup). They keep the .html
name because the scorer reads the file names from the manifest.

The sources are UTF-8 and use two visible markers so that the invisible characters can be
reviewed and edited safely:
    U+27F6 (long arrow)       -> TAB          (table cells of a flattened table)
    U+237D (shouldered box)   -> U+00A0 NBSP  (Word-pasted spaces, amounts)

A03 and A18 are written in windows-1251 bytes (no declaration anywhere: plain text carries
none; the manifest gives the charset, as the server's Content-Type header would). The rest are
UTF-8 without a BOM.
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SRC = os.path.join(HERE, "src")
OUT = os.path.join(ROOT, "pages")

ENCODING = {"A03": "cp1251", "A18": "cp1251"}
TAB, NBSP = "\u27f6", "\u237d"


def main():
    os.makedirs(OUT, exist_ok=True)
    for name in sorted(os.listdir(SRC)):
        if not name.endswith(".txt"):
            continue
        n = name[:-4]
        with open(os.path.join(SRC, name), encoding="utf-8") as f:
            text = f.read()
        # plain text: nothing a browser would have left as markup or entities
        for bad in ("<", "&", "\ufeff", "\r"):
            assert bad not in text, f"{n}: {bad!r} in source"
        text = text.replace(TAB, "\t").replace(NBSP, "\u00a0")
        enc = ENCODING.get(n, "utf-8")
        data = text.encode(enc)  # raises on a character windows-1251 cannot hold
        with open(os.path.join(OUT, n + ".html"), "wb") as f:
            f.write(data)
        print(f"{n}.html: {enc}, {len(data)} bytes, {text.count(chr(10))} lines")


if __name__ == "__main__":
    sys.exit(main())
