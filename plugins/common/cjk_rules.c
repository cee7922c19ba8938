/* Rules of Chinese text layout shared by the TXT and PDF readers. */
#include "cjk_rules.h"

#include <govdoc/gd_plugin.h>

int32_t cjk_next_cp(const char *s, size_t len, size_t *i)
{
    if (*i >= len) return -1;
    size_t adv;
    uint32_t cp = gd_utf8_decode(s + *i, len - *i, &adv); /* the core's one decoder */
    *i += adv;
    return (int32_t)cp;
}

bool cjk_is_wide(int32_t cp)
{
    return (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
           (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
           (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x20000 && cp <= 0x3FFFD);
}

size_t cjk_width(const char *s, size_t len)
{
    size_t w = 0, i = 0;
    while (i < len) {
        int32_t cp = cjk_next_cp(s, len, &i);
        w += cjk_is_wide(cp) ? 2 : cp == '\t' ? 4 : 1;
    }
    return w;
}

bool cjk_is_numeral(int32_t cp)
{
    switch (cp) {
    case 0x4E00:
    case 0x4E8C:
    case 0x4E09:
    case 0x56DB:
    case 0x4E94: /* 一二三四五 */
    case 0x516D:
    case 0x4E03:
    case 0x516B:
    case 0x4E5D:
    case 0x5341: /* 六七八九十 */
    case 0x767E:
    case 0x96F6:
    case 0x3007: /* 百零〇 */ return true;
    default: return false;
    }
}

bool cjk_ends_sentence(int32_t cp)
{
    switch (cp) {
    case 0x3002:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF1B: /* 。！？； */
    case 0x2026:
    case 0x201D:
    case 0x300D:
    case 0x300F: /* …”」』 */
    case 0xFF09:
    case ')':
    case '.':
    case '!':
    case '?':
    case ';': return true;
    default: return false;
    }
}

int32_t cjk_last_cp(const char *s, size_t len)
{
    if (!len) return -1;
    size_t i = len - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80 && len - i < 4) i--;
    size_t k = i;
    return cjk_next_cp(s, len, &k);
}

int32_t cjk_first_cp(const char *s, size_t len)
{
    size_t k = 0;
    return len ? cjk_next_cp(s, len, &k) : -1;
}

int cjk_numbered_level(const char *s, size_t len)
{
    size_t i = 0;
    int32_t cp = cjk_next_cp(s, len, &i);
    if (cjk_is_numeral(cp)) {
        size_t k = i;
        while (k < len) {
            int32_t c = cjk_next_cp(s, len, &k);
            if (c == 0x3001) return k < len ? 2 : 0; /* 、 */
            if (!cjk_is_numeral(c)) return 0;
        }
        return 0;
    }
    if (cp == 0xFF08 || cp == '(') { /* （ or ( */
        size_t k = i, n = 0;
        bool cn = false, digit = false;
        while (k < len) {
            int32_t c = cjk_next_cp(s, len, &k);
            if (c == ')' || c == 0xFF09) { /* either closing form */
                if (!n || k >= len) return 0;
                return cn ? 3 : digit ? 5 : 0;
            }
            if (cjk_is_numeral(c))
                cn = true;
            else if (c >= '0' && c <= '9')
                digit = true;
            else
                return 0;
            if (++n > 4) return 0;
        }
        return 0;
    }
    if (cp >= '0' && cp <= '9') {
        size_t k = i, n = 1;
        while (k < len && s[k] >= '0' && s[k] <= '9' && n < 3) k++, n++;
        if (k >= len) return 0;
        size_t after = k;
        int32_t c = cjk_next_cp(s, len, &after);
        /* "1." but not "1.5" or "2023." */
        if ((c == '.' || c == 0x3001 || c == 0xFF0E) && after < len &&
            !(s[after] >= '0' && s[after] <= '9') && n <= 2)
            return 4;
    }
    return 0;
}
