/* Escaping and URL safety: every byte of document text reaches the page
 * through here, so nothing a source contains can become markup. */
#include "hw.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void hw_fail(hw *w, int code)
{
    if (!w->error) w->error = code;
}

void hw_putn(hw *w, const char *s, size_t n)
{
    if (n) gd_sink_write(w->out, s, n);
}

void hw_puts(hw *w, const char *s)
{
    hw_putn(w, s, strlen(s));
}

void hw_printf(hw *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gd_host->sink_vprintf(w->out, fmt, ap);
    va_end(ap);
}

/* One UTF-8 sequence; invalid bytes yield U+FFFD and length 1. */
static uint32_t utf8_next(const unsigned char *s, size_t n, size_t *len)
{
    return gd_utf8_decode((const char *)s, n, len);
}

static bool is_noncharacter(uint32_t cp)
{
    return (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
}

/* The shared escaper: runs of harmless bytes are written as they are. */
static void escape(hw *w, const char *str, size_t n, bool attr)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t run = 0, i = 0;
    while (i < n) {
        unsigned char c = s[i];
        const char *rep = NULL;
        size_t adv = 1;
        bool keep = false;
        if (c >= 0x80) {
            uint32_t cp = utf8_next(s + i, n - i, &adv);
            if (cp == 0xFFFD && adv == 1)
                rep = "\xEF\xBF\xBD";
            else if (cp >= 0x80 && cp <= 0x9F)
                rep = ""; /* C1 controls */
            else if (is_noncharacter(cp))
                rep = "\xEF\xBF\xBD";
            else
                keep = true;
        } else if (c == '&')
            rep = "&amp;";
        else if (c == '<')
            rep = "&lt;";
        else if (c == '>')
            rep = "&gt;";
        else if (c == '"' && attr)
            rep = "&quot;";
        else if (c == '\t' || c == '\n')
            keep = true;
        else if (c < 0x20 || c == 0x7F)
            rep = ""; /* NUL, CR, other controls */
        else
            keep = true;
        if (keep) {
            run += adv;
            i += adv;
            continue;
        }
        hw_putn(w, str + i - run, run);
        run = 0;
        hw_puts(w, rep);
        i += adv;
    }
    hw_putn(w, str + n - run, run);
}

bool hw_text_visible(const char *str, size_t n, bool need_nonspace)
{
    const unsigned char *s = (const unsigned char *)str;
    for (size_t i = 0, adv; i < n; i += adv) {
        uint32_t cp = utf8_next(s + i, n - i, &adv);
        bool dropped = (cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7F && cp <= 0x9F);
        bool space = cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xA0 || cp == 0x3000;
        if (!dropped && !(need_nonspace && space)) return true;
    }
    return false;
}

void hw_text(hw *w, const char *s, size_t n)
{
    escape(w, s, n, false);
}

void hw_attr(hw *w, const char *s, size_t n)
{
    escape(w, s, n, true);
}

/* What a browser's URL parser does before reading the scheme: strip
 * leading and trailing C0 controls and spaces, remove tabs and newlines
 * anywhere. Returns a malloc'ed copy. */
static char *url_clean(const char *url)
{
    size_t n = strlen(url);
    while (n && (unsigned char)url[n - 1] <= 0x20) n--;
    while (n && (unsigned char)*url <= 0x20) url++, n--;
    char *out = malloc(n + 1), *o = out;
    if (!out) return NULL;
    for (size_t i = 0; i < n; i++)
        if (url[i] != '\t' && url[i] != '\n' && url[i] != '\r') *o++ = url[i];
    *o = 0;
    return out;
}

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool has_prefix_ci(const char *s, const char *prefix)
{
    for (; *prefix; s++, prefix++) {
        char c = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
        if (c != *prefix) return false;
    }
    return true;
}

bool hw_url_safe(const char *url, bool image)
{
    if (!url) return false;
    char *u = url_clean(url);
    if (!u) return false;
    /* A scheme is [A-Za-z][A-Za-z0-9+.-]* followed by ':'. Anything else
     * (a path, "#frag", "?q", "//host") is relative and inherits the
     * page's own scheme. */
    size_t k = 0;
    bool scheme = false;
    if (is_alpha(u[0])) {
        k = 1;
        while (is_alpha(u[k]) || (u[k] >= '0' && u[k] <= '9') || u[k] == '+' || u[k] == '-' ||
               u[k] == '.')
            k++;
        scheme = u[k] == ':';
    }
    bool ok = true;
    if (scheme) {
        static const char *const allowed[] = {
            "http:", "https:", "mailto:", "tel:", "ftp:", "ftps:"};
        ok = false;
        for (size_t i = 0; i < sizeof allowed / sizeof *allowed; i++)
            if (has_prefix_ci(u, allowed[i])) ok = true;
        /* data: only as an image (scripts do not run in <img>) */
        if (image && has_prefix_ci(u, "data:image/")) ok = true;
    }
    free(u);
    return ok;
}

static bool url_byte_plain(unsigned char c)
{
    return c > 0x20 && c < 0x7F && !strchr("\"<>\\^`{|}", c);
}

void hw_url_attr(hw *w, const char *url)
{
    char *u = url_clean(url);
    if (!u) {
        hw_fail(w, GD_ENOMEM);
        return;
    }
    const unsigned char *s = (const unsigned char *)u;
    size_t run = 0, i = 0;
    for (; s[i]; i++) {
        if (url_byte_plain(s[i])) {
            run++;
            continue;
        }
        hw_attr(w, u + i - run, run);
        run = 0;
        hw_printf(w, "%%%02X", s[i]);
    }
    hw_attr(w, u + i - run, run);
    free(u);
}

char *hw_url_encode_segment(const char *s)
{
    size_t n = strlen(s);
    char *out = malloc(n * 3 + 1), *o = out;
    if (!out) return NULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (is_alpha((char)*p) || (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
            *o++ = (char)*p;
        } else {
            snprintf(o, 4, "%%%02X", *p);
            o += 3;
        }
    }
    *o = 0;
    return out;
}
