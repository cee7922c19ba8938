/* DOCX reader — internal declarations shared by the reader's files.
 *
 * Flow: opc.c opens the ZIP and finds the parts through the relationships;
 * xml.c streams each part through the helper's expat parser and turns elements
 * into small events (dx_ev) for a consumer — both on the SDK's helper
 * library (govdoc/helpers/zip.h, xml.h: the limits, the safe parser
 * settings), which third-party readers share; styles.c,
 * numbering.c, notes.c and meta.c consume their parts into tables; body.c
 * consumes the main part and drives the builder, with para.c (paragraph
 * buffer → blocks, lists, title), table.c (spans) and media.c (images). */
#ifndef GD_DOCX_H
#define GD_DOCX_H

#include <govdoc/gd_plugin.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h> /* snprintf (was reached through <zip.h>) */

#include <govdoc/helpers/buf.h> /* gdh_buf: growable UTF-8 text */
#include <govdoc/helpers/xml.h>
#include <govdoc/helpers/zip.h>

/* ---- limits ---- */
#define DX_MAX_ENTRIES     20000                /* ZIP entries */
#define DX_MAX_PART        (256u * 1024 * 1024) /* inflated bytes of one part */
#define DX_MAX_TOTAL       (512u * 1024 * 1024) /* inflated bytes of all parts read */
#define DX_BOMB_RATIO      200                  /* inflated/compressed ... */
#define DX_BOMB_MIN        (16u * 1024 * 1024)  /* ... above this size = bomb */
#define DX_MAX_XML_DEPTH   256                  /* element nesting */
#define DX_MAX_REPLAY_NEST 8                    /* text box in text box ... */

/* ---- namespaces and element names (xml.c) ---- */
enum {
    NS_OTHER = 0,
    NS_W,   /* wordprocessingml main (transitional or strict) */
    NS_R,   /* officeDocument relationships (attributes r:id, r:embed) */
    NS_WP,  /* wordprocessingDrawing */
    NS_A,   /* drawingml main */
    NS_PIC, /* drawingml picture */
    NS_MC,  /* markup compatibility */
    NS_V,   /* VML */
    NS_O,   /* office (VML) */
    NS_WPS, /* word 2010 shapes */
    NS_M,   /* math */
    NS_REL, /* package relationships */
    NS_CT,  /* content types */
    NS_CP,  /* core properties */
    NS_DC,
    NS_DCT,
    NS_EP, /* extended properties (app.xml) */
    NS_COUNT
};

#define DX_ELEMENTS(X)                                                                             \
    X(W, abstractNum, ABSTRACTNUM)                                                                 \
    X(W, abstractNumId, ABSTRACTNUMID)                                                             \
    X(W, altChunk, ALTCHUNK)                                                                       \
    X(W, b, B)                                                                                     \
    X(W, basedOn, BASEDON)                                                                         \
    X(W, bdo, BDO)                                                                                 \
    X(W, comment, COMMENT)                                                                         \
    X(W, commentReference, COMMENTREF)                                                             \
    X(W, body, BODY)                                                                               \
    X(W, br, BR)                                                                                   \
    X(W, continuationSeparator, CONTSEP)                                                           \
    X(W, cr, CR)                                                                                   \
    X(W, customXml, CUSTOMXML)                                                                     \
    X(W, customXmlPr, CUSTOMXMLPR)                                                                 \
    X(W, del, DEL)                                                                                 \
    X(W, delInstrText, DELINSTRTEXT)                                                               \
    X(W, delText, DELTEXT)                                                                         \
    X(W, dir, DIR)                                                                                 \
    X(W, docDefaults, DOCDEFAULTS)                                                                 \
    X(W, document, DOCUMENT)                                                                       \
    X(W, drawing, DRAWING)                                                                         \
    X(W, dstrike, DSTRIKE)                                                                         \
    X(W, endnote, ENDNOTE)                                                                         \
    X(W, endnoteReference, ENDNOTEREF)                                                             \
    X(W, endnotes, ENDNOTES)                                                                       \
    X(W, fldChar, FLDCHAR)                                                                         \
    X(W, fldSimple, FLDSIMPLE)                                                                     \
    X(W, footnote, FOOTNOTE)                                                                       \
    X(W, footnoteReference, FOOTNOTEREF)                                                           \
    X(W, footnotes, FOOTNOTES)                                                                     \
    X(W, ftr, FTR)                                                                                 \
    X(W, gridAfter, GRIDAFTER)                                                                     \
    X(W, gridBefore, GRIDBEFORE)                                                                   \
    X(W, gridCol, GRIDCOL)                                                                         \
    X(W, gridSpan, GRIDSPAN)                                                                       \
    X(W, hMerge, HMERGE)                                                                           \
    X(W, hdr, HDR)                                                                                 \
    X(W, hyperlink, HYPERLINK)                                                                     \
    X(W, i, I)                                                                                     \
    X(W, ilvl, ILVL)                                                                               \
    X(W, ins, INS)                                                                                 \
    X(W, instrText, INSTRTEXT)                                                                     \
    X(W, isLgl, ISLGL)                                                                             \
    X(W, jc, JC)                                                                                   \
    X(W, lvl, LVL)                                                                                 \
    X(W, lvlOverride, LVLOVERRIDE)                                                                 \
    X(W, lvlRestart, LVLRESTART)                                                                   \
    X(W, lvlText, LVLTEXT)                                                                         \
    X(W, moveFrom, MOVEFROM)                                                                       \
    X(W, moveTo, MOVETO)                                                                           \
    X(W, name, NAME)                                                                               \
    X(W, noBreakHyphen, NOBREAKHYPHEN)                                                             \
    X(W, num, NUM)                                                                                 \
    X(W, numFmt, NUMFMT)                                                                           \
    X(W, numId, NUMID)                                                                             \
    X(W, numPr, NUMPR)                                                                             \
    X(W, numStyleLink, NUMSTYLELINK)                                                               \
    X(W, numberingChange, NUMBERINGCHANGE)                                                         \
    X(W, object, OBJECT)                                                                           \
    X(W, outlineLvl, OUTLINELVL)                                                                   \
    X(W, p, P)                                                                                     \
    X(W, pPr, PPR)                                                                                 \
    X(W, pPrChange, PPRCHANGE)                                                                     \
    X(W, pPrDefault, PPRDEFAULT)                                                                   \
    X(W, pStyle, PSTYLE)                                                                           \
    X(W, pageBreakBefore, PAGEBREAKBEFORE)                                                         \
    X(W, pict, PICT)                                                                               \
    X(W, ptab, PTAB)                                                                               \
    X(W, r, R)                                                                                     \
    X(W, rFonts, RFONTS)                                                                           \
    X(W, rPr, RPR)                                                                                 \
    X(W, rPrChange, RPRCHANGE)                                                                     \
    X(W, rPrDefault, RPRDEFAULT)                                                                   \
    X(W, rStyle, RSTYLE)                                                                           \
    X(W, rt, RT)                                                                                   \
    X(W, sdt, SDT)                                                                                 \
    X(W, sdtContent, SDTCONTENT)                                                                   \
    X(W, sdtEndPr, SDTENDPR)                                                                       \
    X(W, sdtPr, SDTPR)                                                                             \
    X(W, sectPr, SECTPR)                                                                           \
    X(W, sectPrChange, SECTPRCHANGE)                                                               \
    X(W, separator, SEPARATOR)                                                                     \
    X(W, smartTag, SMARTTAG)                                                                       \
    X(W, smartTagPr, SMARTTAGPR)                                                                   \
    X(W, softHyphen, SOFTHYPHEN)                                                                   \
    X(W, start, START)                                                                             \
    X(W, startOverride, STARTOVERRIDE)                                                             \
    X(W, strike, STRIKE)                                                                           \
    X(W, style, STYLE)                                                                             \
    X(W, styleLink, STYLELINK)                                                                     \
    X(W, suff, SUFF)                                                                               \
    X(W, sym, SYM)                                                                                 \
    X(W, sz, SZ)                                                                                   \
    X(W, t, T)                                                                                     \
    X(W, tab, TAB)                                                                                 \
    X(W, tbl, TBL)                                                                                 \
    X(W, tblGrid, TBLGRID)                                                                         \
    X(W, tblGridChange, TBLGRIDCHANGE)                                                             \
    X(W, tblHeader, TBLHEADER)                                                                     \
    X(W, tblPr, TBLPR)                                                                             \
    X(W, tblPrChange, TBLPRCHANGE)                                                                 \
    X(W, tc, TC)                                                                                   \
    X(W, tcPr, TCPR)                                                                               \
    X(W, tcPrChange, TCPRCHANGE)                                                                   \
    X(W, tr, TR)                                                                                   \
    X(W, trPr, TRPR)                                                                               \
    X(W, trPrChange, TRPRCHANGE)                                                                   \
    X(W, txbxContent, TXBXCONTENT)                                                                 \
    X(W, type, TYPE)                                                                               \
    X(W, u, U)                                                                                     \
    X(W, vMerge, VMERGE)                                                                           \
    X(W, vanish, VANISH)                                                                           \
    X(W, vertAlign, VERTALIGN)                                                                     \
    X(M, oMath, MOMATH)                                                                            \
    X(M, t, MT)                                                                                    \
    X(A, blip, BLIP)                                                                               \
    X(A, ea, AEA)                                                                                  \
    X(A, font, AFONT)                                                                              \
    X(A, latin, ALATIN)                                                                            \
    X(A, majorFont, MAJORFONT)                                                                     \
    X(A, minorFont, MINORFONT)                                                                     \
    X(A, graphicData, GRAPHICDATA)                                                                 \
    X(WP, anchor, WPANCHOR)                                                                        \
    X(WP, docPr, DOCPR)                                                                            \
    X(WP, extent, EXTENT)                                                                          \
    X(WP, inline, WPINLINE)                                                                        \
    X(V, imagedata, IMAGEDATA)                                                                     \
    X(V, shape, VSHAPE)                                                                            \
    X(V, textbox, VTEXTBOX)                                                                        \
    X(MC, AlternateContent, ALTCONTENT)                                                            \
    X(MC, Choice, CHOICE)                                                                          \
    X(MC, Fallback, FALLBACK)                                                                      \
    X(REL, Relationship, RELATIONSHIP)                                                             \
    X(CT, Default, CTDEFAULT)                                                                      \
    X(CT, Override, CTOVERRIDE)                                                                    \
    X(CP, keywords, KEYWORDS)                                                                      \
    X(DC, creator, CREATOR)                                                                        \
    X(DC, description, DESCRIPTION)                                                                \
    X(DC, language, LANGUAGE)                                                                      \
    X(DC, subject, SUBJECT)                                                                        \
    X(DC, title, TITLE)                                                                            \
    X(DCT, created, CREATED)                                                                       \
    X(DCT, modified, MODIFIED)

enum {
    E_OTHER = 0,
#define X(ns, name, id) E_##id,
    DX_ELEMENTS(X)
#undef X
        E_COUNT
};

/* Events come from the SDK's XML helper (govdoc/helpers/xml.h): a start tag
 * has its element id (E_*), namespace id (NS_*) and attributes; the ids are
 * those of the table above (0 = E_OTHER / NS_OTHER). */
typedef gdh_xml_attr dx_attr;
typedef gdh_xml_event dx_ev;

/* An attribute's value copied into buf (truncated to cap-1); NULL when
 * absent. ns NS_OTHER matches any namespace. */
const char *dx_attr_get(const dx_ev *e, int ns, const char *name, char *buf, size_t cap);
/* w:val (any namespace) as a boolean OOXML toggle: absent = true. */
bool dx_attr_on(const dx_ev *e);
/* Integer attribute (decimal), def when absent or not a number. */
long dx_attr_long(const dx_ev *e, int ns, const char *name, long def);

/* Whoever consumes a part's events. */
typedef struct dx_consumer {
    void (*start)(void *self, const dx_ev *e);
    void (*end)(void *self, int el);
    void (*text)(void *self, const char *s, size_t len);
    void *self;
} dx_consumer;

/* Events recorded for later replay (note bodies, text boxes). */
typedef gdh_xml_log dx_log;

int dx_log_start(dx_log *log, const dx_ev *e);
int dx_log_end(dx_log *log, int el);
int dx_log_text(dx_log *log, const char *s, size_t len);
void dx_log_free(dx_log *log);
/* Feeds the recorded events to a consumer; returns the reader's rc. */
struct docx;
int dx_log_replay(struct docx *dx, const dx_log *log, const dx_consumer *c);

/* ---- container (opc.c) ---- */
typedef struct dx_rel {
    char *id;
    char *type;   /* last path segment of the Type URI: "image", "hyperlink" ... */
    char *target; /* resolved part name (no leading '/'), or the URL if external */
    bool external;
} dx_rel;

typedef struct dx_rel_key {
    const char *id;
    size_t i;
} dx_rel_key;
typedef struct dx_rels {
    dx_rel *v;
    size_t n, cap;
    dx_rel_key *by_id; /* sorted by id then position: dx_rels_find in O(log n) */
} dx_rels;

const dx_rel *dx_rels_find(const dx_rels *rels, const char *id);
const dx_rel *dx_rels_first_of_type(const dx_rels *rels, const char *type);
void dx_rels_free(dx_rels *rels);

int dx_opc_open(struct docx *dx, const uint8_t *data, size_t len);
void dx_opc_close(struct docx *dx);
/* Whether a part exists (case-insensitive name, as OPC says). */
bool dx_part_exists(struct docx *dx, const char *name);
/* Reads a whole (small) part into *out (malloc'ed, NUL-terminated). */
int dx_part_read(struct docx *dx, const char *name, uint8_t **out, size_t *len);
/* Reads the relationships of part `part` ("" for the package). Missing rels
 * give an empty table. */
int dx_rels_load(struct docx *dx, const char *part, dx_rels *out);
/* Finds the main document part; sets dx->main_part. */
int dx_find_main(struct docx *dx);
/* Probe helpers. */
int dx_probe(const gd_probe_input *in);
/* Explains an OLE2 compound file (encrypted package or legacy .doc). */
int dx_ole2_error(gd_ctx *ctx, const uint8_t *data, size_t len);

/* ---- XML streaming (xml.c) ---- */
/* The OOXML vocabulary for the XML helper (gdh_xml_vocab_free it). */
int dx_xml_vocab_new(gdh_xml_vocab **out);
/* Parses the part `name` with SAX2 (no network, no DTD, no entities) and
 * feeds the consumer. A malformed part is an error (GD_EFORMAT). */
int dx_xml_parse_part(struct docx *dx, const char *name, const dx_consumer *c);

/* ---- styles (styles.c) ---- */
enum { TRI_UNSET = -1 };

/* Run properties as a delta (TRI_UNSET = inherit). */
typedef struct dx_rpr {
    int8_t b, i, u, strike, vert, vanish; /* vert: 0 none, 1 sup, 2 sub */
    int sz;                               /* half-points; 0 = unset */
    const char *font_ea;                  /* interned; NULL = unset */
    const char *font_ascii;
} dx_rpr;

void dx_rpr_init(dx_rpr *r);
void dx_rpr_apply(dx_rpr *dst, const dx_rpr *delta);
/* Reads one rPr child element into r; returns true if it was one. */
bool dx_rpr_child(struct docx *dx, dx_rpr *r, const dx_ev *e);

typedef struct dx_style {
    char *id, *name;
    char *based_on;
    int type;         /* 'p' paragraph, 'c' character, 't' table, 'n' numbering */
    int outline;      /* 0..8, -1 unset */
    int num_id, ilvl; /* -1 unset */
    int jc;           /* DX_ALIGN_*, 0 unset */
    dx_rpr rpr;
    /* resolved (memoised) */
    bool resolved, resolving;
    dx_rpr rpr_full; /* docDefaults + chain (paragraph styles), chain (char) */
    int heading;     /* 0 none, 1..9 */
    int role;        /* 0, DX_ROLE_TITLE, DX_ROLE_SUBTITLE */
    int num_id_full, ilvl_full, jc_full;
} dx_style;

enum { DX_ALIGN_NONE = 0, DX_ALIGN_LEFT, DX_ALIGN_CENTER, DX_ALIGN_RIGHT, DX_ALIGN_JUSTIFY };
enum { DX_ROLE_NONE = 0, DX_ROLE_TITLE, DX_ROLE_SUBTITLE };

typedef struct dx_styles {
    dx_style *v;
    size_t n, cap;
    dx_rpr defaults;
    char *default_para; /* styleId of the default paragraph style */
} dx_styles;

int dx_styles_load(struct docx *dx, const char *part);
/* theme1.xml: the fonts that w:eastAsiaTheme / w:asciiTheme name. */
int dx_theme_load(struct docx *dx, const char *part);
/* Resolved style by id (NULL if unknown). */
dx_style *dx_style_get(struct docx *dx, const char *id);
void dx_styles_free(dx_styles *s);
int dx_align_parse(const char *v);

/* ---- numbering (numbering.c) ---- */
typedef struct dx_numbering dx_numbering;
int dx_numbering_load(struct docx *dx, const char *part);
void dx_numbering_free(dx_numbering *nb);

/* What a numbered paragraph gets. */
typedef struct dx_number {
    bool active;
    bool list; /* render as an IR list (bullet or plain decimal) */
    bool ordered;
    int start; /* value of this item (ordered lists) */
    int ilvl;
    int abstract_id; /* identifies the list a paragraph belongs to */
    char text[128];  /* the number text, e.g. "一、", "（一）", "1.1" */
} dx_number;

/* Advances the counters for (numId, ilvl) and fills *out. */
void dx_numbering_next(struct docx *dx, int num_id, int ilvl, dx_number *out);

/* ---- notes (notes.c) ---- */
typedef struct dx_note {
    long id;
    char *author; /* comments */
    dx_log log;
} dx_note;

typedef struct dx_notes {
    dx_note *v;
    size_t n, cap;
    size_t *by_id; /* positions sorted by id then position: dx_notes_find in O(log n) */
    dx_rels rels;  /* the notes part's own relationships (images, links) */
} dx_notes;

int dx_notes_load(struct docx *dx, const char *part, dx_notes *out);
const dx_note *dx_notes_find(const dx_notes *notes, long id);
void dx_notes_free(dx_notes *notes);

/* ---- media (media.c) ---- */
/* Adds the image behind relationship rid of the current part and returns
 * the IMAGE url (resource id or external URL), or NULL (warned). */
const char *dx_media_image(struct docx *dx, const dx_rels *rels, const char *rid);
void dx_media_free(struct docx *dx);

/* ---- metadata (meta.c) ---- */
int dx_meta_load(struct docx *dx);

/* ---- the body (body.c, para.c, table.c) ---- */
struct dx_body;
/* Reads a part (main document, header, footer) into the builder. */
int dx_body_read_part(struct docx *dx, const char *part, const dx_rels *rels);
/* Replays a recorded block list (note body, text box) into the builder. */
int dx_body_replay(struct docx *dx, const dx_log *log, const dx_rels *rels, bool in_note);

/* ---- the reader ---- */
enum { DX_TRACK_ACCEPT = 0, DX_TRACK_REJECT, DX_TRACK_ALL };

typedef struct dx_image_cache {
    char *part;
    const char *id;
} dx_image_cache;

typedef struct docx {
    gd_ctx *ctx;
    gd_doc *doc;
    gd_builder *b;
    int rc; /* first error; sticky */

    gdh_zip *zip;         /* the package (limits: DX_MAX_*) */
    gdh_xml_vocab *vocab; /* namespaces and element names → NS_*, E_* */

    char *main_part;
    char *core_part; /* docProps/core.xml as _rels/.rels names it */
    dx_rels main_rels;
    dx_styles styles;
    dx_numbering *numbering;
    dx_notes footnotes, endnotes, comments;
    dx_image_cache *images;
    size_t nimages, capimages;
    char **fonts; /* interned font names */
    size_t nfonts, capfonts;

    /* options */
    int track;
    bool headers;
    bool title_heuristic;
    bool numbering_text;
    bool comments_keep;

    /* theme fonts: [0] minor, [1] major; East-Asian and Latin */
    const char *theme_ea[2], *theme_latin[2];

    int replay_nest;
    bool soft; /* a malformed part now is only a warning */
    char soft_msg[300];
    char *title_text; /* plain text of the detected title (for metadata) */
    unsigned warned;  /* DX_WARN_* bits: warn once per kind */
} docx;

enum {
    DX_WARN_EMF = 1u << 0,
    DX_WARN_CHART = 1u << 1,
    DX_WARN_ALTCHUNK = 1u << 2,
    DX_WARN_IMAGE = 1u << 3,
    DX_WARN_NOTE = 1u << 4,
    DX_WARN_NEST = 1u << 5,
    DX_WARN_OTHER_IMAGE = 1u << 6,
    DX_WARN_STYLES = 1u << 7,
};

/* Records the first error (one line) and returns its code. */
int dx_fail(docx *dx, int code, const char *fmt, ...) GD_PRINTF(3, 4);
/* Brackets a read whose malformation (GD_EFORMAT) costs only a warning
 * about `what`; limits and memory errors stay fatal. */
void dx_soft_begin(docx *dx);
int dx_soft_end(docx *dx, const char *what);
void dx_warn_once(docx *dx, unsigned bit, const char *fmt, ...) GD_PRINTF(3, 4);
/* Interned copy of a font name (lives as long as the reader). */
const char *dx_font_intern(docx *dx, const char *name);
char *dx_strdup(const char *s);
/* Copies src into dst[cap], truncating (always NUL-terminated). */
void dx_copy(char *dst, size_t cap, const char *src);
bool dx_streq_nocase(const char *a, const char *b); /* ASCII case folding */
char *dx_strndup(const char *s, size_t n);

#endif
