/* Shared between fonts.c (finding faces, metrics) and embed.c (subsetting
 * and handing the subsets to libharu). */
#ifndef GD_PDF_FONTS_INTERNAL_H
#define GD_PDF_FONTS_INTERNAL_H

#include "pdf.h"

#include <hb.h>

typedef struct pw_face {
    char *path;
    int index;
    char *family;
    hb_face_t *face;
    hb_font_t *font;
    unsigned upem;
    uint16_t *adv; /* BMP advance cache, 1/1000 em; 0xFFFF unknown, 0xFFFE missing */
} pw_face;

typedef struct pw_font_slot {
    pw_face *face;
    hb_set_t *used; /* code points drawn with this face */
    void *hfont;    /* HPDF_Font once embedded */
    int fd;         /* memfd holding the subset while libharu reads it */
} pw_font_slot;

#define PW_MAX_SLOTS 12
#define PW_MAX_ROLES 24
#define PW_MAX_NAMED 64

struct pw_fonts {
    gd_ctx *ctx;
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

/* embed.c: subsets every face a document used (hb-subset) and loads the
 * subsets into libharu; fixes each font's ToUnicode CMap (and adds the
 * CIDSet PDF/A-1 asks for) just before the file is saved. */
#include <hpdf.h>
#include <hpdf_objects.h>
int pw_fonts_embed(pw_fonts *f, HPDF_Doc pdf);
HPDF_Font pw_fonts_hpdf(pw_fonts *f, int slot);
int pw_fonts_finish(pw_fonts *f, HPDF_Doc pdf, bool pdfa);
void pw_fonts_release(pw_fonts *f);
/* Deflates a stream now, at `level`, instead of at libharu's level 6. */
int pw_precompress(HPDF_Dict d, int level);
#endif
