# The Debian packages: built with CPack from this build, their contents and
# Depends checked with dpkg-deb, extracted into a fresh root (dpkg-deb -x),
# and used there: the extracted govdoc converts the seed and shows its man
# page; the extracted govdoc-dev builds the ODT reader example, which the
# extracted govdoc then uses. (scripts/deb-chroot.sh does the same with
# `apt install` in a debootstrap chroot, slower.)
pkg="$GD_TMP/pkg"
check "cpack builds the packages" bash -c "cpack --config '$GD_BUILD_DIR/CPackConfig.cmake' -B '$pkg' >'$GD_TMP/cpack.log' 2>&1 || { tail -20 '$GD_TMP/cpack.log'; false; }"
main=$(ls "$pkg"/govdoc_*.deb 2>/dev/null | head -1)
dev=$(ls "$pkg"/govdoc-dev_*.deb 2>/dev/null | head -1)
check "govdoc_*.deb" test -f "$main"
check "govdoc-dev_*.deb" test -f "$dev"
field() { dpkg-deb -f "$1" "$2"; }
ver=$(field "$main" Version)
check_eq "version" "$(sed -n 's/^project(govdoc VERSION \([0-9.]*\).*/\1/p' "$GD_SOURCE_DIR/CMakeLists.txt")-1" "$ver"
deps=$(field "$main" Depends)
for lib in libc6 libdeflate0 libexpat1 libxml2 libjansson4 libuchardet0 libutf8proc2 libharfbuzz; do
    check "govdoc Depends on $lib (computed from the libraries)" grep -q "$lib" <<<"$deps"
done
check "govdoc Depends on libharfbuzz-subset0 (dlopen'd by the PDF writer)" grep -q "libharfbuzz-subset0" <<<"$deps"
check "govdoc Depends on libnettle8 (dlopen'd by batch jobs)" grep -q "libnettle8" <<<"$deps"
check "govdoc Depends on libfontconfig1 (dlopen'd by the PDF writer)" grep -q "libfontconfig1" <<<"$deps"
check "govdoc Depends on libpng16-16 (dlopen'd by the PDF writer)" grep -q "libpng16-16" <<<"$deps"
check "govdoc Depends on zlib1g (dlopen'd by the ZIP helper)" grep -q "zlib1g" <<<"$deps"
check "govdoc does not depend on itself" bash -c "! grep -q 'govdoc' <<<'$deps'"
check_contains "govdoc recommends a Chinese TrueType font" <(field "$main" Recommends) "fonts-arphic-uming"
check_eq "govdoc-dev depends on this govdoc" "govdoc (= $ver), zlib1g-dev, libexpat1-dev, libdeflate-dev, pkg-config" "$(field "$dev" Depends)"
for d in "$pkg"/govdoc-plugin-*.deb; do
    [ -e "$d" ] || continue
    check "$(basename "$d") depends on this govdoc" grep -q "govdoc (= $ver)" <<<"$(field "$d" Depends)"
done

list() { dpkg-deb -c "$1" | awk '{print $6}' | sed 's|^\./|/|'; }
list "$main" >"$GD_TMP/main.list"
list "$dev" >"$GD_TMP/dev.list"
for f in /usr/bin/govdoc /usr/share/man/man1/govdoc.1.gz /usr/share/bash-completion/completions/govdoc \
    /usr/share/doc/govdoc/copyright /usr/share/govdoc/templates/gov-info-annual-report-2021.json; do
    check "govdoc has $f" grep -qx "$f" "$GD_TMP/main.list"
done
check "govdoc has libgovdoc.so.0" grep -qE '/libgovdoc\.so\.0$' "$GD_TMP/main.list"
for p in txt docx html json pdf; do
    check "govdoc has the $p plugin" grep -qE "/govdoc/plugins/govdoc-$p\.so$" "$GD_TMP/main.list"
done
for f in /usr/include/govdoc/gd_plugin.h /usr/include/govdoc/helpers/xml.h /usr/share/man/man7/govdoc-plugin.7.gz \
    /usr/share/doc/govdoc-dev/README.md /usr/share/doc/govdoc-dev/examples/odt/odt_body.c; do
    check "govdoc-dev has $f" grep -qx "$f" "$GD_TMP/dev.list"
done
for f in libgovdoc-plugin-helpers.a libgovdoc.so pkgconfig/govdoc-plugin.pc pkgconfig/govdoc-plugin-helpers.pc \
    cmake/GovdocPlugin/GovdocPluginConfig.cmake; do
    check "govdoc-dev has $f" grep -qE "/lib/(.*/)?$f$" "$GD_TMP/dev.list"
done
check_eq "no file in two packages" "" "$(for d in "$pkg"/*.deb; do list "$d" | grep -v '/$'; done | sort | uniq -d)"
check_eq "nothing under /usr/local" "" "$(for d in "$pkg"/*.deb; do list "$d"; done | grep /usr/local)"

# a fresh root: the packages extracted, nothing else of govdoc
root="$GD_TMP/root"
for d in "$pkg"/*.deb; do check "extract $(basename "$d")" dpkg-deb -x "$d" "$root"; done
G="$root/usr/bin/govdoc"
check_exit "the extracted govdoc runs" 0 env GOVDOC_PLUGIN_PATH= "$G" --version
check_exit "it finds its plugins in the root" 0 env GOVDOC_PLUGIN_PATH= "$G" formats --json
check "its plugins are the root's" python3 -c "
import json, sys
j = json.load(open('$GD_TMP/last.out'))
sys.exit(0 if j['plugins'] and all(p['path'].startswith('$root/') for p in j['plugins']) else 1)"
check_exit "seed → json" 0 env GOVDOC_PLUGIN_PATH= "$G" convert "$GD_SEED_DIR/fenggang-2023.docx" -o "$GD_TMP/seed.json"
check "a report with 200 fields" python3 -c "
import json, sys
r = json.load(open('$GD_TMP/seed.json'))['report']
sys.exit(0 if len(r['fields']) == 200 and r['metadata']['year'] == 2023 else 1)"
check_exit "seed → pdf" 0 env GOVDOC_PLUGIN_PATH= "$G" convert -q "$GD_SEED_DIR/fenggang-2023.docx" -o "$GD_TMP/seed.pdf" -O pdf.date=2024-01-01
check "a PDF" bash -c "head -c 5 '$GD_TMP/seed.pdf' | grep >/dev/null '%PDF-'"
check_exit "validate" 0 env GOVDOC_PLUGIN_PATH= "$G" validate "$GD_SEED_DIR/fenggang-2023.docx"
MANWIDTH=80 man -l "$root/usr/share/man/man1/govdoc.1.gz" 2>"$GD_TMP/man.err" | col -b >"$GD_TMP/man.txt"
check_contains "the man page renders" "$GD_TMP/man.txt" "govdoc convert"
check_eq "the man page renders cleanly" "" "$(cat "$GD_TMP/man.err")"
check "the completion loads" bash -c "source '$root/usr/share/bash-completion/completions/govdoc' && complete -p govdoc"

# the extracted govdoc-dev builds a reader that the extracted govdoc uses
san=""
check "configure the ODT example against the root" bash -c "cmake -S '$root/usr/share/doc/govdoc-dev/examples/odt' \
    -B '$GD_TMP/odt' -DCMAKE_PREFIX_PATH='$root/usr' >/dev/null"
check "build it" bash -c "cmake --build '$GD_TMP/odt' >/dev/null"
check_exit "the extracted govdoc reads ODT with it" 0 env GOVDOC_PLUGIN_PATH="$GD_TMP/odt" "$G" convert \
    "$GD_SOURCE_DIR/tests/sdk/fixtures/fenggang-2023.odt" -o "$GD_TMP/odt.json"
check "the ODT's report equals the DOCX's" python3 "$GD_SOURCE_DIR/tests/sdk/same_model.py" "$GD_TMP/seed.json" "$GD_TMP/odt.json"
export PKG_CONFIG_PATH
PKG_CONFIG_PATH=$(dirname "$(find "$root/usr/lib" -name govdoc-plugin.pc | head -1)")
check "pkg-config against the root" bash -c "cc -std=c11 -shared -fPIC \$(pkg-config --cflags govdoc-plugin) \
    '$root/usr/share/doc/govdoc-dev/examples/stats/stats.c' -Wl,--no-undefined -o '$GD_TMP/govdoc-stats.so'"
check_exit "and it runs" 0 env GOVDOC_PLUGIN_PATH= "$G" --plugin "$GD_TMP/govdoc-stats.so" convert "$GD_SEED_DIR/fenggang-2023.txt" -t stats
check_contains "stats counted" "$GD_TMP/last.out" "tables	3"
