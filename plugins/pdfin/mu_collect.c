/* MuPDF: opens the PDF and collects, per page, every glyph (through the
 * structured-text device) and every axis-aligned stroked line or thin
 * filled rectangle (through a device of our own that also forwards the
 * text to the structured-text device, so a page is interpreted once).
 * Coordinates are MuPDF's page space (y downwards, the page's /Rotate
 * applied), then turned so that most text runs left to right. */
#define _GNU_SOURCE
#include "pdfin.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mupdf/fitz.h>
#include <mupdf/pdf.h>

/* ---- a heap with a ceiling: MuPDF allocates through it ---- */
typedef struct pi_heap {
    size_t used, limit;
    bool hit;
} pi_heap;

typedef union {
    size_t n;
    max_align_t align;
} heap_hdr;

static void *heap_malloc(void *user, size_t size)
{
    pi_heap *h = user;
    if (size > h->limit - h->used || size > SIZE_MAX - sizeof(heap_hdr)) {
        h->hit = true;
        return NULL;
    }
    /* also the conversion's memory budget (--max-memory) */
    if (gd_mem_charge(size) != GD_OK) {
        gd_mem_release(size);
        h->hit = true;
        return NULL;
    }
    heap_hdr *p = malloc(sizeof(heap_hdr) + size);
    if (!p) {
        gd_mem_release(size);
        return NULL;
    }
    p->n = size;
    h->used += size;
    return p + 1;
}

static void heap_free(void *user, void *ptr)
{
    if (!ptr) return;
    pi_heap *h = user;
    heap_hdr *p = (heap_hdr *)ptr - 1;
    h->used -= p->n;
    gd_mem_release(p->n);
    free(p);
}

static void *heap_realloc(void *user, void *old, size_t size)
{
    if (!old) return heap_malloc(user, size);
    pi_heap *h = user;
    heap_hdr *p = (heap_hdr *)old - 1;
    size_t was = p->n;
    if (size > was && (size - was > h->limit - h->used || size > SIZE_MAX - sizeof(heap_hdr))) {
        h->hit = true;
        return NULL;
    }
    if (size > was && gd_mem_charge(size - was) != GD_OK) {
        gd_mem_release(size - was);
        h->hit = true;
        return NULL;
    }
    heap_hdr *q = realloc(p, sizeof(heap_hdr) + size);
    if (!q) {
        if (size > was) gd_mem_release(size - was);
        return NULL;
    }
    if (size < was) gd_mem_release(was - size);
    q->n = size;
    h->used = h->used - was + size;
    return q + 1;
}

struct pi_source {
    pi_heap heap;
    fz_alloc_context alloc;
    fz_context *fz;
    fz_document *doc;
    fz_stream *stm;
    fz_buffer *buf;
    int pages;
    int warnings;
    size_t work; /* drawing units of the pages collected so far */
    pi_opts opts;
};

static void on_warning(void *user, const char *message)
{
    (void)message;
    ((pi_source *)user)->warnings++;
}

static void on_error(void *user, const char *message)
{
    (void)user;
    (void)message;
}

void pi_close(pi_source *s)
{
    if (!s) return;
    if (s->fz) {
        fz_drop_document(s->fz, s->doc);
        fz_drop_stream(s->fz, s->stm);
        fz_drop_buffer(s->fz, s->buf);
        fz_drop_context(s->fz);
    }
    free(s);
}

int pi_warnings(const pi_source *s)
{
    return s->warnings;
}

int pi_page_count(const pi_source *s)
{
    return s->pages;
}

static int mu_error(gd_ctx *ctx, pi_source *s, const char *what)
{
    int code = fz_caught(s->fz);
    if (code == FZ_ERROR_MEMORY || s->heap.hit)
        return gd_ctx_error(ctx, GD_ELIMIT, "%s: the PDF needs more than %u MiB of memory", what,
                            (unsigned)(PI_MEMORY_LIMIT >> 20));
    return gd_ctx_error(ctx, GD_EFORMAT, "%s: damaged PDF (%s)", what, fz_caught_message(s->fz));
}

int pi_open(pi_source **out, gd_ctx *ctx, const uint8_t *data, size_t len, const pi_opts *o)
{
    *out = NULL;
    pi_source *s = calloc(1, sizeof *s);
    if (!s) return GD_ENOMEM;
    s->opts = *o;
    s->heap.limit = PI_MEMORY_LIMIT;
    s->alloc.user = &s->heap;
    s->alloc.malloc = heap_malloc;
    s->alloc.realloc = heap_realloc;
    s->alloc.free = heap_free;
    s->fz = fz_new_context(&s->alloc, NULL, 32u << 20);
    if (!s->fz) {
        free(s);
        return GD_ENOMEM;
    }
    fz_set_warning_callback(s->fz, on_warning, s);
    fz_set_error_callback(s->fz, on_error, s);
    int rc = GD_OK;
    fz_try(s->fz)
    {
        fz_register_document_handlers(s->fz);
        /* MuPDF reads the bytes in place: the caller keeps them alive. */
        s->buf = fz_new_buffer_from_shared_data(s->fz, data, len);
        s->stm = fz_open_buffer(s->fz, s->buf);
        s->doc = fz_open_document_with_stream(s->fz, "application/pdf", s->stm);
    }
    fz_catch(s->fz)
    {
        rc = mu_error(ctx, s, "cannot open");
    }
    if (rc) {
        pi_close(s);
        return rc;
    }
    if (fz_needs_password(s->fz, s->doc)) {
        /* An owner password alone (printing or copying restricted) opens
         * with the empty user password, which MuPDF has tried already. */
        pi_close(s);
        return gd_ctx_error(ctx, GD_ENOTSUPPORTED,
                            "encrypted PDF that needs a password to open (a user password); "
                            "remove the password and save it again");
    }
    pdf_document *pdf = pdf_specifics(s->fz, s->doc);
    int objects = 0;
    fz_var(objects);
    fz_try(s->fz)
    {
        if (pdf) objects = pdf_count_objects(s->fz, pdf);
        if (objects <= PI_MAX_OBJECTS) s->pages = fz_count_pages(s->fz, s->doc);
    }
    fz_catch(s->fz)
    {
        rc = mu_error(ctx, s, "cannot count the pages");
    }
    if (rc == GD_OK && objects > PI_MAX_OBJECTS)
        rc = gd_ctx_error(ctx, GD_ELIMIT, "%d objects in the PDF: more than the limit of %d",
                          objects, PI_MAX_OBJECTS);
    if (rc == GD_OK && s->pages > o->max_pages)
        rc = gd_ctx_error(ctx, GD_ELIMIT,
                          "%d pages: more than the limit of %d (-O pdfin.max-pages=N raises it)",
                          s->pages, o->max_pages);
    if (rc == GD_OK && s->pages <= 0) rc = gd_ctx_error(ctx, GD_EFORMAT, "damaged PDF: no pages");
    if (rc) {
        pi_close(s);
        return rc;
    }
    *out = s;
    return GD_OK;
}

const char *pi_info(pi_source *s, const char *key, char *buf_, size_t cap)
{
    char *volatile buf = buf_;
    volatile int n = -1;
    fz_try(s->fz)
    {
        n = fz_lookup_metadata(s->fz, s->doc, key, buf, (int)cap);
    }
    fz_catch(s->fz)
    {
        n = -1;
    }
    if (n <= 1 || (size_t)n > cap || !gd_utf8_valid(buf, strlen(buf))) return NULL;
    return buf;
}

/* ---- the device: rulings and images, text forwarded ---- */
typedef struct pi_dev {
    fz_device super;
    fz_device *text;
    pi_page *p;
    pi_source *src;
    gd_doc *doc;
    bool full; /* segment limit reached */
    bool over; /* drawing limit reached (PI_MAX_WORK_*) */
    size_t work;
    fz_cookie *cookie;
} pi_dev;

/* Counts drawing work; past the limits it stops the interpreter (the
 * cookie is read at its next operator; the throw ends this call). */
static void work(fz_context *ctx, pi_dev *d, size_t units)
{
    d->work += units;
    if (d->work <= PI_MAX_WORK_PAGE && d->src->work + d->work <= PI_MAX_WORK_DOC) return;
    d->over = true;
    d->cookie->abort = 1;
    fz_throw(ctx, FZ_ERROR_ABORT, "too much drawing");
}

static size_t text_units(const fz_text *t)
{
    size_t n = 1;
    for (const fz_text_span *s = t ? t->head : NULL; s; s = s->next) n += (size_t)s->len;
    return n;
}

static void add_seg(pi_dev *d, float x0, float y0, float x1, float y1)
{
    pi_page *p = d->p;
    if (!isfinite(x0) || !isfinite(y0) || !isfinite(x1) || !isfinite(y1)) return;
    float dx = fabsf(x1 - x0), dy = fabsf(y1 - y0);
    pi_seg s;
    if (dy <= 0.5f && dx >= 1.0f) {
        s.vert = 0;
        s.c = (y0 + y1) / 2;
        s.a0 = fminf(x0, x1);
        s.a1 = fmaxf(x0, x1);
    } else if (dx <= 0.5f && dy >= 1.0f) {
        s.vert = 1;
        s.c = (x0 + x1) / 2;
        s.a0 = fminf(y0, y1);
        s.a1 = fmaxf(y0, y1);
    } else {
        return;
    }
    if (p->ns >= PI_MAX_SEGS_PAGE) {
        d->full = true;
        return;
    }
    if (p->ns == p->scap) {
        size_t cap = p->scap ? p->scap * 2 : 256;
        pi_seg *v = realloc(p->s, cap * sizeof *v);
        if (!v) {
            d->full = true;
            return;
        }
        p->s = v;
        p->scap = cap;
    }
    p->s[p->ns++] = s;
}

/* A thin filled rectangle is a ruling drawn as a fill (WPS does this). */
static void add_rect(pi_dev *d, fz_rect r, bool filled, float lw)
{
    float w = r.x1 - r.x0, h = r.y1 - r.y0;
    if (filled) {
        if (h <= 2.5f && w > h) {
            add_seg(d, r.x0, (r.y0 + r.y1) / 2, r.x1, (r.y0 + r.y1) / 2);
        } else if (w <= 2.5f && h > w) {
            add_seg(d, (r.x0 + r.x1) / 2, r.y0, (r.x0 + r.x1) / 2, r.y1);
        }
        return;
    }
    (void)lw;
    add_seg(d, r.x0, r.y0, r.x1, r.y0);
    add_seg(d, r.x0, r.y1, r.x1, r.y1);
    add_seg(d, r.x0, r.y0, r.x0, r.y1);
    add_seg(d, r.x1, r.y0, r.x1, r.y1);
}

/* Path walking: points of the current subpath, in page space. */
#define WALK_MAX 64
typedef struct walk {
    pi_dev *d;
    fz_matrix ctm;
    bool filled;
    fz_point pt[WALK_MAX];
    int n;
    bool curved, overflow;
    float lw;
} walk;

static void walk_flush(walk *w)
{
    if (w->n >= 2 && !w->curved && !w->overflow) {
        if (w->filled) {
            /* a filled subpath: a rectangle when axis-aligned with 4 corners */
            if (w->n >= 4 && w->n <= 5) {
                fz_rect r = fz_empty_rect;
                bool axis = true;
                for (int i = 0; i < w->n; i++) {
                    r = fz_include_point_in_rect(r, w->pt[i]);
                    fz_point a = w->pt[i], b = w->pt[(i + 1) % w->n];
                    if (fabsf(a.x - b.x) > 0.5f && fabsf(a.y - b.y) > 0.5f) axis = false;
                }
                if (axis) add_rect(w->d, r, true, 0);
            }
        } else {
            for (int i = 0; i + 1 < w->n; i++)
                add_seg(w->d, w->pt[i].x, w->pt[i].y, w->pt[i + 1].x, w->pt[i + 1].y);
        }
    }
    w->n = 0;
    w->curved = w->overflow = false;
}

static void walk_point(walk *w, float x, float y)
{
    if (w->n >= WALK_MAX) {
        w->overflow = true;
        return;
    }
    w->pt[w->n++] = fz_transform_point(fz_make_point(x, y), w->ctm);
}

static void w_moveto(fz_context *ctx, void *arg, float x, float y)
{
    (void)ctx;
    walk *w = arg;
    walk_flush(w);
    walk_point(w, x, y);
}

static void w_lineto(fz_context *ctx, void *arg, float x, float y)
{
    (void)ctx;
    walk_point(arg, x, y);
}

static void w_curveto(fz_context *ctx, void *arg, float x1, float y1, float x2, float y2, float x3,
                      float y3)
{
    (void)ctx, (void)x1, (void)y1, (void)x2, (void)y2;
    walk *w = arg;
    w->curved = true;
    walk_point(w, x3, y3);
}

static void w_closepath(fz_context *ctx, void *arg)
{
    (void)ctx;
    walk *w = arg;
    if (w->n >= 2 && !w->filled) {
        /* the closing edge of a stroked subpath */
        if (w->n < WALK_MAX) w->pt[w->n++] = w->pt[0];
    }
    fz_point first = w->n ? w->pt[0] : fz_make_point(0, 0);
    walk_flush(w);
    w->pt[0] = first; /* a lineto after closepath starts from here */
    w->n = 0;
}

static void w_rectto(fz_context *ctx, void *arg, float x0, float y0, float x1, float y1)
{
    (void)ctx;
    walk *w = arg;
    walk_flush(w);
    fz_rect r = fz_transform_rect(
        fz_make_rect(fminf(x0, x1), fminf(y0, y1), fmaxf(x0, x1), fmaxf(y0, y1)), w->ctm);
    /* only when the transform keeps it axis-aligned */
    if (fabsf(w->ctm.b) < 1e-4f && fabsf(w->ctm.c) < 1e-4f)
        add_rect(w->d, r, w->filled, w->lw);
    else if (fabsf(w->ctm.a) < 1e-4f && fabsf(w->ctm.d) < 1e-4f)
        add_rect(w->d, r, w->filled, w->lw);
}

static const fz_path_walker walker = {
    w_moveto, w_lineto, w_curveto, w_closepath, NULL, NULL, NULL, w_rectto,
};

/* White or invisible paint does not draw a ruling. */
static bool visible(fz_context *ctx, fz_colorspace *cs, const float *color, float alpha)
{
    if (alpha < 0.1f || !cs || !color) return alpha >= 0.1f;
    float rgb[3] = {0, 0, 0};
    fz_try(ctx)
    {
        fz_convert_color(ctx, cs, color, fz_device_rgb(ctx), rgb, NULL, fz_default_color_params);
    }
    fz_catch(ctx)
    {
        return true;
    }
    return !(rgb[0] > 0.92f && rgb[1] > 0.92f && rgb[2] > 0.92f);
}

static void dev_walk(fz_context *ctx, pi_dev *d, const fz_path *path, fz_matrix ctm, bool filled,
                     float lw)
{
    if (d->full) return;
    walk w;
    memset(&w, 0, sizeof w);
    w.d = d;
    w.ctm = ctm;
    w.filled = filled;
    w.lw = lw;
    fz_walk_path(ctx, path, &walker, &w);
    walk_flush(&w);
}

static void dev_fill_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd,
                          fz_matrix ctm, fz_colorspace *cs, const float *color, float alpha,
                          fz_color_params cp)
{
    (void)even_odd, (void)cp;
    work(ctx, (pi_dev *)dev, 1);
    if (visible(ctx, cs, color, alpha)) dev_walk(ctx, (pi_dev *)dev, path, ctm, true, 0);
}

static void dev_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                            const fz_stroke_state *st, fz_matrix ctm, fz_colorspace *cs,
                            const float *color, float alpha, fz_color_params cp)
{
    (void)cp;
    work(ctx, (pi_dev *)dev, 1);
    float lw = st ? st->linewidth * fz_matrix_expansion(ctm) : 1;
    if (lw > 8) return; /* a bar, not a ruling */
    if (visible(ctx, cs, color, alpha)) dev_walk(ctx, (pi_dev *)dev, path, ctm, false, lw);
}

static void dev_fill_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                          fz_colorspace *cs, const float *color, float alpha, fz_color_params cp)
{
    work(ctx, (pi_dev *)dev, text_units(text));
    fz_fill_text(ctx, ((pi_dev *)dev)->text, text, ctm, cs, color, alpha, cp);
}

static void dev_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                            const fz_stroke_state *st, fz_matrix ctm, fz_colorspace *cs,
                            const float *color, float alpha, fz_color_params cp)
{
    work(ctx, (pi_dev *)dev, text_units(text));
    fz_stroke_text(ctx, ((pi_dev *)dev)->text, text, st, ctm, cs, color, alpha, cp);
}

static void dev_clip_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm,
                          fz_rect scissor)
{
    work(ctx, (pi_dev *)dev, text_units(text));
    fz_clip_text(ctx, ((pi_dev *)dev)->text, text, ctm, scissor);
}

static void dev_clip_stroke_text(fz_context *ctx, fz_device *dev, const fz_text *text,
                                 const fz_stroke_state *st, fz_matrix ctm, fz_rect scissor)
{
    work(ctx, (pi_dev *)dev, text_units(text));
    fz_clip_stroke_text(ctx, ((pi_dev *)dev)->text, text, st, ctm, scissor);
}

static void dev_ignore_text(fz_context *ctx, fz_device *dev, const fz_text *text, fz_matrix ctm)
{
    work(ctx, (pi_dev *)dev, text_units(text));
    fz_ignore_text(ctx, ((pi_dev *)dev)->text, text, ctm);
}

/* Containers (clips, masks, groups, tiles) are forwarded too, so that the
 * text device's container stack stays balanced: MuPDF disables a device
 * that pops a clip it never saw. */
static void dev_pop_clip(fz_context *ctx, fz_device *dev)
{
    fz_pop_clip(ctx, ((pi_dev *)dev)->text);
}

static void dev_clip_path(fz_context *ctx, fz_device *dev, const fz_path *path, int even_odd,
                          fz_matrix ctm, fz_rect scissor)
{
    fz_clip_path(ctx, ((pi_dev *)dev)->text, path, even_odd, ctm, scissor);
}

static void dev_clip_stroke_path(fz_context *ctx, fz_device *dev, const fz_path *path,
                                 const fz_stroke_state *st, fz_matrix ctm, fz_rect scissor)
{
    fz_clip_stroke_path(ctx, ((pi_dev *)dev)->text, path, st, ctm, scissor);
}

static void dev_clip_image_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                                fz_rect scissor)
{
    fz_clip_image_mask(ctx, ((pi_dev *)dev)->text, img, ctm, scissor);
}

static void dev_begin_mask(fz_context *ctx, fz_device *dev, fz_rect area, int luminosity,
                           fz_colorspace *cs, const float *bc, fz_color_params cp)
{
    fz_begin_mask(ctx, ((pi_dev *)dev)->text, area, luminosity, cs, bc, cp);
}

static void dev_end_mask(fz_context *ctx, fz_device *dev)
{
    fz_end_mask(ctx, ((pi_dev *)dev)->text);
}

static void dev_begin_group(fz_context *ctx, fz_device *dev, fz_rect area, fz_colorspace *cs,
                            int isolated, int knockout, int blendmode, float alpha)
{
    fz_begin_group(ctx, ((pi_dev *)dev)->text, area, cs, isolated, knockout, blendmode, alpha);
}

static void dev_end_group(fz_context *ctx, fz_device *dev)
{
    fz_end_group(ctx, ((pi_dev *)dev)->text);
}

static int dev_begin_tile(fz_context *ctx, fz_device *dev, fz_rect area, fz_rect view, float xstep,
                          float ystep, fz_matrix ctm, int id)
{
    return fz_begin_tile_id(ctx, ((pi_dev *)dev)->text, area, view, xstep, ystep, ctm, id);
}

static void dev_end_tile(fz_context *ctx, fz_device *dev)
{
    fz_end_tile(ctx, ((pi_dev *)dev)->text);
}

static void add_image(fz_context *ctx, pi_dev *d, fz_image *img, fz_matrix ctm)
{
    pi_page *p = d->p;
    p->images_seen++;
    if (!d->src->opts.images || !img || img->w < 16 || img->h < 16) return;
    if (p->nimg >= 1000) return;
    volatile fz_rect r = fz_transform_rect(fz_unit_rect, ctm);
    const char *id = NULL;
    fz_buffer *buf = NULL;
    const char *mime = "image/png";
    fz_var(buf);
    fz_try(ctx)
    {
        fz_compressed_buffer *cb = fz_compressed_image_buffer(ctx, img);
        if (cb && cb->params.type == FZ_IMAGE_JPEG && cb->params.u.jpeg.color_transform == -1 &&
            img->n <= 3) {
            buf = fz_keep_buffer(ctx, cb->buffer);
            mime = "image/jpeg";
        } else {
            buf = fz_new_buffer_from_image_as_png(ctx, img, fz_default_color_params);
        }
    }
    fz_catch(ctx)
    {
        buf = NULL;
    }
    if (buf) {
        unsigned char *bytes;
        size_t n = fz_buffer_storage(ctx, buf, &bytes);
        if (n && gd_doc_resource_add(&id, d->doc, mime, bytes, n) != GD_OK) id = NULL;
        fz_drop_buffer(ctx, buf);
    }
    if (!id) return;
    if (p->nimg == p->imgcap) {
        size_t cap = p->imgcap ? p->imgcap * 2 : 8;
        pi_image *v = realloc(p->img, cap * sizeof *v);
        if (!v) return;
        p->img = v;
        p->imgcap = cap;
    }
    p->img[p->nimg++] = (pi_image){r.x0, r.y0, r.x1, r.y1, id};
}

static void dev_fill_image(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                           float alpha, fz_color_params cp)
{
    (void)alpha, (void)cp;
    add_image(ctx, (pi_dev *)dev, img, ctm);
}

static void dev_fill_image_mask(fz_context *ctx, fz_device *dev, fz_image *img, fz_matrix ctm,
                                fz_colorspace *cs, const float *color, float alpha,
                                fz_color_params cp)
{
    (void)img, (void)ctm, (void)cs, (void)color, (void)alpha, (void)cp, (void)ctx;
    ((pi_dev *)dev)->p->images_seen++; /* a scanned page is often a JBIG2 mask */
}

/* ---- glyphs ---- */
static bool font_bold(const char *name)
{
    return strstr(name, "Bold") || strstr(name, "bold") || strstr(name, "BOLD") ||
           strstr(name, "Heavy") || strstr(name, "Black") || strstr(name, "Semibold");
}

static uint16_t font_index(pi_fonts *f, const char *name)
{
    const char *plus = strchr(name, '+');
    if (plus && plus - name == 6) name = plus + 1; /* subset prefix ABCDEF+ */
    for (size_t i = 0; i < f->n; i++)
        if (strcmp(f->name[i], name) == 0) return (uint16_t)i;
    if (f->n >= 65535) return 0;
    if (f->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 16;
        char **v = realloc(f->name, cap * sizeof *v);
        if (!v) return 0;
        f->name = v;
        f->cap = cap;
    }
    char *copy = strdup(name);
    if (!copy) return 0;
    f->name[f->n] = copy;
    return (uint16_t)f->n++;
}

void pi_fonts_free(pi_fonts *f)
{
    for (size_t i = 0; i < f->n; i++) free(f->name[i]);
    free(f->name);
    memset(f, 0, sizeof *f);
}

void pi_page_free(pi_page *p)
{
    free(p->g);
    free(p->s);
    free(p->img);
    memset(p, 0, sizeof *p);
}

static int add_glyph(pi_page *p, const pi_glyph *g)
{
    if (p->ng >= PI_MAX_GLYPHS_PAGE) return GD_ELIMIT;
    if (p->ng == p->gcap) {
        size_t cap = p->gcap ? p->gcap * 2 : 1024;
        pi_glyph *v = realloc(p->g, cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        p->g = v;
        p->gcap = cap;
    }
    p->g[p->ng++] = *g;
    return GD_OK;
}

/* Direction of a line, in quarter turns: 0 left to right, 1 downwards,
 * 2 right to left (upside down), 3 upwards. */
static int quarter(fz_point dir)
{
    if (fabsf(dir.x) >= fabsf(dir.y)) return dir.x >= 0 ? 0 : 2;
    return dir.y >= 0 ? 1 : 3;
}

/* Turns page coordinates by -q quarter turns (so text of direction q runs
 * left to right) inside a page of size w × h. */
static void turn(int q, float w, float h, float *x, float *y)
{
    float a = *x, b = *y;
    switch (q) {
    case 1: *x = b, *y = w - a; break;
    case 2: *x = w - a, *y = h - b; break;
    case 3: *x = h - b, *y = a; break;
    default: break;
    }
}

static void turn_box(int q, float w, float h, float *x0, float *y0, float *x1, float *y1)
{
    float ax = *x0, ay = *y0, bx = *x1, by = *y1;
    turn(q, w, h, &ax, &ay);
    turn(q, w, h, &bx, &by);
    *x0 = fminf(ax, bx), *x1 = fmaxf(ax, bx);
    *y0 = fminf(ay, by), *y1 = fmaxf(ay, by);
}

static void turn_page(pi_page *p, int q)
{
    float w = p->w, h = p->h;
    for (size_t i = 0; i < p->ng; i++) {
        pi_glyph *g = &p->g[i];
        turn_box(q, w, h, &g->x0, &g->y0, &g->x1, &g->y1);
        turn(q, w, h, &g->bx, &g->by);
    }
    for (size_t i = 0; i < p->ns; i++) {
        pi_seg *s = &p->s[i];
        float x0, y0, x1, y1;
        if (s->vert)
            x0 = x1 = s->c, y0 = s->a0, y1 = s->a1;
        else
            y0 = y1 = s->c, x0 = s->a0, x1 = s->a1;
        turn_box(q, w, h, &x0, &y0, &x1, &y1);
        if (x1 - x0 >= y1 - y0)
            s->vert = 0, s->c = y0, s->a0 = x0, s->a1 = x1;
        else
            s->vert = 1, s->c = x0, s->a0 = y0, s->a1 = y1;
    }
    for (size_t i = 0; i < p->nimg; i++)
        turn_box(q, w, h, &p->img[i].x0, &p->img[i].y0, &p->img[i].x1, &p->img[i].y1);
    if (q & 1) p->w = h, p->h = w;
}

static __attribute__((noinline)) int take_text(fz_context *ctx, fz_stext_page *tp, pi_page *p,
                                               pi_fonts *fonts, int *dir)
{
    size_t count[4] = {0, 0, 0, 0};
    fz_font *last_font = NULL;
    uint16_t last_idx = 0;
    uint8_t last_bold = 0, last_italic = 0;
    for (fz_stext_block *b = tp->first_block; b; b = b->next) {
        if (b->type != FZ_STEXT_BLOCK_TEXT) continue;
        for (fz_stext_line *l = b->u.t.first_line; l; l = l->next) {
            int q = quarter(l->dir);
            for (fz_stext_char *ch = l->first_char; ch; ch = ch->next) {
                if (pi_is_space(ch->c) || ch->c < 0x20 || ch->c == 0xFFFD) continue;
                if (ch->c > 0x10FFFF || (ch->c >= 0xD800 && ch->c <= 0xDFFF)) continue;
                pi_glyph g;
                fz_rect r = fz_rect_from_quad(ch->quad);
                if (!isfinite(r.x0) || !isfinite(r.y0) || !isfinite(r.x1) || !isfinite(r.y1) ||
                    !isfinite(ch->size))
                    continue;
                g.c = ch->c;
                g.x0 = r.x0, g.y0 = r.y0, g.x1 = r.x1, g.y1 = r.y1;
                g.bx = ch->origin.x, g.by = ch->origin.y;
                g.size = ch->size > 0 ? ch->size : 1;
                if (ch->font != last_font || !last_font) {
                    const char *name = ch->font ? fz_font_name(ctx, ch->font) : "";
                    last_idx = font_index(fonts, name ? name : "");
                    last_bold = (ch->font && fz_font_is_bold(ctx, ch->font)) ||
                                font_bold(fonts->n ? fonts->name[last_idx] : "");
                    last_italic = ch->font && fz_font_is_italic(ctx, ch->font);
                    last_font = ch->font;
                }
                g.font = last_idx;
                g.bold = last_bold;
                g.italic = last_italic;
                int rc = add_glyph(p, &g);
                if (rc) return rc;
                count[q]++;
            }
        }
    }
    int best = 0;
    for (int q = 1; q < 4; q++)
        if (count[q] > count[best]) best = q;
    *dir = best;
    return GD_OK;
}

int pi_collect_page(pi_source *s, gd_ctx *ctx, gd_doc *doc, int i, pi_page *p, pi_fonts *fonts)
{
    fz_context *fz = s->fz;
    fz_page *page = NULL;
    fz_stext_page *tp = NULL;
    fz_device *tdev = NULL;
    pi_dev *dev = NULL;
    volatile int rc = GD_OK, dir = 0;
    volatile bool over = false;
    fz_cookie cookie;
    memset(&cookie, 0, sizeof cookie);
    memset(p, 0, sizeof *p);
    p->no = i + 1;
    fz_var(page);
    fz_var(tp);
    fz_var(tdev);
    fz_var(dev);
    fz_try(fz)
    {
        page = fz_load_page(fz, s->doc, i);
        fz_rect box = fz_bound_page(fz, page);
        p->w = box.x1 - box.x0;
        p->h = box.y1 - box.y0;
        tp = fz_new_stext_page(fz, box);
        fz_stext_options so = {FZ_STEXT_INHIBIT_SPACES | FZ_STEXT_MEDIABOX_CLIP, 0};
        tdev = fz_new_stext_device(fz, tp, &so);
        dev = (pi_dev *)fz_new_device_of_size(fz, sizeof(pi_dev));
        dev->text = tdev;
        dev->p = p;
        dev->src = s;
        dev->doc = doc;
        dev->super.fill_path = dev_fill_path;
        dev->super.stroke_path = dev_stroke_path;
        dev->super.fill_text = dev_fill_text;
        dev->super.stroke_text = dev_stroke_text;
        dev->super.clip_text = dev_clip_text;
        dev->super.clip_stroke_text = dev_clip_stroke_text;
        dev->super.ignore_text = dev_ignore_text;
        dev->super.pop_clip = dev_pop_clip;
        dev->super.clip_path = dev_clip_path;
        dev->super.clip_stroke_path = dev_clip_stroke_path;
        dev->super.clip_image_mask = dev_clip_image_mask;
        dev->super.begin_mask = dev_begin_mask;
        dev->super.end_mask = dev_end_mask;
        dev->super.begin_group = dev_begin_group;
        dev->super.end_group = dev_end_group;
        dev->super.begin_tile = dev_begin_tile;
        dev->super.end_tile = dev_end_tile;
        dev->super.fill_image = dev_fill_image;
        dev->super.fill_image_mask = dev_fill_image_mask;
        dev->cookie = &cookie;
        fz_run_page(fz, page, &dev->super, fz_translate(-box.x0, -box.y0), &cookie);
        if (dev->over) fz_throw(fz, FZ_ERROR_ABORT, "too much drawing");
        fz_close_device(fz, &dev->super);
        fz_close_device(fz, tdev);
        int d = 0;
        rc = take_text(fz, tp, p, fonts, &d);
        dir = d;
    }
    fz_always(fz)
    {
        if (dev) {
            over = dev->over;
            s->work += dev->work;
        }
        if (dev) fz_drop_device(fz, &dev->super);
        fz_drop_device(fz, tdev);
        fz_drop_stext_page(fz, tp);
        fz_drop_page(fz, page);
    }
    fz_catch(fz)
    {
        if (over && s->work > PI_MAX_WORK_DOC)
            return gd_ctx_error(ctx, GD_ELIMIT,
                                "the document draws more than the %u million glyphs and paths "
                                "allowed (by page %d)",
                                PI_MAX_WORK_DOC / 1000000u, i + 1);
        if (over)
            return gd_ctx_error(ctx, GD_ELIMIT,
                                "page %d draws more than the %u million glyphs and paths allowed",
                                i + 1, PI_MAX_WORK_PAGE / 1000000u);
        if (fz_caught(fz) == FZ_ERROR_MEMORY || s->heap.hit) {
            return gd_ctx_error(ctx, GD_ELIMIT, "page %d needs more than %u MiB of memory", i + 1,
                                (unsigned)(PI_MEMORY_LIMIT >> 20));
        } else {
            if (getenv("GD_PDFIN_DUMP"))
                fprintf(stderr, "page %d: %s\n", i + 1, fz_caught_message(fz));
            gd_ctx_warn(ctx, "page %d is damaged and was skipped (%s)", i + 1,
                        fz_caught_message(fz));
            pi_page_free(p);
            p->no = i + 1;
            return GD_OK;
        }
    }
    if (rc == GD_ELIMIT)
        return gd_ctx_error(ctx, GD_ELIMIT, "page %d draws more than %d characters", i + 1,
                            PI_MAX_GLYPHS_PAGE);
    if (rc) return rc;
    if (dir) turn_page(p, dir);
    return GD_OK;
}
