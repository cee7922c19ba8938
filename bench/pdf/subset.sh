#!/usr/bin/env bash
# Font subsetting: the PDF writer's own subsetters against hb-subset, same
# face, same glyphs (the seed report's characters), same process (see
# subset.c). Usage: bench/pdf/subset.sh [ROUNDS]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
ROUNDS=${1:-21}
W=$(mktemp -d "${TMPDIR:-/tmp}/gdsubset.XXXXXX")
trap 'rm -rf "$W"' EXIT
cc -O2 -std=c11 -o "$W/subset" "$ROOT/bench/pdf/subset.c" "$ROOT/plugins/pdf/ttsub.c" \
    "$ROOT/plugins/pdf/cff.c" "$ROOT/plugins/pdf/pdfout.c" -I"$ROOT/plugins/pdf" \
    -I"$ROOT/core/include" -I"$ROOT/plugin-sdk/include" \
    $(pkg-config --cflags --libs harfbuzz harfbuzz-subset libdeflate)
TEXT=$ROOT/../shared/seed/fenggang-2023.txt
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for f in $(fc-match -f '%{file}\n' 'AR PL UMing CN') $(fc-match -f '%{file}\n' 'WenQuanYi Micro Hei') \
    $(fc-list ':family=Noto Serif CJK SC:style=Regular' file | cut -d: -f1 | head -1); do
    [ -f "$f" ] && "$W/subset" "$f" "$TEXT" "$ROUNDS"
done
