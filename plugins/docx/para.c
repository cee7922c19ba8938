/* Paragraphs: the buffer gathered while a w:p streams by, and what it
 * becomes at its end — a heading (style, outline level, title), a list
 * item (IR lists for bullets and plain decimals), a paragraph with its
 * number text, page breaks and text boxes around it. Also the title
 * heuristic: a document's leading centred bold (or large) lines. */
#include "body.h"

#include <stdlib.h>
#include <string.h>

/* ---- the buffer ---- */

void dx_para_begin(dx_body *B)
{
    dx_para *P = &B->para;
    P->open = true;
    P->props_done = false;
    P->style_id[0] = 0;
    P->jc = 0;
    P->num_id = P->ilvl = P->outline = -1;
    P->page_break_before = P->section_break = false;
    P->mark_deleted = P->mark_inserted = P->merge = false;
    P->style = NULL;
    P->text.len = 0;
    if (P->text.p) P->text.p[0] = 0;
    for (size_t i = 0; i < P->n; i++)
        if (P->items[i].kind == IT_BLOCKS && P->items[i].log) {
            dx_log_free((dx_log *)P->items[i].log);
            free((dx_log *)P->items[i].log);
        }
    P->n = 0;
    P->all_bold = true;
    P->max_sz = 0;
    B->run_resolved = false;
}

void dx_para_continue(dx_body *B)
{
    dx_para *P = &B->para;
    P->merge = P->mark_deleted = P->mark_inserted = false;
    P->props_done = false;
    P->style_id[0] = 0;
    P->jc = 0;
    P->num_id = P->ilvl = P->outline = -1;
    P->style = NULL;
    B->run_resolved = false;
}

void dx_para_free(dx_para *P)
{
    for (size_t i = 0; i < P->n; i++)
        if (P->items[i].kind == IT_BLOCKS && P->items[i].log) {
            dx_log_free((dx_log *)P->items[i].log);
            free((dx_log *)P->items[i].log);
        }
    free(P->items);
    dx_buf_free(&P->text);
    memset(P, 0, sizeof *P);
}

static dx_item *new_item(dx_para *P)
{
    if (P->n == P->cap) {
        size_t cap = P->cap ? P->cap * 2 : 16;
        dx_item *v = realloc(P->items, cap * sizeof *v);
        if (!v) return NULL;
        P->items = v;
        P->cap = cap;
    }
    dx_item *it = &P->items[P->n++];
    memset(it, 0, sizeof *it);
    return it;
}

dx_item *dx_para_last(dx_body *B)
{
    return B->para.n ? &B->para.items[B->para.n - 1] : NULL;
}

static bool is_space(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
        } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            i += 2; /* NBSP */
        } else if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0x80) {
            i += 3; /* U+3000 ideographic space */
        } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xAD) {
            i += 2; /* soft hyphen */
        } else {
            return false;
        }
    }
    return true;
}

int dx_para_add_text(dx_body *B, const char *s, size_t len)
{
    dx_para *P = &B->para;
    if (!len) return GD_OK;
    if ((B->run_style & GD_STYLE_BOLD) == 0 && !is_space(s, len)) P->all_bold = false;
    dx_item *last = P->n ? &P->items[P->n - 1] : NULL;
    if (last && last->kind == IT_TEXT && last->style == B->run_style &&
        last->para_bits == B->run_para_bits && last->font == B->run_font &&
        last->off + last->len == P->text.len) {
        if (dx_buf_add(&P->text, s, len)) return GD_ENOMEM;
        last->len += len;
        return GD_OK;
    }
    dx_item *it = new_item(P);
    if (!it) return GD_ENOMEM;
    it->kind = IT_TEXT;
    it->style = B->run_style;
    it->para_bits = B->run_para_bits;
    it->font = B->run_font;
    it->off = P->text.len;
    it->len = len;
    return dx_buf_add(&P->text, s, len);
}

int dx_para_add_item(dx_body *B, int kind, const char *s, size_t len)
{
    dx_para *P = &B->para;
    dx_item *it = new_item(P);
    if (!it) return GD_ENOMEM;
    it->kind = kind;
    it->off = P->text.len;
    it->len = len;
    return s && len ? dx_buf_add(&P->text, s, len) : GD_OK;
}

/* ---- emission ---- */

static int rc_of(dx_body *B, int rc)
{
    if (rc && !B->dx->rc) B->dx->rc = rc; /* the builder has set the message */
    return B->dx->rc;
}

static dx_container *top(dx_body *B)
{
    return &B->cont[B->ncont - 1];
}

int dx_close_lists(dx_body *B)
{
    dx_container *c = top(B);
    int rc = GD_OK;
    while (c->depth > 0 && !rc) {
        rc = gd_builder_close(B->dx->b, GD_NODE_ITEM);
        if (!rc) rc = gd_builder_close(B->dx->b, GD_NODE_LIST);
        c->depth--;
    }
    return rc_of(B, rc);
}

/* Opens the list item a numbered paragraph goes into. */
static int list_item(dx_body *B, const dx_number *num)
{
    dx_container *c = top(B);
    gd_builder *b = B->dx->b;
    int rc = GD_OK;
    while (!rc && c->depth > 0 && c->lv[c->depth - 1].ilvl > num->ilvl) {
        rc = gd_builder_close(b, GD_NODE_ITEM);
        if (!rc) rc = gd_builder_close(b, GD_NODE_LIST);
        c->depth--;
    }
    if (rc) return rc_of(B, rc);
    if (c->depth > 0 && c->lv[c->depth - 1].ilvl == num->ilvl) {
        dx_list_level *l = &c->lv[c->depth - 1];
        rc = gd_builder_close(b, GD_NODE_ITEM);
        if (!rc && l->abstract_id == num->abstract_id && l->ordered == num->ordered)
            return rc_of(B, gd_builder_open(b, GD_NODE_ITEM, NULL));
        if (!rc) rc = gd_builder_close(b, GD_NODE_LIST);
        c->depth--;
        if (rc) return rc_of(B, rc);
    }
    if (c->depth >= 9) return rc_of(B, gd_builder_open(b, GD_NODE_ITEM, NULL));
    gd_node *list;
    rc = gd_builder_open(b, GD_NODE_LIST, &list);
    if (!rc) rc = gd_node_set_list(list, num->ordered, num->ordered ? num->start : 1);
    if (!rc) rc = gd_builder_open(b, GD_NODE_ITEM, NULL);
    if (rc) return rc_of(B, rc);
    dx_list_level *l = &c->lv[c->depth++];
    l->ilvl = num->ilvl;
    l->abstract_id = num->abstract_id;
    l->ordered = num->ordered;
    return GD_OK;
}

static const char *align_name(int jc)
{
    switch (jc) {
    case DX_ALIGN_CENTER: return "center";
    case DX_ALIGN_RIGHT: return "right";
    case DX_ALIGN_JUSTIFY: return "justify";
    default: return NULL;
    }
}

/* Leading and trailing ASCII blanks of a paragraph go (as in pandoc). */
static void trim(dx_para *P)
{
    for (size_t i = 0; i < P->n; i++) {
        dx_item *it = &P->items[i];
        if (it->kind != IT_TEXT) {
            if (it->kind == IT_LINK_OPEN || it->kind == IT_LINK_CLOSE) continue;
            break;
        }
        while (it->len && (P->text.p[it->off] == ' ' || P->text.p[it->off] == '\t')) {
            it->off++;
            it->len--;
        }
        if (it->len) break;
    }
    for (size_t i = P->n; i-- > 0;) {
        dx_item *it = &P->items[i];
        if (it->kind != IT_TEXT) {
            if (it->kind == IT_LINK_OPEN || it->kind == IT_LINK_CLOSE) continue;
            break;
        }
        while (it->len && (P->text.p[it->off + it->len - 1] == ' ' ||
                           P->text.p[it->off + it->len - 1] == '\t'))
            it->len--;
        if (it->len) break;
    }
}

static bool visible(const dx_para *P)
{
    for (size_t i = 0; i < P->n; i++) {
        const dx_item *it = &P->items[i];
        if (it->kind == IT_IMAGE || it->kind == IT_NOTE) return true;
        if (it->kind == IT_TEXT && !is_space(P->text.p + it->off, it->len)) return true;
    }
    return false;
}

static bool has_blocks(const dx_para *P)
{
    for (size_t i = 0; i < P->n; i++)
        if (P->items[i].kind == IT_BLOCKS || P->items[i].kind == IT_PAGEBREAK) return true;
    return false;
}

static size_t text_len(const dx_para *P)
{
    size_t n = 0;
    for (size_t i = 0; i < P->n; i++)
        if (P->items[i].kind == IT_TEXT) n += P->items[i].len;
    return n;
}

/* Inline items [from, to) into the open block. Stops at block items and
 * returns the index reached. */
static size_t emit_inlines(dx_body *B, const dx_para *P, size_t from, unsigned strip, int *links)
{
    gd_builder *b = B->dx->b;
    docx *dx = B->dx;
    size_t i = from;
    for (; i < P->n && !dx->rc; i++) {
        const dx_item *it = &P->items[i];
        const char *s = P->text.p ? P->text.p + it->off : "";
        int rc = GD_OK;
        switch (it->kind) {
        case IT_TEXT:
            if (!it->len) break;
            rc = gd_builder_set_font(b, it->font);
            if (!rc) rc = gd_builder_text(b, s, it->len, it->style & ~(strip & it->para_bits));
            break;
        case IT_BREAK: rc = gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL); break;
        case IT_LINK_OPEN: {
            gd_node *n;
            char *url = dx_strndup(s, it->len);
            if (!url) return dx_fail(dx, GD_ENOMEM, "out of memory"), i;
            rc = gd_builder_open(b, GD_NODE_LINK, &n);
            if (!rc && n) rc = gd_node_set_url(n, url);
            free(url);
            if (!rc) (*links)++;
            break;
        }
        case IT_LINK_CLOSE:
            if (*links > 0) {
                rc = gd_builder_close(b, GD_NODE_LINK);
                (*links)--;
            }
            break;
        case IT_IMAGE: {
            gd_node *n;
            char *url = dx_strndup(s, it->len);
            char *alt = dx_strndup(P->text.p + it->alt_off, it->alt_len);
            if (!url || !alt) {
                free(url);
                free(alt);
                return dx_fail(dx, GD_ENOMEM, "out of memory"), i;
            }
            rc = gd_builder_leaf(b, GD_NODE_IMAGE, &n);
            if (!rc && n) {
                rc = gd_node_set_url(n, url);
                if (!rc && *alt) rc = gd_node_set_attr(n, "alt", alt);
                char num[32];
                if (!rc && it->w > 0) {
                    snprintf(num, sizeof num, "%.1f", it->w);
                    rc = gd_node_set_attr(n, "width", num);
                }
                if (!rc && it->h > 0) {
                    snprintf(num, sizeof num, "%.1f", it->h);
                    rc = gd_node_set_attr(n, "height", num);
                }
            }
            free(url);
            free(alt);
            break;
        }
        case IT_NOTE: {
            gd_node *n;
            rc = gd_builder_open(b, GD_NODE_NOTE, &n);
            if (!rc && n)
                rc = gd_node_set_attr(n, "kind",
                                      it->comment   ? "comment"
                                      : it->endnote ? "endnote"
                                                    : "footnote");
            if (!rc && n && it->author) rc = gd_node_set_attr(n, "author", it->author);
            if (!rc) rc = dx_body_replay(dx, it->log, it->rels, true);
            if (!rc) rc = gd_builder_close(b, GD_NODE_NOTE);
            break;
        }
        default: return i; /* IT_BLOCKS, IT_PAGEBREAK */
        }
        if (rc) {
            rc_of(B, rc);
            return i;
        }
    }
    return i;
}

typedef struct block_info {
    gd_node_type type;
    int level, role, jc;
    const char *style;
    dx_number num;
} block_info;

static int open_block(dx_body *B, const block_info *bi, bool first)
{
    gd_builder *b = B->dx->b;
    int rc = GD_OK;
    if (first && bi->num.active && bi->num.list && bi->type == GD_NODE_PARAGRAPH)
        rc = list_item(B, &bi->num);
    else if (first)
        rc = dx_close_lists(B);
    if (rc) return rc_of(B, rc);
    gd_node *n;
    rc = gd_builder_open(b, bi->type, &n);
    if (!rc && n && bi->type == GD_NODE_HEADING) rc = gd_node_set_level(n, bi->level);
    if (!rc && n && bi->role)
        rc = gd_node_set_attr(n, "role", bi->role == DX_ROLE_TITLE ? "title" : "subtitle");
    const char *al = align_name(bi->jc);
    if (!rc && n && al) rc = gd_node_set_attr(n, "align", al);
    if (!rc && n && bi->style) rc = gd_node_set_attr(n, "style", bi->style);
    if (!rc && first && bi->num.active && !bi->num.list && bi->num.text[0])
        rc = gd_builder_text(b, bi->num.text, strlen(bi->num.text), 0);
    return rc_of(B, rc);
}

/* The whole paragraph: its blocks, split at page breaks and text boxes. */
static int emit_para(dx_body *B, const dx_para *P, const block_info *bi)
{
    docx *dx = B->dx;
    gd_builder *b = dx->b;
    bool in_cell = top(B)->is_cell;
    unsigned strip = bi->type == GD_NODE_HEADING ? ~0u : 0;
    bool first = true;
    int links = 0;
    size_t i = 0;
    if (P->page_break_before && !in_cell && B->emitted) {
        int rc = dx_close_lists(B);
        if (!rc) rc = gd_builder_leaf(b, GD_NODE_PAGE_BREAK, NULL);
        if (rc) return rc_of(B, rc);
    }
    while (i < P->n && !dx->rc) {
        /* a segment of inlines */
        size_t j = i;
        bool any = false;
        while (j < P->n && P->items[j].kind != IT_BLOCKS && P->items[j].kind != IT_PAGEBREAK) {
            const dx_item *it = &P->items[j];
            if (it->kind == IT_IMAGE || it->kind == IT_NOTE ||
                (it->kind == IT_TEXT && !is_space(P->text.p + it->off, it->len)))
                any = true;
            j++;
        }
        if (any) {
            if (open_block(B, bi, first)) return dx->rc;
            first = false;
            links = 0;
            emit_inlines(B, P, i, strip, &links);
            while (links-- > 0 && !dx->rc) rc_of(B, gd_builder_close(b, GD_NODE_LINK));
            if (!dx->rc) rc_of(B, gd_builder_close(b, bi->type));
            B->emitted = true;
        }
        i = j;
        if (i >= P->n || dx->rc) break;
        const dx_item *it = &P->items[i++];
        if (it->kind == IT_PAGEBREAK) {
            if (in_cell) continue;
            int rc = gd_builder_leaf(b, GD_NODE_PAGE_BREAK, NULL);
            if (rc) return rc_of(B, rc);
        } else {
            gd_node *div;
            int rc = gd_builder_open(b, GD_NODE_DIV, &div);
            if (!rc && div) rc = gd_node_set_attr(div, "class", "textbox");
            if (!rc) rc = dx_body_replay(dx, it->log, B->rels, B->in_note);
            if (!rc) rc = gd_builder_close(b, GD_NODE_DIV);
            if (rc) return rc_of(B, rc);
            B->emitted = true;
        }
    }
    if (P->section_break && !in_cell && B->main && !dx->rc) {
        int rc = dx_close_lists(B);
        if (!rc) rc = gd_builder_leaf(b, GD_NODE_PAGE_BREAK, NULL);
        rc_of(B, rc);
    }
    return dx->rc;
}

/* ---- the title heuristic ---- */

static int emit_title(dx_body *B)
{
    docx *dx = B->dx;
    gd_builder *b = dx->b;
    if (!B->npending) return GD_OK;
    int rc = dx_close_lists(B);
    gd_node *h = NULL;
    if (!rc) rc = gd_builder_open(b, GD_NODE_HEADING, &h);
    if (!rc && h) rc = gd_node_set_level(h, 1);
    if (!rc && h) rc = gd_node_set_attr(h, "role", "title");
    if (!rc && h) rc = gd_node_set_attr(h, "align", "center");
    if (rc) return rc_of(B, rc);
    dx_buf plain = {0};
    for (int k = 0; k < B->npending && !dx->rc; k++) {
        dx_para *P = &B->pending[k];
        if (k) {
            rc_of(B, gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL));
            dx_buf_addc(&plain, ' ');
        }
        int links = 0;
        emit_inlines(B, P, 0, 0, &links);
        while (links-- > 0 && !dx->rc) rc_of(B, gd_builder_close(b, GD_NODE_LINK));
        for (size_t i = 0; i < P->n; i++)
            if (P->items[i].kind == IT_TEXT)
                dx_buf_add(&plain, P->text.p + P->items[i].off, P->items[i].len);
    }
    if (!dx->rc) rc_of(B, gd_builder_close(b, GD_NODE_HEADING));
    /* CJK titles split over lines join without a space */
    if (plain.p && !dx->title_text) dx->title_text = dx_strdup(plain.p);
    dx_buf_free(&plain);
    for (int k = 0; k < B->npending; k++) dx_para_free(&B->pending[k]);
    B->npending = 0;
    B->emitted = true;
    return dx->rc;
}

int dx_before_block(dx_body *B)
{
    if (B->title_state == 0) {
        B->title_state = 1;
        return emit_title(B);
    }
    return GD_OK;
}

/* A title candidate: centred, bold or large, short, plain. */
static bool title_candidate(const dx_para *P, const block_info *bi)
{
    if (bi->jc != DX_ALIGN_CENTER || has_blocks(P) || text_len(P) > 300) return false;
    if (bi->num.active && bi->num.text[0]) return false;
    if (bi->type == GD_NODE_HEADING && bi->level > 1) return false;
    for (size_t i = 0; i < P->n; i++)
        if (P->items[i].kind == IT_IMAGE || P->items[i].kind == IT_NOTE) return false;
    return P->all_bold || P->max_sz >= 30;
}

/* ---- the end of a paragraph ---- */

int dx_para_flush(dx_body *B)
{
    docx *dx = B->dx;
    dx_para *P = &B->para;
    if (!P->open) return GD_OK;
    P->open = false;
    const dx_style *st = dx_style_get(dx, P->style_id[0] ? P->style_id : dx->styles.default_para);
    if (!P->jc && st) P->jc = st->jc_full;
    block_info bi;
    memset(&bi, 0, sizeof bi);
    bi.type = GD_NODE_PARAGRAPH;
    bi.jc = P->jc;
    if (P->style_id[0] &&
        !(dx->styles.default_para && !strcmp(P->style_id, dx->styles.default_para)))
        bi.style = P->style_id;
    int level = 0;
    if (P->outline >= 0 && P->outline <= 8)
        level = P->outline + 1;
    else if (P->outline < 0 && st)
        level = st->heading;
    if (st && st->role && P->outline < 0) bi.role = st->role;
    if (level) {
        bi.type = GD_NODE_HEADING;
        bi.level = level > 6 ? 6 : level;
    }
    if (bi.role) {
        bi.type = GD_NODE_HEADING;
        bi.level = bi.role == DX_ROLE_TITLE ? 1 : 2;
    }
    /* numbering: direct, else from the style */
    int num_id = P->num_id >= 0 ? P->num_id : st ? st->num_id_full : -1;
    int ilvl = P->ilvl >= 0 ? P->ilvl : st && st->ilvl_full >= 0 ? st->ilvl_full : 0;
    trim(P);
    bool vis = visible(P);
    if (num_id > 0 && (vis || has_blocks(P))) dx_numbering_next(dx, num_id, ilvl, &bi.num);
    if (bi.type == GD_NODE_HEADING) bi.num.list = false;

    dx_container *c = top(B);
    if (c->is_cell && vis) {
        int a = bi.jc ? bi.jc : DX_ALIGN_LEFT;
        if (c->cell_align == -1)
            c->cell_align = a;
        else if (c->cell_align != a)
            c->cell_align = -2;
    }

    if (B->title_state == 0 && B->ncont == 1) {
        if (!vis && !has_blocks(P)) return GD_OK; /* blank lines before the title */
        if (bi.role == DX_ROLE_TITLE) {
            B->title_state = 1;
            if (bi.type == GD_NODE_HEADING && !dx->title_text && P->text.p) {
                dx_buf plain = {0};
                for (size_t i = 0; i < P->n; i++)
                    if (P->items[i].kind == IT_TEXT)
                        dx_buf_add(&plain, P->text.p + P->items[i].off, P->items[i].len);
                dx->title_text = plain.p;
            }
        } else if (B->npending < 3 && title_candidate(P, &bi)) {
            B->pending[B->npending++] = *P;
            memset(P, 0, sizeof *P);
            return GD_OK;
        } else {
            B->title_state = 1;
            if (emit_title(B)) return dx->rc;
        }
    }
    if (!vis && !has_blocks(P) && !P->section_break) return GD_OK;
    return emit_para(B, P, &bi);
}

int dx_body_finish(dx_body *B)
{
    if (B->para.open) dx_para_flush(B);
    dx_before_block(B);
    while (B->ncont > 1 && !B->dx->rc) {
        dx_close_lists(B);
        B->ncont--;
    }
    dx_close_lists(B);
    return B->dx->rc;
}
