/* OpenType fonts with CFF outlines (Noto CJK, Source Han): the PDF embeds
 * their CFF table as a CIDFontType0 (FontFile3 /CIDFontType0C). A
 * CID-keyed CFF finds glyphs by CID through its charset, so the page's
 * character codes are the font's own CIDs (read here from the charset),
 * which hb-subset keeps when it cuts the font down: pages can be written
 * before the subset is made. */
#define _GNU_SOURCE
#include "fonts_internal.h"

#include "cff_internal.h"
#include "dl.h"
#include "pdfout.h"

#include <limits.h>
#include <hb-subset.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static int hb_cff_subset(const pw_sfnt *face, const uint32_t *gids, size_t ngids, uint8_t **out,
                         size_t *outlen);

typedef struct rd {
    const uint8_t *d;
    size_t n;
} rd;

static uint32_t index_off(rd f, size_t at, unsigned offsize, unsigned i)
{
    size_t p = at + 3 + (size_t)i * offsize;
    uint32_t v = 0;
    for (unsigned k = 0; k < offsize; k++) v = v << 8 | f.d[p + k];
    return v;
}

/* An INDEX's count and where its offsets and data start, without reading
 * its last offset: the CharStrings and subroutine INDEXes are read piece
 * by piece from the file (cff_chars.c), not through the mapping. */
static bool idx_head(rd f, size_t at, cff_index *ix)
{
    if (at + 2 > f.n) return false;
    ix->at = at;
    ix->count = (unsigned)(f.d[at] << 8 | f.d[at + 1]);
    ix->osz = ix->count && at + 3 <= f.n ? f.d[at + 2] : 0;
    if (ix->count && (ix->osz < 1 || ix->osz > 4)) return false;
    ix->data = at + 3 + (size_t)(ix->count + 1) * ix->osz - 1;
    ix->end = 0;
    return !ix->count || ix->data < f.n;
}

/* An INDEX whole: where it ends too (its last offset read). */
static bool idx_read(rd f, size_t at, cff_index *ix)
{
    if (!idx_head(f, at, ix)) return false;
    ix->end = ix->data; /* no entries: the INDEX is its count alone */
    if (ix->count) ix->end += index_off(f, at, ix->osz, ix->count);
    return ix->end <= f.n;
}

/* Reads the Top DICT's charset offset, CharStrings offset and whether it
 * has an ROS (CID-keyed). */
static bool top_dict(rd f, size_t s, size_t e, long *charset, long *charstrings, bool *ros)
{
    long ops[48];
    int nops = 0;
    *charset = 0;
    *charstrings = -1;
    *ros = false;
    for (size_t p = s; p < e;) {
        uint8_t b = f.d[p];
        if (b <= 21) {
            int op = b;
            p++;
            if (b == 12) {
                if (p >= e) return false;
                op = 1200 + f.d[p++];
            }
            if (op == 15 && nops) *charset = ops[nops - 1];
            if (op == 17 && nops) *charstrings = ops[nops - 1];
            if (op == 1230) *ros = true;
            nops = 0;
            continue;
        }
        long v = 0;
        if (b == 28 && p + 3 <= e) {
            v = (int16_t)(f.d[p + 1] << 8 | f.d[p + 2]);
            p += 3;
        } else if (b == 29 && p + 5 <= e) {
            v = (int32_t)((uint32_t)f.d[p + 1] << 24 | (uint32_t)f.d[p + 2] << 16 |
                          (uint32_t)f.d[p + 3] << 8 | f.d[p + 4]);
            p += 5;
        } else if (b == 30) {
            p++;
            while (p < e && (f.d[p] & 0x0F) != 0x0F && (f.d[p] & 0xF0) != 0xF0) p++;
            p++;
        } else if (b >= 32 && b <= 246) {
            v = b - 139;
            p++;
        } else if (b >= 247 && b <= 250 && p + 2 <= e) {
            v = (b - 247) * 256 + f.d[p + 1] + 108;
            p += 2;
        } else if (b >= 251 && b <= 254 && p + 2 <= e) {
            v = -(b - 251) * 256 - f.d[p + 1] - 108;
            p += 2;
        } else {
            return false;
        }
        if (nops < 48) ops[nops++] = v;
    }
    return true;
}

/* The charset (glyph -> CID) as the font stores it, looked up when a glyph
 * is drawn: building a 65 000-entry table per face touched 128 KB (and
 * the whole charset) for the few hundred glyphs a document uses. Format 0
 * is an array already; formats 1 and 2 are ranges, whose first glyphs are
 * noted here for a binary search (Noto CJK: a few hundred ranges). */
int pw_cff_charset_read(const uint8_t *d, size_t n, pw_cff_charset *out)
{
    memset(out, 0, sizeof *out);
    rd f = {d, n};
    if (n < 4 || d[0] != 1) return GD_ERROR;
    cff_index name, top, chars;
    if (!idx_read(f, d[2], &name) || !idx_read(f, name.end, &top) || top.count < 1) return GD_ERROR;
    size_t ts = top.data + index_off(f, top.at, top.osz, 0),
           te = top.data + index_off(f, top.at, top.osz, 1);
    long charset, cs;
    bool ros;
    if (te > n || ts > te || !top_dict(f, ts, te, &charset, &cs, &ros) || !ros || cs < 0)
        return GD_ERROR; /* name-keyed CFF: not a CIDFont */
    if (!idx_read(f, (size_t)cs, &chars) || chars.count == 0) return GD_ERROR;
    unsigned ng = chars.count;
    if (charset <= 2 || (size_t)charset >= n) return GD_ERROR; /* predefined: not for CIDs */
    size_t p = (size_t)charset;
    uint8_t fmt = d[p++];
    if (fmt == 0) {
        if (p + 2 * (size_t)(ng - 1) > n) return GD_ERROR;
    } else if (fmt == 1 || fmt == 2) {
        size_t rec = fmt == 1 ? 3 : 4, cap = 0;
        unsigned g = 1;
        while (g < ng) {
            if (p + rec > n) break;
            unsigned left = fmt == 1 ? d[p + 2] : (unsigned)(d[p + 2] << 8 | d[p + 3]);
            if (out->nranges == cap) {
                cap = cap ? cap * 2 : 64;
                uint32_t *r = realloc(out->range_gid, cap * sizeof *r);
                if (!r) {
                    pw_cff_charset_free(out);
                    return GD_ENOMEM;
                }
                out->range_gid = r;
            }
            out->range_gid[out->nranges++] = g;
            g += left + 1;
            p += rec;
        }
        if (g < ng) {
            pw_cff_charset_free(out);
            return GD_ERROR;
        }
    } else {
        return GD_ERROR;
    }
    out->d = d;
    out->charset = (size_t)charset;
    out->fmt = fmt;
    out->nglyphs = ng;
    return GD_OK;
}

unsigned pw_cff_cid(const pw_cff_charset *cs, uint32_t gid)
{
    if (gid == 0 || gid >= cs->nglyphs) return 0;
    const uint8_t *base = cs->d + cs->charset + 1;
    if (cs->fmt == 0) return (unsigned)(base[2 * (gid - 1)] << 8 | base[2 * (gid - 1) + 1]);
    unsigned lo = 0, hi = cs->nranges; /* the last range starting at or before gid */
    while (hi - lo > 1) {
        unsigned mid = (lo + hi) / 2;
        if (cs->range_gid[mid] <= gid)
            lo = mid;
        else
            hi = mid;
    }
    const uint8_t *r = base + (size_t)lo * (cs->fmt == 1 ? 3 : 4);
    return ((unsigned)(r[0] << 8 | r[1]) + (gid - cs->range_gid[lo])) & 0xFFFF;
}

void pw_cff_charset_free(pw_cff_charset *cs)
{
    free(cs->range_gid);
    memset(cs, 0, sizeof *cs);
}

/* ---- our own subsetter ----
 * hb-subset spends tens of milliseconds planning a subset of a 65 000-glyph
 * CID font. The subset here keeps the font's dictionaries and strings as
 * they are and rebuilds only what depends on the glyphs: the charset (new
 * glyph -> original CID, so page codes stay the CIDs), FDSelect, and the
 * CharStrings with every subroutine call expanded in place (cff_chars.c:
 * no subroutines are left, so none need renumbering). */

static bool idx_get(rd f, const cff_index *ix, unsigned i, size_t *s, size_t *e)
{
    if (i >= ix->count) return false;
    *s = ix->data + index_off(f, ix->at, ix->osz, i);
    *e = ix->data + index_off(f, ix->at, ix->osz, i + 1);
    return *s <= *e && *e <= f.n;
}

typedef struct dop {
    size_t s, e; /* operands and operator */
    int op;
    long a[2]; /* the last two integer operands */
} dop;

/* Splits a DICT into its operators; false when malformed or too long. */
static bool dict_ops(rd f, size_t s, size_t e, dop *ops, int max, int *n)
{
    *n = 0;
    size_t start = s;
    long a[2] = {0, 0};
    for (size_t p = s; p < e;) {
        uint8_t b = f.d[p];
        if (b <= 21) {
            int op = b;
            p++;
            if (b == 12) {
                if (p >= e) return false;
                op = 1200 + f.d[p++];
            }
            if (*n == max) return false;
            ops[*n] = (dop){start, p, op, {a[0], a[1]}};
            (*n)++;
            start = p;
            a[0] = a[1] = 0;
            continue;
        }
        long v = 0;
        if (b == 28 && p + 3 <= e) {
            v = (int16_t)(f.d[p + 1] << 8 | f.d[p + 2]);
            p += 3;
        } else if (b == 29 && p + 5 <= e) {
            v = (int32_t)((uint32_t)f.d[p + 1] << 24 | (uint32_t)f.d[p + 2] << 16 |
                          (uint32_t)f.d[p + 3] << 8 | f.d[p + 4]);
            p += 5;
        } else if (b == 30) {
            p++;
            while (p < e && (f.d[p] & 0x0F) != 0x0F && (f.d[p] & 0xF0) != 0xF0) p++;
            p++;
        } else if (b >= 32 && b <= 246) {
            v = b - 139;
            p++;
        } else if (b >= 247 && b <= 250 && p + 2 <= e) {
            v = (b - 247) * 256 + f.d[p + 1] + 108;
            p += 2;
        } else if (b >= 251 && b <= 254 && p + 2 <= e) {
            v = -(b - 251) * 256 - f.d[p + 1] - 108;
            p += 2;
        } else {
            return false;
        }
        a[0] = a[1];
        a[1] = v;
    }
    return true;
}

static const dop *find_op(const dop *ops, int n, int op)
{
    for (int i = 0; i < n; i++)
        if (ops[i].op == op) return &ops[i];
    return NULL;
}

static void put_index(pw_buf *b, const size_t *offs, unsigned count, const void *data, size_t n)
{
    uint8_t h[3] = {(uint8_t)(count >> 8), (uint8_t)count, 4};
    pw_buf_put(b, h, count ? 3 : 2);
    if (!count) return;
    for (unsigned i = 0; i <= count; i++) {
        uint32_t v = (uint32_t)offs[i] + 1;
        uint8_t o[4] = {(uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
        pw_buf_put(b, o, 4);
    }
    pw_buf_put(b, data, n);
}

static void put_int(pw_buf *b, long v)
{
    uint8_t o[5] = {29, (uint8_t)(v >> 24), (uint8_t)(v >> 16), (uint8_t)(v >> 8), (uint8_t)v};
    pw_buf_put(b, o, 5);
}

/* A DICT's operators except those in `drop`. */
static void copy_ops(pw_buf *b, rd f, const dop *ops, int n, const int *drop, int ndrop)
{
    for (int i = 0; i < n; i++) {
        bool skip = false;
        for (int k = 0; k < ndrop; k++) skip |= ops[i].op == drop[k];
        if (!skip) pw_buf_put(b, f.d + ops[i].s, ops[i].e - ops[i].s);
    }
}

enum { MAX_FD = 256, MAX_OPS = 64 };

/* Each FD: its Font DICT, its Private DICT, its local subroutines. */
typedef struct fdinfo {
    dop ops[MAX_OPS], pops[MAX_OPS];
    int nops, npops;
    cff_index subrs;
    bool has_subrs;
} fdinfo;

static bool read_fds(rd f, const cff_index *fda, fdinfo *fd)
{
    for (unsigned i = 0; i < fda->count; i++) {
        size_t s, e;
        if (!idx_get(f, fda, i, &s, &e) || !dict_ops(f, s, e, fd[i].ops, MAX_OPS, &fd[i].nops))
            return false;
        const dop *pr = find_op(fd[i].ops, fd[i].nops, 18);
        fd[i].npops = 0;
        fd[i].has_subrs = false;
        if (!pr) continue;
        size_t ps = (size_t)pr->a[1], pe = ps + (size_t)pr->a[0];
        if (pr->a[0] < 0 || pr->a[1] < 0 || pe > f.n ||
            !dict_ops(f, ps, pe, fd[i].pops, MAX_OPS, &fd[i].npops))
            return false;
        const dop *sb = find_op(fd[i].pops, fd[i].npops, 19);
        if (sb) {
            if (!idx_head(f, ps + (size_t)sb->a[1], &fd[i].subrs)) return false;
            fd[i].has_subrs = true;
        }
    }
    return true;
}

/* What a subset needs of the font, parsed once: the INDEXes in order,
 * the Top DICT, each FD, and FDSelect. */
typedef struct cff_font {
    rd f;
    cff_index name, top, strings, gsubr, cs, fda;
    dop tops[MAX_OPS];
    int ntop;
    fdinfo *fd; /* fda.count */
    const cff_index *lsubr[MAX_FD];
    size_t fds; /* FDSelect */
} cff_font;

static void font_free(cff_font *ft)
{
    free(ft->fd);
    ft->fd = NULL;
}

static bool font_read(rd f, const pw_cff_charset *cids, cff_font *ft)
{
    *ft = (cff_font){.f = f};
    if (f.n < 4 || f.d[0] != 1 || !idx_read(f, f.d[2], &ft->name) ||
        !idx_read(f, ft->name.end, &ft->top) || ft->top.count < 1 ||
        !idx_read(f, ft->top.end, &ft->strings) || !idx_read(f, ft->strings.end, &ft->gsubr))
        return false;
    size_t ts, te;
    if (!idx_get(f, &ft->top, 0, &ts, &te) || !dict_ops(f, ts, te, ft->tops, MAX_OPS, &ft->ntop))
        return false;
    const dop *o_cs = find_op(ft->tops, ft->ntop, 17), *o_fda = find_op(ft->tops, ft->ntop, 1236),
              *o_fds = find_op(ft->tops, ft->ntop, 1237);
    if (!find_op(ft->tops, ft->ntop, 1230) || !o_cs || !o_fda || !o_fds) return false;
    if (!idx_head(f, (size_t)o_cs->a[1], &ft->cs) || !idx_read(f, (size_t)o_fda->a[1], &ft->fda) ||
        ft->fda.count < 1 || ft->fda.count > MAX_FD || ft->cs.count != cids->nglyphs)
        return false;
    ft->fds = (size_t)o_fds->a[1];
    if (ft->fds >= f.n) return false;
    /* On the heap, as many as the font has: a static (thread-local) array
     * of MAX_FD cost a 1.3 MB TLS block, allocated and cleared per thread. */
    ft->fd = malloc(ft->fda.count * sizeof *ft->fd);
    if (!ft->fd || !read_fds(f, &ft->fda, ft->fd)) {
        font_free(ft);
        return false;
    }
    for (unsigned i = 0; i < ft->fda.count; i++)
        ft->lsubr[i] = ft->fd[i].has_subrs ? &ft->fd[i].subrs : NULL;
    return true;
}

/* Glyph g's FD (FDSelect formats 0 and 3), or -1. */
static int fd_of(const cff_font *ft, uint32_t g)
{
    const uint8_t *d = ft->f.d;
    size_t n = ft->f.n, fds = ft->fds;
    unsigned fd;
    if (d[fds] == 0) {
        if (fds + 1 + g >= n) return -1;
        fd = d[fds + 1 + g];
    } else if (d[fds] == 3) {
        if (fds + 3 > n) return -1;
        unsigned nr = (unsigned)(d[fds + 1] << 8 | d[fds + 2]);
        if (fds + 3 + (size_t)nr * 3 + 2 > n) return -1;
        unsigned lo = 0, hi = nr; /* the last range whose first glyph <= g */
        while (hi - lo > 1) {
            unsigned mid = (lo + hi) / 2;
            size_t r = fds + 3 + (size_t)mid * 3;
            if ((unsigned)(d[r] << 8 | d[r + 1]) <= g)
                lo = mid;
            else
                hi = mid;
        }
        fd = d[fds + 3 + (size_t)lo * 3 + 2];
    } else {
        return -1;
    }
    return fd < ft->fda.count ? (int)fd : -1;
}

/* Each glyph's FD: false if one has none. */
static bool fds_of(const cff_font *ft, const uint32_t *gids, size_t n, uint8_t *fdof)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t g = gids[i];
        int d = g < ft->cs.count ? fd_of(ft, g) : -1;
        if (d < 0) return false;
        fdof[i] = (uint8_t)d;
    }
    return true;
}

/* The glyphs read ahead for one face (pw_cff_glyphs_*). */
struct pw_cff_glyphs {
    cff_font ft;
    pw_region rg;
    cff_store *st;
};

static int own_subset(const cff_font *ft, cff_store *st, const pw_cff_charset *cids,
                      const uint32_t *gids, size_t ngids, uint8_t **out, size_t *outlen)
{
    rd f = ft->f;
    const cff_index name = ft->name, strings = ft->strings, fda = ft->fda;
    const fdinfo *fd = ft->fd;
    const dop *tops = ft->tops;
    int ntop = ft->ntop;
    size_t n = ngids + 1;
    uint32_t *all = malloc(n * sizeof *all); /* glyph 0, then gids */
    uint8_t *fdof = malloc(n);
    size_t *offs = malloc((n + 1) * sizeof *offs);
    pw_buf chars = {0}, b = {0};
    int rc = GD_ERROR;
    if (!all || !fdof || !offs) goto done;
    all[0] = 0;
    memcpy(all + 1, gids, ngids * sizeof *gids);
    if (!fds_of(ft, all, n, fdof) || !cff_store_expand(st, all, fdof, n, &chars, offs)) goto done;
    /* Sizes first: the Top DICT names offsets of what follows it. */
    static const int top_drop[] = {15, 17, 1236, 1237}, fd_drop[] = {18}, priv_drop[] = {19};
    pw_buf topd = {0};
    copy_ops(&topd, f, tops, ntop, top_drop, 4);
    size_t top_len = topd.n + 4 * 5 + 2 + 2 * 2; /* four 5-byte ints, four operators */
    size_t at = 4 + (name.end - name.at) + (2 + 1 + 8 + top_len) + (strings.end - strings.at) + 2;
    size_t charset_at = at;
    at += 1 + 2 * (n - 1);
    size_t fdselect_at = at;
    at += 1 + n;
    size_t cs_at = at;
    at += 3 + 4 * (n + 1) + chars.n;
    size_t fda_at = at;
    pw_buf fdd = {0}, priv = {0};
    size_t *fdoff = malloc((fda.count + 1) * sizeof *fdoff),
           *poff = malloc((fda.count + 1) * sizeof *poff);
    if (!fdoff || !poff) {
        free(fdoff);
        free(poff);
        pw_buf_free(&topd);
        goto done;
    }
    for (unsigned i = 0; i < fda.count; i++) {
        poff[i] = priv.n;
        copy_ops(&priv, f, fd[i].pops, fd[i].npops, priv_drop, 1);
    }
    poff[fda.count] = priv.n;
    size_t fd_sizes = 0;
    for (unsigned i = 0; i < fda.count; i++) {
        pw_buf tmp = {0};
        copy_ops(&tmp, f, fd[i].ops, fd[i].nops, fd_drop, 1);
        fd_sizes += tmp.n + 11;
        pw_buf_free(&tmp);
    }
    size_t priv_at = fda_at + 3 + 4 * ((size_t)fda.count + 1) + fd_sizes;
    for (unsigned i = 0; i < fda.count; i++) {
        fdoff[i] = fdd.n;
        copy_ops(&fdd, f, fd[i].ops, fd[i].nops, fd_drop, 1);
        put_int(&fdd, (long)(poff[i + 1] - poff[i]));
        put_int(&fdd, (long)(priv_at + poff[i]));
        pw_buf_put(&fdd, "\x12", 1);
    }
    fdoff[fda.count] = fdd.n;
    /* Write. */
    pw_buf_put(&b, "\x01\x00\x04\x04", 4);
    pw_buf_put(&b, f.d + name.at, name.end - name.at);
    put_int(&topd, (long)charset_at);
    pw_buf_put(&topd, "\x0f", 1);
    put_int(&topd, (long)cs_at);
    pw_buf_put(&topd, "\x11", 1);
    put_int(&topd, (long)fda_at);
    pw_buf_put(&topd, "\x0c\x24", 2);
    put_int(&topd, (long)fdselect_at);
    pw_buf_put(&topd, "\x0c\x25", 2);
    size_t toff[2] = {0, topd.n};
    put_index(&b, toff, 1, topd.v, topd.n);
    pw_buf_free(&topd);
    pw_buf_put(&b, f.d + strings.at, strings.end - strings.at);
    pw_buf_put(&b, "\x00\x00", 2); /* no global subroutines */
    pw_buf_put(&b, "\x00", 1);     /* charset format 0 */
    for (size_t i = 1; i < n; i++) {
        uint16_t c = (uint16_t)pw_cff_cid(cids, gids[i - 1]);
        uint8_t two[2] = {(uint8_t)(c >> 8), (uint8_t)c};
        pw_buf_put(&b, two, 2);
    }
    pw_buf_put(&b, "\x00", 1); /* FDSelect format 0 */
    pw_buf_put(&b, fdof, n);
    put_index(&b, offs, (unsigned)n, chars.v, chars.n);
    put_index(&b, fdoff, fda.count, fdd.v, fdd.n);
    pw_buf_put(&b, priv.v, priv.n);
    free(fdoff);
    free(poff);
    pw_buf_free(&fdd);
    pw_buf_free(&priv);
    if (!b.oom) {
        *out = (uint8_t *)b.v;
        *outlen = b.n;
        b.v = NULL;
        rc = GD_OK;
    }
done:
    free(all);
    free(fdof);
    free(offs);
    pw_buf_free(&chars);
    pw_buf_free(&b);
    return rc;
}

/* The CFF table of the face when our own subsetter may take it: the
 * charset must be this table's (the face's own);
 * GOVDOC_PDF_SUBSETTER=harfbuzz takes HarfBuzz's path (for tests). */
static const uint8_t *own_table(const pw_sfnt *face, const pw_cff_charset *cids, size_t *n)
{
    const uint8_t *d = pw_sfnt_table(face, PW_TAG('C', 'F', 'F', ' '), n);
    const char *which = getenv("GOVDOC_PDF_SUBSETTER");
    return d && cids->d == d && !(which && strcmp(which, "harfbuzz") == 0) ? d : NULL;
}

pw_cff_glyphs *pw_cff_glyphs_new(const pw_sfnt *face, const char *path, const pw_cff_charset *cids)
{
    size_t n;
    const uint8_t *d = own_table(face, cids, &n);
    pw_cff_glyphs *g = d ? calloc(1, sizeof *g) : NULL;
    if (!g) return NULL;
    if (!font_read((rd){d, n}, cids, &g->ft)) {
        free(g);
        return NULL;
    }
    pw_region_open(&g->rg, face, path, d, n);
    if (!(g->st = cff_store_new(&g->rg, &g->ft.cs, &g->ft.gsubr, g->ft.lsubr))) {
        pw_cff_glyphs_free(g);
        return NULL;
    }
    return g;
}

void pw_cff_glyphs_read(pw_cff_glyphs *g, const uint32_t *gids, size_t n)
{
    uint8_t *fdof = malloc(n ? n : 1);
    if (fdof && fds_of(&g->ft, gids, n, fdof)) (void)cff_store_read(g->st, gids, fdof, n);
    free(fdof);
}

void pw_cff_glyphs_free(pw_cff_glyphs *g)
{
    if (!g) return;
    cff_store_free(g->st);
    pw_region_close(&g->rg);
    font_free(&g->ft);
    free(g);
}

int pw_cff_subset(const pw_sfnt *face, const char *path, const pw_cff_charset *cids,
                  pw_cff_glyphs *ahead, const uint32_t *gids, size_t ngids, uint8_t **out,
                  size_t *outlen)
{
    pw_cff_glyphs *made = ahead ? NULL : pw_cff_glyphs_new(face, path, cids);
    if (!ahead) ahead = made;
    int rc = ahead ? own_subset(&ahead->ft, ahead->st, cids, gids, ngids, out, outlen) : GD_ERROR;
    pw_cff_glyphs_free(made);
    if (rc == GD_OK) return rc;
    return hb_cff_subset(face, gids, ngids, out, outlen);
}

/* hb-subset is needed only when our own subsetter refuses a font (none of
 * the CID-keyed fonts Debian ships): HarfBuzz and its libraries cost
 * every run ~3 ms to load. It is dlopen'd on first need, by soname from the
 * system's library path, as the dynamic linker would have; the HarfBuzz
 * functions come through it (its dependency). */
#define PW_HBS_FUNCS(X)                                                                            \
    X(hb_blob_create)                                                                              \
    X(hb_blob_destroy)                                                                             \
    X(hb_blob_get_data)                                                                            \
    X(hb_face_create)                                                                              \
    X(hb_face_destroy)                                                                             \
    X(hb_face_reference_table)                                                                     \
    X(hb_set_add)                                                                                  \
    X(hb_subset_input_create_or_fail)                                                              \
    X(hb_subset_input_glyph_set)                                                                   \
    X(hb_subset_input_set)                                                                         \
    X(hb_subset_or_fail)                                                                           \
    X(hb_subset_input_destroy)
static struct {
    PW_HBS_FUNCS(PW_DL_MEMBER)
} hbs;
static bool hbs_loaded;
static pthread_once_t hbs_once = PTHREAD_ONCE_INIT;

static void hbs_load(void)
{
    PW_DL_FILL(PW_HBS_FUNCS, PW_HB_SUBSET_SONAME, hbs, hbs_loaded);
}

/* The CFF table of hb-subset's subset of `face`. */
static int hb_subset_cff(hb_face_t *face, const uint32_t *gids, size_t ngids, uint8_t **out,
                         size_t *outlen)
{
    hb_subset_input_t *in = hbs.hb_subset_input_create_or_fail();
    if (!in) return GD_ENOMEM;
    hb_set_t *gs = hbs.hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < ngids; i++) hbs.hb_set_add(gs, gids[i]);
    /* Only the CFF table is embedded: the others need not be made. */
    static const hb_tag_t drop[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
        HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('D', 'S', 'I', 'G'),
        HB_TAG('k', 'e', 'r', 'n'), HB_TAG('n', 'a', 'm', 'e'), HB_TAG('p', 'o', 's', 't'),
        HB_TAG('c', 'm', 'a', 'p'), HB_TAG('O', 'S', '/', '2'), HB_TAG('S', 'T', 'A', 'T'),
        HB_TAG('C', 'O', 'L', 'R'), HB_TAG('C', 'P', 'A', 'L'), HB_TAG('M', 'A', 'T', 'H'),
        HB_TAG('m', 'o', 'r', 'x'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H')};
    hb_set_t *dt = hbs.hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) hbs.hb_set_add(dt, drop[i]);
    hb_face_t *sub = hbs.hb_subset_or_fail(face, in);
    hbs.hb_subset_input_destroy(in);
    if (!sub) return GD_ERROR;
    hb_blob_t *cff = hbs.hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
    unsigned n;
    const char *d = hbs.hb_blob_get_data(cff, &n);
    int rc = GD_ERROR;
    if (n && (*out = malloc(n))) {
        memcpy(*out, d, n);
        *outlen = n;
        rc = GD_OK;
    }
    hbs.hb_blob_destroy(cff);
    hbs.hb_face_destroy(sub);
    return rc;
}

static int hb_cff_subset(const pw_sfnt *face, const uint32_t *gids, size_t ngids, uint8_t **out,
                         size_t *outlen)
{
    *out = NULL;
    pthread_once(&hbs_once, hbs_load);
    if (!hbs_loaded || !face->map || face->size > UINT_MAX) return GD_ERROR;
    hb_blob_t *blob = hbs.hb_blob_create((const char *)face->map, (unsigned)face->size,
                                         HB_MEMORY_MODE_READONLY, NULL, NULL);
    hb_face_t *hf = hbs.hb_face_create(blob, face->index);
    hbs.hb_blob_destroy(blob);
    int rc = hb_subset_cff(hf, gids, ngids, out, outlen);
    hbs.hb_face_destroy(hf);
    return rc;
}
