/* Private to the XML helper (xml.c): namespaces, resolved here rather
 * than by expat.
 *
 * expat's own namespace processing (XML_ParserCreateNS) builds a
 * "URI<sep>local" string for every tag and attribute and doubles its parse
 * time (the seed's document.xml: 2.1 -> 4.3 ms). Here a tag's prefix is
 * looked up in the bindings in scope (the last one or two prefixes used are
 * remembered: a part uses "w:" nearly everywhere), and the URI is the
 * binding's copy. Resolution follows libxml2, which the helper used before,
 * including where libxml2 only warned: an undeclared prefix gives no URI
 * (the part is still read), "xmlns:p" with an empty value, or binding the
 * reserved prefixes and names, is ignored, and a name with a colon that is
 * not prefix:local ("a:", ":a", "a:1") is a local name without a prefix. */
#ifndef GDH_XML_NS_H
#define GDH_XML_NS_H

#include <govdoc/helpers/xml.h>

#include <stdbool.h>
#include <stddef.h>

typedef struct xml_binding {
    char *prefix; /* "" for the default namespace */
    size_t len;   /* of prefix */
    char *uri;    /* NULL: none (xmlns="") */
    int id;       /* the vocabulary's id of uri, 0 if none */
} xml_binding;

typedef struct xml_ns {
    const gdh_xml_vocab *vocab; /* borrowed */
    xml_binding *b;             /* in scope, innermost last */
    size_t n, cap;
    size_t *marks; /* bindings in scope at each open element's start */
    size_t depth, marks_cap;
    size_t memo[2]; /* indices into b of recent lookups, + 1 (0: none) */
    int xml_id;     /* the id of the xml: prefix's namespace */
} xml_ns;

/* Starts with no binding but xml: (zeroes ns). */
void xml_ns_init(xml_ns *ns, const gdh_xml_vocab *vocab);
void xml_ns_free(xml_ns *ns);
/* An element starts: the namespaces its attributes (expat's name, value
 * pairs) declare come into scope. GD_OK or GD_ENOMEM. */
int xml_ns_open(xml_ns *ns, const char **atts);
/* The element that opened last ends: its declarations go out of scope. */
void xml_ns_close(xml_ns *ns);
/* Whether an attribute name declares a namespace (it is no attribute).
 * Inline, the first byte deciding: asked twice for each of a part's
 * attributes, nearly all "w:..." */
static inline bool xml_ns_is_decl(const char *q)
{
    return q[0] == 'x' && q[1] == 'm' && q[2] == 'l' && q[3] == 'n' && q[4] == 's' &&
           (q[5] == 0 || q[5] == ':');
}
/* qname's local part (a pointer into qname), its URI (borrowed until the
 * next xml_ns_close, or NULL) and the URI's vocabulary id. An attribute
 * without a prefix is in no namespace; an element, in the default one. */
int xml_ns_resolve(xml_ns *ns, const char *qname, bool attr, const char **local, const char **uri);

/* xml.c: the vocabulary's id for a namespace URI, 0 if none or no vocabulary. */
int xml_vocab_ns(const gdh_xml_vocab *v, const char *uri);

#endif
