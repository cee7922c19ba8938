/* Fuzz target: any bytes through a reader (chosen by probe, or forced by
 * the first byte) and then through every writer — the cmark-fuzz pattern.
 * Built for libFuzzer with -DGD_FUZZ=ON (clang); fuzz_replay.c runs the
 * same function over files, under plain ctest. */
#include "govdoc/govdoc.h"

#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gd_registry *reg;

static void cleanup(void)
{
    gd_registry_free(reg);
}

static void write_all(const gd_doc *doc, const gd_convert_options *o)
{
    for (size_t i = 0; i < gd_registry_handler_count(reg); i++) {
        const gd_format_handler *h = gd_registry_handler_at(reg, i, NULL);
        if (h->kind != GD_HANDLER_WRITER) continue;
        gd_sink *sink;
        if (gd_sink_new_memory(&sink) != GD_OK) continue;
        gd_status st = {0};
        gd_write_sink(&st, reg, doc, sink, h->format, o);
        gd_status_clear(&st);
        gd_sink_free(sink);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!reg) {
        if (gd_registry_new(&reg) != GD_OK) abort();
        gd_registry_load_default(reg);
        atexit(cleanup);
    }
    gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
    const char *readers[16];
    size_t nr = 0;
    for (size_t i = 0; i < gd_registry_handler_count(reg) && nr < 16; i++) {
        const gd_format_handler *h = gd_registry_handler_at(reg, i, NULL);
        if (h->kind == GD_HANDLER_READER) readers[nr++] = h->format;
    }
    /* first byte: 0 = choose by content, else force reader (b - 1) % n */
    if (size && data[0] && nr) o.from = readers[(data[0] - 1) % nr];
    const uint8_t *body = size ? data + 1 : data;
    size_t len = size ? size - 1 : 0;
    gd_doc *doc = NULL;
    gd_status st = {0};
    if (gd_read_memory(&doc, &st, reg, body, len, "fuzz-input", &o) == GD_OK) {
        write_all(doc, &o);
        gd_doc_free(doc);
    }
    gd_status_clear(&st);
    return 0;
}
