#!/usr/bin/python3
"""Generates the report-fidelity fixtures (issue #17): reports with real,
non-zero numbers and blank columns, in the forms text tools give them.

  - NAME.docx: a Word document as Word writes it (paragraphs with rsid
    attributes, an empty paragraph in an empty cell);
  - NAME-docx2txt.txt: `docx2txt NAME.docx` (Debian's docx2txt): one cell per
    line, a blank cell as a blank line, merged cells' continuations too;
  - NAME.html, NAME-flat.txt (Tika's flattened tables): the same values;
  - NAME-pdftotext.txt: `pdftotext -layout` of govdoc's own PDF of NAME.html,
    whose narrow label columns wrap the long row labels over lines.

Each gets NAME….expected.json (make_fixtures.py's format). The outputs are
committed; run this to regenerate them (needs docx2txt and poppler-utils):
    tests/report/make_fidelity.py build/bin/govdoc
"""
import copy
import io
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_fixtures as mf  # noqa: E402

OUT = os.path.join(HERE, "fidelity")
LEGAL = mf.COLS[1:6]  # the 法人或其他组织 columns


def word_docx(tpl, values, prose):
    """mf.docx with the attributes Word puts on every paragraph, which
    docx2txt's patterns need to see a paragraph (and an empty cell)."""
    data = mf.docx(tpl, values, prose)
    zin = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            body = zin.read(info.filename)
            if info.filename == "word/document.xml":
                body = (body.decode().replace("<w:p>", '<w:p w:rsidR="00A1" w:rsidRDefault="00A1">')
                        .replace("<w:p/>", '<w:p w:rsidR="00A1" w:rsidRDefault="00A1"/>').encode())
            z.writestr(info, body)
    return buf.getvalue()


def county_2021():
    """A county department that had requests only from 自然人: every 法人
    column of 表三 left blank; no litigation after review: that group blank."""
    v = mf.good_values(2021)
    for k in list(v):
        if k.startswith("requests.") and k.rsplit(".", 1)[1] in LEGAL:
            v[k] = None
        elif k.startswith("requests.") and k.endswith(".total"):
            v[k] = v[k.rsplit(".", 1)[0] + ".natural_person"]
    for k in list(v):
        if k.startswith("litigation.after_review."):
            v[k] = None
    return v


def subrows_2019():
    """A 2019 report that leaves the 总计 column blank on the sub-rows of
    （三）不予公开, （四）无法提供 and （五）不予处理."""
    v = mf.good_values(2019)
    for k in list(v):
        if k.startswith(("requests.withheld.", "requests.unavailable.", "requests.declined.")) and k.endswith(".total"):
            v[k] = None
    return v


def sparse_2019():
    """A 2019 report from an office whose requests came only from 自然人,
    商业企业 and 法律服务机构: the 科研机构, 社会公益组织 and 其他 columns of
    表三 left blank — blank columns between filled ones, so a value's column
    is told only by its position (pdftotext) or by the blank cells around it
    (docx2txt, Tika). The 总计 column adds up the filled ones."""
    v = mf.good_values(2019)
    blank = ("research", "nonprofit", "other_org")
    for k in list(v):
        if k.startswith("requests.") and k.rsplit(".", 1)[1] in blank:
            v[k] = None
    for k in list(v):
        if k.startswith("requests.") and k.endswith(".total"):
            row = k.rsplit(".", 1)[0]
            v[k] = sum(v[f"{row}.{c}"] for c in ("natural_person", "commercial", "legal_services"))
    return v


def pdftotext_of(govdoc, html, tmp, name):
    """pdftotext -layout of govdoc's PDF of the HTML: the PDF writer's label
    columns are narrow, so long labels wrap over two to four lines around
    the line of numbers, with the group labels' fragments in between."""
    hp = os.path.join(tmp, name + ".html")
    with open(hp, "w", encoding="utf-8") as f:
        f.write(html)
    pdf = os.path.join(tmp, name + ".pdf")
    run([govdoc, "convert", "-q", hp, "-o", pdf, "-O", "pdf.date=2024-01-01"],
        env=dict(os.environ, SOURCE_DATE_EPOCH="1704067200"))
    lay = os.path.join(tmp, name + "-pdftotext.txt")
    run(["pdftotext", "-layout", pdf, lay])
    with open(lay, encoding="utf-8") as f:
        return f.read()


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, **kw)


def main():
    govdoc = os.path.abspath(sys.argv[1]) if len(sys.argv) > 1 else os.path.join(HERE, "../../build/bin/govdoc")
    os.makedirs(OUT, exist_ok=True)
    for name, year, values, requests in (("county-2021", 2021, county_2021(), 20),
                                         ("subrows-2019", 2019, subrows_2019(), 32),
                                         ("sparse-2019", 2019, sparse_2019(), 26)):
        tpl = mf.template(year)
        prose = mf.prose_paragraphs(requests=requests)
        claims = [(rule, requests if rule == "prose.requests" else n, alts) for rule, n, alts in mf.PROSE_OK]
        exp = mf.expected(tpl, values, claims, year=year)
        show = lambda x: "" if x is None else mf.fmt(x)  # noqa: E731
        with tempfile.TemporaryDirectory() as tmp:
            docx = os.path.join(tmp, name + ".docx")
            with open(docx, "wb") as f:
                f.write(word_docx(tpl, values, prose))
            txt = os.path.join(tmp, name + ".txt")
            run(["docx2txt", docx, txt])
            with open(txt, encoding="utf-8") as f:
                mf_write(name + "-docx2txt.txt", f.read(), exp)
            with open(docx, "rb") as f:
                mf_write(name + ".docx", f.read(), exp)
            html = mf.html(tpl, values, prose)
            mf_write(name + ".html", html, exp)
            mf_write(name + "-flat.txt", mf.txt_flat(tpl, values, prose, show=show), exp)
            mf_write(name + "-pdftotext.txt", pdftotext_of(govdoc, html, tmp, name), exp)
    # wrapped labels without blank cells: the good reports of both templates
    for year in (2021, 2019):
        tpl, values = mf.template(year), mf.good_values(year)
        exp = mf.expected(tpl, values, mf.PROSE_OK, year=year)
        with tempfile.TemporaryDirectory() as tmp:
            html = mf.html(tpl, values, mf.prose_paragraphs())
            mf_write(f"wrapped-{year}-pdftotext.txt", pdftotext_of(govdoc, html, tmp, "w"), exp)


def mf_write(name, data, exp):
    saved = mf.OUT
    mf.OUT = OUT
    try:
        mf.write(name, data, exp)
    finally:
        mf.OUT = saved


if __name__ == "__main__":
    main()
