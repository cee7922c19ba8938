/* The loader: refusals name the file and both versions; the rest load. */
#include "govdoc/govdoc.h"
#include "gd_check.h"

#include <stdio.h>
#include <string.h>

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
    CHECK(gd_registry_new(&reg) == GD_OK, "registry");

    CHECK(gd_registry_load_file(reg, major2) == GD_EABI, "major 2 refused");
    const char *m = last_message(reg);
    CHECK(strstr(m, major2) != NULL, "major: message names the file");
    CHECK(strstr(m, "ABI 2.0") != NULL && strstr(m, "ABI 1.2") != NULL,
          "major: message names both versions");

    CHECK(gd_registry_load_file(reg, newminor) == GD_EABI, "newer minor refused");
    m = last_message(reg);
    CHECK(strstr(m, newminor) != NULL && strstr(m, "needs a newer govdoc") != NULL,
          "minor: message names the file and why");

    CHECK(gd_registry_load_file(reg, shortd) == GD_EABI, "short struct refused");
    CHECK(strstr(last_message(reg), "struct_size") != NULL, "short: message says struct_size");

    CHECK(gd_registry_load_file(reg, noentry) == GD_EABI, "no entry refused");
    CHECK(strstr(last_message(reg), "no gd_plugin_entry") != NULL, "noentry: message");

    CHECK(gd_registry_load_file(reg, "/nonexistent/govdoc-x.so") == GD_ENOTFOUND, "missing file");

    CHECK(gd_registry_handler_count(reg) == 0, "nothing refused was registered");
    CHECK(gd_registry_load_file(reg, good) == GD_OK, "the good plugin still loads");
    CHECK(gd_registry_handler_count(reg) == 1, "one handler");
    CHECK(gd_registry_find(reg, GD_HANDLER_WRITER, "fake_good", NULL) != NULL,
          "found by format id");
    CHECK(gd_registry_find_ext(reg, GD_HANDLER_WRITER, "FAKE", NULL) != NULL,
          "found by extension, case-insensitively");
    /* loading the same plugin again is skipped, not duplicated */
    CHECK(gd_registry_load_file(reg, good) == GD_OK && gd_registry_handler_count(reg) == 1,
          "duplicate skipped");
    gd_registry_free(reg);
    return gd_check_summary("abi");
}
