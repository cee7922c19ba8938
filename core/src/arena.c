/* Bump allocator: a document's nodes, strings and resources live in one
 * arena, so freeing a document is freeing a short list of blocks. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

struct gd_arena_block {
    gd_arena_block *next;
    size_t used, cap;
    _Alignas(max_align_t) unsigned char data[];
};

#define ARENA_MIN_BLOCK (64u * 1024u)
#define ARENA_ALIGN     (_Alignof(max_align_t))

void gd__arena_init(gd_arena *a)
{
    a->head = NULL;
    a->total = 0;
    a->budget = NULL;
}

void gd__arena_release(gd_arena *a)
{
    gd_arena_block *b = a->head;
    while (b) {
        gd_arena_block *next = b->next;
        gd__budget_release(a->budget, sizeof *b + b->cap);
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

static void *arena_alloc(gd_arena *a, size_t size, bool zero)
{
    if (size > SIZE_MAX / 2) return NULL;
    size = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
    gd_arena_block *b = a->head;
    if (!b || b->cap - b->used < size) {
        /* Blocks grow with the arena so big documents need few mallocs; a
         * large request gets a block of its own behind the current one. */
        size_t cap = a->total / 4;
        if (cap < ARENA_MIN_BLOCK) cap = ARENA_MIN_BLOCK;
        if (cap > 16u * 1024 * 1024) cap = 16u * 1024 * 1024;
        if (cap < size) cap = size;
        /* a block that would pass the budget is refused before it exists */
        if (!gd__budget_charge(a->budget, sizeof(gd_arena_block) + cap)) return NULL;
        gd_arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb) {
            gd__budget_release(a->budget, sizeof *nb + cap);
            return NULL;
        }
        nb->used = 0;
        nb->cap = cap;
        a->total += cap;
        if (b && cap == size && b->cap - b->used > ARENA_MIN_BLOCK / 8) {
            nb->next = b->next;
            b->next = nb;
        } else {
            nb->next = b;
            a->head = nb;
        }
        b = nb;
    }
    void *p = b->data + b->used;
    b->used += size;
    if (zero) memset(p, 0, size);
    return p;
}

void *gd__arena_alloc(gd_arena *a, size_t size)
{
    return arena_alloc(a, size, true);
}

void *gd__arena_alloc_raw(gd_arena *a, size_t size)
{
    return arena_alloc(a, size, false);
}

static size_t aligned(size_t n)
{
    return (n + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
}

void *gd__arena_grow(gd_arena *a, void *p, size_t old, size_t size)
{
    if (!p || size > SIZE_MAX / 2) return NULL;
    size_t o = aligned(old), n = aligned(size);
    if (n <= o) return p;
    /* the last allocation of the current block, with room after it */
    gd_arena_block *b = a->head;
    if (b && (unsigned char *)p + o == b->data + b->used && b->cap - b->used >= n - o) {
        b->used += n - o;
        return p;
    }
    /* a block of its own (a big text growing by appends): room is kept
     * ahead (half as much again), so that n appends cost O(n) copying with
     * any allocator — relying on realloc to extend in place made it O(n^2)
     * under ASan, whose realloc always copies */
    gd_arena_block *prev = NULL;
    for (b = a->head; b; prev = b, b = b->next)
        if (b->data == (unsigned char *)p) break;
    if (!b || b->used != o) return NULL;
    if (b->cap >= n) {
        b->used = n;
        return p;
    }
    size_t cap = o + o / 2 > n ? o + o / 2 : n;
    if (!gd__budget_charge(a->budget, cap - b->cap)) return NULL;
    gd_arena_block *nb = realloc(b, sizeof *nb + cap);
    if (!nb) {
        gd__budget_release(a->budget, cap - b->cap);
        return NULL;
    }
    a->total += cap - nb->cap;
    nb->used = n;
    nb->cap = cap;
    if (prev)
        prev->next = nb;
    else
        a->head = nb;
    return nb->data;
}

char *gd__arena_strndup(gd_arena *a, const char *s, size_t n)
{
    char *p = gd__arena_alloc_raw(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *gd__arena_strdup(gd_arena *a, const char *s)
{
    return s ? gd__arena_strndup(a, s, strlen(s)) : NULL;
}
