# Every C source and header follows .clang-format: one clang-format run over
# all of them (one process per file took a minute); each file it complains
# about is a failed check.
cd "$GD_SOURCE_DIR"
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find core cli plugins plugin-sdk tests bench -name '*.[ch]')
check "there are sources" test -n "$files"
existing=()
for f in $files; do [ -f "$f" ] && existing+=("$f"); done
check "there are sources on disk" test "${#existing[@]}" -gt 0
code=0
clang-format --dry-run -Werror "${existing[@]}" >"$GD_TMP/cf.out" 2>&1 || code=$?
# the complaints are "FILE:LINE:COL: error: code should be clang-formatted"
bad=$(grep -o '^[^:]*:[0-9]*:[0-9]*: error' "$GD_TMP/cf.out" | cut -d: -f1 | sort -u || true)
for f in $bad; do
    fail "$f is not clang-formatted"
done
GD_CHECKS=$((GD_CHECKS + 1))
if [ "$code" != 0 ] && [ -z "$bad" ]; then
    fail "clang-format exit $code: $(head -c 400 "$GD_TMP/cf.out")"
fi
echo "${#existing[@]} files checked"
