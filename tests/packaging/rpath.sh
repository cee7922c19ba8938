# The built programs, libgovdoc and the plugins search for libraries only
# where they mean to: no empty RPATH entry (the loader reads it as the
# current directory) and nothing relative but $ORIGIN. A library planted in
# the working directory must not be loaded.
elfs=$(find "$GD_BUILD_DIR/bin" "$GD_BUILD_DIR/lib" -maxdepth 3 -type f \( -perm -u+x -o -name '*.so*' \) |
    while read -r f; do [ "$(head -c4 "$f" | od -An -c | tr -d ' ')" = '177ELF' ] && echo "$f"; done)
check "ELF files found" test -n "$elfs"
bad=""
for f in $elfs; do
    path=$(readelf -d "$f" | sed -n 's/.*(\(RUNPATH\|RPATH\)).*\[\(.*\)\]/\2/p')
    [ -z "$path" ] && continue
    IFS=: read -ra parts <<<"$path:"
    for p in "${parts[@]}"; do
        case "$p" in /* | '$ORIGIN'*) ;; *) bad="$bad $(basename "$f")[$path]" ;; esac
    done
done
check_eq "no empty or relative RPATH entry" "" "$bad"
check "govdoc has an RPATH to its libgovdoc" bash -c "readelf -d '$GD_CLI' | grep -q 'ORIGIN/../lib'"
# a decoy for every library govdoc needs, in the working directory: a wrong
# search path would load it and fail on its missing symbols
mkdir -p "$GD_TMP/cwd"
for lib in $(readelf -d "$GD_CLI" "$GD_BUILD_DIR/lib/libgovdoc.so" | sed -n 's/.*NEEDED.*\[\(.*\)\]/\1/p'); do
    cp /lib/x86_64-linux-gnu/libz.so.1 "$GD_TMP/cwd/$lib" 2>/dev/null || cp "$(ldconfig -p | awk '/libz.so.1 /{print $NF; exit}')" "$GD_TMP/cwd/$lib"
done
check "decoys planted" test -n "$(ls "$GD_TMP/cwd")"
check_exit "govdoc runs beside decoy libraries" 0 bash -c "cd '$GD_TMP/cwd' && '$GD_CLI' --version"
