# JSON writer checks (run by tests/lib/run-shell-test.sh).
T=$GD_TMP
SEED=$GD_SEED_DIR/fenggang-2023.txt
check_exit "default (indent 2)" 0 "$GD_CLI" convert -q -t json -o "$T/d.json" "$SEED"
check_exit "json.indent=0" 0 "$GD_CLI" convert -q -t json -O json.indent=0 -o "$T/c.json" "$SEED"
check_exit "json.indent=4" 0 "$GD_CLI" convert -q -t json -O json.indent=4 -o "$T/f.json" "$SEED"
check_exit "json.pretty=false" 0 "$GD_CLI" convert -q -t json -O json.pretty=false -o "$T/p.json" "$SEED"
check_eq "compact: one line" 1 "$(wc -l <"$T/c.json")"
check "compact: no space after separators" python3 -c "
import sys; s = open(sys.argv[1], encoding='utf-8').read()
sys.exit(0 if '\": ' not in s.split('\"blocks\"')[0] and ', \"' not in s[:2000] else 1)" "$T/c.json"
check "pretty=false is compact" cmp -s "$T/c.json" "$T/p.json"
check "same document at every indent" python3 -c "
import json, sys
a, b, c = (json.load(open(p, encoding='utf-8')) for p in sys.argv[1:4])
sys.exit(0 if a == b == c and a['blocks'] and a['report']['fields'] else 1)" "$T/d.json" "$T/c.json" "$T/f.json"
check "indent 4: levels of four spaces" python3 -c "
import sys
lines = open(sys.argv[1], encoding='utf-8').read().splitlines()[1:-1]
ind = {len(l) - len(l.lstrip(' ')) for l in lines}
sys.exit(0 if ind and all(i % 4 == 0 for i in ind) and 4 in ind and 12 in ind else 1)" "$T/f.json"
dsize=$(stat -c %s "$T/d.json")
csize=$(stat -c %s "$T/c.json")
echo "seed JSON: indented $dsize bytes, compact $csize bytes"
check "compact is under half the indented size" test $((csize * 2)) -lt "$dsize"
check_exit "bad indent" 3 "$GD_CLI" convert -q -t json -O json.indent=1.5 -o "$T/x.json" "$SEED"
check_contains "bad indent message" "$T/last.err" "indent"
# Escapes: quotes, backslashes, control characters, non-ASCII as UTF-8.
printf '标题 "引号" \\ 反斜杠\n\n制表\t符，𠀾。\n' >"$T/e.txt"
check_exit "escapes" 0 "$GD_CLI" convert -q -t json -O json.indent=0 -o "$T/e.json" "$T/e.txt"
check "escapes round-trip" python3 - "$T/e.json" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
j = json.loads(raw)
def texts(n):
    if isinstance(n, dict):
        if n.get("type") == "text":
            yield n["text"]
        for v in n.values():
            yield from texts(v)
    elif isinstance(n, list):
        for v in n:
            yield from texts(v)
t = "".join(texts(j["blocks"]))
print(repr(t))
no_raw_controls = all(b >= 0x20 for b in raw[:-1])
sys.exit(0 if '"引号" \\ 反斜杠' in t and "𠀾" in t and no_raw_controls and raw.endswith(b"}\n") else 1)
PY
