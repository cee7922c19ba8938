# The seed through `govdoc convert … -o report.html`, in every input form
# that has a reader: valid HTML (tidy), golden file, options, stdout. When
# the core recognises the report, the page must be in the standard format,
# with the same tables from every form.
# A reader that exists and is not a placeholder.
has_reader() {
    "$GD_CLI" formats --readers | grep >/dev/null -x "$1" &&
        ! "$GD_CLI" formats | grep >/dev/null -E "^  $1 +.*placeholder"
}
if ! has_reader txt; then
    echo "SKIP: no txt reader in this build"
    exit 77
fi
seed=$GD_SEED_DIR/fenggang-2023.txt
golden=$GD_SOURCE_DIR/tests/html-writer/golden

check_exit "seed converts" 0 "$GD_CLI" convert "$seed" -o "$GD_TMP/report.html"
out=$(tidy -q -errors "$GD_TMP/report.html" 2>&1) && rc=0 || rc=$?
check_eq "tidy on the seed: $out" 0 "$rc"
check_contains "lang" "$GD_TMP/report.html" '<html lang="zh-CN">'
check_contains "title" "$GD_TMP/report.html" '<title>赣州经开区凤岗镇2023年政府信息公开工作年度报告</title>'
check_contains "stylesheet" "$GD_TMP/report.html" '@page'
check_eq "three tables" 3 "$(grep -c '<table class="gd-table' "$GD_TMP/report.html")"
check "rowspan 22" grep -qE 'rowspan="22"[^>]*>三、本年度办理结果<' "$GD_TMP/report.html"
check "行政复议 colspan 5" grep -qE 'colspan="5"[^>]*>行政复议<' "$GD_TMP/report.html"

# golden (without the stylesheet, so style changes do not touch it)
check_exit "seed converts, no stylesheet" 0 \
    "$GD_CLI" convert -O html.stylesheet=none "$seed" -o "$GD_TMP/seed.html"
if [ "${GD_UPDATE_GOLDEN:-}" = 1 ]; then cp "$GD_TMP/seed.html" "$golden/seed.html"; fi
check "seed matches golden/seed.html ($(diff "$golden/seed.html" "$GD_TMP/seed.html" | head -5))" \
    cmp -s "$golden/seed.html" "$GD_TMP/seed.html"

# stdout is the same page
"$GD_CLI" convert -O html.stylesheet=none "$seed" -t html -o - >"$GD_TMP/stdout.html"
check "-o - writes the same page" cmp -s "$GD_TMP/seed.html" "$GD_TMP/stdout.html"

# options are declared and checked
for o in html.checks=false html.layout=source html.standalone=false html.images=files \
    html.allow-unsafe-urls=true html.css=/site.css; do
    check_exit "-O $o" 0 "$GD_CLI" convert -O "$o" "$seed" -o "$GD_TMP/opt.html"
done
check_exit "-O html.layout=bogus refused" 3 "$GD_CLI" convert -O html.layout=bogus "$seed" \
    -o "$GD_TMP/bad.html"
check "no output after a refused option" test ! -e "$GD_TMP/bad.html"

# every input form with a working reader
report=0
if "$GD_CLI" convert -q "$seed" -t json -o - | grep >/dev/null '"report"'; then report=1; fi
tables() { sed -n '/<table class="gd-table gd-template/,/<\/table>/p' "$1"; }
if [ $report = 1 ]; then
    r=$GD_TMP/report.html
    check_contains "a recognised report is drawn in the standard format" \
        "$r" '<main class="gd-document gd-standard">'
    check_eq "three template tables" 3 "$(grep -c '<table class="gd-table gd-template' "$r")"
    check_eq "six sections" 6 "$(grep -c '<section class="gd-section" id="s[1-6]">' "$r")"
    check_eq "175 data cells in table 三" 175 \
        "$(sed -n '/<table class="gd-table gd-template gd-template-table3"/,/<\/table>/p' "$r" |
            grep -c 'data-field=')"
    # the seed's text says 1 application, its table 三 none: listed, not on a cell
    check_contains "the prose check is listed" "$r" '<section class="gd-checks gd-checks-report"'
    check_contains "with its message" "$r" '我镇受理政府信息公开申请1件'
    "$GD_CLI" convert -q -O html.checks=false "$seed" -o "$GD_TMP/publish.html"
    check "checks=false: no findings" \
        test "$(sed -n '/<body>/,$p' "$GD_TMP/publish.html" | grep -c 'gd-check')" = 0
    "$GD_CLI" convert -q -O html.layout=source "$seed" -o "$GD_TMP/source.html"
    check "layout=source: the document as read" \
        grep -q '<main class="gd-document">' "$GD_TMP/source.html"
    check "layout=source: no template tables" \
        test "$(grep -c '<table class="gd-table gd-template' "$GD_TMP/source.html")" = 0
fi
for form in fenggang-2023.gb18030.txt fenggang-2023.docx fenggang-2023.html \
    fenggang-2023.gb2312.html; do
    ext=${form##*.}
    if ! has_reader "$ext"; then
        echo "note: no $ext reader yet; $form not converted"
        continue
    fi
    check_exit "$form converts" 0 "$GD_CLI" convert -q "$GD_SEED_DIR/$form" -o "$GD_TMP/$form.html"
    out=$(tidy -q -errors "$GD_TMP/$form.html" 2>&1) && rc=0 || rc=$?
    check_eq "tidy on $form: $out" 0 "$rc"
    if [ $report = 1 ]; then
        check "$form: the same standard tables as the txt" \
            cmp -s <(tables "$GD_TMP/report.html") <(tables "$GD_TMP/$form.html")
    fi
done
