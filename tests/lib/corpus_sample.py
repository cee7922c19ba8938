#!/usr/bin/env python3
"""Which files of ../shared/corpora a corpus sweep converts.

ctest runs a deterministic sample: every STEP-th file in sorted order (the
step is set per test and per build in tests/*/CMakeLists.txt through
GD_CORPUS_STEP) plus the files a sweep always keeps (its known regression
cases: deliberately broken, encrypted, fuzzer-made files, ...). With
GD_CORPUS_FULL=1 (scripts/corpus.sh) every file is converted.

As a module: picked, strided = sample(paths, keep)
  picked   the files to convert (sorted)
  strided  the unbiased part (every STEP-th file), for rescaling counts
As a command: corpus_sample.py [KEEP_REGEX] < paths > picked paths
"""
import os
import re
import sys


def step():
    if os.environ.get("GD_CORPUS_FULL", "") not in ("", "0"):
        return 1
    try:
        return max(1, int(os.environ.get("GD_CORPUS_STEP", "1")))
    except ValueError:
        return 1


def sample(paths, keep=lambda p: False):
    paths = sorted(paths)
    k = step()
    strided = paths[::k]
    chosen = set(strided)
    picked = [p for p in paths if p in chosen or keep(p)]
    return picked, strided


def describe(picked, strided, total):
    k = step()
    if k == 1:
        return "all %d files (full sweep)" % total
    return ("a sample of %d of %d files: every %dth (%d) and %d known regression cases "
            "(GD_CORPUS_FULL=1 or scripts/corpus.sh for all)"
            % (len(picked), total, k, len(strided), len(picked) - len(strided)))


if __name__ == "__main__":
    rx = re.compile(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else None
    lines = [l.rstrip("\n") for l in sys.stdin if l.strip()]
    picked, strided = sample(lines, (lambda p: bool(rx.search(p))) if rx else (lambda p: False))
    sys.stderr.write(describe(picked, strided, len(lines)) + "\n")
    sys.stdout.write("".join(p + "\n" for p in picked))
