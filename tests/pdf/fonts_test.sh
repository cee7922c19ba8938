# PDF writer: fonts (OpenType/CFF, characters beyond the BMP, the machine
# with and without fonts-noto-cjk through fontconfig configurations), keep
# with next, big documents. Run by tests/lib/run-shell-test.sh:
#   fonts_test.sh PART FIXTURE     PART = cff | nonoto | supp | keep | big
part=$1
FIX=$2
CHECK="python3 $GD_SOURCE_DIR/tests/pdf/check_pdf.py"
T=$GD_TMP
FC=$GD_SOURCE_DIR/tests/pdf/fontconfig
SEED_TXT=$GD_SEED_DIR/fenggang-2023.txt
SEED_DOCX=$GD_SEED_DIR/fenggang-2023.docx
NO_NOTO="env FONTCONFIG_FILE=$FC/no-noto.conf"
NOTO_ONLY="env FONTCONFIG_FILE=$FC/noto-only.conf"

# Noto CJK installed? (CI lists fonts-noto-cjk; a machine without it skips
# the CFF checks and says so.)
have_noto() { [ -n "$(fc-list ':family=Noto Serif CJK SC' family 2>/dev/null)" ]; }

clean_pdf() { # clean_pdf <what> <file>: qpdf clean, no poppler warning, fonts embedded+subset+ToUnicode
    check "$1: qpdf --check" qpdf --check "$2" >/dev/null
    pdftotext "$2" "$T/clean.txt" 2>"$T/clean.err"
    check_eq "$1: poppler warnings" "" "$(cat "$T/clean.err")"
    pdffonts "$2" >"$T/fonts.txt" 2>&1
    check "$1: has fonts" test "$(tail -n +3 "$T/fonts.txt" | wc -l)" -gt 0
    check_eq "$1: fonts embedded, subset, with ToUnicode" "" \
        "$(tail -n +3 "$T/fonts.txt" | awk '{ if ($(NF-4) != "yes" || $(NF-3) != "yes" || $(NF-2) != "yes" || $1 !~ /^[A-Z][A-Z][A-Z][A-Z][A-Z][A-Z]\+/) print }')"
}

# rendered <what> <pdf>: page 1 has ink (a font poppler cannot draw leaves it blank)
rendered() {
    pdftoppm -r 30 -gray -f 1 -l 1 "$2" "$T/r" 2>"$T/r.err"
    check "$1: rendered" python3 - "$T"/r-*1.pgm <<'PY'
import sys
d = open(sys.argv[1], "rb").read()
w, h = map(int, d.split(b"\n")[1].split())
dark = sum(1 for v in d[-w * h:] if v < 160)
print("dark pixels:", dark)
sys.exit(0 if dark > 2000 else 1)
PY
    rm -f "$T"/r-*.pgm
}

to_pdf() { # to_pdf <env...> -- <in> <out> [opts]: through the CLI
    local envs=()
    while [ "$1" != "--" ]; do envs+=("$1"); shift; done
    shift
    local in=$1 out=$2
    shift 2
    "${envs[@]}" "$GD_CLI" convert -o "$out" -O pdf.date=2024-01-31 "$@" "$in" 2>"$T/last.err"
}

case $part in
cff)
    if ! have_noto; then
        echo "SKIP: fonts-noto-cjk is not installed (scripts/packages/fonts.txt lists it)"
        check "Noto CJK is installed where CI runs" test -z "${CI:-}"
        return 0
    fi
    # A bare file name is looked up among the installed fonts; the .ttc's
    # simplified-Chinese face is used; it is embedded as CIDFontType0C.
    check "pdf.font=NotoSerifCJK-Regular.ttc" to_pdf env -- "$SEED_TXT" "$T/n.pdf" -O pdf.font=NotoSerifCJK-Regular.ttc
    clean_pdf "Noto by file name" "$T/n.pdf"
    check_contains "CFF font: CID Type 0C" "$T/fonts.txt" "CID Type 0C"
    check_contains "the SC face of the collection" "$T/fonts.txt" "NotoSerifCJKsc-Regular"
    check "no substitution warning with a given font" test "$(grep -c 'is not installed' "$T/last.err")" = 0
    pdftotext -raw "$T/n.pdf" "$T/n.txt"
    check "CFF: text extracted exactly, in order" $CHECK extract "$SEED_TXT" "$T/n.txt"
    rendered "CFF" "$T/n.pdf"
    # HarfBuzz's subsetter, loaded on demand where ours refuses a font:
    # forced here, it must give a valid, extractable CFF font as well.
    check "CFF through hb-subset" to_pdf env GOVDOC_PDF_SUBSETTER=harfbuzz -- "$SEED_TXT" "$T/h.pdf" -O pdf.font=NotoSerifCJK-Regular.ttc
    clean_pdf "hb-subset" "$T/h.pdf"
    check_contains "hb-subset: CID Type 0C" "$T/fonts.txt" "CID Type 0C"
    pdftotext -raw "$T/h.pdf" "$T/h.txt"
    check "hb-subset: text extracted exactly" $CHECK extract "$SEED_TXT" "$T/h.txt"
    check "hb-subset: another program than ours" test "$(cmp -s "$T/h.pdf" "$T/n.pdf"; echo $?)" = 1
    # A machine with only fonts-noto-cjk: every font is Noto, as CFF.
    check "noto only: seed" to_pdf $NOTO_ONLY -- "$SEED_TXT" "$T/o.pdf"
    clean_pdf "noto only" "$T/o.pdf"
    check_eq "noto only: every font is CFF" "" "$(tail -n +3 "$T/fonts.txt" | grep -v 'CID Type 0C')"
    check_contains "noto only: Noto Serif for text" "$T/fonts.txt" "NotoSerifCJKsc"
    check_contains "noto only: Noto Sans for headings" "$T/fonts.txt" "NotoSansCJKsc"
    pdftotext -raw "$T/o.pdf" "$T/o.txt"
    check "noto only: text extracted exactly" $CHECK extract "$SEED_TXT" "$T/o.txt"
    rendered "noto only" "$T/o.pdf"
    # The seed's DOCX names 'Noto Serif CJK SC': installed, so used, not
    # reported as missing (it was, wrongly, before CFF fonts could be embedded).
    if "$GD_CLI" formats --readers 2>/dev/null | grep >/dev/null -w docx; then
        check "docx naming Noto" to_pdf env -- "$SEED_DOCX" "$T/d.pdf"
        check "Noto named and installed: no warning" test "$(grep -c "Noto Serif CJK SC' is" "$T/last.err")" = 0
        check_contains "Noto named: used" <(pdffonts "$T/d.pdf") "NotoSerifCJKsc-Regular"
        # Subroutines read piece by piece (the path of INDEXes over 1 MB)
        # give the same program as those read whole.
        check "docx naming Noto, subroutines piece by piece" \
            to_pdf env GOVDOC_PDF_CFF_RESIDENT=0 -- "$SEED_DOCX" "$T/d0.pdf"
        check "subroutines whole or piece by piece: the same PDF" cmp "$T/d.pdf" "$T/d0.pdf"
    fi
    # PDF/A-1b with CFF fonts: FontFile3 and a CIDSet.
    check "noto only: PDF/A" to_pdf $NOTO_ONLY -- "$SEED_TXT" "$T/a.pdf" -O pdf.pdfa=1b
    clean_pdf "noto only PDF/A" "$T/a.pdf"
    qpdf --json "$T/a.pdf" >"$T/a.json"
    check "PDF/A: CFF descriptors have FontFile3 and CIDSet" python3 - "$T/a.json" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
objs = j["objects"] if "objects" in j else {k: v for d in j["qpdf"][1:] for k, v in d.items()}
val = lambda o: o.get("value", o) if isinstance(o, dict) else o
fds = [val(o) for o in objs.values() if isinstance(val(o), dict) and val(o).get("/Type") == "/FontDescriptor"]
print("descriptors:", len(fds))
sys.exit(0 if fds and all("/FontFile3" in fd and "/CIDSet" in fd for fd in fds) else 1)
PY
    ;;
nonoto)
    # Without Noto (hidden through fontconfig): TrueType faces only, and
    # the DOCX's 'Noto Serif CJK SC' reported as not installed.
    check "no noto: seed" to_pdf $NO_NOTO -- "$SEED_TXT" "$T/t.pdf"
    clean_pdf "no noto" "$T/t.pdf"
    check_eq "no noto: every font TrueType" "" "$(tail -n +3 "$T/fonts.txt" | grep -v 'CID TrueType')"
    check_contains "no noto: AR PL UMing" "$T/fonts.txt" "UMingCN"
    pdftotext -raw "$T/t.pdf" "$T/t.txt"
    check "no noto: text extracted exactly" $CHECK extract "$SEED_TXT" "$T/t.txt"
    if "$GD_CLI" formats --readers 2>/dev/null | grep >/dev/null -w docx; then
        check "no noto: docx" to_pdf $NO_NOTO -- "$SEED_DOCX" "$T/d.pdf"
        check_contains "no noto: Noto reported missing" "$T/last.err" "font 'Noto Serif CJK SC' is not installed: using 'AR PL UMing CN'"
    fi
    ;;
supp)
    # Characters beyond the BMP: 𠀾 𠮷 (CJK Extension B) and 😀, drawn from
    # a font that has them (fontconfig, per character) and extractable
    # (ToUnicode with surrogate pairs).
    # (𠀾 is in AR PL UMing, 😀 in DejaVu Sans, 𠮷 only in Noto CJK.)
    printf '生僻字\n\n人名张𠀾，表情😀。\n' >"$T/s.txt"
    for cfg in default no-noto; do
        envs=env
        [ $cfg = no-noto ] && envs=$NO_NOTO
        check "$cfg: converts" to_pdf $envs -- "$T/s.txt" "$T/s-$cfg.pdf"
        check "$cfg: no '?' warning" test "$(grep -c "drawn as '?'" "$T/last.err")" = 0
        clean_pdf "$cfg supplementary" "$T/s-$cfg.pdf"
        check_contains "$cfg: 𠀾 😀 extracted" "$T/clean.txt" "人名张𠀾，表情😀。"
    done
    if have_noto; then
        printf '生僻字\n\n人名张𠀾，地名𠮷野。\n' >"$T/n.txt"
        check "noto only: converts" to_pdf $NOTO_ONLY -- "$T/n.txt" "$T/s-n.pdf"
        clean_pdf "noto only supplementary" "$T/s-n.pdf"
        check_contains "noto only: 𠀾 𠮷 extracted" "$T/clean.txt" "人名张𠀾，地名𠮷野。"
    fi
    # No font at all for a character: '?' and a warning naming it.
    printf '标题\n\n私用区\xf3\xb0\x80\x80字符。\n' >"$T/p.txt"
    check "unknown character" to_pdf env -- "$T/p.txt" "$T/p.pdf"
    check_contains "unknown character warned" "$T/last.err" "U+F0000"
    ;;
keep)
    # Table 三 of the seed starts near the foot of a page: it moves to the
    # next page with its heading, never leaving the header and one row.
    check "seed" $NO_NOTO "$FIX" seed "$T/k.pdf" "$SEED_TXT" pdf.layout-dump="$T/k.tsv"
    check "seed with Noto" "$FIX" seed "$T/k2.pdf" "$SEED_TXT" pdf.layout-dump="$T/k2.tsv"
    for tsv in "$T/k.tsv" "$T/k2.tsv"; do
        check "keep with next ($(basename "$tsv"))" python3 - "$tsv" <<'PY'
import csv, re, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"))
# Lines: text items of a page at one baseline, left to right.
lines = {}
for r in rows:
    if r["kind"] == "text":
        lines.setdefault((r["page"], round(float(r["y"]))), []).append(r)
text = [{"page": p, "y": y, "text": "".join(i["text"] for i in sorted(v, key=lambda i: float(i["x"])))}
        for (p, y), v in lines.items()]
def page_of(s):
    return {r["page"] for r in text if s in r["text"]}
h = page_of("三、收到和处理政府信息公开申请情况")
r1 = page_of("本年新收政府信息公开申请数量")
r2 = page_of("上年结转政府信息公开申请数量")
print("heading", h, "row 一", r1, "row 二", r2)
ok = len(h) == 1 and h == r1 and h == r2
# No page ends with a heading: the lowest text line of each page (the
# page number aside) is not a numbered heading.
heads = re.compile(r"^([一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)")
pages = {}
for r in text:
    if re.fullmatch(r"— *\d+ *—", r["text"].strip()):
        continue
    y = float(r["y"])
    if r["page"] not in pages or y > pages[r["page"]][0]:
        pages[r["page"]] = (y, r["text"])
bad = [(p, t) for p, (y, t) in pages.items() if heads.match(t) and len(t) < 40]
print("pages ending with a heading:", bad)
sys.exit(0 if ok and not bad else 1)
PY
    done
    # Many headings: none is left at the foot of a page.
    check "long document" "$FIX" long "$T/l.pdf" 600 pdf.layout-dump="$T/l.tsv"
    check "no page ends with a heading" python3 - "$T/l.tsv" <<'PY'
import csv, re, sys
lines = {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"), delimiter="\t"):
    if r["kind"] == "text":
        lines.setdefault((r["page"], round(float(r["y"]))), []).append(r)
rows = [{"page": p, "y": y, "text": "".join(i["text"] for i in sorted(v, key=lambda i: float(i["x"])))}
        for (p, y), v in lines.items()]
last = {}
for r in rows:
    if re.fullmatch(r"— *\d+ *—", r["text"].strip()):
        continue
    if r["page"] not in last or float(r["y"]) > float(last[r["page"]]["y"]):
        last[r["page"]] = r
bad = [r["page"] for r in last.values() if re.fullmatch(r"第\d+节", r["text"].strip())]
heads = sum(1 for r in rows if re.fullmatch(r"第\d+节", r["text"].strip()))
print("pages", len(last), "headings", heads, "pages ending with one", bad)
sys.exit(0 if heads >= 12 and not bad else 1)
PY
    ;;
big)
    # Pages are written as they are laid out: memory does not grow with
    # the page count (beyond the document itself, ~250 bytes a paragraph).
    # Both sizes are past the point where the fixed part (fonts, subsets)
    # still sets the peak: below ~4000 paragraphs the peak is that part,
    # and a smaller one read as faster growth.
    # Each peak is the lower of two runs: the font programs are made by two
    # threads when there are two processors, and how their buffers overlap
    # moves a peak by up to ~1 MB under load.
    peak() {
        local a b
        /usr/bin/time -f %M -o "$T/m" "$FIX" long "$1" "$2" 2>/dev/null
        a=$(tail -1 "$T/m")
        /usr/bin/time -f %M -o "$T/m" "$FIX" long "$1" "$2" 2>/dev/null
        b=$(tail -1 "$T/m")
        echo $((a < b ? a : b))
    }
    m1=$(peak "$T/b1.pdf" 4000)
    m2=$(peak "$T/b2.pdf" 12000)
    p2=$(pdfinfo "$T/b2.pdf" | sed -n 's/^Pages: *//p')
    echo "peak RSS: 4000 paragraphs $m1 KB, 12000 paragraphs $m2 KB ($p2 pages)"
    check "long document: many pages" test "${p2:-0}" -ge 1000
    check "long document: qpdf" qpdf --check "$T/b2.pdf" >/dev/null
    # (grep reads all of ldd's output: with -q, ldd may die of SIGPIPE and
    # pipefail would make the answer random)
    asan=false
    if ldd "$FIX" 2>/dev/null | grep libasan >/dev/null; then asan=true; fi
    if $asan; then
        echo "memory check skipped: AddressSanitizer keeps freed memory in quarantine"
    else
        check "memory: under 500 bytes per extra paragraph" test $((m2 - m1)) -lt 4000
    fi
    check_contains "last paragraph extracted" <(pdftotext -f "$p2" -l "$p2" "$T/b2.pdf" -) "12000."
    # One paragraph of 1 MB and one of 4.5 MB: laid out in chunks, valid;
    # memory grows with the text held in the document, not with the layout
    # of the whole paragraph (which took 32 bytes a character and more).
    /usr/bin/time -f %M -o "$T/r1" "$FIX" longrun "$T/r.pdf" 6000 2>/dev/null
    /usr/bin/time -f %M -o "$T/r2" "$FIX" longrun "$T/r2.pdf" 24000 2>/dev/null
    r1=$(tail -1 "$T/r1")
    r2=$(tail -1 "$T/r2")
    echo "peak RSS: one paragraph of 6000 sentences $r1 KB, of 24000 sentences $r2 KB"
    check "one long run: qpdf" qpdf --check "$T/r.pdf" >/dev/null
    check "longer run: qpdf" qpdf --check "$T/r2.pdf" >/dev/null
    check "longer run: many pages" test "$(pdfinfo "$T/r2.pdf" | sed -n 's/^Pages: *//p')" -ge 2000
    if ! $asan; then
        check "one paragraph: memory under 6 bytes per extra byte of text" test $((r2 - r1)) -lt 20000
    fi
    # Images beyond the pixel budget: downsampled with a warning; beyond
    # the limit: left out with a warning; the document is written.
    python3 - "$T" <<'PY'
import struct, sys, zlib
def png(path, w, h, rows=True):
    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    raw = b""
    if rows:
        line = b"\0" + bytes([200, 60, 60]) * w
        raw = zlib.compress(line * h, 1)
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
                           + chunk(b"IDAT", raw) + chunk(b"IEND", b""))
png(sys.argv[1] + "/big.png", 5000, 4000)
png(sys.argv[1] + "/huge.png", 12000, 10000, rows=False)
PY
    check_exit "big images" 0 "$FIX" images "$T/i.pdf" 3 "$T/big.png" "$T/huge.png" "$T/big.png"
    check_contains "downsampled with a warning" "$T/last.err" "5000 x 4000 pixels: embedded at 2500 x 2000"
    check_contains "refused with a warning" "$T/last.err" "12000 x 10000 pixels, more than the 100 million allowed: left out"
    check "big images: qpdf" qpdf --check "$T/i.pdf" >/dev/null
    check_eq "one image object, 2500 wide" "2500" "$(pdfimages -list "$T/i.pdf" | awk 'NR > 2 {print $4}' | sort -u)"
    ;;
esac
