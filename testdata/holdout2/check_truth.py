#!/usr/bin/env python3
"""Consistency check for the second holdout corpus (a copy of ../holdout/check_truth.py, itself adapted from ../corpus/check_truth.py).

Differences from the original: a page without a charset declaration is decoded with the charset
the manifest gives for it (page 105), and contract numbers / codes are also looked for after
folding Cyrillic look-alike letters (А В С Е Н К М О Р Т Х) to Latin, since the truth writes
codes printed with look-alikes in Latin (page 101).

For every truth/NNN.json it decodes pages/NNN.html (charset from the page's meta tag),
renders the visible text and verifies that the truth only states what the page prints:

  * the JSON has exactly the record fields of the extract output shape;
  * every contract number and procedure code occurs in the text (spaces around - / . allowed);
  * budget.total and budget.grant occur in some printed form (1 234,56 / 1.234,56 / 1,234.56 / 1234.56 ...);
  * period.start, period.end and published occur as a printed date (dd.mm.yyyy, d/m/yyyy, m/d/yyyy,
    dd-mm-yyyy, ISO, '28 април 2014', '15.III.2019');
  * duration_months occurs as 'N месеца';
  * title, list items, contractors, beneficiary and municipality occur once punctuation, quotes,
    case and white space are ignored.

Usage:  python3 check_truth.py [CORPUS_DIR]     (default: the directory of this script)
Exit status 0 when every file passes, 1 otherwise.
"""
import html
import html.parser
import json
import os
import re
import sys

PROGRAMMES = {"OPAC", "OPRD", "OPHRD", "OPE", "OPCOMP", "RDP", "OPRG", "OPGG", "OPHRD14", "OPE14", "OPIC",
              "OPSESG", "PRR", "PHRD", "PEDU", "NRRP", "INTERREG", "OTHER", None}
PROJECT_KEYS = {"title", "contract_numbers", "procedure_codes", "programme", "municipality", "beneficiary", "budget",
                "period", "objectives", "activities", "results", "contractors", "published"}
MONTHS = ["януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври", "ноември", "декември"]
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


class _Text(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in ("br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "ul", "ol", "table"):
            self.out.append("\n")
        else:
            self.out.append(" ")  # inline boundary: adjacent elements (e.g. two <time>) stay apart

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in ("p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.out.append("\n")
        else:
            self.out.append(" ")

    def handle_data(self, data):
        if not self._skip:
            self.out.append(data)


def sniff_charset(raw, default="utf-8"):
    head = raw[:4096].decode("ascii", "replace")
    m = re.search(r"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", head, re.I)
    return (m.group(1).lower() if m else default)


def page_text(raw, charset):
    p = _Text()
    p.feed(raw.decode(charset))
    p.close()
    return re.sub(r"\s+", " ", "".join(p.out).replace("\xa0", " ")).strip()


def key(s):
    return re.sub(r"[\W_]+", "", s.casefold())


LOOKALIKE = str.maketrans("АВСЕНКМОРТХаеорсх", "ABCEHKMOPTXaeopcx")


def code_present(code, text):
    return _code_present(code, text) or _code_present(code, text.translate(LOOKALIKE))


def _code_present(code, text):
    parts = re.split(r"([-/.])", code)
    rx = "".join(r"\s*" + re.escape(x) + r"\s*" if x in "-/." else re.escape(x) for x in parts)
    return re.search(r"(?<![\w])" + rx + r"(?![\w])", text, re.I) is not None


def amount_present(v, text):
    cents = round(v * 100)
    ip, fr = divmod(cents, 100)
    digits = str(ip)
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    forms = set()
    for tsep in (" ", ".", ",", ""):
        g = tsep.join(groups)
        for dsep in (",", "."):
            if dsep == tsep:
                continue
            forms.add(f"{g}{dsep}{fr:02d}")
        if fr == 0:
            forms.add(g)
    for f in forms:
        if re.search(r"(?<![\d.,])" + re.escape(f) + r"(?![\d]|[.,]\d)", text):
            return True
    return False


def date_present(iso, text):
    y, m, d = (int(x) for x in iso.split("-"))
    t = text.casefold()
    pats = [
        rf"(?<!\d)0?{d}\s?\.\s?0?{m}\s?\.\s?{y}(?!\d)",
        rf"(?<!\d)0?{d}-0?{m}-{y}(?!\d)",
        rf"(?<!\d)0?{d}/0?{m}/{y}(?!\d)",
        rf"(?<!\d)0?{m}/0?{d}/{y}(?!\d)",
        rf"(?<!\d){y}-{m:02d}-{d:02d}(?!\d)",
        rf"(?<!\d)0?{d}\s+{MONTHS[m - 1]}\s+{y}(?!\d)",
        rf"(?<!\d)0?{d}\s?\.\s?{ROMAN[m - 1].casefold()}\s?\.\s?{y}(?!\d)",
    ]
    return any(re.search(p, t) for p in pats)


def check_project(i, pr, text, tkey):
    errs = []
    where = f"project[{i}]"
    if set(pr) != PROJECT_KEYS:
        errs.append(f"{where}: keys {sorted(set(pr) ^ PROJECT_KEYS)} differ from the record shape")
        return errs
    if set(pr["budget"]) != {"total", "grant", "currency"}:
        errs.append(f"{where}: budget keys {sorted(pr['budget'])}")
    if set(pr["period"]) != {"start", "end", "duration_months"}:
        errs.append(f"{where}: period keys {sorted(pr['period'])}")
    if pr["programme"] not in PROGRAMMES:
        errs.append(f"{where}: unknown programme {pr['programme']!r}")
    for lst in ("contract_numbers", "procedure_codes", "objectives", "activities", "results", "contractors"):
        if not isinstance(pr[lst], list):
            errs.append(f"{where}: {lst} is not a list")
    if not pr["title"] or key(pr["title"]) not in tkey:
        errs.append(f"{where}: title not found: {pr['title']!r}")
    for c in pr["contract_numbers"]:
        if not code_present(c, text):
            errs.append(f"{where}: contract number not in page: {c!r}")
    for c in pr["procedure_codes"]:
        if not code_present(c, text):
            errs.append(f"{where}: procedure code not in page: {c!r}")
        if c in pr["contract_numbers"]:
            errs.append(f"{where}: {c!r} is both a contract number and a procedure code")
    b = pr["budget"]
    for f in ("total", "grant"):
        v = b.get(f)
        if v is not None:
            if not isinstance(v, (int, float)):
                errs.append(f"{where}: budget.{f} is not a number")
            elif not amount_present(v, text):
                errs.append(f"{where}: budget.{f} {v} not printed in page")
    if b.get("currency") not in ("BGN", "EUR", None):
        errs.append(f"{where}: currency {b.get('currency')!r}")
    if (b.get("total") is not None or b.get("grant") is not None) and b.get("currency") is None:
        errs.append(f"{where}: amount without currency")
    per = pr["period"]
    for f in ("start", "end"):
        if per.get(f) is not None and not date_present(per[f], text):
            errs.append(f"{where}: period.{f} {per[f]} not printed in page")
    dm = per.get("duration_months")
    if dm is not None and not re.search(rf"(?<!\d){dm}\s*(?:календарни\s+)?месец", text):
        errs.append(f"{where}: duration {dm} months not printed in page")
    if pr["published"] is not None and not date_present(pr["published"], text):
        errs.append(f"{where}: published {pr['published']} not printed in page")
    for lst in ("objectives", "activities", "results", "contractors"):
        for item in pr[lst]:
            if key(item) not in tkey:
                errs.append(f"{where}: {lst} item not in page: {item[:70]!r}")
    for f in ("beneficiary", "municipality"):
        if pr[f] is not None and key(pr[f]) not in tkey:
            errs.append(f"{where}: {f} not in page: {pr[f]!r}")
    return errs


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    manifest = {}
    mpath = os.path.join(root, "manifest.tsv")
    if os.path.exists(mpath):
        with open(mpath, encoding="utf-8") as f:
            rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
        head = rows[0]
        for r in rows[1:]:
            rec = dict(zip(head, r))
            manifest[os.path.basename(rec["file"])[:-5]] = rec
    tdir = os.path.join(root, "truth")
    names = sorted(n[:-5] for n in os.listdir(tdir) if n.endswith(".json"))
    failed = 0
    nproj = 0
    for n in names:
        errs = []
        with open(os.path.join(tdir, n + ".json"), encoding="utf-8") as f:
            truth = json.load(f)
        if set(truth) != {"url", "projects"}:
            errs.append(f"top-level keys {sorted(truth)}")
        with open(os.path.join(root, "pages", n + ".html"), "rb") as f:
            raw = f.read()
        m = manifest.get(n)
        declared = sniff_charset(raw, default=None)
        cs = declared or (m["charset"].lower() if m else "utf-8")
        if m:
            if declared and m["charset"].lower() != cs:
                errs.append(f"manifest charset {m['charset']} but the page declares {cs}")
            if m["url"] != truth.get("url"):
                errs.append("url differs from manifest")
        try:
            text = page_text(raw, cs)
        except (UnicodeDecodeError, LookupError) as ex:
            errs.append(f"cannot decode as {cs}: {ex}")
            text = ""
        tkey = key(text)
        for i, pr in enumerate(truth.get("projects", [])):
            errs += check_project(i, pr, text, tkey)
        nproj += len(truth.get("projects", []))
        status = "ok" if not errs else "FAIL"
        print(f"{n}: {status} ({len(truth.get('projects', []))} projects, {cs})")
        for e in errs:
            print("    " + e)
        failed += bool(errs)
    print(f"\n{len(names)} files, {nproj} project records, {failed} failing")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
