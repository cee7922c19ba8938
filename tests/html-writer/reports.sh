# The report fixtures of tests/report/fixtures (the lead's: broken rules,
# blank cells, four blocks, the 2019 template, …) through `govdoc convert`:
# each page passes tidy, the text fixtures match golden/report-*.html
# (rendered without the stylesheet; GD_UPDATE_GOLDEN=1 rewrites them), and
# what the standard format promises holds on each.
fx=$GD_SOURCE_DIR/tests/report/fixtures
golden=$GD_SOURCE_DIR/tests/html-writer/golden
has_reader() {
    "$GD_CLI" formats --readers | grep >/dev/null -x "$1" &&
        ! "$GD_CLI" formats | grep >/dev/null -E "^  $1 +.*placeholder"
}

# every fixture with a reader: a valid page
n=0
for f in "$fx"/*; do
    case $f in *.json | *.py) continue ;; esac
    ext=${f##*.}
    has_reader "$ext" || continue
    n=$((n + 1))
    out=$GD_TMP/$(basename "$f").html
    check_exit "$(basename "$f") converts" 0 "$GD_CLI" convert -q "$f" -o "$out"
    msg=$(tidy -q -errors "$out" 2>&1) && rc=0 || rc=$?
    check_eq "tidy on $(basename "$f"): $msg" 0 "$rc"
done
check "fixtures converted ($n)" test "$n" -ge 15

# goldens
for name in bad-balance bad-results bad-prose blank-cells good-four-tables t2019-flat \
    one-row-other not-a-report; do
    "$GD_CLI" convert -q -O html.stylesheet=none "$fx/$name.txt" -o "$GD_TMP/g-$name.html"
    if [ "${GD_UPDATE_GOLDEN:-}" = 1 ]; then cp "$GD_TMP/g-$name.html" "$golden/report-$name.html"; fi
    check "$name matches golden/report-$name.html ($(diff "$golden/report-$name.html" \
        "$GD_TMP/g-$name.html" | head -3))" cmp -s "$golden/report-$name.html" "$GD_TMP/g-$name.html"
done

body() { sed -n '/<body>/,$p' "$1"; }
tables() { body "$1" | grep -c '<table class="gd-table gd-template'; }

# broken rules are marked on their cells, and not when publishing
p=$GD_TMP/bad-balance.txt.html
check_eq "bad-balance: 10 cells marked" 10 "$(body "$p" | grep -c 'class="gd-check-failed"')"
check_contains "bad-balance: the balance finding" "$p" '表三 自然人: 一、本年新收 20 + 二、上年结转 3 = 23，但 （七）总计 21 + 四、结转下年度 5 = 26'
"$GD_CLI" convert -q -O html.checks=false "$fx/bad-balance.txt" -o "$GD_TMP/pub.html"
check_eq "checks=false: nothing marked" 0 "$(body "$GD_TMP/pub.html" | grep -c 'gd-check')"
# many cells: the list links to a few and says how many
check_contains "bad-results: long back-link lists are cut" "$GD_TMP/bad-results.txt.html" '（共 22 格）'
# a blank value stays blank (its blank.cells finding's mark aside)
check "blank-cells: the blank 收费金额 stays empty" \
    grep -qE 'data-field="proactive.fees.amount"[^>]*>(<sup class="gd-check-ref"><a [^>]*>※[0-9]+</a></sup>)*</td>' \
    "$GD_TMP/blank-cells.txt.html"
# four blocks in, one template table out
check_eq "four blocks: three template tables" 3 "$(tables "$GD_TMP/good-four-tables.txt.html")"
# the 2019 template: （六）其他处理 has no sub-rows, so 20 rows
check "2019 template: rowspan 20" \
    grep -qE 'rowspan="20"[^>]*>三、本年度办理结果<' "$GD_TMP/t2019-flat.txt.html"
# a document that is not a report is drawn as it is
check_contains "not a report: generic" "$GD_TMP/not-a-report.txt.html" '<main class="gd-document">'
check_eq "not a report: no template table" 0 "$(tables "$GD_TMP/not-a-report.txt.html")"
