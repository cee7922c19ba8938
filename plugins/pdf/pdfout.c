/* The PDF file: objects, streams, cross-reference table (see pdfout.h). */
#include "pdfout.h"

#include "pdf.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- byte buffers ---- */

static bool buf_reserve(pw_buf *b, size_t more)
{
    if (b->oom) return false;
    if (b->n + more <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + more) {
        if (cap > SIZE_MAX / 2) {
            b->oom = 1;
            return false;
        }
        cap *= 2;
    }
    char *v = realloc(b->v, cap);
    if (!v) {
        b->oom = 1;
        return false;
    }
    b->v = v;
    b->cap = cap;
    return true;
}

void pw_buf_put(pw_buf *b, const void *s, size_t n)
{
    if (!n || !buf_reserve(b, n)) return;
    memcpy(b->v + b->n, s, n);
    b->n += n;
}

void pw_buf_puts(pw_buf *b, const char *s)
{
    pw_buf_put(b, s, strlen(s));
}

void pw_buf_printf(pw_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        pw_buf_put(b, small, (size_t)n);
        return;
    }
    if (!buf_reserve(b, (size_t)n + 1)) return;
    va_start(ap, fmt);
    vsnprintf(b->v + b->n, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->n += (size_t)n;
}

void pw_buf_num(pw_buf *b, double v)
{
    /* Two decimals are 1/7200 inch: finer than any printer. Formatted by
     * hand: content streams are mostly numbers. */
    if (!(v > -1e15 && v < 1e15)) v = 0;
    long long c = (long long)(v * 100 + (v < 0 ? -0.5 : 0.5));
    char tmp[32], *e = tmp + sizeof tmp, *p = e;
    bool neg = c < 0;
    if (neg) c = -c;
    int fp = (int)(c % 100);
    long long ip = c / 100;
    if (fp) {
        if (fp % 10) *--p = (char)('0' + fp % 10);
        *--p = (char)('0' + fp / 10);
        *--p = '.';
    }
    do {
        *--p = (char)('0' + ip % 10);
        ip /= 10;
    } while (ip);
    if (neg && c) *--p = '-';
    pw_buf_put(b, p, (size_t)(e - p));
}

void pw_buf_free(pw_buf *b)
{
    free(b->v);
    memset(b, 0, sizeof *b);
}

void pw_buf_pdfstr(pw_buf *b, const void *s, size_t n)
{
    const unsigned char *p = s;
    if (!buf_reserve(b, n * 2 + 2)) return;
    char *o = b->v + b->n;
    *o++ = '(';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (c == '(' || c == ')' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c == '\r') {
            *o++ = '\\';
            *o++ = 'r';
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = ')';
    b->n = (size_t)(o - b->v);
}

void pw_buf_textstr(pw_buf *b, const char *s, size_t n)
{
    bool ascii = true;
    for (size_t i = 0; i < n && ascii; i++)
        ascii = (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F;
    if (ascii) {
        pw_buf_pdfstr(b, s, n);
        return;
    }
    static const char hex[] = "0123456789ABCDEF";
    pw_buf_puts(b, "<FEFF");
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += (size_t)pw_utf8_decode(s + i, n - i, &cp);
        uint16_t u[2];
        int k = 0;
        if (cp >= 0x10000 && cp <= 0x10FFFF) {
            cp -= 0x10000;
            u[k++] = (uint16_t)(0xD800 + (cp >> 10));
            u[k++] = (uint16_t)(0xDC00 + (cp & 0x3FF));
        } else {
            u[k++] = (uint16_t)(cp > 0xFFFF ? 0xFFFD : cp);
        }
        for (int j = 0; j < k; j++) {
            char h[4] = {hex[u[j] >> 12], hex[(u[j] >> 8) & 15], hex[(u[j] >> 4) & 15],
                         hex[u[j] & 15]};
            pw_buf_put(b, h, 4);
        }
    }
    pw_buf_puts(b, ">");
}

/* ---- the file ---- */

struct pw_out {
    gd_sink *sink;
    uint64_t off;   /* bytes written so far (sink + buffer) */
    uint64_t *xref; /* offset of each object, 0 = not written */
    size_t nobj, xcap;
    int err;
    bool compress;
    unsigned char buf[1 << 16];
    size_t nbuf;
};

/* Compressors per thread, kept across documents: each holds hundreds of KB
 * of match-finder tables, which a compressor per document allocated and
 * faulted in again for every document of a batch. */
typedef struct zset {
    struct libdeflate_compressor *z[13];
    struct zset *next, **prev;
} zset;
static pthread_key_t zkey;
static pthread_once_t zonce = PTHREAD_ONCE_INIT;
static pthread_mutex_t zlock = PTHREAD_MUTEX_INITIALIZER;
static zset *zall; /* every thread's, for the library's destructor */

static void zset_free(void *p)
{
    zset *zs = p;
    if (!zs) return;
    pthread_mutex_lock(&zlock);
    *zs->prev = zs->next;
    if (zs->next) zs->next->prev = zs->prev;
    pthread_mutex_unlock(&zlock);
    for (int i = 0; i < 13; i++)
        if (zs->z[i]) libdeflate_free_compressor(zs->z[i]);
    free(zs);
}

static void zkey_make(void)
{
    pthread_key_create(&zkey, zset_free);
}

__attribute__((destructor)) static void zset_cleanup(void)
{
    while (zall) zset_free(zall);
}

static struct libdeflate_compressor *compressor(int level)
{
    pthread_once(&zonce, zkey_make);
    zset *zs = pthread_getspecific(zkey);
    if (!zs) {
        if (!(zs = calloc(1, sizeof *zs))) return NULL;
        if (pthread_setspecific(zkey, zs)) {
            free(zs);
            return NULL;
        }
        pthread_mutex_lock(&zlock);
        zs->next = zall;
        zs->prev = &zall;
        if (zall) zall->prev = &zs->next;
        zall = zs;
        pthread_mutex_unlock(&zlock);
    }
    if (!zs->z[level]) zs->z[level] = libdeflate_alloc_compressor(level);
    return zs->z[level];
}

static void flush(pw_out *o)
{
    if (o->nbuf && !o->err) o->err = gd_sink_write(o->sink, o->buf, o->nbuf);
    o->nbuf = 0;
}

static void put(pw_out *o, const void *data, size_t n)
{
    o->off += n;
    if (o->err) return;
    if (n > sizeof o->buf / 2) {
        flush(o);
        if (!o->err) o->err = gd_sink_write(o->sink, data, n);
        return;
    }
    if (o->nbuf + n > sizeof o->buf) flush(o);
    memcpy(o->buf + o->nbuf, data, n);
    o->nbuf += n;
}

static void puts_(pw_out *o, const char *s)
{
    put(o, s, strlen(s));
}

int pw_out_new(pw_out **out, gd_sink *sink, bool compress)
{
    pw_out *o = calloc(1, sizeof *o);
    if (!o) return GD_ENOMEM;
    o->sink = sink;
    o->compress = compress;
    o->nobj = 1; /* object 0 is the free list head */
    /* The binary comment tells transfer programs the file is binary. */
    puts_(o, "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n");
    *out = o;
    return GD_OK;
}

int pw_out_error(const pw_out *o)
{
    return o->err;
}

bool pw_out_compressing(const pw_out *o)
{
    return o->compress;
}

uint64_t pw_out_offset(const pw_out *o)
{
    return o->off;
}

void pw_out_free(pw_out *o)
{
    if (!o) return;
    free(o->xref);
    free(o);
}

uint32_t pw_out_reserve(pw_out *o)
{
    if (o->nobj >= o->xcap) {
        size_t cap = o->xcap ? o->xcap * 2 : 256;
        uint64_t *x = realloc(o->xref, cap * sizeof *x);
        if (!x) {
            o->err = GD_ENOMEM;
            return 0;
        }
        o->xref = x;
        o->xcap = cap;
    }
    o->xref[o->nobj] = 0;
    return (uint32_t)o->nobj++;
}

static void begin(pw_out *o, uint32_t id)
{
    if (!id || id >= o->nobj) {
        if (!o->err) o->err = GD_ERROR;
        return;
    }
    o->xref[id] = o->off;
    char h[32];
    int n = snprintf(h, sizeof h, "%u 0 obj\n", id);
    put(o, h, (size_t)n);
}

void pw_out_obj(pw_out *o, uint32_t id, const char *body, size_t n)
{
    begin(o, id);
    put(o, body, n);
    puts_(o, "\nendobj\n");
}

void pw_out_objf(pw_out *o, uint32_t id, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[512];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof small) {
        pw_out_obj(o, id, small, (size_t)n);
        return;
    }
    char *big = malloc((size_t)n + 1);
    if (!big) {
        o->err = GD_ENOMEM;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    pw_out_obj(o, id, big, (size_t)n);
    free(big);
}

void *pw_deflate(pw_out *o, const void *data, size_t n, int level, size_t *zn)
{
    if (level < 1) level = 1;
    if (level > 12) level = 12;
    (void)o;
    struct libdeflate_compressor *c = compressor(level);
    if (!c) return NULL;
    size_t bound = libdeflate_zlib_compress_bound(c, n);
    void *z = malloc(bound);
    if (!z) return NULL;
    *zn = libdeflate_zlib_compress(c, data, n, z, bound);
    if (!*zn) {
        free(z);
        return NULL;
    }
    return z;
}

static void stream(pw_out *o, uint32_t id, const char *dict, const void *data, size_t n, bool flate)
{
    begin(o, id);
    char h[64];
    int k = snprintf(h, sizeof h, "<</Length %zu%s", n, flate ? "/Filter/FlateDecode" : "");
    put(o, h, (size_t)k);
    if (dict && *dict) puts_(o, dict);
    puts_(o, ">>\nstream\n");
    put(o, data, n);
    puts_(o, "\nendstream\nendobj\n");
}

void pw_out_stream(pw_out *o, uint32_t id, const char *dict, const void *data, size_t n, int level)
{
    if (level > 0 && o->compress && n > 0) {
        size_t zn;
        void *z = pw_deflate(o, data, n, level, &zn);
        if (!z) {
            if (!o->err) o->err = GD_ENOMEM;
            return;
        }
        stream(o, id, dict, z, zn, true);
        free(z);
        return;
    }
    stream(o, id, dict, data, n, false);
}

void pw_out_raw_stream(pw_out *o, uint32_t id, const char *dict, const void *data, size_t n)
{
    stream(o, id, dict, data, n, true);
}

void pw_out_finish(pw_out *o, uint32_t root, uint32_t info, const uint8_t id[16])
{
    uint64_t start = o->off;
    char line[64];
    int n = snprintf(line, sizeof line, "xref\n0 %zu\n0000000000 65535 f \n", o->nobj);
    put(o, line, (size_t)n);
    for (size_t i = 1; i < o->nobj; i++) {
        if (!o->xref[i] && !o->err) o->err = GD_ERROR; /* reserved, never written */
        n = snprintf(line, sizeof line, "%010llu 00000 n \n", (unsigned long long)o->xref[i]);
        put(o, line, (size_t)n);
    }
    pw_buf t = {0};
    pw_buf_printf(&t, "trailer\n<</Size %zu/Root %u 0 R", o->nobj, root);
    if (info) pw_buf_printf(&t, "/Info %u 0 R", info);
    pw_buf_puts(&t, "/ID[<");
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < 16; i++) pw_buf_printf(&t, "%02X", id[i]);
        pw_buf_puts(&t, k ? ">]" : "><");
    }
    pw_buf_printf(&t, ">>\nstartxref\n%llu\n%%%%EOF\n", (unsigned long long)start);
    if (t.oom && !o->err) o->err = GD_ENOMEM;
    put(o, t.v, t.n);
    pw_buf_free(&t);
    flush(o);
}

/* ---- file ID ---- */

void pw_hash_init(pw_hash *h)
{
    h->a = 0xcbf29ce484222325ull;
    h->b = 0x84222325cbf29ce4ull;
}

void pw_hash_update(pw_hash *h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h->a = (h->a ^ p[i]) * 0x100000001b3ull;
        h->b = (h->b ^ p[i]) * 0x100000001b3ull + (h->a >> 29);
    }
}

void pw_hash_final(pw_hash *h, uint8_t out[16])
{
    uint64_t a = h->a, b = h->b;
    for (int r = 0; r < 4; r++) { /* mix (splitmix64 finaliser) */
        a ^= a >> 33;
        a *= 0xff51afd7ed558ccdull;
        b ^= a;
        b ^= b >> 33;
        b *= 0xc4ceb9fe1a85ec53ull;
        a ^= b;
    }
    for (int i = 0; i < 8; i++) {
        out[i] = (uint8_t)(a >> (8 * i));
        out[8 + i] = (uint8_t)(b >> (8 * i));
    }
}
