/* The wire form of a finished read (see wire.h).
 *
 *   reply   = "GDW1" record* 'Z' count
 *   record  = 'E' rc:s code:s message:str           the read's result (first)
 *           | 'D' attrs                              the root's attributes
 *           | 'G' severity:u message:str             a diagnostic
 *           | 'M' key:str value:str                  metadata
 *           | 'R' mime:str data:str                  a resource (ids follow order)
 *           | 'O' type:u line:u fields attrs         a node opens
 *           | 'C'                                    ... and closes
 *           | 'T' line:u style:u text:str attrs      a text node
 *   fields  = HEADING level:u | LIST ordered:u start:s | ROW header:u
 *           | CELL rowspan:u colspan:u header:u | LINK, IMAGE has-url:u [url:str]
 *   attrs   = count:u (key:str value:str)*
 *   u, s    = LEB128 unsigned / zigzag signed; str = length:u bytes
 *   count   = the number of records before 'Z' (a cut reply cannot pass)
 *
 * Nodes come in document order. The parent rebuilds them through the
 * builder, so a reply can never make a tree the builder would refuse. */
#include "wire.h"
#include "govdoc/gd_wire.h"

#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WIRE_MAGIC   "GDW1"
#define WIRE_MAX_MSG 4096 /* bytes of an error message taken from the child */

/* ---- encoding ---- */

void gd__wire_buf_free(gd_wire_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

static void put(gd_wire_buf *b, const void *p, size_t n)
{
    if (b->oom || !n) return;
    if (n > b->cap - b->len) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap - b->len < n) {
            if (cap > SIZE_MAX / 2) {
                b->oom = true;
                return;
            }
            cap *= 2;
        }
        uint8_t *q = realloc(b->p, cap);
        if (!q) {
            b->oom = true;
            return;
        }
        b->p = q;
        b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void put_u(gd_wire_buf *b, uint64_t v)
{
    uint8_t tmp[10];
    size_t n = 0;
    do {
        tmp[n] = (uint8_t)(v & 0x7f);
        v >>= 7;
        if (v) tmp[n] |= 0x80;
        n++;
    } while (v);
    put(b, tmp, n);
}

static void put_s(gd_wire_buf *b, int64_t v)
{
    put_u(b, ((uint64_t)v << 1) ^ (uint64_t)(v >> 63));
}

static void put_str(gd_wire_buf *b, const char *s, size_t n)
{
    put_u(b, n);
    put(b, s, n);
}

static void put_cstr(gd_wire_buf *b, const char *s)
{
    put_str(b, s ? s : "", s ? strlen(s) : 0);
}

static void put_tag(gd_wire_buf *b, char tag, size_t *records)
{
    put(b, &tag, 1);
    (*records)++;
}

static void put_attrs(gd_wire_buf *b, const gd_attr *a)
{
    size_t n = 0;
    for (const gd_attr *x = a; x; x = x->next) n++;
    put_u(b, n);
    for (; a; a = a->next) {
        put_cstr(b, a->key);
        put_cstr(b, a->value);
    }
}

static void put_node(gd_wire_buf *b, const gd_node *n, size_t *records)
{
    if (n->type == GD_NODE_TEXT) {
        put_tag(b, 'T', records);
        put_u(b, n->line);
        put_u(b, n->style);
        put_str(b, n->text ? n->text : "", n->text ? n->len : 0);
        put_attrs(b, n->attrs);
        return;
    }
    put_tag(b, 'O', records);
    put_u(b, n->type);
    put_u(b, n->line);
    switch (n->type) {
    case GD_NODE_HEADING: put_u(b, (uint64_t)n->a); break;
    case GD_NODE_LIST:
        put_u(b, n->a ? 1 : 0);
        put_s(b, n->b);
        break;
    case GD_NODE_ROW: put_u(b, n->header); break;
    case GD_NODE_CELL:
        put_u(b, (uint64_t)(n->a < 1 ? 1 : n->a));
        put_u(b, (uint64_t)(n->b < 1 ? 1 : n->b));
        put_u(b, n->header);
        break;
    case GD_NODE_LINK:
    case GD_NODE_IMAGE:
        put_u(b, n->text ? 1 : 0);
        if (n->text) put_str(b, n->text, n->len);
        break;
    default: break;
    }
    put_attrs(b, n->attrs);
}

int gd__wire_encode(gd_wire_buf *out, const gd_doc *doc, int read_rc, const gd_ctx *ctx)
{
    size_t records = 0;
    put(out, WIRE_MAGIC, 4);
    put_tag(out, 'E', &records);
    put_s(out, read_rc);
    put_s(out, ctx ? ctx->error_code : 0);
    put_cstr(out, ctx ? ctx->error_message : NULL);
    for (const gd_diag *d = doc->diag; d; d = d->next) {
        put_tag(out, 'G', &records);
        put_u(out, (uint64_t)d->sev);
        put_cstr(out, d->message);
    }
    if (read_rc == GD_OK && !(ctx && ctx->error_code)) {
        put_tag(out, 'D', &records);
        put_attrs(out, doc->root->attrs);
        for (const gd_kv *kv = doc->meta; kv; kv = kv->next) {
            put_tag(out, 'M', &records);
            put_cstr(out, kv->key);
            put_cstr(out, kv->value);
        }
        for (const gd_resource *r = doc->res; r; r = r->next) {
            put_tag(out, 'R', &records);
            put_cstr(out, r->mime);
            put_str(out, (const char *)r->data, r->len);
        }
        gd_iter *it;
        if (gd_iter_new(&it, doc->root) != GD_OK) return GD_ENOMEM;
        gd_event ev;
        while ((ev = gd_iter_next(it)) != GD_EVENT_DONE) {
            const gd_node *n = gd_iter_node(it);
            if (n == doc->root) continue;
            if (ev == GD_EVENT_ENTER)
                put_node(out, n, &records);
            else if (n->type != GD_NODE_TEXT)
                put_tag(out, 'C', &records);
        }
        gd_iter_free(it);
    }
    char z = 'Z';
    put(out, &z, 1);
    put_u(out, records);
    return out->oom ? GD_ENOMEM : GD_OK;
}

/* ---- decoding ---- */

typedef struct reader {
    const uint8_t *p, *end;
    bool bad;
} reader;

static uint64_t get_u(reader *r)
{
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (r->p >= r->end) break;
        uint8_t c = *r->p++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) return v;
    }
    r->bad = true;
    return 0;
}

static int64_t get_s(reader *r)
{
    uint64_t u = get_u(r);
    return (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
}

/* A string: pointer into the reply (not NUL-terminated) and its length. */
static const char *get_str(reader *r, size_t *len)
{
    uint64_t n = get_u(r);
    if (r->bad || n > (uint64_t)(r->end - r->p)) {
        r->bad = true;
        *len = 0;
        return "";
    }
    const char *s = (const char *)r->p;
    r->p += n;
    *len = (size_t)n;
    return s;
}

/* The same, as a NUL-terminated copy (malloc'ed, NULL when bad; embedded
 * NULs make it bad: keys and values are C strings in the IR). */
static char *get_cstr(reader *r)
{
    size_t n;
    const char *s = get_str(r, &n);
    if (r->bad || memchr(s, 0, n)) {
        r->bad = true;
        return NULL;
    }
    char *c = malloc(n + 1);
    if (!c) {
        r->bad = true;
        return NULL;
    }
    memcpy(c, s, n);
    c[n] = 0;
    return c;
}

static int set_why(char *why, size_t whylen, int code, const char *fmt, ...) GD_PRINTF(4, 5);
static int set_why(char *why, size_t whylen, int code, const char *fmt, ...)
{
    if (why && whylen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(why, whylen, fmt, ap);
        va_end(ap);
    }
    return code;
}

/* Attributes onto node n (or skipped when n is NULL: a node the builder
 * flattened away). */
static int get_attrs(reader *r, gd_node *n)
{
    uint64_t count = get_u(r);
    if (r->bad || count > (uint64_t)(r->end - r->p) / 2) return GD_EFORMAT;
    for (uint64_t i = 0; i < count; i++) {
        char *k = get_cstr(r), *v = get_cstr(r);
        int rc = r->bad || !*k ? GD_EFORMAT : n ? gd_node_set_attr(n, k, v) : GD_OK;
        free(k);
        free(v);
        if (rc) return rc;
    }
    return GD_OK;
}

static bool known_code(int64_t c)
{
    return c <= GD_OK && c >= GD_ENOTFOUND;
}

/* One line of valid UTF-8 without control characters, at most
 * WIRE_MAX_MSG bytes (the child's words are shown to the user). */
static char *clean_message(const char *s, size_t n)
{
    if (n > WIRE_MAX_MSG) n = WIRE_MAX_MSG;
    char *m = malloc(n * 3 + 1), *o = m;
    if (!m) return NULL;
    for (size_t i = 0; i < n;) {
        size_t adv;
        uint32_t cp = gd_utf8_decode(s + i, n - i, &adv);
        if (cp < 0x20 || cp == 0x7f) cp = ' ';
        o += gd_utf8_encode(cp, o);
        i += adv;
    }
    *o = 0;
    return m;
}

static int decode_result(reader *r, gd_ctx *ctx, int *read_rc, char *why, size_t whylen)
{
    int64_t rc = get_s(r), code = get_s(r);
    size_t n;
    const char *msg = get_str(r, &n);
    if (r->bad || !known_code(rc) || !known_code(code))
        return set_why(why, whylen, GD_EFORMAT, "a malformed result record");
    *read_rc = (int)rc;
    if (code) {
        char *m = clean_message(msg, n);
        if (!m) return GD_ENOMEM;
        gd_ctx_error(ctx, (int)code, "%s", m);
        free(m);
    }
    return GD_OK;
}

int gd__wire_decode(const uint8_t *p, size_t len, gd_doc *doc, gd_ctx *ctx, int *read_rc, char *why,
                    size_t whylen)
{
    *read_rc = GD_ERROR;
    if (len < 4 || memcmp(p, WIRE_MAGIC, 4) != 0)
        return set_why(why, whylen, GD_EFORMAT, "no reply header");
    reader r = {p + 4, p + len, false};
    /* The builder reports on a context of its own: its complaints are about
     * the reply, not the input. */
    gd_ctx bctx = {0};
    bctx.plugin = ctx ? ctx->plugin : NULL;
    gd_builder *b = NULL;
    int rc = gd_builder_new(&b, &bctx, doc);
    if (rc) return set_why(why, whylen, rc, "out of memory");
    size_t records = 0;
    int depth = 0;
    gd_node_type open_types[GD_MAX_DEPTH + 2];
    bool have_result = false, have_root = false, done = false;
    while (rc == GD_OK && !done) {
        if (r.p >= r.end) {
            rc = set_why(why, whylen, GD_EFORMAT, "the reply is cut short");
            break;
        }
        char tag = (char)*r.p++;
        if (tag != 'Z') records++;
        if (tag != 'E' && tag != 'Z' && !have_result) {
            rc = set_why(why, whylen, GD_EFORMAT, "no result record first");
            break;
        }
        switch (tag) {
        case 'Z': {
            uint64_t count = get_u(&r);
            if (r.bad || count != records || r.p != r.end)
                rc = set_why(why, whylen, GD_EFORMAT, "a reply that does not end as announced");
            done = true;
            break;
        }
        case 'E':
            if (have_result) {
                rc = set_why(why, whylen, GD_EFORMAT, "two result records");
                break;
            }
            have_result = true;
            rc = decode_result(&r, ctx, read_rc, why, whylen);
            break;
        case 'G': {
            uint64_t sev = get_u(&r);
            size_t n;
            const char *m = get_str(&r, &n);
            if (r.bad || sev > GD_SEV_ERROR || memchr(m, 0, n)) {
                rc = set_why(why, whylen, GD_EFORMAT, "a malformed diagnostic");
                break;
            }
            char *c = malloc(n + 1);
            if (!c) {
                rc = GD_ENOMEM;
                break;
            }
            memcpy(c, m, n);
            c[n] = 0;
            rc = gd_doc_diag_add(doc, (gd_severity)sev, c);
            free(c);
            break;
        }
        case 'D':
            if (have_root || depth) {
                rc = set_why(why, whylen, GD_EFORMAT, "a misplaced root record");
                break;
            }
            have_root = true;
            rc = get_attrs(&r, gd_doc_root_mut(doc));
            break;
        case 'M': {
            char *k = get_cstr(&r), *v = get_cstr(&r);
            rc = r.bad || !*k ? GD_EFORMAT : gd_doc_meta_set(doc, k, v);
            free(k);
            free(v);
            break;
        }
        case 'R': {
            char *mime = get_cstr(&r);
            size_t n;
            const char *data = get_str(&r, &n);
            rc = r.bad ? GD_EFORMAT : gd_doc_resource_add(NULL, doc, mime, data, n);
            free(mime);
            break;
        }
        case 'O': {
            uint64_t type = get_u(&r), line = get_u(&r);
            if (r.bad || type > 0xffff || !gd__type_valid((int)type) || type == GD_NODE_DOCUMENT ||
                type == GD_NODE_TEXT || line > UINT32_MAX) {
                rc = set_why(why, whylen, GD_EFORMAT, "a malformed node");
                break;
            }
            uint64_t f1 = 0, f2 = 0, f3 = 0;
            int64_t start = 1;
            const char *url = NULL;
            size_t url_len = 0;
            switch (type) {
            case GD_NODE_HEADING: f1 = get_u(&r); break;
            case GD_NODE_LIST:
                f1 = get_u(&r);
                start = get_s(&r);
                break;
            case GD_NODE_ROW: f1 = get_u(&r); break;
            case GD_NODE_CELL:
                f1 = get_u(&r);
                f2 = get_u(&r);
                f3 = get_u(&r);
                break;
            case GD_NODE_LINK:
            case GD_NODE_IMAGE:
                f1 = get_u(&r);
                if (f1) url = get_str(&r, &url_len);
                break;
            default: break;
            }
            if (r.bad || f1 > INT32_MAX || f2 > INT32_MAX || f3 > 1 || start < INT32_MIN ||
                start > INT32_MAX || (url && memchr(url, 0, url_len))) {
                rc = set_why(why, whylen, GD_EFORMAT, "a malformed node");
                break;
            }
            gd_builder_set_line(b, (uint32_t)line);
            gd_node *n = NULL;
            if (depth > GD_MAX_DEPTH) {
                rc = set_why(why, whylen, GD_ELIMIT, "nesting deeper than %d levels", GD_MAX_DEPTH);
                break;
            }
            rc = gd_builder_open(b, (gd_node_type)type, &n);
            if (rc) break;
            open_types[depth++] = (gd_node_type)type;
            if (n) {
                switch (type) {
                case GD_NODE_HEADING: rc = gd_node_set_level(n, (int)f1); break;
                case GD_NODE_LIST: rc = gd_node_set_list(n, f1 != 0, (int)start); break;
                case GD_NODE_ROW: rc = gd_node_set_header(n, f1 != 0); break;
                case GD_NODE_CELL:
                    rc = gd_node_set_span(n, (int)f1, (int)f2);
                    if (!rc) rc = gd_node_set_header(n, f3 != 0);
                    break;
                case GD_NODE_LINK:
                case GD_NODE_IMAGE:
                    if (url) {
                        char *u = malloc(url_len + 1);
                        if (!u) {
                            rc = GD_ENOMEM;
                            break;
                        }
                        memcpy(u, url, url_len);
                        u[url_len] = 0;
                        rc = gd_node_set_url(n, u);
                        free(u);
                    }
                    break;
                default: break;
                }
            }
            if (!rc) rc = get_attrs(&r, n);
            break;
        }
        case 'C':
            if (!depth) {
                rc = set_why(why, whylen, GD_EFORMAT, "a close without an open node");
                break;
            }
            rc = gd_builder_close(b, open_types[--depth]);
            break;
        case 'T': {
            uint64_t line = get_u(&r), style = get_u(&r);
            size_t n;
            const char *t = get_str(&r, &n);
            if (r.bad || line > UINT32_MAX || style > 0xffff || !n) {
                rc = set_why(why, whylen, GD_EFORMAT, "a malformed text node");
                break;
            }
            /* The font attribute goes through the builder (it compares it when
             * merging); the reply's text nodes stay separate, as they were. */
            const uint8_t *save = r.p;
            uint64_t na = get_u(&r);
            char *font = NULL;
            if (!r.bad && na) {
                char *k = get_cstr(&r);
                if (k && !strcmp(k, "font")) font = get_cstr(&r);
                free(k);
            }
            r.p = save;
            if (r.bad) {
                free(font);
                rc = set_why(why, whylen, GD_EFORMAT, "a malformed text node");
                break;
            }
            gd_builder_set_line(b, (uint32_t)line);
            (void)gd__builder_take_text(b);
            rc = gd_builder_set_font(b, font);
            free(font);
            if (!rc) rc = gd_builder_text(b, t, n, (unsigned)style);
            gd_node *tn = gd__builder_take_text(b);
            if (!rc) rc = get_attrs(&r, tn);
            break;
        }
        default: rc = set_why(why, whylen, GD_EFORMAT, "an unknown record"); break;
        }
        if (r.bad && rc == GD_OK) rc = set_why(why, whylen, GD_EFORMAT, "a malformed record");
    }
    if (rc == GD_OK && depth) rc = set_why(why, whylen, GD_EFORMAT, "a node left open at the end");
    if (rc == GD_OK && *read_rc == GD_OK && !gd_ctx_error_code(ctx)) {
        rc = gd_builder_finish(b);
    }
    if (rc && bctx.error_code) {
        set_why(why, whylen, rc, "%s",
                bctx.error_message ? bctx.error_message : "the builder refused it");
    } else if (rc == GD_EFORMAT && why && !*why) {
        set_why(why, whylen, rc, "a malformed record");
    } else if (rc == GD_ENOMEM) {
        set_why(why, whylen, rc, "out of memory");
    }
    free(bctx.error_message);
    for (size_t i = 0; i < bctx.warning_count; i++) free(bctx.warnings[i]);
    free(bctx.warnings);
    return rc;
}

/* ---- public form (gd_wire.h) ---- */

int gd_wire_encode(uint8_t **out, size_t *len, const gd_doc *doc)
{
    *out = NULL;
    *len = 0;
    if (!doc) return GD_EUSER;
    gd_wire_buf b = {0};
    int rc = gd__wire_encode(&b, doc, GD_OK, NULL);
    if (rc) {
        gd__wire_buf_free(&b);
        return rc;
    }
    *out = b.p;
    *len = b.len;
    return GD_OK;
}

int gd_wire_decode(gd_doc **out, const uint8_t *data, size_t len, char *why, size_t whylen)
{
    *out = NULL;
    if (why && whylen) *why = 0;
    if (!data && len) return GD_EUSER;
    gd_doc *doc;
    if (gd_doc_new(&doc)) return set_why(why, whylen, GD_ENOMEM, "out of memory");
    gd_ctx ctx = {0};
    ctx.doc = doc;
    int read_rc;
    int rc =
        gd__wire_decode(data ? data : (const uint8_t *)"", len, doc, &ctx, &read_rc, why, whylen);
    if (rc == GD_OK && (read_rc || ctx.error_code)) {
        rc = read_rc ? read_rc : ctx.error_code;
        set_why(why, whylen, rc, "%s", ctx.error_message ? ctx.error_message : "a failed read");
    }
    free(ctx.error_message);
    if (rc) {
        gd_doc_free(doc);
        return rc;
    }
    *out = doc;
    return GD_OK;
}
