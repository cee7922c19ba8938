# Where outputs land: devices and FIFOs are written, never replaced; an
# existing file keeps its mode and owner; directories, block devices and
# sockets are refused. Device nodes are made in the scratch directory
# (never on the real /dev).
T=$GD_TMP
printf '标题\n\n正文一段。\n' >"$T/in.txt"
root=$([ "$(id -u)" = 0 ] && echo yes || echo no)

# a FIFO: written directly (the reader gets the JSON), still a FIFO
mkfifo "$T/fifo"
timeout 20 cat "$T/fifo" >"$T/fifo.out" &
reader=$!
check_exit "-o FIFO" 0 timeout 20 "$GD_CLI" convert "$T/in.txt" -t json -o "$T/fifo"
wait $reader || true
check "still a FIFO" test -p "$T/fifo"
check_contains "the reader got the document" "$T/fifo.out" '"govdoc"'
check_eq "no temporary file" 0 "$(ls -A "$T" | grep -c govdoc-tmp || true)"

# a failing conversion writes nothing into the FIFO (rendered in memory first)
timeout 20 cat "$T/fifo" >"$T/fifo2.out" &
reader=$!
check_exit "-o FIFO, unusable option" 3 "$GD_CLI" convert "$T/in.txt" -t pdf -O pdf.margins=500 -o "$T/fifo"
# the reader is still waiting: give it an EOF
: >"$T/fifo"
wait $reader || true
check_eq "nothing written on failure" 0 "$(wc -c <"$T/fifo2.out")"

# a character device (null: 1,3; full: 1,7) made here, as root
if [ "$root" = yes ]; then
    mknod "$T/null" c 1 3
    mknod "$T/full" c 1 7
    check_exit "-o a null device" 0 "$GD_CLI" convert "$T/in.txt" -t json -o "$T/null"
    check "still a character device" test -c "$T/null"
    check_eq "no temporary file" 0 "$(ls -A "$T" | grep -c govdoc-tmp || true)"
    check_exit "-o a full device: output error" 8 "$GD_CLI" convert "$T/in.txt" -t json -o "$T/full"
    check_contains "says why" "$T/last.err" "No space left on device"
    check "still a character device" test -c "$T/full"
    # through a symlink, like /dev/stdout
    ln -s "$T/null" "$T/null-link"
    check_exit "-o symlink to a device" 0 "$GD_CLI" convert "$T/in.txt" -t json -o "$T/null-link"
    check "the link is still a link" test -L "$T/null-link"
    check "its device is untouched" test -c "$T/null"
    # a block device is refused (loop0's numbers; never opened)
    mknod "$T/blk" b 7 0
    check_exit "-o a block device" 8 "$GD_CLI" convert "$T/in.txt" -t json -o "$T/blk"
    check_contains "says block device" "$T/last.err" "is a block device"
    check "still a block device" test -b "$T/blk"
else
    echo "not root: character/block device cases skipped (mknod needs root)"
fi

# /dev/stdout: the descriptor, whatever it is (here a regular file). In a
# private mount namespace with a /dev of its own, so a broken govdoc can
# never replace the real /dev/stdout.
if unshare -m true 2>/dev/null; then
    unshare -m bash -c 'mount -t tmpfs govdoc-test /dev && mknod -m 666 /dev/null c 1 3 &&
        ln -s /proc/self/fd/1 /dev/stdout && "$0" convert "$1" -t json -o /dev/stdout >"$2";
        echo "exit $?" >"$3"; test -L /dev/stdout && echo "still a link" >>"$3"' \
        "$GD_CLI" "$T/in.txt" "$T/stdout.json" "$T/ns.txt"
    check_contains "-o /dev/stdout into a file" "$T/ns.txt" "exit 0"
    check_contains "the JSON went to stdout" "$T/stdout.json" '"govdoc"'
    check_contains "/dev/stdout is still a symlink" "$T/ns.txt" "still a link"
else
    echo "no private mount namespace (unshare -m): the /dev/stdout case is skipped"
fi

# a directory is refused before anything is rendered
mkdir "$T/dir.json"
check_exit "-o a directory" 8 "$GD_CLI" convert "$T/in.txt" -o "$T/dir.json"
check_contains "says directory" "$T/last.err" "is a directory"
check "the directory is untouched" test -d "$T/dir.json"

# a socket is refused
python3 -c "import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])" "$T/sock"
check_exit "-o a socket" 8 "$GD_CLI" convert "$T/in.txt" -t json -o "$T/sock"
check_contains "says socket" "$T/last.err" "is a socket"

# replacing a file keeps its permission bits
echo old >"$T/private.json"
chmod 0600 "$T/private.json"
check_exit "replace a 0600 file" 0 "$GD_CLI" convert "$T/in.txt" -o "$T/private.json"
check_eq "mode kept" 600 "$(stat -c %a "$T/private.json")"
check_contains "content replaced" "$T/private.json" '"govdoc"'
echo old >"$T/shared.json"
chmod 0664 "$T/shared.json"
check_exit "replace a 0664 file" 0 "$GD_CLI" convert "$T/in.txt" -o "$T/shared.json"
check_eq "mode kept" 664 "$(stat -c %a "$T/shared.json")"
# set-user-ID is never carried over
echo old >"$T/suid.json"
chmod 4755 "$T/suid.json"
check_exit "replace a setuid file" 0 "$GD_CLI" convert "$T/in.txt" -o "$T/suid.json"
check_eq "setuid dropped, the rest kept" 755 "$(stat -c %a "$T/suid.json")"
# a new file: 0666 & ~umask
(umask 027 && "$GD_CLI" convert "$T/in.txt" -o "$T/new.json")
check_eq "new file from the umask" 640 "$(stat -c %a "$T/new.json")"
# owner and group, as root
if [ "$root" = yes ]; then
    echo old >"$T/owned.json"
    chown 4242:4343 "$T/owned.json"
    chmod 0640 "$T/owned.json"
    check_exit "replace another user's file as root" 0 "$GD_CLI" convert "$T/in.txt" -o "$T/owned.json"
    check_eq "owner and group kept" "4242:4343 640" "$(stat -c '%u:%g %a' "$T/owned.json")"
fi

# hard links: the name given gets the new content, the other keeps the old
echo old >"$T/a.json"
ln "$T/a.json" "$T/b.json"
check_exit "replace a hard-linked file" 0 "$GD_CLI" convert "$T/in.txt" -o "$T/a.json"
check_contains "new content" "$T/a.json" '"govdoc"'
check_eq "the other name keeps the old content" old "$(cat "$T/b.json")"
check_contains "said so" "$T/last.err" "other hard link keeps the old content"

# a symlink to a file: the file is replaced, the link stays
echo old >"$T/target.json"
chmod 0640 "$T/target.json"
ln -s target.json "$T/link.json"
check_exit "-o symlink to a file" 0 "$GD_CLI" convert "$T/in.txt" -o "$T/link.json"
check "still a link" test -L "$T/link.json"
check_contains "the target replaced" "$T/target.json" '"govdoc"'
check_eq "its mode kept" 640 "$(stat -c %a "$T/target.json")"
ln -s nowhere.json "$T/dangling.json"
check_exit "-o dangling symlink" 8 "$GD_CLI" convert "$T/in.txt" -o "$T/dangling.json"
check_contains "says so" "$T/last.err" "symbolic link to a missing file"
check_eq "no temporary file anywhere" 0 "$(ls -A "$T" | grep -c govdoc-tmp || true)"
