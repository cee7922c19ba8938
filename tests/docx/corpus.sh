# Sweep of the 794 third-party .docx: no crash, clear errors, time limit
# (1 s per file; 5 s under the sanitizers, which run several times slower).
here=$(dirname "${BASH_SOURCE[0]}")
limit=1.0
[ -n "${ASAN_OPTIONS:-}" ] && limit=5.0
check "corpus sweep (see FAIL lines above)" \
    python3 "$here/corpus_sweep.py" "$GD_CLI" "$GD_CORPORA_DIR" "$GD_TMP" "$limit"
