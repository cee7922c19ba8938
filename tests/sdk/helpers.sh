# The plugin-helper library: fixtures made here, checks in test_helpers.c.
here=$(dirname "${BASH_SOURCE[0]}")
check "make ZIP fixtures" python3 "$here/mkzips.py" "$GD_TMP/zips"
check "helper checks (see CHECK lines above)" "$GD_HELPERS_TEST" "$GD_TMP/zips"
