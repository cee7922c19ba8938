# The json plugin's reader: govdoc's JSON output read back is the same
# document — the tree, the metadata, the source lines, embedded resources —
# and the same report, recognised again; what is not govdoc JSON is refused.
R="$GD_SOURCE_DIR/tests/report/fixtures"
cd "$GD_TMP"
same_json() { # same_json A B KEYS...: the keys of two JSON files are equal
    /usr/bin/python3 - "$@" <<'PY'
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
bad = [k for k in sys.argv[3:] if a.get(k) != b.get(k)]
if bad:
    print("differ:", bad, file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}
n=0
for f in "$GD_SEED_DIR"/fenggang-2023.txt "$GD_SEED_DIR"/fenggang-2023.gb18030.txt \
    "$GD_SEED_DIR"/fenggang-2023.html "$GD_SEED_DIR"/fenggang-2023.docx \
    "$R"/good.docx "$R"/t2019.html "$R"/good-pdftotext.txt "$R"/blank-cells.txt "$R"/not-a-report.txt; do
    n=$((n + 1))
    b=$(basename "$f")
    check_exit "$b to JSON" 0 "$GD_CLI" convert "$f" -o "a$n.json"
    check_exit "$b: JSON read back" 0 "$GD_CLI" convert "a$n.json" -o "b$n.json"
    check "$b: same blocks, metadata, resources and report" \
        same_json "a$n.json" "b$n.json" govdoc meta resources blocks report
    # every writer gets the same document: the HTML page is byte for byte the same
    check_exit "$b to HTML" 0 "$GD_CLI" convert "$f" -o "a$n.html"
    check_exit "$b: JSON to HTML" 0 "$GD_CLI" convert "a$n.json" -o "b$n.html"
    check "$b: same HTML page" cmp -s "a$n.html" "b$n.html"
done
# validate reads a JSON output like the document
check_exit "validate the seed" 0 "$GD_CLI" validate "$GD_SEED_DIR/fenggang-2023.docx"
sed 's|^[^:]*: ||' last.out >v1
check_exit "validate its JSON" 0 "$GD_CLI" validate a4.json
sed 's|^[^:]*: ||' last.out >v2
check "same findings" cmp -s v1 v2
check_contains "the seed's prose finding" v2 "[prose.requests]"
# compact JSON, and the source line numbers survive
check_exit "compact JSON" 0 "$GD_CLI" convert "$GD_SEED_DIR/fenggang-2023.txt" -o c.json -O json.pretty=false
check_exit "compact read back" 0 "$GD_CLI" convert c.json -o c2.json
check "compact: same" same_json a1.json c2.json blocks report
check_contains "line numbers kept" c2.json '"line": 2'

# resources: embedded bytes come back; without them the images say so
png=iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==
printf '<html><body><p>图</p><p><img alt="标志" src="data:image/png;base64,%s"></p></body></html>' "$png" >img.html
check_exit "image page to JSON (embed)" 0 "$GD_CLI" convert img.html -o i1.json -O json.resources=embed
check_exit "read back (embed)" 0 "$GD_CLI" convert i1.json -o i2.json -O json.resources=embed
check "resources with their bytes" same_json i1.json i2.json resources blocks
check_contains "the bytes" i2.json "$png"
check_exit "image page to JSON (no bytes)" 0 "$GD_CLI" convert img.html -o i3.json
check_exit "read back without bytes" 0 "$GD_CLI" convert i3.json -o i4.json
check_contains "warns" last.err "1 images without their bytes"

# what is not govdoc JSON
echo '{"name": "x", "blocks": []}' >other.json
check_exit "other JSON" 6 "$GD_CLI" convert other.json -t html
check_contains "says why" last.err "not a govdoc JSON document"
echo '{"govdoc": "2.0", "meta": {}, "resources": [], "blocks": [], "diagnostics": []}' >v2.json
check_exit "a future major version" 6 "$GD_CLI" convert v2.json -t html
check_contains "names the version" last.err "version 2.0 is not supported"
printf '{"govdoc": "1.0", "blocks": [' >broken.json
check_exit "truncated JSON" 5 "$GD_CLI" convert broken.json -t html
check_contains "malformed, with the place" last.err "malformed JSON at line 1"
echo '{"govdoc": "1.3", "meta": {}, "resources": [], "blocks": [{"type": "hologram", "blocks": []}, {"type": "paragraph", "inlines": [{"type": "text", "text": "后来的版本"}]}], "diagnostics": []}' >newer.json
check_exit "a newer minor version: unknown node kinds left out" 0 "$GD_CLI" convert newer.json -o newer.html
check_contains "with a warning" last.err "1 nodes of kinds this govdoc does not know"
check_contains "the rest read" newer.html "后来的版本"
