# The seed report in both encodings gives the same document, equal to the
# golden file, valid against the JSON schema.
J="$GD_SOURCE_DIR/tests/lib/gdjson.py"
golden="$GD_SOURCE_DIR/tests/txt/golden/fenggang-2023.json"
for f in fenggang-2023.txt fenggang-2023.gb18030.txt; do
    check_exit "convert $f" 0 "$GD_CLI" convert "$GD_SEED_DIR/$f" -o "$GD_TMP/$f.json"
    check "$f.json is valid" "$J" validate "$GD_TMP/$f.json"
    "$J" normalize "$GD_TMP/$f.json" "$GD_TMP/$f.norm.json"
done
check_contains "UTF-8 detected" "$GD_TMP/fenggang-2023.txt.json" '"source-charset": "UTF-8"'
check_contains "GB18030 detected" "$GD_TMP/fenggang-2023.gb18030.txt.json" '"source-charset": "GB18030"'
check "both encodings give identical documents" \
    cmp "$GD_TMP/fenggang-2023.txt.norm.json" "$GD_TMP/fenggang-2023.gb18030.txt.norm.json"
if [ "${GD_UPDATE_GOLDEN:-}" = 1 ]; then cp "$GD_TMP/fenggang-2023.txt.norm.json" "$golden"; fi
check "equal to the golden file" diff -u "$golden" "$GD_TMP/fenggang-2023.txt.norm.json"
check "golden file is valid" "$J" validate "$golden"
check "no [bookmark] noise" bash -c "! grep -q 'bookmark' '$GD_TMP/fenggang-2023.txt.json'"
