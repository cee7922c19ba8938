# Encodings: declared, detected, BOMs, and a page that lies about its
# charset — each decodes to the right characters.
HERE=$(dirname "${BASH_SOURCE[0]}")
IR="python3 $HERE/irtool.py"
H=$GD_CORPORA_DIR/html
n=0
# page <file> <expected substring of the text or of the title>
page() {
    n=$((n + 1))
    local out=$GD_TMP/p$n.json
    if ! "$GD_CLI" convert -f html -o "$out" "$1" 2>"$GD_TMP/p$n.err"; then
        fail "$1 does not convert: $(head -c 300 "$GD_TMP/p$n.err")"
        return
    fi
    { $IR text "$out" || true; $IR meta "$out" title || true; } >"$GD_TMP/p$n.txt" 2>/dev/null
    check_contains "$(basename "$1")" "$GD_TMP/p$n.txt" "$2"
}

# qq: declares gb2312, the bytes are UTF-8.
page "$H/readability/qq/source.html" "谷歌(微博) 在2014年收购的人工智能公司DeepMind开发出一款"
check_contains "qq: warned about the wrong declaration" "$GD_TMP/p$n.err" "declared charset gb2312, but the bytes are UTF-8"
check_eq "qq: title without the site's suffix" "DeepMind新电脑已可利用记忆自学 人工智能迈上新台阶" \
    "$($IR meta "$GD_TMP/p$n.json" title)"
check "qq: no mojibake" bash -c "! grep -q 'è\\|å\\|ä¸' '$GD_TMP/p$n.txt'"

# No declaration: detected.
page "$H/chardet/GB2312__mozilla_bug171813_text.html" "搜狐在线国庆免费大酬宾"
page "$H/chardet/GB18030__chromium_gb18030_with_no_encoding_specified.html" "马兴瑞，中国航天科技集团公司总经理"
page "$H/chardet/Big5__chromium_Big5_with_no_encoding_specified.html" "台北看守所昨天抽查前總統陳水扁的房舍"
page "$H/unstructured/fake-html-cp1252.html" "Die schöne Frau hat einen Kaffee mit Kuchen gegessen."
page "$H/unstructured/fake-html-cp1252.html" "pour 3,50 €"

# Declared in <meta>.
page "$H/monolith/gb2312.html" "近七成人减少线下需求　银行数字化转型提速"
page "$H/unfurl/html_4.html" "腾讯首页"
page "$H/unfurl/html_5.html" "腾讯首页"
page "$H/jsoup/htmltests/meta-charset-1.html" "新"
page "$H/monolith/iso-8859-1.html" "© Some Company"
page "$H/unfurl/euc-jp.html" "【楽天市場】Shopping is Entertainment!"

# Byte order marks: UTF-8, UTF-16 and UTF-32 in both byte orders.
for bom in utf16be utf16le utf32be utf32le; do
    page "$H/jsoup/bomtests/bom_$bom.html" "다음은 현대 한국어의 한글 음절을 가나다 순으로 배열한 것이다."
done
page "$H/jsoup/bomtests/bom_utf8.html" "There is a UTF8 BOM at the top"
page "$H/unstructured/example-steelJIS-datasheet-utf-16.html" "Mechanical properties of grade SNB22-3"

# The seed in GB2312 (the declaration is in an http-equiv meta).
page "$GD_SEED_DIR/fenggang-2023.gb2312.html" "我镇受理政府信息公开申请1件"

# BOM-less UTF-16 and a GBK character outside GB2312 in a gb2312 page.
printf '<html><body><p>UTF-16 无 BOM 页面</p></body></html>' | iconv -f UTF-8 -t UTF-16LE >"$GD_TMP/u16.html"
page "$GD_TMP/u16.html" "UTF-16 无 BOM 页面"
printf '<meta charset="gb2312"><p>镕基与喆字</p>' | iconv -f UTF-8 -t GBK >"$GD_TMP/gbk.html"
page "$GD_TMP/gbk.html" "镕基与喆字"
