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

/* The charstrings of glyph 0 then `gids` (n in all) with every subroutine
 * call expanded, into *chars (emptied first), glyph i at offs[i], offs[n]
 * the end; read from the region `rg` (the CFF table). lsubr[fd] is FD
 * fd's local subroutines (NULL: none), fdof[i] glyph i's FD. False when a
 * charstring is malformed or memory ran out. */
bool pw_cff_charstrings(const pw_region *rg, const cff_index *charstrings, const cff_index *gsubr,
                        const cff_index *const *lsubr, const uint8_t *fdof, const uint32_t *gids,
                        size_t n, pw_buf *chars, size_t *offs);

#endif
