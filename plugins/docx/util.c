/* Small helpers: errors, strings, interned font names. (Growable UTF-8
 * buffers are the SDK helper library's gdh_buf.) */
#include "docx.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dx_fail(docx *dx, int code, const char *fmt, ...)
{
    if (dx->rc) return dx->rc;
    va_list ap;
    va_start(ap, fmt);
    if (dx->soft && code == GD_EFORMAT) {
        vsnprintf(dx->soft_msg, sizeof dx->soft_msg, fmt, ap);
        va_end(ap);
        dx->rc = code;
        return code;
    }
    gd_host->ctx_errorv(dx->ctx, code, fmt, ap);
    va_end(ap);
    dx->rc = code;
    return code;
}

void dx_soft_begin(docx *dx)
{
    dx->soft = true;
    dx->soft_msg[0] = 0;
}

int dx_soft_end(docx *dx, const char *what)
{
    dx->soft = false;
    if (dx->rc == GD_EFORMAT && dx->soft_msg[0]) {
        gd_ctx_warn(dx->ctx, "%s skipped: %s", what, dx->soft_msg);
        dx->rc = GD_OK;
        dx->soft_msg[0] = 0;
    }
    return dx->rc;
}

void dx_warn_once(docx *dx, unsigned bit, const char *fmt, ...)
{
    if (dx->warned & bit) return;
    dx->warned |= bit;
    va_list ap;
    va_start(ap, fmt);
    gd_host->ctx_warnv(dx->ctx, fmt, ap);
    va_end(ap);
}

char *dx_strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d) return NULL;
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

char *dx_strdup(const char *s)
{
    return s ? dx_strndup(s, strlen(s)) : NULL;
}

bool dx_streq_nocase(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z') x += 32;
        if (y >= 'A' && y <= 'Z') y += 32;
        if (x != y) return false;
        if (!x) return true;
    }
}

const char *dx_font_intern(docx *dx, const char *name)
{
    if (!name || !*name) return NULL;
    for (size_t i = 0; i < dx->nfonts; i++)
        if (strcmp(dx->fonts[i], name) == 0) return dx->fonts[i];
    if (dx->nfonts == dx->capfonts) {
        size_t cap = dx->capfonts ? dx->capfonts * 2 : 16;
        char **v = realloc(dx->fonts, cap * sizeof *v);
        if (!v) return NULL;
        dx->fonts = v;
        dx->capfonts = cap;
    }
    char *d = dx_strdup(name);
    if (!d) return NULL;
    dx->fonts[dx->nfonts++] = d;
    return d;
}

void dx_copy(char *dst, size_t cap, const char *src)
{
    size_t n = strlen(src);
    if (n >= cap) n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = 0;
}
