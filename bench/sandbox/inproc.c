/* The sandbox's cost inside one process: the same input read with
 * GOVDOC_SANDBOX=off (the reader in process) and =all (fork, rlimits,
 * seccomp, the read in the child, the wire form over a pipe, the rebuild
 * through the builder), alternating, no report recognition.
 *
 * usage: inproc REPEAT FILE...   prints per file the median and minimum of
 * each mode in ms. Build against the build tree (see run.sh). */
#define _POSIX_C_SOURCE 200809L
#include <govdoc/govdoc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* CPU time of this process and its reaped children, ms: independent of
 * how busy the machine is, unlike the wall clock. */
static double cpu_ms(void)
{
    struct rusage a, b;
    getrusage(RUSAGE_SELF, &a);
    getrusage(RUSAGE_CHILDREN, &b);
    return (a.ru_utime.tv_sec + a.ru_stime.tv_sec + b.ru_utime.tv_sec + b.ru_stime.tv_sec) * 1e3 +
           (a.ru_utime.tv_usec + a.ru_stime.tv_usec + b.ru_utime.tv_usec + b.ru_stime.tv_usec) /
               1e3;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: inproc REPEAT FILE...\n");
        return 2;
    }
    int repeat = atoi(argv[1]);
    if (repeat < 1) repeat = 1;
    gd_registry *reg;
    if (gd_registry_new(&reg) || gd_registry_load_default(reg)) return 1;
    gd_convert_options opts = GD_CONVERT_OPTIONS_INIT;
    opts.no_report = 1;
    double *t[2] = {calloc((size_t)repeat, sizeof(double)), calloc((size_t)repeat, sizeof(double))};
    double cpu[2];
    for (int i = 2; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) return 1;
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        uint8_t *buf = malloc((size_t)n + 1);
        if (fread(buf, 1, (size_t)n, f) != (size_t)n) return 1;
        fclose(f);
        cpu[0] = cpu[1] = 0;
        for (int r = 0; r < repeat; r++) {
            for (int m = 0; m < 2; m++) {
                double c0 = cpu_ms();
                setenv("GOVDOC_SANDBOX", m ? "all" : "off", 1);
                gd_doc *doc;
                gd_status st = {0};
                double t0 = now_ms();
                int rc = gd_read_memory(&doc, &st, reg, buf, (size_t)n, argv[i], &opts);
                t[m][r] = now_ms() - t0;
                cpu[m] += cpu_ms() - c0;
                if (rc) {
                    fprintf(stderr, "%s\n", st.message);
                    return 1;
                }
                gd_doc_free(doc);
                gd_status_clear(&st);
            }
        }
        qsort(t[0], (size_t)repeat, sizeof(double), cmp);
        qsort(t[1], (size_t)repeat, sizeof(double), cmp);
        printf("%s (%ld bytes)\n  wall: off median %.2f min %.2f ms; sandboxed median %.2f min "
               "%.2f ms; +%.2f ms at the minimum\n  cpu (parent + child): off %.2f ms, sandboxed "
               "%.2f ms per read; +%.2f ms\n",
               argv[i], n, t[0][repeat / 2], t[0][0], t[1][repeat / 2], t[1][0], t[1][0] - t[0][0],
               cpu[0] / repeat, cpu[1] / repeat, (cpu[1] - cpu[0]) / repeat);
        free(buf);
    }
    gd_registry_free(reg);
    return 0;
}
