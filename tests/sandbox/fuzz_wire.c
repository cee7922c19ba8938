/* Fuzz target: any bytes as a sandboxed reader's reply. The parent never
 * trusts the child, so decoding must end in a document or an error, and a
 * decoded document must be writable by every writer. Built for libFuzzer
 * with -DGD_FUZZ=ON (clang); replay.c runs it over files under ctest. */
#include "govdoc/govdoc.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gd_registry *reg;

static void cleanup(void)
{
    gd_registry_free(reg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!reg) {
        if (gd_registry_new(&reg) != GD_OK) abort();
        gd_registry_load_default(reg);
        atexit(cleanup);
    }
    gd_doc *doc = NULL;
    char why[256];
    if (gd_wire_decode(&doc, data, size, why, sizeof why) != GD_OK) return 0;
    gd_ctx *ctx;
    if (gd_ctx_new(&ctx, doc) == GD_OK) {
        gd_report_recognize(doc, ctx);
        gd_ctx_free(ctx);
    }
    for (size_t i = 0; i < gd_registry_handler_count(reg); i++) {
        const gd_format_handler *h = gd_registry_handler_at(reg, i, NULL);
        if (h->kind != GD_HANDLER_WRITER) continue;
        gd_sink *sink;
        if (gd_sink_new_memory(&sink) != GD_OK) continue;
        gd_status st = {0};
        gd_write_sink(&st, reg, doc, sink, h->format, NULL);
        gd_status_clear(&st);
        gd_sink_free(sink);
    }
    gd_doc_free(doc);
    return 0;
}
