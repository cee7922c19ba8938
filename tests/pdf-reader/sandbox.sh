# The PDF reader runs in the core's sandbox (GD_HANDLER_SANDBOX): MuPDF's
# parse is a child process, so a hanging or crashing parse costs one line of
# error naming the file and exit 7 or 5 — never govdoc, never a batch.
# (That the sandbox changes nothing else: the other pdf-reader tests run
# sandboxed, and here the same JSON with and without it.)
F=$(dirname "${BASH_SOURCE[0]}")/fixtures
python3 "$(dirname "${BASH_SOURCE[0]}")/laughs.py" 9 >"$GD_TMP/laughs.pdf"

one_line() { # one_line <what> <text in the message>
    check_eq "$1: one line" 1 "$(grep -c . "$GD_TMP/last.err")"
    check_contains "$1: names the file" "$GD_TMP/last.err" "laughs.pdf:"
    check_contains "$1: says why" "$GD_TMP/last.err" "$2"
    check "$1: no output" test ! -e "$GD_TMP/x.json"
}

# a parse of 10^11 glyphs (hours): ended by the reader's drawing limit,
# sandboxed or not (exit 7, one line, no output)
check_exit "endless parse: exit 7" 7 "$GD_CLI" convert -o "$GD_TMP/x.json" "$GD_TMP/laughs.pdf"
one_line "endless parse" "page 1 draws more than the 5 million glyphs and paths allowed"
GOVDOC_SANDBOX=off check_exit "endless parse in process: exit 7" 7 \
    "$GD_CLI" convert -o "$GD_TMP/x.json" "$GD_TMP/laughs.pdf"
one_line "endless parse in process" "page 1 draws more than the 5 million glyphs"
# sixty pages of a million glyphs each: under the page limit, over the
# document's (50 million) after seconds (not under ASan: a minute there)
python3 "$(dirname "${BASH_SOURCE[0]}")/laughs.py" 4 60 >"$GD_TMP/laughs.pdf"
if ! ldd "$GD_CLI" | grep libasan >/dev/null; then
    GOVDOC_SANDBOX=off check_exit "many heavy pages: exit 7" 7 \
        "$GD_CLI" convert -o "$GD_TMP/x.json" "$GD_TMP/laughs.pdf"
    one_line "many heavy pages" "the document draws more than the 50 million glyphs and paths"
fi
GOVDOC_SANDBOX_TIMEOUT=1 check_exit "the sandbox's time limit: exit 7" 7 \
    "$GD_CLI" convert -o "$GD_TMP/x.json" "$GD_TMP/laughs.pdf"
one_line "time limit" "the pdf reader ran out of time"

# a crash in the parser's process (SIGSEGV sent to the child mid-parse)
GOVDOC_SANDBOX_TIMEOUT=300 "$GD_CLI" convert -o "$GD_TMP/x.json" "$GD_TMP/laughs.pdf" \
    2>"$GD_TMP/last.err" &
pid=$!
children() { # children PID: its child processes (from /proc, no procps needed)
    local s p c st pp
    for s in /proc/[0-9]*/stat; do
        if { read -r p c st pp _ <"$s"; } 2>/dev/null && [ "$pp" = "$1" ]; then echo "$p"; fi
    done
    return 0
}
child=
while [ -z "$child" ] && kill -0 "$pid" 2>/dev/null; do
    child=$(children "$pid" | head -1)
    [ -n "$child" ] || sleep 0.05
done
check "the parse runs in a child process" test -n "$child"
if [ -n "$child" ]; then kill -SEGV "$child"; fi
rc=0
wait "$pid" || rc=$?
check_eq "crashed parse: exit 5" 5 "$rc"
one_line "crashed parse" "the pdf reader crashed on this input (SIGSEGV)"

# the same document with and without the sandbox
for f in "$F/seed-libreoffice.pdf" "$F/two-column.pdf" "$F/rotated.pdf"; do
    b=$(basename "$f")
    check_exit "$b sandboxed" 0 "$GD_CLI" convert "$f" -t json -O pdfin.images=true \
        -O json.resources=embed -o "$GD_TMP/on.json"
    cp "$GD_TMP/last.err" "$GD_TMP/on.err"
    GOVDOC_SANDBOX=off check_exit "$b in process" 0 "$GD_CLI" convert "$f" -t json \
        -O pdfin.images=true -O json.resources=embed -o "$GD_TMP/off.json"
    check "$b: same JSON" cmp "$GD_TMP/on.json" "$GD_TMP/off.json"
    check "$b: same warnings" cmp "$GD_TMP/on.err" "$GD_TMP/last.err"
done
