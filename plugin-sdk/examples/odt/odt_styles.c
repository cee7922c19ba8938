/* Styles: paragraph and text styles (named ones from styles.xml, automatic
 * ones from content.xml), the default paragraph style, font faces, and list
 * styles with their number formats. Resolution follows the parent chain. */
#include "odt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the table ---- */

static unsigned hash(char family, const char *s)
{
    unsigned h = 2166136261u ^ (unsigned char)family;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
    return h;
}

static int rehash(odt_styles *s)
{
    size_t n = s->nslot ? s->nslot * 2 : 64;
    int *slot = calloc(n, sizeof *slot);
    if (!slot) return GD_ENOMEM;
    for (size_t i = 0; i < s->n; i++) {
        size_t h = hash(s->v[i].family, s->v[i].name) & (n - 1);
        while (slot[h]) h = (h + 1) & (n - 1);
        slot[h] = (int)i + 1;
    }
    free(s->slot);
    s->slot = slot;
    s->nslot = n;
    return GD_OK;
}

const odt_style *odt_style_find(const odt_styles *s, char family, const char *name)
{
    if (!name || !s->nslot) return NULL;
    size_t h = hash(family, name) & (s->nslot - 1);
    while (s->slot[h]) {
        const odt_style *st = &s->v[s->slot[h] - 1];
        if (st->family == family && strcmp(st->name, name) == 0) return st;
        h = (h + 1) & (s->nslot - 1);
    }
    return NULL;
}

/* Adds a style (a later definition of the same name replaces nothing: ODF
 * names are unique per family). */
static odt_style *style_add(odt_styles *s, char family, char *name)
{
    if (odt_style_find(s, family, name)) {
        free(name);
        return NULL;
    }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        odt_style *v = realloc(s->v, cap * sizeof *v);
        if (!v) {
            free(name);
            return NULL;
        }
        s->v = v;
        s->cap = cap;
    }
    if ((s->n + 1) * 2 > s->nslot && rehash(s)) {
        free(name);
        return NULL;
    }
    odt_style *st = &s->v[s->n];
    memset(st, 0, sizeof *st);
    st->name = name;
    st->family = family;
    st->tp = (odt_tprops){TRI_UNSET, TRI_UNSET, TRI_UNSET, TRI_UNSET, TRI_UNSET, 0, NULL};
    size_t h = hash(family, name) & (s->nslot - 1);
    while (s->slot[h]) h = (h + 1) & (s->nslot - 1);
    s->slot[h] = (int)s->n + 1;
    s->n++;
    return st;
}

odt_list_style *odt_list_style_find(odt_styles *s, const char *name)
{
    int i = odt_map_get(&s->list_index, name);
    return i >= 0 ? &s->lists[i] : NULL;
}

static const char *font_family(const odt_styles *s, const char *face)
{
    int i = odt_map_get(&s->font_index, face);
    return i >= 0 ? s->fonts[i + 1] : NULL;
}

void odt_styles_free(odt_styles *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].name);
        free(s->v[i].display);
        free(s->v[i].parent);
        free(s->v[i].list_style);
    }
    for (size_t i = 0; i < s->nlists; i++) free(s->lists[i].name);
    for (size_t i = 0; i < s->nfonts; i++) free(s->fonts[i]);
    free(s->v);
    free(s->slot);
    free(s->lists);
    free(s->fonts);
    odt_map_free(&s->list_index);
    odt_map_free(&s->font_index);
    memset(s, 0, sizeof *s);
}

/* ---- reading the style elements ---- */

static int align_of(const char *v)
{
    if (!strcmp(v, "center")) return ALIGN_CENTER;
    if (!strcmp(v, "end") || !strcmp(v, "right")) return ALIGN_RIGHT;
    if (!strcmp(v, "justify")) return ALIGN_JUSTIFY;
    return ALIGN_LEFT; /* start, left */
}

static int break_of(const char *v)
{
    return !strcmp(v, "page") ? 1 : !strcmp(v, "auto") ? -1 : 0;
}

/* "12pt", "0.5in", "1cm" ... in points (0 when not a length). */
double odt_points(const char *v)
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || x < 0 || x > 10000) return 0;
    if (!strcmp(end, "pt")) return x;
    if (!strcmp(end, "in")) return x * 72;
    if (!strcmp(end, "cm")) return x * 72 / 2.54;
    if (!strcmp(end, "mm")) return x * 72 / 25.4;
    if (!strcmp(end, "pc")) return x * 12;
    if (!strcmp(end, "px")) return x * 0.75;
    return 0;
}

static const char *font_intern(odt *o, const char *name);

static void text_props(odt *o, odt_tprops *tp, const gdh_xml_event *e)
{
    char v[256];
    /* the East-Asian value first: the text these documents hold */
    if (gdh_xml_attr_get(e, NS_STYLE, "font-weight-asian", v, sizeof v) ||
        gdh_xml_attr_get(e, NS_FO, "font-weight", v, sizeof v))
        tp->bold = !strcmp(v, "bold") || atoi(v) >= 600;
    if (gdh_xml_attr_get(e, NS_STYLE, "font-style-asian", v, sizeof v) ||
        gdh_xml_attr_get(e, NS_FO, "font-style", v, sizeof v))
        tp->italic = !strcmp(v, "italic") || !strcmp(v, "oblique");
    if (gdh_xml_attr_get(e, NS_STYLE, "text-underline-style", v, sizeof v))
        tp->underline = strcmp(v, "none") != 0;
    if (gdh_xml_attr_get(e, NS_STYLE, "text-line-through-style", v, sizeof v))
        tp->strike = strcmp(v, "none") != 0;
    if (gdh_xml_attr_get(e, NS_STYLE, "text-position", v, sizeof v)) {
        double pos = atof(v);
        tp->vert = !strncmp(v, "super", 5) || pos > 0 ? 1
                   : !strncmp(v, "sub", 3) || pos < 0 ? 2
                                                      : 0;
    }
    if (gdh_xml_attr_get(e, NS_STYLE, "font-size-asian", v, sizeof v) ||
        gdh_xml_attr_get(e, NS_FO, "font-size", v, sizeof v)) {
        double pt = odt_points(v);
        if (pt > 0) tp->size = pt;
    }
    const char *face = NULL;
    if (gdh_xml_attr_get(e, NS_STYLE, "font-name-asian", v, sizeof v) ||
        gdh_xml_attr_get(e, NS_STYLE, "font-name", v, sizeof v) ||
        gdh_xml_attr_get(e, NS_STYLE, "font-family-asian", v, sizeof v) ||
        gdh_xml_attr_get(e, NS_FO, "font-family", v, sizeof v))
        face = font_intern(o, v);
    if (face) tp->font = face;
}

/* Adds a font face (name → family, both copied; quotes around the family
 * dropped); returns the stored family or NULL. */
static const char *font_add(odt *o, const char *name, const char *family)
{
    odt_styles *s = &o->styles;
    if (s->nfonts + 2 > s->capfonts) {
        size_t cap = s->capfonts ? s->capfonts * 2 : 32;
        char **v = realloc(s->fonts, cap * sizeof *v);
        if (!v) return NULL;
        s->fonts = v;
        s->capfonts = cap;
    }
    char *n = odt_strdup(name), *f = odt_strdup(family);
    if (!n || !f) {
        free(n);
        free(f);
        return NULL;
    }
    size_t len = strlen(f);
    if (len >= 2 && (f[0] == '\'' || f[0] == '"') && f[len - 1] == f[0]) {
        memmove(f, f + 1, len - 2);
        f[len - 2] = 0;
    }
    if (odt_map_put(&s->font_index, n, (int)s->nfonts)) {
        free(n);
        free(f);
        return NULL;
    }
    s->fonts[s->nfonts++] = n;
    s->fonts[s->nfonts++] = f;
    return f;
}

/* The family of a font face name; a name that no face declares stands for
 * itself. */
static const char *font_intern(odt *o, const char *name)
{
    const char *f = font_family(&o->styles, name);
    return f ? f : font_add(o, name, name);
}

static void font_face(odt *o, const gdh_xml_event *e)
{
    char name[256], fam[256];
    if (!gdh_xml_attr_get(e, NS_STYLE, "name", name, sizeof name)) return;
    if (!gdh_xml_attr_get(e, NS_SVG, "font-family", fam, sizeof fam)) strcpy(fam, name);
    if (!font_family(&o->styles, name)) font_add(o, name, fam);
}

static void list_level(odt *o, const gdh_xml_event *e)
{
    odt_list_style *ls = o->cur_list;
    long level = gdh_xml_attr_long(e, NS_TEXT, "level", 0);
    o->cur_level = NULL;
    if (!ls || level < 1 || level > ODT_MAX_LIST_DEPTH) return;
    odt_level *l = &ls->lv[level - 1];
    memset(l, 0, sizeof *l);
    o->cur_level = l;
    l->follow = 't';
    l->start = 1;
    l->display_levels = 1;
    if (e->el == E_LEVEL_BULLET || e->el == E_LEVEL_IMAGE) { /* a picture bullet is a bullet */
        l->kind = 'b';
        gdh_xml_attr_get(e, NS_TEXT, "bullet-char", l->bullet, sizeof l->bullet);
    } else if (e->el == E_LEVEL_NUMBER) {
        gdh_xml_attr_get(e, NS_STYLE, "num-format", l->format, sizeof l->format);
        gdh_xml_attr_get(e, NS_STYLE, "num-prefix", l->prefix, sizeof l->prefix);
        gdh_xml_attr_get(e, NS_STYLE, "num-suffix", l->suffix, sizeof l->suffix);
        l->start = (int)gdh_xml_attr_long(e, NS_TEXT, "start-value", 1);
        l->display_levels = (int)gdh_xml_attr_long(e, NS_TEXT, "display-levels", 1);
        if (l->display_levels < 1 || l->display_levels > level) l->display_levels = 1;
        if (l->start < 0 || l->start > 1000000) l->start = 1;
        l->kind = l->format[0] ? 'n' : 0;
    }
}

int odt_styles_start(odt *o, const gdh_xml_event *e)
{
    odt_styles *s = &o->styles;
    char v[256];
    switch (e->el) {
    case E_FONT_FACE: font_face(o, e); break;
    case E_STYLE: {
        char *name = odt_attr_dup(e, NS_STYLE, "name");
        char fam[32] = "";
        gdh_xml_attr_get(e, NS_STYLE, "family", fam, sizeof fam);
        char family = !strcmp(fam, "paragraph") ? 'p'
                      : !strcmp(fam, "text")    ? 't'
                      : !strcmp(fam, "table")   ? 'T'
                                                : 'o';
        o->cur_style = name && family != 'o' ? style_add(s, family, name) : NULL;
        if (!o->cur_style) {
            if (family == 'o') free(name);
            break;
        }
        odt_style *st = o->cur_style;
        st->automatic = o->automatic_section;
        st->display = odt_attr_dup(e, NS_STYLE, "display-name");
        st->parent = odt_attr_dup(e, NS_STYLE, "parent-style-name");
        st->list_style = odt_attr_dup(e, NS_STYLE, "list-style-name");
        st->outline = (int)gdh_xml_attr_long(e, NS_STYLE, "default-outline-level", 0);
        if (st->outline < 0 || st->outline > 10) st->outline = 0;
        break;
    }
    case E_DEFAULT_STYLE:
        o->cur_style = NULL;
        o->in_default_style =
            gdh_xml_attr_get(e, NS_STYLE, "family", v, sizeof v) && !strcmp(v, "paragraph");
        break;
    case E_PARAGRAPH_PROPERTIES:
        if (gdh_xml_attr_get(e, NS_FO, "text-align", v, sizeof v)) {
            if (o->cur_style)
                o->cur_style->align = align_of(v);
            else if (o->in_default_style)
                s->default_align = align_of(v);
        }
        if (o->cur_style && gdh_xml_attr_get(e, NS_FO, "break-before", v, sizeof v))
            o->cur_style->break_before = break_of(v);
        if (o->cur_style && gdh_xml_attr_get(e, NS_FO, "break-after", v, sizeof v))
            o->cur_style->break_after = break_of(v);
        break;
    case E_TABLE_PROPERTIES:
        if (o->cur_style && gdh_xml_attr_get(e, NS_FO, "break-before", v, sizeof v))
            o->cur_style->break_before = break_of(v);
        break;
    case E_TEXT_PROPERTIES:
        if (o->cur_style)
            text_props(o, &o->cur_style->tp, e);
        else if (o->in_default_style)
            text_props(o, &s->defaults, e);
        break;
    case E_LIST_STYLE: {
        char *name = odt_attr_dup(e, NS_STYLE, "name");
        o->cur_list = NULL;
        if (!name || odt_list_style_find(s, name)) {
            free(name);
            break;
        }
        if (s->nlists == s->caplists) {
            size_t cap = s->caplists ? s->caplists * 2 : 16;
            odt_list_style *nv = realloc(s->lists, cap * sizeof *nv);
            if (!nv) {
                free(name);
                return odt_fail(o, GD_ENOMEM, "out of memory");
            }
            s->lists = nv;
            s->caplists = cap;
        }
        if (odt_map_put(&s->list_index, name, (int)s->nlists)) {
            free(name);
            return odt_fail(o, GD_ENOMEM, "out of memory");
        }
        o->cur_list = &s->lists[s->nlists++];
        memset(o->cur_list, 0, sizeof *o->cur_list);
        o->cur_list->name = name;
        break;
    }
    case E_LEVEL_NUMBER:
    case E_LEVEL_BULLET:
    case E_LEVEL_IMAGE: list_level(o, e); break;
    case E_LABEL_ALIGNMENT:
        if (o->cur_level && gdh_xml_attr_get(e, NS_TEXT, "label-followed-by", v, sizeof v))
            o->cur_level->follow = !strcmp(v, "nothing") ? 'n' : !strcmp(v, "space") ? 's' : 't';
        break;
    default: break;
    }
    return o->rc;
}

int odt_styles_end(odt *o, const gdh_xml_event *e)
{
    if (e->el == E_STYLE) o->cur_style = NULL;
    if (e->el == E_DEFAULT_STYLE) o->in_default_style = false;
    if (e->el == E_LIST_STYLE) o->cur_list = NULL;
    if (e->el == E_LEVEL_NUMBER || e->el == E_LEVEL_BULLET || e->el == E_LEVEL_IMAGE)
        o->cur_level = NULL;
    return o->rc;
}

/* ---- resolution ---- */

/* The chain of a style, root first (at most 32: cycles stop there). */
static size_t chain(const odt_styles *s, char family, const char *name, const odt_style **v)
{
    const odt_style *tmp[32];
    size_t n = 0;
    const odt_style *st = odt_style_find(s, family, name);
    while (st && n < 32) {
        tmp[n++] = st;
        st = st->parent ? odt_style_find(s, family, st->parent) : NULL;
    }
    for (size_t i = 0; i < n; i++) v[i] = tmp[n - 1 - i];
    return n;
}

static void run_over(odt_run *run, const odt_tprops *tp)
{
    unsigned set[][2] = {{(unsigned)tp->bold, GD_STYLE_BOLD},
                         {(unsigned)tp->italic, GD_STYLE_ITALIC},
                         {(unsigned)tp->underline, GD_STYLE_UNDERLINE},
                         {(unsigned)tp->strike, GD_STYLE_STRIKE}};
    for (size_t i = 0; i < 4; i++) {
        if ((int8_t)set[i][0] == TRI_UNSET) continue;
        if (set[i][0])
            run->bits |= set[i][1];
        else
            run->bits &= ~set[i][1];
    }
    if (tp->vert != TRI_UNSET) {
        run->bits &= ~(unsigned)(GD_STYLE_SUPERSCRIPT | GD_STYLE_SUBSCRIPT);
        if (tp->vert == 1) run->bits |= GD_STYLE_SUPERSCRIPT;
        if (tp->vert == 2) run->bits |= GD_STYLE_SUBSCRIPT;
    }
    if (tp->size > 0) run->size = tp->size;
    if (tp->font) run->font = tp->font;
}

static bool named_as(const odt_style *st, const char *a, const char *b)
{
    const char *n = st->display ? st->display : st->name;
    return !strcmp(n, a) || (b && !strcmp(n, b));
}

void odt_pstyle_resolve(const odt_styles *s, const char *name, odt_pstyle *out)
{
    memset(out, 0, sizeof *out);
    out->align = s->default_align;
    run_over(&out->run, &s->defaults);
    const odt_style *v[32];
    size_t n = chain(s, 'p', name, v);
    for (size_t i = 0; i < n; i++) {
        const odt_style *st = v[i];
        if (st->align) out->align = st->align;
        if (st->outline) out->outline = st->outline;
        if (st->list_style) out->list_style = st->list_style[0] ? st->list_style : NULL;
        if (!st->automatic) {
            bool plain = named_as(st, "Standard", "Default Paragraph Style");
            out->display = plain ? NULL : st->display ? st->display : st->name;
            if (named_as(st, "Title", "标题"))
                out->role = "title";
            else if (named_as(st, "Subtitle", "副标题"))
                out->role = "subtitle";
            else if (!plain)
                out->role = NULL;
        }
        run_over(&out->run, &st->tp);
    }
    /* breaks belong to the style itself, not its parents' */
    if (n) {
        out->break_before = v[n - 1]->break_before == 1;
        out->break_after = v[n - 1]->break_after == 1;
    }
}

void odt_run_apply(const odt_styles *s, const char *name, odt_run *run)
{
    const odt_style *v[32];
    size_t n = chain(s, 't', name, v);
    for (size_t i = 0; i < n; i++) run_over(run, &v[i]->tp);
}

/* ---- number text ---- */

static void roman(int n, bool upper, char *out, size_t cap)
{
    static const struct {
        int v;
        const char *s;
    } r[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"}, {90, "xc"}, {50, "l"},
             {40, "xl"},  {10, "x"},   {9, "ix"},  {5, "v"},    {4, "iv"},  {1, "i"}};
    size_t o = 0;
    out[0] = 0;
    for (size_t i = 0; i < sizeof r / sizeof *r && n > 0 && n < 4000; i++)
        while (n >= r[i].v && o + strlen(r[i].s) < cap) {
            for (const char *p = r[i].s; *p; p++) out[o++] = upper ? (char)(*p - 32) : *p;
            n -= r[i].v;
        }
    out[o] = 0;
}

static void letters(int n, char base, char *out, size_t cap)
{
    /* a..z, aa..zz (as word processors count) */
    if (n < 1) n = 1;
    int reps = (n - 1) / 26 + 1;
    char c = (char)(base + (n - 1) % 26);
    size_t o = 0;
    while (reps-- > 0 && o + 1 < cap) out[o++] = c;
    out[o] = 0;
}

/* Chinese counting numbers: 一 … 十 … 九十九, then 一百 … */
static void chinese(int n, bool upper, char *out, size_t cap)
{
    static const char *const lo[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    static const char *const up[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};
    const char *const *d = upper ? up : lo;
    const char *ten = upper ? "拾" : "十", *hundred = upper ? "佰" : "百";
    out[0] = 0;
    if (n <= 0 || n >= 1000) {
        snprintf(out, cap, "%d", n);
        return;
    }
    size_t o = 0;
#define PUT(s) (o += (size_t)snprintf(out + o, o < cap ? cap - o : 0, "%s", s))
    int h = n / 100, t = n / 10 % 10, u = n % 10;
    if (h) PUT(d[h]), PUT(hundred);
    if (t) {
        if (t > 1 || h) PUT(d[t]);
        PUT(ten);
    } else if (h && u) {
        PUT(d[0]);
    }
    if (u) PUT(d[u]);
#undef PUT
}

static void one_number(const odt_level *l, int n, char *out, size_t cap)
{
    static const char *const circled[] = {"①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩",
                                          "⑪", "⑫", "⑬", "⑭", "⑮", "⑯", "⑰", "⑱", "⑲", "⑳"};
    static const char *const gan[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    const char *f = l->format;
    if (!strcmp(f, "a") || !strcmp(f, "A"))
        letters(n, f[0], out, cap);
    else if (!strcmp(f, "i") || !strcmp(f, "I"))
        roman(n, f[0] == 'I', out, cap);
    else if (!strncmp(f, "一", 3))
        chinese(n, false, out, cap);
    else if (!strncmp(f, "壹", 3))
        chinese(n, true, out, cap);
    else if (!strncmp(f, "甲", 3) && n >= 1 && n <= 10)
        snprintf(out, cap, "%s", gan[n - 1]);
    else if (!strncmp(f, "①", 3) && n >= 1 && n <= 20)
        snprintf(out, cap, "%s", circled[n - 1]);
    else if (!strncmp(f, "１", 3)) { /* full-width digits */
        char ascii[16], *o = out;
        snprintf(ascii, sizeof ascii, "%d", n);
        for (const char *p = ascii; *p && (size_t)(o - out) + 4 < cap; p++) {
            *o++ = (char)0xEF, *o++ = (char)0xBC, *o++ = (char)(0x90 + (*p - '0'));
        }
        *o = 0;
    } else
        snprintf(out, cap, "%d", n);
}

void odt_number_text(const odt_list_style *ls, int level, char *out, size_t cap)
{
    const odt_level *l = &ls->lv[level - 1];
    size_t o = (size_t)snprintf(out, cap, "%s", l->prefix);
    int first = level - l->display_levels + 1;
    for (int k = first; k <= level && o < cap; k++) {
        char num[64];
        one_number(&ls->lv[k - 1], ls->counter[k - 1], num, sizeof num);
        o += (size_t)snprintf(out + o, cap - o, "%s%s", k > first ? "." : "", num);
    }
    if (o < cap) snprintf(out + o, cap - o, "%s", l->suffix);
}
