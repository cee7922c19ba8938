/* Example plugin: a writer that reports what a document contains.
 * It shows the whole plugin contract: a handler with an option, iteration
 * over the IR through the host table, output through the sink. */
#include <govdoc/gd_plugin.h>

#include <string.h>

static int stats_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    size_t count[64] = {0}, chars = 0;
    gd_iter *it;
    if (gd_iter_new(&it, gd_doc_root(doc)) != GD_OK)
        return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    gd_event ev;
    while ((ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        if (ev != GD_EVENT_ENTER) continue;
        const gd_node *n = gd_iter_node(it);
        gd_node_type t = gd_node_get_type(n);
        if ((unsigned)t < 64) count[t]++;
        size_t len = 0;
        const char *s = gd_node_text(n, &len);
        for (size_t i = 0; s && i < len; i++) chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    }
    gd_iter_free(it);
    const char *sep = gd_ctx_option(ctx, "separator");
    gd_sink_printf(out, "headings%s%zu\nparagraphs%s%zu\ntables%s%zu\ncharacters%s%zu\n", sep,
                   count[GD_NODE_HEADING], sep, count[GD_NODE_PARAGRAPH], sep, count[GD_NODE_TABLE],
                   sep, chars);
    const gd_report *r = gd_doc_report(doc);
    if (r) gd_sink_printf(out, "report%s%s\n", sep, gd_report_template_id(r));
    return GD_OK;
}

static const gd_option_desc options[] = {
    {"separator", GD_OPT_STRING, "\t", NULL, "between a name and its count"},
    {NULL, 0, NULL, NULL, NULL},
};
static const char *const extensions[] = {"stats", NULL};
static const gd_format_handler writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "stats",
    .description = "counts of headings, paragraphs, tables and characters",
    .extensions = extensions,
    .options = options,
    .write = stats_write,
};
static const gd_format_handler *const handlers[] = {&writer, NULL};

GD_PLUGIN_DEFINE("stats", "1.0.0", "example: document statistics", "MIT", handlers)
