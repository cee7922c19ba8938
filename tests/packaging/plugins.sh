# Every plugin built has its line in packaging/plugins.tsv with the licence
# its descriptor states, and is named in LICENSE: a new plugin cannot be
# packaged without saying under which licence and in which package.
tsv="$GD_SOURCE_DIR/packaging/plugins.tsv"
check_exit "formats --json" 0 "$GD_CLI" formats --json
python3 - "$GD_TMP/last.out" "$tsv" "$GD_SOURCE_DIR/LICENSE" >"$GD_TMP/report" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
rows = {}
for line in open(sys.argv[2], encoding="utf-8"):
    if line.startswith("#") or not line.strip():
        continue
    f = line.rstrip("\n").split("\t")
    rows[f[0]] = f
lic = open(sys.argv[3], encoding="utf-8").read()
for p in j["plugins"]:
    n, l = p["name"], p["license"]
    if n not in rows:
        print("FAIL: plugin %s has no line in packaging/plugins.tsv" % n)
    elif rows[n][1] != l:
        print("FAIL: plugin %s: plugins.tsv says %s, its descriptor %s" % (n, rows[n][1], l))
    elif rows[n][1] != "MIT" and rows[n][2] == "govdoc":
        print("FAIL: plugin %s (%s) must have a package of its own" % (n, l))
    if not any(x.split()[:2] == [n, l] for x in lic.splitlines() if x.startswith("  ")):
        print("FAIL: LICENSE does not list plugin %s as %s" % (n, l))
    print("ok", n, l)
PY
check "plugins listed" grep -q "^ok docx MIT" "$GD_TMP/report"
check_eq "no plugin without its licence and package" "" "$(grep FAIL "$GD_TMP/report")"
