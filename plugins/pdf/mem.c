/* One arena per write: every layout object is freed at once at the end. */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>

struct pw_chunk {
    pw_chunk *next;
    size_t used, size;
    max_align_t data[];
};

void *pw_alloc(pw_arena *a, size_t size)
{
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    pw_chunk *c = a->head;
    if (!c || c->size - c->used < size) {
        size_t cap = size > 60000 ? size : 64000;
        c = gd_mem_alloc(sizeof *c + cap); /* charged to the conversion's budget */
        if (!c) return NULL;
        c->size = cap;
        c->used = 0;
        c->next = a->head;
        a->head = c;
        a->bytes += cap;
    }
    void *p = (char *)c->data + c->used;
    c->used += size;
    memset(p, 0, size);
    return p;
}

char *pw_strndup(pw_arena *a, const char *s, size_t n)
{
    char *p = pw_alloc(a, n + 1);
    if (p) memcpy(p, s, n);
    return p;
}

int pw_grow(pw_arena *a, void **v, size_t *cap, size_t need, size_t elt)
{
    if (need <= *cap) return GD_OK;
    size_t nc = *cap ? *cap * 2 : 8;
    while (nc < need) nc *= 2;
    void *p = pw_alloc(a, nc * elt);
    if (!p) return GD_ENOMEM;
    if (*v && *cap) memcpy(p, *v, *cap * elt);
    *v = p;
    *cap = nc;
    return GD_OK;
}

void pw_arena_release(pw_arena *a)
{
    while (a->head) {
        pw_chunk *n = a->head->next;
        gd_free(a->head);
        a->head = n;
    }
    a->bytes = 0;
}
