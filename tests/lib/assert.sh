# Assertions for shell tests. Each failure is counted and printed; the test
# fails at the end if any did (so one run shows every failure).
GD_FAILS=0
GD_CHECKS=0

fail() {
    echo "FAIL: $*" >&2
    GD_FAILS=$((GD_FAILS + 1))
}

check() { # check <description> <command...>: the command must succeed
    local what=$1
    shift
    GD_CHECKS=$((GD_CHECKS + 1))
    if ! "$@"; then fail "$what"; fi
}

check_eq() { # check_eq <description> <expected> <actual>
    GD_CHECKS=$((GD_CHECKS + 1))
    if [ "$2" != "$3" ]; then fail "$1: expected '$2', got '$3'"; fi
}

check_exit() { # check_exit <description> <expected code> <command...>
    local what=$1 want=$2
    shift 2
    GD_CHECKS=$((GD_CHECKS + 1))
    local got=0
    "$@" >"$GD_TMP/last.out" 2>"$GD_TMP/last.err" || got=$?
    if [ "$got" != "$want" ]; then
        fail "$what: exit $got, expected $want; stderr: $(head -c 400 "$GD_TMP/last.err")"
    fi
}

check_contains() { # check_contains <description> <file> <fixed string>
    GD_CHECKS=$((GD_CHECKS + 1))
    if ! grep -qF -- "$3" "$2"; then fail "$1: '$3' not in $2"; fi
}

gd_done() {
    if [ "$GD_CHECKS" -eq 0 ]; then
        echo "FAIL: test made no checks" >&2
        exit 1
    fi
    if [ "$GD_FAILS" -gt 0 ]; then
        echo "$GD_FAILS of $GD_CHECKS checks failed" >&2
        exit 1
    fi
    echo "$GD_CHECKS checks passed"
}
