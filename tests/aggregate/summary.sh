# The summary page in headless Chromium: laid out on a desktop and a phone
# (charts drawn, labelled, text large enough and inside the chart, no page
# scroll), printed to PDF (labels and numbers in the print), screenshots
# kept for a person to look at ($GD_TMP/shots when GD_KEEP is set).
F="$GD_SOURCE_DIR/tests/aggregate/fixtures"
here="$GD_SOURCE_DIR/tests/aggregate"
cd "$GD_TMP"
check_exit "aggregate with --summary" 0 "$GD_CLI" aggregate -q "$F" -o t.csv --summary summary.html
check "summary written" test -s summary.html
check_eq "one chart for all reports and one per year (2020-2023)" 5 "$(grep -c '<svg ' summary.html)"
check_eq "no script in the page" 0 "$(grep -ci '<script' summary.html)"

chrome=$(command -v chromium || command -v chromium-browser || true)
check "chromium is installed (scripts/packages/aggregate.txt)" test -n "$chrome"
[ -n "$chrome" ] || return 0
run_chrome() {
    "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --no-first-run --user-data-dir="$GD_TMP/profile" \
        --allow-file-access-from-files "$@" 2>>"$GD_TMP/chrome.log"
}
shots=${GD_KEEP:-$GD_TMP}/shots
mkdir -p "$shots"
for w in 1280 375; do
    r=$(run_chrome --virtual-time-budget=10000 --dump-dom \
        "file://$here/harness.html?page=file://$GD_TMP/summary.html&width=$w" |
        sed -n '/<pre id="result">/,/<\/pre>/p' | sed 's/<[^>]*>//g')
    echo "$r" >"$shots/summary-$w.txt"
    check_contains "@$w laid out" <(echo "$r") "done"
    check_contains "@$w five charts" <(echo "$r") "svgs 5"
    check_eq "@$w every chart labelled with the six outcomes" 5 \
        "$(echo "$r" | grep -c 'labels=予以公开,部分公开,不予公开,无法提供,不予处理,其他处理$')"
    check_contains "@$w chart titles" <(echo "$r") "title=2023年度申请办理结果"
    check_eq "@$w no text outside its chart" 0 "$(echo "$r" | grep -c 'overflow=[1-9]')"
    check_eq "@$w no text smaller than 11 px" 0 \
        "$(echo "$r" | grep -oE 'min-text-px=[0-9]+' | awk -F= '$2 < 11' | wc -l)"
    check_contains "@$w no page scroll" <(echo "$r") "page-overflow 0"
done
run_chrome --hide-scrollbars --window-size=375,2400 --screenshot="$shots/summary-375.png" \
    "file://$GD_TMP/summary.html"
check "phone screenshot" test -s "$shots/summary-375.png"
# the phone charts fill the width
check_eq "phone: charts as wide as the page allows" 5 \
    "$(grep -oE 'svg [0-9]+ width=[0-9]+' "$shots/summary-375.txt" | awk -F= '$2 >= 300' | wc -l)"

run_chrome --no-pdf-header-footer --print-to-pdf="$shots/summary.pdf" "file://$GD_TMP/summary.html"
check "printed" test -s "$shots/summary.pdf"
pdftotext -layout "$shots/summary.pdf" print.txt
# the numbers in print: the chart of all reports, from the CSV
want=$(/usr/bin/python3 - t.csv <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
print(sum(int(r["requests.granted.total"]) for r in rows))
PY
)
check "print: 予以公开 of all reports ($want)" grep -qE "(^| )$want \([0-9.]+%\)" print.txt
if fc-list :lang=zh | grep >/dev/null .; then
    check_contains "print: chart labels" print.txt "予以公开"
    check_contains "print: findings" print.txt "发现的问题"
fi
