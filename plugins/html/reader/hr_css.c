/* HTML reader: the few CSS declarations of a style attribute that carry
 * meaning in documents — Word's HTML export puts bold, italic, alignment,
 * page breaks, fonts and list levels there rather than in tags. */
#include "hr_util.h"

#include <govdoc/gd_types.h>
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static bool word_is(const char *v, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n == k && hr_ascii_ieq(v, w, k);
}

static bool word_starts(const char *v, size_t n, const char *w)
{
    size_t k = strlen(w);
    return n >= k && hr_ascii_ieq(v, w, k);
}

int hr_align_from(const char *v)
{
    size_t n = v ? strlen(v) : 0;
    while (n && isspace((unsigned char)v[n - 1])) n--;
    while (n && isspace((unsigned char)*v)) v++, n--;
    if (word_is(v, n, "left") || word_is(v, n, "start")) return HR_ALIGN_LEFT;
    if (word_is(v, n, "center") || word_is(v, n, "middle") || word_is(v, n, "-webkit-center"))
        return HR_ALIGN_CENTER;
    if (word_is(v, n, "right") || word_is(v, n, "end")) return HR_ALIGN_RIGHT;
    if (word_is(v, n, "justify") || word_is(v, n, "distribute")) return HR_ALIGN_JUSTIFY;
    return HR_ALIGN_NONE;
}

const char *hr_align_name(int align)
{
    switch (align) {
    case HR_ALIGN_LEFT: return "left";
    case HR_ALIGN_CENTER: return "center";
    case HR_ALIGN_RIGHT: return "right";
    case HR_ALIGN_JUSTIFY: return "justify";
    default: return NULL;
    }
}

double hr_css_length_pt(const char *v, size_t n, bool unitless_px)
{
    char buf[32];
    while (n && isspace((unsigned char)*v)) v++, n--;
    if (!n || n >= sizeof buf) return 0;
    memcpy(buf, v, n);
    buf[n] = 0;
    char *end;
    double x = strtod(buf, &end);
    if (end == buf || !(x > 0) || x > 1e6) return 0;
    while (*end == ' ') end++;
    size_t u = strlen(end);
    while (u && isspace((unsigned char)end[u - 1])) u--;
    if (u == 0) return unitless_px ? x * 0.75 : 0;
    if (word_is(end, u, "px")) return x * 0.75;
    if (word_is(end, u, "pt")) return x;
    if (word_is(end, u, "in")) return x * 72;
    if (word_is(end, u, "cm")) return x * 72 / 2.54;
    if (word_is(end, u, "mm")) return x * 72 / 25.4;
    if (word_is(end, u, "pc")) return x * 12;
    return 0; /* %, em, auto: no absolute size */
}

/* First family of a font-family value, unquoted; generic families skipped. */
static void first_family(char *out, size_t outsz, const char *v, size_t n)
{
    static const char *const generic[] = {"serif",   "sans-serif", "monospace", "cursive",
                                          "fantasy", "system-ui",  "inherit",   "initial"};
    while (n) {
        const char *comma = memchr(v, ',', n);
        size_t k = comma ? (size_t)(comma - v) : n;
        const char *f = v;
        size_t fl = k;
        while (fl && (isspace((unsigned char)*f) || *f == '"' || *f == '\'')) f++, fl--;
        while (fl && (isspace((unsigned char)f[fl - 1]) || f[fl - 1] == '"' || f[fl - 1] == '\''))
            fl--;
        bool skip = fl == 0;
        for (size_t g = 0; g < sizeof generic / sizeof *generic && !skip; g++)
            skip = word_is(f, fl, generic[g]);
        if (!skip && fl < outsz) {
            memcpy(out, f, fl);
            out[fl] = 0;
            return;
        }
        if (!comma) break;
        n -= k + 1;
        v = comma + 1;
    }
}

static void mso_list(hr_css *c, const char *v, size_t n)
{
    if (word_starts(v, n, "ignore")) {
        c->mso_ignore = true;
        return;
    }
    /* "l0 level1 lfo1" */
    const char *lv = NULL, *lfo = NULL;
    for (size_t i = 0; i + 3 <= n; i++) {
        if (!lv && i + 5 <= n && hr_ascii_ieq(v + i, "level", 5)) lv = v + i + 5;
        if (!lfo && i + 3 <= n && hr_ascii_ieq(v + i, "lfo", 3)) lfo = v + i + 3;
    }
    if (!lv) return;
    long level = strtol(lv, NULL, 10);
    if (level < 1 || level > 9) return;
    long id = lfo ? strtol(lfo, NULL, 10) : 0;
    c->mso_list = true;
    c->mso_level = (int)level;
    c->mso_list_id = id > 0 && id < 1000000 ? (int)id : 0;
}

static void declaration(hr_css *c, const char *name, size_t nl, const char *v, size_t n,
                        bool *fareast)
{
    /* Drop "!important" and surrounding blanks. */
    const char *bang = memchr(v, '!', n);
    if (bang) n = (size_t)(bang - v);
    while (n && isspace((unsigned char)v[n - 1])) n--;
    while (n && isspace((unsigned char)*v)) v++, n--;
    if (!n) return;
    if (word_is(name, nl, "font-weight")) {
        if (word_is(v, n, "bold") || word_is(v, n, "bolder") ||
            (isdigit((unsigned char)*v) && strtol(v, NULL, 10) >= 600))
            c->set_style |= GD_STYLE_BOLD, c->clear_style &= ~(unsigned)GD_STYLE_BOLD;
        else if (word_is(v, n, "normal") || word_is(v, n, "lighter") ||
                 (isdigit((unsigned char)*v) && strtol(v, NULL, 10) < 600))
            c->clear_style |= GD_STYLE_BOLD, c->set_style &= ~(unsigned)GD_STYLE_BOLD;
    } else if (word_is(name, nl, "font-style")) {
        if (word_starts(v, n, "italic") || word_starts(v, n, "oblique"))
            c->set_style |= GD_STYLE_ITALIC, c->clear_style &= ~(unsigned)GD_STYLE_ITALIC;
        else if (word_is(v, n, "normal"))
            c->clear_style |= GD_STYLE_ITALIC, c->set_style &= ~(unsigned)GD_STYLE_ITALIC;
    } else if (word_is(name, nl, "text-decoration") || word_is(name, nl, "text-decoration-line")) {
        char buf[64];
        size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;
        memcpy(buf, v, k);
        buf[k] = 0;
        if (hr_ascii_icontains(buf, "underline")) c->set_style |= GD_STYLE_UNDERLINE;
        if (hr_ascii_icontains(buf, "line-through")) c->set_style |= GD_STYLE_STRIKE;
        if (word_is(v, n, "none"))
            c->clear_style |= GD_STYLE_UNDERLINE | GD_STYLE_STRIKE,
                c->set_style &= ~(unsigned)(GD_STYLE_UNDERLINE | GD_STYLE_STRIKE);
    } else if (word_is(name, nl, "vertical-align")) {
        if (word_is(v, n, "super"))
            c->set_style |= GD_STYLE_SUPERSCRIPT;
        else if (word_is(v, n, "sub"))
            c->set_style |= GD_STYLE_SUBSCRIPT;
        else if (word_is(v, n, "baseline"))
            c->clear_style |= GD_STYLE_SUPERSCRIPT | GD_STYLE_SUBSCRIPT;
    } else if (word_is(name, nl, "text-align")) {
        char buf[32];
        size_t k = n < sizeof buf - 1 ? n : sizeof buf - 1;
        memcpy(buf, v, k);
        buf[k] = 0;
        c->align = hr_align_from(buf);
    } else if (word_is(name, nl, "display")) {
        if (word_is(v, n, "none")) c->hidden = true;
    } else if (word_is(name, nl, "visibility")) {
        if (word_is(v, n, "hidden") || word_is(v, n, "collapse")) c->hidden = true;
    } else if (word_is(name, nl, "mso-hide")) {
        if (word_is(v, n, "all")) c->hidden = true;
    } else if (word_is(name, nl, "page-break-before") || word_is(name, nl, "break-before")) {
        if (word_is(v, n, "always") || word_is(v, n, "page")) c->page_break = true;
    } else if (word_is(name, nl, "mso-list")) {
        mso_list(c, v, n);
    } else if (word_is(name, nl, "width")) {
        c->width_pt = hr_css_length_pt(v, n, false);
    } else if (word_is(name, nl, "height")) {
        c->height_pt = hr_css_length_pt(v, n, false);
    } else if (word_is(name, nl, "mso-footnote-id") || word_is(name, nl, "mso-endnote-id")) {
        c->note = word_is(name, nl, "mso-footnote-id") ? 1 : 2;
        size_t k = n < sizeof c->note_id - 1 ? n : sizeof c->note_id - 1;
        memcpy(c->note_id, v, k);
        c->note_id[k] = 0;
    } else if (word_is(name, nl, "mso-element")) {
        if (word_is(v, n, "footnote") || word_is(v, n, "endnote"))
            c->note_element = 1;
        else if (word_is(v, n, "footnote-list") || word_is(v, n, "endnote-list"))
            c->note_element = 2;
    } else if (word_is(name, nl, "mso-fareast-font-family")) {
        first_family(c->font, sizeof c->font, v, n);
        *fareast = c->font[0] != 0;
    } else if (word_is(name, nl, "font-family")) {
        if (!*fareast) first_family(c->font, sizeof c->font, v, n);
    }
}

void hr_css_parse(hr_css *out, const char *style)
{
    memset(out, 0, sizeof *out);
    if (!style) return;
    bool fareast = false;
    const char *p = style;
    while (*p) {
        const char *semi = p;
        /* A ';' inside quotes does not end the declaration. */
        char q = 0;
        while (*semi && (q || *semi != ';')) {
            if (q && *semi == q)
                q = 0;
            else if (!q && (*semi == '"' || *semi == '\''))
                q = *semi;
            semi++;
        }
        const char *colon = memchr(p, ':', (size_t)(semi - p));
        if (colon) {
            const char *name = p;
            size_t nl = (size_t)(colon - p);
            while (nl && isspace((unsigned char)*name)) name++, nl--;
            while (nl && isspace((unsigned char)name[nl - 1])) nl--;
            declaration(out, name, nl, colon + 1, (size_t)(semi - colon - 1), &fareast);
        }
        p = *semi ? semi + 1 : semi;
    }
}
