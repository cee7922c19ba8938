/* Small helpers: errors, strings, the OLE2 signature. (Growable UTF-8
 * buffers are the SDK helper library's gdh_buf.) */
#include "doc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
