# Numbers longer than a double holds exactly (more than 15 digits) are not
# taken as values: the cell stays blank (null) with a warning that prints
# the number whole; no message or table shows it cut or rounded.
T=$GD_TMP
export GOVDOC_TEMPLATE_PATH="$GD_SOURCE_DIR/tests/report/extra-templates"
big=1234567890123456789012345678901234567890
printf '某单位测试事项年度报告\n\n一、总体情况\n本年度共办理事项若干。\n二、事项统计情况\n\t事项\n\t受理\n\t办结\n\t合计\n\n\t甲类事项\n\t3\n\t4\n\t7\n\n\t乙类事项\n\t%s\n\t1\n\t%s\n\n\t丙类事项\n\t0\n\t2\n\t2\n\n\n' "$big" "$big" >"$T/r.txt"
check_exit "40-digit numbers" 0 "$GD_CLI" convert "$T/r.txt" -o "$T/r.json"
check_contains "warned, the number whole" "$T/last.err" "the number $big has more than 15 digits"
check_contains "the field is null" "$T/r.json" '"items.b.received": null'
check_contains "the check cannot be made" "$T/r.json" "无法核对"
check_contains "the other rows still read" "$T/r.json" '"items.a.total": 7'
check "no number cut short or rounded" bash -c "! grep -aE '12345678901234567[0-9]*' '$T/r.json' | grep -avF '$big'"
check_exit "as HTML" 0 "$GD_CLI" convert "$T/r.txt" -o "$T/r.html"
check "no cut or rounded number in the HTML" bash -c "! grep -aoE '1234567890[0-9]*' '$T/r.html' | grep -vx '$big'"
check_exit "as HTML, source layout" 0 "$GD_CLI" convert "$T/r.txt" -O html.layout=source -o "$T/s.html"
check_contains "the cell as written" "$T/s.html" "$big"
check_exit "validate --strict (blank cells fail)" 1 "$GD_CLI" validate --strict "$T/r.txt"
check "no cut or rounded number in the findings" bash -c "! grep -aoE '1234567890[0-9]*' '$T/last.out' | grep -vx '$big'"
