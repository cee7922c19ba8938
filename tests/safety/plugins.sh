# Plugin trust is decided before dlopen: a plugin in a directory others can
# write, a file others can write or own, a symlink, a FIFO named *.so are
# refused with a warning naming the file, and their code never runs (the
# test plugin's constructor would write a marker file). The others load.
plugin=$1
T=$GD_TMP
export GD_MARKER_FILE="$T/marker"
# a directory holding a copy of the plugin, mode 0755, file 0644
mk() {
    mkdir -p "$T/$1"
    chmod 0755 "$T/$1"
    cp "$plugin" "$T/$1/govdoc-block.so"
    chmod 0644 "$T/$1/govdoc-block.so"
}
formats() { env GOVDOC_PLUGIN_PATH="$1" "$GD_CLI" formats; }

# the control: from a trusted directory it loads (and its constructor runs)
mk good
check_exit "trusted directory" 0 formats "$T/good"
check_contains "the plugin is listed" "$T/last.out" "plugin: block"
check "its constructor ran" test -e "$T/marker"
rm -f "$T/marker"

refused() { # refused <what> <plugin dir> <text of the reason>
    check_exit "$1: formats still works" 0 formats "$2"
    check_contains "$1: warned" "$T/last.err" "$3"
    check "$1: not listed" bash -c "! grep -q 'plugin: block' '$T/last.out'"
    check_contains "$1: the others load" "$T/last.out" "plugin: json"
    check "$1: none of its code ran" test ! -e "$T/marker"
    rm -f "$T/marker"
}

mk ww
chmod 0777 "$T/ww"
refused "world-writable directory" "$T/ww" "plugin directory $T/ww refused: directory $T/ww is writable by everyone"
chmod 1777 "$T/ww"
refused "sticky world-writable directory" "$T/ww" "is writable by everyone"
mk gw
chmod 0775 "$T/gw"
refused "group-writable directory" "$T/gw" "is writable by its group"
mk open/inner
chmod 0777 "$T/open"
refused "a directory above writable by everyone" "$T/open/inner" "directory $T/open is writable by everyone"
mk gwfile
chmod 0666 "$T/gwfile/govdoc-block.so"
refused "world-writable file" "$T/gwfile" "$T/gwfile/govdoc-block.so: plugin refused: is writable by everyone"
chmod 0664 "$T/gwfile/govdoc-block.so"
refused "group-writable file" "$T/gwfile" "is writable by its group"
if [ "$(id -u)" = 0 ]; then
    mk other
    chown 4242 "$T/other/govdoc-block.so"
    refused "another user's file" "$T/other" "govdoc-block.so: plugin refused: is owned by uid 4242"
    mk otherdir
    chown 4242 "$T/otherdir"
    refused "another user's directory" "$T/otherdir" "directory $T/otherdir is owned by uid 4242"
else
    echo "not root: the other-owner cases are skipped (chown needs root)"
fi
mkdir -p "$T/link"
ln -s "$T/good/govdoc-block.so" "$T/link/govdoc-block.so"
refused "symlink" "$T/link" "govdoc-block.so: plugin refused: is a symbolic link"

# a FIFO named x.so: never opened for reading (would hang); the kill guard
# of 20 s is not a time limit, a hang would end as 124
mkdir -p "$T/fifo"
mkfifo "$T/fifo/x.so"
check_exit "FIFO x.so" 0 timeout 20 env GOVDOC_PLUGIN_PATH="$T/fifo" "$GD_CLI" formats
check_contains "warned" "$T/last.err" "$T/fifo/x.so: plugin refused: is not a regular file"

# --plugin FILE: the same checks, and a refusal is an error (exit 9)
check_exit "--plugin from a world-writable directory" 9 "$GD_CLI" --plugin "$T/ww/govdoc-block.so" formats
check_contains "names the file and why" "$T/last.err" "$T/ww/govdoc-block.so: plugin refused"
check "its code did not run" test ! -e "$T/marker"
check_exit "--plugin from a trusted directory" 0 "$GD_CLI" --plugin "$T/good/govdoc-block.so" formats
check_contains "loaded" "$T/last.out" "plugin: block"
rm -f "$T/marker"

# messages name the real file, not the /proc/self/fd name it is loaded by
mkdir -p "$T/junk"
printf 'not an ELF file' >"$T/junk/junk.so"
check_exit "a corrupt plugin" 0 formats "$T/junk"
check_contains "names the file" "$T/last.err" "$T/junk/junk.so: cannot load plugin: $T/junk/junk.so"
check "no /proc name" bash -c "! grep -q /proc/self/fd '$T/last.err'"

# many plugins: each is loaded by its own name, never confused with one
# loaded before (glibc matches names before it opens a file; libraries that
# cannot be unloaded keep theirs: $2 is linked -z nodelete)
mkdir -p "$T/many"
chmod 0755 "$T/many"
for i in $(seq -w 1 20); do cp "$2" "$T/many/b$i.so"; done
printf 'not an ELF file' >"$T/many/zz-junk.so"
check_exit "twenty copies and a corrupt one" 0 formats "$T/many"
check_contains "the corrupt one is still seen for what it is" "$T/last.err" "$T/many/zz-junk.so: cannot load plugin: $T/many/zz-junk.so"
check_eq "one block plugin" 1 "$(grep -c 'plugin: block' "$T/last.out")"
