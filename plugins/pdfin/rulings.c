/* Drawn lines → rulings: horizontal and vertical segments on (nearly) the
 * same line that touch or overlap are merged into one, so a border drawn
 * cell by cell, or as a stroke plus a thin filled rectangle, becomes one
 * ruling. */
#include "pdfin.h"

#include <math.h>
#include <stdlib.h>

#define SAME_LINE 1.2f /* points between two segments on one ruling */
#define TOUCH     2.0f /* a gap along the ruling that is still the same line */

static int by_line(const void *a, const void *b)
{
    const pi_seg *x = a, *y = b;
    if (x->vert != y->vert) return x->vert - y->vert;
    if (x->c != y->c) return x->c < y->c ? -1 : 1;
    if (x->a0 != y->a0) return x->a0 < y->a0 ? -1 : 1;
    return 0;
}

static int by_start(const void *a, const void *b)
{
    const pi_seg *x = a, *y = b;
    if (x->a0 != y->a0) return x->a0 < y->a0 ? -1 : 1;
    return 0;
}

void pi_rulings_merge(pi_seg *s, size_t *n)
{
    size_t m = *n, out = 0;
    if (!m) return;
    qsort(s, m, sizeof *s, by_line);
    size_t i = 0;
    while (i < m) {
        /* a cluster: same orientation, positions within SAME_LINE of the previous */
        size_t j = i + 1;
        double sum = s[i].c;
        while (j < m && s[j].vert == s[i].vert && s[j].c - s[j - 1].c <= SAME_LINE)
            sum += s[j].c, j++;
        float c = (float)(sum / (double)(j - i));
        qsort(s + i, j - i, sizeof *s, by_start);
        pi_seg cur = s[i];
        for (size_t k = i + 1; k < j; k++) {
            if (s[k].a0 <= cur.a1 + TOUCH) {
                if (s[k].a1 > cur.a1) cur.a1 = s[k].a1;
            } else {
                cur.c = c;
                s[out++] = cur;
                cur = s[k];
            }
        }
        cur.c = c;
        s[out++] = cur;
        i = j;
    }
    *n = out;
}
