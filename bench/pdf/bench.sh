#!/usr/bin/env bash
# PDF writer speed against LibreOffice (not part of ctest: LibreOffice is
# heavy). Usage: [J=jobs] bench/pdf/bench.sh [BUILD_DIR] [N]
#
# Per document: N copies of each input converted in ONE call of each tool
# (govdoc convert -j J -d, soffice --convert-to pdf), so start-up is shared.
# J defaults to nproc, which is also convert -d's own default; it is passed
# explicitly so the figures say what ran. LibreOffice converts on one core.
# Single file: one call for one file, the median of several runs.
# Inputs: the seed report as .txt (always) and as .docx (when govdoc has a
# DOCX reader).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BUILD=${1:-$ROOT/build}
N=${2:-60}
J=${J:-$(nproc)}
GOVDOC=$BUILD/bin/govdoc
SEED=$ROOT/../shared/seed
W=$(mktemp -d "${TMPDIR:-/tmp}/gdbench.XXXXXX")
trap 'rm -rf "$W"' EXIT

now() { date +%s.%N; }
ms() { python3 -c "print('%.1f' % (($2 - $1) * 1000 / $3))" "$@"; }

median_single() { # median_single <runs> <cmd...>: ms per run, median
    # Timed from one process around each run: timing with $(date) in the
    # shell added two more process starts (~10 ms here) to every run. An
    # argument holding {i} gets the run's number (a new output each run).
    python3 - "$@" <<'PY'
import statistics, subprocess, sys, time
runs, cmd = int(sys.argv[1]), sys.argv[2:]
t = []
for i in range(runs):
    args = [c.replace('{i}', str(i)) for c in cmd]
    a = time.perf_counter()
    subprocess.run(args, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t.append((time.perf_counter() - a) * 1000)
print('%.1f' % statistics.median(t))
PY
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Noto CJK installed: $(fc-list ':family=Noto Serif CJK SC' family | grep -c . || true) face(s)"
echo "govdoc: $GOVDOC (batch: -j $J); LibreOffice: $(soffice --version 2>/dev/null | head -1)"

bench_kind() { # bench_kind <ext> <seed file>
    local ext=$1 src=$2
    mkdir -p "$W/in-$ext" "$W/gd-$ext" "$W/lo-$ext"
    for i in $(seq -w 1 "$N"); do cp "$src" "$W/in-$ext/report-$i.$ext"; done
    local a b gd lo gd1 lo1 gdc loc
    a=$(now)
    /usr/bin/time -f "%U %S" -o "$W/cpu" "$GOVDOC" convert -q -j "$J" -t pdf -d "$W/gd-$ext" "$W/in-$ext"/*."$ext"
    b=$(now)
    gd=$(ms "$a" "$b" "$N")
    gdc=$(awk -v n="$N" '{printf "%.1f", ($1 + $2) * 1000 / n}' "$W/cpu")
    a=$(now)
    /usr/bin/time -f "%U %S" -o "$W/cpu" soffice --headless --convert-to pdf --outdir "$W/lo-$ext" "$W/in-$ext"/*."$ext" >/dev/null 2>&1
    b=$(now)
    lo=$(ms "$a" "$b" "$N")
    loc=$(awk -v n="$N" '{printf "%.1f", ($1 + $2) * 1000 / n}' "$W/cpu")
    local ngd nlo
    ngd=$(ls "$W/gd-$ext" | wc -l)
    nlo=$(ls "$W/lo-$ext" | wc -l)
    # The batches' outputs written back first: LibreOffice's 40 PDFs were
    # still being flushed during the single runs that followed, and a file
    # renamed over another waits for ext4 (single DOCX 21-24 ms against
    # 18-19 ms alone).
    sync
    sleep 1
    # over the same output each time, and to a new one (what a user's first
    # conversion of a file does; ext4 flushes a file renamed over another)
    gd1=$(median_single 31 "$GOVDOC" convert -q -o "$W/one.pdf" "$src")
    gd1n=$(median_single 31 "$GOVDOC" convert -q -o "$W/one-{i}.pdf" "$src")
    lo1=$(median_single 3 soffice --headless --convert-to pdf --outdir "$W/lo1" "$src")
    local gsize losize
    gsize=$(stat -c %s "$W/gd-$ext/report-$(seq -w 1 "$N" | head -1).pdf")
    losize=$(stat -c %s "$W/lo-$ext/report-$(seq -w 1 "$N" | head -1).pdf")
    echo
    echo "input $ext ($N files; outputs: govdoc $ngd, LibreOffice $nlo)"
    echo "  batch, per document:  govdoc $gd ms   LibreOffice $lo ms   ratio $(python3 -c "print('%.0f' % ($lo / $gd))")x"
    echo "  batch, CPU per doc:   govdoc $gdc ms   LibreOffice $loc ms   ratio $(python3 -c "print('%.0f' % ($loc / $gdc))")x"
    echo "  single file:          govdoc $gd1 ms   LibreOffice $lo1 ms   ratio $(python3 -c "print('%.0f' % ($lo1 / $gd1))")x"
    echo "  single, new output:   govdoc $gd1n ms"
    echo "  PDF size:             govdoc $gsize B   LibreOffice $losize B"
    echo "  LibreOffice's fonts:  $(pdffonts "$W/lo-$ext/report-$(seq -w 1 "$N" | head -1).pdf" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | tr '\n' ' ')"
    echo "  govdoc's fonts:       $(pdffonts "$W/gd-$ext/report-$(seq -w 1 "$N" | head -1).pdf" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | tr '\n' ' ')"
    # The same font as LibreOffice: its Chinese face given to govdoc.
    local lofont
    lofont=$(pdffonts "$W/lo-$ext/report-$(seq -w 1 "$N" | head -1).pdf" | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | grep -m1 -iE 'noto.*cjk|zenhei|micro' || true)
    case $lofont in
    *NotoSerifCJK*) lofont=NotoSerifCJK-Regular.ttc ;;
    *NotoSansCJK*) lofont=NotoSansCJK-Regular.ttc ;;
    *ZenHei*) lofont=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ;;
    *MicroHei*) lofont=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc ;;
    *) lofont= ;;
    esac
    if [ -n "$lofont" ]; then
        "$GOVDOC" convert -q -o "$W/same.pdf" -O pdf.font="$lofont" -O pdf.heading-font="$lofont" "$src"
        echo "  same font ($lofont): govdoc $(stat -c %s "$W/same.pdf") B   LibreOffice $losize B"
    fi
}

bench_kind txt "$SEED/fenggang-2023.txt"
if "$GOVDOC" formats --readers 2>/dev/null | grep >/dev/null -w docx; then
    bench_kind docx "$SEED/fenggang-2023.docx"
else
    echo
    echo "input docx: skipped (no DOCX reader in this build)"
fi
