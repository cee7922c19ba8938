/* HTML reader: images. A data: URI is decoded into a document resource;
 * any other src (remote or relative) is kept as the image's URL and never
 * fetched. Lazy-loading pages put the real address in data-src or
 * data-original. Sizes are recorded in points. */
#include "hr.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *image_src(xmlNodePtr n)
{
    static const char *const names[] = {"src", "data-src", "data-original", "data-lazy-src"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        const char *v = hr_attr(n, names[i]);
        while (v && (*v == ' ' || *v == '\t' || *v == '\n' || *v == '\r')) v++;
        if (v && *v) return v;
    }
    return NULL;
}

static int set_size(hr_reader *r, gd_node *img, const char *key, double pt)
{
    if (!(pt > 0)) return GD_OK;
    char buf[32];
    snprintf(buf, sizeof buf, "%.4g", pt);
    return hr_check(r, gd_node_set_attr(img, key, buf));
}

int hr_image_emit(hr_reader *r, const hr_frame *f, xmlNodePtr n, const hr_css *css)
{
    if (f->flags & HR_IN_PRE) return GD_OK;
    const char *src = image_src(n);
    if (!src || hr_ascii_ieq(src, "javascript:", 11)) return GD_OK;
    const char *url = src;
    if (hr_ascii_ieq(src, "data:", 5)) {
        char mime[64];
        uint8_t *bytes;
        size_t len;
        if (!hr_data_uri_decode(src, mime, sizeof mime, &bytes, &len)) {
            gd_ctx_warn(r->ctx, "an embedded data: image that is not a known image type was "
                                "skipped");
            return GD_OK;
        }
        const char *id = NULL;
        int rc = gd_doc_resource_add(&id, r->doc, mime, bytes, len);
        free(bytes);
        if (rc) return hr_check(r, gd_ctx_error(r->ctx, rc, "cannot keep an embedded image"));
        url = id;
    }
    int rc = hr_flush_pending(r, f, false);
    if (rc) return rc;
    gd_node *img;
    rc = hr_check(r, gd_builder_leaf(r->b, GD_NODE_IMAGE, &img));
    if (rc) return rc;
    if (!img) return GD_OK;
    rc = hr_check(r, gd_node_set_url(img, url));
    const char *alt = hr_attr(n, "alt");
    if (!rc && alt && *alt) rc = hr_check(r, gd_node_set_attr(img, "alt", alt));
    const char *title = hr_attr(n, "title");
    if (!rc && title && *title) rc = hr_check(r, gd_node_set_attr(img, "title", title));
    double w = css->width_pt, h = css->height_pt;
    const char *wa = hr_attr(n, "width"), *ha = hr_attr(n, "height");
    if (!(w > 0) && wa) w = hr_css_length_pt(wa, strlen(wa), true);
    if (!(h > 0) && ha) h = hr_css_length_pt(ha, strlen(ha), true);
    if (!rc) rc = set_size(r, img, "width", w);
    if (!rc) rc = set_size(r, img, "height", h);
    r->has_content = true;
    r->last_wide = false;
    r->content++;
    return rc;
}
