#!/usr/bin/env bash
# Re-makes the .doc fixtures with LibreOffice (not a test dependency; run by
# hand, then commit). Needs libreoffice-writer and python3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$root/../shared/seed/fenggang-2023.docx" "$tmp/"
cp "$root/tests/report/fixtures/good.docx" "$root/tests/report/fixtures/bad-balance.docx" "$tmp/"
for d in fields images notes numbering styles tables; do
    python3 "$root/tests/docx/mkdocx.py" "$root/tests/docx/fixtures/$d" "$tmp/structure-$d.docx"
done
for f in footnotes endnotes tables simple-list tiny-picture footnote-hyperlink; do
    cp "$root/../shared/corpora/docx/mammoth/$f.docx" "$tmp/mammoth-$f.docx"
done
HOME=$tmp soffice --headless --convert-to doc --outdir "$here/fixtures" "$tmp"/*.docx
for f in good bad-balance; do
    cp "$root/tests/report/fixtures/$f.docx.expected.json" "$here/fixtures/$f.doc.expected.json"
done
