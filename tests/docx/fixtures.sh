# Purpose-made fixtures, options and hostile inputs.
here=$(dirname "${BASH_SOURCE[0]}")
check "fixtures (see FAIL lines above)" \
    python3 "$here/fixtures_check.py" "$GD_CLI" "$GD_TMP" "$GD_CORPORA_DIR"
