# Sweep of the third-party PDFs (../shared/corpora/pdf): no crash, clear
# errors, no hang (a file still running after 120 s is killed and fails).
here=$(dirname "${BASH_SOURCE[0]}")
check "corpus sweep (see FAIL lines above)" \
    python3 "$here/sweep.py" "$GD_CLI" "$GD_TMP" 120 corpus "$GD_CORPORA_DIR/pdf"
