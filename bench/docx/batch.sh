#!/usr/bin/env bash
# DOCX → JSON per document in a batch: N copies of the seed converted by ONE
# `govdoc convert -t json -d` call (start-up shared, the work queue's
# workers on every core), against pandoc, which has no batch mode: one
# `pandoc -t json` process per file, as the issue measured it. Same run,
# same machine; also the compact form (-O json.indent=0) and CPU time.
#
#   [J=jobs] bench/docx/batch.sh [BUILD_DIR] [N]
#
# J defaults to nproc (convert -d's own default), passed explicitly.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
N=${2:-100}
J=${J:-$(nproc)}
G=$BUILD/bin/govdoc
SEED=$ROOT/../shared/seed/fenggang-2023.docx
W=$(mktemp -d "${TMPDIR:-/tmp}/gdjson.XXXXXX")
trap 'rm -rf "$W"' EXIT
mkdir -p "$W/in" "$W/o2" "$W/o0" "$W/p"
for i in $(seq -w 1 "$N"); do cp "$SEED" "$W/in/r$i.docx"; done
per() { python3 -c "import sys; print('%.2f' % (float(sys.argv[1]) * 1000 / int(sys.argv[2])))" "$@"; }
timed() { # timed <out var prefix> <cmd...>: wall and user+sys seconds
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f "%U %S" -o "$W/cpu" "$@" >/dev/null 2>&1
    t1=$(date +%s.%N)
    WALL=$(python3 -c "print($t1 - $t0)")
    CPU=$(awk '{print $1 + $2}' "$W/cpu")
}
echo "machine: $(nproc) cores, govdoc -j $J, load $(cut -d' ' -f1-3 /proc/loadavg); pandoc $(pandoc --version | head -1 | cut -d' ' -f2)"
timed "$G" convert -q -j "$J" -t json -d "$W/o2" "$W/in"/*.docx
g2w=$(per "$WALL" "$N"); g2c=$(per "$CPU" "$N")
timed "$G" convert -q -j "$J" -t json -O json.indent=0 -d "$W/o0" "$W/in"/*.docx
g0w=$(per "$WALL" "$N"); g0c=$(per "$CPU" "$N")
K=$((N < 20 ? N : 20))
timed bash -c "for f in \$(ls $W/in/*.docx | head -$K); do pandoc -f docx -t json -o $W/p/\$(basename \$f).json \$f; done"
pw=$(per "$WALL" "$K"); pc=$(per "$CPU" "$K")
echo "govdoc batch of $N, indented:  $g2w ms wall, $g2c ms CPU per document"
echo "govdoc batch of $N, compact:   $g0w ms wall, $g0c ms CPU per document"
echo "pandoc, one process per file ($K): $pw ms wall, $pc ms CPU per document"
python3 -c "
import sys
g2w, g0w, pw, g2c, pc = map(float, sys.argv[1:])
print('ratio (wall): pandoc / govdoc = %.0fx indented, %.0fx compact; CPU: %.0fx' % (pw / g2w, pw / g0w, pc / g2c))" "$g2w" "$g0w" "$pw" "$g2c" "$pc"
echo "sizes: indented $(stat -c %s "$W/o2/r$(seq -w 1 "$N" | head -1).json") B, compact $(stat -c %s "$W/o0/r$(seq -w 1 "$N" | head -1).json") B"
