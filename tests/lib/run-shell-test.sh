#!/usr/bin/env bash
# Runs one shell test with a scratch directory and the shared assertions.
set -euo pipefail
script=$1
shift
# python3 without a version manager's shim (tests/CMakeLists.txt)
if [ -n "${GD_PYTHON_DIR:-}" ]; then export PATH="$GD_PYTHON_DIR:$PATH"; fi
export GD_TMP
GD_TMP=$(mktemp -d "${TMPDIR:-/tmp}/gdtest.XXXXXX")
trap 'rm -rf "$GD_TMP"' EXIT
# shellcheck source=assert.sh
source "$(dirname "$0")/assert.sh"
source "$script" "$@"
gd_done
