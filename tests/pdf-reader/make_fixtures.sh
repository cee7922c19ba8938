#!/usr/bin/env bash
# Makes the PDF fixtures of tests/pdf-reader (run once by hand; the PDFs are
# committed, so the tests need neither LibreOffice nor the writer's fonts).
#   tests/pdf-reader/make_fixtures.sh BUILD_DIR
# Needs: govdoc built in BUILD_DIR (its PDF writer), LibreOffice
# (libreoffice-writer-nogui, for fixture-making only), qpdf, poppler-utils.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
govdoc="$build/bin/govdoc"
out="$here/fixtures"
seed="$root/../shared/seed/fenggang-2023.docx"
rep="$root/tests/report/fixtures"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lo() { # lo IN OUTNAME [FILTER]: LibreOffice's PDF export
    soffice -env:UserInstallation=file://"$tmp/lo-profile" --headless --convert-to "${3:-pdf}" \
        --outdir "$tmp" "$1" >/dev/null 2>&1
    mv "$tmp/$(basename "${1%.*}").pdf" "$out/$2"
}
gd() { # gd IN OUTNAME: govdoc's own PDF writer, the source's layout
    "$govdoc" convert -q "$1" -o "$out/$2" -O pdf.layout=source -O pdf.date=2024-01-01
}

# The seed report, by both makers (both split table 三 across two pages).
gd "$seed" seed-govdoc.pdf
lo "$seed" seed-libreoffice.pdf
# The same seed in the standard layout (the writer's redrawn tables).
"$govdoc" convert -q "$seed" -o "$out/seed-govdoc-standard.pdf" -O pdf.date=2024-01-01

# Report fixtures with non-zero values and known fields.
# (The DOCX fixtures' tables have no borders; LibreOffice gets its ruled
# tables from the HTML fixtures, whose tables have border="1".)
for f in good bad-balance; do
    gd "$rep/$f.docx" "$f-govdoc.pdf"
done
for f in good bad-balance good-four-tables t2019 blank-cells; do
    [ -f "$out/$f-govdoc.pdf" ] || gd "$rep/$f.html" "$f-govdoc.pdf"
    lo "$rep/$f.html" "$f-libreoffice.pdf" pdf:writer_web_pdf_Export
done
for f in "$out"/*.pdf; do
    b=$(basename "$f" .pdf)
    src=${b%-govdoc}; src=${src%-libreoffice}; src=${src%-standard}
    exts="docx html"
    case $b in *-libreoffice) exts=html ;; esac
    for e in $exts; do
        if [ -f "$rep/$src.$e.expected.json" ]; then
            cp "$rep/$src.$e.expected.json" "$f.expected.json"
            break
        fi
    done
done
rm -f "$out/seed-"*.expected.json

# Two columns of Chinese prose (a LibreOffice section with two columns).
lo "$here/two-column.fodt" two-column.pdf
# A rotated page: the seed with /Rotate 90 on every page.
qpdf --rotate=+90 "$out/seed-govdoc.pdf" "$out/rotated.pdf"
# A scanned document: the first page of the seed as an image only.
pdftoppm -r 50 -f 1 -l 1 -jpeg "$out/seed-govdoc.pdf" "$tmp/scan"
python3 "$here/jpeg2pdf.py" "$tmp/scan-1.jpg" "$out/scanned.pdf"
# Encryption: a user password (refused) and an owner password only (read).
qpdf --encrypt secret owner 256 -- "$out/good-govdoc.pdf" "$out/user-password.pdf"
qpdf --encrypt "" owner 256 --print=none --extract=n -- "$out/good-govdoc.pdf" "$out/owner-password.pdf"
cp "$rep/good.docx.expected.json" "$out/owner-password.pdf.expected.json"
ls -la "$out"
