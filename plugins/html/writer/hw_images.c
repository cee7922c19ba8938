/* Images. A document's own images (resources) go into the page as data:
 * URIs (one self-contained file, the default) or, with images=files, as
 * side files in <output stem>_files/ next to the page. External image URLs
 * are kept when safe; anything else leaves its alt text. */
#define _POSIX_C_SOURCE 200809L
#include "hw.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *dup_n(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = 0;
    }
    return d;
}

int hw_images_setup(hw *w)
{
    if (w->images != HW_IMAGES_FILES) return GD_OK;
    const char *out = gd_ctx_output_path(w->ctx);
    if (!out) {
        gd_ctx_warn(w->ctx, "images=files needs an output file; images are embedded instead");
        w->images = HW_IMAGES_EMBED;
        return GD_OK;
    }
    const char *slash = strrchr(out, '/');
    const char *base = slash ? slash + 1 : out;
    const char *dot = strrchr(base, '.');
    size_t stem_len = dot && dot > base ? (size_t)(dot - base) : strlen(base);
    size_t dir_len = slash ? (size_t)(slash - out) + 1 : 0;
    char *stem = dup_n(base, stem_len);
    size_t n = dir_len + stem_len + sizeof "_files";
    w->media_dir = malloc(n);
    if (!stem || !w->media_dir) {
        free(stem);
        return GD_ENOMEM;
    }
    snprintf(w->media_dir, n, "%.*s%s_files", (int)dir_len, out, stem);
    char *enc = hw_url_encode_segment(stem);
    free(stem);
    if (!enc) return GD_ENOMEM;
    n = strlen(enc) + sizeof "_files/";
    w->media_href = malloc(n);
    if (w->media_href) snprintf(w->media_href, n, "%s_files/", enc);
    free(enc);
    return w->media_href ? GD_OK : GD_ENOMEM;
}

void hw_images_free(hw *w)
{
    free(w->media_dir);
    free(w->media_href);
    free(w->written);
}

/* "image/<subtype>" with a plain subtype: safe to put in a data: URI. */
static bool mime_is_image(const char *mime)
{
    if (!mime || strncmp(mime, "image/", 6) != 0 || !mime[6]) return false;
    for (const char *p = mime + 6; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || strchr(".+-", *p)))
            return false;
    return true;
}

/* Types browsers draw; EMF/WMF/TIFF from Word would show a broken image. */
static bool mime_is_web_image(const char *mime)
{
    static const char *const web[] = {"image/png",  "image/jpeg",    "image/gif",
                                      "image/webp", "image/svg+xml", "image/bmp",
                                      "image/avif", "image/x-icon",  "image/vnd.microsoft.icon"};
    for (size_t i = 0; i < sizeof web / sizeof *web; i++)
        if (strcmp(mime, web[i]) == 0) return true;
    return false;
}

static const char *ext_for(const char *mime)
{
    static const char *const map[][2] = {
        {"image/png", "png"},   {"image/jpeg", "jpg"},   {"image/gif", "gif"},
        {"image/bmp", "bmp"},   {"image/webp", "webp"},  {"image/svg+xml", "svg"},
        {"image/avif", "avif"}, {"image/x-icon", "ico"}, {"image/vnd.microsoft.icon", "ico"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(mime, map[i][0]) == 0) return map[i][1];
    return "bin";
}

static void base64_out(hw *w, const uint8_t *d, size_t n)
{
    size_t len;
    char *s = gd_base64_encode(d, n, &len);
    if (s) hw_putn(w, s, len);
    gd_free(s);
}

/* File name for a resource id: [A-Za-z0-9_-] only, so it can never leave
 * the media directory. */
static char *side_name(const char *id, const char *mime)
{
    size_t n = strlen(id);
    if (n > 64) n = 64;
    const char *ext = ext_for(mime);
    char *s = malloc(n + strlen(ext) + sizeof "image.");
    if (!s) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        char c = id[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
        s[o++] = ok ? c : '_';
    }
    if (!o) o = (size_t)sprintf(s, "image");
    sprintf(s + o, ".%s", ext);
    return s;
}

static bool already_written(const hw *w, const char *id)
{
    for (size_t i = 0; i < w->nwritten; i++)
        if (strcmp(w->written[i], id) == 0) return true;
    return false;
}

/* Writes the bytes into the temporary folder the core gives us (private,
 * new, renamed to media_dir with the page, removed on failure); "x": a
 * file is only ever created there, never opened through a link. */
static int write_side(hw *w, const char *id, const char *name, const uint8_t *data, size_t len)
{
    if (already_written(w, id)) return GD_OK;
    const char *dir;
    int rc = gd_ctx_side_dir(w->ctx, w->media_dir, &dir);
    if (rc != GD_OK) return rc;
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (!path) rc = GD_ENOMEM;
    if (rc == GD_OK) {
        snprintf(path, n, "%s/%s", dir, name);
        FILE *f = fopen(path, "wbx");
        bool ok = f && fwrite(data, 1, len, f) == len;
        if (f && fclose(f) != 0) ok = false;
        if (!ok)
            rc = gd_ctx_error(w->ctx, GD_EIO, "cannot write image file %s/%s: %s", w->media_dir,
                              name, strerror(errno));
    }
    free(path);
    if (rc == GD_OK) {
        if (w->nwritten == w->capwritten) {
            size_t cap = w->capwritten ? w->capwritten * 2 : 8;
            const char **v = realloc(w->written, cap * sizeof *v);
            if (!v) return GD_ENOMEM;
            w->written = v;
            w->capwritten = cap;
        }
        w->written[w->nwritten++] = id; /* borrowed from the document */
    }
    return rc;
}

/* Size attributes: the IR gives points, HTML wants CSS pixels. */
static void size_attr(hw *w, const gd_node *img, const char *key)
{
    const char *v = gd_node_attr(img, key);
    if (!v) return;
    char *end;
    double pt = strtod(v, &end);
    if (end == v || !(pt > 0 && pt < 100000)) return;
    hw_printf(w, " %s=\"%ld\"", key, (long)(pt * 4.0 / 3.0 + 0.5));
}

static void alt_text_only(hw *w, const char *alt)
{
    if (alt && hw_text_visible(alt, strlen(alt), true)) {
        hw_puts(w, "<span class=\"gd-image-alt\">");
        hw_text(w, alt, strlen(alt));
        hw_puts(w, "</span>");
    }
}

bool hw_image_shows(hw *w, const gd_node *img)
{
    const char *url = gd_node_url(img);
    const char *alt = gd_node_attr(img, "alt");
    if (alt && hw_text_visible(alt, strlen(alt), true)) return true;
    const char *mime;
    const uint8_t *data;
    size_t len;
    if (url && gd_doc_resource_find(w->doc, url, &mime, &data, &len) == GD_OK)
        return mime_is_image(mime) && mime_is_web_image(mime);
    return url && (w->unsafe_urls || hw_url_safe(url, true));
}

void hw_image(hw *w, const gd_node *img)
{
    const char *url = gd_node_url(img);
    const char *alt = gd_node_attr(img, "alt");
    const char *mime;
    const uint8_t *data;
    size_t len;
    bool resource = url && gd_doc_resource_find(w->doc, url, &mime, &data, &len) == GD_OK;
    if (resource && !mime_is_image(mime)) {
        gd_ctx_warn(w->ctx, "resource %s is not an image (%s); its alt text is kept", url,
                    mime ? mime : "no type");
        alt_text_only(w, alt);
        return;
    }
    if (resource && !mime_is_web_image(mime)) {
        gd_ctx_warn(w->ctx, "image %s (%s) cannot be shown by browsers; its alt text is kept", url,
                    mime);
        alt_text_only(w, alt);
        return;
    }
    if (!resource && (!url || (!w->unsafe_urls && !hw_url_safe(url, true)))) {
        if (url) w->dropped_images++;
        alt_text_only(w, alt);
        return;
    }
    char *name = NULL;
    if (resource && w->images == HW_IMAGES_FILES) {
        name = side_name(url, mime);
        int rc = name ? write_side(w, url, name, data, len) : GD_ENOMEM;
        if (rc != GD_OK) {
            hw_fail(w, rc);
            free(name);
            return;
        }
    }
    hw_puts(w, "<img src=\"");
    if (!resource) {
        hw_url_attr(w, url);
    } else if (name) {
        hw_puts(w, w->media_href);
        hw_puts(w, name); /* [A-Za-z0-9_.-]: nothing to encode */
    } else {
        hw_printf(w, "data:%s;base64,", mime);
        base64_out(w, data, len);
    }
    free(name);
    hw_puts(w, "\" alt=\"");
    if (alt) hw_attr(w, alt, strlen(alt));
    hw_puts(w, "\"");
    size_attr(w, img, "width");
    size_attr(w, img, "height");
    hw_puts(w, ">");
}
