# PDF writer checks (run by tests/lib/run-shell-test.sh with GD_TMP etc.):
#   pdf_test.sh PART FIXTURE     PART = check | tables | kinsoku | pdfa | seed
part=$1
FIX=$2
CHECK="python3 $GD_SOURCE_DIR/tests/pdf/check_pdf.py"
T=$GD_TMP
SEED_TXT=$GD_SEED_DIR/fenggang-2023.txt

# qpdf finds no damage; poppler reads it without a single syntax warning
# (a malformed ToUnicode CMap, as libharu wrote, makes it warn).
clean_pdf() { # clean_pdf <what> <file>
    check "$1: qpdf --check" qpdf --check "$2" >/dev/null
    pdftotext "$2" "$T/clean.txt" 2>"$T/clean.err"
    check_eq "$1: poppler warnings" "" "$(cat "$T/clean.err")"
    pdffonts "$2" >"$T/fonts.txt" 2>&1
    local n bad
    n=$(tail -n +3 "$T/fonts.txt" | wc -l)
    check "$1: has fonts" test "$n" -gt 0
    # name type... emb sub uni: every font embedded, subset (ABCDEF+ name), with ToUnicode.
    bad=$(tail -n +3 "$T/fonts.txt" | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes" || $1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/) print }')
    check_eq "$1: fonts embedded, subset, with ToUnicode" "" "$bad"
}

case $part in
check)
    # A mixed document: styles, a list, a link, a note, an image, code.
    check_exit "mixed" 0 "$FIX" mixed "$T/m.pdf" pdf.date=2024-01-31
    clean_pdf mixed "$T/m.pdf"
    pdftotext "$T/m.pdf" "$T/m.txt"
    check_contains "bold text" "$T/m.txt" "加粗文字"
    check_contains "latin text" "$T/m.txt" "The quick brown fox"
    check_contains "code" "$T/m.txt" "return 0;"
    # Glyph widths in the file (read back by poppler) match the layout.
    check_exit "mixed dump" 0 "$FIX" mixed "$T/md.pdf" pdf.layout-dump="$T/md.tsv"
    pdftotext -bbox "$T/md.pdf" "$T/md.html"
    check "glyph widths" $CHECK widths "$T/md.tsv" "$T/md.html"
    check_contains "footnote" "$T/m.txt" "这是脚注的内容。"
    check "page number — 1 —" grep -q "^— *1 *—$" "$T/m.txt"
    check_eq "font substitution warned once" 1 "$(grep -c "font '楷体_GB2312' is not installed" "$T/last.err")"
    qpdf --json "$T/m.pdf" >"$T/m.json"
    check_contains "link annotation" "$T/m.json" "http://gzjkq.ganzhou.gov.cn"
    check_contains "image" "$T/m.json" "/Image"
    qpdf --json --json-key=outlines "$T/m.pdf" >"$T/o.json"
    check_contains "outline: section" "$T/o.json" "一、文字样式"
    check_contains "outline: title" "$T/o.json" "混合内容测试"
    pdfinfo "$T/m.pdf" >"$T/info.txt"
    check_contains "info: creator" "$T/info.txt" "govdoc"
    check_contains "info: date" "$T/info.txt" "Jan 31 00:00:00 2024"
    check_contains "info: A4" "$T/info.txt" "595.276 x 841.89"
    # Reproducible: the same input and date give the same bytes.
    check_exit "mixed again" 0 "$FIX" mixed "$T/m2.pdf" pdf.date=2024-01-31
    check "same date, same bytes" cmp -s "$T/m.pdf" "$T/m2.pdf"
    check_exit "SOURCE_DATE_EPOCH" 0 env SOURCE_DATE_EPOCH=1706659200 "$FIX" mixed "$T/m3.pdf"
    check "SOURCE_DATE_EPOCH gives the same bytes" cmp -s "$T/m.pdf" "$T/m3.pdf"
    # Options.
    check_exit "total page numbers" 0 "$FIX" mixed "$T/t.pdf" pdf.page-numbers=total
    pdftotext "$T/t.pdf" "$T/t.txt"
    check "第 1 页 共 N 页" grep -q "第 *1 *页 *共 *[0-9]* *页" "$T/t.txt"
    check_exit "letter landscape" 0 "$FIX" mixed "$T/l.pdf" pdf.page-size=letter pdf.landscape=true pdf.margins=20
    check_contains "landscape size" <(pdfinfo "$T/l.pdf") "792 x 612"
    check_exit "bad margins" 1 "$FIX" mixed "$T/bad.pdf" pdf.margins=1,2
    check_contains "bad margins message" "$T/last.err" "TOP,BOTTOM,LEFT,RIGHT"
    check "no output after an error" test ! -e "$T/bad.pdf"
    check_exit "missing font file" 1 "$FIX" mixed "$T/bad.pdf" pdf.font=/nonexistent.ttf
    check_contains "missing font message" "$T/last.err" "/nonexistent.ttf"
    echo "not a font" >"$T/x.ttf"
    check_exit "not a font" 1 "$FIX" mixed "$T/bad.pdf" pdf.font="$T/x.ttf"
    check_contains "not a font message" "$T/last.err" "not a TrueType or OpenType font"
    # An explicit TrueType font replaces the body roles: no substitution warning.
    check_exit "font override" 0 "$FIX" mixed "$T/f.pdf" pdf.font=/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc
    check "override: no substitution warning" test "$(grep -c "is not installed" "$T/last.err")" = 0
    check_contains "override: zenhei embedded" <(pdffonts "$T/f.pdf") "WenQuanYiZenHei"
    # No usable font at all: a clear error naming the Debian package.
    mkdir -p "$T/nofonts"
    printf '<?xml version="1.0"?>\n<fontconfig><cachedir>%s/nofonts</cachedir></fontconfig>\n' "$T" >"$T/nofonts/fonts.conf"
    check_exit "no fonts" 1 env FONTCONFIG_FILE="$T/nofonts/fonts.conf" "$FIX" mixed "$T/bad.pdf"
    check_contains "no fonts message" "$T/last.err" "install the Debian package fonts-arphic-uming"
    ;;
tables)
    # Table 三 exactly as TEMPLATE.md §2.2 lays it out.
    check_exit "table3" 0 "$FIX" table3 "$T/t3.pdf" pdf.layout-dump="$T/t3.tsv"
    clean_pdf table3 "$T/t3.pdf"
    check "table3 structure" $CHECK table3 "$T/t3.tsv"
    # -O pdf.checks=false: the failed check is not shaded (the copy to publish)
    check_exit "table3 unmarked" 0 "$FIX" table3 "$T/t3n.pdf" pdf.layout-dump="$T/t3n.tsv" pdf.checks=false
    check_eq "no shaded cell" 0 "$(awk -F'\t' '$2 == "rect"' "$T/t3n.tsv" | wc -l)"
    check "shaded cell with checks on" test "$(awk -F'\t' '$2 == "rect"' "$T/t3.tsv" | wc -l)" -ge 1
    pdftotext -layout "$T/t3.pdf" "$T/t3.txt"
    check "row 一 reads across" grep -q "一、本年新收政府信息公开申请数量 *0 *0 *0 *0 *0 *0 *0" "$T/t3.txt"
    check "row 四 reads across" grep -q "四、结转下年度继续办理 *0 *0 *0 *0 *0 *0 *0" "$T/t3.txt"
    # Rendered: the table's top border is one unbroken dark line at least
    # 400 pt (at 72 dpi: pixels) long.
    pdftoppm -r 72 -gray -f 1 -l 1 "$T/t3.pdf" "$T/t3" && check "render" test -s "$T/t3-1.pgm"
    check "rendered top border" python3 - "$T/t3-1.pgm" <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
parts = d.split(b"\n", 4)
w, h = map(int, parts[1].split()); px = parts[3 if parts[2].strip() == b"255" else 2]
px = d[-w * h:]
best = 0
for y in range(h):
    row = px[y * w:(y + 1) * w]
    run = cur = 0
    for v in row:
        cur = cur + 1 if v < 128 else 0
        run = max(run, cur)
    best = max(best, run)
print("longest dark horizontal run:", best)
sys.exit(0 if best >= 400 else 1)
PY
    # All three standard tables.
    check_exit "tables" 0 "$FIX" tables "$T/all.pdf"
    clean_pdf tables "$T/all.pdf"
    pdftotext "$T/all.pdf" "$T/all.txt"
    for label in 行政事业性收费 "本年收费金额（单位：万元）" 未经复议直接起诉 复议后起诉; do
        check_contains "label $label" "$T/all.txt" "$label"
    done
    # A long table: page breaks, header rows repeated, a row taller than a page.
    check_exit "longtable" 0 "$FIX" longtable "$T/lt.pdf" pdf.layout-dump="$T/lt.tsv"
    clean_pdf longtable "$T/lt.pdf"
    pdftotext "$T/lt.pdf" "$T/lt.txt"
    check "long table" $CHECK longtable "$T/lt.tsv" "$T/lt.txt"
    ;;
kinsoku)
    check_exit "kinsoku" 0 "$FIX" kinsoku "$T/k.pdf" pdf.layout-dump="$T/k.tsv"
    clean_pdf kinsoku "$T/k.pdf"
    check "line-break rules" $CHECK kinsoku "$T/k.tsv"
    # The same text in a narrow table cell and at other sizes.
    check_exit "kinsoku 12pt" 0 "$FIX" kinsoku "$T/k2.pdf" pdf.font-size=12 pdf.layout-dump="$T/k2.tsv"
    check "line-break rules at 12pt" $CHECK kinsoku "$T/k2.tsv"
    # Widows and orphans, headings kept with what follows.
    check_exit "widows" 0 "$FIX" widows "$T/w.pdf" pdf.layout-dump="$T/w.tsv"
    check "widow and orphan control" $CHECK widows "$T/w.tsv"
    ;;
pdfa)
    check_exit "pdfa mixed" 0 "$FIX" mixed "$T/a.pdf" pdf.pdfa=1b pdf.date=2024-01-31
    clean_pdf pdfa "$T/a.pdf"
    qpdf --qdf --object-streams=disable "$T/a.pdf" "$T/q.pdf"
    check_contains "output intent" "$T/q.pdf" "/S /GTS_PDFA1"
    check_contains "sRGB profile" "$T/q.pdf" "/DestOutputProfile"
    check_contains "XMP part" "$T/q.pdf" "pdfaid:part='1'"
    check_contains "XMP conformance" "$T/q.pdf" "pdfaid:conformance='B'"
    check_contains "XMP title" "$T/q.pdf" "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">mixed</rdf:li>"
    check_contains "XMP dates as Info" "$T/q.pdf" "<xmp:CreateDate>2024-01-31T00:00:00+00:00</xmp:CreateDate>"
    check_contains "Info date" "$T/q.pdf" "/CreationDate (D:20240131000000+00'00')"
    check_contains "file ID" "$T/q.pdf" "/ID ["
    qpdf --json "$T/a.pdf" >"$T/a.json"
    check "metadata: /Subtype /XML, unfiltered" python3 - "$T/a.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
objs = j["objects"] if "objects" in j else {k: v for d in j["qpdf"][1:] for k, v in d.items()}
def val(o):
    return o.get("value", o) if isinstance(o, dict) else o
meta = [val(o) for o in objs.values() if isinstance(val(o), dict) and "stream" in val(o)
        and val(o)["stream"]["dict"].get("/Type") == "/Metadata"]
ok = len(meta) == 1 and meta[0]["stream"]["dict"].get("/Subtype") == "/XML" and \
     "/Filter" not in meta[0]["stream"]["dict"]
fds = [val(o) for o in objs.values() if isinstance(val(o), dict) and val(o).get("/Type") == "/FontDescriptor"]
ok = ok and fds and all("/CIDSet" in fd and "/FontFile2" in fd for fd in fds)
annots = [val(o) for o in objs.values() if isinstance(val(o), dict) and val(o).get("/Type") == "/Annot"]
ok = ok and annots and all(a.get("/F") == 4 for a in annots)
smask = [1 for o in objs.values() if isinstance(val(o), dict) and "stream" in val(o) and "/SMask" in val(o)["stream"]["dict"]]
ok = ok and not smask
print("metadata", len(meta), "font descriptors", len(fds), "annotations", len(annots))
sys.exit(0 if ok else 1)
PY
    check_contains "pdfinfo sees the XMP" <(pdfinfo "$T/a.pdf") "Metadata Stream: yes"
    # XML's special characters in a title must not break the XMP packet.
    printf 'A & B <C> 报告\n\n正文。\n' >"$T/amp.txt"
    check_exit "pdfa: title with & and <" 0 "$GD_CLI" convert -q -o "$T/amp.pdf" -O pdf.pdfa=1b "$T/amp.txt"
    qpdf --qdf --object-streams=disable "$T/amp.pdf" "$T/ampq.pdf"
    check "XMP is well-formed XML" python3 -c "
import re, sys, xml.dom.minidom
d = open(sys.argv[1], 'rb').read()
xml.dom.minidom.parseString(re.search(rb'<x:xmpmeta.*</x:xmpmeta>', d, re.S).group(0))" "$T/ampq.pdf"
    check_exit "plain mixed" 0 "$FIX" mixed "$T/p.pdf"
    qpdf --qdf --object-streams=disable "$T/p.pdf" "$T/pq.pdf"
    check "no PDF/A without the option" sh -c "! grep -aq GTS_PDFA1 '$T/pq.pdf'"
    # The seed as PDF/A too (tables, several fonts).
    check_exit "pdfa seed" 0 "$FIX" seed "$T/s.pdf" "$SEED_TXT" pdf.pdfa=1b
    clean_pdf "pdfa seed" "$T/s.pdf"
    ;;
seed)
    # The seed report: through the CLI when a reader for it is built, else
    # the fixture's rendering of its text in the standard layout.
    if "$GD_CLI" formats --readers 2>/dev/null | grep >/dev/null -w txt; then
        echo "seed: through the CLI (txt reader, report model)"
        check_exit "seed via CLI" 0 "$GD_CLI" convert -o "$T/seed.pdf" -O pdf.date=2024-01-31 "$SEED_TXT"
    else
        check_exit "seed via fixture" 0 "$FIX" seed "$T/seed.pdf" "$SEED_TXT" pdf.date=2024-01-31
    fi
    clean_pdf seed "$T/seed.pdf"
    size=$(stat -c %s "$T/seed.pdf")
    echo "seed PDF: $size bytes"
    check "seed PDF <= 211 KB (LibreOffice)" test "$size" -le 216064
    pdftotext -raw "$T/seed.pdf" "$T/raw.txt"
    check "text in reading order (content order)" $CHECK extract "$SEED_TXT" "$T/raw.txt"
    # poppler's default mode reorders table cells by geometry (LibreOffice's
    # PDF of the seed scores 94% there too); the text itself must be there.
    pdftotext "$T/seed.pdf" "$T/def.txt"
    check "text in poppler's layout order" $CHECK extract "$SEED_TXT" "$T/def.txt" 90
    check_contains "title" "$T/raw.txt" "政府信息公开工作年度报告"
    ;;
*)
    fail "unknown part $part"
    ;;
esac
