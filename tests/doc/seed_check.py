#!/usr/bin/env python3
"""The seed report as .doc (LibreOffice's conversion of the seed .docx) gives
the same report model as the .docx — template, metadata, all 200 fields,
the same checks — and the same three statistical tables: the same grids
(rows, spans, cell text) as the DOCX reader builds.

    seed_check.py GOVDOC SEED.docx SEED.doc TMPDIR
"""
import json
import subprocess
import sys

govdoc, docx, doc, tmp = sys.argv[1:5]
fails = checks = 0


def check(ok, what):
    global fails, checks
    checks += 1
    if not ok:
        fails += 1
        print("FAIL:", what)


def convert(path, out):
    p = subprocess.run([govdoc, "convert", path, "-t", "json", "-o", out], capture_output=True, text=True)
    check(p.returncode == 0, "%s converts (%d: %s)" % (path, p.returncode, p.stderr.strip()[:300]))
    with open(out, encoding="utf-8") as f:
        return json.load(f)


a = convert(docx, tmp + "/seed-docx.json")
b = convert(doc, tmp + "/seed-doc.json")
check(b["meta"].get("source-format") == "doc", "read by the doc reader")
ra, rb = a.get("report"), b.get("report")
check(ra and rb, "both recognised as reports")
check(rb["template"] == ra["template"], "same template")
check(rb["metadata"] == ra["metadata"], "same agency and year: %s" % rb["metadata"])
fa, fb = ra["fields"], rb["fields"]
check(len(fa) == 200 and list(fb) == list(fa), "the same 200 field keys (%d)" % len(fb))
same = sum(1 for k in fa if fb.get(k) == fa[k])
check(same == 200, "all 200 fields equal (%d equal)" % same)
check(sum(1 for v in fb.values() if v is not None) == 200, "all 200 fields have a value")
check(rb["checks"] == ra["checks"], "the same checks, messages and results")
check(any(not c["ok"] and c["rule"] == "prose.requests" for c in rb["checks"]),
      "the seed's prose finding is there (a real failing check)")


def text(blocks):
    out = []
    for n in blocks:
        for c in n.get("inlines", []):
            if c["type"] == "text":
                out.append(c["text"])
            elif c.get("inlines"):
                out.append(text([c]))
        if n.get("blocks"):
            out.append(text(n["blocks"]))
    return "".join(out)


def grid(t):
    """The dense grid: each slot holds (origin row, origin col, text)."""
    rows = t["rows"]
    g = {}
    for r, row in enumerate(rows):
        c = 0
        for cell in row["cells"]:
            while (r, c) in g:
                c += 1
            for dr in range(cell["rowspan"]):
                for dc in range(cell["colspan"]):
                    g[(r + dr, c + dc)] = (r, c, cell["rowspan"], cell["colspan"], text(cell["blocks"]))
            c += cell["colspan"]
    return g


ta = [n for n in a["blocks"] if n["type"] == "table"]
tb = [n for n in b["blocks"] if n["type"] == "table"]
check(len(ta) == 3 and len(tb) == 3, "three tables in each (%d, %d)" % (len(ta), len(tb)))
for i, (x, y) in enumerate(zip(ta, tb)):
    gx, gy = grid(x), grid(y)
    check(len(x["rows"]) == len(y["rows"]), "table %d: same rows (%d, %d)" % (i + 1, len(x["rows"]), len(y["rows"])))
    check(gx == gy, "table %d: same grid, spans and text (%d slots)" % (i + 1, len(gx)))
    spans = sorted((c["rowspan"], c["colspan"]) for r in y["rows"] for c in r["cells"] if c["rowspan"] > 1 or c["colspan"] > 1)
    check(spans == sorted((c["rowspan"], c["colspan"]) for r in x["rows"] for c in r["cells"] if c["rowspan"] > 1 or c["colspan"] > 1),
          "table %d: same merged cells %s" % (i + 1, spans))
# table 三: the vertical merge groups 8, 3, 5, 3 stay apart (libwv joined them into 19)
t3 = tb[1] if len(tb) > 1 else {"rows": []}
rs = [c["rowspan"] for r in t3["rows"] for c in r["cells"] if c["rowspan"] > 1]
check(rs == [3, 2, 2, 22, 8, 3, 5, 3], "table 三 rowspans %s" % rs)

# the text: same headings and paragraphs in order
def outline(d):
    return [(n["type"], n.get("level"), text([n])) for n in d["blocks"] if n["type"] in ("heading", "paragraph")]
check(outline(a) == outline(b), "same headings and paragraphs, in order")
print("%d of %d checks failed" % (fails, checks))
sys.exit(1 if fails else 0)
