/* UTF-8 and the character classes the layout needs (CJK detection and the
 * kinsoku sets of GB/T 15834 practice: what may not start or end a line). */
#include "pdf.h"

int pw_utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    size_t adv;
    *cp = gd_utf8_decode(str, len, &adv);
    return (int)adv;
}

int pw_utf8_encode(uint32_t c, char o[4])
{
    return (int)gd_utf8_encode(c, o);
}

bool pw_is_cjk(uint32_t c)
{
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x20000 && c <= 0x3FFFF) || c == 0x2014 || c == 0x2026 || c == 0x201C ||
           c == 0x201D || c == 0x2018 || c == 0x2019;
}

bool pw_is_space(uint32_t c)
{
    return c == ' ' || c == '\t' || c == 0xA0 || c == 0x3000 || (c >= 0x2000 && c <= 0x200A);
}

static bool in_set(uint32_t c, const uint32_t *set)
{
    for (; *set; set++)
        if (*set == c) return true;
    return false;
}

/* Closing brackets and quotes, stops, iteration marks, small kana. */
static const uint32_t no_start[] = {
    0xFF0C, 0x3002, 0x3001, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09, 0x300D, 0x300F, 0x3011, 0x3009,
    0x300B, 0x3015, 0x3017, 0x3019, 0x301B, 0xFF3D, 0xFF5D, 0xFF0E, 0x201D, 0x2019, 0x2026, 0x2025,
    0x00B7, 0x30FB, 0x3005, 0x309D, 0x309E, 0x30FD, 0x30FE, 0x30FC, 0xFF60, ',',    '.',    ';',
    ':',    '?',    '!',    ')',    ']',    '}',    '%',    0xFF05, 0x2030, 0x2103, 0x00B0, 0};
/* Opening brackets and quotes. */
static const uint32_t no_end[] = {0xFF08, 0x300C, 0x300E, 0x3010, 0x3008, 0x300A, 0x3014,
                                  0x3016, 0x3018, 0x301A, 0xFF3B, 0xFF5B, 0x201C, 0x2018,
                                  '(',    '[',    '{',    0xFF5F, 0};

/* Ideographs and ASCII letters and digits are in neither set: the
 * common case costs a comparison, not a walk of the list. */
static bool plain(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
           (c >= 'a' && c <= 'z');
}

bool pw_no_line_start(uint32_t c)
{
    return !plain(c) && in_set(c, no_start);
}

bool pw_no_line_end(uint32_t c)
{
    return !plain(c) && in_set(c, no_end);
}
