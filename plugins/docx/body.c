/* The body stream: w:body (or a header, note or text box) as events →
 * paragraphs, runs, tables, fields, content controls, tracked changes,
 * alternate content, images and text boxes. Paragraph content is gathered
 * in a buffer (para.c) and turned into blocks at the paragraph's end, when
 * everything about it is known. */
#include "body.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- runs ---- */

static unsigned bits_of(const dx_rpr *r)
{
    unsigned s = 0;
    if (r->b == 1) s |= GD_STYLE_BOLD;
    if (r->i == 1) s |= GD_STYLE_ITALIC;
    if (r->u == 1) s |= GD_STYLE_UNDERLINE;
    if (r->strike == 1) s |= GD_STYLE_STRIKE;
    if (r->vert == 1) s |= GD_STYLE_SUPERSCRIPT;
    if (r->vert == 2) s |= GD_STYLE_SUBSCRIPT;
    return s;
}

/* Paragraph-level properties are known once pPr is over. */
static void para_props(dx_body *B)
{
    dx_para *P = &B->para;
    if (P->props_done) return;
    P->props_done = true;
    docx *dx = B->dx;
    const dx_style *st = dx_style_get(dx, P->style_id[0] ? P->style_id : dx->styles.default_para);
    P->style = st;
    if (st)
        P->base = st->rpr_full;
    else
        P->base = dx->styles.defaults;
    if (!P->jc && st) P->jc = st->jc_full;
}

static void run_resolve(dx_body *B)
{
    if (B->run_resolved) return;
    para_props(B);
    dx_rpr delta, full = B->para.base;
    dx_rpr_init(&delta);
    if (B->run_cstyle) dx_rpr_apply(&delta, &B->run_cstyle->rpr_full);
    dx_rpr_apply(&delta, &B->run_delta);
    dx_rpr_apply(&full, &delta);
    unsigned s = bits_of(&full);
    unsigned from_run = bits_of(&delta);
    /* bits the run switches off are not "from the paragraph" either */
    B->run_style = s;
    B->run_para_bits = s & ~from_run;
    if (B->del_depth && B->dx->track == DX_TRACK_ALL) B->run_style |= GD_STYLE_STRIKE;
    if (B->ins_depth && B->dx->track == DX_TRACK_ALL) B->run_style |= GD_STYLE_UNDERLINE;
    B->run_font = full.font_ea ? full.font_ea : full.font_ascii;
    B->run_hidden = full.vanish == 1;
    B->run_symbol = full.font_ascii && !strcmp(full.font_ascii, "Symbol");
    if (full.sz > B->para.max_sz) B->para.max_sz = full.sz;
    B->run_resolved = true;
}

static void run_reset(dx_body *B)
{
    dx_rpr_init(&B->run_delta);
    B->run_cstyle = NULL;
    B->run_resolved = false;
}

static bool fields_visible(const dx_body *B)
{
    if (B->fld_overflow) return false;
    for (int i = 0; i < B->nfld; i++)
        if (!B->fld[i].result) return false;
    return true;
}

/* Content outside a w:p gets an implicit paragraph; false when the
 * content is being dropped (a continued merged cell). */
static bool ensure_para(dx_body *B)
{
    if (!B->para.open) {
        dx_table_materialize(B);
        if (B->skip) return false;
        dx_para_begin(B);
    }
    return true;
}

/* Symbol-font characters (w:sym, U+F0xx) mapped to Unicode. */
static uint32_t symbol_char(uint32_t c)
{
    static const char greek_up[] = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ";
    static const char greek_lo[] = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ";
    const char *tab = c >= 0x41 && c <= 0x5A ? greek_up : c >= 0x61 && c <= 0x7A ? greek_lo : NULL;
    if (tab) {
        /* every letter above is two bytes of UTF-8 */
        const unsigned char *p = (const unsigned char *)tab + 2 * (c & 0x1F) - 2;
        return (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F);
    }
    static const struct {
        uint8_t c;
        uint16_t u;
    } map[] = {
        {0x22, 0x2200}, {0x24, 0x2203}, {0x27, 0x220B}, {0x40, 0x2245}, {0x5C, 0x2234},
        {0x5E, 0x22A5}, {0x7E, 0x223C}, {0xA2, 0x2032}, {0xA3, 0x2264}, {0xA5, 0x221E},
        {0xA7, 0x2663}, {0xA8, 0x2666}, {0xA9, 0x2665}, {0xAA, 0x2660}, {0xAB, 0x2194},
        {0xAC, 0x2190}, {0xAD, 0x2191}, {0xAE, 0x2192}, {0xAF, 0x2193}, {0xB0, 0x00B0},
        {0xB1, 0x00B1}, {0xB2, 0x2033}, {0xB3, 0x2265}, {0xB4, 0x00D7}, {0xB5, 0x221D},
        {0xB6, 0x2202}, {0xB7, 0x2022}, {0xB8, 0x00F7}, {0xB9, 0x2260}, {0xBA, 0x2261},
        {0xBB, 0x2248}, {0xBC, 0x2026}, {0xC4, 0x2297}, {0xC5, 0x2295}, {0xC6, 0x2205},
        {0xC7, 0x2229}, {0xC8, 0x222A}, {0xC9, 0x2283}, {0xCA, 0x2287}, {0xCB, 0x2284},
        {0xCC, 0x2282}, {0xCD, 0x2286}, {0xCE, 0x2208}, {0xCF, 0x2209}, {0xD0, 0x2220},
        {0xD1, 0x2207}, {0xD2, 0x00AE}, {0xD3, 0x00A9}, {0xD4, 0x2122}, {0xD5, 0x220F},
        {0xD6, 0x221A}, {0xD7, 0x22C5}, {0xD8, 0x00AC}, {0xD9, 0x2227}, {0xDA, 0x2228},
        {0xDB, 0x21D4}, {0xDC, 0x21D0}, {0xDD, 0x21D1}, {0xDE, 0x21D2}, {0xDF, 0x21D3},
        {0xE0, 0x25CA}, {0xE1, 0x2329}, {0xE5, 0x2211}, {0xF1, 0x232A}, {0xF2, 0x222B},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (map[i].c == c) return map[i].u;
    return c;
}

/* Text of the current run, in the paragraph. */
static void add_run_text(dx_body *B, const char *s, size_t len)
{
    if (!fields_visible(B)) return;
    if (!ensure_para(B)) return;
    run_resolve(B);
    if (B->run_hidden) return;
    if (B->run_symbol && memchr(s, 0xEF, len)) {
        /* Symbol-font text stored as U+F0xx: the characters it draws */
        dx_buf b = {0};
        for (size_t i = 0; i < len; i++) {
            const unsigned char *u = (const unsigned char *)s + i;
            if (u[0] == 0xEF && i + 2 < len && u[1] >= 0x80 && u[1] <= 0x83) {
                uint32_t c = (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
                dx_utf8_put(&b, symbol_char(c));
                i += 2;
            } else {
                dx_buf_addc(&b, (char)u[0]);
            }
        }
        if (b.p && dx_para_add_text(B, b.p, b.len)) dx_fail(B->dx, GD_ENOMEM, "out of memory");
        dx_buf_free(&b);
        return;
    }
    if (dx_para_add_text(B, s, len)) dx_fail(B->dx, GD_ENOMEM, "out of memory");
}

static void add_break(dx_body *B, int kind)
{
    if (!fields_visible(B)) return;
    if (!ensure_para(B)) return;
    if (dx_para_add_item(B, kind, NULL, 0)) dx_fail(B->dx, GD_ENOMEM, "out of memory");
}

static void add_sym(dx_body *B, const dx_ev *e)
{
    char v[16], font[64];
    if (!dx_attr_get(e, NS_W, "char", v, sizeof v)) return;
    uint32_t c = (uint32_t)strtoul(v, NULL, 16);
    if (!c) return;
    bool symbol = dx_attr_get(e, NS_W, "font", font, sizeof font) && !strcmp(font, "Symbol");
    if (symbol && c >= 0xF000 && c <= 0xF0FF)
        c = symbol_char(c - 0xF000);
    else if (symbol && c >= 0x20 && c <= 0xFF)
        c = symbol_char(c);
    dx_buf b = {0};
    dx_utf8_put(&b, c);
    if (b.p) add_run_text(B, b.p, b.len);
    dx_buf_free(&b);
}

/* ---- fields ---- */

/* HYPERLINK "url" \l "anchor" → url#anchor; *out empty if not a link. */
static void field_link(const char *instr, char *out, size_t cap)
{
    out[0] = 0;
    const char *p = instr;
    while (*p == ' ') p++;
    if (strncmp(p, "HYPERLINK", 9) != 0) return;
    p += 9;
    char url[512] = "", anchor[256] = "";
    int want = 0; /* 1: next token is the anchor; 2: switch argument to drop */
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        char tok[512];
        size_t n = 0;
        if (*p == '"') {
            p++;
            while (*p && *p != '"') {
                if (n + 1 < sizeof tok) tok[n++] = *p;
                p++;
            }
            if (*p) p++;
        } else {
            while (*p && *p != ' ') {
                if (n + 1 < sizeof tok) tok[n++] = *p;
                p++;
            }
        }
        tok[n] = 0;
        if (want == 1)
            dx_copy(anchor, sizeof anchor, tok);
        else if (want == 2) {
        } else if (tok[0] == '\\') {
            want = !strcmp(tok, "\\l") ? 1 : (!strcmp(tok, "\\o") || !strcmp(tok, "\\t")) ? 2 : 0;
            continue;
        } else if (!url[0]) {
            dx_copy(url, sizeof url, tok);
        }
        want = 0;
    }
    if (!url[0] && !anchor[0]) return;
    snprintf(out, cap, "%s%s%s", url, anchor[0] ? "#" : "", anchor);
}

static void link_open(dx_body *B, const char *url)
{
    if (!ensure_para(B)) return;
    if (dx_para_add_item(B, IT_LINK_OPEN, url, strlen(url)))
        dx_fail(B->dx, GD_ENOMEM, "out of memory");
}

static void link_close(dx_body *B)
{
    if (!B->para.open) return;
    if (dx_para_add_item(B, IT_LINK_CLOSE, NULL, 0)) dx_fail(B->dx, GD_ENOMEM, "out of memory");
}

static void fld_char(dx_body *B, const dx_ev *e)
{
    char t[16];
    if (!dx_attr_get(e, NS_W, "fldCharType", t, sizeof t)) return;
    if (!strcmp(t, "begin")) {
        if (B->nfld == FLD_MAX) {
            B->fld_overflow++;
            return;
        }
        dx_field *f = &B->fld[B->nfld++];
        memset(f, 0, sizeof *f);
    } else if (!strcmp(t, "separate")) {
        if (B->fld_overflow || !B->nfld) return;
        dx_field *f = &B->fld[B->nfld - 1];
        if (f->result) return;
        f->instr[f->instr_len] = 0;
        char url[800];
        field_link(f->instr, url, sizeof url);
        f->result = true;
        if (url[0] && fields_visible(B)) {
            link_open(B, url);
            f->link = true;
        }
    } else if (!strcmp(t, "end")) {
        if (B->fld_overflow) {
            B->fld_overflow--;
            return;
        }
        if (!B->nfld) return;
        dx_field *f = &B->fld[--B->nfld];
        if (f->link) link_close(B);
    }
}

static void fld_simple_start(dx_body *B, const dx_ev *e)
{
    if (B->nfld == FLD_MAX) {
        B->fld_overflow++;
        return;
    }
    dx_field *f = &B->fld[B->nfld++];
    memset(f, 0, sizeof *f);
    f->simple = true;
    f->result = true;
    char instr[1024], url[800];
    if (dx_attr_get(e, NS_W, "instr", instr, sizeof instr)) {
        field_link(instr, url, sizeof url);
        if (url[0] && fields_visible(B)) {
            link_open(B, url);
            f->link = true;
        }
    }
}

static void fld_simple_end(dx_body *B)
{
    if (B->fld_overflow) {
        B->fld_overflow--;
        return;
    }
    if (B->nfld && B->fld[B->nfld - 1].simple) {
        dx_field *f = &B->fld[--B->nfld];
        if (f->link) link_close(B);
    }
}

/* ---- images ---- */

static void image_emit(dx_body *B, const char *rid, const char *title)
{
    if (!fields_visible(B)) return;
    const char *url = dx_media_image(B->dx, B->rels, rid);
    if (!url || !ensure_para(B)) return;
    if (dx_para_add_item(B, IT_IMAGE, url, strlen(url))) {
        dx_fail(B->dx, GD_ENOMEM, "out of memory");
        return;
    }
    dx_item *it = dx_para_last(B);
    const char *alt = B->img_alt[0] ? B->img_alt : title ? title : "";
    it->alt_off = B->para.text.len;
    it->alt_len = strlen(alt);
    if (dx_buf_add(&B->para.text, alt, it->alt_len)) dx_fail(B->dx, GD_ENOMEM, "out of memory");
    it->w = B->img_w;
    it->h = B->img_h;
}

/* "width:120pt;height:1.5in" (VML style) → points. */
static double css_len(const char *style, const char *prop)
{
    const char *p = strstr(style, prop);
    if (!p) return 0;
    p += strlen(prop);
    while (*p == ' ' || *p == ':') p++;
    char *end;
    double v = strtod(p, &end);
    if (end == p) return 0;
    if (!strncmp(end, "in", 2))
        v *= 72;
    else if (!strncmp(end, "cm", 2))
        v *= 72 / 2.54;
    else if (!strncmp(end, "mm", 2))
        v *= 72 / 25.4;
    else if (!strncmp(end, "px", 2))
        v *= 0.75;
    return v;
}

/* ---- alternate content ---- */

/* Whether we understand every namespace a mc:Choice requires. */
static bool choice_ok(const dx_ev *e)
{
    char req[256];
    if (!dx_attr_get(e, NS_OTHER, "Requires", req, sizeof req)) return true;
    static const char *const known[] = {"wps", "wpg", "wpc",   "wpi",    "wp14",   "w14",
                                        "w15", "w16", "w16se", "w16cid", "w16cex", "w16sdtdh",
                                        "a14", "v",   "o",     "w10",    "m",      "r",
                                        "w",   "wp",  "a",     "pic",    NULL};
    for (char *tok = req; *tok;) {
        while (*tok == ' ') tok++;
        char *end = tok;
        while (*end && *end != ' ') end++;
        size_t n = (size_t)(end - tok);
        if (!n) break;
        bool found = false;
        for (int i = 0; known[i]; i++)
            if (strlen(known[i]) == n && !strncmp(known[i], tok, n)) found = true;
        if (!found) return false;
        tok = end;
    }
    return true;
}

/* ---- events ---- */

static void skip_subtree(dx_body *B)
{
    B->skip = B->depth;
}

static void on_start(void *self, const dx_ev *e)
{
    dx_body *B = self;
    docx *dx = B->dx;
    if (dx->rc) return;
    B->depth++;
    if (B->skip) return;
    if (B->rec) {
        if (dx_log_start(B->rec, e)) dx_fail(dx, GD_ENOMEM, "out of memory");
        return;
    }
    char v[512];
    B->ac_taken[B->depth] = 0;
    B->hyperlink_depth[B->depth] = 0;

    /* properties first: they are small closed worlds */
    if (B->in_rpr) {
        if (e->el == E_RPRCHANGE) {
            skip_subtree(B);
            return;
        }
        if (e->el == E_RSTYLE) {
            if (dx_attr_get(e, NS_W, "val", v, sizeof v)) B->run_cstyle = dx_style_get(dx, v);
        } else {
            dx_rpr_child(dx, &B->run_delta, e);
        }
        return;
    }
    if (B->in_ppr) {
        dx_para *P = &B->para;
        if (B->in_ppr_rpr) {
            if (e->el == E_DEL || e->el == E_MOVEFROM)
                P->mark_deleted = true;
            else if (e->el == E_INS || e->el == E_MOVETO)
                P->mark_inserted = true;
            else if (e->el == E_RPRCHANGE)
                skip_subtree(B);
            return;
        }
        switch (e->el) {
        case E_PSTYLE:
            if (dx_attr_get(e, NS_W, "val", v, sizeof v))
                dx_copy(P->style_id, sizeof P->style_id, v);
            break;
        case E_JC:
            if (dx_attr_get(e, NS_W, "val", v, sizeof v)) P->jc = dx_align_parse(v);
            break;
        case E_NUMID: P->num_id = (int)dx_attr_long(e, NS_W, "val", -1); break;
        case E_ILVL: P->ilvl = (int)dx_attr_long(e, NS_W, "val", -1); break;
        case E_OUTLINELVL: P->outline = (int)dx_attr_long(e, NS_W, "val", -1); break;
        case E_PAGEBREAKBEFORE: P->page_break_before = dx_attr_on(e); break;
        case E_SECTPR:
            B->in_sectpr_ppr = B->depth;
            P->section_break = true;
            break;
        case E_TYPE:
            if (B->in_sectpr_ppr && dx_attr_get(e, NS_W, "val", v, sizeof v) &&
                strcmp(v, "nextPage") && strcmp(v, "oddPage") && strcmp(v, "evenPage"))
                P->section_break = false;
            break;
        case E_RPR: B->in_ppr_rpr = B->depth; break;
        case E_PPRCHANGE: skip_subtree(B); break;
        default: break;
        }
        return;
    }
    if (B->in_trpr) {
        if (e->el == E_TRPRCHANGE) {
            skip_subtree(B);
            return;
        }
        dx_trpr_child(B, e);
        return;
    }
    if (B->in_tcpr) {
        if (e->el == E_TCPRCHANGE) {
            skip_subtree(B);
            return;
        }
        dx_tcpr_child(B, e);
        return;
    }
    if (B->in_tblpr) return;

    switch (e->el) {
    /* blocks */
    case E_P:
        if (B->para.open && B->para.merge) {
            dx_para_continue(B);
            return;
        }
        if (B->para.open) dx_para_flush(B);
        dx_table_materialize(B);
        if (B->skip) return;
        dx_para_begin(B);
        return;
    case E_PPR:
        if (B->para.open && !B->para.props_done)
            B->in_ppr = B->depth;
        else
            skip_subtree(B);
        return;
    case E_TBL:
        if (B->para.open) dx_para_flush(B);
        dx_table_materialize(B);
        if (B->skip) return;
        dx_before_block(B);
        dx_close_lists(B);
        dx_table_start(B);
        return;
    case E_TBLPR:
    case E_TBLGRID: B->in_tblpr = B->depth; return;
    case E_TR: dx_row_start(B); return;
    case E_TRPR: B->in_trpr = B->depth; return;
    case E_TC: dx_cell_start(B); return;
    case E_TCPR: B->in_tcpr = B->depth; return;
    case E_SECTPR:
    case E_SDTPR:
    case E_SDTENDPR:
    case E_SMARTTAGPR:
    case E_CUSTOMXMLPR:
    case E_TBLPRCHANGE:
    case E_TBLGRIDCHANGE:
    case E_SECTPRCHANGE:
    case E_RT:
    case E_DELINSTRTEXT: skip_subtree(B); return;
    case E_ALTCHUNK:
        dx_warn_once(dx, DX_WARN_ALTCHUNK,
                     "embedded alternative-format content (altChunk) "
                     "is not converted");
        return;
    /* tracked changes */
    case E_INS:
    case E_MOVETO:
        if (dx->track == DX_TRACK_REJECT) {
            skip_subtree(B);
            return;
        }
        B->ins_depth++;
        B->run_resolved = false;
        return;
    case E_DEL:
    case E_MOVEFROM:
        if (dx->track == DX_TRACK_ACCEPT) {
            skip_subtree(B);
            return;
        }
        B->del_depth++;
        B->run_resolved = false;
        return;
    /* alternate content: the first choice we understand, else the fallback */
    case E_CHOICE:
        if (B->ac_taken[B->depth - 1] || !choice_ok(e)) {
            skip_subtree(B);
            return;
        }
        B->ac_taken[B->depth - 1] = 1;
        return;
    case E_FALLBACK:
        if (B->ac_taken[B->depth - 1]) {
            skip_subtree(B);
            return;
        }
        B->ac_taken[B->depth - 1] = 1;
        return;
    /* runs */
    case E_R:
        B->run_open = true;
        run_reset(B);
        return;
    case E_RPR:
        if (B->run_open)
            B->in_rpr = B->depth;
        else
            skip_subtree(B);
        return;
    case E_T:
    case E_MT: B->text_target = TXT_T; return;
    case E_DELTEXT:
        if (B->del_depth) B->text_target = TXT_T;
        return;
    case E_INSTRTEXT: B->text_target = TXT_INSTR; return;
    case E_TAB:
    case E_PTAB: add_run_text(B, "\t", 1); return;
    case E_BR: {
        bool page = dx_attr_get(e, NS_W, "type", v, sizeof v) && !strcmp(v, "page");
        add_break(B, page ? IT_PAGEBREAK : IT_BREAK);
        return;
    }
    case E_CR: add_break(B, IT_BREAK); return;
    case E_SOFTHYPHEN: add_run_text(B, "\xC2\xAD", 2); return;
    case E_NOBREAKHYPHEN: add_run_text(B, "\xE2\x80\x91", 3); return;
    case E_SYM: add_sym(B, e); return;
    case E_FLDCHAR: fld_char(B, e); return;
    case E_FLDSIMPLE: fld_simple_start(B, e); return;
    case E_HYPERLINK: {
        char url[2048] = "", anchor[512];
        if (dx_attr_get(e, NS_R, "id", v, sizeof v)) {
            const dx_rel *rel = dx_rels_find(B->rels, v);
            if (rel) dx_copy(url, sizeof url, rel->target);
        }
        if (dx_attr_get(e, NS_W, "anchor", anchor, sizeof anchor) && anchor[0]) {
            size_t n = strlen(url);
            snprintf(url + n, sizeof url - n, "#%s", anchor);
        }
        if (url[0] && fields_visible(B)) {
            link_open(B, url);
            B->hyperlink_depth[B->depth] = 1;
        }
        return;
    }
    case E_COMMENTREF: {
        if (!dx->comments_keep || B->in_note || !fields_visible(B)) return;
        const dx_note *n = dx_notes_find(&dx->comments, dx_attr_long(e, NS_W, "id", -1000000));
        if (!n || !ensure_para(B)) return;
        if (dx_para_add_item(B, IT_NOTE, NULL, 0)) {
            dx_fail(dx, GD_ENOMEM, "out of memory");
            return;
        }
        dx_item *it = dx_para_last(B);
        it->log = &n->log;
        it->comment = true;
        it->author = n->author;
        it->rels = &dx->comments.rels;
        return;
    }
    case E_FOOTNOTEREF:
    case E_ENDNOTEREF: {
        if (B->in_note || !fields_visible(B)) return;
        bool endnote = e->el == E_ENDNOTEREF;
        long id = dx_attr_long(e, NS_W, "id", -1000000);
        const dx_note *n = dx_notes_find(endnote ? &dx->endnotes : &dx->footnotes, id);
        if (!n) {
            dx_warn_once(dx, DX_WARN_NOTE, "%s %ld is referenced but missing",
                         endnote ? "endnote" : "footnote", id);
            return;
        }
        if (!ensure_para(B)) return;
        if (dx_para_add_item(B, IT_NOTE, NULL, 0)) {
            dx_fail(dx, GD_ENOMEM, "out of memory");
            return;
        }
        dx_item *it = dx_para_last(B);
        it->log = &n->log;
        it->endnote = endnote;
        it->rels = endnote ? &dx->endnotes.rels : &dx->footnotes.rels;
        return;
    }
    /* drawings */
    case E_DRAWING:
    case E_PICT:
    case E_OBJECT:
        B->in_image = true;
        B->img_w = B->img_h = 0;
        B->img_alt[0] = 0;
        return;
    case E_EXTENT:
        if (B->in_image && !B->img_w) {
            B->img_w = (double)dx_attr_long(e, NS_OTHER, "cx", 0) / 12700.0;
            B->img_h = (double)dx_attr_long(e, NS_OTHER, "cy", 0) / 12700.0;
        }
        return;
    case E_DOCPR:
        if (B->in_image && !B->img_alt[0] &&
            !dx_attr_get(e, NS_OTHER, "descr", B->img_alt, sizeof B->img_alt))
            B->img_alt[0] = 0;
        return;
    case E_GRAPHICDATA:
        if (dx_attr_get(e, NS_OTHER, "uri", v, sizeof v) && strstr(v, "chart"))
            dx_warn_once(dx, DX_WARN_CHART, "charts are not converted");
        return;
    case E_BLIP:
        if (dx_attr_get(e, NS_R, "embed", v, sizeof v) || dx_attr_get(e, NS_R, "link", v, sizeof v))
            image_emit(B, v, NULL);
        return;
    case E_VSHAPE:
        if (dx_attr_get(e, NS_OTHER, "style", v, sizeof v)) {
            B->img_w = css_len(v, "width");
            B->img_h = css_len(v, "height");
        }
        return;
    case E_IMAGEDATA: {
        char title[256];
        const char *t = dx_attr_get(e, NS_O, "title", title, sizeof title);
        if (dx_attr_get(e, NS_R, "id", v, sizeof v) || dx_attr_get(e, NS_R, "pict", v, sizeof v))
            image_emit(B, v, t);
        return;
    }
    case E_TXBXCONTENT:
        if (!B->para.open) return; /* stray: read it in place */
        if (dx->replay_nest >= DX_MAX_REPLAY_NEST) {
            dx_warn_once(dx, DX_WARN_NEST, "text boxes nested too deep; inner ones skipped");
            {
                skip_subtree(B);
                return;
            }
        }
        B->rec = calloc(1, sizeof *B->rec);
        if (!B->rec) {
            dx_fail(dx, GD_ENOMEM, "out of memory");
            return;
        }
        B->rec_depth = B->depth;
        return;
    default: return;
    }
}

static void on_end(void *self, int el)
{
    dx_body *B = self;
    docx *dx = B->dx;
    if (dx->rc) return;
    int d = B->depth--;
    if (B->skip) {
        if (d == B->skip) B->skip = 0;
        return;
    }
    if (B->rec) {
        if (d == B->rec_depth) {
            dx_log *log = B->rec;
            B->rec = NULL;
            if (dx_para_add_item(B, IT_BLOCKS, NULL, 0)) {
                dx_log_free(log);
                free(log);
                dx_fail(dx, GD_ENOMEM, "out of memory");
                return;
            }
            dx_para_last(B)->log = log;
            return;
        }
        if (dx_log_end(B->rec, el)) dx_fail(dx, GD_ENOMEM, "out of memory");
        return;
    }
    if (B->in_rpr) {
        if (d == B->in_rpr) B->in_rpr = 0;
        return;
    }
    if (B->in_ppr) {
        if (d == B->in_sectpr_ppr) B->in_sectpr_ppr = 0;
        if (d == B->in_ppr_rpr) B->in_ppr_rpr = 0;
        if (d == B->in_ppr) {
            B->in_ppr = 0;
            para_props(B);
        }
        return;
    }
    if (B->in_trpr) {
        if (d == B->in_trpr) {
            B->in_trpr = 0;
            dx_table_materialize(B);
        }
        return;
    }
    if (B->in_tcpr) {
        if (d == B->in_tcpr) {
            B->in_tcpr = 0;
            dx_table_materialize(B);
        }
        return;
    }
    if (B->in_tblpr) {
        if (d == B->in_tblpr) B->in_tblpr = 0;
        return;
    }
    if (B->hyperlink_depth[d]) {
        B->hyperlink_depth[d] = 0;
        link_close(B);
    }
    switch (el) {
    case E_P:
        if (!B->para.open) return;
        if ((dx->track == DX_TRACK_ACCEPT && B->para.mark_deleted) ||
            (dx->track == DX_TRACK_REJECT && B->para.mark_inserted)) {
            B->para.merge = true; /* the next paragraph carries on this one */
            return;
        }
        dx_para_flush(B);
        return;
    case E_TBL:
        if (B->para.open) dx_para_flush(B);
        dx_table_end(B);
        return;
    case E_TR: dx_row_end(B); return;
    case E_TC:
        if (B->para.open) dx_para_flush(B);
        dx_cell_end(B);
        return;
    case E_R: B->run_open = false; return;
    case E_T:
    case E_MT:
    case E_DELTEXT:
    case E_INSTRTEXT: B->text_target = TXT_NONE; return;
    case E_INS:
    case E_MOVETO:
        if (B->ins_depth) B->ins_depth--;
        B->run_resolved = false;
        return;
    case E_DEL:
    case E_MOVEFROM:
        if (B->del_depth) B->del_depth--;
        B->run_resolved = false;
        return;
    case E_FLDSIMPLE: fld_simple_end(B); return;
    case E_DRAWING:
    case E_PICT:
    case E_OBJECT: B->in_image = false; return;
    case E_BODY:
        if (B->para.open) dx_para_flush(B);
        return;
    default: return;
    }
}

static void on_text(void *self, const char *s, size_t len)
{
    dx_body *B = self;
    if (B->dx->rc || B->skip) return;
    if (B->rec) {
        if (dx_log_text(B->rec, s, len)) dx_fail(B->dx, GD_ENOMEM, "out of memory");
        return;
    }
    if (B->text_target == TXT_T) {
        add_run_text(B, s, len);
    } else if (B->text_target == TXT_INSTR && B->nfld && !B->fld_overflow) {
        dx_field *f = &B->fld[B->nfld - 1];
        if (f->result) return;
        size_t room = sizeof f->instr - 1 - f->instr_len;
        size_t n = len < room ? len : room;
        memcpy(f->instr + f->instr_len, s, n);
        f->instr_len += n;
        f->instr[f->instr_len] = 0;
    }
}

/* ---- entry points ---- */

static dx_body *body_new(docx *dx, const dx_rels *rels)
{
    dx_body *B = calloc(1, sizeof *B);
    if (!B) {
        dx_fail(dx, GD_ENOMEM, "out of memory");
        return NULL;
    }
    B->dx = dx;
    B->rels = rels;
    B->ncont = 1;
    B->cont[0].cell_align = -1;
    return B;
}

static void body_free(dx_body *B)
{
    if (!B) return;
    dx_para_free(&B->para);
    for (int i = 0; i < B->npending; i++) dx_para_free(&B->pending[i]);
    for (int i = 0; i < B->ntbl; i++) free(B->tbl[i].cols);
    free(B->tbl);
    if (B->rec) {
        dx_log_free(B->rec);
        free(B->rec);
    }
    free(B);
}

int dx_body_read_part(docx *dx, const char *part, const dx_rels *rels)
{
    dx_body *B = body_new(dx, rels);
    if (!B) return dx->rc;
    B->main = part == dx->main_part && dx->title_heuristic;
    B->title_state = B->main ? 0 : 1;
    dx_consumer c = {on_start, on_end, on_text, B};
    int rc = dx_xml_parse_part(dx, part, &c);
    if (!rc) rc = dx_body_finish(B);
    body_free(B);
    return rc ? rc : dx->rc;
}

int dx_body_replay(docx *dx, const dx_log *log, const dx_rels *rels, bool in_note)
{
    if (dx->replay_nest >= DX_MAX_REPLAY_NEST) return GD_OK;
    dx_body *B = body_new(dx, rels);
    if (!B) return dx->rc;
    B->in_note = in_note;
    B->title_state = 1;
    dx->replay_nest++;
    dx_consumer c = {on_start, on_end, on_text, B};
    int rc = dx_log_replay(dx, log, &c);
    if (!rc) rc = dx_body_finish(B);
    dx->replay_nest--;
    body_free(B);
    return rc ? rc : dx->rc;
}
