/* HTML reader: the walk from the DOM to the IR.
 *
 * One iterative pass over the chosen container (no recursion: a page may
 * nest elements thousands deep). Each element is classified (hr_dom.c),
 * its style attribute read (hr_css.c), and it becomes a builder node, a
 * style change for its text, or nothing. Loose inline content of a block
 * gets a paragraph the walker opens itself ("implicit") and closes at the
 * next block boundary, so text on both sides of a <div> does not run
 * together. White space follows HTML: runs collapse to one space, none at
 * the start or end of a block, and a line break between two CJK characters
 * is no space at all (Word wraps Chinese lines anywhere). */
#include "hr.h"

#include <stdlib.h>
#include <string.h>

int hr_check(hr_reader *r, int rc)
{
    if (rc && !r->rc) r->rc = rc;
    return rc;
}

void hr_flow_reset(hr_reader *r)
{
    r->pending_ws = 0;
    r->pending_ideo = 0;
    r->pending_br = 0;
    r->has_content = false;
    r->last_wide = false;
    r->last_style = 0;
}

static bool inline_type(gd_node_type t)
{
    return t == GD_NODE_PARAGRAPH || t == GD_NODE_HEADING || t == GD_NODE_LINK ||
           t == GD_NODE_CODE_BLOCK;
}

static int set_align(gd_node *n, int align)
{
    if (align == HR_ALIGN_NONE || align == HR_ALIGN_LEFT) return GD_OK;
    return gd_node_set_attr(n, "align", hr_align_name(align));
}

int hr_make_room(hr_reader *r, gd_node_type t)
{
    for (;;) {
        gd_node *cur = gd_builder_current(r->b);
        gd_node_type ct = cur ? gd_node_get_type(cur) : GD_NODE_NONE;
        gd_node_type need = ct == GD_NODE_TABLE && t != GD_NODE_ROW  ? GD_NODE_ROW
                            : ct == GD_NODE_ROW && t != GD_NODE_CELL ? GD_NODE_CELL
                                                                     : GD_NODE_NONE;
        if (need == GD_NODE_NONE || r->nstray >= 2) return GD_OK;
        gd_node *n;
        int rc = hr_check(r, gd_builder_open(r->b, need, &n));
        if (rc) return rc;
        r->stray[r->nstray] = n;
        r->stray_type[r->nstray++] = need;
    }
}

/* Closes the stray row and cell when they are what is open. */
static int close_stray(hr_reader *r)
{
    while (r->nstray && gd_builder_current(r->b) == r->stray[r->nstray - 1]) {
        r->nstray--;
        int rc = hr_check(r, gd_builder_close(r->b, r->stray_type[r->nstray]));
        if (rc) return rc;
    }
    return GD_OK;
}

int hr_ensure_inline(hr_reader *r, const hr_frame *f)
{
    gd_node *cur = gd_builder_current(r->b);
    if (!cur || inline_type(gd_node_get_type(cur))) return GD_OK; /* NULL: a flattened link */
    gd_node *p;
    int rc = hr_make_room(r, GD_NODE_PARAGRAPH);
    if (rc) return rc;
    rc = gd_builder_open(r->b, GD_NODE_PARAGRAPH, &p);
    if (rc) return hr_check(r, rc);
    r->implicit = p;
    r->first_block_done = true;
    hr_flow_reset(r);
    return hr_check(r, set_align(p, f->align));
}

int hr_boundary(hr_reader *r)
{
    gd_node *cur = gd_builder_current(r->b);
    if (cur && cur == r->implicit) {
        r->implicit = NULL;
        hr_flow_reset(r);
        int rc = hr_check(r, gd_builder_close(r->b, GD_NODE_PARAGRAPH));
        return rc ? rc : close_stray(r);
    }
    if (r->nstray) {
        int rc = close_stray(r);
        if (rc) return rc;
        cur = gd_builder_current(r->b);
    }
    if (!cur || inline_type(gd_node_get_type(cur))) {
        /* A block inside a heading or link: a line break, not a new block. */
        if (r->has_content && !r->pending_br) r->pending_br = 1;
        r->pending_ws = 0;
        r->pending_ideo = 0;
        return GD_OK;
    }
    hr_flow_reset(r);
    return GD_OK;
}

int hr_flush_pending(hr_reader *r, const hr_frame *f, bool next_wide)
{
    int rc = hr_ensure_inline(r, f);
    if (rc) return rc;
    if (r->has_content) {
        if (r->pending_br) {
            for (; r->pending_br > 0; r->pending_br--) {
                rc = gd_builder_leaf(r->b, GD_NODE_LINE_BREAK, NULL);
                if (rc) return hr_check(r, rc);
            }
            r->pending_ws = 0;
            r->last_wide = false;
        }
        if (r->pending_ideo) {
            for (; r->pending_ideo > 0; r->pending_ideo--) {
                rc = gd_builder_text(r->b, "\xE3\x80\x80", 3, r->last_style & f->style);
                if (rc) return hr_check(r, rc);
            }
        } else if (r->pending_ws) {
            bool cjk_join = (r->pending_ws & HR_WS_NEWLINE) && !(r->pending_ws & HR_WS_SPACE) &&
                            r->last_wide && next_wide;
            if (!cjk_join) {
                rc = gd_builder_text(r->b, " ", 1, r->last_style & f->style);
                if (rc) return hr_check(r, rc);
            }
        }
    }
    r->pending_ws = 0;
    r->pending_ideo = 0;
    r->pending_br = 0;
    return GD_OK;
}

static int set_font(hr_reader *r, const char *font)
{
    if (font == r->builder_font) return GD_OK;
    r->builder_font = font;
    return hr_check(r, gd_builder_set_font(r->b, font));
}

static int emit_run(hr_reader *r, const hr_frame *f, const char *s, size_t n, uint32_t first,
                    uint32_t last)
{
    int rc = hr_flush_pending(r, f, hr_is_wide(first));
    if (!rc) rc = set_font(r, f->font);
    if (!rc) rc = hr_check(r, gd_builder_text(r->b, s, n, f->style));
    r->has_content = true;
    r->last_wide = hr_is_wide(last);
    r->last_style = f->style;
    r->content++;
    return rc;
}

static int emit_pre_text(hr_reader *r, const hr_frame *f, const char *s, size_t len)
{
    int rc = hr_ensure_inline(r, f);
    size_t start = 0;
    for (size_t i = 0; i <= len && !rc; i++) {
        if (i < len && s[i] != '\n' && s[i] != '\r') continue;
        if (i > start) {
            rc = set_font(r, NULL);
            if (!rc) rc = hr_check(r, gd_builder_text(r->b, s + start, i - start, 0));
            r->pre_fresh = false;
            r->content++;
        }
        if (i < len && s[i] == '\n') {
            if (!r->pre_fresh) rc = hr_check(r, gd_builder_leaf(r->b, GD_NODE_LINE_BREAK, NULL));
            r->pre_fresh = false;
        }
        start = i + 1;
    }
    return rc;
}

static int emit_text(hr_reader *r, const hr_frame *f, const char *s, size_t len)
{
    if (f->flags & HR_IN_PRE) return emit_pre_text(r, f, s, len);
    size_t i = 0;
    while (i < len) {
        size_t n;
        uint32_t c = hr_utf8_next(s + i, len - i, &n);
        if (hr_is_space(c)) {
            r->pending_ws |= (c == '\n' || c == '\r') ? HR_WS_NEWLINE : HR_WS_SPACE;
            i += n;
            continue;
        }
        if (c == 0x3000) {
            if (r->has_content) r->pending_ideo++;
            i += n;
            continue;
        }
        if (hr_is_invisible(c)) {
            i += n;
            continue;
        }
        /* A run of visible characters, emitted at once. */
        size_t start = i;
        uint32_t last = c;
        i += n;
        while (i < len) {
            uint32_t d = hr_utf8_next(s + i, len - i, &n);
            if (hr_is_space(d) || d == 0x3000 || hr_is_invisible(d)) break;
            last = d;
            i += n;
        }
        int rc = emit_run(r, f, s + start, i - start, c, last);
        if (rc) return rc;
    }
    return GD_OK;
}

static int emit_br(hr_reader *r, const hr_frame *f)
{
    if (f->flags & HR_IN_PRE) {
        int rc = hr_ensure_inline(r, f);
        return rc ? rc : hr_check(r, gd_builder_leaf(r->b, GD_NODE_LINE_BREAK, NULL));
    }
    if (!r->has_content) return GD_OK; /* leading breaks show nothing */
    gd_node *cur = gd_builder_current(r->b);
    if (cur && !inline_type(gd_node_get_type(cur))) return GD_OK;
    r->pending_br++;
    r->pending_ws = 0;
    r->pending_ideo = 0;
    return GD_OK;
}

/* ---- frames ---- */

static hr_frame *push(hr_reader *r)
{
    if (r->nframes == r->frames_cap) {
        size_t cap = r->frames_cap ? r->frames_cap * 2 : 64;
        hr_frame *nf = realloc(r->frames, cap * sizeof *nf);
        if (!nf) {
            hr_check(r, gd_ctx_error(r->ctx, GD_ENOMEM, "out of memory (HTML walk)"));
            return NULL;
        }
        r->frames = nf;
        r->frames_cap = cap;
    }
    hr_frame *f = &r->frames[r->nframes++];
    *f = r->frames[r->nframes - 2];
    f->close = 0;
    f->boundary = 0;
    return f;
}

static bool too_deep(hr_reader *r)
{
    if (gd_builder_depth(r->b) < HR_MAX_NEST) return false;
    if (!r->nest_warned) {
        r->nest_warned = true;
        gd_ctx_warn(r->ctx,
                    "elements nested deeper than %d levels: inner lists, tables and "
                    "quotes read as plain paragraphs",
                    HR_MAX_NEST);
    }
    return true;
}

static int open_block(hr_reader *r, hr_frame *f, gd_node_type t, gd_node **out)
{
    int rc = hr_boundary(r);
    if (!rc) rc = hr_make_room(r, t);
    if (rc) return rc;
    rc = hr_check(r, gd_builder_open(r->b, t, out));
    if (rc) return rc;
    f->close = (uint8_t)t;
    hr_flow_reset(r);
    return GD_OK;
}

static const char *font_of(hr_reader *r, xmlNodePtr n, const hr_css *css, const char *inherited)
{
    if (!r->opt_fonts) return NULL;
    if (css->font[0]) return hr_font_intern(r, css->font);
    const char *face =
        n->name && strcmp((const char *)n->name, "font") == 0 ? hr_attr(n, "face") : NULL;
    if (face && *face) {
        hr_css tmp;
        char decl[96];
        size_t k = strlen(face);
        if (k < sizeof decl - 16) {
            memcpy(decl, "font-family:", 12);
            memcpy(decl + 12, face, k + 1);
            hr_css_parse(&tmp, decl);
            if (tmp.font[0]) return hr_font_intern(r, tmp.font);
        }
    }
    return inherited;
}

/* A paragraph or heading (or a <div> of inline content acting as one). */
static int enter_para(hr_reader *r, hr_frame *f, xmlNodePtr n, int level, const hr_para_info *info,
                      const hr_css *css, bool *descend)
{
    unsigned ctx_flags = HR_IN_TABLE | HR_IN_LIST | HR_IN_QUOTE | HR_IN_HEADING | HR_IN_LINK;
    if (!info->visible) return GD_OK; /* Word's empty <p><o:p>&nbsp;</o:p></p> */
    if (!level && css->mso_list && r->opt_word_lists &&
        !(f->flags & (HR_IN_HEADING | HR_IN_LINK | HR_IN_PRE))) {
        bool item;
        int rc = hr_mso_item(r, n, css, r->nframes - 2, &item);
        if (rc) return rc;
        if (item) {
            gd_node *p;
            rc = hr_check(r, gd_builder_open(r->b, GD_NODE_PARAGRAPH, &p));
            if (rc) return rc;
            f->close = GD_NODE_PARAGRAPH;
            f->mso_item = 1;
            f->flags |= HR_IN_LIST;
            r->first_block_done = true;
            *descend = true;
            return hr_check(r, set_align(p, f->align));
        }
    }
    if (!level && r->opt_headings && !(f->flags & ctx_flags))
        level = hr_heading_level(info->text, info->text_len, info->all_bold, r->after_level2);
    gd_node *node;
    int rc = open_block(r, f, level ? GD_NODE_HEADING : GD_NODE_PARAGRAPH, &node);
    if (rc) return rc;
    if (level) {
        rc = hr_check(r, gd_node_set_level(node, level));
        if (!rc && level == 1 && !r->first_block_done)
            rc = hr_check(r, gd_node_set_attr(node, "role", "title"));
        if (level == 2) r->after_level2 = true;
        f->flags |= HR_IN_HEADING;
    }
    r->first_block_done = true;
    if (!rc) rc = hr_check(r, set_align(node, f->align));
    *descend = true;
    return rc;
}

static int enter(hr_reader *r, xmlNodePtr n)
{
    /* A copy: push() may move the frames. */
    const hr_frame parent_copy = r->frames[r->nframes - 1];
    const hr_frame *parent = &parent_copy;
    int level;
    unsigned bits;
    hr_kind kind = hr_element_kind(n, &level, &bits);
    if (kind == HR_DROP) return GD_OK;
    hr_css css;
    unsigned style = hr_element_style(n, parent->style, bits, &css);
    if (css.hidden) return GD_OK;
    if (css.mso_ignore && parent->mso_item) return GD_OK; /* the marker of a list item */
    if (css.note_element == 2 && r->notes_used && !r->in_note) return GD_OK; /* read already */
    /* A block beside a run of Word list paragraphs ends the run. */
    if (r->mso_depth && r->mso_parent == r->nframes - 1 && hr_is_block_kind(kind) &&
        !(kind == HR_P && css.mso_list)) {
        int rc = hr_mso_close(r);
        if (rc) return rc;
    }
    if (parent->flags & HR_IN_PRE) {
        /* Inside <pre> only text and line breaks: everything else is
         * transparent (a code block holds no links or blocks). */
        if (kind == HR_IMG || kind == HR_CAPTION) return GD_OK;
        if (kind != HR_BR) kind = HR_INLINE;
    }
    unsigned ctx_flags = HR_IN_TABLE | HR_IN_LIST | HR_IN_QUOTE | HR_IN_HEADING | HR_IN_LINK;
    if (css.page_break && r->content && !(parent->flags & ctx_flags) &&
        !(parent->flags & HR_IN_PRE)) {
        int rc = hr_boundary(r);
        if (!rc) rc = hr_check(r, gd_builder_leaf(r->b, GD_NODE_PAGE_BREAK, NULL));
        hr_flow_reset(r);
        if (rc) return rc;
    }
    /* Nodes made from here on carry the element's source line. */
    long line = xmlGetLineNo(n);
    if (line > 0) gd_builder_set_line(r->b, (uint32_t)line);
    if (kind == HR_BR) return emit_br(r, parent);
    if (kind == HR_IMG) return hr_image_emit(r, parent, n, &css);
    if (kind == HR_HR) {
        int rc = hr_boundary(r);
        if (!rc && !(parent->flags & (HR_IN_HEADING | HR_IN_LINK)))
            rc = hr_check(r, gd_builder_leaf(r->b, GD_NODE_THEMATIC_BREAK, NULL));
        hr_flow_reset(r);
        return rc;
    }

    hr_frame *f = push(r);
    if (!f) return r->rc;
    f->node = n;
    f->style = style;
    f->font = font_of(r, n, &css, parent->font);
    f->kind = (uint8_t)kind;
    int align = css.align;
    if (!align) align = hr_align_from(hr_attr(n, "align"));
    if (!align && strcmp((const char *)n->name, "center") == 0) align = HR_ALIGN_CENTER;
    if (align && kind != HR_TABLE) f->align = (uint8_t)align;
    bool descend = n->children != NULL;
    int rc = GD_OK;

    if ((kind == HR_LIST || kind == HR_ITEM || kind == HR_QUOTE || kind == HR_TABLE ||
         kind == HR_ROW || kind == HR_CELL || kind == HR_PRE) &&
        too_deep(r))
        kind = HR_BLOCK;
    if ((kind == HR_TSECTION || kind == HR_ROW || kind == HR_CELL || kind == HR_CAPTION) &&
        (f->flags & HR_IN_FLAT))
        kind = HR_BLOCK;

    switch (kind) {
    case HR_INLINE: break;
    case HR_A: {
        if (css.note && r->in_note) { /* the note's link back to its reference */
            descend = false;
            break;
        }
        if (hr_note_emit(r, parent, n, &css, &rc)) {
            descend = false;
            break;
        }
        const char *href = hr_attr(n, "href");
        while (href && (*href == ' ' || *href == '\t' || *href == '\n')) href++;
        if (!href || !*href || hr_ascii_ieq(href, "javascript:", 11) ||
            hr_ascii_ieq(href, "vbscript:", 9) || (f->flags & HR_IN_PRE))
            break;
        rc = hr_flush_pending(r, parent, false);
        gd_node *link;
        if (!rc) rc = hr_check(r, gd_builder_open(r->b, GD_NODE_LINK, &link));
        if (!rc && link) rc = hr_check(r, gd_node_set_url(link, href));
        const char *title = hr_attr(n, "title");
        if (!rc && link && title && *title)
            rc = hr_check(r, gd_node_set_attr(link, "title", title));
        f->close = GD_NODE_LINK;
        f->flags |= HR_IN_LINK;
        break;
    }
    case HR_BLOCK: {
        hr_para_info info;
        hr_para_scan(r, n, style, true, &info);
        if (!info.has_block && !(f->flags & (HR_IN_PRE | HR_IN_HEADING | HR_IN_LINK)) &&
            n->children && strcmp((const char *)n->name, "body") != 0) {
            rc = enter_para(r, f, n, 0, &info, &css, &descend);
            if (!descend) break;
            if (!f->close) f->boundary = 1;
            break;
        }
        f->boundary = 1;
        rc = hr_boundary(r);
        break;
    }
    case HR_P:
    case HR_HEADING: {
        hr_para_info info;
        hr_para_scan(r, n, style, false, &info);
        descend = false;
        rc = enter_para(r, f, n, kind == HR_HEADING ? level : 0, &info, &css, &descend);
        break;
    }
    case HR_LIST: {
        gd_node *list;
        rc = open_block(r, f, GD_NODE_LIST, &list);
        const char *start = hr_attr(n, "start");
        long st = start ? strtol(start, NULL, 10) : 1;
        if (st < -1000000000L || st > 1000000000L) st = 1;
        if (!rc) rc = hr_check(r, gd_node_set_list(list, level == 1, (int)st));
        f->flags |= HR_IN_LIST;
        f->align = HR_ALIGN_NONE;
        break;
    }
    case HR_ITEM:
        rc = open_block(r, f, GD_NODE_ITEM, NULL);
        f->flags |= HR_IN_LIST;
        break;
    case HR_QUOTE:
        rc = open_block(r, f, GD_NODE_BLOCK_QUOTE, NULL);
        f->flags |= HR_IN_QUOTE;
        break;
    case HR_PRE:
        rc = open_block(r, f, GD_NODE_CODE_BLOCK, NULL);
        f->flags |= HR_IN_PRE;
        r->pre_fresh = true;
        break;
    case HR_TABLE: rc = hr_table_enter(r, f, n); break;
    case HR_TSECTION: break;
    case HR_ROW: rc = hr_row_enter(r, f, n); break;
    case HR_CELL: rc = hr_cell_enter(r, f, n, &css); break;
    case HR_CAPTION: descend = false; break; /* emitted before its table */
    default: break;
    }
    if (rc) return rc;
    f = &r->frames[r->nframes - 1];
    if (!descend || !n->children) {
        f->node = NULL; /* leave at once */
    }
    return GD_OK;
}

static int leave(hr_reader *r)
{
    /* Leaving the parent of a run of Word list paragraphs ends the run. */
    if (r->mso_depth && r->mso_parent == r->nframes - 1) {
        int rc = hr_mso_close(r);
        if (rc) return rc;
    }
    hr_frame *f = &r->frames[--r->nframes];
    int rc = GD_OK;
    if (f->close) {
        gd_node_type t = f->close;
        if (t != GD_NODE_LINK) rc = hr_boundary(r);
        if (!rc) rc = hr_check(r, gd_builder_close(r->b, t));
        if (t == GD_NODE_TABLE && r->ntables) r->ntables--;
        if (t != GD_NODE_LINK) hr_flow_reset(r);
        if (t == GD_NODE_CODE_BLOCK) r->pre_fresh = false;
    }
    if (!rc && f->boundary) rc = hr_boundary(r);
    return rc;
}

int hr_walk(hr_reader *r, xmlNodePtr root)
{
    r->frames_cap = 64;
    r->frames = malloc(r->frames_cap * sizeof *r->frames);
    if (!r->frames) return gd_ctx_error(r->ctx, GD_ENOMEM, "out of memory (HTML walk)");
    hr_frame *f0 = &r->frames[0];
    memset(f0, 0, sizeof *f0);
    f0->node = root;
    f0->kind = HR_BLOCK;
    f0->boundary = 1;
    f0->table = -1;
    r->nframes = 1;
    hr_flow_reset(r);

    xmlNodePtr n = root->children;
    while (n && !r->rc) {
        size_t before = r->nframes;
        if (n->type == XML_ELEMENT_NODE) {
            enter(r, n);
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            emit_text(r, &r->frames[r->nframes - 1], (const char *)n->content,
                      strlen((const char *)n->content));
        }
        if (r->rc) break;
        if (r->nframes > before) {
            if (r->frames[r->nframes - 1].node) {
                n = n->children;
                continue;
            }
            if (leave(r)) break;
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n == root) {
                n = NULL;
                break;
            }
            if (leave(r)) break;
        }
        if (r->rc || !n) break;
        n = n->next;
    }
    while (!r->rc && r->nframes > 1) leave(r);
    if (!r->rc) hr_mso_close(r);
    if (!r->rc) hr_boundary(r);
    free(r->frames);
    r->frames = NULL;
    return r->rc;
}
