/* The parsing floor for a .docx: libzip inflates the main part from memory
 * and libxml2 runs a bare SAX2 parse over it (no callbacks). Anything a
 * reader does costs at least this.
 *
 * usage: floor REPEAT FILE...   prints "<inflate ms> <parse ms> FILE" per
 * file: the minimum over REPEAT runs of each step. */
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static unsigned char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    unsigned char *b = malloc(n > 0 ? (size_t)n : 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

/* The main part as the reader finds it: word/document.xml, else the first
 * "document*.xml" under word/ (renamed main parts). */
static char *inflate_main(const unsigned char *data, size_t len, size_t *out_len)
{
    zip_error_t err;
    zip_error_init(&err);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &err);
    zip_t *za = src ? zip_open_from_source(src, ZIP_RDONLY, &err) : NULL;
    if (!za) {
        if (src) zip_source_free(src);
        return NULL;
    }
    zip_int64_t idx = zip_name_locate(za, "word/document.xml", ZIP_FL_NOCASE);
    for (zip_int64_t i = 0; idx < 0 && i < zip_get_num_entries(za, 0); i++) {
        const char *n = zip_get_name(za, (zip_uint64_t)i, 0);
        if (n && !strncmp(n, "word/", 5) && strstr(n, ".xml") && !strchr(n + 5, '/') &&
            strstr(n, "document"))
            idx = i;
    }
    char *buf = NULL;
    zip_stat_t st;
    if (idx >= 0 && zip_stat_index(za, (zip_uint64_t)idx, 0, &st) == 0) {
        zip_file_t *zf = zip_fopen_index(za, (zip_uint64_t)idx, 0);
        buf = zf ? malloc(st.size + 1) : NULL;
        if (buf && zip_fread(zf, buf, st.size) != (zip_int64_t)st.size) {
            free(buf);
            buf = NULL;
        }
        if (zf) zip_fclose(zf);
        *out_len = st.size;
    }
    zip_discard(za);
    return buf;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: floor REPEAT FILE...\n");
        return 2;
    }
    int repeat = atoi(argv[1]);
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    for (int a = 2; a < argc; a++) {
        size_t len;
        unsigned char *data = slurp(argv[a], &len);
        if (!data) continue;
        double best_inf = 1e30, best_parse = 1e30;
        int ok = 1;
        for (int r = 0; r < repeat && ok; r++) {
            double t0 = now_ms();
            size_t xlen = 0;
            char *xml = inflate_main(data, len, &xlen);
            double t1 = now_ms();
            if (!xml) {
                ok = 0;
                break;
            }
            xmlParserCtxtPtr ctxt = xmlCreateMemoryParserCtxt(xml, (int)xlen);
            if (ctxt) {
                memcpy(ctxt->sax, &sax, sizeof sax);
                ctxt->userData = NULL;
                xmlCtxtUseOptions(ctxt, XML_PARSE_NONET);
                xmlParseDocument(ctxt);
                xmlFreeParserCtxt(ctxt);
            }
            double t2 = now_ms();
            free(xml);
            if (t1 - t0 < best_inf) best_inf = t1 - t0;
            if (t2 - t1 < best_parse) best_parse = t2 - t1;
        }
        if (ok) printf("%.3f %.3f %s\n", best_inf, best_parse, argv[a]);
        free(data);
    }
    return 0;
}
