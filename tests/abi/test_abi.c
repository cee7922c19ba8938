/* The loader: refusals name the file and both versions; the rest load. */
#include "govdoc/govdoc.h"

#include <stdio.h>
#include <string.h>

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        failures++;
        fprintf(stderr, "FAIL: %s\n", what);
    }
}

static const char *last_message(gd_registry *reg)
{
    size_t n = gd_registry_message_count(reg);
    return n ? gd_registry_message_at(reg, n - 1, NULL) : "";
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: test_abi good major2 newminor short noentry\n");
        return 2;
    }
    const char *good = argv[1], *major2 = argv[2], *newminor = argv[3], *shortd = argv[4],
               *noentry = argv[5];
    gd_registry *reg;
    check(gd_registry_new(&reg) == GD_OK, "registry");

    check(gd_registry_load_file(reg, major2) == GD_EABI, "major 2 refused");
    const char *m = last_message(reg);
    check(strstr(m, major2) != NULL, "major: message names the file");
    check(strstr(m, "ABI 2.0") != NULL && strstr(m, "ABI 1.1") != NULL,
          "major: message names both versions");

    check(gd_registry_load_file(reg, newminor) == GD_EABI, "newer minor refused");
    m = last_message(reg);
    check(strstr(m, newminor) != NULL && strstr(m, "needs a newer govdoc") != NULL,
          "minor: message names the file and why");

    check(gd_registry_load_file(reg, shortd) == GD_EABI, "short struct refused");
    check(strstr(last_message(reg), "struct_size") != NULL, "short: message says struct_size");

    check(gd_registry_load_file(reg, noentry) == GD_EABI, "no entry refused");
    check(strstr(last_message(reg), "no gd_plugin_entry") != NULL, "noentry: message");

    check(gd_registry_load_file(reg, "/nonexistent/govdoc-x.so") == GD_ENOTFOUND, "missing file");

    check(gd_registry_handler_count(reg) == 0, "nothing refused was registered");
    check(gd_registry_load_file(reg, good) == GD_OK, "the good plugin still loads");
    check(gd_registry_handler_count(reg) == 1, "one handler");
    check(gd_registry_find(reg, GD_HANDLER_WRITER, "fake_good", NULL) != NULL,
          "found by format id");
    check(gd_registry_find_ext(reg, GD_HANDLER_WRITER, "FAKE", NULL) != NULL,
          "found by extension, case-insensitively");
    /* loading the same plugin again is skipped, not duplicated */
    check(gd_registry_load_file(reg, good) == GD_OK && gd_registry_handler_count(reg) == 1,
          "duplicate skipped");
    gd_registry_free(reg);
    printf("abi: %s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
