#!/usr/bin/env python3
"""The report model read from the seed .docx equals the one read from the
seed .txt (the original): template, agency and year, all 200 field values
and the consistency findings. usage: report_check.py DOCX.json TXT.json"""
import json
import sys

a = json.load(open(sys.argv[1], encoding="utf-8")).get("report")
b = json.load(open(sys.argv[2], encoding="utf-8")).get("report")
fails = []
if not a or not b:
    fails.append("no report recognised (docx: %s, txt: %s)" % (bool(a), bool(b)))
else:
    if a["template"] != b["template"] or a["template"] != "gov-info-annual-report-2021":
        fails.append("template %r vs %r" % (a["template"], b["template"]))
    if a["metadata"] != b["metadata"]:
        fails.append("metadata %r vs %r" % (a["metadata"], b["metadata"]))
    if len(a["fields"]) != 200:
        fails.append("%d fields, expected 200" % len(a["fields"]))
    diff = [(k, a["fields"][k], b["fields"].get(k)) for k in a["fields"]
            if a["fields"][k] != b["fields"].get(k)]
    if diff or set(a["fields"]) != set(b["fields"]):
        fails.append("fields differ: %r" % diff[:5])
    strip = [(c["rule"], c["ok"]) for c in a["checks"]], [(c["rule"], c["ok"]) for c in b["checks"]]
    if strip[0] != strip[1]:
        fails.append("checks differ: %r vs %r" % strip)
    if not any(c["rule"] == "prose.requests" and not c["ok"] for c in a["checks"]):
        fails.append("the seed's prose/table contradiction is not found from the .docx")
for f in fails:
    print("FAIL: " + f)
sys.exit(1 if fails else 0)
