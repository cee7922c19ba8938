# Golden IR (govdoc JSON, source paths removed) for PDFs of each kind:
# writer-made, LibreOffice-made, a table across pages, two columns, a
# rotated page. GD_UPDATE_GOLDEN=1 rewrites the files after a deliberate
# change (review the diff).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
J="$GD_SOURCE_DIR/tests/lib/gdjson.py"
for f in seed-govdoc seed-libreoffice two-column rotated good-libreoffice; do
    check_exit "$f converts" 0 "$GD_CLI" convert -o "$GD_TMP/$f.json" "$here/fixtures/$f.pdf"
    python3 "$J" normalize "$GD_TMP/$f.json" "$GD_TMP/$f.norm.json"
    if [ -n "${GD_UPDATE_GOLDEN:-}" ]; then cp "$GD_TMP/$f.norm.json" "$here/golden/$f.json"; fi
    check "$f equals golden/$f.json" diff -u "$here/golden/$f.json" "$GD_TMP/$f.norm.json"
done
