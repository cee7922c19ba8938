#!/usr/bin/python3
"""Checks the article boundary on the fixtures of tests/html-reader/article
(one process for all: python starts slowly on a loaded machine).

    article_check.py GOVDOC FIXTURE_DIR TMPDIR

For every page: the report's own title paragraph, the six section headings
of the source page (level 2), three tables, the last paragraph, no chrome;
when the page has an attachment list: its label as a paragraph, then one
list (role=attachments) of the two links, at the end. Then: an attachment
block without links is dropped, and content=body keeps the links once.
"""
import glob
import json
import os
import re
import subprocess
import sys

TITLE = "示例市示例区人民政府办公室2024年政府信息公开工作年度报告"
CHROME = ["网站首页", "政务服务", "请输入关键字", "当前位置", "发布时间", "浏览次数", "分享到", "打印本页",
          "关闭窗口", "热点信息", "政务服务热线", "主办单位", "网站标识码", "ICP备"]
LINKS = [("/zwgk/ndbg/P020250120_report.pdf", TITLE + ".pdf"),
         ("/zwgk/ndbg/P020250120_tables.xlsx", "政府信息公开情况统计表.xlsx")]
KIDS = ("inlines", "blocks", "rows", "cells", "items")

checks = fails = 0


def check(what, ok, detail=""):
    global checks, fails
    checks += 1
    if not ok:
        fails += 1
        print(f"FAIL: {what}{': ' + detail if detail else ''}")


def text(n):
    if n.get("type") == "text":
        return n["text"]
    sep = "" if n.get("type") in ("paragraph", "heading", "link") else "\n"
    return sep.join(text(c) for k in KIDS for c in n.get(k, []))


def walk(n):
    yield n
    for k in KIDS:
        for c in n.get(k, []):
            yield from walk(c)


def convert(govdoc, src, out, *opts):
    p = subprocess.run([govdoc, "convert", "-q", "-f", "html", *opts, "-o", out, src],
                       capture_output=True, text=True)
    check(f"{os.path.basename(src)} converts", p.returncode == 0, p.stderr.strip()[:300])
    if p.returncode:
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def links(doc):
    return [(n.get("url"), text(n)) for n in walk(doc) if n.get("type") == "link"]


def page_checks(name, src, doc):
    with open(src, encoding="utf-8") as f:
        html = f.read()
    blocks = doc["blocks"]
    paras = [text(b) for b in blocks if b["type"] == "paragraph"]
    heads = [text(b) for b in blocks if b["type"] == "heading" and b.get("level") == 2]
    check(f"{name}: the report's own title", TITLE in paras)
    want = re.findall(r"<p><strong>([一二三四五六]、[^<]*)", html)
    check(f"{name}: six section headings in the source", len(want) == 6, str(want))
    for h in want:
        check(f"{name}: heading {h}", h in heads, str(heads))
    nodes = list(walk(doc))
    check(f"{name}: three tables", sum(n.get("type") == "table" for n in nodes) == 3)
    all_text = text(doc)
    check(f"{name}: the last paragraph", "本机关未收取信息处理费。" in all_text)
    for c in CHROME:
        check(f"{name}: chrome '{c}' absent", c not in all_text)
    lists = [b for b in blocks if b["type"] == "list" and (b.get("attrs") or {}).get("role") == "attachments"]
    if "附件下载" in html:
        check(f"{name}: attachment links", links(doc) == LINKS, str(links(doc)))
        check(f"{name}: one list of attachments", len(lists) == 1)
        check(f"{name}: the label, then the list, at the end",
              [b["type"] for b in blocks[-2:]] == ["paragraph", "list"] and text(blocks[-2]) == "附件下载：",
              str([(b["type"], text(b)[:20]) for b in blocks[-2:]]))
    else:
        check(f"{name}: no attachment list", not lists)
    return True


EMPTY = """<html><head><meta charset="utf-8"><title>t</title></head><body>
<div class="nav"><a href="/">网站首页</a></div>
<div class="TRS_Editor"><p>本报告依据《中华人民共和国政府信息公开条例》要求编制，正文足够长，是页面的主要文字。</p>
<p>本年度，本机关共收到政府信息公开申请32件，均在法定期限内答复。</p></div>
<div class="fj"><h4>附件下载</h4><ul></ul></div>
<div class="foot">主办单位：示例区人民政府办公室</div>
</body></html>
"""


def main():
    govdoc, fx, tmp = sys.argv[1:4]
    pages = sorted(glob.glob(os.path.join(fx, "*.html")))
    check("fixtures: 6 page shapes in 2 templates", len(pages) == 12, str(len(pages)))
    for src in pages:
        name = os.path.basename(src)[:-5]
        doc = convert(govdoc, src, os.path.join(tmp, name + ".json"))
        if doc:
            page_checks(name, src, doc)
    # an attachment block without links is chrome (sites hide the empty one)
    empty = os.path.join(tmp, "empty.html")
    with open(empty, "w", encoding="utf-8") as f:
        f.write(EMPTY)
    doc = convert(govdoc, empty, os.path.join(tmp, "empty.json"))
    if doc:
        check("empty attachment block dropped", "附件下载" not in text(doc))
        check("empty attachment block: no list", not any(n.get("type") == "list" for n in walk(doc)))
    # content=body reads the page as it is: the links once, where they are
    doc = convert(govdoc, os.path.join(fx, "t2021-chrome.html"), os.path.join(tmp, "body.json"),
                  "-O", "html.content=body")
    if doc:
        check("content=body: the links once", links(doc).count(LINKS[0]) == 1, str(links(doc)))
    print(f"{checks - fails} of {checks} checks passed")
    return 1 if fails or not checks else 0


if __name__ == "__main__":
    sys.exit(main())
