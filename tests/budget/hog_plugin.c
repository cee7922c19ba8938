/* A third-party-style plugin that allocates through the host, to show that
 * such allocations count against the conversion's memory budget: the
 * "hog" reader takes input "R W" and holds R MB while it reads; the "hog"
 * writer holds W MB (from the document's metadata) while it writes. */
#include <govdoc/gd_plugin.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Holds mb megabytes in 1 MB blocks, touched; 0 when they were all given. */
static int hold(int mb)
{
    void **blocks = gd_mem_alloc(((size_t)mb + 1) * sizeof *blocks);
    if (!blocks) return GD_ENOMEM;
    int got = 0, rc = GD_OK;
    for (; got < mb; got++) {
        blocks[got] = gd_mem_alloc(1u << 20);
        if (!blocks[got]) {
            rc = GD_ENOMEM;
            break;
        }
        memset(blocks[got], 1, 1u << 20);
    }
    for (int i = 0; i < got; i++) gd_free(blocks[i]);
    gd_free(blocks);
    return rc;
}

static int hog_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    char buf[64];
    size_t n = len < sizeof buf - 1 ? len : sizeof buf - 1;
    memcpy(buf, data, n);
    buf[n] = 0;
    int r = 0, w = 0;
    if (sscanf(buf, "%d %d", &r, &w) < 1) return gd_ctx_error(ctx, GD_EFORMAT, "not a hog file");
    /* the plugin reports the failure its own way; the core knows better */
    if (hold(r)) return gd_ctx_error(ctx, GD_ENOMEM, "hog: cannot hold %d MB", r);
    char wbuf[16];
    snprintf(wbuf, sizeof wbuf, "%d", w);
    gd_doc_meta_set(doc, "hog-write-mb", wbuf);
    gd_builder *b;
    int rc = gd_builder_new(&b, ctx, doc);
    if (!rc) rc = gd_builder_text(b, "hog", 3, 0);
    if (!rc) rc = gd_builder_finish(b);
    return rc;
}

static int hog_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    const char *w = gd_doc_meta_get(doc, "hog-write-mb");
    int mb = w ? atoi(w) : 0;
    gd_sink_write(out, "hog\n", 4);
    if (hold(mb)) return gd_ctx_error(ctx, GD_ENOMEM, "hog: cannot hold %d MB", mb);
    return GD_OK;
}

static int hog_probe(const gd_probe_input *in)
{
    (void)in;
    return GD_PROBE_NONE;
}

static const char *const ext[] = {"hog", NULL};
static const gd_format_handler reader = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "hog",
    .description = "memory hog (test)",
    .extensions = ext,
    .probe = hog_probe,
    .read = hog_read,
};
static const gd_format_handler writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "hog",
    .description = "memory hog (test)",
    .extensions = ext,
    .write = hog_write,
};
static const gd_format_handler *const handlers[] = {&reader, &writer, NULL};

GD_PLUGIN_DEFINE("hog", "1.0.0", "allocates through the host (test)", "MIT", handlers)
