/* The shared part of the table writers (see tables.h). */
#include "tables.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int tables_collect(tables_list *out, gd_ctx *ctx, const gd_doc *doc)
{
    out->v = NULL;
    out->n = 0;
    const gd_node *root = gd_ctx_document(ctx);
    gd_iter *it;
    if (gd_iter_new(&it, root ? root : gd_doc_root(doc)) != GD_OK) return GD_ENOMEM;
    size_t cap = 0;
    int rc = GD_OK;
    gd_event ev;
    while ((ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        const gd_node *n = gd_iter_node(it);
        if (ev != GD_EVENT_ENTER) continue;
        if (gd_node_get_type(n) == GD_NODE_TABLE) {
            if (out->n == cap) {
                cap = cap ? cap * 2 : 8;
                const gd_node **v = realloc(out->v, cap * sizeof *v);
                if (!v) {
                    rc = GD_ENOMEM;
                    break;
                }
                out->v = v;
            }
            out->v[out->n++] = n;
            gd_iter_skip_children(it); /* nested tables are a cell's content */
        } else if (!gd_node_is_block(gd_node_get_type(n))) {
            gd_iter_skip_children(it); /* no table inside inlines */
        }
    }
    gd_iter_free(it);
    if (rc) tables_free(out);
    return rc;
}

void tables_free(tables_list *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

const char *tables_name(const gd_node *table, size_t index, char *buf, size_t n)
{
    const char *name = gd_node_attr(table, "name");
    if (name && *name) return name;
    snprintf(buf, n, "表%zu", index + 1);
    return buf;
}

int tables_select(gd_ctx *ctx, const tables_list *l, const char *which, bool *sel)
{
    if (!l->n) return gd_ctx_error(ctx, GD_ENOTSUPPORTED, "the document has no table to write");
    if (!which || !*which) which = "1";
    if (strcmp(which, "all") == 0) {
        for (size_t i = 0; i < l->n; i++) sel[i] = true;
        return GD_OK;
    }
    char *end;
    errno = 0;
    long k = strtol(which, &end, 10);
    if (!*end && !errno) {
        if (k < 1 || (size_t)k > l->n)
            return gd_ctx_error(ctx, GD_EUSER, "table %ld asked for; the document has %zu", k,
                                l->n);
        sel[k - 1] = true;
        return GD_OK;
    }
    for (size_t i = 0; i < l->n; i++) {
        const char *name = gd_node_attr(l->v[i], "name");
        if (name && strcmp(name, which) == 0) {
            sel[i] = true;
            return GD_OK;
        }
    }
    return gd_ctx_error(ctx, GD_EUSER, "no table named '%s' (give a number 1-%zu, a name or all)",
                        which, l->n);
}

int tables_header_rows(const gd_table_grid *g)
{
    int rows = gd_table_grid_rows(g), cols = gd_table_grid_cols(g), h = 0;
    for (; h < rows; h++) {
        const gd_node *cell = NULL;
        for (int c = 0; c < cols && !cell; c++) cell = gd_table_grid_cell(g, h, c, NULL);
        const gd_node *row = cell ? gd_node_parent(cell) : NULL;
        if (!row || !gd_node_header(row)) break;
    }
    return h;
}

char *tables_cell_text(const gd_node *cell)
{
    char *s = gd_node_text_dup(cell);
    if (!s) return NULL;
    size_t n = strlen(s), a = 0;
    while (n && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
    while (a < n && (s[a] == '\n' || s[a] == ' ' || s[a] == '\t')) a++;
    if (a) memmove(s, s + a, n - a + 1);
    return s;
}

/* A plain decimal: optional minus, digits without a leading zero (unless
 * the integer part is 0), optional fraction; at most 15 significant digits
 * so it survives a double. "007", "1e5", "1,234", "+3" stay text. */
static int plain_number(const char *s, double *v)
{
    const char *p = s;
    if (*p == '-') p++;
    size_t digits = 0, int_digits = 0;
    if (!(*p >= '0' && *p <= '9')) return 0;
    if (p[0] == '0' && p[1] >= '0' && p[1] <= '9') return 0;
    while (*p >= '0' && *p <= '9') p++, digits++, int_digits++;
    if (*p == '.') {
        p++;
        if (!(*p >= '0' && *p <= '9')) return 0;
        while (*p >= '0' && *p <= '9') p++, digits++;
    }
    if (*p || digits > 15) return 0;
    (void)int_digits;
    char *end;
    errno = 0;
    double x = strtod(s, &end);
    if (*end || errno || !isfinite(x)) return 0;
    *v = x;
    return 1;
}

int tables_cell_number(const gd_node *cell, const char *text, double *v)
{
    const char *type = cell ? gd_node_attr(cell, "type") : NULL;
    if (type && strcmp(type, "text") == 0) return 0;
    if (!text || !*text) return 0;
    return plain_number(text, v);
}
