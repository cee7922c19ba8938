/* Safe SAX parsing with expat: a DOCTYPE refused at its first byte, so no
 * entity beyond the predefined five exists and nothing outside the document
 * is ever read (no DTD, no external entity); an element depth limit; a size
 * limit. Big ZIP entries stream straight from the inflater; small ones are
 * inflated whole into expat's own input buffer (no copy) and parsed in one
 * go, after the entry's sizes and CRC are checked. The bytes themselves
 * (other encodings, long tokens) reach expat through xml_feed.c; namespaces
 * are resolved in xml_ns.c (a tag costs a prefix lookup and one hash
 * lookup of its local name). */
#define _DEFAULT_SOURCE /* madvise */
#include "xml_feed.h"
#include "xml_ns.h"
#include "zip_into.h"

#include <govdoc/helpers/buf.h>
#include <govdoc/helpers/xml.h>

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#define WHOLE_MAX    (8u * 1024 * 1024) /* entries up to this are parsed in one go */
#define POPULATE_MIN (64u * 1024)       /* buffers from this size are mapped at once */

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

int xml_vocab_ns(const gdh_xml_vocab *v, const char *uri)
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

/* An open element, resolved at its start tag for its end tag. */
typedef struct open_el {
    int el, ns;
    const char *uri; /* the binding's, in scope until the end tag */
    size_t local;    /* offset of the local name in the tag's name */
} open_el;

typedef struct sax_state {
    const gdh_xml_sax *sax;
    gdh_error *err;
    XML_Parser p;
    xml_feed feed;
    xml_ns ns;
    const char *what;
    int max_depth;
    uint64_t max_size, fed;
    int depth;
    int stop; /* a callback's value, or an error code: the parse ends */
    gdh_xml_attr *attrs;
    int attr_cap;
    open_el *open; /* [depth - 1]: the innermost open element */
    int open_cap;
    /* A whole part parsed where it lies, in an encoding whose line ends are
     * the bytes CR and LF: tags' lines are counted here (see event_line). */
    const char *raw;
    size_t raw_len, raw_pos; /* raw_pos: where line raw_line starts or goes on */
    unsigned long raw_line;
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

/* The line of the tag being reported. expat's XML_GetCurrentLineNumber
 * re-scans the bytes since its last answer with its tokenizer's tables,
 * one twentieth of a part's parse time; the same count by memchr, with
 * expat's rule (LF, CR, CR LF each end a line; a CR LF split by the
 * position counts twice, as there). Elsewhere, expat's own. */
static int event_line(sax_state *s)
{
    if (s->raw && !s->raw_line) { /* the first tag: the encoding is known now */
        const char *enc = s->feed.enc;
        if (s->feed.cd != (iconv_t)-1 || strncasecmp(enc, "UTF-16", 6) == 0) s->raw = NULL;
        s->raw_line = 1;
    }
    XML_Index at = s->raw ? XML_GetCurrentByteIndex(s->p) : -1;
    if (at < 0 || (size_t)at > s->raw_len || (size_t)at < s->raw_pos)
        return (int)XML_GetCurrentLineNumber(s->p);
    const char *p = s->raw + s->raw_pos, *end = s->raw + at;
    while (p < end) {
        const char *lf = memchr(p, '\n', (size_t)(end - p)), *stop = lf ? lf : end;
        for (const char *cr = p; cr < stop && (cr = memchr(cr, '\r', (size_t)(stop - cr))); cr++)
            if (cr + 1 != lf) s->raw_line++; /* CR LF: the LF counts */
        if (lf) s->raw_line++;
        p = lf ? lf + 1 : end;
    }
    s->raw_pos = (size_t)at;
    return (int)s->raw_line;
}

/* Whether a whole part's bytes can have their lines counted as bytes: not
 * UTF-16 (a BOM, or a NUL in the first two bytes as "<" is written there). */
static bool bytes_are_lines(const uint8_t *b, size_t n)
{
    return n >= 2 && b[0] && b[1] && !(b[0] == 0xFE && b[1] == 0xFF) &&
           !(b[0] == 0xFF && b[1] == 0xFE);
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

/* The attributes but the namespace declarations; -1 out of memory. */
static int fill_attrs(sax_state *s, const char **atts)
{
    int n = 0;
    while (atts[2 * n]) n++;
    if (!attrs_room(s, n)) return -1;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (xml_ns_is_decl(atts[2 * i])) continue;
        gdh_xml_attr *a = &s->attrs[k++];
        a->ns = xml_ns_resolve(&s->ns, atts[2 * i], true, &a->name, &a->uri);
        a->val = atts[2 * i + 1];
        size_t len = strlen(a->val);
        a->len = len > INT_MAX ? INT_MAX : (int)len;
    }
    return k;
}

static bool open_room(sax_state *s)
{
    if (s->depth <= s->open_cap) return true;
    int cap = s->open_cap ? 2 * s->open_cap : 64;
    open_el *o = realloc(s->open, (size_t)cap * sizeof *o);
    if (!o) return false;
    s->open = o;
    s->open_cap = cap;
    return true;
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
    bool ok = xml_ns_open(&s->ns, atts) == GD_OK && open_room(s);
    if (ok && !s->sax->start && !s->sax->end) return;
    gdh_xml_event e;
    e.nattr = ok && s->sax->start ? fill_attrs(s, atts) : 0;
    if (!ok || e.nattr < 0) {
        halt(s, gdh_error_set(s->err, GD_ENOMEM, "out of memory"));
        return;
    }
    e.ns = xml_ns_resolve(&s->ns, name, false, &e.name, &e.uri);
    e.el = vocab_name(s->sax->vocab, e.ns, e.name);
    s->open[s->depth - 1] = (open_el){e.el, e.ns, e.uri, (size_t)(e.name - name)};
    if (!s->sax->start) return;
    e.attrs = s->attrs;
    e.depth = s->depth;
    e.line = event_line(s);
    int rc = s->sax->start(s->sax->user, &e);
    if (rc) halt(s, rc);
}

static void on_end(void *ctx, const char *name)
{
    sax_state *s = ctx;
    s->feed.events++;
    int depth = s->depth--;
    if (s->stop) return;
    if (s->sax->end) {
        const open_el *o = &s->open[depth - 1];
        gdh_xml_event e;
        e.el = o->el;
        e.ns = o->ns;
        e.name = name + o->local;
        e.uri = o->uri;
        e.nattr = 0;
        e.attrs = NULL;
        e.depth = depth;
        e.line = event_line(s);
        int rc = s->sax->end(s->sax->user, &e);
        if (rc) halt(s, rc);
    }
    xml_ns_close(&s->ns); /* after: the end tag is in its own declarations' scope */
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
    s->p = XML_ParserCreate(NULL); /* namespaces: xml_ns.c */
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
    xml_ns_init(&s->ns, sax->vocab);
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
    xml_ns_free(&s->ns);
    XML_ParserFree(s->p);
    free(s->attrs);
    free(s->open);
    free(s);
    return rc;
}

/* The checks before a whole document in memory is parsed; false when it
 * must not be. */
static bool whole_ok(sax_state *s, size_t len)
{
    if (len == 0) {
        s->stop = gdh_error_set(s->err, GD_EFORMAT, "%s: empty XML document", what(s));
        return false;
    }
    if (len > s->max_size || len > INT_MAX) {
        s->stop = gdh_error_set(s->err, GD_ELIMIT, "%s: XML document larger than %llu bytes",
                                what(s), (unsigned long long)s->max_size);
        return false;
    }
    return true;
}

/* Parses a whole document in memory. */
static int parse_memory(sax_state *s, const void *data, size_t len)
{
    if (!whole_ok(s, len)) return s->stop;
    int rc = xml_feed_bytes(&s->feed, data, len, true);
    if (rc) report_malformed(s, rc);
    return s->stop;
}

/* An entry inflates into expat's own input buffer (no copy of the part). */
static uint8_t *expat_buffer(void *user, size_t cap)
{
    sax_state *s = user;
    uint8_t *b = cap <= INT_MAX ? XML_GetBuffer(s->p, (int)cap) : NULL;
#ifdef MADV_POPULATE_WRITE
    /* A big part's buffer is fresh pages (malloc maps it): one call maps
     * them all, where each first touch would be a page fault of its own. */
    if (b && cap >= POPULATE_MIN) {
        uintptr_t pg = (uintptr_t)sysconf(_SC_PAGESIZE);
        uintptr_t lo = ((uintptr_t)b + pg - 1) & ~(pg - 1), hi = ((uintptr_t)b + cap) & ~(pg - 1);
        if (hi > lo) madvise((void *)lo, hi - lo, MADV_POPULATE_WRITE); /* a hint: errors ignored */
    }
#endif
    return b;
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
        uint8_t *whole = NULL; /* expat's: freed with the parser */
        size_t whole_len = 0;
        s->stop = zip_read_into(z, entry, expat_buffer, s, &whole, &whole_len, err);
        if (!s->stop && whole_ok(s, whole_len)) {
            if (bytes_are_lines(whole, whole_len))
                s->raw = (const char *)whole, s->raw_len = whole_len;
            int rc = xml_feed_buffer(&s->feed, (char *)whole, whole_len);
            if (rc) report_malformed(s, rc);
        }
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
