/* PDF writer entry: options, the layout of the document the core hands
 * over (gd_ctx_document: a recognised report's standard layout, unless
 * --layout source) onto GB/T 9704 pages, page numbers, and the hand-over
 * to the emitter. */
#define _GNU_SOURCE
#include "pdf.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MM 2.8346457f /* points per millimetre */

void pw_warn_once(pw_lay *L, const char *msg)
{
    for (size_t i = 0; i < L->nwarned; i++)
        if (strcmp(L->warned[i], msg) == 0) return;
    if (pw_grow(L->keep, (void **)&L->warned, &L->warncap, L->nwarned + 1, sizeof *L->warned) ==
        GD_OK)
        L->warned[L->nwarned++] = pw_strndup(L->keep, msg, strlen(msg));
    gd_ctx_warn(L->ctx, "%s", msg);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The field keys of the report's failed checks, sorted: the cells to shade. */
static int failed_keys(pw_lay *L)
{
    const gd_report *r = gd_doc_report(L->doc);
    size_t nc = r && L->o.checks ? gd_report_check_count(r) : 0;
    for (size_t i = 0; i < nc; i++) {
        if (gd_report_check_ok(r, i)) continue;
        size_t nk = gd_report_check_field_count(r, i);
        for (size_t k = 0; k < nk; k++) {
            const char *key = gd_report_check_field(r, i, k);
            if (!key) continue;
            if (pw_grow(L->arena, (void **)&L->failed, &L->failedcap, L->nfailed + 1,
                        sizeof *L->failed))
                return GD_ENOMEM;
            L->failed[L->nfailed++] = key;
        }
    }
    if (L->nfailed) qsort(L->failed, L->nfailed, sizeof *L->failed, cmp_key);
    return GD_OK;
}

bool pw_cell_failed(const pw_lay *L, const gd_node *cell)
{
    const char *key = L->nfailed ? gd_node_attr(cell, "field") : NULL;
    return key && bsearch(&key, L->failed, L->nfailed, sizeof *L->failed, cmp_key);
}

static const struct {
    const char *name;
    float w, h; /* mm */
} page_sizes[] = {{"a4", 210, 297}, {"a3", 297, 420},           {"a5", 148, 210},
                  {"b5", 176, 250}, {"letter", 215.9f, 279.4f}, {"legal", 215.9f, 355.6f}};

/* "2024-01-31", "2024-01-31T08:30:00Z" or seconds since 1970. */
static int parse_date(const char *s, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (*s && !*end && !errno) {
        *out = v;
        return 0;
    }
    struct tm tm = {0};
    int n = sscanf(s, "%d-%d-%dT%d:%d:%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                   &tm.tm_min, &tm.tm_sec);
    if (n != 3 && n != 6) return -1;
    if (tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31) return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    *out = (long long)timegm(&tm);
    return 0;
}

static int read_options(gd_ctx *ctx, pw_opts *o)
{
    const char *ps = gd_ctx_option(ctx, "page-size");
    float w = 210, h = 297;
    for (size_t i = 0; ps && i < sizeof page_sizes / sizeof *page_sizes; i++)
        if (strcmp(ps, page_sizes[i].name) == 0) {
            w = page_sizes[i].w;
            h = page_sizes[i].h;
        }
    if (gd_ctx_option_bool(ctx, "landscape")) {
        float t = w;
        w = h;
        h = t;
    }
    o->page_w = w * MM;
    o->page_h = h * MM;
    float m[4] = {37, 35, 28, 26};
    const char *ms = gd_ctx_option(ctx, "margins");
    if (ms && *ms) {
        int n = sscanf(ms, "%f,%f,%f,%f", &m[0], &m[1], &m[2], &m[3]);
        if (n == 1)
            m[1] = m[2] = m[3] = m[0];
        else if (n != 4)
            return gd_ctx_error(ctx, GD_EUSER,
                                "option margins: expected TOP,BOTTOM,LEFT,RIGHT in mm, not '%s'",
                                ms);
    }
    for (int i = 0; i < 4; i++)
        if (!(m[i] >= 0 && m[i] <= 100)) /* nan too */
            return gd_ctx_error(ctx, GD_EUSER, "option margins: out of range");
    o->m_top = m[0] * MM;
    o->m_bottom = m[1] * MM;
    o->m_left = m[2] * MM;
    o->m_right = m[3] * MM;
    if (o->page_w - o->m_left - o->m_right < 72 || o->page_h - o->m_top - o->m_bottom < 144)
        return gd_ctx_error(ctx, GD_EUSER, "the margins leave no room for text");
    o->size = (float)gd_ctx_option_number(ctx, "font-size");
    o->table_size = (float)gd_ctx_option_number(ctx, "table-font-size");
    o->line_height = (float)gd_ctx_option_number(ctx, "line-height");
    if (!(o->size >= 4 && o->size <= 72) || !(o->table_size >= 4 && o->table_size <= 72))
        return gd_ctx_error(ctx, GD_EUSER, "font sizes must lie between 4 and 72 points");
    if (!(o->line_height >= 1 && o->line_height <= 4))
        return gd_ctx_error(ctx, GD_EUSER, "line-height must lie between 1 and 4");
    o->table_line_height = 1.3f;
    const char *pn = gd_ctx_option(ctx, "page-numbers");
    o->page_numbers = !pn || strcmp(pn, "dash") == 0 ? 1 : strcmp(pn, "total") == 0 ? 2 : 0;
    o->pdfa = strcmp(gd_ctx_option(ctx, "pdfa"), "1b") == 0;
    o->outline = gd_ctx_option_bool(ctx, "outline");
    o->compress = gd_ctx_option_bool(ctx, "compress");
    o->checks = gd_ctx_option_bool(ctx, "checks");
    const char *dp = gd_ctx_option(ctx, "layout-dump");
    o->dump_path = dp && *dp ? dp : NULL;
    const char *date = gd_ctx_option(ctx, "date");
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (date && *date) {
        if (parse_date(date, &o->epoch))
            return gd_ctx_error(ctx, GD_EUSER,
                                "option date: expected YYYY-MM-DD[Thh:mm:ss] or seconds, not '%s'",
                                date);
    } else if (sde && *sde && !parse_date(sde, &o->epoch)) {
        /* reproducible builds */
    } else {
        o->epoch = (long long)time(NULL);
    }
    return GD_OK;
}

/* Footnotes and endnotes, numbered where they were referenced, follow the
 * text under a short rule. */
static int notes(pw_flow *f)
{
    pw_lay *L = f->L;
    if (!L->nnotes) return GD_OK;
    pw_item rule = {.kind = PW_IT_LINE,
                    .x = f->x0,
                    .y = f->y + L->o.size * 0.5f,
                    .w = f->width / 4,
                    .lw = 0.6f};
    f->y += L->o.size;
    int rc = pw_box_add(L->arena, pw_flow_target(f), &rule);
    /* Notes may reference notes: the list grows while we go. */
    for (size_t i = 0; !rc && i < L->nnotes; i++) {
        pw_pstyle st = {.size = L->o.size, .role = PW_ROLE_FANGSONG, .align = PW_AL_LEFT};
        st.lh = st.size * L->o.line_height;
        char mark[16];
        snprintf(mark, sizeof mark, "%d.", L->notes[i].number);
        rc = pw_para_text_line(L, mark, &st, st.size * 2, &f->marker);
        if (rc) break;
        f->has_marker = true;
        f->marker_x = f->x0;
        f->x0 += st.size * 2;
        f->width -= st.size * 2;
        f->list_depth++;
        rc = pw_flow_blocks(f, L->notes[i].node, 1);
        f->list_depth--;
        f->x0 -= st.size * 2;
        f->width += st.size * 2;
        f->has_marker = false;
    }
    return rc;
}

static int title_is_h1(const gd_node *root)
{
    for (const gd_node *n = gd_node_first_child(root); n; n = gd_node_next(n))
        if (gd_node_get_type(n) == GD_NODE_HEADING && gd_node_level(n) == 1) {
            const char *r = gd_node_attr(n, "role");
            return r && strcmp(r, "title") == 0;
        }
    return 0;
}

/* One pass of layout over the document; with L->em set, each page is
 * written as soon as it is complete. */
static int lay_out(pw_lay *L, const gd_node *root)
{
    pw_flow f = {.L = L,
                 .paged = true,
                 .x0 = L->o.m_left,
                 .width = L->o.page_w - L->o.m_left - L->o.m_right,
                 .top = L->o.m_top,
                 .bottom = L->o.page_h - L->o.m_bottom};
    L->npages = 0;
    L->noutline = 0;
    L->nnotes = 0;
    int rc = pw_flow_new_page(&f);
    if (!rc && root) rc = pw_flow_blocks(&f, root, 0);
    if (!rc) rc = notes(&f);
    if (!rc) rc = pw_emit_page(L); /* the last page */
    pw_arena_release(&L->page_arena);
    memset(&L->page, 0, sizeof L->page);
    return rc;
}

/* Options do not matter: -O pdf.font and heading-font are opened with
 * the document, the default faces here. */
static void pdf_prepare(gd_ctx *ctx)
{
    (void)ctx;
    pw_fonts_prepare();
}

static int pdf_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    pw_arena arena = {0}, keep = {0};
    pw_lay L = {.ctx = ctx, .doc = doc, .arena = &arena, .keep = &keep};
    int rc = read_options(ctx, &L.o);
    if (rc) return rc;
    rc = pw_fonts_open(&L.fonts, ctx, gd_ctx_option(ctx, "font"),
                       gd_ctx_option(ctx, "heading-font"));
    if (rc) return rc;
    const gd_node *root = gd_ctx_document(ctx);
    if (!root) root = gd_doc_root(doc);
    if (failed_keys(&L)) {
        pw_fonts_close(L.fonts);
        pw_arena_release(&arena);
        return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    }
    L.heading_base = title_is_h1(root);
    pw_fonts_read_ahead(L.fonts, root);
    /* "第 N 页 共 M 页" needs M on page 1: a first pass counts the pages
     * (layout is a small part of the time; nothing is written). */
    if (L.o.page_numbers == 2) {
        rc = lay_out(&L, root);
        L.total_pages = L.npages;
        pw_arena_release(&arena);
    }
    if (!rc) rc = pw_emit_begin(&L, out);
    if (!rc) rc = lay_out(&L, root);
    if (!rc) rc = pw_emit_end(&L);
    if (rc == GD_ENOMEM) rc = gd_ctx_error(ctx, GD_ENOMEM, "out of memory while laying out pages");
    pw_emit_free(&L);
    pw_fonts_close(L.fonts);
    pw_arena_release(&L.page_arena);
    pw_arena_release(&arena);
    pw_arena_release(&keep);
    return rc;
}

static const gd_option_desc pdf_options[] = {
    {"layout", GD_OPT_ENUM, NULL, "standard|source", "deprecated: use --layout (govdoc convert)"},
    {"checks", GD_OPT_BOOL, "true", NULL,
     "shade table cells whose consistency check failed (false for the copy to publish or archive)"},
    {"page-size", GD_OPT_ENUM, "a4", "a4|a3|a5|b5|letter|legal", "paper size"},
    {"landscape", GD_OPT_BOOL, "false", NULL, "turn the page"},
    {"margins", GD_OPT_STRING, "37,35,28,26", NULL,
     "TOP,BOTTOM,LEFT,RIGHT in mm (GB/T 9704: 37,35,28,26)"},
    {"font-size", GD_OPT_NUMBER, "16", NULL, "body text size in points (16 = 三号)"},
    {"table-font-size", GD_OPT_NUMBER, "10.5", NULL, "table text size in points (10.5 = 五号)"},
    {"line-height", GD_OPT_NUMBER, "1.8", NULL, "line pitch as a multiple of the font size"},
    {"font", GD_OPT_PATH, NULL, NULL,
     "font file (TrueType or OpenType, .ttf/.otf/.ttc; a bare file name is looked up among the "
     "installed fonts) for body text and tables"},
    {"heading-font", GD_OPT_PATH, NULL, NULL, "font file for headings (as font)"},
    {"page-numbers", GD_OPT_ENUM, "dash", "dash|total|none",
     "footer: dash = — N —, total = 第 N 页 共 M 页, none"},
    {"outline", GD_OPT_BOOL, "true", NULL, "bookmarks for the title and headings"},
    {"pdfa", GD_OPT_ENUM, "none", "none|1b", "1b: PDF/A-1b (XMP, sRGB output intent)"},
    {"date", GD_OPT_STRING, NULL, NULL,
     "creation date YYYY-MM-DD[Thh:mm:ss] (UTC) or epoch seconds; default SOURCE_DATE_EPOCH, "
     "else now"},
    {"compress", GD_OPT_BOOL, "true", NULL, "compress streams (false: readable, for debugging)"},
    {"layout-dump", GD_OPT_PATH, NULL, NULL, "debug: write every positioned item to this TSV file"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const pdf_ext[] = {"pdf", NULL};
static const char *const pdf_mime[] = {"application/pdf", NULL};

static const gd_format_handler pdf_writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "pdf",
    .description = "PDF (GB/T 9704 layout, embedded subset CJK fonts, optional PDF/A-1b)",
    .extensions = pdf_ext,
    .mime_types = pdf_mime,
    .flags = GD_HANDLER_BINARY,
    .options = pdf_options,
    .write = pdf_write,
    .prepare = pdf_prepare,
};

static const gd_format_handler *const handlers[] = {&pdf_writer, NULL};

GD_PLUGIN_DEFINE("pdf", "1.1.0",
                 "PDF writer (own PDF objects and font subsets, libdeflate, libunibreak)", "MIT",
                 handlers)
