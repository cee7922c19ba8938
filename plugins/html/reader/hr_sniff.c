/* HTML reader: the charset a page declares, found the way the HTML
 * encoding-sniffing prescan finds it (first 4 KiB, comments skipped,
 * <meta charset> and <meta http-equiv=content-type content="…charset=…">),
 * plus <?xml encoding=…?> and BOM-less UTF-16. The bytes are then decoded
 * by the core's gd_charset_to_utf8 (BOM > declared > detection). */
#include "hr_util.h"

#include <ctype.h>
#include <string.h>

#define SNIFF_LIMIT 4096

static bool is_ws(int c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/';
}

/* Copies a charset label (letters, digits, - _ . : ) into buf. */
static const char *label(const char *s, size_t n, char *buf, size_t bufsz)
{
    while (n && (isspace((unsigned char)*s) || *s == '"' || *s == '\'')) s++, n--;
    size_t k = 0;
    while (k < n && k + 1 < bufsz && (isalnum((unsigned char)s[k]) || strchr("-_.:", s[k]) != NULL))
        k++;
    if (!k) return NULL;
    memcpy(buf, s, k);
    buf[k] = 0;
    /* HTML: a page that can be prescanned in ASCII is not UTF-16. */
    if (hr_ascii_ieq(buf, "utf-16", 6) || hr_ascii_ieq(buf, "utf16", 5)) {
        memcpy(buf, "UTF-8", 6);
    }
    return buf;
}

/* charset=… inside a content attribute value. */
static const char *from_content(const char *v, size_t n, char *buf, size_t bufsz)
{
    for (size_t i = 0; i + 7 <= n; i++) {
        if (!hr_ascii_ieq(v + i, "charset", 7)) continue;
        size_t j = i + 7;
        while (j < n && isspace((unsigned char)v[j])) j++;
        if (j >= n || v[j] != '=') continue;
        j++;
        return label(v + j, n - j, buf, bufsz);
    }
    return NULL;
}

typedef struct attr {
    const char *name, *value;
    size_t name_len, value_len;
} attr;

/* Reads one attribute at *pos; false at the end of the tag. */
static bool next_attr(const char *s, size_t n, size_t *pos, attr *a)
{
    size_t i = *pos;
    while (i < n && is_ws((unsigned char)s[i])) i++;
    if (i >= n || s[i] == '>') {
        *pos = i;
        return false;
    }
    a->name = s + i;
    while (i < n && !is_ws((unsigned char)s[i]) && s[i] != '=' && s[i] != '>') i++;
    a->name_len = (size_t)(s + i - a->name);
    while (i < n && isspace((unsigned char)s[i])) i++;
    a->value = "";
    a->value_len = 0;
    if (i < n && s[i] == '=') {
        i++;
        while (i < n && isspace((unsigned char)s[i])) i++;
        if (i < n && (s[i] == '"' || s[i] == '\'')) {
            char q = s[i++];
            a->value = s + i;
            while (i < n && s[i] != q) i++;
            a->value_len = (size_t)(s + i - a->value);
            if (i < n) i++;
        } else {
            a->value = s + i;
            while (i < n && !isspace((unsigned char)s[i]) && s[i] != '>') i++;
            a->value_len = (size_t)(s + i - a->value);
        }
    }
    *pos = i;
    return true;
}

static bool name_is(const attr *a, const char *name)
{
    size_t k = strlen(name);
    return a->name_len == k && hr_ascii_ieq(a->name, name, k);
}

static const char *meta_charset(const char *s, size_t n, size_t *pos, char *buf, size_t bufsz)
{
    attr a;
    bool http_equiv = false;
    const char *content = NULL, *found = NULL;
    size_t content_len = 0;
    while (next_attr(s, n, pos, &a)) {
        if (name_is(&a, "charset") && !found)
            found = label(a.value, a.value_len, buf, bufsz);
        else if (name_is(&a, "http-equiv"))
            http_equiv = a.value_len == 12 && hr_ascii_ieq(a.value, "content-type", 12);
        else if (name_is(&a, "content"))
            content = a.value, content_len = a.value_len;
    }
    if (found) return found;
    if (http_equiv && content) return from_content(content, content_len, buf, bufsz);
    return NULL;
}

const char *hr_sniff_charset(const uint8_t *data, size_t len, char *buf, size_t bufsz)
{
    if (bufsz < 8) return NULL;
    /* BOM-less UTF-16: ASCII markup with every other byte zero. */
    if (len >= 4 && data[0] == '<' && data[1] == 0 && data[3] == 0) {
        memcpy(buf, "UTF-16LE", 9);
        return buf;
    }
    if (len >= 4 && data[0] == 0 && data[1] == '<' && data[2] == 0) {
        memcpy(buf, "UTF-16BE", 9);
        return buf;
    }
    const char *s = (const char *)data;
    size_t n = len < SNIFF_LIMIT ? len : SNIFF_LIMIT;
    if (n > 5 && memcmp(s, "<?xml", 5) == 0) {
        const char *end = memchr(s, '>', n);
        size_t m = end ? (size_t)(end - s) : n;
        for (size_t i = 0; i + 8 < m; i++) {
            if (!hr_ascii_ieq(s + i, "encoding", 8)) continue;
            size_t j = i + 8;
            while (j < m && (isspace((unsigned char)s[j]) || s[j] == '=')) j++;
            const char *l = label(s + j, m - j, buf, bufsz);
            if (l) return l;
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '<') continue;
        if (i + 4 <= n && memcmp(s + i, "<!--", 4) == 0) {
            const char *end = NULL;
            for (size_t j = i + 4; j + 3 <= n; j++)
                if (memcmp(s + j, "-->", 3) == 0) {
                    end = s + j;
                    break;
                }
            if (!end) return NULL;
            i = (size_t)(end - s) + 2;
            continue;
        }
        if (i + 5 < n && hr_ascii_ieq(s + i + 1, "meta", 4) && is_ws((unsigned char)s[i + 5])) {
            size_t pos = i + 5;
            const char *l = meta_charset(s, n, &pos, buf, bufsz);
            if (l) return l;
            i = pos;
        }
    }
    return NULL;
}
