/* Fonts: the role table (formats/pdf/fonts.tsv), fontconfig look-ups, and
 * metrics from the font files' tables (sfnt.c). Faces (mmap'ed files,
 * advance caches) are shared by every document the process writes; which
 * glyphs a document uses is kept per document for subsetting (embed.c). */
#define _GNU_SOURCE
#include "fonts_internal.h"

#include "fc.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

extern const unsigned char gd_pdf_fonts_tsv[];
extern const size_t gd_pdf_fonts_tsv_len;

static const char *const role_names[PW_ROLE_COUNT] = {"song", "hei", "kai", "fangsong", "mono"};
enum { LATIN_SERIF, LATIN_SANS, LATIN_COUNT };
static const char *const latin_names[LATIN_COUNT] = {"serif", "sans"};

/* ---- process-wide state: the parsed table, fontconfig, open faces ---- */

typedef struct name_rule {
    char *name;
    int role;
    bool bold, contains;
} name_rule;

static struct {
    pthread_mutex_t lock;
    bool table_loaded;
    name_rule *rules;
    size_t nrules;
    char *families[PW_ROLE_COUNT]; /* ';'-separated */
    char *package[PW_ROLE_COUNT];
    char *latin[LATIN_COUNT];
    FcConfig *fc;
    pw_face *faces[32];
    size_t nfaces;
    /* Look-ups done once per process: roles, and source font names. */
    bool roles_resolved;
    pw_face *role_face[PW_ROLE_COUNT], *latin_face[LATIN_COUNT];
    struct {
        char *name;
        pw_face *face; /* NULL: not installed, or not embeddable */
        bool present;  /* installed (embeddable or not) */
    } names[64];
    size_t nnames;
} G = {.lock = PTHREAD_MUTEX_INITIALIZER};

static char *xstrndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = 0;
    }
    return p;
}

static int role_by_name(const char *s, size_t n)
{
    for (int i = 0; i < PW_ROLE_COUNT; i++)
        if (strlen(role_names[i]) == n && strncmp(role_names[i], s, n) == 0) return i;
    return -1;
}

/* Splits one TSV line into at most 4 fields (pointers into `line`). */
static int split_fields(char *line, char *f[4])
{
    int n = 0;
    char *p = line;
    while (n < 4 && p) {
        f[n++] = p;
        p = strchr(p, '\t');
        if (p) *p++ = 0;
    }
    return n;
}

static int load_table(void)
{
    if (G.table_loaded) return GD_OK;
    char *text = xstrndup((const char *)gd_pdf_fonts_tsv, gd_pdf_fonts_tsv_len);
    if (!text) return GD_ENOMEM;
    size_t cap = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        size_t len = strlen(line);
        if (len && line[len - 1] == '\r') line[--len] = 0;
        if (!len || line[0] == '#') continue;
        char *f[4] = {0};
        int nf = split_fields(line, f);
        if (nf < 3) continue;
        if (strcmp(f[0], "latin") == 0) {
            for (int k = 0; k < LATIN_COUNT; k++)
                if (strcmp(f[1], latin_names[k]) == 0) {
                    free(G.latin[k]);
                    G.latin[k] = strdup(f[2]);
                }
        } else if (strcmp(f[0], "role") == 0) {
            int r = role_by_name(f[1], strlen(f[1]));
            if (r < 0) continue;
            free(G.families[r]);
            free(G.package[r]);
            G.families[r] = strdup(f[2]);
            G.package[r] = strdup(nf > 3 ? f[3] : "fonts-arphic-uming");
        } else if (strcmp(f[0], "map") == 0 || strcmp(f[0], "contains") == 0) {
            int r = role_by_name(f[2], strlen(f[2]));
            if (r < 0) continue;
            if (G.nrules == cap) {
                cap = cap ? cap * 2 : 64;
                name_rule *nr = realloc(G.rules, cap * sizeof *nr);
                if (!nr) break;
                G.rules = nr;
            }
            name_rule *rule = &G.rules[G.nrules++];
            rule->name = strdup(f[1]);
            rule->role = r;
            rule->bold = nf > 3 && strcmp(f[3], "bold") == 0;
            rule->contains = f[0][0] == 'c';
        }
    }
    free(text);
    G.table_loaded = true;
    return GD_OK;
}

/* Initialised only when a look-up is not in the font cache (fontcache.c):
 * loading the configuration and font list is most of fontconfig's cost. */
static FcConfig *fc_config(void)
{
    if (!G.fc) {
        if (!pw_fc_load()) return NULL;
        G.fc = FcInitLoadConfigAndFonts();
        pw_fcache_config_loaded(G.fc);
    }
    return G.fc;
}

static void face_free(pw_face *fa)
{
    if (!fa) return;
    for (int i = 0; i < 256; i++) free(fa->adv[i]);
    pw_cff_charset_free(&fa->cid);
    pw_sfnt_close(&fa->face);
    free(fa->psname);
    free(fa->path);
    free(fa->family);
    free(fa);
}

__attribute__((destructor)) static void fonts_cleanup(void)
{
    pw_fonts_prepare_end(); /* it may still be opening faces */
    for (size_t i = 0; i < G.nfaces; i++) face_free(G.faces[i]);
    G.nfaces = 0;
    for (size_t i = 0; i < G.nrules; i++) free(G.rules[i].name);
    free(G.rules);
    G.rules = NULL;
    G.nrules = 0;
    for (int r = 0; r < PW_ROLE_COUNT; r++) {
        free(G.families[r]);
        free(G.package[r]);
        G.families[r] = G.package[r] = NULL;
    }
    for (int k = 0; k < LATIN_COUNT; k++) {
        free(G.latin[k]);
        G.latin[k] = NULL;
    }
    G.table_loaded = false;
    for (size_t i = 0; i < G.nnames; i++) free(G.names[i].name);
    G.nnames = 0;
    G.roles_resolved = false;
    if (G.fc) FcConfigDestroy(G.fc);
    G.fc = NULL;
    pw_fcache_reset();
}

static bool has_table(const pw_sfnt *face, uint32_t tag)
{
    size_t n;
    return pw_sfnt_table(face, tag, &n) != NULL;
}

static int16_t s16(const uint8_t *p)
{
    return (int16_t)pw_be16(p);
}

/* Metrics for the FontDescriptor, in 1/1000 em. */
static void face_metrics(pw_face *fa)
{
    size_t n;
    const uint8_t *d = pw_sfnt_table(&fa->face, PW_TAG('h', 'e', 'a', 'd'), &n);
    int u = (int)fa->face.upem;
    if (n >= 54)
        for (int i = 0; i < 4; i++) fa->bbox[i] = s16(d + 36 + 2 * i) * 1000 / u;
    d = pw_sfnt_table(&fa->face, PW_TAG('h', 'h', 'e', 'a'), &n);
    if (n >= 8) {
        fa->ascent = s16(d + 4) * 1000 / u;
        fa->descent = s16(d + 6) * 1000 / u;
    } else {
        fa->ascent = fa->bbox[3];
        fa->descent = fa->bbox[1];
    }
    fa->cap_height = fa->ascent;
    d = pw_sfnt_table(&fa->face, PW_TAG('O', 'S', '/', '2'), &n);
    if (n >= 90 && pw_be16(d) >= 2 && s16(d + 88) > 0) fa->cap_height = s16(d + 88) * 1000 / u;
}

/* The PostScript name (name ID 6), letters, digits and '-' only. */
static char *ps_name(const pw_sfnt *face, const char *family)
{
    char buf[128];
    if (!pw_sfnt_name(face, 6, buf, sizeof buf))
        snprintf(buf, sizeof buf, "%s", family ? family : "Font");
    char out[64];
    size_t o = 0;
    for (const char *p = buf; *p && o + 1 < sizeof out; p++)
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            *p == '-' || *p == '_')
            out[o++] = *p;
    if (!o) out[o++] = 'F';
    out[o] = 0;
    return strdup(out);
}

/* Opens (or finds in the cache) a face; NULL if it cannot be embedded:
 * TrueType (glyf) and CID-keyed CFF outlines can. Called with G.lock held. */
static pw_face *face_get(const char *path, int index, const char *family, const char **why)
{
    for (size_t i = 0; i < G.nfaces; i++)
        if (G.faces[i]->index == index && strcmp(G.faces[i]->path, path) == 0) return G.faces[i];
    if (G.nfaces == sizeof G.faces / sizeof *G.faces) {
        *why = "too many fonts";
        return NULL;
    }
    pw_sfnt face;
    if (!pw_sfnt_open(&face, path, (unsigned)index)) {
        *why = "cannot be read";
        return NULL;
    }
    pw_cff_charset cid = {0};
    bool cff = false;
    if (!has_table(&face, PW_TAG('c', 'm', 'a', 'p')) ||
        (!has_table(&face, PW_TAG('g', 'l', 'y', 'f')) &&
         !has_table(&face, PW_TAG('C', 'F', 'F', ' ')))) {
        pw_sfnt_close(&face);
        *why = "is not a TrueType or OpenType font";
        return NULL;
    }
    if (!has_table(&face, PW_TAG('g', 'l', 'y', 'f'))) {
        size_t n;
        const uint8_t *d = pw_sfnt_table(&face, PW_TAG('C', 'F', 'F', ' '), &n);
        if (pw_cff_charset_read(d, n, &cid)) {
            pw_sfnt_close(&face);
            *why = "has name-keyed CFF outlines, which cannot be embedded as a CID font";
            return NULL;
        }
        cff = true;
    }
    pw_face *fa = calloc(1, sizeof *fa);
    if (!fa) {
        pw_cff_charset_free(&cid);
        pw_sfnt_close(&face);
        *why = "out of memory";
        return NULL;
    }
    fa->path = strdup(path);
    fa->index = index;
    fa->face = face;
    fa->cff = cff;
    fa->cid = cid;
    if (family) {
        fa->family = strdup(family);
    } else {
        /* Name the face by its family name (name ID 1). */
        char buf[256];
        fa->family = strdup(pw_sfnt_name(&face, 1, buf, sizeof buf) ? buf : path);
    }
    fa->psname = ps_name(&face, fa->family);
    face_metrics(fa);
    G.faces[G.nfaces++] = fa;
    return fa;
}

int pw_face_milli(pw_face *fa, uint32_t gid)
{
    unsigned adv = pw_sfnt_advance(&fa->face, gid);
    unsigned milli = adv * 1000u / fa->face.upem;
    return (int)(milli > 0xFFF0 ? 0xFFF0 : milli);
}

/* Advance of `cp` in em (as the W array states it: 1/1000 em, truncated),
 * or -1 when the face has no glyph. Caller holds no lock: the cache is
 * filled idempotently. */
static float face_advance(pw_face *fa, uint32_t cp)
{
    if (cp < 0x10000) {
        uint16_t *blk = fa->adv[cp >> 8];
        if (!blk) {
            if (!(blk = malloc(256 * sizeof *blk))) return -1;
            memset(blk, 0xFF, 256 * sizeof *blk);
            fa->adv[cp >> 8] = blk;
        }
        uint16_t v = blk[cp & 0xFF];
        if (v == 0xFFFF) {
            uint32_t gid = pw_sfnt_glyph(&fa->face, cp);
            if (gid == 0)
                v = 0xFFFE;
            else
                v = (uint16_t)pw_face_milli(fa, gid);
            blk[cp & 0xFF] = v;
        }
        return v == 0xFFFE ? -1.0f : v / 1000.0f;
    }
    uint32_t gid = pw_sfnt_glyph(&fa->face, cp);
    if (gid == 0) return -1.0f;
    return (float)pw_face_milli(fa, gid) / 1000.0f;
}

/* ---- fontconfig look-ups ---- */

static bool family_matches(FcPattern *m, const char *want)
{
    FcChar8 *fam;
    for (int i = 0; FcPatternGetString(m, FC_FAMILY, i, &fam) == FcResultMatch; i++)
        if (strcasecmp((const char *)fam, want) == 0) return true;
    return false;
}

static bool usable_format(const FcChar8 *fmt)
{
    return strcmp((const char *)fmt, "TrueType") == 0 || strcmp((const char *)fmt, "CFF") == 0;
}

/* The installed face whose family is exactly `family`, or NULL; *present
 * tells whether some face of that family is installed (but cannot be
 * embedded: a bitmap or Type 1 font, a name-keyed CFF). */
static pw_face *fc_find_family(const char *family, bool *present)
{
    *present = false;
    FcConfig *fc = fc_config();
    if (!fc) return NULL;
    /* A list, not a sort: the families are exact names, and listing is a
     * fraction of the cost of sorting every installed font. Of the faces
     * listed, the upright one of regular weight and width. */
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_FAMILY, (const FcChar8 *)family);
    FcObjectSet *os = FcObjectSetBuild(FC_FAMILY, FC_FILE, FC_INDEX, FC_FONTFORMAT, FC_WEIGHT,
                                       FC_SLANT, FC_WIDTH, NULL);
    FcFontSet *set = os ? FcFontList(fc, p, os) : NULL;
    int best = -1;
    double best_score = 1e9;
    for (int i = 0; set && i < set->nfont; i++) {
        FcPattern *m = set->fonts[i];
        FcChar8 *file, *fmt;
        if (!family_matches(m, family)) continue;
        *present = true;
        if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) continue;
        if (FcPatternGetString(m, FC_FONTFORMAT, 0, &fmt) == FcResultMatch && !usable_format(fmt))
            continue;
        int weight = FC_WEIGHT_REGULAR, slant = FC_SLANT_ROMAN, width = FC_WIDTH_NORMAL, index = 0;
        FcPatternGetInteger(m, FC_WEIGHT, 0, &weight);
        FcPatternGetInteger(m, FC_SLANT, 0, &slant);
        FcPatternGetInteger(m, FC_WIDTH, 0, &width);
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        double score = abs(weight - FC_WEIGHT_REGULAR) + (slant != FC_SLANT_ROMAN) * 1000 +
                       abs(width - FC_WIDTH_NORMAL) * 2 + index * 0.01;
        if (score < best_score) {
            best_score = score;
            best = i;
        }
    }
    pw_face *found = NULL;
    FcChar8 *file = NULL;
    int index = 0;
    if (best >= 0) {
        FcPatternGetString(set->fonts[best], FC_FILE, 0, &file);
        FcPatternGetInteger(set->fonts[best], FC_INDEX, 0, &index);
        const char *why;
        found = face_get((const char *)file, index, family, &why);
    }
    /* The file chosen, embeddable or not: face_get decides again on a hit. */
    if (fc) pw_fcache_put('f', family, (const char *)file, index, *present);
    if (set) FcFontSetDestroy(set);
    if (os) FcObjectSetDestroy(os);
    FcPatternDestroy(p);
    return found;
}

static pw_face *find_family(const char *family, bool *present)
{
    bool pres;
    char *file;
    int index;
    if (!pw_fcache_get('f', family, &file, &index, &pres))
        return fc_find_family(family, present ? present : &pres);
    if (present) *present = pres;
    const char *why;
    pw_face *fa = file ? face_get(file, index, family, &why) : NULL;
    free(file);
    return fa;
}

/* Any embeddable face covering `cp` (lang zh-cn preferred), or NULL. */
static pw_face *fc_find_covering(uint32_t cp)
{
    FcConfig *fc = fc_config();
    if (!fc) return NULL;
    FcPattern *p = FcPatternCreate();
    FcPatternAddString(p, FC_LANG, (const FcChar8 *)"zh-cn");
    FcCharSet *cs = NULL;
    if (cp) {
        cs = FcCharSetCreate();
        FcCharSetAddChar(cs, cp);
        FcPatternAddCharSet(p, FC_CHARSET, cs);
    }
    FcConfigSubstitute(fc, p, FcMatchPattern);
    FcDefaultSubstitute(p);
    FcResult res;
    FcFontSet *set = FcFontSort(fc, p, FcFalse, NULL, &res);
    pw_face *found = NULL;
    /* TrueType first: a TrueType subset costs microseconds, a CFF one
     * (hb-subset over a 65 000-glyph CID font) milliseconds. */
    for (int k = 0; set && k < 2 * set->nfont && !found && k < 128; k++) {
        int i = k % set->nfont;
        bool want_cff = k >= set->nfont;
        FcPattern *m = set->fonts[i];
        FcChar8 *file, *fmt;
        FcCharSet *have;
        int index = 0;
        if (i >= 64) continue;
        if (FcPatternGetString(m, FC_FONTFORMAT, 0, &fmt) != FcResultMatch || !usable_format(fmt) ||
            (strcmp((const char *)fmt, "CFF") == 0) != want_cff)
            continue;
        if (cp && (FcPatternGetCharSet(m, FC_CHARSET, 0, &have) != FcResultMatch ||
                   !FcCharSetHasChar(have, cp)))
            continue;
        if (!cp) {
            FcChar8 *lang;
            FcLangSet *ls;
            (void)lang;
            if (FcPatternGetLangSet(m, FC_LANG, 0, &ls) != FcResultMatch ||
                FcLangSetHasLang(ls, (const FcChar8 *)"zh-cn") == FcLangDifferentLang)
                continue;
        }
        if (FcPatternGetString(m, FC_FILE, 0, &file) != FcResultMatch) continue;
        FcPatternGetInteger(m, FC_INDEX, 0, &index);
        const char *why;
        found = face_get((const char *)file, index, NULL, &why);
    }
    if (set) FcFontSetDestroy(set);
    if (cs) FcCharSetDestroy(cs);
    FcPatternDestroy(p);
    char key[16];
    snprintf(key, sizeof key, "%x", (unsigned)cp);
    pw_fcache_put('c', key, found ? found->path : NULL, found ? found->index : 0, found != NULL);
    return found;
}

static pw_face *find_covering(uint32_t cp)
{
    char key[16], *file;
    int index;
    bool present;
    snprintf(key, sizeof key, "%x", (unsigned)cp);
    if (!pw_fcache_get('c', key, &file, &index, &present)) return fc_find_covering(cp);
    const char *why;
    pw_face *fa = file ? face_get(file, index, NULL, &why) : NULL;
    free(file);
    return fa;
}

static pw_face *find_list(const char *list)
{
    for (const char *p = list; p && *p;) {
        const char *semi = strchr(p, ';');
        size_t n = semi ? (size_t)(semi - p) : strlen(p);
        char fam[128];
        if (n && n < sizeof fam) {
            memcpy(fam, p, n);
            fam[n] = 0;
            pw_face *fa = find_family(fam, NULL);
            if (fa) return fa;
        }
        p = semi ? semi + 1 : p + n;
    }
    return NULL;
}

/* find_family, remembered for the process (G.lock held). */
static pw_face *cached_family(const char *name, bool *present)
{
    for (size_t i = 0; i < G.nnames; i++)
        if (strcmp(G.names[i].name, name) == 0) {
            *present = G.names[i].present;
            return G.names[i].face;
        }
    pw_face *fa = find_family(name, present);
    if (G.nnames < sizeof G.names / sizeof *G.names) {
        G.names[G.nnames].name = strdup(name);
        G.names[G.nnames].face = fa;
        G.names[G.nnames].present = *present;
        if (G.names[G.nnames].name) G.nnames++;
    }
    return fa;
}

static pw_face *find_role(int role)
{
    return find_list(G.families[role]);
}

/* ---- per-document font set ---- */

static int add_slot(pw_fonts *f, pw_face *fa)
{
    for (int i = 0; i < f->nslots; i++)
        if (f->slots[i].face == fa) return i;
    if (f->nslots == PW_MAX_SLOTS) return -1;
    pw_font_slot *s = &f->slots[f->nslots];
    s->face = fa;
    s->cp2code = s->gid2code = (pw_map){0};
    return f->nslots++;
}

static int add_role(pw_fonts *f, int slot)
{
    if (f->nroles == PW_MAX_ROLES) return -1;
    f->role_slot[f->nroles] = slot;
    f->latin_slot[f->nroles] = -1;
    return f->nroles++;
}

/* A font file named without a directory that is not in the current one
 * (-O pdf.font=NotoSerifCJK-Regular.ttc): the installed file of that name. */
static char *fc_installed_file(const char *name)
{
    FcConfig *fc = fc_config();
    if (!fc) return NULL;
    FcPattern *p = FcPatternCreate();
    FcObjectSet *os = FcObjectSetBuild(FC_FILE, NULL);
    FcFontSet *set = FcFontList(fc, p, os);
    char *found = NULL;
    for (int i = 0; set && i < set->nfont && !found; i++) {
        FcChar8 *file;
        if (FcPatternGetString(set->fonts[i], FC_FILE, 0, &file) != FcResultMatch) continue;
        const char *base = strrchr((const char *)file, '/');
        base = base ? base + 1 : (const char *)file;
        if (strcmp(base, name) == 0) found = strdup((const char *)file);
    }
    if (set) FcFontSetDestroy(set);
    FcObjectSetDestroy(os);
    FcPatternDestroy(p);
    pw_fcache_put('n', name, found, 0, found != NULL);
    return found;
}

static char *installed_file(const char *name)
{
    char *file;
    int index;
    bool present;
    if (!pw_fcache_get('n', name, &file, &index, &present)) return fc_installed_file(name);
    return file;
}

/* The face of a collection to use: the simplified-Chinese one (family
 * ending in SC, CN or GB: Noto CJK's .ttc starts with the Japanese face),
 * else the first. */
static int collection_index(const char *path)
{
    pw_sfnt face;
    if (!pw_sfnt_open(&face, path, 0)) return 0;
    unsigned n = pw_sfnt_faces(&face), best = 0;
    for (unsigned i = 0; n > 1 && i < n && i < 32; i++) {
        pw_sfnt_select(&face, i);
        char buf[256];
        size_t len = pw_sfnt_name(&face, 1, buf, sizeof buf);
        if (len >= 3 && (strcmp(buf + len - 3, " SC") == 0 || strcmp(buf + len - 3, " CN") == 0 ||
                         strcmp(buf + len - 3, " GB") == 0)) {
            best = i;
            break;
        }
    }
    pw_sfnt_close(&face);
    return (int)best;
}

static int face_from_path(pw_fonts *f, gd_ctx *ctx, const char *path, pw_face **out)
{
    const char *why = "cannot be read";
    char *found = NULL;
    pthread_mutex_lock(&G.lock);
    if (!strchr(path, '/') && access(path, R_OK) != 0) found = installed_file(path);
    const char *file = found ? found : path;
    *out = face_get(file, collection_index(file), NULL, &why);
    pthread_mutex_unlock(&G.lock);
    free(found);
    if (!*out) return gd_ctx_error(ctx, GD_EUSER, "font %s %s", path, why);
    (void)f;
    return GD_OK;
}

/* The faces of the roles and the Latin companions (G.lock held). */
static void resolve_roles(void)
{
    for (int r = 0; r < PW_ROLE_COUNT; r++) G.role_face[r] = find_role(r);
    for (int k = 0; k < LATIN_COUNT; k++) G.latin_face[k] = find_list(G.latin[k]);
    /* Nothing from the table: any embeddable face that covers Chinese. */
    pw_face *any = NULL;
    for (int r = 0; r < PW_ROLE_MONO; r++)
        if (!G.role_face[r]) {
            if (!any) any = find_covering(0);
            G.role_face[r] = any;
        }
    G.roles_resolved = true;
}

/* A fork while the second thread opens the fonts ahead (a reader's
 * sandbox, during the read: pw_fonts_prepare) waits for the fonts lock,
 * under which that thread does all its work: the child never holds a copy
 * of a look-up half done (fontconfig being loaded, its locks taken). */
static void fork_lock(void)
{
    pthread_mutex_lock(&G.lock);
}

static void fork_unlock(void)
{
    pthread_mutex_unlock(&G.lock);
}

static void register_fork_lock(void)
{
    (void)pthread_atfork(fork_lock, fork_unlock, fork_unlock);
}

void pw_fonts_fork_safe(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, register_fork_lock);
}

void pw_fonts_warm(void)
{
    pthread_mutex_lock(&G.lock);
    if (load_table() == GD_OK && !G.roles_resolved) resolve_roles();
    pthread_mutex_unlock(&G.lock);
}

int pw_fonts_open(pw_fonts **out, gd_ctx *ctx, const char *body_path, const char *heading_path)
{
    *out = NULL;
    pw_fonts *f = calloc(1, sizeof *f);
    if (!f) return GD_ENOMEM;
    f->ctx = ctx;
    pw_fonts_helper_start(f);
    pthread_mutex_lock(&G.lock);
    int rc = load_table();
    if (rc == GD_OK && !G.roles_resolved) resolve_roles();
    pw_face *role_face[PW_ROLE_COUNT], *latin_face[LATIN_COUNT];
    memcpy(role_face, G.role_face, sizeof role_face);
    memcpy(latin_face, G.latin_face, sizeof latin_face);
    pthread_mutex_unlock(&G.lock);
    if (rc) {
        pw_fonts_helper_end(f);
        free(f);
        return rc;
    }
    pw_face *body = NULL, *heading = NULL;
    if (body_path && *body_path && (rc = face_from_path(f, ctx, body_path, &body))) {
        pw_fonts_helper_end(f);
        free(f);
        return rc;
    }
    if (heading_path && *heading_path && (rc = face_from_path(f, ctx, heading_path, &heading))) {
        pw_fonts_helper_end(f);
        free(f);
        return rc;
    }
    if (body) role_face[PW_ROLE_SONG] = role_face[PW_ROLE_KAI] = role_face[PW_ROLE_FANGSONG] = body;
    if (heading) role_face[PW_ROLE_HEI] = heading;
    for (int r = 0; r < PW_ROLE_COUNT; r++)
        if (!role_face[r]) role_face[r] = role_face[PW_ROLE_SONG] ? role_face[PW_ROLE_SONG] : body;
    if (!role_face[PW_ROLE_SONG]) {
        pw_fonts_helper_end(f);
        free(f);
        return gd_ctx_error(ctx, GD_ENOTSUPPORTED,
                            "no Chinese font that can be embedded (TrueType or OpenType) is "
                            "installed: install the Debian package %s (and fonts-wqy-microhei, "
                            "fonts-arphic-ukai) or fonts-noto-cjk, or give -O pdf.font=FILE",
                            G.package[PW_ROLE_SONG] ? G.package[PW_ROLE_SONG]
                                                    : "fonts-arphic-uming");
    }
    for (int r = 0; r < PW_ROLE_COUNT; r++) {
        int s = add_slot(f, role_face[r]);
        add_role(f, s);
    }
    /* Latin companions, unless a font file was given for the role. */
    for (int r = 0; r < PW_MAX_ROLES; r++) f->latin_slot[r] = -1;
    for (int r = 0; r < PW_ROLE_COUNT; r++) {
        bool given = r == PW_ROLE_HEI ? heading != NULL : body != NULL;
        pw_face *lf =
            r == PW_ROLE_MONO ? NULL : latin_face[r == PW_ROLE_HEI ? LATIN_SANS : LATIN_SERIF];
        if (!given && lf) f->latin_slot[r] = add_slot(f, lf);
    }
    f->explicit_body = body != NULL;
    *out = f;
    return GD_OK;
}

/* The role the table's rules give a font name, or -1 (G.lock held). */
static int rule_role(const char *name, bool *bold)
{
    for (size_t i = 0; i < G.nrules; i++)
        if (!G.rules[i].contains && strcasecmp(G.rules[i].name, name) == 0) {
            *bold = G.rules[i].bold;
            return G.rules[i].role;
        }
    for (size_t i = 0; i < G.nrules; i++)
        if (G.rules[i].contains && strcasestr(name, G.rules[i].name)) {
            *bold = G.rules[i].bold;
            return G.rules[i].role;
        }
    return -1;
}

void pw_fonts_read_ahead(pw_fonts *f, const gd_node *root)
{
    if (!f->helper || !root) return;
    const char *names[32];
    size_t nn = 0;
    gd_iter *it;
    if (gd_iter_new(&it, root) != GD_OK) return;
    gd_event ev;
    while ((ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        const gd_node *t = gd_iter_node(it);
        if (ev != GD_EVENT_ENTER || gd_node_get_type(t) != GD_NODE_TEXT) continue;
        const char *font = gd_node_attr(t, "font");
        if (!font || !*font) continue;
        size_t k = 0;
        while (k < nn && strcmp(names[k], font) != 0) k++;
        if (k == nn && nn < sizeof names / sizeof *names) names[nn++] = font;
    }
    gd_iter_free(it);
    /* A font named exactly is its own face (pw_fonts_role_for_name); the
     * others are drawn in the body face unless a rule gives them a role
     * with another face (as 黑体). */
    int bs = f->role_slot[PW_ROLE_SONG];
    pw_face *body = f->slots[bs].face;
    pw_buf others = {0};
    for (size_t k = 0; k < nn; k++) {
        bool present, bold;
        pthread_mutex_lock(&G.lock);
        pw_face *fa = f->explicit_body ? NULL : cached_family(names[k], &present);
        int r = fa ? -1 : rule_role(names[k], &bold);
        pthread_mutex_unlock(&G.lock);
        if (fa && fa->cff) pw_fonts_post_text(f, add_slot(f, fa), root, names[k], NULL);
        if ((fa && fa != body) || (r >= 0 && f->slots[f->role_slot[r]].face != body)) {
            pw_buf_puts(&others, names[k]);
            pw_buf_put(&others, "\n", 1);
        }
    }
    pw_buf_put(&others, "", 1);
    if (body->cff && !others.oom)
        pw_fonts_post_text(f, bs, root, NULL, others.v); /* takes others.v */
    else
        pw_buf_free(&others);
}

void pw_fonts_close(pw_fonts *f)
{
    if (!f) return;
    pw_fonts_helper_end(f); /* when the fonts were not written (an error) */
    /* New answers from fontconfig, for the next process. */
    pthread_mutex_lock(&G.lock);
    pw_fcache_save();
    pthread_mutex_unlock(&G.lock);
    for (int i = 0; i < f->nslots; i++) {
        pw_font_slot *s = &f->slots[i];
        pw_map_free(&s->cp2code);
        pw_map_free(&s->gid2code);
        free(s->gid);
        free(s->ucs);
        free(s->code);
    }
    for (size_t i = 0; i < f->nwarned; i++) free(f->warned[i]);
    free(f->warned);
    free(f);
}

static bool warned_before(pw_fonts *f, const char *key)
{
    for (size_t i = 0; i < f->nwarned; i++)
        if (strcmp(f->warned[i], key) == 0) return true;
    char **nw = realloc(f->warned, (f->nwarned + 1) * sizeof *nw);
    if (!nw) return true;
    f->warned = nw;
    f->warned[f->nwarned++] = strdup(key);
    return false;
}

int pw_fonts_role_for_name(pw_fonts *f, const char *name, int fallback, bool *bold)
{
    *bold = false;
    if (!name || !*name) return fallback;
    /* A font given by path replaces every body role: no substitution to report. */
    for (size_t i = 0; i < f->nnamed; i++)
        if (strcmp(f->named[i].name, name) == 0) {
            *bold = f->named[i].bold;
            return f->named[i].role;
        }
    int role = -1;
    pw_face *exact = NULL;
    bool present = false;
    pthread_mutex_lock(&G.lock);
    if (!f->explicit_body) exact = cached_family(name, &present);
    if (!exact) role = rule_role(name, bold);
    pthread_mutex_unlock(&G.lock);
    if (exact) {
        int s = add_slot(f, exact);
        role = s >= 0 ? add_role(f, s) : -1;
        if (role < 0) role = fallback;
    } else {
        if (role < 0) role = fallback;
        /* A font file given with -O replaces the role: the user's choice. */
        bool given = f->explicit_body && role != PW_ROLE_HEI;
        if (!given && !warned_before(f, name)) {
            const char *fam = f->slots[f->role_slot[role]].face->family;
            gd_ctx_warn(f->ctx, "font '%s' is %s: using '%s'%s", name,
                        present ? "installed but cannot be embedded (not TrueType or OpenType)"
                                : "not installed",
                        fam, *bold ? " emboldened" : "");
        }
    }
    if (f->nnamed < PW_MAX_NAMED) {
        f->named[f->nnamed].name = name;
        f->named[f->nnamed].role = role;
        f->named[f->nnamed].bold = *bold;
        f->nnamed++;
    }
    return role;
}

int pw_fonts_slot_for(pw_fonts *f, int role, uint32_t cp)
{
    if (role < 0 || role >= f->nroles) role = PW_ROLE_SONG;
    int s = f->role_slot[role];
    /* Letters, digits and ASCII punctuation from the Latin companion; the
     * middle dot and everything from U+2000 on (quotes, dashes) stay CJK. */
    int ls = f->latin_slot[role];
    if (ls >= 0 && cp < 0x2000 && cp != 0xB7 && face_advance(f->slots[ls].face, cp) >= 0) return ls;
    if (face_advance(f->slots[s].face, cp) >= 0) return s;
    for (int i = 0; i < f->nslots; i++)
        if (i != s && face_advance(f->slots[i].face, cp) >= 0) return i;
    /* fontconfig is asked about a few dozen characters per document at
     * most: a text full of unknown characters must not cost a font sort
     * each. */
    if (f->nmissing == sizeof f->missing / sizeof *f->missing) return -1;
    for (size_t i = 0; i < f->nmissing; i++)
        if (f->missing[i] == cp) return -1;
    pthread_mutex_lock(&G.lock);
    pw_face *fa = f->nslots < PW_MAX_SLOTS ? find_covering(cp) : NULL;
    pthread_mutex_unlock(&G.lock);
    int slot = fa && face_advance(fa, cp) >= 0 ? add_slot(f, fa) : -1;
    if (slot < 0 && f->nmissing < sizeof f->missing / sizeof *f->missing)
        f->missing[f->nmissing++] = cp;
    return slot;
}

float pw_fonts_advance(pw_fonts *f, int slot, uint32_t cp)
{
    float a = face_advance(f->slots[slot].face, cp);
    return a < 0 ? 0.5f : a;
}

/* Glyphs are registered when a page is written (pw_fonts_code): only what
 * is drawn is embedded, not what was measured. */
void pw_fonts_use(pw_fonts *f, int slot, uint32_t cp)
{
    (void)f;
    (void)slot;
    (void)cp;
}
