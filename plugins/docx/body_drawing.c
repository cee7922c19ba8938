/* Drawings of the body stream: DrawingML (w:drawing) and VML (w:pict,
 * w:object) images with their size and alt text (charts are warned about),
 * and text boxes, recorded to follow the paragraph that anchors them. */
#include "body.h"

#include <stdlib.h>
#include <string.h>

static void image_emit(dx_body *B, const char *rid, const char *title)
{
    if (!dx_fields_visible(B)) return;
    const char *url = dx_media_image(B->dx, B->rels, rid);
    if (!url || !dx_ensure_para(B)) return;
    if (dx_para_add_item(B, IT_IMAGE, url, strlen(url))) {
        dx_fail(B->dx, GD_ENOMEM, "out of memory");
        return;
    }
    dx_item *it = dx_para_last(B);
    const char *alt = B->img_alt[0] ? B->img_alt : title ? title : "";
    it->w = B->img_w;
    it->h = B->img_h;
    if (gdh_inline_add_data(&B->para.in, alt, strlen(alt), &it->alt_off))
        dx_fail(B->dx, GD_ENOMEM, "out of memory");
}

/* "width:120pt;height:1.5in" (VML style) → points. */
static double css_len(const char *style, const char *prop)
{
    const char *p = strstr(style, prop);
    if (!p) return 0;
    p += strlen(prop);
    while (*p == ' ' || *p == ':') p++;
    char *end;
    double v = strtod(p, &end);
    if (end == p) return 0;
    if (!strncmp(end, "in", 2))
        v *= 72;
    else if (!strncmp(end, "cm", 2))
        v *= 72 / 2.54;
    else if (!strncmp(end, "mm", 2))
        v *= 72 / 25.4;
    else if (!strncmp(end, "px", 2))
        v *= 0.75;
    return v;
}

bool dx_drawing_start(dx_body *B, const dx_ev *e)
{
    docx *dx = B->dx;
    char v[512];
    switch (e->el) {
    case E_DRAWING:
    case E_PICT:
    case E_OBJECT:
        B->in_image = true;
        B->img_w = B->img_h = 0;
        B->img_alt[0] = 0;
        return true;
    case E_EXTENT:
        if (B->in_image && !B->img_w) {
            B->img_w = (double)dx_attr_long(e, NS_OTHER, "cx", 0) / 12700.0;
            B->img_h = (double)dx_attr_long(e, NS_OTHER, "cy", 0) / 12700.0;
        }
        return true;
    case E_DOCPR:
        if (B->in_image && !B->img_alt[0] &&
            !dx_attr_get(e, NS_OTHER, "descr", B->img_alt, sizeof B->img_alt))
            B->img_alt[0] = 0;
        return true;
    case E_GRAPHICDATA:
        if (dx_attr_get(e, NS_OTHER, "uri", v, sizeof v) && strstr(v, "chart"))
            dx_warn_once(dx, DX_WARN_CHART, "charts are not converted");
        return true;
    case E_BLIP:
        if (dx_attr_get(e, NS_R, "embed", v, sizeof v) || dx_attr_get(e, NS_R, "link", v, sizeof v))
            image_emit(B, v, NULL);
        return true;
    case E_VSHAPE:
        if (dx_attr_get(e, NS_OTHER, "style", v, sizeof v)) {
            B->img_w = css_len(v, "width");
            B->img_h = css_len(v, "height");
        }
        return true;
    case E_IMAGEDATA: {
        char title[256];
        const char *t = dx_attr_get(e, NS_O, "title", title, sizeof title);
        if (dx_attr_get(e, NS_R, "id", v, sizeof v) || dx_attr_get(e, NS_R, "pict", v, sizeof v))
            image_emit(B, v, t);
        return true;
    }
    case E_TXBXCONTENT:
        if (!B->para.open) return true; /* stray: read it in place */
        if (dx->replay_nest >= DX_MAX_REPLAY_NEST) {
            dx_warn_once(dx, DX_WARN_NEST, "text boxes nested too deep; inner ones skipped");
            dx_skip_subtree(B);
            return true;
        }
        B->rec = calloc(1, sizeof *B->rec);
        if (!B->rec) {
            dx_fail(dx, GD_ENOMEM, "out of memory");
            return true;
        }
        B->rec_depth = B->depth;
        return true;
    default: return false;
    }
}

bool dx_drawing_end(dx_body *B, int el)
{
    if (el != E_DRAWING && el != E_PICT && el != E_OBJECT) return false;
    B->in_image = false;
    return true;
}

void dx_textbox_end(dx_body *B)
{
    docx *dx = B->dx;
    dx_log *log = B->rec;
    B->rec = NULL;
    if (dx_para_add_item(B, IT_BLOCKS, NULL, 0)) {
        dx_log_free(log);
        free(log);
        dx_fail(dx, GD_ENOMEM, "out of memory");
        return;
    }
    dx_para_last(B)->log = log;
}
