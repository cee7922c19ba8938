/* gdh_error: the first error is the cause. */
#include <govdoc/helpers/error.h>

#include <stdarg.h>
#include <stdio.h>

void gdh_error_clear(gdh_error *e)
{
    if (!e) return;
    e->code = GD_OK;
    e->message[0] = 0;
}

int gdh_error_set(gdh_error *e, int code, const char *fmt, ...)
{
    if (code >= 0) code = GD_ERROR;
    if (!e) return code;
    if (e->code < 0) return e->code;
    e->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return code;
}
