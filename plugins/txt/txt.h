/* Internal interfaces of the TXT reader. */
#ifndef GD_TXT_H
#define GD_TXT_H

#include <govdoc/gd_plugin.h>

#include <stdbool.h>

/* A line of the decoded text: [s, s + len), without its newline. */
typedef struct txt_line {
    const char *s;
    size_t len;
    uint32_t no; /* 1-based line number in the input */
    bool tab;    /* starts with TAB: a cell of a flattened table */
    bool blank;  /* only white space */
} txt_line;

typedef struct txt_lines {
    txt_line *v;
    size_t n, cap;
    char **copies; /* lines rewritten without their bookmark markers */
    size_t ncopies, capcopies;
} txt_lines;

/* Splits UTF-8 text into lines (LF, CRLF, CR), dropping Tika's
 * "[bookmark: …]" markers (lines that hold one are copied; the text is not
 * modified). Linear in the text's length. Memory is charged to the
 * conversion's budget. */
int txt_lines_split(txt_lines *out, const char *text, size_t len);
void txt_lines_free(txt_lines *l);

/* Display width in columns (East Asian wide = 2). */
size_t txt_width(const char *s, size_t len);
/* Trims ASCII white space and U+3000 from both ends. */
void txt_trim(const char **s, size_t *len);
/* The code point at s + *i (advances *i); U+FFFD for a bad sequence. */
int32_t txt_next_cp(const char *s, size_t len, size_t *i);
bool txt_is_cjk(int32_t cp);

/* Emits the flattened table starting at lines[*i] and advances *i past
 * it. */
int txt_table_emit(gd_builder *b, const txt_lines *lines, size_t *i);

/* Emits the text lines [from, to) as title, headings, lists and
 * paragraphs. `at_start` is true for the first run of the document. */
int txt_blocks_emit(gd_builder *b, const txt_lines *lines, size_t from, size_t to, bool at_start,
                    size_t wrap);
/* The column at which the document is hard-wrapped, or 0. */
size_t txt_wrap_width(const txt_lines *lines);

/* ---- flattened-table layout (pure; unit-tested through the reader) ---- */
typedef struct tr_entry {
    bool empty;       /* a bare TAB line */
    bool data;        /* a number or a not-applicable mark */
    const char *text; /* first paragraph, for matching repeated labels */
    size_t len;
    /* results */
    int col, span, rowspan;
    bool covered;            /* continuation of the cell above (vertical merge) */
    struct tr_entry *origin; /* when covered: the cell it continues */
} tr_entry;

typedef struct tr_row {
    tr_entry *e;
    int n;
} tr_row;

/* Assigns columns, colspans and rowspans; returns the grid width, or -1
 * when the table is too wide or too big to reconstruct (then every entry
 * spans 1), -2 when out of memory. `bytes` (the table's size in the input)
 * bounds the work: linear in the input. */
int tr_layout(tr_row *rows, int m, size_t bytes);

#endif
