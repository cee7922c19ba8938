/* fontconfig, loaded on first need (fc.c): a conversion whose look-ups are
 * all in the font cache (fontcache.c) never loads it, ~0.6 ms of every PDF
 * otherwise. The plugin includes this instead of <fontconfig/fontconfig.h>:
 * the Fc* functions it calls become calls through pw_fc, valid once
 * pw_fc_load() has returned true. */
#ifndef GD_PDF_FC_H
#define GD_PDF_FC_H

#include "dl.h"

#include <fontconfig/fontconfig.h>
#include <stdbool.h>

#define PW_FC_FUNCS(X)                                                                             \
    X(FcInitLoadConfigAndFonts)                                                                    \
    X(FcConfigDestroy)                                                                             \
    X(FcConfigGetConfigFiles)                                                                      \
    X(FcConfigGetFontDirs)                                                                         \
    X(FcConfigSubstitute)                                                                          \
    X(FcDefaultSubstitute)                                                                         \
    X(FcStrListNext)                                                                               \
    X(FcStrListDone)                                                                               \
    X(FcPatternCreate)                                                                             \
    X(FcPatternDestroy)                                                                            \
    X(FcPatternAddString)                                                                          \
    X(FcPatternAddCharSet)                                                                         \
    X(FcPatternGetString)                                                                          \
    X(FcPatternGetInteger)                                                                         \
    X(FcPatternGetCharSet)                                                                         \
    X(FcPatternGetLangSet)                                                                         \
    X(FcObjectSetBuild)                                                                            \
    X(FcObjectSetDestroy)                                                                          \
    X(FcFontList)                                                                                  \
    X(FcFontSort)                                                                                  \
    X(FcFontSetDestroy)                                                                            \
    X(FcCharSetCreate)                                                                             \
    X(FcCharSetAddChar)                                                                            \
    X(FcCharSetHasChar)                                                                            \
    X(FcCharSetDestroy)                                                                            \
    X(FcLangSetHasLang)

typedef struct pw_fc_api {
    PW_FC_FUNCS(PW_DL_MEMBER)
} pw_fc_api;

extern pw_fc_api pw_fc;

/* Loads fontconfig (once); false when it cannot be loaded. Thread-safe. */
bool pw_fc_load(void);

#ifndef PW_FC_IMPL
#define FcInitLoadConfigAndFonts pw_fc.FcInitLoadConfigAndFonts
#define FcConfigDestroy          pw_fc.FcConfigDestroy
#define FcConfigGetConfigFiles   pw_fc.FcConfigGetConfigFiles
#define FcConfigGetFontDirs      pw_fc.FcConfigGetFontDirs
#define FcConfigSubstitute       pw_fc.FcConfigSubstitute
#define FcDefaultSubstitute      pw_fc.FcDefaultSubstitute
#define FcStrListNext            pw_fc.FcStrListNext
#define FcStrListDone            pw_fc.FcStrListDone
#define FcPatternCreate          pw_fc.FcPatternCreate
#define FcPatternDestroy         pw_fc.FcPatternDestroy
#define FcPatternAddString       pw_fc.FcPatternAddString
#define FcPatternAddCharSet      pw_fc.FcPatternAddCharSet
#define FcPatternGetString       pw_fc.FcPatternGetString
#define FcPatternGetInteger      pw_fc.FcPatternGetInteger
#define FcPatternGetCharSet      pw_fc.FcPatternGetCharSet
#define FcPatternGetLangSet      pw_fc.FcPatternGetLangSet
#define FcObjectSetBuild         pw_fc.FcObjectSetBuild
#define FcObjectSetDestroy       pw_fc.FcObjectSetDestroy
#define FcFontList               pw_fc.FcFontList
#define FcFontSort               pw_fc.FcFontSort
#define FcFontSetDestroy         pw_fc.FcFontSetDestroy
#define FcCharSetCreate          pw_fc.FcCharSetCreate
#define FcCharSetAddChar         pw_fc.FcCharSetAddChar
#define FcCharSetHasChar         pw_fc.FcCharSetHasChar
#define FcCharSetDestroy         pw_fc.FcCharSetDestroy
#define FcLangSetHasLang         pw_fc.FcLangSetHasLang
#endif

#endif
