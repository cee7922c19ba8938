# Inputs that once broke the PDF writer; each must convert and extract.
R="$GD_SOURCE_DIR/tests/pdf/regressions"
# libharu read one entry past the compact cmap's glyph array and failed to
# save (HPDF_INVALID_OBJECT) — found by fuzzing
check_exit "glyph array end" 0 "$GD_CLI" convert -q "$R/libharu-glyph-array.html" -o "$GD_TMP/g.pdf"
check "a PDF" bash -c "head -c 5 '$GD_TMP/g.pdf' | grep >/dev/null '%PDF-'"
check "its text extracts" bash -c "pdftotext '$GD_TMP/g.pdf' - | grep >/dev/null '憶邧唬鐗'"
