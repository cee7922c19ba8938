# The seed report (.docx) against its original text and the template's spans.
here=$(dirname "${BASH_SOURCE[0]}")
check_exit "seed converts" 0 "$GD_CLI" convert -o "$GD_TMP/seed.json" "$GD_SEED_DIR/fenggang-2023.docx"
check "seed structure (see FAIL lines above)" \
    python3 "$here/seed_check.py" "$GD_TMP/seed.json" "$GD_SEED_DIR/fenggang-2023.txt"
