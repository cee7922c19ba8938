#!/usr/bin/env bash
# Runs one shell test with a scratch directory and the shared assertions.
set -euo pipefail
script=$1
shift
export GD_TMP
GD_TMP=$(mktemp -d "${TMPDIR:-/tmp}/gdtest.XXXXXX")
trap 'rm -rf "$GD_TMP"' EXIT
# shellcheck source=assert.sh
source "$(dirname "$0")/assert.sh"
source "$script" "$@"
gd_done
