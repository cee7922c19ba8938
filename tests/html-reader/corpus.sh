# Sweeps the 361 pages of ../shared/corpora/html (INVENTORY-html.tsv, role
# "input"; jsoup's fuzz crashers are gunzipped first): each converts, no
# crash, no hang, no raw parser output.
H=$GD_CORPORA_DIR/html
list=$GD_TMP/list
awk -F'\t' '$3=="input"{print $2}' "$GD_CORPORA_DIR/INVENTORY-html.tsv" >"$list"
check_eq "inventory lists 361 pages" 361 "$(wc -l <"$list")"
# ctest: every Nth page plus jsoup's fuzz crashers (*.gz); GD_CORPUS_FULL=1
# (scripts/corpus.sh): every page (tests/lib/corpus_sample.py)
python3 "$GD_SOURCE_DIR/tests/lib/corpus_sample.py" '\.gz$' <"$list" >"$list.picked"
want=$(wc -l <"$list.picked")
check "the sample keeps the fuzz crashers" test "$(grep -c '\.gz$' "$list.picked")" -eq "$(grep -c '\.gz$' "$list")"
total=0
slowest=0
slowest_name=
while read -r rel; do
    src=$H/$rel
    if [[ $rel == *.gz ]]; then
        src=$GD_TMP/$(basename "${rel%.gz}")
        gunzip -c "$H/$rel" >"$src"
    fi
    start=$(date +%s%N)
    code=0
    timeout 60 "$GD_CLI" convert -q -f html -o "$GD_TMP/out.json" "$src" 2>"$GD_TMP/err" || code=$?
    ms=$((($(date +%s%N) - start) / 1000000))
    total=$((total + 1))
    if [ "$ms" -gt "$slowest" ]; then slowest=$ms slowest_name=$rel; fi
    GD_CHECKS=$((GD_CHECKS + 2))
    if [ "$code" != 0 ]; then fail "$rel: exit $code: $(head -c 300 "$GD_TMP/err")"; fi
    if [ -s "$GD_TMP/err" ]; then fail "$rel: printed on stderr with -q: $(head -c 300 "$GD_TMP/err")"; fi
    if [[ $rel == *.gz ]]; then rm -f "$src"; fi
done <"$list.picked"
check_eq "pages converted" "$want" "$total"
echo "slowest page: $slowest_name ($slowest ms)"
