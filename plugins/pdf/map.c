/* See map.h. Kept at most half full; Fibonacci hashing spreads the
 * consecutive glyph ids and code points a subset holds. */
#include "map.h"

#include <stdlib.h>

static bool init(pw_map *m, size_t want)
{
    size_t cap = 64;
    while (cap < want * 2) cap *= 2;
    m->k = malloc(cap * sizeof *m->k);
    m->v = calloc(cap, sizeof *m->v);
    m->mask = cap - 1;
    m->n = 0;
    return m->k && m->v;
}

static uint32_t *slot(const pw_map *m, uint32_t k)
{
    size_t i = (k * 2654435761u) & m->mask;
    while (m->v[i] && m->k[i] != k) i = (i + 1) & m->mask;
    return &m->v[i];
}

uint32_t pw_map_get(const pw_map *m, uint32_t k)
{
    return m->v ? *slot(m, k) : 0;
}

bool pw_map_set(pw_map *m, uint32_t k, uint32_t v)
{
    if (!m->v || (m->n + 1) * 2 > m->mask + 1) {
        pw_map big;
        if (!init(&big, m->v ? m->mask + 1 : 32)) {
            pw_map_free(&big);
            return false;
        }
        for (size_t i = 0; m->v && i <= m->mask; i++)
            if (m->v[i]) {
                uint32_t *s = slot(&big, m->k[i]);
                *s = m->v[i];
                big.k[s - big.v] = m->k[i];
            }
        big.n = m->n;
        pw_map_free(m);
        *m = big;
    }
    uint32_t *s = slot(m, k);
    m->k[s - m->v] = k;
    *s = v;
    m->n++;
    return true;
}

void pw_map_free(pw_map *m)
{
    free(m->k);
    free(m->v);
    *m = (pw_map){0};
}
