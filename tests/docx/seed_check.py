#!/usr/bin/env python3
"""Checks govdoc's JSON of the seed .docx against the seed .txt (the
original text of the same report) and the template's table layout
(TEMPLATE.md §2). usage: seed_check.py OUT.json SEED.txt"""
import sys

import irtext

fails = []


def check(what, ok):
    if not ok:
        fails.append(what)


def txt_units(path):
    """Body paragraphs and table cells of the flattened seed (TEMPLATE §5):
    a TAB starts a cell, lines after it without a TAB continue the cell, a
    blank line ends a row."""
    body, cells = [], []
    in_cell = False
    for line in open(path, encoding="utf-8").read().split("\n"):
        line = line.replace("[bookmark: _GoBack]", "")
        if line.startswith("\t"):
            cells.append(line[1:])
            in_cell = True
        elif line == "":
            in_cell = False
        elif in_cell:
            cells[-1] += "\n" + line
        else:
            body.append(line)
    return [b for b in body if b.strip()], [c for c in cells if c.strip()]


def flat(s):
    """Cell text without its line structure: the .docx writes some labels
    that the .txt splits over two lines (商业|企业) as one paragraph."""
    return s.replace("\n", "")


doc = irtext.load(sys.argv[1])
body_txt, cells_txt = txt_units(sys.argv[2])

blocks = doc["blocks"]
top = [b for b in blocks if b["type"] in ("paragraph", "heading")]
ours = []
for b in top:
    ours.extend(irtext.text(b).split("\n"))
check("body paragraphs equal the seed .txt (%d vs %d; first difference: %r)" % (
    len(ours), len(body_txt),
    next(((a, b) for a, b in zip(ours, body_txt) if a != b), None)), ours == body_txt)

title = blocks[0]
check("first block is the title heading", title["type"] == "heading" and title["level"] == 1
      and title.get("attrs", {}).get("role") == "title")
check("title text", irtext.text(title) == "赣州经开区凤岗镇2023年政府信息公开\n工作年度报告")
check("metadata title", doc["meta"].get("title") == "赣州经开区凤岗镇2023年政府信息公开工作年度报告")

heads = [(b["level"], irtext.text(b)) for b in blocks if b["type"] == "heading"][1:]
sections = [t for lv, t in heads if lv == 2]
check("six section headings at level 2: %r" % sections, sections == [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"])
subs = [t for lv, t in heads if lv == 3]
check("sub-headings of section 一 at level 3: %r" % subs[:5],
      subs[:5] == ["（一）主动公开", "（二）依申请公开", "（三）政府信息管理",
                   "（四）政府信息公开平台建设", "（五）监督保障情况"])

tables = [b for b in blocks if b["type"] == "table"]
check("three tables (got %d)" % len(tables), len(tables) == 3)
cells_ours = []
for t in tables:
    for r in t["rows"]:
        for c in r["cells"]:
            s = irtext.text(c)
            if s.strip():
                cells_ours.append(flat(s))
cells_txt = [flat(c) for c in cells_txt]
check("non-empty cells equal the seed .txt cells (%d vs %d; first difference: %r)" % (
    len(cells_ours), len(cells_txt),
    next(((a, b) for a, b in zip(cells_ours, cells_txt) if a != b), None)),
    cells_ours == cells_txt)


def cell_with(t, text):
    for r in t["rows"]:
        for c in r["cells"]:
            if flat(irtext.text(c)) == flat(text):
                return c
    return None


def spans(t, text, rs, cs):
    c = cell_with(t, text)
    check("cell %r has rowspan %d colspan %d (got %s)" % (
        text, rs, cs, c and (c["rowspan"], c["colspan"])),
        c is not None and c["rowspan"] == rs and c["colspan"] == cs)


if len(tables) == 3:
    t2, t3, t4 = tables
    for t, name, rows, cols in ((t2, "二", 14, 4), (t3, "三", 28, 10), (t4, "四", 4, 15)):
        r, c, _ = irtext.grid(t)
        check("table %s is %dx%d (got %dx%d)" % (name, rows, cols, r, c), (r, c) == (rows, cols))
    spans(t2, "第二十条第（一）项", 1, 4)
    spans(t2, "本年收费金额（单位：万元）", 1, 3)
    spans(t3, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3)
    spans(t3, "申请人情况", 1, 7)
    spans(t3, "自然人", 2, 1)
    spans(t3, "法人或其他组织", 1, 5)
    spans(t3, "总计", 2, 1)
    spans(t3, "商业\n企业", 1, 1)
    spans(t3, "三、本年度办理结果", 22, 1)
    spans(t3, "（一）予以公开", 1, 2)
    spans(t3, "（三）不予公开", 8, 1)
    spans(t3, "（四）无法提供", 3, 1)
    spans(t3, "（五）不予处理", 5, 1)
    spans(t3, "（六）其他处理", 3, 1)
    spans(t3, "（七）总计", 1, 2)
    spans(t3, "四、结转下年度继续办理", 1, 3)
    spans(t4, "行政复议", 1, 5)
    spans(t4, "行政诉讼", 1, 10)
    spans(t4, "未经复议直接起诉", 1, 5)
    spans(t4, "复议后起诉", 1, 5)
    first = t4["rows"][1]["cells"][0]
    check("table 四 r1 starts with 结果维持 rowspan 2", flat(irtext.text(first)) == "结果维持"
          and first["rowspan"] == 2)
    check("table 四 last row holds 15 values",
          len(t4["rows"][3]["cells"]) == 15)

fonts = {n.get("attrs", {}).get("font") for n in irtext.walk(blocks) if n["type"] == "text"}
check("East-Asian font kept on text (%r)" % fonts, "Noto Serif CJK SC" in fonts)
check("no bookmark noise", "bookmark" not in "".join(ours))

for f in fails:
    print("FAIL: " + f)
print("%d seed checks failed" % len(fails) if fails else "seed checks passed")
sys.exit(1 if fails else 0)
