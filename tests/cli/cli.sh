# The govdoc command: help, version, formats, exit codes, stdin/stdout,
# options checked against declarations, batches that survive bad files.
seed="$GD_SEED_DIR/fenggang-2023.txt"

check_exit "--help" 0 "$GD_CLI" --help
check_contains "help shows convert" "$GD_TMP/last.out" "govdoc convert [options] INPUT"
check_contains "help documents exit codes" "$GD_TMP/last.out" "exit codes:"
check_exit "--version" 0 "$GD_CLI" --version
check_contains "version names the ABI" "$GD_TMP/last.out" "plugin ABI 1.3"
check_exit "no command" 3 "$GD_CLI"
check_exit "unknown command" 3 "$GD_CLI" frobnicate
check_contains "unknown command named" "$GD_TMP/last.err" "unknown command 'frobnicate'"
check_exit "unknown option" 3 "$GD_CLI" convert --bogus "$seed"

check_exit "formats" 0 "$GD_CLI" formats
check_contains "formats lists the txt reader" "$GD_TMP/last.out" "plugin: txt 1.0.0"
check_contains "formats lists json options" "$GD_TMP/last.out" "-O json.pretty=bool (default true)"
check_exit "formats --writers" 0 "$GD_CLI" formats --writers
check_contains "writer ids" "$GD_TMP/last.out" "json"

# output by extension, by -t, to stdout, from stdin
check_exit "convert -o x.json" 0 "$GD_CLI" convert "$seed" -o "$GD_TMP/a.json"
check_exit "convert -t json to stdout" 0 "$GD_CLI" convert "$seed" -t json
check "stdout is the same document" bash -c "cmp -s '$GD_TMP/last.out' '$GD_TMP/a.json'"
check_exit "stdin" 0 bash -c "'$GD_CLI' convert - -t json -O json.pretty=false < '$seed'"
check_eq "compact output is one line" 1 "$(wc -l <"$GD_TMP/last.out")"
check_contains "stdin read as text" "$GD_TMP/last.out" '"source-format":"txt"'
check_exit "-f forces the reader" 0 "$GD_CLI" convert -f txt "$seed" -o "$GD_TMP/b.json"

# usage errors (3)
check_exit "no output given" 3 "$GD_CLI" convert "$seed"
check_exit "unknown output extension" 3 "$GD_CLI" convert "$seed" -o "$GD_TMP/x.unknown"
check_contains "says use -t" "$GD_TMP/last.err" "use -t FORMAT"
check_exit "unknown writer" 3 "$GD_CLI" convert "$seed" -t nope
check_exit "unknown reader" 3 "$GD_CLI" convert -f nope "$seed" -t json
check_exit "option for an unknown plugin" 3 "$GD_CLI" convert "$seed" -t json -O nope.x=1
check_contains "names the plugin" "$GD_TMP/last.err" "no plugin or format named 'nope'"
check_exit "unknown option key" 3 "$GD_CLI" convert "$seed" -t json -O json.colour=1
check_exit "bad option value" 3 "$GD_CLI" convert "$seed" -t json -O json.pretty=maybe
check_contains "says what is expected" "$GD_TMP/last.err" "expects true or false"
check_exit "bad enum value" 3 "$GD_CLI" convert "$seed" -t json -O json.resources=all
check_contains "lists the choices" "$GD_TMP/last.err" "none|embed"
check_exit "several inputs without -d" 3 "$GD_CLI" convert "$seed" "$seed" -t json

# input errors
check_exit "missing input" 4 "$GD_CLI" convert "$GD_TMP/nope.txt" -o "$GD_TMP/n.json"
check_eq "one line" 1 "$(wc -l <"$GD_TMP/last.err")"
check_contains "file and reason" "$GD_TMP/last.err" "nope.txt: No such file or directory"
check_exit "a directory as input" 4 "$GD_CLI" convert "$GD_TMP" -o "$GD_TMP/n.json"
check_exit "unwritable output" 8 "$GD_CLI" convert "$seed" -o /nonexistent-dir/x.json

# batch: a bad file in the middle stops nothing
mkdir -p "$GD_TMP/in" "$GD_TMP/out"
cp "$seed" "$GD_TMP/in/a.txt"
/usr/bin/python3 -c "
import random, sys
r = random.Random(7)
sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(4096)) + b'<p ')" >"$GD_TMP/in/b.txt"
cp "$GD_SEED_DIR/fenggang-2023.gb18030.txt" "$GD_TMP/in/c.txt"
cp "$seed" "$GD_TMP/in/a.text"
# without -j: as many workers as CPUs (the default of batch)
check_exit "batch with a bad file" 5 "$GD_CLI" convert -q -t json -d "$GD_TMP/out" \
    "$GD_TMP/in/a.txt" "$GD_TMP/in/b.txt" "$GD_TMP/in/c.txt" "$GD_TMP/in/a.text"
cp "$GD_TMP/last.err" "$GD_TMP/default.err"
check "a converted" test -s "$GD_TMP/out/a.json"
check "b not written" test ! -e "$GD_TMP/out/b.json"
check "c converted after the failure" test -s "$GD_TMP/out/c.json"
check "same stem kept apart" test -s "$GD_TMP/out/a.text.json"
check_contains "summary" "$GD_TMP/last.err" "1 of 4 inputs failed"
check_exit "-d needs a directory" 3 "$GD_CLI" convert -t json -d "$GD_TMP/none" "$seed"

# the same batch in two worker processes: the same files, the same exit code
mkdir -p "$GD_TMP/out2"
check_exit "batch -j 2" 5 "$GD_CLI" convert -q -j 2 -t json -d "$GD_TMP/out2" \
    "$GD_TMP/in/a.txt" "$GD_TMP/in/b.txt" "$GD_TMP/in/c.txt" "$GD_TMP/in/a.text"
check "same outputs as one process" diff -r "$GD_TMP/out" "$GD_TMP/out2"
check_contains "summary with -j" "$GD_TMP/last.err" "1 of 4 inputs failed"
# -j 1 (one worker, one input after another): the same files, the same
# messages and exit code as the default
mkdir -p "$GD_TMP/out1"
check_exit "batch -j 1" 5 "$GD_CLI" convert -q -j 1 -t json -d "$GD_TMP/out1" \
    "$GD_TMP/in/a.txt" "$GD_TMP/in/b.txt" "$GD_TMP/in/c.txt" "$GD_TMP/in/a.text"
check "-j 1: same outputs as the default" diff -r "$GD_TMP/out" "$GD_TMP/out1"
check "-j 1: same messages as the default" cmp -s "$GD_TMP/last.err" "$GD_TMP/default.err"
check_contains "the failing input is named" "$GD_TMP/default.err" "b.txt"
check_eq "-j 1: three outputs (b failed)" 3 "$(find "$GD_TMP/out1" -type f | wc -l)"
# one CPU allowed: the default is one worker, still every input
if command -v taskset >/dev/null; then
    mkdir -p "$GD_TMP/out3"
    check_exit "batch on one CPU" 5 taskset -c 0 "$GD_CLI" convert -q -t json -d "$GD_TMP/out3" \
        "$GD_TMP/in/a.txt" "$GD_TMP/in/b.txt" "$GD_TMP/in/c.txt" "$GD_TMP/in/a.text"
    check "one CPU: same outputs" diff -r "$GD_TMP/out" "$GD_TMP/out3"
fi
check_exit "-j needs a number" 3 "$GD_CLI" convert -j zero -t json -d "$GD_TMP/out2" "$seed"
