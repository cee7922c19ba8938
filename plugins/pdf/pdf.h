/* PDF writer internals: shared types of the layout engine (fonts → lines →
 * blocks and tables → pages of positioned items) and the emitter (items →
 * PDF objects, pdfout.c). Layout allocates from arenas (pw_arena).
 *
 * Every name shared between the plugin's files starts with pw_ (PW_ for
 * constants); a name used in one file only is static there. */
#ifndef GD_PDF_H
#define GD_PDF_H

#include <govdoc/gd_plugin.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most pages of one document: a secondary count limit (see flow.c); it
 * was libharu's (its page tree was one array) and stays, as tests and users
 * know it. */
#define PW_MAX_PAGES 32767

/* ---- memory (mem.c) ---------------------------------------------------- */
typedef struct pw_chunk pw_chunk;
typedef struct pw_arena {
    pw_chunk *head;
    size_t bytes; /* allocated so far */
} pw_arena;

void *pw_alloc(pw_arena *a, size_t size); /* zeroed; NULL on OOM */
char *pw_strndup(pw_arena *a, const char *s, size_t n);
/* Grows an array kept in the arena to hold `need` elements. */
int pw_grow(pw_arena *a, void **v, size_t *cap, size_t need, size_t elt);
void pw_arena_release(pw_arena *a);

/* ---- text utilities (text.c) ------------------------------------------- */
/* Decodes one code point; returns bytes used (>=1), U+FFFD for bad input. */
int pw_utf8_decode(const char *s, size_t len, uint32_t *cp);
int pw_utf8_encode(uint32_t cp, char out[4]);
bool pw_is_cjk(uint32_t cp); /* ideographs, kana, CJK punctuation, full-width forms */
bool pw_is_space(uint32_t cp);
bool pw_no_line_start(uint32_t cp); /* ，。、；：？！）」』】 and friends */
bool pw_no_line_end(uint32_t cp);   /* （「『【 and friends */

/* ---- fonts (fonts.c) --------------------------------------------------- */
/* CJK roles, then monospace for code; each has a Latin companion face for
 * letters and digits (Liberation Serif/Sans/Mono), as word processors do. */
enum { PW_ROLE_SONG, PW_ROLE_HEI, PW_ROLE_KAI, PW_ROLE_FANGSONG, PW_ROLE_MONO, PW_ROLE_COUNT };

typedef struct pw_fonts pw_fonts;
/* Resolves the four roles with fontconfig (and the path overrides). */
int pw_fonts_open(pw_fonts **out, gd_ctx *ctx, const char *body_path, const char *heading_path);
void pw_fonts_close(pw_fonts *f);
/* Before the process's first document is read (the writer's prepare):
 * starts the second thread, which opens the default fonts meanwhile and
 * then serves that document (where there are two processors). */
void pw_fonts_prepare(void);
/* Before layout, where the document has a second thread: the CFF faces
 * runs name exactly get their slot, and that thread reads their glyphs
 * while the pages are laid out. */
void pw_fonts_read_ahead(pw_fonts *f, const gd_node *root);
/* The role for a source font name (e.g. 仿宋_GB2312), or `fallback` when the
 * name is unknown; warns once per name that is substituted. *bold is set
 * when the table asks for emboldening (小标宋 drawn with a Song face). */
int pw_fonts_role_for_name(pw_fonts *f, const char *name, int fallback, bool *bold);
/* Font slot to draw `cp` with, preferring the role's face; -1 if no font has it. */
int pw_fonts_slot_for(pw_fonts *f, int role, uint32_t cp);
float pw_fonts_advance(pw_fonts *f, int slot, uint32_t cp); /* in em */
void pw_fonts_use(pw_fonts *f, int slot, uint32_t cp);

/* ---- display list (box.c) ---------------------------------------------- */
typedef enum pw_item_kind {
    PW_IT_TEXT = 1, /* x = pen start, y = baseline, w = advance width */
    PW_IT_LINE,     /* from (x, y) to (x + w, y + h), width lw */
    PW_IT_RECT,     /* filled grey rectangle (x, y, w, h) */
    PW_IT_IMAGE,    /* resource s: top-left (x, y), size (w, h) */
    PW_IT_LINK,     /* URI s over (x, y, w, h) */
} pw_item_kind;

enum { PW_ITF_BOLD = 1, PW_ITF_ITALIC = 2 };

typedef struct pw_item {
    uint8_t kind;
    uint8_t flags;
    int16_t slot;
    float x, y, w, h;
    float size, cspace, lw;
    const char *s;
    uint32_t len;
} pw_item;

typedef struct pw_box {
    pw_item *v;
    size_t n, cap;
    float h;
    /* A page: items and their strings are copied into this arena, which is
     * released once the page is written (the layout's scratch arena can
     * then be reset between blocks). */
    pw_arena *own;
} pw_box;

int pw_box_add(pw_arena *a, pw_box *b, const pw_item *it);
/* Appends `src` moved by (dx, dy); only items whose top lies in [y0, y1)
 * when y1 > y0 (slicing a tall cell over pages). */
int pw_box_append(pw_arena *a, pw_box *dst, const pw_box *src, float dx, float dy, float y0,
                  float y1);

/* ---- options and the layout context ------------------------------------ */
typedef struct pw_opts {
    float page_w, page_h;
    float m_top, m_bottom, m_left, m_right;
    float size, table_size, line_height, table_line_height;
    int page_numbers; /* 0 none, 1 "— N —", 2 "第 N 页 共 M 页" */
    bool pdfa, outline, compress;
    bool checks;     /* shade cells whose consistency check failed */
    long long epoch; /* fixed date, seconds since 1970 (or now) */
    const char *dump_path;
} pw_opts;

typedef struct pw_outline_entry {
    int level;
    const char *title;
    int page;
    float y;
} pw_outline_entry;

typedef struct pw_note {
    const gd_node *node;
    int number;
} pw_note;

typedef struct pw_emit pw_emit;

typedef struct pw_lay {
    gd_ctx *ctx;
    const gd_doc *doc;
    pw_fonts *fonts;
    pw_arena *arena; /* scratch: reset between top-level blocks */
    pw_arena *keep;  /* for the whole write: outline, notes, warnings */
    pw_opts o;
    /* Pages stream out: only the page being filled is in memory. */
    pw_box page;
    pw_arena page_arena;
    size_t npages;      /* pages begun so far */
    size_t total_pages; /* known before the pass that writes ("第 N 页 共 M 页") */
    pw_emit *em;        /* NULL: a counting pass, nothing is written */
    pw_outline_entry *outline;
    size_t noutline, outlinecap;
    pw_note *notes;
    size_t nnotes, notecap;
    const char **warned; /* messages already given (once each) */
    size_t nwarned, warncap;
    int heading_base;    /* 1 when HEADING 1 is the document title */
    const char **failed; /* field keys of failed checks, sorted */
    size_t nfailed, failedcap;
    int oom;
} pw_lay;

void pw_warn_once(pw_lay *L, const char *msg);
/* The cell's field key is one of a failed check's (cells to shade). */
bool pw_cell_failed(const pw_lay *L, const gd_node *cell);

/* ---- paragraphs (para.c) ----------------------------------------------- */
enum { PW_AL_LEFT, PW_AL_CENTER, PW_AL_RIGHT, PW_AL_JUSTIFY };

typedef struct pw_pstyle {
    float size, lh; /* font size, line pitch (pt) */
    int role;
    bool bold, code;
    bool balance; /* centred title: even line lengths */
    int align;
    float indent_first; /* first-line indent (pt); < 0: two characters if CJK */
} pw_pstyle;

typedef struct pw_pline {
    pw_box b; /* items relative to the line's top-left */
    float h;  /* line pitch */
} pw_pline;

typedef struct pw_plines {
    pw_pline *v;
    size_t n, cap;
} pw_plines;

/* Lays out the inline content of `block` (a PARAGRAPH, HEADING, CODE_BLOCK,
 * or any node whose children are inlines) into lines of `width`. */
int pw_para_layout(pw_lay *L, const gd_node *block, const pw_pstyle *st, float width,
                   pw_plines *out);
/* The same, for a paragraph of any length: lines are handed to `place` in
 * batches (first: the paragraph's first lines; last: its last ones), each
 * batch's items in an arena released after the call. */
typedef int (*pw_para_place_fn)(void *ud, const pw_plines *lines, bool first, bool last);
int pw_para_layout_stream(pw_lay *L, const gd_node *block, const pw_pstyle *st, float width,
                          pw_para_place_fn place, void *ud);
/* Narrowest and widest width the content can take (for table columns). */
int pw_para_measure(pw_lay *L, const gd_node *block, const pw_pstyle *st, float *min_w,
                    float *max_w);
/* A single line of text (page numbers, list markers). */
int pw_para_text_line(pw_lay *L, const char *utf8, const pw_pstyle *st, float width, pw_pline *out);

/* ---- images (image.c) ------------------------------------------------- */
/* Size in points of an IMAGE node (its width/height attrs, else the pixel
 * size of the PNG/JPEG resource at 96 dpi); warns and fails for images that
 * cannot be drawn (external, missing, other formats). */
int pw_image_natural_size(pw_lay *L, const gd_node *image, float *w, float *h);

/* ---- block flow (flow.c) ----------------------------------------------- */
typedef struct pw_flow {
    pw_lay *L;
    bool paged;
    int page;                /* paged: index in L->pages */
    pw_box *b;               /* unpaged: the cell's box */
    float x0, width;         /* column */
    float y;                 /* next free y */
    float top, bottom;       /* paged: body area */
    const pw_pstyle *cellst; /* text style inside table cells */
    int list_depth;
    bool has_marker; /* a list marker waits for the next line */
    pw_pline marker;
    float marker_x;
    /* The last heading placed on the page (items [keep_from, keep_to) of
     * it, from keep_y down): when the page ends right after it, the heading
     * moves to the next page with what follows. */
    size_t keep_from, keep_to;
    float keep_y;
    int keep_page;
    long keep_outline; /* its bookmark, or -1 */
} pw_flow;

pw_box *pw_flow_target(pw_flow *f);

/* Ends the page (a heading at its foot moves along) and begins the next. */
int pw_flow_new_page(pw_flow *f);
int pw_flow_blocks(pw_flow *f, const gd_node *parent, int depth);
/* Lays out the blocks under `parent` into a fresh box of `width` (cells). */
int pw_flow_box(pw_lay *L, const gd_node *parent, float width, int depth, pw_box *out);
int pw_flow_measure(pw_lay *L, const gd_node *parent, int depth, float *min_w, float *max_w);
/* The paragraph style of a table cell's text. */
pw_pstyle pw_cell_style(pw_lay *L, const gd_node *cell);

/* ---- tables (table.c) -------------------------------------------------- */
int pw_table_flow(pw_flow *f, const gd_node *table, int depth);
int pw_table_measure(pw_lay *L, const gd_node *table, int depth, float *min_w, float *max_w);

/* ---- output (emit.c, meta.c) ------------------------------------------- */
int pw_emit_begin(pw_lay *L, gd_sink *out);
/* Writes the page being filled (page number added) and empties it. */
int pw_emit_page(pw_lay *L);
/* Outline, fonts, resources, metadata, cross-reference table. */
int pw_emit_end(pw_lay *L);
void pw_emit_free(pw_lay *L);

#endif
