/* The process heap: how a short conversion spends least on first touches
 * of memory. */
#define _GNU_SOURCE /* sbrk, MADV_HUGEPAGE */
#include "cli.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

enum { HUGE_PAGE = 2u << 20, TOP_PAD = 16u << 20 };

#if !defined(__SANITIZE_ADDRESS__)
/* The rest of the heap's first, partly used huge page: allocated once and
 * never touched (kept so that leak checkers see it reachable). */
static void *first_rest __attribute__((used));
#endif

/* Asks for transparent huge pages over the heap's untouched top. The heap
 * is grown by TOP_PAD at once; what follows the first 2 MB boundary past
 * the blocks already used is advised MADV_HUGEPAGE, and the space up to
 * that boundary is taken so that every later block comes from huge pages.
 * Costs nothing where the kernel has no transparent huge pages (madvise
 * fails) or gives none (small pages, as before). */
static void huge_top(void)
{
#if !defined(__SANITIZE_ADDRESS__)
    void *probe = malloc(1); /* makes the heap if there is none yet */
    if (!probe) return;
    uintptr_t end = (uintptr_t)sbrk(0);
    uintptr_t top = end - mallinfo2().keepcost; /* the top block: untouched past its header */
    uintptr_t huge = (top + 64 + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    if (top < end && huge + HUGE_PAGE <= end &&
        madvise((void *)huge, end - huge, MADV_HUGEPAGE) == 0 && huge - top > 4096)
        first_rest = malloc(huge - top - 32); /* its successor's header ends at `huge` */
    free(probe);
#endif
}

/* The first touch of a page is the dearest thing a short conversion does
 * on small virtual machines (~15 µs each on the project's; a 2 MB huge
 * page costs ~0.1 ms). glibc gives blocks of 128 KB and more their own
 * mapping, unmapped when freed, so the next one faults again: they come
 * from the heap here, where freed memory is reused, and the heap's top is
 * kept up to 16 MB. One arena: the PDF writer's second thread reuses this
 * thread's freed memory too. DOCX -> PDF of the seed: 1 233 -> 1 089 page
 * faults with the arena settings, 730 -> 209 with huge pages. */
void cli_heap_tune(void)
{
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
    mallopt(M_TOP_PAD, TOP_PAD);
    mallopt(M_ARENA_MAX, 1);
    huge_top();
}
