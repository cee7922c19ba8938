/* One arena per write: every layout object is freed at once at the end. */
#include "pdf.h"

#include <stdlib.h>
#include <string.h>

struct pw_chunk {
    pw_chunk *next;
    size_t used, size;
    max_align_t data[];
};

static size_t rounded(size_t size)
{
    return (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
}

/* Not cleared: for callers that fill what they take. */
static void *alloc_raw(pw_arena *a, size_t size)
{
    size = rounded(size);
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
    return p;
}

void *pw_alloc(pw_arena *a, size_t size)
{
    void *p = alloc_raw(a, size);
    if (p) memset(p, 0, size);
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
    /* From 2: most arrays are a line's runs or a table cell's lines (one
     * or two), and eight 48-byte items per line and per cell faulted in
     * ~400 KB for the seed's tables. */
    size_t nc = *cap ? *cap * 2 : 2;
    while (nc < need) nc *= 2;
    size_t old = *v ? *cap * elt : 0, want = nc * elt;
    /* The array was the arena's last allocation and its chunk has room:
     * it grows where it is. Else a copy, and the old array is dead until
     * the arena is released. Growing by doubling with copies kept about
     * twice the memory alive, every page of it faulted in and cleared. */
    pw_chunk *c = a->head;
    if (old && c && (char *)*v + rounded(old) == (char *)c->data + c->used &&
        c->size - c->used >= rounded(want) - rounded(old)) {
        c->used += rounded(want) - rounded(old);
    } else {
        void *p = alloc_raw(a, want);
        if (!p) return GD_ENOMEM;
        if (old) memcpy(p, *v, old);
        *v = p;
    }
    memset((char *)*v + old, 0, want - old);
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
