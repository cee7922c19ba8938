#!/usr/bin/python3
"""Runs govdoc on report fixtures and compares the report model with the
fixture's NAME.expected.json: the template, every field (null stays null),
and the checks that fail (counted per rule).

    check_fixtures.py GOVDOC FIXTURE...
"""
import json
import os
import subprocess
import sys
import tempfile


def failing(report):
    out = {}
    for c in report["checks"]:
        if not c["ok"]:
            out[c["rule"]] = out.get(c["rule"], 0) + 1
    return out


def check(govdoc, path, tmp):
    errors = []
    out = os.path.join(tmp, os.path.basename(path) + ".json")
    p = subprocess.run([govdoc, "convert", "-q", path, "-o", out], capture_output=True, text=True)
    if p.returncode != 0:
        return [f"convert failed ({p.returncode}): {p.stderr.strip()}"]
    with open(out, encoding="utf-8") as f:
        doc = json.load(f)
    exp_path = path + ".expected.json"
    if not os.path.exists(exp_path):  # not a report
        return ["recognised as a report"] if "report" in doc else []
    with open(exp_path, encoding="utf-8") as f:
        exp = json.load(f)
    rep = doc.get("report")
    if not rep:
        return ["not recognised as a report"]
    if rep["template"] != exp["template"]:
        errors.append(f"template {rep['template']}, expected {exp['template']}")
    got = rep["fields"]
    if list(got) != sorted(got, key=list(got).index) or set(got) != set(exp["fields"]):
        errors.append(f"field keys differ: {len(got)} vs {len(exp['fields'])}")
    for k, v in exp["fields"].items():
        g = got.get(k, "missing")
        if v is None and g is not None or v is not None and (g is None or g == "missing" or abs(g - v) > 1e-9):
            errors.append(f"{k}: got {g}, expected {v} (from {rep['sources'].get(k)})")
    f = failing(rep)
    if f != exp["failing"]:
        msgs = [c["message"] for c in rep["checks"] if not c["ok"]][:6]
        errors.append(f"failing checks {f}, expected {exp['failing']}: {msgs}")
    return errors


def main():
    govdoc, paths = sys.argv[1], sys.argv[2:]
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for p in paths:
            errs = check(govdoc, p, tmp)
            name = os.path.basename(p)
            if errs:
                bad += 1
                print(f"FAIL {name}")
                for e in errs[:12]:
                    print(f"    {e}")
                if len(errs) > 12:
                    print(f"    ... {len(errs) - 12} more")
            else:
                print(f"ok   {name}")
    if not paths:
        print("no fixtures")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
