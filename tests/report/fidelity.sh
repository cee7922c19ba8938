# Report fidelity on text that lost its table (issue #17): docx2txt's one
# cell per line, where a blank line is a blank cell at its position, and a
# row whose lines do not fit the template's columns, which is left blank
# and said to be ambiguous, never shifted.
F="$GD_SOURCE_DIR/tests/report/fidelity"
field() { # field <json> <key>: the field's value as JSON (null when blank)
    python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["report"]["fields"][sys.argv[2]]))' "$1" "$2"
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
