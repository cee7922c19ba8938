#!/usr/bin/env python3
"""odt_features.py F.json: what the ODT reader made of mkodt.py's features
fixture, element by element."""
import json, sys

j = json.load(open(sys.argv[1], encoding="utf-8"))
B = j["blocks"]
bad = []


def need(what, ok):
    if not ok:
        bad.append(what)


def text(x):
    out = []

    def w(y):
        if isinstance(y, dict):
            if y.get("type") == "text":
                out.append(y["text"])
            for v in y.values():
                w(v)
        elif isinstance(y, list):
            for v in y:
                w(v)
    w(x)
    return "".join(out)


def find(kind, pred=lambda b: True):
    return [b for b in B if b["type"] == kind and pred(b)]


everything = text(B)
# title: the two centred bold 22 pt lines, after a blank paragraph
t = B[0]
need("title heading", t["type"] == "heading" and t["level"] == 1 and t["attrs"].get("role") == "title")
need("title lines joined by a line break", [i["type"] for i in t["inlines"]] == ["text", "line_break", "text"])
need("title text", text(t) == "示例区2024年政府信息公开工作年度报告")
need("title bold from its span", t["inlines"][0].get("style") == ["bold"])
need("metadata title from meta.xml", j["meta"].get("title") == "示例区2024年政府信息公开工作年度报告")
# runs
p = B[1]
need("white space collapsed, text:s and text:tab literal",
     text(p).startswith("Plain text collapses,   three spaces, a\ttab, bold and italic underlined x2."))
styles = {i["text"]: i.get("style") for i in p["inlines"] if i["type"] == "text"}
need("bold span", styles.get("bold") == ["bold"])
need("italic underline span", styles.get("italic underlined") == ["italic", "underline"])
need("superscript span", styles.get("2") == ["superscript"])
need("font from the default style's font face", p["inlines"][0]["attrs"]["font"] == "仿宋_GB2312")
need("line break", any(i["type"] == "line_break" for i in p["inlines"]))
links = [i for i in p["inlines"] if i["type"] == "link"]
need("link", len(links) == 1 and links[0]["url"] == "http://www.gov.cn/" and text(links[0]) == "a link")
need("annotation dropped", "COMMENT TEXT" not in everything)
need("tracked deletion dropped", "DELETED TEXT" not in everything)
need("table of contents source dropped", "TOC" not in everything and "目录条目" in everything)
# headings
hs = find("heading", lambda b: b["attrs"].get("role") != "title" if "attrs" in b else True)
need("headings by outline level", [(h["level"], text(h)) for h in hs] ==
     [(1, "第一章 总则"), (2, "一、总体情况"), (6, "Deep heading")])
need("heading style name", hs[0]["attrs"].get("style") == "Heading 1")
need("bold of a heading's style not repeated", "style" not in hs[0]["inlines"][0])
# lists
ls = find("list")
need("two lists", len(ls) == 2)
need("bullets", not ls[0]["ordered"] and [text(i) for i in ls[0]["items"]] == ["bullet one", "bullet two"])
need("decimal list starting at 3", ls[1]["ordered"] and ls[1]["start"] == 3 and len(ls[1]["items"]) == 2)
need("nested a) kept as text", text(ls[1]["items"][0]) == "threea) nested a")
paras = [text(b) for b in find("paragraph")]
need("Chinese numbering as text", all(x in paras for x in
     ["一、总体情况", "（一）主动公开", "（二）依申请公开", "二、主动公开政府信息情况"]))
# the table
tb = find("table")
need("one table", len(tb) == 1)
rows = tb[0]["rows"]
cells = [[(text(c), c.get("rowspan", 1), c.get("colspan", 1)) for c in r["cells"]] for r in rows]
need("header row with a column span", rows[0].get("header") and cells[0] == [("A+B", 1, 2), ("C", 1, 1)])
need("row span, cells aligned", cells[1] == [("left", 2, 1), ("b2", 1, 1), ("12", 1, 1)] and
     rows[1]["cells"][0]["attrs"]["align"] == "center" and rows[1]["cells"][2]["attrs"]["align"] == "right")
need("repeated cells", cells[2] == [("rep", 1, 1), ("rep", 1, 1)])
need("repeated rows, nested table", cells[3] == cells[4] == [("r", 1, 1), ("", 1, 1), ("inner", 1, 1)])
need("nested table kept", rows[3]["cells"][2]["blocks"][0]["type"] == "table")
# page break before the notes paragraph
i = [k for k, b in enumerate(B) if text(b).startswith("Notes")][0]
need("page break before a break-before paragraph", B[i - 1]["type"] == "page_break")
notes = [x for x in B[i]["inlines"] if x["type"] == "note"]
need("footnote and endnote", [n["attrs"]["kind"] for n in notes] == ["footnote", "endnote"])
need("note text (its leading text:s dropped, citation not copied)", text(notes[0]) == "脚注内容。")
# image and text box
img = [x for b in B for x in b.get("inlines", []) if x["type"] == "image"]
need("image", len(img) == 1 and img[0]["url"] == j["resources"][0]["id"])
need("image alt (svg:desc), size in points", img[0]["attrs"] == {"alt": "一个红色的点", "width": "72.0", "height": "72.0"})
need("image bytes", j["resources"][0]["mime"] == "image/png")
divs = find("div")
need("text box after its paragraph, shape text too",
     [text(d) for d in divs] == ["文本框内容", "形状中的文字"] and
     all(d["attrs"]["class"] == "textbox" for d in divs))
need("section content", "In a section." in paras)
# metadata
m = j["meta"]
need("author is the initial creator", m.get("author") == "示例区政府办")
need("keywords", m.get("keywords") == "政府信息公开, 年度报告")
need("language, date", m.get("language") == "zh-CN" and m.get("date") == "2024-01-15T09:00:00")
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
