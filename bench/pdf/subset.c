/* Font subsetting: the PDF writer's own subsetters (plugins/pdf/ttsub.c for
 * TrueType, cff.c for CID-keyed CFF) against HarfBuzz's hb-subset, on the
 * same face and the same glyphs, in the same process. Why the writer does
 * not simply call hb-subset is this program's output.
 *
 *   subset FONT TEXTFILE [ROUNDS]
 *
 * The glyphs are those of the text's distinct characters (as a document
 * drawing that text needs). Prints per subset: milliseconds (the median of
 * ROUNDS runs) and bytes, for each subsetter. Built and run by
 * bench/pdf/subset.sh. */
#define _GNU_SOURCE
#include "fonts_internal.h"

#include <hb-subset.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* pdfout.c (the subsetters' byte buffers) links against the host table
 * and the UTF-8 decoder; neither is reached by subsetting. */
const gd_host_api *gd_host;
int pw_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    (void)str, (void)len;
    *cp = 0;
    return 1;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The glyph of every distinct character of the UTF-8 text, in first-use
 * order (as the writer registers them). */
static size_t text_glyphs(hb_font_t *font, const char *text, uint32_t *gids, size_t max)
{
    hb_set_t *seen = hb_set_create();
    size_t n = 0;
    for (const unsigned char *p = (const unsigned char *)text; *p && n < max;) {
        uint32_t c = *p++;
        int more = c >= 0xF0 ? 3 : c >= 0xE0 ? 2 : c >= 0xC0 ? 1 : 0;
        if (more) c &= 0x3Fu >> more;
        for (; more && (*p & 0xC0) == 0x80; more--) c = c << 6 | (*p++ & 0x3Fu);
        hb_codepoint_t g;
        if (c < 0x20 || !hb_font_get_nominal_glyph(font, c, &g) || hb_set_has(seen, g)) continue;
        hb_set_add(seen, g);
        gids[n++] = g;
    }
    hb_set_destroy(seen);
    return n;
}

static size_t hb_run(hb_face_t *face, const uint32_t *gids, size_t n, bool cff)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    hb_set_t *gs = hb_subset_input_glyph_set(in);
    for (size_t i = 0; i < n; i++) hb_set_add(gs, gids[i]);
    /* Fair to hb-subset: it leaves out what a PDF does not read, as the
     * writer's own subsetters do (the writer's hb-subset fallback too). */
    static const hb_tag_t drop[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
        HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('D', 'S', 'I', 'G'),
        HB_TAG('k', 'e', 'r', 'n'), HB_TAG('n', 'a', 'm', 'e'), HB_TAG('p', 'o', 's', 't'),
        HB_TAG('c', 'm', 'a', 'p'), HB_TAG('O', 'S', '/', '2'), HB_TAG('S', 'T', 'A', 'T'),
        HB_TAG('g', 'a', 's', 'p'), HB_TAG('h', 'd', 'm', 'x'), HB_TAG('L', 'T', 'S', 'H')};
    hb_set_t *dt = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) hb_set_add(dt, drop[i]);
    hb_face_t *sub = hb_subset_or_fail(face, in);
    hb_subset_input_destroy(in);
    if (!sub) return 0;
    /* What a PDF embeds: the whole font for TrueType, the CFF table for CFF. */
    hb_blob_t *b = cff ? hb_face_reference_table(sub, HB_TAG('C', 'F', 'F', ' '))
                       : hb_face_reference_blob(sub);
    size_t len = hb_blob_get_length(b);
    hb_blob_destroy(b);
    hb_face_destroy(sub);
    return len;
}

static size_t own_run(hb_face_t *face, const pw_cff_charset *cids, const uint32_t *gids, size_t n,
                      bool cff)
{
    uint8_t *out = NULL;
    size_t len = 0;
    int rc = cff ? pw_cff_subset(face, cids, gids, n, &out, &len)
                 : pw_tt_subset(face, gids, n, &out, &len);
    free(out);
    return rc ? 0 : len;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: %s FONT TEXTFILE [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 3 ? atoi(argv[3]) : 21;
    if (rounds < 1 || rounds > 1000) rounds = 21;
    FILE *f = fopen(argv[2], "rb");
    if (!f) return perror(argv[2]), 1;
    static char text[4 << 20];
    size_t tn = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[tn] = 0;
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(argv[1]);
    if (!blob) return fprintf(stderr, "%s: cannot read\n", argv[1]), 1;
    hb_face_t *face = hb_face_create(blob, 0);
    hb_font_t *font = hb_font_create(face);
    hb_blob_t *cfft = hb_face_reference_table(face, HB_TAG('C', 'F', 'F', ' '));
    bool cff = hb_blob_get_length(cfft) > 0;
    pw_cff_charset cids = {0};
    if (cff) {
        unsigned len;
        const uint8_t *d = (const uint8_t *)hb_blob_get_data(cfft, &len);
        if (pw_cff_charset_read(d, len, &cids)) return fprintf(stderr, "not CID-keyed\n"), 1;
    }
    static uint32_t gids[65536];
    size_t n = text_glyphs(font, text, gids, 65536);
    double *own = calloc((size_t)rounds, sizeof *own), *hb = calloc((size_t)rounds, sizeof *hb);
    size_t own_len = 0, hb_len = 0;
    for (int r = 0; r < rounds; r++) { /* interleaved: both see the same load */
        double t0 = now_ms();
        own_len = own_run(face, &cids, gids, n, cff);
        double t1 = now_ms();
        hb_len = hb_run(face, gids, n, cff);
        double t2 = now_ms();
        own[r] = t1 - t0;
        hb[r] = t2 - t1;
    }
    qsort(own, (size_t)rounds, sizeof *own, cmp_double);
    qsort(hb, (size_t)rounds, sizeof *hb, cmp_double);
    double mo = own[rounds / 2], mh = hb[rounds / 2];
    printf("%s (%s, %u glyphs): %zu glyphs drawn\n", argv[1], cff ? "CFF" : "TrueType",
           hb_face_get_glyph_count(face), n);
    printf("  own subsetter: %8.3f ms  %8zu bytes\n", mo, own_len);
    printf("  hb-subset:     %8.3f ms  %8zu bytes\n", mh, hb_len);
    printf("  ratio: hb-subset / own = %.0fx time\n", mo > 0 ? mh / mo : 0);
    free(own);
    free(hb);
    pw_cff_charset_free(&cids);
    hb_blob_destroy(cfft);
    hb_font_destroy(font);
    hb_face_destroy(face);
    hb_blob_destroy(blob);
    return own_len && hb_len ? 0 : 1;
}
