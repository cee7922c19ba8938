#!/usr/bin/env python3
"""Runs govdoc on PDFs: each converts or fails with one clear error line
and exit 5 (malformed), 6 (unsupported: scanned, encrypted) or 7 (a limit);
no crash, no sanitizer report, no hang. SECONDS is a kill timeout that only
catches a hang (wall-clock time is measured in bench/, never asserted).
  sweep.py GOVDOC TMPDIR SECONDS corpus DIR    every *.pdf under DIR
  sweep.py GOVDOC TMPDIR SECONDS mutate N F... N mutated copies of the files
                                               (fixed seed: the same set each run)"""
import concurrent.futures
import os
import random
import subprocess
import sys

GOVDOC, TMP, LIMIT, MODE = sys.argv[1], sys.argv[2], float(sys.argv[3]), sys.argv[4]


def mutants(n, files):
    rnd = random.Random(14)
    srcs = [open(f, "rb").read() for f in files]
    out = []
    for i in range(n):
        d = bytearray(srcs[i % len(srcs)])
        kind = i % 4
        if kind == 0:    # flipped bytes
            for _ in range(rnd.randint(1, 40)):
                d[rnd.randrange(len(d))] = rnd.randrange(256)
        elif kind == 1:  # truncated
            d = d[:rnd.randrange(len(d))]
        elif kind == 2:  # a chunk duplicated elsewhere
            a = rnd.randrange(len(d)); b = min(len(d), a + rnd.randint(1, 4000))
            c = rnd.randrange(len(d)); d[c:c] = d[a:b]
        else:            # numbers changed (offsets, lengths, sizes, counts)
            s = bytes(d)
            for _ in range(rnd.randint(1, 20)):
                p = rnd.randrange(len(s))
                while p < len(s) and not (48 <= s[p] <= 57):
                    p += 1
                if p < len(s):
                    d[p] = rnd.choice(b"0123456789")
        p = os.path.join(TMP, "mutant-%03d.pdf" % i)
        open(p, "wb").write(bytes(d))
        out.append(p)
    return out


def one(path):
    try:
        r = subprocess.run([GOVDOC, "convert", "-q", "-f", "pdf", "-t", "json", "-o",
                            os.path.join(TMP, "out-%d.json" % (hash(path) & 0xffffff)), path],
                           capture_output=True, text=True, errors="replace", timeout=LIMIT)
        return path, r.returncode, r.stderr
    except subprocess.TimeoutExpired:
        return path, -999, "timeout"


if MODE == "corpus":
    files = sorted(os.path.join(r, n) for r, _, ns in os.walk(sys.argv[5]) for n in ns
                   if n.lower().endswith(".pdf"))
    # ctest: every Nth file plus the known hard cases of the inventory
    # (encrypted with a user password, damaged: qpdf --check errors);
    # GD_CORPUS_FULL=1: all (tests/lib/corpus_sample.py)
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
    import corpus_sample
    hard = set()
    inv = os.path.join(sys.argv[5], "..", "INVENTORY-pdf.tsv")
    if os.path.exists(inv):
        import csv
        with open(inv, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                if row["role"] == "input" and ("user password" in row["encrypted"]
                                               or row["qpdf_check"] == "errors"):
                    hard.add(os.path.normpath(os.path.join(sys.argv[5], row["file"])))
    total = len(files)
    files, strided = corpus_sample.sample(files, lambda p: os.path.normpath(p) in hard)
    print("corpus: " + corpus_sample.describe(files, strided, total))
else:
    files = mutants(int(sys.argv[5]), sys.argv[6:])
fails, counts = [], {}
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    for path, rc, err in pool.map(one, files):
        counts[rc] = counts.get(rc, 0) + 1
        if rc not in (0, 5, 6, 7):
            fails.append("%s: exit %d: %s" % (path, rc, err.strip()[:300]))
        elif rc != 0 and (err.count("\n") != 1 or not err.startswith("govdoc: error: ")):
            fails.append("%s: error is not one line: %r" % (path, err[:300]))
        if "Sanitizer" in err or "runtime error" in err:
            fails.append("%s: sanitizer report" % path)
if not files:
    fails.append("no PDF found")
for f in fails:
    print("FAIL: " + f)
print("%s: %d files, exit codes %s" % (MODE, len(files), dict(sorted(counts.items()))))
sys.exit(1 if fails else 0)
