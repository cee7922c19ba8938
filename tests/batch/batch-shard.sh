# Four shards run by GNU parallel (as on a cluster: each its own process and
# manifest over shared storage), joined with --merge-manifests, equal one
# unsharded run: the same outputs, the same records, no input done twice.
T=$GD_TMP
in=$T/in
mkdir -p "$in"
n=0
for src in "$GD_SEED_DIR"/fenggang-2023.{txt,html,docx} "$GD_SEED_DIR/fenggang-2023.gb18030.txt"; do
    for d in a b c d e; do
        mkdir -p "$in/$d/x"
        ext=${src##*.}
        cp "$src" "$in/$d/r$n.$ext"
        cp "$src" "$in/$d/x/s$n.$ext"
        n=$((n + 1))
    done
done
head -c 4000 /dev/zero | tr '\0' 'x' >"$in/a/broken.docx"
chmod -R u+w "$in"
total=$(find "$in" -type f | wc -l)

check_exit "one unsharded run" 11 "$GD_CLI" batch "$in" -o "$T/full" -t json -j 2 -q
check_exit "4 shards through GNU parallel" 0 parallel --will-cite -j 2 --halt never \
    "'$GD_CLI' batch '$in' -o '$T/sharded' -t json -j 1 -q --shard {}/4; test \$? -le 11" ::: 1 2 3 4
for k in 1 2 3 4; do
    check "manifest-$k-of-4.jsonl" test -s "$T/sharded/manifest-$k-of-4.jsonl"
done
check_exit "merge" 11 "$GD_CLI" batch --merge-manifests "$T/sharded"
check_contains "merge says what it did" "$T/last.err" "joined 4 shard manifests"
check "outputs of the shards = outputs of the full run" diff -r -q --exclude='manifest*' \
    "$T/full" "$T/sharded"

python3 - "$T/full/manifest.jsonl" "$T/sharded" "$total" >"$T/check.txt" <<'EOF'
import json, sys, glob
full, sharded, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
def recs(path):
    return [json.loads(l) for l in open(path, encoding="utf-8") if '"input"' in l]
def norm(r):  # what does not depend on the run
    return (r["rel"], r["status"], r["sha256"], r["format"], r["exit"],
            tuple(sorted(r["outputs"])), json.dumps(r["report"], sort_keys=True))
bad = []
a = recs(full)
m = recs(sharded + "/manifest.jsonl")
if len(a) != total: bad.append("full run: %d records for %d inputs" % (len(a), total))
if sorted(map(norm, a)) != sorted(map(norm, m)): bad.append("merged manifest differs from the full run's")
seen = {}
sizes = []
for k in range(1, 5):
    rs = recs("%s/manifest-%d-of-4.jsonl" % (sharded, k))
    sizes.append(len(rs))
    for r in rs:
        if r["rel"] in seen: bad.append("%s in shards %d and %d" % (r["rel"], seen[r["rel"]], k))
        seen[r["rel"]] = k
if sum(sizes) != total: bad.append("shards hold %d records for %d inputs" % (sum(sizes), total))
if min(sizes) == 0: bad.append("an empty shard: %s" % sizes)
s = json.loads(open(sharded + "/manifest.jsonl").read().splitlines()[-1])["summary"]
if s["inputs"] != total or s["shards"] != 4 or s["failed"] != 1: bad.append("merged summary: %s" % s)
print("\n".join(bad) or "OK")
EOF
check_eq "union of the shards = the full run, nothing twice" "OK" "$(cat "$T/check.txt")"

# the shard an input falls in depends on its relative path only
check_exit "shard 2/4 from another directory" 0 bash -c \
    "cp -r '$in' '$T/moved' && cd '$T' && '$GD_CLI' batch moved -o '$T/moved-out' -t json -j 1 -q --shard 2/4; test \$? -le 11"
check "same inputs in shard 2 wherever the tree is" bash -c \
    "diff <(grep '\"input\"' '$T/sharded/manifest-2-of-4.jsonl' | grep -o '\"rel\":\"[^\"]*\"' | sort) <(grep '\"input\"' '$T/moved-out/manifest-2-of-4.jsonl' | grep -o '\"rel\":\"[^\"]*\"' | sort)"

# a missing shard is an error
rm "$T/sharded/manifest-3-of-4.jsonl"
check_exit "merge with a shard missing" 4 "$GD_CLI" batch --merge-manifests "$T/sharded"
check_contains "names it" "$T/last.err" "manifest-3-of-4.jsonl is missing"
