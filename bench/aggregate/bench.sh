#!/usr/bin/env bash
# govdoc aggregate against the peers, same run, same machine:
#   sources: govdoc aggregate over N source documents (TXT/HTML/DOCX: read,
#            recognised, aggregated) against `govdoc convert` of each to JSON
#            plus the pandas script (what one does without aggregate);
#   JSON:    govdoc aggregate over the N JSON outputs (each read back and
#            recognised again) against the pandas script reading the stored
#            report.fields and a jq one-liner.
# CPU time is the figure to compare on a busy machine (wall time waits
# for the other processes).
#   bench/aggregate/bench.sh [BUILD] [N]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=${1:-$here/../../build}
n=${2:-400}
G=$build/bin/govdoc
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 "$here/gen.py" "$tmp/src" "$n"
t() { # t NAME CMD...: wall and CPU (user + system) seconds of one run
    /usr/bin/time -f '%e %U %S' -o "$tmp/time" "${@:2}" >/dev/null 2>&1
    read -r wall user sys <"$tmp/time"
    printf '%-56s wall %6.2f s  cpu %6.2f s\n' "$1" "$wall" "$(echo "$user + $sys" | bc)"
}
echo "N = $n reports; load average $(cut -d' ' -f1-3 /proc/loadavg)"
mkdir -p "$tmp/json"
t "govdoc convert -t json -d (one process, the JSON step)" "$G" -q convert -t json -d "$tmp/json" "$tmp"/src/*
t "govdoc aggregate SOURCES -o x.csv" "$G" -q aggregate "$tmp/src" -o "$tmp/a.csv"
t "govdoc aggregate SOURCES -o x.xlsx" "$G" -q aggregate "$tmp/src" -o "$tmp/a.xlsx"
t "govdoc aggregate JSON -o x.csv" "$G" -q aggregate "$tmp/json" -o "$tmp/b.csv"
t "govdoc aggregate JSON -o x.csv --summary s.html" "$G" -q aggregate "$tmp/json" -o "$tmp/c.csv" --summary "$tmp/s.html"
t "peer: pandas over the JSON (report.fields to CSV)" /usr/bin/python3 "$here/peer_pandas.py" "$tmp/json" "$tmp/p.csv"
t "peer: jq over the JSON (fields to CSV)" sh -c "jq -r '[.meta.source, .report.metadata.agency, .report.metadata.year, (.report.fields[])] | @csv' $tmp/json/*.json > $tmp/j.csv"
echo "rows: aggregate $(($(wc -l <"$tmp/b.csv") - 1)), pandas $(($(wc -l <"$tmp/p.csv") - 1)), jq $(wc -l <"$tmp/j.csv")"
