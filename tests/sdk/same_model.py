#!/usr/bin/env python3
"""same_model.py A.json B.json [--same-tree]: two govdoc JSON documents
have the same report model (template, metadata, every field, every check,
the sections found); with --same-tree, also the same document tree apart
from the source style names and the same title."""
import json, sys

a, b = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
bad = []
ra, rb = a.get("report"), b.get("report")
if not ra or not rb:
    sys.exit("FAIL: not a report: %s %s" % (bool(ra), bool(rb)))
for k in ("template", "metadata", "fields", "sections"):
    if ra[k] != rb[k]:
        diff = [f for f in ra[k] if ra[k][f] != rb[k].get(f)] if isinstance(ra[k], dict) else ""
        bad.append("%s differ %s" % (k, str(diff)[:300]))
ca = [(c["rule"], c["ok"], c["message"]) for c in ra["checks"]]
cb = [(c["rule"], c["ok"], c["message"]) for c in rb["checks"]]
if ca != cb:
    bad.append("checks differ")
if len(ra["fields"]) < 190:
    bad.append("only %d fields" % len(ra["fields"]))


def nostyle(x):
    if isinstance(x, dict):
        y = {}
        for k, v in x.items():
            if k == "attrs":
                v = {ak: av for ak, av in v.items() if ak != "style"}
                if not v:
                    continue
            y[k] = nostyle(v)
        return y
    if isinstance(x, list):
        return [nostyle(v) for v in x]
    return x


if "--same-tree" in sys.argv:
    if nostyle(a["blocks"]) != nostyle(b["blocks"]):
        bad.append("document trees differ")
    if a["meta"].get("title") != b["meta"].get("title"):
        bad.append("titles differ")
for m in bad:
    print("FAIL:", m)
sys.exit(1 if bad else 0)
