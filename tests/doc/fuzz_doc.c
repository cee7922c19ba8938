/* Fuzz target: any bytes as a .doc, through the doc reader as govdoc runs
 * it — in the sandbox — and then through every writer. A crash, a
 * forbidden system call or a malformed reply in the sandboxed child is a
 * finding: the target aborts so that libFuzzer keeps the input.
 *
 * In the sandbox the reader runs in a child process, whose coverage
 * libFuzzer does not see; for coverage-guided fuzzing of the parser itself
 * run with GOVDOC_SANDBOX=off (a crash is then an ordinary ASan report):
 *   CC=clang cmake -S . -B build-fuzz -DGD_FUZZ=ON -DGD_SANITIZE=ON
 *   GOVDOC_SANDBOX=off build-fuzz/bin/fuzz_doc -max_total_time=600 tests/doc/fixtures
 *   build-fuzz/bin/fuzz_doc -max_total_time=600 tests/doc/fixtures   # through the sandbox */
#include "govdoc/govdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
    o.from = "doc";
    gd_doc *doc = NULL;
    gd_status st = {0};
    if (gd_read_memory(&doc, &st, reg, data, size, "fuzz.doc", &o) == GD_OK) {
        for (size_t i = 0; i < gd_registry_handler_count(reg); i++) {
            const gd_format_handler *h = gd_registry_handler_at(reg, i, NULL);
            if (h->kind != GD_HANDLER_WRITER) continue;
            gd_sink *sink;
            if (gd_sink_new_memory(&sink) != GD_OK) continue;
            gd_status ws = {0};
            gd_write_sink(&ws, reg, doc, sink, h->format, &o);
            gd_status_clear(&ws);
            gd_sink_free(sink);
        }
        gd_doc_free(doc);
    } else if (st.message && (strstr(st.message, "crashed") || strstr(st.message, "forbidden") ||
                              strstr(st.message, "ended without a result") ||
                              strstr(st.message, "malformed document") ||
                              strstr(st.message, "ran out of time"))) {
        fprintf(stderr, "sandboxed reader failed: %s\n", st.message);
        abort();
    }
    gd_status_clear(&st);
    return 0;
}
