/* Emitter: pages of positioned items → libharu. Text items are grouped in
 * one BT…ET per page with font, spacing and emboldening changed only when
 * they differ; strokes of equal width share one path. Layout works top-down
 * in points; PDF is bottom-up, so y becomes page height − y here. */
#include "fonts_internal.h"
#include "meta.h"

#include <hpdf_objects.h>
#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pw_image_kind(const char *mime, const uint8_t *d, size_t n);

typedef struct emit_state {
    HPDF_STATUS first_error;
    HPDF_STATUS detail;
} emit_state;

static void on_error(HPDF_STATUS e, HPDF_STATUS detail, void *user)
{
    emit_state *st = user;
    if (!st->first_error) {
        st->first_error = e;
        st->detail = detail;
    }
}

typedef struct img_cache {
    const char *id;
    HPDF_Image img;
} img_cache;

/* PNGs are decoded here with libpng's simplified API (which reports bad
 * data instead of aborting, as libharu's own PNG loader does) and handed
 * over as raw pixels, transparency composited on white: PDF/A-1 forbids
 * soft masks, and a print archive loses nothing by it. */
static HPDF_Image load_png(HPDF_Doc pdf, const uint8_t *data, size_t len)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&im, data, len)) return NULL;
    bool color = (im.format & PNG_FORMAT_FLAG_COLOR) != 0;
    im.format = color ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    if ((uint64_t)im.width * im.height > 40000000u) {
        png_image_free(&im);
        return NULL;
    }
    size_t stride = PNG_IMAGE_ROW_STRIDE(im), size = PNG_IMAGE_BUFFER_SIZE(im, stride);
    unsigned char *buf = gd_mem_alloc(size);
    png_color white = {255, 255, 255};
    HPDF_Image img = NULL;
    if (buf && png_image_finish_read(&im, &white, buf, (png_int_32)stride, NULL))
        img = HPDF_LoadRawImageFromMem(pdf, buf, im.width, im.height,
                                       color ? HPDF_CS_DEVICE_RGB : HPDF_CS_DEVICE_GRAY, 8);
    png_image_free(&im);
    gd_free(buf);
    return img;
}

static HPDF_Image get_image(pw_lay *L, HPDF_Doc pdf, emit_state *es, img_cache *cache, size_t *n,
                            const char *id)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(cache[i].id, id) == 0) return cache[i].img;
    const char *mime;
    const uint8_t *data;
    size_t len;
    HPDF_Image img = NULL;
    if (gd_doc_resource_find(L->doc, id, &mime, &data, &len) == GD_OK) {
        int kind = pw_image_kind(mime, data, len);
        if (kind == 1)
            img = load_png(pdf, data, len);
        else if (kind == 2)
            img = HPDF_LoadJpegImageFromMem(pdf, data, (HPDF_UINT)len);
    }
    if (!img) {
        /* A broken image must not fail the document: forget the error. */
        HPDF_ResetError(pdf);
        es->first_error = 0;
        char msg[160];
        snprintf(msg, sizeof msg, "image '%.100s' cannot be decoded: left out", id);
        pw_warn_once(L, msg);
    }
    if (*n < 256) {
        cache[*n].id = id;
        cache[*n].img = img;
        (*n)++;
    }
    return img;
}

static void draw_texts(pw_lay *L, HPDF_Page page, const pw_box *b, float ph)
{
    bool open = false;
    int slot = -1, bold = -1;
    float size = -1, cspace = 0;
    for (size_t i = 0; i < b->n; i++) {
        const pw_item *it = &b->v[i];
        if (it->kind != PW_IT_TEXT || !it->len) continue;
        HPDF_Font font = pw_fonts_hpdf(L->fonts, it->slot);
        if (!font) continue;
        if (!open) {
            HPDF_Page_BeginText(page);
            open = true;
        }
        if (it->slot != slot || it->size != size) {
            HPDF_Page_SetFontAndSize(page, font, it->size);
            slot = it->slot;
            size = it->size;
        }
        if (it->cspace != cspace) {
            HPDF_Page_SetCharSpace(page, it->cspace);
            cspace = it->cspace;
        }
        int want_bold = (it->flags & PW_ITF_BOLD) != 0;
        if (want_bold != bold) {
            /* No bold CJK faces ship with Debian: fill and stroke the outline. */
            HPDF_Page_SetTextRenderingMode(page, want_bold ? HPDF_FILL_THEN_STROKE : HPDF_FILL);
            if (want_bold) HPDF_Page_SetLineWidth(page, it->size / 32);
            bold = want_bold;
        }
        float y = ph - it->y;
        if (it->flags & PW_ITF_ITALIC) {
            HPDF_Page_SetTextMatrix(page, 1, 0, 0.2f, 1, it->x, y);
            HPDF_Page_ShowText(page, it->s);
            HPDF_Page_SetTextMatrix(page, 1, 0, 0, 1, it->x, y);
        } else {
            HPDF_Page_TextOut(page, it->x, y, it->s);
        }
    }
    if (open) HPDF_Page_EndText(page);
}

static void draw_rules(HPDF_Page page, const pw_box *b, float ph)
{
    float lw = -1;
    bool path = false;
    for (size_t i = 0; i < b->n; i++) {
        const pw_item *it = &b->v[i];
        if (it->kind != PW_IT_LINE) continue;
        if (it->lw != lw) {
            if (path) HPDF_Page_Stroke(page);
            path = false;
            HPDF_Page_SetLineWidth(page, it->lw);
            lw = it->lw;
        }
        HPDF_Page_MoveTo(page, it->x, ph - it->y);
        HPDF_Page_LineTo(page, it->x + it->w, ph - it->y - it->h);
        path = true;
    }
    if (path) HPDF_Page_Stroke(page);
}

static void draw_fills(HPDF_Page page, const pw_box *b, float ph)
{
    bool any = false;
    for (size_t i = 0; i < b->n; i++) {
        const pw_item *it = &b->v[i];
        if (it->kind != PW_IT_RECT) continue;
        if (!any) HPDF_Page_SetRGBFill(page, 1.0f, 0.9f, 0.75f);
        any = true;
        HPDF_Page_Rectangle(page, it->x, ph - it->y - it->h, it->w, it->h);
    }
    if (any) {
        HPDF_Page_Fill(page);
        HPDF_Page_SetRGBFill(page, 0, 0, 0);
    }
}

static void draw_objects(pw_lay *L, HPDF_Doc pdf, HPDF_Page page, emit_state *es, img_cache *cache,
                         size_t *ncache, const pw_box *b, float ph)
{
    for (size_t i = 0; i < b->n; i++) {
        const pw_item *it = &b->v[i];
        if (it->kind == PW_IT_IMAGE) {
            HPDF_Image img = get_image(L, pdf, es, cache, ncache, it->s);
            if (img) HPDF_Page_DrawImage(page, img, it->x, ph - it->y - it->h, it->w, it->h);
        } else if (it->kind == PW_IT_LINK) {
            HPDF_Rect r = {it->x, ph - it->y - it->h, it->x + it->w, ph - it->y};
            HPDF_Annotation a = HPDF_Page_CreateURILinkAnnot(page, r, it->s);
            if (a) {
                HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
                /* PDF/A-1 6.5.3: annotations must print. */
                HPDF_Dict_AddNumber(a, "F", 4);
            }
        }
    }
}

static int make_outline(pw_lay *L, HPDF_Doc pdf, HPDF_Page *pages)
{
    HPDF_Outline parent[4] = {NULL, NULL, NULL, NULL};
    HPDF_Encoder enc = HPDF_GetEncoder(pdf, "UTF-8");
    for (size_t i = 0; i < L->noutline; i++) {
        const pw_outline_entry *e = &L->outline[i];
        int lv = e->level < 1 ? 1 : e->level > 3 ? 3 : e->level;
        HPDF_Outline up = NULL;
        for (int k = lv - 1; k >= 1 && !up; k--) up = parent[k];
        HPDF_Outline o = HPDF_CreateOutline(pdf, up, e->title, enc);
        if (!o) return GD_ERROR;
        HPDF_Destination d = HPDF_Page_CreateDestination(pages[e->page]);
        HPDF_Destination_SetFitH(d, L->o.page_h - e->y + 4);
        HPDF_Outline_SetDestination(o, d);
        HPDF_Outline_SetOpened(o, HPDF_TRUE);
        parent[lv] = o;
        for (int k = lv + 1; k <= 3; k++) parent[k] = NULL;
    }
    return GD_OK;
}

static void dump_layout(pw_lay *L)
{
    FILE *f = fopen(L->o.dump_path, "w");
    if (!f) {
        pw_warn_once(L, "cannot write the layout dump");
        return;
    }
    static const char *const kinds[] = {"", "text", "line", "rect", "image", "link"};
    fprintf(f, "page\tkind\tx\ty\tw\th\tsize\tcspace\ttext\n");
    for (size_t p = 0; p < L->npages; p++)
        for (size_t i = 0; i < L->pages[p].n; i++) {
            const pw_item *it = &L->pages[p].v[i];
            fprintf(f, "%zu\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t%s\n", p + 1, kinds[it->kind],
                    it->x, it->y, it->w, it->h, it->size, it->cspace,
                    it->kind == PW_IT_LINE || !it->s ? "" : it->s);
        }
    fclose(f);
}

static int save(pw_lay *L, HPDF_Doc pdf, gd_sink *out)
{
    if (HPDF_SaveToStream(pdf) != HPDF_OK) return GD_ERROR;
    HPDF_ResetStream(pdf);
    unsigned char buf[65536];
    for (;;) {
        HPDF_UINT32 n = sizeof buf;
        HPDF_STATUS st = HPDF_ReadFromStream(pdf, buf, &n);
        if (n && gd_sink_write(out, buf, n) != GD_OK) return GD_EIO;
        if (st == HPDF_STREAM_EOF || n == 0) break;
        if (st != HPDF_OK) return GD_ERROR;
    }
    (void)L;
    return GD_OK;
}

/* libharu allocates through the host: the document it keeps in memory
 * until it is saved counts against the conversion's memory budget. */
static void *hpdf_alloc(HPDF_UINT size)
{
    return gd_mem_alloc(size);
}

int pw_emit(pw_lay *L, gd_sink *out)
{
    emit_state es = {0};
    HPDF_Doc pdf = HPDF_NewEx(on_error, hpdf_alloc, gd_free, 0, &es);
    if (!pdf) return gd_ctx_error(L->ctx, GD_ENOMEM, "libharu cannot start a document");
    HPDF_SetCompressionMode(pdf, L->o.compress ? HPDF_COMP_ALL : HPDF_COMP_NONE);
    HPDF_UseUTFEncodings(pdf);
    HPDF_SetCurrentEncoder(pdf, "UTF-8");
    HPDF_Page *pages = calloc(L->npages ? L->npages : 1, sizeof *pages);
    img_cache *cache = calloc(256, sizeof *cache);
    size_t ncache = 0;
    int rc = pages && cache ? pw_meta_begin(L, pdf) : GD_ENOMEM;
    if (!rc) rc = pw_fonts_embed(L->fonts, pdf);
    for (size_t p = 0; !rc && p < L->npages; p++) {
        HPDF_Page page = HPDF_AddPage(pdf);
        if (!page) break;
        pages[p] = page;
        HPDF_Page_SetWidth(page, L->o.page_w);
        HPDF_Page_SetHeight(page, L->o.page_h);
        const pw_box *b = &L->pages[p];
        draw_fills(page, b, L->o.page_h);
        draw_objects(L, pdf, page, &es, cache, &ncache, b, L->o.page_h);
        draw_rules(page, b, L->o.page_h);
        draw_texts(L, page, b, L->o.page_h);
    }
    for (size_t p = 0; !rc && L->o.compress && p < L->npages; p++) {
        HPDF_Dict contents =
            pages[p] ? HPDF_Dict_GetItem(pages[p], "Contents", HPDF_OCLASS_DICT) : NULL;
        if (pw_precompress(contents, 3))
            rc = gd_ctx_error(L->ctx, GD_ENOMEM, "cannot compress page %zu", p + 1);
    }
    if (!rc && !es.first_error && L->o.outline) rc = make_outline(L, pdf, pages);
    if (!rc && !es.first_error) rc = pw_fonts_finish(L->fonts, pdf, L->o.pdfa);
    if (!rc && !es.first_error) rc = pw_meta_finish(L, pdf);
    if (!rc && es.first_error)
        rc = gd_ctx_error(L->ctx, GD_ERROR, "libharu error %04X (detail %u)",
                          (unsigned)es.first_error, (unsigned)es.detail);
    if (!rc) {
        rc = save(L, pdf, out);
        if (rc == GD_ERROR || es.first_error)
            rc = gd_ctx_error(L->ctx, GD_ERROR, "libharu cannot write the file (error %04X)",
                              (unsigned)es.first_error);
    }
    if (!rc && L->o.dump_path) dump_layout(L);
    HPDF_Free(pdf);
    pw_fonts_release(L->fonts);
    free(pages);
    free(cache);
    return rc;
}
