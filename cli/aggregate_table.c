/* The data set as a document whose tables are the data: "reports" (one row
 * per report), "findings" and "columns". Any table writer renders it — CSV,
 * JSON Lines, XLSX — and numbers are marked as numbers (cell attr type). */
#include "aggregate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct tb {
    gd_builder *b;
    int rc;
} tb;

static void open_node(tb *t, gd_node_type type, gd_node **n)
{
    if (t->rc == GD_OK) t->rc = gd_builder_open(t->b, type, n);
}

static void close_node(tb *t, gd_node_type type)
{
    if (t->rc == GD_OK) t->rc = gd_builder_close(t->b, type);
}

static void cell(tb *t, const char *text, const char *type, bool header)
{
    gd_node *c = NULL;
    open_node(t, GD_NODE_CELL, &c);
    if (t->rc == GD_OK && header) t->rc = gd_node_set_header(c, 1);
    if (t->rc == GD_OK && type && text && *text) t->rc = gd_node_set_attr(c, "type", type);
    if (t->rc == GD_OK && text && *text) t->rc = gd_builder_text(t->b, text, strlen(text), 0);
    close_node(t, GD_NODE_CELL);
}

static void text_cell(tb *t, const char *text)
{
    cell(t, text, "text", false);
}

static void number_cell(tb *t, bool present, double v)
{
    char buf[64] = "";
    if (present) agg_format_number(buf, sizeof buf, v);
    cell(t, buf, "number", false);
}

static void row_open(tb *t, bool header)
{
    gd_node *r = NULL;
    open_node(t, GD_NODE_ROW, &r);
    if (t->rc == GD_OK && header) t->rc = gd_node_set_header(r, 1);
}

/* Header rows: labels, keys, or both (labels first). */
static void header_rows(tb *t, agg_header h, const char *const *keys, const char *const *labels,
                        size_t n)
{
    for (int pass = 0; pass < 2; pass++) {
        bool labels_row = pass == 0;
        if (labels_row && h == AGG_HEADER_KEYS) continue;
        if (!labels_row && h == AGG_HEADER_LABELS) continue;
        row_open(t, true);
        for (size_t i = 0; i < n; i++) cell(t, labels_row ? labels[i] : keys[i], "text", true);
        close_node(t, GD_NODE_ROW);
    }
}

static gd_node *table_open(tb *t, const char *name, const char *frozen)
{
    gd_node *n = NULL;
    open_node(t, GD_NODE_TABLE, &n);
    if (t->rc == GD_OK) t->rc = gd_node_set_attr(n, "name", name);
    if (t->rc == GD_OK && frozen) t->rc = gd_node_set_attr(n, "frozen-columns", frozen);
    return n;
}

static void reports_table(tb *t, const agg_set *s, agg_header h)
{
    const char **keys = calloc(s->ncols + 1, sizeof *keys);
    const char **labels = calloc(s->ncols + 1, sizeof *labels);
    size_t *index = calloc(s->ncols + 1, sizeof *index); /* field index per column, per template */
    if (!keys || !labels || !index) t->rc = GD_ENOMEM;
    for (size_t c = 0; t->rc == GD_OK && c < s->ncols; c++) {
        keys[c] = s->cols[c].key;
        labels[c] = s->cols[c].heading;
    }
    table_open(t, "reports", "2");
    if (t->rc == GD_OK) header_rows(t, h, keys, labels, s->ncols);
    size_t cached_tpl = (size_t)-1;
    for (size_t i = 0; t->rc == GD_OK && i < s->n; i++) {
        const agg_report *r = &s->r[i];
        if (!r->used) continue;
        if (r->tpl != cached_tpl) {
            for (size_t c = s->nfixed; c < s->ncols; c++)
                index[c] = agg_field_index(r->tpl, s->cols[c].key);
            cached_tpl = r->tpl;
        }
        row_open(t, false);
        text_cell(t, r->source);
        text_cell(t, r->agency);
        text_cell(t, r->agency_written);
        text_cell(t, r->level);
        number_cell(t, r->year > 0, r->year);
        text_cell(t, gd_template_id(r->tpl));
        number_cell(t, true, r->sum_failed);
        number_cell(t, true, r->prose_failed);
        number_cell(t, true, r->series_failed);
        number_cell(t, true, r->copies);
        text_cell(t, r->file);
        for (size_t c = s->nfixed; t->rc == GD_OK && c < s->ncols; c++) {
            size_t f = index[c];
            bool present = f != (size_t)-1 && r->present[f];
            number_cell(t, present, present ? r->values[f] : 0);
        }
        close_node(t, GD_NODE_ROW);
    }
    close_node(t, GD_NODE_TABLE);
    free(keys);
    free(labels);
    free(index);
}

static void findings_table(tb *t, const agg_set *s, agg_header h)
{
    static const char *const keys[] = {"severity", "rule",  "agency",     "year",        "source",
                                       "field",    "value", "other_year", "other_value", "message"};
    static const char *const labels[] = {"级别", "规则", "机关",     "年度",   "来源文件",
                                         "字段", "值",   "对照年度", "对照值", "说明"};
    table_open(t, "findings", NULL);
    header_rows(t, h, keys, labels, sizeof keys / sizeof *keys);
    for (size_t i = 0; t->rc == GD_OK && i < s->nf; i++) {
        const agg_finding *f = &s->f[i];
        row_open(t, false);
        text_cell(t, f->severity);
        text_cell(t, f->rule);
        text_cell(t, f->agency);
        number_cell(t, f->year > 0, f->year);
        text_cell(t, f->source);
        text_cell(t, f->field);
        number_cell(t, f->has_value, f->value);
        number_cell(t, f->other_year > 0, f->other_year);
        number_cell(t, f->has_other, f->other_value);
        text_cell(t, f->message);
        close_node(t, GD_NODE_ROW);
    }
    /* inputs that gave no report */
    for (size_t i = 0; t->rc == GD_OK && i < s->np; i++) {
        const agg_problem *p = &s->p[i];
        row_open(t, false);
        text_cell(t, "warning");
        text_cell(t, p->not_report ? "input.not_report" : "input.unreadable");
        text_cell(t, NULL);
        number_cell(t, false, 0);
        text_cell(t, p->path);
        text_cell(t, NULL);
        number_cell(t, false, 0);
        number_cell(t, false, 0);
        number_cell(t, false, 0);
        text_cell(t, p->reason);
        close_node(t, GD_NODE_ROW);
    }
    close_node(t, GD_NODE_TABLE);
}

static void columns_table(tb *t, const agg_set *s, agg_header h)
{
    static const char *const keys[] = {"column", "key",       "label",      "table",
                                       "unit",   "templates", "description"};
    static const char *const labels[] = {"列", "键", "标题", "表", "单位", "模板", "说明"};
    table_open(t, "columns", NULL);
    header_rows(t, h, keys, labels, sizeof keys / sizeof *keys);
    for (size_t c = 0; t->rc == GD_OK && c < s->ncols; c++) {
        const agg_column *col = &s->cols[c];
        row_open(t, false);
        number_cell(t, true, (double)(c + 1));
        text_cell(t, col->key);
        text_cell(t, col->heading);
        text_cell(t, col->table);
        text_cell(t, col->unit);
        text_cell(t, col->fixed ? NULL : col->templates);
        text_cell(t, col->fixed ? col->description
                                : "a field of the template: a number, empty when the report leaves "
                                  "the cell blank or its template has no such field");
        close_node(t, GD_NODE_ROW);
    }
    close_node(t, GD_NODE_TABLE);
}

int agg_document(gd_doc **out, const agg_set *s, agg_header header)
{
    *out = NULL;
    gd_doc *doc;
    if (gd_doc_new(&doc)) return GD_ENOMEM;
    gd_ctx *ctx = NULL;
    tb t = {NULL, gd_ctx_new(&ctx, doc)};
    if (t.rc == GD_OK) t.rc = gd_doc_meta_set(doc, "title", "政府信息公开工作年度报告汇总");
    if (t.rc == GD_OK) t.rc = gd_builder_new(&t.b, ctx, doc);
    if (t.rc == GD_OK) reports_table(&t, s, header);
    if (t.rc == GD_OK) findings_table(&t, s, header);
    if (t.rc == GD_OK) columns_table(&t, s, header);
    if (t.rc == GD_OK) t.rc = gd_builder_finish(t.b);
    gd_ctx_free(ctx);
    if (t.rc) {
        gd_doc_free(doc);
        return t.rc;
    }
    *out = doc;
    return GD_OK;
}
