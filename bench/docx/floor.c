/* The parsing floor for a .docx: minizip inflates the main part and expat
 * runs a bare parse over it (no handlers, no namespace processing, which
 * the XML helper does itself: plugin-sdk/helpers/xml_ns.c): the libraries
 * the DOCX reader uses (plugin-sdk/helpers/zip.c, xml.c). Anything a
 * reader does costs at least this.
 *
 * usage: floor REPEAT FILE...   prints "<inflate ms> <parse ms> FILE" per
 * file: the minimum over REPEAT runs of each step. */
#include <expat.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unzip.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The main part as the reader finds it: word/document.xml, else the first
 * "document*.xml" under word/ (renamed main parts). */
static char *inflate_main(const char *path, size_t *out_len)
{
    unzFile z = unzOpen64(path);
    if (!z) return NULL;
    int found = unzLocateFile(z, "word/document.xml", 2) == UNZ_OK; /* 2: any case */
    for (int r = found ? UNZ_END_OF_LIST_OF_FILE : unzGoToFirstFile(z); !found && r == UNZ_OK;
         r = unzGoToNextFile(z)) {
        char n[512];
        if (unzGetCurrentFileInfo64(z, NULL, n, sizeof n, NULL, 0, NULL, 0) != UNZ_OK) break;
        found = !strncmp(n, "word/", 5) && strstr(n, ".xml") && !strchr(n + 5, '/') &&
                strstr(n, "document");
    }
    char *buf = NULL;
    unz_file_info64 info;
    if (found && unzGetCurrentFileInfo64(z, &info, NULL, 0, NULL, 0, NULL, 0) == UNZ_OK &&
        unzOpenCurrentFile(z) == UNZ_OK) {
        buf = malloc(info.uncompressed_size + 1);
        if (buf && unzReadCurrentFile(z, buf, (unsigned)info.uncompressed_size) !=
                       (int)info.uncompressed_size) {
            free(buf);
            buf = NULL;
        }
        unzCloseCurrentFile(z);
        *out_len = info.uncompressed_size;
    }
    unzClose(z);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: floor REPEAT FILE...\n");
        return 2;
    }
    int repeat = atoi(argv[1]);
    for (int a = 2; a < argc; a++) {
        double best_inf = 1e30, best_parse = 1e30;
        int ok = 1;
        for (int r = 0; r < repeat && ok; r++) {
            double t0 = now_ms();
            size_t xlen = 0;
            char *xml = inflate_main(argv[a], &xlen);
            double t1 = now_ms();
            if (!xml) {
                ok = 0;
                break;
            }
            XML_Parser p = XML_ParserCreate(NULL);
            if (p) {
                if (XML_Parse(p, xml, (int)xlen, 1) != XML_STATUS_OK) ok = 0; /* no floor */
                XML_ParserFree(p);
            }
            double t2 = now_ms();
            free(xml);
            if (t1 - t0 < best_inf) best_inf = t1 - t0;
            if (t2 - t1 < best_parse) best_parse = t2 - t1;
        }
        if (ok) printf("%.3f %.3f %s\n", best_inf, best_parse, argv[a]);
    }
    return 0;
}
