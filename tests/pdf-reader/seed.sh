# The seed report as PDF (govdoc's writer, LibreOffice, the writer's
# standard layout, and a copy with every page turned by /Rotate 90) gives
# the seed's text, headings, tables with the template's spans (TEMPLATE.md
# §2), and the same report model — all 200 fields, metadata and findings —
# as the seed .docx.
here=$(dirname "${BASH_SOURCE[0]}")
F="$here/fixtures"
D="$GD_SOURCE_DIR/tests/docx"
check_exit "seed .docx converts" 0 "$GD_CLI" convert -o "$GD_TMP/docx.json" "$GD_SEED_DIR/fenggang-2023.docx"
for f in seed-govdoc seed-libreoffice rotated; do
    check_exit "$f converts" 0 "$GD_CLI" convert -o "$GD_TMP/$f.json" "$F/$f.pdf"
    # The structure checks of the .docx test; only its font check is about
    # DOCX (a PDF names the font the maker embedded).
    python3 "$D/seed_check.py" "$GD_TMP/$f.json" "$GD_SEED_DIR/fenggang-2023.txt" >"$GD_TMP/$f.out" || true
    check_eq "$f: seed structure as from the .docx ($(grep FAIL "$GD_TMP/$f.out" | head -3))" \
        "FAIL: East-Asian font kept on text" "$(grep FAIL "$GD_TMP/$f.out" | sed 's/ (.*//')"
    check "$f: report model equals the .docx's" python3 "$D/report_check.py" "$GD_TMP/$f.json" "$GD_TMP/docx.json"
done
check_exit "standard layout converts" 0 "$GD_CLI" convert -o "$GD_TMP/std.json" "$F/seed-govdoc-standard.pdf"
check "standard layout: report model equals the .docx's" python3 "$D/report_check.py" "$GD_TMP/std.json" "$GD_TMP/docx.json"
# The probe picks the reader by content, whatever the name.
cp "$F/seed-govdoc.pdf" "$GD_TMP/noext"
check_exit "PDF without extension" 0 "$GD_CLI" convert -o "$GD_TMP/noext.json" "$GD_TMP/noext"
check_contains "read as PDF" "$GD_TMP/noext.json" '"source-format": "pdf"'
# The table across pages is one table of 28 rows (LibreOffice breaks it
# inside a 22-row merged cell).
python3 "$GD_SOURCE_DIR/tests/lib/gdjson.py" outline "$GD_TMP/seed-libreoffice.json" >"$GD_TMP/lo.outline"
check_contains "table 三 joined across the page break" "$GD_TMP/lo.outline" "table rows=28"
check_contains "三、本年度办理结果 spans 22 rows" "$GD_TMP/lo.outline" "三、本年度办理结果[22x1]"
