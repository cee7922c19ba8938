/* A growable UTF-8 byte buffer (see buf.h). */
#include "govdoc/helpers/buf.h"

#include <govdoc/gd_types.h>
#include <stdlib.h>
#include <string.h>

int gdh_grow(char **p, size_t *cap, size_t need, size_t first)
{
    if (need <= *cap) return GD_OK;
    /* doubling keeps repeated appends linear in the bytes added */
    size_t c = *cap ? *cap : first ? first : 1;
    while (c < need) {
        if (c > SIZE_MAX / 2) return GD_ENOMEM;
        c *= 2;
    }
    char *q = realloc(*p, c);
    if (!q) return GD_ENOMEM;
    *p = q;
    *cap = c;
    return GD_OK;
}

int gdh_buf_add(gdh_buf *b, const void *s, size_t n)
{
    if (n > SIZE_MAX - 1 - b->len) return GD_ENOMEM;
    if (gdh_grow(&b->p, &b->cap, b->len + n + 1, 64)) return GD_ENOMEM;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
    return GD_OK;
}

int gdh_buf_addc(gdh_buf *b, char c)
{
    return gdh_buf_add(b, &c, 1);
}

size_t gdh_utf8_encode(uint32_t cp, char out[4])
{
    /* what cannot be a character is shown as the replacement character,
     * so the text stays valid UTF-8 whatever a file holds */
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12);
        out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18);
    out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

int gdh_buf_utf8(gdh_buf *b, uint32_t cp)
{
    char s[4];
    return gdh_buf_add(b, s, gdh_utf8_encode(cp, s));
}

void gdh_buf_clear(gdh_buf *b)
{
    b->len = 0;
    if (b->p) b->p[0] = 0;
}

void gdh_buf_free(gdh_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}
