/* Blocks → the IR, through the builder: the title (heading 1, role
 * title, its lines separated by line breaks), headings, paragraphs (with
 * the source font and bold), column-aligned rows as one paragraph each,
 * tables with their spans (one paragraph per cell), images. */
#include "pdfin.h"

#include <stdlib.h>
#include <string.h>

static int text_with_breaks(gd_builder *b, const char *s, size_t len, unsigned style)
{
    int rc = GD_OK;
    while (rc == GD_OK && len) {
        const char *nl = memchr(s, '\n', len);
        size_t n = nl ? (size_t)(nl - s) : len;
        if (n) rc = gd_builder_text(b, s, n, style);
        if (rc == GD_OK && nl) rc = gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL);
        if (!nl) break;
        s = nl + 1;
        len -= n + 1;
    }
    return rc;
}

static int set_font(gd_builder *b, const pi_fonts *fonts, uint16_t font)
{
    return gd_builder_set_font(b,
                               font < fonts->n && fonts->name[font][0] ? fonts->name[font] : NULL);
}

static int emit_table(gd_builder *b, const pi_table *t, const pi_fonts *fonts)
{
    int rc = gd_builder_open(b, GD_NODE_TABLE, NULL);
    size_t k = 0;
    for (int r = 0; r < t->rows && rc == GD_OK; r++) {
        rc = gd_builder_open(b, GD_NODE_ROW, NULL);
        while (rc == GD_OK && k < t->ncell && t->cells[k].r == r) {
            const pi_cell *c = &t->cells[k++];
            gd_node *cell;
            rc = gd_builder_open(b, GD_NODE_CELL, &cell);
            if (rc == GD_OK && (c->rs > 1 || c->cs > 1)) rc = gd_node_set_span(cell, c->rs, c->cs);
            if (rc == GD_OK && c->lines.n) {
                size_t len;
                char *s = pi_cell_text(c, &len);
                if (!s) rc = GD_ENOMEM;
                if (rc == GD_OK) rc = set_font(b, fonts, c->lines.v[0].font);
                if (rc == GD_OK) rc = gd_builder_open(b, GD_NODE_PARAGRAPH, NULL);
                if (rc == GD_OK)
                    rc = gd_builder_text(b, s, len, c->lines.v[0].bold ? GD_STYLE_BOLD : 0);
                if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_PARAGRAPH);
                free(s);
            }
            if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_CELL);
        }
        if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_ROW);
    }
    if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_TABLE);
    return rc;
}

int pi_emit(gd_ctx *ctx, gd_doc *doc, const pi_blocks *bl, const pi_fonts *fonts)
{
    gd_builder *b = NULL;
    int rc = gd_builder_new(&b, ctx, doc);
    for (size_t i = 0; i < bl->n && rc == GD_OK; i++) {
        const pi_block *k = &bl->v[i];
        gd_node *n = NULL;
        unsigned style = k->bold ? GD_STYLE_BOLD : 0;
        switch (k->kind) {
        case PI_BLOCK_TABLE: rc = emit_table(b, k->table, fonts); break;
        case PI_BLOCK_IMAGE:
            rc = gd_builder_open(b, GD_NODE_PARAGRAPH, NULL);
            if (rc == GD_OK) rc = gd_builder_leaf(b, GD_NODE_IMAGE, &n);
            if (rc == GD_OK) rc = gd_node_set_url(n, k->image);
            if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_PARAGRAPH);
            break;
        case PI_BLOCK_HEADING:
            rc = set_font(b, fonts, k->font);
            if (rc == GD_OK) rc = gd_builder_open(b, GD_NODE_HEADING, &n);
            if (rc == GD_OK) rc = gd_node_set_level(n, k->level);
            if (rc == GD_OK && k->title) rc = gd_node_set_attr(n, "role", "title");
            if (rc == GD_OK && k->align) rc = gd_node_set_attr(n, "align", k->align);
            if (rc == GD_OK) rc = text_with_breaks(b, k->s, k->len, style);
            if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_HEADING);
            if (rc == GD_OK && k->title) {
                char *t = malloc(k->len + 1);
                if (!t) {
                    rc = GD_ENOMEM;
                    break;
                }
                size_t m = 0;
                for (size_t j = 0; j < k->len; j++)
                    if (k->s[j] != '\n') t[m++] = k->s[j];
                t[m] = 0;
                rc = gd_doc_meta_set(doc, "title", t);
                free(t);
            }
            break;
        case PI_BLOCK_PARA:
        case PI_BLOCK_ROW:
            rc = set_font(b, fonts, k->font);
            if (rc == GD_OK) rc = gd_builder_open(b, GD_NODE_PARAGRAPH, &n);
            if (rc == GD_OK && k->align) rc = gd_node_set_attr(n, "align", k->align);
            if (rc == GD_OK) rc = gd_builder_text(b, k->s, k->len, style);
            if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_PARAGRAPH);
            break;
        }
    }
    if (rc == GD_OK) rc = gd_builder_finish(b);
    return rc;
}
