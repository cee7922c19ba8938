/* A uint32 -> uint32 hash map, open addressing: the glyphs and code
 * points of a subset (embed.c, ttsub.c), a few hundred of 30 000-65 000.
 * (A table indexed by glyph cost a cleared 4 bytes per glyph of the font,
 * and its scattered pages were faulted in.) Zero-initialised is empty. */
#ifndef GD_PDF_MAP_H
#define GD_PDF_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pw_map {
    uint32_t *k, *v; /* v 0: an empty slot */
    size_t mask, n;
} pw_map;

/* The value of k, 0 if absent. */
uint32_t pw_map_get(const pw_map *m, uint32_t k);
/* Sets k -> v (v non-zero, k absent); false when out of memory. */
bool pw_map_set(pw_map *m, uint32_t k, uint32_t v);
void pw_map_free(pw_map *m);

#endif
