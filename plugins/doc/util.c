/* Small helpers: buffers, errors, the OLE2 signature. */
#include "doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int wd_buf_add(wd_buf *b, const void *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        while (cap < b->len + n + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return GD_ENOMEM;
        b->p = p;
        b->cap = cap;
    }
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
    return GD_OK;
}

int wd_buf_utf8(wd_buf *b, uint32_t cp)
{
    char tmp[4];
    size_t n = gd_utf8_encode(cp, tmp);
    return wd_buf_add(b, tmp, n);
}

void wd_buf_free(wd_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

int wd_fail(wd *w, int code, const char *fmt, ...)
{
    if (w->rc) return w->rc;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    w->rc = gd_ctx_error(w->ctx, code, "%s", msg);
    return w->rc;
}

char *wd_strdup(const char *s)
{
    size_t n = strlen(s);
    char *c = malloc(n + 1);
    if (c) memcpy(c, s, n + 1);
    return c;
}

bool wd_is_ole2(const uint8_t *p, size_t n)
{
    static const uint8_t magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    return n >= 8 && memcmp(p, magic, 8) == 0;
}
