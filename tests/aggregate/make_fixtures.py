#!/usr/bin/python3
"""Generates the aggregate fixtures: reports of a few agencies over
consecutive years, in different input formats, with real non-zero numbers.

  A 示范市东湖区 (区): 2020 (2019 template, Tika text), 2021 (DOCX), 2022 (HTML),
    2023 twice (HTML, and DOCX that the test converts to JSON and lists in a
    batch manifest): identical copies. The agency is written two ways
    (示范市东湖区人民政府 / 示范市东湖区政府).
    2023's 二、上年结转 disagrees with 2022's 四、结转下年度 in 自然人 and 总计.
  B 示范市西山县 (县): 2021 (pdftotext), 2022 twice — b-2022-a.docx with a
    table that does not add up and a different figure, b-2022-b.txt the
    corrected copy (the one to use; "示范市　西山县政府" with a full-width space).
  C 示范市生态环境局 (部门): 2023 (docx2txt text) failing sum.balance, and its
    text states a request count its table does not give (prose.requests).
  D 示范市东湖区桃源街道办事处 (乡镇): 2023 (HTML) with blank cells.
  notice.txt is no report; picture.png no document at all.

Each value set is made consistent by construction (一+二 = （七）总计+四,
总计 = the applicant columns, （七）总计 = the results), then broken where
a fixture says so. ../expected.json records, per file, what the recognizer
must read (the fields, the failing checks counted by an independent
implementation of the rules, the agency as written) and what aggregate must
make of it (the agency key and level, written by hand).

Run it to regenerate tests/aggregate/fixtures/ (the output is committed):
    tests/aggregate/make_fixtures.py
"""
import copy
import importlib.util
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "fixtures")
spec = importlib.util.spec_from_file_location("report_fixtures",
                                              os.path.join(HERE, "..", "report", "make_fixtures.py"))
rf = importlib.util.module_from_spec(spec)
spec.loader.exec_module(rf)

COLS = rf.COLS  # natural_person … other_org, total
RESULTS = {2021: rf.RESULTS21 + rf.OTHER21, 2019: rf.RESULTS21 + ["other"]}


def values(tpl_year, seed, carried_over):
    """A consistent value set; carried_over: the six applicant columns."""
    rnd = random.Random(seed)
    v = copy.deepcopy(rf.good_values(tpl_year))  # table 二 and 四 from the report fixtures
    for k in list(v):
        if k.startswith("proactive.") and isinstance(v[k], int):
            v[k] = v[k] + seed % 7  # differ from report to report
    results = RESULTS[tpl_year]
    rows = {r: [0] * 6 for r in ["new", "carried_over", "total", "carried_forward"] + results}
    for c in range(6):
        new = rnd.randint(3, 40) if c == 0 else rnd.randint(0, 9)
        co = carried_over[c]
        cf = rnd.randint(0, min(3, new + co))
        handled = new + co - cf
        rows["new"][c], rows["carried_over"][c], rows["carried_forward"][c] = new, co, cf
        rows["total"][c] = handled
        for _ in range(handled):  # each request to one outcome, most granted
            r = rnd.choice(["granted"] * 40 + ["partly_granted"] * 10 + results[2:])
            rows[r][c] += 1
    for r, cols in rows.items():
        for c, x in zip(COLS[:6], cols):
            v[f"requests.{r}.{c}"] = x
        v[f"requests.{r}.total"] = sum(cols)
    return v


def carried_forward(v):
    return [v[f"requests.carried_forward.{c}"] for c in COLS[:6]]


def sum_and_prose(v, tpl_year, stated):
    claims = [("prose.requests", stated, rf.PROSE_OK[0][2]),
              ("prose.review", v["review.total"], rf.PROSE_OK[1][2]),
              ("prose.litigation", v["litigation.direct.total"] + v["litigation.after_review.total"],
               rf.PROSE_OK[2][2])]
    fails = rf.failing_checks(v, tpl_year, claims)
    return (sum(n for r, n in fails.items() if r.startswith("sum.")),
            sum(n for r, n in fails.items() if r.startswith("prose.")), fails)


def render(kind, tpl, v, agency, year, stated=None):
    """The report as a file of the given kind, for this agency and year."""
    orig = rf.header_lines
    rf.header_lines = lambda t, agency_=agency, year_=year: orig(t, agency=agency_, year=year_)
    try:
        prose = rf.prose_paragraphs(requests=stated if stated is not None else v["requests.new.total"],
                                    review=v["review.total"],
                                    litigation=v["litigation.direct.total"] + v["litigation.after_review.total"])
        return {"txt-flat": lambda: rf.txt_flat(tpl, v, prose),
                "txt-docx2txt": lambda: rf.txt_docx2txt(tpl, v, prose),
                "txt-pdftotext": lambda: rf.txt_pdftotext(tpl, v, prose),
                "html": lambda: rf.html(tpl, v, prose),
                "docx": lambda: rf.docx(tpl, v, prose)}[kind]()
    finally:
        rf.header_lines = orig


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.remove(os.path.join(OUT, f))
    t21, t19 = rf.template(2021), rf.template(2019)
    expected = {"reports": {}, "not_reports": ["notice.txt"], "unreadable": ["picture.png"]}

    def emit(name, kind, tpl, tpl_year, v, written, key, level, year, stated=None):
        data = render(kind, tpl, v, written, year, stated)
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(os.path.join(OUT, name), mode, **({} if mode == "wb" else {"encoding": "utf-8"})) as f:
            f.write(data)
        sums, prose, fails = sum_and_prose(v, tpl_year, stated if stated is not None else v["requests.new.total"])
        fields = {}
        for t in tpl["tables"]:
            for row in t["rows"]:
                for c in row["cells"]:
                    if "field" in c:
                        fields[c["field"]] = v.get(c["field"])
        expected["reports"][name] = {
            "template": tpl["id"], "agency_written": written, "agency": key, "level": level,
            "year": year, "sum_failed": sums, "prose_failed": prose, "failing": fails,
            "fields": fields}

    # A: four years, the first on the 2019 template; the series holds until 2023
    a20 = values(2019, 1, [2, 1, 0, 0, 0, 1])
    a21 = values(2021, 2, carried_forward(a20))
    a22 = values(2021, 3, carried_forward(a21))
    over = carried_forward(a22)
    over[0] += 2  # 2023 says 2 more were carried over from 2022 than 2022 carried forward
    a23 = values(2021, 4, over)
    assert sum_and_prose(a23, 2021, a23["requests.new.total"])[0] == 0
    A = "示范市东湖区"
    emit("a-2020.txt", "txt-flat", t19, 2019, a20, A + "人民政府", A, "区", 2020)
    emit("a-2021.docx", "docx", t21, 2021, a21, A + "政府", A, "区", 2021)
    emit("a-2022.html", "html", t21, 2021, a22, "示范市东湖区人民政府", A, "区", 2022)
    emit("a-2023.html", "html", t21, 2021, a23, A + "人民政府", A, "区", 2023)
    emit("a-2023.docx", "docx", t21, 2021, a23, A + "人民政府", A, "区", 2023)

    # B: 2021, then 2022 twice: a wrong copy first in input order, the corrected one after
    B = "示范市西山县"
    b21 = values(2021, 5, [0, 2, 0, 1, 0, 0])
    b22 = values(2021, 6, carried_forward(b21))
    b22_wrong = copy.deepcopy(b22)
    b22_wrong["requests.granted.natural_person"] += 3  # and its totals not updated: sums fail
    emit("b-2021.txt", "txt-pdftotext", t21, 2021, b21, B + "人民政府", B, "县", 2021)
    emit("b-2022-a.docx", "docx", t21, 2021, b22_wrong, B + "人民政府", B, "县", 2022)
    emit("b-2022-b.txt", "txt-flat", t21, 2021, b22, "示范市　西山县政府", B, "县", 2022)
    assert expected["reports"]["b-2022-a.docx"]["sum_failed"] > 0

    # C: a department whose table does not add up and whose text disagrees with it
    c23 = values(2021, 7, [1, 0, 0, 0, 0, 0])
    c23["requests.carried_forward.natural_person"] += 1
    emit("c-2023.txt", "txt-docx2txt", t21, 2021, c23, "示范市生态环境局", "示范市生态环境局", "部门", 2023,
         stated=c23["requests.new.total"] + 40)
    assert expected["reports"]["c-2023.txt"]["sum_failed"] > 0
    assert expected["reports"]["c-2023.txt"]["prose_failed"] == 1

    # D: a street office; two cells of table 二 left blank (blank, never 0)
    d23 = values(2021, 8, [0, 0, 0, 0, 0, 0])
    d23["proactive.fees.amount"] = None
    d23["proactive.coercive_measures.decisions"] = None
    emit("d-2023.html", "html", t21, 2021, d23, "示范市东湖区桃源街道办事处", "示范市东湖区桃源街道", "乡镇", 2023)

    with open(os.path.join(OUT, "notice.txt"), "w", encoding="utf-8") as f:
        f.write("关于做好2024年春节假期安全工作的通知\n\n各单位：\n\n春节将至，为确保节日期间安全稳定，现将有关事项通知如下。\n\n"
                "一、加强值班值守\n\n严格执行领导带班和24小时值班制度。\n")
    with open(os.path.join(OUT, "picture.png"), "wb") as f:
        f.write(bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                              "0000000d4944415478da63f8cfc0f01f0005000200c4cf2d5b0000000049454e44ae426082"))
    with open(os.path.join(HERE, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
