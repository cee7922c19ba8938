/* A plugin whose descriptor is forged by compile definitions, to test that
 * the loader refuses what it must (another major, a newer minor, a short
 * struct, no entry symbol) and keeps loading the others; and that a
 * writer's prepare (ABI 1.3) is called only when its struct has it. */
#include <govdoc/gd_plugin.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef FAKE_MAJOR
#define FAKE_MAJOR GD_ABI_MAJOR
#endif
#ifndef FAKE_MINOR
#define FAKE_MINOR GD_ABI_MINOR
#endif
#ifndef FAKE_SIZE
#define FAKE_SIZE sizeof(gd_plugin_desc)
#endif

#ifndef FAKE_HANDLER_SIZE
#define FAKE_HANDLER_SIZE sizeof(gd_format_handler)
#endif

#ifdef FAKE_PREPARE
/* Appends "<plugin> <value of -O <plugin>.mark>" to $GD_FAKE_PREPARED. */
static void fake_prepare(gd_ctx *ctx)
{
    const char *path = getenv("GD_FAKE_PREPARED");
    FILE *f = path ? fopen(path, "a") : NULL;
    if (!f) return;
    const char *mark = gd_ctx_option(ctx, "mark");
    fprintf(f, "%s %s\n", FAKE_NAME, mark ? mark : "-");
    fclose(f);
}
#endif

static const gd_option_desc fake_options[] = {
    {"mark", GD_OPT_STRING, NULL, NULL, "written by prepare"},
    {NULL, 0, NULL, NULL, NULL},
};

static int fake_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    (void)ctx, (void)doc, (void)out;
    return GD_OK;
}

static const char *const ext[] = {"fake", NULL};
static const gd_format_handler writer = {
    .struct_size = (uint32_t)(FAKE_HANDLER_SIZE),
    .kind = GD_HANDLER_WRITER,
    .format = FAKE_NAME,
    .description = "test plugin",
    .extensions = ext,
    .write = fake_write,
    .options = fake_options,
#ifdef FAKE_PREPARE
    .prepare = fake_prepare,
#endif
};
static const gd_format_handler *const handlers[] = {&writer, NULL};
static const gd_plugin_desc desc = {FAKE_MAJOR, FAKE_MINOR, (uint32_t)(FAKE_SIZE),
                                    FAKE_NAME,  "1.0",      "test plugin",
                                    "MIT",      handlers};

#ifdef FAKE_NO_ENTRY
#define ENTRY_NAME not_the_entry
#else
#define ENTRY_NAME gd_plugin_entry
#endif
__attribute__((visibility("default"))) const gd_plugin_desc *ENTRY_NAME(const gd_host_api *host);
const gd_host_api *gd_host;
__attribute__((visibility("default"))) const gd_plugin_desc *ENTRY_NAME(const gd_host_api *host)
{
    gd_host = host;
    return &desc;
}
