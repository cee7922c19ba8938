# Every C source and header follows .clang-format.
cd "$GD_SOURCE_DIR"
files=$(git ls-files '*.c' '*.h' 2>/dev/null || find core cli plugins plugin-sdk tests bench -name '*.[ch]')
check "there are sources" test -n "$files"
for f in $files; do
    [ -f "$f" ] || continue
    check "$f is clang-formatted" clang-format --dry-run -Werror "$f"
done
