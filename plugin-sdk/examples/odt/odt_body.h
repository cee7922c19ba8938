/* State of the body reader, shared by odt_body.c and odt_table.c. */
#ifndef ODT_BODY_H
#define ODT_BODY_H

#include "odt.h"

/* What an element opened, by its depth, for its end tag. */
enum {
    K_NONE = 0,
    K_PARA,   /* text:p / text:h: a paragraph context */
    K_SPAN,   /* text:span: run properties restored at the end */
    K_LINK,   /* text:a: a LINK node */
    K_NOTE,   /* text:note: a NOTE node */
    K_LIST,   /* text:list */
    K_ITEM,   /* text:list-item / text:list-header */
    K_FRAME,  /* draw:frame */
    K_SVG,    /* svg:title / svg:desc inside a frame */
    K_B64,    /* office:binary-data inside draw:image */
    K_TABLE,  /* table:table */
    K_HEADER, /* table:table-header-rows */
    K_ROW,    /* table:table-row */
    K_CELL,   /* table:table-cell */
};

typedef struct odt_para {
    int depth;
    bool heading;
    int level;
    const char *role;
    int align;
    const char *style;
    bool opened;     /* its node is open in the builder */
    bool into_title; /* title replay: content goes into the open title heading */
    bool content;    /* something was emitted */
    bool space;      /* a collapsed space is pending */
    bool break_after;
    char prefix[96];    /* list number still to write (with what follows it) */
    int note_nest;      /* notes open around it */
    gdh_xml_log *boxes; /* recorded text boxes, emitted after it */
    size_t nboxes;
} odt_para;

enum { LM_IR = 1, LM_TEXT, LM_NONE };

typedef struct odt_listctx {
    int depth;
    odt_list_style *ls; /* NULL: no style (bullets) */
    int level;          /* 1..ODT_MAX_LIST_DEPTH */
    int mode;           /* LM_* */
    int item_depth;     /* depth of the open item, 0 if none */
    char prefix[96];    /* LM_TEXT: the number of the open item, and a space unless the
                         * label is followed by nothing or ends in Chinese punctuation */
    bool prefix_used;
} odt_listctx;

typedef struct odt_cell {
    gd_node *node;
    int align; /* -1 none yet, -2 mixed, else ALIGN_* */
    int note_nest;
} odt_cell;

typedef struct odt_frame {
    int depth;
    double w, h;
    char *href;
    gdh_buf b64;
    gdh_buf title, desc;
    int svg; /* 1 reading svg:title, 2 svg:desc */
    bool in_b64;
} odt_frame;

enum { REC_NONE = 0, REC_TITLE, REC_BOX, REC_REPEAT };

typedef struct odt_image {
    char *href;
    const char *url;
} odt_image_ref;

typedef struct odt_body {
    odt_para p[ODT_MAX_PARA_NEST];
    int np;
    odt_listctx l[ODT_MAX_LIST_DEPTH];
    int nl;
    odt_cell c[64];
    int nc;
    int header_rows; /* > 0: inside table:table-header-rows */
    int tables;      /* tables open */

    odt_run run;
    unsigned char kind[ODT_MAX_DEPTH + 2];
    odt_run saved[ODT_MAX_DEPTH + 2];
    const char *font_set; /* font last given to the builder */
    int note_nest;

    odt_frame frame;
    bool in_frame;

    /* recording a subtree instead of reading it now */
    int rec;
    int rec_depth;
    long rec_repeat;
    bool rec_para; /* the recorded subtree holds a paragraph */
    gdh_xml_log log;
    /* ... and, for a title candidate, what it looks like */
    bool cand_ok;
    size_t cand_chars;
    int cand_align;
    odt_run cand_run[ODT_MAX_DEPTH + 2];
    int cand_base;

    /* replaying: the first start event is the recorded root */
    bool replay_root;
    int replay_nest;

    /* the title */
    int title_state; /* 0 scanning the first paragraphs, 1 done */
    gdh_xml_log pending[3];
    int npending;
    gdh_buf title_text;
    uint32_t title_last; /* last character of the title text so far */
    bool title_newline;

    odt_image_ref *img;
    size_t nimg, capimg;
    odt_map img_index; /* href → index into img */
} odt_body;

/* odt_body.c, for odt_table.c */
int odt_replay(odt *o, const gdh_xml_log *log);
void odt_cell_para(odt *o, int align);

/* odt_table.c */
int odt_table_start(odt *o, const gdh_xml_event *e);
int odt_table_end(odt *o, const gdh_xml_event *e, int kind);

#endif
