/* govdoc plugin helpers — parsing XML safely (expat).
 *
 * Every document is parsed as a stream of events (start tag, end tag,
 * text) without building a tree, with what untrusted input needs:
 * - no network and no file access (nothing is ever loaded: no DTD, no
 *   external entity);
 * - a DOCTYPE is refused outright (GD_EFORMAT): office formats never write
 *   one, and it is how external-entity and entity-expansion ("billion
 *   laughs") attacks start; only the five predefined entities exist, any
 *   other entity reference is malformed XML;
 * - an element depth limit (GD_ELIMIT) and a size limit;
 * - malformed XML is GD_EFORMAT with the line and expat's message
 *   ("content.xml: malformed XML at line 3: mismatched tag");
 * - namespaces resolved as libxml2 (the helper's parser before expat) did,
 *   leniencies included: an undeclared prefix gives a NULL uri (the
 *   document is still read), and a declaration XML forbids (xmlns:p="",
 *   rebinding xml: or xmlns:) is ignored.
 *
 * Encodings: UTF-8, UTF-16, ISO-8859-1 and US-ASCII are expat's own; a
 * document whose XML declaration names another one (GBK, GB2312, GB18030,
 * windows-1252, ...) is converted to UTF-8 with iconv and then parsed.
 * Names, values and text always come out in UTF-8.
 *
 * A vocabulary (optional) maps namespace URIs and element names to small
 * integer ids once, so handlers switch on ids instead of comparing strings:
 *
 *     enum { NS_TEXT = 1 };
 *     enum { E_P = 1, E_H };
 *     static const gdh_xml_ns ns[] = {{NS_TEXT, "urn:oasis:names:tc:opendocument:xmlns:text:1.0"}};
 *     static const gdh_xml_name names[] = {{NS_TEXT, "p", E_P}, {NS_TEXT, "h", E_H}};
 *     gdh_xml_vocab *v;
 *     gdh_xml_vocab_new(&v, ns, 1, names, 2);
 *     gdh_xml_sax sax = {.start = on_start, .end = on_end, .text = on_text, .user = me,
 *                        .vocab = v};
 *     rc = gdh_xml_parse_zip(&sax, zip, "content.xml", &err);
 *
 * Big ZIP entries (over 8 MiB) are parsed straight from the inflater as it
 * goes (bounded memory); small ones are inflated whole and parsed in one
 * go. Either way the events are the same.
 *
 * A plugin that uses this header links expat (pkg-config and the CMake
 * target do it). Neither expat nor the helpers keep process-wide state:
 * parses in different threads with different objects do not interfere,
 * and the plugin can be unloaded. */
#ifndef GOVDOC_HELPERS_XML_H
#define GOVDOC_HELPERS_XML_H

#include <govdoc/helpers/error.h>
#include <govdoc/helpers/zip.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Zero in a field means its default. */
typedef struct gdh_xml_limits {
    int max_depth;     /* element nesting (default 256) */
    uint64_t max_size; /* bytes of one document (default 256 MiB) */
} gdh_xml_limits;

#define GDH_XML_DEFAULT_MAX_DEPTH 256
#define GDH_XML_DEFAULT_MAX_SIZE  (256u * 1024 * 1024)

/* ---- vocabulary ---- */

typedef struct gdh_xml_ns {
    int id; /* > 0 */
    const char *uri;
} gdh_xml_ns; /* several URIs may share an id (e.g. transitional and strict OOXML) */

typedef struct gdh_xml_name {
    int ns; /* a gdh_xml_ns id */
    const char *name;
    int id; /* > 0 */
} gdh_xml_name;

typedef struct gdh_xml_vocab gdh_xml_vocab;

/* Builds a vocabulary from nns namespaces and nnames element names (the
 * arrays are copied by reference: they must outlive the vocabulary, as
 * static tables do). GD_ENOMEM, or GD_EUSER for an id <= 0. */
int gdh_xml_vocab_new(gdh_xml_vocab **out, const gdh_xml_ns *ns, size_t nns,
                      const gdh_xml_name *names, size_t nnames);
void gdh_xml_vocab_free(gdh_xml_vocab *v); /* NULL is a no-op */

/* ---- events ---- */

/* An attribute as the parser gives it. val is the value decoded
 * (references replaced, white space normalised as XML says: "&amp;" is
 * "&", a tab or line end is a space); use len, not a NUL, for its end.
 * gdh_xml_attr_get() and gdh_xml_attr_dup() copy it NUL-terminated. */
typedef struct gdh_xml_attr {
    const char *name; /* local name */
    const char *uri;  /* namespace URI, or NULL (none; and in replayed events) */
    const char *val;
    int len;
    int ns; /* vocabulary id of the namespace, 0 if none or unknown */
} gdh_xml_attr;

/* A start or end tag. Strings are borrowed for the duration of the call. */
typedef struct gdh_xml_event {
    int el;           /* vocabulary id of the element, 0 if not in it */
    int ns;           /* vocabulary id of its namespace, 0 if none or unknown */
    const char *name; /* local name */
    const char *uri;  /* namespace URI or NULL */
    int nattr;        /* start tags only; 0 for end tags */
    const gdh_xml_attr *attrs;
    int depth; /* 1 for the root element */
    int line;  /* source line of the tag's "<" (0 in replayed events) */
} gdh_xml_event;

/* The handlers and what they get. Each callback may be NULL. A callback
 * returns 0 to go on; anything else stops the parse, and the parse
 * function returns that value (err untouched: the callback knows why). */
typedef struct gdh_xml_sax {
    int (*start)(void *user, const gdh_xml_event *e);
    int (*end)(void *user, const gdh_xml_event *e);
    /* character data, in pieces: one text node may come in several calls
     * (a line, a reference, a CDATA section, a chunk of a big part each);
     * the pieces are whole UTF-8 characters */
    int (*text)(void *user, const char *s, size_t len);
    void *user;
    const gdh_xml_vocab *vocab;   /* NULL: el and ns are always 0 */
    const gdh_xml_limits *limits; /* NULL: defaults */
} gdh_xml_sax;

/* Parses data[0..len) (borrowed). `what` names the document in messages
 * ("content.xml: malformed XML at line 3: ..."); may be NULL. Returns GD_OK,
 * a callback's value, or an error in err: GD_EFORMAT (malformed, empty,
 * DOCTYPE, an encoding unknown to iconv or bytes invalid in it), GD_ELIMIT
 * (depth, size), GD_ENOMEM. */
int gdh_xml_parse(const gdh_xml_sax *sax, const char *what, const void *data, size_t len,
                  gdh_error *err);
/* Parses the ZIP entry `entry` of z, with gdh_zip_read/gdh_zip_stream's
 * limits and errors as well. */
int gdh_xml_parse_zip(const gdh_xml_sax *sax, gdh_zip *z, const char *entry, gdh_error *err);

/* ---- attributes ---- */

/* The attribute `name` in namespace id ns (0: any namespace), or NULL. */
const gdh_xml_attr *gdh_xml_attr_find(const gdh_xml_event *e, int ns, const char *name);
/* Its value copied into buf (cap bytes, truncated, NUL-terminated);
 * returns buf, or NULL when the attribute is absent (buf untouched). */
const char *gdh_xml_attr_get(const gdh_xml_event *e, int ns, const char *name, char *buf,
                             size_t cap);
/* Its value, malloc'ed (free() it); NULL when absent or out of memory. */
char *gdh_xml_attr_dup(const gdh_xml_event *e, int ns, const char *name);
/* Its value as a decimal integer; def when absent or not a number. */
long gdh_xml_attr_long(const gdh_xml_event *e, int ns, const char *name, long def);

/* ---- recorded events ----
 * A log records events to replay later — a footnote body read before the
 * text that references it, a text box emitted after its paragraph. Replayed
 * events carry ids, names, attributes and values; uri is NULL, line 0. */
typedef struct gdh_xml_log {
    char *p;
    size_t len, cap;
} gdh_xml_log; /* zero-initialise; gdh_xml_log_free() when done */

/* Append a start tag (with its attributes, as in gdh_xml_attr), an
 * end tag, or text (s[0..len), copied) to the log. GD_OK or GD_ENOMEM (the
 * log is then unchanged). */
int gdh_xml_log_start(gdh_xml_log *log, const gdh_xml_event *e);
int gdh_xml_log_end(gdh_xml_log *log, const gdh_xml_event *e);
int gdh_xml_log_text(gdh_xml_log *log, const char *s, size_t len);
/* Feeds the recorded events to sax's callbacks (user, in order); stops at a
 * callback's non-zero value and returns it. GD_ENOMEM. */
int gdh_xml_log_replay(const gdh_xml_log *log, const gdh_xml_sax *sax);
/* Frees the recorded events and zeroes the log, ready for reuse. */
void gdh_xml_log_free(gdh_xml_log *log);

#ifdef __cplusplus
}
#endif
#endif
