# SIGKILL of a running batch, and of one of its workers, then --resume:
# every input ends with complete outputs, none is recorded as converted
# twice, no temporary file is left, and the workers died with the parent.
evil=$1
T=$GD_TMP
in=$T/in
mkdir -p "$in"
# enough documents that the run is still going when it is killed, even on
# a quiet machine (60 were all converted before the kill at 5 ms each)
for i in $(seq -w 1 240); do
    mkdir -p "$in/d$((10#$i % 6))"
    case $((10#$i % 3)) in
    0) cp "$GD_SEED_DIR/fenggang-2023.txt" "$in/d$((10#$i % 6))/r$i.txt" ;;
    1) cp "$GD_SEED_DIR/fenggang-2023.html" "$in/d$((10#$i % 6))/r$i.html" ;;
    2) cp "$GD_SEED_DIR/fenggang-2023.docx" "$in/d$((10#$i % 6))/r$i.docx" ;;
    esac
done
chmod -R u+w "$in"
total=$(find "$in" -type f | wc -l)
out=$T/out
man=$out/manifest.jsonl

# start, wait for a few records, SIGKILL the batch (not its workers)
"$GD_CLI" batch "$in" -o "$out" -t json,pdf -j 2 -q &
pid=$!
for _ in $(seq 1 600); do
    n=$(grep -c '"input"' "$man" 2>/dev/null || true)
    [ "${n:-0}" -ge 8 ] && break
    sleep 0.1
done
workers=$(pgrep -P "$pid" | tr '\n' ' ' || true)
kill -KILL "$pid" 2>/dev/null || true # (gone already: the check below says so)
wait "$pid" 2>/dev/null || true
n=$(grep -c '"input"' "$man" || true)
check "killed mid-run (after $n of $total records)" test "$n" -ge 8 -a "$n" -lt "$total"
check "there were workers" test -n "$workers"
gone=1
for _ in $(seq 1 100); do
    gone=1
    for w in $workers; do kill -0 "$w" 2>/dev/null && gone=0; done
    [ $gone = 1 ] && break
    sleep 0.05
done
check "the workers died with the parent" test $gone = 1

# SIGKILL one worker of a resumed run: its input is recorded as crashed
"$GD_CLI" batch "$in" -o "$out" -t json,pdf -j 2 -q --resume &
pid=$!
killed=""
for _ in $(seq 1 600); do
    w=$(pgrep -P "$pid" | head -1 || true)
    if [ -n "$w" ] && [ "$(grep -c '"input"' "$man" || true)" -gt "$n" ]; then
        kill -KILL "$w" && killed=$w
        break
    fi
    sleep 0.05
done
rc=0
wait "$pid" || rc=$?
check "a worker was killed" test -n "$killed"
check_eq "the run says some input failed" 11 "$rc"
check_contains "recorded as crashed" "$man" '(signal 9, Killed)'

# resume until done (the crashed input is redone)
check_exit "resume" 0 "$GD_CLI" batch "$in" -o "$out" -t json,pdf -j 2 -q --resume

python3 - "$man" "$in" "$out" "$total" >"$T/check.txt" <<'EOF'
import json, os, sys
man, root, out, total = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
bad = []
recs = []
for line in open(man, encoding="utf-8"):
    try:
        r = json.loads(line)
    except ValueError:
        continue  # a line torn by the kill
    if "input" in r: recs.append(r)
ok = {}
for r in recs:
    if r["status"] == "ok":
        ok[r["rel"]] = ok.get(r["rel"], 0) + 1
twice = [k for k, v in ok.items() if v > 1]
if twice: bad.append("converted twice: %s" % twice)
if len(ok) != total: bad.append("%d inputs converted, %d in the tree" % (len(ok), total))
for dirpath, dirs, files in os.walk(root):
    for f in files:
        rel = os.path.relpath(os.path.join(dirpath, f), root)
        stem = os.path.splitext(rel)[0]
        j = os.path.join(out, stem + ".json")
        p = os.path.join(out, stem + ".pdf")
        try:
            json.load(open(j, encoding="utf-8"))
        except Exception as e:
            bad.append("%s: %s" % (j, e))
        data = open(p, "rb").read() if os.path.exists(p) else b""
        if not (data.startswith(b"%PDF") and b"%%EOF" in data[-32:]): bad.append(p + ": not a whole PDF")
for dirpath, dirs, files in os.walk(out):
    for f in files:
        if ".tmp" in f or "govdoc-tmp" in f: bad.append("temporary file left: " + f)
print("\n".join(bad) or "OK")
EOF
check_eq "complete outputs, each input converted once, no temporary file" "OK" "$(cat "$T/check.txt")"
