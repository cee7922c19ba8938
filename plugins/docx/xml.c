/* XML streaming: every part goes through libxml2's SAX2 push parser, fed
 * in chunks straight from the ZIP inflater (bounded memory). Safety: no
 * network (XML_PARSE_NONET), never NOENT or DTDLOAD, no user entity is
 * ever defined, and a DOCTYPE is refused outright (OOXML parts never have
 * one; a DOCTYPE is how XXE and entity-expansion attacks start).
 *
 * SAX2 rather than xmlTextReader: it gives names and attributes without
 * building nodes, which keeps the reader close to the bare-parse floor.
 * Elements are mapped to ids (E_*) once per interned name pointer. */
#include "docx.h"

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* ---- namespaces ---- */

static const struct {
    int id;
    const char *uri;
} ns_uris[] = {
    {NS_W, "http://schemas.openxmlformats.org/wordprocessingml/2006/main"},
    {NS_W, "http://purl.oclc.org/ooxml/wordprocessingml/main"},
    {NS_R, "http://schemas.openxmlformats.org/officeDocument/2006/relationships"},
    {NS_R, "http://purl.oclc.org/ooxml/officeDocument/relationships"},
    {NS_WP, "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"},
    {NS_WP, "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing"},
    {NS_A, "http://schemas.openxmlformats.org/drawingml/2006/main"},
    {NS_A, "http://purl.oclc.org/ooxml/drawingml/main"},
    {NS_PIC, "http://schemas.openxmlformats.org/drawingml/2006/picture"},
    {NS_PIC, "http://purl.oclc.org/ooxml/drawingml/picture"},
    {NS_MC, "http://schemas.openxmlformats.org/markup-compatibility/2006"},
    {NS_V, "urn:schemas-microsoft-com:vml"},
    {NS_O, "urn:schemas-microsoft-com:office:office"},
    {NS_WPS, "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"},
    {NS_M, "http://schemas.openxmlformats.org/officeDocument/2006/math"},
    {NS_M, "http://purl.oclc.org/ooxml/officeDocument/math"},
    {NS_REL, "http://schemas.openxmlformats.org/package/2006/relationships"},
    {NS_CT, "http://schemas.openxmlformats.org/package/2006/content-types"},
    {NS_CP, "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"},
    {NS_DC, "http://purl.org/dc/elements/1.1/"},
    {NS_DCT, "http://purl.org/dc/terms/"},
    {NS_EP, "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"},
    {NS_EP, "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"},
};

static int ns_lookup(const char *uri)
{
    if (!uri) return NS_OTHER;
    for (size_t i = 0; i < sizeof ns_uris / sizeof *ns_uris; i++)
        if (strcmp(uri, ns_uris[i].uri) == 0) return ns_uris[i].id;
    return NS_OTHER;
}

/* ---- element names ---- */

static const struct {
    int ns;
    const char *name;
    int id;
} elements[] = {
#define X(ns, name, id) {NS_##ns, #name, E_##id},
    DX_ELEMENTS(X)
#undef X
};

#define NAME_SLOTS 512 /* power of two, > 2 × elements */

static unsigned name_hash(int ns, const char *s)
{
    unsigned h = 2166136261u ^ (unsigned)ns;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

typedef struct name_table {
    short slot[NAME_SLOTS]; /* index into elements + 1; 0 = empty */
} name_table;

static void name_table_init(name_table *t)
{
    memset(t, 0, sizeof *t);
    for (size_t i = 0; i < sizeof elements / sizeof *elements; i++) {
        unsigned h = name_hash(elements[i].ns, elements[i].name) & (NAME_SLOTS - 1);
        while (t->slot[h]) h = (h + 1) & (NAME_SLOTS - 1);
        t->slot[h] = (short)(i + 1);
    }
}

static int name_lookup(const name_table *t, int ns, const char *name)
{
    if (ns == NS_OTHER) return E_OTHER;
    unsigned h = name_hash(ns, name) & (NAME_SLOTS - 1);
    while (t->slot[h]) {
        int i = t->slot[h] - 1;
        if (elements[i].ns == ns && strcmp(elements[i].name, name) == 0) return elements[i].id;
        h = (h + 1) & (NAME_SLOTS - 1);
    }
    return E_OTHER;
}

/* ---- attributes ---- */

const char *dx_attr_get(const dx_ev *e, int ns, const char *name, char *buf, size_t cap)
{
    for (int i = 0; i < e->nattr; i++) {
        const dx_attr *a = &e->attrs[i];
        if ((ns != NS_OTHER && a->ns != ns) || strcmp(a->name, name) != 0) continue;
        /* libxml2 hands '&' over as "&#38;" when entities are not replaced. */
        size_t o = 0;
        for (int k = 0; k < a->len && o + 1 < cap; k++) {
            if (a->val[k] == '&' && k + 4 < a->len && memcmp(a->val + k, "&#38;", 5) == 0) {
                buf[o++] = '&';
                k += 4;
            } else {
                buf[o++] = a->val[k];
            }
        }
        buf[o] = 0;
        return buf;
    }
    return NULL;
}

bool dx_attr_on(const dx_ev *e)
{
    char v[16];
    if (!dx_attr_get(e, NS_OTHER, "val", v, sizeof v)) return true;
    return !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
             strcmp(v, "none") == 0);
}

long dx_attr_long(const dx_ev *e, int ns, const char *name, long def)
{
    char v[32];
    if (!dx_attr_get(e, ns, name, v, sizeof v)) return def;
    char *end;
    long x = strtol(v, &end, 10);
    if (end == v) return def;
    return x;
}

/* ---- the SAX driver ---- */

typedef struct sax_state {
    docx *dx;
    const dx_consumer *c;
    xmlParserCtxtPtr ctxt;
    const char *part;
    int depth;
    name_table names;
    /* interned pointer → id caches (libxml2 keeps names in a dictionary) */
    const xmlChar *ns_ptr[8];
    int ns_val[8];
    int ns_n;
    const xmlChar *el_ptr[256];
    int el_ns[256], el_val[256];
    dx_attr *attrs;
    int attr_cap;
    char err[256];
    int err_line;
    int err_code;
} sax_state;

static int ns_id(sax_state *s, const xmlChar *uri)
{
    if (!uri) return NS_OTHER;
    for (int i = 0; i < s->ns_n; i++)
        if (s->ns_ptr[i] == uri) return s->ns_val[i];
    int id = ns_lookup((const char *)uri);
    int slot = s->ns_n < 8 ? s->ns_n++ : 7;
    s->ns_ptr[slot] = uri;
    s->ns_val[slot] = id;
    return id;
}

static int el_id(sax_state *s, int ns, const xmlChar *local)
{
    if (ns == NS_OTHER) return E_OTHER;
    /* Fibonacci hashing: dictionary strings sit a few bytes apart */
    uint64_t key = (uint64_t)(uintptr_t)local ^ (uint64_t)ns;
    unsigned h = (unsigned)((key * 0x9E3779B97F4A7C15u) >> 56);
    if (s->el_ptr[h] == local && s->el_ns[h] == ns) return s->el_val[h];
    int id = name_lookup(&s->names, ns, (const char *)local);
    s->el_ptr[h] = local;
    s->el_ns[h] = ns;
    s->el_val[h] = id;
    return id;
}

static void stop(sax_state *s)
{
    xmlStopParser(s->ctxt);
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **namespaces, int nb_attr, int nb_def,
                     const xmlChar **attrs)
{
    (void)prefix, (void)nb_ns, (void)namespaces, (void)nb_def;
    sax_state *s = ctx;
    if (s->dx->rc) {
        stop(s);
        return;
    }
    if (++s->depth > DX_MAX_XML_DEPTH) {
        dx_fail(s->dx, GD_ELIMIT, "%s: XML nested deeper than %d elements", s->part,
                DX_MAX_XML_DEPTH);
        {
            stop(s);
            return;
        }
    }
    if (!s->c->start) return;
    if (nb_attr > s->attr_cap) {
        int cap = nb_attr < 16 ? 16 : nb_attr;
        dx_attr *a = realloc(s->attrs, (size_t)cap * sizeof *a);
        if (!a) {
            dx_fail(s->dx, GD_ENOMEM, "out of memory");
            {
                stop(s);
                return;
            }
        }
        s->attrs = a;
        s->attr_cap = cap;
    }
    for (int i = 0; i < nb_attr; i++) {
        const xmlChar **a = attrs + 5 * i;
        s->attrs[i].name = (const char *)a[0];
        s->attrs[i].ns = (uint8_t)ns_id(s, a[2]);
        s->attrs[i].val = (const char *)a[3];
        s->attrs[i].len = (int)(a[4] - a[3]);
    }
    dx_ev e;
    e.ns = ns_id(s, uri);
    e.el = el_id(s, e.ns, local);
    e.nattr = nb_attr;
    e.attrs = s->attrs;
    s->c->start(s->c->self, &e);
    if (s->dx->rc) stop(s);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix;
    sax_state *s = ctx;
    s->depth--;
    if (s->dx->rc) {
        stop(s);
        return;
    }
    if (!s->c->end) return;
    int ns = ns_id(s, uri);
    s->c->end(s->c->self, el_id(s, ns, local));
    if (s->dx->rc) stop(s);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    sax_state *s = ctx;
    if (s->dx->rc) {
        stop(s);
        return;
    }
    if (s->c->text && len > 0) s->c->text(s->c->self, (const char *)ch, (size_t)len);
    if (s->dx->rc) stop(s);
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
                               const xmlChar *sys)
{
    (void)name, (void)ext, (void)sys;
    sax_state *s = ctx;
    dx_fail(s->dx, GD_EFORMAT,
            "%s: DOCTYPE declarations are not allowed in OOXML parts (refused: possible "
            "external-entity attack)",
            s->part);
    stop(s);
}

static xmlEntityPtr on_get_entity(void *ctx, const xmlChar *name)
{
    (void)ctx;
    return xmlGetPredefinedEntity(name); /* &amp; &lt; ... and nothing else */
}

static xmlParserInputPtr on_resolve(void *ctx, const xmlChar *pub, const xmlChar *sys)
{
    (void)ctx, (void)pub, (void)sys;
    return NULL; /* never load anything */
}

static void on_error(void *ctx, xmlErrorPtr err)
{
    sax_state *s = ctx;
    if (!err || err->level < XML_ERR_FATAL || s->err[0]) return;
    s->err_line = err->line;
    s->err_code = err->code;
    const char *m = err->message ? err->message : "parse error";
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
    if (n >= sizeof s->err) n = sizeof s->err - 1;
    memcpy(s->err, m, n);
    s->err[n] = 0;
}

typedef struct feed {
    sax_state *s;
    int started;
} feed;

static void report(sax_state *s)
{
    if (s->dx->rc) return;
    bool limit = strstr(s->err, "Excessive depth") || strstr(s->err, "entity") ||
                 s->err_code == XML_ERR_ENTITY_LOOP;
    dx_fail(s->dx, limit ? GD_ELIMIT : GD_EFORMAT, "%s: malformed XML at line %d: %s", s->part,
            s->err_line, s->err[0] ? s->err : "parse error");
}

static int feed_chunk(void *payload, const char *chunk, size_t len, bool last)
{
    feed *f = payload;
    sax_state *s = f->s;
    int r = xmlParseChunk(s->ctxt, chunk, (int)len, last ? 1 : 0);
    if (s->dx->rc) return 1;
    if (r != 0 || s->err[0] || !s->ctxt->wellFormed) {
        report(s);
        return 1;
    }
    return 0;
}

int dx_xml_parse_part(docx *dx, const char *name, const dx_consumer *c)
{
    if (dx->rc) return dx->rc;
    xmlSAXHandler sax;
    memset(&sax, 0, sizeof sax);
    sax.initialized = XML_SAX2_MAGIC;
    sax.startElementNs = on_start;
    sax.endElementNs = on_end;
    sax.characters = on_text;
    sax.cdataBlock = on_text;
    sax.internalSubset = on_internal_subset;
    sax.getEntity = on_get_entity;
    sax.resolveEntity = on_resolve;
    sax.serror = on_error;

    sax_state *s = calloc(1, sizeof *s);
    if (!s) return dx_fail(dx, GD_ENOMEM, "out of memory");
    s->dx = dx;
    s->c = c;
    s->part = name;
    name_table_init(&s->names);
    /* Small parts (nearly all) are inflated whole and parsed in place; big
     * ones stream through the push parser chunk by chunk. */
    uint8_t *whole = NULL;
    size_t whole_len = 0;
    int rc = GD_OK;
    if (dx_part_size(dx, name) <= DX_WHOLE_PART) {
        rc = dx_part_read(dx, name, &whole, &whole_len);
        if (rc) {
            free(s);
            return rc;
        }
        if (whole_len == 0) { /* libxml2 makes no context for nothing */
            free(whole);
            free(s);
            return dx_fail(dx, GD_EFORMAT, "%s: empty XML part", name);
        }
        if (whole_len > INT_MAX) whole_len = INT_MAX;
        s->ctxt = xmlCreateMemoryParserCtxt((const char *)whole, (int)whole_len);
        if (s->ctxt) {
            memcpy(s->ctxt->sax, &sax, sizeof sax);
            s->ctxt->userData = s;
        }
    } else {
        s->ctxt = xmlCreatePushParserCtxt(&sax, s, NULL, 0, name);
    }
    if (!s->ctxt) {
        free(whole);
        free(s);
        return dx_fail(dx, GD_ENOMEM, "out of memory");
    }
    xmlCtxtUseOptions(s->ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    s->ctxt->replaceEntities = 0;
    s->ctxt->loadsubset = 0;
    s->ctxt->validate = 0;
    if (whole) {
        xmlParseDocument(s->ctxt);
        free(whole);
        whole = NULL;
    } else {
        feed f = {s, 0};
        rc = dx_part_stream(dx, name, feed_chunk, &f);
    }
    if (!dx->rc && (s->err[0] || !s->ctxt->wellFormed)) report(s);
    if (dx->rc) rc = dx->rc;
    /* libxml2 may build a document of its own for a DTD (SAX compat mode) */
    if (s->ctxt->myDoc) {
        xmlFreeDoc(s->ctxt->myDoc);
        s->ctxt->myDoc = NULL;
    }
    xmlFreeParserCtxt(s->ctxt);
    free(s->attrs);
    free(s);
    return rc;
}

/* ---- recorded events ---- */

enum { LOG_START = 'S', LOG_END = 'E', LOG_TEXT = 'T' };

static int put32(dx_buf *b, uint32_t v)
{
    return dx_buf_add(b, &v, sizeof v);
}

int dx_log_start(dx_log *log, const dx_ev *e)
{
    dx_buf *b = &log->data;
    int bad = dx_buf_addc(b, LOG_START) | put32(b, (uint32_t)e->el) | put32(b, (uint32_t)e->ns) |
              put32(b, (uint32_t)e->nattr);
    for (int i = 0; i < e->nattr && !bad; i++) {
        const dx_attr *a = &e->attrs[i];
        uint32_t nl = (uint32_t)strlen(a->name);
        bad |= dx_buf_addc(b, (char)a->ns) | put32(b, nl) | dx_buf_add(b, a->name, nl + 1) |
               put32(b, (uint32_t)a->len) | dx_buf_add(b, a->val, (size_t)a->len);
    }
    return bad ? GD_ENOMEM : GD_OK;
}

int dx_log_end(dx_log *log, int el)
{
    return dx_buf_addc(&log->data, LOG_END) | put32(&log->data, (uint32_t)el) ? GD_ENOMEM : GD_OK;
}

int dx_log_text(dx_log *log, const char *s, size_t len)
{
    dx_buf *b = &log->data;
    return dx_buf_addc(b, LOG_TEXT) | put32(b, (uint32_t)len) | dx_buf_add(b, s, len) ? GD_ENOMEM
                                                                                      : GD_OK;
}

void dx_log_free(dx_log *log)
{
    dx_buf_free(&log->data);
}

static uint32_t get32(const char **p)
{
    uint32_t v;
    memcpy(&v, *p, sizeof v);
    *p += sizeof v;
    return v;
}

int dx_log_replay(docx *dx, const dx_log *log, const dx_consumer *c)
{
    const char *p = log->data.p, *end = p + log->data.len;
    dx_attr *attrs = NULL;
    int cap = 0;
    while (p && p < end && !dx->rc) {
        char kind = *p++;
        if (kind == LOG_START) {
            dx_ev e;
            e.el = (int)get32(&p);
            e.ns = (int)get32(&p);
            e.nattr = (int)get32(&p);
            if (e.nattr > cap) {
                dx_attr *a = realloc(attrs, (size_t)e.nattr * sizeof *a);
                if (!a) {
                    dx_fail(dx, GD_ENOMEM, "out of memory");
                    break;
                }
                attrs = a;
                cap = e.nattr;
            }
            for (int i = 0; i < e.nattr; i++) {
                attrs[i].ns = (uint8_t)*p++;
                uint32_t nl = get32(&p);
                attrs[i].name = p;
                p += nl + 1;
                attrs[i].len = (int)get32(&p);
                attrs[i].val = p;
                p += attrs[i].len;
            }
            e.attrs = attrs;
            if (c->start) c->start(c->self, &e);
        } else if (kind == LOG_END) {
            int el = (int)get32(&p);
            if (c->end) c->end(c->self, el);
        } else {
            uint32_t n = get32(&p);
            if (c->text) c->text(c->self, p, n);
            p += n;
        }
    }
    free(attrs);
    return dx->rc;
}
