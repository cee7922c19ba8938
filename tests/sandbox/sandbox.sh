# The sandbox: a reader that asks for it (sbtest, loaded with --plugin) and
# crashes, loops, hangs or makes a forbidden system call costs one line of
# error naming the file and an exit code — never govdoc itself, never the
# other inputs of a batch.
plugin=$1
sb() { "$GD_CLI" --plugin "$plugin" convert -f sbtest -t json "$@"; }
mk() { printf '%s\n' "$2" >"$GD_TMP/$1.sbtest"; }
for w in tree segv abort loop hang socket exec create kill exit oom error stderr deep plain; do
    mk "$w" "$w"
done
export GOVDOC_SANDBOX_TIMEOUT=3

# one line, naming the file; exit code; no output file left behind
bad() { # bad <word> <exit> <text in the message>
    check_exit "$1: exit code" "$2" sb "$GD_TMP/$1.sbtest" -o "$GD_TMP/$1.json"
    check_eq "$1: one line" 1 "$(grep -c . "$GD_TMP/last.err")"
    check_contains "$1: names the file" "$GD_TMP/last.err" "$1.sbtest:"
    check_contains "$1: says why" "$GD_TMP/last.err" "$3"
    check "$1: no output" test ! -e "$GD_TMP/$1.json"
}
bad segv 5 "crashed on this input (SIGSEGV)"
bad abort 5 "crashed on this input (SIGABRT)"
bad socket 5 "forbidden system call (socket)"
bad exec 5 "forbidden system call (execve)"
bad create 5 "forbidden system call (openat)"
bad kill 5 "forbidden system call (kill)"
bad exit 5 "ended without a result (exit status 3)"
bad error 5 "damaged input: line one line two"
bad deep 7 "nesting deeper than 256 levels"
bad loop 7 "ran out of time"
bad hang 7 "ran out of time (3 s"
check "create: no file made" test ! -e sbtest-created-file
# the parent survived the kill attempt and the child's file was not made
check "govdoc still runs" "$GD_CLI" formats

# memory: a limit the child cannot pass (not under AddressSanitizer, which
# needs terabytes of address space and so runs without RLIMIT_AS)
if ! ldd "$GD_CLI" | grep >/dev/null libasan; then
    GOVDOC_SANDBOX_MEMORY=64 check_exit "oom: exit code" 7 sb "$GD_TMP/oom.sbtest" -o "$GD_TMP/oom.json"
    check_contains "oom: says why" "$GD_TMP/last.err" "ran out of memory (64 MiB"
fi

# a good read: the document comes back whole, and identical without the sandbox
check_exit "tree sandboxed" 0 sb "$GD_TMP/tree.sbtest" -O json.resources=embed -o "$GD_TMP/on.json"
check_contains "the finish warning came back" "$GD_TMP/last.err" "unclosed paragraph closed at end of document"
check_contains "the reader's warning came back" "$GD_TMP/last.err" "a warning with 中文"
GOVDOC_SANDBOX=off check_exit "tree unsandboxed" 0 sb "$GD_TMP/tree.sbtest" -O json.resources=embed -o "$GD_TMP/off.json"
check "same JSON with and without the sandbox" cmp "$GD_TMP/on.json" "$GD_TMP/off.json"
check_contains "nested table" "$GD_TMP/on.json" '"nested"'
check_contains "resource" "$GD_TMP/on.json" '"res1"'
check_contains "flattened link: two text nodes side by side" "$GD_TMP/on.json" '"text": " after"'

# the child's stderr is passed on; without the sandbox a crash would be govdoc's
check_exit "stderr passes" 0 sb "$GD_TMP/stderr.sbtest" -o "$GD_TMP/s.json"
check_contains "child stderr shown" "$GD_TMP/last.err" "sbtest: a line on stderr"
GOVDOC_SANDBOX=off check_exit "escape hatch: a crash is govdoc's own" 139 \
    bash -c '"$0" --plugin "$1" convert -f sbtest -t json "$2" -o /dev/null; e=$?; [ $e -ge 128 ] && exit 139; exit $e' \
    "$GD_CLI" "$plugin" "$GD_TMP/segv.sbtest"

# a batch: the failing inputs fail alone, in order, with the first one's code
mkdir "$GD_TMP/out" "$GD_TMP/out2"
check_exit "batch -j 2" 5 sb -d "$GD_TMP/out" -j 2 "$GD_TMP/plain.sbtest" "$GD_TMP/segv.sbtest" \
    "$GD_TMP/tree.sbtest" "$GD_TMP/socket.sbtest" "$GD_TMP/loop.sbtest"
check "batch: plain converted" test -s "$GD_TMP/out/plain.json"
check "batch: tree converted" test -s "$GD_TMP/out/tree.json"
check_eq "batch: three errors" 3 "$(grep -c 'govdoc: error:' "$GD_TMP/last.err")"
check_exit "batch sequential" 7 sb -d "$GD_TMP/out2" "$GD_TMP/hang.sbtest" "$GD_TMP/segv.sbtest" \
    "$GD_TMP/plain.sbtest"
check "batch: plain converted after the hang and the crash" test -s "$GD_TMP/out2/plain.json"
