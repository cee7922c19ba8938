/* Tables: in-table paragraphs into rows and cells.
 *
 * A row is the paragraphs up to its row end (fTtp, or fInnerTtp at the
 * nesting depth itap); its cells end at cell marks (0x07, or fInnerTableCell
 * for nested tables). The row end's TAP gives each cell's boundaries
 * (rgdxaCenter) and merge flags. As LibreOffice's WW8TabDesc does, the
 * columns are the union of all rows' boundaries (within ±3 twips), so a
 * cell's colspan is the number of columns between its boundaries; a
 * vertical merge continuation grows the cell directly above it (a restart
 * always opens a new cell, so adjacent merge groups stay apart, where
 * libwv joined them). Word 6
 * horizontal merges (fMerged) widen the first cell. */
#include "body.h"

#include <stdlib.h>
#include <string.h>

#define TOL 3 /* twips */

typedef struct vcol {
    gd_node *origin;
    int rowspan, colspan;
    bool touched;
} vcol;

static bool is_row_end(const wd_para *P, int d)
{
    if (P->depth != d) return false;
    return d == 1 ? (P->pap.ttp && P->mark_ch == 0x07) || (P->pap.ttp && !P->pap.itap)
                  : P->pap.inner_ttp;
}

static bool is_cell_end(const wd_para *P, int d)
{
    if (P->depth != d || is_row_end(P, d)) return false;
    return d == 1 ? P->mark_ch == 0x07 : P->pap.inner_cell;
}

static int cmp16(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* Column index of a boundary: the cluster it falls in. */
static int col_of(const int *cl, int ncl, int v)
{
    int best = 0;
    for (int i = 0; i < ncl; i++) {
        if (v >= cl[i] - TOL) best = i;
        if (cl[i] - TOL > v) break;
    }
    return best;
}

int wd_table_emit(wd *w, wd_sctx *s, size_t a, size_t b, int d)
{
    gd_builder *bl = w->b;
    /* the grid: every row end's boundaries, clustered */
    int *vals = NULL, nvals = 0, capv = 0;
    for (size_t k = a; k < b; k++) {
        const wd_para *P = &s->paras[k];
        if (!is_row_end(P, d) || !P->tap || !P->tap->defined) continue;
        for (int i = 0; i <= P->tap->ncell; i++) {
            if (nvals == capv) {
                capv = capv ? capv * 2 : 64;
                int *v = realloc(vals, (size_t)capv * sizeof *v);
                if (!v) {
                    free(vals);
                    return wd_fail(w, GD_ENOMEM, "out of memory");
                }
                vals = v;
            }
            vals[nvals++] = P->tap->bound[i];
        }
    }
    int *cl = NULL, ncl = 0;
    if (nvals) {
        qsort(vals, (size_t)nvals, sizeof *vals, cmp16);
        cl = malloc((size_t)nvals * sizeof *cl);
        if (!cl) {
            free(vals);
            return wd_fail(w, GD_ENOMEM, "out of memory");
        }
        for (int i = 0; i < nvals; i++)
            if (!ncl || vals[i] - cl[ncl - 1] > TOL) cl[ncl++] = vals[i];
    }
    free(vals);
    int ncols = ncl > 1 ? ncl - 1 : 1;
    if (ncols < WD_MAX_CELLS) ncols = WD_MAX_CELLS;
    vcol *vc = calloc((size_t)ncols + 1, sizeof *vc);
    if (!vc) {
        free(cl);
        return wd_fail(w, GD_ENOMEM, "out of memory");
    }

    int rc = gd_builder_open(bl, GD_NODE_TABLE, NULL);
    bool header_run = true;
    size_t k = a;
    while (!rc && !w->rc && k < b) {
        /* one row: [k, re] where re is the row end (or the range's end) */
        size_t re = k;
        while (re < b && !is_row_end(&s->paras[re], d)) re++;
        const wd_tap *tap = re < b ? s->paras[re].tap : NULL;
        if (tap && !tap->defined) tap = NULL;
        size_t row_last = re < b ? re : b;
        /* cells of the row, in text order */
        size_t cs = k;
        int nc = 0;
        gd_node *row = NULL;
        rc = gd_builder_open(bl, GD_NODE_ROW, &row);
        bool header = tap && tap->header && header_run;
        if (!header) header_run = false;
        if (!rc && row && header) rc = gd_node_set_header(row, 1);
        for (int i = 0; i <= ncols; i++) vc[i].touched = false;
        int col = 0;
        gd_node *last = NULL;
        for (size_t p = k; p < row_last && !rc && !w->rc; p++) {
            if (!is_cell_end(&s->paras[p], d) && p + 1 < row_last) continue;
            size_t ce = p;
            int c0 = col, span = 1;
            uint16_t flags = 0;
            if (tap && nc < tap->ncell && ncl > 1) {
                c0 = col_of(cl, ncl, tap->bound[nc]);
                int c1 = col_of(cl, ncl, tap->bound[nc + 1]);
                span = c1 > c0 ? c1 - c0 : 1;
                flags = tap->tc[nc].flags;
            }
            if (c0 >= ncols) c0 = ncols - 1;
            if (c0 + span > ncols) span = ncols - c0 > 0 ? ncols - c0 : 1;
            nc++;
            /* a gap before the first cell (gridBefore) */
            if (c0 > col && !last) {
                gd_node *gap;
                rc = gd_builder_open(bl, GD_NODE_CELL, &gap);
                if (!rc && gap) rc = gd_node_set_span(gap, 1, c0 - col);
                if (!rc) rc = gd_builder_close(bl, GD_NODE_CELL);
                for (int i = col; i < c0; i++) {
                    vc[i].origin = NULL;
                    vc[i].touched = true;
                }
            }
            if (c0 < col) c0 = col;
            if (c0 + span > ncols) span = ncols - c0 > 0 ? ncols - c0 : 1;
            col = c0 + span;
            /* Word 6 horizontal merge: widen the first cell */
            if ((flags & TC_MERGED) && !(flags & TC_FIRST_MERGED) && last) {
                gd_node_set_span(last, gd_node_rowspan(last), gd_node_colspan(last) + span);
                for (int i = c0; i < c0 + span; i++) vc[i].touched = true;
                cs = ce + 1;
                continue;
            }
            /* a vertical merge continuation grows the cell above */
            if ((flags & TC_VERT_MERGE) && !(flags & TC_VERT_RESTART) && vc[c0].origin &&
                vc[c0].colspan == span) {
                vc[c0].rowspan++;
                gd_node_set_span(vc[c0].origin, vc[c0].rowspan, vc[c0].colspan);
                for (int i = c0; i < c0 + span; i++) vc[i].touched = true;
                cs = ce + 1;
                continue;
            }
            gd_node *cell;
            rc = gd_builder_open(bl, GD_NODE_CELL, &cell);
            if (rc) break;
            if (cell) {
                gd_node_set_span(cell, 1, span);
                if (header) gd_node_set_header(cell, 1);
            }
            /* any cell can be continued below (Word merges a continuation
             * into the cell above even when that one has no flags) */
            vc[c0].origin = cell;
            vc[c0].rowspan = 1;
            vc[c0].colspan = span;
            for (int i = c0; i < c0 + span; i++) {
                if (i > c0) vc[i].origin = NULL;
                vc[i].touched = true;
            }
            last = cell;
            if (s->ncont < WD_MAX_DEPTH + 2) {
                wd_cont *c = &s->cont[s->ncont++];
                memset(c, 0, sizeof *c);
                c->is_cell = true;
                c->cell_align = -1;
                wd_blocks_emit(w, s, cs, ce + 1, d);
                wd_close_lists(w, s);
                if (cell && c->cell_align > 0) {
                    const char *al = c->cell_align == 1   ? "center"
                                     : c->cell_align == 2 ? "right"
                                                          : "justify";
                    gd_node_set_attr(cell, "align", al);
                }
                s->ncont--;
            }
            if (!w->rc) rc = gd_builder_close(bl, GD_NODE_CELL);
            cs = ce + 1;
        }
        for (int i = 0; i < ncols; i++)
            if (!vc[i].touched) vc[i].origin = NULL;
        if (!rc && !w->rc) rc = gd_builder_close(bl, GD_NODE_ROW);
        k = re < b ? re + 1 : b;
    }
    if (!rc && !w->rc) rc = gd_builder_close(bl, GD_NODE_TABLE);
    free(vc);
    free(cl);
    return wd_rc(w, rc);
}
