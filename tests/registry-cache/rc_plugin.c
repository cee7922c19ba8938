/* A third-party plugin for the registry cache test: a writer whose output
 * and rank differ by variant (RC_VARIANT), built twice under the same name
 * so that the test can replace the file with another build. */
#include <govdoc/gd_plugin.h>

#define STR2(x) #x
#define STR(x)  STR2(x)

static int rc_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    (void)ctx, (void)doc;
    static const char text[] = "rc writer variant " STR(RC_VARIANT) "\n";
    return gd_sink_write(out, text, sizeof text - 1);
}

static const char *const ext[] = {"rcw", NULL};
static const gd_format_handler writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "rcw",
    .description = "registry cache test writer",
    .extensions = ext,
    .rank = RC_VARIANT,
    .write = rc_write,
};
static const gd_format_handler *const handlers[] = {&writer, NULL};

GD_PLUGIN_DEFINE("rc", "1.0.0", "registry cache test plugin", "MIT", handlers)
