# SIGTERM, SIGINT and SIGHUP remove the temporary files of the output being
# written (page and side-file folder) and end govdoc by that signal (the
# shell sees 143, 130, 129); a later run removes stale temporaries it owns
# (same host and uid, process gone) and never a live process's.
plugin=$1
T=$GD_TMP
mkdir "$T/plug" "$T/out"
cp "$plugin" "$T/plug/"
printf 'text\n' >"$T/in.txt"
mkfifo "$T/gate"
export GD_BLOCK_GATE="$T/gate" GD_BLOCK_READY="$T/ready"

# Starts a conversion that blocks in the writer with its temporaries made;
# sets $pid. env --default-signal: a background job of a script starts with
# SIGINT ignored, and govdoc keeps an ignored signal ignored (nohup).
start() {
    rm -f "$T/ready"
    env --default-signal=INT,TERM,HUP "$GD_CLI" --plugin "$T/plug/govdoc-block.so" convert \
        "$T/in.txt" -t block -O block.side=true -o "$T/out/x.blk" 2>"$T/bg.err" &
    pid=$!
    # kill guard, not a time limit: the writer says when it is blocked
    for _ in $(seq 400); do [ -e "$T/ready" ] && break; sleep 0.05; done
    check "the writer got to its gate" test -e "$T/ready"
}
temporaries() { ls -A "$T/out" | grep -c govdoc-tmp || true; }

for sig in TERM:143 INT:130 HUP:129; do
    start
    check_eq "$sig: a page and a side folder in progress" 2 "$(temporaries)"
    kill -s "${sig%:*}" "$pid"
    rc=0
    wait "$pid" || rc=$?
    check_eq "$sig: ends by the signal" "${sig#*:}" "$rc"
    check_eq "$sig: no temporary left" 0 "$(temporaries)"
    check "$sig: no output" test ! -e "$T/out/x.blk"
    check "$sig: no side folder" test ! -e "$T/out/x.blk_files"
done

# as timeout(1) does it
rm -f "$T/ready"
check_exit "timeout -s TERM" 124 timeout -s TERM 2 "$GD_CLI" --plugin "$T/plug/govdoc-block.so" \
    convert "$T/in.txt" -t block -O block.side=true -o "$T/out/x.blk"
check_eq "timeout: no temporary left" 0 "$(temporaries)"

# Stale temporaries: ours (this host, our uid) with a dead pid go; a live
# pid's, another host's and (as root) another user's stay.
host=$(hostname | tr -c 'A-Za-z0-9._\n-' '_' | cut -c1-64)
dead=$(sh -c 'echo $$')
sleep 300 &
live=$!
d="$T/out"
touch "$d/.a.json.govdoc-tmp-$host-$dead-AbC123"
mkdir "$d/.a_files.govdoc-tmp-$host-$dead-XyZ789"
touch "$d/.a_files.govdoc-tmp-$host-$dead-XyZ789/img.png"
touch "$d/.b.json.govdoc-tmp-$host-$live-AbC123"
touch "$d/.c.json.govdoc-tmp-other-host.example-$dead-AbC123"
touch "$d/.d.json.govdoc-tmp-$host-$dead-short"
touch "$d/keep.json.tmp-AbC123"
if [ "$(id -u)" = 0 ]; then
    touch "$d/.e.json.govdoc-tmp-$host-$dead-AbC123"
    chown 4242 "$d/.e.json.govdoc-tmp-$host-$dead-AbC123"
fi
unset GD_BLOCK_GATE GD_BLOCK_READY
check_exit "a later run" 0 "$GD_CLI" convert "$T/in.txt" -o "$d/new.json"
check "stale file of a dead pid removed" test ! -e "$d/.a.json.govdoc-tmp-$host-$dead-AbC123"
check "stale folder of a dead pid removed" test ! -e "$d/.a_files.govdoc-tmp-$host-$dead-XyZ789"
check "a live pid's file kept" test -e "$d/.b.json.govdoc-tmp-$host-$live-AbC123"
check "another host's file kept" test -e "$d/.c.json.govdoc-tmp-other-host.example-$dead-AbC123"
check "not our name pattern: kept" test -e "$d/.d.json.govdoc-tmp-$host-$dead-short"
check "other programs' files kept" test -e "$d/keep.json.tmp-AbC123"
if [ "$(id -u)" = 0 ]; then
    check "another user's file kept" test -e "$d/.e.json.govdoc-tmp-$host-$dead-AbC123"
fi
kill "$live"
