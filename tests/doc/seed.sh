# The seed as .doc: the same report model and tables as its .docx.
check "seed .doc against .docx" python3 "$GD_SOURCE_DIR/tests/doc/seed_check.py" "$GD_CLI" \
    "$GD_SEED_DIR/fenggang-2023.docx" "$GD_SOURCE_DIR/tests/doc/fixtures/fenggang-2023.doc" "$GD_TMP"
# and through HTML and PDF writers too (the folder converts to every format)
check_exit "to HTML" 0 "$GD_CLI" convert "$GD_SOURCE_DIR/tests/doc/fixtures/fenggang-2023.doc" -o "$GD_TMP/s.html"
check_contains "HTML: standard layout table 三" "$GD_TMP/s.html" "三、本年度办理结果"
check_exit "to PDF" 0 "$GD_CLI" convert "$GD_SOURCE_DIR/tests/doc/fixtures/fenggang-2023.doc" -o "$GD_TMP/s.pdf"
check "PDF written" test -s "$GD_TMP/s.pdf"
# unsandboxed, the same document
GOVDOC_SANDBOX=off check_exit "unsandboxed" 0 "$GD_CLI" convert "$GD_SOURCE_DIR/tests/doc/fixtures/fenggang-2023.doc" -t json -O json.resources=embed -o "$GD_TMP/off.json"
check_exit "sandboxed" 0 "$GD_CLI" convert "$GD_SOURCE_DIR/tests/doc/fixtures/fenggang-2023.doc" -t json -O json.resources=embed -o "$GD_TMP/on.json"
check "same JSON with and without the sandbox" cmp "$GD_TMP/off.json" "$GD_TMP/on.json"
