# govdoc(1) is made from the command's help at build time and must say
# everything the help says; both man pages render without warnings.
page="$GD_BUILD_DIR/man/govdoc.1"
check "govdoc.1 built" test -s "$page"
check "govdoc.1.gz built" test -s "$page.gz"
check "govdoc-plugin.7.gz built" test -s "$GD_BUILD_DIR/man/govdoc-plugin.7.gz"
# regenerated from the binary now: identical (the page cannot lag the help)
check "the page is current" sh "$GD_SOURCE_DIR/packaging/man/make_man.sh" "$GD_CLI" \
    "$GD_SOURCE_DIR/packaging/man/govdoc.1.in" "$GD_TMP/govdoc.1" 0.1.0
ver=$(sed -n 's/^.TH GOVDOC 1 "" "govdoc \([^"]*\)".*/\1/p' "$page")
sed -i "s/^.TH GOVDOC 1 \"\" \"govdoc 0.1.0\"/.TH GOVDOC 1 \"\" \"govdoc $ver\"/" "$GD_TMP/govdoc.1"
check "the installed page equals a fresh one" cmp -s "$page" "$GD_TMP/govdoc.1"

render() { # render PAGE OUT: man -l with groff warnings on
    MANWIDTH=100 man --warnings=all -l "$1" 2>"$2.err" | col -b >"$2"
}
render "$page.gz" "$GD_TMP/govdoc.txt"
check_eq "govdoc(1) renders without warnings" "" "$(cat "$GD_TMP/govdoc.txt.err")"
render "$GD_BUILD_DIR/man/govdoc-plugin.7.gz" "$GD_TMP/plugin.txt"
check_eq "govdoc-plugin(7) renders without warnings" "" "$(cat "$GD_TMP/plugin.txt.err")"
for w in gd_plugin_entry GD_PLUGIN_DEFINE GD_HOST_HAS GD_PLUGIN_MIN_ABI_MINOR "plugin-info" \
    "govdoc-plugin-helpers" "gd_report_canonical" "GD_HANDLER_SANDBOX"; do
    check_contains "govdoc-plugin(7) mentions $w" "$GD_TMP/plugin.txt" "$w"
done

# every command of the usage lines has a section; every option of every
# help text is in the page
"$GD_CLI" --help >"$GD_TMP/help"
cmds=$(sed -nE 's/^(usage:)? +govdoc ([a-z][a-z-]*).*/\2/p' "$GD_TMP/help" | sort -u)
check "commands found in the help" test -n "$cmds"
for c in $cmds; do
    check_contains "section for govdoc $c" "$page" ".SS \"govdoc $c\""
    "$GD_CLI" "$c" --help >>"$GD_TMP/help" 2>/dev/null || true
done
for o in $(grep -oE -- '--[a-z][a-z-]+' "$GD_TMP/help" | sort -u); do
    check_contains "option $o in the page" "$GD_TMP/govdoc.txt" "$o"
done
for c in 0 3 4 5 6 7 8 9 10 70; do
    check "exit code $c in the page" grep -qE "(^|[ ,])$c " "$GD_TMP/govdoc.txt"
done
