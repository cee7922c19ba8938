/* HTML reader: the marker Word writes before a list paragraph of its HTML
 * export (<span style='mso-list:Ignore'>1.</span>). Bullets and Western
 * numbering ("1." "a)" "(iv)") become IR lists; Chinese numbering
 * ("一、" "（一）" "1、" "①") stays text in the paragraph, because an IR
 * list would lose its style and the headings it usually numbers. */
#include "hr_util.h"

#include <ctype.h>
#include <string.h>

static int roman_value(const char *s, size_t n)
{
    int total = 0, prev = 0;
    for (size_t i = n; i-- > 0;) {
        int v;
        switch (tolower((unsigned char)s[i])) {
        case 'i': v = 1; break;
        case 'v': v = 5; break;
        case 'x': v = 10; break;
        case 'l': v = 50; break;
        case 'c': v = 100; break;
        default: return 0;
        }
        total += v < prev ? -v : v;
        if (v > prev) prev = v;
    }
    return total > 0 && total < 400 ? total : 0;
}

int hr_marker_kind(const char *text, size_t len, int *start)
{
    *start = 1;
    /* Markers carry no meaningful spaces: Word pads them with &nbsp; runs
     * and line breaks, inside and around. */
    char s[64];
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        size_t k;
        uint32_t c = hr_utf8_next(text + i, len - i, &k);
        if (!hr_is_space(c) && c != 0x3000 && !hr_is_invisible(c)) {
            if (n + k >= sizeof s) return HR_MARKER_NONE;
            memcpy(s + n, text + i, k);
            n += k;
        }
        i += k;
    }
    s[n] = 0;
    if (!n) return HR_MARKER_NONE;
    size_t k;
    uint32_t c = hr_utf8_next(s, n, &k);
    /* Circled and parenthesised numbers (①, ⑴, ❶) number, in Chinese style. */
    if ((c >= 0x2460 && c <= 0x24FF) || (c >= 0x2776 && c <= 0x2793) ||
        (c >= 0x3251 && c <= 0x32BF))
        return HR_MARKER_NONE;
    if (k == n && !isalnum((unsigned char)c) && !hr_is_wide(c)) return HR_MARKER_BULLET;
    if (k == n && c >= 0xE000 && c <= 0xF8FF) return HR_MARKER_BULLET; /* Symbol/Wingdings */
    if (n == 1 && (c == 'o' || c == '-' || c == '*')) return HR_MARKER_BULLET;
    /* Multi-level numbers: "1.1", "2.1.3." — the last component counts. */
    size_t i = 0;
    int last = 0;
    bool multi = false;
    while (i < n && isdigit((unsigned char)s[i])) {
        last = 0;
        while (i < n && isdigit((unsigned char)s[i]) && last < 100000)
            last = last * 10 + (s[i++] - '0');
        if (i < n && s[i] == '.' && i + 1 < n && isdigit((unsigned char)s[i + 1])) {
            multi = true;
            i++;
            continue;
        }
        break;
    }
    if (multi && (i == n || (i + 1 == n && (s[i] == '.' || s[i] == ')')))) {
        *start = last;
        return HR_MARKER_ORDERED;
    }
    /* Western numbering: optional "(", alnum run, then "." or ")". */
    i = 0;
    bool paren = s[0] == '(';
    if (paren) i++;
    size_t body = i;
    while (i < n && isalnum((unsigned char)s[i])) i++;
    size_t blen = i - body;
    if (!blen || blen > 6 || i + 1 != n || (s[i] != '.' && s[i] != ')')) return HR_MARKER_NONE;
    if (paren && s[i] != ')') return HR_MARKER_NONE;
    const char *b = s + body;
    bool digits = true;
    for (size_t j = 0; j < blen; j++) digits = digits && isdigit((unsigned char)b[j]);
    if (digits) {
        int v = 0;
        for (size_t j = 0; j < blen && v < 100000; j++) v = v * 10 + (b[j] - '0');
        *start = v;
        return HR_MARKER_ORDERED;
    }
    int rv = roman_value(b, blen);
    if (rv && blen > 1) {
        *start = rv;
        return HR_MARKER_ORDERED;
    }
    if (blen == 1 && isalpha((unsigned char)b[0])) {
        /* "i." is roman one as often as it is the ninth letter; the IR
         * keeps only the start, and lists start at one. */
        *start = tolower((unsigned char)b[0]) == 'i' ? 1 : tolower((unsigned char)b[0]) - 'a' + 1;
        return HR_MARKER_ORDERED;
    }
    return HR_MARKER_NONE;
}
