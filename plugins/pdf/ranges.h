/* ranges.c: a font table read from its file, and scattered pieces of it
 * read with few system calls. */
#ifndef GD_PDF_RANGES_H
#define GD_PDF_RANGES_H

#include "pdfout.h"
#include "sfnt.h"

#include <stdbool.h>
#include <stdint.h>

/* A region of a file (a font table): `len` bytes from `base` in `fd`,
 * which `map` also holds (read from when fd < 0 or a read fails). */
typedef struct pw_region {
    int fd;
    uint64_t base;
    const uint8_t *map;
    size_t len;
} pw_region;

/* The region of a face's table (`d`, n bytes, in the face's mapping of
 * the file `path`): read from the file when it can be opened and the table
 * lies in the mapping, else from the mapping (path NULL: always). */
void pw_region_open(pw_region *rg, const pw_sfnt *face, const char *path, const uint8_t *d,
                    size_t n);
void pw_region_close(pw_region *rg);
/* [off, off + len) of the region into dst (the caller keeps it within). */
void pw_region_read(const pw_region *rg, uint64_t off, size_t len, uint8_t *dst);

typedef struct pw_range {
    uint64_t off; /* from the region's start */
    uint32_t len;
    size_t at; /* set by pw_ranges_read: where its bytes are in the store */
} pw_range;

/* Appends the bytes of every range to *store (the caller's, as is r) and
 * sets each range's `at`. False when a range lies outside the region or
 * memory ran out. */
bool pw_ranges_read(const pw_region *rg, pw_range *r, size_t n, pw_buf *store);

#endif
