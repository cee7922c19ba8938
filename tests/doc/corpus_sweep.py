#!/usr/bin/env python3
"""Sweeps ../shared/corpora/doc (323 .doc/.wps files from other projects'
test suites) through govdoc: every file ends in a document or in one line
of error with the code its kind calls for — never a crash, a hang or an
internal error. Expected codes come from INVENTORY-doc.tsv:

  Word 97-2003 / Word 6/95, not encrypted  → 0 (fuzzer-made and damaged files: 0 or 5)
  encrypted                                → 6
  not Word (Excel, Works, WordPerfect, XML, text, Word 2) → 6
  a DOCX named .doc                        → 0 (the docx reader)

Then a few contents: Chinese text, properties in code page 950, tables.

    corpus_sweep.py GOVDOC CORPORA_DIR TMPDIR
"""
import csv
import json
import os
import subprocess
import sys

govdoc, corpora, tmp = sys.argv[1:4]
fails = checks = 0


def check(ok, what):
    global fails, checks
    checks += 1
    if not ok:
        fails += 1
        print("FAIL:", what)


inv = {}
with open(os.path.join(corpora, "INVENTORY-doc.tsv"), encoding="utf-8") as f:
    for row in csv.DictReader(f, delimiter="\t"):
        if row["role"] == "input":
            inv[row["file"]] = row

DAMAGED = ("clusterfuzz", "Fuzzed", "AIOOB", "badfile", "this-file-crashes", "ProblemExtracting",
           "47950_lower", "47950_upper", "Bug51944")
counts = {}
out = os.path.join(tmp, "o.json")


def convert_one(item):
    rel, row = item
    path = os.path.join(corpora, "doc", rel)
    o = os.path.join(tmp, "sweep-%d.json" % abs(hash(rel)))
    if os.path.exists(o):
        os.unlink(o)
    try:
        p = subprocess.run([govdoc, "convert", "-q", path, "-t", "json", "-o", o],
                           capture_output=True, text=True, timeout=120, errors="replace")
        rc, err = p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        rc, err = "hang", ""
    made = os.path.exists(o)
    ok_json = True
    if rc == 0:
        try:
            with open(o, encoding="utf-8") as f:
                json.load(f)
        except (OSError, ValueError):
            ok_json = False
    if made:
        os.unlink(o)
    return rel, row, path, rc, err, made, ok_json


import concurrent.futures
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import corpus_sample  # noqa: E402

all_rels = [rel for rel in sorted(inv) if os.path.exists(os.path.join(corpora, "doc", rel))]


def known_case(rel):
    """The files whose expectation is not "read": encrypted, damaged,
    not Word, a DOCX named .doc — every one is in every sweep."""
    row = inv[rel]
    return (row["encrypted"] == "1" or any(d in rel for d in DAMAGED)
            or row["format"] not in ("Word97-2003", "Word6/95"))


# ctest: every Nth file plus the known cases; GD_CORPUS_FULL=1: all
picked, strided = corpus_sample.sample(all_rels, known_case)
print("corpus:", corpus_sample.describe(picked, strided, len(all_rels)))
items = [(rel, inv[rel]) for rel in picked]
with concurrent.futures.ThreadPoolExecutor(2) as ex:
    results = list(ex.map(convert_one, items))
for rel, row, path, rc, err, made, ok_json in results:
    counts[rc] = counts.get(rc, 0) + 1
    name = os.path.basename(path)
    check(rc in (0, 5, 6, 7), "%s: exit %s (a crash or internal error): %s" % (rel, rc, err[:300]))
    if rc != 0:
        lines = err.strip().splitlines()
        check(len(lines) == 1 and lines[0].startswith("govdoc: error: ") and name in lines[0],
              "%s: one line naming the file: %r" % (rel, err[:300]))
        check(not made, "%s: no output on failure" % rel)
    else:
        check(ok_json, "%s: valid JSON" % rel)
    fmt, enc = row["format"], row["encrypted"]
    damaged = any(d in rel for d in DAMAGED) or fmt == "garbage-FIB"
    if enc == "1":
        check(rc == 6 and "encrypted" in err, "%s: encrypted → exit 6 (%s)" % (rel, rc))
    elif damaged:
        check(rc in (0, 5, 6), "%s: damaged → 0, 5 or 6 (%s)" % (rel, rc))
    elif fmt in ("Word97-2003", "Word6/95"):
        check(rc == 0, "%s: %s → read (exit %s: %s)" % (rel, fmt, rc, err.strip()[:200]))
    elif fmt in ("OLE2-not-Word", "Word2", "WordML-2003-XML", "plain-text", "other"):
        check(rc == 6, "%s: %s → exit 6 (%s: %s)" % (rel, fmt, rc, err.strip()[:200]))
    elif fmt == "OOXML-zip":
        check(rc == 0, "%s: a DOCX named .doc → read (%s)" % (rel, rc))

print("exit codes:", counts)
# At least 270 of the corpus's files read: over a sample, the same share of its
# every-Nth part (unbiased; the known cases, mostly refusals, are extra).
strided_set = set(strided)
read_strided = sum(1 for rel, row, path, rc, err, made, ok_json in results
                   if rel in strided_set and rc == 0)
need = 270 * len(strided) // len(all_rels)
check(read_strided >= need, "at least %d of %d files read (%d; 270 of the %d in the full sweep)"
      % (need, len(strided), read_strided, len(all_rels)))


def convert(rel):
    p = subprocess.run([govdoc, "convert", "-q", os.path.join(corpora, "doc", rel), "-t", "json", "-o", out],
                       capture_output=True, text=True)
    check(p.returncode == 0, "%s converts" % rel)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def alltext(n):
    if isinstance(n, dict):
        return (n.get("text") or "") + "".join(alltext(v) for k, v in n.items() if isinstance(v, (list, dict)))
    if isinstance(n, list):
        return "".join(alltext(x) for x in n)
    return ""


d = convert("node-word-extractor/test11.doc")
check("这是一个用来测试nodejs解析Word文档" in alltext(d["blocks"]), "test11.doc: Chinese text")
d = convert("apache-poi/document/61490.doc")
check(d["meta"].get("title") == "居中的大标题", "61490.doc: title %r" % d["meta"].get("title"))
tabs = [b for b in d["blocks"] if b["type"] == "table"]
check(len(tabs) == 1 and len(tabs[0]["rows"]) == 3 and all(len(r["cells"]) == 3 for r in tabs[0]["rows"]),
      "61490.doc: the 3×3 table")
check(any(b["type"] == "heading" and b.get("level") == 2 and "1.1" in alltext(b) for b in d["blocks"]),
      "61490.doc: numbered level-2 headings keep their number text")
d = convert("apache-poi/hpsf/TestChineseProperties.doc")
check(d["meta"].get("title") == "參考資料" and d["meta"].get("author") == "雅虎",
      "TestChineseProperties.doc: properties in code page 950: %r" % d["meta"])
print("%d of %d checks failed" % (fails, checks))
sys.exit(1 if fails else 0)
