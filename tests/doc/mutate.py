#!/usr/bin/env python3
"""Mutation fuzzing of the doc reader: makes mutants of .doc files (bytes
flipped, runs of random bytes, lengths and offsets overwritten with large
or small values, truncation, blocks repeated) and runs govdoc on each.
Every run must end with exit 0, 5, 6 or 7 and, on failure, one line of
error; a crash, forbidden system call or hang in the sandboxed reader
(its message says so) or any other exit is a finding, copied to OUTDIR
for a regression test. Not part of ctest (tests/doc/crashers is replayed
there).

    mutate.py GOVDOC OUTDIR COUNT SEED.doc... [--seed N] [--jobs J]

With an ASan build and GOVDOC_SANDBOX=off in the environment, memory
errors in the parser show as ASan reports (another exit code) and are
kept too.
"""
import concurrent.futures
import os
import random
import shutil
import subprocess
import sys
import tempfile

args = [a for a in sys.argv[1:] if not a.startswith("--")]
opts = dict(a[2:].split("=", 1) for a in sys.argv[1:] if a.startswith("--") and "=" in a)
govdoc, outdir, count, seeds = args[0], args[1], int(args[2]), args[3:]
rng = random.Random(int(opts.get("seed", "1")))
jobs = int(opts.get("jobs", "2"))
os.makedirs(outdir, exist_ok=True)
BAD = ("crashed", "forbidden system call", "ended without a result", "malformed document",
       "ran out of time", "could not be set up")


def mutate(data):
    b = bytearray(data)
    for _ in range(rng.choice((1, 1, 2, 4, 8, 16))):
        kind = rng.randrange(6)
        pos = rng.randrange(len(b)) if b else 0
        if kind == 0 and b:  # flip bits
            b[pos] ^= 1 << rng.randrange(8)
        elif kind == 1 and b:  # random bytes
            n = rng.randrange(1, 32)
            b[pos:pos + n] = bytes(rng.randrange(256) for _ in range(n))
        elif kind == 2 and len(b) > 4:  # a 16/32-bit value: edge cases
            v = rng.choice((0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF,
                            len(b), len(b) + 1))
            w = rng.choice((2, 4))
            b[pos:pos + w] = (v & ((1 << (8 * w)) - 1)).to_bytes(w, "little")
        elif kind == 3 and len(b) > 512:  # truncate
            del b[rng.randrange(512, len(b)):]
        elif kind == 4 and len(b) > 1024:  # repeat a block over another
            src = rng.randrange(len(b) - 512)
            dst = rng.randrange(len(b) - 512)
            b[dst:dst + 512] = b[src:src + 512]
        elif kind == 5 and b:  # one byte to 0 or 0xFF
            b[pos] = rng.choice((0, 0xFF))
    return bytes(b)


def run(i, data, tmp):
    path = os.path.join(tmp, "m%06d.doc" % i)
    with open(path, "wb") as f:
        f.write(data)
    try:
        p = subprocess.run([govdoc, "convert", "-q", "-f", "doc", path, "-t", "json", "-o",
                            path + ".json"], capture_output=True, text=True, timeout=300,
                           errors="replace")
        rc, err = p.returncode, p.stderr
    except subprocess.TimeoutExpired:
        rc, err = "hang", ""
    finding = rc not in (0, 5, 6, 7) or any(x in err for x in BAD)
    if rc != 0 and not finding:
        lines = err.strip().splitlines()
        finding = len(lines) != 1 or not lines[0].startswith("govdoc: error: ")
    if finding:
        keep = os.path.join(outdir, "finding-%06d.doc" % i)
        shutil.copy(path, keep)
        with open(keep + ".txt", "w") as f:
            f.write("exit %s\n%s" % (rc, err[-4000:]))
    for x in (path, path + ".json"):
        if os.path.exists(x):
            os.unlink(x)
    return rc, finding


def main():
    data = [open(s, "rb").read() for s in seeds]
    codes, findings = {}, 0
    with tempfile.TemporaryDirectory() as tmp, concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        futs = [ex.submit(run, i, mutate(rng.choice(data)), tmp) for i in range(count)]
        for f in futs:
            rc, bad = f.result()
            codes[rc] = codes.get(rc, 0) + 1
            findings += bad
    print("%d mutants: exit codes %s; %d findings kept in %s" % (count, codes, findings, outdir))
    return 1 if findings else 0


sys.exit(main())
