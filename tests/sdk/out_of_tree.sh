# Install govdoc, then build the example plugin against the installed SDK
# alone (CMake package and pkg-config) and use it from the installed CLI.
prefix="$GD_TMP/prefix"
check "install" bash -c "cmake --install '$GD_BUILD_DIR' --prefix '$prefix' >/dev/null"
check "installed CLI finds its plugins" bash -c "'$prefix/bin/govdoc' formats --writers | grep >/dev/null -x json"
check "installed SDK header" test -f "$prefix/include/govdoc/gd_plugin.h"
check "pkg-config file" test -f "$prefix/lib/pkgconfig/govdoc-plugin.pc"

src="$GD_SOURCE_DIR/plugin-sdk/examples/stats"
check "configure example" bash -c "cmake -S '$src' -B '$GD_TMP/ex' -DCMAKE_PREFIX_PATH='$prefix' >/dev/null"
check "build example" bash -c "cmake --build '$GD_TMP/ex' >/dev/null"
so="$GD_TMP/ex/govdoc-stats.so"
check_exit "use it" 0 "$prefix/bin/govdoc" --plugin "$so" convert "$GD_SEED_DIR/fenggang-2023.txt" -t stats
check_contains "tables counted" "$GD_TMP/last.out" "tables	3"
check_contains "headings counted" "$GD_TMP/last.out" "headings	12"
check_exit "its option" 0 "$prefix/bin/govdoc" --plugin "$so" convert "$GD_SEED_DIR/fenggang-2023.txt" -t stats -O stats.separator==
check_contains "option applied" "$GD_TMP/last.out" "tables=3"
check_eq "exports only the entry" "gd_plugin_entry" "$(nm -D --defined-only "$so" | awk '{print $3}')"

# the same with pkg-config and a plain compiler
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
check "pkg-config build" bash -c "cc -std=c11 -Wall -Wextra -Wpedantic -Werror -shared -fPIC \
    \$(pkg-config --cflags govdoc-plugin) -Wl,--no-undefined '$src/stats.c' -o '$GD_TMP/stats2.so'"
check_exit "pkg-config plugin works" 0 "$prefix/bin/govdoc" --plugin "$GD_TMP/stats2.so" formats
check_contains "listed" "$GD_TMP/last.out" "plugin: stats 1.0.0"
