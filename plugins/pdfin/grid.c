/* Rulings → tables. Horizontal and vertical rulings that cross or touch
 * are connected; each connected set with at least two of each is a table.
 * Its grid lines are the clustered positions of its rulings (and the ends
 * of the rulings across them, for a table drawn without outer sides or
 * continued without a top rule); a grid edge exists where a ruling covers
 * it. Cells are the grid's slots, merged across missing edges: to the
 * right first (colspan), then downwards over the whole width (rowspan).
 * Glyphs whose centre falls in a cell become that cell's lines. */
#include "pdfin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CONNECT   2.5f /* points: a ruling reaching this near another touches it */
#define GRID_TOL  2.0f /* points: positions closer than this are one grid line */
#define MIN_SPAN  4.0f /* points: grid lines closer than this are merged */
#define MAX_PAIRS 16000000.0

static size_t uf_find(size_t *p, size_t i)
{
    while (p[i] != i) {
        p[i] = p[p[i]];
        i = p[i];
    }
    return i;
}

static int by_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Sorts v and clusters values closer than tol; returns the count. */
static size_t cluster(float *v, size_t n, float tol)
{
    if (!n) return 0;
    qsort(v, n, sizeof *v, by_float);
    size_t out = 0, i = 0;
    while (i < n) {
        size_t j = i + 1;
        double sum = v[i];
        while (j < n && v[j] - v[j - 1] <= tol) sum += v[j], j++;
        v[out++] = (float)(sum / (double)(j - i));
        i = j;
    }
    /* grid lines too close for a row or column between them */
    size_t k = 0;
    for (size_t m = 0; m < out; m++) {
        if (k && v[m] - v[k - 1] < MIN_SPAN) continue;
        v[k++] = v[m];
    }
    return k;
}

static int near_index(const float *v, size_t n, float x)
{
    int best = -1;
    float d = GRID_TOL + 1;
    for (size_t i = 0; i < n; i++) {
        float e = fabsf(v[i] - x);
        if (e < d) d = e, best = (int)i;
    }
    return d <= GRID_TOL + 0.5f ? best : -1;
}

void pi_table_free(pi_table *t)
{
    free(t->xs);
    free(t->ys);
    for (size_t i = 0; i < t->ncell; i++) pi_lines_free(&t->cells[i].lines);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

void pi_tables_free(pi_tables *t)
{
    for (size_t i = 0; i < t->n; i++) pi_table_free(&t->v[i]);
    free(t->v);
    memset(t, 0, sizeof *t);
}

/* Builds the table of one connected set of rulings (indices idx[0..n)). */
static int make_table(const pi_seg *s, const size_t *idx, size_t n, pi_table *t)
{
    memset(t, 0, sizeof *t);
    size_t nh = 0, nv = 0;
    for (size_t i = 0; i < n; i++) s[idx[i]].vert ? nv++ : nh++;
    if (nh < 2 || nv < 2) return GD_OK;
    float *xs = malloc((nv + 2) * sizeof *xs), *ys = malloc((nh + 2) * sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return GD_ENOMEM;
    }
    size_t nx = 0, ny = 0;
    float hmin = INFINITY, hmax = -INFINITY, vmin = INFINITY, vmax = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        const pi_seg *g = &s[idx[i]];
        if (g->vert) {
            xs[nx++] = g->c;
            vmin = fminf(vmin, g->a0), vmax = fmaxf(vmax, g->a1);
        } else {
            ys[ny++] = g->c;
            hmin = fminf(hmin, g->a0), hmax = fmaxf(hmax, g->a1);
        }
    }
    xs[nx++] = hmin, xs[nx++] = hmax;
    ys[ny++] = vmin, ys[ny++] = vmax;
    nx = cluster(xs, nx, GRID_TOL);
    ny = cluster(ys, ny, GRID_TOL);
    int cols = (int)nx - 1, rows = (int)ny - 1;
    if (cols < 1 || rows < 1 || (double)cols * rows < 2 || (double)cols * rows > PI_MAX_CELLS) {
        free(xs);
        free(ys);
        return GD_OK;
    }
    /* edges: v[r * (cols + 1) + k] = grid line x k covers row r;
     *        h[k * cols + c]      = grid line y k covers column c */
    char *ve = calloc((size_t)rows * (size_t)(cols + 1), 1);
    char *he = calloc((size_t)(rows + 1) * (size_t)cols, 1);
    int *slot = malloc((size_t)rows * (size_t)cols * sizeof *slot);
    if (!ve || !he || !slot) {
        free(xs), free(ys), free(ve), free(he), free(slot);
        return GD_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        const pi_seg *g = &s[idx[i]];
        if (g->vert) {
            int k = near_index(xs, nx, g->c);
            if (k < 0) continue;
            for (int r = 0; r < rows; r++) {
                float tol = fminf(3.0f, 0.3f * (ys[r + 1] - ys[r]));
                if (g->a0 <= ys[r] + tol && g->a1 >= ys[r + 1] - tol) ve[r * (cols + 1) + k] = 1;
            }
        } else {
            int k = near_index(ys, ny, g->c);
            if (k < 0) continue;
            for (int c = 0; c < cols; c++) {
                float tol = fminf(3.0f, 0.3f * (xs[c + 1] - xs[c]));
                if (g->a0 <= xs[c] + tol && g->a1 >= xs[c + 1] - tol) he[k * cols + c] = 1;
            }
        }
    }
    for (int i = 0; i < rows * cols; i++) slot[i] = -1;
    size_t cap = 16;
    pi_cell *cells = malloc(cap * sizeof *cells);
    if (!cells) {
        free(xs), free(ys), free(ve), free(he), free(slot);
        return GD_ENOMEM;
    }
    size_t nc = 0;
    for (int r = 0; r < rows; r++) {
        for (int c = 0; c < cols; c++) {
            if (slot[r * cols + c] >= 0) continue;
            int cs = 1, rs = 1;
            while (c + cs < cols && !ve[r * (cols + 1) + c + cs] && slot[r * cols + c + cs] < 0)
                cs++;
            for (;;) {
                if (r + rs >= rows) break;
                bool open = true;
                for (int k = c; k < c + cs && open; k++)
                    if (he[(r + rs) * cols + k] || slot[(r + rs) * cols + k] >= 0) open = false;
                if (!open) break;
                rs++;
            }
            if (nc == cap) {
                cap *= 2;
                pi_cell *v = realloc(cells, cap * sizeof *v);
                if (!v) {
                    free(cells), free(xs), free(ys), free(ve), free(he), free(slot);
                    return GD_ENOMEM;
                }
                cells = v;
            }
            pi_cell *cell = &cells[nc];
            memset(cell, 0, sizeof *cell);
            cell->r = r, cell->c = c, cell->rs = rs, cell->cs = cs;
            cell->x0 = xs[c], cell->x1 = xs[c + cs], cell->y0 = ys[r], cell->y1 = ys[r + rs];
            bool top = false, bottom = false;
            for (int k = c; k < c + cs; k++) {
                top |= he[r * cols + k] != 0;
                bottom |= he[(r + rs) * cols + k] != 0;
            }
            cell->open_top = !top;
            cell->open_bottom = !bottom;
            for (int y = r; y < r + rs; y++)
                for (int x = c; x < c + cs; x++) slot[y * cols + x] = (int)nc;
            nc++;
        }
    }
    free(ve);
    free(he);
    t->rows = rows, t->cols = cols;
    t->xs = xs, t->ys = ys;
    t->cells = cells;
    t->ncell = nc;
    t->x0 = xs[0], t->x1 = xs[cols], t->y0 = ys[0], t->y1 = ys[rows];
    free(slot);
    return GD_OK;
}

static int locate(const float *v, int n, float x)
{
    /* index i with v[i] <= x < v[i + 1], v has n + 1 entries */
    int lo = 0, hi = n;
    if (x < v[0] || x > v[n]) return -1;
    while (hi - lo > 1) {
        int mid = (lo + hi) / 2;
        if (v[mid] <= x)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

static int cell_at(const pi_table *t, float x, float y)
{
    int c = locate(t->xs, t->cols, x), r = locate(t->ys, t->rows, y);
    if (c < 0 || r < 0) return -1;
    for (size_t i = 0; i < t->ncell; i++) {
        const pi_cell *k = &t->cells[i];
        if (r >= k->r && r < k->r + k->rs && c >= k->c && c < k->c + k->cs) return (int)i;
    }
    return -1;
}

static int fill_cells(pi_page *p, pi_table *t)
{
    /* glyphs per cell, gathered in one pass; kept glyphs compacted */
    size_t *count = calloc(t->ncell + 1, sizeof *count);
    int *where = malloc((p->ng ? p->ng : 1) * sizeof *where);
    if (!count || !where) {
        free(count);
        free(where);
        return GD_ENOMEM;
    }
    size_t inside = 0;
    for (size_t i = 0; i < p->ng; i++) {
        const pi_glyph *g = &p->g[i];
        float cx = (g->x0 + g->x1) / 2, cy = (g->y0 + g->y1) / 2;
        where[i] = -1;
        if (cx < t->x0 || cx > t->x1 || cy < t->y0 || cy > t->y1) continue;
        where[i] = cell_at(t, cx, cy);
        if (where[i] >= 0) count[where[i]]++, inside++;
    }
    int rc = GD_OK;
    pi_glyph *buf = inside ? malloc(inside * sizeof *buf) : NULL;
    if (inside && !buf) rc = GD_ENOMEM;
    size_t off = 0;
    for (size_t c = 0; c < t->ncell && rc == GD_OK; c++) {
        if (!count[c]) continue;
        size_t k = 0;
        for (size_t i = 0; i < p->ng; i++)
            if (where[i] == (int)c) buf[off + k++] = p->g[i];
        rc = pi_lines_build(buf + off, k, false, (int)c, &t->cells[c].lines);
        off += k;
    }
    if (rc == GD_OK) {
        size_t out = 0;
        for (size_t i = 0; i < p->ng; i++)
            if (where[i] < 0) p->g[out++] = p->g[i];
        p->ng = out;
    }
    free(buf);
    free(count);
    free(where);
    return rc;
}

int pi_tables_find(pi_page *p, pi_tables *out)
{
    pi_rulings_merge(p->s, &p->ns);
    size_t n = p->ns, nh = 0, nv = 0;
    for (size_t i = 0; i < n; i++) p->s[i].vert ? nv++ : nh++;
    if (nh < 2 || nv < 2 || (double)nh * (double)nv > MAX_PAIRS) return GD_OK;
    size_t *par = malloc(n * sizeof *par), *idx = malloc(n * sizeof *idx);
    if (!par || !idx) {
        free(par);
        free(idx);
        return GD_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) par[i] = i;
    /* merged segments are sorted: horizontals first */
    for (size_t i = 0; i < nh; i++) {
        const pi_seg *h = &p->s[i];
        for (size_t j = nh; j < n; j++) {
            const pi_seg *v = &p->s[j];
            if (v->c >= h->a0 - CONNECT && v->c <= h->a1 + CONNECT && h->c >= v->a0 - CONNECT &&
                h->c <= v->a1 + CONNECT) {
                size_t a = uf_find(par, i), b = uf_find(par, j);
                if (a != b) par[a] = b;
            }
        }
    }
    int rc = GD_OK;
    for (size_t root = 0; root < n && rc == GD_OK; root++) {
        if (uf_find(par, root) != root) continue;
        size_t k = 0;
        for (size_t i = 0; i < n; i++)
            if (uf_find(par, i) == root) idx[k++] = i;
        if (k < 4) continue;
        pi_table t;
        rc = make_table(p->s, idx, k, &t);
        if (rc || !t.ncell) continue;
        t.page = p->no;
        rc = fill_cells(p, &t);
        if (rc == GD_OK && out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 4;
            pi_table *v = realloc(out->v, cap * sizeof *v);
            if (!v)
                rc = GD_ENOMEM;
            else
                out->v = v, out->cap = cap;
        }
        if (rc) {
            pi_table_free(&t);
            break;
        }
        out->v[out->n++] = t;
    }
    free(par);
    free(idx);
    return rc;
}
