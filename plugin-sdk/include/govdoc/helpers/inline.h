/* govdoc plugin helpers — the inline buffer: a paragraph's inline content
 * (runs of text, line breaks, links, images, note references) gathered
 * while a reader walks the paragraph and decided on at its end, when its
 * style, numbering and neighbours are known: trimmed, tested for visible
 * content, and flushed into the builder in order. Both Word readers (DOCX,
 * .doc) assemble paragraphs with it, so the same content gives the same
 * tree.
 *
 * Items live in one array, their text and data (URLs, alt text) in one
 * gdh_buf, so a paragraph costs two allocations that are reused for the
 * next one. A reader with more to say about an item (a note's body, a
 * picture's offset) makes its own item type whose FIRST member is a
 * gdh_inline_item and passes its size to gdh_inline_begin():
 *
 *     typedef struct my_item { gdh_inline_item in; const my_note *note; } my_item;
 *     my_item *it = (my_item *)gdh_inline_add(&buf, GDH_INL_NOTE, NULL, 0);
 *
 * gdh_inline_flush() calls the host's builder functions (gd_builder_*), so
 * it is for plugins (GD_PLUGIN_DEFINE sets gd_host); the rest is pure.
 *
 * Ownership: the caller owns the gdh_inline struct ({0} is an empty
 * buffer); the buffer owns its items and text until gdh_inline_free(). What
 * a reader's item fields point to stays the reader's (free it before
 * gdh_inline_begin/free forget the items). Pointers returned into the buffer
 * (items, data) are valid until the next add, begin or free. Copying the
 * struct moves the buffer: use one of the copies afterwards. */
#ifndef GOVDOC_HELPERS_INLINE_H
#define GOVDOC_HELPERS_INLINE_H

#include <govdoc/gd_types.h>
#include <govdoc/helpers/buf.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gdh_inline_kind {
    GDH_INL_TEXT = 1,   /* text of one style and font; data: the text */
    GDH_INL_BREAK,      /* a line break */
    GDH_INL_PAGEBREAK,  /* a page break: a block item, it ends an inline segment */
    GDH_INL_LINK_OPEN,  /* data: the URL */
    GDH_INL_LINK_CLOSE, /* closes the innermost open link, if any */
    GDH_INL_IMAGE,      /* the reader's, written by its object callback; visible */
    GDH_INL_NOTE,       /* the reader's, written by its object callback; visible */
    GDH_INL_BLOCKS,     /* blocks following the paragraph (a text box): a block item */
} gdh_inline_kind;

/* A set of kinds, for gdh_inline_any(). */
#define GDH_INL_BIT(kind) (1u << (kind))

typedef struct gdh_inline_item {
    int kind;           /* gdh_inline_kind, or a reader's own value above them */
    unsigned style;     /* TEXT: GD_STYLE_* bits */
    unsigned para_bits; /* TEXT: the bits of style that come from the paragraph style only */
    const char *font;   /* TEXT: font name, the reader's (interned: compared by pointer) */
    size_t off, len;    /* the item's data in the buffer's text (see gdh_inline_data) */
} gdh_inline_item;

typedef struct gdh_inline {
    gdh_buf text; /* owned: all items' data, each datum NUL-terminated but TEXT runs */
    void *items;  /* owned: n items of item_size bytes */
    size_t n, cap, item_size;
    bool all_bold; /* every non-blank text added so far was bold (a title hint) */
} gdh_inline;

/* Empties the buffer for a new paragraph whose items are item_size bytes
 * (sizeof(gdh_inline_item) or a reader's type beginning with one; the same
 * size for every use of one buffer). Keeps the memory; sets all_bold. */
void gdh_inline_begin(gdh_inline *in, size_t item_size);
/* Frees the items and the text (not what reader fields point to); zeroes in. */
void gdh_inline_free(gdh_inline *in);

/* Item i (< in->n), owned by the buffer; cast to the reader's item type. */
static inline gdh_inline_item *gdh_inline_at(const gdh_inline *in, size_t i)
{
    return (gdh_inline_item *)((char *)in->items + i * in->item_size);
}
/* The last item, or NULL when there is none; owned by the buffer. */
static inline gdh_inline_item *gdh_inline_last(const gdh_inline *in)
{
    return in->n ? gdh_inline_at(in, in->n - 1) : NULL;
}
/* The NUL-terminated data at offset off of the text (an item's off, or one
 * gdh_inline_add_data gave); "" while the text is empty. Owned by the buffer. */
static inline const char *gdh_inline_data(const gdh_inline *in, size_t off)
{
    return in->text.p ? in->text.p + off : "";
}

/* Appends text s[0..len) (copied) as a TEXT item, or to the last item when
 * that is TEXT with the same style, para_bits and font (font compared by
 * pointer). Clears all_bold when the text is not bold and not blank.
 * GD_OK (also for len 0, which adds nothing) or GD_ENOMEM. */
int gdh_inline_text(gdh_inline *in, const char *s, size_t len, unsigned style, unsigned para_bits,
                    const char *font);
/* Appends an item of kind with data s[0..len) (copied, NUL-terminated; s
 * NULL for none); all other fields zero. Returns the item (the buffer's,
 * valid until the next add) or NULL when out of memory (nothing added). */
gdh_inline_item *gdh_inline_add(gdh_inline *in, int kind, const char *s, size_t len);
/* Stores more data s[0..len) (copied, NUL-terminated) for a reader's item
 * field (an image's alt text); *off receives its offset for
 * gdh_inline_data. GD_OK or GD_ENOMEM. */
int gdh_inline_add_data(gdh_inline *in, const char *s, size_t len, size_t *off);

/* True when s[0..len) is only blanks: ASCII space, tab, CR, LF, no-break
 * space, ideographic space (U+3000) and soft hyphens. */
bool gdh_is_blank(const char *s, size_t len);
/* Drops the spaces and tabs that begin and end the paragraph's text (as
 * pandoc does), looking through link boundaries, stopping at any other
 * item. Changes only TEXT items' off and len. */
void gdh_inline_trim(gdh_inline *in);
/* True when items [from, to) show something: an image, a note, or text
 * that is not blank. */
bool gdh_inline_visible(const gdh_inline *in, size_t from, size_t to);
/* The index of the first block item (PAGEBREAK, BLOCKS) at or after from,
 * or n: the end of the inline segment that starts at from. */
size_t gdh_inline_segment_end(const gdh_inline *in, size_t from);
/* True when an item's kind is in kinds (a set of GDH_INL_BIT()s). */
bool gdh_inline_any(const gdh_inline *in, unsigned kinds);
/* Bytes of text in the TEXT items. */
size_t gdh_inline_text_len(const gdh_inline *in);
/* Appends the TEXT items' text to out (the caller's buffer), links and
 * breaks dropped: a paragraph's plain text. GD_OK or GD_ENOMEM. */
int gdh_inline_plain(const gdh_inline *in, gdh_buf *out);

/* Where gdh_inline_flush writes; the caller fills it and owns it. */
typedef struct gdh_inline_sink {
    gd_builder *b;   /* the reader's builder, a block open in it */
    unsigned strip;  /* TEXT loses style & strip & para_bits (a heading: ~0u) */
    int links;       /* links flush opened and nothing closed yet; start at 0 */
    const int *stop; /* the reader's sticky error: flushing stops while *stop
                      * is non-zero (NULL: never) */
    /* writes an item the buffer does not know (IMAGE, NOTE, the reader's
     * kinds) and returns GD_OK or an error; NULL skips them */
    int (*object)(void *user, const gdh_inline *in, const gdh_inline_item *it);
    void *user; /* the reader's, passed to object */
} gdh_inline_sink;

/* Writes items from *at into the sink's open block, in order: TEXT with its
 * font (gd_builder_set_font) and style, BREAK as a line break, links as
 * LINK nodes (a LINK_CLOSE with none open is ignored), everything else but
 * block items through object. Stops at a block item or the end (*at is
 * then its index, or n), or at the first error, which it returns with *at
 * at the failing item. Links left open stay open (counted in sink->links)
 * so that the caller can close them with gdh_inline_close_links. */
int gdh_inline_flush(const gdh_inline *in, size_t *at, gdh_inline_sink *sink);
/* Closes the links flush left open, while *sink->stop is zero; GD_OK or the
 * builder's error. */
int gdh_inline_close_links(gdh_inline_sink *sink);

#ifdef __cplusplus
}
#endif

#endif
