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
#include "../fuzz/fuzz_common.h"

#include <stdio.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gd_registry *reg = gd_fuzz_registry();
    gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
    o.from = "doc";
    gd_status st = {0};
    if (gd_fuzz_convert(reg, data, size, "fuzz.doc", &o, &st) != GD_OK && st.message &&
        (strstr(st.message, "crashed") || strstr(st.message, "forbidden") ||
         strstr(st.message, "ended without a result") || strstr(st.message, "malformed document") ||
         strstr(st.message, "ran out of time"))) {
        fprintf(stderr, "sandboxed reader failed: %s\n", st.message);
        abort();
    }
    gd_status_clear(&st);
    return 0;
}
