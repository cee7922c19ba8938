/* Rules of Chinese text layout shared by the TXT and PDF readers: the SDK's
 * plugin-helper library (<govdoc/helpers/cjk.h>) under the names these
 * readers use. One implementation for govdoc's readers and third parties'. */
#include "cjk_rules.h"

#include <govdoc/helpers/cjk.h>

int32_t cjk_next_cp(const char *s, size_t len, size_t *i)
{
    if (*i >= len) return -1;
    return (int32_t)gdh_utf8_next(s, len, i);
}

bool cjk_is_wide(int32_t cp)
{
    return cp >= 0 && gdh_cjk_is_wide((uint32_t)cp);
}

size_t cjk_width(const char *s, size_t len)
{
    return gdh_cjk_width(s, len);
}

bool cjk_is_numeral(int32_t cp)
{
    return cp >= 0 && gdh_cjk_is_numeral((uint32_t)cp);
}

bool cjk_ends_sentence(int32_t cp)
{
    return cp >= 0 && gdh_cjk_ends_sentence((uint32_t)cp);
}

int32_t cjk_last_cp(const char *s, size_t len)
{
    return len ? (int32_t)gdh_utf8_last(s, len) : -1;
}

int32_t cjk_first_cp(const char *s, size_t len)
{
    size_t k = 0;
    return len ? (int32_t)gdh_utf8_next(s, len, &k) : -1;
}

int cjk_numbered_level(const char *s, size_t len)
{
    return gdh_heading_number(s, len, NULL);
}
