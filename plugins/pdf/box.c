/* Display lists: the positioned items that layout produces and emit.c
 * turns into PDF operators. */
#include "pdf.h"

int pw_box_add(pw_arena *a, pw_box *b, const pw_item *it)
{
    if (pw_grow(a, (void **)&b->v, &b->cap, b->n + 1, sizeof *b->v)) return GD_ENOMEM;
    b->v[b->n++] = *it;
    return GD_OK;
}

int pw_box_append(pw_arena *a, pw_box *dst, const pw_box *src, float dx, float dy, float y0,
                  float y1)
{
    if (pw_grow(a, (void **)&dst->v, &dst->cap, dst->n + src->n, sizeof *dst->v)) return GD_ENOMEM;
    for (size_t i = 0; i < src->n; i++) {
        pw_item it = src->v[i];
        if (y1 > y0) {
            /* A text item belongs to the slice holding its baseline's line
             * top (baseline minus ascent); boxes to the one holding their top. */
            float top = it.kind == PW_IT_TEXT ? it.y - it.size * 0.88f : it.y;
            if (top < y0 - 0.01f || top >= y1 - 0.01f) continue;
        }
        it.x += dx;
        it.y += dy;
        dst->v[dst->n++] = it;
    }
    return GD_OK;
}
