/* A story's text into the builder: paragraphs (a mark 0x0D, 0x07 or 0x0C
 * ends each), their runs (style bits, East-Asian font), fields (the
 * displayed result; HYPERLINK results become links), special characters
 * (pictures, note references), headings (style, outline level, title role),
 * lists, page breaks, and the title heuristic — the same decisions as the
 * DOCX reader's para.c, so the same content gives the same tree. Tables
 * are table.c's. */
#include "body.h"

#include <govdoc/helpers/inline.h>
#include <govdoc/helpers/symbol.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The paragraph is gathered in the SDK's inline buffer (as the DOCX
 * reader's), of items with what this reader adds. */
enum {
    IT_TEXT = GDH_INL_TEXT,
    IT_BREAK = GDH_INL_BREAK,
    IT_LINK_OPEN = GDH_INL_LINK_OPEN,
    IT_LINK_CLOSE = GDH_INL_LINK_CLOSE,
    IT_IMAGE = GDH_INL_IMAGE,
    IT_NOTE = GDH_INL_NOTE,
};

typedef struct item {
    gdh_inline_item in; /* first: the buffer's part */
    uint32_t pic;       /* IT_IMAGE: Data stream offset */
    const wd_note *note;
} item;

typedef struct pbuf {
    gdh_inline in; /* items; in.all_bold for the title heuristic */
    int max_hps;
} pbuf;

typedef struct block_info {
    gd_node_type type;
    int level, role, jc;
    const char *style;
    wd_number num;
} block_info;

typedef struct pending {
    pbuf p;
    block_info bi;
} pending;

static pending pend[3];
static int npend;

int wd_rc(wd *w, int rc)
{
    if (rc && !w->rc) w->rc = rc; /* the builder has put the message on ctx */
    return w->rc;
}

static void pbuf_free(pbuf *p)
{
    gdh_inline_free(&p->in);
    memset(p, 0, sizeof *p);
}

/* An item of kind with what it names (a link's URL), or NULL when out of
 * memory. */
static item *add_item(pbuf *p, int kind, const char *s, size_t len)
{
    return (item *)gdh_inline_add(&p->in, kind, s, len);
}

static int add_text(pbuf *p, const char *s, size_t len, unsigned style, unsigned para_bits,
                    const char *font)
{
    return gdh_inline_text(&p->in, s, len, style, para_bits, font);
}

static unsigned style_bits(const wd_chp *c)
{
    unsigned s = 0;
    if (c->bold) s |= GD_STYLE_BOLD;
    if (c->italic) s |= GD_STYLE_ITALIC;
    if (c->kul) s |= GD_STYLE_UNDERLINE;
    if (c->strike || c->dstrike) s |= GD_STYLE_STRIKE;
    if (c->iss == 1) s |= GD_STYLE_SUPERSCRIPT;
    if (c->iss == 2) s |= GD_STYLE_SUBSCRIPT;
    return s;
}

/* ---- fields ---- */

/* The target of a HYPERLINK instruction ("url", \l "anchor"), or NULL. */
static char *hyperlink_target(const char *instr)
{
    const char *p = instr;
    while (*p == ' ') p++;
    if (strncmp(p, "HYPERLINK", 9) != 0) return NULL;
    p += 9;
    gdh_buf url = {0}, anchor = {0};
    while (*p) {
        while (*p == ' ') p++;
        if (!*p) break;
        if (p[0] == '\\' && p[1]) {
            char sw = p[1];
            p += 2;
            while (*p == ' ') p++;
            gdh_buf *dst = sw == 'l' ? &anchor : NULL;
            if (*p == '"') {
                const char *e = strchr(p + 1, '"');
                size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
                if (dst) gdh_buf_add(dst, p + 1, n);
                p = e ? e + 1 : p + 1 + n;
            } else if (sw == 'l' || sw == 'o' || sw == 't') {
                const char *e = p;
                while (*e && *e != ' ') e++;
                if (dst) gdh_buf_add(dst, p, (size_t)(e - p));
                p = e;
            }
            continue;
        }
        if (*p == '"') {
            const char *e = strchr(p + 1, '"');
            size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
            if (!url.len) gdh_buf_add(&url, p + 1, n);
            p = e ? e + 1 : p + 1 + n;
        } else {
            const char *e = p;
            while (*e && *e != ' ') e++;
            if (!url.len) gdh_buf_add(&url, p, (size_t)(e - p));
            p = e;
        }
    }
    char *out = NULL;
    if (url.len) {
        if (anchor.len) {
            gdh_buf_add(&url, "#", 1);
            gdh_buf_add(&url, anchor.p, anchor.len);
        }
        out = url.p;
        url.p = NULL;
    } else if (anchor.len) {
        gdh_buf r = {0};
        gdh_buf_add(&r, "#", 1);
        gdh_buf_add(&r, anchor.p, anchor.len);
        out = r.p;
    }
    gdh_buf_free(&url);
    gdh_buf_free(&anchor);
    return out;
}

static bool field_hidden(const wd_sctx *s)
{
    for (int k = 0; k < s->nfields; k++)
        if (!s->fields[k].result) return true;
    return false;
}

static int field_char(wd *w, wd_sctx *s, pbuf *p, uint32_t ch)
{
    (void)w;
    if (ch == 0x13) {
        if (s->nfields == 16) {
            s->dropped_fields++;
            return GD_OK;
        }
        wd_field *f = &s->fields[s->nfields++];
        memset(f, 0, sizeof *f);
        return GD_OK;
    }
    if (s->dropped_fields) {
        if (ch == 0x15) s->dropped_fields--;
        return GD_OK;
    }
    if (!s->nfields) return GD_OK;
    wd_field *f = &s->fields[s->nfields - 1];
    if (ch == 0x14) {
        if (f->result) return GD_OK;
        f->result = true;
        if (f->instr.p && !s->link_open && !field_hidden(s)) {
            char *url = hyperlink_target(f->instr.p);
            if (url) {
                item *it = add_item(p, IT_LINK_OPEN, url, strlen(url));
                free(url);
                if (!it) return GD_ENOMEM;
                f->link = true;
                s->link_open = true;
            }
        }
        return GD_OK;
    }
    /* 0x15 */
    if (f->link && s->link_open) {
        if (!add_item(p, IT_LINK_CLOSE, NULL, 0)) return GD_ENOMEM;
        s->link_open = false;
    }
    gdh_buf_free(&f->instr);
    s->nfields--;
    return GD_OK;
}

/* ---- a paragraph's runs ---- */

static bool is_symbol_font(const wd *w, uint16_t ftc)
{
    const char *f = wd_font_name(w, ftc);
    return f && !strcmp(f, "Symbol");
}

static const char *run_font(const wd *w, const wd_chp *c)
{
    return wd_font_name(w, c->fe_set ? c->ftc_fe : c->ftc_ascii);
}

static int collect(wd *w, wd_sctx *s, const wd_para *P, pbuf *p, unsigned para_bits)
{
    gdh_inline_begin(&p->in, sizeof(item));
    p->max_hps = 0;
    char u8[4];
    for (size_t i = P->i0; i < P->i1 && !w->rc; i++) {
        uint32_t ch = w->text.ch[i];
        int rc = GD_OK;
        if (ch == 0x13 || ch == 0x14 || ch == 0x15) {
            rc = field_char(w, s, p, ch);
            if (rc) return wd_fail(w, rc, "out of memory");
            continue;
        }
        if (s->dropped_fields) continue;
        if (field_hidden(s)) {
            wd_field *f = &s->fields[s->nfields - 1];
            if (!f->result && f->instr.len < 4096 && ch >= 0x20) {
                size_t n = gd_utf8_encode(ch, u8);
                gdh_buf_add(&f->instr, u8, n);
            }
            continue;
        }
        wd_chp c;
        wd_chp_at(w, i, &P->pap, &c);
        if ((ch < 0x20 || ch >= 0xF000) && getenv("WD_DEBUG"))
            fprintf(stderr, "char %zu cp %u ch %02X spec %d vanish %d pic %d\n", i, w->text.cp[i],
                    (unsigned)ch, c.spec, c.vanish, c.has_pic);
        if (c.vanish || c.rmark_del || c.fld_vanish) continue;
        unsigned st = style_bits(&c);
        const char *font = run_font(w, &c);
        if (c.spec) {
            if (ch == 0x01 && c.has_pic && !c.ole2) {
                item *it = add_item(p, IT_IMAGE, NULL, 0);
                if (!it) return wd_fail(w, GD_ENOMEM, "out of memory");
                it->pic = c.pic;
            } else if (ch == 0x02 && s->main) {
                const wd_note *nt = wd_note_at(w, w->text.cp[i]);
                if (nt) {
                    item *it = add_item(p, IT_NOTE, NULL, 0);
                    if (!it) return wd_fail(w, GD_ENOMEM, "out of memory");
                    it->note = nt;
                }
            } else if (ch == 0x08) {
                if (!w->warned_floating++)
                    gd_ctx_warn(w->ctx, "floating shapes and pictures (drawing objects) are not "
                                        "converted");
            } else if (ch == 0x28 && c.symbol) {
                uint32_t sc = c.sym_ch;
                if (is_symbol_font(w, c.sym_ftc) && sc >= 0xF000 && sc <= 0xF0FF)
                    sc = gdh_symbol_char(sc - 0xF000);
                else if (is_symbol_font(w, c.sym_ftc) && sc >= 0x20 && sc <= 0xFF)
                    sc = gdh_symbol_char(sc);
                if (sc >= 0x20) {
                    size_t n = gd_utf8_encode(sc, u8);
                    rc = add_text(p, u8, n, st, para_bits, font);
                }
            }
            if (rc) return wd_fail(w, rc, "out of memory");
            continue;
        }
        switch (ch) {
        case 0x09: rc = add_text(p, "\t", 1, st, para_bits, font); break;
        case 0x0B: rc = add_item(p, IT_BREAK, NULL, 0) ? GD_OK : GD_ENOMEM; break;
        case 0x1E: rc = add_text(p, "\xE2\x80\x91", 3, st, para_bits, font); break;
        case 0x1F: rc = add_text(p, "\xC2\xAD", 2, st, para_bits, font); break;
        default:
            if (ch < 0x20 || (ch >= 0xD800 && ch < 0xE000) || ch > 0x10FFFF) break;
            if (ch >= 0xF000 && ch <= 0xF0FF && is_symbol_font(w, c.ftc_ascii))
                ch = gdh_symbol_char(ch - 0xF000);
            if (c.hps > p->max_hps) p->max_hps = c.hps;
            rc = add_text(p, u8, gd_utf8_encode(ch, u8), st, para_bits, font);
            break;
        }
        if (rc) return wd_fail(w, rc, "out of memory");
    }
    /* a link whose field result runs past the paragraph links only this part */
    if (s->link_open) {
        if (!add_item(p, IT_LINK_CLOSE, NULL, 0)) return wd_fail(w, GD_ENOMEM, "out of memory");
        s->link_open = false;
        for (int k = 0; k < s->nfields; k++) s->fields[k].link = false;
    }
    return w->rc;
}

/* ---- emission ---- */

static wd_cont *top(wd_sctx *s)
{
    return &s->cont[s->ncont - 1];
}

int wd_close_lists(wd *w, wd_sctx *s)
{
    return wd_rc(w, gdh_list_close_all(&top(s)->lists, w->b));
}

static int list_item(wd *w, wd_sctx *s, const wd_number *num)
{
    return wd_rc(
        w, gdh_list_item(&top(s)->lists, w->b, num->ilvl, num->list_id, num->ordered, num->start));
}

static const char *align_name(int jc)
{
    switch (jc) {
    case 1: return "center";
    case 2: return "right";
    case 3: return "justify";
    default: return NULL;
    }
}

/* The items the inline buffer leaves to the reader: pictures and notes. */
static int emit_object(void *user, const gdh_inline *in, const gdh_inline_item *item_)
{
    wd *w = user;
    const item *it = (const item *)item_;
    (void)in;
    if (it->in.kind == IT_IMAGE) return wd_picture_inline(w, it->pic);
    if (it->in.kind != IT_NOTE) return GD_OK;
    gd_node *n;
    int rc = gd_builder_open(w->b, GD_NODE_NOTE, &n);
    if (!rc && n) rc = gd_node_set_attr(n, "kind", it->note->endnote ? "endnote" : "footnote");
    if (!rc) rc = wd_story_emit(w, it->note->txt_cp, it->note->txt_end);
    if (!rc) rc = gd_builder_close(w->b, GD_NODE_NOTE);
    return rc;
}

static int emit_inlines(wd *w, const pbuf *p, unsigned strip)
{
    gdh_inline_sink k = {
        .b = w->b, .strip = strip, .stop = &w->rc, .object = emit_object, .user = w};
    size_t at = 0;
    int rc = gdh_inline_flush(&p->in, &at, &k);
    if (!rc) rc = gdh_inline_close_links(&k);
    return wd_rc(w, rc);
}

static int open_block(wd *w, wd_sctx *s, const block_info *bi)
{
    gd_builder *b = w->b;
    int rc;
    if (bi->num.active && bi->num.list && bi->type == GD_NODE_PARAGRAPH)
        rc = list_item(w, s, &bi->num);
    else
        rc = wd_close_lists(w, s);
    if (rc) return wd_rc(w, rc);
    gd_node *n;
    rc = gd_builder_open(b, bi->type, &n);
    if (!rc && n && bi->type == GD_NODE_HEADING) rc = gd_node_set_level(n, bi->level);
    if (!rc && n && bi->role)
        rc = gd_node_set_attr(n, "role", bi->role == WD_ROLE_TITLE ? "title" : "subtitle");
    const char *al = align_name(bi->jc);
    if (!rc && n && al) rc = gd_node_set_attr(n, "align", al);
    if (!rc && n && bi->style) rc = gd_node_set_attr(n, "style", bi->style);
    if (!rc && bi->num.active && !bi->num.list && bi->num.text[0]) {
        rc = gd_builder_set_font(b, NULL);
        if (!rc) rc = gd_builder_text(b, bi->num.text, strlen(bi->num.text), 0);
    }
    return wd_rc(w, rc);
}

static int emit_block(wd *w, wd_sctx *s, const pbuf *p, const block_info *bi)
{
    if (open_block(w, s, bi)) return w->rc;
    emit_inlines(w, p, bi->type == GD_NODE_HEADING ? ~0u : 0);
    if (!w->rc) wd_rc(w, gd_builder_close(w->b, bi->type));
    w->emitted = true;
    return w->rc;
}

/* ---- the title heuristic (as the DOCX reader) ---- */

static int emit_title(wd *w, wd_sctx *s)
{
    if (!npend) return GD_OK;
    gd_builder *b = w->b;
    int rc = wd_close_lists(w, s);
    gd_node *h = NULL;
    if (!rc) rc = gd_builder_open(b, GD_NODE_HEADING, &h);
    if (!rc && h) rc = gd_node_set_level(h, 1);
    if (!rc && h) rc = gd_node_set_attr(h, "role", "title");
    if (!rc && h) rc = gd_node_set_attr(h, "align", "center");
    if (rc) return wd_rc(w, rc);
    gdh_buf plain = {0};
    for (int k = 0; k < npend && !w->rc; k++) {
        pbuf *p = &pend[k].p;
        if (k) {
            wd_rc(w, gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL));
            gdh_buf_add(&plain, " ", 1);
        }
        emit_inlines(w, p, 0);
        gdh_inline_plain(&p->in, &plain);
    }
    if (!w->rc) wd_rc(w, gd_builder_close(b, GD_NODE_HEADING));
    if (plain.p && !w->title_text) {
        w->title_text = plain.p;
        plain.p = NULL;
    }
    gdh_buf_free(&plain);
    for (int k = 0; k < npend; k++) pbuf_free(&pend[k].p);
    npend = 0;
    w->emitted = true;
    return w->rc;
}

static bool title_candidate(const pbuf *p, const block_info *bi)
{
    if (bi->jc != 1 || gdh_inline_text_len(&p->in) > 300) return false;
    if (bi->num.active && bi->num.text[0]) return false;
    if (bi->type == GD_NODE_HEADING && bi->level > 1) return false;
    if (gdh_inline_any(&p->in, GDH_INL_BIT(IT_IMAGE) | GDH_INL_BIT(IT_NOTE))) return false;
    return p->in.all_bold || p->max_hps >= 30;
}

static int before_block(wd *w, wd_sctx *s)
{
    if (w->title_state == 0 && s->main) {
        w->title_state = 1;
        return emit_title(w, s);
    }
    return GD_OK;
}

/* One paragraph (not a table's row end). */
static int emit_para(wd *w, wd_sctx *s, const wd_para *P)
{
    const wd_style *st = wd_style_get(w, P->pap.istd);
    unsigned para_bits = st ? style_bits(&st->chp) : 0;
    pbuf p = {0};
    if (collect(w, s, P, &p, para_bits)) {
        pbuf_free(&p);
        return w->rc;
    }
    block_info bi;
    memset(&bi, 0, sizeof bi);
    bi.type = GD_NODE_PARAGRAPH;
    bi.jc = P->pap.jc >= 4 ? 3 : P->pap.jc;
    if (st && P->pap.istd != 0 && st->name && st->name[0]) bi.style = st->name;
    int level = P->pap.outline <= 8 ? P->pap.outline + 1 : st ? st->heading : 0;
    if (st && st->role && P->pap.outline > 8) bi.role = st->role;
    if (level) {
        bi.type = GD_NODE_HEADING;
        bi.level = level > 6 ? 6 : level;
    }
    if (bi.role) {
        bi.type = GD_NODE_HEADING;
        bi.level = bi.role == WD_ROLE_TITLE ? 1 : 2;
    }
    gdh_inline_trim(&p.in);
    bool vis = gdh_inline_visible(&p.in, 0, p.in.n);
    if (P->pap.ilfo > 0 && vis) wd_number_next(w, P->pap.ilfo, P->pap.ilvl, &bi.num);
    if (bi.type == GD_NODE_HEADING) bi.num.list = false;
    wd_cont *c = top(s);
    if (c->is_cell && vis) {
        int a = bi.jc ? bi.jc : 0;
        if (c->cell_align == -1)
            c->cell_align = a;
        else if (c->cell_align != a)
            c->cell_align = -2;
    }
    bool top_level = s->main && s->ncont == 1;
    if (w->title_state == 0 && top_level) {
        if (!vis) {
            pbuf_free(&p);
            return GD_OK; /* blank lines before the title */
        }
        if (bi.role == WD_ROLE_TITLE) {
            w->title_state = 1;
            if (!w->title_text) {
                gdh_buf plain = {0};
                gdh_inline_plain(&p.in, &plain);
                w->title_text = plain.p;
            }
        } else if (npend < 3 && title_candidate(&p, &bi)) {
            pend[npend].p = p;
            pend[npend].bi = bi;
            npend++;
            return GD_OK;
        } else {
            w->title_state = 1;
            if (emit_title(w, s)) {
                pbuf_free(&p);
                return w->rc;
            }
        }
    }
    if (P->pap.page_break_before && !c->is_cell && w->emitted && vis) {
        int rc = wd_close_lists(w, s);
        if (!rc) rc = gd_builder_leaf(w->b, GD_NODE_PAGE_BREAK, NULL);
        if (rc) {
            pbuf_free(&p);
            return wd_rc(w, rc);
        }
    }
    if (vis) emit_block(w, s, &p, &bi);
    pbuf_free(&p);
    if (P->mark_ch == 0x0C && !c->is_cell && s->main && !w->rc &&
        wd_break_is_page(w, w->text.cp[P->mark])) {
        int rc = wd_close_lists(w, s);
        if (!rc) rc = gd_builder_leaf(w->b, GD_NODE_PAGE_BREAK, NULL);
        wd_rc(w, rc);
    }
    return w->rc;
}

int wd_blocks_emit(wd *w, wd_sctx *s, size_t a, size_t b, int depth)
{
    for (size_t k = a; k < b && !w->rc;) {
        if (s->paras[k].depth > depth) {
            size_t e = k;
            while (e < b && s->paras[e].depth > depth) e++;
            if (before_block(w, s)) return w->rc;
            if (wd_close_lists(w, s)) return w->rc;
            wd_table_emit(w, s, k, e, depth + 1);
            w->emitted = true;
            k = e;
            continue;
        }
        emit_para(w, s, &s->paras[k]);
        k++;
    }
    return w->rc;
}

/* ---- a story ---- */

static int gather(wd *w, wd_sctx *s, size_t i0, size_t i1)
{
    size_t cap = 0;
    size_t start = i0;
    for (size_t i = i0; i < i1 && !w->rc; i++) {
        uint32_t ch = w->text.ch[i];
        bool last = i + 1 == i1;
        if (ch != 0x0D && ch != 0x07 && ch != 0x0C && !last) continue;
        if (s->npara == cap) {
            cap = cap ? cap * 2 : 64;
            wd_para *v = realloc(s->paras, cap * sizeof *v);
            if (!v) return wd_fail(w, GD_ENOMEM, "out of memory");
            s->paras = v;
        }
        wd_para *P = &s->paras[s->npara++];
        memset(P, 0, sizeof *P);
        bool is_mark = ch == 0x0D || ch == 0x07 || ch == 0x0C;
        P->i0 = start;
        P->i1 = is_mark ? i : i + 1;
        P->mark = i;
        P->mark_ch = is_mark ? ch : 0x0D;
        wd_pap_at(w, i, &P->pap, NULL);
        int d = P->pap.itap > 0 ? P->pap.itap : P->pap.in_table ? 1 : 0;
        if (d > WD_MAX_DEPTH) d = WD_MAX_DEPTH;
        P->depth = d;
        if (d && ((d == 1 && P->pap.ttp) || (d > 1 && P->pap.inner_ttp))) {
            P->tap = calloc(1, sizeof *P->tap);
            if (!P->tap) return wd_fail(w, GD_ENOMEM, "out of memory");
            wd_pap_at(w, i, &P->pap, P->tap);
        }
        if (getenv("WD_DEBUG")) {
            fprintf(stderr,
                    "para %zu [%zu,%zu) mark %02X depth %d itap %d intable %d ttp %d ic %d ittp %d "
                    "istd %d",
                    s->npara - 1, P->i0, P->i1, (unsigned)P->mark_ch, P->depth, P->pap.itap,
                    P->pap.in_table, P->pap.ttp, P->pap.inner_cell, P->pap.inner_ttp, P->pap.istd);
            if (P->tap) {
                fprintf(stderr, " tap def %d n %d hdr %d:", P->tap->defined, P->tap->ncell,
                        P->tap->header);
                for (int q = 0; q <= P->tap->ncell; q++) fprintf(stderr, " %d", P->tap->bound[q]);
                fprintf(stderr, " flags:");
                for (int q = 0; q < P->tap->ncell; q++) fprintf(stderr, " %x", P->tap->tc[q].flags);
            }
            fprintf(stderr, "\n");
        }
        start = i + 1;
    }
    return w->rc;
}

int wd_story_emit(wd *w, uint32_t cp, uint32_t cp_end)
{
    wd_sctx *s = calloc(1, sizeof *s);
    if (!s) return wd_fail(w, GD_ENOMEM, "out of memory");
    s->main = !w->in_note;
    s->ncont = 1;
    size_t i0 = wd_text_at_cp(w, cp), i1 = wd_text_at_cp(w, cp_end);
    bool was_note = w->in_note;
    if (cp != 0) w->in_note = true;
    s->main = cp == 0;
    if (!gather(w, s, i0, i1)) wd_blocks_emit(w, s, 0, s->npara, 0);
    if (s->main && !w->rc) before_block(w, s);
    if (!w->rc) wd_close_lists(w, s);
    for (size_t k = 0; k < s->npara; k++) free(s->paras[k].tap);
    for (int k = 0; k < s->nfields; k++) gdh_buf_free(&s->fields[k].instr);
    free(s->paras);
    free(s);
    w->in_note = was_note;
    return w->rc;
}

int wd_body_read(wd *w)
{
    npend = 0;
    int rc = wd_story_emit(w, 0, w->ccp_text);
    for (int k = 0; k < npend; k++) pbuf_free(&pend[k].p);
    npend = 0;
    return rc;
}
