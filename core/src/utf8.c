/* UTF-8 validation and repair. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (RFC 3629: no overlongs, no
 * surrogates, max U+10FFFF), or 0 when it is not valid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0];
    if (c < 0x80) return 1;
    if (c < 0xC2 || c > 0xF4) return 0;
    size_t need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n < need) return 0;
    for (size_t i = 1; i < need; i++)
        if ((s[i] & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && s[1] < 0xA0) return 0;
    if (c == 0xED && s[1] > 0x9F) return 0;
    if (c == 0xF0 && s[1] < 0x90) return 0;
    if (c == 0xF4 && s[1] > 0x8F) return 0;
    return need;
}

bool gd__utf8_valid_but_cut(const char *str, size_t len)
{
    /* valid up to a last character the file was cut inside */
    const unsigned char *s = (const unsigned char *)str;
    for (size_t k = 1; k <= 3 && k <= len; k++) {
        unsigned char c = s[len - k];
        if ((c & 0xC0) == 0x80) continue;
        size_t need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        return need > k && gd_utf8_valid(str, len - k);
    }
    return false;
}

int gd_utf8_valid(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        /* ASCII fast path, eight bytes at a time. */
        while (i + 8 <= len) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= len) break;
        size_t k = utf8_seq(s + i, len - i);
        if (!k) return 0;
        i += k;
    }
    return 1;
}

uint32_t gd_utf8_decode(const char *str, size_t len, size_t *adv)
{
    const unsigned char *s = (const unsigned char *)str;
    *adv = 1;
    if (!len) return 0;
    size_t k = utf8_seq(s, len);
    if (!k) return 0xFFFD;
    *adv = k;
    if (k == 1) return s[0];
    uint32_t cp = s[0] & (0xFF >> (k + 1));
    for (size_t i = 1; i < k; i++) cp = cp << 6 | (s[i] & 0x3F);
    return cp;
}

size_t gd_utf8_encode(uint32_t c, char *out)
{
    if (c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) c = 0xFFFD;
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3F));
    out[2] = (char)(0x80 | (c >> 6 & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

char *gd__arena_utf8(gd_arena *a, const char *str, size_t len, size_t *out_len)
{
    if (gd_utf8_valid(str, len) && !memchr(str, 0, len)) {
        if (out_len) *out_len = len;
        return gd__arena_strndup(a, str, len);
    }
    /* Each bad byte becomes U+FFFD (3 bytes); NUL is dropped. Measured
     * first, so the copy takes what it needs, not three times the input. */
    const unsigned char *s = (const unsigned char *)str;
    if (len > (SIZE_MAX - 1) / 3) return NULL;
    size_t need = 0;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_seq(s + i, len - i);
        need += k == 1 && s[i] == 0 ? 0 : k ? k : 3;
        i += k ? k : 1;
    }
    char *out = gd__arena_alloc(a, need + 1);
    if (!out) return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_seq(s + i, len - i);
        if (k == 1 && s[i] == 0) {
            i++;
        } else if (k) {
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        } else {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    out[o] = 0;
    if (out_len) *out_len = o;
    return out;
}
