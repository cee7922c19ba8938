/* govdoc's DOCX → JSON inside one process, without process start-up or
 * plugin loading: the reader (DOCX → IR) and the JSON writer timed apart.
 *
 * usage: inproc REPEAT FILE...   prints "<read ms> <write ms> FILE" per
 * file, the minimum over REPEAT runs. Build against the build tree (see
 * bench.sh). */
#include <govdoc/govdoc.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: inproc REPEAT FILE...\n");
        return 2;
    }
    int repeat = atoi(argv[1]);
    gd_registry *reg;
    if (gd_registry_new(&reg) || gd_registry_load_default(reg)) return 1;
    gd_convert_options opts = GD_CONVERT_OPTIONS_INIT;
    opts.no_report = 1;
    opts.from = "docx";
    for (int a = 2; a < argc; a++) {
        FILE *f = fopen(argv[a], "rb");
        if (!f) continue;
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        unsigned char *data = malloc(n > 0 ? (size_t)n : 1);
        size_t got = data ? fread(data, 1, (size_t)n, f) : 0;
        fclose(f);
        double best_read = 1e30, best_write = 1e30;
        int ok = got == (size_t)n;
        for (int r = 0; r < repeat && ok; r++) {
            gd_status st = {0};
            gd_doc *doc;
            double t0 = now_ms();
            if (gd_read_memory(&doc, &st, reg, data, got, argv[a], &opts)) {
                fprintf(stderr, "%s\n", st.message ? st.message : argv[a]);
                gd_status_clear(&st);
                ok = 0;
                break;
            }
            double t1 = now_ms();
            gd_sink *sink;
            gd_sink_new_memory(&sink);
            gd_write_sink(&st, reg, doc, sink, "json", &opts);
            double t2 = now_ms();
            gd_status_clear(&st);
            gd_sink_free(sink);
            gd_doc_free(doc);
            if (t1 - t0 < best_read) best_read = t1 - t0;
            if (t2 - t1 < best_write) best_write = t2 - t1;
        }
        if (ok) printf("%.3f %.3f %s\n", best_read, best_write, argv[a]);
        free(data);
    }
    gd_registry_free(reg);
    return 0;
}
