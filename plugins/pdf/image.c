/* Images: only PNG and JPEG resources of the document are drawn (emit.c
 * embeds both); the size comes from the IMAGE's attributes or the file's
 * header at 96 dpi, scaled down later to fit the column and the page. */
#include "pdf.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int png_size(const uint8_t *d, size_t n, uint32_t *w, uint32_t *h)
{
    if (n < 24 || memcmp(d, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp(d + 12, "IHDR", 4) != 0)
        return -1;
    *w = be32(d + 16);
    *h = be32(d + 20);
    return 0;
}

static int jpeg_size(const uint8_t *d, size_t n, uint32_t *w, uint32_t *h)
{
    if (n < 4 || d[0] != 0xFF || d[1] != 0xD8) return -1;
    size_t i = 2;
    while (i + 9 < n) {
        if (d[i] != 0xFF) return -1;
        uint8_t m = d[i + 1];
        if (m == 0xFF) {
            i++;
            continue;
        }
        size_t len = (size_t)d[i + 2] << 8 | d[i + 3];
        bool sof = (m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof) {
            *h = (uint32_t)d[i + 5] << 8 | d[i + 6];
            *w = (uint32_t)d[i + 7] << 8 | d[i + 8];
            return 0;
        }
        i += 2 + len;
    }
    return -1;
}

int pw_image_kind(const char *mime, const uint8_t *d, size_t n)
{
    if (n >= 8 && memcmp(d, "\x89PNG", 4) == 0) return 1;
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8) return 2;
    (void)mime;
    return 0;
}

/* A width or height in points from the document: a finite number from
 * 0.01 to 14400 (200 inches, PDF's largest page); anything else (inf, nan,
 * negative, huge: input is not trusted) never reaches the page operators:
 * it is ignored with a warning and the image keeps its own proportions. */
#define PW_IMAGE_MAX_PT 14400.0
static float size_attr(pw_lay *L, const gd_node *image, const char *key)
{
    const char *v = gd_node_attr(image, key);
    if (!v) return 0;
    char *end;
    double d = strtod(v, &end);
    while (*end == ' ') end++;
    if (end != v && !*end && isfinite(d) && d >= 0.01 && d <= PW_IMAGE_MAX_PT) return (float)d;
    char msg[200];
    snprintf(msg, sizeof msg,
             "image %s '%.40s' is not a usable size (0.01 to %.0f points): ignored", key, v,
             PW_IMAGE_MAX_PT);
    pw_warn_once(L, msg);
    return 0;
}

int pw_image_natural_size(pw_lay *L, const gd_node *image, float *w, float *h)
{
    const char *id = gd_node_url(image);
    const char *mime = NULL;
    const uint8_t *data = NULL;
    size_t len = 0;
    char msg[200];
    if (!id || gd_doc_resource_find(L->doc, id, &mime, &data, &len) != GD_OK) {
        snprintf(msg, sizeof msg, "image '%.120s' is not embedded in the document: left out",
                 id ? id : "");
        pw_warn_once(L, msg);
        return -1;
    }
    uint32_t pw = 0, ph = 0;
    int kind = pw_image_kind(mime, data, len);
    if (kind == 0 || (kind == 1 ? png_size(data, len, &pw, &ph) : jpeg_size(data, len, &pw, &ph)) ||
        !pw || !ph) {
        snprintf(msg, sizeof msg, "image '%.80s' (%.40s) is not PNG or JPEG: left out", id,
                 mime ? mime : "unknown type");
        pw_warn_once(L, msg);
        return -1;
    }
    *w = (float)pw * 0.75f;
    *h = (float)ph * 0.75f;
    float fw = size_attr(L, image, "width"), fh = size_attr(L, image, "height");
    if (fw > 0 && fh > 0) {
        *w = fw;
        *h = fh;
    } else if (fw > 0) {
        *h = *h * fw / *w;
        *w = fw;
    } else if (fh > 0) {
        *w = *w * fh / *h;
        *h = fh;
    }
    return 0;
}
