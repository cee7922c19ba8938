/* A third-party plugin for the registry cache test: a writer whose output
 * and rank differ by variant (RC_VARIANT), built twice under the same name
 * so that the test can replace the file with another build; with RC_DEP,
 * a plugin "rcdep" whose text comes from a library of its own (removed by
 * the test under an unchanged plugin). */
#include <govdoc/gd_plugin.h>

#include <string.h>

#ifdef RC_DEP
const char *rc_dep_text(void);
#define RC_NAME   "rcdep"
#define RC_FORMAT "rcd"
#else
#define RC_NAME   "rc"
#define RC_FORMAT "rcw"
#endif

#define STR2(x) #x
#define STR(x)  STR2(x)

static int rc_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    (void)ctx, (void)doc;
#ifdef RC_DEP
    const char *text = rc_dep_text();
    return gd_sink_write(out, text, strlen(text));
#else
    static const char text[] = "rc writer variant " STR(RC_VARIANT) "\n";
    return gd_sink_write(out, text, sizeof text - 1);
#endif
}

static const char *const ext[] = {RC_FORMAT, NULL};
static const gd_format_handler writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = RC_FORMAT,
    .description = "registry cache test writer",
    .extensions = ext,
    .rank = RC_VARIANT,
    .write = rc_write,
};
static const gd_format_handler *const handlers[] = {&writer, NULL};

GD_PLUGIN_DEFINE(RC_NAME, "1.0.0", "registry cache test plugin", "MIT", handlers)
