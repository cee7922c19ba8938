/* Formatting for the report's messages and cells: printf into the
 * document's arena, and a value written as the template writes it. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *gd__report_printf(gd_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *tmp = gd__vasprintf(fmt, ap);
    va_end(ap);
    char *s = tmp ? gd__arena_strdup(&doc->arena, tmp) : NULL;
    free(tmp);
    return s;
}

void gd__report_format_value(char *buf, size_t n, double v)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, n, "%.0f", v);
        return;
    }
    /* up to six decimals (万元 amounts), without trailing zeros */
    snprintf(buf, n, "%.6f", v);
    char *e = buf + strlen(buf);
    while (e > buf && e[-1] == '0') *--e = 0;
    if (e > buf && e[-1] == '.') e[-1] = 0;
}
