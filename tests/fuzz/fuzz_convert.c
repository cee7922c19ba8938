/* Fuzz target: any bytes through a reader (chosen by probe, or forced by
 * the first byte) and then through every writer — the cmark-fuzz pattern.
 * Built for libFuzzer with -DGD_FUZZ=ON (clang); fuzz_replay.c runs the
 * same function over files, under plain ctest. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gd_registry *reg = gd_fuzz_registry();
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
    gd_status st = {0};
    gd_fuzz_convert(reg, body, len, "fuzz-input", &o, &st);
    gd_status_clear(&st);
    return 0;
}
