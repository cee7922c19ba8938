# govdoc batch over a mixed tree: real DOCX/HTML/TXT (seed and corpora),
# broken files, and inputs that crash, kill or starve their worker (a
# test-only plugin, $1). Every outcome is in the manifest, good inputs are
# converted whatever fails beside them, outputs are byte-identical across
# runs, --resume redoes only what changed, lists work, usage errors are 3.
evil=$1
asan=${2:-0}
G=("$GD_CLI" --plugin "$evil")
T=$GD_TMP
py() { python3 - "$@"; }

# ---- the tree ----
in=$T/in
mkdir -p "$in"/{docx,txt,html,gbk,corpora/docx,corpora/html,broken,evil,col,noext,.hidden,docx/deep/er}
cp "$GD_SEED_DIR/fenggang-2023.docx" "$in/docx/report.docx"
cp "$GD_SEED_DIR/fenggang-2023.txt" "$in/txt/report.txt"
cp "$GD_SEED_DIR/fenggang-2023.html" "$in/html/report.html"
cp "$GD_SEED_DIR/fenggang-2023.gb18030.txt" "$in/gbk/fenggang.txt"
cp "$GD_SEED_DIR/fenggang-2023.gb2312.html" "$in/gbk/fenggang-page.html"
cp "$GD_SEED_DIR/fenggang-2023.txt" "$in/docx/deep/er/报告.txt"
for f in tables simple-list footnotes strikethrough; do
    cp "$GD_CORPORA_DIR/docx/mammoth/$f.docx" "$in/corpora/docx/"
done
cp "$GD_CORPORA_DIR/docx/pandoc/headers.docx" "$in/corpora/docx/"
for f in example_01 example_02 formatting; do
    cp "$GD_CORPORA_DIR/html/docling/sources/$f.html" "$in/corpora/html/"
done
cp "$GD_CORPORA_DIR/html/unstructured/fake-html-cp1252.html" "$in/corpora/html/"
chmod -R u+w "$in"
# broken
py "$in/broken" <<'EOF'
import random, sys, zipfile, io
d = sys.argv[1]
r = random.Random(11)
open(d + "/random.docx", "wb").write(bytes(r.getrandbits(8) for _ in range(5000)))
open(d + "/binary.txt", "wb").write(bytes(r.getrandbits(8) for _ in range(3000)))
whole = open(sys.argv[1] + "/../docx/report.docx", "rb").read()
open(d + "/truncated.docx", "wb").write(whole[: len(whole) // 2])
b = io.BytesIO()
with zipfile.ZipFile(b, "w") as z:
    z.writestr("hello.txt", "not a word document")
open(d + "/not-word.docx", "wb").write(b.getvalue())
EOF
# misbehaving inputs (the evil plugin claims them by content)
for w in ABORT SEGV EXIT HOGCRASH OK; do printf 'GOVDOC-TEST-%s\n' $w >"$in/evil/$w.txt"; done
[ "$asan" = 1 ] && rm "$in/evil/HOGCRASH.txt" # no address-space limit under ASan
# two inputs, one output name
cp "$in/txt/report.txt" "$in/col/r.txt"
cp "$in/html/report.html" "$in/col/r.html"
# chosen by content, not by name; not chosen: an image, notes, hidden files
cp "$in/docx/report.docx" "$in/noext/report"
head -c 2000 /dev/zero >"$in/noext/picture.png"
printf '# notes\nnot a document to convert\n' >"$in/noext/notes.md"
printf '{"name": "some data, not govdoc JSON"}\n' >"$in/noext/package.json"
cp "$in/txt/report.txt" "$in/.hidden/secret.txt"
cp "$in/txt/report.txt" "$in/txt/.draft.txt"
# a symlink loop and a second way into the same directory
ln -s .. "$in/txt/loop"
ln -s ../docx "$in/html/docx-again"
mkfifo "$in/noext/fifo.txt"

expected_inputs=$(
    cd "$in" && find . -path ./noext -prune -o -path ./.hidden -prune -o -name '.?*' -prune \
        -o -type f -print | wc -l
)
expected_inputs=$((expected_inputs + 2)) # noext/report, noext/package.json

# ---- a run ----
out=$in/out # inside the tree: must be skipped
check_exit "batch of a mixed tree: some failed" 11 "${G[@]}" batch "$in" -o "$out" \
    -t json,pdf,html -j 2 --max-memory 256
cp "$T/last.err" "$T/run1.err"
man=$out/manifest.jsonl
check "manifest written" test -s "$man"
check "no progress line without a terminal" bash -c "! grep -q $'\r' '$T/run1.err'"

py "$man" "$in" "$out" "$expected_inputs" "$asan" >"$T/check1.txt" 2>&1 <<'EOF'
import hashlib, json, os, sys
man, root, out, expected, asan = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5] == "1"
lines = open(man, encoding="utf-8").read().splitlines()
recs = [json.loads(l) for l in lines]
summary = [r for r in recs if "summary" in r]
recs = [r for r in recs if "input" in r]
bad = []
def expect(cond, what):
    if not cond: bad.append(what)
keys = ["input", "rel", "size", "sha256", "format", "status", "outputs", "formats",
        "duration_ms", "warnings", "error", "exit", "report"]
for r in recs:
    expect(list(r.keys()) == keys, "record keys in schema order: %s" % list(r.keys()))
by = {r["rel"]: r for r in recs}
expect(len(by) == len(recs), "one record per input")
expect(len(recs) == expected, "records: %d, inputs in the tree: %d" % (len(recs), expected))
want = {
    "docx/report.docx": ("ok", "docx"), "txt/report.txt": ("ok", "txt"),
    "html/report.html": ("ok", "html"), "gbk/fenggang.txt": ("ok", "txt"),
    "gbk/fenggang-page.html": ("ok", "html"), "docx/deep/er/报告.txt": ("ok", "txt"),
    "noext/report": ("ok", "docx"), "noext/package.json": ("failed", "json"),
    "broken/random.docx": ("failed", None), "broken/binary.txt": ("failed", None),
    "broken/truncated.docx": ("failed", None), "broken/not-word.docx": ("failed", None),
    "evil/ABORT.txt": ("crashed", "evil"), "evil/SEGV.txt": ("crashed", "evil"),
    "evil/EXIT.txt": ("crashed", "evil"), "evil/OK.txt": ("ok", "evil"),
    "col/r.txt": ("failed", None), "col/r.html": ("failed", None),
}
if not asan:
    want["evil/HOGCRASH.txt"] = ("memory", "evil")
for rel, (status, fmt) in want.items():
    r = by.get(rel)
    expect(r is not None, "record for " + rel)
    if not r: continue
    expect(r["status"] == status, "%s: status %s, expected %s (%s)" % (rel, r["status"], status, r["error"]))
    if fmt: expect(r["format"] == fmt, "%s: format %s" % (rel, r["format"]))
    expect(r["input"] == os.path.join(root, rel), "%s: input %s" % (rel, r["input"]))
    expect((r["error"] is None) == (status == "ok"), rel + ": error iff failed")
    expect((r["exit"] == 0) == (status == "ok"), rel + ": exit 0 iff ok")
for rel in ["evil/ABORT.txt", "evil/SEGV.txt"]:
    r = by.get(rel, {})
    expect("crashed" in (r.get("error") or ""), rel + ": says it crashed")
    expect(r.get("exit") == 70, rel + ": exit 70")
    expect(r.get("sha256") and len(r["sha256"]) == 64, rel + ": hash known before the crash")
if not asan:
    expect(by.get("evil/HOGCRASH.txt", {}).get("exit") == 10, "memory: exit 10")
for rel in ["col/r.txt", "col/r.html"]:
    e = by.get(rel, {}).get("error") or ""
    expect("col/r.html" in e and "col/r.txt" in e, rel + ": the collision names both: " + e)
expect(not os.path.exists(out + "/col/r.json"), "no output for colliding inputs")
ok = [r for r in recs if r["status"] == "ok"]
expect(len(ok) >= 12, "most inputs converted (%d)" % len(ok))
for r in ok:
    expect(sorted(r["outputs"]) == ["html", "json", "pdf"], r["rel"] + ": three outputs")
    expect(r["formats"] == ["json", "pdf", "html"], r["rel"] + ": formats as asked")
    stem = os.path.splitext(r["rel"])[0] if "." in os.path.basename(r["rel"]) else r["rel"]
    for fmt, path in r["outputs"].items():
        expect(path == "%s/%s.%s" % (out, stem, fmt), "%s: output path %s" % (r["rel"], path))
        data = open(path, "rb").read()
        if fmt == "json":
            doc = json.loads(data)
            src = doc.get("meta", {}).get("source")
            expect(src == r["rel"], "%s: the JSON names its source by the relative path, not %s" % (r["rel"], src))
        if fmt == "pdf": expect(data.startswith(b"%PDF") and b"%%EOF" in data[-32:], path + ": a whole PDF")
        if fmt == "html": expect(b"</html>" in data, path + ": a whole page")
    expect(r["sha256"] and len(r["sha256"]) == 64 and r["size"] == os.path.getsize(r["input"]), r["rel"] + ": size and hash")
    expect(r["sha256"] == hashlib.sha256(open(r["input"], "rb").read()).hexdigest(), r["rel"] + ": the hash is the input's SHA-256")
    expect(isinstance(r["duration_ms"], (int, float)) and r["duration_ms"] > 0, r["rel"] + ": duration")
rep = by.get("docx/report.docx", {}).get("report") or {}
expect(rep.get("template") and rep.get("year") == 2023 and rep.get("checks_failed", -1) >= 0, "report info: %s" % rep)
expect("凤冈" in (rep.get("agency") or "") or rep.get("agency"), "agency read")
expect(by.get("corpora/docx/tables.docx", {}).get("report") is None, "not a report: null")
for rel in by:
    expect(not rel.startswith("out/") and "/.hidden" not in rel and not rel.startswith(".hidden")
           and ".draft" not in rel and "loop/" not in rel and "docx-again/" not in rel
           and not rel.endswith((".png", ".md", "fifo.txt")), "not walked: " + rel)
expect(len(summary) == 1, "one summary line")
s = summary[0]["summary"] if summary else {}
expect(s.get("inputs") == len(recs), "summary counts every input")
expect(s.get("ok") == len(ok), "summary ok count")
expect(sum(s.get(k, 0) for k in ["ok", "failed", "timeout", "crashed", "memory", "skipped"]) == len(recs), "statuses add up")
expect(s.get("docs_per_s", 0) > 0 and len(s.get("slowest", [])) > 0, "rate and slowest")
expect(any(x["count"] == 2 and "collision" in x["reason"] for x in s.get("reasons", [])), "reasons grouped")
for dirpath, dirs, files in os.walk(out):
    for f in files:
        expect(".tmp-" not in f and "govdoc-tmp" not in f, "stray temporary file " + f)
print("\n".join(bad) if bad else "OK")
EOF
check_eq "manifest of the mixed tree" "OK" "$(cat "$T/check1.txt")"
nfail=$(grep -cE '^govdoc: (error|crashed|memory|timeout): ' "$T/run1.err" || true)
nbad=$(py "$man" <<'EOF'
import json, sys
print(sum(1 for l in open(sys.argv[1]) if '"input"' in l and '"status":"ok"' not in l))
EOF
)
check_eq "one stderr line per failure" "$nbad" "$nfail"
check_contains "summary on stderr" "$T/run1.err" "inputs in"
check_contains "reasons on stderr" "$T/run1.err" "failures by reason"

# ---- the same inputs again, one worker: byte-identical outputs ----
sleep 1 # a clock-dependent writer would now show a different second
# (run 1's outputs are moved out of the tree meanwhile: in/out is not run 2's
# OUTDIR, so run 2 would convert them all too, at -j 1 — half the test's time)
mv "$out" "$T/out1"
check_exit "second run (-j 1)" 11 "${G[@]}" batch "$in" -o "$T/out2" -t json,pdf,html -j 1 -q \
    --max-memory 256
mv "$T/out1" "$out"
check_eq "quiet: nothing on stderr" "" "$(cat "$T/last.err")"
check "byte-identical outputs across runs" diff -r -q --exclude=manifest.jsonl "$out" "$T/out2"

# ---- resume: nothing changed, nothing converted ----
before=$(grep -c '' "$man")
nok=$(grep '"input"' "$man" | grep -c '"status":"ok"' || true)
check_exit "resume, unchanged" 11 "${G[@]}" batch "$in" -o "$out" -t json,pdf,html -j 2 --resume \
    --max-memory 256
py "$man" "$before" "$nok" >"$T/check2.txt" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
before, nok = int(sys.argv[2]), int(sys.argv[3])
new = [r for r in recs[before:] if "input" in r]
s = recs[-1]["summary"]
bad = []
if any(r["status"] == "ok" for r in new): bad.append("converted again: %s" % [r["rel"] for r in new if r["status"] == "ok"])
if s["skipped"] != nok: bad.append("skipped %d, expected %d" % (s["skipped"], nok))
if s["inputs"] != s["skipped"] + len(new): bad.append("summary inputs")
print("\n".join(bad) or "OK")
EOF
check_eq "resume skips every converted input, redoes the failed" "OK" "$(cat "$T/check2.txt")"

# ---- resume after a change, a deleted output and a new format ----
printf '\n附加一行。\n' >>"$in/txt/report.txt"
rm "$out/gbk/fenggang.pdf"
before=$(grep -c '' "$man")
check_exit "resume after changes" 11 "${G[@]}" batch "$in" -o "$out" -t json,pdf,html -j 2 --resume -q \
    --max-memory 256
py "$man" "$before" >"$T/check3.txt" <<'EOF'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])][int(sys.argv[2]):]
ok = sorted(r["rel"] for r in recs if "input" in r and r["status"] == "ok")
print(" ".join(ok))
EOF
check_eq "only the changed input and the one missing an output are redone" \
    "gbk/fenggang.txt txt/report.txt" "$(cat "$T/check3.txt")"
check "the deleted output is back" test -s "$out/gbk/fenggang.pdf"

# ---- a record torn by a kill: skipped by resume, the next starts on its own line ----
printf '{"input":"%s/txt/report.txt","rel":"txt/rep' "$in" >>"$man"
before=$(grep -c '' "$man")
check_exit "resume over a torn line" 11 "${G[@]}" batch "$in" -o "$out" -t json,pdf,html -j 2 --resume \
    --max-memory 256
check_contains "the torn line is reported" "$T/last.err" "1 unreadable line(s) skipped"
py "$man" "$before" >"$T/check4.txt" <<'EOF'
import json, sys
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
bad = []
for i, l in enumerate(lines):
    try:
        r = json.loads(l)
    except ValueError:
        if i != int(sys.argv[2]) - 1: bad.append("line %d does not parse" % (i + 1))
        continue
    if i >= int(sys.argv[2]) and r.get("status") == "ok": bad.append("converted again: " + r["rel"])
print("\n".join(bad) or "OK")
EOF
check_eq "only the torn line is lost, nothing converted again" "OK" "$(cat "$T/check4.txt")"

# ---- the first input crashes its only worker; later inputs still convert (issue 20) ----
mkdir -p "$T/first"
printf 'GOVDOC-TEST-ABORT\n' >"$T/first/0-abort.txt"
cp "$in/txt/report.txt" "$T/first/1.txt"
cp "$in/docx/report.docx" "$T/first/2.docx"
check_exit "first input crashes the worker" 11 "${G[@]}" batch "$T/first" -o "$T/first-out" -t json -j 1
check "later inputs converted" test -s "$T/first-out/1.json"
check "and the next" test -s "$T/first-out/2.json"
check_contains "crash recorded" "$T/first-out/manifest.jsonl" '"rel":"0-abort.txt","size":18,"sha256":"'
mkdir -p "$T/conv"
check_exit "convert -d -j 2 with a crashing input" 70 "${G[@]}" convert -q -t json -d "$T/conv" -j 2 \
    "$T/first/0-abort.txt" "$T/first/1.txt" "$T/first/2.docx"
check "convert -d: the others converted" test -s "$T/conv/2.json"
check_contains "convert -d: crash named" "$T/last.err" "0-abort.txt: the worker converting it crashed"

# ---- a hung input: stopped at the timeout, the rest goes on ----
mkdir -p "$T/hang"
printf 'GOVDOC-TEST-HANG\n' >"$T/hang/a-hang.txt"
for i in 1 2 3 4 5; do printf 'GOVDOC-TEST-OK %d\n' $i >"$T/hang/ok$i.txt"; done
check_exit "a hung input" 11 "${G[@]}" batch "$T/hang" -o "$T/hang-out" -t json -j 2 --timeout 5
check_contains "timeout recorded" "$T/hang-out/manifest.jsonl" '"status":"timeout"'
check_contains "timeout: exit 7" "$T/hang-out/manifest.jsonl" '"exit":7'
check_eq "the others converted" 5 "$(ls "$T/hang-out" | grep -c '^ok.\.json$')"

# ---- memory: an input that allocates without bound ----
if [ "$asan" != 1 ]; then
    mkdir -p "$T/hog"
    printf 'GOVDOC-TEST-HOG\n' >"$T/hog/hog.txt"
    printf 'GOVDOC-TEST-OK\n' >"$T/hog/ok.txt"
    check_exit "an input that hogs memory" 11 "${G[@]}" batch "$T/hog" -o "$T/hog-out" -t json -j 1 \
        --max-memory 200
    check_contains "memory recorded" "$T/hog-out/manifest.jsonl" '"rel":"hog.txt"'
    check_contains "status memory" "$T/hog-out/manifest.jsonl" '"status":"memory"'
    check "the other converted" test -s "$T/hog-out/ok.json"
fi

# ---- lists: --files-from with NULs, '-' on stdin ----
(cd "$in" && printf 'txt/report.txt\0./gbk/fenggang.txt\0/nonexistent/x.docx\0' >"$T/list0")
check_exit "--files-from -0" 11 bash -c "cd '$in' && '$GD_CLI' batch --files-from '$T/list0' -0 -o '$T/list-out' -t json -q"
check "list entry converted under its path" test -s "$T/list-out/txt/report.json"
check "./ dropped" test -s "$T/list-out/gbk/fenggang.json"
check_contains "missing list entry recorded" "$T/list-out/manifest.jsonl" '"rel":"nonexistent/x.docx"'
check_contains "missing: exit 4" "$T/list-out/manifest.jsonl" '"exit":4'
check_exit "'-' reads the list from stdin" 0 bash -c \
    "find '$in/corpora/html' -name '*.html' | '$GD_CLI' batch - -o '$T/stdin-out' -t json -q"
check_eq "every listed page converted" 4 "$(find "$T/stdin-out" -name '*.json' ! -name manifest.jsonl | wc -l)"

# ---- usage ----
check_exit "no -o" 3 "$GD_CLI" batch "$in" -t json
check_exit "no -t" 3 "$GD_CLI" batch "$in" -o "$T/u"
check_exit "unknown format" 3 "$GD_CLI" batch "$in" -o "$T/u" -t nope
check_exit "bad shard" 3 "$GD_CLI" batch "$in" -o "$T/u" -t json --shard 5/4
check_exit "bad timeout" 3 "$GD_CLI" batch "$in" -o "$T/u" -t json --timeout soon
check_exit "bad option" 3 "$GD_CLI" batch "$in" -o "$T/u" -t json -O json.colour=1
check "usage errors create nothing" test ! -e "$T/u"
check_exit "an unwritable output directory" 8 "$GD_CLI" batch "$in" -o /proc/none -t json
check_exit "batch --help" 0 "$GD_CLI" batch --help
check_contains "help gives the exit codes" "$T/last.out" "11 some inputs failed"
check_exit "govdoc --help" 0 "$GD_CLI" --help
check_contains "main help lists batch" "$T/last.out" "govdoc batch"
check_contains "main help: exit 11" "$T/last.out" "11 batch: some inputs failed"
mkdir -p "$T/empty"
check_exit "an empty directory: nothing to do" 0 "$GD_CLI" batch "$T/empty" -o "$T/empty-out" -t json
check_contains "says so" "$T/last.err" "no input to convert"
