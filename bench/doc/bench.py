#!/usr/bin/env python3
"""The doc reader against its peers on the same .doc files, in the same run:
govdoc (sandboxed, as shipped, and GOVDOC_SANDBOX=off), antiword, catdoc
and LibreOffice (`soffice --convert-to txt`, one process per file, and
all files in one call). One process per file each, as a user runs them.
Not a test: nothing is asserted.

For each tool and file: the CPU time of the process and its children
(user + system, median of RUNS; the figure that does not depend on how
busy the machine is) and the wall time (best of RUNS), plus what came out:
characters of text, and for govdoc the tables it found (the peers give
text only; antiword draws tables with '|', catdoc with tabs).

    bench/doc/bench.py [BUILD] [RUNS]
"""
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(os.path.dirname(here))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build")
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
govdoc = os.path.join(build, "bin", "govdoc")
corpora = os.path.join(root, "..", "shared", "corpora", "doc")
files = [os.path.join(root, "tests/doc/fixtures/fenggang-2023.doc"),
         os.path.join(root, "tests/doc/fixtures/mammoth-tables.doc")]
for rel in ("node-word-extractor/test11.doc", "apache-poi/document/53379.doc",
            "apache-poi/document/Bug50936_3.doc", "apache-poi/document/parentinvguid.doc"):
    if os.path.exists(os.path.join(corpora, rel)):
        files.append(os.path.join(corpora, rel))
tmp = tempfile.mkdtemp(prefix="govdoc-bench-doc.")
profile = "file://" + os.path.join(tmp, "lo-profile")


def run(cmd, env=None):
    """(cpu seconds of the children, wall seconds, stdout bytes)"""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, p.stdout, p.returncode


def measure(cmd, env=None, n=runs):
    cpus, walls, out, rc = [], [], b"", 0
    for _ in range(n):
        cpu, wall, out, rc = run(cmd, env)
        cpus.append(cpu)
        walls.append(wall)
    return statistics.median(cpus) * 1000, min(walls) * 1000, out, rc


def text_of(blocks):
    n, tables = 0, 0
    stack = list(blocks)
    while stack:
        b = stack.pop()
        if isinstance(b, dict):
            if b.get("type") == "table":
                tables += 1
            if b.get("type") == "text":
                n += len(b.get("text", ""))
            stack.extend(v for v in b.values() if isinstance(v, list))
            for row in b.get("rows", []):
                stack.extend(row.get("cells", []))
        elif isinstance(b, list):
            stack.extend(b)
    return n, tables


env_off = dict(os.environ, GOVDOC_SANDBOX="off")
tools = [("govdoc", lambda f: [govdoc, "convert", "-q", f, "-t", "json", "-o", "-"], None),
         ("govdoc off", lambda f: [govdoc, "convert", "-q", f, "-t", "json", "-o", "-"], env_off)]
if shutil.which("antiword"):
    tools.append(("antiword", lambda f: ["antiword", "-m", "UTF-8.txt", f], None))
if shutil.which("catdoc"):
    tools.append(("catdoc", lambda f: ["catdoc", "-d", "utf-8", "-w", f], None))
soffice = shutil.which("soffice")

print("%-26s %-11s %9s %9s %8s %7s" % ("file", "tool", "CPU ms", "wall ms", "chars", "tables"))
totals = {}
for f in files:
    name = os.path.basename(f)
    base = None
    for label, cmd, env in tools:
        cpu, wall, out, rc = measure(cmd(f), env)
        tables = "-"
        if label.startswith("govdoc"):
            try:
                chars, tables = text_of(json.loads(out)["blocks"])
            except ValueError:
                chars = 0
        else:
            chars = len(out.decode("utf-8", "replace").replace("\n", "").replace(" ", ""))
        if label == "govdoc":
            base = cpu
        totals.setdefault(label, []).append(cpu / base if base else 0)
        print("%-26s %-11s %9.1f %9.1f %8d %7s%s" % (name[:26], label, cpu, wall, chars, tables,
                                                     "" if rc == 0 else "  exit %d" % rc))
    if soffice:
        out = os.path.join(tmp, "lo")
        cpu, wall, _, rc = measure([soffice, "-env:UserInstallation=" + profile, "--headless",
                                    "--convert-to", "txt:Text (encoded):UTF8", "--outdir", out, f],
                                   n=max(1, min(runs, 3)))
        txt = os.path.join(out, os.path.splitext(name)[0] + ".txt")
        chars = 0
        if os.path.exists(txt):
            with open(txt, encoding="utf-8", errors="replace") as t:
                chars = len(t.read().replace("\n", "").replace(" ", ""))
        totals.setdefault("LibreOffice", []).append(cpu / base if base else 0)
        print("%-26s %-11s %9.1f %9.1f %8d %7s%s" % (name[:26], "LibreOffice", cpu, wall, chars, "-",
                                                     "" if rc == 0 else "  exit %d" % rc))

print("\nCPU time relative to govdoc (sandboxed), geometric mean over the files:")
for label, ratios in totals.items():
    ratios = [r for r in ratios if r > 0]
    if ratios:
        print("  %-11s %6.2fx" % (label, statistics.geometric_mean(ratios)))
if soffice:
    # LibreOffice is mostly start-up: all files in one call, per file.
    cpu, wall, _, _ = measure([soffice, "-env:UserInstallation=" + profile, "--headless",
                               "--convert-to", "txt:Text (encoded):UTF8", "--outdir",
                               os.path.join(tmp, "lo")] + files, n=1)
    print("LibreOffice, all %d files in one call: %.1f ms CPU per file" % (len(files), cpu / len(files)))
shutil.rmtree(tmp, ignore_errors=True)
