#!/usr/bin/env python3
"""Checks of the PDF writer's output, reading the layout dump (pdf.layout-dump)
and poppler's text. Each command prints what it found and exits 1 on failure.

  check_pdf.py kinsoku DUMP          no line starts with closing or ends with opening punctuation
  check_pdf.py table3 DUMP           table 三: spans, borders, header repeat, every data cell once
  check_pdf.py longtable DUMP TXT    header rows on every page, the tall row's text complete
  check_pdf.py widths DUMP BBOX       words in the PDF (pdftotext -bbox) as wide as laid out
  check_pdf.py extract SEED PDFTXT [MIN]   >= MIN% (99) of the seed's characters, in order
"""
import csv
import difflib
import re
import sys

NO_START = set("，。、；：？！）」』】〉》〕〗〙〛］｝．”’…‥·・々ゝゞヽヾー｠,.;:?!)]}%％‰℃°")
NO_END = set("（「『【〈《〔〖〘〚［｛“‘([{｟")
PAGE_W, PAGE_H = 595.28, 841.89
LEFT, RIGHT, TOP, BOTTOM = 28 * 72 / 25.4, 26 * 72 / 25.4, 37 * 72 / 25.4, 35 * 72 / 25.4
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def load(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    for r in rows:
        for k in ("x", "y", "w", "h", "size", "cspace"):
            r[k] = float(r[k])
        r["page"] = int(r["page"])
    return rows


def lines_of(rows):
    """Text items grouped into lines: same page, same baseline (±1pt)."""
    out = {}
    for r in rows:
        if r["kind"] != "text":
            continue
        key = (r["page"], round(r["y"]))
        out.setdefault(key, []).append(r)
    for k in out:
        out[k].sort(key=lambda r: r["x"])
    return [out[k] for k in sorted(out)]


def body_lines(rows):
    # Page numbers sit below the text area.
    return [l for l in lines_of(rows) if l[0]["y"] < PAGE_H - BOTTOM]


def kinsoku(dump):
    rows = load(dump)
    lines = body_lines(rows)
    if len(lines) < 20:
        fail("only %d lines laid out" % len(lines))
    starts = ends = 0
    for l in lines:
        text = "".join(r["text"] for r in l)
        if text[0] in NO_START:
            fail("line starts with %r: %s" % (text[0], text[:20]))
        if text[-1] in NO_END:
            fail("line ends with %r: %s" % (text[-1], text[-20:]))
        starts += text[0] in NO_START
        ends += text[-1] in NO_END
    # Justified: every line but a paragraph's last reaches the right edge.
    right = PAGE_W - RIGHT
    full = [l for l in lines if abs(l[-1]["x"] + l[-1]["w"] - right) < 1.5 or
            l[-1]["x"] + l[-1]["w"] > right]
    if len(full) < len(lines) * 0.7:
        fail("only %d of %d lines are justified to the margin" % (len(full), len(lines)))
    joined = ["".join(r["text"] for r in l) for l in lines]
    for word in ("internationalization", "responsibilities"):
        if not any(word in j for j in joined):
            fail("the word %r was split across lines" % word)
    print("kinsoku: %d lines checked, %d justified" % (len(lines), len(full)))


def widows(dump):
    """At every page break inside a paragraph, at least two lines stay at the
    foot of the page and at least two go to the next; a heading is never the
    last thing on a page."""
    rows = load(dump)
    pages = {}
    for l in body_lines(rows):
        pages.setdefault(l[0]["page"], []).append(l)
    indent = LEFT + 16
    breaks = 0
    for p in sorted(pages)[:-1]:
        here, nxt = pages[p], pages.get(p + 1, [])
        if not nxt:
            continue
        starts = [i for i, l in enumerate(here) if abs(l[0]["x"] - indent) < 1 or l[0]["size"] != 16]
        last = here[-1]
        if last[0]["text"].startswith("一、"):
            fail("page %d ends with a heading" % p)
        if abs(nxt[0][0]["x"] - indent) < 1:
            continue  # the break falls between paragraphs
        breaks += 1
        tail = len(here) - (starts[-1] if starts else 0)
        head = next((i for i, l in enumerate(nxt) if abs(l[0]["x"] - indent) < 1), len(nxt))
        if tail < 2:
            fail("page %d: an orphan (1 line of a paragraph at the foot)" % p)
        if head < 2:
            fail("page %d: a widow (1 line of a paragraph at the top)" % (p + 1))
    if breaks < 3:
        fail("only %d page breaks fell inside paragraphs" % breaks)
    print("widows: %d pages, %d breaks inside paragraphs" % (len(pages), breaks))


def find(rows, text, page=None):
    return [r for r in rows if r["kind"] == "text" and text in r["text"] and
            (page is None or r["page"] == page)]


def hlines(rows, page):
    return [r for r in rows if r["kind"] == "line" and r["page"] == page and abs(r["h"]) < 0.01]


def vlines(rows, page):
    return [r for r in rows if r["kind"] == "line" and r["page"] == page and abs(r["w"]) < 0.01]


def table3(dump):
    rows = load(dump)
    pages = sorted({r["page"] for r in rows})
    zeros = [r for r in rows if r["kind"] == "text" and r["text"] == "0"]
    if len(zeros) != 175:
        fail("expected 175 data cells (25 rows x 7), drew %d" % len(zeros))
    # Column x positions from the data cells: 7 distinct columns.
    cols = sorted({round(r["x"] + r["w"] / 2) for r in zeros})
    if len(cols) != 7:
        fail("data cells are in %d columns, expected 7" % len(cols))
    left = LEFT
    for p in pages:
        # The 3x3 note cell: nothing crosses its inside.
        note = find(rows, "勾稽", p)
        if note:
            top = min(r["y"] for r in find(rows, "申请人情况", p)) - 10
            bottom = max(r["y"] for r in find(rows, "一、本年新收", p) or find(rows, "（一）", p) or note)
            nx0, nx1 = left + 2, max(r["x"] + r["w"] for r in note)
            for h in hlines(rows, p):
                if top + 12 < h["y"] < min(r["y"] for r in note) + 20 and h["x"] < nx1 - 5 and h["x"] + h["w"] > nx0 + 5:
                    fail("page %d: a horizontal border crosses the 3x3 note cell at y=%.1f" % (p, h["y"]))
        # The 22-row label: no horizontal border in the first column between
        # the first and the last result row on the page.
        res = [r for r in rows if r["page"] == p and r["kind"] == "text" and
               re.match(r"^（[一二三四五六七]）", r["text"])]
        if not res:
            continue
        y0, y1 = min(r["y"] for r in res), max(r["y"] for r in res)
        col1 = [r for r in rows if r["page"] == p and r["kind"] == "text" and r["text"] in ("三、", "本年", "度办", "理结", "果", "三", "、")]
        if not col1:
            fail("page %d: the label 三、本年度办理结果 is not drawn" % p)
            continue
        cx = sum(r["x"] for r in col1) / len(col1) + 5
        for h in hlines(rows, p):
            if y0 + 2 < h["y"] < y1 - 12 and h["x"] < cx < h["x"] + h["w"]:
                fail("page %d: a border crosses the rowspan label at y=%.1f" % (p, h["y"]))
    shaded = [r for r in rows if r["kind"] == "rect"]
    if len(shaded) != 1:
        fail("expected one shaded cell (the failed check), found %d" % len(shaded))
    if len(pages) > 1:
        for p in pages[1:]:
            if not find(rows, "申请人情况", p) or not find(rows, "自然", p):
                fail("page %d: the header rows are not repeated" % p)
    # Every row boundary of the data area is a full-width line (x from the
    # data columns to the right edge).
    print("table3: %d pages, %d data cells, columns at %s" % (len(pages), len(zeros), cols))


def longtable(dump, txt):
    rows = load(dump)
    pages = sorted({r["page"] for r in rows})
    if len(pages) < 3:
        fail("long table fits %d pages, expected >= 3" % len(pages))
    for p in pages:
        if not find(rows, "序号", p) or not find(rows, "编号", p):
            fail("page %d: header rows missing" % p)
        for r in rows:
            footer = re.fullmatch(r"[—\d ]*", r["text"])
            if r["page"] == p and r["kind"] in ("text", "line") and r["y"] > PAGE_H - BOTTOM + 2 and not footer:
                fail("page %d: %s below the text area at y=%.1f" % (p, r["kind"], r["y"]))
                break
    text = open(txt, encoding="utf-8").read()
    nums = re.findall(r"超高单元格第(\d+)段", text)
    if sorted(set(int(n) for n in nums)) != list(range(1, 61)):
        fail("tall row: paragraphs %s missing" % sorted(set(range(1, 61)) - set(int(n) for n in nums)))
    if len(nums) != 60:
        fail("tall row: %d paragraph starts extracted, expected 60 (once each)" % len(nums))
    for i in range(1, 91):
        if i % 17 not in (6, 7) and "第%d项" % i not in text:
            fail("row %d missing" % i)
    print("longtable: %d pages, tall row complete" % len(pages))


def widths(dump, bbox):
    """The widths the PDF gives its glyphs (the font's W array, read back by
    poppler) must be those the layout used, or text overlaps or gaps."""
    rows = load(dump)
    words = {}
    page = 0
    for line in open(bbox, encoding="utf-8"):
        if "<page " in line:
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)".*>(.*)</word>', line)
        if m:
            words.setdefault((page, m.group(3)), []).append((float(m.group(1)), float(m.group(2))))
    checked = 0
    for r in rows:
        t = r["text"]
        if r["kind"] != "text" or r["cspace"] != 0 or not re.fullmatch(r"[A-Za-z]+ ?", t):
            continue
        word = t.strip()
        want = r["w"] - (0.25 * r["size"] if t.endswith(" ") else 0)
        cands = [b for b in words.get((r["page"], word), []) if abs(b[0] - r["x"]) < 1.0]
        if not cands:
            continue
        got = cands[0][1] - cands[0][0]
        checked += 1
        if abs(got - want) > 0.35 * r["size"] * 0.25 + 0.8:
            fail("page %d: %r is %.1fpt wide in the PDF, laid out as %.1fpt" % (r["page"], word, got, want))
    if checked < 10:
        fail("only %d words could be compared" % checked)
    print("widths: %d words compared" % checked)


def chars(s):
    return [c for c in s if not c.isspace()]


def extract(seed, pdftxt, minimum="99"):
    a = open(seed, encoding="utf-8").read().replace("[bookmark: _GoBack]", "")
    b = open(pdftxt, encoding="utf-8").read()
    b = re.sub(r"—\s*\d+\s*—", "", b)
    ca, cb = chars(a), chars(b)
    sm = difflib.SequenceMatcher(None, ca, cb, autojunk=False)
    matched = sum(m.size for m in sm.get_matching_blocks())
    pct = 100.0 * matched / len(ca)
    print("extract: %d of %d seed characters in order (%.2f%%); PDF text has %d" %
          (matched, len(ca), pct, len(cb)))
    if pct < float(minimum):
        fail("only %.2f%% of the seed's characters come back in order" % pct)


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    {"kinsoku": kinsoku, "table3": table3, "longtable": longtable, "extract": extract,
     "widths": widths, "widows": widows}[cmd](*args)
    sys.exit(1 if failures else 0)
