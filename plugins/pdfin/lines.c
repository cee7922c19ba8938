/* Glyphs → lines. Glyphs sharing a baseline form a line, ordered left to
 * right; a glyph drawn twice at (almost) the same place — fake bold, as WPS
 * and some printers draw it — counts once and makes the line bold. Spaces
 * are not taken from the PDF (many PDFs draw none) but from the gaps: a gap
 * between Latin letters is a space, between Chinese characters nothing,
 * and a gap wider than a column gap splits the line into pieces (separate
 * lines on the same baseline) that the reading order then places. */
#include "pdfin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BASELINE_TOL 0.35f /* × size: baselines of one line */
#define SPLIT_GAP    1.6f  /* × size: a gap that separates columns */
#define SPACE_GAP    0.18f /* × size: a word space between Latin glyphs */
#define WIDE_GAP     0.9f  /* × size: a space between wide glyphs */
#define MIXED_GAP    0.5f  /* × size: a space between a wide and a Latin glyph */

bool pi_is_space(int32_t c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x3000 ||
           (c >= 0x2000 && c <= 0x200B) || c == 0x202F || c == 0x205F || c == 0xFEFF;
}

int pi_buf_add(char **s, size_t *len, size_t *cap, const char *add, size_t n)
{
    if (*len + n + 1 > *cap) {
        size_t c = *cap ? *cap : 64;
        while (c < *len + n + 1) c *= 2;
        char *v = realloc(*s, c);
        if (!v) return GD_ENOMEM;
        *s = v;
        *cap = c;
    }
    memcpy(*s + *len, add, n);
    *len += n;
    (*s)[*len] = 0;
    return GD_OK;
}

bool pi_join_needs_space(const char *a, size_t alen, const char *b, size_t blen)
{
    int32_t x = cjk_last_cp(a, alen), y = cjk_first_cp(b, blen);
    if (x < 0 || y < 0) return false;
    if (cjk_is_wide(x) || cjk_is_wide(y)) return false;
    if (x == '-' || x == '/') return false;
    return true;
}

static int by_baseline(const void *a, const void *b)
{
    const pi_glyph *x = a, *y = b;
    if (x->by != y->by) return x->by < y->by ? -1 : 1;
    if (x->bx != y->bx) return x->bx < y->bx ? -1 : 1;
    return 0;
}

static int by_x(const void *a, const void *b)
{
    const pi_glyph *x = a, *y = b;
    if (x->x0 != y->x0) return x->x0 < y->x0 ? -1 : 1;
    return 0;
}

static int by_size(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

static int lines_push(pi_lines *out, const pi_line *l)
{
    if (out->n == out->cap) {
        size_t cap = out->cap ? out->cap * 2 : 64;
        pi_line *v = realloc(out->v, cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        out->v = v;
        out->cap = cap;
    }
    out->v[out->n++] = *l;
    return GD_OK;
}

void pi_lines_free(pi_lines *l)
{
    for (size_t i = 0; i < l->n; i++) free(l->v[i].s);
    free(l->v);
    memset(l, 0, sizeof *l);
}

/* One piece: glyphs g[0..n) of one baseline, sorted by x, no column gap. */
static int make_piece(const pi_glyph *g, size_t n, int cell, pi_lines *out)
{
    pi_line l;
    memset(&l, 0, sizeof l);
    l.cell = cell;
    size_t cap = 0;
    float sizes_buf[64], *sizes = n <= 64 ? sizes_buf : malloc(n * sizeof *sizes);
    if (!sizes) return GD_ENOMEM;
    size_t nb = 0, bold = 0, fontvote = 0;
    l.x0 = g[0].x0, l.x1 = g[0].x1, l.y0 = g[0].y0, l.y1 = g[0].y1;
    double base = 0;
    const pi_glyph *prev = NULL;
    int rc = GD_OK;
    size_t kept = 0;
    for (size_t i = 0; i < n && rc == GD_OK; i++) {
        const pi_glyph *c = &g[i];
        if (prev && prev->c == c->c &&
            fabsf(c->x0 - prev->x0) < fminf(0.3f * (c->x1 - c->x0), 0.1f * c->size)) {
            bold++; /* drawn twice: fake bold */
            continue;
        }
        if (prev) {
            float gap = c->x0 - prev->x1, sz = fmaxf(c->size, prev->size);
            /* between a Chinese and a Latin character, word processors add a
             * quarter em by themselves ("autospace"): not a space */
            int wide = cjk_is_wide(prev->c) + cjk_is_wide(c->c);
            if (gap > (wide == 2 ? WIDE_GAP : wide == 1 ? MIXED_GAP : SPACE_GAP) * sz)
                rc = pi_buf_add(&l.s, &l.len, &cap, " ", 1);
        }
        char u[4];
        size_t k = gd_utf8_encode((uint32_t)c->c, u);
        if (rc == GD_OK) rc = pi_buf_add(&l.s, &l.len, &cap, u, k);
        sizes[kept++] = c->size;
        if (c->bold) nb++;
        if (!fontvote || c->font == l.font) {
            l.font = c->font;
            fontvote++;
        } else {
            fontvote--;
        }
        base += c->by;
        if (c->x0 < l.x0) l.x0 = c->x0;
        if (c->x1 > l.x1) l.x1 = c->x1;
        if (c->y0 < l.y0) l.y0 = c->y0;
        if (c->y1 > l.y1) l.y1 = c->y1;
        prev = c;
    }
    if (rc == GD_OK && kept) {
        qsort(sizes, kept, sizeof *sizes, by_size);
        l.size = sizes[kept / 2];
        l.base = (float)(base / (double)kept);
        l.nglyph = (int)kept;
        l.bold = nb * 2 >= kept || bold * 2 >= kept;
        rc = lines_push(out, &l);
        if (rc == GD_OK) l.s = NULL;
    }
    free(l.s);
    if (sizes != sizes_buf) free(sizes);
    return rc;
}

int pi_lines_build(pi_glyph *g, size_t n, bool split_gaps, int cell, pi_lines *out)
{
    if (!n) return GD_OK;
    qsort(g, n, sizeof *g, by_baseline);
    size_t i = 0;
    int rc = GD_OK;
    while (i < n && rc == GD_OK) {
        /* glyphs whose baseline is near the first one's */
        size_t j = i + 1;
        float base = g[i].by, size = g[i].size;
        while (j < n && g[j].by - base <= BASELINE_TOL * fmaxf(size, g[j].size)) {
            if (g[j].size > size) size = g[j].size;
            j++;
        }
        qsort(g + i, j - i, sizeof *g, by_x);
        size_t start = i;
        for (size_t k = i + 1; k <= j && rc == GD_OK; k++) {
            bool cut = k == j;
            if (!cut && split_gaps) {
                float gap = g[k].x0 - g[k - 1].x1, sz = fmaxf(g[k].size, g[k - 1].size);
                cut = gap > SPLIT_GAP * sz;
            }
            if (cut) {
                rc = make_piece(g + start, k - start, cell, out);
                start = k;
            }
        }
        i = j;
    }
    return rc;
}
