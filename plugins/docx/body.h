/* State of one body stream (main document, header, note, text box), shared
 * by body.c (content events), body_props.c (properties), body_fields.c
 * (fields, hyperlinks), body_drawing.c (images, text boxes), para.c
 * (paragraphs, lists, title) and table.c. */
#ifndef GD_DOCX_BODY_H
#define GD_DOCX_BODY_H

#include "docx.h"

#include <govdoc/helpers/inline.h>
#include <govdoc/helpers/liststack.h>

/* ---- the paragraph buffer: a paragraph's inlines, decided at its end ----
 * (the SDK's inline buffer; these names keep the reader's code short) */
enum {
    IT_TEXT = GDH_INL_TEXT,
    IT_BREAK = GDH_INL_BREAK,
    IT_PAGEBREAK = GDH_INL_PAGEBREAK,
    IT_LINK_OPEN = GDH_INL_LINK_OPEN,
    IT_LINK_CLOSE = GDH_INL_LINK_CLOSE,
    IT_IMAGE = GDH_INL_IMAGE, /* data: its URL */
    IT_NOTE = GDH_INL_NOTE,
    IT_BLOCKS = GDH_INL_BLOCKS, /* a text box: blocks recorded for after the paragraph */
};

/* An inline item with what the DOCX reader adds to it. */
typedef struct dx_item {
    gdh_inline_item in; /* first: the buffer's part */
    size_t alt_off;     /* IT_IMAGE: its alt text (gdh_inline_data) */
    double w, h;        /* image size in points; 0 = unknown */
    const dx_log *log;  /* IT_NOTE: note body; IT_BLOCKS: owned */
    bool endnote;
    bool comment;
    const char *author;
    const dx_rels *rels; /* IT_NOTE: relationships of the notes part */
} dx_item;

typedef struct dx_para {
    bool open;
    bool props_done;
    char style_id[128];
    int jc;
    int num_id, ilvl, outline;
    bool page_break_before, section_break;
    bool mark_deleted, mark_inserted; /* tracked paragraph mark */
    bool merge;                       /* mark removed: joins the next paragraph */
    dx_rpr base;                      /* run properties of the paragraph style */
    const dx_style *style;
    gdh_inline in; /* the inlines (dx_item); in.all_bold for the title heuristic */
    int max_sz;
} dx_para;

typedef struct dx_container {
    gdh_list_stack lists; /* open lists (by abstract numbering) */
    int cell_align;       /* -1 unset, -2 mixed, else DX_ALIGN_* */
    bool is_cell;
    gd_node *cell;
} dx_container;

/* Vertical-merge origin per grid column. */
typedef struct dx_vcol {
    gd_node *origin; /* restart cell covering this column, or NULL */
    int rowspan, colspan;
    bool touched;
} dx_vcol;

typedef struct dx_table {
    int grid_cols;
    dx_vcol *cols;
    int ncols;
    /* row */
    bool row_open, row_pending, row_header, row_skip;
    int grid_before, grid_after;
    int col; /* next grid column */
    gd_node *row;
    int rows;
    bool header_run; /* still in the leading header rows */
    /* cell */
    bool cell_pending, cell_open, cell_skip;
    int span;
    int vmerge; /* 0 none, 1 restart, 2 continue */
    int hmerge; /* 0 none, 1 restart, 2 continue */
    gd_node *last_cell;
    int last_cell_col;
} dx_table;

enum { FLD_MAX = 16 };
typedef struct dx_field {
    bool result; /* past the separator */
    bool link;
    bool simple; /* w:fldSimple */
    char instr[512];
    size_t instr_len;
} dx_field;

enum { TXT_NONE = 0, TXT_T, TXT_INSTR };

typedef struct dx_body {
    docx *dx;
    const dx_rels *rels;
    bool main; /* the main document stream (title heuristic) */
    bool in_note;
    int depth; /* element depth */
    int skip;  /* > 0: inside an ignored subtree, its depth */
    /* recording a text box */
    dx_log *rec;
    int rec_depth;
    /* contexts */
    int in_ppr, in_rpr, in_sectpr_ppr, in_ppr_rpr;
    int in_tblpr, in_trpr, in_tcpr;
    int text_target;
    int ins_depth, del_depth; /* for track-changes=all styling */
    /* run */
    bool run_open, run_resolved;
    dx_rpr run_delta;
    const dx_style *run_cstyle;
    unsigned run_style, run_para_bits;
    const char *run_font;
    bool run_hidden, run_symbol;
    /* paragraph */
    dx_para para;
    /* images */
    bool in_image;
    double img_w, img_h;
    char img_alt[512];
    /* alternate content: per depth, whether a choice was taken */
    uint8_t ac_taken[DX_MAX_XML_DEPTH + 2];
    int hyperlink_depth[DX_MAX_XML_DEPTH + 2];
    /* fields */
    dx_field fld[FLD_MAX];
    int nfld, fld_overflow;
    /* containers and tables (cont: last) */
    int ncont;
    dx_table *tbl;
    int ntbl, captbl;
    /* title heuristic (main stream only) */
    int title_state; /* 0 looking, 1 done */
    dx_para pending[3];
    int npending;
    bool emitted; /* a block was emitted in the main container */
    /* last, and not zeroed: 33 KB a document rarely nests deep into, each
     * entry set as it is pushed (cont[0] by body_new) */
    dx_container cont[DX_MAX_XML_DEPTH + 2];
} dx_body;

/* body.c: an implicit paragraph for content outside a w:p; false when the
 * content is being dropped (a continued merged cell). */
bool dx_ensure_para(dx_body *B);
static inline void dx_skip_subtree(dx_body *B)
{
    B->skip = B->depth;
}

/* body_props.c: each returns true when it handled the event (the event
 * belongs to a property block or opens one). */
bool dx_props_start(dx_body *B, const dx_ev *e);
bool dx_props_end(dx_body *B, int depth);
/* Paragraph-level properties are known once pPr is over (or at the first run). */
void dx_para_props(dx_body *B);
/* The current run's style bits, font and visibility, once per run. */
void dx_run_resolve(dx_body *B);
void dx_run_reset(dx_body *B);

/* body_fields.c: fields and hyperlinks (true when handled). */
bool dx_field_start(dx_body *B, const dx_ev *e);
bool dx_field_end(dx_body *B, int depth, int el);
/* Text of a field instruction (w:instrText). */
void dx_field_instr_text(dx_body *B, const char *s, size_t len);
/* False inside a field's instruction: its text is not shown. */
bool dx_fields_visible(const dx_body *B);

/* body_drawing.c: images and text boxes (true when handled). */
bool dx_drawing_start(dx_body *B, const dx_ev *e);
bool dx_drawing_end(dx_body *B, int el);
/* The recorded text box is complete: it follows its paragraph. */
void dx_textbox_end(dx_body *B);

/* para.c */
void dx_para_begin(dx_body *B);
/* Continues the open paragraph with the next one's properties (its mark
 * was removed by a tracked change). */
void dx_para_continue(dx_body *B);
int dx_para_flush(dx_body *B);
int dx_para_add_text(dx_body *B, const char *s, size_t len);
int dx_para_add_item(dx_body *B, int kind, const char *s, size_t len);
dx_item *dx_para_last(dx_body *B);
void dx_para_free(dx_para *P);
/* Before a table or at the end of the stream: pending title, lists. */
int dx_before_block(dx_body *B);
int dx_close_lists(dx_body *B);
int dx_body_finish(dx_body *B);

/* table.c */
void dx_table_start(dx_body *B);
void dx_table_end(dx_body *B);
void dx_row_start(dx_body *B);
void dx_row_end(dx_body *B);
void dx_trpr_child(dx_body *B, const dx_ev *e);
void dx_cell_start(dx_body *B);
void dx_cell_end(dx_body *B);
void dx_tcpr_child(dx_body *B, const dx_ev *e);
/* Opens a pending row/cell before content arrives. */
void dx_table_materialize(dx_body *B);

#endif
