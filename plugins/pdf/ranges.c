/* Many small byte ranges of a font file, read with few system calls and
 * little memory touched. A subset needs a few thousand scattered pieces
 * of a 20 MB font (charstrings, subroutines, their offsets); touching
 * them through the file's mapping cost a page fault each (tens of µs on
 * this project's VMs), one pread each ~1.5 µs. Ranges close together
 * share one read into a small window, from which they are copied. */
#define _GNU_SOURCE
#include "ranges.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A window the size of a few pages: copying 8 KB costs about what one
 * more system call does, so neighbours closer than that share a read. */
enum { WINDOW = 32 * 1024, GAP = 8 * 1024 };

static int by_off(const void *a, const void *b)
{
    const pw_range *x = *(pw_range *const *)a, *y = *(pw_range *const *)b;
    return x->off < y->off ? -1 : x->off > y->off;
}

void pw_region_open(pw_region *rg, const pw_sfnt *face, const char *path, const uint8_t *d,
                    size_t n)
{
    *rg = (pw_region){-1, 0, d, n};
    const uint8_t *wd = face->map;
    if (path && d && wd && d >= wd && d + n <= wd + face->size) {
        rg->base = (uint64_t)(d - wd);
        rg->fd = open(path, O_RDONLY | O_CLOEXEC);
    }
}

void pw_region_close(pw_region *rg)
{
    if (rg->fd >= 0) close(rg->fd);
    rg->fd = -1;
}

void pw_region_read(const pw_region *rg, uint64_t off, size_t len, uint8_t *dst)
{
    if (rg->fd >= 0 && pread(rg->fd, dst, len, (off_t)(rg->base + off)) == (ssize_t)len) return;
    memcpy(dst, rg->map + off, len);
}

/* [lo, hi) of the region into dst. */
static void fill(const pw_region *rg, uint64_t lo, uint64_t hi, uint8_t *dst)
{
    pw_region_read(rg, lo, (size_t)(hi - lo), dst);
}

bool pw_ranges_read(const pw_region *rg, pw_range *r, size_t n, pw_buf *store)
{
    for (size_t i = 0; i < n; i++)
        if (r[i].off > rg->len || r[i].len > rg->len - r[i].off) return false;
    pw_range **ord = malloc(n * sizeof *ord);
    uint8_t *win = n ? malloc(WINDOW) : NULL;
    bool ok = !n || (ord && win);
    for (size_t i = 0; ok && i < n; i++) ord[i] = &r[i];
    if (ok) qsort(ord, n, sizeof *ord, by_off);
    for (size_t i = 0; ok && i < n;) {
        uint64_t lo = ord[i]->off, hi = lo + ord[i]->len;
        size_t j = i + 1;
        while (j < n && ord[j]->off <= hi + GAP && ord[j]->off + ord[j]->len - lo <= WINDOW) {
            if (ord[j]->off + ord[j]->len > hi) hi = ord[j]->off + ord[j]->len;
            j++;
        }
        if (hi - lo <= WINDOW) {
            fill(rg, lo, hi, win);
            for (size_t k = i; k < j; k++) {
                ord[k]->at = store->n;
                pw_buf_put(store, win + (ord[k]->off - lo), ord[k]->len);
            }
        } else { /* one range longer than the window: in window-sized pieces */
            ord[i]->at = store->n;
            for (uint64_t p = lo; p < hi; p += WINDOW) {
                uint64_t e = hi - p > WINDOW ? p + WINDOW : hi;
                fill(rg, p, e, win);
                pw_buf_put(store, win, (size_t)(e - p));
            }
        }
        ok = !store->oom;
        i = j;
    }
    free(win);
    free(ord);
    return ok;
}
