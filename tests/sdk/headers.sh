# Public headers compile alone, strictly, as C11 and as C++.
inc_sdk="$GD_SOURCE_DIR/plugin-sdk/include"
inc_core="$GD_SOURCE_DIR/core/include"
for h in govdoc/gd_plugin.h govdoc/gd_types.h govdoc/helpers/error.h govdoc/helpers/zip.h \
    govdoc/helpers/xml.h govdoc/helpers/cjk.h; do
    printf '#include <%s>\nint main(void) { return 0; }\n' "$h" >"$GD_TMP/h.c"
    check "$h as C11" cc -std=c11 -Wall -Wextra -Wpedantic -Werror -I"$inc_sdk" -c "$GD_TMP/h.c" -o "$GD_TMP/h.o"
    cp "$GD_TMP/h.c" "$GD_TMP/h.cpp"
    check "$h as C++" c++ -std=c++17 -Wall -Wextra -Werror -I"$inc_sdk" -c "$GD_TMP/h.cpp" -o "$GD_TMP/h.o"
done
for h in govdoc/govdoc.h govdoc/gd_api.h govdoc/gd_registry.h govdoc/gd_convert.h govdoc/gd_report.h; do
    printf '#include <%s>\nint main(void) { return 0; }\n' "$h" >"$GD_TMP/h.c"
    check "$h as C11" cc -std=c11 -Wall -Wextra -Wpedantic -Werror -I"$inc_sdk" -I"$inc_core" -c "$GD_TMP/h.c" -o "$GD_TMP/h.o"
    cp "$GD_TMP/h.c" "$GD_TMP/h.cpp"
    check "$h as C++" c++ -std=c++17 -Wall -Wextra -Werror -I"$inc_sdk" -I"$inc_core" -c "$GD_TMP/h.cpp" -o "$GD_TMP/h.o"
done
# a plugin that includes a core header is stopped at compile time
printf '#include <govdoc/gd_plugin.h>\n#include <govdoc/gd_api.h>\n' >"$GD_TMP/bad.c"
check "plugin + core header refused" bash -c "! cc -std=c11 -I'$inc_sdk' -I'$inc_core' -c '$GD_TMP/bad.c' -o '$GD_TMP/bad.o' 2>/dev/null"
