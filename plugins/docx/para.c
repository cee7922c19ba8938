/* Paragraphs: the buffer gathered while a w:p streams by, and what it
 * becomes at its end — a heading (style, outline level, title), a list
 * item (IR lists for bullets and plain decimals), a paragraph with its
 * number text, page breaks and text boxes around it. Also the title
 * heuristic: a document's leading centred bold (or large) lines. */
#include "body.h"

#include <stdlib.h>
#include <string.h>

/* ---- the buffer (the SDK's inline buffer, of dx_items) ---- */

/* Text boxes recorded in the buffer are the paragraph's to free. */
static void free_blocks(dx_para *P)
{
    for (size_t i = 0; i < P->in.n; i++) {
        dx_item *it = (dx_item *)gdh_inline_at(&P->in, i);
        if (it->in.kind == IT_BLOCKS && it->log) {
            dx_log_free((dx_log *)it->log);
            free((dx_log *)it->log);
        }
    }
}

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
    free_blocks(P);
    gdh_inline_begin(&P->in, sizeof(dx_item));
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
    free_blocks(P);
    gdh_inline_free(&P->in);
    memset(P, 0, sizeof *P);
}

dx_item *dx_para_last(dx_body *B)
{
    return (dx_item *)gdh_inline_last(&B->para.in);
}

int dx_para_add_text(dx_body *B, const char *s, size_t len)
{
    return gdh_inline_text(&B->para.in, s, len, B->run_style, B->run_para_bits, B->run_font);
}

int dx_para_add_item(dx_body *B, int kind, const char *s, size_t len)
{
    return gdh_inline_add(&B->para.in, kind, s, len) ? GD_OK : GD_ENOMEM;
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
    return rc_of(B, gdh_list_close_all(&top(B)->lists, B->dx->b));
}

/* Opens the list item a numbered paragraph goes into. */
static int list_item(dx_body *B, const dx_number *num)
{
    return rc_of(B, gdh_list_item(&top(B)->lists, B->dx->b, num->ilvl, num->abstract_id,
                                  num->ordered, num->start));
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

static bool has_blocks(const dx_para *P)
{
    return gdh_inline_any(&P->in, GDH_INL_BIT(IT_BLOCKS) | GDH_INL_BIT(IT_PAGEBREAK));
}

/* The items the inline buffer leaves to the reader: images and notes. */
static int emit_object(void *user, const gdh_inline *in, const gdh_inline_item *item)
{
    dx_body *B = user;
    docx *dx = B->dx;
    gd_builder *b = dx->b;
    const dx_item *it = (const dx_item *)item;
    gd_node *n;
    int rc = GD_OK;
    if (item->kind == IT_IMAGE) {
        rc = gd_builder_leaf(b, GD_NODE_IMAGE, &n);
        if (rc || !n) return rc;
        rc = gd_node_set_url(n, gdh_inline_data(in, item->off));
        const char *alt = gdh_inline_data(in, it->alt_off);
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
        return rc;
    }
    if (item->kind != IT_NOTE) return GD_OK;
    rc = gd_builder_open(b, GD_NODE_NOTE, &n);
    if (!rc && n)
        rc = gd_node_set_attr(n, "kind",
                              it->comment   ? "comment"
                              : it->endnote ? "endnote"
                                            : "footnote");
    if (!rc && n && it->author) rc = gd_node_set_attr(n, "author", it->author);
    if (!rc) rc = dx_body_replay(dx, it->log, it->rels, true);
    if (!rc) rc = gd_builder_close(b, GD_NODE_NOTE);
    return rc;
}

/* Inline items from *at into the open block, up to a block item, and the
 * links they leave open closed. */
static void emit_inlines(dx_body *B, const dx_para *P, size_t *at, unsigned strip)
{
    gdh_inline_sink k = {
        .b = B->dx->b, .strip = strip, .stop = &B->dx->rc, .object = emit_object, .user = B};
    int rc = gdh_inline_flush(&P->in, at, &k);
    if (!rc) rc = gdh_inline_close_links(&k);
    rc_of(B, rc);
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
    size_t i = 0;
    if (P->page_break_before && !in_cell && B->emitted) {
        int rc = dx_close_lists(B);
        if (!rc) rc = gd_builder_leaf(b, GD_NODE_PAGE_BREAK, NULL);
        if (rc) return rc_of(B, rc);
    }
    while (i < P->in.n && !dx->rc) {
        /* a segment of inlines: a block when it shows something */
        size_t j = gdh_inline_segment_end(&P->in, i);
        if (gdh_inline_visible(&P->in, i, j)) {
            if (open_block(B, bi, first)) return dx->rc;
            first = false;
            size_t at = i;
            emit_inlines(B, P, &at, strip);
            if (!dx->rc) rc_of(B, gd_builder_close(b, bi->type));
            B->emitted = true;
        }
        i = j;
        if (i >= P->in.n || dx->rc) break;
        const dx_item *it = (const dx_item *)gdh_inline_at(&P->in, i++);
        if (it->in.kind == IT_PAGEBREAK) {
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
    gdh_buf plain = {0};
    for (int k = 0; k < B->npending && !dx->rc; k++) {
        dx_para *P = &B->pending[k];
        if (k) {
            rc_of(B, gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL));
            gdh_buf_addc(&plain, ' ');
        }
        size_t at = 0;
        emit_inlines(B, P, &at, 0);
        gdh_inline_plain(&P->in, &plain);
    }
    if (!dx->rc) rc_of(B, gd_builder_close(b, GD_NODE_HEADING));
    /* CJK titles split over lines join without a space */
    if (plain.p && !dx->title_text) dx->title_text = dx_strdup(plain.p);
    gdh_buf_free(&plain);
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
    if (bi->jc != DX_ALIGN_CENTER || has_blocks(P) || gdh_inline_text_len(&P->in) > 300)
        return false;
    if (bi->num.active && bi->num.text[0]) return false;
    if (bi->type == GD_NODE_HEADING && bi->level > 1) return false;
    if (gdh_inline_any(&P->in, GDH_INL_BIT(IT_IMAGE) | GDH_INL_BIT(IT_NOTE))) return false;
    return P->in.all_bold || P->max_sz >= 30;
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
    gdh_inline_trim(&P->in);
    bool vis = gdh_inline_visible(&P->in, 0, P->in.n);
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
            if (bi.type == GD_NODE_HEADING && !dx->title_text && P->in.text.p) {
                gdh_buf plain = {0};
                gdh_inline_plain(&P->in, &plain);
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
