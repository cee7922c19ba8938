/* TrueType subsetting for CIDFontType2: the glyphs a document draws, in
 * the order it first drew them, become glyphs 1, 2, 3 … of a new font (0
 * stays .notdef), so the PDF's character codes are glyph ids (CIDToGIDMap
 * /Identity) and a page can be written before later pages are laid out.
 * Components of composite glyphs follow the drawn glyphs. Only the tables a
 * PDF consumer reads are kept (head, hhea, maxp, hmtx, loca, glyf and the
 * hinting programs cvt, fpgm, prep): no cmap, names or layout tables. This
 * is a copy of glyph records, with no outline processing, so it costs
 * microseconds where hb-subset costs milliseconds. */
#include "fonts_internal.h"

#include <stdlib.h>
#include <string.h>

static uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

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
    hb_blob_t *blob;
    const uint8_t *d;
    unsigned n;
} table;

static void tget(hb_face_t *face, hb_tag_t tag, table *t)
{
    t->blob = hb_face_reference_table(face, tag);
    t->d = (const uint8_t *)hb_blob_get_data(t->blob, &t->n);
}

static uint32_t checksum(const uint8_t *d, size_t n)
{
    uint32_t s = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) s += rd32(d + i);
    if (i < n) {
        uint8_t last[4] = {0};
        memcpy(last, d + i, n - i);
        s += rd32(last);
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
        a = rd32(loca->d + 4 * g);
        b = rd32(loca->d + 4 * g + 4);
    } else {
        if ((size_t)(g + 2) * 2 > loca->n) return false;
        a = 2u * rd16(loca->d + 2 * g);
        b = 2u * rd16(loca->d + 2 * g + 2);
    }
    if (b < a || b > glyf->n) return false;
    *off = a;
    *len = b - a;
    return true;
}

typedef struct ttable {
    hb_tag_t tag;
    const uint8_t *d;
    size_t n;
} ttable;

int pw_tt_subset(hb_face_t *face, const uint32_t *gids, size_t ngids, uint8_t **out, size_t *outlen)
{
    *out = NULL;
    table head, hhea, maxp, hmtx, loca, glyf, cvt, fpgm, prep;
    tget(face, HB_TAG('h', 'e', 'a', 'd'), &head);
    tget(face, HB_TAG('h', 'h', 'e', 'a'), &hhea);
    tget(face, HB_TAG('m', 'a', 'x', 'p'), &maxp);
    tget(face, HB_TAG('h', 'm', 't', 'x'), &hmtx);
    tget(face, HB_TAG('l', 'o', 'c', 'a'), &loca);
    tget(face, HB_TAG('g', 'l', 'y', 'f'), &glyf);
    tget(face, HB_TAG('c', 'v', 't', ' '), &cvt);
    tget(face, HB_TAG('f', 'p', 'g', 'm'), &fpgm);
    tget(face, HB_TAG('p', 'r', 'e', 'p'), &prep);
    int rc = GD_ERROR;
    uint32_t *map = NULL, *order = NULL;
    uint8_t *gbuf = NULL, *font = NULL;
    if (head.n < 54 || hhea.n < 36 || maxp.n < 6 || !loca.n || !glyf.n) goto done;
    unsigned nglyphs = rd16(maxp.d + 4);
    bool long_loca = rd16(head.d + 50) != 0;
    unsigned nh = rd16(hhea.d + 34);
    if (!nh || (size_t)nh * 4 > hmtx.n) goto done;
    /* old glyph -> new glyph + 1 (0: not yet placed); the order grows as
     * composites name their components. */
    map = calloc(nglyphs ? nglyphs : 1, sizeof *map);
    size_t cap = ngids + 16, n = 0;
    order = malloc(cap * sizeof *order);
    if (!map || !order) goto done;
    order[n++] = 0;
    map[0] = 1;
    for (size_t i = 0; i < ngids; i++) {
        uint32_t g = gids[i];
        if (g < nglyphs && !map[g]) {
            map[g] = (uint32_t)n + 1;
            order[n++] = g;
        } else if (g >= nglyphs || map[g] != i + 2) {
            /* Callers give distinct, valid glyphs: new glyph i+1 must be gids[i]. */
            goto done;
        }
    }
    /* Pass 1: sizes and components. */
    size_t gsize = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t off, len;
        if (!glyph_range(&loca, &glyf, long_loca, nglyphs, order[i], &off, &len)) len = 0;
        gsize += (len + 3) & ~3u;
        if (len < 10 || (int16_t)rd16(glyf.d + off) >= 0) continue;
        const uint8_t *p = glyf.d + off + 10, *end = glyf.d + off + len;
        for (;;) {
            if (p + 4 > end) break;
            uint16_t flags = rd16(p), comp = rd16(p + 2);
            if (comp < nglyphs && !map[comp]) {
                if (n == cap) {
                    cap *= 2;
                    uint32_t *no = realloc(order, cap * sizeof *no);
                    if (!no) goto done;
                    order = no;
                }
                map[comp] = (uint32_t)n + 1;
                order[n++] = comp;
            }
            p += 4 + (flags & 1 ? 4 : 2);
            p += flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0;
            if (!(flags & 0x20)) break;
        }
    }
    if (n > 0xFFFF) goto done;
    /* Pass 2: glyf and loca (long). */
    gbuf = malloc(gsize ? gsize : 1);
    uint8_t *lbuf = NULL, *mbuf = NULL;
    size_t gl = 0;
    size_t loca_n = (n + 1) * 4, hmtx_n = n * 4;
    uint8_t *tmp = malloc(loca_n + hmtx_n);
    if (!gbuf || !tmp) {
        free(tmp);
        goto done;
    }
    lbuf = tmp;
    mbuf = tmp + loca_n;
    uint16_t last_adv = rd16(hmtx.d + 4 * (nh - 1));
    for (size_t i = 0; i < n; i++) {
        uint32_t g = order[i], off, len;
        wr32(lbuf + 4 * i, (uint32_t)gl);
        uint16_t adv = g < nh ? rd16(hmtx.d + 4 * g) : last_adv;
        uint16_t lsb = 0;
        if (g < nh)
            lsb = rd16(hmtx.d + 4 * g + 2);
        else if ((size_t)4 * nh + 2 * (g - nh) + 2 <= hmtx.n)
            lsb = rd16(hmtx.d + 4 * nh + 2 * (g - nh));
        wr16(mbuf + 4 * i, adv);
        wr16(mbuf + 4 * i + 2, lsb);
        if (!glyph_range(&loca, &glyf, long_loca, nglyphs, g, &off, &len) || !len) continue;
        uint8_t *dst = gbuf + gl;
        memcpy(dst, glyf.d + off, len);
        if (len >= 10 && (int16_t)rd16(dst) < 0) {
            uint8_t *p = dst + 10, *end = dst + len;
            for (;;) {
                if (p + 4 > end) break;
                uint16_t flags = rd16(p), comp = rd16(p + 2);
                wr16(p + 2, comp < nglyphs && map[comp] ? map[comp] - 1 : 0);
                p += 4 + (flags & 1 ? 4 : 2);
                p += flags & 8 ? 2 : flags & 0x40 ? 4 : flags & 0x80 ? 8 : 0;
                if (!(flags & 0x20)) break;
            }
        }
        size_t pad = ((len + 3) & ~3u) - len;
        memset(dst + len, 0, pad);
        gl += len + pad;
    }
    wr32(lbuf + 4 * n, (uint32_t)gl);
    /* The font file: table directory, then the tables, each 4-aligned. */
    ttable t[9];
    int nt = 0;
    uint8_t head_b[54], hhea_b[36], maxp_b[32];
    memcpy(head_b, head.d, 54);
    wr32(head_b + 8, 0);  /* checkSumAdjustment, set below */
    wr16(head_b + 50, 1); /* long loca */
    memcpy(hhea_b, hhea.d, 36);
    wr16(hhea_b + 34, (uint32_t)n);
    size_t maxp_n = maxp.n < sizeof maxp_b ? maxp.n : sizeof maxp_b;
    memcpy(maxp_b, maxp.d, maxp_n);
    wr16(maxp_b + 4, (uint32_t)n);
    /* In tag order, as the directory must be sorted. */
    if (cvt.n) t[nt++] = (ttable){HB_TAG('c', 'v', 't', ' '), cvt.d, cvt.n};
    if (fpgm.n) t[nt++] = (ttable){HB_TAG('f', 'p', 'g', 'm'), fpgm.d, fpgm.n};
    t[nt++] = (ttable){HB_TAG('g', 'l', 'y', 'f'), gbuf, gl};
    t[nt++] = (ttable){HB_TAG('h', 'e', 'a', 'd'), head_b, 54};
    t[nt++] = (ttable){HB_TAG('h', 'h', 'e', 'a'), hhea_b, 36};
    t[nt++] = (ttable){HB_TAG('h', 'm', 't', 'x'), mbuf, hmtx_n};
    t[nt++] = (ttable){HB_TAG('l', 'o', 'c', 'a'), lbuf, loca_n};
    t[nt++] = (ttable){HB_TAG('m', 'a', 'x', 'p'), maxp_b, maxp_n};
    if (prep.n) t[nt++] = (ttable){HB_TAG('p', 'r', 'e', 'p'), prep.d, prep.n};
    size_t total = 12 + 16 * (size_t)nt;
    for (int i = 0; i < nt; i++) total += (t[i].n + 3) & ~(size_t)3;
    font = calloc(1, total);
    if (!font) {
        free(tmp);
        goto done;
    }
    int pow2 = 1, lg = 0;
    while (pow2 * 2 <= nt) pow2 *= 2, lg++;
    wr32(font, 0x00010000);
    wr16(font + 4, (uint32_t)nt);
    wr16(font + 6, (uint32_t)pow2 * 16);
    wr16(font + 8, (uint32_t)lg);
    wr16(font + 10, (uint32_t)(nt - pow2) * 16);
    size_t at = 12 + 16 * (size_t)nt, head_at = 0;
    for (int i = 0; i < nt; i++) {
        uint8_t *e = font + 12 + 16 * i;
        memcpy(font + at, t[i].d, t[i].n);
        wr32(e, t[i].tag);
        wr32(e + 4, checksum(font + at, t[i].n));
        wr32(e + 8, (uint32_t)at);
        wr32(e + 12, (uint32_t)t[i].n);
        if (t[i].tag == HB_TAG('h', 'e', 'a', 'd')) head_at = at;
        at += (t[i].n + 3) & ~(size_t)3;
    }
    wr32(font + head_at + 8, 0xB1B0AFBAu - checksum(font, total));
    free(tmp);
    *out = font;
    *outlen = total;
    rc = GD_OK;
done:
    free(map);
    free(order);
    free(gbuf);
    hb_blob_destroy(head.blob);
    hb_blob_destroy(hhea.blob);
    hb_blob_destroy(maxp.blob);
    hb_blob_destroy(hmtx.blob);
    hb_blob_destroy(loca.blob);
    hb_blob_destroy(glyf.blob);
    hb_blob_destroy(cvt.blob);
    hb_blob_destroy(fpgm.blob);
    hb_blob_destroy(prep.blob);
    return rc;
}
