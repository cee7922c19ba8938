# Templates from GOVDOC_TEMPLATE_PATH are input: one over a size limit is
# refused with a warning naming it; one within the limits but with long
# labels and big numbers builds its messages without fixed buffers (run
# under ASan in the sanitizer build: it used to overflow the stack).
T=$GD_TMP
src="$GD_SOURCE_DIR/tests/report/extra-templates/test-template.json"
mkdir "$T/long" "$T/many" "$T/huge" "$T/fifo"
python3 - "$src" "$T" <<'PY'
import copy, json, sys
src, out = sys.argv[1], sys.argv[2]
t = json.load(open(src))
# long column names (400 bytes each): three blank cells of a row name them
long = copy.deepcopy(t)
for row in long["tables"][0]["rows"]:
    for c in row["cells"]:
        if "field" in c:
            c["name"] = c["name"] + "长" * 130
long["prose"] = [{"id": "prose.items", "subject": "办理事项", "table": "表二", "says": "合计",
                  "verbs": [], "equals_any": [["items.b.total", "items.b.received"]] * 8}]
json.dump(long, open(out + "/long/t.json", "w"), ensure_ascii=False)
many = copy.deepcopy(long)
many["prose"][0]["equals_any"] = [["items.b.total"]] * 200
json.dump(many, open(out + "/many/t.json", "w"), ensure_ascii=False)
huge = copy.deepcopy(t)
huge["tables"][0]["rows"][1]["name"] = "甲" * 5000
json.dump(huge, open(out + "/huge/t.json", "w"), ensure_ascii=False)
PY
cat >"$T/items.txt" <<'TXT'
某单位测试事项年度报告

一、总体情况
本年度共办理事项5件。
二、事项统计情况
	事项
	受理
	办结
	合计

	甲类事项
	-
	-
	-

	乙类事项
	999999999999999
	999999999999998
	999999999999997

	丙类事项
	0
	2
	2


TXT
check_exit "long labels, many big numbers" 1 env GOVDOC_TEMPLATE_PATH="$T/long" "$GD_CLI" validate "$T/items.txt"
check_contains "the blank cells found, one finding for the row" "$T/last.out" "3 个单元格为空"
check_contains "the prose sums listed whole" "$T/last.out" "= 1999999999999996$(printf ' 或 1999999999999996%.0s' $(seq 7)) [prose.items]"

check_exit "200 prose alternatives" 0 env GOVDOC_TEMPLATE_PATH="$T/many" "$GD_CLI" convert "$T/items.txt" -t json -o "$T/many.json"
check_contains "refused, named" "$T/last.err" "template not loaded: $T/many/t.json: refused: a prose check has 200 alternatives"
check_exit "a 15000-byte label" 0 env GOVDOC_TEMPLATE_PATH="$T/huge" "$GD_CLI" convert "$T/items.txt" -t json -o "$T/huge.json"
check_contains "refused, named" "$T/last.err" "template not loaded: $T/huge/t.json: refused: a string in \"name\" of 15000 bytes exceeds the 512-byte limit"

# a FIFO named *.json does not hang the loader (kill guard, not a limit)
mkfifo "$T/fifo/t.json"
check_exit "FIFO template" 0 timeout 20 env GOVDOC_TEMPLATE_PATH="$T/fifo" "$GD_CLI" convert "$T/items.txt" -t json -o "$T/f.json"
check_contains "refused, named" "$T/last.err" "template not loaded: $T/fifo/t.json: not a regular file"
