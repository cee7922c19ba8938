# Sweep of the 794 third-party .docx: no crash, clear errors, no hang (a
# file still running after 120 s is killed and fails; no timing assertion).
here=$(dirname "${BASH_SOURCE[0]}")
limit=120
check "corpus sweep (see FAIL lines above)" \
    python3 "$here/corpus_sweep.py" "$GD_CLI" "$GD_CORPORA_DIR" "$GD_TMP" "$limit"
