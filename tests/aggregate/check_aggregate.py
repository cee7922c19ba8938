#!/usr/bin/python3
"""Checks govdoc aggregate's outputs cell by cell against what the fixtures
hold (expected.json, written by make_fixtures.py) — an independent account
of the rules: which copy of a duplicate is used, the series check, the
column order, the headings built from the template layout.

    check_aggregate.py EXPECTED LAYOUT KIND FILE [KIND FILE ...]

LAYOUT (JSON, written by aggregate.sh) lists the inputs in the order
aggregate reads them: [{"name": fixture, "file": path read, "source": source}]
plus "problems": [[path, rule], ...]. KIND is csv, csv-nobom, csv-labels,
xlsx, jsonl, findings-csv, csv-2019 or summary.
"""
import csv
import io
import json
import os
import re
import sys
from html.parser import HTMLParser

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAILS = []
CHECKS = [0]


def check(ok, what):
    CHECKS[0] += 1
    if not ok:
        FAILS.append(what)


def eq(want, got, what):
    check(want == got, f"{what}: expected {want!r}, got {got!r}")


# --------------------------------------------------------------- templates

def template(year):
    with open(os.path.join(ROOT, "formats", "templates", f"gov-info-annual-report-{year}.json"),
              encoding="utf-8") as f:
        return json.load(f)


def fields_and_headings(tpl):
    """[(key, heading)] in template order; the heading from the layout:
    section number, block header, row labels, ' / ', column name."""
    sec_num = {s["id"]: s["heading"][:s["heading"].index("、") + 1] for s in tpl["sections"]}
    out = []
    for t in tpl["tables"]:
        cols = t["columns"]
        grid = {}
        for r, row in enumerate(t["rows"]):
            c = 0
            for cell in row["cells"]:
                while (r, c) in grid:
                    c += 1
                for dr in range(cell.get("rowspan", 1)):
                    for dc in range(cell.get("colspan", 1)):
                        grid.setdefault((r + dr, c + dc), (r, c, cell))
                c += cell.get("colspan", 1)
        block = None
        for r, row in enumerate(t["rows"]):
            cells = row["cells"]
            if len(cells) == 1 and cells[0].get("header") and cells[0].get("colspan", 1) >= cols:
                block = cells[0]["text"]
            path, seen = ([block] if block else []), set()
            for c in range(cols):
                o = grid.get((r, c))
                if not o or o[:2] in seen:
                    continue
                seen.add(o[:2])
                cell = o[2]
                if "text" in cell and not cell.get("header"):
                    path.append(cell["text"])
            for cell in cells:
                if "field" in cell:
                    head = sec_num[t["section"]] + (" ".join(path) + " / " if path else "") + cell["name"]
                    out.append((cell["field"], head))
    return out


T21, T19 = template(2021), template(2019)
F21, F19 = fields_and_headings(T21), fields_and_headings(T19)
HEAD = dict(F19)
HEAD.update(dict(F21))  # a key in both templates: the newer template's heading
FIXED = ["source", "agency", "agency_written", "level", "year", "template", "sum_checks_failed",
         "prose_warnings", "series_mismatches", "copies", "file"]
FIXED_LABELS = ["来源文件", "机关", "机关（原文）", "层级", "年度", "模板", "表内校验未通过", "正文与表格不符",
                "跨年度结转不符", "副本数", "读取文件"]


def is_subsequence(part, whole):
    it = iter(whole)
    return all(x in it for x in part)


# ------------------------------------------------------- expected model

def model(expected, layout, only=None):
    reps = expected["reports"]
    items = []
    for order, it in enumerate(layout["inputs"]):
        e = reps[it["name"]]
        if only and e["template"] != only:
            continue
        items.append(dict(e, name=it["name"], file=it["file"], source=it["source"], order=order,
                          present=sum(v is not None for v in e["fields"].values()), copies=1, used=True,
                          series=0))
    # duplicates: more fields, then fewer failed sums, then input order
    groups = {}
    for x in items:
        groups.setdefault((x["agency"], x["year"]), []).append(x)
    dups = []
    for (agency, year), g in groups.items():
        if len(g) < 2:
            continue
        best = min(g, key=lambda x: (-x["present"], x["sum_failed"], x["order"]))
        for x in g:
            x["copies"] = len(g)
            x["used"] = x is best
        dups.append((agency, year, best, [x for x in g if x is not best]))
    used = [x for x in items if x["used"]]
    by = {(x["agency"], x["year"]): x for x in used}
    series = []
    for x in used:
        prev = by.get((x["agency"], x["year"] - 1))
        if not prev:
            continue
        for key, value in x["fields"].items():
            if not key.startswith("requests.carried_over."):
                continue
            pk = "requests.carried_forward." + key.split(".", 2)[2]
            before = prev["fields"].get(pk)
            if value is None or before is None or value == before:
                continue
            x["series"] += 1
            series.append((x, key, value, prev["year"], before))
    used.sort(key=lambda x: (x["agency"], x["year"], x["order"]))
    # columns: the templates in play, newest first; a later template's own
    # fields after the last field of it already placed
    tpls = sorted({x["template"] for x in used}, reverse=True) or [T21["id"], T19["id"]]
    if only:
        tpls = [only]
    cols = []
    for tid in tpls:
        after = 0
        for key, _ in (F21 if tid.endswith("2021") else F19):
            if key in cols:
                after = cols.index(key) + 1
                continue
            cols.insert(after, key)
            after += 1
    return used, dups, series, cols


def fmt(v):
    if v is None:
        return ""
    if float(v).is_integer():
        return str(int(v))
    return repr(float(v))


def row_cells(x, cols):
    """The expected row as text cells, keyed by column."""
    r = {"source": x["source"], "agency": x["agency"], "agency_written": x["agency_written"],
         "level": x["level"], "year": str(x["year"]), "template": x["template"],
         "sum_checks_failed": str(x["sum_failed"]), "prose_warnings": str(x["prose_failed"]),
         "series_mismatches": str(x["series"]), "copies": str(x["copies"]), "file": x["file"]}
    for k in cols:
        r[k] = fmt(x["fields"].get(k))
    return r


def check_rows(rows, keys, used, cols, what):
    eq(FIXED + cols, keys, f"{what}: columns")
    eq(len(used), len(rows), f"{what}: number of rows")
    for x, row in zip(used, rows):
        want = row_cells(x, cols)
        got = dict(zip(keys, row))
        bad = [k for k in keys if want.get(k) != got.get(k)]
        check(not bad, f"{what}: {x['name']}: cells differ: " +
              "; ".join(f"{k}: want {want.get(k)!r} got {got.get(k)!r}" for k in bad[:6]))


# ----------------------------------------------------------------- kinds

def read_csv(path, bom=True):
    raw = open(path, "rb").read()
    eq(bom, raw.startswith(b"\xef\xbb\xbf"), f"{path}: UTF-8 byte order mark")
    text = raw.decode("utf-8-sig" if bom else "utf-8")
    lines = text.split("\r\n")
    check(lines[-1] == "" and "\n" not in text.replace("\r\n", ""), f"{path}: CRLF line ends (RFC 4180)")
    return list(csv.reader(io.StringIO(text, newline="")))


def k_csv(path, exp, layout, bom=True):
    used, _, _, cols = model(exp, layout)
    rows = read_csv(path, bom)
    check_rows(rows[1:], rows[0], used, cols, path)
    # blank stays blank: D's two blank cells, and 2019-only columns of 2021 reports
    d = next((r for r in rows[1:] if r[rows[0].index("agency")] == "示范市东湖区桃源街道"), None)
    check(d is not None, "D's row present")
    if d:
        eq("", d[rows[0].index("proactive.fees.amount")], "blank fee amount stays blank")
        eq("", d[rows[0].index("proactive.regulations.made")], "2019-only column empty for 2021 report")


def k_csv_labels(path, exp, layout):
    used, _, _, cols = model(exp, layout)
    rows = read_csv(path)
    eq(FIXED_LABELS + [HEAD[k] for k in cols], rows[0], "label header")
    eq(len(set(rows[0])), len(rows[0]), "labels are unique")
    check("三、一、本年新收政府信息公开申请数量 / 自然人" in rows[0], "the issue's example label")
    check("二、第二十条第（一）项 规章 / 本年制发件数" in rows[0], "table 二 label with its block")
    check("四、行政诉讼未经复议直接起诉 结果维持" in rows[0] or "四、行政诉讼 未经复议直接起诉 结果维持" in rows[0],
          "table 四 label: " + [h for h in rows[0] if h.startswith("四、")][0])
    check_rows(rows[1:], FIXED + cols, used, cols, path + " (labels)")


def k_csv_2019(path, exp, layout):
    used, _, _, cols = model(exp, layout, only=T19["id"])
    eq([k for k, _ in F19], cols, "2019 columns are the 2019 template's")
    rows = read_csv(path)
    check_rows(rows[1:], rows[0], used, cols, path)


def k_jsonl(path, exp, layout):
    used, _, _, cols = model(exp, layout)
    objs = [json.loads(l) for l in open(path, encoding="utf-8")]
    eq(len(used), len(objs), "jsonl: rows")
    for x, o in zip(used, objs):
        eq(FIXED + cols, list(o), f"jsonl {x['name']}: keys in column order")
        for k in cols:
            v = x["fields"].get(k)
            check(o[k] == v and type(o[k]) in ((type(None),) if v is None else (int, float)),
                  f"jsonl {x['name']} {k}: {o[k]!r} vs {v!r}")
        eq(x["year"], o["year"], f"jsonl {x['name']} year is a number")
        eq(x["agency"], o["agency"], f"jsonl {x['name']} agency")


def expected_findings(exp, layout):
    used, dups, series, _ = model(exp, layout)
    out = []
    for x in used:
        for rule, n in x["failing"].items():
            out += [("warning" if rule.startswith("prose.") else "error", rule, x["agency"], x["year"],
                     x["source"])] * n
    for agency, year, best, _ in dups:
        out.append(("warning", "duplicate", agency, year, best["source"]))
    for x, key, value, pyear, before in series:
        out.append(("error", "series.carried_over", x["agency"], x["year"], x["source"]))
    for path, rule in layout["problems"]:
        out.append(("warning", rule, "", "", path))
    return sorted(out, key=str), series, dups


def k_findings(path, exp, layout):
    rows = read_csv(path)
    keys = rows[0]
    eq(["severity", "rule", "agency", "year", "source", "field", "value", "other_year", "other_value",
        "message"], keys, "findings columns")
    got = sorted(((r[0], r[1], r[2], int(r[3]) if r[3] else "", os.path.basename(r[4]) if r[1].startswith("input.")
                   else r[4]) for r in rows[1:]), key=str)
    want, series, dups = expected_findings(exp, layout)
    want = sorted(((a, b, c, d, os.path.basename(e) if b.startswith("input.") else e) for a, b, c, d, e in want),
                  key=str)
    eq(want, got, "findings")
    # the cross-year finding: agency, years, column, both values
    for x, key, value, pyear, before in series:
        r = next((r for r in rows[1:] if r[1] == "series.carried_over" and r[5] == key), None)
        check(r is not None, f"series finding for {key}")
        if r:
            eq([x["agency"], str(x["year"]), fmt(value), str(pyear), fmt(before)], [r[2], r[3], r[6], r[7], r[8]],
               f"series finding {key}: agency, year, value, previous year, previous value")
            col = key.rsplit(".", 1)[1]
            name = {"natural_person": "自然人", "total": "总计"}.get(col, col)
            check(f"表三 {name}: {x['year']}年 二、上年结转 {fmt(value)}，但 {pyear}年 四、结转下年度 {fmt(before)}" in r[9],
                  f"series message: {r[9]}")
    for agency, year, best, others in dups:
        r = next((r for r in rows[1:] if r[1] == "duplicate" and r[2] == agency), None)
        check(r is not None and "采用 " + best["source"] in r[9], f"duplicate {agency}: names the copy used")
        for o in others:
            differ = [k for k in o["fields"] if o["fields"][k] != best["fields"].get(k)]
            if r:
                check((f"{o['source']} 有 {len(differ)} 项不同" if differ else f"{o['source']} 各项相同") in r[9],
                      f"duplicate {agency}: says whether {o['name']} differs ({len(differ)}): {r[9]}")


def k_xlsx(path, exp, layout):
    import openpyxl
    used, _, series, cols = model(exp, layout)
    wb = openpyxl.load_workbook(path)
    eq(["reports", "findings", "columns"], wb.sheetnames, "sheets")
    ws = wb["reports"]
    rows = list(ws.iter_rows(values_only=True))
    eq(FIXED_LABELS + [HEAD[k] for k in cols], list(rows[0]), "xlsx: label row")
    eq(FIXED + cols, list(rows[1]), "xlsx: key row")
    eq("C3", ws.freeze_panes, "xlsx: two header rows and two columns frozen")
    eq(len(used), len(rows) - 2, "xlsx: rows")
    numeric = {"year", "sum_checks_failed", "prose_warnings", "series_mismatches", "copies"}
    for x, row in zip(used, rows[2:]):
        want = row_cells(x, cols)
        for k, got in zip(FIXED + cols, row):
            w = want[k]
            if k in FIXED and k not in numeric:
                check(got == (w or None), f"xlsx {x['name']} {k}: {got!r} vs {w!r}")
            elif w == "":
                check(got is None, f"xlsx {x['name']} {k}: blank expected, got {got!r}")
            else:
                check(isinstance(got, (int, float)) and not isinstance(got, bool) and float(got) == float(w),
                      f"xlsx {x['name']} {k}: number {w} expected, got {got!r}")
    fs = list(wb["findings"].iter_rows(values_only=True))
    want, _, _ = expected_findings(exp, layout)
    eq(len(want), len(fs) - 2, "xlsx: findings rows")
    for x, key, value, pyear, before in series:
        r = next((r for r in fs[2:] if r[1] == "series.carried_over" and r[5] == key), None)
        check(r is not None and r[6] == value and r[7] == pyear and r[8] == before,
              f"xlsx: series finding {key} with numbers: {r}")
    cs = list(wb["columns"].iter_rows(values_only=True))
    eq(FIXED + cols, [r[1] for r in cs[2:]], "xlsx: columns sheet lists every column")
    eq([HEAD[k] for k in cols], [r[2] for r in cs[2 + len(FIXED):]], "xlsx: columns sheet headings")


class SvgFacts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.svgs, self.stack, self.tags = [], [], set()

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        a = dict(attrs)
        if tag == "svg":
            self.svgs.append({"attrs": a, "title": "", "texts": []})
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if not self.svgs or "svg" not in self.stack:
            return
        if self.stack[-1] == "title" and self.stack[-2] == "svg":
            self.svgs[-1]["title"] += data
        if self.stack[-1] == "text":
            self.svgs[-1]["texts"].append(data)


OUTCOMES = [("予以公开", "requests.granted."), ("部分公开", "requests.partly_granted."),
            ("不予公开", "requests.withheld."), ("无法提供", "requests.unavailable."),
            ("不予处理", "requests.declined."), ("其他处理", "requests.other.")]


def k_summary(path, exp, layout):
    used, _, _, _ = model(exp, layout)
    html = open(path, encoding="utf-8").read()
    check("<script" not in html.lower(), "summary: no script")
    check(not re.search(r"""(src|href)\s*=|<link|url\(|@import""", html, re.I), "summary: nothing fetched")
    check(not re.search(r"https?://(?!www\.w3\.org/2000/svg)", html), "summary: no address but the SVG namespace")
    p = SvgFacts()
    p.feed(html)
    years = sorted({x["year"] for x in used})
    eq(1 + len(years), len(p.svgs), "summary: a chart for all reports and one per year")
    for i, svg in enumerate(p.svgs):
        year = None if i == 0 else years[i - 1]
        check(svg["attrs"].get("role") == "img" and svg["attrs"].get("viewbox"), f"chart {i}: role and viewBox")
        check(svg["title"] and (year is None or str(year) in svg["title"]), f"chart {i}: title {svg['title']!r}")
        texts = svg["texts"]
        for name, prefix in OUTCOMES:
            total = sum(v for x in used if year in (None, x["year"])
                        for k, v in x["fields"].items() if k.startswith(prefix) and k.endswith(".total") and v)
            check(name in texts, f"chart {i}: label {name}")
            if name in texts:
                value = texts[texts.index(name) + 1]
                check(value.split(" ")[0] == fmt(total), f"chart {i}: {name} = {total}, drawn {value!r}")
    new_total = sum(x["fields"]["requests.new.total"] for x in used)
    check(re.search(r"一、本年新收政府信息公开申请</td><td class=\"n\">%d<" % new_total, html),
          f"summary: total of new requests {new_total}")
    check("示范市生态环境局" in html and "校验未通过最多的机关" in html, "summary: agencies with failed checks")
    check("series.carried_over" in html and "duplicate" in html, "summary: findings listed")
    check("notice.txt" in html and "picture.png" in html, "summary: inputs without a report listed")


KINDS = {"csv": k_csv, "csv-nobom": lambda p, e, l: k_csv(p, e, l, bom=False), "csv-labels": k_csv_labels,
         "csv-2019": k_csv_2019, "xlsx": k_xlsx, "jsonl": k_jsonl, "findings-csv": k_findings,
         "summary": k_summary}


def main():
    exp = json.load(open(sys.argv[1], encoding="utf-8"))
    layout = json.load(open(sys.argv[2], encoding="utf-8"))
    args = sys.argv[3:]
    for kind, path in zip(args[::2], args[1::2]):
        KINDS[kind](path, exp, layout)
    for f in FAILS:
        print("FAIL:", f)
    print(f"{CHECKS[0] - len(FAILS)} of {CHECKS[0]} checks passed")
    sys.exit(1 if FAILS else 0)


if __name__ == "__main__":
    main()
