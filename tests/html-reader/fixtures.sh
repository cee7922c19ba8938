# The reader's own fixtures: a government page with site chrome, headings
# in bold paragraphs, CSS styles, Word's HTML export, tables, images, noise.
HERE=$(dirname "${BASH_SOURCE[0]}")
FX=$HERE/fixtures
IR="python3 $HERE/irtool.py"
conv() { "$GD_CLI" convert -f html -o "$GD_TMP/$1.json" "$FX/$1.html" 2>"$GD_TMP/$1.err"; }
absent() { ! grep -qF -- "$2" "$1"; }

# --- a page copied from a government site: chrome out, article in --------
check "gov page converts" conv gov-page
$IR text "$GD_TMP/gov-page.json" >"$GD_TMP/gov.txt"
for chrome in 网站首页 政务服务 当前位置 请输入关键字 发布时间 浏览次数 分享到 一键分享 打印本页 \
    关闭窗口 相关文章 主办单位 网站标识码 ICP备 脚本里的文字 页脚脚本文字 请开启JavaScript 框架里的文字; do
    check "chrome '$chrome' absent" absent "$GD_TMP/gov.txt" "$chrome"
done
check_contains "article first paragraph" "$GD_TMP/gov.txt" "本报告依据《中华人民共和国政府信息公开条例》要求编制。"
check_contains "article last paragraph" "$GD_TMP/gov.txt" "本机关未收取信息处理费。"
$IR blocks "$GD_TMP/gov-page.json" >"$GD_TMP/gov.blocks"
check_contains "bold paragraph is a level-2 heading" "$GD_TMP/gov.blocks" $'heading\t2\t一、总体情况'
check_eq "the page title opens the article" $'heading\t1\t某某县人民政府办公室2023年政府信息公开工作年度报告' \
    "$(head -1 "$GD_TMP/gov.blocks")"
check_contains "the title heading has role=title" "$GD_TMP/gov-page.json" '"role": "title"'
check "title=false: no title heading" "$GD_CLI" convert -q -f html -O html.title=false \
    -o "$GD_TMP/gov-notitle.json" "$FX/gov-page.html"
check_eq "title=false starts with the article" $'paragraph\t\t本报告依据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。' \
    "$($IR blocks "$GD_TMP/gov-notitle.json" | head -1)"
check_contains "bold (一) is a level-3 heading" "$GD_TMP/gov.blocks" $'heading\t3\t（一）主动公开'
check_eq "source line of a heading" "$(grep -n '<strong>一、总体情况' "$FX/gov-page.html" | cut -d: -f1)" \
    "$(python3 -c 'import json,sys; print([b for b in json.load(open(sys.argv[1]))["blocks"] if b["type"]=="heading" and b["level"]==2][0]["line"])' "$GD_TMP/gov-page.json")"
check_eq "article title metadata" "某某县人民政府办公室2023年政府信息公开工作年度报告" \
    "$($IR meta "$GD_TMP/gov-page.json" title)"
check_eq "page title kept" "某某县人民政府办公室2023年政府信息公开工作年度报告_年度报告_某某县人民政府" \
    "$($IR meta "$GD_TMP/gov-page.json" page-title)"
check_eq "date metadata" "2024-01-25 10:30" "$($IR meta "$GD_TMP/gov-page.json" date)"
check_eq "issuer metadata" "某某县人民政府办公室" "$($IR meta "$GD_TMP/gov-page.json" issuer)"
check_contains "table inside the article" <($IR tables "$GD_TMP/gov-page.json") \
    "r3: [行政规范性文件] [3] [1] [25]"
# The same page read whole keeps the chrome (option content=body).
check "gov page, whole body" "$GD_CLI" convert -q -f html -O html.content=body \
    -o "$GD_TMP/gov-body.json" "$FX/gov-page.html"
check_contains "body mode keeps the footer" <($IR text "$GD_TMP/gov-body.json") "网站标识码"
check "body mode still drops scripts" absent <($IR text "$GD_TMP/gov-body.json") "脚本里的文字"

# --- numbered Chinese headings in plain and bold paragraphs ---------------
check "bold headings convert" conv bold-headings
$IR blocks "$GD_TMP/bold-headings.json" >"$GD_TMP/bh"
check_contains "(一) before any 一、 stays a paragraph" "$GD_TMP/bh" $'paragraph\t\t（一）在任何'
check_contains "<strong> 一、" "$GD_TMP/bh" $'heading\t2\t一、总体情况'
check_contains "prose starting 一、 stays a paragraph" "$GD_TMP/bh" $'paragraph\t\t一、坚持高位推动'
check_contains "<b> (一)" "$GD_TMP/bh" $'heading\t3\t（一）主动公开'
check_contains "plain short (二)" "$GD_TMP/bh" $'heading\t3\t（二）依申请公开'
check_contains "(三) with a sentence stays a paragraph" "$GD_TMP/bh" $'paragraph\t\t（三）政府信息管理方面'
check_contains "CSS-bold 二、" "$GD_TMP/bh" $'heading\t2\t二、主动公开政府信息情况'
check_contains "plain 三、" "$GD_TMP/bh" $'heading\t2\t三、收到和处理政府信息公开申请情况'
check_contains "over-long 四、 stays a paragraph" "$GD_TMP/bh" $'paragraph\t\t四、这一段'
check_contains "<div> paragraph 五、" "$GD_TMP/bh" $'heading\t2\t五、存在的主要问题及改进情况'
check_contains "table cells are never headings" <($IR tables "$GD_TMP/bold-headings.json") \
    "r1: [（一）予以公开] [0]"
check_contains "list items are never headings" "$GD_TMP/bh" $'list\t\t六、列表里的编号不是标题'
check_eq "heading count" 7 "$(grep -c '^heading' "$GD_TMP/bh")"
check "headings=false turns the heuristic off" "$GD_CLI" convert -q -f html \
    -O html.headings=false -o "$GD_TMP/bh-off.json" "$FX/bold-headings.html"
check_eq "only the real <h2> without the heuristic" 1 \
    "$($IR blocks "$GD_TMP/bh-off.json" | grep -c '^heading')"

# --- CSS bold/italic/... in style attributes ------------------------------
check "css styles convert" conv css-styles
J=$GD_TMP/css-styles.json
check_eq "bold from font-weight" "粗体甲粗体乙粗体丙|粗体里" "$($IR styled "$J" bold | paste -sd'|')"
check_eq "italic from font-style and <em>" "斜体甲斜体乙斜体丙" "$($IR styled "$J" italic | paste -sd'|')"
check_eq "underline" "下划线字下划线二" "$($IR styled "$J" underline | paste -sd'|')"
check_eq "strike" "删除线字" "$($IR styled "$J" strike | paste -sd'|')"
check_eq "subscript" "2" "$($IR styled "$J" subscript | paste -sd'|')"
check_eq "superscript" "2|3" "$($IR styled "$J" superscript | paste -sd'|')"
check_contains "text-align:center" "$J" '"align": "center"'
check_contains "align=right" "$J" '"align": "right"'
check_contains "font-family kept" "$J" '"font": "仿宋_GB2312"'
check "display:none dropped" absent <($IR text "$J") "隐藏文字"
check_contains "visible text kept" <($IR text "$J") "可见文字"

# --- Word's HTML export (GB2312, CRLF, mso-, o:p, conditionals) -----------
check "word export converts" conv word-export
$IR blocks "$GD_TMP/word-export.json" >"$GD_TMP/we"
check_contains "CJK line wrap joined without a space" "$GD_TMP/we" "这一段在导出时被Word折行了，折行处不应出现空格。"
check_contains "smart tag text kept" "$GD_TMP/we" "统计期限自2023年1月1日起"
check_contains "bold Word heading" "$GD_TMP/we" $'heading\t2\t一、总体情况'
check_contains "Word list paragraph is a list item" "$GD_TMP/we" $'list\t\t第一项工作'
check "no downlevel conditional text" absent "$GD_TMP/we" "<![if"
check "no conditional-comment XML" absent "$GD_TMP/we" "Print"
check_contains "spacerun and tab collapse to spaces" "$GD_TMP/we" $'paragraph\t\tWord spacerun tab'
check_contains "page break from the Word <br>" "$GD_TMP/we" $'page_break\t\t'
check "mso-hide:all dropped" absent "$GD_TMP/we" "隐藏的段落"
check_eq "no empty <o:p> paragraphs (6 with content)" 6 "$($IR count "$GD_TMP/word-export.json" paragraph)"
check_contains "fallback image of <![if !vml]>" <($IR images "$GD_TMP/word-export.json") \
    $'report.files/image001.png\t图表\t90\t60'
check_eq "one image (VML shape dropped)" 1 "$($IR count "$GD_TMP/word-export.json" image)"
check_contains "Word font kept" "$GD_TMP/word-export.json" '"font": "仿宋_GB2312"'
check "unknown Office tags are not warnings" absent "$GD_TMP/word-export.err" "o:p invalid"

# --- Word list paragraphs (mso-list) --------------------------------------
check "word lists convert" conv word-lists
python3 - "$GD_TMP/word-lists.json" >"$GD_TMP/wl" <<'PY'
import json, sys
def text(n):
    if n.get("type") == "text":
        return n["text"]
    return "".join(text(c) for k in ("inlines", "blocks") for c in n.get(k, []))
def show(n, ind=0):
    if n["type"] == "list":
        print("%slist ordered=%s start=%s" % (" " * ind, n["ordered"], n["start"]))
        for it in n["items"]:
            for b in it["blocks"]:
                show(b, ind + 2)
    else:
        print("%s%s %s: %s" % (" " * ind, n["type"], n.get("level", ""), text(n)))
for b in json.load(open(sys.argv[1]))["blocks"]:
    show(b)
PY
cat >"$GD_TMP/wl.expected" <<'TXT'
paragraph : 列表之前的段落
list ordered=False start=1
  paragraph : 项目甲
  list ordered=False start=1
    paragraph : 子项目甲一
    paragraph : 子项目甲二
  paragraph : 项目乙
paragraph : 两个列表之间的段落
list ordered=True start=3
  paragraph : 第三步
  paragraph : 第四步
heading 2: 一、总体情况
heading 3: （一）主动公开
TXT
check "Word lists: bullets, levels, numbers; Chinese numbering stays text" \
    diff -u "$GD_TMP/wl.expected" "$GD_TMP/wl"
check "word-lists=false keeps the markers as text" "$GD_CLI" convert -q -f html \
    -O html.word-lists=false -o "$GD_TMP/wl-off.json" "$FX/word-lists.html"
check_eq "no lists with word-lists=false" 0 "$($IR count "$GD_TMP/wl-off.json" list)"
check_contains "marker kept as text" <($IR text "$GD_TMP/wl-off.json") "3. 第三步"

# --- Word footnotes and endnotes --------------------------------------------
check "word notes convert" conv word-notes
check "notes read where referenced" python3 -c '
import json,sys
b=json.load(open(sys.argv[1]))["blocks"]
assert len(b)==2, "the note lists at the end are not repeated: %d blocks" % len(b)
def notes(p): return [i for i in p["inlines"] if i["type"]=="note"]
n1, n2 = notes(b[0]), notes(b[1])
assert len(n1)==1 and n1[0]["attrs"]["kind"]=="footnote"
assert len(n2)==1 and n2[0]["attrs"]["kind"]=="endnote"
t=lambda n: "".join(i.get("text","") for p in n["blocks"] for i in p["inlines"])
assert t(n1[0])=="指《中华人民共和国政府信息公开条例》。", t(n1[0])
assert t(n2[0])=="尾注内容。", t(n2[0])
s=json.dumps(b, ensure_ascii=False)
assert "[1]" not in s and "[i]" not in s, "reference marks left"
' "$GD_TMP/word-notes.json"
check_eq "text around the reference" "依据《条例》编制本报告。" \
    "$(python3 -c 'import json,sys; print("".join(i.get("text","") for i in json.load(open(sys.argv[1]))["blocks"][0]["inlines"]))' "$GD_TMP/word-notes.json")"

# --- nested tables and huge spans -----------------------------------------
# huge spans: the conversion finishing is the test (no wall-clock limit: a
# loaded machine's time is not a result; ctest's timeout catches a hang)
check "nested tables and huge spans convert" conv nested-tables
$IR tables "$GD_TMP/nested-tables.json" >"$GD_TMP/nt"
check_contains "outer header row" "$GD_TMP/nt" "r0 header: [外层表头甲 th] [外层表头乙 th]"
check_contains "nested table inside the cell" "$GD_TMP/nt" "r1: [外层单元格] [内层甲|内层乙|内层合并]"
check_contains "inner table" "$GD_TMP/nt" "r1: [内层合并 span=2]"
check_contains "colspan=1000000 clamped to 1000" "$GD_TMP/nt" "r0: [巨大的列合并 span=1000]"
check "huge rowspan clamped to the table" grep -qF "[巨大的行合并] [三]" "$GD_TMP/nt"
check_contains "one-cell layout table read as a paragraph" "$GD_TMP/nested-tables.json" '"text": "只有一个单元格的布局表格"'
check_eq "three real tables" 3 "$($IR count "$GD_TMP/nested-tables.json" table)"

# --- images: data: URI → resource, remote → URL, never fetched ------------
check "images convert" conv images
$IR images "$GD_TMP/images.json" >"$GD_TMP/img"
check_contains "data: URI image is a resource" <($IR resources "$GD_TMP/images.json") $'res1\timage/png\t70'
check_contains "image points at the resource, size in points" "$GD_TMP/img" $'res1\t一像素\t75\t37.5'
check_contains "remote image kept as its URL" "$GD_TMP/img" $'http://www.example.gov.cn/images/chart.png\t远程图表'
check_contains "relative image and CSS size" "$GD_TMP/img" $'report.files/image002.jpg\t\t144\t72'
check_contains "lazy-loaded image" "$GD_TMP/img" "https://cdn.example.com/lazy.jpg"
check_eq "one resource only" 1 "$($IR resources "$GD_TMP/images.json" | wc -l)"
check_contains "non-image data: URI warned" "$GD_TMP/images.err" "not a known image type"
check_contains "link kept" <($IR links "$GD_TMP/images.json") $'https://www.example.gov.cn/zwgk/\t政务公开'
check "javascript: link dropped" absent <($IR links "$GD_TMP/images.json") "javascript"
check_contains "javascript: link text kept" <($IR text "$GD_TMP/images.json") "脚本链接"

# --- script/style/... dropped, &nbsp; runs normalised ---------------------
check "noise converts" conv noise
$IR text "$GD_TMP/noise.json" >"$GD_TMP/noise.txt"
for junk in 样式表文字 脚本文字 正文脚本文字 无脚本提示文字 模板文字 框架文字 对象文字 选项文字 文本框文字; do
    check "'$junk' dropped" absent "$GD_TMP/noise.txt" "$junk"
done
check_eq "paragraphs after the noise" "正文第一段。|正文 第二段|缩进的第三段|全角空格缩进的第四段" \
    "$(paste -sd'|' "$GD_TMP/noise.txt")"
