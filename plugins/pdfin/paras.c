/* Lines in reading order → blocks: the title, headings, paragraphs,
 * column-aligned rows, tables and images.
 *
 * A line continues the paragraph of the line before it when that line
 * reached the right edge of its column (a wrap, not an end), the new line
 * is not indented (a first-line indent starts a paragraph), has the same
 * size and weight, follows at the usual line pitch, and does not start a
 * numbered heading after a finished sentence. Wrapped Chinese is joined
 * without a space (the TXT reader's rule), across columns and pages too.
 * Headings come from the numbering patterns the TXT reader knows (一、 level
 * 2, （一） 3, 1. 4, （1） 5) on short lines that do not end a sentence, and
 * from a size clearly above the body text; the title is the first large or
 * centred lines of the first page. */
#define _GNU_SOURCE
#include "pdfin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define INDENT       0.8f  /* × size: a first-line indent */
#define WIDE_SHORT   1.5f  /* × size: a Chinese line ending this far from the edge ended */
#define LATIN_SHORT  4.0f  /* × size: the same for a Latin line (ragged right) */
#define HEADING_SIZE 1.15f /* × body: a heading by size */
#define HEADING_W    60    /* columns (30 Chinese characters) */

float pi_body_size(const pi_pagebox *pages, size_t n)
{
    /* glyph counts per half-point size */
    size_t hist[400] = {0};
    for (size_t p = 0; p < n; p++)
        for (size_t i = 0; i < pages[p].lines.n; i++) {
            const pi_line *l = &pages[p].lines.v[i];
            int k = (int)lroundf(l->size * 2);
            if (k > 0 && k < 400) hist[k] += (size_t)l->nglyph;
        }
    size_t best = 0;
    for (size_t k = 1; k < 400; k++)
        if (hist[k] > hist[best]) best = k;
    return best ? (float)best / 2 : 12;
}

void pi_blocks_free(pi_blocks *b)
{
    for (size_t i = 0; i < b->n; i++) free(b->v[i].s);
    free(b->v);
    memset(b, 0, sizeof *b);
}

static pi_block *push_block(pi_blocks *b, pi_block_kind kind, int page)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        pi_block *v = realloc(b->v, cap * sizeof *v);
        if (!v) return NULL;
        b->v = v;
        b->cap = cap;
    }
    pi_block *k = &b->v[b->n++];
    memset(k, 0, sizeof *k);
    k->kind = kind;
    k->page = page;
    return k;
}

/* ---- the paragraph being built ---- */
typedef struct para {
    bool open;
    char *s;
    size_t len, cap;
    int lines;
    float size;
    bool bold;
    uint16_t font;
    int page;
    bool centered; /* every line centred */
    bool right;    /* one line flush right, starting far from the left edge */
    /* the last line */
    const pi_line *last;
    pi_region last_reg;
    int last_page;
} para;

typedef struct builder {
    pi_blocks *out;
    float body;
    float pitch; /* usual baseline distance / size */
    bool body_bold;
    bool seen_text; /* a block was emitted: no title any more */
    para p;
} builder;

static bool centred(const pi_line *l, const pi_region *r)
{
    float left = l->x0 - r->x0, right = r->x1 - l->x1;
    return left > 2 * l->size && fabsf(left - right) < 1.5f * l->size;
}

static bool heading_like(const char *s, size_t len)
{
    if (cjk_width(s, len) > HEADING_W) return false;
    if (cjk_ends_sentence(cjk_last_cp(s, len))) return false;
    if (memmem(s, len, "\xE3\x80\x82", 3)) return false; /* 。 inside: prose */
    for (size_t i = 0; i + 3 <= len; i++)
        if (s[i] == ' ' && s[i + 1] == ' ' && s[i + 2] == ' ') return false;
    return true;
}

static int flush(builder *b)
{
    para *p = &b->p;
    if (!p->open) return GD_OK;
    p->open = false;
    if (!p->len) return GD_OK;
    pi_block *k = push_block(b->out, PI_BLOCK_PARA, p->page);
    if (!k) return GD_ENOMEM;
    k->s = p->s;
    k->len = p->len;
    k->font = p->font;
    k->bold = p->bold;
    k->size = p->size;
    p->s = NULL;
    p->len = p->cap = 0;
    int level = cjk_numbered_level(k->s, k->len);
    bool like = heading_like(k->s, k->len);
    if (level && like && p->lines <= 2) {
        k->kind = PI_BLOCK_HEADING;
        k->level = level;
    } else if (like && p->lines <= 3 && k->size >= HEADING_SIZE * b->body) {
        k->kind = PI_BLOCK_HEADING;
        k->level = k->size >= 1.5f * b->body ? 1 : 2;
    }
    if (p->centered)
        k->align = "center";
    else if (p->right)
        k->align = "right";
    b->seen_text = true;
    return GD_OK;
}

static bool continues(const builder *b, const pi_line *l, const pi_region *r, int page)
{
    const para *p = &b->p;
    if (!p->open || !p->last) return false;
    const pi_line *a = p->last;
    const pi_region *ra = &p->last_reg;
    if (fabsf(l->size - a->size) > 0.15f * fmaxf(l->size, a->size)) return false;
    if (l->bold != a->bold) return false;
    int32_t last = cjk_last_cp(a->s, a->len);
    float short_by = (cjk_is_wide(last) ? WIDE_SHORT : LATIN_SHORT) * a->size;
    if (a->x1 < ra->x1 - short_by) return false;        /* a ended short */
    if (l->x0 > r->x0 + INDENT * l->size) return false; /* l is indented */
    if (cjk_ends_sentence(last) && cjk_numbered_level(l->s, l->len)) return false;
    if (page == p->last_page && r->x0 == ra->x0 && r->x1 == ra->x1) {
        float d = l->base - a->base;
        if (d < 0 || d > b->pitch * 1.35f * a->size) return false; /* a gap: new paragraph */
    }
    return true;
}

static int add_line(builder *b, const pi_line *l, const pi_region *r, int page)
{
    para *p = &b->p;
    int rc = GD_OK;
    bool cen = centred(l, r);
    if (p->open && continues(b, l, r, page) && !(cen && !p->centered)) {
        if (pi_join_needs_space(p->s, p->len, l->s, l->len))
            rc = pi_buf_add(&p->s, &p->len, &p->cap, " ", 1);
        if (rc == GD_OK) rc = pi_buf_add(&p->s, &p->len, &p->cap, l->s, l->len);
        p->lines++;
        p->centered = p->centered && cen;
        p->right = false;
    } else {
        rc = flush(b);
        if (rc) return rc;
        p->open = true;
        p->lines = 1;
        p->size = l->size;
        p->bold = l->bold;
        p->font = l->font;
        p->page = page;
        p->centered = cen;
        p->right = !cen && l->x1 >= r->x1 - l->size && l->x0 > r->x0 + 0.3f * (r->x1 - r->x0);
        rc = pi_buf_add(&p->s, &p->len, &p->cap, l->s, l->len);
    }
    p->last = l;
    p->last_reg = *r;
    p->last_page = page;
    return rc;
}

/* A row of pieces on one baseline: one line of text with the pieces at
 * their columns (half an em each), at least two spaces apart, as
 * `pdftotext -layout` writes a table without rulings. */
static int add_row(builder *b, const pi_pagebox *pg, const pi_item *it, size_t n)
{
    int rc = flush(b);
    if (rc) return rc;
    const pi_region *r = &pg->regions[it[0].region];
    float pitch = b->body / 2;
    char *s = NULL;
    size_t len = 0, cap = 0, col = 0;
    float size = 0;
    for (size_t i = 0; i < n && rc == GD_OK; i++) {
        const pi_line *l = &pg->lines.v[it[i].idx];
        size_t want = l->x0 > r->x0 ? (size_t)lroundf((l->x0 - r->x0) / pitch) : 0;
        if (want > 4000) want = 4000;
        size_t pad = i == 0 ? 0 : 2;
        if (col + pad < want) pad = want - col;
        if (i == 0) pad = 0;
        for (size_t k = 0; k < pad && rc == GD_OK; k++) rc = pi_buf_add(&s, &len, &cap, " ", 1);
        col += pad;
        if (rc == GD_OK) rc = pi_buf_add(&s, &len, &cap, l->s, l->len);
        col += cjk_width(l->s, l->len);
        size = fmaxf(size, l->size);
    }
    if (rc) {
        free(s);
        return rc;
    }
    pi_block *k = push_block(b->out, PI_BLOCK_ROW, pg->no);
    if (!k) {
        free(s);
        return GD_ENOMEM;
    }
    k->s = s;
    k->len = len;
    k->size = size;
    k->font = pg->lines.v[it[0].idx].font;
    b->seen_text = true;
    return GD_OK;
}

/* The title: the first lines of the first page with text, when larger
 * than the body text (or centred), not numbered, one size. */
static int take_title(builder *b, const pi_pagebox *pg, size_t *pos)
{
    size_t i = *pos, first = i;
    const pi_line *prev = NULL;
    float size = 0;
    while (i < pg->norder && pg->order[i].kind == PI_ITEM_LINE) {
        /* one piece per row only */
        if (i + 1 < pg->norder && pg->order[i + 1].row == pg->order[i].row) break;
        const pi_line *l = &pg->lines.v[pg->order[i].idx];
        const pi_region *r = &pg->regions[pg->order[i].region];
        bool big = l->size >= HEADING_SIZE * b->body, cen = centred(l, r);
        if (!prev) {
            if (!(big || (cen && l->size >= b->body)) || cjk_numbered_level(l->s, l->len) ||
                !heading_like(l->s, l->len))
                break;
            size = l->size;
        } else {
            if (fabsf(l->size - size) > 0.1f * size || l->base - prev->base > 3.0f * size ||
                !heading_like(l->s, l->len) || !(cen || big) || i - first >= 4)
                break;
        }
        prev = l;
        i++;
    }
    size_t n = i - first;
    if (!n) return GD_OK;
    /* a lone centred line of body size is a title only if it stands apart */
    if (size < HEADING_SIZE * b->body && n > 2) return GD_OK;
    pi_block *k = push_block(b->out, PI_BLOCK_HEADING, pg->no);
    if (!k) return GD_ENOMEM;
    k->level = 1;
    k->title = true;
    k->align = "center";
    k->size = size;
    size_t cap = 0;
    int rc = GD_OK;
    for (size_t j = first; j < i && rc == GD_OK; j++) {
        const pi_line *l = &pg->lines.v[pg->order[j].idx];
        if (j > first) rc = pi_buf_add(&k->s, &k->len, &cap, "\n", 1);
        if (rc == GD_OK) rc = pi_buf_add(&k->s, &k->len, &cap, l->s, l->len);
        k->font = l->font;
        k->bold = l->bold;
    }
    *pos = i;
    b->seen_text = true;
    return rc;
}

static int by_float(const void *a, const void *b)
{
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* The usual distance between baselines, as a multiple of the size. */
static float usual_pitch(const pi_pagebox *pages, size_t n)
{
    size_t m = 0, cap = 0;
    float *v = NULL;
    for (size_t p = 0; p < n; p++) {
        const pi_pagebox *pg = &pages[p];
        for (size_t i = 1; i < pg->norder; i++) {
            const pi_item *a = &pg->order[i - 1], *c = &pg->order[i];
            if (a->kind != PI_ITEM_LINE || c->kind != PI_ITEM_LINE || a->region != c->region ||
                a->row == c->row)
                continue;
            const pi_line *x = &pg->lines.v[a->idx], *y = &pg->lines.v[c->idx];
            if (fabsf(x->size - y->size) > 0.1f * x->size || x->size <= 0) continue;
            float d = (y->base - x->base) / x->size;
            if (d <= 0.5f || d > 5) continue;
            if (m == cap) {
                cap = cap ? cap * 2 : 256;
                float *w = realloc(v, cap * sizeof *w);
                if (!w) break;
                v = w;
            }
            v[m++] = d;
        }
    }
    float r = 1.5f;
    if (m) {
        qsort(v, m, sizeof *v, by_float);
        r = v[m / 4]; /* lines within a paragraph are the closest ones */
        if (r < 1.0f) r = 1.0f;
    }
    free(v);
    return r;
}

int pi_paras_build(pi_pagebox *pages, size_t n, float body, pi_blocks *out)
{
    builder b;
    memset(&b, 0, sizeof b);
    b.out = out;
    b.body = body;
    b.pitch = usual_pitch(pages, n);
    int rc = GD_OK;
    for (size_t p = 0; p < n && rc == GD_OK; p++) {
        pi_pagebox *pg = &pages[p];
        size_t i = 0;
        if (!b.seen_text && pg->norder) rc = take_title(&b, pg, &i);
        while (i < pg->norder && rc == GD_OK) {
            const pi_item *it = &pg->order[i];
            size_t j = i + 1;
            while (j < pg->norder && pg->order[j].row == it->row) j++;
            if (it->kind == PI_ITEM_TABLE) {
                rc = flush(&b);
                pi_block *k = rc ? NULL : push_block(out, PI_BLOCK_TABLE, pg->no);
                if (!rc && !k) rc = GD_ENOMEM;
                if (k) k->table = &pg->tables.v[it->idx];
                b.seen_text = true;
            } else if (it->kind == PI_ITEM_IMAGE) {
                rc = flush(&b);
                pi_block *k = rc ? NULL : push_block(out, PI_BLOCK_IMAGE, pg->no);
                if (!rc && !k) rc = GD_ENOMEM;
                if (k) k->image = pg->img[it->idx].res_id;
            } else if (j - i > 1) {
                rc = add_row(&b, pg, it, j - i);
            } else {
                rc = add_line(&b, &pg->lines.v[it->idx], &pg->regions[it->region], pg->no);
            }
            i = j;
        }
    }
    if (rc == GD_OK) rc = flush(&b);
    free(b.p.s);
    return rc;
}
