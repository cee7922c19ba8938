# The CLI with refused plugins: --plugin fails clearly; on the search path a
# refused plugin is a warning and the others still load.
fakes=$1
check_exit "--plugin with another major" 9 "$GD_CLI" --plugin "$fakes/govdoc-fake_major2.so" formats
check_eq "one line of error" 1 "$(wc -l <"$GD_TMP/last.err")"
check_contains "names the file" "$GD_TMP/last.err" "govdoc-fake_major2.so"
check_contains "names both versions" "$GD_TMP/last.err" "ABI 2.0, this govdoc provides ABI 1.3"

check_exit "search path with bad plugins" 0 env GOVDOC_PLUGIN_PATH="$fakes" "$GD_CLI" formats
check_contains "the good fake is listed" "$GD_TMP/last.out" "fake_good"
check_contains "the built-in json writer still loads" "$GD_TMP/last.out" "plugin: json"
check_contains "refusal warned" "$GD_TMP/last.err" "govdoc-fake_noentry.so: not a govdoc plugin"
check_contains "short struct warned" "$GD_TMP/last.err" "govdoc-fake_short.so: plugin refused"

# never the current directory: a relative path entry is ignored
cd "$fakes"
check_exit "relative GOVDOC_PLUGIN_PATH" 0 env GOVDOC_PLUGIN_PATH=. "$GD_CLI" formats
check "relative entry not loaded" bash -c "! grep -q fake_good '$GD_TMP/last.out'"
check_contains "relative entry reported" "$GD_TMP/last.err" "not an absolute path"
