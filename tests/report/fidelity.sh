# Report fidelity on text that lost its table (issue #17): docx2txt's one
# cell per line, where a blank line is a blank cell at its position; Tika's
# flattened tables, where a bare TAB line is one; pdftotext -layout, where a
# blank cell is missing and the values' positions under the column headers
# place the others. A row that does not fit (lines or cells too many or too
# few, positions under no column or two values under one) is left blank and
# said to be ambiguous, never shifted.
F="$GD_SOURCE_DIR/tests/report/fidelity"
field() { # field <json> <key>: the field's value as JSON (null when blank)
    python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["report"]["fields"][sys.argv[2]]))' "$1" "$2"
}
source_of() { # source_of <json> <key>: where the field was read
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["report"]["sources"][sys.argv[2]])' "$1" "$2"
}
check_exit "county docx2txt converts" 0 "$GD_CLI" convert "$F/county-2021-docx2txt.txt" -o "$GD_TMP/c.json"
check_eq "自然人 read" 20 "$(field "$GD_TMP/c.json" requests.new.natural_person)"
check_eq "blank 法人 cell stays blank" null "$(field "$GD_TMP/c.json" requests.new.commercial)"
check_eq "总计 after five blank lines" 20 "$(field "$GD_TMP/c.json" requests.new.total)"
check_eq "表四: the blank group stays blank" null "$(field "$GD_TMP/c.json" litigation.after_review.total)"
check_eq "表四: the next group read" 2 "$(field "$GD_TMP/c.json" litigation.direct.total)"
check_exit "2019 docx2txt converts" 0 "$GD_CLI" convert "$F/subrows-2019-docx2txt.txt" -o "$GD_TMP/s.json"
check_eq "2019: blank 总计 of a sub-row" null "$(field "$GD_TMP/s.json" requests.withheld.state_secret.total)"
check_eq "2019: the group total read" 15 "$(field "$GD_TMP/s.json" requests.granted.total)"

# blank cells: one warning per row, naming the count
check_exit "validate: blank cells are warnings" 0 "$GD_CLI" validate "$F/county-2021-docx2txt.txt"
check_contains "per row" "$GD_TMP/last.out" "warning: 表三 一、本年新收: 5 个单元格为空，无法核对 [blank.cells]"
check_contains "per group of 表四" "$GD_TMP/last.out" "warning: 表四 行政诉讼复议后起诉: 5 个单元格为空，无法核对 [blank.cells]"
check_eq "one finding per row or group: 表三's 25 rows, 表四's one group" 26 \
    "$(grep -c '\[blank.cells\]' "$GD_TMP/last.out")"
check_exit "--strict: blank cells fail" 1 "$GD_CLI" validate --strict "$F/county-2021-docx2txt.txt"

# a tool that dropped one blank line of 一、本年新收: 6 lines for 7 cells
python3 - "$F/county-2021-docx2txt.txt" "$GD_TMP/short.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = next(k for k, l in enumerate(lines) if l.startswith("一、本年新收"))
assert lines[i + 1] == "20" and lines[i + 2] == "", lines[i:i + 3]
del lines[i + 2]
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines))
PY
check_exit "short row converts" 0 "$GD_CLI" convert "$GD_TMP/short.txt" -o "$GD_TMP/short.json"
check_contains "the row is said to be ambiguous" "$GD_TMP/last.err" \
    "一、本年新收: ambiguous row: 6 lines (values and blank lines) where the template has 7 cells"
check_eq "its values are not shifted" null "$(field "$GD_TMP/short.json" requests.new.total)"
check_eq "nor guessed" null "$(field "$GD_TMP/short.json" requests.new.natural_person)"
check_eq "the next row is read" 3 "$(field "$GD_TMP/short.json" requests.carried_over.natural_person)"

# ---- Tika's flattened tables: a bare TAB line is a blank cell ----
check_exit "county flat converts" 0 "$GD_CLI" convert "$F/county-2021-flat.txt" -o "$GD_TMP/cf.json"
check_eq "flat: 自然人 read" 20 "$(field "$GD_TMP/cf.json" requests.new.natural_person)"
check_eq "flat: blank 法人 cell stays blank" null "$(field "$GD_TMP/cf.json" requests.new.commercial)"
check_eq "flat: 总计 after five blank cells" 20 "$(field "$GD_TMP/cf.json" requests.new.total)"
check_eq "flat: a sub-row's 总计" 4 "$(field "$GD_TMP/cf.json" requests.unavailable.not_held.total)"
check_eq "flat: 四、结转 自然人" 2 "$(field "$GD_TMP/cf.json" requests.carried_forward.natural_person)"
# the rebuilt table: 一、本年新收's row is its label and 7 cells (the blank
# cells are cells, not continuations of the header cells above)
cells=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
def text(c): return "".join(i.get("text", "") for b in c.get("blocks", []) for i in b.get("inlines", []))
for t in (b for b in d["blocks"] if b["type"] == "table"):
    for r in t["rows"]:
        if r["cells"] and text(r["cells"][0]).startswith("一、本年新收"):
            print(len(r["cells"]), max(c["rowspan"] for c in t["rows"][2]["cells"]))
' "$GD_TMP/cf.json")
check_eq "flat: the row has 8 cells; no header cell spans the data rows" "8 1" "$cells"
check_exit "sparse 2019 flat converts" 0 "$GD_CLI" convert "$F/sparse-2019-flat.txt" -o "$GD_TMP/sf.json"
check_eq "flat 2019: blank column between filled ones" null "$(field "$GD_TMP/sf.json" requests.new.research)"
check_eq "flat 2019: the column after it" 1 "$(field "$GD_TMP/sf.json" requests.new.legal_services)"
check_eq "flat 2019: 总计" 26 "$(field "$GD_TMP/sf.json" requests.new.total)"

# a flattened row with one blank cell too many or too few: not shifted
python3 - "$F/county-2021-flat.txt" "$GD_TMP" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = next(k for k, l in enumerate(lines) if l.startswith("\t一、本年新收"))
assert lines[i + 1] == "\t20" and lines[i + 2] == "\t", lines[i:i + 3]
open(sys.argv[2] + "/flat-long.txt", "w", encoding="utf-8").write("\n".join(lines[:i + 2] + ["\t"] + lines[i + 2:]))
open(sys.argv[2] + "/flat-short.txt", "w", encoding="utf-8").write("\n".join(lines[:i + 2] + lines[i + 3:]))
PY
check_exit "flat, a blank cell too many: converts" 0 "$GD_CLI" convert "$GD_TMP/flat-long.txt" -o "$GD_TMP/fl.json"
check_contains "flat, a blank cell too many: ambiguous" "$GD_TMP/last.err" \
    "一、本年新收: ambiguous row: 8 cells (values and blank cells) where the template has 7 cells"
check_eq "flat, too many: 总计 not shifted" null "$(field "$GD_TMP/fl.json" requests.new.total)"
check_eq "flat, too many: nor 自然人 kept" null "$(field "$GD_TMP/fl.json" requests.new.natural_person)"
check_eq "flat, too many: the next row read" 3 "$(field "$GD_TMP/fl.json" requests.carried_over.total)"
check_exit "flat, a blank cell too few: converts" 0 "$GD_CLI" convert "$GD_TMP/flat-short.txt" -o "$GD_TMP/fs.json"
check_contains "flat, a blank cell too few: said" "$GD_TMP/last.err" \
    "一、本年新收: 6 values where the template has 7; the row is left blank"
check_eq "flat, too few: 总计 not shifted" null "$(field "$GD_TMP/fs.json" requests.new.total)"

# ---- pdftotext -layout: the values' positions under the column headers ----
check_exit "county pdftotext converts" 0 "$GD_CLI" convert "$F/county-2021-pdftotext.txt" -o "$GD_TMP/cp.json"
check_eq "layout: 自然人 read" 20 "$(field "$GD_TMP/cp.json" requests.new.natural_person)"
check_eq "layout: blank 法人 cell stays blank" null "$(field "$GD_TMP/cp.json" requests.new.other_org)"
check_eq "layout: 总计 under its header" 20 "$(field "$GD_TMP/cp.json" requests.new.total)"
line=$(grep -n '^一、本年新收' "$F/county-2021-pdftotext.txt" | cut -d: -f1)
check_eq "layout: the blank cell's source" "no value under 商业企业 on line $line" \
    "$(source_of "$GD_TMP/cp.json" requests.new.commercial)"
check_eq "layout: a wrapped label's row" 3 "$(field "$GD_TMP/cp.json" requests.partly_granted.total)"
check_eq "layout: page 2, under the repeated header" 1 \
    "$(field "$GD_TMP/cp.json" requests.declined.repeated.natural_person)"
check_eq "layout: page 2 总计" 21 "$(field "$GD_TMP/cp.json" requests.total.total)"
check_contains "layout: 表四's 10 values for 15 cells are said" "$GD_TMP/last.err" \
    "表四 行政复议、行政诉讼: 10 values where the template has 15; the row is left blank"
check_eq "layout: 表四 not guessed" null "$(field "$GD_TMP/cp.json" review.total)"
check_exit "subrows 2019 pdftotext converts" 0 "$GD_CLI" convert "$F/subrows-2019-pdftotext.txt" -o "$GD_TMP/sp.json"
check_eq "layout 2019: blank 总计 of a sub-row" null "$(field "$GD_TMP/sp.json" requests.withheld.state_secret.total)"
check_eq "layout 2019: its 其他 read" 0 "$(field "$GD_TMP/sp.json" requests.withheld.state_secret.other_org)"
check_eq "layout 2019: its 自然人 read" 4 "$(field "$GD_TMP/sp.json" requests.unavailable.not_held.natural_person)"
check_eq "layout 2019: a complete row" 15 "$(field "$GD_TMP/sp.json" requests.granted.total)"
check_exit "sparse 2019 pdftotext converts" 0 "$GD_CLI" convert "$F/sparse-2019-pdftotext.txt" -o "$GD_TMP/sq.json"
check_eq "layout 2019: blank column between filled ones" null "$(field "$GD_TMP/sq.json" requests.new.nonprofit)"
check_eq "layout 2019: 法律服务机构 after it" 1 "$(field "$GD_TMP/sq.json" requests.new.legal_services)"
check_eq "layout 2019: 商业企业" 5 "$(field "$GD_TMP/sq.json" requests.new.commercial)"
check_eq "layout 2019: 总计" 26 "$(field "$GD_TMP/sq.json" requests.new.total)"

# positions that do not say the column: a value halfway between two
# columns, two values under one column, a value far right of every column.
# Left blank, never shifted.
python3 - "$F/county-2021-pdftotext.txt" "$GD_TMP" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
hdr = next(k for k, l in enumerate(lines) if "自然" in l and "总计" in l)
# one character is one column in pdftotext's layout
a, b, t = lines[hdr].index("自然"), lines[hdr + 1].index("商业"), lines[hdr].index("总计")
i = next(k for k, l in enumerate(lines) if l.startswith("一、本年新收"))
row = lines[i]
assert row[a:a + 2] == "20" and row[t:t + 2] == "20" and (a + b) % 2 == 1, row
x = (a + b + 1) // 2  # a one-digit value whose centre is halfway between the two
between = row[:a] + " " * (x - a) + "5" + row[x + 1:]
two = row[:a - 1] + "1 1" + row[a + 2:]
far = row[:t] + " " * 14 + "20"
for name, new, want in (("between", between, ["5", "20"]), ("two", two, ["1", "1", "20"]),
                        ("far", far, ["20", "20"])):
    assert new.split()[1:] == want, (name, new)
    out = lines[:i] + [new] + lines[i + 1:]
    open(f"{sys.argv[2]}/layout-{name}.txt", "w", encoding="utf-8").write("\n".join(out))
PY
for case in between:2 two:3 far:2; do
    n=${case#*:} case=${case%:*}
    check_exit "layout, $case: converts" 0 "$GD_CLI" convert "$GD_TMP/layout-$case.txt" -o "$GD_TMP/l-$case.json"
    check_contains "layout, $case: ambiguous" "$GD_TMP/last.err" \
        "一、本年新收: ambiguous row: $n values whose positions do not place them under the column headers above,"
    check_eq "layout, $case: 总计 not kept" null "$(field "$GD_TMP/l-$case.json" requests.new.total)"
    check_eq "layout, $case: nor 自然人" null "$(field "$GD_TMP/l-$case.json" requests.new.natural_person)"
    check_eq "layout, $case: nor 商业企业" null "$(field "$GD_TMP/l-$case.json" requests.new.commercial)"
    check_eq "layout, $case: the next row read" 3 "$(field "$GD_TMP/l-$case.json" requests.carried_over.total)"
done
