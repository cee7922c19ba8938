#!/usr/bin/env python3
"""Structure of the .doc fixtures (LibreOffice's conversions of DOCX
fixtures, see fixtures/README.md): headings, lists, footnotes and
endnotes, images, hyperlinks, fields, page breaks, tables, properties.

    structure.py GOVDOC FIXTURES_DIR TMPDIR
"""
import json
import os
import subprocess
import sys

govdoc, fx, tmp = sys.argv[1:4]
fails = checks = 0


def check(ok, what):
    global fails, checks
    checks += 1
    if not ok:
        fails += 1
        print("FAIL:", what)


def read(name, *extra):
    out = os.path.join(tmp, name + ".json")
    p = subprocess.run([govdoc, "convert", os.path.join(fx, name), "-t", "json", "-o", out] + list(extra),
                       capture_output=True, text=True)
    check(p.returncode == 0, "%s converts (%s)" % (name, p.stderr.strip()[:300]))
    with open(out, encoding="utf-8") as f:
        return json.load(f), p.stderr


def nodes(n, t=None):
    """Every node of type t in document order."""
    out = []
    stack = [n]
    while stack:
        x = stack.pop()
        if isinstance(x, dict):
            if t is None or x.get("type") == t:
                out.append(x)
            kids = []
            for k in ("blocks", "inlines", "items", "rows", "cells"):
                kids += x.get(k, [])
            stack.extend(reversed(kids))
        elif isinstance(x, list):
            stack.extend(reversed(x))
    return out


def text(n):
    return "".join(x.get("text", "") for x in nodes(n, "text"))


# ---- lists and numbered paragraphs
d, _ = read("structure-numbering.doc")
paras = [text(p) for p in d["blocks"] if p["type"] == "paragraph"]
check("一、总体情况" in paras and "（一）主动公开" in paras and "二、主动公开政府信息情况" in paras,
      "Chinese numbers kept as text: %s" % paras[:6])
lists = [b for b in d["blocks"] if b["type"] == "list"]
check(len(lists) >= 2 and lists[0]["ordered"] and lists[0]["start"] == 1, "an ordered list from 1")
inner = nodes(lists[0], "list")
check(len(inner) == 2 and not inner[1]["ordered"] and text(inner[1]) == "Bullet under firstSecond bullet",
      "a bullet list nested in the ordered one")
check(any(l["ordered"] and l["start"] == 7 and "Seventh" in text(l) for l in lists), "a list starting at 7")

# ---- footnotes and endnotes
d, _ = read("structure-notes.doc")
notes = nodes(d["blocks"], "note")
check([n["attrs"]["kind"] for n in notes][:2] == ["footnote", "endnote"], "a footnote and an endnote where referenced")
check(text(notes[0]).startswith("The footnote text.") and len(nodes(notes[0], "paragraph")) == 2,
      "the footnote's two paragraphs")
check(nodes(notes[0], "link"), "a link inside the footnote")
check(text(notes[1]) == "尾注内容。", "the endnote's Chinese text")
check(text(d["blocks"][0]).startswith("Main text") and "continues" in text(d["blocks"][0]),
      "the main text around the references")
d, _ = read("mammoth-footnotes.doc")
check(len(nodes(d["blocks"], "note")) == 2, "mammoth footnotes: two notes")
check(d["meta"].get("author") == "Michael Williamson", "SummaryInformation author")
check(d["meta"].get("date") == "2014-06-10T11:09:00Z", "SummaryInformation creation date")
d, _ = read("mammoth-endnotes.doc")
check([n["attrs"]["kind"] for n in nodes(d["blocks"], "note")] == ["endnote", "endnote"], "mammoth endnotes")

# ---- fields, hyperlinks, breaks, special characters
d, _ = read("structure-fields.doc")
links = nodes(d["blocks"], "link")
check(any(l.get("url") == "http://www.example.org/" and text(l) == "the site" for l in links),
      "HYPERLINK field → link with its displayed text")
check(any(l.get("url", "").startswith("#") for l in links), "an internal (\\l) link → #anchor")
alltext = text(d["blocks"])
check("Page 1 of 5" in alltext, "PAGE/NUMPAGES fields show their results")
check("PAGE" not in alltext and "HYPERLINK" not in alltext, "field instructions are not shown")
check(len([b for b in d["blocks"] if b["type"] == "page_break"]) >= 2, "page breaks")
check("A\tB" in alltext, "a tab")
check("\u00ad" in alltext and "\u2011" in alltext, "soft and non-breaking hyphens")
check("\u03b1" in alltext, "a Symbol-font character as Unicode (α)")
check(len(nodes(d["blocks"], "line_break")) >= 2, "line breaks")

# ---- images
d, err = read("mammoth-tiny-picture.doc")
imgs = nodes(d["blocks"], "image")
check(len(imgs) == 1 and imgs[0]["url"] == "res1", "one inline picture")
check(imgs and imgs[0].get("attrs", {}).get("width") == "7.5", "its size in points")
check(d["resources"] and d["resources"][0]["mime"] == "image/png", "a PNG resource")
d, err = read("structure-images.doc", "-O", "json.resources=embed")
check(any(r["mime"] == "image/png" for r in d["resources"]), "an inline PNG among shapes")
check("floating shapes" in err, "floating shapes: a warning")

# ---- tables, lists, properties
d, _ = read("mammoth-tables.doc")
t = [b for b in d["blocks"] if b["type"] == "table"]
check(len(t) == 1 and [[text(c) for c in r["cells"]] for r in t[0]["rows"]] ==
      [["Top left", "Top right"], ["Bottom left", "Bottom right"]], "a 2×2 table")
check([text(b) for b in d["blocks"] if b["type"] == "paragraph"] == ["Above", "Below"], "text around it")
d, _ = read("mammoth-simple-list.doc")
l = [b for b in d["blocks"] if b["type"] == "list"]
check(len(l) == 1 and not l[0]["ordered"] and text(l[0]) == "AppleBanana", "a bullet list")
d, _ = read("mammoth-footnote-hyperlink.doc")
n = nodes(d["blocks"], "note")
check(n and nodes(n[0], "link"), "a hyperlink inside a footnote")

for extra in ("structure-styles.doc", "structure-tables.doc"):
    if not os.path.exists(os.path.join(fx, extra)):
        continue
    d, _ = read(extra)
    if extra == "structure-styles.doc":
        hs = [(h.get("level"), h.get("attrs", {}).get("role"), text(h)) for h in d["blocks"] if h["type"] == "heading"]
        check(hs and hs[0] == (1, "title", "Styled Title"), "the Title style → title heading: %s" % hs[:2])
        check(any(lv == 2 and t == "Inherited heading two" for lv, _, t in hs), "a heading through a based-on style")
    else:
        t = [b for b in d["blocks"] if b["type"] == "table"]
        spans = [(c["rowspan"], c["colspan"]) for r in t[0]["rows"] for c in r["cells"]] if t else []
        check((2, 2) in spans and (2, 1) in spans and (1, 2) in spans, "merged cells: %s" % spans)
        check(len(nodes(t[0], "table")) == 2, "a nested table (itap 2) inside a cell")
        inner = nodes(t[0], "table")[1] if len(nodes(t[0], "table")) == 2 else {"rows": []}
        check([[text(c) for c in r["cells"]] for r in inner["rows"]] == [["inner1", "inner2"]],
              "the nested table's cells")
print("%d of %d checks failed" % (fails, checks))
sys.exit(1 if fails else 0)
