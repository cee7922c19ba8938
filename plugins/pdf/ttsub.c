/* TrueType subsetting for CIDFontType2: the glyphs a document draws, in
 * the order it first drew them, become glyphs 1, 2, 3 … of a new font (0
 * stays .notdef), so the PDF's character codes are glyph ids (CIDToGIDMap
 * /Identity) and a page can be written before later pages are laid out.
 * Components of composite glyphs follow the drawn glyphs. Only the tables a
 * PDF consumer reads are kept (head, hhea, maxp, hmtx, loca, glyf and the
 * hinting programs cvt, fpgm, prep): no cmap, names or layout tables. This
 * is a copy of glyph records, with no outline processing, so it costs
 * microseconds where hb-subset costs milliseconds. */
#define _GNU_SOURCE
#include "fonts_internal.h"

#include "map.h"
#include "ranges.h"

#include <stdlib.h>
#include <string.h>

static void wr16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static void wr32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

typedef struct table {
    const uint8_t *d;
    size_t n;
} table;

static void tget(const pw_sfnt *face, uint32_t tag, table *t)
{
    t->d = pw_sfnt_table(face, tag, &t->n);
}

static uint32_t checksum(const uint8_t *d, size_t n)
{
    uint32_t s = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) s += pw_be32(d + i);
    if (i < n) {
        uint8_t last[4] = {0};
        memcpy(last, d + i, n - i);
        s += pw_be32(last);
    }
    return s;
}

/* Where glyph `g` lies in glyf, or false when out of range. */
static bool glyph_range(const table *loca, const table *glyf, bool long_loca, unsigned nglyphs,
                        unsigned g, uint32_t *off, uint32_t *len)
{
    if (g >= nglyphs) return false;
    uint32_t a, b;
    if (long_loca) {
        if ((size_t)(g + 2) * 4 > loca->n) return false;
        a = pw_be32(loca->d + 4 * g);
        b = pw_be32(loca->d + 4 * g + 4);
    } else {
        if ((size_t)(g + 2) * 2 > loca->n) return false;
        a = 2u * pw_be16(loca->d + 2 * g);
        b = 2u * pw_be16(loca->d + 2 * g + 2);
    }
    if (b < a || b > glyf->n) return false;
    *off = a;
    *len = b - a;
    return true;
}

typedef struct ttable {
    uint32_t tag;
    const uint8_t *d; /* NULL: written in place (glyf, hmtx, loca) */
    size_t n, at;
} ttable;

/* The components a composite glyph names, in order: fn(component
 * field, arg) for each. */
static void each_component(uint8_t *dst, const uint8_t *src, uint32_t len,
                           void (*fn)(const uint8_t *src_comp, uint8_t *dst_comp, void *arg),
                           void *arg)
{
    if (len < 10 || (int16_t)pw_be16(src) >= 0) return;
    const uint8_t *p = src + 10, *end = src + len;
    while (p + 4 <= end) {
        uint16_t flags = pw_be16(p);
        fn(p + 2, dst ? dst + (p + 2 - src) : NULL, arg);
        p += 4 + (flags & 1 ? 4 : 2);
        p += flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0;
        if (!(flags & 0x20)) break;
    }
}

/* The drawn glyphs' records, read from the font file with pread rather
 * than through the file's mapping: the records of a few hundred
 * glyphs lie scattered over a 20 MB glyf table, and on this project's VMs
 * the first touch of each mapped page cost tens of microseconds (the
 * kernel maps 16 pages around each fault): 600 scattered touches 25-45 ms
 * of wall time, 600 preads 1.5 ms (bench/pdf/README.md). The mapping is
 * still used when the file cannot be read. */
typedef struct gstore {
    pw_region rg; /* glyf, in the file (ranges.c) */
    uint8_t *buf;
    size_t n, cap;
    size_t *at; /* per new glyph: its record in buf */
    uint32_t *len;
    size_t slots;
} gstore;

static void gstore_open(gstore *gs, const pw_sfnt *face, const char *path, const table *glyf)
{
    memset(gs, 0, sizeof *gs);
    pw_region_open(&gs->rg, face, path, glyf->d, glyf->n);
}

/* Keeps new glyph i's record (len bytes at glyf offset off); its bytes. */
static const uint8_t *gstore_add(gstore *gs, size_t i, uint32_t off, uint32_t len)
{
    if (i >= gs->slots) {
        size_t ns = gs->slots ? gs->slots * 2 : 512;
        while (ns <= i) ns *= 2;
        size_t *a = realloc(gs->at, ns * sizeof *a);
        if (a) gs->at = a;
        uint32_t *l = a ? realloc(gs->len, ns * sizeof *l) : NULL;
        if (l) gs->len = l;
        if (!a || !l) return NULL;
        gs->slots = ns;
    }
    if (!gs->buf || gs->n + len > gs->cap) {
        size_t nc = gs->cap ? gs->cap * 2 : 256 * 1024;
        while (nc < gs->n + len) nc *= 2;
        uint8_t *b = realloc(gs->buf, nc);
        if (!b) return NULL;
        gs->buf = b;
        gs->cap = nc;
    }
    uint8_t *dst = gs->buf + gs->n;
    pw_region_read(&gs->rg, off, len, dst);
    gs->at[i] = gs->n;
    gs->len[i] = len;
    gs->n += len;
    return dst;
}

static void gstore_close(gstore *gs)
{
    pw_region_close(&gs->rg);
    free(gs->buf);
    free(gs->at);
    free(gs->len);
}

typedef struct plan {
    pw_map map;      /* old glyph -> new glyph + 1 */
    uint32_t *order; /* new glyph -> old glyph */
    size_t n, cap;
    unsigned nglyphs;
    bool oom;
} plan;

static void add_component(const uint8_t *src, uint8_t *dst, void *arg)
{
    plan *pl = arg;
    uint16_t comp = pw_be16(src);
    (void)dst;
    if (pl->oom || comp >= pl->nglyphs || pw_map_get(&pl->map, comp)) return;
    if (pl->n == pl->cap) {
        uint32_t *no = realloc(pl->order, pl->cap * 2 * sizeof *no);
        if (!no) {
            pl->oom = true;
            return;
        }
        pl->order = no;
        pl->cap *= 2;
    }
    if (!pw_map_set(&pl->map, comp, (uint32_t)pl->n + 1)) {
        pl->oom = true;
        return;
    }
    pl->order[pl->n++] = comp;
}

static void renumber_component(const uint8_t *src, uint8_t *dst, void *arg)
{
    const plan *pl = arg;
    uint16_t comp = pw_be16(src);
    uint32_t v = comp < pl->nglyphs ? pw_map_get(&pl->map, comp) : 0;
    wr16(dst, v ? v - 1 : 0);
}

/* glyf, loca (long) and hmtx of the subset, written where they go. */
static void write_glyphs(const plan *pl, const gstore *gs, const table *hmtx, unsigned nh,
                         uint8_t *gout, uint8_t *lout, uint8_t *mout)
{
    size_t gl = 0;
    uint16_t last_adv = pw_be16(hmtx->d + 4 * (nh - 1));
    for (size_t i = 0; i < pl->n; i++) {
        uint32_t g = pl->order[i], len = gs->len[i];
        wr32(lout + 4 * i, (uint32_t)gl);
        uint16_t adv = g < nh ? pw_be16(hmtx->d + 4 * g) : last_adv;
        uint16_t lsb = 0;
        if (g < nh)
            lsb = pw_be16(hmtx->d + 4 * g + 2);
        else if ((size_t)4 * nh + 2 * (g - nh) + 2 <= hmtx->n)
            lsb = pw_be16(hmtx->d + 4 * nh + 2 * (g - nh));
        wr16(mout + 4 * i, adv);
        wr16(mout + 4 * i + 2, lsb);
        if (!len) continue;
        uint8_t *dst = gout + gl;
        const uint8_t *src = gs->buf + gs->at[i];
        memcpy(dst, src, len);
        each_component(dst, src, len, renumber_component, (void *)pl);
        size_t pad = ((len + 3) & ~3u) - len;
        memset(dst + len, 0, pad);
        gl += len + pad;
    }
    wr32(lout + 4 * pl->n, (uint32_t)gl);
}

int pw_tt_subset(const pw_sfnt *face, const uint32_t *gids, size_t ngids, uint8_t **out,
                 size_t *outlen)
{
    return pw_tt_subset_file(face, NULL, gids, ngids, out, outlen);
}

int pw_tt_subset_file(const pw_sfnt *face, const char *path, const uint32_t *gids, size_t ngids,
                      uint8_t **out, size_t *outlen)
{
    *out = NULL;
    table head, hhea, maxp, hmtx, loca, glyf, cvt, fpgm, prep;
    tget(face, PW_TAG('h', 'e', 'a', 'd'), &head);
    tget(face, PW_TAG('h', 'h', 'e', 'a'), &hhea);
    tget(face, PW_TAG('m', 'a', 'x', 'p'), &maxp);
    tget(face, PW_TAG('h', 'm', 't', 'x'), &hmtx);
    tget(face, PW_TAG('l', 'o', 'c', 'a'), &loca);
    tget(face, PW_TAG('g', 'l', 'y', 'f'), &glyf);
    tget(face, PW_TAG('c', 'v', 't', ' '), &cvt);
    tget(face, PW_TAG('f', 'p', 'g', 'm'), &fpgm);
    tget(face, PW_TAG('p', 'r', 'e', 'p'), &prep);
    int rc = GD_ERROR;
    plan pl = {0};
    uint8_t *font = NULL;
    gstore gs;
    gstore_open(&gs, face, path, &glyf);
    if (head.n < 54 || hhea.n < 36 || maxp.n < 6 || !loca.n || !glyf.n) goto done;
    pl.nglyphs = pw_be16(maxp.d + 4);
    bool long_loca = pw_be16(head.d + 50) != 0;
    unsigned nh = pw_be16(hhea.d + 34);
    if (!nh || (size_t)nh * 4 > hmtx.n) goto done;
    /* The order grows as composites name their components. */
    pl.cap = ngids + 16;
    pl.order = malloc(pl.cap * sizeof *pl.order);
    if (!pl.order || !pw_map_set(&pl.map, 0, 1)) goto done;
    pl.order[pl.n++] = 0;
    for (size_t i = 0; i < ngids; i++) {
        uint32_t g = gids[i];
        /* Callers give distinct, valid glyphs: new glyph i+1 must be gids[i]. */
        if (g >= pl.nglyphs || pw_map_get(&pl.map, g) ||
            !pw_map_set(&pl.map, g, (uint32_t)pl.n + 1))
            goto done;
        pl.order[pl.n++] = g;
    }
    /* Pass 1: sizes and components. */
    size_t gsize = 0;
    for (size_t i = 0; i < pl.n && !pl.oom; i++) {
        uint32_t off = 0, len;
        if (!glyph_range(&loca, &glyf, long_loca, pl.nglyphs, pl.order[i], &off, &len)) len = 0;
        gsize += (len + 3) & ~3u;
        const uint8_t *rec = gstore_add(&gs, i, off, len);
        if (!rec) goto done;
        if (len) each_component(NULL, rec, len, add_component, &pl);
    }
    if (pl.oom || pl.n > 0xFFFF) goto done;
    size_t n = pl.n;
    /* The font file: table directory, then the tables, each 4-aligned, in
     * tag order (the directory must be sorted). glyf, hmtx and loca are
     * written straight into it: no intermediate copies of the glyphs. */
    uint8_t head_b[54], hhea_b[36], maxp_b[32];
    memcpy(head_b, head.d, 54);
    wr32(head_b + 8, 0);  /* checkSumAdjustment, set below */
    wr16(head_b + 50, 1); /* long loca */
    memcpy(hhea_b, hhea.d, 36);
    wr16(hhea_b + 34, (uint32_t)n);
    size_t maxp_n = maxp.n < sizeof maxp_b ? maxp.n : sizeof maxp_b;
    memcpy(maxp_b, maxp.d, maxp_n);
    wr16(maxp_b + 4, (uint32_t)n);
    ttable t[9];
    int nt = 0, iglyf, ihmtx, iloca;
    if (cvt.n) t[nt++] = (ttable){PW_TAG('c', 'v', 't', ' '), cvt.d, cvt.n, 0};
    if (fpgm.n) t[nt++] = (ttable){PW_TAG('f', 'p', 'g', 'm'), fpgm.d, fpgm.n, 0};
    t[iglyf = nt++] = (ttable){PW_TAG('g', 'l', 'y', 'f'), NULL, gsize, 0};
    t[nt++] = (ttable){PW_TAG('h', 'e', 'a', 'd'), head_b, 54, 0};
    t[nt++] = (ttable){PW_TAG('h', 'h', 'e', 'a'), hhea_b, 36, 0};
    t[ihmtx = nt++] = (ttable){PW_TAG('h', 'm', 't', 'x'), NULL, n * 4, 0};
    t[iloca = nt++] = (ttable){PW_TAG('l', 'o', 'c', 'a'), NULL, (n + 1) * 4, 0};
    t[nt++] = (ttable){PW_TAG('m', 'a', 'x', 'p'), maxp_b, maxp_n, 0};
    if (prep.n) t[nt++] = (ttable){PW_TAG('p', 'r', 'e', 'p'), prep.d, prep.n, 0};
    size_t total = 12 + 16 * (size_t)nt;
    for (int i = 0; i < nt; i++) {
        t[i].at = total;
        total += (t[i].n + 3) & ~(size_t)3;
    }
    if (!(font = malloc(total))) goto done;
    write_glyphs(&pl, &gs, &hmtx, nh, font + t[iglyf].at, font + t[iloca].at, font + t[ihmtx].at);
    int pow2 = 1, lg = 0;
    while (pow2 * 2 <= nt) pow2 *= 2, lg++;
    wr32(font, 0x00010000);
    wr16(font + 4, (uint32_t)nt);
    wr16(font + 6, (uint32_t)pow2 * 16);
    wr16(font + 8, (uint32_t)lg);
    wr16(font + 10, (uint32_t)(nt - pow2) * 16);
    size_t head_at = 0;
    for (int i = 0; i < nt; i++) {
        uint8_t *e = font + 12 + 16 * i, *d = font + t[i].at;
        size_t padded = (t[i].n + 3) & ~(size_t)3;
        if (t[i].d) memcpy(d, t[i].d, t[i].n);
        memset(d + t[i].n, 0, padded - t[i].n);
        wr32(e, t[i].tag);
        wr32(e + 4, checksum(d, t[i].n));
        wr32(e + 8, (uint32_t)t[i].at);
        wr32(e + 12, (uint32_t)t[i].n);
        if (t[i].tag == PW_TAG('h', 'e', 'a', 'd')) head_at = t[i].at;
    }
    wr32(font + head_at + 8, 0xB1B0AFBAu - checksum(font, total));
    *out = font;
    *outlen = total;
    rc = GD_OK;
done:
    gstore_close(&gs);
    pw_map_free(&pl.map);
    free(pl.order);
    return rc;
}
