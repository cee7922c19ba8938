/* Lines of a plain-text document, and the small Unicode helpers they need. */
#define _GNU_SOURCE
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

/* Copies a line without its "[bookmark: NAME]" markers (Apache Tika's
 * rendering of Word bookmarks) into dst; returns the new length. One pass:
 * a marker with no "]" after it is kept as text, and so is every marker
 * after it (none of them can close either). */
static size_t strip_bookmarks(char *dst, const char *s, size_t len)
{
    static const char tag[] = "[bookmark:";
    const size_t tl = sizeof tag - 1;
    size_t o = 0;
    bool unclosed = false;
    for (size_t i = 0; i < len;) {
        if (!unclosed && s[i] == '[' && len - i > tl && memcmp(s + i, tag, tl) == 0) {
            const char *close = memchr(s + i + tl, ']', len - i - tl);
            if (close) {
                i = (size_t)(close - s) + 1;
                continue;
            }
            unclosed = true;
        }
        dst[o++] = s[i++];
    }
    return o;
}

static bool has_bookmark(const char *s, size_t n)
{
    return n >= 10 && memmem(s, n, "[bookmark:", 10) != NULL;
}

int txt_lines_split(txt_lines *out, const char *text, size_t len)
{
    memset(out, 0, sizeof *out);
    uint32_t no = 0;
    size_t i = 0;
    /* where the next LF and CR are: each is searched for once, forward, so
     * files with only CR (or only LF) line ends stay linear */
    size_t next_lf = 0, next_cr = 0;
    bool lf_known = false, cr_known = false;
    while (i < len) {
        size_t start = i;
        if (!lf_known || next_lf < i) {
            const char *p = memchr(text + i, '\n', len - i);
            next_lf = p ? (size_t)(p - text) : len;
            lf_known = true;
        }
        if (!cr_known || next_cr < i) {
            const char *p = memchr(text + i, '\r', len - i);
            next_cr = p ? (size_t)(p - text) : len;
            cr_known = true;
        }
        i = next_lf < next_cr ? next_lf : next_cr;
        size_t end = i;
        if (i < len) i += text[i] == '\r' && i + 1 < len && text[i + 1] == '\n' ? 2 : 1;
        if (out->n == out->cap) {
            size_t cap = out->cap ? out->cap * 2 : 256;
            txt_line *v = gd_mem_realloc(out->v, cap * sizeof *v);
            if (!v) return GD_ENOMEM;
            out->v = v;
            out->cap = cap;
        }
        size_t n = end - start;
        const char *s = text + start;
        if (has_bookmark(s, n)) {
            if (out->ncopies == out->capcopies) {
                size_t cap = out->capcopies ? out->capcopies * 2 : 16;
                char **c = gd_mem_realloc(out->copies, cap * sizeof *c);
                if (!c) return GD_ENOMEM;
                out->copies = c;
                out->capcopies = cap;
            }
            char *copy = gd_mem_alloc(n + 1);
            if (!copy) return GD_ENOMEM;
            out->copies[out->ncopies++] = copy;
            n = strip_bookmarks(copy, s, n);
            s = copy;
        }
        txt_line *l = &out->v[out->n++];
        l->s = s;
        l->len = n;
        l->no = no < UINT32_MAX ? ++no : no;
        l->tab = n > 0 && s[0] == '\t';
        const char *t = l->s;
        size_t tl = l->len;
        txt_trim(&t, &tl);
        l->blank = tl == 0;
    }
    return GD_OK;
}

void txt_lines_free(txt_lines *l)
{
    for (size_t i = 0; i < l->ncopies; i++) gd_free(l->copies[i]);
    gd_free(l->copies);
    gd_free(l->v);
    memset(l, 0, sizeof *l);
}
