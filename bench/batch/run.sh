#!/usr/bin/env bash
# govdoc batch against its peers, in one run on one machine:
#   - documents per second over >= 1000 mixed documents (the DOCX and HTML
#     corpora in ../shared, the seed report in every form), govdoc batch at
#     -j1 and -j2, to PDF and to HTML;
#   - LibreOffice converting the same files to PDF in one call
#     (soffice --headless --convert-to pdf, one process for the whole set);
#   - pandoc converting the same files to HTML, one process per file (its
#     usual use in a migration script; it writes no PDF without LaTeX);
#   - GNU parallel running one `govdoc convert` per file on -j2 (what a
#     migration script did before batch: no work queue of loaded workers);
#   - peak RSS of each worker sampled over a batch of 10 000 documents.
# Each figure is the wall time and the CPU time (user + system, all
# processes) of one run. Not a test: nothing here asserts a time.
#
#   bench/batch/run.sh [BUILD_DIR] [--quick] [--no-rss] [--pandoc-every K]
#   (results in bench/batch/results/)
#   --quick: an eighth of the documents; --no-rss: skip the 10 000-document run;
#   --pandoc-every K: pandoc on every K-th document only (a per-document
#   figure; pandoc over all 1 400 takes over half an hour on a loaded machine)
#
# Needs: libreoffice-writer, pandoc, GNU time (Debian). Install LibreOffice
# for the benchmark only; no test uses it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$root/build quick= no_rss= pandoc_every=1
while [ $# -gt 0 ]; do
    case $1 in
    --quick) quick=--quick ;;
    --no-rss) no_rss=--no-rss ;;
    --pandoc-every)
        pandoc_every=$2
        shift
        ;;
    *) build=$1 ;;
    esac
    shift
done
G=$build/bin/govdoc
shared=$(cd "$root/../shared" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/gdbench.XXXXXX")
res=$here/results
mkdir -p "$res"
trap 'rm -rf "$work"' EXIT
log() { echo "== $*" >&2; }

# ---- the document set: every corpus .docx/.html under 1 MB, the seed ----
set_dir=$work/set
mkdir -p "$set_dir"
(cd "$shared/corpora" && find docx html -type f \( -name '*.docx' -o -name '*.html' -o -name '*.htm' \) \
    -size -1024k | sort) >"$work/list"
[ "$quick" = --quick ] && sed -i -n '1~8p' "$work/list"
while read -r f; do
    mkdir -p "$set_dir/$(dirname "$f")"
    cp "$shared/corpora/$f" "$set_dir/$f"
done <"$work/list"
mkdir -p "$set_dir/seed"
for i in $(seq 1 20); do
    for f in "$shared/seed"/fenggang-2023.{docx,html,txt}; do
        cp "$f" "$set_dir/seed/r$i-${f##*.}.${f##*.}" # distinct stems: no collision
    done
done
chmod -R u+w "$set_dir"
n=$(find "$set_dir" -type f | wc -l)
log "$n documents ($(du -sh "$set_dir" | cut -f1))"

# wall <label> <command...>: prints "label <wall s> <cpu s>", the CPU time
# (user + system) of the command and every process it waited for: on a
# shared machine the wall time follows the load, the CPU time much less.
wall() {
    local label=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" >"$work/last.out" 2>"$work/last.err" || true
    # the last line: GNU time writes "Command exited with non-zero status
    # 11" above the figures when some inputs failed
    echo "$label $(tail -n 1 "$work/time" | awk '{printf "%.2f %.2f", $1, $2 + $3}')"
}

{
    echo "documents $n"
    echo "load_before $(cut -d' ' -f1 /proc/loadavg)"
    for j in 1 2; do
        rm -rf "$work/g"
        log "govdoc batch -t pdf -j $j"
        wall "govdoc_pdf_j$j" "$G" batch "$set_dir" -o "$work/g" -t pdf -j "$j" -q
        echo "govdoc_pdf_j${j}_ok $(grep '"input"' "$work/g/manifest.jsonl" | grep -c '"status":"ok"' || true)"
        rm -rf "$work/g"
        log "govdoc batch -t html -j $j"
        wall "govdoc_html_j$j" "$G" batch "$set_dir" -o "$work/g" -t html -j "$j" -q
        echo "govdoc_html_j${j}_ok $(grep '"input"' "$work/g/manifest.jsonl" | grep -c '"status":"ok"' || true)"
        rm -rf "$work/g"
        log "govdoc batch -t json,pdf -j $j"
        wall "govdoc_jsonpdf_j$j" "$G" batch "$set_dir" -o "$work/g" -t json,pdf -j "$j" -q
    done
    if command -v parallel >/dev/null; then
        # one govdoc process per file, two at a time: outputs named by the
        # job number (the set has equal names in different folders)
        find "$set_dir" -type f | sort >"$work/all"
        for t in pdf html; do
            log "GNU parallel -j2, one govdoc convert per file, $t"
            rm -rf "$work/gp"
            mkdir -p "$work/gp"
            wall "parallel_convert_${t}_j2" parallel -j 2 "$G" convert -q {} -o "$work/gp/{#}.$t" :::: "$work/all"
            echo "parallel_convert_${t}_j2_ok $(find "$work/gp" -name "*.$t" | wc -l)"
        done
    fi
    if command -v soffice >/dev/null; then
        log "LibreOffice, one call"
        rm -rf "$work/lo" "$work/lo-profile"
        mkdir -p "$work/lo"
        find "$set_dir" -type f | sort >"$work/all"
        # one call for every file; its own profile so nothing else interferes
        wall libreoffice_pdf timeout 7200 xargs -d '\n' -a "$work/all" soffice \
            -env:UserInstallation=file://"$work/lo-profile" --headless --convert-to pdf \
            --outdir "$work/lo"
        echo "libreoffice_pdf_ok $(find "$work/lo" -name '*.pdf' | wc -l)"
        echo "libreoffice_distinct_names $(sed 's|.*/||; s|\.[^.]*$||' "$work/all" | sort -u | wc -l)"
        # what it says it converted, and where it stopped if it did
        echo "libreoffice_said_converted $(grep -c '^convert ' "$work/last.out" || true)"
        cp "$work/last.out" "$res/libreoffice.out"
        cp "$work/last.err" "$res/libreoffice.err"
    fi
    if command -v pandoc >/dev/null; then
        log "pandoc, one process per file"
        rm -rf "$work/pd"
        mkdir -p "$work/pd"
        cat >"$work/pandoc-one.sh" <<'EOF'
f=$1; out=$2/$(echo "$f" | md5sum | cut -c1-16).html
case $f in
*.docx) from=docx ;; *.txt) from=markdown ;; *) from=html ;;
esac
timeout 120 pandoc -f "$from" -t html -s -o "$out" "$f" 2>/dev/null
EOF
        find "$set_dir" -type f | sort | awk -v k="$pandoc_every" '(NR - 1) % k == 0' >"$work/pandoc-list"
        echo "pandoc_documents $(wc -l <"$work/pandoc-list")"
        wall pandoc_html bash -c "while read -r f; do bash '$work/pandoc-one.sh' \"\$f\" '$work/pd' || true; done <'$work/pandoc-list'"
        echo "pandoc_html_ok $(find "$work/pd" -name '*.html' | wc -l)"
    fi
    echo "load_after $(cut -d' ' -f1 /proc/loadavg)"
} | tee "$res/throughput.txt"

# ---- memory: 10 000 documents, the RSS of every worker sampled ----
[ "$no_rss" = --no-rss ] && exit 0
log "RSS over 10 000 documents"
big=$work/big
copies=$(((10000 + n - 1) / n))
[ "$quick" = --quick ] && copies=2
for c in $(seq 1 "$copies"); do
    mkdir -p "$big/c$c"
    rmdir "$big/c$c"
    cp -al "$set_dir" "$big/c$c" # hard links: distinct paths, no copy
done
"$G" batch "$big" -o "$work/bigout" -t json,pdf -j 2 -q &
pid=$!
: >"$res/rss.tsv"
echo -e "seconds\tdone\tworker_pid\tVmRSS_kB\tVmHWM_kB" >"$res/rss.tsv"
t0=$(date +%s)
while kill -0 "$pid" 2>/dev/null; do
    done_n=$(grep -c '"input"' "$work/bigout/manifest.jsonl" 2>/dev/null || true)
    for w in $(pgrep -P "$pid" || true); do
        rss=$(awk '/^VmRSS/{print $2}' "/proc/$w/status" 2>/dev/null || true)
        hwm=$(awk '/^VmHWM/{print $2}' "/proc/$w/status" 2>/dev/null || true)
        [ -n "$rss" ] && echo -e "$(($(date +%s) - t0))\t${done_n:-0}\t$w\t$rss\t$hwm" >>"$res/rss.tsv"
    done
    sleep 2
done
wait "$pid" || true
tail -1 "$work/bigout/manifest.jsonl" >"$res/rss-summary.json"
python3 - "$res/rss.tsv" <<'EOF' | tee "$res/rss.txt"
import sys, collections
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])][1:]
rows = [(int(a), int(b), c, int(d), int(e)) for a, b, c, d, e in rows]
if not rows:
    sys.exit("no samples")
total = max(r[1] for r in rows)
print("documents done: %d; workers seen: %d" % (total, len({r[2] for r in rows})))
for frac in (0.1, 0.25, 0.5, 0.75, 1.0):
    near = [r for r in rows if r[1] <= total * frac]
    if near:
        r = max(near, key=lambda r: r[1])
        same = [x for x in near if x[1] == r[1]]
        print("after %5d docs: VmRSS %s kB, VmHWM %s kB" % (r[1], "/".join(str(x[3]) for x in same),
                                                         "/".join(str(x[4]) for x in same)))
EOF
log "results in $res"
