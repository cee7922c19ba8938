/* ranges.c: scattered pieces of a font file read with few system calls. */
#ifndef GD_PDF_RANGES_H
#define GD_PDF_RANGES_H

#include "pdfout.h"

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
