#!/usr/bin/env bash
# DOCX → JSON speed: govdoc against pandoc and against the parsing floor,
# on the seed report and on corpora/docx; then the pandoc text fidelity.
#
#   bench/docx/bench.sh [BUILD_DIR] [--quick]
#
# Needs a built tree (default: build/), cc, pkg-config, libminizip-dev,
# libexpat1-dev and pandoc (apt-get install pandoc). --quick skips pandoc on
# the whole corpus (the slowest part: one pandoc process per file).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
[ "${1:-}" = "--quick" ] && build=$root/build
shared=$(cd "$root/../shared" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cc -O2 -o "$tmp/floor" "$here/floor.c" $(pkg-config --cflags --libs minizip expat)
cc -O2 -o "$tmp/inproc" "$here/inproc.c" -I"$root/core/include" -I"$root/plugin-sdk/include" \
    -L"$build/lib" -lgovdoc -Wl,-rpath,"$build/lib"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "pandoc: $(pandoc --version 2>/dev/null | head -1 || echo missing)"
python3 "$here/bench.py" "$tmp/floor" "$tmp/inproc" "$build/bin/govdoc" \
    "$shared/seed/fenggang-2023.docx" "$shared/corpora" "$@"
echo
echo "== pandoc fidelity (text of paragraphs and cells vs pandoc's expected .native)"
python3 "$here/fidelity.py" "$build/bin/govdoc" "$shared/corpora/docx" --below 0.98
