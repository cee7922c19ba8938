# The corpus sweep (../shared/corpora/doc): no crash, clear errors, expected codes.
check "corpus sweep" python3 "$GD_SOURCE_DIR/tests/doc/corpus_sweep.py" "$GD_CLI" "$GD_CORPORA_DIR" "$GD_TMP"
