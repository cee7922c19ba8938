#!/usr/bin/python3
"""The peer: what a researcher writes without govdoc aggregate — read each
govdoc JSON output, take report.metadata and report.fields, one row per
report, to CSV with pandas.    peer_pandas.py JSONDIR OUT.csv"""
import glob
import json
import sys

import pandas as pd

rows = []
for path in sorted(glob.glob(sys.argv[1] + "/*.json")):
    with open(path, encoding="utf-8") as f:
        d = json.load(f)
    r = d.get("report")
    if not r:
        continue
    row = {"source": d["meta"].get("source"), "agency": r["metadata"]["agency"],
           "year": r["metadata"]["year"], "template": r["template"]}
    row.update(r["fields"])
    rows.append(row)
pd.DataFrame(rows).to_csv(sys.argv[2], index=False, encoding="utf-8-sig")
