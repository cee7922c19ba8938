#!/usr/bin/env python3
"""Timing driver for bench.sh. usage: bench.py FLOOR INPROC GOVDOC SEED CORPORA [--quick]"""
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

floor, inproc, govdoc, seed, corpora = sys.argv[1:6]
# the in-process driver finds the plugins of this build tree
plugin_env = dict(os.environ, GOVDOC_PLUGIN_PATH=os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(govdoc))), "lib", "govdoc", "plugins"))
quick = "--quick" in sys.argv
pandoc = shutil.which("pandoc")
tmp = tempfile.mkdtemp()


def wall(cmd, n):
    """Median wall time in ms of n runs, or None if the command fails. The
    CPU time (user + system) of the same runs goes to cpu_of[cmd[0]]: on a
    shared machine it is the steadier figure."""
    ts, cs = [], []
    for _ in range(n):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=120)
        ts.append((time.perf_counter() - t) * 1e3)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cs.append((r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime) * 1e3)
        if r.returncode != 0:
            return None
    last_cpu[0] = statistics.median(cs)
    return statistics.median(ts)


last_cpu = [0.0]


def table(tool, repeat, files):
    """{file: (a, b)} from floor/inproc output lines."""
    out = {}
    for i in range(0, len(files), 200):
        r = subprocess.run([tool, str(repeat)] + files[i:i + 200], capture_output=True,
                           text=True, env=plugin_env)
        for line in r.stdout.splitlines():
            a, b, f = line.split(" ", 2)
            out[f] = (float(a), float(b))
    return out


def gmean(xs):
    xs = [x for x in xs if x > 0]
    return statistics.geometric_mean(xs) if xs else float("nan")


out_json = os.path.join(tmp, "out.json")
print("\n== seed: %s" % os.path.basename(seed))
fl = table(floor, 50, [seed])[seed]
ip = table(inproc, 50, [seed])[seed]
cli = wall([govdoc, "convert", "-q", "--no-report", "-o", out_json, seed], 30)
cli_cpu = last_cpu[0]
cli_empty = wall([govdoc, "formats"], 30)
empty_cpu = last_cpu[0]
pd = wall([pandoc, "-f", "docx", "-t", "json", "-o", out_json, seed], 10) if pandoc else None
pd_cpu = last_cpu[0]
floor_ms = fl[0] + fl[1]
print("floor (inflate + bare SAX parse)   %8.2f ms  (inflate %.2f, parse %.2f)" % (floor_ms, *fl))
print("govdoc read, in process (DOCX→IR)  %8.2f ms  = %.2f× floor" % (ip[0], ip[0] / floor_ms))
print("govdoc read + JSON, in process     %8.2f ms  = %.2f× floor" % (ip[0] + ip[1],
                                                                     (ip[0] + ip[1]) / floor_ms))
print("govdoc convert (CLI process)       %8.2f ms wall, %.2f ms CPU  (process start + plugin "
      "loading alone: %.2f ms wall, %.2f ms CPU)" % (cli, cli_cpu, cli_empty, empty_cpu))
if pd:
    print("pandoc -t json (process)           %8.2f ms wall, %.2f ms CPU  = %.1f× govdoc CLI wall, "
          "%.1f× CPU" % (pd, pd_cpu, pd / cli, pd_cpu / cli_cpu))

files = []
for root, _, names in os.walk(os.path.join(corpora, "docx")):
    files += [os.path.join(root, n) for n in names if n.endswith(".docx")]
files.sort()
print("\n== corpus: %d .docx" % len(files))
fl = table(floor, 5, files)
ip = table(inproc, 5, files)
both = [f for f in files if f in fl and f in ip]
ratios = [(ip[f][0]) / (fl[f][0] + fl[f][1]) for f in both if fl[f][0] + fl[f][1] > 0.05]
print("documents read by govdoc and the floor: %d" % len(both))
print("floor per document: median %.2f ms, total %.0f ms" % (
    statistics.median(fl[f][0] + fl[f][1] for f in both), sum(fl[f][0] + fl[f][1] for f in both)))
print("govdoc read per document (in process): median %.2f ms, total %.0f ms" % (
    statistics.median(ip[f][0] for f in both), sum(ip[f][0] for f in both)))
print("govdoc read / floor: geometric mean %.2f×, median %.2f×, 90th percentile %.2f× "
      "(documents with a floor over 0.05 ms: %d)" % (
          gmean(ratios), statistics.median(ratios),
          sorted(ratios)[int(len(ratios) * 0.9)], len(ratios)))
big = sorted(both, key=lambda f: -(fl[f][0] + fl[f][1]))[:5]
for f in big:
    fm = fl[f][0] + fl[f][1]
    print("  largest: %-60s floor %7.2f ms, govdoc read %7.2f ms (%.2f×)" % (
        os.path.relpath(f, corpora)[:60], fm, ip[f][0], ip[f][0] / fm))
cli_t, cli_c = {}, {}
for f in both:
    cli_t[f] = wall([govdoc, "convert", "-q", "--no-report", "-o", out_json, f], 1)
    cli_c[f] = last_cpu[0]
ok = [f for f in both if cli_t[f]]
print("govdoc convert (CLI process): median %.2f ms wall (%.2f ms CPU), total %.1f s wall "
      "(%.1f s CPU)" % (statistics.median(cli_t[f] for f in ok),
                        statistics.median(cli_c[f] for f in ok),
                        sum(cli_t[f] for f in ok) / 1e3, sum(cli_c[f] for f in ok) / 1e3))
if pandoc and not quick:
    pd_t, pd_c = {}, {}
    for f in ok:
        try:
            pd_t[f] = wall([pandoc, "-f", "docx", "-t", "json", "-o", out_json, f], 1)
            pd_c[f] = last_cpu[0]
        except subprocess.TimeoutExpired:
            pd_t[f] = None
    common = [f for f in ok if pd_t.get(f)]
    print("pandoc -t json (process): converted %d of %d; median %.2f ms, total %.1f s" % (
        len(common), len(ok), statistics.median(pd_t[f] for f in common),
        sum(pd_t[f] for f in common) / 1e3))
    print("pandoc CPU per document: median %.2f ms, total %.1f s" % (
        statistics.median(pd_c[f] for f in common), sum(pd_c[f] for f in common) / 1e3))
    print("pandoc / govdoc CLI per document: wall geometric mean %.1f×, median %.1f×; CPU "
          "geometric mean %.1f×, median %.1f× (same %d documents)"
          % (gmean([pd_t[f] / cli_t[f] for f in common]),
             statistics.median(pd_t[f] / cli_t[f] for f in common),
             gmean([pd_c[f] / cli_c[f] for f in common if cli_c[f] > 0]),
             statistics.median(pd_c[f] / max(cli_c[f], 0.01) for f in common), len(common)))
shutil.rmtree(tmp)
