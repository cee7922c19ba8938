#!/usr/bin/env bash
# PDF → JSON with govdoc's PDF reader against `pdftotext -layout` (poppler)
# on the same PDFs in the same run: time per page, best of RUNS, one
# process per file each (as a user runs them). pandoc has no PDF reader,
# so it has no route here. Not a test: nothing is asserted.
#   bench/pdf-reader/bench.sh [BUILD_DIR] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
runs=${2:-5}
govdoc="$build/bin/govdoc"
F="$root/tests/pdf-reader/fixtures"
files=("$F/seed-govdoc.pdf" "$F/seed-libreoffice.pdf" "$F/good-libreoffice.pdf" "$F/two-column.pdf")
[ -d "$root/../shared/corpora/pdf/tabula-java" ] && files+=("$root/../shared/corpora/pdf/pdfjs/tracemonkey.pdf")
best() { # best RUNS CMD...: the fastest wall time in ms
    local n=$1 b=999999999999
    shift
    for _ in $(seq "$n"); do
        local t0 t1
        t0=$(date +%s%N)
        "$@" >/dev/null 2>&1 || true
        t1=$(date +%s%N)
        local ms=$(((t1 - t0) / 1000))
        [ "$ms" -lt "$b" ] && b=$ms
    done
    echo "$b"
}
printf '%-28s %5s %12s %12s %8s\n' file pages "govdoc ms/p" "pdftotext" ratio
for f in "${files[@]}"; do
    p=$(pdfinfo "$f" | awk '/^Pages:/ {print $2}')
    g=$(best "$runs" "$govdoc" convert -q "$f" -t json -o /dev/null)
    t=$(best "$runs" pdftotext -layout "$f" /dev/null)
    awk -v n="$(basename "$f")" -v p="$p" -v g="$g" -v t="$t" \
        'BEGIN { printf "%-28s %5d %12.2f %12.2f %8.2f\n", n, p, g / 1000 / p, t / 1000 / p, g / t }'
done
# Process start alone (every plugin loaded, the 44 MB PDF reader among them):
s=$(best "$runs" "$govdoc" formats)
echo "govdoc start-up (govdoc formats): $((s / 1000)) ms"
