/* memprobe FILE [FORMAT]: converts FILE (to FORMAT, default json, into
 * /dev/null) as `govdoc convert` does and prints what the memory budget
 * counted — the peak while reading and while writing — next to the
 * process's peak RSS. Used to measure each reader's memory per input byte
 * (bench/memory/run.sh). */
#include "govdoc/govdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: memprobe FILE [FORMAT] [MAX_MEMORY_MB]\n");
        return 3;
    }
    const char *fmt = argc > 2 ? argv[2] : "json";
    gd_registry *reg;
    if (gd_registry_new(&reg)) return 10;
    gd_registry_load_default(reg);
    gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
    o.to = fmt;
    if (argc > 3) o.max_memory = (size_t)strtoull(argv[3], NULL, 10) << 20;
    struct stat sb;
    long long size = stat(argv[1], &sb) == 0 ? (long long)sb.st_size : -1;
    gd_status st = {0};
    gd_doc *doc = NULL;
    int rc = gd_read_file(&doc, &st, reg, argv[1], &o);
    size_t read_used = 0, read_peak = 0, write_peak = 0;
    if (rc == GD_OK) {
        gd_doc_memory(doc, &read_used, &read_peak);
        rc = gd_write_file(&st, reg, doc, "/dev/null", &o);
        gd_doc_memory(doc, NULL, &write_peak);
        gd_doc_free(doc);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s %s input=%lld tree=%zu read_peak=%zu write_peak=%zu rss=%ld rc=%d%s%s\n", argv[1],
           fmt, size, read_used, read_peak, write_peak, ru.ru_maxrss * 1024L, rc,
           st.message ? " " : "", st.message ? st.message : "");
    gd_status_clear(&st);
    gd_registry_free(reg);
    return rc ? 1 : 0;
}
