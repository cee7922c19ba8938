/* Tables: rows and cells into the builder, w:gridSpan → colspan, a
 * w:vMerge restart and its continue cells → rowspan on the restart cell
 * (continuations are dropped: the IR stores origin cells only), legacy
 * w:hMerge, w:gridBefore, header rows (w:tblHeader), deleted rows. Rows
 * and cells open lazily, once their properties (trPr, tcPr) are known. */
#include "body.h"

#include <stdlib.h>
#include <string.h>

static dx_table *cur(dx_body *B)
{
    return B->ntbl ? &B->tbl[B->ntbl - 1] : NULL;
}

static int rc_of(dx_body *B, int rc)
{
    if (rc && !B->dx->rc) B->dx->rc = rc;
    return B->dx->rc;
}

/* Makes column slots [0, n) exist. */
static bool cols_reserve(dx_body *B, dx_table *T, int n)
{
    if (n <= T->ncols) return true;
    if (n > 4096) {
        dx_fail(B->dx, GD_ELIMIT, "table wider than 4096 columns");
        return false;
    }
    int cap = T->ncols ? T->ncols : 16;
    while (cap < n) cap *= 2;
    dx_vcol *c = realloc(T->cols, (size_t)cap * sizeof *c);
    if (!c) {
        dx_fail(B->dx, GD_ENOMEM, "out of memory");
        return false;
    }
    memset(c + T->ncols, 0, (size_t)(cap - T->ncols) * sizeof *c);
    T->cols = c;
    T->ncols = cap;
    return true;
}

void dx_table_start(dx_body *B)
{
    if (B->ntbl == B->captbl) {
        int cap = B->captbl ? B->captbl * 2 : 4;
        dx_table *v = realloc(B->tbl, (size_t)cap * sizeof *v);
        if (!v) {
            dx_fail(B->dx, GD_ENOMEM, "out of memory");
            return;
        }
        B->tbl = v;
        B->captbl = cap;
    }
    dx_table *T = &B->tbl[B->ntbl++];
    memset(T, 0, sizeof *T);
    T->header_run = true;
    rc_of(B, gd_builder_open(B->dx->b, GD_NODE_TABLE, NULL));
}

void dx_table_end(dx_body *B)
{
    dx_table *T = cur(B);
    if (!T) return;
    if (T->cell_pending || T->cell_open) dx_cell_end(B);
    if (T->row_pending || T->row_open) dx_row_end(B);
    free(T->cols);
    B->ntbl--;
    rc_of(B, gd_builder_close(B->dx->b, GD_NODE_TABLE));
    B->emitted = true;
}

void dx_row_start(dx_body *B)
{
    dx_table *T = cur(B);
    if (!T) return;
    if (T->cell_pending || T->cell_open) dx_cell_end(B);
    if (T->row_pending || T->row_open) dx_row_end(B);
    T->row_pending = true;
    T->row_open = T->row_header = T->row_skip = false;
    T->grid_before = T->grid_after = 0;
    T->col = 0;
    T->last_cell = NULL;
    for (int i = 0; i < T->ncols; i++) T->cols[i].touched = false;
}

void dx_trpr_child(dx_body *B, const dx_ev *e)
{
    dx_table *T = cur(B);
    if (!T || !T->row_pending) return;
    switch (e->el) {
    case E_TBLHEADER: T->row_header = dx_attr_on(e); break;
    case E_GRIDBEFORE: {
        long n = dx_attr_long(e, NS_W, "val", 0);
        T->grid_before = n > 0 && n < 1000 ? (int)n : 0;
        break;
    }
    case E_DEL:
        if (B->dx->track == DX_TRACK_ACCEPT) T->row_skip = true;
        break;
    case E_INS:
        if (B->dx->track == DX_TRACK_REJECT) T->row_skip = true;
        break;
    default: break;
    }
}

static void row_materialize(dx_body *B, dx_table *T)
{
    if (!T->row_pending) return;
    T->row_pending = false;
    gd_builder *b = B->dx->b;
    if (T->row_skip) {
        B->skip = B->depth; /* drop the row; its end event is swallowed */
        return;
    }
    gd_node *row;
    int rc = gd_builder_open(b, GD_NODE_ROW, &row);
    if (rc) {
        rc_of(B, rc);
        return;
    }
    T->row = row;
    T->row_open = true;
    if (T->row_header && T->header_run && row)
        gd_node_set_header(row, 1);
    else
        T->header_run = false;
    if (T->grid_before > 0 && cols_reserve(B, T, T->grid_before)) {
        gd_node *cell;
        rc = gd_builder_open(b, GD_NODE_CELL, &cell);
        if (!rc && cell) rc = gd_node_set_span(cell, 1, T->grid_before);
        if (!rc) rc = gd_builder_close(b, GD_NODE_CELL);
        rc_of(B, rc);
        for (int i = 0; i < T->grid_before; i++) {
            T->cols[i].origin = NULL;
            T->cols[i].touched = true;
        }
        T->col = T->grid_before;
    }
}

void dx_row_end(dx_body *B)
{
    dx_table *T = cur(B);
    if (!T) return;
    if (T->cell_pending || T->cell_open) dx_cell_end(B);
    if (T->row_pending) row_materialize(B, T);
    if (!T->row_open) {
        if (B->skip == B->depth) B->skip = 0;
        return;
    }
    /* a vertical merge runs only through consecutive rows */
    for (int i = 0; i < T->ncols; i++)
        if (!T->cols[i].touched) T->cols[i].origin = NULL;
    T->row_open = false;
    T->rows++;
    rc_of(B, gd_builder_close(B->dx->b, GD_NODE_ROW));
}

void dx_cell_start(dx_body *B)
{
    dx_table *T = cur(B);
    if (!T) return;
    if (T->cell_pending || T->cell_open) dx_cell_end(B);
    if (!T->row_pending && !T->row_open) dx_row_start(B);
    row_materialize(B, T);
    if (B->skip) return;
    T->cell_pending = true;
    T->cell_open = false;
    T->span = 1;
    T->vmerge = T->hmerge = 0;
}

void dx_tcpr_child(dx_body *B, const dx_ev *e)
{
    dx_table *T = cur(B);
    if (!T || !T->cell_pending) return;
    char v[32];
    switch (e->el) {
    case E_GRIDSPAN: {
        long n = dx_attr_long(e, NS_W, "val", 1);
        T->span = n > 1 && n <= 1000 ? (int)n : 1;
        break;
    }
    case E_VMERGE:
        T->vmerge = dx_attr_get(e, NS_W, "val", v, sizeof v) && !strcmp(v, "restart") ? 1 : 2;
        break;
    case E_HMERGE:
        T->hmerge = dx_attr_get(e, NS_W, "val", v, sizeof v) && !strcmp(v, "restart") ? 1 : 2;
        break;
    default: break;
    }
}

static void cell_materialize(dx_body *B, dx_table *T, bool at_end)
{
    T->cell_pending = false;
    int col = T->col, span = T->span;
    if (!cols_reserve(B, T, col + span)) return;
    /* a continued horizontal merge widens the cell before it */
    if (T->hmerge == 2 && T->last_cell) {
        int cs = gd_node_colspan(T->last_cell) + span;
        gd_node_set_span(T->last_cell, gd_node_rowspan(T->last_cell), cs);
        for (int i = col; i < col + span; i++) {
            T->cols[i].origin = NULL;
            T->cols[i].touched = true;
        }
        T->col += span;
        if (!at_end) B->skip = B->depth;
        return;
    }
    dx_vcol *vc = &T->cols[col];
    if (T->vmerge == 2 && vc->origin) {
        vc->rowspan++;
        gd_node_set_span(vc->origin, vc->rowspan, vc->colspan);
        for (int i = col; i < col + span; i++) T->cols[i].touched = true;
        T->col += span;
        if (!at_end) B->skip = B->depth;
        return;
    }
    gd_node *cell;
    int rc = gd_builder_open(B->dx->b, GD_NODE_CELL, &cell);
    if (rc) {
        rc_of(B, rc);
        return;
    }
    if (cell) {
        gd_node_set_span(cell, 1, span);
        if (T->row_header && T->header_run) gd_node_set_header(cell, 1);
    }
    vc->origin = T->vmerge == 1 ? cell : NULL;
    vc->rowspan = 1;
    vc->colspan = span;
    for (int i = col; i < col + span; i++) {
        if (i > col) T->cols[i].origin = NULL;
        T->cols[i].touched = true;
    }
    T->col += span;
    T->last_cell = cell;
    T->cell_open = true;
    dx_container *c = &B->cont[B->ncont++];
    memset(c, 0, sizeof *c);
    c->is_cell = true;
    c->cell = cell;
    c->cell_align = -1;
}

void dx_table_materialize(dx_body *B)
{
    dx_table *T = cur(B);
    if (!T || B->in_trpr || B->in_tcpr) return;
    if (T->row_pending) row_materialize(B, T);
    if (T->cell_pending && !B->skip) cell_materialize(B, T, false);
}

void dx_cell_end(dx_body *B)
{
    dx_table *T = cur(B);
    if (!T) return;
    if (T->cell_pending) cell_materialize(B, T, true);
    if (!T->cell_open) return;
    T->cell_open = false;
    dx_close_lists(B);
    dx_container *c = &B->cont[B->ncont - 1];
    if (c->cell && c->cell_align > DX_ALIGN_LEFT) {
        const char *a = c->cell_align == DX_ALIGN_CENTER  ? "center"
                        : c->cell_align == DX_ALIGN_RIGHT ? "right"
                                                          : "justify";
        gd_node_set_attr(c->cell, "align", a);
    }
    if (B->ncont > 1) B->ncont--;
    rc_of(B, gd_builder_close(B->dx->b, GD_NODE_CELL));
}
