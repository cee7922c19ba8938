/* Document properties from \005SummaryInformation (an OLE property set,
 * MS-OLEPS): title, subject, author, keywords, comments, created and
 * saved dates — the metadata keys the DOCX reader gives from core.xml.
 * Strings are in the set's code page (property 1), e.g. 936 for GBK. */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *key_for(uint32_t pid)
{
    switch (pid) {
    case 2: return "title";
    case 3: return "subject";
    case 4: return "author";
    case 5: return "keywords";
    case 6: return "description";
    case 12: return "date";
    case 13: return "modified";
    default: return NULL;
    }
}

static void set(wd *w, const char *key, char *v)
{
    if (!v) return;
    char *s = v;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t')) n--;
    while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) s++, n--;
    s[n] = 0;
    if (n && !gd_doc_meta_get(w->doc, key)) gd_doc_meta_set(w->doc, key, s);
}

int wd_meta_load(wd *w)
{
    const uint8_t *p = w->summary;
    size_t n = w->nsummary;
    if (!p || n < 48 || rd16(p) != 0xFFFE) return GD_OK;
    uint32_t sec = rd32(p + 44);
    if (!in_range(n, sec, 8)) return GD_OK;
    const uint8_t *s = p + sec;
    size_t slen = n - sec;
    uint32_t size = rd32(s), count = rd32(s + 4);
    if (size < slen) slen = size;
    if (count > (slen - 8) / 8) count = (uint32_t)((slen - 8) / 8);
    int cp = 1252;
    for (uint32_t i = 0; i < count; i++) { /* the code page first */
        uint32_t pid = rd32(s + 8 + i * 8), off = rd32(s + 12 + i * 8);
        if (pid == 1 && in_range(slen, off, 6) && rd32(s + off) == 2) cp = rd16(s + off + 4);
    }
    for (uint32_t i = 0; i < count; i++) {
        uint32_t pid = rd32(s + 8 + i * 8), off = rd32(s + 12 + i * 8);
        const char *key = key_for(pid);
        if (!key || !in_range(slen, off, 8)) continue;
        uint32_t type = rd32(s + off);
        const uint8_t *v = s + off + 4;
        size_t left = slen - off - 4;
        if (type == 0x1E) { /* VT_LPSTR: byte count, then bytes in the code page */
            uint32_t len = rd32(v);
            if (len > left - 4) continue;
            size_t k = 0;
            while (k < len && v[4 + k]) k++;
            if (!k) continue;
            char *out = NULL;
            size_t out_len;
            const char *cs = cp == 1200 || cp == 65001 ? "UTF-8" : wd_codepage_name(cp);
            if (gd_charset_to_utf8(&out, &out_len, NULL, NULL, v + 4, k, cs) == GD_OK && out) {
                set(w, key, out);
                gd_free(out);
            }
        } else if (type == 0x1F) { /* VT_LPWSTR */
            uint32_t len = rd32(v);
            if ((uint64_t)len * 2 > left - 4) continue;
            gdh_buf b = {0};
            for (uint32_t k = 0; k < len; k++) {
                uint16_t c = rd16(v + 4 + k * 2);
                if (!c) break;
                gdh_buf_utf8(&b, c >= 0xD800 && c < 0xE000 ? 0xFFFD : c);
            }
            set(w, key, b.p);
            gdh_buf_free(&b);
        } else if (type == 0x40 && left >= 8) { /* VT_FILETIME: 100 ns since 1601 */
            uint64_t ft = (uint64_t)rd32(v) | (uint64_t)rd32(v + 4) << 32;
            if (!ft) continue;
            int64_t secs = (int64_t)(ft / 10000000ull) - 11644473600ll;
            if (secs < 0 || secs > 253402300799ll) continue;
            /* civil date from days (no libc time zone code: it reads files) */
            int64_t days = secs / 86400, rem = secs % 86400;
            int64_t z = days + 719468, era = z / 146097;
            int64_t doe = z - era * 146097;
            int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
            int64_t y = yoe + era * 400, doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
            int64_t mp = (5 * doy + 2) / 153, d = doy - (153 * mp + 2) / 5 + 1;
            int64_t m = mp < 10 ? mp + 3 : mp - 9;
            if (m <= 2) y++;
            char buf[40];
            snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, (int)m, (int)d,
                     (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
            set(w, key, buf);
        }
    }
    return GD_OK;
}
