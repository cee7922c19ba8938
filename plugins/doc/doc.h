/* Legacy Word reader — declarations shared by the reader's files.
 *
 * Flow (MS-DOC): cfb.c opens the OLE2 compound file (libgsf) and loads the
 * streams; fib.c reads the File Information Block; text.c decodes the
 * piece table into one array of characters with their CP and FC;
 * styles.c reads the STSH; props.c finds paragraph and character
 * properties (FKPs, PRMs) and applies sprms; lists.c reads LSTF/LVL/LFO
 * and numbers paragraphs; table.c turns in-table paragraphs into rows and
 * cells (spans from TAP merge flags and cell boundaries); fields.c,
 * notes.c, pictures.c and meta.c handle their parts; body.c walks a story
 * and drives the builder.
 *
 * Every count and offset read from the file is checked against the bytes
 * it claims to describe before it is used. */
#ifndef GD_DOC_H
#define GD_DOC_H

#include <govdoc/gd_plugin.h>
#include <govdoc/helpers/buf.h> /* gdh_buf: growable UTF-8 text */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- limits ---- */
#define WD_MAX_CHARS  (64u * 1024 * 1024) /* characters of all stories */
#define WD_MAX_STYLES 4096
#define WD_MAX_CELLS  64 /* Word's own limit is 63 */
#define WD_MAX_LISTS  8192
#define WD_MAX_DEPTH  64 /* nested tables */
#define WD_STYLE_NEST 32 /* istdBase chain */

/* ---- little-endian reads (callers check bounds) ---- */
static inline uint16_t rd16(const uint8_t *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}
static inline uint32_t rd32(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}
/* [off, off+n) lies within a buffer of `len` bytes. */
static inline bool in_range(size_t len, uint64_t off, uint64_t n)
{
    return off <= len && n <= len - off;
}

/* ---- character and paragraph properties ---- */
typedef struct wd_chp {
    uint8_t bold, italic, strike, dstrike, vanish, kul, iss;
    uint8_t spec;       /* fSpec: the character is special (picture, note, field …) */
    uint8_t rmark_del;  /* deleted revision */
    uint8_t fld_vanish; /* hidden field text */
    uint8_t ole2, data;
    uint16_t hps; /* size in half points */
    uint16_t ftc_ascii, ftc_fe, ftc_other;
    bool fe_set;   /* an East-Asian font was given (sprmCRgFtc1), not just the default */
    uint16_t istd; /* character style */
    uint32_t pic;  /* sprmCPicLocation */
    bool has_pic;
    bool symbol; /* sprmCSymbol */
    uint16_t sym_ftc, sym_ch;
} wd_chp;

typedef struct wd_tc {
    uint16_t flags; /* TC80 grfw */
} wd_tc;
#define TC_FIRST_MERGED 0x0001
#define TC_MERGED       0x0002
#define TC_VERT_MERGE   0x0020
#define TC_VERT_RESTART 0x0040

typedef struct wd_tap {
    int ncell;
    int16_t bound[WD_MAX_CELLS + 1]; /* rgdxaCenter */
    wd_tc tc[WD_MAX_CELLS];
    bool header;
    bool defined;
} wd_tap;

typedef struct wd_pap {
    uint16_t istd;
    uint8_t jc; /* 0 left, 1 center, 2 right, 3 justify, 4+ distributed */
    uint8_t in_table, ttp, inner_cell, inner_ttp;
    int32_t itap;
    uint8_t ilvl;
    int ilfo;
    uint8_t outline; /* 0..8, 9 = body text */
    uint8_t page_break_before;
    wd_tap *tap; /* where a table sprm should go (row ends), else NULL */
} wd_pap;

/* ---- styles ---- */
typedef struct wd_style {
    bool used, resolved, resolving;
    uint8_t stk; /* 1 paragraph, 2 character, 3 table, 4 list */
    uint16_t sti, base, next;
    char *name;                 /* UTF-8, first of the comma-separated aliases kept whole */
    const uint8_t *papx, *chpx; /* grpprls in the table stream */
    uint16_t npapx, nchpx;
    wd_pap pap; /* resolved through the base chain */
    wd_chp chp;
    int heading; /* 1..9, 0 none */
    int role;    /* WD_ROLE_* */
} wd_style;
enum { WD_ROLE_NONE = 0, WD_ROLE_TITLE = 1, WD_ROLE_SUBTITLE = 2 };

/* ---- lists ---- */
typedef struct wd_lvl {
    int32_t start;
    uint8_t nfc, follow, legal, no_restart;
    uint16_t text[64]; /* number text, UTF-16, placeholders 0..8 */
    int ntext;
    uint8_t restart_lim;
} wd_lvl;

typedef struct wd_list {
    int32_t lsid;
    bool simple;
    wd_lvl lvl[9];
} wd_list;

typedef struct wd_lfo {
    int32_t lsid;
    int list; /* index into lists, -1 unknown */
    int32_t start_at[9];
    bool has_start[9];
    wd_lvl *lvl_override[9];
} wd_lfo;

/* ---- the characters of all stories ---- */
typedef struct wd_text {
    uint32_t *ch;    /* code point, or the control value (0x07, 0x0D, 0x13 …) */
    uint32_t *fc;    /* file offset of the character's first byte */
    uint32_t *cp;    /* character position (Word 6 double-byte characters take two) */
    uint16_t *piece; /* index into the piece table, for PRMs */
    size_t n;
} wd_text;

typedef struct wd_piece {
    uint32_t cp, cp_end;
    uint32_t fc; /* byte offset */
    bool compressed;
    uint16_t prm;
} wd_piece;

/* ---- FKP lookup cache ---- */
typedef struct wd_fkp_cache {
    int32_t page; /* page number loaded, -1 none */
    uint32_t lo, hi;
    const uint8_t *fkp; /* 512 bytes in the WordDocument stream */
} wd_fkp_cache;

/* A story: a CP range of the text (main text, footnotes, endnotes …). */
typedef struct wd_story {
    uint32_t cp, cp_end;
} wd_story;

typedef struct wd_note {
    uint32_t ref_cp;          /* reference in the main text */
    uint32_t txt_cp, txt_end; /* its text, absolute CPs */
    bool endnote;
} wd_note;

/* ---- the reader's state ---- */
typedef struct wd {
    gd_ctx *ctx;
    gd_doc *doc;
    gd_builder *b;
    int rc;

    /* streams (owned copies) */
    uint8_t *word, *table, *data;
    size_t nword, ntable, ndata;
    bool table_is_word; /* Word 6: the table lives in the WordDocument stream */
    void *summary;      /* \005SummaryInformation bytes */
    size_t nsummary;

    /* FIB */
    int version; /* 6 (Word 6/95) or 8 (Word 97–2003) */
    uint16_t nfib, lid, lid_fe, flags;
    bool complex, ext_char;
    uint32_t fc_min, fc_mac; /* Word 6 */
    uint32_t ccp_text, ccp_ftn, ccp_hdd, ccp_mcr, ccp_atn, ccp_edn, ccp_txbx, ccp_hdr_txbx;
    struct {
        uint32_t fc, lcb;
    } fl[96];
    int nfl;
    int codepage; /* Word 6 text */

    /* text */
    wd_piece *pieces;
    size_t npieces;
    const uint8_t *clx_grpprls; /* RgPrc within the table stream, for PRM index */
    size_t nclx_grpprls;
    wd_text text;

    /* properties */
    const uint8_t *bte_papx, *bte_chpx; /* PlcfBte */
    size_t nbte_papx, nbte_chpx;
    wd_fkp_cache pcache, ccache;
    wd_style *styles;
    size_t nstyles;
    uint16_t ftc_default[3]; /* stshi rgftcStandardChpStsh */
    char **fonts;            /* SttbfFfn: UTF-8 names */
    size_t nfonts;

    /* lists */
    wd_list *lists;
    size_t nlists;
    wd_lfo *lfos;
    size_t nlfos;
    void *counters; /* per list (lists.c) */
    bool *lfo_seen;

    /* sections: the CP of each section mark, and how the next section starts */
    uint32_t *sect_mark;
    uint8_t *sect_bkc_next; /* 0 continuous, 1 new column, 2 new page, 3 even, 4 odd */
    size_t nsect;

    /* notes */
    wd_note *notes;
    size_t nnotes;
    bool in_note;
    bool in_huge; /* applying a sprmPHugePapx */

    /* output state */
    bool emitted;
    int title_state;
    char *title_text;
    int warned_images, warned_emf, warned_floating;
    unsigned img_count;
} wd;

/* ---- util.c ---- */
int wd_fail(wd *w, int code, const char *fmt, ...) GD_PRINTF(3, 4);
char *wd_strdup(const char *s);
bool wd_is_ole2(const uint8_t *p, size_t n);

/* ---- cfb.c ---- */
/* Loads the streams. GD_OK, or an error on w->ctx. */
int wd_cfb_load(wd *w, const uint8_t *data, size_t len);
void wd_cfb_free(wd *w);

/* ---- fib.c ---- */
int wd_fib_read(wd *w);
/* fc/lcb pair i of the FIB's FibRgFcLcb (Word 97 numbering), checked to
 * lie within the table stream; false when absent or out of bounds. */
bool wd_fib_range(const wd *w, int i, const uint8_t **p, uint32_t *lcb);
enum {
    FIB_STSHF = 1,
    FIB_PLCFFNDREF = 2,
    FIB_PLCFFNDTXT = 3,
    FIB_PLCFSED = 6,
    FIB_PLCFBTECHPX = 12,
    FIB_PLCFBTEPAPX = 13,
    FIB_STTBFFFN = 15,
    FIB_CLX = 33,
    FIB_PLCSPAMOM = 40,
    FIB_PLCFENDREF = 46,
    FIB_PLCFENDTXT = 47,
    FIB_DGGINFO = 50,
    FIB_PLFLST = 73,
    FIB_PLFLFO = 74,
};

/* ---- text.c ---- */
int wd_text_load(wd *w);
void wd_text_free(wd *w);
/* Index of the first character whose CP is >= cp. */
size_t wd_text_at_cp(const wd *w, uint32_t cp);
/* The code page's name for iconv (Word 6 text, summary strings). */
const char *wd_codepage_name(int cp);
int wd_codepage_of_lid(uint16_t lid);

/* ---- styles.c ---- */
int wd_styles_load(wd *w);
void wd_styles_free(wd *w);
const wd_style *wd_style_get(wd *w, uint16_t istd);
int wd_fonts_load(wd *w);
const char *wd_font_name(const wd *w, uint16_t ftc);

/* ---- props.c ---- */
void wd_chp_default(const wd *w, wd_chp *c);
void wd_pap_default(wd_pap *p);
/* Applies a grpprl. `base` is the style's CHP for toggles (may be NULL). */
void wd_apply_sprms(wd *w, const uint8_t *g, size_t n, wd_pap *pap, wd_chp *chp,
                    const wd_chp *base);
/* Properties of the character at text index i (paragraph style given). */
void wd_chp_at(wd *w, size_t i, const wd_pap *pap, wd_chp *out);
/* Properties of the paragraph whose mark is at text index i. */
void wd_pap_at(wd *w, size_t i, wd_pap *out, wd_tap *tap);

/* ---- lists.c ---- */
int wd_lists_load(wd *w);
void wd_lists_free(wd *w);
typedef struct wd_number {
    bool active; /* the paragraph is numbered */
    bool list;   /* as an IR list (bullet or plain decimal) */
    bool ordered;
    int start, ilvl, list_id;
    char text[128]; /* otherwise: the number text to put in front */
} wd_number;
void wd_number_next(wd *w, int ilfo, int ilvl, wd_number *out);

/* ---- sections (notes.c) ---- */
int wd_sections_load(wd *w);
/* Whether a 0x0C at this CP starts a new page (a manual page break, or a
 * section break that is not continuous). */
bool wd_break_is_page(const wd *w, uint32_t cp);

/* ---- meta.c ---- */
int wd_meta_load(wd *w);

/* ---- notes.c ---- */
int wd_notes_load(wd *w);
void wd_notes_free(wd *w);
const wd_note *wd_note_at(const wd *w, uint32_t ref_cp);

/* ---- pictures.c ---- */
/* The inline picture at Data stream offset `fc`: adds it as a resource and
 * an IMAGE node. Missing or unreadable pictures are a warning. */
int wd_picture_inline(wd *w, uint32_t fc);

/* ---- body.c ---- */
int wd_body_read(wd *w);
/* A story's CP range, emitted as blocks into the open container. */
int wd_story_emit(wd *w, uint32_t cp, uint32_t cp_end);

#endif
