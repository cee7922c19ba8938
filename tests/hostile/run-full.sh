#!/usr/bin/env bash
# The hostile inputs at full size (tens to hundreds of MB each, the default
# memory budget of 320 MB): ctest runs the heavy groups at 20 % of the size
# with the budget scaled alike. Takes several minutes and ~1 GB of /tmp.
#   tests/hostile/run-full.sh [BUILD_DIR]    (default: build/, built when missing)
source "$(dirname "$0")/../../scripts/lib.sh"
build=${1:-$GD_ROOT/build}
if [ ! -x "$build/bin/govdoc" ]; then
    gd_build "$build"
fi
export CTEST_OUTPUT_ON_FAILURE=1 GD_HOSTILE_FULL=1
ctest --test-dir "$build" -j "$GD_JOBS" -L '^hostile$' -LE no-sanitize --timeout 3600
