# The seed report (.docx) against its original text and the template's spans.
here=$(dirname "${BASH_SOURCE[0]}")
check_exit "seed converts" 0 "$GD_CLI" convert -o "$GD_TMP/seed.json" "$GD_SEED_DIR/fenggang-2023.docx"
check "seed structure (see FAIL lines above)" \
    python3 "$here/seed_check.py" "$GD_TMP/seed.json" "$GD_SEED_DIR/fenggang-2023.txt"
# The same report fields and findings as from the original text.
check_exit "seed .txt converts" 0 "$GD_CLI" convert -o "$GD_TMP/seed-txt.json" "$GD_SEED_DIR/fenggang-2023.txt"
check "report model from .docx equals the one from .txt" \
    python3 "$here/report_check.py" "$GD_TMP/seed.json" "$GD_TMP/seed-txt.json"
