#!/usr/bin/env python3
"""Times each page with govdoc (HTML→JSON), pandoc (-f html -t json) and the
libxml2 floor (a process that only parses), best of RUNS wall times, and
prints per-page milliseconds plus ratios against govdoc."""
import math
import os
import subprocess
import sys
import time

govdoc, floor, listfile, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
pages = [l.strip() for l in open(listfile) if l.strip()]


TIMEOUT = 20  # seconds; pandoc spends minutes on some fuzz pages


def best(cmd, n):
    t = math.inf
    ok = True
    for _ in range(n):
        t0 = time.perf_counter()
        try:
            r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=TIMEOUT)
            ok = ok and r.returncode == 0
        except subprocess.TimeoutExpired:
            return TIMEOUT * 1000.0, False
        t = min(t, time.perf_counter() - t0)
    return t * 1000, ok


rows = []
for p in pages:
    g, gok = best([govdoc, "convert", "-q", "-f", "html", "-t", "json", "-o", "-", p], runs)
    f, _ = best([floor, p, "1"], runs)
    inproc = float(subprocess.run([floor, p, str(max(runs, 5))], capture_output=True, text=True).stdout or 0) / 1000
    pd, pok = best(["pandoc", "-f", "html", "-t", "json", p], 1 if len(pages) > 20 else runs)
    rows.append((p, os.path.getsize(p), g, gok, pd, pok, f, inproc))

name = lambda p: p.split("/corpora/html/")[-1].split("/seed/")[-1].split("/tmp/")[-1][-60:]
print("%-60s %8s %9s %9s %9s %9s" % ("page", "bytes", "govdoc", "pandoc", "floor", "parse"))
for p, size, g, gok, pd, pok, f, inproc in rows:
    print("%-60s %8d %8.1f%s %8.1f%s %9.1f %9.2f" % (name(p), size, g, "" if gok else "!", pd, "" if pok else "!", f, inproc))


def geo(xs):
    xs = [x for x in xs if x > 0]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


ok = [r for r in rows if r[3] and r[5]]
print()
print("pages: %d (both converted: %d; govdoc failed: %d; pandoc failed or timed out after %ds: %d)"
      % (len(rows), len(ok), sum(1 for r in rows if not r[3]), TIMEOUT, sum(1 for r in rows if not r[5])))
print("total ms: govdoc %.0f, pandoc %.0f, floor process %.0f, in-process parse %.0f"
      % (sum(r[2] for r in rows), sum(r[4] for r in rows), sum(r[6] for r in rows), sum(r[7] for r in rows)))
print("geometric mean per page: pandoc/govdoc = %.1fx, govdoc/floor-process = %.2fx"
      % (geo([r[4] / r[2] for r in ok]), geo([r[2] / r[6] for r in rows])))
big = sorted(rows, key=lambda r: -r[1])[:10]
print("10 largest pages: pandoc/govdoc = %.1fx, govdoc minus floor process = %.1f ms/page, "
      "in-process parse = %.1f ms/page"
      % (geo([r[4] / r[2] for r in big if r[3] and r[5]]), sum(r[2] - r[6] for r in big) / len(big),
         sum(r[7] for r in big) / len(big)))
