# PDF limits: metadata over libharu's 65535-byte string limit is cut at a
# character boundary with a warning; more pages than libharu can make is a
# clear "limit exceeded" (exit 7, no output); an image size of inf, nan or
# 1e300 points never reaches the page operators.
T=$GD_TMP
mkdocx="$GD_SOURCE_DIR/tests/docx/mkdocx.py"
mkdir -p "$T/meta/word" "$T/meta/docProps"
python3 - "$T/meta" <<'PY'
import sys
d = sys.argv[1]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
open(d + "/word/document.xml", "w").write(
    '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body><w:p><w:r><w:t>正文</w:t>'
    '</w:r></w:p></w:body></w:document>' % W)
open(d + "/docProps/core.xml", "w", encoding="utf-8").write(
    '<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties '
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>%s</dc:title>'
    '<dc:creator>%s</dc:creator><cp:keywords>%s</cp:keywords></cp:coreProperties>'
    % ("标" * 22000, "a" * 70000, "k" * 65535))
PY
python3 "$mkdocx" "$T/meta" "$T/meta.docx"
check_exit "metadata over 65535 bytes" 0 "$GD_CLI" convert "$T/meta.docx" -o "$T/meta.pdf"
check_contains "title warned" "$T/last.err" "bytes) is longer than a PDF string may be (65535 bytes): truncated to 65535 bytes"
check_contains "title named" "$T/last.err" "the title ("
check_contains "author warned" "$T/last.err" "the author (70000 bytes)"
check "keywords at the limit: no warning" bash -c "! grep -q 'the keywords' '$T/last.err'"
pdfinfo "$T/meta.pdf" >"$T/info.txt" 2>&1 || true
check_eq "the title cut at a character boundary" 21845 "$(python3 -c "
import sys
for l in open(sys.argv[1], encoding='utf-8', errors='strict'):
    if l.startswith('Title:'): print(l.split(None, 1)[1].strip().count('标'))" "$T/info.txt")"
check_exit "PDF/A too" 0 "$GD_CLI" convert "$T/meta.docx" -O pdf.pdfa=1b -o "$T/meta-a.pdf"
check "qpdf finds it sound" qpdf --check "$T/meta-a.pdf"

# more pages than libharu's page tree holds (32767): one page each (a DOCX:
# its reader is linear). Laying out 32768 pages takes ~0.3 s of CPU, but
# minutes under ASan, whose build skips it.
if ldd "$GD_CLI" | grep >/dev/null libasan; then
    echo "ASan build: the 32768-page case is left to the normal build"
else
    mkdir -p "$T/pages/word"
    python3 - "$T/pages/word/document.xml" <<'PY'
import sys
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
page = '<w:p><w:r><w:t>x</w:t></w:r><w:r><w:br w:type="page"/></w:r></w:p>'
open(sys.argv[1], "w").write('<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body>%s'
                             '<w:p><w:r><w:t>end</w:t></w:r></w:p></w:body></w:document>'
                             % (W, page * 32767))
PY
    python3 "$mkdocx" "$T/pages" "$T/pages.docx"
    check_exit "32768 pages" 7 "$GD_CLI" convert "$T/pages.docx" -o "$T/pages.pdf"
    check_contains "names the limit" "$T/last.err" "limit exceeded: the document needs more than 32767 pages"
    check "no output" test ! -e "$T/pages.pdf"
fi

# image sizes from the input: inf, nan, negative, huge
mkdir -p "$T/img"
cp -r "$GD_SOURCE_DIR/tests/docx/fixtures/images/word" "$T/img/"
python3 - "$T/img/word/document.xml" <<'PY'
import sys
W = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
     'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')
def pict(style):
    return ('<w:p><w:r><w:pict><v:shape style="%s"><v:imagedata r:id="rIdPng"/></v:shape>'
            '</w:pict></w:r></w:p>' % style)
cells = "".join("<w:tc>%s</w:tc>" % pict(s) for s in
                ("width:infpt;height:30pt", "width:nanpt;height:infpt", "width:1e300pt",
                 "width:-5pt;height:-1e9pt"))
open(sys.argv[1], "w").write(
    '<?xml version="1.0" encoding="UTF-8"?><w:document %s><w:body><w:p><w:r><w:t>图</w:t>'
    '</w:r></w:p><w:tbl><w:tr>%s</w:tr></w:tbl>%s</w:body></w:document>'
    % (W, cells, pict("width:infpt")))
PY
python3 "$mkdocx" "$T/img" "$T/img.docx"
check_exit "inf/nan image sizes" 0 "$GD_CLI" convert "$T/img.docx" -O pdf.compress=false -o "$T/img.pdf"
check_contains "warned" "$T/last.err" "image width 'inf' is not a usable size"
check "qpdf finds no garbage" qpdf --check "$T/img.pdf"
check "no inf or nan in the page operators" bash -c "! grep -aiE '(^| )-?(inf|nan)( |$)' '$T/img.pdf'"
check_eq "five images drawn" 5 "$(grep -ac ' Do$' "$T/img.pdf")"
