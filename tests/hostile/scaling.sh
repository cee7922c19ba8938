# Linear time, per reader (issue 18): each shape of gen.py's scaling cases
# (flattened tables, hard wraps, bookmarks, CR-only lines, Word lists,
# numbering, tables, ...) is converted at 1x and 10x its size, and the CPU
# time (user + system, so other processes on the machine matter less than
# for wall time) of the 10x run must be at most 25x that of the 1x run: 10x
# with generous slack, while a quadratic path gives 100x. Both are measured
# in this run, so the machine's speed cancels out; the best of a few runs
# of each is taken. Never an absolute time.
#
# usage: scaling.sh READER (txt, html, docx, pdf: the cases of that reader)
only=$1
S=$GD_TMP/scaling
python3 "$GD_SOURCE_DIR/tests/hostile/gen.py" --scaling "$S" "$only" || fail "gen.py --scaling failed"
max_ratio=25
guard=300

cpu() { # cpu FILE: best CPU seconds of N conversions
    local file=$1 n=$2 best=
    for _ in $(seq "$n"); do
        # exact CPU time (cputime.py: time(1) rounds to 10 ms, as much as a
        # small case takes)
        python3 "$GD_SOURCE_DIR/tests/hostile/cputime.py" "$guard" \
            "$GD_CLI" convert -q --max-memory 1024 "$file" -t html -o "$GD_TMP/out.html" \
            2>"$GD_TMP/err" >"$GD_TMP/time" ||
            { fail "$(basename "$file"): conversion failed: $(head -c 300 "$GD_TMP/err")"; }
        local t
        t=$(awk 'END { printf "%.4f", $1 }' "$GD_TMP/time")
        if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then best=$t; fi
    done
    echo "$best"
}

while read -r name reader; do
    if [ "$reader" = pdf ]; then
        # the PDF reader's inputs: written by govdoc's PDF writer
        for k in 1 10; do
            "$GD_CLI" convert -q "$S/$name.$k.txt" -o "$S/$name.$k.pdf" ||
                fail "$name: cannot make the PDF"
        done
    fi
    small=$(cpu "$S/$name.1.$reader" 3)
    big=$(cpu "$S/$name.10.$reader" 2)
    # a floor of 10 ms: a run too quick to time says nothing either way
    ratio=$(awk -v a="$big" -v b="$small" 'BEGIN { if (b < 0.01) b = 0.01; printf "%.1f", a / b }')
    echo "$name ($reader): ${small}s -> ${big}s CPU, ratio $ratio"
    check "$name: 10x input in ${ratio}x the CPU time (at most ${max_ratio}x)" \
        awk -v r="$ratio" -v m="$max_ratio" 'BEGIN { exit !(r <= m) }'
done <"$S/CASES"
