# The table writers on ordinary documents: CSV (RFC 4180 quoting, the
# formula guard, table choice, spans), JSON Lines (header keys, types) and
# XLSX (a sheet per table, merged cells, numbers, frozen header rows).
R="$GD_SOURCE_DIR/tests/report/fixtures"
cd "$GD_TMP"
cat >t.html <<'EOF'
<html><body><h1>表格</h1>
<table><thead><tr><th>名称</th><th>数量</th><th>名称</th><th>备注</th></tr></thead>
<tr><td>甲, "乙"</td><td>12</td><td>=1+1</td><td>第一行<br>第二行</td></tr>
<tr><td>@cmd</td><td>-5</td><td>007</td><td>1.50</td></tr>
<tr><td colspan="2">合并</td><td>3.25</td><td></td></tr>
</table>
<p>间隔</p>
<table><tr><td>second</td><td>7</td></tr></table>
</body></html>
EOF
check_exit "CSV" 0 "$GD_CLI" convert t.html -o t.csv
check_contains "more tables: a warning says how to choose" last.err "the document has 2 tables; CSV holds one"
/usr/bin/python3 - t.csv >facts <<'PY'
import sys
raw = open(sys.argv[1], "rb").read()
print("bom", raw[:3] == b"\xef\xbb\xbf")
print("crlf", raw.count(b"\r\n"), raw.count(b"\n"))
print(raw[3:].decode("utf-8").replace("\r\n", "<CRLF>").replace("\n", "<LF>"))
PY
check_contains "BOM" facts "bom True"
check_contains "CRLF only (the cell's line break stays LF inside quotes)" facts "crlf 4 5"
check_contains "quoting, the formula guard, spans left empty" facts \
    '名称,数量,名称,备注<CRLF>"甲, ""乙""",12,'"'"'=1+1,"第一行<LF>第二行"<CRLF>'"'"'@cmd,-5,007,1.50<CRLF>合并,,3.25,<CRLF>'
check_exit "second table by number, semicolons, no BOM" 0 "$GD_CLI" convert t.html -t csv \
    -O csv.table=2 -O csv.delimiter=semicolon -O csv.bom=false
check_eq "table 2" "$(printf 'second;7\r\n')" "$(cat last.out)"
check_exit "all tables" 0 "$GD_CLI" convert t.html -t csv -O csv.table=all -O csv.formula-guard=false
check_contains "no guard when asked" last.out ",=1+1,"
check_contains "both tables" last.out "second,7"
check_exit "no such table (a bad option value)" 3 "$GD_CLI" convert t.html -t csv -O csv.table=9
check_contains "says how many" last.err "table 9 asked for; the document has 2"
echo "纯文本，没有表格。" >plain.txt
check_exit "no table at all" 8 "$GD_CLI" convert plain.txt -o plain.csv
check_contains "says so" last.err "no table to write"
check "no output file" test ! -e plain.csv

check_exit "JSON Lines" 0 "$GD_CLI" convert t.html -t jsonl -O jsonl.table=1
cat >want.jsonl <<'EOF'
{"名称":"甲, \"乙\"","数量":12,"名称_2":"=1+1","备注":"第一行\n第二行"}
{"名称":"@cmd","数量":-5,"名称_2":"007","备注":1.5}
{"名称":"合并","数量":null,"名称_2":3.25,"备注":null}
EOF
check "header keys (made unique), numbers, nulls" cmp -s want.jsonl last.out

check_exit "XLSX" 0 "$GD_CLI" convert t.html -o t.xlsx
check_exit "a report's tables to XLSX" 0 "$GD_CLI" convert "$R/good.docx" -o r.xlsx
check "read back" /usr/bin/python3 - t.xlsx r.xlsx <<'PY'
import sys
import openpyxl
fails = []
def eq(want, got, what):
    if want != got:
        fails.append(f"{what}: expected {want!r}, got {got!r}")
wb = openpyxl.load_workbook(sys.argv[1])
eq(["表1", "表2"], wb.sheetnames, "sheet names")
ws = wb["表1"]
rows = list(ws.iter_rows(values_only=True))
eq(("名称", "数量", "名称", "备注"), rows[0], "header row")
eq(('甲, "乙"', 12, "=1+1", "第一行\n第二行"), rows[1], "text, number, formula-like text as text")
eq(("@cmd", -5, "007", 1.5), rows[2], "numbers as numbers, 007 stays text")
eq(("合并", None, 3.25, None), rows[3], "merged")
eq(["A4:B4"], [str(r) for r in ws.merged_cells.ranges], "merged range")
eq("A2", ws.freeze_panes, "the header row frozen")
eq(True, ws["A1"].font.b, "header bold")
eq("A1:D4", ws.auto_filter.ref, "filter on the header")
wb = openpyxl.load_workbook(sys.argv[2])
eq(["表1", "表2", "表3"], wb.sheetnames, "a sheet per table of the report")
t3 = wb["表2"]
merged = {str(r) for r in t3.merged_cells.ranges}
for r in ("A1:C3", "D1:J1", "D2:D3", "E2:I2", "J2:J3", "A4:C4", "A6:A27", "B6:C6", "B8:B15"):
    if r not in merged:
        fails.append(f"table 三: merged range {r} missing")
rows = list(t3.iter_rows(values_only=True))
eq(("一、本年新收政府信息公开申请数量", None, None, 20, 5, 1, 2, 1, 3, 32), rows[3], "table 三 row 一 with its numbers")
eq(("四、结转下年度继续办理", None, None, 2, 1, 0, 0, 0, 0, 3), rows[27], "table 三 row 四")
t4 = list(wb["表3"].iter_rows(values_only=True))
eq((2, 1, 0, 1, 4, 1, 0, 0, 1, 2, 0, 1, 0, 0, 1), t4[3], "table 四 values")
for f in fails:
    print("FAIL:", f)
sys.exit(1 if fails else 0)
PY
