/* The PDF reader (plugin `pdfin`, format `pdf`): text in reading order,
 * paragraphs, headings and the title, and tables rebuilt from their
 * rulings, from PDFs with a text layer. Built on MuPDF (AGPL-3.0-or-later),
 * which is why this plugin carries that licence while the core is MIT.
 * The stages are listed in pdfin.h. */
#include "pdfin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int pdfin_probe(const gd_probe_input *in)
{
    /* "%PDF-" at the start, or (as readers tolerate) within the first KiB */
    if (in->head_len >= 5 && memcmp(in->head, "%PDF-", 5) == 0) return GD_PROBE_MAXIMUM;
    size_t n = in->head_len < 1024 ? in->head_len : 1024;
    for (size_t i = 0; i + 5 <= n; i++)
        if (memcmp(in->head + i, "%PDF-", 5) == 0) return GD_PROBE_LIKELY;
    return GD_PROBE_NONE;
}

static void free_pages(pi_pagebox *pb, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        pi_lines_free(&pb[i].lines);
        pi_tables_free(&pb[i].tables);
        free(pb[i].img);
        free(pb[i].order);
        free(pb[i].regions);
    }
    free(pb);
}

/* GD_PDFIN_DUMP=1: the analysed lines on stderr (development aid). */
static void dump(const pi_pagebox *pb, size_t n)
{
    for (size_t p = 0; p < n; p++) {
        const pi_pagebox *pg = &pb[p];
        fprintf(stderr, "page %d %.0fx%.0f\n", pg->no, pg->w, pg->h);
        for (size_t r = 0; r < pg->nregions; r++)
            fprintf(stderr, "  region %zu: %.1f..%.1f\n", r, pg->regions[r].x0, pg->regions[r].x1);
        for (size_t i = 0; i < pg->norder; i++) {
            const pi_item *it = &pg->order[i];
            if (it->kind == PI_ITEM_LINE) {
                const pi_line *l = &pg->lines.v[it->idx];
                fprintf(stderr, "  r%d g%d x%.1f-%.1f base %.1f size %.1f%s |%.*s|\n", it->region,
                        it->row, l->x0, l->x1, l->base, l->size, l->bold ? " bold" : "",
                        (int)(l->len > 60 ? 60 : l->len), l->s);
            } else if (it->kind == PI_ITEM_TABLE) {
                const pi_table *t = &pg->tables.v[it->idx];
                fprintf(stderr, "  r%d table %dx%d at %.1f,%.1f-%.1f,%.1f\n", it->region, t->rows,
                        t->cols, t->x0, t->y0, t->x1, t->y1);
            }
        }
    }
}

static void set_info(pi_source *src, gd_doc *doc)
{
    char buf[1024];
    static const char *const keys[][2] = {{"info:Author", "author"},
                                          {"info:Subject", "subject"},
                                          {"info:Keywords", "keywords"},
                                          {"info:Creator", "creator"},
                                          {"info:Producer", "producer"}};
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *v = pi_info(src, keys[i][0], buf, sizeof buf);
        if (v && *v) gd_doc_meta_set(doc, keys[i][1], v);
    }
    if (!gd_doc_meta_get(doc, "title")) {
        const char *v = pi_info(src, "info:Title", buf, sizeof buf);
        if (v && *v) gd_doc_meta_set(doc, "title", v);
    }
}

static int pdfin_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    pi_opts o;
    double mp = gd_ctx_option_number(ctx, "max-pages");
    o.max_pages = mp >= 1 && mp <= 1000000 ? (int)mp : PI_MAX_PAGES_DEFAULT;
    o.images = gd_ctx_option_bool(ctx, "images") > 0;
    pi_source *src;
    int rc = pi_open(&src, ctx, data, len, &o);
    if (rc) return rc;
    int n = pi_page_count(src);
    pi_pagebox *pb = calloc((size_t)n, sizeof *pb);
    pi_fonts fonts = {0};
    pi_blocks blocks = {0};
    if (!pb) {
        pi_close(src);
        return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    }
    size_t glyphs = 0, images = 0, textless = 0, first_textless = 0;
    for (int i = 0; i < n && rc == GD_OK; i++) {
        pi_page p;
        rc = pi_collect_page(src, ctx, doc, i, &p, &fonts);
        if (rc) break;
        glyphs += p.ng;
        images += p.images_seen;
        if (!p.ng && p.images_seen && !textless++) first_textless = (size_t)i + 1;
        if (glyphs > PI_MAX_GLYPHS_DOC) {
            pi_page_free(&p);
            rc = gd_ctx_error(ctx, GD_ELIMIT, "more than %d characters in the document",
                              PI_MAX_GLYPHS_DOC);
            break;
        }
        pb[i].no = p.no;
        pb[i].w = p.w;
        pb[i].h = p.h;
        rc = pi_tables_find(&p, &pb[i].tables);
        if (rc == GD_OK) rc = pi_lines_build(p.g, p.ng, true, -1, &pb[i].lines);
        pb[i].img = p.img;
        pb[i].nimg = p.nimg;
        p.img = NULL;
        pi_page_free(&p);
    }
    if (rc == GD_OK && glyphs == 0 && pi_warnings(src))
        rc = gd_ctx_error(ctx, GD_EFORMAT,
                          "damaged PDF (truncated or corrupt): no text could be read");
    if (rc == GD_OK && glyphs == 0)
        rc = gd_ctx_error(ctx, GD_ENOTSUPPORTED,
                          images ? "no text layer — scanned document (the pages are images; "
                                   "run OCR first)"
                                 : "no text layer — the pages draw no text");
    if (rc == GD_OK && textless)
        gd_ctx_warn(ctx,
                    "%zu of %d pages have no text layer (scanned images), the first is page %zu",
                    textless, n, first_textless);
    if (rc == GD_OK) {
        pi_furniture_mark(pb, (size_t)n);
        float body = pi_body_size(pb, (size_t)n);
        for (int i = 0; i < n && rc == GD_OK; i++) rc = pi_order_page(&pb[i], body);
        if (rc == GD_OK && getenv("GD_PDFIN_DUMP")) dump(pb, (size_t)n);
        if (rc == GD_OK) rc = pi_paras_build(pb, (size_t)n, body, &blocks);
        if (rc == GD_OK) rc = pi_tables_join(&blocks);
        if (rc == GD_OK) rc = pi_emit(ctx, doc, &blocks, &fonts);
        if (rc == GD_OK) set_info(src, doc);
    }
    pi_blocks_free(&blocks);
    free_pages(pb, (size_t)n);
    pi_fonts_free(&fonts);
    pi_close(src);
    if (rc == GD_ENOMEM) return gd_ctx_error(ctx, rc, "out of memory");
    return rc;
}

static const gd_option_desc pdfin_options[] = {
    {"images", GD_OPT_BOOL, "false", NULL, "extract images as resources (slower)"},
    {"max-pages", GD_OPT_INT, "2000", NULL, "refuse PDFs with more pages than this"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const pdfin_ext[] = {"pdf", NULL};
static const char *const pdfin_mime[] = {"application/pdf", NULL};

static const gd_format_handler pdfin_reader = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "pdf",
    .description = "PDF with a text layer: reading order, headings, ruled tables (MuPDF)",
    .extensions = pdfin_ext,
    .mime_types = pdfin_mime,
    .options = pdfin_options,
    .probe = pdfin_probe,
    .read = pdfin_read,
    /* pdfin_probe scores 0 without "%PDF-" in the first KiB */
    .signatures = (const gd_signature[]){{"%PDF-", 5, 0, 1024}, {NULL, 0, 0, 0}},
    /* MuPDF parses a format with a steady stream of CVEs, from files of any
     * origin: the read runs in the core's sandbox (fork, rlimits, seccomp). */
    .flags = GD_HANDLER_SANDBOX,
};

static const gd_format_handler *const handlers[] = {&pdfin_reader, NULL};

GD_PLUGIN_DEFINE("pdfin", "1.0.0", "PDF reader (MuPDF)", "AGPL-3.0-or-later", handlers)
