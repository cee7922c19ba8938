# The example plugins (plugin-sdk/examples/odt, markdown), built ONLY
# against an installed SDK: govdoc is installed into a temporary prefix,
# each example is built out of tree with CMake's find_package and with
# pkg-config and a plain compiler, put on GOVDOC_PLUGIN_PATH, and used by
# the installed govdoc on the seed and on fixtures with real numbers.
here=$(dirname "${BASH_SOURCE[0]}")
ex="$GD_SOURCE_DIR/plugin-sdk/examples"
prefix="$GD_TMP/prefix"
G="$prefix/bin/govdoc"
check "install into a temporary prefix" bash -c "cmake --install '$GD_BUILD_DIR' --prefix '$prefix' >/dev/null"
check "helper library installed" test -f "$prefix/lib/libgovdoc-plugin-helpers.a"
check "helper headers installed" test -f "$prefix/include/govdoc/helpers/xml.h"
check "helper pkg-config file" test -f "$prefix/lib/pkgconfig/govdoc-plugin-helpers.pc"
# a sanitizer build installs an instrumented helper library: plugins built
# with it need the same flags
san=""
grep -q '^GD_SANITIZE:BOOL=ON' "$GD_BUILD_DIR/CMakeCache.txt" && san="-fsanitize=address,undefined"
flags="-Wall -Wextra -Wpedantic -Wshadow -Werror $san"

cm="$GD_TMP/cmake-plugins"
pc="$GD_TMP/pkgconfig-plugins"
mkdir -p "$cm" "$pc"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
for name in odt markdown; do
    check "$name: configure with find_package" bash -c "cmake -S '$ex/$name' -B '$GD_TMP/b-$name' \
        -DCMAKE_PREFIX_PATH='$prefix' -DCMAKE_C_FLAGS='$flags' -DCMAKE_MODULE_LINKER_FLAGS='$san' >/dev/null"
    check "$name: build with CMake" bash -c "cmake --build '$GD_TMP/b-$name' >/dev/null"
    cp "$GD_TMP/b-$name/govdoc-$name.so" "$cm/" 2>/dev/null
    check_eq "$name: exports only the entry" "gd_plugin_entry" \
        "$(nm -D --defined-only "$cm/govdoc-$name.so" | awk '{print $3}')"
    check "$name: build with pkg-config" bash -c "cc -std=c11 $flags -shared -fPIC \
        \$(pkg-config --cflags govdoc-plugin-helpers) '$ex/$name'/*.c \
        \$(pkg-config --libs govdoc-plugin-helpers) -Wl,--no-undefined $san -o '$pc/govdoc-$name.so'"
done
check_exit "the plugins load" 0 env GOVDOC_PLUGIN_PATH="$cm" "$G" formats --json
check "formats lists odt and markdown" python3 -c "
import json, sys
j = json.load(open('$GD_TMP/last.out'))
r = {h['format']: h for h in j['readers']}; w = {h['format']: h for h in j['writers']}
ok = 'odt' in r and 'markdown' in w and r['odt']['license'] == 'MIT' and \
     {o['name'] for o in r['odt']['options']} == {'detect-title', 'numbering'} and \
     'fodt' in r['odt']['extensions'] and 'md' in w['markdown']['extensions']
sys.exit(0 if ok else 1)"
check_exit "plugin-info odt" 0 "$G" plugin-info "$cm/govdoc-odt.so"

run() { # run NAME PLUGINDIR ARGS...: converts with the installed govdoc
    local dir=$1
    shift
    env GOVDOC_PLUGIN_PATH="$dir" "$G" "$@"
}

# ---- the seed: the ODT gives the DOCX's report model ----
odt="$here/fixtures/fenggang-2023.odt"
check_exit "seed docx → json" 0 "$G" convert "$GD_SEED_DIR/fenggang-2023.docx" -o "$GD_TMP/seed-docx.json"
for kind in cm pc; do
    dir=$cm
    [ $kind = pc ] && dir=$pc
    check_exit "seed odt → json ($kind)" 0 run "$dir" convert "$odt" -o "$GD_TMP/seed-odt-$kind.json"
    check_eq "seed odt: no warnings ($kind)" "" "$(cat "$GD_TMP/last.err")"
done
check "both builds give the same document" cmp -s "$GD_TMP/seed-odt-cm.json" "$GD_TMP/seed-odt-pc.json"
check "seed: same report model as the DOCX" python3 "$here/same_model.py" "$GD_TMP/seed-docx.json" "$GD_TMP/seed-odt-cm.json" --same-tree

# ---- report fixtures with real numbers, written as ODT ----
for f in good bad-balance; do
    src="$GD_SOURCE_DIR/tests/report/fixtures/$f.docx"
    check_exit "$f.docx → json" 0 "$G" convert "$src" -o "$GD_TMP/$f-docx.json"
    check "$f: written as ODT" python3 "$here/mkodt.py" from-json "$GD_TMP/$f-docx.json" "$GD_TMP/$f.odt"
    check_exit "$f.odt → json" 0 run "$cm" convert "$GD_TMP/$f.odt" -o "$GD_TMP/$f-odt.json"
    check "$f: same report model as the DOCX" python3 "$here/same_model.py" "$GD_TMP/$f-docx.json" "$GD_TMP/$f-odt.json"
done
check "good: real numbers" python3 -c "
import json, sys
f = json.load(open('$GD_TMP/good-odt.json'))['report']['fields']
sys.exit(0 if f['requests.new.total'] == 32 and f['proactive.licensing.decisions'] == 1234 and f['proactive.fees.amount'] == 12.5 else 1)"
check "bad-balance: the failed checks survive" python3 -c "
import json, sys
c = json.load(open('$GD_TMP/bad-balance-odt.json'))['report']['checks']
sys.exit(0 if sorted(x['rule'] for x in c if not x['ok']) == ['prose.requests', 'sum.balance', 'sum.balance'] else 1)"

# ---- every feature of the reader ----
check "features fixture" python3 "$here/mkodt.py" features "$GD_TMP/f.odt"
check "flat fixture" python3 "$here/mkodt.py" flat "$GD_TMP/f.fodt"
check_exit "features → json" 0 run "$cm" convert "$GD_TMP/f.odt" -o "$GD_TMP/f.json"
check_contains "shapes without text: one warning" "$GD_TMP/last.err" "drawing shapes are not converted"
check "features read" python3 "$here/odt_features.py" "$GD_TMP/f.json"
check_exit "flat → json (chosen by content)" 0 run "$cm" convert "$GD_TMP/f.fodt" -o "$GD_TMP/ff.json"
check "flat ODT reads as the package" python3 -c "
import json, sys
a = json.load(open('$GD_TMP/f.json')); b = json.load(open('$GD_TMP/ff.json'))
ok = a['blocks'] == b['blocks'] and [r['mime'] for r in b['resources']] == ['image/png']
sys.exit(0 if ok else 1)"
check_exit "detect-title=false" 0 run "$cm" convert -O odt.detect-title=false "$GD_TMP/f.odt" -o "$GD_TMP/nt.json"
check "no title heading then" python3 -c "
import json, sys
b = json.load(open('$GD_TMP/nt.json'))['blocks']
sys.exit(0 if b[0]['type'] == 'paragraph' and b[1]['type'] == 'paragraph' else 1)"
check_exit "numbering=text" 0 run "$cm" convert -O odt.numbering=text "$GD_TMP/f.odt" -o "$GD_TMP/nx.json"
check_contains "bullets as text" "$GD_TMP/nx.json" '"text": "• bullet one"'
check_contains "decimals as text" "$GD_TMP/nx.json" '"text": "3. three"'

# ---- errors: one line, the right exit code ----
bad() { # bad KIND EXIT TEXT
    python3 "$here/mkodt.py" bad "$1" "$GD_TMP/bad-$1.odt"
    check_exit "bad $1: exit $2" "$2" run "$cm" convert "$GD_TMP/bad-$1.odt" -f odt -o "$GD_TMP/bad-$1.json"
    check_contains "bad $1: says why" "$GD_TMP/last.err" "$3"
    check "bad $1: no output" test ! -e "$GD_TMP/bad-$1.json"
}
bad encrypted 6 "encrypted document"
bad ods 6 "spreadsheet"
bad nocontent 5 "content.xml is missing"
bad badxml 5 "content.xml: malformed XML at line"
bad doctype 5 "DOCTYPE declarations are not allowed"
bad bomb 7 "content.xml"
python3 "$here/mkodt.py" bad badstyles "$GD_TMP/bs.odt"
check_exit "malformed styles.xml: still converts" 0 run "$cm" convert "$GD_TMP/bs.odt" -o "$GD_TMP/bs.json"
check_contains "malformed styles.xml: a warning" "$GD_TMP/last.err" "styles.xml skipped: styles.xml: malformed XML"
check_exit "an .ods is not taken for a .docx" 6 run "$cm" convert "$GD_TMP/bad-ods.odt" -o "$GD_TMP/x.json"

# ---- the Markdown writer ----
both="$cm"
check_exit "seed → markdown" 0 run "$both" convert "$GD_SEED_DIR/fenggang-2023.docx" -o "$GD_TMP/seed.md"
check_exit "seed odt → markdown (both examples)" 0 run "$both" convert "$odt" -t markdown -o "$GD_TMP/seed-odt.md"
check "the ODT gives the same Markdown" cmp -s "$GD_TMP/seed.md" "$GD_TMP/seed-odt.md"
check_exit "good → markdown" 0 run "$both" convert "$GD_SOURCE_DIR/tests/report/fixtures/good.docx" -o "$GD_TMP/good.md"
check_exit "features → markdown" 0 run "$both" convert "$GD_TMP/f.odt" -o "$GD_TMP/f.md"
check_exit "spans=repeat" 0 run "$both" convert -O markdown.spans=repeat "$GD_TMP/f.odt" -o "$GD_TMP/frep.md"
check_exit "images=drop" 0 run "$both" convert -O markdown.images=drop "$GD_TMP/f.odt" -o "$GD_TMP/fdrop.md"
check_exit "layout=source" 0 run "$both" convert -O markdown.layout=source "$GD_SOURCE_DIR/tests/report/fixtures/good.docx" -o "$GD_TMP/good-source.md"
check "markdown read back by pandoc" python3 "$here/md_check.py" "$GD_TMP" "$GD_TMP/good-docx.json"
