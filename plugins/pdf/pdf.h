/* PDF writer internals: shared types of the layout engine (fonts → lines →
 * blocks and tables → pages of positioned items) and the emitter (items →
 * libharu). Everything a write allocates lives in one pdf_arena. */
#ifndef GD_PDF_H
#define GD_PDF_H

#include <govdoc/gd_plugin.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most pages libharu can put in a document (HPDF_LIMIT_MAX_ARRAY: its
 * page tree is one array). */
#define PDF_MAX_PAGES 32767

/* ---- memory (mem.c) ---------------------------------------------------- */
typedef struct pdf_chunk pdf_chunk;
typedef struct pdf_arena {
    pdf_chunk *head;
} pdf_arena;

void *pa_alloc(pdf_arena *a, size_t size); /* zeroed; NULL on OOM */
char *pa_strndup(pdf_arena *a, const char *s, size_t n);
/* Grows an array kept in the arena to hold `need` elements. */
int pa_grow(pdf_arena *a, void **v, size_t *cap, size_t need, size_t elt);
void pa_release(pdf_arena *a);

/* ---- text utilities (text.c) ------------------------------------------- */
/* Decodes one code point; returns bytes used (>=1), U+FFFD for bad input. */
int utf8_decode(const char *s, size_t len, uint32_t *cp);
int utf8_encode(uint32_t cp, char out[4]);
bool cp_is_cjk(uint32_t cp); /* ideographs, kana, CJK punctuation, full-width forms */
bool cp_is_space(uint32_t cp);
bool cp_no_line_start(uint32_t cp); /* ，。、；：？！）」』】 and friends */
bool cp_no_line_end(uint32_t cp);   /* （「『【 and friends */

/* ---- fonts (fonts.c) --------------------------------------------------- */
/* CJK roles, then monospace for code; each has a Latin companion face for
 * letters and digits (Liberation Serif/Sans/Mono), as word processors do. */
enum { ROLE_SONG, ROLE_HEI, ROLE_KAI, ROLE_FANGSONG, ROLE_MONO, ROLE_COUNT };

typedef struct pdf_fonts pdf_fonts;
/* Resolves the four roles with fontconfig (and the path overrides). */
int fonts_open(pdf_fonts **out, gd_ctx *ctx, const char *body_path, const char *heading_path);
void fonts_close(pdf_fonts *f);
/* The role for a source font name (e.g. 仿宋_GB2312), or `fallback` when the
 * name is unknown; warns once per name that is substituted. *bold is set
 * when the table asks for emboldening (小标宋 drawn with a Song face). */
int fonts_role_for_name(pdf_fonts *f, const char *name, int fallback, bool *bold);
/* Font slot to draw `cp` with, preferring the role's face; -1 if no font has it. */
int fonts_slot_for(pdf_fonts *f, int role, uint32_t cp);
float fonts_advance(pdf_fonts *f, int slot, uint32_t cp); /* in em */
void fonts_use(pdf_fonts *f, int slot, uint32_t cp);

/* ---- display list (box.c) ---------------------------------------------- */
typedef enum item_kind {
    IT_TEXT = 1, /* x = pen start, y = baseline, w = advance width */
    IT_LINE,     /* from (x, y) to (x + w, y + h), width lw */
    IT_RECT,     /* filled grey rectangle (x, y, w, h) */
    IT_IMAGE,    /* resource s: top-left (x, y), size (w, h) */
    IT_LINK,     /* URI s over (x, y, w, h) */
} item_kind;

enum { ITF_BOLD = 1, ITF_ITALIC = 2 };

typedef struct item {
    uint8_t kind;
    uint8_t flags;
    int16_t slot;
    float x, y, w, h;
    float size, cspace, lw;
    const char *s;
    uint32_t len;
} item;

typedef struct box {
    item *v;
    size_t n, cap;
    float h;
} box;

int box_add(pdf_arena *a, box *b, const item *it);
/* Appends `src` moved by (dx, dy); only items whose top lies in [y0, y1)
 * when y1 > y0 (slicing a tall cell over pages). */
int box_append(pdf_arena *a, box *dst, const box *src, float dx, float dy, float y0, float y1);

/* ---- options and the layout context ------------------------------------ */
typedef struct pdf_opts {
    float page_w, page_h;
    float m_top, m_bottom, m_left, m_right;
    float size, table_size, line_height, table_line_height;
    int page_numbers; /* 0 none, 1 "— N —", 2 "第 N 页 共 M 页" */
    bool pdfa, outline, compress, standard_layout;
    bool checks;     /* shade cells whose consistency check failed */
    long long epoch; /* fixed date, seconds since 1970 (or now) */
    const char *dump_path;
} pdf_opts;

typedef struct outline_entry {
    int level;
    const char *title;
    int page;
    float y;
} outline_entry;

typedef struct pdf_note {
    const gd_node *node;
    int number;
} pdf_note;

typedef struct lay {
    gd_ctx *ctx;
    const gd_doc *doc;
    pdf_fonts *fonts;
    pdf_arena *arena;
    pdf_opts o;
    box *pages;
    size_t npages, pagecap;
    outline_entry *outline;
    size_t noutline, outlinecap;
    pdf_note *notes;
    size_t nnotes, notecap;
    const char **warned; /* messages already given (once each) */
    size_t nwarned, warncap;
    int heading_base;       /* 1 when HEADING 1 is the document title */
    const char *table_kind; /* template-table of the table being laid out */
    int oom;
} lay;

void lay_warn_once(lay *L, const char *msg);

/* ---- paragraphs (para.c) ----------------------------------------------- */
enum { AL_LEFT, AL_CENTER, AL_RIGHT, AL_JUSTIFY };

typedef struct pstyle {
    float size, lh; /* font size, line pitch (pt) */
    int role;
    bool bold, code;
    bool balance; /* centred title: even line lengths */
    int align;
    float indent_first; /* first-line indent (pt); < 0: two characters if CJK */
} pstyle;

typedef struct pline {
    box b;   /* items relative to the line's top-left */
    float h; /* line pitch */
} pline;

typedef struct plines {
    pline *v;
    size_t n, cap;
} plines;

/* Lays out the inline content of `block` (a PARAGRAPH, HEADING, CODE_BLOCK,
 * or any node whose children are inlines) into lines of `width`. */
int para_layout(lay *L, const gd_node *block, const pstyle *st, float width, plines *out);
/* Narrowest and widest width the content can take (for table columns). */
int para_measure(lay *L, const gd_node *block, const pstyle *st, float *min_w, float *max_w);
/* A single line of text (page numbers, list markers). */
int para_text_line(lay *L, const char *utf8, const pstyle *st, float width, pline *out);

/* ---- images (image.c) ------------------------------------------------- */
/* Size in points of an IMAGE node (its width/height attrs, else the pixel
 * size of the PNG/JPEG resource at 96 dpi); warns and fails for images that
 * cannot be drawn (external, missing, other formats). */
int image_natural_size(lay *L, const gd_node *image, float *w, float *h);

/* ---- block flow (flow.c) ----------------------------------------------- */
typedef struct flow {
    lay *L;
    bool paged;
    int page;             /* paged: index in L->pages */
    box *b;               /* unpaged: the cell's box */
    float x0, width;      /* column */
    float y;              /* next free y */
    float top, bottom;    /* paged: body area */
    const pstyle *cellst; /* text style inside table cells */
    int list_depth;
    bool has_marker; /* a list marker waits for the next line */
    pline marker;
    float marker_x;
} flow;

box *flow_target(flow *f);

int flow_new_page(flow *f);
int flow_blocks(flow *f, const gd_node *parent, int depth);
/* Lays out the blocks under `parent` into a fresh box of `width` (cells). */
int flow_box(lay *L, const gd_node *parent, float width, int depth, box *out);
int flow_measure(lay *L, const gd_node *parent, int depth, float *min_w, float *max_w);
/* The paragraph style of a table cell's text. */
pstyle cell_style(lay *L, const gd_node *cell);

/* ---- tables (table.c) -------------------------------------------------- */
int table_flow(flow *f, const gd_node *table, int depth);
int table_measure(lay *L, const gd_node *table, int depth, float *min_w, float *max_w);

/* ---- output (emit.c, meta.c) ------------------------------------------- */
int emit_pdf(lay *L, gd_sink *out);

#endif
