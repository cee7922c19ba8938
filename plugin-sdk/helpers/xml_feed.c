/* The bytes the XML helper hands expat: the encoding chosen from the XML
 * declaration (iconv for those expat does not know), and data held back
 * while a long token is unfinished. See xml_feed.h. */
#define _GNU_SOURCE /* memmem, strcasecmp */
#include "xml_feed.h"

#include <govdoc/helpers/error.h>

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define HEAD_MAX  1024u        /* a declaration is looked for in this many bytes */
#define HOLD_MIN  (64u * 1024) /* unanswered bytes before data is held back */
#define OUT_CHUNK (64u * 1024) /* iconv's output, handed to expat as it fills */

void xml_feed_init(xml_feed *f, XML_Parser p)
{
    memset(f, 0, sizeof *f);
    f->p = p;
    f->cd = (iconv_t)-1;
}

void xml_feed_free(xml_feed *f)
{
    if (f->cd != (iconv_t)-1) iconv_close(f->cd);
    free(f->head);
    free(f->join);
    free(f->out);
    free(f->hold);
    f->cd = (iconv_t)-1;
    f->head = f->join = f->out = f->hold = NULL;
}

static int reserve(char **p, size_t *cap, size_t need)
{
    if (need <= *cap) return GD_OK;
    size_t n = *cap ? *cap : 4096;
    while (n < need) n = n > SIZE_MAX / 2 ? need : n * 2;
    char *q = realloc(*p, n);
    if (!q) return GD_ENOMEM;
    *p = q;
    *cap = n;
    return GD_OK;
}

/* ---- to expat ---- */

static int parse(xml_feed *f, const char *d, size_t n, bool last)
{
    do { /* XML_Parse takes an int */
        unsigned long before = f->events;
        size_t k = n > INT_MAX / 2 ? INT_MAX / 2 : n;
        if (XML_Parse(f->p, d, (int)k, last && k == n) != XML_STATUS_OK) return XML_FEED_PARSER;
        d += k;
        n -= k;
        f->quiet = f->events == before ? f->quiet + k : 0;
    } while (n);
    return GD_OK;
}

/* UTF-8 (or a native encoding) to expat; held back while expat has said
 * nothing for a while and less than that much new data is here. */
static int deliver(xml_feed *f, const char *d, size_t n, bool last)
{
    if (f->hold_len || (f->quiet >= HOLD_MIN && !last)) {
        if (n > SIZE_MAX - f->hold_len || reserve(&f->hold, &f->hold_cap, f->hold_len + n) != GD_OK)
            return GD_ENOMEM;
        memcpy(f->hold + f->hold_len, d, n);
        f->hold_len += n;
        if (!last && f->hold_len < f->quiet) return GD_OK;
        size_t k = f->hold_len;
        f->hold_len = 0;
        return parse(f, f->hold, k, last);
    }
    return parse(f, d, n, last);
}

/* ---- other encodings, through iconv ---- */

static int bad_bytes(xml_feed *f, const char *p, size_t n, const char *why)
{
    char hex[32] = "";
    for (size_t i = 0; i < n && i < 4; i++)
        snprintf(hex + strlen(hex), sizeof hex - strlen(hex), "%s0x%02X", i ? " " : "",
                 (unsigned char)p[i]);
    snprintf(f->msg, sizeof f->msg, "%s in %s (bytes %s)", why, f->enc, hex);
    return XML_FEED_CHARSET;
}

/* Converts in[0..n) to UTF-8 for expat; an incomplete character at the end
 * waits in carry for the next chunk. */
static int convert(xml_feed *f, const char *in, size_t n, bool last)
{
    if (f->ncarry) {
        size_t need = f->ncarry + n;
        if (n > SIZE_MAX - f->ncarry || reserve(&f->join, &f->join_cap, need) != GD_OK)
            return GD_ENOMEM;
        memcpy(f->join, f->carry, f->ncarry);
        memcpy(f->join + f->ncarry, in, n);
        in = f->join;
        n = need;
        f->ncarry = 0;
    }
    if (reserve(&f->out, &f->out_cap, OUT_CHUNK) != GD_OK) return GD_ENOMEM;
    char *ip = (char *)in;
    size_t il = n;
    while (il) {
        char *op = f->out;
        size_t ol = f->out_cap;
        int e = iconv(f->cd, &ip, &il, &op, &ol) == (size_t)-1 ? errno : 0;
        int rc = deliver(f, f->out, (size_t)(op - f->out), false);
        if (rc) return rc;
        if (e == EILSEQ) return bad_bytes(f, ip, il, "bytes not valid");
        if (e == EINVAL) break; /* an incomplete character: more is coming */
    }
    if (il && (last || il > sizeof f->carry)) return bad_bytes(f, ip, il, "a truncated character");
    memcpy(f->carry, ip, il);
    f->ncarry = il;
    if (!last) return GD_OK;
    char *op = f->out; /* what a stateful decoder still holds */
    size_t ol = f->out_cap;
    iconv(f->cd, NULL, NULL, &op, &ol);
    return deliver(f, f->out, (size_t)(op - f->out), true);
}

/* ---- the XML declaration ---- */

static bool space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* The encoding the XML declaration at the start of d[0..n) names, into
 * name (cap bytes); false without one. A UTF-8 BOM before it is skipped:
 * libxml2 let the declaration win over it (see xml_feed_bytes). */
static bool declared(const char *d, size_t n, char *name, size_t cap)
{
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) d += 3, n -= 3;
    if (n > HEAD_MAX) n = HEAD_MAX;
    if (n < 6 || memcmp(d, "<?xml", 5) != 0 || !space(d[5])) return false;
    const char *end = memmem(d, n, "?>", 2);
    if (!end) return false;
    for (const char *p = d + 6; p + 8 < end; p++) {
        if (memcmp(p, "encoding", 8) != 0 || !space(p[-1])) continue;
        for (p += 8; p < end && space(*p);) p++;
        if (p == end || *p++ != '=') return false;
        while (p < end && space(*p)) p++;
        if (p == end || (*p != '"' && *p != '\'')) return false;
        const char q = *p++, *s = p;
        while (p < end && *p != q) p++;
        size_t len = (size_t)(p - s);
        if (p == end || !len || len >= cap) return false;
        memcpy(name, s, len);
        name[len] = 0;
        return true;
    }
    return false;
}

/* Enough bytes to decide: the declaration is whole, cannot be, or never
 * will be longer. */
static bool decisive(const char *d, size_t n, bool last)
{
    return last || n >= HEAD_MAX || memmem(d, n, "?>", 2);
}

static int choose(xml_feed *f, const char *d, size_t n)
{
    static const char *const native[] = {"UTF-8",    "UTF-16",     "UTF-16BE",
                                         "UTF-16LE", "ISO-8859-1", "US-ASCII"};
    f->sniffed = true;
    if (!declared(d, n, f->enc, sizeof f->enc)) return GD_OK;
    for (size_t i = 0; i < sizeof native / sizeof *native; i++)
        if (strcasecmp(f->enc, native[i]) == 0) return GD_OK;
    /* expat now reads UTF-8 whatever the declaration says */
    if (XML_SetEncoding(f->p, "UTF-8") != XML_STATUS_OK) return GD_ENOMEM;
    if (strcasecmp(f->enc, "UTF8") == 0) return GD_OK; /* an alias libxml2 knew */
    f->cd = iconv_open("UTF-8", f->enc);
    if (f->cd != (iconv_t)-1) return GD_OK;
    snprintf(f->msg, sizeof f->msg, "unsupported encoding %s", f->enc);
    return XML_FEED_CHARSET;
}

int xml_feed_bytes(xml_feed *f, const char *data, size_t len, bool last)
{
    if (!f->sniffed) {
        if (f->head_len || !decisive(data, len, last)) { /* a declaration cut short */
            if (reserve(&f->head, &f->head_cap, f->head_len + len) != GD_OK) return GD_ENOMEM;
            memcpy(f->head + f->head_len, data, len);
            f->head_len += len;
            if (!decisive(f->head, f->head_len, last)) return GD_OK;
            data = f->head;
            len = f->head_len;
        }
        int rc = choose(f, data, len);
        if (rc) return rc;
        /* a UTF-8 BOM before another encoding's declaration: libxml2
         * skipped it and read the rest in the declared encoding */
        if (f->cd != (iconv_t)-1 && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
            data += 3, len -= 3;
    }
    return f->cd == (iconv_t)-1 ? deliver(f, data, len, last) : convert(f, data, len, last);
}

int xml_feed_buffer(xml_feed *f, char *data, size_t len)
{
    int rc = choose(f, data, len); /* a fresh feed: nothing sniffed yet */
    if (rc) return rc;
    if (f->cd == (iconv_t)-1) /* parsed where it lies: what XML_Parse does after its copy */
        return XML_ParseBuffer(f->p, (int)len, XML_TRUE) == XML_STATUS_OK ? GD_OK : XML_FEED_PARSER;
    /* converted: out of expat's buffer first, which the converted text goes to */
    char *copy = malloc(len);
    if (!copy) return GD_ENOMEM;
    memcpy(copy, data, len);
    const char *d = copy;
    size_t n = len;
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) d += 3, n -= 3; /* as xml_feed_bytes */
    rc = convert(f, d, n, true);
    free(copy);
    return rc;
}
