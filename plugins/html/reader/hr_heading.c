/* HTML reader: numbered Chinese headings written as plain or bold
 * paragraphs (real sites rarely use <h2> for "一、总体情况").
 *
 * Conservative on purpose: a paragraph is a heading only when all of it is
 * the heading — short, no sentence punctuation — so "一、坚持……，确保……。"
 * stays a paragraph. "（一）" headings are level 3 only after a "一、"
 * heading, and only when short or entirely bold. */
#include "hr_util.h"

#include <string.h>

static bool is_cjk_numeral(uint32_t c)
{
    static const char digits[] = "一二三四五六七八九十";
    char buf[4];
    size_t n = hr_utf8_put(buf, c);
    if (n != 3) return false;
    for (size_t i = 0; i + 3 <= sizeof digits - 1; i += 3)
        if (memcmp(digits + i, buf, 3) == 0) return true;
    return false;
}

/* Sentence punctuation: a paragraph holding one is prose, not a heading. */
static bool is_sentence_punct(uint32_t c)
{
    return c == 0x3002 /* 。 */ || c == 0xFF0C /* ， */ || c == 0xFF1B /* ； */ ||
           c == 0xFF01 /* ！ */ || c == 0xFF1F /* ？ */ || c == ';' || c == '!' || c == '?' ||
           c == ',';
}

int hr_heading_level(const char *text, size_t len, bool all_bold, bool after_level2)
{
    size_t i = 0, n;
    uint32_t c = hr_utf8_next(text, len, &n);
    int level = 0;
    if (is_cjk_numeral(c)) {
        /* 一、 … 十九、 */
        size_t digits = 0;
        while (i < len && is_cjk_numeral(hr_utf8_next(text + i, len - i, &n)) && digits < 3)
            i += n, digits++;
        if (i >= len || hr_utf8_next(text + i, len - i, &n) != 0x3001 /* 、 */) return 0;
        i += n;
        level = 2;
    } else if (c == 0xFF08 /* （ */ || c == '(') {
        i += n;
        size_t digits = 0;
        while (i < len && is_cjk_numeral(hr_utf8_next(text + i, len - i, &n)) && digits < 3)
            i += n, digits++;
        if (!digits || i >= len) return 0;
        uint32_t close = hr_utf8_next(text + i, len - i, &n);
        if (close != 0xFF09 /* ） */ && close != ')') return 0;
        i += n;
        level = 3;
    } else {
        return 0;
    }
    /* Something must follow the number. */
    size_t rest = hr_utf8_count(text + i, len - i);
    if (rest == 0) return 0;
    size_t total = hr_utf8_count(text, len);
    for (size_t k = i; k < len; k += n)
        if (is_sentence_punct(hr_utf8_next(text + k, len - k, &n))) return 0;
    if (level == 2) return total <= 40 ? 2 : 0;
    if (!after_level2) return 0;
    return total <= 20 || (all_bold && total <= 30) ? 3 : 0;
}
