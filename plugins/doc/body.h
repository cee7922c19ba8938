/* The body: a story's paragraphs, what they become, and tables. Shared by
 * body.c and table.c. */
#ifndef GD_DOC_BODY_H
#define GD_DOC_BODY_H

#include "doc.h"

#include <govdoc/helpers/liststack.h>

/* A paragraph of a story: characters [i0, i1) and its mark at `mark`. */
typedef struct wd_para {
    size_t i0, i1, mark;
    uint32_t mark_ch; /* 0x0D paragraph, 0x07 cell or row end, 0x0C section/page */
    wd_pap pap;
    wd_tap *tap; /* row ends: the row's table properties */
    int depth;   /* table nesting: 0 outside tables */
} wd_para;

/* Open lists of a container (the document, a cell, a note). */
typedef struct wd_cont {
    gdh_list_stack lists; /* open lists (by list id) */
    bool is_cell;
    int cell_align; /* -1 none yet, -2 mixed, else jc */
} wd_cont;

typedef struct wd_field {
    bool result;   /* past the separator */
    bool link;     /* a HYPERLINK whose result is a link */
    gdh_buf instr; /* instruction text */
} wd_field;

/* What one story's emission needs. */
typedef struct wd_sctx {
    wd_para *paras;
    size_t npara;
    bool main; /* the main story (notes are not) */
    wd_cont cont[WD_MAX_DEPTH + 2];
    int ncont;
    wd_field fields[16];
    int nfields;
    int dropped_fields;
    bool link_open; /* a link item is open in the current paragraph */
} wd_sctx;

int wd_blocks_emit(wd *w, wd_sctx *s, size_t a, size_t b, int depth);
int wd_table_emit(wd *w, wd_sctx *s, size_t a, size_t b, int depth);
int wd_close_lists(wd *w, wd_sctx *s);
int wd_rc(wd *w, int rc);

#endif
