# Limits and errors: scanned (no text layer), user password, owner password
# only, damaged input, page limit, options.
F=$(dirname "${BASH_SOURCE[0]}")/fixtures
check_exit "scanned PDF refused (unsupported)" 6 "$GD_CLI" convert -o "$GD_TMP/x.json" "$F/scanned.pdf"
check_contains "says why" "$GD_TMP/last.err" "no text layer — scanned document"
check_exit "user password refused" 6 "$GD_CLI" convert -o "$GD_TMP/x.json" "$F/user-password.pdf"
check_contains "says why" "$GD_TMP/last.err" "needs a password to open"
check_exit "owner password only: read" 0 "$GD_CLI" convert -o "$GD_TMP/o.json" "$F/owner-password.pdf"
check_contains "with its report" "$GD_TMP/o.json" '"template": "gov-info-annual-report-2021"'
head -c 3000 "$F/good-govdoc.pdf" >"$GD_TMP/truncated.pdf"
check_exit "truncated PDF: malformed" 5 "$GD_CLI" convert -o "$GD_TMP/x.json" "$GD_TMP/truncated.pdf"
check_eq "one error line" 1 "$(wc -l <"$GD_TMP/last.err")"
printf '%%PDF-1.4\ngarbage\n' >"$GD_TMP/garbage.pdf"
check_exit "garbage after the header: malformed" 5 "$GD_CLI" convert -o "$GD_TMP/x.json" "$GD_TMP/garbage.pdf"
check_exit "page limit" 7 "$GD_CLI" convert -o "$GD_TMP/x.json" -O pdfin.max-pages=1 "$F/seed-govdoc.pdf"
check_contains "names the option" "$GD_TMP/last.err" "pdfin.max-pages"
check_exit "reader option through the format name" 0 "$GD_CLI" convert -o "$GD_TMP/x.json" -O pdf.max-pages=10 "$F/two-column.pdf"
check_exit "images extracted, still no text layer" 6 "$GD_CLI" convert -o "$GD_TMP/img.json" -O pdfin.images=true "$F/scanned.pdf"
check_exit "bad option value" 3 "$GD_CLI" convert -o "$GD_TMP/x.json" -O pdfin.images=maybe "$F/two-column.pdf"
# the writer's options still reach the writer
check_exit "PDF to PDF with a writer option" 0 "$GD_CLI" convert -o "$GD_TMP/x.pdf" -O pdf.layout=source "$F/two-column.pdf"
check_contains "formats lists the reader" <("$GD_CLI" formats) "pdfin"
