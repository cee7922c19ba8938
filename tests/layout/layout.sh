# The core decides what a writer renders (--layout), and the standard form
# reaches every writer through the IR alone: a test writer that knows
# nothing of templates (grid_writer.c) draws the template's tables with the
# template's column widths and header cells, and marks a failed check's
# cells by their field key.
grid=$1
seed=$GD_SEED_DIR/fenggang-2023
fixtures=$GD_SOURCE_DIR/tests/report/fixtures
G=("$GD_CLI" --plugin "$grid")

check_exit "the grid writer loads and renders the seed" 0 "${G[@]}" convert -q "$seed.txt" -t grid -o "$GD_TMP/seed.grid"
out=$GD_TMP/seed.grid
prev=0
for h in "## 一、总体情况" "## 二、主动公开政府信息情况" "## 三、收到和处理政府信息公开申请情况" \
    "## 四、政府信息公开行政复议、行政诉讼情况" "## 五、存在的主要问题及改进情况" "## 六、其他需要报告的事项"; do
    at=$(grep -nF -- "$h" "$out" | head -1 | cut -d: -f1)
    check "section '$h' present, in the template's order" test -n "$at" -a "${at:-0}" -gt "$prev"
    prev=${at:-0}
done
check_contains "table 二 with the template's widths" "$out" "table 4 columns, widths 31% 23% 23% 23%"
check_contains "table 三 with the template's widths" "$out" \
    "table 10 columns, widths 7% 11.5% 23.5% 8% 8% 8% 9% 9% 7.5% 8.5%"
check_contains "table 四: fifteen equal columns" "$out" \
    "table 15 columns, widths$(printf ' 6.667%%%.0s' $(seq 15))"
check_contains "header cells flagged" "$out" "| [信息内容] | [本年制发件数] | [本年废止件数] | [现行有效件数] |"
check_contains "a value row of table 三" "$out" "| 一、本年新收政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
check "the seed's tables add up: no cell marked" bash -c "! grep -q '!' '$out'"

# The same standard tables from every input form.
grep '^|' "$out" >"$GD_TMP/seed.rows"
for form in docx html; do
    check_exit "$form: renders" 0 "${G[@]}" convert -q "$seed.$form" -t grid -o "$GD_TMP/$form.grid"
    grep '^|' "$GD_TMP/$form.grid" >"$GD_TMP/$form.rows"
    check "$form: the same template tables as the text form" cmp -s "$GD_TMP/seed.rows" "$GD_TMP/$form.rows"
done

# Failed checks marked by key: table 三's balance fails for 自然人.
check_exit "a report whose balance fails" 0 "${G[@]}" convert -q "$fixtures/bad-balance.txt" -t grid -o "$GD_TMP/bad.grid"
check_contains "一、本年新收 自然人 marked" "$GD_TMP/bad.grid" "| 一、本年新收政府信息公开申请数量 | 20! | 5 | 1 |"
check_contains "（七）总计 自然人 marked" "$GD_TMP/bad.grid" "| （七）总计 | 21! | 5 |"
marked=$(grep -o '!' "$GD_TMP/bad.grid" | wc -l)
keys=$("$GD_CLI" convert -q "$fixtures/bad-balance.txt" -t json -o - | python3 -c '
import json, sys
r = json.load(sys.stdin)["report"]
print(len({k for c in r["checks"] if not c["ok"] for k in c["fields"]}))')
check "as many marked cells ($marked) as keys named by failed checks ($keys)" test "$marked" -gt 0 -a "$marked" = "$keys"

# --layout source: the document as read, no template tables.
check_exit "--layout source" 0 "${G[@]}" convert -q --layout source "$seed.txt" -t grid -o "$GD_TMP/src.grid"
check "source: no template widths" bash -c "! grep -q 'widths' '$GD_TMP/src.grid'"
check "source: differs from the standard form" bash -c "! cmp -s '$out' '$GD_TMP/src.grid'"
check_exit "--layout standard is the default" 0 "${G[@]}" convert -q --layout standard "$seed.txt" -t grid -o "$GD_TMP/std.grid"
check "same as without --layout" cmp -s "$out" "$GD_TMP/std.grid"
check_exit "--layout bogus refused" 3 "${G[@]}" convert --layout bogus "$seed.txt" -t grid -o "$GD_TMP/x.grid"
check_contains "it says what it expects" "$GD_TMP/last.err" "expected standard or source"

# JSON, a data format, keeps the blocks as read unless --layout standard.
check_exit "json default" 0 "$GD_CLI" convert -q "$seed.txt" -o "$GD_TMP/d.json"
check "json default: no template table in the blocks" bash -c "! grep -q '\"template-table\"' '$GD_TMP/d.json'"
check_exit "json --layout standard" 0 "$GD_CLI" convert -q --layout standard "$seed.txt" -o "$GD_TMP/s.json"
check_contains "json standard: table 二 carries its widths" "$GD_TMP/s.json" '"col-widths": "31 23 23 23"'
check_contains "json: a check names its fields" "$GD_TMP/s.json" '"requests.new.natural_person"'

# The table writers (CSV, XLSX, JSON Lines) are data writers too: the tables
# as read, the template's tables with --layout standard (its labels exactly:
# 商业企业 in one cell where the seed's text wraps it).
check_exit "csv default" 0 "$GD_CLI" convert -q -O csv.table=all "$seed.txt" -o "$GD_TMP/d.csv"
check_exit "csv --layout source" 0 "$GD_CLI" convert -q -O csv.table=all --layout source "$seed.txt" -o "$GD_TMP/src.csv"
check "csv default: the tables as read" cmp -s "$GD_TMP/d.csv" "$GD_TMP/src.csv"
check "csv as read: the seed's wrapped label" bash -c "! grep -q ',商业企业,科研机构,' '$GD_TMP/d.csv'"
check_exit "csv --layout standard" 0 "$GD_CLI" convert -q -O csv.table=all --layout standard "$seed.txt" -o "$GD_TMP/s.csv"
check_contains "csv standard: the template's labels" "$GD_TMP/s.csv" ',商业企业,科研机构,'

# The writers' old layout options still work, with a warning.
check_exit "-O html.layout=source (deprecated)" 0 "$GD_CLI" convert -O html.layout=source "$seed.txt" -o "$GD_TMP/old.html"
check_contains "warns it is deprecated" "$GD_TMP/last.err" "-O html.layout is deprecated: use --layout source"
check_exit "--layout source, html" 0 "$GD_CLI" convert -q --layout source "$seed.txt" -o "$GD_TMP/new.html"
check "the alias gives the same page" cmp -s "$GD_TMP/old.html" "$GD_TMP/new.html"
check_exit "-O json.layout=standard (deprecated)" 0 "$GD_CLI" convert -O json.layout=standard "$seed.txt" -o "$GD_TMP/old.json"
check "json alias: same as --layout standard" cmp -s "$GD_TMP/old.json" "$GD_TMP/s.json"
# a fixed creation date, so that two PDFs of one tree are the same bytes
export SOURCE_DATE_EPOCH=1700000000
check_exit "-O pdf.layout=source (deprecated)" 0 "$GD_CLI" convert -O pdf.layout=source "$seed.txt" -o "$GD_TMP/old.pdf"
check_contains "pdf: warns it is deprecated" "$GD_TMP/last.err" "-O pdf.layout is deprecated: use --layout source"
check_exit "--layout source, pdf" 0 "$GD_CLI" convert -q --layout source "$seed.txt" -o "$GD_TMP/new.pdf"
check "pdf alias: the same file as --layout source" cmp -s "$GD_TMP/old.pdf" "$GD_TMP/new.pdf"
check_exit "--layout standard, pdf" 0 "$GD_CLI" convert -q "$seed.txt" -o "$GD_TMP/std.pdf"
check "pdf: the standard form differs from the source" bash -c "! cmp -s '$GD_TMP/std.pdf' '$GD_TMP/new.pdf'"
# both given: --layout wins, and the warning says so
check_exit "--layout standard with -O html.layout=source" 0 "$GD_CLI" convert --layout standard \
    -O html.layout=source "$seed.txt" -o "$GD_TMP/both.html"
check_contains "says --layout overrides it" "$GD_TMP/last.err" "--layout standard overrides it"
check_exit "html, standard" 0 "$GD_CLI" convert -q "$seed.txt" -o "$GD_TMP/std.html"
check "--layout won" cmp -s "$GD_TMP/both.html" "$GD_TMP/std.html"

# govdoc batch takes the same option.
check_exit "batch, default" 0 "${G[@]}" batch -q "$seed.txt" -o "$GD_TMP/b1" -t grid
check "batch: the standard form" cmp -s "$out" "$GD_TMP/b1/fenggang-2023.grid"
check_exit "batch --layout source" 0 "${G[@]}" batch -q --layout source "$seed.txt" -o "$GD_TMP/b2" -t grid
check "batch --layout source: as read" cmp -s "$GD_TMP/src.grid" "$GD_TMP/b2/fenggang-2023.grid"
