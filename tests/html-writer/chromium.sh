# Headless Chromium lays out the writer's pages (sourced by
# run-shell-test.sh; $1 = the pages html-writer.unit left, plus the seed
# converted here). Checks, per page and width: the tables the browser built
# (rows × columns, rectangular grid, rowspans over exactly their rows), no
# horizontal page scroll on a phone (wide tables scroll in their own box),
# the CJK serif stack, check marks visible; print: A4 pages, header rows
# repeated, page numbers; screenshots non-blank. Screenshots and PDFs are
# kept in $1/screenshots for a person to look at.
pages=$1
here=$(dirname "${BASH_SOURCE[0]}")
shots=$pages/screenshots
mkdir -p "$shots"

chrome=$(command -v chromium || command -v chromium-browser || true)
check "chromium is installed (scripts/packages/html-writer.txt)" test -n "$chrome"
[ -n "$chrome" ] || return 0

run_chrome() {
    "$chrome" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --no-first-run --user-data-dir="$GD_TMP/profile" \
        --allow-file-access-from-files "$@" 2>>"$GD_TMP/chrome.log"
}

# probe <page> <width>: the harness's report of the page laid out at width
probe() {
    run_chrome --virtual-time-budget=10000 --dump-dom \
        "file://$(realpath "$here/harness.html")?page=file://$(realpath "$1")&width=$2" |
        sed -n '/<pre id="result">/,/<\/pre>/p' | sed 's/<[^>]*>//g'
}

# the seed, through the CLI, as a person would convert it
"$GD_CLI" convert -q "$GD_SEED_DIR/fenggang-2023.txt" -o "$pages/seed.html"
check "seed converts" test -s "$pages/seed.html"

for w in 1280 375; do
    r=$(probe "$pages/standard.html" $w)
    echo "$r" >"$shots/standard-$w.txt"
    check_contains "standard@$w laid out" <(echo "$r") "done"
    check_contains "standard@$w table 二 grid" <(echo "$r") "table2 rows=14 cols=4 rect=1"
    check_contains "standard@$w table 三 grid" <(echo "$r") "table3 rows=28 cols=10 rect=1"
    check_contains "standard@$w table 四 grid" <(echo "$r") "table4 rows=4 cols=15 rect=1"
    check_contains "standard@$w table 三 spans" <(echo "$r") "spans 1 8 misplaced=0"
    check_contains "standard@$w table 四 spans" <(echo "$r") "spans 2 5 misplaced=0"
    check_contains "standard@$w rowspan 22" <(echo "$r") "t3-rowspan22 三、本年度办理结果"
    check_contains "standard@$w narrow label column" <(echo "$r") "t3-label-narrow 1"
    check_contains "standard@$w borders" <(echo "$r") "border=solid"
    check_contains "standard@$w serif CJK stack" <(echo "$r") "serif 1"
    check_contains "standard@$w marked cells visible" <(echo "$r") "flag-bg 1"
    check_contains "standard@$w no page scroll" <(echo "$r") "page-overflow 0"
    if [ $w = 375 ]; then
        check_eq "phone: every template table scrolls in its box" 3 \
            "$(echo "$r" | grep -c 'table[234] .*scrolls=1')"
    else
        check_eq "desktop: no table needs to scroll" 0 "$(echo "$r" | grep -c 'scrolls=1')"
    fi

    r=$(probe "$pages/seed.html" $w)
    echo "$r" >"$shots/seed-$w.txt"
    check_contains "seed@$w laid out" <(echo "$r") "done"
    check_contains "seed@$w no page scroll" <(echo "$r") "page-overflow 0"
    check_eq "seed@$w: three tables, all rectangular" 3 "$(echo "$r" | grep -c '^table .* rect=1')"
    check_contains "seed@$w table 三 is 28 × 10" <(echo "$r") "rows=28 cols=10 rect=1"
    check_contains "seed@$w table 四 is 4 × 15" <(echo "$r") "rows=4 cols=15 rect=1"
    check_eq "seed@$w: spans over their rows" 0 "$(echo "$r" | grep -c 'misplaced=[1-9]')"
    # the seed is a recognised report: its tables are the template's
    check_contains "seed@$w standard table 三" <(echo "$r") "table3 rows=28 cols=10 rect=1"
    check_contains "seed@$w rowspan 22" <(echo "$r") "t3-rowspan22 三、本年度办理结果"
    check_contains "seed@$w narrow label column" <(echo "$r") "t3-label-narrow 1"

    r=$(probe "$pages/generic.html" $w)
    check_contains "generic@$w laid out" <(echo "$r") "done"
    check_contains "generic@$w no page scroll" <(echo "$r") "page-overflow 0"
    check_contains "generic@$w outer table" <(echo "$r") "generic rows=4 cols=3 rect=1"
done

# screenshots: a person looks at these; the test checks they are not blank
shot() { # shot <page> <name> <WxH>
    run_chrome --hide-scrollbars --screenshot="$shots/$2.png" --window-size="$3" \
        "file://$(realpath "$1")" >/dev/null
    check "screenshot $2 written" test -s "$shots/$2.png"
    local stat
    stat=$(python3 "$here/pngstat.py" "$shots/$2.png")
    echo "$2: $stat (width height ink‰ dark‰)"
    set -- $stat
    check "screenshot $2 shows content ($3‰ ink)" test "$3" -ge 20
    check "screenshot $2 shows text and rules ($4‰ dark)" test "$4" -ge 10
}
shot "$pages/standard.html" standard-desktop 1000,2600
shot "$pages/standard.html" standard-phone 390,1600
shot "$pages/seed.html" seed-desktop 1000,4300
shot "$pages/seed.html" seed-phone 390,2400

# print: A4, header rows repeated on every page, page numbers in the margin
print_pdf() { # print_pdf <page> <name>
    run_chrome --no-pdf-header-footer --print-to-pdf="$shots/$2.pdf" \
        "file://$(realpath "$1")" >/dev/null
    check "$2.pdf printed" test -s "$shots/$2.pdf"
}
print_pdf "$pages/long-table.html" long-table
info=$(pdfinfo "$shots/long-table.pdf")
check_contains "long table prints on A4" <(echo "$info") "(A4)"
npages=$(echo "$info" | sed -n 's/^Pages: *//p')
check "long table needs several pages ($npages)" test "${npages:-0}" -ge 3
for p in $(seq 1 "${npages:-0}"); do
    txt=$(pdftotext -f "$p" -l "$p" "$shots/long-table.pdf" -)
    check_contains "page $p repeats the header row" <(echo "$txt") "事项名称"
    # poppler joins "— 1 —" as "—1—" when the page's font has narrow spaces
    # (Noto CJK, when installed): the spaces are not the point.
    check "page $p is numbered" grep -qE "— ?$p ?—" <<<"$txt"
done

print_pdf "$pages/standard.html" standard
txt=$(pdftotext -layout "$shots/standard.pdf" -)
check_contains "standard prints table 三" <(echo "$txt") "本年新收政府信息公开申请数量"
check_contains "standard prints table 四" <(echo "$txt") "未经复议直接起诉"
# table 三 runs over a page break: its header rows come again
check "table 三 header repeated when it breaks" \
    test "$(echo "$txt" | grep -c '申请人情况')" -ge 2
print_pdf "$pages/seed.html" seed
check_contains "seed prints" <(pdftotext "$shots/seed.pdf" -) "六、其他需要报告的事项"
