#!/usr/bin/python3
"""Generates the article-boundary fixtures (issue 17, item 3): the report
fixtures good.html (2021 template) and t2019.html (2019 template) of
tests/report/fixtures, re-published the way sites without a known article
container publish them — the report in a plain <div> of headings and tables,
tables wrapped in the <div>s Word and CMSs put around them (so one table is
the page's densest element), with and without site chrome, and with an
attachment list (附件下载 and its links) just outside the article.

Each fixture gets NAME.html.expected.json, a copy of its source's (the same
200 fields, the same failing checks): tests/report/check_fixtures.py reads it.

Run it to regenerate tests/html-reader/article/ (the output is committed):
    tests/html-reader/make_article_fixtures.py
"""
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(HERE, "..", "report", "fixtures")
OUT = os.path.join(HERE, "article")

HEADER = """<div class="top"><div class="logo">示例市人民政府门户网站</div>
<ul class="menu"><li><a href="/">网站首页</a></li><li><a href="/zwgk/">政务公开</a></li><li><a href="/zwfw/">政务服务</a></li><li><a href="/hdjl/">互动交流</a></li></ul>
<div class="search"><form action="/s"><input type="text" value="请输入关键字"></form></div></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; <a href="/zwgk/ndbg/">政府信息公开年报</a></div>
"""
INFO = '<div class="info">发布时间：2025-01-20　来源：区政府办公室　浏览次数：<span>2048</span></div>\n'
SHARE = '<div class="bar">分享到：<a href="#">微信</a> <a href="#">微博</a>　【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</div>\n'
SIDE = """<div class="side"><h3>热点信息</h3><ul><li><a href="/r1.html">示例区召开政务公开工作推进会</a></li><li><a href="/r2.html">示例区2023年政府信息公开工作年度报告</a></li></ul>
<p>政务服务热线：12345　请在工作日拨打，节假日顺延办理。</p></div>
"""
FOOTER = """<div class="foot"><p>主办单位：示例市示例区人民政府办公室　承办单位：示例区大数据中心</p>
<p>网站标识码：3600000000　<a href="https://beian.miit.gov.cn/">赣ICP备00000000号</a>　联系电话：0000-1234567</p></div>
"""
ATTACH = """<div class="fj"><div class="fj-title">附件下载：</div>
<ul><li><a href="/zwgk/ndbg/P020250120_report.pdf">{title}.pdf</a></li>
<li><a href="/zwgk/ndbg/P020250120_tables.xlsx">政府信息公开情况统计表.xlsx</a></li></ul></div>
"""


def article(path):
    """The report of a fixture page: title, paragraphs, headings, tables."""
    with open(path, encoding="utf-8") as f:
        page = f.read()
    body = page.split('<div class="TRS_Editor">\n', 1)[1].rsplit("</div>\n<div class=\"footer\">", 1)[0]
    title = re.search(r"<title>(.*?)</title>", page).group(1)
    return title, body


PROSE = ["（{n}）{w}工作情况。本机关坚持以公开为常态、不公开为例外，围绕{w}工作持续深化政务公开，"
         "完善信息发布、政策解读和回应关切的工作机制，做到应公开尽公开、应解读尽解读。",
         "围绕群众关心关注的{w}事项，本机关细化公开目录、规范公开流程，"
         "按照“谁制作、谁公开，谁获取、谁公开”的原则落实责任，公开内容的准确性和时效性进一步提高。",
         "同时加强{w}信息的保密审查，坚持先审查、后公开，严防泄密和不当公开，"
         "并通过政府网站和政务新媒体同步发布，方便公众查阅、获取和使用。"]
TOPICS = ["主动公开", "依申请公开", "政府信息管理", "平台建设", "监督保障", "政策解读", "公开目录", "队伍建设"]
NUMS = "一二三四五六七八"


def terse(body):
    """A report as short as township offices write it: no introduction, one
    sentence under 总体情况, nothing under 五 — table 三 is then most of it."""
    drop = ("<p>本报告依据", "<p>全年因政府信息公开工作", "<p>一是公开内容")
    return "".join(l for l in body.splitlines(True) if not l.startswith(drop))


def long_prose(body):
    """总体情况 as long as most departments write it (about 2600 characters)."""
    paras = "".join(f"<p>{t.format(n=NUMS[i], w=w)}</p>\n" for i, w in enumerate(TOPICS) for t in PROSE)
    return body.replace("<p>全年因政府信息公开工作", paras + "<p>全年因政府信息公开工作", 1)


def word_sections(body):
    """Word's "Save as Web Page": a section per page orientation — the
    statistics tables on landscape pages in a section of their own."""
    i, j = body.index("<p><strong>二、"), body.index("<p><strong>五、")
    return ('<div class="WordSection1">\n' + body[:i] + '</div>\n<div class="WordSection2">\n' +
            body[i:j] + '</div>\n<div class="WordSection3">\n' + body[j:] + "</div>\n")


def wrap_tables(body, open_tag, close_tag="</div>"):
    return body.replace('<table border="1">', open_tag + '<table border="1">').replace(
        "</table>", "</table>" + close_tag)


def page(title, inner):
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
            f"<title>{title}_政府信息公开年报_示例区人民政府</title></head><body>\n{inner}</body></html>\n")


def variants(title, body):
    attach = ATTACH.format(title=title)
    return {
        # a terse report alone in a plain <div>, tables wrapped as Word
        # centres them: the <div> around table 三 is the densest element
        "plain": page(title, "<div>\n" + wrap_tables(terse(body), '<div align="center">') + "</div>\n"),
        # the same in Word's sections, without chrome: the section of the
        # statistics tables (二, 三, 四 and their headings) is the densest
        "plain-sections": page(title, word_sections(terse(body))),
        # Word's sections in a page with chrome and an attachment list: the
        # first section (long 总体情况) is the densest element
        "sections": page(title, HEADER + '<div class="main">\n' + INFO + "<div>\n" +
                         word_sections(long_prose(body)) + "</div>\n" + attach + SHARE + "</div>\n" +
                         FOOTER),
        # the report in a plain <div> amid chrome, a side bar, tables in
        # scroll wrappers, the attachment list after it
        "chrome": page(title, HEADER + '<div class="main"><div class="left">\n' + INFO +
                       '<div class="text">\n' +
                       wrap_tables(body, '<div class="table-wrap" style="overflow-x:auto">') +
                       "</div>\n" + attach + SHARE + "</div>\n" + SIDE + "</div>\n" + FOOTER),
        # an old layout-table page: the report in a cell, chrome in the others
        "layout": page(title, HEADER + '<table width="100%"><tr><td width="75%">\n' + INFO +
                       "<div>\n" + wrap_tables(body, '<div align="center">') + "</div>\n" + attach +
                       "</td>\n<td>" + SIDE + "</td></tr></table>\n" + FOOTER),
        # a known CMS container, the attachment list just outside it
        "container": page(title, HEADER + '<div class="main">\n' + INFO +
                          f'<div class="TRS_Editor">\n{body}</div>\n' + attach + SHARE + "</div>\n" +
                          FOOTER),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    for src, year in (("good.html", 2021), ("t2019.html", 2019)):
        title, body = article(os.path.join(SRC, src))
        for name, html in variants(title, body).items():
            dst = os.path.join(OUT, f"t{year}-{name}.html")
            with open(dst, "w", encoding="utf-8") as f:
                f.write(html)
            shutil.copyfile(os.path.join(SRC, src + ".expected.json"), dst + ".expected.json")
            print(dst)


if __name__ == "__main__":
    main()
