#!/usr/bin/python3
"""Generates the report-model fixtures: reports with real, non-zero numbers,
written the ways real reports reach us (Word tables flattened by Tika, docx2txt
lines, pdftotext -layout rows, HTML tables, DOCX), reports that break each
rule, a 2019-template report, and reports with the deviations of
TEMPLATE.md §6. Each fixture gets NAME.expected.json: the fields the
recognizer must find and the checks that must fail, computed here from the
values by an independent implementation of the rules.

Run it to regenerate tests/report/fixtures/ (the output is committed):
    tests/report/make_fixtures.py
"""
import copy
import io
import json
import os
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(HERE, "fixtures")

COLS = ["natural_person", "commercial", "research", "nonprofit", "legal_services", "other_org", "total"]
RESULTS21 = (["granted", "partly_granted"] +
             ["withheld." + r for r in ("state_secret", "prohibited_by_law", "three_safeties", "third_party",
                                        "internal_affairs", "deliberative", "enforcement_file", "inquiry")] +
             ["unavailable." + r for r in ("not_held", "needs_creation", "unclear")] +
             ["declined." + r for r in ("complaint", "repeated", "publication", "excessive", "confirmation")])
OTHER21 = ["other.no_correction", "other.unpaid_fee", "other.other"]


def template(year):
    with open(os.path.join(ROOT, "formats", "templates", f"gov-info-annual-report-{year}.json"), encoding="utf-8") as f:
        return json.load(f)


# ---------------------------------------------------------------- values

def good_values(year=2021):
    v = {}
    if year == 2021:
        v.update({"proactive.regulations.issued": 2, "proactive.regulations.repealed": 1,
                  "proactive.regulations.in_force": 15, "proactive.normative_documents.issued": 5,
                  "proactive.normative_documents.repealed": 3, "proactive.normative_documents.in_force": 42,
                  "proactive.licensing.decisions": 1234, "proactive.penalties.decisions": 56,
                  "proactive.coercive_measures.decisions": 7, "proactive.fees.amount": 12.5})
    else:
        v.update({"proactive.regulations.made": 1, "proactive.regulations.published": 1,
                  "proactive.regulations.total": 9, "proactive.normative_documents.made": 4,
                  "proactive.normative_documents.published": 4, "proactive.normative_documents.total": 37,
                  "proactive.licensing.previous_year": 120, "proactive.licensing.change": -3,
                  "proactive.licensing.decisions": 860, "proactive.other_services.previous_year": 15,
                  "proactive.other_services.change": 2, "proactive.other_services.decisions": 40,
                  "proactive.penalties.previous_year": 30, "proactive.penalties.change": 0,
                  "proactive.penalties.decisions": 212, "proactive.coercive_measures.previous_year": 4,
                  "proactive.coercive_measures.change": 1, "proactive.coercive_measures.decisions": 9,
                  "proactive.fees.previous_year": 6, "proactive.fees.change": -1,
                  "proactive.procurement.projects": 3, "proactive.procurement.amount": 251000})
    rows = {
        "new": [20, 5, 1, 2, 1, 3, 32],
        "carried_over": [3, 1, 0, 0, 0, 0, 4],
        "granted": [10, 2, 1, 1, 0, 1, 15],
        "partly_granted": [3, 1, 0, 0, 0, 1, 5],
        "withheld.state_secret": [1, 0, 0, 0, 0, 0, 1],
        "withheld.third_party": [1, 0, 0, 0, 0, 0, 1],
        "unavailable.not_held": [4, 1, 0, 1, 1, 0, 7],
        "declined.repeated": [1, 1, 0, 0, 0, 0, 2],
        "total": [21, 5, 1, 2, 1, 3, 33],
        "carried_forward": [2, 1, 0, 0, 0, 0, 3],
    }
    other = [1, 0, 0, 0, 0, 1, 2]
    if year == 2021:
        rows["other.other"] = other
    else:
        rows["other"] = other
    all_rows = ["new", "carried_over"] + RESULTS21 + (OTHER21 if year == 2021 else ["other"]) + ["total", "carried_forward"]
    for r in all_rows:
        for c, x in zip(COLS, rows.get(r, [0] * 7)):
            v[f"requests.{r}.{c}"] = x
    for g, vals in (("review", [2, 1, 0, 1, 4]), ("litigation.direct", [1, 0, 0, 1, 2]),
                    ("litigation.after_review", [0, 1, 0, 0, 1])):
        for r, x in zip(("upheld", "corrected", "other", "pending", "total"), vals):
            v[f"{g}.{r}"] = x
    return v


# ------------------------------------------------------ the rules, again

def failing_checks(values, year, prose=None, group_other=None):
    """Rule id -> number of failing (or uncheckable) instances."""
    fails = {}

    def get(k):
        return values.get(k)

    def side(keys):
        total, blank, used = 0, False, set()
        for k in keys:
            x = get(k)
            if x is None and group_other is not None and k.startswith("requests.other."):
                col = k.rsplit(".", 1)[1]
                if group_other[COLS.index(col)] is not None:
                    if col not in used:  # the group's one row stands in for its members
                        total += group_other[COLS.index(col)]
                    used.add(col)
                    continue
            if x is None:
                blank = True
            else:
                total += x
        return total, blank

    def check(rule, left, right):
        (l, bl), (r, br) = side(left), side(right)
        if bl or br:
            return  # not checkable: the blank cells are one finding per row (below)
        if abs(l - r) > 1e-6:
            fails[rule] = fails.get(rule, 0) + 1

    results = RESULTS21 + (OTHER21 if year == 2021 else ["other"])
    rows = ["new", "carried_over"] + results + ["total", "carried_forward"]
    for c in COLS:
        check("sum.balance", [f"requests.new.{c}", f"requests.carried_over.{c}"],
              [f"requests.total.{c}", f"requests.carried_forward.{c}"])
        check("sum.results", [f"requests.total.{c}"], [f"requests.{r}.{c}" for r in results])
    for r in rows:
        check("sum.applicants", [f"requests.{r}.total"], [f"requests.{r}.{c}" for c in COLS[:6]])
    for g, rule in (("review", "sum.review"), ("litigation.direct", "sum.litigation_direct"),
                    ("litigation.after_review", "sum.litigation_after_review")):
        check(rule, [f"{g}.total"], [f"{g}.{r}" for r in ("upheld", "corrected", "other", "pending")])
    # blank cells: one blank.cells finding per row, per group in 表四's one row
    units = set()
    for k, x in values.items():
        if x is not None or not k.startswith(("requests.", "proactive.", "review.", "litigation.")):
            continue
        col = k.rsplit(".", 1)[1]
        if group_other is not None and k.startswith("requests.other.") and group_other[COLS.index(col)] is not None:
            continue  # the group's one row stands in for it
        units.add(k.rsplit(".", 1)[0])
    if units:
        fails["blank.cells"] = len(units)
    for rule, stated, alternatives in (prose or []):
        sums = []
        for alt in alternatives:
            xs = [get(k) for k in alt]
            if None not in xs:
                sums.append(sum(xs))
        if stated not in sums:
            fails[rule] = fails.get(rule, 0) + 1
    return fails


PROSE_OK = [("prose.requests", 32, [["requests.new.total"], ["requests.new.total", "requests.carried_over.total"]]),
            ("prose.review", 4, [["review.total"]]),
            ("prose.litigation", 3, [["litigation.direct.total", "litigation.after_review.total"]])]


def prose_paragraphs(requests=32, review=4, litigation=3):
    return [
        f"本年度，本机关共收到政府信息公开申请{requests}件，均在法定期限内答复。",
        f"全年因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{litigation}件。",
    ]


# ----------------------------------------------------------- the layout

def fmt(x):
    if x is None:
        return ""
    if isinstance(x, float) and not x.is_integer():
        return repr(x)
    return str(int(x))


def grid(table, values, show=fmt, label=lambda t: t):
    """Rows of (text, rowspan, colspan, kind) origin cells, from the template."""
    out = []
    for row in table["rows"]:
        cells = []
        for c in row["cells"]:
            if "field" in c:
                cells.append((show(values.get(c["field"])) if c["field"] in values else "",
                              1, c.get("colspan", 1), "value"))
            else:
                cells.append((label(c["text"]), c.get("rowspan", 1), c.get("colspan", 1),
                              "header" if c.get("header") else "label"))
        out.append(cells)
    return out


def place(rows, width):
    """Grid positions: list per row of (col, cell) and the covered slots."""
    occupied = {}
    placed = []
    for r, cells in enumerate(rows):
        col, row_out = 0, []
        for cell in cells:
            while (r, col) in occupied:
                col += 1
            row_out.append((col, cell))
            for dr in range(cell[1]):
                for dc in range(cell[2]):
                    occupied[(r + dr, col + dc)] = (r, col)
            col += cell[2]
        placed.append(row_out)
    return placed, occupied


# ----------------------------------------------------------- renderers

def header_lines(tpl_year, agency="示例市示例区人民政府办公室", year=2024):
    return [f"{agency}{year}年政府信息公开工作年度报告",
            f"本报告依据《中华人民共和国政府信息公开条例》要求，由{agency}编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"]


def sections(tpl):
    return [s["heading"] for s in tpl["sections"]]


def tika_table(tpl, table, values, show=fmt, label=lambda t: t, split=None):
    rows = grid(table, values, show, label)
    placed, occupied = place(rows, table["columns"])
    lines = []
    for r, row in enumerate(placed):
        if split and r in split:  # a separate table from here on
            lines.append("")
        by_col = {c: cell for c, cell in row}
        col = 0
        while col < table["columns"]:
            if col in by_col:
                text = by_col[col][0]
                parts = text.split("|")
                lines.append("\t" + parts[0])
                lines.extend(parts[1:])  # further paragraphs of the cell
                col += by_col[col][2]
            else:
                origin = occupied.get((r, col))
                if origin and origin[0] < r:  # covered by a rowspan
                    ocell = dict(placed[origin[0]])[origin[1]]
                    lines.append("\t")
                    col += ocell[2]
                else:
                    col += 1
        lines.append("")
    lines.append("")
    return lines


def txt_flat(tpl, values, prose, show=fmt, label=lambda t: t, split2=False, extra=None):
    out = header_lines(tpl) + [""]
    tables = {t["section"]: t for t in tpl["tables"]}
    for s in tpl["sections"]:
        out.append(s["heading"])
        if s["id"] == "s1":
            out += prose
        if s["id"] in tables:
            t = tables[s["id"]]
            split = None
            if split2 and t["id"] == "table2":
                split = {i for i, row in enumerate(t["rows"])
                         if row["cells"][0].get("text", "").startswith("第二十条") and i > 0}
            out += tika_table(tpl, t, values, show, label, split)
        if s["id"] == "s5":
            out.append("一是公开内容还不够及时；二是公开形式不够丰富。")
        if s["id"] == "s6":
            out.append("本机关未收取信息处理费。")
    if extra:
        out += extra
    return "\n".join(out) + "\n"


def txt_docx2txt(tpl, values, prose):
    """docx2txt: every cell paragraph on a line of its own, centred."""
    out = header_lines(tpl) + [""]
    tables = {t["section"]: t for t in tpl["tables"]}
    for s in tpl["sections"]:
        out.append(s["heading"])
        if s["id"] == "s1":
            out += prose
        if s["id"] in tables:
            for row in grid(tables[s["id"]], values):
                for text, _, _, _ in row:
                    for part in text.split("|"):
                        if part:
                            out.append(part.center(30))
                out.append("")
    return "\n".join(out) + "\n"


def cjk_width(s):
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)


def txt_pdftotext(tpl, values, prose):
    """pdftotext -layout: a table row per line, columns aligned with spaces,
    long labels wrapped onto the next line."""
    out = header_lines(tpl) + [""]
    tables = {t["section"]: t for t in tpl["tables"]}
    for s in tpl["sections"]:
        out.append(s["heading"])
        if s["id"] == "s1":
            out += prose
        if s["id"] in tables:
            for row in grid(tables[s["id"]], values):
                labels = [t.replace("|", "") for t, _, _, k in row if k != "value"]
                vals = [t for t, _, _, k in row if k == "value"]
                text = "  ".join(labels)
                wrapped = []
                while cjk_width(text) > 36:
                    cut = 18
                    wrapped.append(text[:cut])
                    text = text[cut:]
                wrapped.append(text)
                first = wrapped[0]
                pad = " " * max(2, 40 - cjk_width(first))
                out.append("    " + first + (pad + "".join(v.rjust(8) for v in vals) if vals else ""))
                out += ["    " + w for w in wrapped[1:]]
            out.append("")
    return "\n".join(out) + "\n"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def html(tpl, values, prose, four_tables=False):
    parts = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
             f"<title>{esc(header_lines(tpl)[0])}</title></head><body>",
             '<div class="nav">首页 | 政府信息公开 | 年度报告</div>',
             '<div class="TRS_Editor">',
             f'<p align="center"><strong>{esc(header_lines(tpl)[0])}</strong></p>',
             f"<p>{esc(header_lines(tpl)[1])}</p>"]
    tables = {t["section"]: t for t in tpl["tables"]}
    for s in tpl["sections"]:
        parts.append(f"<p><strong>{esc(s['heading'])}</strong></p>")
        if s["id"] == "s1":
            parts += [f"<p>{esc(p)}</p>" for p in prose]
        if s["id"] in tables:
            t = tables[s["id"]]
            rows = grid(t, values)
            parts.append('<table border="1">')
            for i, row in enumerate(rows):
                if four_tables and t["id"] == "table2" and i > 0 and row[0][0].startswith("第二十条"):
                    parts.append('</table><p></p><table border="1">')
                tr = []
                for text, rs, cs, kind in row:
                    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (f' colspan="{cs}"' if cs > 1 else "")
                    inner = "".join(f"<p>{esc(p)}</p>" for p in text.split("|")) if "|" in text else esc(text) or "&nbsp;"
                    tr.append(f"<td{attrs}>{inner}</td>")
                parts.append("<tr>" + "".join(tr) + "</tr>")
            parts.append("</table>")
        if s["id"] == "s5":
            parts.append("<p>一是公开内容还不够及时；二是公开形式不够丰富。</p>")
        if s["id"] == "s6":
            parts.append("<p>本机关未收取信息处理费。</p>")
    parts += ["</div>", '<div class="footer">主办单位：示例市人民政府办公室 | 网站标识码 0000000000</div>',
              "</body></html>"]
    return "\n".join(parts) + "\n"


def docx(tpl, values, prose):
    """A minimal Word document: paragraphs and w:tbl with gridSpan/vMerge."""
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'

    def p(text, bold=False, center=False):
        ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
        rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
        return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r></w:p>'

    body = [p(header_lines(tpl)[0], True, True), p(header_lines(tpl)[1])]
    tables = {t["section"]: t for t in tpl["tables"]}
    for s in tpl["sections"]:
        body.append(p(s["heading"], True))
        if s["id"] == "s1":
            body += [p(x) for x in prose]
        if s["id"] in tables:
            t = tables[s["id"]]
            rows = grid(t, values)
            placed, occupied = place(rows, t["columns"])
            xml = ["<w:tbl><w:tblGrid>" + "<w:gridCol/>" * t["columns"] + "</w:tblGrid>"]
            for r, row in enumerate(placed):
                by_col = dict(row)
                tcs, col = [], 0
                while col < t["columns"]:
                    if col in by_col:
                        text, rs, cs, kind = by_col[col]
                        pr = (f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else "") + ('<w:vMerge w:val="restart"/>' if rs > 1 else "")
                        paras = "".join(p(x) for x in text.split("|"))
                        tcs.append(f"<w:tc><w:tcPr>{pr}</w:tcPr>{paras}</w:tc>")
                        col += cs
                    else:
                        o = occupied[(r, col)]
                        cs = dict(placed[o[0]])[o[1]][2]
                        pr = (f'<w:gridSpan w:val="{cs}"/>' if cs > 1 else "") + "<w:vMerge/>"
                        tcs.append(f"<w:tc><w:tcPr>{pr}</w:tcPr><w:p/></w:tc>")
                        col += cs
                xml.append("<w:tr>" + "".join(tcs) + "</w:tr>")
            xml.append("</w:tbl>")
            body.append("".join(xml))
        if s["id"] == "s5":
            body.append(p("一是公开内容还不够及时；二是公开形式不够丰富。"))
        if s["id"] == "s6":
            body.append(p("本机关未收取信息处理费。"))
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {W}><w:body>{"".join(body)}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        def add(name, data):
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
        add("[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        add("_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        add("word/document.xml", document)
    return buf.getvalue()


# ------------------------------------------------------------ fixtures

def write(name, data, expected):
    path = os.path.join(OUT, name)
    mode = "wb" if isinstance(data, bytes) else "w"
    with open(path, mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
        f.write(data)
    with open(path + ".expected.json", "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def expected(tpl, values, prose_claims, group_other=None, year=2021):
    fields = {}
    for t in tpl["tables"]:
        for row in t["rows"]:
            for c in row["cells"]:
                if "field" in c:
                    fields[c["field"]] = values.get(c["field"])
    return {"template": tpl["id"], "fields": fields,
            "failing": failing_checks(values, year, prose_claims, group_other)}


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    t21, t19 = template(2021), template(2019)
    good = good_values(2021)
    prose = prose_paragraphs()
    exp = expected(t21, good, PROSE_OK)
    assert not exp["failing"], exp["failing"]

    # one good report, every way it reaches us
    write("good-flat.txt", txt_flat(t21, good, prose), exp)
    write("good-four-tables.txt", txt_flat(t21, good, prose, split2=True), exp)
    write("good-docx2txt.txt", txt_docx2txt(t21, good, prose), exp)
    write("good-pdftotext.txt", txt_pdftotext(t21, good, prose), exp)
    write("good.html", html(t21, good, prose), exp)
    write("good-four-tables.html", html(t21, good, prose, four_tables=True), exp)
    write("good.docx", docx(t21, good, prose), exp)

    # each rule broken once
    def broken(name, change, prose_args=None):
        v = copy.deepcopy(good)
        change(v)
        pa = prose_args or {}
        claims = [("prose.requests", pa.get("requests", 32), PROSE_OK[0][2]),
                  ("prose.review", pa.get("review", 4), PROSE_OK[1][2]),
                  ("prose.litigation", pa.get("litigation", 3), PROSE_OK[2][2])]
        e = expected(t21, v, claims)
        assert e["failing"], name
        write(name + ".txt", txt_flat(t21, v, prose_paragraphs(**pa)), e)
        return v, e

    broken("bad-balance", lambda v: v.update({"requests.carried_forward.natural_person": 5}))
    broken("bad-total-column", lambda v: v.update({"requests.granted.total": 16}))
    broken("bad-results", lambda v: v.update({"requests.partly_granted.natural_person": 4,
                                                "requests.partly_granted.total": 6}))
    broken("bad-review", lambda v: v.update({"review.total": 5}))
    broken("bad-litigation", lambda v: v.update({"litigation.after_review.corrected": 2}))
    broken("bad-prose", lambda v: None, {"requests": 30, "review": 4, "litigation": 3})
    # the same rule break, in HTML and DOCX
    v, e = broken("bad-balance-html", lambda v: v.update({"requests.new.commercial": 6, "requests.new.total": 33}))
    write("bad-balance.html", html(t21, v, prose), e)
    write("bad-balance.docx", docx(t21, v, prose), e)

    # blank cells and not-applicable marks are null, never 0
    v = copy.deepcopy(good)
    for c in COLS[1:6]:
        v[f"requests.withheld.inquiry.{c}"] = None
    v["requests.total.total"] = None
    v["proactive.fees.amount"] = None
    show = lambda x: "/" if x is None else fmt(x)
    e = expected(t21, v, PROSE_OK)
    write("blank-cells.txt", txt_flat(t21, v, prose, show=lambda x: "" if x is None else fmt(x)), e)
    write("na-marks.txt", txt_flat(t21, v, prose, show=show), e)
    write("blank-cells.html", html(t21, v, prose), e)

    # 2019 template
    g19 = good_values(2019)
    e19 = expected(t19, g19, PROSE_OK, year=2019)
    assert not e19["failing"], e19["failing"]
    write("t2019-flat.txt", txt_flat(t19, g19, prose), e19)
    write("t2019.html", html(t19, g19, prose), e19)
    write("t2019-pdftotext.txt", txt_pdftotext(t19, g19, prose), e19)

    # deviations seen in real reports (TEMPLATE.md §6)
    renames = {"1.属于国家秘密": "1、属于国家秘密", "2.其他法律行政法规禁止公开": "2.其他法律行政止公开",
               "社会公益组织": "社会公益", "三、本年度办理结果": "三、本|年度办|理结果",
               "商业企业": "商业 企业", "3.危及“三安全一稳定”": "3.危及三安全一稳定",
               "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开",
               "5.要求行政机关确认或重新出具已获取信息": "5、要求行政机关确认或重新出具已获取信息"}
    shows = {"proactive.licensing.decisions": "1,234", "proactive.penalties.decisions": "56件",
             "proactive.fees.amount": "12.500000"}
    v = copy.deepcopy(good)
    values_for_show = {}

    def show_dev(x, _seen=[]):
        return fmt(x)

    dev_values = dict(v)
    text = txt_flat(t21, dev_values, prose, label=lambda t: renames.get(t, t))
    for k, s in shows.items():  # write these values the way some reports do
        text = text.replace(f"\t{fmt(dev_values[k])}\n", f"\t{s}\n", 1)
    write("deviations.txt", text, expected(t21, dev_values, PROSE_OK))

    # a 2021 report whose （六）其他处理 is one row without sub-rows
    t21_one = copy.deepcopy(t21)
    t3 = next(t for t in t21_one["tables"] if t["id"] == "table3")
    new_rows = []
    for row in t3["rows"]:
        if row.get("id") == "other.no_correction":
            new_rows.append({"cells": [{"text": "（六）其他处理", "colspan": 2}] +
                             [{"field": f"group.other.{c}"} for c in COLS]})
        elif row.get("id") in ("other.unpaid_fee", "other.other"):
            continue
        else:
            if row["cells"][0].get("text") == "三、本年度办理结果":
                row["cells"][0]["rowspan"] = 20
            new_rows.append(row)
    t3["rows"] = new_rows
    v = copy.deepcopy(good)
    group = [v[f"requests.other.other.{c}"] for c in COLS]
    for c in COLS:
        v[f"group.other.{c}"] = v[f"requests.other.other.{c}"]
        for r in OTHER21:
            v[f"requests.{r}.{c}"] = None
    e = expected(t21, v, PROSE_OK, group_other=group)
    assert not e["failing"], e["failing"]
    write("one-row-other.txt", txt_flat(t21_one, v, prose), e)

    # table 三 split by a page break that repeats 三、本年度办理结果
    text = txt_flat(t21, good, prose)
    cut = text.index("\t\t3.要求提供公开出版物") if "\t\t3.要求提供公开出版物" in text else text.index("\t3.要求提供公开出版物")
    row_start = text.rfind("\n\n", 0, cut) + 2
    text = text[:row_start] + "\n\t三、本年度办理结果\n\t\n\n" + text[row_start:]
    write("page-break-repeat.txt", text, exp)

    # not a report: an ordinary document with a table
    with open(os.path.join(OUT, "not-a-report.txt"), "w", encoding="utf-8") as f:
        f.write("会议纪要\n\n一、会议议程\n讨论年度预算。\n\t项目\n\t金额\n\n\t办公\n\t12\n\n\n二、其他事项\n无。\n")


if __name__ == "__main__":
    main()
