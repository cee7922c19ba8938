/* Fuzz targets, one per reader: the bytes go to that reader (forced, not
 * probed) and the document through every writer, in memory. Built for
 * libFuzzer with -DGD_FUZZ=ON (clang) as fuzz_<target>; fuzz_replay.c runs
 * the same function over files under plain ctest (the findings kept in
 * tests/fuzz/corpus/<target>/).
 *
 * GD_FUZZ_READER names the reader ("txt", "html", "docx", and "doc" or
 * "pdf" once those readers exist: a target is one line in CMakeLists.txt).
 * With GD_FUZZ_DOCX_PARTS the input is not a .docx but the XML of its
 * parts — document.xml, then numbering.xml, styles.xml, footnotes.xml,
 * separated by lines "--part--" — packed here into a valid package, so the
 * fuzzer spends its time in the XML and not in breaking ZIP checksums. */
#include "fuzz_common.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#ifndef GD_FUZZ_READER
#error "define GD_FUZZ_READER"
#endif

#ifdef GD_FUZZ_DOCX_PARTS
/* ---- a stored (uncompressed) ZIP in memory ---- */
typedef struct zbuf {
    uint8_t *p;
    size_t len, cap;
} zbuf;

static void zput(zbuf *z, const void *d, size_t n)
{
    if (z->len + n > z->cap) {
        size_t cap = z->cap ? z->cap * 2 : 4096;
        while (cap < z->len + n) cap *= 2;
        uint8_t *p = realloc(z->p, cap);
        if (!p) abort();
        z->p = p;
        z->cap = cap;
    }
    memcpy(z->p + z->len, d, n);
    z->len += n;
}

static void z16(zbuf *z, unsigned v)
{
    uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};
    zput(z, b, 2);
}

static void z32(zbuf *z, unsigned long v)
{
    uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};
    zput(z, b, 4);
}

typedef struct zentry {
    const char *name;
    const uint8_t *data;
    size_t len;
} zentry;

static void zip_stored(zbuf *z, const zentry *e, int n)
{
    unsigned long offs[16], crcs[16];
    for (int i = 0; i < n; i++) {
        offs[i] = (unsigned long)z->len;
        crcs[i] = crc32(0, e[i].data, (uInt)e[i].len);
        z32(z, 0x04034b50);
        z16(z, 20), z16(z, 0), z16(z, 0), z16(z, 0), z16(z, 0);
        z32(z, crcs[i]), z32(z, (unsigned long)e[i].len), z32(z, (unsigned long)e[i].len);
        z16(z, (unsigned)strlen(e[i].name)), z16(z, 0);
        zput(z, e[i].name, strlen(e[i].name));
        zput(z, e[i].data, e[i].len);
    }
    unsigned long cd = (unsigned long)z->len;
    for (int i = 0; i < n; i++) {
        z32(z, 0x02014b50);
        z16(z, 20), z16(z, 20), z16(z, 0), z16(z, 0), z16(z, 0), z16(z, 0);
        z32(z, crcs[i]), z32(z, (unsigned long)e[i].len), z32(z, (unsigned long)e[i].len);
        z16(z, (unsigned)strlen(e[i].name)), z16(z, 0), z16(z, 0), z16(z, 0), z16(z, 0);
        z32(z, 0), z32(z, offs[i]);
        zput(z, e[i].name, strlen(e[i].name));
    }
    unsigned long cdlen = (unsigned long)z->len - cd;
    z32(z, 0x06054b50);
    z16(z, 0), z16(z, 0), z16(z, (unsigned)n), z16(z, (unsigned)n);
    z32(z, cdlen), z32(z, cd), z16(z, 0);
}

#define S(x) (const uint8_t *)(x), sizeof(x) - 1
static const char content_types[] =
    "<?xml version=\"1.0\"?><Types "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    "<Default Extension=\"rels\" "
    "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    "<Override PartName=\"/word/document.xml\" "
    "ContentType=\"application/"
    "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>";
static const char rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
    "officeDocument\" Target=\"word/document.xml\"/></Relationships>";
static const char doc_rels[] =
    "<?xml version=\"1.0\"?><Relationships "
    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rIdN\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" "
    "Target=\"numbering.xml\"/>"
    "<Relationship Id=\"rIdS\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" "
    "Target=\"styles.xml\"/>"
    "<Relationship Id=\"rIdF\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes\" "
    "Target=\"footnotes.xml\"/>"
    "<Relationship Id=\"rIdL\" "
    "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink\" "
    "Target=\"http://example.org/\" TargetMode=\"External\"/></Relationships>";

/* Splits the input at "\n--part--\n" into up to four parts. */
static size_t split_parts(const uint8_t *d, size_t n, const uint8_t **part, size_t *len)
{
    static const char sep[] = "\n--part--\n";
    size_t k = 0, start = 0;
    for (size_t i = 0; i + sizeof sep - 1 <= n && k < 3; i++) {
        if (memcmp(d + i, sep, sizeof sep - 1) == 0) {
            part[k] = d + start;
            len[k++] = i - start;
            start = i + sizeof sep - 1;
            i = start - 1;
        }
    }
    part[k] = d + start;
    len[k++] = n - start;
    return k;
}
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gd_registry *reg = gd_fuzz_registry();
    gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
    o.from = GD_FUZZ_READER;
    /* a budget small enough that the fuzzer finds what crosses it */
    o.max_memory = 64u << 20;
    const uint8_t *in = data;
    size_t len = size;
#ifdef GD_FUZZ_DOCX_PARTS
    const uint8_t *part[4];
    size_t plen[4];
    size_t np = split_parts(data, size, part, plen);
    static const char *const names[] = {"word/document.xml", "word/numbering.xml",
                                        "word/styles.xml", "word/footnotes.xml"};
    zentry e[8] = {{"[Content_Types].xml", S(content_types)},
                   {"_rels/.rels", S(rels)},
                   {"word/_rels/document.xml.rels", S(doc_rels)}};
    int ne = 3;
    for (size_t i = 0; i < np; i++) e[ne++] = (zentry){names[i], part[i], plen[i]};
    zbuf z = {0};
    zip_stored(&z, e, ne);
    in = z.p;
    len = z.len;
#endif
    gd_status st = {0};
    gd_fuzz_convert(reg, in, len, "fuzz-input", &o, &st);
    gd_status_clear(&st);
#ifdef GD_FUZZ_DOCX_PARTS
    free(z.p);
#endif
    return 0;
}
