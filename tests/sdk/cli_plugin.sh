# govdoc formats --json and govdoc plugin-info: what plugin authors and
# tools read about the installed plugins, and about a plugin file.
fakes="$GD_BUILD_DIR/tests/abi/fakes"
plugins="$GD_BUILD_DIR/lib/govdoc/plugins"

check_exit "formats --json" 0 "$GD_CLI" formats --json
cp "$GD_TMP/last.out" "$GD_TMP/formats.json"
"$GD_CLI" formats --readers >"$GD_TMP/readers.txt"
"$GD_CLI" formats --writers >"$GD_TMP/writers.txt"
check "formats --json content" python3 - "$GD_TMP/formats.json" "$GD_TMP/readers.txt" "$GD_TMP/writers.txt" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
readers = open(sys.argv[2]).read().split()
writers = open(sys.argv[3]).read().split()
bad = []
def need(what, ok):
    if not ok: bad.append(what)
need("same readers as --readers", [h["format"] for h in j["readers"]] == readers)
need("same writers as --writers", [h["format"] for h in j["writers"]] == writers)
need("txt docx html readers", {"txt", "docx", "html"} <= set(readers))
need("json html pdf writers", {"json", "html", "pdf"} <= set(writers))
need("abi x.y", j["abi"].count(".") == 1 and j["govdoc"])
names = {p["name"]: p for p in j["plugins"]}
flags = {h["format"]: h["flags"] for h in j["writers"]}
need("flag names: pdf binary, json layout-source", "binary" in flags.get("pdf", []) and
     "layout-source" in flags.get("json", []) and not any(f.startswith("bit") for v in flags.values() for f in v))
rflags = {h["format"]: h["flags"] for h in j["readers"]}
need("doc reader sandboxed", "sandbox" in rflags.get("doc", []))
need("plugins with paths", all(p["path"].endswith(".so") for p in j["plugins"]))
for h in j["readers"] + j["writers"]:
    for k in ("plugin", "plugin_version", "license", "abi", "extensions", "mime_types", "options", "flags", "rank", "kind"):
        need("%s has %s" % (h["format"], k), k in h)
    need(h["format"] + " plugin listed", h["plugin"] in names)
    for o in h["options"]:
        need(o["option"] + " typed", o["type"] in ("bool", "int", "number", "string", "enum", "path"))
        need(o["option"] + " named plugin.name", o["option"] == h["plugin"] + "." + o["name"])
        need(o["option"] + " has help", bool(o["help"]))
docx = [h for h in j["readers"] if h["format"] == "docx"][0]
tc = [o for o in docx["options"] if o["name"] == "track-changes"][0]
need("docx.track-changes enum", tc["type"] == "enum" and tc["choices"] == ["accept", "reject", "all"] and tc["default"] == "accept")
need("docx probes", docx["probe"] is True and "docx" in docx["extensions"])
need("docx MIME", "application/vnd.openxmlformats-officedocument.wordprocessingml.document" in docx["mime_types"])
pdf = [h for h in j["writers"] if h["format"] == "pdf"][0]
need("pdf is binary", "binary" in pdf["flags"])
need("pdf licence", pdf["license"] == names["pdf"]["license"])
for b in bad: print("FAIL:", b)
sys.exit(1 if bad else 0)
PY
check_exit "formats --json --writers" 0 "$GD_CLI" formats --json --writers
check "only writers" python3 -c "import json,sys; j=json.load(open('$GD_TMP/last.out')); sys.exit(0 if 'readers' not in j and j['writers'] else 1)"

# plugin-info: a good plugin
check_exit "plugin-info docx" 0 "$GD_CLI" plugin-info "$plugins/govdoc-docx.so"
check_contains "verdict" "$GD_TMP/last.out" "verdict:     loads"
check_contains "descriptor" "$GD_TMP/last.out" "plugin:      docx "
check_contains "licence" "$GD_TMP/last.out" "license:     MIT"
check_contains "handler" "$GD_TMP/last.out" "reader docx: "
check_contains "options" "$GD_TMP/last.out" "-O docx.track-changes=accept|reject|all (default accept)"
check_exit "plugin-info --json" 0 "$GD_CLI" plugin-info --json "$plugins/govdoc-pdf.so"
check "plugin-info json" python3 -c "
import json,sys
j=json.load(open('$GD_TMP/last.out'))
ok = j['loadable'] is True and j['problem'] is None and j['name']=='pdf' and j['handlers'][0]['format']=='pdf' \
     and j['abi']==j['govdoc_abi'] and j['struct_size']>=j['struct_size_abi_1_0'] and j['file'].startswith('/')
sys.exit(0 if ok else 1)"

# refusals: each reason, exit 9, one line on stderr
check_exit "major 2" 9 "$GD_CLI" plugin-info "$fakes/govdoc-fake_major2.so"
check_contains "major 2: why" "$GD_TMP/last.out" "verdict:     refused: built for plugin ABI 2.0, this govdoc provides ABI 1."
check_contains "major 2: stderr" "$GD_TMP/last.err" "govdoc-fake_major2.so: plugin refused: built for plugin ABI 2.0"
check_eq "major 2: no descriptor fields shown" 0 "$(grep -c '^plugin:' "$GD_TMP/last.out")"
check_exit "newer minor" 9 "$GD_CLI" plugin-info "$fakes/govdoc-fake_newminor.so"
check_contains "newer minor: why" "$GD_TMP/last.out" "(the plugin needs a newer govdoc)"
check_contains "newer minor: still described" "$GD_TMP/last.out" "plugin:      fake_newminor 1.0"
check_exit "no entry" 9 "$GD_CLI" plugin-info "$fakes/govdoc-fake_noentry.so"
check_contains "no entry: why" "$GD_TMP/last.out" "no gd_plugin_entry symbol"
check_exit "short descriptor" 9 "$GD_CLI" plugin-info --json "$fakes/govdoc-fake_short.so"
check "short: json" python3 -c "
import json,sys
j=json.load(open('$GD_TMP/last.out'))
sys.exit(0 if j['loadable'] is False and 'struct_size 12' in j['problem'] and 'name' not in j else 1)"
printf 'not an ELF file\n' >"$GD_TMP/text.so"
check_exit "not a shared object" 9 "$GD_CLI" plugin-info "$GD_TMP/text.so"
check_contains "not a shared object: why" "$GD_TMP/last.out" "cannot load plugin"
check_exit "missing file" 4 "$GD_CLI" plugin-info "$GD_TMP/none.so"
check_exit "no file given" 3 "$GD_CLI" plugin-info
check_exit "several files: the first failure's code" 9 "$GD_CLI" plugin-info "$fakes/govdoc-fake_good.so" "$fakes/govdoc-fake_major2.so"
check_eq "several files: both described" 2 "$(grep -c '^file:' "$GD_TMP/last.out")"

# a second copy of an installed plugin would be skipped: said so
cp "$plugins/govdoc-json.so" "$GD_TMP/govdoc-json.so"
check_exit "copy of json" 0 "$GD_CLI" plugin-info "$GD_TMP/govdoc-json.so"
check_contains "same name noted" "$GD_TMP/last.out" "a plugin named 'json'"

# a plugin built with newer headers may declare an older minor, and tests
# newer host functions with GD_HOST_HAS
cat >"$GD_TMP/minor.c" <<'C'
#include <govdoc/gd_plugin.h>
static int w(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    (void)ctx, (void)doc;
    return gd_sink_printf(out, "%s\n", GD_HOST_HAS(gd_host, utf8_encode) ? "has" : "lacks");
}
static const gd_format_handler h = {.struct_size = sizeof h, .kind = GD_HANDLER_WRITER,
                                    .format = "minor", .write = w};
static const gd_format_handler *const hs[] = {&h, NULL};
GD_PLUGIN_DEFINE("minor", "1", "declares ABI 1.0", "MIT", hs)
C
inc="$GD_SOURCE_DIR/plugin-sdk/include"
check "declared minor 0 builds" cc -std=c11 -Wall -Werror -shared -fPIC -fvisibility=hidden -I"$inc" \
    -DGD_PLUGIN_MIN_ABI_MINOR=0 "$GD_TMP/minor.c" -o "$GD_TMP/govdoc-minor.so"
check_exit "declared minor 0: plugin-info" 0 "$GD_CLI" plugin-info --json "$GD_TMP/govdoc-minor.so"
check "declared minor 0: recorded" python3 -c "import json,sys; sys.exit(0 if json.load(open('$GD_TMP/last.out'))['abi'] == '1.0' else 1)"
check_exit "declared minor 0: GD_HOST_HAS" 0 "$GD_CLI" --plugin "$GD_TMP/govdoc-minor.so" convert "$GD_SEED_DIR/fenggang-2023.txt" -t minor
check_contains "the current core has the last slot" "$GD_TMP/last.out" "has"
check "a minor newer than the SDK does not compile" bash -c "! cc -std=c11 -shared -fPIC -I'$inc' \
    -DGD_PLUGIN_MIN_ABI_MINOR=99 '$GD_TMP/minor.c' -o '$GD_TMP/x.so' 2>/dev/null"

# trust comes before loading: a file others may write is refused without
# running any of its code (its constructor would leave a mark)
cat >"$GD_TMP/ctor.c" <<'C'
#include <govdoc/gd_plugin.h>
#include <stdio.h>
#include <stdlib.h>
__attribute__((constructor)) static void mark(void)
{
    FILE *f = fopen(getenv("GD_CTOR_MARK"), "w");
    if (f) fclose(f);
}
static int w(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    (void)ctx, (void)doc;
    return gd_sink_printf(out, "x\n");
}
static const gd_format_handler h = {.struct_size = sizeof h, .kind = GD_HANDLER_WRITER,
                                    .format = "ctor", .write = w};
static const gd_format_handler *const hs[] = {&h, NULL};
GD_PLUGIN_DEFINE("ctor", "1", "marks when loaded", "MIT", hs)
C
mkdir -p "$GD_TMP/trust" && chmod 755 "$GD_TMP/trust"
check "constructor plugin builds" cc -std=c11 -Wall -Werror -shared -fPIC -fvisibility=hidden -I"$inc" \
    "$GD_TMP/ctor.c" -o "$GD_TMP/trust/govdoc-ctor.so"
export GD_CTOR_MARK="$GD_TMP/ctor.mark"
chmod 644 "$GD_TMP/trust/govdoc-ctor.so"
check_exit "trusted: loads" 0 "$GD_CLI" plugin-info "$GD_TMP/trust/govdoc-ctor.so"
check "trusted: its constructor ran" test -e "$GD_CTOR_MARK"
rm -f "$GD_CTOR_MARK"
chmod 666 "$GD_TMP/trust/govdoc-ctor.so"
check_exit "writable by everyone: refused" 9 "$GD_CLI" plugin-info --json "$GD_TMP/trust/govdoc-ctor.so"
check "writable by everyone: why" python3 -c "
import json,sys
j=json.load(open('$GD_TMP/last.out'))
sys.exit(0 if j['loadable'] is False and j['problem'] == 'not trusted: is writable by everyone' and 'name' not in j else 1)"
check_contains "writable by everyone: stderr" "$GD_TMP/last.err" "govdoc-ctor.so: not trusted: is writable by everyone"
check "writable by everyone: never loaded" test ! -e "$GD_CTOR_MARK"
chmod 644 "$GD_TMP/trust/govdoc-ctor.so"
chmod 777 "$GD_TMP/trust"
check_exit "directory writable by everyone: refused" 9 "$GD_CLI" plugin-info "$GD_TMP/trust/govdoc-ctor.so"
check_contains "directory writable by everyone: why" "$GD_TMP/last.out" "refused: not trusted: directory"
check "directory writable by everyone: never loaded" test ! -e "$GD_CTOR_MARK"
chmod 755 "$GD_TMP/trust"
