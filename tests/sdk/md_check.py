#!/usr/bin/env python3
"""md_check.py DIR GOOD.json: the Markdown writer's output, read back with
pandoc's GFM reader (seed.md, good.md, f.md, frep.md, fdrop.md and
good-source.md in DIR)."""
import json, os, re, subprocess, sys

d = sys.argv[1]
good = json.load(open(sys.argv[2], encoding="utf-8"))["report"]["fields"]
bad = []


def need(what, ok):
    if not ok:
        bad.append(what)


def ast(name):
    r = subprocess.run(["pandoc", "-f", "gfm+footnotes", "-t", "json", os.path.join(d, name)],
                       capture_output=True, check=True)
    return json.loads(r.stdout)


def walk(x, kind):
    out = []

    def w(y):
        if isinstance(y, dict):
            if y.get("t") == kind:
                out.append(y)
            for v in y.values():
                w(v)
        elif isinstance(y, list):
            for v in y:
                w(v)
    w(x)
    return out


def plain(x):
    out = []

    def w(y):
        if isinstance(y, dict):
            if y.get("t") == "Str":
                out.append(y["c"])
            elif y.get("t") in ("Space", "SoftBreak"):
                out.append(" ")
            for v in y.values():
                w(v)
        elif isinstance(y, list):
            for v in y:
                w(v)
    w(x)
    return "".join(out)


def table_rows(t):
    # pandoc >= 2.10: [attr, caption, colspecs, head, bodies, foot]
    head, bodies = t["c"][3], t["c"][4]
    rows = head["c"][1] if isinstance(head, dict) else head[1]
    rows = list(rows)
    for b in bodies:
        rows += b[2] + b[3]
    return [[plain(cell[4]) for cell in r[1]] for r in rows]


seed = open(os.path.join(d, "seed.md"), encoding="utf-8").read()
a = ast("seed.md")
tables = walk(a, "Table")
need("seed: three tables", len(tables) == 3)
need("seed: columns 4, 10, 15", [len(t["c"][2]) for t in tables] == [4, 10, 15])
need("seed: the title as # heading", seed.startswith("# 赣州经开区凤岗镇2023年政府信息公开工作年度报告\n"))
need("seed: the six section headings", sum(1 for l in seed.splitlines() if re.match(r"## [一二三四五六]、", l)) == 6)
need("seed: a note after each table with merged cells", seed.count("注：原表有合并单元格") == 3)
need("seed: no line ends in spaces", not any(l.endswith(" ") for l in seed.splitlines()))

# good.docx: the numbers of table 三's first row, where the template puts them
g = ast("good.md")
rows = table_rows(walk(g, "Table")[1])
row = [r for r in rows if r and r[0].startswith("一、本年新收")]
keys = ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"]
want = [str(good["requests.new." + k]) for k in keys]
need("good: 一、本年新收 row holds its fields %s" % want, row and row[0][-7:] == want)
lic = [r for r in table_rows(walk(g, "Table")[0]) if r and r[0] == "行政许可"]
need("good: 行政许可 1234", lic and lic[0][1] == "1234")
need("good: layout=source differs from the standard layout",
     open(os.path.join(d, "good-source.md"), encoding="utf-8").read() !=
     open(os.path.join(d, "good.md"), encoding="utf-8").read())

# the features document
f = open(os.path.join(d, "f.md"), encoding="utf-8").read()
fa = ast("f.md")
need("features: the title on one line, not bold", f.startswith("# 示例区2024年政府信息公开工作年度报告\n"))
need("features: a text box is a paragraph of its own", "end.\n\n文本框内容\n" in f)
need("features: two footnotes", len(walk(fa, "Note")) == 2)
need("features: footnote definitions", "[^1]: 脚注内容。" in f and "[^2]: 尾注。" in f)
need("features: link", any(l["c"][2][0] == "http://www.gov.cn/" for l in walk(fa, "Link")))
imgs = walk(fa, "Image")
need("features: image embedded", len(imgs) == 1 and imgs[0]["c"][2][0].startswith("data:image/png;base64,"))
need("features: image alt", plain(imgs[0]["c"][1]) == "一个红色的点" if imgs else False)
need("features: bold and italic", walk(fa, "Strong") and walk(fa, "Emph"))
need("features: underline as <ins>", "<ins>italic underlined</ins>" in f)
need("features: superscript", "<sup>2</sup>" in f)
need("features: ordered list from 3", any(o["c"][0][0] == 3 for o in walk(fa, "OrderedList")))
need("features: bullet list", len(walk(fa, "BulletList")) == 1)
need("features: headings", [h["c"][0] for h in walk(fa, "Header")] == [1, 1, 2, 6])
ft = table_rows(walk(fa, "Table")[0])
need("features: spans flattened (first)", ft[0][:3] == ["A+B", "", "C"] and ft[2][0] == "")
need("features: the span note", "注：原表有合并单元格" in f)
need("features: nested list item text escaped", "a\\) nested a" in f or "a) nested a" in f)
fr = table_rows(walk(ast("frep.md"), "Table")[0])
need("spans=repeat: copies", fr[0][:3] == ["A+B", "A+B", "C"] and fr[2][0] == "left")
need("images=drop: none", "data:image" not in open(os.path.join(d, "fdrop.md"), encoding="utf-8").read())
for b in bad:
    print("FAIL:", b)
sys.exit(1 if bad else 0)
