/* The docx plugin: descriptor, options, and the reading sequence
 * (container → relationships → styles, numbering, notes, metadata → body). */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

static int load_soft(docx *dx, const char *type, const char *what,
                     int (*load)(docx *dx, const char *part))
{
    const dx_rel *r = dx_rels_first_of_type(&dx->main_rels, type);
    if (!r || !dx_part_exists(dx, r->target)) return GD_OK;
    dx_soft_begin(dx);
    load(dx, r->target);
    return dx_soft_end(dx, what);
}

static int load_footnotes(docx *dx, const char *part)
{
    return dx_notes_load(dx, part, &dx->footnotes);
}

static int load_endnotes(docx *dx, const char *part)
{
    return dx_notes_load(dx, part, &dx->endnotes);
}

static int load_comments(docx *dx, const char *part)
{
    return dx_notes_load(dx, part, &dx->comments);
}

/* Headers or footers, each part once, as DIV class=header|footer. */
static int read_marginals(docx *dx, const char *type)
{
    for (size_t i = 0; i < dx->main_rels.n && !dx->rc; i++) {
        const dx_rel *r = &dx->main_rels.v[i];
        if (r->external || strcmp(r->type, type) || !dx_part_exists(dx, r->target)) continue;
        dx_rels rels;
        if (dx_rels_load(dx, r->target, &rels)) break;
        gd_node *div;
        int rc = gd_builder_open(dx->b, GD_NODE_DIV, &div);
        if (!rc && div) rc = gd_node_set_attr(div, "class", type);
        if (!rc) rc = dx_body_read_part(dx, r->target, &rels);
        if (!rc) rc = gd_builder_close(dx->b, GD_NODE_DIV);
        if (rc && !dx->rc) dx->rc = rc;
        dx_rels_free(&rels);
    }
    return dx->rc;
}

static void read_options(docx *dx)
{
    const char *t = gd_ctx_option(dx->ctx, "track-changes");
    dx->track = t && !strcmp(t, "reject") ? DX_TRACK_REJECT
                : t && !strcmp(t, "all")  ? DX_TRACK_ALL
                                          : DX_TRACK_ACCEPT;
    const char *h = gd_ctx_option(dx->ctx, "headers");
    dx->headers = h && !strcmp(h, "keep");
    dx->title_heuristic = gd_ctx_option_bool(dx->ctx, "detect-title");
    const char *n = gd_ctx_option(dx->ctx, "numbering");
    dx->numbering_text = n && !strcmp(n, "text");
    const char *c = gd_ctx_option(dx->ctx, "comments");
    dx->comments_keep = c && !strcmp(c, "keep");
}

static void cleanup(docx *dx)
{
    dx_rels_free(&dx->main_rels);
    dx_styles_free(&dx->styles);
    dx_numbering_free(dx->numbering);
    dx_notes_free(&dx->footnotes);
    dx_notes_free(&dx->endnotes);
    dx_notes_free(&dx->comments);
    dx_media_free(dx);
    for (size_t i = 0; i < dx->nfonts; i++) free(dx->fonts[i]);
    free(dx->fonts);
    free(dx->main_part);
    free(dx->core_part);
    free(dx->title_text);
    dx_opc_close(dx);
}

static int docx_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    docx *dx = calloc(1, sizeof *dx);
    if (!dx) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    dx->ctx = ctx;
    dx->doc = doc;
    read_options(dx);
    int rc = dx_opc_open(dx, data, len);
    if (!rc) rc = dx_find_main(dx);
    if (!rc) {
        /* broken relationships lose images, links and parts, not the text */
        dx_soft_begin(dx);
        dx_rels_load(dx, dx->main_part, &dx->main_rels);
        rc = dx_soft_end(dx, "document relationships");
    }
    if (!rc) rc = load_soft(dx, "theme", "theme", dx_theme_load);
    if (!rc) rc = load_soft(dx, "styles", "styles", dx_styles_load);
    if (!rc) rc = load_soft(dx, "numbering", "numbering", dx_numbering_load);
    if (!rc) rc = load_soft(dx, "footnotes", "footnotes", load_footnotes);
    if (!rc) rc = load_soft(dx, "endnotes", "endnotes", load_endnotes);
    if (!rc && dx->comments_keep) rc = load_soft(dx, "comments", "comments", load_comments);
    if (!rc) rc = dx_meta_load(dx);
    if (!rc) {
        rc = gd_builder_new(&dx->b, ctx, doc);
        if (rc) rc = dx_fail(dx, rc, "out of memory");
    }
    if (!rc && dx->headers) rc = read_marginals(dx, "header");
    if (!rc) rc = dx_body_read_part(dx, dx->main_part, &dx->main_rels);
    if (!rc && dx->headers) rc = read_marginals(dx, "footer");
    if (!rc) {
        rc = gd_builder_finish(dx->b);
        if (rc && !dx->rc) dx->rc = rc;
    }
    if (!rc && !gd_doc_meta_get(doc, "title") && dx->title_text)
        gd_doc_meta_set(doc, "title", dx->title_text);
    rc = rc ? rc : dx->rc;
    cleanup(dx);
    free(dx);
    return rc;
}

static const gd_option_desc docx_options[] = {
    {"track-changes", GD_OPT_ENUM, "accept", "accept|reject|all",
     "tracked changes: accept (insertions kept, deletions dropped), reject, or all (both; "
     "insertions underlined, deletions struck out)"},
    {"headers", GD_OPT_ENUM, "drop", "drop|keep",
     "page headers and footers: drop, or keep as blocks (class header/footer) around the body"},
    {"detect-title", GD_OPT_BOOL, "true", NULL,
     "take a document's leading centred bold or large lines as its title"},
    {"comments", GD_OPT_ENUM, "drop", "drop|keep",
     "comments: drop, or keep as notes (kind comment, with the author) where they are anchored"},
    {"numbering", GD_OPT_ENUM, "auto", "auto|text",
     "auto: bullets and plain 1. 2. as lists, other numbers (一、 （一） 1.1) as text; "
     "text: every number as text"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const docx_ext[] = {"docx", "docm", "dotx", "dotm", NULL};
static const char *const docx_mime[] = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-word.document.macroEnabled.12", NULL};

static const gd_format_handler docx_reader = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "docx",
    .description = "Word and WPS documents (.docx, Office Open XML)",
    .extensions = docx_ext,
    .mime_types = docx_mime,
    .options = docx_options,
    .probe = dx_probe,
    .read = docx_read,
    /* dx_probe scores 0 without one of these (the core then need not load
     * this plugin): a ZIP, or an OLE2 file (an encrypted .docx) */
    .signatures = (const gd_signature[]){{"PK\x03\x04", 4, 0, 0},
                                         {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, 0, 0},
                                         {NULL, 0, 0, 0}},
};

static const gd_format_handler *const handlers[] = {&docx_reader, NULL};

GD_PLUGIN_DEFINE("docx", "1.0.0", "DOCX reader (expat, libdeflate)", "MIT", handlers)
