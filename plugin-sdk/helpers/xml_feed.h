/* Private to the XML helper (xml.c): the bytes handed to expat.
 *
 * - Encodings: expat itself reads UTF-8, UTF-16, ISO-8859-1 and US-ASCII.
 *   A document whose XML declaration names another encoding (GBK, GB2312,
 *   GB18030 from Chinese tools, windows-1252, ...) is converted to UTF-8
 *   with glibc's iconv and parsed as UTF-8 — the converter libxml2 used for
 *   them too, so the text comes out the same.
 * - Long tokens: expat 2.5 re-scans an unfinished token (a huge start tag,
 *   comment or attribute value) from its start each time data arrives, so a
 *   stream of small chunks would cost time quadratic in the token's length.
 *   While the parser reports no event, data is held back until it is at
 *   least as long as what went in unanswered: each re-scan is then paid for
 *   by as many new bytes, and the total stays linear (what expat 2.6's
 *   "reparse deferral" does). */
#ifndef GDH_XML_FEED_H
#define GDH_XML_FEED_H

#include <expat.h>
#include <iconv.h>
#include <stdbool.h>
#include <stddef.h>

/* What xml_feed_bytes() returns besides GD_OK and GD_ENOMEM. */
enum {
    XML_FEED_PARSER = 1, /* XML_Parse failed: the parser's error (or a handler's stop) */
    XML_FEED_CHARSET = 2 /* the encoding: unknown, or bytes invalid in it (see msg) */
};

typedef struct xml_feed {
    XML_Parser p;         /* borrowed */
    unsigned long events; /* the handlers count the events they see here */
    bool sniffed;         /* the XML declaration has been looked at */
    char *head;           /* the first bytes, until the declaration is whole */
    size_t head_len, head_cap;
    char enc[64];   /* the declared encoding, if any */
    iconv_t cd;     /* (iconv_t)-1: expat reads the bytes as they are */
    char carry[16]; /* an incomplete character at the end of a chunk */
    size_t ncarry;
    char *join; /* carry + the next chunk */
    size_t join_cap;
    char *out; /* iconv's output */
    size_t out_cap;
    char *hold; /* bytes held back while expat reports nothing */
    size_t hold_len, hold_cap;
    size_t quiet;  /* bytes given to expat since its last event */
    char msg[128]; /* for XML_FEED_CHARSET */
} xml_feed;

/* Starts a feed for parser p (zeroes f). */
void xml_feed_init(xml_feed *f, XML_Parser p);
/* Gives expat data[0..len); last marks the end of the document. GD_OK,
 * GD_ENOMEM, XML_FEED_PARSER or XML_FEED_CHARSET. */
int xml_feed_bytes(xml_feed *f, const char *data, size_t len, bool last);
/* The whole document, data[0..len), already in expat's buffer
 * (XML_GetBuffer, not yet parsed): as xml_feed_bytes(f, data, len, true),
 * without copying it when expat reads the encoding. f is fresh (nothing
 * fed yet) and len <= INT_MAX. */
int xml_feed_buffer(xml_feed *f, char *data, size_t len);
/* Frees what the feed allocated (not the parser). */
void xml_feed_free(xml_feed *f);

#endif
