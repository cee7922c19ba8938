# What the TXT reader makes of the seed and of purpose-made texts,
# asserted on the outline (independently of the golden file).
J="$GD_SOURCE_DIR/tests/lib/gdjson.py"
F="$GD_SOURCE_DIR/tests/txt/fixtures"
"$GD_CLI" convert "$GD_SEED_DIR/fenggang-2023.txt" -o "$GD_TMP/seed.json"
"$J" outline "$GD_TMP/seed.json" >"$GD_TMP/seed.outline"
o="$GD_TMP/seed.outline"
check_contains "title joined from two lines" "$o" "heading 1: 赣州经开区凤岗镇2023年政府信息公开工作年度报告"
check_eq "six level-2 headings" 6 "$(grep -c '^heading 2: [一二三四五六]、' "$o")"
check_eq "five level-3 headings" 5 "$(grep -c '^heading 3: （[一二三四五]）' "$o")"
check_eq "three tables" 3 "$(grep -c '^table ' "$o")"
check_contains "table 二 has 14 rows" "$o" "table rows=14"
check_contains "table 三 has 28 rows" "$o" "table rows=28"
check_contains "table 四 has 4 rows" "$o" "table rows=4"
check_contains "the note cell spans 3x3" "$o" "第三项加第四项之和）[3x3] | 申请人情况[1x7]"
check_contains "自然人 and 总计 span two rows" "$o" "自然人[2x1] | 法人或其他组织[1x5] | 总计[2x1]"
check_contains "三、本年度办理结果 spans 22 rows" "$o" "三、本年度办理结果[22x1] | （一）予以公开[1x2]"
check_contains "（三）不予公开 spans 8 rows" "$o" "（三）不予公开[8x1] | 1.属于国家秘密[1x1]"
check_contains "（七）总计 spans 2 columns" "$o" "row: （七）总计[1x2] | 0[1x1]"
check_contains "四、 spans 3 columns" "$o" "四、结转下年度继续办理[1x3] | 0[1x1]"
check_contains "行政复议 spans 5, 行政诉讼 10" "$o" "行政复议[1x5] | 行政诉讼[1x10]"
check_contains "the 复议 labels span 2 rows" "$o" "审结[2x1] | 总计[2x1] | 未经复议直接起诉[1x5] | 复议后起诉[1x5]"
check_contains "table 二's value spans 3" "$o" "行政许可[1x1] | 0[1x3]"
check_contains "multi-paragraph cell kept" "$o" "商业
企业[1x1]"

# Hard-wrapped text (as pdftotext writes it) is joined; Chinese without spaces.
check_exit "wrapped text" 0 "$GD_CLI" convert "$F/wrapped.txt" -o "$GD_TMP/w.json"
"$J" outline "$GD_TMP/w.json" >"$GD_TMP/w.outline"
check_contains "wrapped paragraph joined" "$GD_TMP/w.outline" "paragraph: 2024年，本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，围绕中心工作，持续深化政务公开，不断提升工作质效。"
check_contains "English wrap joined with a space" "$GD_TMP/w.outline" "paragraph: The annual report is published every year by each agency before the end of March, in the format set by the General Office."
check_contains "heading kept apart" "$GD_TMP/w.outline" "heading 2: 一、总体情况"
check_contains "short last line ends the paragraph" "$GD_TMP/w.outline" "paragraph: 第二段另起一行。"
check_contains "bullets become a list" "$GD_TMP/w.outline" "paragraph: 第一项措施"
check_eq "paragraphs in wrapped.txt (2 in list items)" 7 "$(grep -c '^paragraph' "$GD_TMP/w.outline")"
check_eq "two list items" 2 "$(grep -c '"type": "item"' "$GD_TMP/w.json")"
check_contains "column-aligned table rows are not joined" "$GD_TMP/w.outline" "paragraph: 一、本年新收政府信息公开申请数量       12     3      0"

# UTF-16 with a BOM
printf '\xff\xfe' >"$GD_TMP/u16.txt"
printf '一、总体情况\n正文。\n' | iconv -f UTF-8 -t UTF-16LE >>"$GD_TMP/u16.txt"
check_exit "UTF-16LE" 0 "$GD_CLI" convert "$GD_TMP/u16.txt" -o "$GD_TMP/u16.json"
check_contains "UTF-16 decoded" "$GD_TMP/u16.json" '"text": "一、总体情况"'
