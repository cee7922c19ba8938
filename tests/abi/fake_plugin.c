/* A plugin whose descriptor is forged by compile definitions, to test that
 * the loader refuses what it must (another major, a newer minor, a short
 * struct, no entry symbol) and keeps loading the others. */
#include <govdoc/gd_plugin.h>

#ifndef FAKE_MAJOR
#define FAKE_MAJOR GD_ABI_MAJOR
#endif
#ifndef FAKE_MINOR
#define FAKE_MINOR GD_ABI_MINOR
#endif
#ifndef FAKE_SIZE
#define FAKE_SIZE sizeof(gd_plugin_desc)
#endif

static int fake_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    (void)ctx, (void)doc, (void)out;
    return GD_OK;
}

static const char *const ext[] = {"fake", NULL};
static const gd_format_handler writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = FAKE_NAME,
    .description = "test plugin",
    .extensions = ext,
    .write = fake_write,
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
__attribute__((visibility("default"))) const gd_plugin_desc *ENTRY_NAME(const gd_host_api *host)
{
    (void)host;
    return &desc;
}
