# A template is data: one more JSON file (no code) and govdoc recognises a
# new report kind, its fields, aliases and rules.
cat >"$GD_TMP/items.txt" <<'TXT'
某单位测试事项年度报告

一、总体情况
本年度共办理事项若干。
二、事项统计情况
	事项
	受理
	办结
	合计

	甲类
	3
	4
	7

	乙类事项
	1
	1
	3

	丙类事项
	0
	2
	2


TXT
check_exit "without the template: no report" 0 "$GD_CLI" convert "$GD_TMP/items.txt" -t json -o "$GD_TMP/a.json"
check "no report object" bash -c "! grep -q '\"report\"' '$GD_TMP/a.json'"
export GOVDOC_TEMPLATE_PATH="$GD_SOURCE_DIR/tests/report/extra-templates"
check_exit "with it" 1 "$GD_CLI" validate "$GD_TMP/items.txt"
check_contains "the rule from the file, on the alias-matched row" "$GD_TMP/last.out" "表二 乙类事项: 合计 = 3，但 受理 1 + 办结 1 = 2，相差 1 [sum.items]"
check_exit "convert" 0 "$GD_CLI" convert "$GD_TMP/items.txt" -o "$GD_TMP/b.json"
check_contains "template id" "$GD_TMP/b.json" '"template": "gov-info-annual-report-2099"'
check_contains "alias 甲类 matched" "$GD_TMP/b.json" '"items.a.total": 7'
check "valid against the schema" "$GD_SOURCE_DIR/tests/lib/gdjson.py" validate "$GD_TMP/b.json"

# a broken template file is a warning naming it; the others still work
mkdir -p "$GD_TMP/tpl"
cp "$GD_SOURCE_DIR/tests/report/extra-templates/test-template.json" "$GD_TMP/tpl/"
echo '{"id": "gov-info-annual-report-2098",' >"$GD_TMP/tpl/broken.json"
check_exit "with a broken template" 1 env GOVDOC_TEMPLATE_PATH="$GD_TMP/tpl" "$GD_CLI" validate "$GD_TMP/items.txt"
check_contains "the broken file is named" "$GD_TMP/last.err" "template not loaded: $GD_TMP/tpl/broken.json"
check_contains "the good one still works" "$GD_TMP/last.out" "[sum.items]"
