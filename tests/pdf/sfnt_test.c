/* plugins/pdf/sfnt.c against HarfBuzz, which the PDF writer used before:
 * for every face of every font file under the directories given, the
 * same face count, units per em, glyph count, tables, English family and
 * PostScript names (whole and cut to small buffers), glyph of every code
 * point of planes 0-3 and of the variation selectors, and advance of every
 * glyph. The writer's PDFs depend on each of these answers. Then damaged
 * copies of the smallest fonts (bytes changed in their directories and
 * tables, cut short): read without a fault (run under ASan/UBSan too). */
#define _GNU_SOURCE
#include "sfnt.h"

#include <dirent.h>
#include <hb-ot.h>
#include <hb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

static int faces, glyphful, failures;

static void fail(const char *path, unsigned index, const char *what, unsigned long a,
                 unsigned long b)
{
    if (failures++ < 20)
        fprintf(stderr, "sfnt_test: %s#%u: %s: ours %lu, HarfBuzz %lu\n", path, index, what, a, b);
}

static void names(const char *path, unsigned i, const pw_sfnt *f, hb_face_t *face)
{
    static const unsigned ids[] = {1, 2, 4, 6};
    static const size_t sizes[] = {256, 128, 9, 2, 1};
    for (size_t k = 0; k < sizeof ids / sizeof *ids; k++)
        for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
            char a[256], b[256];
            unsigned bl = (unsigned)sizes[z];
            size_t al = pw_sfnt_name(f, ids[k], a, sizes[z]);
            hb_ot_name_get_utf8(face, ids[k], HB_LANGUAGE_INVALID, &bl, b);
            if (al != bl || memcmp(a, b, al) != 0) {
                char what[64];
                snprintf(what, sizeof what, "name %u in %zu bytes (length)", ids[k], sizes[z]);
                fail(path, i, what, al, bl);
            }
        }
}

static void face_cmp(const char *path, unsigned i, hb_blob_t *blob)
{
    pw_sfnt f;
    if (!pw_sfnt_open(&f, path, i)) {
        fail(path, i, "open", 0, 1);
        return;
    }
    hb_face_t *face = hb_face_create(blob, i);
    hb_font_t *font = hb_font_create(face);
    faces++;
    if (f.upem != hb_face_get_upem(face)) fail(path, i, "upem", f.upem, hb_face_get_upem(face));
    if (f.nglyphs != hb_face_get_glyph_count(face))
        fail(path, i, "glyphs", f.nglyphs, hb_face_get_glyph_count(face));
    static const char *tags[] = {"cmap", "glyf", "CFF ", "head", "hhea", "OS/2", "name", "zzzz"};
    for (size_t k = 0; k < sizeof tags / sizeof *tags; k++) {
        const char *t = tags[k];
        size_t n;
        const uint8_t *d = pw_sfnt_table(&f, PW_TAG(t[0], t[1], t[2], t[3]), &n);
        hb_blob_t *tb = hb_face_reference_table(face, HB_TAG(t[0], t[1], t[2], t[3]));
        unsigned hn;
        const uint8_t *hd = (const uint8_t *)hb_blob_get_data(tb, &hn);
        if (n != hn || (n && d != hd && memcmp(d, hd, n) != 0)) fail(path, i, t, n, hn);
        hb_blob_destroy(tb);
    }
    names(path, i, &f, face);
    unsigned mapped = 0;
    for (uint32_t cp = 0; cp < 0x110000; cp++) {
        if (cp == 0x40000) cp = 0xE0000;
        if (cp == 0xE0200) cp = 0x10FFF0;
        hb_codepoint_t g = 0;
        if (!hb_font_get_nominal_glyph(font, cp, &g)) g = 0;
        uint32_t o = pw_sfnt_glyph(&f, cp);
        mapped += g != 0;
        if (o != g) {
            char what[32];
            snprintf(what, sizeof what, "glyph of U+%04X", cp);
            fail(path, i, what, o, g);
        }
    }
    for (uint32_t g = 0; g < f.nglyphs + 3; g++) {
        unsigned o = pw_sfnt_advance(&f, g), h = (unsigned)hb_font_get_glyph_h_advance(font, g);
        if (o != h) {
            char what[32];
            snprintf(what, sizeof what, "advance of glyph %u", g);
            fail(path, i, what, o, h);
        }
    }
    if (mapped > 100) glyphful++;
    hb_font_destroy(font);
    hb_face_destroy(face);
    pw_sfnt_close(&f);
}

static void file_cmp(const char *path)
{
    hb_blob_t *blob = hb_blob_create_from_file_or_fail(path);
    if (!blob) return;
    pw_sfnt f;
    if (pw_sfnt_open(&f, path, 0)) {
        unsigned n = hb_face_count(blob);
        if (pw_sfnt_faces(&f) != n && n) fail(path, 0, "faces", pw_sfnt_faces(&f), n);
        pw_sfnt_close(&f);
        for (unsigned i = 0; i < n && i < 12; i++) face_cmp(path, i, blob);
    }
    hb_blob_destroy(blob);
}

/* The smallest font file, and the smallest collection (of which the
 * first 256 KB are taken: its directories and first tables). */
static char smallest_path[2][4096];
static long smallest_size[2];

/* Every answer of a damaged face, for the sanitizers to watch. */
static unsigned long poke(const char *path)
{
    unsigned long sum = 0;
    pw_sfnt f;
    if (!pw_sfnt_open(&f, path, 0)) return 0;
    for (unsigned i = 0; i < 3; i++) {
        pw_sfnt_select(&f, i);
        for (uint32_t cp = 0; cp < 0x3000; cp += 7) sum += pw_sfnt_glyph(&f, cp);
        sum += pw_sfnt_glyph(&f, 0x4E2D) + pw_sfnt_glyph(&f, 0x20000) + pw_sfnt_faces(&f);
        for (uint32_t g = 0; g < f.nglyphs + 2 && g < 5000; g++) sum += pw_sfnt_advance(&f, g);
        char b[64];
        for (unsigned id = 0; id < 8; id++) sum += pw_sfnt_name(&f, id, b, sizeof b);
    }
    pw_sfnt_close(&f);
    return sum;
}

static int hostile(int which)
{
    FILE *in = fopen(smallest_path[which], "rb");
    if (!in) return 0;
    size_t n = (size_t)smallest_size[which];
    if (n > 256 * 1024) n = 256 * 1024;
    unsigned char *orig = malloc(n), *d = malloc(n);
    if (!orig || !d || fread(orig, 1, n, in) != n) {
        fclose(in);
        free(orig);
        free(d);
        return 0;
    }
    fclose(in);
    char tmp[] = "/tmp/sfnt_testXXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0) return 0;
    close(fd);
    uint32_t x = 2463534242u;
    unsigned long sum = 0;
    int runs = 0;
    for (; runs < 400; runs++) {
        memcpy(d, orig, n);
        size_t len = n;
        for (int k = 0; k < 1 + runs % 8; k++) {
            x ^= x << 13, x ^= x >> 17, x ^= x << 5;
            size_t at = runs % 2 ? x % (n < 4096 ? n : 4096) : x % n;
            d[at] = (unsigned char)(x >> 8);
        }
        if (runs % 5 == 0) len = x % n;
        FILE *out = fopen(tmp, "wb");
        if (!out) break;
        fwrite(d, 1, len, out);
        fclose(out);
        sum += poke(tmp);
    }
    remove(tmp);
    free(orig);
    free(d);
    printf("sfnt_test: %d damaged copies of %s read (checksum %lu)\n", runs, smallest_path[which],
           sum);
    return runs;
}

static void walk(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(p, &st) != 0) continue;
        const char *dot = strrchr(e->d_name, '.');
        if (S_ISDIR(st.st_mode))
            walk(p);
        else if (dot && (!strcasecmp(dot, ".ttf") || !strcasecmp(dot, ".otf") ||
                         !strcasecmp(dot, ".ttc") || !strcasecmp(dot, ".otc"))) {
            file_cmp(p);
            int k = !strcasecmp(dot, ".ttc") || !strcasecmp(dot, ".otc");
            if (st.st_size > 1024 && (!smallest_size[k] || st.st_size < smallest_size[k])) {
                smallest_size[k] = (long)st.st_size;
                snprintf(smallest_path[k], sizeof smallest_path[k], "%s", p);
            }
        }
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) walk(argv[i]);
    printf("sfnt_test: %d faces compared (%d with over 100 characters), %d differences\n", faces,
           glyphful, failures);
    if (!glyphful) {
        fprintf(stderr, "sfnt_test: no font with glyphs to compare under the directories given\n");
        return 1;
    }
    if (hostile(0) < 400 || (smallest_size[1] && hostile(1) < 400)) {
        fprintf(stderr, "sfnt_test: could not make the damaged copies\n");
        return 1;
    }
    return failures ? 1 : 0;
}
