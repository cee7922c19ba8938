# Every built plugin exports exactly one symbol: gd_plugin_entry.
n=0
for so in "$GD_BUILD_DIR"/lib/govdoc/plugins/*.so; do
    n=$((n + 1))
    syms=$(nm -D --defined-only "$so" | awk '{print $3}' | sort | tr '\n' ' ')
    check_eq "exports of $(basename "$so")" "gd_plugin_entry " "$syms"
    # and needs nothing from the core library
    check "$(basename "$so") does not link libgovdoc" bash -c "! ldd '$so' | grep >/dev/null libgovdoc"
done
check "plugins were built" test "$n" -ge 3
