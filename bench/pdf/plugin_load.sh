#!/usr/bin/env bash
# Single-file conversions with and without the registry cache (lazy plugin
# loading), interleaved in one run: perf stat -r N, task-clock (CPU),
# elapsed and page faults. Usage: bench/pdf/plugin_load.sh [BUILD_DIR] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$here/build}
n=${2:-30}
g=$build/bin/govdoc
s=$here/samples
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export XDG_CACHE_HOME=$tmp/xdg SOURCE_DATE_EPOCH=1706659200
"$g" convert "$s/fenggang-2023.docx" -o "$tmp/warm.pdf" # writes the caches
echo "load: $(uptime | sed 's/.*load average: //')"
# "missing.docx x.json": start-up, registry and the JSON writer's plugin only
# (the input does not exist): the plugin loading itself, less noisy
for c in "fenggang-2023.docx x.pdf" "fenggang-2023.docx x.json" "fenggang-2023.txt x.pdf" \
    "fenggang-2023.txt x.json" "missing.docx x.json" "--version"; do
    set -- $c
    for mode in off on; do
        if [ "$1" = --version ]; then args=(--version); else args=(convert "$s/$1" -o "$tmp/$2"); fi
        r=$( (if [ $mode = off ]; then export GOVDOC_REGISTRY_CACHE=off; fi
            perf stat -r "$n" -e task-clock,page-faults "$g" "${args[@]}" 2>&1 >/dev/null || true) |
            awk '/task-clock/ {t=$1} /page-faults/ {f=$1} /elapsed/ {e=$1*1000}
                 END {printf "%8.2f ms CPU %8.2f ms wall %6s faults", t, e, f}')
        printf '%-28s cache %-3s %s\n' "$c" "$mode" "$r"
    done
done
echo "load: $(uptime | sed 's/.*load average: //')"
