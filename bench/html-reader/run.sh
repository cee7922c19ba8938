#!/usr/bin/env bash
# HTML→JSON speed: govdoc against pandoc (-f html -t json) and the libxml2
# parse floor, per page, on the seed and the corpus. Not part of ctest.
#   bench/html-reader/run.sh [BUILD_DIR] [RUNS]
# Needs pandoc and libxml2-dev (scripts/packages/html-reader.txt).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
runs=${2:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/floor" "$here/floor.c" $(xml2-config --cflags --libs)
corpora=$root/../shared/corpora
list=$work/pages
echo "$root/../shared/seed/fenggang-2023.html" >"$list"
echo "$root/../shared/seed/fenggang-2023.gb2312.html" >>"$list"
awk -F'\t' '$3=="input"{print $2}' "$corpora/INVENTORY-html.tsv" | while read -r rel; do
    if [[ $rel == *.gz ]]; then
        gunzip -c "$corpora/html/$rel" >"$work/$(basename "${rel%.gz}")"
        echo "$work/$(basename "${rel%.gz}")"
    else
        echo "$corpora/html/$rel"
    fi
done >>"$list"
python3 "$here/bench.py" "$build/bin/govdoc" "$work/floor" "$list" "$runs"
