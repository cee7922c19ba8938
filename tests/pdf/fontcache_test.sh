# PDF writer: the font look-up cache (plugins/pdf/fontcache.c). Run by
# tests/lib/run-shell-test.sh:   fontcache_test.sh PART    PART = state | same | reuse
#   state: a private fontconfig setup (FONTCONFIG_FILE: a temporary
#          configuration and font directory): the cache is made, used
#          (fontconfig not loaded), invalidated when a font is added or
#          removed and when the configuration changes, ignored when corrupt,
#          truncated, or not safely owned, and steers the result only then.
#   same:  the machine's fonts, with and without Noto CJK: the PDF is the
#          same byte for byte with the cache off, cold and warm.
#   reuse: a batch's PDFs are those of one process per document.
part=$1
T=$GD_TMP
SEED_TXT=$GD_SEED_DIR/fenggang-2023.txt
SEED_DOCX=$GD_SEED_DIR/fenggang-2023.docx
export XDG_CACHE_HOME=$T/xdg
export GOVDOC_FONT_CACHE_TRACE=1
unset GOVDOC_FONT_CACHE

conv() { # conv <in> <out> [env...]: trace in <out>.err
    local in=$1 out=$2
    shift 2
    env "$@" "$GD_CLI" convert -o "$out" -O pdf.date=2024-01-31 "$in" 2>"$out.err"
}
fonts_of() { pdffonts "$1" 2>/dev/null | tail -n +3 | awk '{print $1}' | sed 's/^[A-Z]*+//' | sort -u | tr '\n' ' '; }
cache_files() { find "$XDG_CACHE_HOME/govdoc" -name 'fonts-*.cache' 2>/dev/null; }
traced() { grep -c "govdoc: font cache: $2" "$1.err"; }

edit_cache() { # the AR PL UMing CN answer made WenQuanYi's file (identity included)
    chmod 600 "$cf"
    python3 - "$cf" <<'PY'
import sys
p = sys.argv[1]
lines = open(p, encoding="utf-8").read().split("\n")
wqy = [l for l in lines if l.startswith("q f ") and "\tWenQuanYi Micro Hei\t" in l][0]
ident, path = wqy.split("\t")[0].split(" ")[4], wqy.split("\t")[2]
out = []
for l in lines:
    if l.startswith("q f ") and "\tAR PL UMing CN\t" in l:
        head = l.split("\t")[0].split(" ")
        head[4] = ident
        l = " ".join(head) + "\tAR PL UMing CN\t" + path
    out.append(l)
open(p, "w", encoding="utf-8").write("\n".join(out))
PY
}

state_part() {
    local wqy uming
    wqy=$(fc-list -f '%{file}\n' ':family=WenQuanYi Micro Hei' | head -n 1)
    uming=$(fc-list -f '%{file}\n' ':family=AR PL UMing CN' | head -n 1)
    if [ -z "$wqy" ] || [ -z "$uming" ]; then
        echo "SKIP: fonts-wqy-microhei and fonts-arphic-uming are needed (scripts/packages/fonts.txt)"
        check "the fonts are installed where CI runs" test -z "${CI:-}"
        return 0
    fi
    mkdir -p "$T/fonts" "$T/fcc"
    write_conf() { # write_conf [reject-glob]
        {
            echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>'
            echo "<dir>$T/fonts</dir><cachedir>$T/fcc</cachedir>"
            [ -n "${1:-}" ] && echo "<selectfont><rejectfont><glob>$1</glob></rejectfont></selectfont>"
            echo '</fontconfig>'
        } >"$T/fonts.conf.new"
        mv "$T/fonts.conf.new" "$T/fonts.conf"
    }
    write_conf
    local FC="FONTCONFIG_FILE=$T/fonts.conf"
    ln -s "$wqy" "$T/fonts/wqy.ttc"

    # 1. Cold: fontconfig answers, the cache is written, private.
    check "cold" conv "$SEED_TXT" "$T/a.pdf" "$FC"
    check_eq "cold: fontconfig loaded" 1 "$(traced "$T/a.pdf" 'fontconfig loaded')"
    check_eq "cold: written" 1 "$(traced "$T/a.pdf" 'written')"
    check_eq "cold: one cache file" 1 "$(cache_files | wc -l)"
    cf=$(cache_files | head -n 1)
    check_eq "cache file mode" 600 "$(stat -c %a "$cf" 2>/dev/null)"
    check_eq "cache directory mode" 700 "$(stat -c %a "$XDG_CACHE_HOME/govdoc" 2>/dev/null)"
    check_contains "only WenQuanYi installed: used" <(fonts_of "$T/a.pdf") "WenQuanYiMicroHei"

    # 2. Warm: every answer from the cache, fontconfig never loaded, same PDF.
    check "warm" conv "$SEED_TXT" "$T/b.pdf" "$FC"
    check_eq "warm: loaded" 1 "$(traced "$T/b.pdf" 'loaded (')"
    check "warm: hits" test "$(traced "$T/b.pdf" 'hit ')" -gt 0
    check_eq "warm: no miss" 0 "$(traced "$T/b.pdf" 'miss')"
    check_eq "warm: fontconfig not loaded" 0 "$(traced "$T/b.pdf" 'fontconfig loaded')"
    check_eq "warm: not rewritten" 0 "$(traced "$T/b.pdf" 'written')"
    check "warm: same PDF" cmp "$T/a.pdf" "$T/b.pdf"
    check "off" conv "$SEED_TXT" "$T/o.pdf" "$FC" GOVDOC_FONT_CACHE=off
    check_eq "off: said" 1 "$(traced "$T/o.pdf" 'off')"
    check_eq "off: fontconfig loaded" 1 "$(traced "$T/o.pdf" 'fontconfig loaded')"
    check "off: same PDF" cmp "$T/a.pdf" "$T/o.pdf"

    # 3. A font installed (its directory changes): stale, AR PL UMing now
    # draws the body (the song role prefers it), then cached.
    ln -s "$uming" "$T/fonts/uming.ttc"
    check "font added" conv "$SEED_TXT" "$T/c.pdf" "$FC"
    check "font added: stale" test "$(traced "$T/c.pdf" "stale ($T/fonts changed)")" -eq 1
    check_eq "font added: fontconfig loaded" 1 "$(traced "$T/c.pdf" 'fontconfig loaded')"
    check_contains "font added: UMing used" <(fonts_of "$T/c.pdf") "UMingCN"
    check "font added: warm" conv "$SEED_TXT" "$T/c2.pdf" "$FC"
    check_eq "font added, warm: fontconfig not loaded" 0 "$(traced "$T/c2.pdf" 'fontconfig loaded')"
    check "font added, warm: same PDF" cmp "$T/c.pdf" "$T/c2.pdf"

    # 4. The configuration changes (UMing rejected): stale, WenQuanYi again.
    write_conf '*uming*'
    check "config changed" conv "$SEED_TXT" "$T/d.pdf" "$FC"
    check "config changed: stale" test "$(traced "$T/d.pdf" "stale ($T/fonts.conf changed)")" -eq 1
    check_eq "config changed: UMing gone" "" "$(fonts_of "$T/d.pdf" | grep -o UMing)"
    check "config changed: same PDF as with WenQuanYi alone" cmp "$T/a.pdf" "$T/d.pdf"

    # 5. The font removed: stale, WenQuanYi alone.
    write_conf
    check "config restored" conv "$SEED_TXT" "$T/e.pdf" "$FC"
    check_contains "config restored: UMing again" <(fonts_of "$T/e.pdf") "UMingCN"
    rm "$T/fonts/uming.ttc"
    check "font removed" conv "$SEED_TXT" "$T/f.pdf" "$FC"
    check_eq "font removed: fontconfig loaded" 1 "$(traced "$T/f.pdf" 'fontconfig loaded')"
    check "font removed: same PDF as with WenQuanYi alone" cmp "$T/a.pdf" "$T/f.pdf"

    # 6. Corrupt and truncated caches are ignored and replaced.
    echo "govdoc font cache 1 but not really" >"$cf"
    check "corrupt" conv "$SEED_TXT" "$T/g.pdf" "$FC"
    check_eq "corrupt: ignored" 1 "$(traced "$T/g.pdf" 'ignored (corrupt')"
    check_eq "corrupt: rewritten" 1 "$(traced "$T/g.pdf" 'written')"
    check "corrupt: same PDF" cmp "$T/a.pdf" "$T/g.pdf"
    head -c "$(($(stat -c %s "$cf") - 40))" "$cf" >"$T/trunc" && cat "$T/trunc" >"$cf"
    check "truncated" conv "$SEED_TXT" "$T/h.pdf" "$FC"
    check_eq "truncated: ignored" 1 "$(traced "$T/h.pdf" 'ignored (corrupt')"
    check "truncated: same PDF" cmp "$T/a.pdf" "$T/h.pdf"

    # 7. The cache steers the result when trusted, never when not: a valid
    # cache (UMing installed) edited to answer WenQuanYi's file for AR PL
    # UMing CN.
    ln -s "$uming" "$T/fonts/uming.ttc"
    check "UMing again" conv "$SEED_TXT" "$T/u.pdf" "$FC"
    check "UMing again: warm" conv "$SEED_TXT" "$T/u2.pdf" "$FC"
    check_eq "UMing again: warm, fontconfig not loaded" 0 "$(traced "$T/u2.pdf" 'fontconfig loaded')"
    check "edit the cache" edit_cache
    check "edited, trusted" conv "$SEED_TXT" "$T/t.pdf" "$FC"
    check_eq "edited, trusted: UMing not used (the cache said WenQuanYi)" "" "$(fonts_of "$T/t.pdf" | grep -o UMing)"
    check "edit the cache again" edit_cache
    chmod 620 "$cf"
    check "edited, group-writable" conv "$SEED_TXT" "$T/w.pdf" "$FC"
    check_eq "group-writable: ignored" 1 "$(traced "$T/w.pdf" 'ignored (group- or other-writable)')"
    check_contains "group-writable: UMing used" <(fonts_of "$T/w.pdf") "UMingCN"
    check "group-writable: same PDF as fontconfig's" cmp "$T/u.pdf" "$T/w.pdf"
    check_eq "group-writable: replaced" 1 "$(traced "$T/w.pdf" 'written')"
    check_eq "group-writable: replaced by a private file" 600 "$(stat -c %a "$cf")"
    check "edit the cache again" edit_cache
    chmod 777 "$XDG_CACHE_HOME/govdoc"
    check "edited, open directory" conv "$SEED_TXT" "$T/x.pdf" "$FC"
    check_eq "open directory: ignored" 1 "$(traced "$T/x.pdf" 'ignored (group- or other-writable)')"
    check "open directory: same PDF as fontconfig's" cmp "$T/u.pdf" "$T/x.pdf"
    check_eq "open directory: not written" 1 "$(traced "$T/x.pdf" 'not written (group- or other-writable)')"
    chmod 700 "$XDG_CACHE_HOME/govdoc"
    if [ "$(id -u)" = 0 ] && id nobody >/dev/null 2>&1; then
        check "edit the cache again" edit_cache
        chown nobody "$cf"
        check "edited, another owner" conv "$SEED_TXT" "$T/y.pdf" "$FC"
        check_eq "another owner: ignored" 1 "$(traced "$T/y.pdf" 'ignored (owned by another user)')"
        check "another owner: same PDF as fontconfig's" cmp "$T/u.pdf" "$T/y.pdf"
        chown 0 "$cf"
    fi
    # The answer's font file changed: that answer is asked again.
    check "edited again" python3 - "$cf" "$T/fonts/uming.ttc" <<'PY'
import sys
p, uming = sys.argv[1], sys.argv[2]
lines = open(p, encoding="utf-8").read().split("\n")
out = []
for l in lines:
    if l.startswith("q f ") and "\tAR PL UMing CN\t" in l:
        head = l.split("\t")[0].split(" ")
        head[4] = "1:2:3:4.0:5.0:100644"
        l = " ".join(head) + "\tAR PL UMing CN\t" + uming
    out.append(l)
open(p, "w", encoding="utf-8").write("\n".join(out))
PY
    check "font file changed" conv "$SEED_TXT" "$T/z.pdf" "$FC"
    check_eq "font file changed: asked again" 1 "$(traced "$T/z.pdf" 'miss f AR PL UMing CN (its font file changed)')"
    check "font file changed: same PDF as fontconfig's" cmp "$T/u.pdf" "$T/z.pdf"
}

same_part() {
    # Supplementary-plane characters take the per-character fallback.
    printf '生僻字\n\n人名张𠀾，表情😀。\n' >"$T/s.txt"
    local inputs=("$SEED_TXT" "$T/s.txt")
    if "$GD_CLI" formats --readers 2>/dev/null | grep >/dev/null -w docx; then inputs+=("$SEED_DOCX"); fi
    local i=0
    for cfg in default no-noto; do
        local FC=GD_NONE=1
        [ $cfg = no-noto ] && FC=FONTCONFIG_FILE=$GD_SOURCE_DIR/tests/pdf/fontconfig/no-noto.conf
        for in in "${inputs[@]}"; do
            i=$((i + 1))
            check "$cfg $i: off" conv "$in" "$T/$i-off.pdf" "$FC" GOVDOC_FONT_CACHE=off
            check "$cfg $i: cold" conv "$in" "$T/$i-cold.pdf" "$FC"
            check "$cfg $i: warm" conv "$in" "$T/$i-warm.pdf" "$FC"
            check_eq "$cfg $i: warm, fontconfig not loaded" 0 "$(traced "$T/$i-warm.pdf" 'fontconfig loaded')"
            check "$cfg $i: cold = off" cmp "$T/$i-off.pdf" "$T/$i-cold.pdf"
            check "$cfg $i: warm = off" cmp "$T/$i-off.pdf" "$T/$i-warm.pdf"
        done
    done
    check_eq "one cache per configuration" 2 "$(cache_files | wc -l)"
    check_contains "a per-character answer cached" <(cat $(cache_files)) "q c "
}

# Several documents in one process (the compressors, faces, subsets and
# font answers it keeps across documents): each PDF is the one a process of
# its own writes, byte for byte, one worker or two.
reuse_part() {
    mkdir -p "$T/in" "$T/j1" "$T/j2"
    cp "$SEED_TXT" "$T/in/a.txt"
    printf '生僻字\n\n人名张𠀾，表情😀。\n' >"$T/in/b.txt"
    printf '标题\n\n第一段。\n' >"$T/in/c.txt"
    cp "$SEED_TXT" "$T/in/d.txt" # the same glyphs again: a reused subset
    local names=(a b c d)
    if "$GD_CLI" formats --readers 2>/dev/null | grep >/dev/null -w docx; then
        cp "$SEED_DOCX" "$T/in/e.docx"
        names+=(e)
    fi
    for j in 1 2; do
        check "batch -j $j" "$GD_CLI" convert -t pdf -j $j -d "$T/j$j" -O pdf.date=2024-01-31 "$T"/in/* 2>"$T/j$j.err"
    done
    for n in "${names[@]}"; do
        local in
        in=$(ls "$T/in/$n".*)
        check "$n: alone" conv "$in" "$T/$n-alone.pdf"
        check "$n: -j 1 = alone" cmp "$T/$n-alone.pdf" "$T/j1/$n.pdf"
        check "$n: -j 2 = alone" cmp "$T/$n-alone.pdf" "$T/j2/$n.pdf"
    done
    check_contains "the batch drew the supplementary characters" <(pdftotext "$T/j1/b.pdf" - 2>/dev/null) "人名张𠀾，表情😀。"
}

case $part in
state) state_part ;;
same) same_part ;;
reuse) reuse_part ;;
*) fail "unknown part $part" ;;
esac
