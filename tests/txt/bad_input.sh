# Bad input: a clear one-line error or a sane document; never a crash, never
# partial output, bounded memory.
J="$GD_SOURCE_DIR/tests/lib/gdjson.py"
one_line() { check_eq "$1: one line on stderr" 1 "$(wc -l <"$GD_TMP/last.err")"; }

: >"$GD_TMP/empty.txt"
check_exit "empty file" 0 "$GD_CLI" convert "$GD_TMP/empty.txt" -o "$GD_TMP/empty.json"
check_contains "empty: no blocks" "$GD_TMP/empty.json" '"blocks": []'

# fixed bytes (not /dev/urandom: a test must not depend on luck), with the
# tags random data holds by chance and once made the HTML probe accept it
/usr/bin/python3 -c "
import random, sys
r = random.Random(2026)
b = bytearray(r.getrandbits(8) for _ in range(65536))
b[1000:1003] = b'<p '
b[30000:30003] = b'<b>'
sys.stdout.buffer.write(bytes(b))" >"$GD_TMP/garbage.bin"
check_exit "binary garbage" 6 "$GD_CLI" convert "$GD_TMP/garbage.bin" -o "$GD_TMP/g.json"
one_line "garbage"
check_contains "garbage: names the file" "$GD_TMP/last.err" "garbage.bin: unrecognised format"
check "garbage: no output" test ! -e "$GD_TMP/g.json"

cp "$GD_TMP/garbage.bin" "$GD_TMP/garbage.txt"
check_exit "binary garbage named .txt" 5 "$GD_CLI" convert "$GD_TMP/garbage.txt" -o "$GD_TMP/g.json"
one_line "garbage.txt"
check_contains "garbage.txt: the reason" "$GD_TMP/last.err" "garbage.txt: binary data, not a text file"
check "garbage.txt: no output" test ! -e "$GD_TMP/g.json"

# invalid UTF-8 and a few NULs in text: a document, the bytes repaired
{ printf '政府信息公开\n'; printf 'abc\xff\xfe\x00def\n'; printf '%.0s正文内容。' $(seq 200); } >"$GD_TMP/mixed.txt"
check_exit "invalid UTF-8 with NULs" 0 "$GD_CLI" convert "$GD_TMP/mixed.txt" -o "$GD_TMP/mixed.json"
check "mixed: valid JSON" "$J" validate "$GD_TMP/mixed.json"
check "mixed: no NUL escapes" bash -c "! grep -q 'u0000' '$GD_TMP/mixed.json'"

# an existing output survives a failed conversion
echo OLD >"$GD_TMP/keep.json"
check_exit "failing conversion" 5 "$GD_CLI" convert "$GD_TMP/garbage.txt" -o "$GD_TMP/keep.json"
check_eq "old output intact" OLD "$(cat "$GD_TMP/keep.json")"
check_eq "no temporary files left" 0 "$(ls -A "$GD_TMP" | grep -c tmp- || true)"

# a write that fails midway (file size limit) leaves nothing behind
printf '%.0s这是一个很长的段落。' $(seq 3000) >"$GD_TMP/long.txt"
check_exit "write failure" 8 bash -c "ulimit -f 8; trap '' XFSZ; exec '$GD_CLI' convert '$GD_TMP/long.txt' -o '$GD_TMP/cut.json'"
one_line "write failure"
check "write failure: no output" test ! -e "$GD_TMP/cut.json"
check_eq "write failure: no temporary file" 0 "$(ls -A "$GD_TMP" | grep -c 'cut.json.*tmp' || true)"

# a 100 MB single line: one paragraph, in bounded memory
{ yes '政府信息公开工作年度报告' | tr -d '\n' | head -c 100000000 >"$GD_TMP/line.txt"; } || true
check_exit "100 MB single line" 0 /usr/bin/time -f '%M' -o "$GD_TMP/rss" "$GD_CLI" convert \
    "$GD_TMP/line.txt" -o "$GD_TMP/line.json"
check_eq "one paragraph" 1 "$(grep -c '"type": "paragraph"' "$GD_TMP/line.json")"
if ! ldd "$GD_CLI" | grep >/dev/null libasan; then
    rss_mb=$(($(cat "$GD_TMP/rss") / 1024))
    check "peak memory ${rss_mb} MB under 1200 MB" test "$rss_mb" -lt 1200
fi
rm -f "$GD_TMP/line.txt" "$GD_TMP/line.json"

# over the input limit
check_exit "input limit" 7 "$GD_CLI" convert --max-input 1000 "$GD_TMP/long.txt" -o "$GD_TMP/l.json"
one_line "input limit"
check_contains "limit: the reason" "$GD_TMP/last.err" "exceeds the 1000-byte input limit"
