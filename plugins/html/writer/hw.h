/* HTML writer — state shared by its files (one concept per file):
 *   hw_escape.c  text/attribute escaping, URL safety and encoding
 *   hw_blocks.c  the block and inline traversal
 *   hw_table.c   tables, drawn from the core's grid
 *   hw_checks.c  failed consistency checks: cell marks and findings lists
 *   hw_notes.c   footnotes: references and the notes section
 *   hw_images.c  images: data: URIs or side files
 *   hw_shell.c   the document shell: doctype, head, metadata, stylesheet
 *   html_writer.c  the handler, its options and the write entry point */
#ifndef GD_HTML_WRITER_HW_H
#define GD_HTML_WRITER_HW_H

#include <govdoc/gd_plugin.h>

#include <stdbool.h>
#include <stddef.h>

typedef enum hw_images_mode { HW_IMAGES_EMBED, HW_IMAGES_FILES } hw_images_mode;

/* A failed check of the report shown on cells, and those cells. */
typedef struct hw_finding {
    const char *msg; /* the check's message, borrowed from the report */
    size_t len;
    const gd_node *table; /* the table whose list shows it; NULL: report level */
    unsigned *cells;      /* cell numbers (ids gd-cell-N), malloc'ed */
    size_t ncells, capcells;
} hw_finding;

/* A field key named by a failed check (sorted by key, then check). */
typedef struct hw_keyref {
    const char *key;
    size_t check; /* index among the report's checks */
} hw_keyref;

/* A cell of a failed check, by pointer (open addressing). */
typedef struct hw_cellslot {
    const gd_node *cell;
    unsigned number; /* 1-based: id gd-cell-N */
} hw_cellslot;

typedef struct hw {
    gd_ctx *ctx;
    const gd_doc *doc;
    gd_sink *out;
    const gd_node *root; /* what is rendered: the document or the report's standard layout */

    /* options */
    bool standard; /* root is the report's standard layout */
    bool mark_checks;
    bool unsafe_urls;
    hw_images_mode images;
    char *media_dir;  /* images=files: directory for side files (malloc'ed) */
    char *media_href; /* its URL relative to the page, percent-encoded, ends in '/' */

    /* traversal state */
    unsigned open_styles;        /* inline style tags currently open, GD_STYLE_* bits */
    bool in_code;                /* inside a CODE_BLOCK: text only */
    bool link_open;              /* an <a> is open (links never nest) */
    const gd_node *skipped;      /* entered but not opened: its EXIT emits nothing */
    int section_level;           /* level of the open <section>, 0 = none */
    const char *section_ids[64]; /* ids given to sections so far (borrowed) */
    size_t nsection_ids;
    const gd_node *backlink_para; /* notes: paragraph that ends with the back-link */
    size_t backlink_note;         /* its note number */
    bool warned_unknown;
    unsigned dropped_links, dropped_images; /* unsafe URLs, warned once at the end */

    /* footnotes, in reference order */
    const gd_node **notes;
    size_t nnotes, capnotes;

    /* failed checks */
    hw_finding *findings;
    size_t nfindings, capfindings;
    hw_keyref *keys; /* field keys of the failed checks, sorted */
    size_t nkeys;
    size_t *check_finding; /* per report check: finding index + 1, 0 = none yet */
    size_t ncheck;
    hw_cellslot *cellmap;
    size_t cellmap_cap; /* power of two, or 0 */
    unsigned ncells;

    /* side files already written (resource ids), images=files */
    const char **written;
    size_t nwritten, capwritten;

    int error; /* first error of our own (allocation, side files) */
} hw;

/* ---- hw_escape.c ---- */
void hw_puts(hw *w, const char *s);
void hw_putn(hw *w, const char *s, size_t n);
void hw_printf(hw *w, const char *fmt, ...) GD_PRINTF(2, 3);
/* Escapes text content: & < >, drops characters HTML forbids. */
void hw_text(hw *w, const char *s, size_t n);
/* Whether escaped text shows anything (with need_nonspace: anything but
 * white space). */
bool hw_text_visible(const char *s, size_t n, bool need_nonspace);
/* Escapes an attribute value (double-quoted): & < > " too. */
void hw_attr(hw *w, const char *s, size_t n);
/* True when `url` may appear in a link (image: in an <img src>) without
 * an opt-in: http(s), mailto, tel, ftp, relative URLs; data:image/ for
 * images. Browsers' URL parsing (tabs, newlines, leading controls, case)
 * is applied before the scheme is read. */
bool hw_url_safe(const char *url, bool image);
/* Writes a URL as an attribute value: tabs/newlines removed (as browsers
 * do), spaces, controls, non-ASCII and a few reserved-unsafe characters
 * percent-encoded, then attribute-escaped. */
void hw_url_attr(hw *w, const char *url);
/* Percent-encodes a path segment (everything but unreserved characters). */
char *hw_url_encode_segment(const char *s);
/* Records an allocation or I/O failure (the first one wins). */
void hw_fail(hw *w, int code);

/* ---- hw_blocks.c ---- */
/* Renders a subtree (a document, or one block of a cell or note). */
void hw_render(hw *w, const gd_node *node);
/* Whether a subtree shows anything; empty paragraphs, headings, quotes,
 * divs and links are dropped (they would be empty elements). */
bool hw_has_content(hw *w, const gd_node *n);
/* Closes inline style tags that are open. */
void hw_styles_close(hw *w);

/* ---- hw_table.c ---- */
void hw_table(hw *w, const gd_node *table);

/* ---- hw_checks.c ---- */
/* Numbers the cells whose field key a failed check names, and the
 * findings, in document order, before rendering. */
int hw_checks_scan(hw *w);
/* The title attribute's value of a marked cell: its checks' messages. */
void hw_checks_cell_title(hw *w, const gd_node *cell);
/* The number of a cell with a check (its id gd-cell-N), 0 when none. */
unsigned hw_checks_cell_number(const hw *w, const gd_node *cell);
/* Inside a marked cell, after its content: the references to its findings. */
void hw_checks_cell_refs(hw *w, const gd_node *cell);
/* After a table: the findings first seen in it. */
void hw_checks_table_list(hw *w, const gd_node *table);
/* At the end: failed checks of the report that no cell carries. */
void hw_checks_report_list(hw *w);
void hw_checks_free(hw *w);

/* ---- hw_notes.c ---- */
void hw_note_ref(hw *w, const gd_node *note);
/* After a note's last paragraph: the back-link to its reference. */
void hw_note_backlink(hw *w);
void hw_notes_section(hw *w);
void hw_notes_free(hw *w);

/* ---- hw_images.c ---- */
int hw_images_setup(hw *w);
/* Whether the image draws anything (an <img>, or its alt text). */
bool hw_image_shows(hw *w, const gd_node *img);
void hw_image(hw *w, const gd_node *img);
void hw_images_free(hw *w);

/* ---- hw_shell.c ---- */
void hw_shell_open(hw *w);
void hw_shell_close(hw *w);

#endif
