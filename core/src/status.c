/* The status of a pipeline call (gd_status): one line naming the file and
 * the reason, the error code and the stage that failed. */
#include "internal.h"
#include "govdoc/gd_convert.h"

#include <stdlib.h>

void gd_status_clear(gd_status *st)
{
    if (!st) return;
    free(st->message);
    st->message = NULL;
    st->code = GD_OK;
    st->stage = GD_STAGE_NONE;
}

int gd__status_setv(gd_status *st, int code, gd_stage stage, const char *fmt, va_list ap)
{
    if (!st) return code;
    free(st->message);
    st->message = gd__vasprintf(fmt, ap);
    /* One line, always. */
    for (char *p = st->message; p && *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    st->code = code;
    st->stage = stage;
    return code;
}

int gd__status_set(gd_status *st, int code, gd_stage stage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gd__status_setv(st, code, stage, fmt, ap);
    va_end(ap);
    return rc;
}
