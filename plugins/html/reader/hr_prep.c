/* HTML reader: the decoded text made safe for libxml2's HTML parser.
 *
 * - bytes that are not UTF-8, and NULs, become U+FFFD (libxml2 would
 *   otherwise switch to Latin-1 or stop at the NUL);
 * - control characters that are not XML characters are dropped (form feed
 *   becomes a space);
 * - Word's "downlevel-revealed" conditionals <![if !supportLists]> and
 *   <![endif]> are removed: libxml2 2.9 would show them as text, while
 *   browsers show what is between them (the list marker, the fallback
 *   image);
 * - the header of Word's clipboard format (Version:… StartHTML:…) is cut;
 * - a start tag keeps at most HR_MAX_ATTRS attributes: libxml2 checks
 *   duplicates pairwise, so 50 000 attributes would take half a minute. */
#include "hr.h"

#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *p;
    size_t len, cap;
} buf;

static bool put(buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap * 2;
        while (cap < b->len + n + 1) cap *= 2;
        char *np = realloc(b->p, cap);
        if (!np) return false;
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    return true;
}

/* Offset where the HTML of a clipboard fragment starts, else 0. */
static size_t clipboard_start(const char *s, size_t len)
{
    if (len < 16 || memcmp(s, "Version:", 8) != 0) return 0;
    size_t lim = len < 1024 ? len : 1024;
    for (size_t i = 0; i + 10 < lim; i++) {
        if (memcmp(s + i, "StartHTML:", 10) != 0) continue;
        size_t off = (size_t)strtoul(s + i + 10, NULL, 10);
        if (off > 0 && off < len && s[off] == '<') return off;
        break;
    }
    const char *lt = memchr(s, '<', lim);
    return lt ? (size_t)(lt - s) : 0;
}

/* Length of a <![if …]> or <![endif]> marker at s, else 0. */
static size_t downlevel_marker(const char *s, size_t n)
{
    if (n < 6 || memcmp(s, "<![", 3) != 0) return 0;
    if (!hr_ascii_ieq(s + 3, "if", 2) && !(n >= 8 && hr_ascii_ieq(s + 3, "endif", 5))) return 0;
    size_t lim = n < 200 ? n : 200;
    for (size_t i = 3; i + 1 < lim; i++) {
        if (s[i] == '>' && s[i - 1] == ']') return i + 1;
        if (s[i] == '<' || s[i] == '\n') return 0;
    }
    return 0;
}

#define HR_MAX_ATTRS 1000

/* For a start tag at s[0] == '<': the offset after the last attribute to
 * keep when the tag has too many, else 0. *end gets where the scan
 * stopped (the '>' or the end), so no byte is scanned twice. */
static size_t attrs_cut(const char *s, size_t n, size_t *end)
{
    size_t count = 0, cut = 0, i = 1;
    char quote = 0;
    bool in_token = true; /* the tag name */
    for (; i < n; i++) {
        char c = s[i];
        if (quote) {
            if (c == quote) quote = 0;
            continue;
        }
        if (c == '>') break;
        if (c == '"' || c == '\'') {
            quote = c;
            continue;
        }
        bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
        if (space && in_token) {
            in_token = false;
            if (count == HR_MAX_ATTRS) cut = i;
        } else if (!space && !in_token && c != '=') {
            in_token = true;
            count++;
        }
    }
    *end = i;
    return count > HR_MAX_ATTRS ? cut : 0;
}

char *hr_prepare(const char *s, size_t len, size_t *out_len)
{
    buf b = {malloc(len + len / 8 + 64), 0, len + len / 8 + 64};
    if (!b.p) return NULL;
    size_t i = clipboard_start(s, len);
    size_t run = i;     /* start of bytes copied as they are */
    size_t scanned = i; /* tags are scanned for attributes up to here */
    while (i < len) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c < 0x80 && c != '<') {
            i++;
            continue;
        }
        if (c == '\t' || c == '\n' || c == '\r') {
            i++;
            continue;
        }
        if (c == '<') {
            size_t m = downlevel_marker(s + i, len - i);
            if (!m && i >= scanned && i + 1 < len &&
                ((s[i + 1] | 0x20) >= 'a' && (s[i + 1] | 0x20) <= 'z')) {
                size_t end;
                size_t cut = attrs_cut(s + i, len - i, &end);
                scanned = i + end;
                if (cut) {
                    if (!put(&b, s + run, i + cut - run)) goto oom;
                    run = i + end; /* resume at the '>' */
                    i = run;
                    continue;
                }
            }
            if (!m) {
                i++;
                continue;
            }
            if (!put(&b, s + run, i - run)) goto oom;
            i += m;
            run = i;
            continue;
        }
        size_t n;
        uint32_t cp = c < 0x80 ? c : hr_utf8_next(s + i, len - i, &n);
        if (c < 0x80) n = 1;
        bool bad = cp == 0xFFFD && !(n == 3 && memcmp(s + i, "\xEF\xBF\xBD", 3) == 0);
        if (!bad && c >= 0x80 && cp != 0xFFFE && cp != 0xFFFF) {
            i += n;
            continue;
        }
        if (!put(&b, s + run, i - run)) goto oom;
        if (c == 0 || bad) {
            if (!put(&b, "\xEF\xBF\xBD", 3)) goto oom;
        } else if (c == '\f') {
            if (!put(&b, " ", 1)) goto oom;
        } /* other controls, U+FFFE, U+FFFF: dropped */
        i += n;
        run = i;
    }
    if (!put(&b, s + run, len - run)) goto oom;
    b.p[b.len] = 0;
    *out_len = b.len;
    return b.p;
oom:
    free(b.p);
    return NULL;
}
