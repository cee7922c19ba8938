/* OpenType fonts with CFF outlines (Noto CJK, Source Han): the PDF embeds
 * their CFF table as a CIDFontType0 (FontFile3 /CIDFontType0C). A
 * CID-keyed CFF finds glyphs by CID through its charset, so the page's
 * character codes are the font's own CIDs (read here from the charset),
 * which hb-subset keeps when it cuts the font down: pages can be written
 * before the subset is made. */
#include "fonts_internal.h"

#include <hb-subset.h>
#include <stdlib.h>
#include <string.h>

typedef struct rd {
    const uint8_t *d;
    size_t n;
} rd;

static bool index_at(rd f, size_t at, unsigned *count, unsigned *offsize, size_t *data, size_t *end)
{
    if (at + 2 > f.n) return false;
    *count = (unsigned)(f.d[at] << 8 | f.d[at + 1]);
    if (*count == 0) {
        *offsize = 0;
        *data = *end = at + 2;
        return true;
    }
    if (at + 3 > f.n) return false;
    *offsize = f.d[at + 2];
    if (*offsize < 1 || *offsize > 4) return false;
    size_t offs = at + 3;
    if (offs + (size_t)(*count + 1) * *offsize > f.n) return false;
    *data = offs + (size_t)(*count + 1) * *offsize - 1; /* offsets are 1-based */
    uint32_t last = 0;
    for (unsigned k = 0; k < *offsize; k++)
        last = last << 8 | f.d[offs + (size_t)*count * *offsize + k];
    *end = *data + last;
    return *end <= f.n;
}

static uint32_t index_off(rd f, size_t at, unsigned offsize, unsigned i)
{
    size_t p = at + 3 + (size_t)i * offsize;
    uint32_t v = 0;
    for (unsigned k = 0; k < offsize; k++) v = v << 8 | f.d[p + k];
    return v;
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

int pw_cff_cids(const uint8_t *d, size_t n, uint16_t **out, unsigned *nglyphs)
{
    *out = NULL;
    *nglyphs = 0;
    rd f = {d, n};
    if (n < 4 || d[0] != 1) return GD_ERROR;
    unsigned cnt, osz;
    size_t data, end;
    if (!index_at(f, d[2], &cnt, &osz, &data, &end)) return GD_ERROR; /* Name INDEX */
    size_t top = end;
    if (!index_at(f, top, &cnt, &osz, &data, &end) || cnt < 1) return GD_ERROR;
    size_t ts = data + index_off(f, top, osz, 0), te = data + index_off(f, top, osz, 1);
    long charset, cs;
    bool ros;
    if (te > n || ts > te || !top_dict(f, ts, te, &charset, &cs, &ros) || !ros || cs < 0)
        return GD_ERROR; /* name-keyed CFF: not a CIDFont */
    if (!index_at(f, (size_t)cs, &cnt, &osz, &data, &end) || cnt == 0) return GD_ERROR;
    unsigned ng = cnt;
    if (charset <= 2 || (size_t)charset >= n) return GD_ERROR; /* predefined: not for CIDs */
    uint16_t *cid = calloc(ng, sizeof *cid);
    if (!cid) return GD_ENOMEM;
    size_t p = (size_t)charset;
    uint8_t fmt = d[p++];
    unsigned g = 1;
    while (g < ng) {
        if (fmt == 0) {
            if (p + 2 > n) break;
            cid[g++] = (uint16_t)(d[p] << 8 | d[p + 1]);
            p += 2;
        } else if (fmt == 1 || fmt == 2) {
            size_t need = fmt == 1 ? 3 : 4;
            if (p + need > n) break;
            unsigned first = (unsigned)(d[p] << 8 | d[p + 1]);
            unsigned left = fmt == 1 ? d[p + 2] : (unsigned)(d[p + 2] << 8 | d[p + 3]);
            p += need;
            for (unsigned k = 0; k <= left && g < ng; k++) cid[g++] = (uint16_t)(first + k);
        } else {
            break;
        }
    }
    if (g < ng) {
        free(cid);
        return GD_ERROR;
    }
    *out = cid;
    *nglyphs = ng;
    return GD_OK;
}

int pw_cff_subset(hb_face_t *face, const uint32_t *gids, size_t ngids, uint8_t **out,
                  size_t *outlen)
{
    *out = NULL;
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return GD_ENOMEM;
    hb_set_t *gs = hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < ngids; i++) hb_set_add(gs, gids[i]);
    /* Only the CFF table is embedded: the others need not be made. */
    static const hb_tag_t drop[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
        HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('D', 'S', 'I', 'G'),
        HB_TAG('k', 'e', 'r', 'n'), HB_TAG('n', 'a', 'm', 'e'), HB_TAG('p', 'o', 's', 't'),
        HB_TAG('c', 'm', 'a', 'p'), HB_TAG('O', 'S', '/', '2'), HB_TAG('S', 'T', 'A', 'T'),
        HB_TAG('C', 'O', 'L', 'R'), HB_TAG('C', 'P', 'A', 'L'), HB_TAG('M', 'A', 'T', 'H'),
        HB_TAG('m', 'o', 'r', 'x'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H')};
    hb_set_t *dt = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) hb_set_add(dt, drop[i]);
    hb_face_t *sub = hb_subset_or_fail(face, in);
    hb_subset_input_destroy(in);
    if (!sub) return GD_ERROR;
    hb_blob_t *cff = hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '));
    unsigned n;
    const char *d = hb_blob_get_data(cff, &n);
    int rc = GD_ERROR;
    if (n && (*out = malloc(n))) {
        memcpy(*out, d, n);
        *outlen = n;
        rc = GD_OK;
    }
    hb_blob_destroy(cff);
    hb_face_destroy(sub);
    return rc;
}
