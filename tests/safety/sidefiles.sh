# HTML side files (<page>_files/) are written into a temporary folder that
# is renamed into place with the page; a symlinked folder is refused; a
# failure leaves nothing behind and the previous folder as it was.
plugin=$1
T=$GD_TMP
python3 - "$T/img.html" <<'PY'
import base64, struct, sys, zlib
def png(w, h):
    raw = b"".join(b"\0" + b"\xff\0\0" * w for _ in range(h))
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
b = base64.b64encode(png(3, 2)).decode()
open(sys.argv[1], "w").write(
    '<html><body><p>图</p><p><img src="data:image/png;base64,%s" alt="a"></p></body></html>' % b)
PY
html() { "$GD_CLI" convert "$T/img.html" -O html.images=files -o "$1"; }
temporaries() { ls -A "$1" | grep -c govdoc-tmp || true; }

mkdir "$T/a"
check_exit "images=files" 0 html "$T/a/page.html"
check "the side file" test -f "$T/a/page_files/res1.png"
check_contains "the page refers to it" "$T/a/page.html" 'src="page_files/res1.png"'
check_eq "no temporary left" 0 "$(temporaries "$T/a")"

# an existing folder is replaced as a whole (its mode kept)
touch "$T/a/page_files/old.png"
chmod 0750 "$T/a/page_files"
check_exit "again, over the old folder" 0 html "$T/a/page.html"
check "the new side file" test -f "$T/a/page_files/res1.png"
check "the old folder's content is gone" test ! -e "$T/a/page_files/old.png"
check_eq "the folder's mode kept" 750 "$(stat -c %a "$T/a/page_files")"
check_eq "no temporary left" 0 "$(temporaries "$T/a")"

# a symlinked side-file folder is refused: nothing written through it
mkdir "$T/b" "$T/elsewhere"
ln -s "$T/elsewhere" "$T/b/page_files"
check_exit "symlinked side folder" 8 html "$T/b/page.html"
check_contains "says why" "$T/last.err" "is a symbolic link"
check_eq "nothing written through the link" 0 "$(ls -A "$T/elsewhere" | wc -l)"
check "the link is still a link" test -L "$T/b/page_files"
check "no page" test ! -e "$T/b/page.html"
check_eq "no temporary left" 0 "$(temporaries "$T/b")"
# a file where the folder would go
mkdir "$T/c"
touch "$T/c/page_files"
check_exit "a file named like the folder" 8 html "$T/c/page.html"
check_contains "says why" "$T/last.err" "is not a directory"

# a failure after side files were written: nothing left, the old folder kept
mkdir "$T/plug" "$T/d"
cp "$plugin" "$T/plug/"
blk() { "$GD_CLI" --plugin "$T/plug/govdoc-block.so" convert "$T/img.html" -t block -O block.side=true "$@"; }
check_exit "a writer failing after its side file" 8 blk -O block.fail=true -o "$T/d/x.blk"
check_eq "nothing at all left" 0 "$(ls -A "$T/d" | wc -l)"
mkdir "$T/d/x.blk_files"
echo previous >"$T/d/x.blk_files/side.txt"
echo previous >"$T/d/x.blk"
check_exit "failing over a previous output" 8 blk -O block.fail=true -o "$T/d/x.blk"
check_eq "the previous page kept" previous "$(cat "$T/d/x.blk")"
check_eq "the previous folder kept" previous "$(cat "$T/d/x.blk_files/side.txt")"
check_eq "no temporary left" 0 "$(temporaries "$T/d")"
check_exit "succeeding over it" 0 blk -o "$T/d/x.blk"
check_eq "the page and its folder replaced together" "new side file" "$(cat "$T/d/x.blk_files/side.txt")"
check_contains "the new page" "$T/d/x.blk" complete
check_eq "no temporary left" 0 "$(temporaries "$T/d")"
