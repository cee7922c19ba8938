/* HTML reader: tables. Cells keep their rowspan and colspan (the builder
 * normalises the table when it closes); th marks header cells and thead
 * header rows. Spans are clamped to HTML's own maxima (colspan 1000,
 * rowspan 65534) before anything is allocated, and a table whose grid
 * would pass HR_TABLE_SLOTS gets no more spans. Layout tables — a single
 * cell, role=presentation, or one column of block content — are read as
 * the blocks they hold. A caption becomes a paragraph before the table. */
#include "hr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static bool is_element(xmlNodePtr n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0;
}

/* Rows and cells of this table (not of nested ones). */
static void shape(xmlNodePtr table, size_t *rows, size_t *cells, size_t *max_cells,
                  bool *block_cells)
{
    *rows = *cells = *max_cells = 0;
    *block_cells = false;
    for (xmlNodePtr c = table->children; c; c = c->next) {
        xmlNodePtr first = c, last = c;
        if (is_element(c, "thead") || is_element(c, "tbody") || is_element(c, "tfoot")) {
            first = c->children;
            last = NULL;
        } else if (!is_element(c, "tr")) {
            continue;
        }
        for (xmlNodePtr tr = first; tr && tr != (last ? last->next : NULL); tr = tr->next) {
            if (!is_element(tr, "tr")) continue;
            (*rows)++;
            size_t k = 0;
            for (xmlNodePtr td = tr->children; td; td = td->next) {
                if (!is_element(td, "td") && !is_element(td, "th")) continue;
                k++;
                for (xmlNodePtr b = td->children; b && !*block_cells; b = b->next) {
                    int level;
                    unsigned bits;
                    if (b->type == XML_ELEMENT_NODE &&
                        hr_is_block_kind(hr_element_kind(b, &level, &bits)))
                        *block_cells = true;
                }
            }
            *cells += k;
            if (k > *max_cells) *max_cells = k;
        }
    }
}

static xmlNodePtr caption_of(xmlNodePtr table)
{
    for (xmlNodePtr c = table->children; c; c = c->next)
        if (is_element(c, "caption")) return c;
    return NULL;
}

int hr_table_enter(hr_reader *r, hr_frame *f, xmlNodePtr n)
{
    size_t rows, cells, max_cells;
    bool block_cells;
    shape(n, &rows, &cells, &max_cells, &block_cells);
    const char *role = hr_attr(n, "role");
    bool layout = (role && (strcmp(role, "presentation") == 0 || strcmp(role, "none") == 0)) ||
                  cells <= 1 || (max_cells == 1 && block_cells);
    if (layout) {
        f->flags |= HR_IN_FLAT;
        f->kind = HR_BLOCK;
        f->boundary = 1;
        return hr_boundary(r);
    }
    int rc = hr_boundary(r);
    if (rc) return rc;
    xmlNodePtr cap = caption_of(n);
    if (cap) {
        hr_para_info info;
        hr_para_scan(r, cap, f->style, false, &info);
        if (info.visible && info.text_len) {
            gd_node *p;
            rc = hr_make_room(r, GD_NODE_PARAGRAPH);
            if (!rc) rc = hr_check(r, gd_builder_open(r->b, GD_NODE_PARAGRAPH, &p));
            if (!rc) rc = hr_check(r, gd_node_set_attr(p, "role", "caption"));
            if (!rc) rc = hr_check(r, gd_builder_text(r->b, info.text, info.text_len, f->style));
            if (!rc) rc = hr_check(r, gd_builder_close(r->b, GD_NODE_PARAGRAPH));
            if (rc) return rc;
        }
    }
    rc = hr_make_room(r, GD_NODE_TABLE);
    if (!rc) rc = hr_check(r, gd_builder_open(r->b, GD_NODE_TABLE, NULL));
    if (rc) return rc;
    hr_flow_reset(r);
    r->first_block_done = true;
    if (r->ntables == r->tables_cap) {
        size_t cap2 = r->tables_cap ? r->tables_cap * 2 : 8;
        hr_table_state *t = realloc(r->tables, cap2 * sizeof *t);
        if (!t) return hr_check(r, gd_ctx_error(r->ctx, GD_ENOMEM, "out of memory (tables)"));
        r->tables = t;
        r->tables_cap = cap2;
    }
    memset(&r->tables[r->ntables], 0, sizeof *r->tables);
    r->tables[r->ntables].total_rows = rows ? rows : 1;
    f->table = (int)r->ntables++;
    f->close = GD_NODE_TABLE;
    f->flags = (f->flags | HR_IN_TABLE) & ~(unsigned)HR_IN_FLAT;
    f->align = HR_ALIGN_NONE;
    return GD_OK;
}

/* A table part where the builder cannot take it (a <tr> or <td> outside a
 * table) is read as a plain block, as browsers do. */
static int as_block(hr_reader *r, hr_frame *f)
{
    f->kind = HR_BLOCK;
    f->boundary = 1;
    return GD_OK;
}

static gd_node_type current_type(hr_reader *r)
{
    gd_node *cur = gd_builder_current(r->b);
    return cur ? gd_node_get_type(cur) : GD_NODE_NONE;
}

int hr_row_enter(hr_reader *r, hr_frame *f, xmlNodePtr n)
{
    int rc = hr_boundary(r);
    if (rc) return rc;
    if (current_type(r) != GD_NODE_TABLE) return as_block(r, f);
    gd_node *row;
    if (!rc) rc = hr_check(r, gd_builder_open(r->b, GD_NODE_ROW, &row));
    if (rc) return rc;
    f->close = GD_NODE_ROW;
    hr_flow_reset(r);
    if (is_element(n->parent, "thead")) rc = hr_check(r, gd_node_set_header(row, 1));
    if (f->table >= 0 && (size_t)f->table < r->ntables) {
        hr_table_state *t = &r->tables[f->table];
        t->rows++;
        t->row_width = 0;
    }
    return rc;
}

static long span_attr(xmlNodePtr n, const char *name, long max)
{
    const char *v = hr_attr(n, name);
    if (!v) return 1;
    errno = 0;
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v || x < 1) return 1; /* rowspan=0 ("to the end") reads as 1 */
    if (errno == ERANGE || x > max) return max;
    return x;
}

int hr_cell_enter(hr_reader *r, hr_frame *f, xmlNodePtr n, const hr_css *css)
{
    long cs = span_attr(n, "colspan", HR_MAX_COLSPAN);
    long rs = span_attr(n, "rowspan", HR_MAX_ROWSPAN);
    if (f->table >= 0 && (size_t)f->table < r->ntables) {
        hr_table_state *t = &r->tables[f->table];
        unsigned long left = t->total_rows >= t->rows ? t->total_rows - t->rows + 1 : 1;
        unsigned long rs_eff = (unsigned long)rs < left ? (unsigned long)rs : left;
        unsigned long width = t->row_width + (unsigned long)cs;
        unsigned long cols = width > t->cols ? width : t->cols;
        /* Both the grid the table will have and the area its spans cover
         * stay under the budget; past it, cells span nothing. */
        if ((cs > 1 || rs > 1) && (t->total_rows * cols > HR_TABLE_SLOTS ||
                                   t->area + (unsigned long)cs * rs_eff > HR_TABLE_SLOTS)) {
            cs = rs = 1;
            rs_eff = 1;
            if (!r->table_warned) {
                r->table_warned = true;
                gd_ctx_warn(r->ctx, "table grid larger than %u cells: further spans ignored",
                            HR_TABLE_SLOTS);
            }
            width = t->row_width + 1;
            cols = width > t->cols ? width : t->cols;
        }
        t->area += (unsigned long)cs * rs_eff;
        t->row_width = width;
        t->cols = cols;
    }
    int rc = hr_boundary(r);
    if (rc) return rc;
    gd_node_type ct = current_type(r);
    if (ct != GD_NODE_ROW && ct != GD_NODE_TABLE) return as_block(r, f);
    rc = hr_make_room(r, GD_NODE_CELL);
    gd_node *cell;
    if (!rc) rc = hr_check(r, gd_builder_open(r->b, GD_NODE_CELL, &cell));
    if (rc) return rc;
    f->close = GD_NODE_CELL;
    hr_flow_reset(r);
    if (cs > 1 || rs > 1) rc = hr_check(r, gd_node_set_span(cell, (int)rs, (int)cs));
    if (!rc && is_element(n, "th")) rc = hr_check(r, gd_node_set_header(cell, 1));
    int align = css->align ? css->align : hr_align_from(hr_attr(n, "align"));
    if (!align && n->parent) align = hr_align_from(hr_attr(n->parent, "align"));
    const char *name = hr_align_name(align);
    if (!rc && name && align != HR_ALIGN_LEFT)
        rc = hr_check(r, gd_node_set_attr(cell, "align", name));
    /* Paragraphs in the cell carry only their own alignment. */
    f->align = HR_ALIGN_NONE;
    return rc;
}
