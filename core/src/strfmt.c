/* printf into fresh strings. Its own file: the template compiler
 * (core/tools) links it without the rest of the core. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>

char *gd__vasprintf(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    if (n < 0) return NULL;
    char *p = malloc((size_t)n + 1);
    if (p) vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *gd__asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = gd__vasprintf(fmt, ap);
    va_end(ap);
    return p;
}
