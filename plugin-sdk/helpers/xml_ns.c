/* Namespaces for the XML helper, resolved the way libxml2 did. See
 * xml_ns.h. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "xml_ns.h"

#include <stdlib.h>
#include <string.h>

#define XML_NS_URI   "http://www.w3.org/XML/1998/namespace"
#define XMLNS_NS_URI "http://www.w3.org/2000/xmlns/"

void xml_ns_init(xml_ns *ns, const gdh_xml_vocab *vocab)
{
    memset(ns, 0, sizeof *ns);
    ns->vocab = vocab;
    ns->xml_id = xml_vocab_ns(vocab, XML_NS_URI);
}

static void unbind(xml_binding *b)
{
    free(b->prefix);
    free(b->uri);
}

void xml_ns_free(xml_ns *ns)
{
    for (size_t i = 0; i < ns->n; i++) unbind(&ns->b[i]);
    free(ns->b);
    free(ns->marks);
    memset(ns, 0, sizeof *ns);
}

/* One declaration; what libxml2 refused with a namespace error (the
 * reserved prefixes and URIs, an empty URI for a prefix) is skipped. */
static int declare(xml_ns *ns, const char *prefix, const char *uri)
{
    if (strcmp(uri, XMLNS_NS_URI) == 0 || strcmp(uri, XML_NS_URI) == 0) return GD_OK;
    if (*prefix && (!*uri || !strcmp(prefix, "xml") || !strcmp(prefix, "xmlns"))) return GD_OK;
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? 2 * ns->cap : 32;
        xml_binding *b = realloc(ns->b, cap * sizeof *b);
        if (!b) return GD_ENOMEM;
        ns->b = b;
        ns->cap = cap;
    }
    xml_binding *b = &ns->b[ns->n];
    b->prefix = strdup(prefix);
    b->len = strlen(prefix);
    b->uri = *uri ? strdup(uri) : NULL;
    if (!b->prefix || (*uri && !b->uri)) {
        unbind(b);
        return GD_ENOMEM;
    }
    b->id = xml_vocab_ns(ns->vocab, b->uri);
    ns->n++;
    ns->memo[0] = ns->memo[1] = 0;
    return GD_OK;
}

int xml_ns_open(xml_ns *ns, const char **atts)
{
    if (ns->depth == ns->marks_cap) {
        size_t cap = ns->marks_cap ? 2 * ns->marks_cap : 64;
        size_t *m = realloc(ns->marks, cap * sizeof *m);
        if (!m) return GD_ENOMEM;
        ns->marks = m;
        ns->marks_cap = cap;
    }
    ns->marks[ns->depth++] = ns->n;
    for (int i = 0; atts[i]; i += 2) {
        if (!xml_ns_is_decl(atts[i])) continue;
        int rc = declare(ns, atts[i][5] ? atts[i] + 6 : "", atts[i + 1]);
        if (rc) return rc;
    }
    return GD_OK;
}

void xml_ns_close(xml_ns *ns)
{
    if (!ns->depth) return;
    size_t keep = ns->marks[--ns->depth];
    if (keep == ns->n) return;
    while (ns->n > keep) unbind(&ns->b[--ns->n]);
    ns->memo[0] = ns->memo[1] = 0;
}

static bool same_prefix(const xml_binding *b, const char *p, size_t len)
{
    return b->len == len && memcmp(b->prefix, p, len) == 0;
}

/* The innermost binding of prefix p[0..len), or NULL. */
static const xml_binding *lookup(xml_ns *ns, const char *p, size_t len)
{
    for (int k = 0; k < 2; k++)
        if (ns->memo[k] && same_prefix(&ns->b[ns->memo[k] - 1], p, len))
            return &ns->b[ns->memo[k] - 1];
    for (size_t i = ns->n; i-- > 0;) {
        if (!same_prefix(&ns->b[i], p, len)) continue;
        ns->memo[1] = ns->memo[0];
        ns->memo[0] = i + 1;
        return &ns->b[i];
    }
    return NULL;
}

/* Where libxml2's QName parse stops at a colon: prefix:local needs an
 * NCName start after it (a letter, '_' or a non-ASCII byte). */
static bool local_starts(unsigned char c)
{
    return c >= 0x80 || c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

int xml_ns_resolve(xml_ns *ns, const char *qname, bool attr, const char **local, const char **uri)
{
    const char *colon = qname[0] == ':' ? NULL : strchr(qname, ':');
    if (colon && !local_starts((unsigned char)colon[1])) colon = NULL;
    *local = colon ? colon + 1 : qname;
    *uri = NULL;
    if (!colon && attr) return 0;
    size_t len = colon ? (size_t)(colon - qname) : 0;
    if (len == 3 && memcmp(qname, "xml", 3) == 0) {
        *uri = XML_NS_URI;
        return ns->xml_id;
    }
    const xml_binding *b = lookup(ns, qname, len);
    if (!b) return 0;
    *uri = b->uri;
    return b->uri ? b->id : 0;
}
