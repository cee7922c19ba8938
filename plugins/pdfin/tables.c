/* Tables continued across pages. A table that ends a page and a table that
 * starts the next one with the same columns are one table: the second's
 * rows are appended, minus the header rows it repeats; a cell left open at
 * the page's foot (no bottom rule) continues in the cell below it when that
 * one is open at the top or empty. */
#include "pdfin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SAME_X     3.0f /* points: the same column edge on two pages */
#define MAX_HEADER 6    /* repeated header rows looked for */

char *pi_cell_text(const pi_cell *c, size_t *len)
{
    char *s = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < c->lines.n; i++) {
        const pi_line *l = &c->lines.v[i];
        if (n && pi_join_needs_space(s, n, l->s, l->len) && pi_buf_add(&s, &n, &cap, " ", 1))
            goto fail;
        if (pi_buf_add(&s, &n, &cap, l->s, l->len)) goto fail;
    }
    if (!s) s = calloc(1, 1);
    *len = n;
    return s;
fail:
    free(s);
    return NULL;
}

static bool same_frame(const pi_table *a, const pi_table *b)
{
    return fabsf(a->x0 - b->x0) <= SAME_X && fabsf(a->x1 - b->x1) <= SAME_X;
}

static int nearest(const float *v, int n, float x)
{
    int best = 0;
    for (int i = 1; i < n; i++)
        if (fabsf(v[i] - x) < fabsf(v[best] - x)) best = i;
    return best;
}

/* Puts both parts on the union of their column edges: a part whose first
 * rows merge some columns (a header cell over three) lacks those edges. */
static int common_grid(pi_table *a, pi_table *b)
{
    int n = a->cols + b->cols + 2;
    float *u = malloc((size_t)n * sizeof *u);
    if (!u) return GD_ENOMEM;
    int m = 0, i = 0, j = 0;
    while (i <= a->cols || j <= b->cols) {
        float x;
        if (j > b->cols || (i <= a->cols && a->xs[i] <= b->xs[j]))
            x = a->xs[i++];
        else
            x = b->xs[j++];
        if (m && x - u[m - 1] <= SAME_X) continue;
        u[m++] = x;
    }
    pi_table *t[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        float *xs = malloc((size_t)m * sizeof *xs);
        if (!xs) {
            free(u);
            return GD_ENOMEM;
        }
        memcpy(xs, u, (size_t)m * sizeof *xs);
        for (size_t c = 0; c < t[k]->ncell; c++) {
            pi_cell *cell = &t[k]->cells[c];
            int c0 = nearest(u, m, cell->x0), c1 = nearest(u, m, cell->x1);
            cell->c = c0;
            cell->cs = c1 > c0 ? c1 - c0 : 1;
        }
        free(t[k]->xs);
        t[k]->xs = xs;
        t[k]->cols = m - 1;
    }
    free(u);
    return GD_OK;
}

static bool cell_equal(const pi_cell *a, const pi_cell *b)
{
    if (a->c != b->c || a->cs != b->cs || a->rs != b->rs || a->r != b->r) return false;
    size_t la, lb;
    char *x = pi_cell_text(a, &la), *y = pi_cell_text(b, &lb);
    bool eq = x && y && la == lb && memcmp(x, y, la) == 0;
    free(x);
    free(y);
    return eq;
}

/* The first k rows of a and b hold the same cells (and none reaches below
 * row k). */
static bool same_head(const pi_table *a, const pi_table *b, int k)
{
    size_t ia = 0, ib = 0;
    while (ia < a->ncell && a->cells[ia].r < k) ia++;
    while (ib < b->ncell && b->cells[ib].r < k) ib++;
    if (ia != ib || !ia) return false;
    bool any_text = false;
    for (size_t i = 0; i < ia; i++) {
        if (a->cells[i].r + a->cells[i].rs > k || b->cells[i].r + b->cells[i].rs > k) return false;
        if (!cell_equal(&a->cells[i], &b->cells[i])) return false;
        any_text |= a->cells[i].lines.n > 0;
    }
    return any_text;
}

static int append(pi_table *a, pi_table *b)
{
    int drop = 0;
    for (int k = MAX_HEADER; k >= 1; k--)
        if (k < b->rows && k <= a->rows && same_head(a, b, k)) {
            drop = k;
            break;
        }
    size_t need = a->ncell + b->ncell;
    pi_cell *v = realloc(a->cells, need * sizeof *v);
    if (!v) return GD_ENOMEM;
    a->cells = v;
    int shift = a->rows - drop;
    size_t first = a->ncell;
    for (size_t i = 0; i < b->ncell; i++) {
        pi_cell *c = &b->cells[i];
        if (c->r < drop) {
            pi_lines_free(&c->lines);
            continue;
        }
        /* an empty cell under a merged one, or open at the top */
        if (c->r == drop && (c->open_top || !c->lines.n)) {
            /* the cell above, open at the page's foot, continues here */
            pi_cell *up = NULL;
            for (size_t k = 0; k < first; k++) {
                pi_cell *u = &a->cells[k];
                if (u->c == c->c && u->cs == c->cs && u->r + u->rs == a->rows &&
                    ((u->open_bottom && c->open_top) ||
                     (!c->lines.n && u->lines.n && (u->rs > 1 || c->rs > 1))))
                    up = u;
            }
            if (up) {
                up->rs += c->rs;
                up->open_bottom = c->open_bottom;
                /* move the lines over */
                if (c->lines.n) {
                    size_t n = up->lines.n + c->lines.n;
                    pi_line *lv = realloc(up->lines.v, n * sizeof *lv);
                    if (!lv) return GD_ENOMEM;
                    memcpy(lv + up->lines.n, c->lines.v, c->lines.n * sizeof *lv);
                    up->lines.v = lv;
                    up->lines.n = up->lines.cap = n;
                    free(c->lines.v);
                }
                memset(&c->lines, 0, sizeof c->lines);
                continue;
            }
        }
        a->cells[a->ncell] = *c;
        a->cells[a->ncell].r += shift;
        a->ncell++;
        memset(&c->lines, 0, sizeof c->lines);
    }
    a->rows += b->rows - drop;
    a->y1 = b->y1;
    /* b's cells were moved or freed */
    free(b->cells);
    b->cells = NULL;
    b->ncell = 0;
    return GD_OK;
}

int pi_tables_join(pi_blocks *bl)
{
    size_t out = 0;
    for (size_t i = 0; i < bl->n; i++) {
        pi_block *k = &bl->v[i];
        if (k->kind == PI_BLOCK_TABLE && out > 0) {
            pi_block *prev = &bl->v[out - 1];
            if (prev->kind == PI_BLOCK_TABLE && k->page == prev->page + 1 &&
                same_frame(prev->table, k->table)) {
                int rc = common_grid(prev->table, k->table);
                if (rc == GD_OK) rc = append(prev->table, k->table);
                if (rc) return rc;
                prev->page = k->page;
                continue;
            }
        }
        bl->v[out++] = *k;
    }
    bl->n = out;
    return GD_OK;
}
