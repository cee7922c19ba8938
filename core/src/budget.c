/* The memory budget of a conversion (--max-memory).
 *
 * One budget per conversion, held by its document: the document's arena
 * charges every block it takes, and whatever the pipeline's plugins and the
 * core allocate while the conversion runs — through gd_mem_alloc and
 * friends, which any plugin can also hand to a library as its allocator —
 * is charged to the conversion in progress on this thread (set by the
 * pipeline around each plugin call). A charge that would go over the limit
 * fails and marks the budget exceeded; the pipeline then ends the
 * conversion with GD_ELIMIT, whatever the plugin made of the failure.
 *
 * Blocks are counted by their usable size (malloc_usable_size), so they
 * stay ordinary malloc blocks: freeing one with free(), or one from malloc()
 * with gd_free(), only makes the count drift a little (it never goes below
 * zero). */
#include "internal.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local gd_budget *current;

gd_budget *gd__budget_enter(gd_budget *b)
{
    gd_budget *old = current;
    current = b;
    return old;
}

void gd__budget_leave(gd_budget *old)
{
    current = old;
}

gd_budget *gd__budget_current(void)
{
    return current;
}

void gd__budget_init(gd_budget *b, size_t limit)
{
    memset(b, 0, sizeof *b);
    b->limit = limit;
}

bool gd__budget_charge(gd_budget *b, size_t n)
{
    if (!b) return true;
    if (b->limit && (n > b->limit || b->used > b->limit - n)) {
        b->exceeded = true;
        return false;
    }
    b->used += n;
    if (b->used > b->peak) b->peak = b->used;
    return true;
}

void gd__budget_force(gd_budget *b, size_t n)
{
    if (!b) return;
    b->used = b->used + n < b->used ? SIZE_MAX : b->used + n;
    if (b->used > b->peak) b->peak = b->used;
    if (b->limit && b->used > b->limit) b->exceeded = true;
}

void gd__budget_release(gd_budget *b, size_t n)
{
    if (b) b->used = n > b->used ? 0 : b->used - n;
}

/* ---- the allocator plugins (and the core) use ---- */

void *gd_mem_alloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) return NULL;
    if (!gd__budget_charge(current, malloc_usable_size(p))) {
        free(p);
        return NULL;
    }
    return p;
}

void *gd_mem_realloc(void *ptr, size_t size)
{
    if (!ptr) return gd_mem_alloc(size);
    if (!size) size = 1;
    size_t old = malloc_usable_size(ptr);
    /* Charge the growth first, so a refused charge leaves ptr as it was. */
    size_t pre = size > old ? size - old : 0;
    if (!gd__budget_charge(current, pre)) return NULL;
    void *p = realloc(ptr, size);
    if (!p) {
        gd__budget_release(current, pre);
        return NULL;
    }
    size_t now = malloc_usable_size(p);
    /* settle to what the block really is now */
    gd__budget_release(current, pre + old);
    gd__budget_force(current, now);
    return p;
}

char *gd_mem_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s);
    char *p = gd_mem_alloc(n + 1);
    if (p) memcpy(p, s, n + 1);
    return p;
}

void gd_free(void *ptr)
{
    if (!ptr) return;
    gd__budget_release(current, malloc_usable_size(ptr));
    free(ptr);
}

int gd_mem_charge(size_t bytes)
{
    gd__budget_force(current, bytes);
    return current && current->exceeded ? GD_ELIMIT : GD_OK;
}

void gd_mem_release(size_t bytes)
{
    gd__budget_release(current, bytes);
}
