/* Unit tests of the HTML reader's pure helpers: the heading heuristic,
 * charset sniffing, style attributes, data: URIs and the probe. */
#include "hr_util.h"
#include "gd_check.h"

#include <govdoc/gd_types.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int level(const char *s, bool bold, bool after)
{
    return hr_heading_level(s, strlen(s), bold, after);
}

static void test_headings(void)
{
    CHECK(level("一、总体情况", false, false) == 2);
    CHECK(level("二、主动公开政府信息情况", true, false) == 2);
    CHECK(level("四、政府信息公开行政复议、行政诉讼情况", false, false) == 2);
    CHECK(level("十二、其他事项", false, false) == 2);
    CHECK(level("（一）主动公开", false, true) == 3);
    CHECK(level("(二)依申请公开", false, true) == 3);
    /* "（一）" is evidence only after a "一、" heading. */
    CHECK(level("（一）主动公开", true, false) == 0);
    /* Prose that starts with a number is not a heading. */
    CHECK(level("一、坚持高位推动，压实工作责任。", false, false) == 0);
    CHECK(level("（三）政府信息管理方面，我们做了大量工作。", true, true) == 0);
    CHECK(level("一、", false, false) == 0);
    CHECK(level("一二三四、太多数字", false, false) == 0);
    CHECK(level("第一章 总则", false, false) == 0);
    CHECK(level("1.属于国家秘密", false, true) == 0);
    CHECK(
        level(
            "四、这一段以编号开头但是非常非常长超过了四十个字符的限制所以它不应被识别为标题啊对吧",
            false, false) == 0);
    /* Long (一) headings need to be bold. */
    CHECK(level("（二）依申请公开工作情况以及其他需要说明的内容", false, true) == 0);
    CHECK(level("（二）依申请公开工作情况以及其他需要说明的内容", true, true) == 3);
}

static const char *sniff(const char *s)
{
    static char buf[64];
    return hr_sniff_charset((const uint8_t *)s, strlen(s), buf, sizeof buf);
}

static bool eq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static void test_sniff(void)
{
    CHECK(eq(sniff("<html><head><meta charset=\"gb2312\"></head>"), "gb2312"));
    CHECK(
        eq(sniff("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=GBK\">"), "GBK"));
    CHECK(eq(sniff("<meta content='text/html;charset=big5' http-equiv='content-type'>"), "big5"));
    CHECK(eq(sniff("<meta charset=utf-8>"), "utf-8"));
    CHECK(sniff("<!-- <meta charset=\"gb2312\"> --><p>x</p>") == NULL);
    CHECK(sniff("<meta name=\"keywords\" content=\"charset=gbk\">") == NULL);
    CHECK(eq(sniff("<?xml version=\"1.0\" encoding=\"GB18030\"?><html>"), "GB18030"));
    /* A page readable as ASCII that says UTF-16 is not UTF-16. */
    CHECK(eq(sniff("<meta charset=\"utf-16\">"), "UTF-8"));
    static const uint8_t le[] = {'<', 0, 'h', 0, 't', 0, 'm', 0};
    char buf[64];
    CHECK(eq(hr_sniff_charset(le, sizeof le, buf, sizeof buf), "UTF-16LE"));
    char *big = malloc(6000);
    memset(big, ' ', 6000);
    memcpy(big + 5000, "<meta charset=gbk>", 18);
    CHECK(hr_sniff_charset((const uint8_t *)big, 6000, buf, sizeof buf) == NULL);
    free(big);
}

static void test_css(void)
{
    hr_css c;
    hr_css_parse(&c, "font-weight:bold; font-style: italic");
    CHECK(c.set_style == (GD_STYLE_BOLD | GD_STYLE_ITALIC));
    hr_css_parse(&c, "FONT-WEIGHT: 700 !important");
    CHECK(c.set_style == GD_STYLE_BOLD);
    hr_css_parse(&c, "font-weight:normal");
    CHECK(c.clear_style == GD_STYLE_BOLD && c.set_style == 0);
    hr_css_parse(&c, "text-decoration: underline line-through");
    CHECK(c.set_style == (GD_STYLE_UNDERLINE | GD_STYLE_STRIKE));
    hr_css_parse(&c, "vertical-align:super");
    CHECK(c.set_style == GD_STYLE_SUPERSCRIPT);
    hr_css_parse(&c, "text-align:center");
    CHECK(c.align == HR_ALIGN_CENTER);
    hr_css_parse(&c, "display:none");
    CHECK(c.hidden);
    hr_css_parse(&c, "mso-hide:all");
    CHECK(c.hidden);
    hr_css_parse(&c, "page-break-before:always");
    CHECK(c.page_break);
    hr_css_parse(&c, "margin-left:18.0pt;mso-list:l0 level2 lfo3");
    CHECK(c.mso_list && c.mso_level == 2 && c.mso_list_id == 3);
    hr_css_parse(&c, "mso-list:Ignore");
    CHECK(c.mso_ignore && !c.mso_list);
    hr_css_parse(&c, "font-family:\"Times New Roman\",serif;mso-fareast-font-family:仿宋_GB2312");
    CHECK(eq(c.font, "仿宋_GB2312"));
    hr_css_parse(&c, "font-family:'仿宋_GB2312', serif");
    CHECK(eq(c.font, "仿宋_GB2312"));
    hr_css_parse(&c, "font-family: serif");
    CHECK(c.font[0] == 0);
    hr_css_parse(&c, "width:2in;height:72pt");
    CHECK(c.width_pt == 144 && c.height_pt == 72);
    hr_css_parse(&c, "content:'a;b'; font-weight:bold");
    CHECK(c.set_style == GD_STYLE_BOLD);
    CHECK(hr_css_length_pt("100", 3, true) == 75);
    CHECK(hr_css_length_pt("50%", 3, true) == 0);
    CHECK(hr_css_length_pt("2.54cm", 6, false) > 71.99 &&
          hr_css_length_pt("2.54cm", 6, false) < 72.01);
}

static void test_data_uri(void)
{
    char mime[64];
    uint8_t *b;
    size_t n;
    const char *png = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADU"
                      "lEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";
    CHECK(hr_data_uri_decode(png, mime, sizeof mime, &b, &n) && eq(mime, "image/png") && n == 70);
    free(b);
    /* The bytes decide the type, not the label. */
    const char *mislabeled = "data:image/jpeg;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ";
    CHECK(hr_data_uri_decode(mislabeled, mime, sizeof mime, &b, &n) && eq(mime, "image/png"));
    free(b);
    CHECK(hr_data_uri_decode("data:image/svg+xml,%3Csvg%20xmlns%3D%22x%22%2F%3E", mime, sizeof mime,
                             &b, &n) &&
          eq(mime, "image/svg+xml") && n == 16);
    free(b);
    CHECK(!hr_data_uri_decode("data:text/plain;base64,aGVsbG8=", mime, sizeof mime, &b, &n));
    CHECK(!hr_data_uri_decode("data:image/png;base64", mime, sizeof mime, &b, &n));
    CHECK(!hr_data_uri_decode("http://example.com/a.png", mime, sizeof mime, &b, &n));
}

static int probe(const char *s, size_t n)
{
    return hr_probe_score((const uint8_t *)s, n);
}

static void test_probe(void)
{
    CHECK(probe("<!DOCTYPE html><html>", 21) == GD_PROBE_LIKELY);
    CHECK(probe("\xEF\xBB\xBF  <!-- x --> <HTML lang=zh>", 30) == GD_PROBE_LIKELY);
    CHECK(probe("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">", 64) ==
          GD_PROBE_LIKELY);
    CHECK(probe("<?xml version=\"1.0\"?><doc/>", 27) == GD_PROBE_NONE);
    CHECK(probe("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>", 55) ==
          GD_PROBE_LIKELY);
    CHECK(probe("\xFF\xFE\0\0<\0\0\0h\0\0\0t\0\0\0m\0\0\0l\0\0\0>\0\0\0", 28) == GD_PROBE_LIKELY);
    CHECK(probe("\xFF\xFE<\0h\0t\0m\0l\0>\0", 14) == GD_PROBE_LIKELY);
    CHECK(probe("<table><tr><td>x</td></tr></table>", 34) >= GD_PROBE_POSSIBLE);
    CHECK(probe("本报告依据条例编制。\n一、总体情况\n", 40) == GD_PROBE_NONE);
    CHECK(probe("Version:0.9\r\nStartHTML:0000000105\r\n<html>", 41) == GD_PROBE_LIKELY);
}

static int marker(const char *s, int *start)
{
    return hr_marker_kind(s, strlen(s), start);
}

static void test_markers(void)
{
    int st;
    CHECK(marker("\xC2\xA0\xC2\xA0·\xC2\xA0 ", &st) == HR_MARKER_BULLET);
    CHECK(marker("\xEF\x82\xB7", &st) == HR_MARKER_BULLET); /* U+F0B7, Symbol font */
    CHECK(marker("o", &st) == HR_MARKER_BULLET);
    CHECK(marker("3.", &st) == HR_MARKER_ORDERED && st == 3);
    CHECK(marker("(12)", &st) == HR_MARKER_ORDERED && st == 12);
    CHECK(marker("b)", &st) == HR_MARKER_ORDERED && st == 2);
    CHECK(marker("iv.", &st) == HR_MARKER_ORDERED && st == 4);
    CHECK(marker("2.1.3", &st) == HR_MARKER_ORDERED && st == 3);
    CHECK(marker("\n\t1.1\xC2\xA0\xC2\xA0\n", &st) == HR_MARKER_ORDERED && st == 1);
    /* Chinese numbering stays text. */
    CHECK(marker("一、", &st) == HR_MARKER_NONE);
    CHECK(marker("（一）", &st) == HR_MARKER_NONE);
    CHECK(marker("1、", &st) == HR_MARKER_NONE);
    CHECK(marker("①", &st) == HR_MARKER_NONE);
    CHECK(marker("", &st) == HR_MARKER_NONE);
    CHECK(marker("Chapter 1.", &st) == HR_MARKER_NONE);
}

int main(void)
{
    test_headings();
    test_sniff();
    test_css();
    test_data_uri();
    test_probe();
    test_markers();
    return gd_check_summary("html-reader.unit");
}
