/* Inline pictures (MS-DOC 2.9.192 PICF, MS-ODRAW): the character 0x01
 * with sprmCPicLocation points into the Data stream at a PICF header; the
 * picture follows as OfficeArt records — a shape container, then the BLIP
 * (directly or inside a BStore entry). PNG and JPEG become resources as
 * they are; EMF/WMF (deflated in the file) are inflated and kept with a
 * warning, as the DOCX reader keeps them; a DIB becomes a BMP file. */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define MAX_PICTURE (64u * 1024 * 1024)

static void warn_once(wd *w, int *flag, const char *msg)
{
    if (!(*flag)++) gd_ctx_warn(w->ctx, "%s", msg);
}

/* Inflates a metafile; NULL when it does not inflate to its declared size. */
static uint8_t *inflate_all(const uint8_t *in, size_t n, size_t want)
{
    if (!want || want > MAX_PICTURE || want / 1024 > n + 64) return NULL;
    uint8_t *out = malloc(want);
    if (!out) return NULL;
    uLongf got = (uLongf)want;
    if (uncompress(out, &got, in, (uLong)n) != Z_OK || got != want) {
        free(out);
        return NULL;
    }
    return out;
}

static int add_image(wd *w, const char *mime, const uint8_t *data, size_t len, double wpt,
                     double hpt)
{
    const char *id = NULL;
    int rc = gd_doc_resource_add(&id, w->doc, mime, data, len);
    if (rc || !id) return wd_fail(w, rc ? rc : GD_ENOMEM, "out of memory");
    gd_node *n;
    rc = gd_builder_leaf(w->b, GD_NODE_IMAGE, &n);
    if (!rc && n) rc = gd_node_set_url(n, id);
    char num[32];
    if (!rc && n && wpt > 0) {
        snprintf(num, sizeof num, "%.1f", wpt);
        rc = gd_node_set_attr(n, "width", num);
    }
    if (!rc && n && hpt > 0) {
        snprintf(num, sizeof num, "%.1f", hpt);
        rc = gd_node_set_attr(n, "height", num);
    }
    return rc;
}

/* A BLIP record at p (header included, n bytes available). 1 when added. */
static int blip(wd *w, const uint8_t *p, size_t n, double wpt, double hpt, int *rc)
{
    if (n < 8) return 0;
    uint16_t inst = rd16(p) >> 4, type = rd16(p + 2);
    uint32_t len = rd32(p + 4);
    if (len > n - 8) return 0;
    const uint8_t *d = p + 8;
    size_t dn = len;
    bool meta = type == 0xF01A || type == 0xF01B || type == 0xF01C;
    bool two = (type == 0xF01A && inst == 0x3D5) || (type == 0xF01B && inst == 0x217) ||
               (type == 0xF01C && inst == 0x543) ||
               ((type == 0xF01D || type == 0xF02A) && (inst == 0x46B || inst == 0x6E3)) ||
               (type == 0xF01E && inst == 0x6E1) || (type == 0xF01F && inst == 0x7A9) ||
               (type == 0xF029 && inst == 0x6E5);
    size_t skip = 16 + (two ? 16 : 0) + (meta ? 34 : 1);
    if (dn < skip) return 0;
    if (meta) {
        const uint8_t *h = d + 16 + (two ? 16 : 0);
        uint32_t raw = rd32(h), saved = rd32(h + 28);
        uint8_t comp = h[32];
        d += skip;
        dn -= skip;
        if (saved < dn) dn = saved;
        const char *mime = type == 0xF01A   ? "image/emf"
                           : type == 0xF01B ? "image/wmf"
                                            : "image/pict";
        uint8_t *un = comp == 0 ? inflate_all(d, dn, raw) : NULL;
        if (comp == 0 && !un) return 0;
        warn_once(w, &w->warned_emf,
                  "EMF/WMF pictures are kept as resources; most writers cannot render them");
        *rc = add_image(w, mime, un ? un : d, un ? raw : dn, wpt, hpt);
        free(un);
        return 1;
    }
    d += skip;
    dn -= skip;
    switch (type) {
    case 0xF01D:
    case 0xF02A: *rc = add_image(w, "image/jpeg", d, dn, wpt, hpt); return 1;
    case 0xF01E: *rc = add_image(w, "image/png", d, dn, wpt, hpt); return 1;
    case 0xF029:
        warn_once(w, &w->warned_images,
                  "TIFF pictures are kept as resources; writers may not "
                  "render them");
        *rc = add_image(w, "image/tiff", d, dn, wpt, hpt);
        return 1;
    case 0xF01F: { /* DIB: a BMP file header in front */
        if (dn < 40 || dn > MAX_PICTURE) return 0;
        uint8_t *bmp = malloc(dn + 14);
        if (!bmp) {
            *rc = wd_fail(w, GD_ENOMEM, "out of memory");
            return 1;
        }
        uint32_t hdr = rd32(d), bits = rd16(d + 14), clr = rd32(d + 32);
        uint32_t pal = bits <= 8 ? (clr ? clr : 1u << bits) * 4 : clr * 4;
        uint32_t off = 14 + hdr + pal, total = (uint32_t)dn + 14;
        memcpy(bmp, "BM", 2);
        for (int i = 0; i < 4; i++) bmp[2 + i] = (uint8_t)(total >> (8 * i));
        memset(bmp + 6, 0, 4);
        for (int i = 0; i < 4; i++) bmp[10 + i] = (uint8_t)(off >> (8 * i));
        memcpy(bmp + 14, d, dn);
        warn_once(w, &w->warned_images,
                  "BMP pictures are kept as resources; writers may not "
                  "render them");
        *rc = add_image(w, "image/bmp", bmp, dn + 14, wpt, hpt);
        free(bmp);
        return 1;
    }
    default: return 0;
    }
}

int wd_picture_inline(wd *w, uint32_t fc)
{
    const uint8_t *p = w->data;
    size_t n = w->ndata;
    if (!p || !in_range(n, fc, 0x44)) {
        warn_once(w, &w->warned_images, "a picture is missing from the Data stream; skipped");
        return GD_OK;
    }
    p += fc;
    n -= fc;
    uint32_t lcb = rd32(p);
    uint16_t cbh = rd16(p + 4);
    if (lcb < cbh || cbh < 0x44 || lcb > n) {
        warn_once(w, &w->warned_images, "a picture header is damaged; picture skipped");
        return GD_OK;
    }
    n = lcb;
    int16_t mm = (int16_t)rd16(p + 6);
    int dxa = (int16_t)rd16(p + 28), dya = (int16_t)rd16(p + 30);
    unsigned mx = rd16(p + 32), my = rd16(p + 34);
    double wpt = dxa > 0 ? dxa * (mx ? mx : 1000) / 1000.0 / 20.0 : 0;
    double hpt = dya > 0 ? dya * (my ? my : 1000) / 1000.0 / 20.0 : 0;
    size_t at = cbh;
    if (mm == 0x66 && at < n) at += 1 + (size_t)p[at];
    int rc = GD_OK;
    /* OfficeArt records: skip the shape container, take the first BLIP */
    for (int guard = 0; at + 8 <= n && guard < 64; guard++) {
        uint16_t type = rd16(p + at + 2);
        uint32_t len = rd32(p + at + 4);
        if (len > n - at - 8) break;
        if (type == 0xF007 && len >= 36) { /* FBSE: the BLIP is inside */
            size_t name = p[at + 8 + 33];
            size_t in = at + 8 + 36 + name;
            if (in < at + 8 + len && blip(w, p + in, at + 8 + len - in, wpt, hpt, &rc)) return rc;
        } else if (type >= 0xF018 && type <= 0xF117) {
            if (blip(w, p + at, n - at, wpt, hpt, &rc)) return rc;
        }
        at += 8 + len;
    }
    warn_once(w, &w->warned_images,
              "a picture in a format that cannot be read (not an OfficeArt BLIP); skipped");
    return GD_OK;
}
