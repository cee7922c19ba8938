/* Markdown writer (GitHub Flavored Markdown) — an example govdoc plugin
 * built against the installed SDK alone. md_blocks.c walks the blocks
 * (headings, paragraphs, lists, quotes, code, tables, notes) and holds the
 * descriptor; md_inline.c writes runs of text with their emphasis, links,
 * images and escapes. */
#ifndef MD_H
#define MD_H

#include <govdoc/gd_plugin.h>
#include <govdoc/helpers/buf.h>
#include <govdoc/helpers/cjk.h>

#include <stdbool.h>
#include <stddef.h>

/* Output text goes into gdh_buf (<govdoc/helpers/buf.h>). */
int md_puts(gdh_buf *b, const char *s); /* GD_OK or GD_ENOMEM */

enum { IN_BODY = 0, IN_HEADING, IN_CELL };

typedef struct md {
    gd_ctx *ctx;
    const gd_doc *doc;
    gdh_buf *out;          /* where text goes now (the document, or a table cell) */
    gdh_buf prefix;        /* what continuation lines of the open containers start with */
    bool bol;              /* at the beginning of a line: the prefix is still to write */
    int where;             /* IN_*: how line breaks and blocks are written */
    int rc;                /* first error */
    const gd_node **notes; /* notes referenced, in order: [^1] ... */
    size_t nnotes, capnotes;
    bool embed_images, repeat_spans, front_matter;
    const char *span_note;
    int depth;        /* recursion guard (the IR's own depth is limited too) */
    uint32_t last_cp; /* the last character of text written */
} md;

/* md_inline.c */
/* Writes the inlines from `first` on (and their children). */
void md_inlines(md *m, const gd_node *first);
/* Text escaped for Markdown (and for a table cell: '|'). */
void md_text(md *m, const char *s, size_t len);
void md_raw(md *m, const char *s, size_t len); /* as is, after the line's prefix */
void md_fail(md *m, int rc);

#endif
