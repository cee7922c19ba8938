/* Safe SAX2 parsing with libxml2: no network (XML_PARSE_NONET), never
 * NOENT or DTDLOAD, no entity beyond the predefined five, a DOCTYPE refused
 * outright, an element depth limit. Big ZIP entries stream through the
 * push parser straight from the inflater; small ones are parsed in place.
 *
 * SAX2 rather than xmlTextReader: it gives names and attributes without
 * building nodes. Names come from libxml2's dictionary, so one pointer is
 * one name during a parse: ids are cached per pointer. */
#include <govdoc/helpers/buf.h>
#include <govdoc/helpers/xml.h>

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#define WHOLE_MAX (8u * 1024 * 1024) /* entries up to this are parsed in one go */

/* ---- vocabulary ---- */

struct gdh_xml_vocab {
    const gdh_xml_ns *ns;
    size_t nns;
    const gdh_xml_name *names;
    unsigned mask;
    int *slot; /* index into names + 1; 0 = empty */
};

static unsigned name_hash(int ns, const char *s)
{
    unsigned h = 2166136261u ^ (unsigned)ns;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

int gdh_xml_vocab_new(gdh_xml_vocab **out, const gdh_xml_ns *ns, size_t nns,
                      const gdh_xml_name *names, size_t nnames)
{
    *out = NULL;
    for (size_t i = 0; i < nns; i++)
        if (ns[i].id <= 0 || !ns[i].uri) return GD_EUSER;
    for (size_t i = 0; i < nnames; i++)
        if (names[i].id <= 0 || names[i].ns <= 0 || !names[i].name) return GD_EUSER;
    gdh_xml_vocab *v = calloc(1, sizeof *v);
    if (!v) return GD_ENOMEM;
    size_t size = 16;
    while (size < 2 * nnames + 1) size *= 2;
    v->slot = calloc(size, sizeof *v->slot);
    if (!v->slot) {
        free(v);
        return GD_ENOMEM;
    }
    v->ns = ns;
    v->nns = nns;
    v->names = names;
    v->mask = (unsigned)size - 1;
    for (size_t i = 0; i < nnames; i++) {
        unsigned h = name_hash(names[i].ns, names[i].name) & v->mask;
        while (v->slot[h]) h = (h + 1) & v->mask;
        v->slot[h] = (int)i + 1;
    }
    *out = v;
    return GD_OK;
}

void gdh_xml_vocab_free(gdh_xml_vocab *v)
{
    if (!v) return;
    free(v->slot);
    free(v);
}

static int vocab_ns(const gdh_xml_vocab *v, const char *uri)
{
    if (!v || !uri) return 0;
    for (size_t i = 0; i < v->nns; i++)
        if (strcmp(uri, v->ns[i].uri) == 0) return v->ns[i].id;
    return 0;
}

static int vocab_name(const gdh_xml_vocab *v, int ns, const char *name)
{
    if (!v || !ns) return 0;
    unsigned h = name_hash(ns, name) & v->mask;
    while (v->slot[h]) {
        const gdh_xml_name *n = &v->names[v->slot[h] - 1];
        if (n->ns == ns && strcmp(n->name, name) == 0) return n->id;
        h = (h + 1) & v->mask;
    }
    return 0;
}

/* ---- the SAX driver ---- */

typedef struct sax_state {
    const gdh_xml_sax *sax;
    gdh_error *err;
    xmlParserCtxtPtr ctxt;
    const char *what;
    int max_depth;
    uint64_t max_size, fed;
    int depth;
    int stop; /* a callback's value, or an error code: the parse ends */
    /* interned pointer -> id caches (libxml2 keeps names in a dictionary) */
    const xmlChar *ns_ptr[8];
    int ns_val[8];
    int ns_n;
    const xmlChar *el_ptr[256];
    int el_ns[256], el_val[256];
    gdh_xml_attr *attrs;
    int attr_cap;
    char msg[256];
    int msg_line;
    int msg_code;
} sax_state;

static int ns_id(sax_state *s, const xmlChar *uri)
{
    if (!uri || !s->sax->vocab) return 0;
    for (int i = 0; i < s->ns_n; i++)
        if (s->ns_ptr[i] == uri) return s->ns_val[i];
    int id = vocab_ns(s->sax->vocab, (const char *)uri);
    int slot = s->ns_n < 8 ? s->ns_n++ : 7;
    s->ns_ptr[slot] = uri;
    s->ns_val[slot] = id;
    return id;
}

static int el_id(sax_state *s, int ns, const xmlChar *local)
{
    if (!ns) return 0;
    /* Fibonacci hashing: dictionary strings sit a few bytes apart */
    uint64_t key = (uint64_t)(uintptr_t)local ^ (uint64_t)ns;
    unsigned h = (unsigned)((key * 0x9E3779B97F4A7C15u) >> 56);
    if (s->el_ptr[h] == local && s->el_ns[h] == ns) return s->el_val[h];
    int id = vocab_name(s->sax->vocab, ns, (const char *)local);
    s->el_ptr[h] = local;
    s->el_ns[h] = ns;
    s->el_val[h] = id;
    return id;
}

static void halt(sax_state *s, int rc)
{
    if (!s->stop) s->stop = rc ? rc : GD_ERROR;
    xmlStopParser(s->ctxt);
}

static const char *what(const sax_state *s)
{
    return s->what ? s->what : "XML";
}

static void on_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int nb_ns, const xmlChar **namespaces, int nb_attr, int nb_def,
                     const xmlChar **attrs)
{
    (void)prefix, (void)nb_ns, (void)namespaces, (void)nb_def;
    sax_state *s = ctx;
    if (s->stop) {
        xmlStopParser(s->ctxt);
        return;
    }
    if (++s->depth > s->max_depth) {
        halt(s, gdh_error_set(s->err, GD_ELIMIT, "%s: XML nested deeper than %d elements", what(s),
                              s->max_depth));
        return;
    }
    if (!s->sax->start) return;
    if (nb_attr > s->attr_cap) {
        int cap = nb_attr < 16 ? 16 : nb_attr;
        gdh_xml_attr *a = realloc(s->attrs, (size_t)cap * sizeof *a);
        if (!a) {
            halt(s, gdh_error_set(s->err, GD_ENOMEM, "out of memory"));
            return;
        }
        s->attrs = a;
        s->attr_cap = cap;
    }
    for (int i = 0; i < nb_attr; i++) {
        const xmlChar **a = attrs + 5 * i;
        s->attrs[i].name = (const char *)a[0];
        s->attrs[i].uri = (const char *)a[2];
        s->attrs[i].ns = ns_id(s, a[2]);
        s->attrs[i].val = (const char *)a[3];
        s->attrs[i].len = (int)(a[4] - a[3]);
    }
    gdh_xml_event e;
    e.ns = ns_id(s, uri);
    e.el = el_id(s, e.ns, local);
    e.name = (const char *)local;
    e.uri = (const char *)uri;
    e.nattr = nb_attr;
    e.attrs = s->attrs;
    e.depth = s->depth;
    e.line = xmlSAX2GetLineNumber(s->ctxt);
    int rc = s->sax->start(s->sax->user, &e);
    if (rc) halt(s, rc);
}

static void on_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
    (void)prefix;
    sax_state *s = ctx;
    int depth = s->depth--;
    if (s->stop) {
        xmlStopParser(s->ctxt);
        return;
    }
    if (!s->sax->end) return;
    gdh_xml_event e;
    e.ns = ns_id(s, uri);
    e.el = el_id(s, e.ns, local);
    e.name = (const char *)local;
    e.uri = (const char *)uri;
    e.nattr = 0;
    e.attrs = NULL;
    e.depth = depth;
    e.line = xmlSAX2GetLineNumber(s->ctxt);
    int rc = s->sax->end(s->sax->user, &e);
    if (rc) halt(s, rc);
}

static void on_text(void *ctx, const xmlChar *ch, int len)
{
    sax_state *s = ctx;
    if (s->stop) {
        xmlStopParser(s->ctxt);
        return;
    }
    if (!s->sax->text || len <= 0) return;
    int rc = s->sax->text(s->sax->user, (const char *)ch, (size_t)len);
    if (rc) halt(s, rc);
}

static void on_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext,
                               const xmlChar *sys)
{
    (void)name, (void)ext, (void)sys;
    sax_state *s = ctx;
    halt(s, gdh_error_set(s->err, GD_EFORMAT,
                          "%s: DOCTYPE declarations are not allowed (refused: possible "
                          "external-entity attack)",
                          what(s)));
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

static void on_error(void *ctx, xmlErrorPtr e)
{
    sax_state *s = ctx;
    if (!e || e->level < XML_ERR_FATAL || s->msg[0]) return;
    s->msg_line = e->line;
    s->msg_code = e->code;
    const char *m = e->message ? e->message : "parse error";
    size_t n = strlen(m);
    while (n && (m[n - 1] == '\n' || m[n - 1] == ' ')) n--;
    if (n >= sizeof s->msg) n = sizeof s->msg - 1;
    memcpy(s->msg, m, n);
    s->msg[n] = 0;
}

/* libxml2's own complaint, once nothing else has stopped the parse. */
static void report_malformed(sax_state *s)
{
    if (s->stop) return;
    bool limit = strstr(s->msg, "Excessive depth") || strstr(s->msg, "entity") ||
                 s->msg_code == XML_ERR_ENTITY_LOOP;
    s->stop =
        gdh_error_set(s->err, limit ? GD_ELIMIT : GD_EFORMAT, "%s: malformed XML at line %d: %s",
                      what(s), s->msg_line, s->msg[0] ? s->msg : "parse error");
}

static int feed_chunk(void *payload, const char *chunk, size_t len, bool last)
{
    sax_state *s = payload;
    s->fed += len;
    if (s->fed > s->max_size) {
        s->stop = gdh_error_set(s->err, GD_ELIMIT, "%s: XML document larger than %llu bytes",
                                what(s), (unsigned long long)s->max_size);
        return s->stop;
    }
    int r = xmlParseChunk(s->ctxt, chunk, (int)len, last ? 1 : 0);
    if (s->stop) return s->stop;
    if (r != 0 || s->msg[0] || !s->ctxt->wellFormed) {
        report_malformed(s);
        return s->stop;
    }
    return 0;
}

static void sax_init(xmlSAXHandler *h)
{
    memset(h, 0, sizeof *h);
    h->initialized = XML_SAX2_MAGIC;
    h->startElementNs = on_start;
    h->endElementNs = on_end;
    h->characters = on_text;
    h->cdataBlock = on_text;
    h->internalSubset = on_internal_subset;
    h->getEntity = on_get_entity;
    h->resolveEntity = on_resolve;
    h->serror = on_error;
}

static sax_state *state_new(const gdh_xml_sax *sax, const char *name, gdh_error *err)
{
    sax_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->sax = sax;
    s->err = err;
    s->what = name;
    const gdh_xml_limits *l = sax->limits;
    s->max_depth = l && l->max_depth > 0 ? l->max_depth : GDH_XML_DEFAULT_MAX_DEPTH;
    s->max_size = l && l->max_size ? l->max_size : GDH_XML_DEFAULT_MAX_SIZE;
    return s;
}

static void ctxt_secure(xmlParserCtxtPtr c)
{
    xmlCtxtUseOptions(c, XML_PARSE_NONET | XML_PARSE_NOCDATA);
    c->replaceEntities = 0;
    c->loadsubset = 0;
    c->validate = 0;
}

static int state_free(sax_state *s)
{
    int rc = s->stop;
    if (s->ctxt) {
        /* libxml2 may build a document of its own for a DTD (SAX compat mode) */
        if (s->ctxt->myDoc) {
            xmlFreeDoc(s->ctxt->myDoc);
            s->ctxt->myDoc = NULL;
        }
        xmlFreeParserCtxt(s->ctxt);
    }
    free(s->attrs);
    free(s);
    return rc;
}

/* Parses a whole document in memory. */
static int parse_memory(sax_state *s, const void *data, size_t len)
{
    if (len == 0) {
        s->stop = gdh_error_set(s->err, GD_EFORMAT, "%s: empty XML document", what(s));
        return s->stop;
    }
    if (len > s->max_size || len > INT_MAX) {
        s->stop = gdh_error_set(s->err, GD_ELIMIT, "%s: XML document larger than %llu bytes",
                                what(s), (unsigned long long)s->max_size);
        return s->stop;
    }
    s->ctxt = xmlCreateMemoryParserCtxt((const char *)data, (int)len);
    if (!s->ctxt) {
        s->stop = gdh_error_set(s->err, GD_ENOMEM, "out of memory");
        return s->stop;
    }
    sax_init(s->ctxt->sax);
    s->ctxt->userData = s;
    ctxt_secure(s->ctxt);
    xmlParseDocument(s->ctxt);
    if (s->msg[0] || !s->ctxt->wellFormed) report_malformed(s);
    return s->stop;
}

int gdh_xml_parse(const gdh_xml_sax *sax, const char *name, const void *data, size_t len,
                  gdh_error *err)
{
    sax_state *s = state_new(sax, name, err);
    if (!s) return gdh_error_set(err, GD_ENOMEM, "out of memory");
    parse_memory(s, data, len);
    return state_free(s);
}

int gdh_xml_parse_zip(const gdh_xml_sax *sax, gdh_zip *z, const char *entry, gdh_error *err)
{
    sax_state *s = state_new(sax, entry, err);
    if (!s) return gdh_error_set(err, GD_ENOMEM, "out of memory");
    if (gdh_zip_size(z, entry) <= WHOLE_MAX) {
        uint8_t *whole = NULL;
        size_t whole_len = 0;
        s->stop = gdh_zip_read(z, entry, &whole, &whole_len, err);
        if (!s->stop) parse_memory(s, whole, whole_len);
        free(whole);
        return state_free(s);
    }
    xmlSAXHandler h;
    sax_init(&h);
    s->ctxt = xmlCreatePushParserCtxt(&h, s, NULL, 0, entry);
    if (!s->ctxt) {
        s->stop = gdh_error_set(err, GD_ENOMEM, "out of memory");
        return state_free(s);
    }
    ctxt_secure(s->ctxt);
    int rc = gdh_zip_stream(z, entry, feed_chunk, s, err);
    if (rc && !s->stop) s->stop = rc;
    if (!s->stop && (s->msg[0] || !s->ctxt->wellFormed)) report_malformed(s);
    return state_free(s);
}

/* ---- attributes ---- */

const gdh_xml_attr *gdh_xml_attr_find(const gdh_xml_event *e, int ns, const char *name)
{
    for (int i = 0; i < e->nattr; i++) {
        const gdh_xml_attr *a = &e->attrs[i];
        if ((ns && a->ns != ns) || strcmp(a->name, name) != 0) continue;
        return a;
    }
    return NULL;
}

/* Copies a raw value, turning libxml2's "&#38;" back into '&'. */
static size_t decode(const gdh_xml_attr *a, char *buf, size_t cap)
{
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
    return o;
}

const char *gdh_xml_attr_get(const gdh_xml_event *e, int ns, const char *name, char *buf,
                             size_t cap)
{
    const gdh_xml_attr *a = gdh_xml_attr_find(e, ns, name);
    if (!a || !cap) return NULL;
    decode(a, buf, cap);
    return buf;
}

char *gdh_xml_attr_dup(const gdh_xml_event *e, int ns, const char *name)
{
    const gdh_xml_attr *a = gdh_xml_attr_find(e, ns, name);
    if (!a) return NULL;
    char *buf = malloc((size_t)a->len + 1);
    if (buf) decode(a, buf, (size_t)a->len + 1);
    return buf;
}

long gdh_xml_attr_long(const gdh_xml_event *e, int ns, const char *name, long def)
{
    char v[32];
    if (!gdh_xml_attr_get(e, ns, name, v, sizeof v)) return def;
    char *end;
    long x = strtol(v, &end, 10);
    return end == v ? def : x;
}

/* ---- recorded events ---- */

enum { LOG_START = 'S', LOG_END = 'E', LOG_TEXT = 'T' };

static int log_add(gdh_xml_log *b, const void *s, size_t n)
{
    if (n > SIZE_MAX - b->len || gdh_grow(&b->p, &b->cap, b->len + n, 256)) return GD_ENOMEM;
    if (n) memcpy(b->p + b->len, s, n);
    b->len += n;
    return GD_OK;
}

static int put32(gdh_xml_log *b, uint32_t v)
{
    return log_add(b, &v, sizeof v);
}

static int put_str(gdh_xml_log *b, const char *s)
{
    uint32_t n = s ? (uint32_t)strlen(s) : 0;
    return put32(b, n) | log_add(b, s ? s : "", n) | log_add(b, "", 1);
}

static int log_tag(gdh_xml_log *log, char kind, const gdh_xml_event *e)
{
    size_t was = log->len; /* a failed append leaves no partial record */
    int bad = log_add(log, &kind, 1) | put32(log, (uint32_t)e->el) | put32(log, (uint32_t)e->ns) |
              put32(log, (uint32_t)e->depth) | put_str(log, e->name);
    if (kind == LOG_START) {
        bad |= put32(log, (uint32_t)e->nattr);
        for (int i = 0; i < e->nattr && !bad; i++) {
            const gdh_xml_attr *a = &e->attrs[i];
            bad |= put32(log, (uint32_t)a->ns) | put_str(log, a->name) |
                   put32(log, (uint32_t)a->len) | log_add(log, a->val, (size_t)a->len);
        }
    }
    if (bad) log->len = was;
    return bad ? GD_ENOMEM : GD_OK;
}

int gdh_xml_log_start(gdh_xml_log *log, const gdh_xml_event *e)
{
    return log_tag(log, LOG_START, e);
}

int gdh_xml_log_end(gdh_xml_log *log, const gdh_xml_event *e)
{
    return log_tag(log, LOG_END, e);
}

int gdh_xml_log_text(gdh_xml_log *log, const char *s, size_t len)
{
    char kind = LOG_TEXT;
    size_t was = log->len;
    if (len > UINT32_MAX ||
        (log_add(log, &kind, 1) | put32(log, (uint32_t)len) | log_add(log, s, len))) {
        log->len = was;
        return GD_ENOMEM;
    }
    return GD_OK;
}

void gdh_xml_log_free(gdh_xml_log *log)
{
    free(log->p);
    memset(log, 0, sizeof *log);
}

static uint32_t get32(const char **p)
{
    uint32_t v;
    memcpy(&v, *p, sizeof v);
    *p += sizeof v;
    return v;
}

static const char *get_str(const char **p)
{
    uint32_t n = get32(p);
    const char *s = *p;
    *p += n + 1;
    return s;
}

int gdh_xml_log_replay(const gdh_xml_log *log, const gdh_xml_sax *sax)
{
    const char *p = log->p, *end = p + log->len;
    gdh_xml_attr *attrs = NULL;
    int cap = 0, rc = GD_OK;
    while (p && p < end && !rc) {
        char kind = *p++;
        if (kind == LOG_TEXT) {
            uint32_t n = get32(&p);
            if (sax->text) rc = sax->text(sax->user, p, n);
            p += n;
            continue;
        }
        gdh_xml_event e;
        memset(&e, 0, sizeof e);
        e.el = (int)get32(&p);
        e.ns = (int)get32(&p);
        e.depth = (int)get32(&p);
        e.name = get_str(&p);
        if (kind == LOG_END) {
            if (sax->end) rc = sax->end(sax->user, &e);
            continue;
        }
        e.nattr = (int)get32(&p);
        if (e.nattr > cap) {
            gdh_xml_attr *a = realloc(attrs, (size_t)e.nattr * sizeof *a);
            if (!a) {
                rc = GD_ENOMEM;
                break;
            }
            attrs = a;
            cap = e.nattr;
        }
        for (int i = 0; i < e.nattr; i++) {
            attrs[i].ns = (int)get32(&p);
            attrs[i].name = get_str(&p);
            attrs[i].uri = NULL;
            attrs[i].len = (int)get32(&p);
            attrs[i].val = p;
            p += attrs[i].len;
        }
        e.attrs = attrs;
        if (sax->start) rc = sax->start(sax->user, &e);
    }
    free(attrs);
    return rc;
}
