#!/usr/bin/env bash
# govdoc batch against its peers, in one run on one machine:
#   - documents per second over >= 1000 mixed documents (the DOCX and HTML
#     corpora in ../shared, the seed report in every form), govdoc batch at
#     -j1 and -j2, to PDF and to HTML;
#   - LibreOffice converting the same files to PDF in one call
#     (soffice --headless --convert-to pdf, one process for the whole set);
#   - pandoc converting the same files to HTML, one process per file (its
#     usual use in a migration script; it writes no PDF without LaTeX);
#   - peak RSS of each worker sampled over a batch of 10 000 documents.
# Not a test: nothing here asserts a time.
#
#   bench/batch/run.sh [BUILD_DIR] [--quick]     (results in bench/batch/results/)
#
# Needs: libreoffice-writer, pandoc, GNU time (Debian). Install LibreOffice
# for the benchmark only; no test uses it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
build=${1:-$root/build}
quick=${2:-}
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
        cp "$f" "$set_dir/seed/r$i-$(basename "$f")"
    done
done
chmod -R u+w "$set_dir"
n=$(find "$set_dir" -type f | wc -l)
log "$n documents ($(du -sh "$set_dir" | cut -f1))"

wall() { # wall <label> <command...>: prints "label seconds"
    local t0 t1
    local label=$1
    shift
    t0=$(date +%s%N)
    "$@" >/dev/null 2>"$work/last.err" || true
    t1=$(date +%s%N)
    echo "$label $(awk "BEGIN{printf \"%.2f\", ($t1 - $t0) / 1e9}")"
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
        wall pandoc_html bash -c "find '$set_dir' -type f | sort | while read -r f; do bash '$work/pandoc-one.sh' \"\$f\" '$work/pd' || true; done"
        echo "pandoc_html_ok $(find "$work/pd" -name '*.html' | wc -l)"
    fi
    echo "load_after $(cut -d' ' -f1 /proc/loadavg)"
} | tee "$res/throughput.txt"

# ---- memory: 10 000 documents, the RSS of every worker sampled ----
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
