/* Safe SAX parsing with expat: a DOCTYPE refused at its first byte, so no
 * entity beyond the predefined five exists and nothing outside the document
 * is ever read (no DTD, no external entity); an element depth limit; a size
 * limit. Big ZIP entries stream straight from the inflater; small ones are
 * parsed in one go. The bytes themselves (other encodings, long tokens)
 * reach expat through xml_feed.c.
 *
 * expat gives names as "URI<NS_SEP>local": the URIs are copied once per
 * parse with their vocabulary ids, so a tag costs a short compare and one
 * hash lookup of its local name. */
#include "xml_feed.h"

#include <govdoc/helpers/buf.h>
#include <govdoc/helpers/xml.h>

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

/* Between a namespace URI and the local name in expat's names: a byte
 * that UTF-8 never contains, so no URI or name can hold it. */
#define NS_SEP   '\xFF'
#define NS_CACHE 32

typedef struct ns_entry {
    char *uri; /* NUL-terminated copy */
    size_t len;
    int id;
} ns_entry;

typedef struct sax_state {
    const gdh_xml_sax *sax;
    gdh_error *err;
    XML_Parser p;
    xml_feed feed;
    const char *what;
    int max_depth;
    uint64_t max_size, fed;
    int depth;
    int stop; /* a callback's value, or an error code: the parse ends */
    /* namespace URIs seen, with their vocabulary ids (most documents use
     * a handful); past NS_CACHE, URIs are copied per event into scratch */
    ns_entry ns[NS_CACHE];
    int ns_n;
    char *scratch;
    size_t scratch_len, scratch_cap;
    gdh_xml_attr *attrs;
    int attr_cap;
} sax_state;

static void halt(sax_state *s, int rc)
{
    if (!s->stop) s->stop = rc ? rc : GD_ERROR;
    XML_StopParser(s->p, XML_FALSE);
}

static const char *what(const sax_state *s)
{
    return s->what ? s->what : "XML";
}

/* The URI of an expanded name's first len bytes: its vocabulary id, and a
 * NUL-terminated copy in *uri. */
static int ns_of(sax_state *s, const char *name, size_t len, const char **uri)
{
    for (int i = 0; i < s->ns_n; i++) {
        if (s->ns[i].len == len && memcmp(s->ns[i].uri, name, len) == 0) {
            *uri = s->ns[i].uri;
            return s->ns[i].id;
        }
    }
    char *copy;
    if (s->ns_n < NS_CACHE) {
        copy = malloc(len + 1);
        if (!copy) return -1;
    } else { /* room reserved by the caller (reserve_scratch) */
        copy = s->scratch + s->scratch_len;
        s->scratch_len += len + 1;
    }
    memcpy(copy, name, len);
    copy[len] = 0;
    *uri = copy;
    int id = vocab_ns(s->sax->vocab, copy);
    if (s->ns_n < NS_CACHE) s->ns[s->ns_n++] = (ns_entry){copy, len, id};
    return id;
}

/* Splits expat's "URI<NS_SEP>local" (or "local"): the local name, the URI
 * (NULL: none) and its id; -1 out of memory. */
static int split(sax_state *s, const char *name, const char **local, const char **uri)
{
    const char *sep = strchr(name, NS_SEP);
    if (!sep) {
        *local = name;
        *uri = NULL;
        return 0;
    }
    *local = sep + 1;
    return ns_of(s, name, (size_t)(sep - name), uri);
}

/* Once the URI cache is full: room for every URI of this tag, copied. */
static bool reserve_scratch(sax_state *s, const char *name, const char **atts)
{
    s->scratch_len = 0;
    if (s->ns_n < NS_CACHE) return true;
    size_t need = strlen(name) + 1;
    for (int i = 0; atts && atts[i]; i += 2) need += strlen(atts[i]) + 1;
    if (need <= s->scratch_cap) return true;
    char *p = realloc(s->scratch, need);
    if (!p) return false;
    s->scratch = p;
    s->scratch_cap = need;
    return true;
}

static bool attrs_room(sax_state *s, int n)
{
    if (n <= s->attr_cap) return true;
    int cap = n < 16 ? 16 : n;
    gdh_xml_attr *a = realloc(s->attrs, (size_t)cap * sizeof *a);
    if (!a) return false;
    s->attrs = a;
    s->attr_cap = cap;
    return true;
}

static int fill_attrs(sax_state *s, const char **atts)
{
    int n = 0;
    while (atts[2 * n]) n++;
    if (!attrs_room(s, n)) return -1;
    for (int i = 0; i < n; i++) {
        gdh_xml_attr *a = &s->attrs[i];
        a->ns = split(s, atts[2 * i], &a->name, &a->uri);
        if (a->ns < 0) return -1;
        a->val = atts[2 * i + 1];
        size_t len = strlen(a->val);
        a->len = len > INT_MAX ? INT_MAX : (int)len;
    }
    return n;
}

static void on_start(void *ctx, const char *name, const char **atts)
{
    sax_state *s = ctx;
    s->feed.events++;
    if (s->stop) return;
    if (++s->depth > s->max_depth) {
        halt(s, gdh_error_set(s->err, GD_ELIMIT, "%s: XML nested deeper than %d elements", what(s),
                              s->max_depth));
        return;
    }
    if (!s->sax->start) return;
    gdh_xml_event e;
    int nattr = -1;
    if (reserve_scratch(s, name, atts) && (e.ns = split(s, name, &e.name, &e.uri)) >= 0)
        nattr = fill_attrs(s, atts);
    if (nattr < 0) {
        halt(s, gdh_error_set(s->err, GD_ENOMEM, "out of memory"));
        return;
    }
    e.el = vocab_name(s->sax->vocab, e.ns, e.name);
    e.nattr = nattr;
    e.attrs = s->attrs;
    e.depth = s->depth;
    e.line = (int)XML_GetCurrentLineNumber(s->p);
    int rc = s->sax->start(s->sax->user, &e);
    if (rc) halt(s, rc);
}

static void on_end(void *ctx, const char *name)
{
    sax_state *s = ctx;
    s->feed.events++;
    int depth = s->depth--;
    if (s->stop || !s->sax->end) return;
    gdh_xml_event e;
    if (!reserve_scratch(s, name, NULL) || (e.ns = split(s, name, &e.name, &e.uri)) < 0) {
        halt(s, gdh_error_set(s->err, GD_ENOMEM, "out of memory"));
        return;
    }
    e.el = vocab_name(s->sax->vocab, e.ns, e.name);
    e.nattr = 0;
    e.attrs = NULL;
    e.depth = depth;
    e.line = (int)XML_GetCurrentLineNumber(s->p);
    int rc = s->sax->end(s->sax->user, &e);
    if (rc) halt(s, rc);
}

static void on_text(void *ctx, const char *ch, int len)
{
    sax_state *s = ctx;
    s->feed.events++;
    if (s->stop || !s->sax->text || len <= 0) return;
    int rc = s->sax->text(s->sax->user, ch, (size_t)len);
    if (rc) halt(s, rc);
}

/* Called at "<!DOCTYPE", before any of it is read: nothing is declared,
 * loaded or expanded. */
static void on_doctype(void *ctx, const char *name, const char *sys, const char *pub, int subset)
{
    (void)name, (void)sys, (void)pub, (void)subset;
    sax_state *s = ctx;
    halt(s, gdh_error_set(s->err, GD_EFORMAT,
                          "%s: DOCTYPE declarations are not allowed (refused: possible "
                          "external-entity attack)",
                          what(s)));
}

/* What stopped the parse when no handler did: expat's complaint, or the
 * encoding's. */
static void report_malformed(sax_state *s, int feed_rc)
{
    if (s->stop) return;
    if (feed_rc == GD_ENOMEM ||
        (feed_rc == XML_FEED_PARSER && XML_GetErrorCode(s->p) == XML_ERROR_NO_MEMORY)) {
        s->stop = gdh_error_set(s->err, GD_ENOMEM, "out of memory");
        return;
    }
    const char *m =
        feed_rc == XML_FEED_CHARSET ? s->feed.msg : XML_ErrorString(XML_GetErrorCode(s->p));
    s->stop = gdh_error_set(s->err, GD_EFORMAT, "%s: malformed XML at line %lu: %s", what(s),
                            (unsigned long)XML_GetCurrentLineNumber(s->p), m ? m : "parse error");
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
    int rc = xml_feed_bytes(&s->feed, chunk, len, last);
    if (rc) report_malformed(s, rc);
    return s->stop;
}

static sax_state *state_new(const gdh_xml_sax *sax, const char *name, gdh_error *err)
{
    sax_state *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->p = XML_ParserCreateNS(NULL, NS_SEP);
    if (!s->p) {
        free(s);
        return NULL;
    }
    s->sax = sax;
    s->err = err;
    s->what = name;
    const gdh_xml_limits *l = sax->limits;
    s->max_depth = l && l->max_depth > 0 ? l->max_depth : GDH_XML_DEFAULT_MAX_DEPTH;
    s->max_size = l && l->max_size ? l->max_size : GDH_XML_DEFAULT_MAX_SIZE;
    xml_feed_init(&s->feed, s->p);
    XML_SetUserData(s->p, s);
    XML_SetElementHandler(s->p, on_start, on_end);
    XML_SetCharacterDataHandler(s->p, on_text);
    XML_SetStartDoctypeDeclHandler(s->p, on_doctype);
    /* no external entity handler: nothing outside the document is read */
    XML_SetParamEntityParsing(s->p, XML_PARAM_ENTITY_PARSING_NEVER);
    return s;
}

static int state_free(sax_state *s)
{
    int rc = s->stop;
    xml_feed_free(&s->feed);
    XML_ParserFree(s->p);
    for (int i = 0; i < s->ns_n; i++) free(s->ns[i].uri);
    free(s->scratch);
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
    int rc = xml_feed_bytes(&s->feed, data, len, true);
    if (rc) report_malformed(s, rc);
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
    int rc = gdh_zip_stream(z, entry, feed_chunk, s, err);
    if (rc && !s->stop) s->stop = rc;
    if (!s->stop && !s->fed)
        s->stop = gdh_error_set(err, GD_EFORMAT, "%s: empty XML document", what(s));
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

/* Copies a value (expat gives it decoded: nothing to undo). */
static size_t copy_value(const gdh_xml_attr *a, char *buf, size_t cap)
{
    size_t o = (size_t)a->len < cap - 1 ? (size_t)a->len : cap - 1;
    memcpy(buf, a->val, o);
    buf[o] = 0;
    return o;
}

const char *gdh_xml_attr_get(const gdh_xml_event *e, int ns, const char *name, char *buf,
                             size_t cap)
{
    const gdh_xml_attr *a = gdh_xml_attr_find(e, ns, name);
    if (!a || !cap) return NULL;
    copy_value(a, buf, cap);
    return buf;
}

char *gdh_xml_attr_dup(const gdh_xml_event *e, int ns, const char *name)
{
    const gdh_xml_attr *a = gdh_xml_attr_find(e, ns, name);
    if (!a) return NULL;
    char *buf = malloc((size_t)a->len + 1);
    if (buf) copy_value(a, buf, (size_t)a->len + 1);
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
