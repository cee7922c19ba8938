/* Shared between fonts.c (finding faces, metrics), embed.c (the font
 * objects of the PDF), ttsub.c (TrueType subsets) and cff.c (CFF). */
#ifndef GD_PDF_FONTS_INTERNAL_H
#define GD_PDF_FONTS_INTERNAL_H

#include "map.h"
#include "pdf.h"
#include "pdfout.h"
#include "sfnt.h"

/* A CID-keyed CFF's charset, read in place (cff.c). */
typedef struct pw_cff_charset {
    const uint8_t *d; /* the CFF table */
    size_t charset;   /* the charset's offset in it */
    uint8_t fmt;
    unsigned nglyphs;
    uint32_t *range_gid; /* formats 1 and 2: each range's first glyph */
    unsigned nranges;
} pw_cff_charset;

typedef struct pw_face {
    char *path;
    int index;
    char *family;
    char *psname; /* PostScript name, for /BaseFont */
    pw_sfnt face; /* the mapped file's tables (units per em, glyph count …) */
    /* BMP advance cache, 1/1000 em; 0xFFFF unknown, 0xFFFE missing; in
     * blocks of 256 code points made on first use (a flat 128 KB table
     * cleared per face cost more than the look-ups it saved) */
    uint16_t *adv[256];
    bool cff;           /* CID-keyed CFF outlines (else TrueType glyf) */
    pw_cff_charset cid; /* CFF: glyph -> CID, read in place from the table */
    int bbox[4];        /* 1/1000 em */
    int ascent, descent, cap_height;
} pw_face;

typedef struct pw_cff_glyphs pw_cff_glyphs;

/* One face as one document uses it: the glyphs drawn, in first-use order,
 * with the code each is drawn with (TrueType: the glyph's place in the
 * subset, 1, 2, 3 …; CFF: its CID). */
typedef struct pw_font_slot {
    pw_face *face;
    pw_map cp2code;  /* code point -> code + 1 */
    pw_map gid2code; /* original glyph -> code + 1 */
    uint32_t *gid;   /* i -> original glyph, in first-use order */
    uint32_t *ucs;   /* i -> code point (the first that used the glyph) */
    uint16_t *code;  /* i -> code */
    size_t n, cap;
    uint32_t obj; /* the Type0 font object, once drawn */
    /* CFF: glyphs read ahead by the second thread (embed.c), the first
     * `posted` glyphs handed to it; `ahead` is the thread's until the
     * programs are made. */
    pw_cff_glyphs *ahead;
    bool ahead_tried;
    size_t posted;
} pw_font_slot;

#define PW_MAX_SLOTS 16
#define PW_MAX_ROLES 24
#define PW_MAX_NAMED 64

struct pw_helper;

struct pw_fonts {
    gd_ctx *ctx;
    struct pw_helper *helper; /* the second thread (embed.c), NULL: none */
    pw_font_slot slots[PW_MAX_SLOTS];
    int nslots;
    int role_slot[PW_MAX_ROLES];
    int latin_slot[PW_MAX_ROLES]; /* -1: the role's own face draws Latin too */
    int nroles;
    bool explicit_body;
    struct {
        const char *name;
        int role;
        bool bold;
    } named[PW_MAX_NAMED];
    size_t nnamed;
    char **warned;
    size_t nwarned;
    uint32_t missing[64];
    size_t nmissing;
};

/* ttsub.c: a TrueType font of glyph 0 then `gids` in that order (plus the
 * components of composite glyphs after them). */
int pw_tt_subset(const pw_sfnt *face, const uint32_t *gids, size_t ngids, uint8_t **out,
                 size_t *outlen);
/* The same, reading the glyph records from the font file `path` (the
 * face's) with pread instead of through the mapping. */
int pw_tt_subset_file(const pw_sfnt *face, const char *path, const uint32_t *gids, size_t ngids,
                      uint8_t **out, size_t *outlen);
/* cff.c: the charset of a CID-keyed CFF table (GD_ERROR: not CID-keyed;
 * `d` must outlive it); glyph -> CID (0 out of range). */
int pw_cff_charset_read(const uint8_t *d, size_t n, pw_cff_charset *out);
unsigned pw_cff_cid(const pw_cff_charset *cs, uint32_t gid);
void pw_cff_charset_free(pw_cff_charset *cs);
/* Glyphs of a CFF face read ahead, as pages are laid out, for its subset
 * (NULL when our own subsetter does not take the face). Read from the
 * file `path` (the face's); one thread at a time. */
pw_cff_glyphs *pw_cff_glyphs_new(const pw_sfnt *face, const char *path, const pw_cff_charset *cids);
void pw_cff_glyphs_read(pw_cff_glyphs *g, const uint32_t *gids, size_t n);
void pw_cff_glyphs_free(pw_cff_glyphs *g);
/* The CFF table of a subset holding `gids` (CIDs kept), with what `ahead`
 * read (NULL: all read now) from the file `path` (the face's). */
int pw_cff_subset(const pw_sfnt *face, const char *path, const pw_cff_charset *cids,
                  pw_cff_glyphs *ahead, const uint32_t *gids, size_t ngids, uint8_t **out,
                  size_t *outlen);

/* fontcache.c: fontconfig's answers kept across processes (see there);
 * called with fonts.c's lock held. KIND: 'f' family -> file, 'c' code
 * point (hex) -> covering file, 'n' file name -> installed path. get: true
 * if known (*path NULL: known to be absent; free it). */
struct _FcConfig;
bool pw_fcache_get(char kind, const char *key, char **path, int *index, bool *present);
void pw_fcache_put(char kind, const char *key, const char *path, int index, bool present);
/* fontconfig has just been loaded: records what its answers depend on. */
void pw_fcache_config_loaded(struct _FcConfig *fc);
void pw_fcache_save(void);
void pw_fcache_reset(void);

/* embed.c */
/* The code that draws `cp` with `slot` (registering its glyph), or -1. */
int pw_fonts_code(pw_fonts *f, int slot, uint32_t cp);
/* The font's object number (reserved when first asked). */
uint32_t pw_fonts_obj(pw_fonts *f, int slot, pw_out *o);
/* A page is written: the CFF glyphs it drew first go to the second
 * thread to be read ahead. */
void pw_fonts_page_done(pw_fonts *f);
/* The second thread reads the glyphs of slot's CFF face for the text under
 * root whose font is `name` (the document's), or (name NULL) for the body
 * text in none of the fonts `others` (textglyphs.h; malloc'ed, taken),
 * before pages ask. */
void pw_fonts_post_text(pw_fonts *f, int slot, const gd_node *root, const char *name, char *others);
/* Writes the font objects of every face drawn. */
int pw_fonts_write(pw_fonts *f, pw_out *o, bool pdfa);
/* Starts the document's second thread (where there are two processors),
 * or takes the one pw_fonts_prepare started. */
void pw_fonts_helper_start(pw_fonts *f);
/* The process-wide part of opening fonts (the role table, the roles'
 * faces), which pw_fonts_open then finds done; run by the thread
 * pw_fonts_prepare starts. */
void pw_fonts_warm(void);
/* Makes a fork wait until pw_fonts_warm is done (before it is started). */
void pw_fonts_fork_safe(void);
/* Ends the thread pw_fonts_prepare started if no document took it (the
 * library's destructors, before the faces are freed). */
void pw_fonts_prepare_end(void);
/* Ends the second thread and frees what it read (pw_fonts_close). */
void pw_fonts_helper_end(pw_fonts *f);
/* 1/1000 em, as the W arrays state it. */
int pw_face_milli(pw_face *fa, uint32_t gid);
#endif
