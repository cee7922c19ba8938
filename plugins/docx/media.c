/* Images: the part behind a relationship becomes a document resource
 * (PNG, JPEG, GIF; EMF/WMF and others are kept with a warning, since most
 * writers cannot draw them). Each part is added once. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

static const char *sniff(const uint8_t *d, size_t n, const char *name)
{
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
    if (n >= 3 && d[0] == 0xFF && d[1] == 0xD8 && d[2] == 0xFF) return "image/jpeg";
    if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) return "image/gif";
    if (n >= 44 && d[0] == 1 && d[1] == 0 && d[2] == 0 && d[3] == 0 &&
        memcmp(d + 40, " EMF", 4) == 0)
        return "image/emf";
    if (n >= 4 && ((d[0] == 0xD7 && d[1] == 0xCD && d[2] == 0xC6 && d[3] == 0x9A) ||
                   ((d[0] == 1 || d[0] == 2) && d[1] == 0 && d[2] == 9 && d[3] == 0)))
        return "image/wmf";
    if (n >= 2 && d[0] == 'B' && d[1] == 'M') return "image/bmp";
    if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0)) return "image/tiff";
    if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) return "image/webp";
    const char *dot = strrchr(name, '.');
    if (dot && (dx_streq_nocase(dot, ".svg"))) return "image/svg+xml";
    if (n >= 5 && (memcmp(d, "<?xml", 5) == 0 || memcmp(d, "<svg", 4) == 0)) return "image/svg+xml";
    return "application/octet-stream";
}

const char *dx_media_image(docx *dx, const dx_rels *rels, const char *rid)
{
    const dx_rel *rel = dx_rels_find(rels, rid);
    if (!rel) {
        dx_warn_once(dx, DX_WARN_IMAGE, "image relationship %s not found; image skipped", rid);
        return NULL;
    }
    if (rel->external) return rel->target;
    for (size_t i = 0; i < dx->nimages; i++)
        if (strcmp(dx->images[i].part, rel->target) == 0) return dx->images[i].id;
    if (!dx_part_exists(dx, rel->target)) {
        dx_warn_once(dx, DX_WARN_IMAGE, "image part %s is missing; image skipped", rel->target);
        return NULL;
    }
    uint8_t *data;
    size_t len;
    if (dx_part_read(dx, rel->target, &data, &len)) return NULL;
    const char *mime = sniff(data, len, rel->target);
    if (!strcmp(mime, "image/emf") || !strcmp(mime, "image/wmf"))
        dx_warn_once(dx, DX_WARN_EMF,
                     "%s image %s kept as a resource; most writers cannot render EMF/WMF", mime + 6,
                     rel->target);
    else if (strcmp(mime, "image/png") && strcmp(mime, "image/jpeg") && strcmp(mime, "image/gif"))
        dx_warn_once(dx, DX_WARN_OTHER_IMAGE,
                     "image %s (%s) kept as a resource; writers may "
                     "not render it",
                     rel->target, mime);
    const char *id = NULL;
    int rc = gd_doc_resource_add(&id, dx->doc, mime, data, len);
    free(data);
    if (rc || !id) {
        dx_fail(dx, rc ? rc : GD_ENOMEM, "cannot add image %s", rel->target);
        return NULL;
    }
    if (dx->nimages == dx->capimages) {
        size_t cap = dx->capimages ? dx->capimages * 2 : 8;
        dx_image_cache *v = realloc(dx->images, cap * sizeof *v);
        if (!v) {
            dx_fail(dx, GD_ENOMEM, "out of memory");
            return NULL;
        }
        dx->images = v;
        dx->capimages = cap;
    }
    dx->images[dx->nimages].part = dx_strdup(rel->target);
    dx->images[dx->nimages].id = id;
    if (dx->images[dx->nimages].part) dx->nimages++;
    return id;
}

void dx_media_free(docx *dx)
{
    for (size_t i = 0; i < dx->nimages; i++) free(dx->images[i].part);
    free(dx->images);
    dx->images = NULL;
    dx->nimages = dx->capimages = 0;
}
