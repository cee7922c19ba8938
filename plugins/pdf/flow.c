/* Block flow: walks the blocks of a document (or of a table cell), lays
 * out each, and places the results on pages with widow/orphan control and
 * headings kept with what follows. Containers recurse; the IR bounds the
 * depth and MAX_DEPTH bounds it again here. */
#include "pdf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DEPTH 200

pw_box *pw_flow_target(pw_flow *f)
{
    return f->paged ? &f->L->page : f->b;
}

/* The page being filled is complete: it is written (or, in a counting
 * pass, dropped) and a new one begins. */
static int next_page(pw_flow *f)
{
    pw_lay *L = f->L;
    /* A secondary count limit (the writer itself has none: pages are
     * written as they end, the page tree is balanced): a document this
     * long is a runaway input, not a report. Said before laying out more. */
    if (L->npages >= PW_MAX_PAGES)
        return gd_ctx_error(L->ctx, GD_ELIMIT,
                            "limit exceeded: the document needs more than %d pages, the most the "
                            "PDF writer makes",
                            PW_MAX_PAGES);
    if (L->npages) {
        int rc = pw_emit_page(L);
        if (rc) return rc;
    }
    pw_arena_release(&L->page_arena);
    memset(&L->page, 0, sizeof L->page);
    L->page.own = &L->page_arena;
    f->page = (int)L->npages++;
    f->y = f->top;
    f->keep_to = 0;
    return GD_OK;
}

/* A heading is never the last thing on a page: when the page ends right
 * after one (nothing placed since), its lines move to the next page. */
int pw_flow_new_page(pw_flow *f)
{
    pw_lay *L = f->L;
    pw_box *pg = &L->page;
    if (!f->paged || !L->npages || f->keep_page != f->page || !f->keep_to || f->keep_to != pg->n ||
        f->keep_y <= f->top + 0.01f)
        return next_page(f);
    /* Keep copies of the heading's items (the page's arena goes). */
    size_t n = pg->n - f->keep_from, bytes = 0;
    for (size_t i = f->keep_from; i < pg->n; i++)
        if (pg->v[i].s)
            bytes += (pg->v[i].kind == PW_IT_TEXT ? pg->v[i].len : strlen(pg->v[i].s)) + 1;
    pw_item *items = malloc(n * sizeof *items + bytes);
    if (!items) return GD_ENOMEM;
    char *str = (char *)(items + n);
    for (size_t i = 0; i < n; i++) {
        items[i] = pg->v[f->keep_from + i];
        if (items[i].s) {
            size_t len = items[i].kind == PW_IT_TEXT ? items[i].len : strlen(items[i].s);
            memcpy(str, items[i].s, len);
            str[len] = 0;
            items[i].s = str;
            str += len + 1;
        }
    }
    float dy = f->top - f->keep_y, below = f->y - f->keep_y;
    pg->n = f->keep_from;
    long ol = f->keep_outline;
    int rc = next_page(f);
    pw_box moved = {.v = items, .n = n, .cap = n};
    if (!rc) rc = pw_box_append(L->arena, &L->page, &moved, 0, dy, 0, 0);
    free(items);
    if (rc) return rc;
    f->y = f->top + below;
    if (ol >= 0 && (size_t)ol < L->noutline) {
        L->outline[ol].page = f->page;
        L->outline[ol].y += dy;
    }
    return GD_OK;
}

static float body_lh(pw_lay *L)
{
    return L->o.size * L->o.line_height;
}

static int align_attr(const gd_node *n, int dflt)
{
    const char *a = gd_node_attr(n, "align");
    if (!a) return dflt;
    if (strcmp(a, "center") == 0) return PW_AL_CENTER;
    if (strcmp(a, "right") == 0) return PW_AL_RIGHT;
    if (strcmp(a, "justify") == 0) return PW_AL_JUSTIFY;
    if (strcmp(a, "left") == 0) return PW_AL_LEFT;
    return dflt;
}

static bool is_title(const gd_node *n)
{
    const char *r = gd_node_attr(n, "role");
    return gd_node_get_type(n) == GD_NODE_HEADING && r && strcmp(r, "title") == 0;
}

/* Heading level after the title: 1 黑体, 2 楷体, 3+ 仿宋 bold (GB/T 9704). */
static int heading_rank(pw_lay *L, const gd_node *n)
{
    if (gd_node_attr(n, "section")) return 1;
    int lv = gd_node_level(n) - L->heading_base;
    return lv < 1 ? 1 : lv;
}

static pw_pstyle block_style(pw_flow *f, const gd_node *n)
{
    pw_lay *L = f->L;
    pw_pstyle st = {
        .size = L->o.size, .role = PW_ROLE_FANGSONG, .align = PW_AL_JUSTIFY, .indent_first = -1};
    if (f->cellst) {
        st = *f->cellst;
        st.align = align_attr(n, st.align);
        if (gd_node_get_type(n) == GD_NODE_HEADING) st.bold = true;
        return st;
    }
    st.lh = body_lh(L);
    switch (gd_node_get_type(n)) {
    case GD_NODE_HEADING:
        if (is_title(n)) {
            st.size = L->o.size * 1.375f;
            st.lh = st.size * 1.5f;
            st.role = PW_ROLE_SONG;
            st.bold = true;
            st.align = PW_AL_CENTER;
            st.indent_first = 0;
            st.balance = true;
        } else {
            int rank = heading_rank(L, n);
            st.role = rank == 1 ? PW_ROLE_HEI : rank == 2 ? PW_ROLE_KAI : PW_ROLE_FANGSONG;
            st.bold = rank >= 3;
            st.align = PW_AL_LEFT;
        }
        break;
    case GD_NODE_CODE_BLOCK:
        st.role = PW_ROLE_MONO;
        st.code = true;
        st.size = L->o.size * 0.8f;
        st.lh = st.size * 1.4f;
        st.align = PW_AL_LEFT;
        st.indent_first = 0;
        break;
    default: break;
    }
    st.align = align_attr(n, st.align);
    if (st.align == PW_AL_CENTER || st.align == PW_AL_RIGHT || f->list_depth) st.indent_first = 0;
    return st;
}

pw_pstyle pw_cell_style(pw_lay *L, const gd_node *cell)
{
    pw_pstyle st = {.size = L->o.table_size, .role = PW_ROLE_SONG, .align = PW_AL_LEFT};
    st.lh = st.size * L->o.table_line_height;
    if (gd_node_header(cell)) st.align = PW_AL_CENTER;
    st.align = align_attr(cell, st.align);
    return st;
}

/* Places one line at the flow's cursor (and the list marker waiting). */
static int place_line(pw_flow *f, const pw_pline *ln)
{
    pw_box *b = pw_flow_target(f);
    int rc = pw_box_append(f->L->arena, b, &ln->b, f->x0, f->y, 0, 0);
    if (!rc && f->has_marker) {
        rc = pw_box_append(f->L->arena, pw_flow_target(f), &f->marker.b, f->marker_x, f->y, 0, 0);
        f->has_marker = false;
    }
    f->y += ln->h;
    return rc;
}

/* Places lines, breaking pages with widow and orphan control: a paragraph
 * leaves at least two lines at the foot of a page and carries at least two
 * to the next. */
static int place_lines_part(pw_flow *f, const pw_plines *pl, bool cont, bool more)
{
    size_t i = 0, n = pl->n;
    while (i < n) {
        size_t k = 0;
        float h = 0;
        if (f->paged)
            while (i + k < n && f->y + h + pl->v[i + k].h <= f->bottom + 0.01f)
                h += pl->v[i + k++].h;
        else
            k = n - i;
        if (k < n - i) {
            size_t rest = n - i;
            if (!cont && i == 0 && k < 2 && rest >= 2)
                k = 0; /* orphan */
            else if (!more && rest - k < 2 && k >= 3)
                k = rest - 2; /* widow */
            else if (!cont && !more && rest == 1)
                k = 0;
            if (k == 0 && f->y <= f->top + 0.01f) k = 1; /* taller than a page */
        }
        for (size_t j = 0; j < k; j++) {
            int rc = place_line(f, &pl->v[i + j]);
            if (rc) return rc;
        }
        i += k;
        if (i < n) {
            int rc = pw_flow_new_page(f);
            if (rc) return rc;
        }
    }
    return GD_OK;
}

static int place_lines(pw_flow *f, const pw_plines *pl)
{
    return place_lines_part(f, pl, false, false);
}

/* A batch of a long paragraph's lines (pw_para_layout_stream). */
static int place_batch(void *ud, const pw_plines *pl, bool first, bool last)
{
    return place_lines_part(ud, pl, !first, !last);
}

static int add_outline(pw_flow *f, const gd_node *n, int level)
{
    pw_lay *L = f->L;
    if (!f->paged || !L->o.outline || level > 3) return GD_OK;
    char *t = gd_node_text_dup(n);
    if (!t) return GD_OK;
    /* One line, trimmed, for the bookmark. */
    for (char *p = t; *p; p++)
        if (*p == '\n' || *p == '\t') *p = ' ';
    size_t len = strlen(t);
    int rc =
        pw_grow(L->keep, (void **)&L->outline, &L->outlinecap, L->noutline + 1, sizeof *L->outline);
    if (!rc && len) {
        pw_outline_entry *e = &L->outline[L->noutline++];
        e->level = level;
        e->title = pw_strndup(L->keep, t, len);
        e->page = f->page;
        e->y = f->y;
    }
    gd_free(t);
    return rc;
}

static int flow_paragraph(pw_flow *f, const gd_node *n)
{
    pw_lay *L = f->L;
    pw_pstyle st = block_style(f, n);
    bool heading = gd_node_get_type(n) == GD_NODE_HEADING && !f->cellst;
    /* On pages, a paragraph's lines go out in batches as they are made:
     * a paragraph of any length takes bounded memory. */
    if (f->paged && !f->cellst && !heading)
        return pw_para_layout_stream(L, n, &st, f->width, place_batch, f);
    pw_plines pl;
    int rc = pw_para_layout(L, n, &st, f->width, &pl);
    if (rc) return rc;
    if (heading && f->paged) {
        /* Keep a heading with two lines of what follows. */
        float need = 0;
        for (size_t i = 0; i < pl.n; i++) need += pl.v[i].h;
        need += 2 * body_lh(L);
        if (f->y + need > f->bottom && f->y > f->top + 0.01f && (rc = pw_flow_new_page(f)))
            return rc;
        size_t before = L->noutline;
        rc = add_outline(f, n, is_title(n) ? 1 : heading_rank(L, n));
        if (rc) return rc;
        f->keep_outline = L->noutline > before ? (long)before : -1;
        f->keep_from = L->page.n;
        f->keep_y = f->y;
    }
    int page0 = f->page;
    rc = place_lines(f, &pl);
    if (!rc && heading && f->paged) {
        /* Only while the heading sits whole on this page. */
        f->keep_page = f->page;
        f->keep_to = f->page == page0 && L->page.n > f->keep_from ? L->page.n : 0;
    }
    if (!rc && heading && is_title(n)) f->y += body_lh(L) * 0.5f;
    if (!rc && !f->cellst && gd_node_get_type(n) == GD_NODE_PARAGRAPH && pl.n &&
        st.indent_first == 0 && st.align != PW_AL_CENTER)
        f->y += 0; /* GB/T 9704: no space between paragraphs */
    return rc;
}

static int flow_rule(pw_flow *f)
{
    float lh = f->cellst ? f->cellst->lh : body_lh(f->L);
    if (f->paged && f->y + lh > f->bottom) {
        int rc = pw_flow_new_page(f);
        if (rc) return rc;
    }
    pw_item it = {.kind = PW_IT_LINE, .x = f->x0, .y = f->y + lh / 2, .w = f->width, .lw = 0.75f};
    f->y += lh;
    return pw_box_add(f->L->arena, pw_flow_target(f), &it);
}

static int flow_block(pw_flow *f, const gd_node *n, int depth);

static int flow_list(pw_flow *f, const gd_node *list, int depth)
{
    pw_lay *L = f->L;
    int num = gd_node_list_start(list);
    bool ordered = gd_node_list_ordered(list);
    pw_pstyle st = f->cellst ? *f->cellst : block_style(f, list);
    st.align = PW_AL_LEFT;
    st.indent_first = 0;
    float indent = st.size * 2;
    for (const gd_node *it = gd_node_first_child(list); it; it = gd_node_next(it)) {
        char mark[24];
        if (ordered)
            snprintf(mark, sizeof mark, "%d.", num++);
        else
            snprintf(mark, sizeof mark, "%s", "\xE2\x80\xA2"); /* • */
        pw_pline ml;
        int rc = pw_para_text_line(L, mark, &st, indent, &ml);
        if (rc) return rc;
        f->marker = ml;
        f->has_marker = true;
        f->marker_x = f->x0;
        f->x0 += indent;
        f->width -= indent;
        f->list_depth++;
        rc = gd_node_get_type(it) == GD_NODE_ITEM ? pw_flow_blocks(f, it, depth + 1)
                                                  : flow_block(f, it, depth + 1);
        f->x0 -= indent;
        f->width += indent;
        f->list_depth--;
        f->has_marker = false;
        if (rc) return rc;
    }
    return GD_OK;
}

static int flow_block(pw_flow *f, const gd_node *n, int depth)
{
    pw_lay *L = f->L;
    gd_node_type t = gd_node_get_type(n);
    switch (t) {
    case GD_NODE_PARAGRAPH:
    case GD_NODE_HEADING:
    case GD_NODE_CODE_BLOCK: return flow_paragraph(f, n);
    case GD_NODE_TABLE: return pw_table_flow(f, n, depth);
    case GD_NODE_LIST: return flow_list(f, n, depth);
    case GD_NODE_PAGE_BREAK:
        if (f->paged && f->y > f->top + 0.01f) return next_page(f); /* the author's break */
        return GD_OK;
    case GD_NODE_THEMATIC_BREAK: return flow_rule(f);
    case GD_NODE_BLOCK_QUOTE: {
        float in = L->o.size * 2;
        f->x0 += in;
        f->width -= 2 * in;
        int rc = pw_flow_blocks(f, n, depth + 1);
        f->x0 -= in;
        f->width += 2 * in;
        return rc;
    }
    case GD_NODE_DIV: {
        const char *cls = gd_node_attr(n, "class");
        if (cls && (strcmp(cls, "header") == 0 || strcmp(cls, "footer") == 0)) return GD_OK;
        return pw_flow_blocks(f, n, depth + 1);
    }
    case GD_NODE_ITEM: return pw_flow_blocks(f, n, depth + 1);
    default:
        if (!gd_node_is_block(t)) {
            /* Inlines directly in a container: lay them out as a paragraph. */
            return flow_paragraph(f, gd_node_parent(n));
        }
        {
            char msg[80];
            snprintf(msg, sizeof msg, "unknown block '%s': its content is drawn as is",
                     gd_node_type_name(t));
            pw_warn_once(L, msg);
        }
        return pw_flow_blocks(f, n, depth + 1);
    }
}

int pw_flow_blocks(pw_flow *f, const gd_node *parent, int depth)
{
    if (depth > MAX_DEPTH) {
        pw_warn_once(f->L, "content nested too deeply: left out");
        return GD_OK;
    }
    for (const gd_node *n = gd_node_first_child(parent); n; n = gd_node_next(n)) {
        if (!gd_node_is_block(gd_node_get_type(n))) {
            /* A container holding inlines is one paragraph. */
            int rc = flow_paragraph(f, parent);
            return rc;
        }
        int rc = flow_block(f, n, depth);
        if (rc) return rc;
        /* Between the document's blocks nothing in the scratch arena is
         * alive (the page holds copies): memory stays bounded however long
         * the document. */
        if (depth == 0 && f->paged && f->L->arena->bytes > (4u << 20))
            pw_arena_release(f->L->arena);
    }
    return GD_OK;
}

int pw_flow_box(pw_lay *L, const gd_node *parent, float width, int depth, pw_box *out)
{
    memset(out, 0, sizeof *out);
    pw_pstyle cst = pw_cell_style(L, parent);
    pw_flow f = {.L = L, .b = out, .width = width, .cellst = &cst};
    int rc = pw_flow_blocks(&f, parent, depth + 1);
    out->h = f.y;
    return rc;
}

int pw_flow_measure(pw_lay *L, const gd_node *parent, int depth, float *min_w, float *max_w)
{
    *min_w = *max_w = 0;
    if (depth > MAX_DEPTH) return GD_OK;
    pw_pstyle cst = pw_cell_style(L, parent);
    for (const gd_node *n = gd_node_first_child(parent); n; n = gd_node_next(n)) {
        gd_node_type t = gd_node_get_type(n);
        float mn = 0, mx = 0, extra = 0;
        int rc = GD_OK;
        if (!gd_node_is_block(t)) {
            rc = pw_para_measure(L, parent, &cst, &mn, &mx);
            n = NULL;
        } else if (t == GD_NODE_TABLE) {
            rc = pw_table_measure(L, n, depth + 1, &mn, &mx);
        } else if (t == GD_NODE_PARAGRAPH || t == GD_NODE_HEADING || t == GD_NODE_CODE_BLOCK) {
            rc = pw_para_measure(L, n, &cst, &mn, &mx);
        } else {
            if (t == GD_NODE_LIST || t == GD_NODE_BLOCK_QUOTE) extra = cst.size * 2;
            rc = pw_flow_measure(L, n, depth + 1, &mn, &mx);
        }
        if (rc) return rc;
        if (mn + extra > *min_w) *min_w = mn + extra;
        if (mx + extra > *max_w) *max_w = mx + extra;
        if (!n) break;
    }
    return GD_OK;
}
