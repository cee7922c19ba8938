/* HTML writer — placeholder until the writer lands (issue 6). */
#include <govdoc/gd_plugin.h>

static int html_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    (void)doc, (void)out;
    return gd_ctx_error(ctx, GD_ENOTSUPPORTED, "the HTML writer is not implemented yet");
}

const gd_format_handler gd_html_writer_handler = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "html",
    .description = "HTML (placeholder)",
    .write = html_write,
};
