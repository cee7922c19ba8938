/* The report model's private structures: templates loaded from
 * formats/templates (JSON), the token stream a document is read as, and
 * the recognised report. */
#ifndef GD_REPORT_INTERNAL_H
#define GD_REPORT_INTERNAL_H

#include "internal.h"

/* ---- templates (immutable once loaded) ---- */

/* A normalised label with what matching needs, computed once. */
typedef struct label_key {
    const char *s;
    size_t len;    /* bytes */
    size_t num;    /* bytes of the leading numbering ("一、", "(三)", "1.") */
    size_t ncp;    /* code points */
    size_t ncp_un; /* code points after the numbering */
} label_key;

typedef struct tpl_strs {
    char **v; /* normalised labels */
    label_key *k;
    size_t n;
} tpl_strs;

typedef struct tpl_cell {
    const char *text; /* label text, or NULL for a data cell */
    int field;        /* index into tpl.fields, or -1 */
    int rowspan, colspan;
    bool header;
} tpl_cell;

typedef struct tpl_row {
    const char *id, *name;
    tpl_strs match;  /* the row's label and aliases, normalised */
    tpl_strs anchor; /* or: labels after which the row's values follow */
    tpl_cell *cells;
    size_t ncells;
    int *fields; /* field indices in order */
    size_t nfields;
    int group; /* index into the table's groups, or -1 */
} tpl_row;

typedef struct tpl_group {
    const char *name;
    tpl_strs match;
    int *rows; /* row indices */
    size_t nrows;
} tpl_group;

typedef struct tpl_table {
    const char *id, *name, *section;
    int columns;
    double *widths; /* relative width per grid column, or NULL */
    tpl_row *rows;
    size_t nrows;
    tpl_group *groups;
    size_t ngroups;
} tpl_table;

typedef struct tpl_section {
    const char *id, *heading;
    tpl_strs match; /* heading and aliases, normalised, numbering removed */
} tpl_section;

typedef struct tpl_field {
    const char *key;
    const char *label;  /* "一、本年新收 自然人", for messages */
    const char *column; /* "自然人": the column's name */
    const char *unit;
    int table, row, col; /* col: position among the row's fields */
    bool decimal;
} tpl_field;

/* A concrete equation: sum(left) == sum(right). */
typedef struct tpl_rule {
    const char *id;
    const char *what; /* "表三 自然人" */
    const char *left_label, *right_label;
    int *left, *right;
    size_t nleft, nright;
    bool by_column; /* expanded per column: its cells are named by their row */
} tpl_rule;

typedef struct tpl_prose {
    const char *id, *subject, *table, *says;
    tpl_strs verbs;
    int **alts; /* alternatives: sums of fields the stated number may equal */
    size_t *alt_len;
    size_t nalts;
} tpl_prose;

/* Words as written (not normalised), for the metadata heuristics. */
typedef struct tpl_words {
    char **v;
    size_t n;
} tpl_words;

/* Where the agency and the year are read ("metadata" of the template). */
typedef struct tpl_meta {
    tpl_words title_words;    /* a leading block holding one is the title */
    tpl_words preamble_words; /* a leading block holding one is the preamble */
    tpl_words year_after;     /* the preamble's year follows one of these */
    tpl_words agency_after;   /* the agency is the preamble's text after one of these */
    tpl_words agency_before;  /* ... up to one of these */
} tpl_meta;

typedef struct tpl {
    const char *id, *name, *notice, *title;
    tpl_meta meta;
    tpl_strs detect; /* labels only this template has */
    tpl_strs labels; /* every label of the layouts (for recognising table text) */
    tpl_section *sections;
    size_t nsections;
    tpl_table *tables;
    size_t ntables;
    tpl_field *fields;
    size_t nfields;
    tpl_rule *rules;
    size_t nrules;
    tpl_prose *prose;
    size_t nprose;
} tpl;

/* All templates: embedded ones, then *.json in GOVDOC_TEMPLATE_PATH; `bad`
 * lists the files that could not be loaded (one line each). */
int gd__templates(const tpl *const **out, size_t *n, const char *const **bad, size_t *nbad);
/* The templates of formats/templates as C data (generated at build time by
 * core/tools/template_compile.c: they were parsed and checked then). */
extern const tpl *const gd__compiled_templates[];
extern const size_t gd__compiled_template_count;
/* Loads one template from JSON text; `origin` names it in messages. */
int gd__template_parse(tpl **out, const char *json, size_t len, const char *origin, char **err);
/* Template files are input: GD_ELIMIT and *why when one is over a size
 * limit (template_limits.c). */
#define GD_TEMPLATE_MAX_BYTES (1024 * 1024)
struct json_t;
int gd__template_limits(struct json_t *root, char **why);

/* ---- labels and numbers ---- */

/* NFKC, no white space or quotes, "1、" → "1.", lower-case ASCII; malloc'ed. */
char *gd__label_norm(const char *s, size_t len);
/* The same without a leading numbering ("一、", "(三)", "1."). */
const char *gd__label_unnumbered(const char *norm);
/* How well a normalised token matches a normalised label: 0 = not at all,
 * higher is better (exact 100). */
int gd__label_match(const char *token, const char *label);
void gd__label_key(label_key *k, const char *norm);
int gd__label_match_keys(const label_key *token, const label_key *label);
/* Parses a cell value: 1 = number, 0 = blank or not-applicable mark
 * ("/", "-", "—", "无"), 2 = a number of more than GD_VALUE_MAX_DIGITS
 * integer digits (read as a blank cell, with a warning), -1 = not a value. */
#define GD_VALUE_MAX_DIGITS 15
int gd__value_parse(const char *s, size_t len, double *out);

/* ---- the document as a token stream ---- */

typedef enum tok_kind {
    TOK_LABEL = 1, /* text */
    TOK_VALUE = 2, /* a number */
    TOK_BLANK = 3, /* an empty data cell or a not-applicable mark */
} tok_kind;

typedef struct tok {
    tok_kind kind;
    char *norm;          /* TOK_LABEL: normalised text */
    char *raw;           /* original text */
    double value;        /* TOK_VALUE */
    const gd_node *node; /* the paragraph, heading or cell it came from */
    size_t block;        /* index of its top-level block in tokens.blocks */
    int table, row, col; /* 1-based position when from a table, else 0 */
    bool line_start;     /* first token of a line or cell */
    bool absorbed;       /* a wrapped fragment, now part of an earlier label */
    bool overlong;       /* TOK_BLANK: a number too long to hold (value_parse 2) */
    uint32_t lineno;     /* text tokens: line counter across the document */
    uint32_t srcline;    /* plain-text input: the line in the file (blank lines count), else 0 */
    int x;               /* text tokens: column (characters) where it starts */
    int ax;              /* the same counted from the start of the input's line (the
                          * paragraph's "indent" added: plain text laid out in columns) */
} tok;

typedef struct tokens {
    tok *v;
    size_t n, cap;
    const gd_node **blocks; /* top-level blocks in order (DIVs flattened) */
    size_t nblocks;
} tokens;

/* Builds the stream; srcline is set only for plain-text input, whose blank
 * lines can stand for blank cells (docx2txt). */
int gd__tokens_build(tokens *out, const gd_doc *doc);
void gd__tokens_free(tokens *t);

/* ---- recognition, one file per step (report_recognize.c runs them in order) ---- */

#define GD_REPORT_MAX_LABEL_BYTES 600 /* longer tokens are prose, never a label */

/* report_choose.c: the template whose labels the document uses most, or
 * NULL when none is used enough for a report. */
const tpl *gd__template_choose(const tpl *const *tpls, size_t n, const tokens *tk);

/* report_wrap.c: joins label fragments that pdftotext -layout wrapped onto
 * the following lines (the fragments are marked absorbed). */
int gd__join_wrapped(const tpl *t, tokens *tk);

/* report_classify.c: what a label token names in template t. */
typedef enum cls_kind { CLS_NONE, CLS_ROW, CLS_GROUP, CLS_ANCHOR, CLS_SECTION } cls_kind;
typedef struct cls {
    cls_kind kind;
    int table, index; /* row or group; section index for CLS_SECTION */
    int score;        /* 0..100 */
} cls;
cls gd__classify(const tpl *t, const tok *k, bool headings_allowed);

/* report_cells.c: the cells of the row whose label is token i: up to
 * `want` values and blank marks after it, skipping labels that belong to
 * nothing (header texts, wrapped fragments) and the same row's other
 * anchors, stopping at a label that starts another row. In plain text
 * written one cell per line (docx2txt) a blank line is a blank cell: idx
 * then holds GD_CELL_GAP at its position. Returns the cells found; when the
 * lines after the label cannot be placed in the template's columns without
 * guessing, sets *ambiguous and returns how many lines there were. */
#define GD_CELL_GAP    SIZE_MAX
#define GD_CELL_NONE   (SIZE_MAX - 1) /* layout text: no value at the column's position */
#define GD_CELL_WINDOW 80             /* tokens scanned for a row's values */
size_t gd__row_cells(const tokens *tk, const cls *cl, size_t i, size_t want, size_t *idx,
                     bool anchored, int same_row_table, int same_row, bool *ambiguous);

/* report_columns.c: blank cells of layout text (pdftotext -layout). The
 * column headers above each table (wrapped fragments stacked at one
 * position) are found once per document; a row whose line holds fewer
 * values than the template's nf columns (idx[0..got)) then takes each in
 * the column it lies under, GD_CELL_NONE elsewhere, and returns nf. When
 * the positions do not say it clearly it sets *ambiguous; without headers
 * it returns `got` unchanged. A complete row that does not fit its headers
 * stops them being used (gd__col_headers_check). */
typedef struct gd_col_headers gd_col_headers;
int gd__col_headers_find(gd_col_headers **out, const tpl *t, const tokens *tk);
void gd__col_headers_free(gd_col_headers *h);
size_t gd__row_cells_by_x(const gd_col_headers *h, const tokens *tk, size_t label,
                          const int *fields, size_t nf, size_t *idx, size_t got, bool *ambiguous);
void gd__col_headers_check(gd_col_headers *h, const tokens *tk, size_t label, const int *fields,
                           size_t nf, const size_t *idx);

/* ---- the report ---- */

typedef struct report_check {
    const char *rule;
    const char *message;
    bool ok;
    int *fields;       /* cells involved: template field indices (recognised reports) */
    const char **keys; /* and their keys (all reports) */
    size_t nfields;
} report_check;

struct gd_report {
    const tpl *tpl;
    double *values;
    bool *present;
    const char **texts;   /* the cell text as written, or NULL */
    const char **sources; /* where the value came from, or NULL */
    double **group_sum;   /* [group id][col]: a group reported as one row */
    bool **group_present;
    int *group_of_field; /* flat group id per field, or -1 */
    size_t ngroups_flat;
    const char *agency, *year;
    report_check *checks;
    size_t nchecks, capchecks;
    gd_node *canonical;
    /* recognition results used by the canonical layout */
    const gd_node **section_heading; /* per template section, or NULL */
    const char **section_text;       /* the heading as written, or NULL */
    bool *consumed;                  /* per top-level block */
    size_t ambiguous_rows;           /* rows left blank: their lines did not fit */
};

/* report_rows.c: reads every value row (and group given as one row) into r;
 * *rows_found counts the rows filled. Marks the blocks that held them. */
int gd__report_read_rows(gd_report *r, gd_doc *doc, const tokens *tk, cls *cl, size_t *rows_found);
/* Also marks blocks of template labels lying between the consumed ones. */
void gd__report_consume_table_text(gd_report *r, const tokens *tk, const cls *cl);
/* report_meta.c: the agency and the year (and the title when the document
 * has none), also recorded as document metadata. */
void gd__report_metadata(gd_report *r, gd_doc *doc, const tokens *tk);
/* report_checks.c: the sum rules, the blank cells and the prose */
int gd__report_checks(gd_report *r, gd_doc *doc, const tokens *t);
/* Records a check; msg NULL (out of memory) gives GD_ENOMEM. */
int gd__report_add_check(gd_report *r, gd_doc *doc, const char *rule, bool ok, const char *msg,
                         const int *fields, size_t nfields);
/* report_blanks.c: cells read as blank, one finding (rule "blank.cells")
 * per row or per rule group of a row. A sum rule with such cells is not
 * checked: the finding says so once instead of once per rule. */
#define GD_RULE_BLANK "blank.cells"
int gd__report_blank_findings(gd_report *r, gd_doc *doc);
/* report_canonical.c */
int gd__report_canonical(gd_report *r, gd_doc *doc, const tokens *t);
/* report_format.c: printf into the document's arena */
char *gd__report_printf(gd_doc *doc, const char *fmt, ...) GD_PRINTF(2, 3);
/* A value as the template writes it: integers without decimals. */
void gd__report_format_value(char *buf, size_t n, double v);

#endif
