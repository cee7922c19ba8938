/* The IR API: documents, builder rules and limits, iterator, tables,
 * UTF-8 repair, charsets, sinks. */
#include "govdoc/govdoc.h"
#include "gd_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gd_doc *new_doc(gd_builder **b, gd_ctx **ctx)
{
    gd_doc *d = NULL;
    CHECK(gd_doc_new(&d) == GD_OK);
    CHECK(gd_ctx_new(ctx, d) == GD_OK);
    CHECK(gd_builder_new(b, *ctx, d) == GD_OK);
    return d;
}

static void done(gd_doc *d, gd_ctx *ctx)
{
    gd_ctx_free(ctx);
    gd_doc_free(d);
}

static void test_meta_and_resources(void)
{
    gd_doc *d;
    CHECK(gd_doc_new(&d) == GD_OK);
    CHECK(gd_doc_meta_set(d, "title", "报告") == GD_OK);
    CHECK(gd_doc_meta_set(d, "year", "2023") == GD_OK);
    CHECK(gd_doc_meta_set(d, "title", "年度报告") == GD_OK);
    CHECK(strcmp(gd_doc_meta_get(d, "title"), "年度报告") == 0);
    CHECK(gd_doc_meta_count(d) == 2);
    const char *k, *v;
    CHECK(gd_doc_meta_at(d, 1, &k, &v) == GD_OK && strcmp(k, "year") == 0);
    CHECK(gd_doc_meta_set(d, "title", NULL) == GD_OK);
    CHECK(gd_doc_meta_get(d, "title") == NULL && gd_doc_meta_count(d) == 1);
    /* invalid UTF-8 in metadata is repaired, not stored */
    CHECK(gd_doc_meta_set(d, "issuer", "a\xFF") == GD_OK);
    CHECK(strcmp(gd_doc_meta_get(d, "issuer"), "a\xEF\xBF\xBD") == 0);

    const char *id = NULL;
    const uint8_t png[] = {0x89, 'P', 'N', 'G'};
    CHECK(gd_doc_resource_add(&id, d, "image/png", png, sizeof png) == GD_OK && id);
    const char *mime;
    const uint8_t *data;
    size_t len;
    CHECK(gd_doc_resource_find(d, id, &mime, &data, &len) == GD_OK);
    CHECK(len == 4 && memcmp(data, png, 4) == 0 && data != png && strcmp(mime, "image/png") == 0);
    CHECK(gd_doc_resource_find(d, "nope", NULL, NULL, NULL) == GD_ENOTFOUND);
    gd_doc_free(d);
}

static void test_builder_implicit(void)
{
    gd_builder *b;
    gd_ctx *ctx;
    gd_doc *d = new_doc(&b, &ctx);
    /* text straight into the document gets a paragraph */
    CHECK(gd_builder_text(b, "hello ", 6, 0) == GD_OK);
    CHECK(gd_builder_text(b, "world", 5, 0) == GD_OK); /* merged */
    CHECK(gd_builder_text(b, "!", 1, GD_STYLE_BOLD) == GD_OK);
    /* a cell straight into a table gets a row; an item a list */
    CHECK(gd_builder_open(b, GD_NODE_TABLE, NULL) == GD_OK);
    CHECK(gd_builder_open(b, GD_NODE_CELL, NULL) == GD_OK);
    CHECK(gd_builder_text(b, "c", 1, 0) == GD_OK);
    CHECK(gd_builder_close(b, GD_NODE_CELL) == GD_OK);
    CHECK(gd_builder_close(b, GD_NODE_TABLE) == GD_OK);
    CHECK(gd_builder_open(b, GD_NODE_ITEM, NULL) == GD_OK);
    CHECK(gd_builder_close(b, GD_NODE_ITEM) == GD_OK);
    /* text straight into a table: row, cell and paragraph are supplied */
    CHECK(gd_builder_open(b, GD_NODE_TABLE, NULL) == GD_OK);
    CHECK(gd_builder_text(b, "t", 1, 0) == GD_OK);
    CHECK(gd_builder_close(b, GD_NODE_TABLE) == GD_OK);
    CHECK(gd_builder_finish(b) == GD_OK);

    const gd_node *p = gd_node_first_child(gd_doc_root(d));
    CHECK(gd_node_get_type(p) == GD_NODE_PARAGRAPH);
    const gd_node *t = gd_node_first_child(p);
    size_t len;
    CHECK(t && strcmp(gd_node_text(t, &len), "hello world") == 0 && len == 11);
    CHECK(gd_node_style(gd_node_next(t)) == GD_STYLE_BOLD);
    const gd_node *table = gd_node_next(p);
    CHECK(gd_node_get_type(table) == GD_NODE_TABLE);
    CHECK(gd_node_get_type(gd_node_first_child(table)) == GD_NODE_ROW);
    const gd_node *cell = gd_node_first_child(gd_node_first_child(table));
    CHECK(gd_node_get_type(cell) == GD_NODE_CELL);
    CHECK(gd_node_get_type(gd_node_first_child(cell)) == GD_NODE_PARAGRAPH);
    const gd_node *list = gd_node_next(table);
    CHECK(gd_node_get_type(list) == GD_NODE_LIST && !gd_node_list_ordered(list));
    CHECK(gd_node_get_type(gd_node_first_child(list)) == GD_NODE_ITEM);
    const gd_node *t2 = gd_node_next(list);
    CHECK(gd_node_get_type(t2) == GD_NODE_TABLE);
    const gd_node *c2 = gd_node_first_child(gd_node_first_child(t2));
    CHECK(gd_node_get_type(c2) == GD_NODE_CELL &&
          gd_node_get_type(gd_node_first_child(c2)) == GD_NODE_PARAGRAPH);
    char *all = gd_node_text_dup(gd_doc_root(d));
    CHECK(all && strcmp(all, "hello world!\nc\nt") == 0);
    gd_free(all);
    done(d, ctx);
}

static void test_builder_balance(void)
{
    gd_builder *b;
    gd_ctx *ctx;
    gd_doc *d = new_doc(&b, &ctx);
    CHECK(gd_builder_open(b, GD_NODE_PARAGRAPH, NULL) == GD_OK);
    CHECK(gd_builder_close(b, GD_NODE_HEADING) == GD_EFORMAT);
    CHECK(gd_ctx_error_code(ctx) == GD_EFORMAT);
    CHECK(strstr(gd_ctx_error_message(ctx), "unbalanced close of heading") != NULL);
    /* errors are sticky */
    CHECK(gd_builder_text(b, "x", 1, 0) == GD_EFORMAT);
    done(d, ctx);

    d = new_doc(&b, &ctx);
    /* a block inside a paragraph ends it; the paragraph's close is accepted */
    CHECK(gd_builder_open(b, GD_NODE_PARAGRAPH, NULL) == GD_OK);
    CHECK(gd_builder_text(b, "before", 6, 0) == GD_OK);
    CHECK(gd_builder_open(b, GD_NODE_TABLE, NULL) == GD_OK);
    CHECK(gd_builder_close(b, GD_NODE_TABLE) == GD_OK);
    CHECK(gd_builder_text(b, "after", 5, 0) == GD_OK);
    CHECK(gd_builder_close(b, GD_NODE_PARAGRAPH) == GD_OK);
    /* a link inside a link is flattened into it */
    CHECK(gd_builder_open(b, GD_NODE_LINK, NULL) == GD_OK);
    gd_node *inner = (gd_node *)1;
    CHECK(gd_builder_open(b, GD_NODE_LINK, &inner) == GD_OK && inner == NULL);
    CHECK(gd_builder_text(b, "x", 1, 0) == GD_OK);
    CHECK(gd_builder_close(b, GD_NODE_LINK) == GD_OK);
    CHECK(gd_builder_close(b, GD_NODE_LINK) == GD_OK);
    /* left open: closed at finish with a warning */
    CHECK(gd_builder_open(b, GD_NODE_BLOCK_QUOTE, NULL) == GD_OK);
    CHECK(gd_builder_finish(b) == GD_OK);
    CHECK(gd_doc_diag_count(d) == 1);
    const gd_node *n = gd_node_first_child(gd_doc_root(d));
    CHECK(gd_node_get_type(n) == GD_NODE_PARAGRAPH);
    CHECK(gd_node_get_type(gd_node_next(n)) == GD_NODE_TABLE);
    CHECK(gd_node_get_type(gd_node_next(gd_node_next(n))) == GD_NODE_PARAGRAPH);
    const gd_node *after = gd_node_next(gd_node_next(n));
    char *at = gd_node_text_dup(after);
    CHECK(at && strcmp(at, "after") == 0); /* the paragraph's rest ends with its close */
    gd_free(at);
    const gd_node *link = gd_node_first_child(gd_node_next(after));
    CHECK(gd_node_get_type(link) == GD_NODE_LINK &&
          gd_node_get_type(gd_node_first_child(link)) == GD_NODE_TEXT &&
          gd_node_next(link) == NULL);
    /* the direct API refuses what the builder would never build */
    gd_node *para = gd_node_new(d, GD_NODE_PARAGRAPH);
    gd_node *row = gd_node_new(d, GD_NODE_ROW);
    CHECK(gd_node_append_child(para, row) == GD_EFORMAT);
    CHECK(gd_node_can_contain(GD_NODE_TABLE, GD_NODE_ROW));
    CHECK(!gd_node_can_contain(GD_NODE_TEXT, GD_NODE_TEXT));
    CHECK(!gd_node_can_contain(GD_NODE_LINK, GD_NODE_LINK));
    done(d, ctx);
}

static void test_builder_limits(void)
{
    gd_builder *b;
    gd_ctx *ctx;
    gd_doc *d = new_doc(&b, &ctx);
    int rc = GD_OK, opened = 0;
    while (rc == GD_OK && opened < 1000) {
        rc = gd_builder_open(b, GD_NODE_BLOCK_QUOTE, NULL);
        opened += rc == GD_OK;
    }
    CHECK(rc == GD_ELIMIT);
    CHECK(opened == 256);
    CHECK(strstr(gd_ctx_error_message(ctx), "nesting deeper than 256") != NULL);
    done(d, ctx);

    d = new_doc(&b, &ctx);
    CHECK(gd_doc_set_node_limit(d, 100) == GD_OK);
    rc = GD_OK;
    int made = 0;
    while (rc == GD_OK && made < 1000) {
        rc = gd_builder_leaf(b, GD_NODE_THEMATIC_BREAK, NULL);
        made += rc == GD_OK;
    }
    CHECK(rc == GD_ELIMIT && made == 99); /* the root is node 1 */
    done(d, ctx);
}

static void test_iterator(void)
{
    gd_builder *b;
    gd_ctx *ctx;
    gd_doc *d = new_doc(&b, &ctx);
    gd_builder_open(b, GD_NODE_HEADING, NULL);
    gd_builder_text(b, "H", 1, 0);
    gd_builder_close(b, GD_NODE_HEADING);
    gd_builder_open(b, GD_NODE_PARAGRAPH, NULL);
    gd_builder_text(b, "p", 1, 0);
    gd_builder_close(b, GD_NODE_PARAGRAPH);
    CHECK(gd_builder_finish(b) == GD_OK);
    gd_iter *it;
    CHECK(gd_iter_new(&it, gd_doc_root(d)) == GD_OK);
    char trace[64] = "";
    gd_event ev;
    while ((ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        const gd_node *n = gd_iter_node(it);
        char c = (char)(ev == GD_EVENT_ENTER ? 'A' : 'a') + (char)(gd_node_get_type(n) % 26);
        size_t tl = strlen(trace);
        if (tl + 1 < sizeof trace) trace[tl] = c, trace[tl + 1] = 0;
        if (ev == GD_EVENT_ENTER && gd_node_get_type(n) == GD_NODE_PARAGRAPH)
            gd_iter_skip_children(it);
    }
    gd_iter_free(it);
    /* document(1) heading(3) text(32%26=6) ... paragraph(2) skipped */
    CHECK(strcmp(trace, "BDGgdCcb") == 0);

    /* a chain 100000 deep (direct API): iteration, text and free need no
     * recursion */
    gd_node *top = gd_node_new(d, GD_NODE_DIV), *cur = top;
    for (int i = 0; i < 100000; i++) {
        gd_node *q = gd_node_new(d, GD_NODE_BLOCK_QUOTE);
        if (gd_node_append_child(cur, q) != GD_OK) {
            CHECK(0);
            break;
        }
        cur = q;
    }
    gd_node *para = gd_node_new(d, GD_NODE_PARAGRAPH), *t = gd_node_new(d, GD_NODE_TEXT);
    CHECK(gd_node_set_text(t, "deep", 4) == GD_OK);
    CHECK(gd_node_append_child(para, t) == GD_OK && gd_node_append_child(cur, para) == GD_OK);
    size_t depth = 0, max = 0;
    CHECK(gd_iter_new(&it, top) == GD_OK);
    while ((ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        depth += ev == GD_EVENT_ENTER ? 1 : 0;
        if (depth > max) max = depth;
        depth -= ev == GD_EVENT_EXIT ? 1 : 0;
    }
    gd_iter_free(it);
    CHECK(max == 100003); /* div, 100000 quotes, paragraph, text */
    char *s = gd_node_text_dup(top);
    CHECK(s && strcmp(s, "deep") == 0);
    gd_free(s);
    done(d, ctx);
}

/* Builds a table from a row-major description: spans[r][k] = {rowspan,
 * colspan}, 0-terminated rows. */
static const gd_node *make_table(gd_builder *b, int nrows, const int spans[][8][2])
{
    gd_node *table;
    gd_builder_open(b, GD_NODE_TABLE, &table);
    for (int r = 0; r < nrows; r++) {
        gd_builder_open(b, GD_NODE_ROW, NULL);
        for (int k = 0; k < 8 && spans[r][k][0]; k++) {
            gd_node *cell;
            gd_builder_open(b, GD_NODE_CELL, &cell);
            gd_node_set_span(cell, spans[r][k][0], spans[r][k][1]);
            char label[16];
            snprintf(label, sizeof label, "%d%c", r, 'a' + k);
            gd_builder_text(b, label, strlen(label), 0);
            gd_builder_close(b, GD_NODE_CELL);
        }
        gd_builder_close(b, GD_NODE_ROW);
    }
    gd_builder_close(b, GD_NODE_TABLE);
    return table;
}

static const char *label_at(const gd_table_grid *g, int r, int c, int *origin)
{
    static char buf[16];
    const gd_node *cell = gd_table_grid_cell(g, r, c, origin);
    char *t = cell ? gd_node_text_dup(cell) : NULL;
    snprintf(buf, sizeof buf, "%s", t ? t : "-");
    gd_free(t);
    return buf;
}

static void test_tables(void)
{
    gd_builder *b;
    gd_ctx *ctx;
    gd_doc *d = new_doc(&b, &ctx);
    /* 0a and 0c span 2 rows; row 1's 1a has colspan 3 but 0c's rowspan
     * blocks column 2, so it shrinks to 1; row 2 is short and gets filled. */
    static const int t1[3][8][2] = {
        {{2, 1}, {1, 1}, {2, 1}},
        {{1, 3}},
        {{1, 1}},
    };
    const gd_node *t = make_table(b, 3, t1);
    gd_table_grid *g;
    CHECK(gd_table_grid_build(&g, t) == GD_OK);
    CHECK(gd_table_grid_rows(g) == 3 && gd_table_grid_cols(g) == 3);
    int o;
    CHECK(strcmp(label_at(g, 1, 0, &o), "0a") == 0 && o == 0);
    CHECK(strcmp(label_at(g, 1, 1, &o), "1a") == 0 && o == 1);
    CHECK(strcmp(label_at(g, 1, 2, &o), "0c") == 0 && o == 0);
    CHECK(strcmp(label_at(g, 2, 0, &o), "2a") == 0 && o == 1);
    /* filler cells: present, empty */
    CHECK(gd_table_grid_cell(g, 2, 2, &o) != NULL && o == 1);
    CHECK(strcmp(label_at(g, 2, 2, &o), "") == 0);
    const gd_node *row1 = gd_node_next(gd_node_first_child(t));
    CHECK(gd_node_colspan(gd_node_first_child(row1)) == 1);
    gd_table_grid_free(g);

    /* a span with room to its right widens the table, as in HTML */
    static const int t3[2][8][2] = {{{1, 1}, {1, 1}}, {{1, 3}}};
    t = make_table(b, 2, t3);
    CHECK(gd_table_grid_build(&g, t) == GD_OK);
    CHECK(gd_table_grid_cols(g) == 3);
    CHECK(strcmp(label_at(g, 0, 2, &o), "") == 0 && o == 1);
    CHECK(strcmp(label_at(g, 1, 2, &o), "1a") == 0 && o == 0);
    gd_table_grid_free(g);

    /* runaway spans: rowspan past the end, colspan of a million */
    static const int t2[2][8][2] = {
        {{1000, 1}, {1, 1000000}},
        {{1, 1}},
    };
    t = make_table(b, 2, t2);
    CHECK(gd_table_grid_build(&g, t) == GD_OK);
    CHECK(gd_table_grid_rows(g) == 2 && gd_table_grid_cols(g) == 1001);
    const gd_node *c0 = gd_node_first_child(gd_node_first_child(t));
    CHECK(gd_node_rowspan(c0) == 2);
    CHECK(gd_node_colspan(gd_node_next(c0)) == 1000);
    gd_table_grid_free(g);
    CHECK(gd_builder_finish(b) == GD_OK);
    done(d, ctx);

    /* a grid over the slot limit is refused */
    d = new_doc(&b, &ctx);
    gd_builder_open(b, GD_NODE_TABLE, NULL);
    int rc = GD_OK;
    for (int r = 0; r < 5000 && rc == GD_OK; r++) {
        rc = gd_builder_open(b, GD_NODE_ROW, NULL);
        gd_node *cell;
        if (!rc) rc = gd_builder_open(b, GD_NODE_CELL, &cell);
        if (!rc) gd_node_set_span(cell, 1, 1000);
        if (!rc) rc = gd_builder_close(b, GD_NODE_CELL);
        if (!rc) rc = gd_builder_close(b, GD_NODE_ROW);
    }
    if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_TABLE);
    CHECK(rc == GD_ELIMIT);
    done(d, ctx);
}

static void test_utf8_and_charsets(void)
{
    CHECK(gd_utf8_valid("\xE4\xB8\xAD", 3));
    CHECK(!gd_utf8_valid("\xC0\x80", 2));         /* overlong NUL */
    CHECK(!gd_utf8_valid("\xED\xA0\x80", 3));     /* surrogate */
    CHECK(!gd_utf8_valid("\xF4\x90\x80\x80", 4)); /* > U+10FFFF */
    gd_builder *b;
    gd_ctx *ctx;
    gd_doc *d = new_doc(&b, &ctx);
    CHECK(gd_builder_text(b,
                          "a\xFF"
                          "b\0c",
                          5, 0) == GD_OK);
    CHECK(gd_builder_finish(b) == GD_OK);
    char *s = gd_node_text_dup(gd_doc_root(d));
    CHECK(s && strcmp(s, "a\xEF\xBF\xBD"
                         "bc") == 0);
    gd_free(s);

    char *out;
    size_t len;
    const char *cs;
    /* 中文 in GBK */
    CHECK(gd_charset_to_utf8(&out, &len, &cs, ctx, (const uint8_t *)"\xD6\xD0\xCE\xC4", 4,
                             "gb2312") == GD_OK);
    CHECK(strcmp(out, "中文") == 0 && strcmp(cs, "GB18030") == 0);
    gd_free(out);
    /* a UTF-16LE BOM wins over any declaration */
    CHECK(gd_charset_to_utf8(&out, &len, &cs, ctx, (const uint8_t *)"\xFF\xFE-N\x87\x65", 6,
                             "gbk") == GD_OK);
    CHECK(strcmp(out, "中文") == 0);
    gd_free(out);
    /* declared gb2312, but the bytes are UTF-8: UTF-8 */
    CHECK(gd_charset_to_utf8(&out, &len, &cs, ctx, (const uint8_t *)"中文报告", 12, "gb2312") ==
          GD_OK);
    CHECK(strcmp(out, "中文报告") == 0);
    gd_free(out);
    done(d, ctx);
}

static void test_sink(void)
{
    gd_sink *s;
    CHECK(gd_sink_new_memory(&s) == GD_OK);
    CHECK(gd_sink_printf(s, "%d-%s", 42, "x") == GD_OK);
    char big[3000];
    memset(big, 'y', sizeof big - 1);
    big[sizeof big - 1] = 0;
    CHECK(gd_sink_printf(s, "%s", big) == GD_OK);
    size_t len;
    const uint8_t *data = gd_sink_memory_data(s, &len);
    CHECK(len == 4 + 2999 && memcmp(data, "42-x", 4) == 0 && data[len - 1] == 'y');
    gd_sink_free(s);
}

int main(void)
{
    test_meta_and_resources();
    test_builder_implicit();
    test_builder_balance();
    test_builder_limits();
    test_iterator();
    test_tables();
    test_utf8_and_charsets();
    test_sink();
    return gd_check_summary("api");
}
