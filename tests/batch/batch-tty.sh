# The progress line: drawn in place on a terminal (script(1) gives the
# batch a pseudo-terminal), absent when stderr is a file or with --quiet.
evil=$1
T=$GD_TMP
mkdir -p "$T/in"
for i in 1 2 3 4 5 6; do cp "$GD_SEED_DIR/fenggang-2023.txt" "$T/in/r$i.txt"; done
printf 'GOVDOC-TEST-ABORT\n' >"$T/in/crash.txt"

# not a terminal: no progress, one line per failure, the summary
check_exit "stderr to a file" 11 "$GD_CLI" --plugin "$evil" batch "$T/in" -o "$T/o1" -t json -j 2
check "no carriage return" bash -c "! grep -q $'\r' '$T/last.err'"
check "no escape sequence" bash -c "! grep -q $'\033' '$T/last.err'"
check_eq "one failure line" 1 "$(grep -c '^govdoc: crashed: ' "$T/last.err")"
check_contains "summary" "$T/last.err" "7 inputs in"

# a terminal: the line is redrawn in place and ends complete
if script --version >/dev/null 2>&1; then
    script -qec "'$GD_CLI' --plugin '$evil' batch '$T/in' -o '$T/o2' -t json -j 2" "$T/tty.log" \
        >/dev/null 2>&1 </dev/null || true
    check "progress drawn in place" grep -q $'\r' "$T/tty.log"
    check_contains "done/total" "$T/tty.log" "7/7 done, 1 failed"
    check_contains "rate" "$T/tty.log" "docs/s"
    check_contains "the failure above the line" "$T/tty.log" "govdoc: crashed: "
    check "outputs as without a terminal" diff -r -q --exclude=manifest.jsonl "$T/o1" "$T/o2"
    script -qec "'$GD_CLI' --plugin '$evil' batch '$T/in' -o '$T/o3' -t json -j 2 -q" "$T/tty-q.log" \
        >/dev/null 2>&1 </dev/null || true
    check "--quiet on a terminal: nothing" bash -c "! grep -q 'docs/s' '$T/tty-q.log'"
fi
