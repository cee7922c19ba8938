# GOVDOC_SANDBOX=all runs every reader in the sandbox: the JSON must be the
# same bytes as without it, for the seed, the samples and the readers'
# fixtures (so the allowlist suffices for libxml2, minizip, uchardet, iconv).
n=0
for f in "$GD_SEED_DIR"/* "$GD_SOURCE_DIR"/samples/*.* "$GD_SOURCE_DIR"/tests/report/fixtures/*.docx \
    "$GD_SOURCE_DIR"/tests/report/fixtures/*.html "$GD_SOURCE_DIR"/tests/report/fixtures/*.txt; do
    case $f in *.json | *.md) continue ;; esac
    n=$((n + 1))
    GOVDOC_SANDBOX=off "$GD_CLI" convert "$f" -t json -O json.resources=embed -o "$GD_TMP/off.json" 2>"$GD_TMP/off.err"
    a=$?
    GOVDOC_SANDBOX=all "$GD_CLI" convert "$f" -t json -O json.resources=embed -o "$GD_TMP/on.json" 2>"$GD_TMP/on.err"
    b=$?
    check_eq "$(basename "$f"): same exit code" "$a" "$b"
    check "$(basename "$f"): same warnings" cmp "$GD_TMP/off.err" "$GD_TMP/on.err"
    if [ "$a" = 0 ]; then check "$(basename "$f"): same JSON" cmp "$GD_TMP/off.json" "$GD_TMP/on.json"; fi
done
check "inputs found" test "$n" -gt 20
