#!/usr/bin/python3
"""The report-fidelity measure (issue #17): for every report fixture and
every form it is available in, how many of its fields govdoc reads equal to
the fixture's truth, and how many rows it left blank as ambiguous (a row
written one cell per line whose lines did not fit the template's columns).

Forms: the committed files (DOCX, HTML, Tika's flattened TXT, docx2txt,
pdftotext -layout) and, made here, a PDF of each HTML fixture by govdoc's
PDF writer read back by govdoc's PDF reader.

    measure.py GOVDOC DIR...      prints a table; exits 1 when a form named
                                  by --require misses a field or drops a row,
                                  or when any input gives a field a value
                                  other than the truth (a value shifted into
                                  another column is worse than a blank)
    --require SUFFIX              e.g. -docx2txt.txt, .docx, .pdf (repeatable)
    --expect NAME=EQ:AMB          the input NAME gives exactly EQ fields equal
                                  to the truth and AMB ambiguous rows (a row
                                  known to be ambiguous; fails when it loses
                                  a field, and when it gains one, so that the
                                  expectation is raised)
"""
import json
import os
import subprocess
import sys
import tempfile


def form_of(name):
    for suffix, form in (("-docx2txt.txt", "docx2txt"), ("-pdftotext.txt", "pdftotext"),
                         (".docx", "docx"), (".html", "html"), (".pdf", "pdf"), (".txt", "txt")):
        if name.endswith(suffix):
            return form
    return "?"


def read(govdoc, path, tmp):
    out = os.path.join(tmp, os.path.basename(path) + ".json")
    p = subprocess.run([govdoc, "convert", "-q", path, "-o", out], capture_output=True, text=True)
    if p.returncode != 0:
        return None
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def score(doc, exp):
    """(fields equal to the truth, fields, rows dropped as ambiguous,
    fields with a value other than the truth)"""
    rep = (doc or {}).get("report")
    n = len(exp["fields"])
    # rows left blank: lines that do not fit (ambiguous), or too few values
    diags = [json.dumps(d, ensure_ascii=False) for d in (doc or {}).get("diagnostics", [])]
    ambiguous = sum(1 for d in diags if "ambiguous row" in d or "the row is left blank" in d)
    if not rep or rep["template"] != exp["template"]:
        return 0, n, ambiguous, 0
    got = rep["fields"]
    eq = wrong = 0
    for k, v in exp["fields"].items():
        g = got.get(k)
        if (v is None and g is None) or (v is not None and g is not None and abs(g - v) < 1e-9):
            eq += 1
        elif g is not None:
            wrong += 1
    return eq, n, ambiguous, wrong


def main():
    args = sys.argv[1:]
    require, expect = [], {}
    while "--require" in args:
        i = args.index("--require")
        require.append(args[i + 1])
        del args[i:i + 2]
    while "--expect" in args:
        i = args.index("--expect")
        name, want = args[i + 1].split("=")
        eq, amb = want.split(":")
        expect[name] = (int(eq), int(amb))
        del args[i:i + 2]
    govdoc, dirs = args[0], args[1:]
    rows, bad = [], 0
    with tempfile.TemporaryDirectory() as tmp:
        for d in dirs:
            for name in sorted(os.listdir(d)):
                path = os.path.join(d, name)
                exp_path = path + ".expected.json"
                if name.endswith(".json") or not os.path.exists(exp_path):
                    continue
                with open(exp_path, encoding="utf-8") as f:
                    exp = json.load(f)
                inputs = [(name, path)]
                if name.endswith(".html"):  # and as a PDF, through the PDF writer and reader
                    pdf = os.path.join(tmp, name[:-5] + ".pdf")
                    p = subprocess.run([govdoc, "convert", "-q", path, "-o", pdf], capture_output=True)
                    if p.returncode == 0:
                        inputs.append((name[:-5] + ".pdf", pdf))
                for shown, p in inputs:
                    eq, n, amb, wrong = score(read(govdoc, p, tmp), exp)
                    rows.append((shown, form_of(shown), eq, n, amb, wrong))
    forms = {}
    print(f"{'fixture':44} {'form':10} {'fields':>9} {'ambiguous':>9} {'wrong':>5}")
    for shown, form, eq, n, amb, wrong in rows:
        print(f"{shown:44} {form:10} {eq:4}/{n:<4} {amb:9} {wrong:5}")
        f = forms.setdefault(form, [0, 0, 0, 0, 0, 0])
        f[0] += 1
        f[1] += eq == n
        f[2] += eq
        f[3] += n
        f[4] += amb
        f[5] += wrong
        if wrong:
            bad += 1
            print(f"  ^ FAIL: {wrong} fields hold a value other than the truth")
        if shown in expect:
            if (eq, amb) != expect[shown]:
                bad += 1
                print(f"  ^ FAIL: expected {expect[shown][0]} fields and {expect[shown][1]} rows ambiguous")
        elif any(shown.endswith(s) for s in require) and (eq != n or amb):
            bad += 1
            print(f"  ^ FAIL: required form misses {n - eq} fields, {amb} rows ambiguous")
    for name in expect:
        if not any(r[0] == name for r in rows):
            bad += 1
            print(f"FAIL: --expect {name}: no such input")
    print()
    print(f"{'form':10} {'inputs':>6} {'complete':>8} {'fields':>13} {'ambiguous':>9} {'wrong':>5}")
    for form, (k, full, eq, n, amb, wrong) in sorted(forms.items()):
        print(f"{form:10} {k:6} {full:8} {eq:6}/{n:<6} {amb:9} {wrong:5}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
