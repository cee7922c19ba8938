/* A document as the recognizer reads it: a stream of labels and values in
 * reading order, whatever the input format. Tables are read row by row
 * from their grid (a merged cell once, at its origin; an empty cell right
 * of a row's labels is a blank value); paragraphs line by line, split into
 * words where a run of spaces or a tab separates columns (pdftotext
 * -layout) and into numbers and labels. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static int push(tokens *t, tok_kind kind, const char *text, size_t len, double value,
                const gd_node *node, size_t block)
{
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 256;
        tok *v = realloc(t->v, cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        t->v = v;
        t->cap = cap;
    }
    tok *k = &t->v[t->n];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->raw = malloc(len + 1);
    if (!k->raw) return GD_ENOMEM;
    memcpy(k->raw, text, len);
    k->raw[len] = 0;
    if (kind == TOK_LABEL) {
        k->norm = gd__label_norm(text, len);
        if (!k->norm) {
            free(k->raw);
            return GD_ENOMEM;
        }
    }
    k->value = value;
    k->node = node;
    k->block = block;
    t->n++;
    return GD_OK;
}

static int push_at(tokens *t, tok_kind kind, const char *text, size_t len, double value,
                   const gd_node *node, size_t block, int x)
{
    int rc = push(t, kind, text, len, value, node, block);
    if (rc == GD_OK) t->v[t->n - 1].x = x;
    return rc;
}

static bool space_cp(int32_t c)
{
    if (c < 0x80) return c == ' ' || c == '\t';   /* the only ASCII Zs is ' ' */
    if (c >= 0x4E00 && c <= 0x9FFF) return false; /* ideographs: most of the text */
    return c == 0xA0 || c == 0x3000 || utf8proc_category(c) == UTF8PROC_CATEGORY_ZS;
}

/* The code point at s (0 when invalid) and its length: ASCII without a
 * call, every character of a document is read here. */
static size_t next_cp(const char *s, size_t len, int32_t *c)
{
    if ((unsigned char)*s < 0x80) {
        *c = (unsigned char)*s;
        return 1;
    }
    utf8proc_int32_t u;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &u);
    if (k <= 0) {
        *c = 0;
        return 1;
    }
    *c = u;
    return (size_t)k;
}

/* One line of text: values where a word is a number, labels from runs of
 * other words joined across single spaces. */
static int tokenize_line(tokens *t, const char *s, size_t len, const gd_node *node, size_t block,
                         uint32_t lineno)
{
    size_t i = 0, label_start = 0, label_end = 0, first_new = t->n;
    bool in_label = false;
    int rc = GD_OK, col = 0, label_col = 0;
    while (i < len && rc == GD_OK) {
        /* skip white space, noting whether it separates columns */
        size_t spaces = 0;
        bool hard = false;
        while (i < len) {
            int32_t c;
            size_t k = next_cp(s + i, len - i, &c);
            if (!space_cp(c)) break;
            spaces++;
            col++;
            hard |= c == '\t' || c == 0x3000;
            i += k;
        }
        if (i >= len) break;
        size_t w = i;
        int wcol = col;
        while (i < len) {
            int32_t c;
            size_t k = next_cp(s + i, len - i, &c);
            if (space_cp(c)) break;
            i += k;
            col++;
        }
        double v;
        int kind = gd__value_parse(s + w, i - w, &v);
        bool boundary = hard || spaces >= 2;
        if (kind < 0 && in_label && !boundary) {
            label_end = i; /* words joined by single spaces: "商业 企业" */
            continue;
        }
        if (in_label)
            rc = push_at(t, TOK_LABEL, s + label_start, label_end - label_start, 0, node, block,
                         label_col);
        in_label = kind < 0;
        if (in_label) {
            label_start = w;
            label_end = i;
            label_col = wcol;
        } else if (rc == GD_OK) {
            rc = push_at(t, kind == 1 ? TOK_VALUE : TOK_BLANK, s + w, i - w, v, node, block, wcol);
            if (rc == GD_OK && kind == 2) t->v[t->n - 1].overlong = true;
        }
    }
    if (rc == GD_OK && in_label)
        rc = push_at(t, TOK_LABEL, s + label_start, label_end - label_start, 0, node, block,
                     label_col);
    for (size_t k = first_new; k < t->n; k++) t->v[k].lineno = lineno;
    return rc;
}

/* `plain`: the document is plain text, whose nodes carry their line in
 * the file; each token then records it (blank lines show as gaps). */
static int tokenize_text(tokens *t, const gd_node *n, size_t block, uint32_t *lineno, bool plain)
{
    char *text = gd_node_text_dup(n);
    if (!text) return GD_ENOMEM;
    int rc = GD_OK;
    uint32_t src = plain ? gd_node_line(n) : 0;
    const char *ind = plain ? gd_node_attr(n, "indent") : NULL;
    int indent = ind ? atoi(ind) : 0; /* of the first line */
    for (char *p = text; *p && rc == GD_OK; src += src ? 1 : 0, indent = 0) {
        char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        size_t before = t->n;
        rc = tokenize_line(t, p, len, n, block, ++*lineno);
        if (t->n > before) t->v[before].line_start = true;
        for (size_t k = before; k < t->n; k++) {
            t->v[k].srcline = src;
            t->v[k].ax = t->v[k].x + (indent > 0 && indent < 100000 ? indent : 0);
        }
        p += len + (nl ? 1 : 0);
    }
    free(text);
    return rc;
}

static int tokenize_table(tokens *t, const gd_node *table, int table_no, size_t block)
{
    gd_table_grid *g;
    int rc = gd_table_grid_build(&g, table);
    if (rc) return rc;
    int rows = gd_table_grid_rows(g), cols = gd_table_grid_cols(g);
    char **texts = calloc((size_t)cols + 1, sizeof *texts);
    int *kinds = calloc((size_t)cols + 1, sizeof *kinds);
    double *vals = calloc((size_t)cols + 1, sizeof *vals);
    if (!texts || !kinds || !vals) rc = GD_ENOMEM;
    for (int r = 0; r < rows && rc == GD_OK; r++) {
        int last_label = -1;
        for (int c = 0; c < cols; c++) {
            int origin;
            const gd_node *cell = gd_table_grid_cell(g, r, c, &origin);
            texts[c] = NULL;
            kinds[c] = -2; /* covered */
            if (!cell || !origin) continue;
            texts[c] = gd_node_text_dup(cell);
            if (!texts[c]) {
                rc = GD_ENOMEM;
                break;
            }
            kinds[c] = gd__value_parse(texts[c], strlen(texts[c]), &vals[c]);
            if (kinds[c] < 0) last_label = c;
        }
        for (int c = 0; c < cols && rc == GD_OK; c++) {
            if (kinds[c] == -2) continue;
            const gd_node *cell = gd_table_grid_cell(g, r, c, NULL);
            size_t before = t->n;
            if (kinds[c] < 0) {
                /* a label cell: its lines are one label ("商业" / "企业") */
                rc = push(t, TOK_LABEL, texts[c], strlen(texts[c]), 0, cell, block);
            } else if (kinds[c] == 1) {
                rc = push(t, TOK_VALUE, texts[c], strlen(texts[c]), vals[c], cell, block);
            } else if (c > last_label) {
                rc = push(t, TOK_BLANK, texts[c], strlen(texts[c]), 0, cell, block);
                if (rc == GD_OK && kinds[c] == 2) t->v[t->n - 1].overlong = true;
            }
            if (t->n > before) {
                t->v[before].table = table_no;
                t->v[before].row = r + 1;
                t->v[before].col = c + 1;
                t->v[before].line_start = true;
            }
        }
        for (int c = 0; c < cols; c++) {
            free(texts[c]);
            texts[c] = NULL;
        }
    }
    free(texts);
    free(kinds);
    free(vals);
    gd_table_grid_free(g);
    return rc;
}

static int add_block(tokens *t, const gd_node *b)
{
    /* geometric growth (16, 32, 64, ...: the capacity is implied by the
     * count); one realloc per block copied the whole array each time under
     * ASan (minutes for a document of 50 000 paragraphs) */
    if (t->nblocks == 0 || (t->nblocks >= 16 && !(t->nblocks & (t->nblocks - 1)))) {
        size_t cap = t->nblocks ? t->nblocks * 2 : 16;
        const gd_node **v = realloc(t->blocks, cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        t->blocks = v;
    }
    t->blocks[t->nblocks++] = b;
    return GD_OK;
}

int gd__tokens_build(tokens *out, const gd_doc *doc)
{
    memset(out, 0, sizeof *out);
    int rc = GD_OK, table_no = 0;
    uint32_t lineno = 0;
    const char *fmt = gd_doc_meta_get(doc, "source-format");
    bool plain = fmt && strcmp(fmt, "txt") == 0;
    /* top-level blocks, looking through DIVs (article containers) */
    const gd_node *n = gd_node_first_child(gd_doc_root(doc));
    while (n && rc == GD_OK) {
        if (gd_node_get_type(n) == GD_NODE_DIV && gd_node_first_child(n)) {
            n = gd_node_first_child(n);
            continue;
        }
        rc = add_block(out, n);
        while (n && !gd_node_next(n)) {
            n = gd_node_parent(n);
            if (n && gd_node_get_type(n) == GD_NODE_DOCUMENT) n = NULL;
        }
        if (n) n = gd_node_next(n);
    }
    for (size_t b = 0; b < out->nblocks && rc == GD_OK; b++) {
        const gd_node *block = out->blocks[b];
        gd_iter *it;
        if ((rc = gd_iter_new(&it, block))) break;
        gd_event ev;
        while (rc == GD_OK && (ev = gd_iter_next(it)) != GD_EVENT_DONE) {
            if (ev != GD_EVENT_ENTER) continue;
            const gd_node *x = gd_iter_node(it);
            switch (gd_node_get_type(x)) {
            case GD_NODE_TABLE:
                rc = tokenize_table(out, x, ++table_no, b);
                gd_iter_skip_children(it);
                break;
            case GD_NODE_PARAGRAPH:
            case GD_NODE_HEADING:
            case GD_NODE_CODE_BLOCK:
                rc = tokenize_text(out, x, b, &lineno, plain);
                gd_iter_skip_children(it);
                break;
            default: break;
            }
        }
        gd_iter_free(it);
    }
    if (rc) gd__tokens_free(out);
    return rc;
}

void gd__tokens_free(tokens *t)
{
    for (size_t i = 0; i < t->n; i++) {
        free(t->v[i].norm);
        free(t->v[i].raw);
    }
    free(t->v);
    free(t->blocks);
    memset(t, 0, sizeof *t);
}
