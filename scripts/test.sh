#!/usr/bin/env bash
# Installs what govdoc needs (Debian, as root), builds it twice — a normal
# build and one with AddressSanitizer + UndefinedBehaviorSanitizer — and runs
# every test in both.
source "$(dirname "$0")/lib.sh"
gd_install_deps
export CTEST_OUTPUT_ON_FAILURE=1

echo "== build (RelWithDebInfo) and test"
gd_build "$GD_ROOT/build"
ctest --test-dir "$GD_ROOT/build" -j "$GD_JOBS" --timeout 600

echo "== build (ASan + UBSan) and test"
gd_build "$GD_ROOT/build-asan" -DGD_SANITIZE=ON
ctest --test-dir "$GD_ROOT/build-asan" -j "$GD_JOBS" --timeout 900 -LE no-sanitize
echo "== all tests passed"
