#!/usr/bin/env bash
# Fuzzes every reader for real: builds the libFuzzer targets with clang,
# AddressSanitizer and UndefinedBehaviorSanitizer (build-fuzz/), seeds each
# from ../shared/corpora, the samples, the fixtures and the findings kept in
# tests/fuzz/corpus/<target>/, and runs each for SECONDS, one after the
# other, at the lowest CPU priority.
#
#   scripts/fuzz.sh SECONDS [TARGET...]    (default: every target)
#
# Targets: txt, html, docx (raw packages), docx_xml (the XML of the parts,
# packed into a package by the harness), pdf, doc (legacy Word), wire (the
# sandbox's reply decoder), and any added with
# gd_fuzz_target() in tests/fuzz/CMakeLists.txt (a new reader is one line
# there and one case in seeds() below). A crash, leak, UB report or timeout is saved
# in build-fuzz/findings/<target>/; reproduce it with
#   build-fuzz/bin/fuzz_<target> FILE
# fix it, and keep the file in tests/fuzz/corpus/<target>/ (ctest replays
# it). The executions of each run are appended to build-fuzz/fuzz-stats.txt.
source "$(dirname "$0")/lib.sh"
if [ $# -lt 1 ] || ! [[ $1 =~ ^[0-9]+$ ]]; then
    sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
    exit 3
fi
seconds=$1
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(txt html docx docx_xml pdf doc wire)
command -v clang >/dev/null || { echo "fuzz.sh: needs clang" >&2; exit 1; }

B=$GD_ROOT/build-fuzz
SHARED=$(cd "$GD_ROOT/.." && pwd)/shared
export CMAKE_C_COMPILER_LAUNCHER=${CMAKE_C_COMPILER_LAUNCHER:-$(command -v ccache || true)}
CC=clang cmake -S "$GD_ROOT" -B "$B" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGD_FUZZ=ON \
    -DGD_SANITIZE=ON -DBUILD_TESTING=ON >/dev/null
nice -n 19 cmake --build "$B" -j "$GD_JOBS" >/dev/null

# (no malloc fill and a smaller quarantine: twice the executions per second)
export ASAN_OPTIONS=detect_leaks=1:detect_odr_violation=0:allocator_may_return_null=1:max_malloc_fill_size=0:quarantine_size_mb=64
export LSAN_OPTIONS=suppressions=$GD_ROOT/tests/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export GOVDOC_PLUGIN_PATH=
# The readers run in process: libFuzzer sees their coverage and ASan their
# faults (through the sandbox a crash would be the child's, unseen).
export GOVDOC_SANDBOX=off

# seeds <target> <dir>: the starting corpus (copied once; libFuzzer adds to it)
seeds() {
    local t=$1 d=$2
    mkdir -p "$d"
    [ -n "$(ls -A "$d" 2>/dev/null)" ] && return 0
    cp -r "$GD_ROOT/tests/fuzz/corpus/$t/." "$d/" 2>/dev/null || true
    case $t in
    txt)
        cp "$GD_ROOT"/samples/*.txt "$GD_ROOT"/tests/report/fixtures/*.txt "$d/" 2>/dev/null || true
        cp "$SHARED"/seed/*.txt "$d/" 2>/dev/null || true
        ;;
    html)
        find "$SHARED/corpora/html" -type f \( -name '*.html' -o -name '*.htm' \) -size -256k \
            -exec cp {} "$d/" \; 2>/dev/null || true
        cp "$GD_ROOT"/tests/report/fixtures/*.html "$SHARED"/seed/*.html "$d/" 2>/dev/null || true
        ;;
    docx)
        find "$SHARED/corpora/docx" -type f -name '*.docx' -size -256k -exec cp {} "$d/" \; \
            2>/dev/null || true
        cp "$GD_ROOT"/tests/report/fixtures/*.docx "$SHARED"/seed/*.docx "$d/" 2>/dev/null || true
        ;;
    pdf)
        find "$SHARED/corpora/pdf" -type f -name '*.pdf' -size -256k -exec cp {} "$d/" \; \
            2>/dev/null || true
        cp "$GD_ROOT"/tests/pdf-reader/fixtures/*.pdf "$d/" 2>/dev/null || true
        ;;
    doc)
        find "$SHARED/corpora/doc" -type f -size -256k -exec cp {} "$d/" \; 2>/dev/null || true
        cp "$GD_ROOT"/tests/doc/fixtures/*.doc "$d/" 2>/dev/null || true
        ;;
    wire)
        cp "$GD_ROOT"/tests/sandbox/wire-corpus/* "$d/" 2>/dev/null || true
        ;;
    docx_xml)
        # the parts of real documents, in the harness's format
        python3 - "$SHARED/corpora/docx" "$d" <<'PY'
import os, sys, zipfile, hashlib
src, out = sys.argv[1:3]
names = ['word/document.xml', 'word/numbering.xml', 'word/styles.xml', 'word/footnotes.xml']
for root, _, files in os.walk(src):
    for f in files:
        if not f.endswith('.docx'):
            continue
        try:
            with zipfile.ZipFile(os.path.join(root, f)) as z:
                have = set(z.namelist())
                if 'word/document.xml' not in have:
                    continue
                parts = [z.read(n) if n in have else b'' for n in names]
        except Exception:
            continue
        while len(parts) > 1 and not parts[-1]:
            parts.pop()
        data = b'\n--part--\n'.join(parts)
        if len(data) > 256 * 1024:
            continue
        with open(os.path.join(out, hashlib.sha1(data).hexdigest()), 'wb') as o:
            o.write(data)
PY
        ;;
    esac
}

stats=$B/fuzz-stats.txt
for t in "${targets[@]}"; do
    bin=$B/bin/fuzz_$t
    [ -x "$bin" ] || { echo "fuzz.sh: no target $t" >&2; exit 3; }
    corpus=$B/fuzz-corpus/$t
    seeds "$t" "$corpus"
    mkdir -p "$B/findings/$t"
    dict=()
    [ -f "$GD_ROOT/tests/fuzz/dict/$t.dict" ] && dict=(-dict="$GD_ROOT/tests/fuzz/dict/$t.dict")
    echo "== fuzz_$t for ${seconds}s ($(ls "$corpus" | wc -l) inputs to start)"
    log=$B/fuzz-$t.log
    # -timeout is wall-clock time on a shared machine: generous, and slow
    # units are only reported past a minute (a slow input is a finding of
    # tests/hostile/scaling.sh, which measures CPU time)
    nice -n 19 "$bin" "${dict[@]}" -max_total_time="$seconds" -timeout=120 -report_slow_units=60 \
        -rss_limit_mb=3072 \
        -max_len=262144 -print_final_stats=1 -artifact_prefix="$B/findings/$t/" \
        "$corpus" >"$log" 2>&1 || echo "fuzz_$t stopped with a finding: see $log"
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
    secs=$(grep -o 'stat::slowest_unit_time_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
    echo "$(date -u +%Y-%m-%dT%H:%MZ) fuzz_$t ${seconds}s executions=${execs:-0} slowest=${secs}s findings=$(ls "$B/findings/$t" | grep -vc '^slow-unit-' || true) corpus=$(ls "$corpus" | wc -l)" |
        tee -a "$stats"
done
