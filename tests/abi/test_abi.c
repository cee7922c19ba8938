/* The loader: refusals name the file and both versions; the rest load. */
#define _POSIX_C_SOURCE 200809L
#include "govdoc/govdoc.h"
#include "gd_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *last_message(gd_registry *reg)
{
    size_t n = gd_registry_message_count(reg);
    return n ? gd_registry_message_at(reg, n - 1, NULL) : "";
}

/* A writer's prepare (ABI 1.3) gets the conversion's options, and is read
 * only from handlers whose struct_size includes it. */
static void prepare_checks(const char *prep, const char *prep12)
{
    char mark[] = "/tmp/gd-abi-prepare-XXXXXX";
    int fd = mkstemp(mark);
    CHECK(fd >= 0, "marker file");
    if (fd < 0) return;
    close(fd);
    setenv("GD_FAKE_PREPARED", mark, 1);
    gd_registry *reg;
    CHECK(gd_registry_new(&reg) == GD_OK, "registry");
    CHECK(gd_registry_load_file(reg, prep) == GD_OK, "1.3 writer with prepare loads");
    CHECK(gd_registry_load_file(reg, prep12) == GD_OK, "1.2-sized writer loads");
    const char *o13[] = {"fake_prep.mark=one"}, *o12[] = {"fake_prep12.mark=two"};
    gd_convert_options co = GD_CONVERT_OPTIONS_INIT;
    co.to = "fake_prep";
    co.options = o13;
    co.option_count = 1;
    gd_write_prepare(reg, "out.fake", &co);
    co.to = "fake_prep12";
    co.options = o12;
    gd_write_prepare(reg, "out.fake", &co);
    co.to = "no_such_writer";
    co.option_count = 0;
    gd_write_prepare(reg, "out.fake", &co);
    char got[128] = {0};
    FILE *f = fopen(mark, "r");
    size_t n = f ? fread(got, 1, sizeof got - 1, f) : 0;
    if (f) fclose(f);
    got[n] = 0;
    CHECK(strcmp(got, "fake_prep one\n") == 0, "prepare called once, with its option");
    if (strcmp(got, "fake_prep one\n") != 0) fprintf(stderr, "  marker holds: '%s'\n", got);
    unlink(mark);
    gd_registry_free(reg);
}

int main(int argc, char **argv)
{
    if (argc != 8) {
        fprintf(stderr, "usage: test_abi good major2 newminor short noentry prep prep12\n");
        return 2;
    }
    const char *good = argv[1], *major2 = argv[2], *newminor = argv[3], *shortd = argv[4],
               *noentry = argv[5], *prep = argv[6], *prep12 = argv[7];
    gd_registry *reg;
    CHECK(gd_registry_new(&reg) == GD_OK, "registry");

    CHECK(gd_registry_load_file(reg, major2) == GD_EABI, "major 2 refused");
    const char *m = last_message(reg);
    CHECK(strstr(m, major2) != NULL, "major: message names the file");
    CHECK(strstr(m, "ABI 2.0") != NULL && strstr(m, "ABI 1.3") != NULL,
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
    prepare_checks(prep, prep12);
    return gd_check_summary("abi");
}
