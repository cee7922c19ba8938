/* cff.c and cff_chars.c: the parts of a CFF table both need. */
#ifndef GD_PDF_CFF_INTERNAL_H
#define GD_PDF_CFF_INTERNAL_H

#include "ranges.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* An INDEX: `count` entries whose offsets (`osz` bytes each) start at
 * at + 3; entry i's bytes are data + offset[i] .. data + offset[i + 1]
 * (offsets are 1-based, hence data = the offsets' end - 1). */
typedef struct cff_index {
    unsigned count, osz;
    size_t at, data, end; /* end: 0 when not read */
} cff_index;

/* The charstrings of a face's glyphs with every subroutine call expanded
 * (cff_chars.c), read from the region `rg` (the CFF table). lsubr[fd] is
 * FD fd's local subroutines (NULL: none). What is read is kept: glyphs can
 * be read as pages are laid out (cff_store_read, on the writer's second
 * thread), then expanded at the end. */
typedef struct cff_store cff_store;
cff_store *cff_store_new(const pw_region *rg, const cff_index *charstrings, const cff_index *gsubr,
                         const cff_index *const *lsubr);
void cff_store_free(cff_store *s);
/* Reads glyphs `gids` (n; fdof[i]: glyph i's FD) and the subroutines they
 * call, those not read before. False when out of memory. */
bool cff_store_read(cff_store *s, const uint32_t *gids, const uint8_t *fdof, size_t n);
/* Glyphs `gids` expanded into *chars (emptied first), glyph i at offs[i],
 * offs[n] the end. False when a charstring is malformed or memory ran out. */
bool cff_store_expand(cff_store *s, const uint32_t *gids, const uint8_t *fdof, size_t n,
                      pw_buf *chars, size_t *offs);

#endif
