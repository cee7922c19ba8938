/* Internal interfaces of the PDF reader (plugin `pdfin`, format `pdf`).
 *
 * The reader works in stages, one file each:
 *   mu_collect.c  MuPDF: every glyph (char, box, baseline, size, font) and
 *                 every axis-aligned stroked line or thin filled rectangle
 *                 of each page, in page space (y downwards, upright text)
 *   rulings.c     drawn lines → merged horizontal and vertical segments
 *   grid.c        connected rulings → tables: grid, cells with spans,
 *                 glyphs assigned to cells
 *   lines.c       glyphs → lines (pieces split at column gaps)
 *   furniture.c   running headers, footers and page numbers marked
 *   columns.c     reading order: column gutters, top to bottom
 *   paras.c       lines → paragraphs, headings, the title
 *   tables.c      tables continued across pages joined
 *   emit.c        blocks → the IR through the builder
 * Only mu_collect.c sees MuPDF; the rest is plain geometry, testable on its
 * own. */
#ifndef GD_PDFIN_H
#define GD_PDFIN_H

#include <govdoc/gd_plugin.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/cjk_rules.h"

/* ---- limits ---- */
#define PI_MAX_PAGES_DEFAULT 2000                    /* option max-pages */
#define PI_MAX_GLYPHS_PAGE   200000                  /* glyphs kept per page */
#define PI_MAX_GLYPHS_DOC    20000000                /* glyphs in the whole document */
#define PI_MAX_SEGS_PAGE     100000                  /* drawn segments kept per page */
#define PI_MAX_OBJECTS       5000000                 /* PDF objects (xref entries) */
#define PI_MAX_CELLS         100000                  /* grid slots of one table */
#define PI_MEMORY_LIMIT      (1024u * 1024u * 1024u) /* MuPDF's heap */
/* Drawing the interpreter hands the device (a glyph or a path is one unit,
 * on the page or off it). A real page asks for thousands; forms drawing
 * forms (a PDF "billion laughs", 2 KB) ask for billions: hours, were it
 * not stopped here (about 2 s a page, 15 s a document on this machine). */
#define PI_MAX_WORK_PAGE 5000000
#define PI_MAX_WORK_DOC  50000000

/* ---- stage 1: what a page draws (mu_collect.c) ---- */
typedef struct pi_glyph {
    int32_t c;
    float x0, y0, x1, y1; /* box; y grows downwards */
    float bx, by;         /* origin on the baseline */
    float size;           /* font size in points */
    uint16_t font;        /* index into pi_fonts */
    uint8_t bold, italic;
} pi_glyph;

/* An axis-aligned drawn segment: horizontal from (a0, c) to (a1, c), or
 * vertical from (c, a0) to (c, a1); a0 <= a1. */
typedef struct pi_seg {
    float a0, a1, c;
    uint8_t vert;
} pi_seg;

typedef struct pi_image {
    float x0, y0, x1, y1;
    const char *res_id; /* document resource, when images are extracted */
} pi_image;

typedef struct pi_page {
    int no; /* 1-based */
    float w, h;
    pi_glyph *g;
    size_t ng, gcap;
    pi_seg *s;
    size_t ns, scap;
    pi_image *img;
    size_t nimg, imgcap;
    size_t images_seen; /* images drawn (kept or not) */
} pi_page;

/* Font names seen in the document (subset prefixes removed). */
typedef struct pi_fonts {
    char **name;
    size_t n, cap;
} pi_fonts;

typedef struct pi_opts {
    int max_pages;
    bool images;
} pi_opts;

typedef struct pi_source pi_source; /* an opened PDF (MuPDF inside) */

/* Opens the PDF. Errors are put on ctx (scanned, encrypted, damaged…). */
int pi_open(pi_source **out, gd_ctx *ctx, const uint8_t *data, size_t len, const pi_opts *o);
int pi_page_count(const pi_source *src);
/* Warnings MuPDF gave (repairs of a damaged file, among others). */
int pi_warnings(const pi_source *src);
/* Collects page `i` (0-based) into `p`, fonts into `fonts`. */
int pi_collect_page(pi_source *src, gd_ctx *ctx, gd_doc *doc, int i, pi_page *p, pi_fonts *fonts);
/* Document information: title, author, subject, keywords (NULL if none). */
const char *pi_info(pi_source *src, const char *key, char *buf, size_t cap);
void pi_close(pi_source *src);
void pi_page_free(pi_page *p);
void pi_fonts_free(pi_fonts *f);

/* ---- stage 2: segments (rulings.c) ---- */
/* Sorts and merges collinear, touching segments in place. */
void pi_rulings_merge(pi_seg *s, size_t *n);

/* ---- stage 3: lines (lines.c) ---- */
typedef struct pi_line {
    char *s; /* UTF-8, malloc'd */
    size_t len;
    float x0, y0, x1, y1; /* box */
    float base;           /* baseline y */
    float size;           /* median glyph size */
    uint16_t font;
    bool bold;
    bool drop;  /* running header, footer or page number */
    int nglyph; /* glyphs (not counting spaces) */
    int cell;   /* in a table cell: the cell's index, else -1 */
} pi_line;

typedef struct pi_lines {
    pi_line *v;
    size_t n, cap;
} pi_lines;

/* Builds lines from glyphs (the array is reordered). With split_gaps, a
 * gap wider than a column gap starts a new piece (a separate line on the
 * same baseline). */
int pi_lines_build(pi_glyph *g, size_t n, bool split_gaps, int cell, pi_lines *out);
void pi_lines_free(pi_lines *l);
/* Appends the text of `b` to `a`'s paragraph text buffer with the joining
 * rule of Chinese hard wraps: no space between wide characters. */
bool pi_join_needs_space(const char *a, size_t alen, const char *b, size_t blen);

/* ---- stage 3b: tables (grid.c) ---- */
typedef struct pi_cell {
    int r, c, rs, cs;
    float x0, y0, x1, y1;
    bool open_top, open_bottom; /* no ruling along that side */
    pi_lines lines;
} pi_cell;

typedef struct pi_table {
    int rows, cols;
    float *xs, *ys; /* cols + 1 and rows + 1 grid lines */
    pi_cell *cells; /* origins, row-major */
    size_t ncell;
    float x0, y0, x1, y1;
    int page;
} pi_table;

typedef struct pi_tables {
    pi_table *v;
    size_t n, cap;
} pi_tables;

/* Finds the ruled tables of a page and moves the glyphs inside them into
 * their cells' lines; the remaining glyphs stay in p->g. */
int pi_tables_find(pi_page *p, pi_tables *out);
void pi_table_free(pi_table *t);
void pi_tables_free(pi_tables *t);

/* ---- a page after analysis ---- */
typedef enum pi_item_kind { PI_ITEM_LINE = 0, PI_ITEM_TABLE = 1, PI_ITEM_IMAGE = 2 } pi_item_kind;

typedef struct pi_item {
    pi_item_kind kind;
    size_t idx; /* into lines, tables or images */
    int region; /* reading-order region (a column segment) */
    int row;    /* visual row within the region (same baseline) */
} pi_item;

typedef struct pi_region {
    float x0, x1; /* text edges of the region */
} pi_region;

typedef struct pi_pagebox {
    int no;
    float w, h;
    pi_lines lines;
    pi_tables tables;
    pi_image *img;
    size_t nimg;
    pi_item *order; /* reading order */
    size_t norder;
    pi_region *regions;
    size_t nregions;
} pi_pagebox;

/* ---- stage 4: furniture (furniture.c) ---- */
/* Marks running headers, footers and page numbers (line.drop). */
void pi_furniture_mark(pi_pagebox *pages, size_t n);

/* ---- stage 5: reading order (columns.c) ---- */
int pi_order_page(pi_pagebox *pg, float body_size);

/* ---- stage 6: blocks (paras.c) ---- */
typedef enum pi_block_kind {
    PI_BLOCK_PARA = 0,
    PI_BLOCK_HEADING = 1,
    PI_BLOCK_TABLE = 2,
    PI_BLOCK_ROW = 3, /* a row of column-aligned pieces (a table without rulings) */
    PI_BLOCK_IMAGE = 4,
} pi_block_kind;

typedef struct pi_block {
    pi_block_kind kind;
    int level;         /* headings */
    bool title;        /* the document title */
    const char *align; /* NULL, "center", "right" */
    char *s;           /* text (malloc'd); title lines separated by '\n' */
    size_t len;
    uint16_t font;
    bool bold;
    float size;
    pi_table *table;   /* PI_BLOCK_TABLE: borrowed from its page */
    const char *image; /* PI_BLOCK_IMAGE: resource id */
    int page;
} pi_block;

typedef struct pi_blocks {
    pi_block *v;
    size_t n, cap;
} pi_blocks;

/* The body text size: the most common glyph size, by glyph count. */
float pi_body_size(const pi_pagebox *pages, size_t n);
int pi_paras_build(pi_pagebox *pages, size_t n, float body, pi_blocks *out);
void pi_blocks_free(pi_blocks *b);

/* ---- stage 7: tables across pages (tables.c) ---- */
/* Joins a table continued on the next page into the previous one (the
 * continuation's repeated header rows dropped). */
int pi_tables_join(pi_blocks *b);
/* Text of a cell: its lines joined as one paragraph (malloc'd). */
char *pi_cell_text(const pi_cell *c, size_t *len);

/* ---- stage 8: the IR (emit.c) ---- */
int pi_emit(gd_ctx *ctx, gd_doc *doc, const pi_blocks *b, const pi_fonts *fonts);

/* ---- small helpers (lines.c) ---- */
int pi_buf_add(char **s, size_t *len, size_t *cap, const char *add, size_t n);
bool pi_is_space(int32_t c);

#endif
