/* Display lists: the positioned items that layout produces and emit.c
 * turns into PDF operators. */
#include "pdf.h"

#include <string.h>

/* A page keeps its own copy of each item's string. */
static int own_string(pw_box *b, pw_item *it)
{
    if (!b->own || !it->s) return GD_OK;
    size_t n = it->kind == PW_IT_TEXT ? it->len : strlen(it->s);
    const char *s = pw_strndup(b->own, it->s, n);
    if (!s) return GD_ENOMEM;
    it->s = s;
    return GD_OK;
}

int pw_box_add(pw_arena *a, pw_box *b, const pw_item *it)
{
    if (b->own) a = b->own;
    if (pw_grow(a, (void **)&b->v, &b->cap, b->n + 1, sizeof *b->v)) return GD_ENOMEM;
    b->v[b->n] = *it;
    if (own_string(b, &b->v[b->n])) return GD_ENOMEM;
    b->n++;
    return GD_OK;
}

int pw_box_append(pw_arena *a, pw_box *dst, const pw_box *src, float dx, float dy, float y0,
                  float y1)
{
    if (dst->own) a = dst->own;
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
        if (own_string(dst, &it)) return GD_ENOMEM;
        dst->v[dst->n++] = it;
    }
    return GD_OK;
}
