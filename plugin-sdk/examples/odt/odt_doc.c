/* The document's XML: the vocabulary, one SAX handler for every part that
 * sends each top-level section to its reader (metadata here, styles to
 * odt_styles.c, the body to odt_body.c), and small utilities. */
#include "odt.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- vocabulary ---- */

static const gdh_xml_ns ns_uris[] = {
    {NS_OFFICE, "urn:oasis:names:tc:opendocument:xmlns:office:1.0"},
    {NS_STYLE, "urn:oasis:names:tc:opendocument:xmlns:style:1.0"},
    {NS_TEXT, "urn:oasis:names:tc:opendocument:xmlns:text:1.0"},
    {NS_TABLE, "urn:oasis:names:tc:opendocument:xmlns:table:1.0"},
    {NS_DRAW, "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"},
    {NS_FO, "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"},
    {NS_XLINK, "http://www.w3.org/1999/xlink"},
    {NS_DC, "http://purl.org/dc/elements/1.1/"},
    {NS_META, "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"},
    {NS_SVG, "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"},
    {NS_MANIFEST, "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"},
};

static const gdh_xml_name names[] = {
#define X(ns, name, id) {NS_##ns, name, E_##id},
    ODT_ELEMENTS(X)
#undef X
};

gdh_xml_vocab *odt_vocab_new(void)
{
    gdh_xml_vocab *v = NULL;
    gdh_xml_vocab_new(&v, ns_uris, sizeof ns_uris / sizeof *ns_uris, names,
                      sizeof names / sizeof *names);
    return v;
}

/* ---- utilities ---- */

int odt_fail(odt *o, int code, const char *fmt, ...)
{
    if (o->rc) return o->rc;
    va_list ap;
    va_start(ap, fmt);
    if (o->soft && code == GD_EFORMAT) { /* an optional part: the caller warns */
        vsnprintf(o->soft_msg, sizeof o->soft_msg, fmt, ap);
        va_end(ap);
        return o->rc = code;
    }
    gd_host->ctx_errorv(o->ctx, code, fmt, ap);
    va_end(ap);
    return o->rc = code < 0 ? code : GD_ERROR;
}

void odt_warn_once(odt *o, unsigned bit, const char *fmt, ...)
{
    if (o->warned & bit) return;
    o->warned |= bit;
    va_list ap;
    va_start(ap, fmt);
    gd_host->ctx_warnv(o->ctx, fmt, ap);
    va_end(ap);
}

char *odt_strdup(const char *s)
{
    if (!s) return NULL;
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

char *odt_attr_dup(const gdh_xml_event *e, int ns, const char *name)
{
    return gdh_xml_attr_dup(e, ns, name);
}

/* ---- string map (open addressing; inputs choose the keys, so every
 * lookup is O(1), never a scan) ---- */

static size_t str_hash(const char *s)
{
    size_t h = 14695981039346656037u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

int odt_map_get(const odt_map *m, const char *key)
{
    if (!m->cap || !key) return -1;
    for (size_t h = str_hash(key) & (m->cap - 1); m->keys[h]; h = (h + 1) & (m->cap - 1))
        if (!strcmp(m->keys[h], key)) return m->vals[h];
    return -1;
}

int odt_map_put(odt_map *m, const char *key, int val)
{
    if ((m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 64;
        const char **keys = calloc(cap, sizeof *keys);
        int *vals = calloc(cap, sizeof *vals);
        if (!keys || !vals) {
            free(keys);
            free(vals);
            return GD_ENOMEM;
        }
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->keys[i]) continue;
            size_t h = str_hash(m->keys[i]) & (cap - 1);
            while (keys[h]) h = (h + 1) & (cap - 1);
            keys[h] = m->keys[i];
            vals[h] = m->vals[i];
        }
        free(m->keys);
        free(m->vals);
        m->keys = keys;
        m->vals = vals;
        m->cap = cap;
    }
    size_t h = str_hash(key) & (m->cap - 1);
    while (m->keys[h] && strcmp(m->keys[h], key)) h = (h + 1) & (m->cap - 1);
    if (!m->keys[h]) m->n++;
    m->keys[h] = key;
    m->vals[h] = val;
    return GD_OK;
}

void odt_map_free(odt_map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---- metadata (office:meta) ---- */

static const struct {
    int el;
    const char *key;
} meta_keys[] = {
    {E_DC_TITLE, "title"},         {E_DC_SUBJECT, "subject"}, {E_DC_DESCRIPTION, "description"},
    {E_DC_LANGUAGE, "language"},   {E_CREATION_DATE, "date"}, {E_DC_DATE, "modified"},
    {E_INITIAL_CREATOR, "author"}, {E_DC_CREATOR, "creator"}, {E_KEYWORD, "keywords"},
};

static void meta_end(odt *o)
{
    const char *key = meta_keys[o->meta_key - 1].key;
    const char *s = o->meta_text.p ? o->meta_text.p : "";
    size_t n = o->meta_text.len;
    gdh_cjk_trim(&s, &n);
    char *v = malloc(n + 1);
    if (!v) return;
    memcpy(v, s, n);
    v[n] = 0;
    if (!strcmp(key, "keywords")) {
        if (n && o->keywords.len) gdh_buf_add(&o->keywords, ", ", 2);
        if (n) gdh_buf_add(&o->keywords, v, n);
    } else if (!strcmp(key, "author")) {
        free(o->author);
        o->author = v, v = NULL;
    } else if (!strcmp(key, "creator")) {
        free(o->creator);
        o->creator = v, v = NULL;
    } else if (n) {
        gd_doc_meta_set(o->doc, key, v);
    }
    free(v);
    o->meta_text.len = 0;
    o->meta_key = 0;
}

/* ---- the section dispatcher ---- */

static int on_start(void *self, const gdh_xml_event *e)
{
    odt *o = self;
    if (o->rc) return o->rc;
    if (o->skip_depth) return 0;
    if (o->section == SEC_NONE) {
        switch (e->el) {
        case E_META: o->section = SEC_META; break;
        case E_FONT_FACE_DECLS: o->section = SEC_FONTS; break;
        case E_STYLES:
        case E_AUTOMATIC_STYLES:
            o->section = SEC_STYLES;
            o->automatic_section = e->el == E_AUTOMATIC_STYLES;
            break;
        case E_OFFICE_TEXT: o->section = SEC_BODY; break;
        case E_SPREADSHEET:
        case E_PRESENTATION:
        case E_DRAWING:
            return odt_fail(o, GD_ENOTSUPPORTED, "an OpenDocument %s, not a text document",
                            e->el == E_SPREADSHEET    ? "spreadsheet (.ods)"
                            : e->el == E_PRESENTATION ? "presentation (.odp)"
                                                      : "drawing (.odg)");
        case E_DOCUMENT:
        case E_DOCUMENT_CONTENT:
        case E_DOCUMENT_STYLES:
        case E_DOCUMENT_META:
        case E_BODY: return 0; /* containers of the sections */
        default:
            if (e->depth <= 2) o->skip_depth = e->depth; /* settings, scripts, master styles */
            return 0;
        }
        o->section_depth = e->depth;
        return 0;
    }
    switch (o->section) {
    case SEC_META:
        for (size_t i = 0; i < sizeof meta_keys / sizeof *meta_keys; i++)
            if (meta_keys[i].el == e->el) {
                o->meta_key = (int)i + 1;
                o->meta_text.len = 0;
            }
        return 0;
    case SEC_FONTS:
    case SEC_STYLES: return odt_styles_start(o, e);
    case SEC_BODY: return odt_body_start(o, e);
    }
    return 0;
}

static int on_end(void *self, const gdh_xml_event *e)
{
    odt *o = self;
    if (o->rc) return o->rc;
    if (o->skip_depth) {
        if (e->depth == o->skip_depth) o->skip_depth = 0;
        return 0;
    }
    if (o->section != SEC_NONE && e->depth == o->section_depth) {
        int rc = o->section == SEC_BODY ? odt_body_finish(o) : 0;
        o->section = SEC_NONE;
        o->automatic_section = false;
        return rc;
    }
    switch (o->section) {
    case SEC_META:
        if (o->meta_key) meta_end(o);
        return 0;
    case SEC_FONTS:
    case SEC_STYLES: return odt_styles_end(o, e);
    case SEC_BODY: return odt_body_end(o, e);
    }
    return 0;
}

static int on_text(void *self, const char *s, size_t len)
{
    odt *o = self;
    if (o->rc) return o->rc;
    if (o->skip_depth) return 0;
    if (o->section == SEC_META && o->meta_key && o->meta_text.len + len <= ODT_MAX_META)
        return gdh_buf_add(&o->meta_text, s, len) ? odt_fail(o, GD_ENOMEM, "out of memory") : 0;
    if (o->section == SEC_BODY) return odt_body_text(o, s, len);
    return 0;
}

void odt_sax(odt *o, gdh_xml_sax *sax)
{
    memset(sax, 0, sizeof *sax);
    sax->start = on_start;
    sax->end = on_end;
    sax->text = on_text;
    sax->user = o;
    sax->vocab = o->vocab;
}

static int after_parse(odt *o, int rc, const gdh_error *err)
{
    o->section = SEC_NONE;
    o->skip_depth = 0;
    if (!rc || o->rc) return o->rc;
    return odt_fail(o, err->code < 0 ? err->code : rc, "%s",
                    err->code < 0 ? err->message : "cannot read the document");
}

int odt_parse_part(odt *o, const char *part)
{
    gdh_xml_sax sax;
    odt_sax(o, &sax);
    gdh_error err = {0};
    o->part = part;
    return after_parse(o, gdh_xml_parse_zip(&sax, o->zip, part, &err), &err);
}

int odt_parse_flat(odt *o, const uint8_t *data, size_t len)
{
    gdh_xml_sax sax;
    odt_sax(o, &sax);
    gdh_error err = {0};
    o->part = NULL;
    return after_parse(o, gdh_xml_parse(&sax, "flat ODT", data, len, &err), &err);
}
