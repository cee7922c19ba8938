# The seed report as HTML: both encodings give the same document, the same
# paragraphs as the seed's text, and the template's three tables.
HERE=$(dirname "${BASH_SOURCE[0]}")
IR="python3 $HERE/irtool.py"
conv() { "$GD_CLI" convert -q -f html -o "$2" "$1"; }

check "utf-8 seed converts" conv "$GD_SEED_DIR/fenggang-2023.html" "$GD_TMP/utf8.json"
check "gb2312 seed converts" conv "$GD_SEED_DIR/fenggang-2023.gb2312.html" "$GD_TMP/gb.json"
$IR strip-source "$GD_TMP/utf8.json" >"$GD_TMP/utf8.canon"
$IR strip-source "$GD_TMP/gb.json" >"$GD_TMP/gb.canon"
check "both encodings give identical documents" cmp -s "$GD_TMP/utf8.canon" "$GD_TMP/gb.canon"
check_contains "gb2312 seed decoded" "$GD_TMP/gb.canon" "三、收到和处理政府信息公开申请情况"

# Without -f the probe picks the HTML reader for both (the TXT reader also
# accepts them, with a lower score).
for f in fenggang-2023.html fenggang-2023.gb2312.html; do
    check "$f converts by probe" "$GD_CLI" convert -q -o "$GD_TMP/probe.json" "$GD_SEED_DIR/$f"
    check_eq "$f read as html" html "$(python3 "$HERE/irtool.py" meta "$GD_TMP/probe.json" source-format)"
done

# Paragraphs outside tables, in order, as in the flattened text.
python3 "$HERE/seedtxt.py" "$GD_SEED_DIR/fenggang-2023.txt" >"$GD_TMP/txt.paras"
$IR paras "$GD_TMP/gb.json" >"$GD_TMP/html.paras"
check "paragraph texts equal the seed .txt" diff -u "$GD_TMP/txt.paras" "$GD_TMP/html.paras"
check_eq "paragraph count" "$(wc -l <"$GD_TMP/txt.paras")" "$(wc -l <"$GD_TMP/html.paras")"

# The six sections are headings (h2), their sub-items h3.
$IR blocks "$GD_TMP/utf8.json" >"$GD_TMP/blocks"
check_eq "six level-2 headings" 6 "$(grep -c $'^heading\t2\t' "$GD_TMP/blocks")"
check_contains "section 4 heading" "$GD_TMP/blocks" $'heading\t2\t四、政府信息公开行政复议、行政诉讼情况'
check_contains "sub-item heading" "$GD_TMP/blocks" $'heading\t3\t（二）依申请公开'
check_eq "title metadata" "赣州经开区凤岗镇2023年政府信息公开工作年度报告" \
    "$($IR meta "$GD_TMP/utf8.json" title)"

# TEMPLATE.md §2: the three tables with their spans.
$IR tables "$GD_TMP/utf8.json" >"$GD_TMP/tables"
check "tables equal the template layout" diff -u "$HERE/expected/seed-tables.txt" "$GD_TMP/tables"
check_contains "table 2 r5" "$GD_TMP/tables" "r5: [信息内容] [本年处理决定数量 span=3]"
check_contains "table 3 r0" "$GD_TMP/tables" "r0: [（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） span=3 rowspan=3] [申请人情况 span=7]"
check_contains "table 3 r5" "$GD_TMP/tables" "r5: [三、本年度办理结果 rowspan=22] [（一）予以公开 span=2]"
check_contains "table 4 r1" "$GD_TMP/tables" "r1: [结果维持 rowspan=2] [结果纠正 rowspan=2] [其他结果 rowspan=2] [尚未审结 rowspan=2] [总计 rowspan=2] [未经复议直接起诉 span=5] [复议后起诉 span=5]"
check_eq "three tables" 3 "$(grep -c '^table ' "$GD_TMP/tables")"
check_eq "table row counts" "table 14 rows|table 28 rows|table 4 rows" \
    "$(grep '^table ' "$GD_TMP/tables" | paste -sd'|')"

# When the core recognises the report (the report model lands in the core
# separately), both HTML forms give the same fields, and the same as the
# seed's TXT and DOCX forms when those readers are present.
fields() {
    python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1])).get("report", {}).get("fields"), sort_keys=True))' "$1"
}
if [ "$(fields "$GD_TMP/utf8.json")" != "null" ]; then
    fields "$GD_TMP/utf8.json" >"$GD_TMP/f.html"
    check_eq "report has the template's fields" 200 "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$GD_TMP/f.html")"
    check_eq "report fields equal across encodings" "$(cat "$GD_TMP/f.html")" "$(fields "$GD_TMP/gb.json")"
    for other in txt docx; do
        if "$GD_CLI" formats --readers | grep >/dev/null -x "$other"; then
            check "seed .$other converts" "$GD_CLI" convert -q -o "$GD_TMP/o.json" "$GD_SEED_DIR/fenggang-2023.$other"
            check_eq "report fields equal the .$other form" "$(cat "$GD_TMP/f.html")" "$(fields "$GD_TMP/o.json")"
        fi
    done
fi
