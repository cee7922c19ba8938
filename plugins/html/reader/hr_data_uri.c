/* HTML reader: images embedded as data: URIs (RFC 2397), decoded into
 * document resources. Only images are accepted; the type is confirmed from
 * the bytes, since pages routinely mislabel it. */
#include "hr_util.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const char *hr_image_sniff(const uint8_t *d, size_t n)
{
    if (n >= 8 && memcmp(d, "\x89PNG\r\n\x1a\n", 8) == 0) return "image/png";
    if (n >= 3 && memcmp(d, "\xFF\xD8\xFF", 3) == 0) return "image/jpeg";
    if (n >= 6 && (memcmp(d, "GIF87a", 6) == 0 || memcmp(d, "GIF89a", 6) == 0)) return "image/gif";
    if (n >= 12 && memcmp(d, "RIFF", 4) == 0 && memcmp(d + 8, "WEBP", 4) == 0) return "image/webp";
    if (n >= 2 && memcmp(d, "BM", 2) == 0) return "image/bmp";
    if (n >= 4 && (memcmp(d, "II*\0", 4) == 0 || memcmp(d, "MM\0*", 4) == 0)) return "image/tiff";
    /* SVG: markup whose first element is <svg (possibly after a prolog). */
    size_t lim = n < 512 ? n : 512;
    for (size_t i = 0; i + 4 <= lim; i++)
        if (d[i] == '<' && hr_ascii_ieq((const char *)d + i + 1, "svg", 3)) return "image/svg+xml";
    return NULL;
}

static int b64_value(int c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

static int hex_value(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    c = tolower(c);
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

bool hr_data_uri_decode(const char *uri, char *mimebuf, size_t mimesz, uint8_t **bytes, size_t *len)
{
    *bytes = NULL;
    *len = 0;
    while (isspace((unsigned char)*uri)) uri++;
    if (!hr_ascii_ieq(uri, "data:", 5)) return false;
    const char *hdr = uri + 5;
    const char *comma = strchr(hdr, ',');
    if (!comma) return false;
    size_t hl = (size_t)(comma - hdr);
    bool base64 = hl >= 7 && hr_ascii_ieq(comma - 7, ";base64", 7);
    size_t ml = 0;
    while (ml < hl && hdr[ml] != ';' && ml + 1 < mimesz) {
        mimebuf[ml] = (char)tolower((unsigned char)hdr[ml]);
        ml++;
    }
    mimebuf[ml] = 0;
    const char *src = comma + 1;
    size_t sl = strlen(src);
    uint8_t *out = malloc(sl + 1);
    if (!out) return false;
    size_t o = 0;
    if (base64) {
        uint32_t acc = 0;
        int bits = 0;
        for (size_t i = 0; i < sl; i++) {
            int c = (unsigned char)src[i];
            if (c == '=') break;
            if (c == '%' && i + 2 < sl && hex_value(src[i + 1]) >= 0 &&
                hex_value(src[i + 2]) >= 0) {
                c = hex_value(src[i + 1]) * 16 + hex_value(src[i + 2]);
                i += 2;
            }
            int v = b64_value(c);
            if (v < 0) continue; /* white space and line breaks inside the URI */
            acc = acc << 6 | (uint32_t)v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (uint8_t)(acc >> bits);
            }
        }
    } else {
        for (size_t i = 0; i < sl; i++) {
            if (src[i] == '%' && i + 2 < sl && hex_value(src[i + 1]) >= 0 &&
                hex_value(src[i + 2]) >= 0) {
                out[o++] = (uint8_t)(hex_value(src[i + 1]) * 16 + hex_value(src[i + 2]));
                i += 2;
            } else {
                out[o++] = (uint8_t)src[i];
            }
        }
    }
    const char *sniffed = hr_image_sniff(out, o);
    if (!o || !sniffed) {
        free(out);
        return false;
    }
    /* The bytes decide; the label only when it agrees in kind. */
    if (strncmp(mimebuf, "image/", 6) != 0 || strcmp(sniffed, "image/svg+xml") == 0 ||
        strcmp(mimebuf, sniffed) != 0) {
        size_t k = strlen(sniffed);
        if (k + 1 > mimesz) {
            free(out);
            return false;
        }
        memcpy(mimebuf, sniffed, k + 1);
    }
    *bytes = out;
    *len = o;
    return true;
}
