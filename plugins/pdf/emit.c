/* Emitter: pages of positioned items → PDF objects, written as each page
 * is complete (pdfout.c). Text items are grouped in one BT…ET per page with
 * font, spacing and emboldening changed only when they differ; strokes of
 * equal width share one path. Layout works top-down in points; PDF is
 * bottom-up, so y becomes page height − y here.
 *
 * What must wait for the end — the fonts (their subsets hold every glyph
 * of the document), the shared resource dictionary, the page tree, the
 * outline and the metadata — is small; a page's content is written and
 * forgotten. */
#define _GNU_SOURCE
#include "fonts_internal.h"
#include "meta.h"
#include "pngdl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int pw_image_kind(const char *mime, const uint8_t *d, size_t n);

/* Pages per node of the page tree (a flat /Kids array of 100 000 pages
 * exceeds what readers of PDF 1.4 must accept). */
#define GROUP 1024
/* Images: at most this many pixels are embedded; a PNG with more is
 * downsampled (by whole factors), one beyond PW_IMAGE_REFUSE is left out. */
#define PW_IMAGE_BUDGET (16u * 1000 * 1000)
#define PW_IMAGE_REFUSE (100u * 1000 * 1000)

typedef struct img_ref {
    char *id;
    uint32_t obj; /* 0: cannot be drawn */
} img_ref;

struct pw_emit {
    pw_out *o;
    uint32_t resources;
    uint32_t *page_ids;
    size_t npages, pagecap;
    uint32_t *groups;
    size_t ngroups;
    img_ref *imgs;
    size_t nimgs, imgcap;
    bool font_used[PW_MAX_SLOTS];
    pw_buf content;
    pw_hash id;
    FILE *dump;
};

/* ---- images ---- */

static void downsample(const uint8_t *src, uint32_t w, uint32_t h, int ch, uint32_t k, uint8_t *dst)
{
    uint32_t nw = w / k, nh = h / k;
    for (uint32_t y = 0; y < nh; y++)
        for (uint32_t x = 0; x < nw; x++)
            for (int c = 0; c < ch; c++) {
                uint32_t sum = 0;
                for (uint32_t dy = 0; dy < k; dy++) {
                    const uint8_t *row = src + ((size_t)(y * k + dy) * w + x * k) * (size_t)ch;
                    for (uint32_t dx = 0; dx < k; dx++) sum += row[dx * (uint32_t)ch + (uint32_t)c];
                }
                dst[((size_t)y * nw + x) * (size_t)ch + (size_t)c] = (uint8_t)(sum / (k * k));
            }
}

/* PNGs are decoded with libpng's simplified API (which reports bad data
 * instead of aborting) and embedded as deflated pixels, transparency
 * composited on white: PDF/A-1 forbids soft masks, and a print archive
 * loses nothing by it. */
static uint32_t write_png(pw_lay *L, pw_out *o, const char *id, const uint8_t *data, size_t len)
{
    png_image im;
    memset(&im, 0, sizeof im);
    im.version = PNG_IMAGE_VERSION;
    if (!png_image_begin_read_from_memory(&im, data, len)) return 0;
    bool color = (im.format & PNG_FORMAT_FLAG_COLOR) != 0;
    im.format = color ? PNG_FORMAT_RGB : PNG_FORMAT_GRAY;
    uint64_t px = (uint64_t)im.width * im.height;
    char msg[200];
    if (px > PW_IMAGE_REFUSE) {
        snprintf(msg, sizeof msg,
                 "image '%.60s' has %u x %u pixels, more than the %u million allowed: left out", id,
                 im.width, im.height, PW_IMAGE_REFUSE / 1000000);
        pw_warn_once(L, msg);
        png_image_free(&im);
        return 0;
    }
    size_t stride = PNG_IMAGE_ROW_STRIDE(im), size = PNG_IMAGE_BUFFER_SIZE(im, stride);
    unsigned char *buf = malloc(size);
    png_color white = {255, 255, 255};
    uint32_t obj = 0;
    if (buf && png_image_finish_read(&im, &white, buf, (png_int_32)stride, NULL)) {
        uint32_t w = im.width, h = im.height, k = 1;
        int ch = color ? 3 : 1;
        while ((uint64_t)(w / k) * (h / k) > PW_IMAGE_BUDGET) k++;
        if (k > 1 && w / k && h / k) {
            snprintf(msg, sizeof msg,
                     "image '%.60s' has %u x %u pixels: embedded at %u x %u (the budget is %u "
                     "million pixels an image)",
                     id, w, h, w / k, h / k, PW_IMAGE_BUDGET / 1000000);
            pw_warn_once(L, msg);
            downsample(buf, w, h, ch, k, buf); /* in place: each output lies before its input */
            w /= k;
            h /= k;
        }
        char dict[160];
        snprintf(dict, sizeof dict,
                 "/Type/XObject/Subtype/Image/Width %u/Height %u/ColorSpace/%s"
                 "/BitsPerComponent 8",
                 w, h, color ? "DeviceRGB" : "DeviceGray");
        obj = pw_out_reserve(o);
        pw_out_stream(o, obj, dict, buf, (size_t)w * h * (size_t)ch, PW_ZLEVEL);
    }
    png_image_free(&im);
    free(buf);
    return obj;
}

/* JPEGs go in as they are (/DCTDecode). */
static uint32_t write_jpeg(pw_lay *L, pw_out *o, const char *id, const uint8_t *d, size_t n)
{
    size_t i = 2;
    unsigned w = 0, h = 0, comps = 0;
    bool adobe = false;
    while (i + 4 <= n && d[i] == 0xFF) {
        uint8_t m = d[i + 1];
        if (m == 0xFF) {
            i++;
            continue;
        }
        if (m == 0xD8 || (m >= 0xD0 && m <= 0xD7)) {
            i += 2;
            continue;
        }
        size_t len = (size_t)d[i + 2] << 8 | d[i + 3];
        if (m == 0xEE && len >= 7 && i + 9 <= n && memcmp(d + i + 4, "Adobe", 5) == 0) adobe = true;
        bool sof = m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
        if (sof && i + 10 <= n) {
            h = (unsigned)d[i + 5] << 8 | d[i + 6];
            w = (unsigned)d[i + 7] << 8 | d[i + 8];
            comps = d[i + 9];
            break;
        }
        i += 2 + len;
    }
    if (!w || !h || (comps != 1 && comps != 3 && comps != 4)) return 0;
    if ((uint64_t)w * h > PW_IMAGE_REFUSE) {
        char msg[200];
        snprintf(msg, sizeof msg,
                 "image '%.60s' has %u x %u pixels, more than the %u million allowed: left out", id,
                 w, h, PW_IMAGE_REFUSE / 1000000);
        pw_warn_once(L, msg);
        return 0;
    }
    char dict[200];
    snprintf(dict, sizeof dict,
             "/Type/XObject/Subtype/Image/Width %u/Height %u/ColorSpace/%s/BitsPerComponent 8"
             "/Filter/DCTDecode%s",
             w, h,
             comps == 1   ? "DeviceGray"
             : comps == 3 ? "DeviceRGB"
                          : "DeviceCMYK",
             comps == 4 && adobe ? "/Decode[1 0 1 0 1 0 1 0]" : "");
    uint32_t obj = pw_out_reserve(o);
    pw_out_stream(o, obj, dict, d, n, 0);
    return obj;
}

/* The image's object and its resource index, or -1 (warned) when it
 * cannot be drawn. */
static int get_image(pw_lay *L, const char *id)
{
    pw_emit *em = L->em;
    for (size_t i = 0; i < em->nimgs; i++)
        if (strcmp(em->imgs[i].id, id) == 0) return em->imgs[i].obj ? (int)i : -1;
    if (em->nimgs == em->imgcap) {
        size_t cap = em->imgcap ? em->imgcap * 2 : 16;
        img_ref *v = realloc(em->imgs, cap * sizeof *v);
        if (!v) return -1;
        em->imgs = v;
        em->imgcap = cap;
    }
    const char *mime;
    const uint8_t *data;
    size_t len;
    uint32_t obj = 0;
    bool no_png = false;
    if (gd_doc_resource_find(L->doc, id, &mime, &data, &len) == GD_OK) {
        int kind = pw_image_kind(mime, data, len);
        if (kind == 1 && !(no_png = !pw_png_load()))
            obj = write_png(L, em->o, id, data, len);
        else if (kind == 2)
            obj = write_jpeg(L, em->o, id, data, len);
    }
    if (!obj) {
        char msg[160];
        if (no_png)
            snprintf(msg, sizeof msg, "image '%.100s' left out: libpng cannot be loaded", id);
        else
            snprintf(msg, sizeof msg, "image '%.100s' cannot be decoded: left out", id);
        pw_warn_once(L, msg);
    }
    em->imgs[em->nimgs].id = strdup(id);
    em->imgs[em->nimgs].obj = obj;
    if (!em->imgs[em->nimgs].id) return -1;
    em->nimgs++;
    return obj ? (int)em->nimgs - 1 : -1;
}

/* ---- page content ---- */

static void num(pw_buf *b, double v)
{
    pw_buf_num(b, v);
    pw_buf_put(b, " ", 1);
}

static void draw_texts(pw_lay *L, const pw_box *bx, float ph)
{
    pw_emit *em = L->em;
    pw_buf *b = &em->content;
    bool open = false;
    int slot = -1, bold = -1;
    float size = -1, cspace = 0;
    char codes[1024];
    for (size_t i = 0; i < bx->n; i++) {
        const pw_item *it = &bx->v[i];
        if (it->kind != PW_IT_TEXT || !it->len || it->slot < 0 || it->slot >= L->fonts->nslots)
            continue;
        pw_hash_update(&em->id, it->s, it->len);
        if (!open) {
            pw_buf_puts(b, "BT\n");
            open = true;
        }
        if (it->slot != slot || it->size != size) {
            pw_fonts_obj(L->fonts, it->slot, em->o);
            em->font_used[it->slot] = true;
            pw_buf_printf(b, "/F%d ", it->slot);
            num(b, it->size);
            pw_buf_puts(b, "Tf\n");
            slot = it->slot;
            size = it->size;
        }
        if (it->cspace != cspace) {
            num(b, it->cspace);
            pw_buf_puts(b, "Tc\n");
            cspace = it->cspace;
        }
        int want_bold = (it->flags & PW_ITF_BOLD) != 0;
        if (want_bold != bold) {
            /* No bold CJK faces ship with Debian: fill and stroke the outline. */
            if (want_bold) {
                num(b, it->size / 32);
                pw_buf_puts(b, "w 2 Tr\n");
            } else {
                pw_buf_puts(b, "0 Tr\n");
            }
            bold = want_bold;
        }
        pw_buf_puts(b, it->flags & PW_ITF_ITALIC ? "1 0 0.2 1 " : "1 0 0 1 ");
        num(b, it->x);
        num(b, ph - it->y);
        pw_buf_puts(b, "Tm ");
        /* Two-byte codes (Identity-H), as a literal string. */
        size_t nc = 0;
        pw_buf_put(b, "(", 1);
        for (size_t k = 0; k < it->len;) {
            uint32_t cp;
            k += (size_t)pw_utf8_decode(it->s + k, it->len - k, &cp);
            int code = pw_fonts_code(L->fonts, it->slot, cp);
            if (code < 0) continue;
            unsigned char two[2] = {(unsigned char)(code >> 8), (unsigned char)code};
            for (int j = 0; j < 2; j++) {
                unsigned char c = two[j];
                if (c == '(' || c == ')' || c == '\\') {
                    codes[nc++] = '\\';
                    codes[nc++] = (char)c;
                } else if (c == '\r') {
                    codes[nc++] = '\\';
                    codes[nc++] = 'r';
                } else {
                    codes[nc++] = (char)c;
                }
            }
            if (nc > sizeof codes - 8) {
                pw_buf_put(b, codes, nc);
                nc = 0;
            }
        }
        pw_buf_put(b, codes, nc);
        pw_buf_puts(b, ")Tj\n");
    }
    if (open) pw_buf_puts(b, "ET\n");
}

static void draw_rules(pw_buf *b, const pw_box *bx, float ph)
{
    float lw = -1;
    bool path = false;
    for (size_t i = 0; i < bx->n; i++) {
        const pw_item *it = &bx->v[i];
        if (it->kind != PW_IT_LINE) continue;
        if (it->lw != lw) {
            if (path) pw_buf_puts(b, "S\n");
            path = false;
            num(b, it->lw);
            pw_buf_puts(b, "w\n");
            lw = it->lw;
        }
        num(b, it->x);
        num(b, ph - it->y);
        pw_buf_puts(b, "m ");
        num(b, it->x + it->w);
        num(b, ph - it->y - it->h);
        pw_buf_puts(b, "l\n");
        path = true;
    }
    if (path) pw_buf_puts(b, "S\n");
}

static void draw_fills(pw_buf *b, const pw_box *bx, float ph)
{
    bool any = false;
    for (size_t i = 0; i < bx->n; i++) {
        const pw_item *it = &bx->v[i];
        if (it->kind != PW_IT_RECT) continue;
        if (!any) pw_buf_puts(b, "1 0.9 0.75 rg\n");
        any = true;
        num(b, it->x);
        num(b, ph - it->y - it->h);
        num(b, it->w);
        num(b, it->h);
        pw_buf_puts(b, "re\n");
    }
    if (any) pw_buf_puts(b, "f\n0 g\n");
}

static void draw_images(pw_lay *L, const pw_box *bx, float ph)
{
    pw_buf *b = &L->em->content;
    for (size_t i = 0; i < bx->n; i++) {
        const pw_item *it = &bx->v[i];
        if (it->kind != PW_IT_IMAGE || !it->s) continue;
        int k = get_image(L, it->s);
        if (k < 0) continue;
        pw_buf_puts(b, "q ");
        num(b, it->w);
        pw_buf_puts(b, "0 0 ");
        num(b, it->h);
        num(b, it->x);
        num(b, ph - it->y - it->h);
        pw_buf_printf(b, "cm /Im%d Do\nQ\n", k); /* an operator per line, as libharu wrote */
    }
}

/* Link annotations of the page: their object numbers into `annots`. */
static void write_links(pw_lay *L, const pw_box *bx, float ph, pw_buf *annots)
{
    pw_out *o = L->em->o;
    pw_buf a = {0};
    for (size_t i = 0; i < bx->n; i++) {
        const pw_item *it = &bx->v[i];
        if (it->kind != PW_IT_LINK || !it->s) continue;
        uint32_t id = pw_out_reserve(o);
        a.n = 0;
        /* PDF/A-1 6.5.3: annotations must print (/F 4). */
        pw_buf_puts(&a, "<</Type/Annot/Subtype/Link/Rect[");
        num(&a, it->x);
        num(&a, ph - it->y - it->h);
        num(&a, it->x + it->w);
        pw_buf_num(&a, ph - it->y);
        pw_buf_puts(&a, "]/Border[0 0 0]/F 4/A<</S/URI/URI");
        pw_buf_pdfstr(&a, it->s, strlen(it->s));
        pw_buf_puts(&a, ">>>>");
        pw_out_obj(o, id, a.v, a.n);
        pw_buf_printf(annots, "%u 0 R ", id);
    }
    pw_buf_free(&a);
}

static void dump_page(pw_lay *L, const pw_box *bx)
{
    static const char *const kinds[] = {"", "text", "line", "rect", "image", "link"};
    FILE *f = L->em->dump;
    if (!f) return;
    for (size_t i = 0; i < bx->n; i++) {
        const pw_item *it = &bx->v[i];
        fprintf(f, "%zu\t%s\t%.2f\t%.2f\t%.2f\t%.2f\t%.2f\t%.3f\t", L->npages, kinds[it->kind],
                it->x, it->y, it->w, it->h, it->size, it->cspace);
        if (it->kind != PW_IT_LINE && it->s)
            fwrite(it->s, 1, it->kind == PW_IT_TEXT ? it->len : strlen(it->s), f);
        fputc('\n', f);
    }
}

#define MM 2.8346457f

/* "— N —" (GB/T 9704) or "第 N 页 共 M 页", centred 7 mm below the text. */
static int page_number(pw_lay *L)
{
    if (!L->o.page_numbers) return GD_OK;
    pw_pstyle st = {.size = L->o.size * 0.875f, .role = PW_ROLE_SONG, .align = PW_AL_CENTER};
    st.lh = st.size * 1.2f;
    float width = L->o.page_w - L->o.m_left - L->o.m_right;
    char text[64];
    if (L->o.page_numbers == 1)
        snprintf(text, sizeof text, "\xE2\x80\x94 %zu \xE2\x80\x94", L->npages);
    else
        snprintf(text, sizeof text, "第 %zu 页 共 %zu 页", L->npages, L->total_pages);
    pw_pline ln;
    int rc = pw_para_text_line(L, text, &st, width, &ln);
    if (!rc)
        rc = pw_box_append(L->arena, &L->page, &ln.b, L->o.m_left,
                           L->o.page_h - L->o.m_bottom + 7 * MM, 0, 0);
    return rc;
}

int pw_emit_page(pw_lay *L)
{
    pw_emit *em = L->em;
    if (!em) return GD_OK; /* counting pass */
    int rc = page_number(L);
    if (rc) return rc;
    const pw_box *bx = &L->page;
    float ph = L->o.page_h;
    pw_out *o = em->o;
    em->content.n = 0;
    draw_fills(&em->content, bx, ph);
    draw_images(L, bx, ph);
    draw_rules(&em->content, bx, ph);
    draw_texts(L, bx, ph);
    pw_fonts_page_done(L->fonts); /* read ahead while this page is written */
    if (em->content.oom) return gd_ctx_error(L->ctx, GD_ENOMEM, "out of memory writing a page");
    if (em->npages == em->pagecap) {
        size_t cap = em->pagecap ? em->pagecap * 2 : 64;
        uint32_t *v = realloc(em->page_ids, cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        em->page_ids = v;
        em->pagecap = cap;
    }
    if (em->npages % GROUP == 0) {
        uint32_t *g = realloc(em->groups, (em->ngroups + 1) * sizeof *g);
        if (!g) return GD_ENOMEM;
        em->groups = g;
        em->groups[em->ngroups++] = pw_out_reserve(o);
    }
    uint32_t page = pw_out_reserve(o), contents = pw_out_reserve(o);
    em->page_ids[em->npages++] = page;
    pw_out_stream(o, contents, NULL, em->content.v, em->content.n, PW_ZLEVEL);
    pw_buf pg = {0}, annots = {0};
    write_links(L, bx, ph, &annots);
    pw_buf_printf(&pg, "<</Type/Page/Parent %u 0 R/MediaBox[0 0 %g %g]",
                  em->groups[em->ngroups - 1], (double)L->o.page_w, (double)ph);
    pw_buf_printf(&pg, "/Resources %u 0 R/Contents %u 0 R", em->resources, contents);
    if (annots.n) {
        annots.n--; /* the trailing space */
        pw_buf_puts(&pg, "/Annots[");
        pw_buf_put(&pg, annots.v, annots.n);
        pw_buf_puts(&pg, "]");
    }
    pw_buf_puts(&pg, ">>");
    rc = pg.oom || annots.oom ? GD_ENOMEM : GD_OK;
    pw_out_obj(o, page, pg.v, pg.n);
    pw_buf_free(&pg);
    pw_buf_free(&annots);
    dump_page(L, bx);
    if (!rc && pw_out_error(o)) rc = pw_out_error(o);
    if (rc == GD_EIO) return gd_ctx_error(L->ctx, GD_EIO, "cannot write the PDF file");
    return rc;
}

int pw_emit_begin(pw_lay *L, gd_sink *out)
{
    pw_emit *em = calloc(1, sizeof *em);
    if (!em) return GD_ENOMEM;
    int rc = pw_out_new(&em->o, out, L->o.compress);
    if (rc) {
        free(em);
        return rc;
    }
    em->resources = pw_out_reserve(em->o);
    pw_hash_init(&em->id);
    char seed[64];
    int n = snprintf(seed, sizeof seed, "%lld:%d", L->o.epoch, (int)L->o.pdfa);
    pw_hash_update(&em->id, seed, (size_t)n);
    if (L->o.dump_path) {
        em->dump = fopen(L->o.dump_path, "w");
        if (!em->dump)
            pw_warn_once(L, "cannot write the layout dump");
        else
            fprintf(em->dump, "page\tkind\tx\ty\tw\th\tsize\tcspace\ttext\n");
    }
    L->em = em;
    return GD_OK;
}

/* ---- the end: outline, page tree, resources ---- */

static uint32_t write_outline(pw_lay *L)
{
    pw_emit *em = L->em;
    pw_out *o = em->o;
    size_t n = L->noutline;
    if (!L->o.outline || !n) return 0;
    /* The tree: each entry's parent is the nearest earlier entry of a
     * smaller level (levels 1–3). */
    int *parent = malloc(n * sizeof *parent), *first = malloc(n * sizeof *first),
        *last = malloc(n * sizeof *last), *prev = malloc(n * sizeof *prev),
        *next = malloc(n * sizeof *next), *count = calloc(n, sizeof *count);
    uint32_t *ids = malloc(n * sizeof *ids);
    uint32_t root = 0;
    if (!parent || !first || !last || !prev || !next || !count || !ids) goto done;
    int open[4] = {-1, -1, -1, -1}; /* latest entry at each level */
    int top_first = -1, top_last = -1;
    for (size_t i = 0; i < n; i++) {
        int lv = L->outline[i].level < 1 ? 1 : L->outline[i].level > 3 ? 3 : L->outline[i].level;
        int up = -1;
        for (int k = lv - 1; k >= 1 && up < 0; k--) up = open[k];
        parent[i] = up;
        first[i] = last[i] = next[i] = -1;
        int *pl = up >= 0 ? &last[up] : &top_last, *pf = up >= 0 ? &first[up] : &top_first;
        prev[i] = *pl;
        if (*pl >= 0) next[*pl] = (int)i;
        if (*pf < 0) *pf = (int)i;
        *pl = (int)i;
        open[lv] = (int)i;
        for (int k = lv + 1; k <= 3; k++) open[k] = -1;
        ids[i] = pw_out_reserve(o);
    }
    for (size_t i = n; i-- > 0;)
        if (parent[i] >= 0) count[parent[i]] += 1 + count[i];
    root = pw_out_reserve(o);
    int total = 0;
    for (int i = top_first; i >= 0; i = next[i]) total += 1 + count[i];
    pw_out_objf(o, root, "<</Type/Outlines/First %u 0 R/Last %u 0 R/Count %d>>", ids[top_first],
                ids[top_last], total);
    pw_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        const pw_outline_entry *e = &L->outline[i];
        b.n = 0;
        pw_buf_puts(&b, "<</Title");
        pw_buf_textstr(&b, e->title, strlen(e->title));
        pw_buf_printf(&b, "/Parent %u 0 R", parent[i] >= 0 ? ids[parent[i]] : root);
        if (prev[i] >= 0) pw_buf_printf(&b, "/Prev %u 0 R", ids[prev[i]]);
        if (next[i] >= 0) pw_buf_printf(&b, "/Next %u 0 R", ids[next[i]]);
        if (first[i] >= 0)
            pw_buf_printf(&b, "/First %u 0 R/Last %u 0 R/Count %d", ids[first[i]], ids[last[i]],
                          count[i]);
        size_t pg = e->page < 0 ? 0 : (size_t)e->page;
        if (pg >= em->npages) pg = em->npages ? em->npages - 1 : 0;
        pw_buf_printf(&b, "/Dest[%u 0 R/FitH ", em->page_ids[pg]);
        pw_buf_num(&b, L->o.page_h - e->y + 4);
        pw_buf_puts(&b, "]>>");
        pw_out_obj(o, ids[i], b.v, b.n);
    }
    pw_buf_free(&b);
done:
    free(parent);
    free(first);
    free(last);
    free(prev);
    free(next);
    free(count);
    free(ids);
    return root;
}

static uint32_t write_page_tree(pw_emit *em)
{
    pw_out *o = em->o;
    uint32_t root = em->ngroups == 1 ? em->groups[0] : pw_out_reserve(o);
    pw_buf b = {0};
    for (size_t g = 0; g < em->ngroups; g++) {
        size_t s = g * GROUP, e = s + GROUP < em->npages ? s + GROUP : em->npages;
        b.n = 0;
        pw_buf_puts(&b, "<</Type/Pages/Kids[");
        for (size_t i = s; i < e; i++)
            pw_buf_printf(&b, i > s ? " %u 0 R" : "%u 0 R", em->page_ids[i]);
        pw_buf_printf(&b, "]/Count %zu", e - s);
        if (em->ngroups > 1) pw_buf_printf(&b, "/Parent %u 0 R", root);
        pw_buf_puts(&b, ">>");
        pw_out_obj(o, em->groups[g], b.v, b.n);
    }
    if (em->ngroups > 1) {
        b.n = 0;
        pw_buf_puts(&b, "<</Type/Pages/Kids[");
        for (size_t g = 0; g < em->ngroups; g++)
            pw_buf_printf(&b, g ? " %u 0 R" : "%u 0 R", em->groups[g]);
        pw_buf_printf(&b, "]/Count %zu>>", em->npages);
        pw_out_obj(o, root, b.v, b.n);
    }
    if (b.oom) root = 0;
    pw_buf_free(&b);
    return root;
}

int pw_emit_end(pw_lay *L)
{
    pw_emit *em = L->em;
    pw_out *o = em->o;
    int rc = GD_OK;
    if (!em->npages) return gd_ctx_error(L->ctx, GD_ERROR, "no page to write");
    /* Resources shared by every page. */
    pw_buf b = {0};
    pw_buf_puts(&b, "<</ProcSet[/PDF/Text/ImageB/ImageC]/Font<<");
    for (int s = 0; s < L->fonts->nslots; s++)
        if (em->font_used[s]) pw_buf_printf(&b, "/F%d %u 0 R", s, pw_fonts_obj(L->fonts, s, o));
    pw_buf_puts(&b, ">>");
    bool any = false;
    for (size_t i = 0; i < em->nimgs; i++)
        if (em->imgs[i].obj) {
            pw_buf_printf(&b, "%s/Im%zu %u 0 R", any ? "" : "/XObject<<", i, em->imgs[i].obj);
            any = true;
        }
    if (any) pw_buf_puts(&b, ">>");
    pw_buf_puts(&b, ">>");
    pw_out_obj(o, em->resources, b.v, b.n);
    rc = pw_fonts_write(L->fonts, o, L->o.pdfa);
    uint32_t outline = rc ? 0 : write_outline(L);
    uint32_t pages = rc ? 0 : write_page_tree(em);
    pw_meta_ids meta = {0};
    if (!rc) rc = pw_meta_write(L, o, &meta);
    uint8_t id[16];
    pw_hash_final(&em->id, id);
    if (!rc) {
        uint32_t catalog = pw_out_reserve(o);
        b.n = 0;
        pw_buf_printf(&b, "<</Type/Catalog/Pages %u 0 R", pages);
        if (outline) pw_buf_printf(&b, "/Outlines %u 0 R/PageMode/UseOutlines", outline);
        if (meta.metadata) pw_buf_printf(&b, "/Metadata %u 0 R", meta.metadata);
        if (meta.intents) pw_buf_printf(&b, "/OutputIntents %u 0 R", meta.intents);
        pw_buf_puts(&b, ">>");
        pw_out_obj(o, catalog, b.v, b.n);
        pw_out_finish(o, catalog, meta.info, id);
    }
    if (!rc && b.oom) rc = GD_ENOMEM;
    pw_buf_free(&b);
    if (rc) return rc == GD_ENOMEM ? gd_ctx_error(L->ctx, rc, "out of memory writing the PDF") : rc;
    rc = pw_out_error(o);
    if (rc == GD_ENOMEM) return gd_ctx_error(L->ctx, rc, "out of memory writing the PDF");
    if (rc) return gd_ctx_error(L->ctx, rc, "cannot write the PDF file");
    return GD_OK;
}

void pw_emit_free(pw_lay *L)
{
    pw_emit *em = L->em;
    if (!em) return;
    if (em->dump) fclose(em->dump);
    for (size_t i = 0; i < em->nimgs; i++) free(em->imgs[i].id);
    free(em->imgs);
    free(em->page_ids);
    free(em->groups);
    pw_buf_free(&em->content);
    pw_out_free(em->o);
    free(em);
    L->em = NULL;
}
