/* Lines of a plain-text document, and the small Unicode helpers they need. */
#include "txt.h"

#include "../common/cjk_rules.h"

#include <stdlib.h>
#include <string.h>

/* The rules shared with the PDF reader (../common/cjk_rules.c). */
int32_t txt_next_cp(const char *str, size_t len, size_t *i)
{
    return cjk_next_cp(str, len, i);
}

bool txt_is_cjk(int32_t cp)
{
    return cjk_is_wide(cp);
}

size_t txt_width(const char *s, size_t len)
{
    return cjk_width(s, len);
}

void txt_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    for (;;) {
        if (n && (p[0] == ' ' || p[0] == '\t' || p[0] == '\f' || p[0] == '\v')) {
            p++, n--;
        } else if (n >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0) { /* U+3000 */
            p += 3, n -= 3;
        } else if (n >= 2 && memcmp(p, "\xC2\xA0", 2) == 0) { /* NBSP */
            p += 2, n -= 2;
        } else {
            break;
        }
    }
    for (;;) {
        if (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\f' || p[n - 1] == '\v')) {
            n--;
        } else if (n >= 3 && memcmp(p + n - 3, "\xE3\x80\x80", 3) == 0) {
            n -= 3;
        } else if (n >= 2 && memcmp(p + n - 2, "\xC2\xA0", 2) == 0) {
            n -= 2;
        } else {
            break;
        }
    }
    *s = p;
    *len = n;
}

/* Removes every "[bookmark: NAME]" (Apache Tika's rendering of Word
 * bookmarks) from a line in place; returns the new length. */
static size_t strip_bookmarks(char *s, size_t len)
{
    static const char tag[] = "[bookmark:";
    const size_t tl = sizeof tag - 1;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        if (len - i > tl && memcmp(s + i, tag, tl) == 0) {
            const char *close = memchr(s + i + tl, ']', len - i - tl);
            if (close) {
                i = (size_t)(close - s) + 1;
                continue;
            }
        }
        s[o++] = s[i++];
    }
    return o;
}

int txt_lines_split(txt_lines *out, char *text, size_t len)
{
    out->v = NULL;
    out->n = 0;
    size_t cap = 0;
    uint32_t no = 0;
    size_t i = 0;
    while (i < len) {
        size_t start = i;
        while (i < len && text[i] != '\n' && text[i] != '\r') i++;
        size_t end = i;
        if (i < len) i += text[i] == '\r' && i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 256;
            txt_line *v = realloc(out->v, cap * sizeof *v);
            if (!v) return GD_ENOMEM;
            out->v = v;
        }
        size_t n = end - start;
        if (n >= 10 && memchr(text + start, '[', n)) n = strip_bookmarks(text + start, n);
        txt_line *l = &out->v[out->n++];
        l->s = text + start;
        l->len = n;
        l->no = ++no;
        l->tab = n > 0 && text[start] == '\t';
        const char *t = l->s;
        size_t tl = l->len;
        txt_trim(&t, &tl);
        l->blank = tl == 0;
    }
    return GD_OK;
}

void txt_lines_free(txt_lines *l)
{
    free(l->v);
    l->v = NULL;
    l->n = 0;
}
