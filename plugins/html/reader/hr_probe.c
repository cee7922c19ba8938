/* HTML reader: the content probe (ANCHORS.md §7.2(c)). After a BOM, white
 * space and comments, "<!doctype html" or "<html" is LIKELY, so is XHTML;
 * a fragment that starts with a known tag, or whose first KiB holds several
 * known tags, is POSSIBLE. Pure and cheap: it looks at most at 64 KiB. */
#include "hr_util.h"

#include <govdoc/gd_types.h>
#include <string.h>

#define VIEW 4096

/* An ASCII view of the head: UTF-16 folded to bytes, BOM dropped.
 * *controls counts the bytes no text has (NUL, C0 controls but white space,
 * DEL) at the positions read. */
static size_t ascii_view(char *out, const uint8_t *h, size_t len, size_t *controls)
{
    size_t i = 0, step = 1, off = 0;
    if (len >= 3 && memcmp(h, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    else if (len >= 4 && memcmp(h, "\xFF\xFE\0\0", 4) == 0)
        i = 4, step = 4;
    else if (len >= 4 && memcmp(h, "\0\0\xFE\xFF", 4) == 0)
        i = 4, step = 4, off = 3;
    else if (len >= 2 && (memcmp(h, "\xFF\xFE", 2) == 0 || memcmp(h, "\xFE\xFF", 2) == 0)) {
        off = h[0] == 0xFE; /* big endian: the ASCII byte comes second */
        i = 2, step = 2;
    } else if (len >= 4 && h[0] == '<' && h[1] == 0)
        step = 2;
    else if (len >= 4 && h[0] == 0 && h[1] == '<')
        step = 2, off = 1;
    size_t n = 0;
    *controls = 0;
    for (i += off; i < len && n < VIEW; i += step) {
        uint8_t c = h[i];
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || c == 0x7F)
            (*controls)++;
        out[n++] = c ? (char)c : ' ';
    }
    return n;
}

static const char *const known_tags[] = {
    "html", "head", "body", "title",  "meta", "div",   "p",      "span", "table",
    "tr",   "td",   "br",   "a",      "img",  "ul",    "ol",     "li",   "h1",
    "h2",   "h3",   "b",    "strong", "font", "style", "script", "link", "center",
    "pre",  "form", "th",   "tbody",  "em",   "i",     "u",      "hr",
};

/* Length of a known tag name at s (after '<' or '</'), else 0. */
static size_t known_tag(const char *s, size_t n)
{
    for (size_t k = 0; k < sizeof known_tags / sizeof *known_tags; k++) {
        size_t m = strlen(known_tags[k]);
        if (m < n && hr_ascii_ieq(s, known_tags[k], m) &&
            (s[m] == '>' || s[m] == ' ' || s[m] == '/' || s[m] == '\t' || s[m] == '\n' ||
             s[m] == '\r'))
            return m;
    }
    return 0;
}

/* Skips white space, comments and an XML declaration from i. */
static size_t skip_prolog(const char *v, size_t n, size_t i, bool *xml_decl)
{
    for (;;) {
        while (i < n &&
               (v[i] == ' ' || v[i] == '\t' || v[i] == '\n' || v[i] == '\r' || v[i] == '\f'))
            i++;
        const char *end = NULL;
        if (i + 4 <= n && memcmp(v + i, "<!--", 4) == 0) {
            for (size_t j = i + 4; j + 3 <= n; j++)
                if (memcmp(v + j, "-->", 3) == 0) {
                    end = v + j + 3;
                    break;
                }
        } else if (i + 5 <= n && memcmp(v + i, "<?xml", 5) == 0) {
            *xml_decl = true;
            for (size_t j = i + 5; j + 1 <= n; j++)
                if (v[j] == '>') {
                    end = v + j + 1;
                    break;
                }
        }
        if (!end) return i;
        i = (size_t)(end - v);
    }
}

static bool tag_char(uint8_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '!' || c == '/' || c == '?' ||
           c == 0;
}

bool hr_tag_start(const uint8_t *head, size_t len)
{
    if (len > HR_PROBE_WINDOW) len = HR_PROBE_WINDOW;
    for (const uint8_t *p = head; (p = memchr(p, '<', (size_t)(head + len - p))); p++)
        if ((p + 1 < head + len && tag_char(p[1])) || (p > head && p[-1] == 0)) return true;
    return false;
}

int hr_probe_score(const uint8_t *head, size_t len)
{
    /* What the reader's signatures promise the registry (hr_util.h). */
    if (!hr_tag_start(head, len)) return GD_PROBE_NONE;
    char v[VIEW];
    size_t controls;
    size_t n = ascii_view(v, head, len, &controls);
    bool xml_decl = false;
    size_t i = skip_prolog(v, n, 0, &xml_decl);
    const char *s = v + i;
    size_t m = n - i;
    if (m >= 14 && hr_ascii_ieq(s, "<!doctype html", 14)) return GD_PROBE_LIKELY;
    if (m >= 6 && hr_ascii_ieq(s, "<html", 5) &&
        (s[5] == '>' || s[5] == ' ' || s[5] == '\n' || s[5] == '\r' || s[5] == '\t'))
        return GD_PROBE_LIKELY;
    if (xml_decl) {
        /* XML: HTML only with the XHTML namespace or an HTML root. */
        for (size_t k = 0; k + 28 <= m; k++)
            if (memcmp(s + k, "http://www.w3.org/1999/xhtml", 28) == 0) return GD_PROBE_LIKELY;
        return m >= 2 && s[0] == '<' && known_tag(s + 1, m - 1) ? GD_PROBE_POSSIBLE : GD_PROBE_NONE;
    }
    /* Word's clipboard format: a header, then the HTML. */
    if (m >= 12 && memcmp(s, "Version:", 8) == 0)
        for (size_t k = 8; k + 10 <= m && k < 256; k++)
            if (memcmp(s + k, "StartHTML:", 10) == 0) return GD_PROBE_LIKELY;
    /* Binary data holds "<p " or "<b>" by chance: a fragment must be text. */
    if (controls * 100 > n) return GD_PROBE_NONE;
    if (m >= 2 && s[0] == '<' && known_tag(s + 1, m - 1)) return GD_PROBE_POSSIBLE + 10;
    /* A fragment: count distinct known tags in the view. */
    unsigned seen = 0;
    int count = 0;
    for (size_t k = 0; k + 2 < n; k++) {
        if (v[k] != '<') continue;
        size_t off = v[k + 1] == '/' ? 2 : 1;
        if (k + off >= n) break;
        for (size_t t = 0; t < sizeof known_tags / sizeof *known_tags; t++) {
            size_t tl = strlen(known_tags[t]);
            if (k + off + tl < n && hr_ascii_ieq(v + k + off, known_tags[t], tl) &&
                known_tag(v + k + off, n - k - off) == tl && !(seen & (1u << (t % 32)))) {
                seen |= 1u << (t % 32);
                count++;
                break;
            }
        }
    }
    return count >= 3 ? GD_PROBE_POSSIBLE : count >= 1 ? GD_PROBE_MINIMUM + 9 : GD_PROBE_NONE;
}
