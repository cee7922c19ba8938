/* What every fuzz target does around its own part: the registry of the
 * default plugins, made once per process, and the document written with
 * every writer, in memory (a writer's failure is not a finding; a crash,
 * leak or sanitizer report is). Included by tests/fuzz/fuzz_convert.c,
 * fuzz_reader.c, tests/doc/fuzz_doc.c and tests/sandbox/fuzz_wire.c, each
 * built both as a libFuzzer binary and into a replay executable: static
 * inline, so a target that does not use a function gets no warning. */
#ifndef GD_TESTS_FUZZ_COMMON_H
#define GD_TESTS_FUZZ_COMMON_H

#include "govdoc/govdoc.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static gd_registry *gd_fuzz_reg;

static inline void gd_fuzz_cleanup(void)
{
    gd_registry_free(gd_fuzz_reg);
}

/* The registry with the default plugins: made at the first input (libFuzzer
 * has no set-up hook that replay.c would also call), freed at exit so that
 * LeakSanitizer reports only what an input leaked. */
static inline gd_registry *gd_fuzz_registry(void)
{
    if (!gd_fuzz_reg) {
        if (gd_registry_new(&gd_fuzz_reg) != GD_OK) abort();
        gd_registry_load_default(gd_fuzz_reg);
        atexit(gd_fuzz_cleanup);
    }
    return gd_fuzz_reg;
}

/* doc through every writer of reg into memory, options o (NULL: defaults). */
static inline void gd_fuzz_write_all(gd_registry *reg, const gd_doc *doc,
                                     const gd_convert_options *o)
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

/* data[0..len) read with options o (name: the input's name in messages),
 * and when it reads, written with every writer. Returns the reader's code;
 * *st holds its message, for the caller to look at and clear. */
static inline int gd_fuzz_convert(gd_registry *reg, const uint8_t *data, size_t len,
                                  const char *name, const gd_convert_options *o, gd_status *st)
{
    gd_doc *doc = NULL;
    int rc = gd_read_memory(&doc, st, reg, data, len, name, o);
    if (rc == GD_OK) {
        gd_fuzz_write_all(reg, doc, o);
        gd_doc_free(doc);
    }
    return rc;
}

#endif
