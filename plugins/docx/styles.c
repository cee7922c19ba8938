/* styles.xml: paragraph and character styles with basedOn inheritance,
 * resolved once per style: run properties (bold, italic, ..., East-Asian
 * font) on top of docDefaults, heading level (built-in "heading N",
 * localized "标题 N", or an outline level in the chain), title/subtitle
 * role, numbering and alignment. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

void dx_rpr_init(dx_rpr *r)
{
    r->b = r->i = r->u = r->strike = r->vert = r->vanish = TRI_UNSET;
    r->sz = 0;
    r->font_ea = r->font_ascii = NULL;
}

void dx_rpr_apply(dx_rpr *dst, const dx_rpr *d)
{
    if (d->b != TRI_UNSET) dst->b = d->b;
    if (d->i != TRI_UNSET) dst->i = d->i;
    if (d->u != TRI_UNSET) dst->u = d->u;
    if (d->strike != TRI_UNSET) dst->strike = d->strike;
    if (d->vert != TRI_UNSET) dst->vert = d->vert;
    if (d->vanish != TRI_UNSET) dst->vanish = d->vanish;
    if (d->sz) dst->sz = d->sz;
    if (d->font_ea) dst->font_ea = d->font_ea;
    if (d->font_ascii) dst->font_ascii = d->font_ascii;
}

bool dx_rpr_child(docx *dx, dx_rpr *r, const dx_ev *e)
{
    char v[256];
    switch (e->el) {
    case E_B: r->b = dx_attr_on(e); return true;
    case E_I: r->i = dx_attr_on(e); return true;
    case E_U: r->u = dx_attr_on(e); return true;
    case E_STRIKE:
    case E_DSTRIKE: r->strike = dx_attr_on(e); return true;
    case E_VANISH: r->vanish = dx_attr_on(e); return true;
    case E_VERTALIGN:
        if (!dx_attr_get(e, NS_OTHER, "val", v, sizeof v)) return true;
        r->vert = strcmp(v, "superscript") == 0 ? 1 : strcmp(v, "subscript") == 0 ? 2 : 0;
        return true;
    case E_SZ: {
        long sz = dx_attr_long(e, NS_OTHER, "val", 0);
        if (sz > 0 && sz < 10000) r->sz = (int)sz;
        return true;
    }
    case E_RFONTS:
        /* a theme font, when named, wins over the explicit name */
        if (dx_attr_get(e, NS_W, "eastAsiaTheme", v, sizeof v) &&
            dx->theme_ea[strncmp(v, "major", 5) == 0])
            r->font_ea = dx->theme_ea[strncmp(v, "major", 5) == 0];
        else if (dx_attr_get(e, NS_W, "eastAsia", v, sizeof v))
            r->font_ea = dx_font_intern(dx, v);
        if ((dx_attr_get(e, NS_W, "asciiTheme", v, sizeof v) ||
             dx_attr_get(e, NS_W, "hAnsiTheme", v, sizeof v)) &&
            dx->theme_latin[strncmp(v, "major", 5) == 0])
            r->font_ascii = dx->theme_latin[strncmp(v, "major", 5) == 0];
        else if (dx_attr_get(e, NS_W, "ascii", v, sizeof v) ||
                 dx_attr_get(e, NS_W, "hAnsi", v, sizeof v))
            r->font_ascii = dx_font_intern(dx, v);
        return true;
    default: return false;
    }
}

int dx_align_parse(const char *v)
{
    if (!v) return DX_ALIGN_NONE;
    if (!strcmp(v, "left") || !strcmp(v, "start")) return DX_ALIGN_LEFT;
    if (!strcmp(v, "center")) return DX_ALIGN_CENTER;
    if (!strcmp(v, "right") || !strcmp(v, "end")) return DX_ALIGN_RIGHT;
    if (!strcmp(v, "both") || !strcmp(v, "distribute") || !strcmp(v, "thaiDistribute") ||
        !strcmp(v, "lowKashida") || !strcmp(v, "mediumKashida") || !strcmp(v, "highKashida"))
        return DX_ALIGN_JUSTIFY;
    return DX_ALIGN_NONE;
}

/* ---- loading ---- */

typedef struct st_ctx {
    docx *dx;
    dx_style *cur;
    int skip;   /* depth inside an ignored subtree (…Change) */
    int in_rpr; /* inside an rPr we read */
    int in_ppr;
    bool defaults; /* inside docDefaults/rPrDefault */
} st_ctx;

static int add_style(docx *dx)
{
    dx_styles *s = &dx->styles;
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        dx_style *v = realloc(s->v, cap * sizeof *v);
        if (!v) return dx_fail(dx, GD_ENOMEM, "out of memory");
        s->v = v;
        s->cap = cap;
    }
    dx_style *st = &s->v[s->n++];
    memset(st, 0, sizeof *st);
    st->outline = st->num_id = st->ilvl = -1;
    dx_rpr_init(&st->rpr);
    return GD_OK;
}

static void st_start(void *self, const dx_ev *e)
{
    st_ctx *c = self;
    docx *dx = c->dx;
    char v[512];
    if (c->skip) {
        c->skip++;
        return;
    }
    switch (e->el) {
    case E_RPRCHANGE:
    case E_PPRCHANGE: c->skip = 1; return;
    case E_RPRDEFAULT: c->defaults = true; return;
    case E_STYLE:
        if (add_style(dx)) return;
        c->cur = &dx->styles.v[dx->styles.n - 1];
        if (dx_attr_get(e, NS_W, "styleId", v, sizeof v)) c->cur->id = dx_strdup(v);
        if (dx_attr_get(e, NS_W, "type", v, sizeof v))
            c->cur->type = !strcmp(v, "character")   ? 'c'
                           : !strcmp(v, "table")     ? 't'
                           : !strcmp(v, "numbering") ? 'n'
                                                     : 'p';
        else
            c->cur->type = 'p';
        if (c->cur->type == 'p' && dx_attr_get(e, NS_W, "default", v, sizeof v) &&
            (!strcmp(v, "1") || !strcmp(v, "true")) && !dx->styles.default_para && c->cur->id)
            dx->styles.default_para = dx_strdup(c->cur->id);
        return;
    case E_RPR: c->in_rpr++; return;
    case E_PPR: c->in_ppr++; return;
    default: break;
    }
    if (c->in_rpr && (c->cur || c->defaults)) {
        dx_rpr_child(dx, c->cur ? &c->cur->rpr : &dx->styles.defaults, e);
        return;
    }
    if (!c->cur) return;
    switch (e->el) {
    case E_NAME:
        if (dx_attr_get(e, NS_W, "val", v, sizeof v) && !c->cur->name) c->cur->name = dx_strdup(v);
        break;
    case E_BASEDON:
        if (dx_attr_get(e, NS_W, "val", v, sizeof v) && !c->cur->based_on)
            c->cur->based_on = dx_strdup(v);
        break;
    case E_OUTLINELVL:
        if (c->in_ppr) c->cur->outline = (int)dx_attr_long(e, NS_W, "val", -1);
        break;
    case E_NUMID:
        if (c->in_ppr) c->cur->num_id = (int)dx_attr_long(e, NS_W, "val", -1);
        break;
    case E_ILVL:
        if (c->in_ppr) c->cur->ilvl = (int)dx_attr_long(e, NS_W, "val", -1);
        break;
    case E_JC:
        if (c->in_ppr && dx_attr_get(e, NS_W, "val", v, sizeof v)) c->cur->jc = dx_align_parse(v);
        break;
    default: break;
    }
}

static void st_end(void *self, int el)
{
    st_ctx *c = self;
    if (c->skip) {
        c->skip--;
        return;
    }
    switch (el) {
    case E_STYLE: c->cur = NULL; break;
    case E_RPRDEFAULT: c->defaults = false; break;
    case E_RPR:
        if (c->in_rpr) c->in_rpr--;
        break;
    case E_PPR:
        if (c->in_ppr) c->in_ppr--;
        break;
    default: break;
    }
}

static int cmp_style(const void *a, const void *b)
{
    const dx_style *x = a, *y = b;
    if (!x->id || !y->id) return !x->id - !y->id;
    return strcmp(x->id, y->id);
}

int dx_styles_load(docx *dx, const char *part)
{
    dx_rpr_init(&dx->styles.defaults);
    st_ctx c = {dx, NULL, 0, 0, 0, false};
    dx_consumer cons = {st_start, st_end, NULL, &c};
    int rc = dx_xml_parse_part(dx, part, &cons);
    if (rc) return rc;
    /* (a styles part without a style leaves v NULL: qsort must not see it) */
    if (dx->styles.n) qsort(dx->styles.v, dx->styles.n, sizeof *dx->styles.v, cmp_style);
    return GD_OK;
}

/* ---- resolution ---- */

static dx_style *find(docx *dx, const char *id)
{
    if (!id || !dx->styles.n) return NULL;
    dx_style key;
    key.id = (char *)id;
    return bsearch(&key, dx->styles.v, dx->styles.n, sizeof key, cmp_style);
}

/* "heading 3", "Heading3", "标题 3", "标题3" → 3. */
static int heading_from_name(const char *name)
{
    if (!name) return 0;
    const char *p = NULL;
    if (!strncmp(name, "heading", 7) || !strncmp(name, "Heading", 7))
        p = name + 7;
    else if (!strncmp(name, "标题", 6))
        p = name + 6;
    if (!p) return 0;
    while (*p == ' ') p++;
    if (*p >= '1' && *p <= '9' && p[1] == 0) return *p - '0';
    return 0;
}

static int role_from_name(const char *name)
{
    if (!name) return DX_ROLE_NONE;
    if (dx_streq_nocase(name, "title") || !strcmp(name, "标题")) return DX_ROLE_TITLE;
    if (dx_streq_nocase(name, "subtitle") || !strcmp(name, "副标题")) return DX_ROLE_SUBTITLE;
    return DX_ROLE_NONE;
}

static void resolve(docx *dx, dx_style *st, int depth)
{
    if (st->resolved || st->resolving) return;
    st->resolving = true;
    dx_style *parent = depth < 32 ? find(dx, st->based_on) : NULL;
    if (parent == st) parent = NULL;
    if (parent) resolve(dx, parent, depth + 1);
    if (parent && parent->resolving && !parent->resolved) parent = NULL; /* a cycle */
    dx_rpr_init(&st->rpr_full);
    if (parent)
        st->rpr_full = parent->rpr_full;
    else if (st->type == 'p')
        st->rpr_full = dx->styles.defaults;
    dx_rpr_apply(&st->rpr_full, &st->rpr);
    st->heading = heading_from_name(st->name);
    if (!st->heading && st->id) st->heading = heading_from_name(st->id);
    if (!st->heading && st->outline >= 0 && st->outline <= 8) st->heading = st->outline + 1;
    if (!st->heading && parent) st->heading = parent->heading;
    st->role = role_from_name(st->name);
    if (!st->role && st->id && !st->name) st->role = role_from_name(st->id);
    if (!st->role && parent) st->role = parent->role;
    if (st->role) st->heading = 0;
    st->num_id_full = st->num_id >= 0 ? st->num_id : parent ? parent->num_id_full : -1;
    st->ilvl_full = st->ilvl >= 0 ? st->ilvl : parent ? parent->ilvl_full : -1;
    st->jc_full = st->jc ? st->jc : parent ? parent->jc_full : 0;
    st->resolving = false;
    st->resolved = true;
}

dx_style *dx_style_get(docx *dx, const char *id)
{
    dx_style *st = find(dx, id);
    if (st) resolve(dx, st, 0);
    return st;
}

void dx_styles_free(dx_styles *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].id);
        free(s->v[i].name);
        free(s->v[i].based_on);
    }
    free(s->v);
    free(s->default_para);
    memset(s, 0, sizeof *s);
}

/* ---- theme fonts ---- */

typedef struct theme_ctx {
    docx *dx;
    int which; /* -1 outside, 0 minorFont, 1 majorFont */
} theme_ctx;

static void th_start(void *self, const dx_ev *e)
{
    theme_ctx *c = self;
    docx *dx = c->dx;
    char v[256], script[16];
    if (e->el == E_MINORFONT || e->el == E_MAJORFONT) {
        c->which = e->el == E_MAJORFONT;
        return;
    }
    if (c->which < 0 || !dx_attr_get(e, NS_OTHER, "typeface", v, sizeof v) || !v[0]) return;
    if (e->el == E_AEA)
        dx->theme_ea[c->which] = dx_font_intern(dx, v);
    else if (e->el == E_ALATIN)
        dx->theme_latin[c->which] = dx_font_intern(dx, v);
    else if (e->el == E_AFONT && !dx->theme_ea[c->which] &&
             dx_attr_get(e, NS_OTHER, "script", script, sizeof script) && !strcmp(script, "Hans"))
        dx->theme_ea[c->which] = dx_font_intern(dx, v); /* Latin themes: the Chinese entry */
}

static void th_end(void *self, int el)
{
    theme_ctx *c = self;
    if (el == E_MINORFONT || el == E_MAJORFONT) c->which = -1;
}

int dx_theme_load(docx *dx, const char *part)
{
    theme_ctx c = {dx, -1};
    dx_consumer cons = {th_start, th_end, NULL, &c};
    return dx_xml_parse_part(dx, part, &cons);
}
