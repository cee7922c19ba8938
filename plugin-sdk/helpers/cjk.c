/* Chinese text helpers: character classes, widths, line joining, numbered
 * headings. */
#include <govdoc/helpers/cjk.h>

#include <string.h>

uint32_t gdh_utf8_next(const char *str, size_t len, size_t *i)
{
    if (*i >= len) return 0;
    const unsigned char *s = (const unsigned char *)str + *i;
    size_t n = len - *i;
    uint32_t c = s[0];
    size_t need;
    uint32_t min;
    if (c < 0x80) {
        *i += 1;
        return c;
    } else if (c >= 0xC2 && c <= 0xDF) {
        need = 1, c &= 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2, c &= 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3, c &= 0x07, min = 0x10000;
    } else {
        *i += 1;
        return 0xFFFD;
    }
    if (n <= need) {
        *i += 1;
        return 0xFFFD;
    }
    for (size_t k = 1; k <= need; k++) {
        if ((s[k] & 0xC0) != 0x80) {
            *i += 1;
            return 0xFFFD;
        }
        c = c << 6 | (s[k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *i += 1;
        return 0xFFFD;
    }
    *i += need + 1;
    return c;
}

uint32_t gdh_utf8_last(const char *s, size_t len)
{
    if (!len) return 0;
    size_t i = len - 1, back = 0;
    while (i > 0 && back < 3 && ((unsigned char)s[i] & 0xC0) == 0x80) i--, back++;
    size_t k = i;
    uint32_t c = gdh_utf8_next(s, len, &k);
    return k == len ? c : 0xFFFD;
}

bool gdh_cjk_is_wide(uint32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

bool gdh_cjk_is_numeral(uint32_t cp)
{
    switch (cp) {
    case 0x4E00: /* 一 */
    case 0x4E8C: /* 二 */
    case 0x4E09: /* 三 */
    case 0x56DB: /* 四 */
    case 0x4E94: /* 五 */
    case 0x516D: /* 六 */
    case 0x4E03: /* 七 */
    case 0x516B: /* 八 */
    case 0x4E5D: /* 九 */
    case 0x5341: /* 十 */
    case 0x767E: /* 百 */
    case 0x96F6: /* 零 */
    case 0x3007: /* 〇 */ return true;
    default: return false;
    }
}

bool gdh_cjk_ends_sentence(uint32_t cp)
{
    switch (cp) {
    case 0x3002: /* 。 */
    case 0xFF01: /* ！ */
    case 0xFF1F: /* ？ */
    case 0xFF1B: /* ； */
    case 0x2026: /* … */
    case 0x201D: /* ” */
    case 0x300D: /* 」 */
    case 0x300F: /* 』 */
    case 0xFF09: /* ） */
    case ')':
    case '.':
    case '!':
    case '?':
    case ';': return true;
    default: return false;
    }
}

size_t gdh_cjk_width(const char *s, size_t len)
{
    size_t w = 0, i = 0;
    while (i < len) {
        uint32_t cp = gdh_utf8_next(s, len, &i);
        w += gdh_cjk_is_wide(cp) ? 2 : cp == '\t' ? 4 : 1;
    }
    return w;
}

static size_t blank_at(const char *p, size_t n)
{
    if (n && (p[0] == ' ' || p[0] == '\t' || p[0] == '\f' || p[0] == '\v')) return 1;
    if (n >= 3 && memcmp(p, "\xE3\x80\x80", 3) == 0) return 3; /* U+3000 */
    if (n >= 2 && memcmp(p, "\xC2\xA0", 2) == 0) return 2;     /* NBSP */
    return 0;
}

static size_t blank_before(const char *p, size_t n)
{
    if (n && (p[n - 1] == ' ' || p[n - 1] == '\t' || p[n - 1] == '\f' || p[n - 1] == '\v'))
        return 1;
    if (n >= 3 && memcmp(p + n - 3, "\xE3\x80\x80", 3) == 0) return 3;
    if (n >= 2 && memcmp(p + n - 2, "\xC2\xA0", 2) == 0) return 2;
    return 0;
}

void gdh_cjk_trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len, k;
    while ((k = blank_at(p, n))) p += k, n -= k;
    while ((k = blank_before(p, n))) n -= k;
    *s = p;
    *len = n;
}

bool gdh_cjk_join_needs_space(uint32_t before, uint32_t after)
{
    if (!before || !after) return false;
    if (gdh_cjk_is_wide(before) || gdh_cjk_is_wide(after)) return false;
    if (before == '-' || before == ' ' || after == ' ') return false;
    return true;
}

int gdh_heading_number(const char *s, size_t len, size_t *prefix_len)
{
    size_t i = 0, k;
    if (prefix_len) *prefix_len = 0;
    uint32_t cp = gdh_utf8_next(s, len, &i);
    int level = 0;
    if (gdh_cjk_is_numeral(cp)) {
        k = i;
        while (k < len) {
            uint32_t c = gdh_utf8_next(s, len, &k);
            if (c == 0x3001) { /* 、 */
                level = 2;
                break;
            }
            if (!gdh_cjk_is_numeral(c)) return 0;
        }
    } else if (cp == 0xFF08 || cp == '(') { /* （ or ( */
        size_t n = 0;
        bool cn = false, digit = false;
        k = i;
        while (k < len) {
            uint32_t c = gdh_utf8_next(s, len, &k);
            if (c == ')' || c == 0xFF09) {
                if (n) level = cn ? 3 : digit ? 5 : 0;
                break;
            }
            if (gdh_cjk_is_numeral(c))
                cn = true;
            else if (c >= '0' && c <= '9')
                digit = true;
            else
                return 0;
            if (++n > 4) return 0;
        }
    } else if (cp >= '0' && cp <= '9') {
        size_t n = 1;
        k = i;
        while (k < len && s[k] >= '0' && s[k] <= '9' && n < 3) k++, n++;
        if (k >= len || n > 2) return 0;
        uint32_t c = gdh_utf8_next(s, len, &k);
        /* "1." but not "1.5" or "2023." */
        if ((c == '.' || c == 0x3001 || c == 0xFF0E) && k < len && !(s[k] >= '0' && s[k] <= '9'))
            level = 4;
    }
    if (!level || k >= len) return 0; /* something must follow the number */
    if (prefix_len) *prefix_len = k;
    return level;
}

bool gdh_heading_like(const char *s, size_t len, size_t max_width)
{
    gdh_cjk_trim(&s, &len);
    if (!len || gdh_cjk_width(s, len) > (max_width ? max_width : 60)) return false;
    if (gdh_cjk_ends_sentence(gdh_utf8_last(s, len))) return false;
    /* a full stop inside means prose that starts with a number */
    for (size_t i = 0; i + 3 <= len; i++)
        if (memcmp(s + i, "\xE3\x80\x82", 3) == 0) return false;
    return true;
}

int gdh_heading_level(const char *s, size_t len, size_t max_width)
{
    gdh_cjk_trim(&s, &len);
    int level = gdh_heading_number(s, len, NULL);
    return level && gdh_heading_like(s, len, max_width) ? level : 0;
}
