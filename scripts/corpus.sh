#!/usr/bin/env bash
# The full corpus sweeps: every file of ../shared/corpora (docx, doc, html,
# pdf) through govdoc, where ctest converts a fixed sample (every Nth file
# plus the known regression cases, tests/lib/corpus_sample.py). Run it when
# a reader changes; it takes several minutes.
#   scripts/corpus.sh [BUILD_DIR]     (default: build/, built when missing;
#                                      build-asan/ runs them under ASan)
source "$(dirname "$0")/lib.sh"
build=${1:-$GD_ROOT/build}
if [ ! -x "$build/bin/govdoc" ]; then
    gd_build "$build"
fi
export CTEST_OUTPUT_ON_FAILURE=1 GD_CORPUS_FULL=1
ctest --test-dir "$build" -j "$GD_JOBS" -L '^corpus$' --timeout 3600
