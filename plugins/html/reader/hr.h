/* HTML reader: state shared by its files. One hr_reader lives for one
 * read() call. */
#ifndef HR_H
#define HR_H

#include "hr_util.h"

#include <govdoc/gd_plugin.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

/* Limits of this reader (the builder adds its own: depth 256, nodes). */
#define HR_MAX_INPUT   (128u << 20) /* bytes of HTML after decoding */
#define HR_MAX_NEST    200          /* builder depth beyond which containers flatten */
#define HR_TABLE_SLOTS 1000000u     /* rows x columns before spans are dropped */
#define HR_MAX_COLSPAN 1000         /* HTML's own maximum */
#define HR_MAX_ROWSPAN 65534        /* HTML's own maximum */
#define HR_SCAN_TEXT   256          /* bytes of a paragraph's text kept for heuristics */

/* What an element is to the walker. */
typedef enum hr_kind {
    HR_INLINE = 0, /* transparent inline: span, font, unknown and Office tags */
    HR_DROP,       /* skipped with its content */
    HR_BLOCK,      /* transparent block: div, section, ... (or a paragraph) */
    HR_P,
    HR_HEADING,
    HR_LIST,
    HR_ITEM,
    HR_TABLE,
    HR_TSECTION, /* thead, tbody, tfoot */
    HR_ROW,
    HR_CELL,
    HR_CAPTION,
    HR_QUOTE,
    HR_PRE,
    HR_HR,
    HR_BR,
    HR_IMG,
    HR_A,
} hr_kind;

enum { HR_WS_SPACE = 1, HR_WS_NEWLINE = 2 };

/* Context flags inherited by descendants. */
enum {
    HR_IN_TABLE = 1u << 0, /* inside a real (not flattened) table */
    HR_IN_LIST = 1u << 1,
    HR_IN_QUOTE = 1u << 2,
    HR_IN_PRE = 1u << 3,
    HR_IN_FLAT = 1u << 4, /* table parts here are plain blocks */
    HR_IN_HEADING = 1u << 5,
    HR_IN_LINK = 1u << 6,
};

typedef struct hr_frame {
    xmlNodePtr node;
    const char *font; /* interned; NULL = none */
    unsigned style;   /* GD_STYLE_* for this element's text */
    unsigned flags;   /* HR_IN_* */
    uint8_t align;    /* HR_ALIGN_* inherited by paragraphs */
    uint8_t kind;     /* hr_kind as walked */
    uint8_t close;    /* gd_node_type to close at exit, 0 = none */
    uint8_t boundary; /* a block boundary at enter and exit */
    uint8_t mso_item; /* inside a Word list paragraph made an item: markers skipped */
    int table;        /* nearest open table (index in r->tables), -1 = none */
} hr_frame;

typedef struct hr_table_state {
    unsigned long total_rows; /* of the whole table, counted before it is read */
    unsigned long area;       /* sum of rowspan x colspan so far */
    unsigned long rows;
    unsigned long cols;      /* widest row so far (sum of colspans) */
    unsigned long row_width; /* of the current row */
    bool clamped;
} hr_table_state;

/* libxml2's allocator while a page is read: charged to the memory budget
 * (hr_parse.c). */
typedef struct hr_budget_saved {
    xmlFreeFunc free_fn;
    xmlMallocFunc malloc_fn;
    xmlReallocFunc realloc_fn;
    xmlStrdupFunc strdup_fn;
} hr_budget_saved;
int hr_budget_begin(hr_budget_saved *saved);
void hr_budget_end(const hr_budget_saved *saved);

typedef struct hr_reader {
    gd_ctx *ctx;
    gd_doc *doc;
    gd_builder *b;
    xmlDocPtr dom;
    int rc;

    /* options */
    bool opt_fonts, opt_headings, opt_article, opt_word_lists, opt_title;

    /* the walk */
    hr_frame *frames;
    size_t nframes, frames_cap;
    hr_table_state *tables;
    size_t ntables, tables_cap;

    /* inline flow of the current block */
    gd_node *implicit; /* the paragraph the walker opened for loose text */
    gd_node *stray[2]; /* row and cell opened for content loose in a table */
    gd_node_type stray_type[2];
    int nstray;
    int pending_ws;   /* HR_WS_* bits of white space not yet emitted */
    int pending_ideo; /* U+3000 in it (kept inside a paragraph) */
    int pending_br;
    bool has_content;
    bool last_wide;
    unsigned last_style;
    const char *builder_font;
    size_t content;    /* text and images emitted so far */
    bool after_level2; /* a level-2 heading was emitted */
    bool first_block_done;
    bool nest_warned, table_warned;
    bool pre_fresh; /* at the start of a <pre>: its first newline is dropped */

    /* Word list paragraphs (mso-list) being turned into lists */
    int mso_depth; /* lists open (levels) */
    int mso_list_id;
    size_t mso_parent; /* frame index of the run's parent */

    /* Word footnotes and endnotes: the note elements by id */
    xmlNodePtr *notes;
    size_t nnotes;
    bool in_note;
    bool notes_used;

    /* interned font names */
    char **fonts;
    size_t nfonts;

    /* the attachment list after the article (hr_attach.c), NULL = none */
    xmlNodePtr attach;       /* the element holding its links */
    xmlNodePtr attach_label; /* the text node 附件下载 */

    /* parser diagnostics */
    unsigned parse_errors;
    unsigned parse_shown;

    /* libxml2's SAX handlers the budget checks wrap */
    startElementSAXFunc sax_start;
    charactersSAXFunc sax_chars;
    bool over_budget;
} hr_reader;

/* hr_prep.c: UTF-8 ready for libxml2 (invalid bytes, NULs, controls,
 * Word's <![if …]> markers, the clipboard header). Returns a malloc'ed
 * NUL-terminated copy. */
char *hr_prepare(const char *utf8, size_t len, size_t *out_len);

/* hr_parse.c */
int hr_parse(hr_reader *r, const char *utf8, size_t len);

/* hr_meta.c: title and <meta> tags into document metadata. */
int hr_meta_read(hr_reader *r);

/* hr_dom.c: element classification and attribute helpers. */
hr_kind hr_element_kind(xmlNodePtr n, int *level, unsigned *style_bits);
const char *hr_attr(xmlNodePtr n, const char *name); /* borrowed, NULL if absent */
bool hr_is_block_kind(hr_kind k);
xmlNodePtr hr_find_element(xmlNodePtr root, const char *name); /* first descendant */

/* hr_container.c: the element to read (article container or body). */
xmlNodePtr hr_container_find(hr_reader *r, bool *is_article);
/* An element named like site chrome (nav, footer, share, crumb …). */
bool hr_chrome_named(xmlNodePtr n);
/* An element dropped with its content (script, style, display:none …). */
bool hr_skipped(xmlNodePtr n);

/* hr_attach.c: the attachment list (附件下载 and its links) just after the
 * article container, outside it. find sets r->attach (or NULL); emit, after
 * the article is walked, writes its label as a paragraph and its links as a
 * list with role=attachments. */
void hr_attach_find(hr_reader *r, xmlNodePtr container, xmlNodePtr body);
int hr_attach_emit(hr_reader *r);

/* hr_para.c: a look at a paragraph before it is emitted. */
typedef struct hr_para_info {
    char text[HR_SCAN_TEXT]; /* collapsed text (prefix) */
    size_t text_len;
    size_t chars; /* visible characters in total */
    bool visible; /* text or images */
    bool all_bold;
    bool page_break;
    bool has_block; /* a block element inside (not a paragraph) */
} hr_para_info;
void hr_para_scan(hr_reader *r, xmlNodePtr node, unsigned style, bool stop_at_block,
                  hr_para_info *out);
/* Element style for text: inherited bits with the tag's and the style
 * attribute's changes applied; *css gets the parsed attribute. */
unsigned hr_element_style(xmlNodePtr n, unsigned inherited, unsigned tag_bits, hr_css *css);

/* hr_walk.c */
int hr_walk(hr_reader *r, xmlNodePtr root);
/* Flow helpers used by tables and images. */
int hr_boundary(hr_reader *r);
int hr_ensure_inline(hr_reader *r, const hr_frame *f);
/* Opens a row and a cell when a block or inline `t` comes loose inside a
 * table or row (the builder supplies only one missing level). */
int hr_make_room(hr_reader *r, gd_node_type t);
int hr_flush_pending(hr_reader *r, const hr_frame *f, bool next_wide);
void hr_flow_reset(hr_reader *r);
int hr_check(hr_reader *r, int rc);

/* hr_table.c */
int hr_table_enter(hr_reader *r, hr_frame *f, xmlNodePtr n);
int hr_row_enter(hr_reader *r, hr_frame *f, xmlNodePtr n);
int hr_cell_enter(hr_reader *r, hr_frame *f, xmlNodePtr n, const hr_css *css);

/* hr_image.c */
int hr_image_emit(hr_reader *r, const hr_frame *f, xmlNodePtr n, const hr_css *css);

/* hr_list.c: Word list paragraphs. hr_mso_item opens the lists and the
 * item for a paragraph with mso-list (parent: its parent's frame index);
 * *is_item tells whether it did. hr_mso_close closes an open run. */
int hr_mso_item(hr_reader *r, xmlNodePtr p, const hr_css *css, size_t parent, bool *is_item);
int hr_mso_close(hr_reader *r);

/* hr_note.c: Word's footnotes and endnotes become NOTE nodes at their
 * reference. */
void hr_notes_index(hr_reader *r, xmlNodePtr root);
/* For a note reference `a`: emits the note and returns true. */
bool hr_note_emit(hr_reader *r, const hr_frame *f, xmlNodePtr a, const hr_css *css, int *rc);

/* hr_font.c */
const char *hr_font_intern(hr_reader *r, const char *name);
void hr_fonts_free(hr_reader *r);

#endif
