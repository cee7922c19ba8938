/* The few OpenType/TrueType tables the PDF writer reads itself: the table
 * directory (collections too), cmap, hmtx, head, maxp and name. HarfBuzz
 * did this before; loading it (and the glib, FreeType, Graphite, PCRE2 and
 * Brotli it links) was ~3 ms of every PDF, for look-ups that need none of
 * its shaping. The answers are HarfBuzz 6's, checked against it for every
 * installed font by tests/pdf/sfnt_test.c. */
#ifndef GD_PDF_SFNT_H
#define GD_PDF_SFNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Big-endian numbers, as every font table stores them. */
static inline uint16_t pw_be16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t pw_be32(const uint8_t *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

#define PW_TAG(a, b, c, d)                                                                         \
    ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (uint32_t)(d))

typedef struct pw_sfnt {
    const uint8_t *map; /* the whole file, mapped (owned) */
    size_t size;
    unsigned index;     /* the face's in a collection */
    const uint8_t *dir; /* this face's table records (16 bytes each) */
    unsigned ntables;
    const uint8_t *cmap; /* the chosen subtable (NULL: none) */
    size_t cmap_n;
    bool symbol; /* (3,0): U+0000..00FF also looked up at U+F000.. */
    const uint8_t *hmtx;
    unsigned nlong, nadvances; /* hmtx's extents, as HarfBuzz counts them */
    unsigned upem, nglyphs;
} pw_sfnt;

/* Maps the font file `path` and reads face `index` of it (0 unless it is
 * a collection). Returns false if the file cannot be read or has no such
 * face. A face without the tables asked for answers "absent" to them. */
bool pw_sfnt_open(pw_sfnt *f, const char *path, unsigned index);
void pw_sfnt_close(pw_sfnt *f);
/* Reads face `index` of the open file instead. */
void pw_sfnt_select(pw_sfnt *f, unsigned index);
/* The number of faces in the open file: a collection's count, else 1. */
unsigned pw_sfnt_faces(const pw_sfnt *f);
/* Table `tag` of the face, in the mapping; NULL (and *n 0) if absent. */
const uint8_t *pw_sfnt_table(const pw_sfnt *f, uint32_t tag, size_t *n);
/* The glyph cmap gives code point `cp`, or 0. */
uint32_t pw_sfnt_glyph(const pw_sfnt *f, uint32_t cp);
/* The horizontal advance of glyph `gid`, in font units. */
unsigned pw_sfnt_advance(const pw_sfnt *f, uint32_t gid);
/* English name `id` (1 family, 6 PostScript name) as UTF-8 in buf (at
 * most n - 1 bytes, whole characters, NUL-terminated); its length, 0 if
 * the face has none. */
size_t pw_sfnt_name(const pw_sfnt *f, unsigned id, char *buf, size_t n);

#endif
