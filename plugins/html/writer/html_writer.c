/* The standard-format HTML writer: it draws the tree the core hands over
 * (gd_ctx_document) — for a recognised report the standard layout, the
 * template's headings and tables whatever shape the input had; any other
 * document as clean, safe HTML5. README.md, "HTML writer", documents it. */
#include "hw.h"

#include <stdlib.h>
#include <string.h>

static int html_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    hw w;
    memset(&w, 0, sizeof w);
    w.ctx = ctx;
    w.doc = doc;
    w.out = out;

    /* The core decides what is drawn (--layout): a recognised report's
     * standard layout, or the document as read. */
    const gd_report *r = gd_doc_report(doc);
    w.root = gd_ctx_document(ctx);
    if (!w.root) w.root = gd_doc_root(doc);
    w.standard = r && w.root == gd_report_canonical(r);
    if (!w.root) return gd_ctx_error(ctx, GD_EUSER, "the document has no content tree");

    w.mark_checks = gd_ctx_option_bool(ctx, "checks");
    w.unsafe_urls = gd_ctx_option_bool(ctx, "allow-unsafe-urls");
    const char *images = gd_ctx_option(ctx, "images");
    w.images = images && strcmp(images, "files") == 0 ? HW_IMAGES_FILES : HW_IMAGES_EMBED;

    int rc = hw_images_setup(&w);
    if (rc == GD_OK) rc = hw_checks_scan(&w);
    if (rc != GD_OK) {
        hw_fail(&w, rc);
    } else {
        hw_shell_open(&w);
        hw_render(&w, w.root);
        hw_checks_report_list(&w);
        hw_notes_section(&w);
        hw_shell_close(&w);
    }
    if (w.dropped_links)
        gd_ctx_warn(ctx,
                    "%u unsafe link target(s) dropped, link text kept (allow with "
                    "-O html.allow-unsafe-urls=true)",
                    w.dropped_links);
    if (w.dropped_images)
        gd_ctx_warn(ctx,
                    "%u unsafe image source(s) dropped, alt text kept (allow with "
                    "-O html.allow-unsafe-urls=true)",
                    w.dropped_images);
    hw_checks_free(&w);
    hw_notes_free(&w);
    hw_images_free(&w);
    /* The first error is the one reported; an earlier gd_ctx_error keeps
     * its own message. */
    if (w.error) return gd_ctx_error(ctx, w.error, "out of memory while writing HTML");
    return GD_OK;
}

static const gd_option_desc html_options[] = {
    {"layout", GD_OPT_ENUM, NULL, "standard|source", "deprecated: use --layout (govdoc convert)"},
    {"checks", GD_OPT_BOOL, "true", NULL,
     "mark cells whose consistency check failed and list why (false for publishing)"},
    {"images", GD_OPT_ENUM, "embed", "embed|files",
     "embed: images as data: URIs; files: side files in <output>_files/"},
    {"stylesheet", GD_OPT_ENUM, "embed", "embed|none",
     "embed the standard stylesheet in <head>, or none"},
    {"css", GD_OPT_STRING, NULL, NULL, "URL of an extra stylesheet to link after the embedded one"},
    {"standalone", GD_OPT_BOOL, "true", NULL,
     "a complete page (false: a <div> fragment for a site's own template)"},
    {"allow-unsafe-urls", GD_OPT_BOOL, "false", NULL,
     "keep javascript:, vbscript:, data: (non-image) and other unsafe link targets"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const html_ext[] = {"html", "htm", NULL};
static const char *const html_mime[] = {"text/html", NULL};

const gd_format_handler gd_html_writer_handler = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "html",
    .description = "HTML5: reports in the national standard format, other documents as is",
    .extensions = html_ext,
    .mime_types = html_mime,
    .options = html_options,
    .write = html_write,
};
