/* HTML reader — placeholder until the reader lands (issue 5). */
#include <govdoc/gd_plugin.h>

static int html_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    (void)data, (void)len, (void)doc;
    return gd_ctx_error(ctx, GD_ENOTSUPPORTED, "the HTML reader is not implemented yet");
}

const gd_format_handler gd_html_reader_handler = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "html",
    .description = "HTML (placeholder)",
    .read = html_read,
};
