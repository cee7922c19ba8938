/* ODT reader (OpenDocument Text) — an example govdoc plugin built against
 * the installed SDK alone: <govdoc/gd_plugin.h> for the host, and the
 * plugin-helper library for the ZIP container, the XML parts and the
 * Chinese text helpers.
 *
 * Flow: odt_plugin.c opens the package (or a flat .fodt), checks the
 * mimetype and the manifest, then parses meta.xml, styles.xml and
 * content.xml with one SAX handler (odt_doc.c) that sends each section to
 * its reader: metadata (odt_doc.c), styles (odt_styles.c), the body
 * (odt_body.c: paragraphs, headings, spans, links, notes, frames, lists)
 * and its tables (odt_table.c). */
#ifndef ODT_H
#define ODT_H

#include <govdoc/gd_plugin.h>
#include <govdoc/helpers/buf.h>
#include <govdoc/helpers/cjk.h>
#include <govdoc/helpers/xml.h>
#include <govdoc/helpers/zip.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- the vocabulary ---- */
enum {
    NS_OFFICE = 1,
    NS_STYLE,
    NS_TEXT,
    NS_TABLE,
    NS_DRAW,
    NS_FO,
    NS_XLINK,
    NS_DC,
    NS_META,
    NS_SVG,
    NS_MANIFEST,
};

#define ODT_ELEMENTS(X)                                                                            \
    X(OFFICE, "document", DOCUMENT)                                                                \
    X(OFFICE, "document-content", DOCUMENT_CONTENT)                                                \
    X(OFFICE, "document-styles", DOCUMENT_STYLES)                                                  \
    X(OFFICE, "document-meta", DOCUMENT_META)                                                      \
    X(OFFICE, "meta", META)                                                                        \
    X(OFFICE, "font-face-decls", FONT_FACE_DECLS)                                                  \
    X(OFFICE, "styles", STYLES)                                                                    \
    X(OFFICE, "automatic-styles", AUTOMATIC_STYLES)                                                \
    X(OFFICE, "body", BODY)                                                                        \
    X(OFFICE, "text", OFFICE_TEXT)                                                                 \
    X(OFFICE, "annotation", ANNOTATION)                                                            \
    X(OFFICE, "annotation-end", ANNOTATION_END)                                                    \
    X(OFFICE, "binary-data", BINARY_DATA)                                                          \
    X(OFFICE, "forms", FORMS)                                                                      \
    X(OFFICE, "event-listeners", EVENT_LISTENERS)                                                  \
    X(OFFICE, "spreadsheet", SPREADSHEET)                                                          \
    X(OFFICE, "presentation", PRESENTATION)                                                        \
    X(OFFICE, "drawing", DRAWING)                                                                  \
    X(STYLE, "style", STYLE)                                                                       \
    X(STYLE, "default-style", DEFAULT_STYLE)                                                       \
    X(STYLE, "paragraph-properties", PARAGRAPH_PROPERTIES)                                         \
    X(STYLE, "text-properties", TEXT_PROPERTIES)                                                   \
    X(STYLE, "table-properties", TABLE_PROPERTIES)                                                 \
    X(STYLE, "font-face", FONT_FACE)                                                               \
    X(STYLE, "list-level-label-alignment", LABEL_ALIGNMENT)                                        \
    X(TEXT, "p", P)                                                                                \
    X(TEXT, "h", H)                                                                                \
    X(TEXT, "span", SPAN)                                                                          \
    X(TEXT, "a", A)                                                                                \
    X(TEXT, "s", S)                                                                                \
    X(TEXT, "tab", TAB)                                                                            \
    X(TEXT, "line-break", LINE_BREAK)                                                              \
    X(TEXT, "soft-page-break", SOFT_PAGE_BREAK)                                                    \
    X(TEXT, "note", NOTE)                                                                          \
    X(TEXT, "note-citation", NOTE_CITATION)                                                        \
    X(TEXT, "note-body", NOTE_BODY)                                                                \
    X(TEXT, "list", LIST)                                                                          \
    X(TEXT, "list-item", LIST_ITEM)                                                                \
    X(TEXT, "list-header", LIST_HEADER)                                                            \
    X(TEXT, "list-style", LIST_STYLE)                                                              \
    X(TEXT, "list-level-style-number", LEVEL_NUMBER)                                               \
    X(TEXT, "list-level-style-bullet", LEVEL_BULLET)                                               \
    X(TEXT, "list-level-style-image", LEVEL_IMAGE)                                                 \
    X(TEXT, "tracked-changes", TRACKED_CHANGES)                                                    \
    X(TEXT, "ruby-text", RUBY_TEXT)                                                                \
    X(TABLE, "table", TABLE)                                                                       \
    X(TABLE, "table-header-rows", TABLE_HEADER_ROWS)                                               \
    X(TABLE, "table-row", TABLE_ROW)                                                               \
    X(TABLE, "table-cell", TABLE_CELL)                                                             \
    X(TABLE, "covered-table-cell", COVERED_TABLE_CELL)                                             \
    X(DRAW, "frame", FRAME)                                                                        \
    X(DRAW, "image", IMAGE)                                                                        \
    X(DRAW, "text-box", TEXT_BOX)                                                                  \
    X(DRAW, "a", DRAW_A)                                                                           \
    X(DRAW, "g", DRAW_G)                                                                           \
    X(SVG, "title", SVG_TITLE)                                                                     \
    X(SVG, "desc", SVG_DESC)                                                                       \
    X(DC, "title", DC_TITLE)                                                                       \
    X(DC, "creator", DC_CREATOR)                                                                   \
    X(DC, "subject", DC_SUBJECT)                                                                   \
    X(DC, "description", DC_DESCRIPTION)                                                           \
    X(DC, "language", DC_LANGUAGE)                                                                 \
    X(DC, "date", DC_DATE)                                                                         \
    X(META, "initial-creator", INITIAL_CREATOR)                                                    \
    X(META, "creation-date", CREATION_DATE)                                                        \
    X(META, "keyword", KEYWORD)                                                                    \
    X(MANIFEST, "file-entry", FILE_ENTRY)                                                          \
    X(MANIFEST, "encryption-data", ENCRYPTION_DATA)

enum {
    E_OTHER = 0,
#define X(ns, name, id) E_##id,
    ODT_ELEMENTS(X)
#undef X
        E_COUNT
};

gdh_xml_vocab *odt_vocab_new(void);

/* ---- limits ---- */
#define ODT_MAX_REPEAT     1000 /* rows or cells repeated (number-*-repeated) */
#define ODT_MAX_SPACES     1000 /* text:s text:c */
#define ODT_MAX_PARA_NEST  32   /* paragraphs in notes in paragraphs ... */
#define ODT_MAX_LIST_DEPTH 10
#define ODT_MAX_META       65536 /* bytes of one metadata value */
#define ODT_MAX_DEPTH      GDH_XML_DEFAULT_MAX_DEPTH

/* (growable text: gdh_buf, <govdoc/helpers/buf.h>) */

/* ---- a string → index map (names of list styles, fonts, images) ---- */
typedef struct odt_map {
    const char **keys; /* borrowed: the caller keeps each key alive */
    int *vals;
    size_t n, cap; /* cap: a power of two, or 0 */
} odt_map;
int odt_map_put(odt_map *m, const char *key, int val); /* GD_OK or GD_ENOMEM */
int odt_map_get(const odt_map *m, const char *key);    /* -1 when absent */
void odt_map_free(odt_map *m);

/* ---- styles (odt_styles.c) ---- */
enum { TRI_UNSET = -1 };
enum { ALIGN_NONE = 0, ALIGN_LEFT, ALIGN_CENTER, ALIGN_RIGHT, ALIGN_JUSTIFY };

/* Text properties as a style states them (TRI_UNSET: inherited). */
typedef struct odt_tprops {
    int8_t bold, italic, underline, strike, vert; /* vert: 0 normal, 1 super, 2 sub */
    double size;                                  /* points; 0 = unset */
    const char *font;                             /* family name; NULL = unset */
} odt_tprops;

/* Effective text properties of a run. */
typedef struct odt_run {
    unsigned bits; /* GD_STYLE_* */
    double size;
    const char *font;
} odt_run;

typedef struct odt_style {
    char *name, *display, *parent, *list_style;
    char family; /* 'p' paragraph, 't' text, 'T' table, 'o' other */
    bool automatic;
    int outline; /* style:default-outline-level, 0 unset */
    int align;
    int break_before, break_after; /* 1 page, 0 unset, -1 auto */
    odt_tprops tp;
} odt_style;

/* One level of a list style. */
typedef struct odt_level {
    char kind; /* 'n' number, 'b' bullet, 0 none/image */
    char bullet[8];
    char follow; /* after the number: 't' tab (default), 's' space, 'n' nothing */
    char format[32];
    char prefix[16], suffix[16];
    int start;
    int display_levels;
} odt_level;

typedef struct odt_list_style {
    char *name;
    odt_level lv[ODT_MAX_LIST_DEPTH];
    int counter[ODT_MAX_LIST_DEPTH]; /* current value of each level */
    bool started[ODT_MAX_LIST_DEPTH];
} odt_list_style;

typedef struct odt_styles {
    odt_style *v;
    size_t n, cap;
    int *slot; /* hash: index + 1 */
    size_t nslot;
    odt_tprops defaults; /* style:default-style family paragraph */
    int default_align;
    odt_list_style *lists;
    size_t nlists, caplists;
    odt_map list_index; /* name → index into lists */
    char **fonts;       /* font-face name, family pairs */
    size_t nfonts, capfonts;
    odt_map font_index; /* face name → index of its pair */
} odt_styles;

struct odt;
/* Style elements of office:styles / office:automatic-styles /
 * office:font-face-decls: start and end of each element inside them. */
int odt_styles_start(struct odt *o, const gdh_xml_event *e);
int odt_styles_end(struct odt *o, const gdh_xml_event *e);
const odt_style *odt_style_find(const odt_styles *s, char family, const char *name);
odt_list_style *odt_list_style_find(odt_styles *s, const char *name);
void odt_styles_free(odt_styles *s);

/* A paragraph style resolved through its parents and the defaults. */
typedef struct odt_pstyle {
    int align, outline, break_before, break_after;
    const char *list_style; /* style:list-style-name */
    const char *display;    /* the nearest named style's name, NULL for the default */
    const char *role;       /* "title", "subtitle" or NULL */
    odt_run run;            /* the text properties it gives */
} odt_pstyle;
void odt_pstyle_resolve(const odt_styles *s, const char *name, odt_pstyle *out);
/* A text style (span) applied on top of the current run. */
void odt_run_apply(const odt_styles *s, const char *name, odt_run *run);

/* "12pt", "0.5in", "1cm" ... in points (0 when not a length). */
double odt_points(const char *v);
/* Number text of a list level ("一、", "1.2.", "(a)") for counters. */
void odt_number_text(const odt_list_style *ls, int level, char *out, size_t cap);

/* ---- the reader ---- */
typedef struct odt_para odt_para;
typedef struct odt_listctx odt_listctx;

enum { SEC_NONE = 0, SEC_META, SEC_FONTS, SEC_STYLES, SEC_BODY, SEC_SKIP };

typedef struct odt {
    gd_ctx *ctx;
    gd_doc *doc;
    gd_builder *b;
    gdh_zip *zip;
    gdh_xml_vocab *vocab;
    int rc;    /* first error; sticky */
    bool soft; /* reading an optional part: GD_EFORMAT is only a warning */
    char soft_msg[512];
    const char *part; /* the part being read (messages) */

    /* options */
    bool detect_title;
    bool numbering_text;

    odt_styles styles;
    int section; /* SEC_*: which top-level section the events are in */
    int section_depth;
    int skip_depth; /* > 0: ignoring the subtree that started at this depth */

    /* styles being read */
    odt_style *cur_style;
    odt_list_style *cur_list;
    odt_level *cur_level;
    bool automatic_section; /* in office:automatic-styles */
    bool in_default_style;  /* in style:default-style family paragraph */

    /* metadata being read */
    int meta_key;
    gdh_buf meta_text;
    gdh_buf keywords;
    char *author, *creator;

    struct odt_body *body; /* odt_body.c */
    unsigned warned;
} odt;

enum {
    WARN_SHAPE = 1u << 0,
    WARN_IMAGE = 1u << 1,
    WARN_REPEAT = 1u << 2,
    WARN_NEST = 1u << 3,
    WARN_STYLES = 1u << 4,
    WARN_OBJECT = 1u << 5,
};

int odt_fail(odt *o, int code, const char *fmt, ...) GD_PRINTF(3, 4);
/* Records the error of a host call (which put its reason on the context). */
int odt_rc(odt *o, int rc);
void odt_warn_once(odt *o, unsigned bit, const char *fmt, ...) GD_PRINTF(3, 4);
char *odt_strdup(const char *s);
/* An attribute of e as a malloc'ed string (NULL if absent or out of memory). */
char *odt_attr_dup(const gdh_xml_event *e, int ns, const char *name);

/* Parses one XML document (a part, or the whole flat file) with the
 * section dispatcher. */
int odt_parse_part(odt *o, const char *part);
/* The same handler for replaying recorded events. */
void odt_sax(odt *o, gdh_xml_sax *sax);
int odt_parse_flat(odt *o, const uint8_t *data, size_t len);

/* ---- the body (odt_body.c, odt_table.c) ---- */
int odt_body_new(odt *o);
int odt_body_start(odt *o, const gdh_xml_event *e);
int odt_body_end(odt *o, const gdh_xml_event *e);
int odt_body_text(odt *o, const char *s, size_t len);
int odt_body_finish(odt *o);
void odt_body_free(odt *o);
/* The title text the heuristic found (for the metadata), or NULL. */
const char *odt_body_title(odt *o);

/* Image bytes for an href (package path or external URL): the IMAGE url. */
const char *odt_image(odt *o, const char *href, const gdh_buf *inline_b64);

#endif
