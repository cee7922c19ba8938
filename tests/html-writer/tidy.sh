# `tidy -q -errors` finds nothing (no error, no warning) in any page the
# unit test made ($1) — standard layout, publishing mode, the hostile
# generic document, side-file images, deep nesting, an empty document.
pages=$1
check "tidy is installed (scripts/packages/html-writer.txt)" command -v tidy
n=0
while IFS= read -r -d '' f; do
    n=$((n + 1))
    out=$(tidy -q -errors "$f" 2>&1) && rc=0 || rc=$?
    check_eq "tidy on ${f#"$pages"/}: $out" 0 "$rc"
done < <(find "$pages" -name '*.html' -not -path '*/screenshots/*' -print0)
check "tidy saw the pages ($n)" test "$n" -ge 7

# and tidy does fail on a broken page (the check can fail)
printf '<!DOCTYPE html><html><head><title>x</title></head><body><p><b>x</p></body></html>' \
    >"$GD_TMP/broken.html"
rc=0
tidy -q -errors "$GD_TMP/broken.html" >/dev/null 2>&1 || rc=$?
check "tidy reports a broken page" test "$rc" -ne 0
