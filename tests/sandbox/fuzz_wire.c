/* Fuzz target: any bytes as a sandboxed reader's reply. The parent never
 * trusts the child, so decoding must end in a document or an error, and a
 * decoded document must be writable by every writer. Built for libFuzzer
 * with -DGD_FUZZ=ON (clang); tests/fuzz/fuzz_replay.c runs it over files under ctest. */
#include "../fuzz/fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gd_registry *reg = gd_fuzz_registry();
    gd_doc *doc = NULL;
    char why[256];
    if (gd_wire_decode(&doc, data, size, why, sizeof why) != GD_OK) return 0;
    gd_ctx *ctx;
    if (gd_ctx_new(&ctx, doc) == GD_OK) {
        gd_report_recognize(doc, ctx);
        gd_ctx_free(ctx);
    }
    gd_fuzz_write_all(reg, doc, NULL);
    gd_doc_free(doc);
    return 0;
}
