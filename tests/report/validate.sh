# govdoc validate on reports that add up, that do not, and on non-reports.
F="$GD_SOURCE_DIR/tests/report/fixtures"
check_exit "good report" 0 "$GD_CLI" validate "$F/good-flat.txt"
check_eq "no findings printed" 0 "$(wc -l <"$GD_TMP/last.out")"
check_exit "seed: prose finding is a warning" 0 "$GD_CLI" validate "$GD_SEED_DIR/fenggang-2023.txt"
check_contains "warning line" "$GD_TMP/last.out" "fenggang-2023.txt: warning: 正文“我镇受理政府信息公开申请1件”与表三不符"
check_contains "rule id" "$GD_TMP/last.out" "[prose.requests]"
check_exit "--strict fails on prose" 1 "$GD_CLI" validate --strict "$GD_SEED_DIR/fenggang-2023.txt"

check_exit "broken balance" 1 "$GD_CLI" validate "$F/bad-balance.txt"
check_contains "names the rule, the cells and the difference" "$GD_TMP/last.out" \
    "bad-balance.txt: error: 表三 自然人: 一、本年新收 20 + 二、上年结转 3 = 23，但 （七）总计 21 + 四、结转下年度 5 = 26，相差 3 [sum.balance]"
check_contains "the row check too" "$GD_TMP/last.out" "表三 四、结转下年度: 总计 = 3，但 各类申请人之和 = 6，相差 3 [sum.applicants]"
check_exit "broken review" 1 "$GD_CLI" validate "$F/bad-review.txt"
check_contains "table 四" "$GD_TMP/last.out" "表四 行政复议: 总计 = 5，但 结果维持 2 + 结果纠正 1 + 其他结果 0 + 尚未审结 1 = 4，相差 1 [sum.review]"
# blank cells are a defect of the report, not an arithmetic error: one
# warning per row (or rule group of a row), an error only with --strict
check_exit "blank cells" 0 "$GD_CLI" validate "$F/blank-cells.txt"
check_contains "blank reported, not 0" "$GD_TMP/last.out" \
    "warning: 表三 （三）不予公开8.属于行政查询事项: 5 个单元格为空，无法核对 [blank.cells]"
check_contains "a blank cell in no rule" "$GD_TMP/last.out" "warning: 表二 行政事业性收费: 1 个单元格为空 [blank.cells]"
GD_CHECKS=$((GD_CHECKS + 1))
if grep -qF "[sum." "$GD_TMP/last.out"; then fail "sums with blank cells are not errors"; fi
check_exit "blank cells --strict" 1 "$GD_CLI" validate --strict "$F/blank-cells.txt"
check_contains "an error with --strict" "$GD_TMP/last.out" "error: 表三 （七）总计: 1 个单元格为空，无法核对 [blank.cells]"

check_exit "not a report" 2 "$GD_CLI" validate "$F/not-a-report.txt"
check_contains "says so" "$GD_TMP/last.err" "not-a-report.txt: not a 政府信息公开工作年度报告"
check_exit "unreadable" 2 "$GD_CLI" validate "$GD_TMP/missing.txt"
check_exit "a bad file among good ones" 2 "$GD_CLI" validate "$F/good-flat.txt" "$GD_TMP/missing.txt"
check_exit "findings in one of two" 1 "$GD_CLI" validate "$F/good-flat.txt" "$F/bad-results.txt"

check_exit "--json" 1 "$GD_CLI" validate --json "$F/good-flat.txt" "$F/bad-prose.txt" "$F/bad-review.txt"
/usr/bin/python3 - "$GD_TMP/last.out" >"$GD_TMP/json.facts" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for r in d:
    fails = sorted({c["rule"] for c in r["checks"] if not c["ok"]})
    print(r["file"].rsplit("/", 1)[1], r["ok"], ",".join(fails))
PY
check_contains "json: good" "$GD_TMP/json.facts" "good-flat.txt True "
check_contains "json: prose only warns" "$GD_TMP/json.facts" "bad-prose.txt True prose.requests"
check_contains "json: review fails (and the text now disagrees)" "$GD_TMP/json.facts" "bad-review.txt False prose.review,sum.review"
