/* HTML writer tests against the real plugin, loaded by the core:
 *
 *   hw_test <govdoc-html.so> <golden dir> <output dir>
 *
 * Renders the fixtures (hw_fixtures.c) through gd_write_sink, checks the
 * markup that matters (spans from the grid, escaping, URL safety, notes,
 * images, check marks, options), compares the stylesheet-less renderings
 * with golden files (GD_UPDATE_GOLDEN=1 rewrites them) and leaves the full
 * pages in <output dir> for the tidy and Chromium tests. */
#define _POSIX_C_SOURCE 200809L
#include "hw_fixtures.h"
#include "gd_check.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char *golden_dir, *out_dir;
static gd_registry *reg;

typedef struct warnings {
    char text[4096];
    int count;
} warnings;

static void on_warning(const char *file, const char *msg, void *payload)
{
    (void)file;
    warnings *w = payload;
    w->count++;
    size_t n = strlen(w->text);
    snprintf(w->text + n, sizeof w->text - n, "%s\n", msg);
}

/* Renders `doc` as HTML with "html.k=v" options; returns a malloc'ed
 * NUL-terminated page (NULL on failure, with the status printed). */
static char *render(const gd_doc *doc, const char *const *opts, size_t nopts, warnings *w)
{
    gd_sink *sink;
    if (gd_sink_new_memory(&sink) != GD_OK) return NULL;
    gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
    o.options = opts;
    o.option_count = nopts;
    o.on_warning = on_warning;
    warnings scratch = {{0}, 0};
    o.payload = w ? w : &scratch;
    gd_status st = {0};
    char *out = NULL;
    if (gd_options_check(&st, reg, &o) == GD_OK &&
        gd_write_sink(&st, reg, doc, sink, "html", &o) == GD_OK) {
        size_t len;
        const uint8_t *data = gd_sink_memory_data(sink, &len);
        out = malloc(len + 1);
        if (out) {
            memcpy(out, data, len);
            out[len] = 0;
        }
    } else {
        fprintf(stderr, "render failed: %s\n", st.message ? st.message : "?");
    }
    gd_status_clear(&st);
    gd_sink_free(sink);
    return out;
}

static size_t count(const char *hay, const char *needle)
{
    size_t n = 0, k = strlen(needle);
    for (const char *p = hay; (p = strstr(p, needle)); p += k) n++;
    return n;
}

static bool has(const char *hay, const char *needle)
{
    return hay && strstr(hay, needle) != NULL;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) buf[n] = 0;
    if (len) *len = (size_t)n;
    return buf;
}

static void spit(const char *dir, const char *name, const char *text)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(text, 1, strlen(text), f) != strlen(text)) {
        fprintf(stderr, "cannot write %s\n", path);
        gd_failures++;
    }
    if (f) fclose(f);
}

/* Compares with golden/<name>; GD_UPDATE_GOLDEN=1 rewrites it. */
static void golden(const char *name, const char *html)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", golden_dir, name);
    const char *upd = getenv("GD_UPDATE_GOLDEN");
    if (upd && *upd == '1') {
        spit(golden_dir, name, html);
        return;
    }
    char *want = slurp(path, NULL);
    CHECK(want != NULL, "golden file %s missing (GD_UPDATE_GOLDEN=1 makes it)", path);
    if (!want) return;
    bool same = strcmp(want, html) == 0;
    CHECK(same, "%s differs from its golden file (output left in %s/%s)", name, out_dir, name);
    if (!same) spit(out_dir, name, html);
    free(want);
}

/* The <table>…</table> of template table `tt` (malloc'ed). */
static char *table_html(const char *html, const char *tt)
{
    char key[64];
    snprintf(key, sizeof key, "gd-template-%s\"", tt);
    const char *s = strstr(html, key);
    if (!s) return NULL;
    const char *e = strstr(s, "</table>");
    if (!e) return NULL;
    size_t n = (size_t)(e - s);
    char *t = malloc(n + 1);
    memcpy(t, s, n);
    t[n] = 0;
    return t;
}

/* Number of cells (<th or <td) in each <tr> of `t`, into cells[]. */
static int cells_per_row(const char *t, int *cells, int max)
{
    int rows = 0;
    for (const char *p = strstr(t, "<tr>"); p && rows < max; rows++) {
        const char *next = strstr(p + 4, "<tr>");
        const char *end = strstr(p, "</tr>");
        int n = 0;
        for (const char *q = p; q && q < end; q++)
            if (q[0] == '<' && q[1] == 't' && (q[2] == 'd' || q[2] == 'h') &&
                (q[3] == ' ' || q[3] == '>'))
                n++;
        cells[rows] = n;
        p = next;
    }
    return rows;
}

/* ---- the standard layout ---- */

static void test_standard(void)
{
    gd_doc *doc = fixture_standard();
    const char *const bare[] = {"html.stylesheet=none"};
    char *html = render(doc, bare, 1, NULL);
    CHECK(html != NULL, "standard fixture renders");
    if (!html) return;
    golden("standard.html", html);

    /* the six sections, in order, as <section id=sN> */
    const char *prev = html;
    for (int i = 1; i <= 6; i++) {
        char key[64];
        snprintf(key, sizeof key, "<section class=\"gd-section\" id=\"s%d\">", i);
        const char *at = strstr(html, key);
        CHECK(at && at > prev, "section s%d present and in order", i);
        if (at) prev = at;
    }
    CHECK(count(html, "<section") == 6 && count(html, "</section>") == 6, "sections balanced");
    CHECK(has(html, "<h1 class=\"title\" style=\"text-align: center\">某某县人民政府2023年"),
          "title heading");
    CHECK(has(html, "<title>某某县人民政府2023年政府信息公开工作年度报告</title>"), "<title>");

    /* table 三: every row has the cells the template draws */
    char *t3 = table_html(html, "table3");
    CHECK(t3 != NULL, "table3 rendered with its template class");
    if (t3) {
        /* r5, r7, r15, r18, r23 start a rowspan label as well */
        static const int want[28] = {2, 3, 5, 8, 8, 9, 8, 9, 8, 8, 8, 8, 8, 8,
                                     8, 9, 8, 8, 9, 8, 8, 8, 8, 9, 8, 8, 8, 8};
        int got[40];
        int rows = cells_per_row(t3, got, 40);
        CHECK(rows == 28, "table3 has 28 rows, got %d", rows);
        for (int r = 0; r < rows && r < 28; r++)
            CHECK(got[r] == want[r], "table3 row %d: %d cells, want %d", r, got[r], want[r]);
        CHECK(has(t3, "<th scope=\"colgroup\" rowspan=\"3\" colspan=\"3\">（本列数据的勾稽关系为"),
              "the 3x3 note cell");
        CHECK(has(t3, "<th rowspan=\"22\">三、本年度办理结果</th>"),
              "三、本年度办理结果 rowspan 22");
        CHECK(has(t3, "<th scope=\"colgroup\" colspan=\"5\">法人或其他组织</th>"),
              "法人 colspan 5");
        CHECK(has(t3, "<th scope=\"col\" rowspan=\"2\">自然人</th>"), "自然人 rowspan 2");
        CHECK(has(t3, "<th rowspan=\"8\">（三）不予公开</th>"), "（三） rowspan 8");
        CHECK(has(t3, "<th rowspan=\"5\">（五）不予处理</th>"), "（五） rowspan 5");
        CHECK(has(t3, "<th scope=\"col\"><p>商业</p>\n<p>企业</p>\n</th>"), "商业|企业 two lines");
        CHECK(count(t3, "<thead>") == 1 && has(t3, "</thead>\n<tbody>\n<tr>\n<th scope=\"row\" "
                                                   "colspan=\"3\">一、本年新收"),
              "rows r0-r2 are <thead>, 一 starts <tbody>");
        CHECK(count(t3, "<col ") == 10, "one <col> per grid column");
        /* blank stays blank, never 0 */
        CHECK(has(t3, "<td data-field=\"t3.r3.c8\"></td>"), "blank cell stays empty");
        CHECK(count(t3, "data-field=") == 175, "175 data cells, got %zu", count(t3, "data-field="));
        /* failed checks: class, title, reference, in document order */
        CHECK(
            has(t3,
                "<td id=\"gd-cell-1\" class=\"gd-check-failed\" title=\"勾稽关系不成立（自然人）"),
            "first marked cell");
        CHECK(count(t3, "class=\"gd-check-failed\"") == 5, "5 marked cells, got %zu",
              count(t3, "class=\"gd-check-failed\""));
        CHECK(has(t3, "data-field=\"t3.r26.c10\">6<sup class=\"gd-check-ref\"><a "
                      "href=\"#gd-check-3\">※3</a></sup><sup class=\"gd-check-ref\"><a "
                      "href=\"#gd-check-2\">※2</a></sup></td>"),
              "a cell with two messages shows two references");
        free(t3);
    }
    /* the findings list right after table 三, each message once */
    const char *list = strstr(html, "<div class=\"gd-checks\" role=\"note\">");
    CHECK(list && list > strstr(html, "gd-template-table3"), "findings list after table3");
    CHECK(count(html, "<li id=\"gd-check-") == 3, "3 distinct messages");
    CHECK(has(html, "<li id=\"gd-check-1\" value=\"1\">勾稽关系不成立（自然人）：一、本年新收 5 + "
                    "二、上年结转 0 = 5，三（七）总计 4 + 四、结转下年度 0 = 4 <a "
                    "class=\"gd-check-back\" href=\"#gd-cell-1\" title=\"单元格 1\">↩</a>"),
          "finding 1 with its first back-link");
    CHECK(has(html, "href=\"#gd-cell-5\" title=\"单元格 4\">↩<sup>4</sup></a></li>"),
          "finding 1 links back to all four cells");

    /* table 二 and 四: the template's spans */
    char *t2 = table_html(html, "table2"), *t4 = table_html(html, "table4");
    CHECK(t2 && count(t2, "colspan=\"4\"") == 4 && count(t2, "colspan=\"3\"") == 7,
          "table2 block rows span 4, single values span 3");
    CHECK(t2 && has(t2, "data-field=\"t2.r13.c2\">5949.088667</td>"), "decimal amount kept");
    CHECK(t2 && has(t2, "<td colspan=\"3\" data-field=\"t2.r6.c2\"></td>"), "blank 行政许可");
    if (t4) {
        int got[8];
        int rows = cells_per_row(t4, got, 8);
        CHECK(rows == 4 && got[0] == 2 && got[1] == 7 && got[2] == 10 && got[3] == 15,
              "table4 rows have 2/7/10/15 cells");
        CHECK(has(t4, "<th scope=\"colgroup\" colspan=\"5\">行政复议</th>"), "行政复议 colspan 5");
        CHECK(has(t4, "<th scope=\"colgroup\" colspan=\"10\">行政诉讼</th>"),
              "行政诉讼 colspan 10");
        CHECK(count(t4, "rowspan=\"2\"") == 5, "five 复议 labels span 2 rows");
    } else {
        CHECK(false, "table4 rendered");
    }
    free(t2);
    free(t4);
    free(html);

    /* publishing: no marks at all */
    const char *const publish[] = {"html.checks=false"};
    html = render(doc, publish, 1, NULL);
    const char *body = html ? strstr(html, "</style>") : NULL;
    CHECK(body && !has(body, "gd-check-failed") && !has(body, "gd-check-ref") &&
              !has(body, "gd-checks") && !has(body, "勾稽关系不成立") && !has(body, "title=\""),
          "checks=false leaves no mark and no message");
    CHECK(html && has(html, "<td data-field=\"t3.r26.c10\">6</td>"), "the value itself stays");
    if (html) spit(out_dir, "standard-publish.html", html);
    free(html);

    /* the full page, for tidy and Chromium */
    html = render(doc, NULL, 0, NULL);
    CHECK(html && has(html, "<style>\n/* govdoc") && has(html, "@page"), "stylesheet embedded");
    if (html) spit(out_dir, "standard.html", html);
    free(html);
    gd_doc_free(doc);
}

/* ---- any document ---- */

static void test_generic(void)
{
    gd_doc *doc = fixture_generic();
    const char *const bare[] = {"html.stylesheet=none"};
    warnings w = {{0}, 0};
    char *html = render(doc, bare, 1, &w);
    CHECK(html != NULL, "generic fixture renders");
    if (!html) return;
    golden("generic.html", html);

    static const char head[] =
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n";
    CHECK(strncmp(html, head, sizeof head - 1) == 0, "doctype, lang, charset first");
    CHECK(has(html, "<title>通用文档 &lt;测试&gt; &amp; \"引号\" 第二行</title>"),
          "title from metadata, escaped, one line");
    CHECK(has(html, "<meta name=\"author\" content=\"办公室 &lt;ad@example.org&gt;\">"),
          "author escaped in an attribute");
    CHECK(!has(html, "<script") && !has(html, "<b>") &&
              has(html, "<h1>一级标题 &lt;h1&gt; &amp; 转义</h1>"),
          "no markup from text");
    CHECK(has(html, "a &lt; b &amp;&amp; c &gt; d \"q\" 'a' &lt;script&gt;alert(1)&lt;/script&gt;"),
          "text escaped");
    CHECK(has(html, "<strong>粗体<em>粗斜</em></strong><em>斜体</em>"), "nested styles merge");
    CHECK(has(html,
              "<u>下划线</u><del>删除</del>m<sup>2</sup>H<sub>2</sub>O <code>code&lt;x&gt;</code>"),
          "style tags");
    CHECK(has(html, "控制字符[]"), "control characters dropped");
    CHECK(has(html, "<br>\n换行之后"), "line break");

    /* links */
    CHECK(has(html, "<a href=\"https://example.org/a%20b?q=1&amp;r=2\">安全链接</a>"),
          "safe link encoded and escaped");
    CHECK(!has(html, "javascript:") && !has(html, "JaVa") && !has(html, "vbscript:") &&
              !has(html, "data:text"),
          "unsafe link targets gone");
    CHECK(has(html, "坏链接一 坏链接二 坏链接三 坏链接四"), "their text kept");
    CHECK(has(html, "<a href=\"report.html#s3\">相对链接</a>"), "relative link");
    CHECK(has(html, "<a href=\"mailto:office@example.gov.cn\">"), "mailto link");
    CHECK(has(html, "<a href=\"#top\">"), "fragment link");
    CHECK(has(html, "<a href=\"http://example.org/%22%3E%3Cscript%3E\">"), "quote in URL encoded");
    CHECK(has(w.text, "4 unsafe link target(s) dropped"), "one warning for dropped links: %s",
          w.text);
    CHECK(has(w.text, "2 unsafe image source(s) dropped"), "one warning for dropped images");
    CHECK(has(w.text, "is not an image"), "non-image resource warned");

    /* notes */
    CHECK(has(html, "正文带脚注<sup class=\"gd-fnref\"><a href=\"#gd-fn-1\" id=\"gd-fnref-1\" "
                    "role=\"doc-noteref\">1</a></sup>，再一个"),
          "note reference in place");
    CHECK(count(html, "role=\"doc-noteref\"") == 3, "three note references");
    const char *notes = strstr(html, "<section class=\"gd-footnotes\"");
    CHECK(notes && notes > strstr(html, "横向合并三列"), "notes section at the end");
    CHECK(has(html, "<li id=\"gd-fn-1\"><p>脚注一，含 &lt;b&gt;标签&lt;/b&gt;。 <a "
                    "href=\"#gd-fnref-1\" class=\"gd-footnote-back\""),
          "note 1 with its back-link in its paragraph");
    CHECK(has(html, "<p>第二个脚注第一段。</p>\n<p>第二个脚注第二段。 <a href=\"#gd-fnref-2\""),
          "back-link ends the last paragraph");
    CHECK(has(html, "<li>脚注里的列表</li>\n</ul>\n<p> <a href=\"#gd-fnref-3\""),
          "back-link after a note that ends in a list");

    /* images */
    CHECK(has(html, "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSnc"
                    "AAAAEUlEQVR42mM4ISeHFTEMLQkAkL9BAc9woTwAAAAASUVORK5CYII=\" alt=\"示意图 "
                    "&quot;引号&quot; &lt;图&gt;\" width=\"96\" height=\"48\">"),
          "resource embedded as a data: URI, size in px");
    CHECK(has(html, "<img src=\"https://example.org/i.png\" alt=\"外部图片\">"), "external image");
    CHECK(has(html, "<img src=\"data:image/png;base64,iVBORw0KGgo=\" alt=\"内联图片\">"),
          "data:image allowed for images");
    CHECK(has(html, "<span class=\"gd-image-alt\">坏图片</span>") &&
              has(html, "<span class=\"gd-image-alt\">坏内联</span>") &&
              has(html, "<span class=\"gd-image-alt\">不是图片</span>") &&
              has(html, "<span class=\"gd-image-alt\">矢量图</span>"),
          "dropped images leave their alt text");
    CHECK(!has(html, "image/x-emf") && has(w.text, "cannot be shown by browsers"),
          "an EMF picture is not embedded (browsers cannot draw it), with a warning");

    /* blocks */
    CHECK(!has(html, "<p></p>") && !has(html, "<p>\xe3\x80\x80") && !has(html, "<h3>"),
          "empty paragraphs and headings dropped");
    CHECK(has(html, "<ul>\n<li>紧凑项</li>\n<li><p>两段项第一段</p>\n<p>两段项第二段</p>\n<ol "
                    "start=\"3\">\n<li>从三开始</li>"),
          "lists: tight items, loose items, start");
    CHECK(has(html, "<blockquote>\n<p>引文 &lt;q&gt;</p>\n</blockquote>"), "block quote");
    CHECK(has(html, "<pre><code>int main(void) {\n    return a &lt; b &amp;&amp; c; /* "
                    "&lt;/pre&gt; */</code></pre>"),
          "code block: text only, escaped");
    CHECK(has(html, "<div class=\"textbox ok-2\">"), "only clean class names");
    CHECK(has(html, "<hr class=\"gd-page-break\">"), "page break");

    /* generic table: spans from the grid, nested table, blank cell */
    CHECK(has(html, "<th rowspan=\"2\">纵向合并</th>"), "rowspan");
    CHECK(has(html, "<td colspan=\"3\">横向合并三列</td>"), "colspan");
    CHECK(has(html, "<td></td>"), "blank cell");
    CHECK(has(html, "<td style=\"text-align: right\"><div class=\"gd-table-wrap\">\n<table "
                    "class=\"gd-table\">"),
          "nested table in an aligned cell");
    CHECK(has(html, "<td>&lt;td&gt;</td>"), "cell text escaped");
    free(html);

    /* the opt-in keeps unsafe URLs (still escaped) */
    const char *const unsafe[] = {"html.allow-unsafe-urls=true"};
    html = render(doc, unsafe, 1, NULL);
    CHECK(html && has(html, "<a href=\"javascript:alert(1)\">坏链接一</a>") &&
              has(html, "<a href=\"data:text/html,%3Cscript%3Ealert(1)%3C/script%3E\">"),
          "allow-unsafe-urls keeps them, encoded");
    free(html);

    /* a fragment for a site's own template */
    const char *const frag[] = {"html.standalone=false"};
    html = render(doc, frag, 1, NULL);
    CHECK(html && strncmp(html, "<div class=\"gd-document\">\n", 26) == 0 && !has(html, "<html") &&
              !has(html, "<style") && strcmp(html + strlen(html) - 7, "</div>\n") == 0,
          "standalone=false gives a <div>");
    free(html);

    /* an extra stylesheet link; an unsafe one is refused */
    const char *const css[] = {"html.css=/static/site.css"};
    html = render(doc, css, 1, NULL);
    CHECK(html && has(html, "</style>\n<link rel=\"stylesheet\" href=\"/static/site.css\">"),
          "css link after the embedded stylesheet");
    if (html) spit(out_dir, "generic.html", html);
    free(html);
    const char *const badcss[] = {"html.css=javascript:alert(1)"};
    html = render(doc, badcss, 1, NULL);
    CHECK(html && !has(html, "<link"), "unsafe css URL refused");
    free(html);
    gd_doc_free(doc);
}

/* images=files: side files next to the output, through gd_write_file */
static void test_side_files(void)
{
    gd_doc *doc = fixture_generic();
    char dir[4096], page[4200], img[4300];
    snprintf(dir, sizeof dir, "%s/side", out_dir);
    mkdir(dir, 0777);
    snprintf(page, sizeof page, "%s/年报 page.html", dir);
    snprintf(img, sizeof img, "%s/年报 page_files/res1.png", dir);
    remove(img);
    gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
    const char *const opts[] = {"html.images=files"};
    o.options = opts;
    o.option_count = 1;
    gd_status st = {0};
    int rc = gd_write_file(&st, reg, doc, page, &o);
    CHECK(rc == GD_OK, "images=files writes: %s", st.message ? st.message : "");
    gd_status_clear(&st);
    size_t len = 0;
    char *bytes = slurp(img, &len);
    CHECK(bytes && len == fixture_png_len && memcmp(bytes, fixture_png, len) == 0,
          "side file holds the image bytes");
    free(bytes);
    char *html = slurp(page, NULL);
    CHECK(html && has(html, "<img src=\"%E5%B9%B4%E6%8A%A5%20page_files/res1.png\" alt="),
          "src is the side file, relative and percent-encoded");
    CHECK(html && !has(html, "base64,iVBORw0KGgoAAAANSUhEUgAAAAgA"), "not embedded");
    free(html);

    /* no output file (a memory sink): falls back to embedding, with a warning */
    warnings w = {{0}, 0};
    html = render(doc, opts, 1, &w);
    CHECK(html && has(html, "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAgA") &&
              has(w.text, "images=files needs an output file"),
          "images=files without an output file embeds");
    free(html);
    gd_doc_free(doc);
}

static void test_long_and_deep(void)
{
    gd_doc *doc = fixture_long_table();
    char *html = render(doc, NULL, 0, NULL);
    CHECK(html && count(html, "<tr>") == 91 && count(html, "<thead>") == 1,
          "long table: 91 rows, one header");
    if (html) spit(out_dir, "long-table.html", html);
    free(html);
    gd_doc_free(doc);

    doc = fixture_deep();
    html = render(doc, NULL, 0, NULL);
    CHECK(html && count(html, "<blockquote>") == 240 && count(html, "</blockquote>") == 240,
          "240 nested block quotes");
    CHECK(html && count(html, "<table") == 80 && has(html, "最内层表格"), "80 nested tables");
    if (html) spit(out_dir, "deep.html", html);
    free(html);
    gd_doc_free(doc);

    /* an empty document is still a valid page */
    gd_doc *empty;
    gd_doc_new(&empty);
    html = render(empty, NULL, 0, NULL);
    CHECK(html && has(html, "<title>文档</title>") &&
              has(html, "<main class=\"gd-document\">\n</main>"),
          "empty document");
    if (html) spit(out_dir, "empty.html", html);
    free(html);
    gd_doc_free(empty);
}

/* Random documents: they render, and tidy.sh validates every page. */
static void test_random(void)
{
    int ok = 0;
    const char *env = getenv("HW_RANDOM_COUNT"); /* more, for a longer local run */
    unsigned n = env && atoi(env) > 0 ? (unsigned)atoi(env) : 40;
    for (unsigned seed = 1; seed <= n; seed++) {
        gd_doc *doc = fixture_random(seed);
        char *html = render(doc, NULL, 0, NULL);
        if (html) {
            ok++;
            char name[64];
            snprintf(name, sizeof name, "random-%03u.html", seed);
            spit(out_dir, name, html);
            CHECK(!has(html, "<script") && !has(html, "javascript:"), "random %u: nothing unsafe",
                  seed);
        }
        free(html);
        gd_doc_free(doc);
    }
    CHECK(ok == (int)n, "all random documents render (%d)", ok);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: hw_test <govdoc-html.so> <golden dir> <output dir>\n");
        return 2;
    }
    golden_dir = argv[2];
    out_dir = argv[3];
    mkdir(out_dir, 0777);
    if (gd_registry_new(&reg) != GD_OK || gd_registry_load_file(reg, argv[1]) != GD_OK) {
        fprintf(stderr, "cannot load %s\n", argv[1]);
        return 2;
    }
    test_standard();
    test_generic();
    test_side_files();
    test_long_and_deep();
    test_random();
    gd_registry_free(reg);
    return gd_check_summary("html-writer.unit");
}
