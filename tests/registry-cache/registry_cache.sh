# The registry cache and lazy plugin loading (issue 16, README "Plugin
# loading and the registry cache"): the cache is written on the first run,
# later runs load only the plugins they use (GOVDOC_DEBUG=plugins lists each
# plugin really loaded), every output is byte-identical to a run without
# the cache, and anything changed, corrupt or untrusted falls back to
# loading everything.
# Arguments: the test plugin "rc" built as variant 1 and as variant 2; the
# plugin "rcdep" and the library it needs.
V1=$1
V2=$2
DEP_PLUGIN=$3
DEP_LIB=$4
API=$5
T=$GD_TMP
S=$GD_SOURCE_DIR/samples
PD=$GD_BUILD_DIR/lib/govdoc/plugins
export XDG_CACHE_HOME=$T/xdg
export SOURCE_DATE_EPOCH=1706659200
unset GOVDOC_REGISTRY_CACHE GOVDOC_DEBUG
nplugins=$(find "$PD" -maxdepth 1 -name '*.so' | wc -l)
check "the build tree has plugins" test "$nplugins" -gt 3

cache_file() { find "$XDG_CACHE_HOME/govdoc" -maxdepth 1 -name 'registry-abi*.json' 2>/dev/null | head -1; }
# the plugin files a run loaded (from its stderr), sorted, space separated
loads() { grep -F 'govdoc: debug: plugin loaded: ' "$1" | sed 's|.*/||' | sort | tr '\n' ' ' | sed 's/ $//'; }
run() { # run <tag> <govdoc args...>: GOVDOC_DEBUG=plugins, stderr in $T/<tag>.err
    local tag=$1
    shift
    GOVDOC_DEBUG=plugins "$GD_CLI" "$@" 2>"$T/$tag.err"
}
off() { GOVDOC_REGISTRY_CACHE=off "$GD_CLI" "$@"; }
nodebug() { grep -v '^govdoc: debug: ' "$1" || true; }

# ---- 1. the first run writes the cache, after loading everything ----
check "first run" run first convert "$S/fenggang-2023.docx" -o "$T/first.json"
C=$(cache_file)
check "cache file written under XDG_CACHE_HOME/govdoc" test -n "$C" -a -f "$C"
check_eq "cache file mode" 600 "$(stat -c %a "$C" 2>/dev/null)"
check_eq "cache directory mode" 700 "$(stat -c %a "$XDG_CACHE_HOME/govdoc")"
check_contains "cache records the build plugin directory" "$C" "$(realpath "$PD")"
check_eq "first run loads every plugin once" "$nplugins" \
    "$(grep -c 'govdoc: debug: plugin loaded: ' "$T/first.err")"

# ---- 2. later runs load only what they use ----
check "docx->pdf" run pdf convert "$S/fenggang-2023.docx" -o "$T/c.pdf"
check_eq "docx->pdf loads docx and pdf only" "govdoc-docx.so govdoc-pdf.so" "$(loads "$T/pdf.err")"
check_contains "docx->pdf used the cache" "$T/pdf.err" "from the registry cache"
check "docx->json" run json convert "$S/fenggang-2023.docx" -o "$T/c.json"
check_eq "docx->json loads docx and json only" "govdoc-docx.so govdoc-json.so" \
    "$(loads "$T/json.err")"
check "txt->json" run txt convert "$S/fenggang-2023.txt" -o "$T/t.json"
check "txt->json loads the txt reader" grep -q 'plugin loaded: .*govdoc-txt.so' "$T/txt.err"
check "txt->json loads no PDF writer" bash -c "! grep -q 'govdoc-pdf.so' '$T/txt.err'"
check "-f docx loads no other reader" run from convert -f docx "$S/fenggang-2023.docx" -o "$T/f.json"
check_eq "-f docx loads docx and json" "govdoc-docx.so govdoc-json.so" "$(loads "$T/from.err")"
check "-O pdf.* loads the plugins the option may be for" \
    run opt convert "$S/fenggang-2023.docx" -o "$T/o.pdf" -O pdf.page-size=a5
check "-O pdf.page-size loads no doc reader" bash -c "! grep -q 'govdoc-doc.so' '$T/opt.err'"

# ---- 3. byte-identical to loading everything ----
for in in fenggang-2023.docx fenggang-2023.txt fenggang-2023.gb18030.txt fenggang-2023.html \
    example-sums-do-not-add-up.txt; do
    for fmt in json html pdf; do
        out=$T/same-$in.$fmt
        "$GD_CLI" convert "$S/$in" -t "$fmt" -o "$out.on" 2>"$out.on.err" || true
        off convert "$S/$in" -t "$fmt" -o "$out.off" 2>"$out.off.err" || true
        check "$in -> $fmt: same bytes with and without the cache" cmp -s "$out.on" "$out.off"
        check "$in -> $fmt: same messages" cmp -s "$out.on.err" "$out.off.err"
        check "$in -> $fmt: output not empty" test -s "$out.on"
    done
done
for cmd in "formats" "formats --json" "formats --readers"; do
    # shellcheck disable=SC2086
    "$GD_CLI" $cmd >"$T/l.on"
    # shellcheck disable=SC2086
    off $cmd >"$T/l.off"
    check "govdoc $cmd: same listing" cmp -s "$T/l.on" "$T/l.off"
done
"$GD_CLI" formats >"$T/l.on"
check_contains "formats lists every plugin (doc reader)" "$T/l.on" "plugin: doc "

# --plugin with a file of the build tree: that directory's plugins collide,
# it is loaded fully, and its record stays for the next run
check "--plugin with a build-tree plugin" \
    run pl convert --plugin "$PD/govdoc-txt.so" "$S/fenggang-2023.txt" -o "$T/pl.json"
off convert --plugin "$PD/govdoc-txt.so" "$S/fenggang-2023.txt" -o "$T/pl.off.json" 2>/dev/null
check "--plugin: same output as without the cache" cmp -s "$T/pl.json" "$T/pl.off.json"
check_contains "--plugin: the build tree collides" "$T/pl.err" \
    "cache not usable: a plugin of that name is already registered"
check "after --plugin" run pl2 convert "$S/fenggang-2023.docx" -o "$T/pl2.json"
check_contains "--plugin did not make the cache forget the build tree" "$T/pl2.err" \
    "plugins of $PD: from the registry cache"

# a .doc that is really a DOCX: detected as without the cache
cp "$S/fenggang-2023.docx" "$T/renamed.doc"
check "renamed .doc" run renamed convert "$T/renamed.doc" -o "$T/renamed.on.json"
off convert "$T/renamed.doc" -o "$T/renamed.off.json" 2>/dev/null
check "renamed .doc: same as without the cache" cmp -s "$T/renamed.on.json" "$T/renamed.off.json"
off convert -f docx "$T/renamed.doc" -o "$T/renamed.f.json" 2>/dev/null
check "renamed .doc: read as docx" cmp -s "$T/renamed.on.json" "$T/renamed.f.json"
# (the .doc reader claims the extension, but its signatures rule a ZIP out)
check "renamed .doc: the docx reader loaded" grep -q 'govdoc-docx.so' "$T/renamed.err"
check "renamed .doc: the .doc reader not loaded" bash -c "! grep -q 'govdoc-doc.so' '$T/renamed.err'"

# signatures (ABI 1.2): the readers that declare them (docx, doc, pdf, and
# html: a tag's start in the first 16 KB) are not even loaded for an input
# that lacks them; detection is unchanged
check "txt->pdf" run sig-txt convert "$S/fenggang-2023.txt" -o "$T/sig.pdf"
check_eq "txt->pdf loads no reader the text's bytes rule out" \
    "govdoc-json.so govdoc-pdf.so govdoc-txt.so" "$(loads "$T/sig-txt.err")"
cp "$S/fenggang-2023.html" "$T/html-named.txt"
check "html-named.txt" run html-named convert "$T/html-named.txt" -o "$T/html-named.on.json"
off convert "$T/html-named.txt" -o "$T/html-named.off.json" 2>/dev/null
check "html-named.txt: read as without the cache" cmp -s "$T/html-named.on.json" "$T/html-named.off.json"
check "html-named.txt: the HTML reader loaded" grep -q 'plugin loaded: .*govdoc-html.so' "$T/html-named.err"
iconv -f UTF-8 -t UTF-16LE "$S/fenggang-2023.html" >"$T/utf16-named.txt"
check "utf16-named.txt" run utf16-named convert "$T/utf16-named.txt" -o "$T/utf16-named.on.json"
off convert "$T/utf16-named.txt" -o "$T/utf16-named.off.json" 2>/dev/null
check "utf16-named.txt: read as without the cache" cmp -s "$T/utf16-named.on.json" "$T/utf16-named.off.json"
check "utf16-named.txt: the HTML reader loaded" grep -q 'plugin loaded: .*govdoc-html.so' "$T/utf16-named.err"
C=$GD_CORPORA_DIR
cp "$S/fenggang-2023.docx" "$T/docx-named.txt"
{ printf 'forty bytes of junk before the header..\n'; cat "$C/pdf/pdfplumber/issue-461-example.pdf"; } >"$T/pdf-named.txt"
cp "$C/doc/textract-node/doc_space.doc" "$T/doc-named.txt"
for f in docx-named pdf-named doc-named; do
    fmt=${f%-named}
    want=govdoc-$fmt.so
    [ "$fmt" = pdf ] && want=govdoc-pdfin.so
    check "$f.txt" run "$f" convert "$T/$f.txt" -o "$T/$f.on.json"
    off convert "$T/$f.txt" -o "$T/$f.off.json" 2>/dev/null
    check "$f.txt: read as without the cache" cmp -s "$T/$f.on.json" "$T/$f.off.json"
    check "$f.txt: not read as text" bash -c "grep -q '\"source-format\": \"$fmt\"' '$T/$f.on.json'"
    check "$f.txt: its reader loaded ($want)" grep -q "plugin loaded: .*$want" "$T/$f.err"
done
check "docx-named.txt: the .doc and PDF readers not loaded" \
    bash -c "! grep -qE 'govdoc-(doc|pdfin)\.so' '$T/docx-named.err'"
# a cache whose signatures are malformed is ignored (everything loads)
C2=$(cache_file)
python3 - "$C2" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
for plugins in j["dirs"].values():
    for p in plugins:
        for h in p["handlers"]:
            if "sig" in h:
                h["sig"] = [[0, 0, "zz"]]
json.dump(j, open(sys.argv[1], "w"))
PY
check "malformed signatures" run badsig convert "$S/fenggang-2023.txt" -o "$T/badsig.json"
check "malformed signatures: every plugin loaded" grep -q 'govdoc-pdfin.so' "$T/badsig.err"

# batch: the parent loads everything before forking; same outputs
mkdir -p "$T/bin"
cp "$S/fenggang-2023.docx" "$T/bin/a.docx"
cp "$S/fenggang-2023.txt" "$T/bin/b.txt"
"$GD_CLI" batch -q -o "$T/b.on" -t json,pdf "$T/bin" >/dev/null 2>&1
off batch -q -o "$T/b.off" -t json,pdf "$T/bin" >/dev/null 2>&1
for f in a.json a.pdf b.json b.pdf; do
    check "batch $f written" test -s "$T/b.on/$f"
    check "batch $f: same with and without the cache" cmp -s "$T/b.on/$f" "$T/b.off/$f"
done

# the API, question by question (tests/registry-cache/test_lazy.c): a lazy
# registry says what a full one says, messages and info notes included
probe_inputs=("$S/fenggang-2023.docx" "$S/fenggang-2023.txt" "$S/fenggang-2023.html"
    "$S/fenggang-2023.gb18030.txt" "$T/renamed.doc" "$T/c.pdf" "$T/c.json")
rm -rf "$XDG_CACHE_HOME"
GOVDOC_REGISTRY_CACHE=off "$API" "${probe_inputs[@]}" >"$T/api.off"
"$API" "${probe_inputs[@]}" >"$T/api.writing"
GOVDOC_DEBUG=plugins "$API" "${probe_inputs[@]}" >"$T/api.lazy" 2>"$T/api.err"
check "API: the lazy run used the cache" grep -q "from the registry cache" "$T/api.err"
check "API: the lazy run loaded plugins on demand (docx before pdfin)" python3 -c "
import sys
l = [x for x in open('$T/api.err') if 'plugin loaded' in x]
sys.exit(not (l and 'govdoc-docx.so' in l[0]))"
check "API: the description is not empty" grep -q '^find 0 docx -> docx reader (docx)' "$T/api.off"
check "API: probes are in it" grep -q '^score 100 .*fenggang-2023.docx -> docx reader' "$T/api.off"
check "API: the info notes are in it" grep -q 'already loaded from' "$T/api.off"
check "API: writing the cache changes no answer" diff "$T/api.off" "$T/api.writing"
check "API: a lazy registry gives the same answers" diff "$T/api.off" "$T/api.lazy"

# ---- 4. a third-party plugin directory; changes invalidate ----
mkdir -p "$T/third"
cp "$V1" "$T/third/govdoc-rc.so"
chmod 644 "$T/third/govdoc-rc.so"
third() { GOVDOC_PLUGIN_PATH=$T/third run "$@"; }
check "third-party plugin, first run" third rc1 convert "$S/fenggang-2023.docx" -o "$T/r1.rcw"
check_eq "rc variant 1 writes" "rc writer variant 1" "$(cat "$T/r1.rcw")"
check_contains "third-party directory recorded" "$(cache_file)" "$(realpath "$T/third")"
check "third-party plugin, cached" third rc2 convert "$S/fenggang-2023.docx" -o "$T/r2.rcw"
check_contains "third-party directory from the cache" "$T/rc2.err" \
    "plugins of $T/third: from the registry cache"
check_eq "cached: docx and rc loaded" "govdoc-docx.so govdoc-rc.so" "$(loads "$T/rc2.err")"
check_eq "cached: rc writes" "rc writer variant 1" "$(cat "$T/r2.rcw")"
touch "$T/third/govdoc-rc.so"
check "touched plugin" third rc3 convert "$S/fenggang-2023.docx" -o "$T/r3.rcw"
check_contains "touching a plugin invalidates" "$T/rc3.err" \
    "plugins of $T/third: loading all: cache not usable: a plugin changed"
cp "$V2" "$T/third/govdoc-rc.so"
check "replaced plugin" third rc4 convert "$S/fenggang-2023.docx" -o "$T/r4.rcw"
check_contains "replacing a plugin invalidates" "$T/rc4.err" "cache not usable: a plugin changed"
check_eq "the replacement is what runs" "rc writer variant 2" "$(cat "$T/r4.rcw")"
check "replaced plugin, cached again" third rc5 convert "$S/fenggang-2023.docx" -o "$T/r5.rcw"
check_contains "replacement recorded" "$T/rc5.err" "plugins of $T/third: from the registry cache"
check_eq "the replacement is what runs from the cache" "rc writer variant 2" "$(cat "$T/r5.rcw")"
cp "$V1" "$T/third/govdoc-rc-copy.so"
check "added plugin" third rc6 convert "$S/fenggang-2023.docx" -o "$T/r6.rcw"
check_contains "adding a plugin invalidates" "$T/rc6.err" "cache not usable: plugins added or removed"
check "formats with a third-party directory: same as without the cache" \
    bash -c "GOVDOC_PLUGIN_PATH='$T/third' '$GD_CLI' formats >'$T/f.on' &&
             GOVDOC_PLUGIN_PATH='$T/third' GOVDOC_REGISTRY_CACHE=off '$GD_CLI' formats >'$T/f.off' &&
             cmp -s '$T/f.on' '$T/f.off' && grep -q rcw '$T/f.on'"
rm -f "$T/third/govdoc-rc-copy.so"

# a library under an unchanged plugin removed: met when the plugin is needed,
# with the warning a full load gives
mkdir -p "$T/dep/lib"
cp "$DEP_PLUGIN" "$T/dep/govdoc-rcdep.so"
cp "$DEP_LIB" "$T/dep/lib/librcdep.so"
chmod 644 "$T/dep/govdoc-rcdep.so"
dep() { LD_LIBRARY_PATH=$T/dep/lib GOVDOC_PLUGIN_PATH=$T/dep run "$@"; }
check "plugin with a library" dep dep1 convert "$S/fenggang-2023.docx" -o "$T/d1.rcd"
check "plugin with a library, cached" dep dep2 convert "$S/fenggang-2023.docx" -o "$T/d2.rcd"
check_contains "plugin with a library: from the cache" "$T/dep2.err" "plugins of $T/dep: from the registry cache"
check_eq "plugin with a library writes" "rc writer with a library" "$(cat "$T/d2.rcd")"
rm "$T/dep/lib/librcdep.so"
check "library removed, plugin not needed" dep dep3 convert "$S/fenggang-2023.docx" -o "$T/d3.json"
check "library removed, plugin not needed: converts" cmp -s "$T/d3.json" "$T/c.json"
check_exit "library removed, plugin needed: no writer" 3 \
    env LD_LIBRARY_PATH="$T/dep/lib" GOVDOC_PLUGIN_PATH="$T/dep" "$GD_CLI" convert "$S/fenggang-2023.docx" -o "$T/d.rcd"
cp "$T/last.err" "$T/dep4.err"
check_contains "library removed: the full load's warning" "$T/dep4.err" \
    "govdoc: warning: $T/dep/govdoc-rcdep.so: cannot load plugin: librcdep.so"
check_exit "library removed, without the cache" 3 env LD_LIBRARY_PATH="$T/dep/lib" GOVDOC_PLUGIN_PATH="$T/dep" \
    GOVDOC_REGISTRY_CACHE=off "$GD_CLI" convert "$S/fenggang-2023.docx" -o "$T/d.rcd"
# (the same lines; with the cache the warning comes after the error: it is
# met while the output format is chosen)
check "library removed: same messages as without the cache" \
    diff <(sort "$T/dep4.err") <(sort "$T/last.err")
check "library removed: not cached any more" dep dep6 convert "$S/fenggang-2023.docx" -o "$T/d6.json"
check_contains "library removed: warned at once next time" "$T/dep6.err" \
    "plugins of $T/dep: loading all: cache not usable"

# ---- 5. a cache that says something else than the plugin: everything is loaded again ----
python3 - "$(cache_file)" "$(realpath "$PD")" <<'EOF'
import json, sys
path, pd = sys.argv[1], sys.argv[2]
c = json.load(open(path))
for p in c["dirs"][pd]:
    for h in p["handlers"]:
        if h["kind"] == "writer" and h["format"] == "pdf":
            h["flags"] += 4096
json.dump(c, open(path, "w"))
EOF
check "cache lying about the PDF writer" run lie convert "$S/fenggang-2023.docx" -o "$T/lie.pdf"
check_contains "the lie is found when the plugin is loaded" "$T/lie.err" "registry cache out of date"
check "the lie changes nothing in the output" cmp -s "$T/lie.pdf" "$T/same-fenggang-2023.docx.pdf.off"
check "the cache is rewritten with the truth" python3 -c "
import json, sys
c = json.load(open('$(cache_file)'))
sys.exit(any(h['flags'] >= 4096 for p in c['dirs']['$(realpath "$PD")'] for h in p['handlers']))"

# ---- 6. corrupt, truncated, untrusted caches are ignored ----
C=$(cache_file)
printf 'this is not JSON' >"$C"
check "corrupt cache" run corrupt convert "$S/fenggang-2023.docx" -o "$T/corrupt.pdf"
check_contains "corrupt cache ignored" "$T/corrupt.err" "ignored: not valid JSON"
check "corrupt cache: same output" cmp -s "$T/corrupt.pdf" "$T/same-fenggang-2023.docx.pdf.off"
check "corrupt cache replaced by a valid one" python3 -c "import json; json.load(open('$C'))"
head -c 150 "$C" >"$T/trunc" && cat "$T/trunc" >"$C"
check "truncated cache" run trunc convert "$S/fenggang-2023.docx" -o "$T/trunc.pdf"
check_contains "truncated cache ignored" "$T/trunc.err" "ignored: not valid JSON"
check "truncated cache: same output" cmp -s "$T/trunc.pdf" "$T/same-fenggang-2023.docx.pdf.off"
check_eq "truncated cache: every plugin loaded" "$nplugins" \
    "$(grep -c 'govdoc: debug: plugin loaded: ' "$T/trunc.err")"

chmod 666 "$C"
cp "$C" "$T/before-666"
check "group/other-writable cache" run open convert "$S/fenggang-2023.docx" -o "$T/open.pdf"
check_contains "writable cache ignored" "$T/open.err" "ignored: writable by others"
check "writable cache: same output" cmp -s "$T/open.pdf" "$T/same-fenggang-2023.docx.pdf.off"
check_eq "writable cache: every plugin loaded" "$nplugins" \
    "$(grep -c 'govdoc: debug: plugin loaded: ' "$T/open.err")"
check "writable cache: not written to" cmp -s "$C" "$T/before-666"
check_eq "writable cache: mode left alone" 666 "$(stat -c %a "$C")"
chmod 600 "$C"
if [ "$(id -u)" = 0 ]; then
    chown 65534 "$C"
    check "foreign cache" run foreign convert "$S/fenggang-2023.docx" -o "$T/foreign.pdf"
    check_contains "foreign cache ignored" "$T/foreign.err" "ignored: not owned by you"
    check "foreign cache: same output" cmp -s "$T/foreign.pdf" "$T/same-fenggang-2023.docx.pdf.off"
    chown 0 "$C"
fi
rm -f "$C"
chmod 777 "$XDG_CACHE_HOME/govdoc"
check "untrusted cache directory" run opendir convert "$S/fenggang-2023.docx" -o "$T/od.pdf"
check "untrusted cache directory: same output" cmp -s "$T/od.pdf" "$T/same-fenggang-2023.docx.pdf.off"
check "untrusted cache directory: nothing written there" test -z "$(cache_file)"
chmod 700 "$XDG_CACHE_HOME/govdoc"

# ---- 7. GOVDOC_REGISTRY_CACHE: off, or a path ----
rm -rf "$XDG_CACHE_HOME"
check "cache off" off convert "$S/fenggang-2023.docx" -o "$T/off.json"
check "cache off writes nothing" test ! -e "$XDG_CACHE_HOME"
GOVDOC_REGISTRY_CACHE=$T/mine.json "$GD_CLI" convert "$S/fenggang-2023.docx" -o "$T/mine-out.json"
check "GOVDOC_REGISTRY_CACHE=/path writes there" test -f "$T/mine.json"
check "GOVDOC_REGISTRY_CACHE=/path: not in XDG_CACHE_HOME" test ! -e "$XDG_CACHE_HOME"
GOVDOC_REGISTRY_CACHE=$T/mine.json run mine convert "$S/fenggang-2023.docx" -o "$T/mine2.json"
check_eq "GOVDOC_REGISTRY_CACHE=/path is used" "govdoc-docx.so govdoc-json.so" "$(loads "$T/mine.err")"
nodebug "$T/mine.err" >"$T/mine.err2"
check "no message but debug ones" test ! -s "$T/mine.err2"
