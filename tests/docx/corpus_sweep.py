#!/usr/bin/env python3
"""Every .docx of corpora/docx converts, or fails with one clear line and
the expected exit code (5 malformed, 6 unsupported, 7 limit); no crash,
no sanitizer report, no hang. SECONDS is a kill timeout that only catches a
hang: wall-clock time under a loaded machine is not a test result (speed is
measured in bench/).
usage: corpus_sweep.py GOVDOC CORPORA_DIR TMPDIR SECONDS"""
import concurrent.futures
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import corpus_sample  # noqa: E402

GOVDOC, CORPORA, TMP, LIMIT = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])

# The deliberately broken files (corpora/README.md): they must be refused.
NEGATIVE = {
    "ExternalEntityInText.docx": 5,           # DOCTYPE/XXE probe
    "bug53475-password-is-pass.docx": 6,      # encrypted (OLE2 EncryptedPackage)
    "bug53475-password-is-solrcell.docx": 6,
    "protected_agile.docx": 6,
    "stress025.docx": 6,                      # a theme package, not a document
    "truncated62886.docx": 5,
}


def expected(name):
    if name in NEGATIVE:
        return NEGATIVE[name]
    if name.startswith(("clusterfuzz-", "crash-")):
        return None                           # fuzzer-made: anything but a crash
    return 0


def one(path):
    out = os.path.join(TMP, "sweep-%d.json" % (hash(path) & 0xffffffff))
    t = time.time()
    try:
        r = subprocess.run([GOVDOC, "convert", "-q", "--no-report", "-o", out, path],
                           capture_output=True, text=True, errors="replace",
                           timeout=LIMIT)
        rc, err = r.returncode, r.stderr
    except subprocess.TimeoutExpired:
        rc, err = -999, "timeout"
    dt = time.time() - t
    if os.path.exists(out):
        os.unlink(out)
    return path, rc, err, dt


files = []
for root, _, names in os.walk(os.path.join(CORPORA, "docx")):
    files += [os.path.join(root, n) for n in names if n.endswith(".docx")]
files.sort()
fails = []
if len(files) != 794:
    fails.append("expected 794 .docx files in the corpus, found %d" % len(files))
# ctest: every Nth file plus the known cases (the refused files, the
# fuzzer-made ones); GD_CORPUS_FULL=1: all (tests/lib/corpus_sample.py)
total = len(files)
files, strided = corpus_sample.sample(
    files, lambda p: os.path.basename(p) in NEGATIVE or expected(os.path.basename(p)) is None)
print("corpus: " + corpus_sample.describe(files, strided, total))
kept = {os.path.basename(p) for p in files}
for name in NEGATIVE:
    if name not in kept:
        fails.append("%s: a known case not in the sweep" % name)
slowest = (0, "")
counts = {}
with concurrent.futures.ThreadPoolExecutor(2) as pool:
    for path, rc, err, dt in pool.map(one, files):
        name = os.path.basename(path)
        rel = os.path.relpath(path, CORPORA)
        counts[rc] = counts.get(rc, 0) + 1
        slowest = max(slowest, (dt, rel))
        want = expected(name)
        if (want is None and rc not in (0, 5, 6, 7)) or (want is not None and rc != want):
            fails.append("%s: exit %d, expected %d: %s" % (rel, rc, want, err.strip()[:300]))
        if rc != 0 and (err.count("\n") != 1 or not err.startswith("govdoc: error: ")):
            fails.append("%s: error is not one line: %r" % (rel, err[:300]))
        if "Sanitizer" in err or "runtime error" in err:
            fails.append("%s: sanitizer report" % rel)
for f in fails:
    print("FAIL: " + f)
print("corpus: %d files, exit codes %s, slowest %.2fs (%s)" % (
    len(files), dict(sorted(counts.items())), slowest[0], slowest[1]))
sys.exit(1 if fails else 0)
