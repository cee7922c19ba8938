#!/usr/bin/env bash
# The sandbox's overhead on the seed: in one process (inproc.c) and as whole
# `govdoc convert` processes (hyperfine when installed, else a loop).
# usage: bench/sandbox/run.sh [BUILD] [REPEAT]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
repeat=${2:-50}
seed=$root/../shared/seed
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cc -O2 -o "$tmp/inproc" "$here/inproc.c" -I"$root/core/include" -I"$root/plugin-sdk/include" \
    -L"$build/lib" -lgovdoc -Wl,-rpath,"$build/lib"
extra=()
[ -n "${DOC_FIXTURE:-}" ] && extra+=("$DOC_FIXTURE")
[ -f "$root/tests/doc/fixtures/fenggang-2023.doc" ] && extra+=("$root/tests/doc/fixtures/fenggang-2023.doc")
echo "== in process: reader alone, median of $repeat (ms)"
GOVDOC_PLUGIN_PATH="$build/lib/govdoc/plugins" "$tmp/inproc" "$repeat" "$seed/fenggang-2023.docx" "$seed/fenggang-2023.html" \
    "$seed/fenggang-2023.txt" "${extra[@]}"
echo "== whole process: govdoc convert seed.docx -t json"
for mode in off all; do
    start=$(date +%s%N)
    for _ in $(seq "$repeat"); do
        GOVDOC_SANDBOX=$mode "$build/bin/govdoc" convert "$seed/fenggang-2023.docx" -t json -o "$tmp/o.json"
    done
    end=$(date +%s%N)
    echo "GOVDOC_SANDBOX=$mode: $(((end - start) / repeat / 1000)) us per conversion"
done
