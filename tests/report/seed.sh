# The seed report (real, all zeros) in its text forms: 200 fields, all 0,
# every sum.* check passing, and the one prose.* warning the seed deserves:
# its text says 受理政府信息公开申请1件 while table 三 counts none.
forms="fenggang-2023.txt fenggang-2023.gb18030.txt fenggang-2023.html fenggang-2023.gb2312.html fenggang-2023.docx"
for f in $forms; do
    check_exit "convert $f" 0 "$GD_CLI" convert "$GD_SEED_DIR/$f" -o "$GD_TMP/$f.json"
    /usr/bin/python3 - "$GD_TMP/$f.json" >"$GD_TMP/$f.facts" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["report"]
f = r["fields"]
print("template", r["template"])
print("agency", r["metadata"]["agency"])
print("year", r["metadata"]["year"])
print("fields", len(f))
print("zeros", sum(1 for v in f.values() if v == 0 and v is not None))
print("first", list(f)[0], "last", list(f)[-1])
sums = [c for c in r["checks"] if c["rule"].startswith("sum.")]
print("sum_checks", len(sums), "sum_failed", sum(not c["ok"] for c in sums))
prose = [c for c in r["checks"] if c["rule"].startswith("prose.")]
print("prose", len(prose), "prose_failed", sum(not c["ok"] for c in prose))
for c in prose:
    print("prose_message", c["message"])
print("sources", sum(1 for v in r["sources"].values() if v and v.startswith("table ")))
PY
    facts="$GD_TMP/$f.facts"
    check_contains "$f: template" "$facts" "template gov-info-annual-report-2021"
    check_contains "$f: agency" "$facts" "agency 赣州经济技术开发区凤岗镇人民政府"
    check_contains "$f: year" "$facts" "year 2023"
    check_contains "$f: 200 fields" "$facts" "fields 200"
    check_contains "$f: all 200 are 0" "$facts" "zeros 200"
    check_contains "$f: template order" "$facts" "first proactive.regulations.issued last litigation.after_review.total"
    check_contains "$f: 42 sum checks pass" "$facts" "sum_checks 42 sum_failed 0"
    check_contains "$f: one prose finding" "$facts" "prose 1 prose_failed 1"
    check_contains "$f: it quotes the text" "$facts" "受理政府信息公开申请1件"
    check_contains "$f: every value has its cell" "$facts" "sources 200"
done
for f in $forms; do
    check "$f: the same facts as the .txt" cmp "$GD_TMP/fenggang-2023.txt.facts" "$GD_TMP/$f.facts"
    /usr/bin/python3 -c "import json,sys; r=json.load(open(sys.argv[1]))['report']; print(json.dumps([r['fields'], r['checks'], r['metadata'], r['sections']], ensure_ascii=False))" \
        "$GD_TMP/$f.json" >"$GD_TMP/$f.model"
    check "$f: the same fields, checks, metadata and sections as the .txt" \
        cmp "$GD_TMP/fenggang-2023.txt.model" "$GD_TMP/$f.model"
done

# the standard layout: six sections under the template's headings
check_exit "standard layout" 0 "$GD_CLI" convert "$GD_SEED_DIR/fenggang-2023.txt" -t json \
    -O json.layout=standard -o "$GD_TMP/std.json"
"$GD_SOURCE_DIR/tests/lib/gdjson.py" outline "$GD_TMP/std.json" >"$GD_TMP/std.outline"
check_eq "six template headings" 6 "$(grep -c '^heading 2: [一二三四五六]、' "$GD_TMP/std.outline")"
check_contains "section 四 heading from the template" "$GD_TMP/std.outline" "heading 2: 四、政府信息公开行政复议、行政诉讼情况"
check_contains "table 三 from the template" "$GD_TMP/std.outline" "三、本年度办理结果[22x1] | （一）予以公开[1x2]"
check_contains "the report's own text kept" "$GD_TMP/std.outline" "我镇受理政府信息公开申请1件"
check_eq "three tables" 3 "$(grep -c '^table ' "$GD_TMP/std.outline")"
check "valid JSON" "$GD_SOURCE_DIR/tests/lib/gdjson.py" validate "$GD_TMP/std.json"
