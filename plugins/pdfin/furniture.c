/* Running headers, footers and page numbers: lines in the top or bottom
 * band of a page that are page numbers (3, — 3 —, - 3 -, 第3页, 第3页 共9页,
 * 3/9, Page 3 of 9) or repeat, digits aside, on other pages at the same
 * height. They are dropped from the text. */
#include "pdfin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BAND    0.12f /* of the page height: where headers and footers live */
#define SAME_Y  8.0f  /* points: the same running line on another page */
#define ROW_TOL 2.0f

static bool in_band(const pi_pagebox *pg, const pi_line *l, int *which)
{
    if (l->y1 <= pg->h * BAND) {
        *which = 0;
        return true;
    }
    if (l->y0 >= pg->h * (1 - BAND)) {
        *which = 1;
        return true;
    }
    return false;
}

/* Text without spaces, digit runs replaced by '#'; into out (cap bytes). */
static void shape(const char *s, size_t len, char *out, size_t cap, int *digits, int *other)
{
    size_t o = 0, i = 0;
    bool in_digit = false;
    *digits = *other = 0;
    while (i < len && o + 5 < cap) {
        size_t at = i;
        int32_t c = cjk_next_cp(s, len, &i);
        if (pi_is_space(c)) continue;
        if ((c >= '0' && c <= '9') || (c >= 0xFF10 && c <= 0xFF19)) {
            if (!in_digit) out[o++] = '#';
            in_digit = true;
            (*digits)++;
            continue;
        }
        in_digit = false;
        (*other)++;
        memcpy(out + o, s + at, i - at);
        o += i - at;
    }
    out[o] = 0;
}

static bool page_number(const char *sh)
{
    static const char *const forms[] = {
        "#",        "-#-",   "—#—",        "–#–",         "－#－",      "——#——",        "~#~",
        "#/#",      "第#页", "第#页共#页", "第#页/共#页", "共#页第#页", "第#页，共#页", "Page#",
        "Page#of#", "page#", "#of#",       "[#]",         "(#)",        "（#）",        "-#",
        "—#",       "·#·",   "•#•",        "第#頁",       NULL,
    };
    for (int i = 0; forms[i]; i++)
        if (strcmp(sh, forms[i]) == 0) return true;
    return false;
}

/* The text of all band lines on the same baseline as l, left to right. */
static void row_text(const pi_pagebox *pg, const pi_line *l, char *out, size_t cap)
{
    size_t o = 0;
    float last_x = -INFINITY;
    for (;;) {
        const pi_line *next = NULL;
        for (size_t i = 0; i < pg->lines.n; i++) {
            const pi_line *m = &pg->lines.v[i];
            if (fabsf(m->base - l->base) > ROW_TOL || m->x0 <= last_x) continue;
            if (!next || m->x0 < next->x0) next = m;
        }
        if (!next) break;
        if (o + next->len + 2 >= cap) break;
        memcpy(out + o, next->s, next->len);
        o += next->len;
        out[o++] = ' ';
        last_x = next->x0;
    }
    out[o] = 0;
}

typedef struct band_line {
    pi_line *l;
    size_t page;
    int band;
    uint64_t hash;
} band_line;

static uint64_t fnv(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int by_key(const void *a, const void *b)
{
    const band_line *x = a, *y = b;
    if (x->band != y->band) return x->band - y->band;
    if (x->hash != y->hash) return x->hash < y->hash ? -1 : 1;
    if (x->page != y->page) return x->page < y->page ? -1 : 1;
    return 0;
}

void pi_furniture_mark(pi_pagebox *pages, size_t n)
{
    char text[512], sh[512];
    size_t nb = 0, cap = 0;
    band_line *bl = NULL;
    for (size_t p = 0; p < n; p++) {
        pi_pagebox *pg = &pages[p];
        for (size_t i = 0; i < pg->lines.n; i++) {
            pi_line *l = &pg->lines.v[i];
            int band, d, o;
            if (l->drop || !in_band(pg, l, &band)) continue;
            row_text(pg, l, text, sizeof text);
            shape(text, strlen(text), sh, sizeof sh, &d, &o);
            if (d && page_number(sh)) {
                for (size_t k = 0; k < pg->lines.n; k++)
                    if (fabsf(pg->lines.v[k].base - l->base) <= ROW_TOL) pg->lines.v[k].drop = true;
                continue;
            }
            if (n < 2 || o + d == 0) continue;
            if (nb == cap) {
                size_t c = cap ? cap * 2 : 64;
                band_line *v = realloc(bl, c * sizeof *v);
                if (!v) break; /* best effort: keep the text */
                bl = v;
                cap = c;
            }
            shape(l->s, l->len, sh, sizeof sh, &d, &o);
            bl[nb++] = (band_line){l, p, band, fnv(sh)};
        }
    }
    /* the same line, digits aside, at the same height on other pages */
    if (nb) qsort(bl, nb, sizeof *bl, by_key);
    for (size_t i = 0; i < nb;) {
        size_t j = i + 1;
        while (j < nb && bl[j].band == bl[i].band && bl[j].hash == bl[i].hash) j++;
        for (size_t a = i; a < j && j - i >= 2; a++) {
            size_t pages_seen = 1, last = bl[a].page;
            for (size_t b = i; b < j; b++) {
                if (bl[b].page == bl[a].page || bl[b].page == last) continue;
                if (fabsf(bl[b].l->base - bl[a].l->base) > SAME_Y) continue;
                pages_seen++;
                last = bl[b].page;
            }
            if (pages_seen >= 2 && pages_seen * 3 >= n) bl[a].l->drop = true;
        }
        i = j;
    }
    free(bl);
}
