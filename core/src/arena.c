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
}

void gd__arena_release(gd_arena *a)
{
    gd_arena_block *b = a->head;
    while (b) {
        gd_arena_block *next = b->next;
        free(b);
        b = next;
    }
    a->head = NULL;
    a->total = 0;
}

void *gd__arena_alloc(gd_arena *a, size_t size)
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
        gd_arena_block *nb = malloc(sizeof *nb + cap);
        if (!nb) return NULL;
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
    memset(p, 0, size);
    return p;
}

char *gd__arena_strndup(gd_arena *a, const char *s, size_t n)
{
    char *p = gd__arena_alloc(a, n + 1);
    if (!p) return NULL;
    if (n) memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *gd__arena_strdup(gd_arena *a, const char *s)
{
    return s ? gd__arena_strndup(a, s, strlen(s)) : NULL;
}
