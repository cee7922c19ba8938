#!/usr/bin/python3
"""Measures the article boundary on real pages (issue 17, item 3): the 16
pages of ../shared/corpora/gov-pages, as crawled with all their site chrome,
against the crawler's text of each article (NN_name.page.txt).

    gov_pages.py GOVDOC GOV_PAGES_DIR TMPDIR [--no-markers]

For each page:
  recall    the article's sentences (the crawler's text cut at 。！？；)
            found in govdoc's text — nothing of the article lost;
  chrome    chrome strings (breadcrumb, share bar, footer…) that govdoc's
            text holds more often than the article itself — nothing of the
            chrome kept;
  tables    tables in govdoc's output, against the article's;
  links     attachment links kept (the pages' 附件下载 blocks are empty:
            an empty block must not be kept).
Texts are compared without white space: the crawler collapses it and runs
table cells together, govdoc separates them.

--no-markers renames the CMS containers (TRS_Editor, article_content) first,
so that the densest-element rule alone must find the article amid the real
chrome. Prints one line per page and the totals; exits 1 when an asserted
page loses a sentence, a table or keeps chrome (all pages as crawled; the
report pages 01–08 with --no-markers).
"""
import glob
import json
import os
import re
import subprocess
import sys

CHROME = ["当前位置", "来源：", "时间：", "微信", "微博", "QQ空间", "全真版", "文字版", "文件下载",
          "相关链接", "附件下载", "扫一扫在手机上查看当前页面", "关闭", "文字解读", "图片解读", "H5解读",
          "省市政府网站", "友情链接", "网站标识码", "闽ICP备", "版权所有", "主办单位", "为确保最佳浏览效果",
          "长者模式", "无障碍浏览", "历史搜索", "热门搜索", "闽政通APP", "网站支持IPV6", "繁体版", "移动版",
          "登录", "注册", "首页", "政务公开", "解读回应", "办事服务", "互动交流", "走进平潭"]
# Tables of each article (README of the corpus; 10's body has none).
TABLES = {"01": 3, "02": 3, "03": 3, "04": 3, "05": 3, "06": 3, "07": 1, "08": 1, "09": 1, "10": 0,
          "11": 1, "12": 1, "13": 0, "14": 0, "15": 0, "16": 0}
SEP = re.compile(r"[。！？；]")


def squeeze(s):
    return re.sub(r"\s+", "", s.replace("\u00a0", " ").replace("\u3000", " "))


def article_text(page_txt):
    """The crawler's text of the article, without the chrome its text has
    for pages whose body is not in TRS_Editor (07–14, see the corpus README)
    and without 10's leaked Word XML/CSS (govdoc drops those, as browsers do)."""
    with open(page_txt, encoding="utf-8") as f:
        t = f.read()
    title = re.search(r"^标题: (.*)$", t, re.M).group(1)
    body = t.split("==================== 正文 ====================\n", 1)[1].strip()
    if body.startswith("当前位置："):
        body = body.split("QQ空间", 1)[1]
        body = re.sub(r"^\s*全真版 文字版 文件下载 相关链接：", "", body)
        body = re.sub(r"\s*附件下载\s*$", "", body)
        body = re.sub(r"\s*来源：\S*\s*$", "", body)
    body = re.sub(r"\s*Normal 0 7\.8 磅.*$", "", body, flags=re.S)
    return title, body.strip()


def text_of(n):
    t = n.get("type")
    if t == "text":
        return n["text"]
    out = []
    for k in ("inlines", "blocks", "rows", "cells", "items"):
        out += [text_of(c) for c in n.get(k, [])]
    return "\n".join(out) if t not in ("paragraph", "heading", "link") else "".join(out)


def walk(n):
    yield n
    for k in ("inlines", "blocks", "rows", "cells", "items"):
        for c in n.get(k, []):
            yield from walk(c)


def measure(govdoc, html, txt, tmp, no_markers):
    src = html
    if no_markers:
        with open(html, encoding="utf-8") as f:
            page = f.read()
        src = os.path.join(tmp, "nm-" + os.path.basename(html))
        with open(src, "w", encoding="utf-8") as f:
            f.write(page.replace("TRS_Editor", "plain_x").replace("article_content", "plain_y"))
    out = os.path.join(tmp, os.path.basename(html) + ".json")
    p = subprocess.run([govdoc, "convert", "-q", "-f", "html", src, "-o", out], capture_output=True,
                       text=True)
    if p.returncode:
        return {"error": f"exit {p.returncode}: {p.stderr.strip()[:200]}"}
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    got = squeeze(text_of(doc))
    title, art = article_text(txt)
    ref = squeeze(art)
    sents = [s for s in (squeeze(x) for x in SEP.split(art)) if len(s) >= 2]
    lost = [s for s in sents if s not in got]
    chars = sum(len(s) for s in sents)
    lost_chars = sum(len(s) for s in lost)
    # govdoc adds the page's title as a heading when the container leaves it out
    allowed = ref + squeeze(title)
    chrome = {c: got.count(c) - allowed.count(c) for c in CHROME if got.count(c) > allowed.count(c)}
    nodes = list(walk(doc))
    tables = sum(1 for n in nodes if n.get("type") == "table" and not any(
        c.get("type") == "table" for c in walk(n) if c is not n))
    links = sum(1 for n in nodes if n.get("type") == "list" and
                (n.get("attrs") or {}).get("role") == "attachments")
    return {"sentences": len(sents), "lost": lost, "chars": chars, "lost_chars": lost_chars,
            "chrome": chrome, "tables": tables, "attachment_lists": links, "out_chars": len(got),
            "ref_chars": len(ref)}


def main():
    govdoc, corpus, tmp = sys.argv[1:4]
    no_markers = "--no-markers" in sys.argv[4:]
    pages = sorted(glob.glob(os.path.join(corpus, "[0-9][0-9]_*.html")))
    bad = 0
    tot_s = tot_lost = tot_c = tot_lc = 0
    print("page  sentences  found  recall(chars)  tables  chrome-kept  out/ref chars")
    for html in pages:
        nn = os.path.basename(html)[:2]
        r = measure(govdoc, html, html[:-5] + ".page.txt", tmp, no_markers)
        asserted = not no_markers or nn <= "08"
        if "error" in r:
            print(f"{nn}    {r['error']}")
            bad += asserted
            continue
        tot_s += r["sentences"]
        tot_lost += len(r["lost"])
        tot_c += r["chars"]
        tot_lc += r["lost_chars"]
        rec = 1 - r["lost_chars"] / r["chars"] if r["chars"] else 1
        ok = not r["lost"] and not r["chrome"] and r["tables"] == TABLES[nn] and not r["attachment_lists"]
        print(f"{nn}  {r['sentences']:9}  {r['sentences'] - len(r['lost']):5}  {rec:13.4f}  "
              f"{r['tables']}/{TABLES[nn]}     {sum(r['chrome'].values()):11}  "
              f"{r['out_chars']}/{r['ref_chars']}{'' if ok else '  <-- ' + ('FAIL' if asserted else 'not asserted')}")
        if not ok:
            for s in r["lost"][:3]:
                print(f"      lost: {s[:60]}")
            if r["chrome"]:
                print(f"      chrome kept: {r['chrome']}")
            bad += asserted
    print(f"total: {tot_s - tot_lost}/{tot_s} sentences found, "
          f"{(1 - tot_lc / tot_c) if tot_c else 1:.4f} of their characters")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
