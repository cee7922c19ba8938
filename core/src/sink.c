/* Sinks: writers emit bytes here; the pipeline decides where they land
 * (a temporary file renamed when complete, or memory). Errors are sticky. */
#include "internal.h"

#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int mem_write(gd_sink *s, const void *data, size_t len)
{
    if (s->len + len < s->len) return GD_ENOMEM;
    if (s->len + len > s->cap) {
        size_t cap = s->cap ? s->cap : 4096;
        while (cap < s->len + len) {
            if (cap > SIZE_MAX / 2) return GD_ENOMEM;
            cap *= 2;
        }
        uint8_t *b = gd_mem_realloc(s->buf, cap); /* charged to the conversion */
        if (!b) return GD_ENOMEM;
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, len);
    s->len += len;
    return GD_OK;
}

static int file_write(gd_sink *s, const void *data, size_t len)
{
    if (fwrite(data, 1, len, (FILE *)s->fp) != len) return GD_EIO;
    s->len += len;
    return GD_OK;
}

int gd_sink_new_memory(gd_sink **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return GD_ENOMEM;
    (*out)->write = mem_write;
    return GD_OK;
}

int gd__sink_new_file(gd_sink **out, void *fp)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return GD_ENOMEM;
    (*out)->write = file_write;
    (*out)->fp = fp;
    return GD_OK;
}

const uint8_t *gd_sink_memory_data(const gd_sink *s, size_t *len)
{
    if (len) *len = s ? s->len : 0;
    return s ? s->buf : NULL;
}

void gd_sink_free(gd_sink *s)
{
    if (!s) return;
    free(s->buf); /* its charge was settled by gd__sink_settle */
    free(s);
}

void gd__sink_settle(gd_sink *s, gd_budget *b)
{
    /* The buffer grew while a writer ran, charged to its conversion; from
     * now on it is the caller's, and the conversion's budget lets it go. */
    if (s && s->write == mem_write && s->buf) gd__budget_release(b, malloc_usable_size(s->buf));
}

int gd_sink_write(gd_sink *s, const void *data, size_t len)
{
    if (!s) return GD_EUSER;
    if (s->error) return s->error;
    if (!len) return GD_OK;
    int rc = s->write(s, data, len);
    if (rc) s->error = rc;
    return rc;
}

int gd_sink_vprintf(gd_sink *s, const char *fmt, va_list ap)
{
    char small[512];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap2);
    va_end(ap2);
    if (n < 0) return gd_sink_write(s, "", 0);
    if ((size_t)n < sizeof small) return gd_sink_write(s, small, (size_t)n);
    char *big = gd__vasprintf(fmt, ap);
    if (!big) return s->error = GD_ENOMEM;
    int rc = gd_sink_write(s, big, (size_t)n);
    free(big);
    return rc;
}

int gd_sink_printf(gd_sink *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gd_sink_vprintf(s, fmt, ap);
    va_end(ap);
    return rc;
}
