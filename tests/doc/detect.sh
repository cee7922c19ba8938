# The right reader or the right error, whatever the name: a .doc named
# .docx, a .docx named .doc, an encrypted .doc, Word 2, Works, RTF, a text
# file named .doc, a fake OLE2 file.
C=$GD_CORPORA_DIR/doc
cp "$GD_SOURCE_DIR/tests/doc/fixtures/fenggang-2023.doc" "$GD_TMP/really-a-doc.docx"
check_exit ".doc named .docx: read" 0 "$GD_CLI" convert "$GD_TMP/really-a-doc.docx" -t json -o "$GD_TMP/a.json"
check_contains ".doc named .docx: by the doc reader" "$GD_TMP/a.json" '"source-format": "doc"'
check_contains ".doc named .docx: the report" "$GD_TMP/a.json" '"template": "gov-info-annual-report-2021"'
cp "$GD_SEED_DIR/fenggang-2023.docx" "$GD_TMP/really-a-docx.doc"
check_exit ".docx named .doc: read" 0 "$GD_CLI" convert "$GD_TMP/really-a-docx.doc" -t json -o "$GD_TMP/b.json"
check_contains ".docx named .doc: by the docx reader" "$GD_TMP/b.json" '"source-format": "docx"'
cp "$GD_SOURCE_DIR/tests/doc/fixtures/fenggang-2023.doc" "$GD_TMP/report.wps"
check_exit "a .wps (WPS Office saves Word binary)" 0 "$GD_CLI" convert "$GD_TMP/report.wps" -t json -o "$GD_TMP/c.json"
check_contains ".wps: by the doc reader" "$GD_TMP/c.json" '"source-format": "doc"'

one() { # one <what> <file> <exit> <text>
    check_exit "$1: exit $3" "$3" "$GD_CLI" convert "$2" -t json -o "$GD_TMP/x.json"
    check_eq "$1: one line" 1 "$(grep -c . "$GD_TMP/last.err")"
    check_contains "$1: names the file" "$GD_TMP/last.err" "$(basename "$2"):"
    check_contains "$1: says why" "$GD_TMP/last.err" "$4"
    check "$1: no output" test ! -e "$GD_TMP/x.json"
}
one "encrypted .doc (RC4 CryptoAPI)" "$C/apache-poi/document/PasswordProtected.doc" 6 "encrypted document (password-protected)"
one "encrypted Word 95" "$C/wv/examples/95-password1.doc" 6 "encrypted document"
one "Word 2.0" "$C/apache-poi/document/word2.doc" 6 "Word 2.0"
one "Works 2000 .wps" "$C/apache-tika/testWORKS2000.wps" 6 "Microsoft Works"
one "an Excel workbook named .doc" "$C/apache-poi/hpsf/TestRobert_Flaherty.doc" 6 "Excel workbook"
one "WordprocessingML XML named .doc" "$C/apache-tika/testWORDML_tableInsideParagraph.doc" 6 "Word 2003 XML"
printf '{\\rtf1\\ansi hello}\n' >"$GD_TMP/rtf.doc"
one "RTF named .doc" "$GD_TMP/rtf.doc" 6 "RTF"
one "a damaged compound file" "$C/node-word-extractor/badfile-01-bad-header.doc" 5 "damaged OLE2"
# only the signature and the stream's name: damaged, not a crash
python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504 + "WordDocument".encode("utf-16-le") + b"\0" * 512)' >"$GD_TMP/fake.doc"
one "a fake OLE2 file" "$GD_TMP/fake.doc" 5 "damaged"
# forced through the DOCX reader, a .doc is still explained
check_exit "-f docx on a .doc" 6 "$GD_CLI" convert -f docx "$GD_SOURCE_DIR/tests/doc/fixtures/fenggang-2023.doc" -t json -o "$GD_TMP/y.json"
