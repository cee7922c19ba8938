/* Reading order of a page. A page whose text lines leave a vertical gutter
 * free (two columns of prose) is read column by column: lines crossing the
 * gutter (a title, a full-width paragraph, a table) cut the page into
 * bands, each band's left column before its right one; each column may
 * split again. Everything else is read top to bottom. Each column band is
 * a region with its own text edges (for indents and short lines); lines of
 * a region on one baseline form a row (a table without rulings). */
#include "pdfin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH  3
#define MIN_GUTTER 6.0f /* points */
#define MIN_LINES  3    /* lines on each side of a gutter */
#define MIN_GLYPHS 6    /* median glyphs of a column's lines: prose, not figures */

typedef struct box {
    pi_item_kind kind;
    size_t idx;
    float x0, y0, x1, y1, base, size;
    int nglyph;
} box;

typedef struct orderer {
    pi_pagebox *pg;
    pi_item *out;
    size_t n;
    pi_region *reg;
    size_t nreg, regcap;
    int row;
    float body;
} orderer;

static int by_top(const void *a, const void *b)
{
    const box *x = a, *y = b;
    float ka = x->kind == PI_ITEM_LINE ? x->base : x->y0;
    float kb = y->kind == PI_ITEM_LINE ? y->base : y->y0;
    if (ka != kb) return ka < kb ? -1 : 1;
    if (x->x0 != y->x0) return x->x0 < y->x0 ? -1 : 1;
    return 0;
}

static int by_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return x < y ? -1 : x > y;
}

static int by_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* The text edges of a region: the usual left edge of its lines (a first-
 * line indent is the exception) and the right edge reached by several. */
static void edges(const box *b, size_t n, float *L, float *R)
{
    float *x = malloc((n ? n : 1) * sizeof *x);
    *L = INFINITY, *R = -INFINITY;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind != PI_ITEM_LINE) continue;
        *L = fminf(*L, b[i].x0);
        *R = fmaxf(*R, b[i].x1);
        if (x) x[m++] = b[i].x0;
    }
    if (!m) {
        for (size_t i = 0; i < n; i++) *L = fminf(*L, b[i].x0), *R = fmaxf(*R, b[i].x1);
        free(x);
        return;
    }
    /* left: the smallest x0 shared by two lines (within 2 pt) */
    qsort(x, m, sizeof *x, by_float);
    for (size_t i = 0; i + 1 < m; i++)
        if (x[i + 1] - x[i] <= 2.0f) {
            *L = x[i];
            break;
        }
    /* right: the largest x1 shared by two lines */
    m = 0;
    for (size_t i = 0; i < n; i++)
        if (b[i].kind == PI_ITEM_LINE) x[m++] = b[i].x1;
    qsort(x, m, sizeof *x, by_float);
    for (size_t i = m; i-- > 1;)
        if (x[i] - x[i - 1] <= 2.0f) {
            *R = x[i];
            break;
        }
    free(x);
}

static int emit_leaf(orderer *o, box *b, size_t n)
{
    if (!n) return GD_OK;
    qsort(b, n, sizeof *b, by_top);
    if (o->nreg == o->regcap) {
        size_t cap = o->regcap ? o->regcap * 2 : 4;
        pi_region *v = realloc(o->reg, cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        o->reg = v;
        o->regcap = cap;
    }
    int region = (int)o->nreg;
    edges(b, n, &o->reg[region].x0, &o->reg[region].x1);
    o->nreg++;
    float row_base = 0, row_size = 0;
    bool in_row = false;
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind == PI_ITEM_LINE && in_row &&
            fabsf(b[i].base - row_base) <= 0.35f * fmaxf(b[i].size, row_size)) {
            /* same row */
        } else {
            o->row++;
            in_row = b[i].kind == PI_ITEM_LINE;
            row_base = b[i].base;
            row_size = b[i].size;
        }
        o->out[o->n++] = (pi_item){b[i].kind, b[i].idx, region, o->row};
    }
    return GD_OK;
}

static int median_glyphs(const box *b, size_t n, bool left, float g)
{
    int *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind != PI_ITEM_LINE) continue;
        if (left ? b[i].x1 <= g : b[i].x0 >= g) v[m++] = b[i].nglyph;
    }
    int r = 0;
    if (m) {
        qsort(v, m, sizeof *v, by_int);
        r = v[m / 2];
    }
    free(v);
    return r;
}

/* A gutter: an x where (almost) no line crosses, with prose on both sides. */
static bool find_gutter(const box *b, size_t n, float *gx)
{
    float X0 = INFINITY, X1 = -INFINITY;
    size_t lines = 0;
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind != PI_ITEM_LINE) continue;
        X0 = fminf(X0, b[i].x0), X1 = fmaxf(X1, b[i].x1);
        lines++;
    }
    if (lines < 2 * MIN_LINES || !(X1 - X0 > 60) || X1 - X0 > 20000) return false;
    size_t nbins = (size_t)(X1 - X0) + 1;
    int *cov = calloc(nbins, sizeof *cov);
    if (!cov) return false;
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind != PI_ITEM_LINE) continue;
        size_t a = (size_t)(b[i].x0 - X0), e = (size_t)(b[i].x1 - X0);
        for (size_t k = a; k <= e && k < nbins; k++) cov[k]++;
    }
    int allow = (int)(lines / 10);
    size_t lo = (size_t)((X1 - X0) * 0.2f), hi = (size_t)((X1 - X0) * 0.8f);
    size_t best_w = 0, best_c = 0;
    for (size_t k = lo; k <= hi && k < nbins;) {
        if (cov[k] > allow) {
            k++;
            continue;
        }
        size_t e = k;
        while (e + 1 < nbins && cov[e + 1] <= allow) e++;
        if (e - k + 1 > best_w) best_w = e - k + 1, best_c = (k + e) / 2;
        k = e + 1;
    }
    free(cov);
    if ((float)best_w < MIN_GUTTER) return false;
    float g = X0 + (float)best_c;
    size_t left = 0, right = 0;
    float lx0 = INFINITY, lx1 = -INFINITY, rx0 = INFINITY, rx1 = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        if (b[i].kind != PI_ITEM_LINE) continue;
        if (b[i].x1 <= g) left++, lx0 = fminf(lx0, b[i].x0), lx1 = fmaxf(lx1, b[i].x1);
        if (b[i].x0 >= g) right++, rx0 = fminf(rx0, b[i].x0), rx1 = fmaxf(rx1, b[i].x1);
    }
    if (left < MIN_LINES || right < MIN_LINES) return false;
    float w = X1 - X0;
    if (lx1 - lx0 < 0.2f * w || rx1 - rx0 < 0.2f * w) return false;
    if (median_glyphs(b, n, true, g) < MIN_GLYPHS || median_glyphs(b, n, false, g) < MIN_GLYPHS)
        return false;
    *gx = g;
    return true;
}

static int order_set(orderer *o, box *b, size_t n, int depth)
{
    float g;
    if (depth >= MAX_DEPTH || !find_gutter(b, n, &g)) return emit_leaf(o, b, n);
    qsort(b, n, sizeof *b, by_top);
    box *tmp = malloc(n * sizeof *tmp);
    if (!tmp) return GD_ENOMEM;
    int rc = GD_OK;
    size_t i = 0;
    while (i < n && rc == GD_OK) {
        bool crossing = !(b[i].x1 <= g || b[i].x0 >= g);
        size_t j = i;
        if (crossing) {
            while (j < n && !(b[j].x1 <= g || b[j].x0 >= g)) j++;
            rc = emit_leaf(o, b + i, j - i);
        } else {
            /* a band: everything down to the next crossing item */
            while (j < n && (b[j].x1 <= g || b[j].x0 >= g)) j++;
            size_t m = 0;
            for (size_t k = i; k < j; k++)
                if (b[k].x1 <= g) tmp[m++] = b[k];
            size_t left = m;
            for (size_t k = i; k < j; k++)
                if (b[k].x0 >= g && !(b[k].x1 <= g)) tmp[m++] = b[k];
            rc = order_set(o, tmp, left, depth + 1);
            if (rc == GD_OK) rc = order_set(o, tmp + left, m - left, depth + 1);
        }
        i = j;
    }
    free(tmp);
    return rc;
}

int pi_order_page(pi_pagebox *pg, float body)
{
    size_t n = 0;
    for (size_t i = 0; i < pg->lines.n; i++)
        if (!pg->lines.v[i].drop) n++;
    n += pg->tables.n + pg->nimg;
    free(pg->order);
    free(pg->regions);
    pg->order = NULL, pg->regions = NULL, pg->norder = pg->nregions = 0;
    if (!n) return GD_OK;
    box *b = malloc(n * sizeof *b);
    pi_item *out = malloc(n * sizeof *out);
    if (!b || !out) {
        free(b);
        free(out);
        return GD_ENOMEM;
    }
    size_t k = 0;
    for (size_t i = 0; i < pg->lines.n; i++) {
        const pi_line *l = &pg->lines.v[i];
        if (l->drop) continue;
        b[k++] = (box){PI_ITEM_LINE, i, l->x0, l->y0, l->x1, l->y1, l->base, l->size, l->nglyph};
    }
    for (size_t i = 0; i < pg->tables.n; i++) {
        const pi_table *t = &pg->tables.v[i];
        b[k++] = (box){PI_ITEM_TABLE, i, t->x0, t->y0, t->x1, t->y1, t->y0, 0, 0};
    }
    for (size_t i = 0; i < pg->nimg; i++) {
        const pi_image *m = &pg->img[i];
        b[k++] = (box){PI_ITEM_IMAGE, i, m->x0, m->y0, m->x1, m->y1, m->y0, 0, 0};
    }
    orderer o = {pg, out, 0, NULL, 0, 0, 0, body};
    int rc = order_set(&o, b, n, 0);
    free(b);
    if (rc) {
        free(out);
        free(o.reg);
        return rc;
    }
    pg->order = out;
    pg->norder = o.n;
    pg->regions = o.reg;
    pg->nregions = o.nreg;
    return GD_OK;
}
