/* The body (office:text) into the builder: paragraphs and headings (opened
 * at their first content, so empty ones vanish), runs, links, notes,
 * frames (images, text boxes), lists, the title heuristic. Tables are in
 * odt_table.c.
 *
 * Some subtrees are recorded (gdh_xml_log) rather than read at once and
 * replayed later through the same handler: the first paragraphs, until it
 * is known whether they are the title; text boxes, which come out after
 * the paragraph that anchors them; rows and cells repeated N times. */
#include "odt_body.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int odt_rc(odt *o, int rc)
{
    if (rc && !o->rc) o->rc = rc; /* the builder has put the reason on the context */
    return o->rc;
}

int odt_body_new(odt *o)
{
    o->body = calloc(1, sizeof *o->body);
    if (!o->body) return odt_fail(o, GD_ENOMEM, "out of memory");
    o->body->title_state = o->detect_title ? 0 : 1;
    return GD_OK;
}

void odt_body_free(odt *o)
{
    odt_body *B = o->body;
    if (!B) return;
    for (int i = 0; i < B->np; i++) {
        for (size_t k = 0; k < B->p[i].nboxes; k++) gdh_xml_log_free(&B->p[i].boxes[k]);
        free(B->p[i].boxes);
    }
    for (int i = 0; i < B->npending; i++) gdh_xml_log_free(&B->pending[i]);
    gdh_xml_log_free(&B->log);
    free(B->frame.href);
    gdh_buf_free(&B->frame.b64);
    gdh_buf_free(&B->frame.title);
    gdh_buf_free(&B->frame.desc);
    gdh_buf_free(&B->title_text);
    for (size_t i = 0; i < B->nimg; i++) free(B->img[i].href);
    free(B->img);
    odt_map_free(&B->img_index);
    free(B);
    o->body = NULL;
}

const char *odt_body_title(odt *o)
{
    return o->body && o->body->title_text.len ? o->body->title_text.p : NULL;
}

static odt_para *top_para(odt_body *B)
{
    return B->np ? &B->p[B->np - 1] : NULL;
}

static bool at_block_level(odt_body *B)
{
    return B->nc == 0 && B->note_nest == 0 && B->replay_nest == 0;
}

/* ---- text ---- */

static int title_add(odt_body *B, const char *s, size_t n)
{
    if (!n) return GD_OK;
    size_t i = 0;
    uint32_t first = gdh_utf8_next(s, n, &i);
    if (B->title_newline && B->title_text.len && gdh_cjk_join_needs_space(B->title_last, first) &&
        gdh_buf_add(&B->title_text, " ", 1))
        return GD_ENOMEM;
    B->title_newline = false;
    B->title_last = gdh_utf8_last(s, n);
    return gdh_buf_add(&B->title_text, s, n);
}

static int put_text(odt *o, const char *s, size_t n);

/* Opens the paragraph's node at its first content. */
static int ensure_open(odt *o)
{
    odt_body *B = o->body;
    odt_para *P = top_para(B);
    if (!P || P->opened) return o->rc;
    P->opened = true;
    gd_node *n = NULL;
    int rc = gd_builder_open(o->b, P->heading ? GD_NODE_HEADING : GD_NODE_PARAGRAPH, &n);
    if (!rc && n && P->heading) rc = gd_node_set_level(n, P->level);
    if (!rc && n && P->role) rc = gd_node_set_attr(n, "role", P->role);
    const char *al = P->align == ALIGN_CENTER    ? "center"
                     : P->align == ALIGN_RIGHT   ? "right"
                     : P->align == ALIGN_JUSTIFY ? "justify"
                                                 : NULL;
    if (!rc && n && al) rc = gd_node_set_attr(n, "align", al);
    if (!rc && n && P->style) rc = gd_node_set_attr(n, "style", P->style);
    if (odt_rc(o, rc)) return o->rc;
    if (B->nc && B->c[B->nc - 1].note_nest == B->note_nest) odt_cell_para(o, P->align);
    if (P->prefix[0]) {
        char pre[sizeof P->prefix];
        memcpy(pre, P->prefix, sizeof pre);
        P->prefix[0] = 0;
        return put_text(o, pre, strlen(pre));
    }
    return o->rc;
}

static int put_text(odt *o, const char *s, size_t n)
{
    odt_body *B = o->body;
    odt_para *P = top_para(B);
    if (!P || ensure_open(o)) return o->rc;
    if (B->run.font != B->font_set) {
        if (odt_rc(o, gd_builder_set_font(o->b, B->run.font))) return o->rc;
        B->font_set = B->run.font;
    }
    if (odt_rc(o, gd_builder_text(o->b, s, n, B->run.bits))) return o->rc;
    if (P->into_title && title_add(B, s, n)) return odt_fail(o, GD_ENOMEM, "out of memory");
    P->content = true;
    return o->rc;
}

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* ODF collapses white space in paragraphs: runs of it are one space, none
 * at the start (text:s and text:tab write literal ones). */
static int para_text(odt *o, const char *s, size_t len)
{
    odt_para *P = top_para(o->body);
    size_t i = 0;
    while (i < len && !o->rc) {
        if (is_ws(s[i])) {
            if (P->content) P->space = true;
            i++;
            continue;
        }
        size_t j = i;
        while (j < len && !is_ws(s[j])) j++;
        if (P->space) {
            P->space = false;
            put_text(o, " ", 1);
        }
        put_text(o, s + i, j - i);
        i = j;
    }
    return o->rc;
}

static int flush_space(odt *o)
{
    odt_para *P = top_para(o->body);
    if (P && P->space) {
        P->space = false;
        return put_text(o, " ", 1);
    }
    return o->rc;
}

/* ---- paragraphs ---- */

static int para_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    if (B->np == ODT_MAX_PARA_NEST) {
        odt_warn_once(o, WARN_NEST,
                      "paragraphs nested deeper than %d (notes in notes): inner "
                      "ones dropped",
                      ODT_MAX_PARA_NEST);
        o->skip_depth = e->depth;
        return o->rc;
    }
    char name[256];
    odt_pstyle ps;
    odt_pstyle_resolve(&o->styles,
                       gdh_xml_attr_get(e, NS_TEXT, "style-name", name, sizeof name) ? name : NULL,
                       &ps);
    odt_para *P = &B->p[B->np++];
    memset(P, 0, sizeof *P);
    P->depth = e->depth;
    P->heading = e->el == E_H;
    if (P->heading) {
        long lv = gdh_xml_attr_long(e, NS_TEXT, "outline-level", ps.outline ? ps.outline : 1);
        P->level = lv < 1 ? 1 : lv > 6 ? 6 : (int)lv;
    }
    if (ps.role) {
        P->heading = true;
        P->role = ps.role;
        P->level = !strcmp(ps.role, "title") ? 1 : 2;
    }
    P->align = ps.align;
    P->style = ps.display;
    P->break_after = ps.break_after;
    P->note_nest = B->note_nest;
    B->kind[e->depth] = K_PARA;
    B->saved[e->depth] = B->run;
    B->run = ps.run;
    /* bold that a heading's style gives is not repeated on its text */
    if (P->heading) B->run.bits = 0;
    if (B->title_state == 2) { /* replaying the title's lines */
        P->into_title = true;
        P->opened = true;
        B->run = ps.run;
    }
    /* the number of a list item, for its first paragraph */
    odt_listctx *L = B->nl ? &B->l[B->nl - 1] : NULL;
    if (L && L->mode == LM_TEXT && L->item_depth && !L->prefix_used &&
        e->depth == L->item_depth + 1) {
        memcpy(P->prefix, L->prefix, sizeof P->prefix);
        L->prefix_used = true;
    }
    if (ps.break_before && at_block_level(B) && !P->into_title && B->title_state == 1)
        odt_rc(o, gd_builder_leaf(o->b, GD_NODE_PAGE_BREAK, NULL));
    return o->rc;
}

static int replay_boxes(odt *o, gdh_xml_log *boxes, size_t n)
{
    for (size_t k = 0; k < n && !o->rc; k++) {
        gd_node *div = NULL;
        int rc = gd_builder_open(o->b, GD_NODE_DIV, &div);
        if (!rc && div) rc = gd_node_set_attr(div, "class", "textbox");
        if (!odt_rc(o, rc)) odt_replay(o, &boxes[k]);
        if (!o->rc) odt_rc(o, gd_builder_close(o->b, GD_NODE_DIV));
    }
    for (size_t k = 0; k < n; k++) gdh_xml_log_free(&boxes[k]);
    free(boxes);
    return o->rc;
}

static int para_end(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    odt_para P = B->p[--B->np];
    B->run = B->saved[e->depth];
    if (P.opened && !P.into_title)
        odt_rc(o, gd_builder_close(o->b, P.heading ? GD_NODE_HEADING : GD_NODE_PARAGRAPH));
    if (P.into_title) B->title_newline = true;
    if (P.nboxes) replay_boxes(o, P.boxes, P.nboxes);
    if (P.break_after && at_block_level(B) && !P.into_title && !o->rc)
        odt_rc(o, gd_builder_leaf(o->b, GD_NODE_PAGE_BREAK, NULL));
    return o->rc;
}

/* ---- lists ---- */

static int list_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    odt_listctx *up = B->nl ? &B->l[B->nl - 1] : NULL;
    if (B->nl == ODT_MAX_LIST_DEPTH) {
        /* deeper lists read as the deepest level: items stay items */
        B->kind[e->depth] = K_NONE;
        return o->rc;
    }
    odt_listctx *L = &B->l[B->nl++];
    memset(L, 0, sizeof *L);
    L->depth = e->depth;
    L->level = B->nl;
    char name[256];
    L->ls = gdh_xml_attr_get(e, NS_TEXT, "style-name", name, sizeof name)
                ? odt_list_style_find(&o->styles, name)
            : up ? up->ls
                 : NULL;
    const odt_level *lv = L->ls ? &L->ls->lv[L->level - 1] : NULL;
    bool plain_decimal = lv && lv->kind == 'n' && !strcmp(lv->format, "1") && !lv->prefix[0] &&
                         (!lv->suffix[0] || !strcmp(lv->suffix, ".") || !strcmp(lv->suffix, ")")) &&
                         lv->display_levels == 1;
    if (!L->ls || (lv && lv->kind == 'b') || plain_decimal)
        L->mode = o->numbering_text && L->ls ? LM_TEXT : LM_IR;
    else
        L->mode = lv && lv->kind == 'n' ? LM_TEXT : LM_NONE;
    /* a new list restarts its numbering unless it says it continues */
    char v[16];
    bool cont =
        (gdh_xml_attr_get(e, NS_TEXT, "continue-numbering", v, sizeof v) && !strcmp(v, "true")) ||
        gdh_xml_attr_find(e, NS_TEXT, "continue-list");
    if (L->ls && L->level == 1 && !cont)
        for (int k = 0; k < ODT_MAX_LIST_DEPTH; k++) L->ls->started[k] = false;
    B->kind[e->depth] = K_LIST;
    if (L->mode != LM_IR) return o->rc;
    gd_node *n = NULL;
    int rc = gd_builder_open(o->b, GD_NODE_LIST, &n);
    bool ordered = plain_decimal;
    int start = 1;
    if (ordered && L->ls) {
        int k = L->level - 1;
        start = L->ls->started[k] ? L->ls->counter[k] + 1 : lv->start;
    }
    if (!rc && n) rc = gd_node_set_list(n, ordered, start);
    return odt_rc(o, rc);
}

static int item_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    B->kind[e->depth] = K_NONE;
    if (!B->nl || B->l[B->nl - 1].depth != e->depth - 1) return o->rc;
    odt_listctx *L = &B->l[B->nl - 1];
    B->kind[e->depth] = K_ITEM;
    L->item_depth = e->depth;
    L->prefix[0] = 0;
    L->prefix_used = false;
    if (L->ls && e->el == E_LIST_ITEM) {
        int k = L->level - 1;
        const odt_level *lv = &L->ls->lv[k];
        long sv = gdh_xml_attr_long(e, NS_TEXT, "start-value", -1);
        L->ls->counter[k] = sv >= 0 && sv < 1000000 ? (int)sv
                            : L->ls->started[k]     ? L->ls->counter[k] + 1
                                                    : lv->start;
        L->ls->started[k] = true;
        for (int d = k + 1; d < ODT_MAX_LIST_DEPTH; d++) L->ls->started[d] = false;
        if (L->mode == LM_TEXT) {
            size_t cap = sizeof L->prefix - 1;
            if (lv->kind == 'b')
                snprintf(L->prefix, cap, "%s", lv->bullet[0] ? lv->bullet : "•");
            else
                odt_number_text(L->ls, L->level, L->prefix, cap);
            /* "1. text", "一、text" (the 、 separates), "①text" when nothing follows */
            size_t n = strlen(L->prefix);
            if (n && lv->follow != 'n' && !gdh_cjk_is_wide(gdh_utf8_last(L->prefix, n)))
                L->prefix[n] = ' ', L->prefix[n + 1] = 0;
        }
    }
    if (L->mode == LM_IR) return odt_rc(o, gd_builder_open(o->b, GD_NODE_ITEM, NULL));
    return o->rc;
}

/* ---- frames: images and text boxes ---- */

static const char *sniff(const uint8_t *d, size_t n, const char *name)
{
    if (n >= 8 && !memcmp(d, "\x89PNG\r\n\x1a\n", 8)) return "image/png";
    if (n >= 3 && !memcmp(d, "\xFF\xD8\xFF", 3)) return "image/jpeg";
    if (n >= 6 && (!memcmp(d, "GIF87a", 6) || !memcmp(d, "GIF89a", 6))) return "image/gif";
    if (n >= 2 && !memcmp(d, "BM", 2)) return "image/bmp";
    if (n >= 4 && (!memcmp(d, "II*\0", 4) || !memcmp(d, "MM\0*", 4))) return "image/tiff";
    if (n >= 12 && !memcmp(d, "RIFF", 4) && !memcmp(d + 8, "WEBP", 4)) return "image/webp";
    if (n >= 44 && !memcmp(d + 40, " EMF", 4)) return "image/emf";
    if (n >= 4 && !memcmp(d, "\xD7\xCD\xC6\x9A", 4)) return "image/wmf";
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (dot && (!strcmp(dot, ".svg") || !strcmp(dot, ".SVG"))) return "image/svg+xml";
    return "application/octet-stream";
}

static int b64val(int c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

static const char *add_resource(odt *o, const uint8_t *data, size_t len, const char *name)
{
    const char *mime = sniff(data, len, name);
    if (strcmp(mime, "image/png") && strcmp(mime, "image/jpeg") && strcmp(mime, "image/gif") &&
        strcmp(mime, "image/svg+xml"))
        odt_warn_once(o, WARN_IMAGE, "an image in %s format is kept, but writers may not show it",
                      mime);
    const char *id = NULL;
    if (odt_rc(o, gd_doc_resource_add(&id, o->doc, mime, data, len))) return NULL;
    return id;
}

const char *odt_image(odt *o, const char *href, const gdh_buf *b64)
{
    odt_body *B = o->body;
    if (b64 && b64->len) { /* flat ODT: office:binary-data */
        uint8_t *d = malloc(b64->len / 4 * 3 + 3);
        if (!d) return odt_fail(o, GD_ENOMEM, "out of memory"), NULL;
        size_t n = 0;
        unsigned acc = 0, bits = 0;
        for (size_t i = 0; i < b64->len; i++) {
            int v = b64val((unsigned char)b64->p[i]);
            if (v < 0) continue;
            acc = acc << 6 | (unsigned)v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                d[n++] = (uint8_t)(acc >> bits);
            }
        }
        const char *id = n ? add_resource(o, d, n, NULL) : NULL;
        free(d);
        return id;
    }
    if (!href || !*href) return NULL;
    /* a URL (scheme:...) is kept as it is, never fetched */
    const char *colon = strchr(href, ':'), *slash = strchr(href, '/');
    if (colon && (!slash || colon < slash)) return href;
    int known = odt_map_get(&B->img_index, href);
    if (known >= 0) return B->img[known].url;
    if (!o->zip) {
        odt_warn_once(o, WARN_IMAGE, "image %s is not embedded in the document", href);
        return NULL;
    }
    char *name = gdh_zip_resolve("", href);
    if (!name) return odt_fail(o, GD_ENOMEM, "out of memory"), NULL;
    uint8_t *data = NULL;
    size_t len = 0;
    gdh_error err = {0};
    const char *url = NULL;
    if (!gdh_zip_exists(o->zip, name)) {
        odt_warn_once(o, WARN_IMAGE, "image %s is missing from the package", name);
    } else if (gdh_zip_read(o->zip, name, &data, &len, &err)) {
        if (err.code == GD_ELIMIT || err.code == GD_ENOMEM)
            odt_fail(o, err.code, "%s", err.message);
        else
            odt_warn_once(o, WARN_IMAGE, "image left out: %s", err.message);
    } else {
        url = add_resource(o, data, len, name);
    }
    free(data);
    free(name);
    if (url && B->nimg == B->capimg) {
        size_t cap = B->capimg ? B->capimg * 2 : 8;
        odt_image_ref *v = realloc(B->img, cap * sizeof *v);
        if (v) {
            B->img = v;
            B->capimg = cap;
        }
    }
    if (url && B->nimg < B->capimg && (B->img[B->nimg].href = odt_strdup(href))) {
        if (odt_map_put(&B->img_index, B->img[B->nimg].href, (int)B->nimg) == GD_OK)
            B->img[B->nimg++].url = url;
        else
            free(B->img[B->nimg].href);
    }
    return url;
}

static int frame_end(odt *o)
{
    odt_body *B = o->body;
    odt_frame *F = &B->frame;
    B->in_frame = false;
    const char *url = odt_image(o, F->href, &F->b64);
    if (url && !o->rc) {
        gd_node *n = NULL;
        int rc = GD_OK;
        if (top_para(B)) {
            flush_space(o);
            rc = ensure_open(o);
        }
        if (!rc) rc = gd_builder_leaf(o->b, GD_NODE_IMAGE, &n);
        if (!rc && n) rc = gd_node_set_url(n, url);
        const gdh_buf *alt = F->desc.len ? &F->desc : &F->title;
        if (!rc && n && alt->len) rc = gd_node_set_attr(n, "alt", alt->p);
        char num[32];
        if (!rc && n && F->w > 0) {
            snprintf(num, sizeof num, "%.1f", F->w);
            rc = gd_node_set_attr(n, "width", num);
        }
        if (!rc && n && F->h > 0) {
            snprintf(num, sizeof num, "%.1f", F->h);
            rc = gd_node_set_attr(n, "height", num);
        }
        odt_para *P = top_para(B);
        if (P) P->content = true;
        odt_rc(o, rc);
    }
    free(F->href);
    gdh_buf_free(&F->b64);
    gdh_buf_free(&F->title);
    gdh_buf_free(&F->desc);
    memset(F, 0, sizeof *F);
    return o->rc;
}

/* ---- recording ---- */

static int record_begin(odt *o, const gdh_xml_event *e, int kind, long repeat)
{
    odt_body *B = o->body;
    B->rec = kind;
    B->rec_depth = e->depth;
    B->rec_repeat = repeat;
    B->rec_para = false;
    memset(&B->log, 0, sizeof B->log);
    if (gdh_xml_log_start(&B->log, e)) return odt_fail(o, GD_ENOMEM, "out of memory");
    return o->rc;
}

/* A title candidate: centred, every visible character bold or >= 15 pt,
 * short, nothing but text in it. */
static void candidate_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    odt_run r = B->cand_run[e->depth - 1];
    switch (e->el) {
    case E_SPAN: {
        char name[256];
        if (gdh_xml_attr_get(e, NS_TEXT, "style-name", name, sizeof name))
            odt_run_apply(&o->styles, name, &r);
        break;
    }
    case E_S:
    case E_TAB:
    case E_LINE_BREAK:
    case E_SOFT_PAGE_BREAK: break;
    default:
        if (!(e->ns == NS_TEXT && !strncmp(e->name, "bookmark", 8))) B->cand_ok = false;
    }
    B->cand_run[e->depth] = r;
    B->cand_base = e->depth;
}

static void candidate_text(odt *o, const char *s, size_t len)
{
    odt_body *B = o->body;
    const odt_run *r = &B->cand_run[B->cand_base];
    size_t i = 0;
    while (i < len) {
        uint32_t c = gdh_utf8_next(s, len, &i);
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x3000) continue;
        B->cand_chars++;
        if (!(r->bits & GD_STYLE_BOLD) && r->size < 15) B->cand_ok = false;
    }
}

static int title_emit(odt *o);

static int record_done(odt *o)
{
    odt_body *B = o->body;
    gdh_xml_log log = B->log;
    memset(&B->log, 0, sizeof B->log);
    int kind = B->rec;
    B->rec = REC_NONE;
    if (kind == REC_BOX && !B->rec_para) { /* a shape without text */
        odt_warn_once(o, WARN_SHAPE, "drawing shapes are not converted (their text is)");
        gdh_xml_log_free(&log);
        return o->rc;
    }
    if (kind == REC_BOX) {
        odt_para *P = top_para(B);
        if (!P) { /* a frame outside paragraphs: its box now */
            gdh_xml_log *one = malloc(sizeof *one);
            if (!one) {
                gdh_xml_log_free(&log);
                return odt_fail(o, GD_ENOMEM, "out of memory");
            }
            *one = log;
            return replay_boxes(o, one, 1);
        }
        gdh_xml_log *v = realloc(P->boxes, (P->nboxes + 1) * sizeof *v);
        if (!v) {
            gdh_xml_log_free(&log);
            return odt_fail(o, GD_ENOMEM, "out of memory");
        }
        P->boxes = v;
        P->boxes[P->nboxes++] = log;
        return o->rc;
    }
    if (kind == REC_REPEAT) {
        for (long i = 0; i < B->rec_repeat && !o->rc; i++) odt_replay(o, &log);
        gdh_xml_log_free(&log);
        return o->rc;
    }
    /* REC_TITLE: a first paragraph */
    if (B->cand_ok && B->cand_chars == 0) { /* blank lines before the title */
        gdh_xml_log_free(&log);
        return o->rc;
    }
    if (B->cand_ok && B->cand_align == ALIGN_CENTER && B->cand_chars <= 300 && B->npending < 3) {
        B->pending[B->npending++] = log;
        return o->rc;
    }
    title_emit(o);
    if (!o->rc) odt_replay(o, &log);
    gdh_xml_log_free(&log);
    return o->rc;
}

static int record_event(odt *o, const gdh_xml_event *e, bool start)
{
    odt_body *B = o->body;
    if (start) {
        if (B->rec == REC_TITLE) candidate_start(o, e);
        if (e->el == E_P || e->el == E_H) B->rec_para = true;
        if (gdh_xml_log_start(&B->log, e)) return odt_fail(o, GD_ENOMEM, "out of memory");
        return o->rc;
    }
    if (gdh_xml_log_end(&B->log, e)) return odt_fail(o, GD_ENOMEM, "out of memory");
    if (B->rec == REC_TITLE) B->cand_base = e->depth - 1;
    return e->depth == B->rec_depth ? record_done(o) : o->rc;
}

int odt_replay(odt *o, const gdh_xml_log *log)
{
    odt_body *B = o->body;
    if (B->replay_nest >= 8) {
        odt_warn_once(o, WARN_NEST,
                      "text boxes or repeated rows nested too deep: inner ones "
                      "dropped");
        return o->rc;
    }
    B->replay_nest++;
    B->replay_root = true;
    gdh_xml_sax sax;
    odt_sax(o, &sax);
    int rc = gdh_xml_log_replay(log, &sax);
    B->replay_nest--;
    B->replay_root = false;
    if (rc && !o->rc) odt_fail(o, rc, "cannot replay recorded content");
    return o->rc;
}

/* ---- the title ---- */

/* The lines kept as title candidates become one heading (level 1,
 * role=title, centred), lines separated by line breaks. */
static int title_emit(odt *o)
{
    odt_body *B = o->body;
    B->title_state = 1;
    if (!B->npending) return o->rc;
    gd_node *h = NULL;
    int rc = gd_builder_open(o->b, GD_NODE_HEADING, &h);
    if (!rc && h) rc = gd_node_set_level(h, 1);
    if (!rc && h) rc = gd_node_set_attr(h, "role", "title");
    if (!rc && h) rc = gd_node_set_attr(h, "align", "center");
    odt_rc(o, rc);
    B->title_state = 2;
    for (int k = 0; k < B->npending && !o->rc; k++) {
        if (k) odt_rc(o, gd_builder_leaf(o->b, GD_NODE_LINE_BREAK, NULL));
        odt_replay(o, &B->pending[k]);
    }
    B->title_state = 1;
    if (!o->rc) odt_rc(o, gd_builder_close(o->b, GD_NODE_HEADING));
    for (int k = 0; k < B->npending; k++) gdh_xml_log_free(&B->pending[k]);
    B->npending = 0;
    return o->rc;
}

/* ---- events ---- */

static bool skipped(const gdh_xml_event *e)
{
    switch (e->el) {
    case E_ANNOTATION:      /* comments */
    case E_TRACKED_CHANGES: /* deleted text: changes read as accepted */
    case E_NOTE_CITATION:   /* the IR numbers notes itself */
    case E_RUBY_TEXT:
    case E_FORMS:
    case E_EVENT_LISTENERS:
    case E_COVERED_TABLE_CELL: return true;
    default: break;
    }
    if (e->ns == NS_TEXT && e->name) {
        size_t n = strlen(e->name);
        /* sequence-decls, variable-decls ...; table-of-content-source ... */
        if ((n > 6 && !strcmp(e->name + n - 6, "-decls")) ||
            (n > 7 && !strcmp(e->name + n - 7, "-source")))
            return true;
    }
    return false;
}

/* Drawing shapes that may hold text (draw:custom-shape, draw:rect ...). */
static bool is_shape(const char *name)
{
    static const char *const shapes[] = {"custom-shape",    "rect",      "ellipse", "circle",
                                         "polygon",         "polyline",  "path",    "caption",
                                         "regular-polygon", "connector", "line",    "measure"};
    for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++)
        if (!strcmp(name, shapes[i])) return true;
    return false;
}

/* While looking for the title: what may come before it. */
static bool title_neutral(const gdh_xml_event *e)
{
    return e->el == E_SOFT_PAGE_BREAK || skipped(e);
}

/* Before the title is found: a first plain paragraph is recorded as a
 * title candidate (true: e is taken); anything else ends the search. */
static bool title_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    if (B->title_state != 0 || e->depth != o->section_depth + 1 || title_neutral(e)) return false;
    if (e->el == E_P) {
        char name[256];
        odt_pstyle ps;
        odt_pstyle_resolve(
            &o->styles, gdh_xml_attr_get(e, NS_TEXT, "style-name", name, sizeof name) ? name : NULL,
            &ps);
        if (!ps.role) {
            B->cand_ok = true;
            B->cand_chars = 0;
            B->cand_align = ps.align;
            B->cand_run[e->depth] = ps.run;
            B->cand_base = e->depth;
            record_begin(o, e, REC_TITLE, 0);
            return true;
        }
    }
    return title_emit(o) != 0;
}

static int span_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    odt_para *P = top_para(B);
    char v[256];
    /* a space before the span belongs to the text before it */
    if (P && P->content && flush_space(o)) return o->rc;
    B->saved[e->depth] = B->run;
    B->kind[e->depth] = K_SPAN;
    if (gdh_xml_attr_get(e, NS_TEXT, "style-name", v, sizeof v))
        odt_run_apply(&o->styles, v, &B->run);
    if (e->el == E_A && P && !P->into_title) {
        char *href = gdh_xml_attr_dup(e, NS_XLINK, "href");
        gd_node *n = NULL;
        int rc = flush_space(o);
        if (!rc) rc = ensure_open(o);
        if (!rc) rc = gd_builder_open(o->b, GD_NODE_LINK, &n);
        if (!rc && n && href) rc = gd_node_set_url(n, href);
        free(href);
        B->kind[e->depth] = K_LINK;
        return odt_rc(o, rc);
    }
    return o->rc;
}

/* text:s, text:tab, text:line-break */
static int space_start(odt *o, const gdh_xml_event *e)
{
    odt_para *P = top_para(o->body);
    if (!P) return o->rc;
    if (e->el == E_TAB) {
        flush_space(o);
        put_text(o, "\t", 1);
        return o->rc;
    }
    if (e->el == E_LINE_BREAK) {
        P->space = false;
        if (!ensure_open(o)) odt_rc(o, gd_builder_leaf(o->b, GD_NODE_LINE_BREAK, NULL));
        if (P->into_title) o->body->title_newline = true;
        P->content = false; /* white space after it is dropped too */
        return o->rc;
    }
    long c = gdh_xml_attr_long(e, NS_TEXT, "c", 1);
    /* leading spaces are dropped, as the DOCX reader trims paragraphs */
    if (c < 1 || !P->content) return o->rc;
    char sp[64];
    memset(sp, ' ', sizeof sp);
    if (c > ODT_MAX_SPACES) c = ODT_MAX_SPACES;
    flush_space(o);
    for (; c > 0 && !o->rc; c -= (long)sizeof sp)
        put_text(o, sp, c < (long)sizeof sp ? (size_t)c : sizeof sp);
    return o->rc;
}

static int note_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    odt_para *P = top_para(B);
    if (!P) {
        o->skip_depth = e->depth;
        return o->rc;
    }
    char cls[32] = "footnote";
    gdh_xml_attr_get(e, NS_TEXT, "note-class", cls, sizeof cls);
    gd_node *n = NULL;
    int rc = ensure_open(o);
    if (!rc) rc = gd_builder_open(o->b, GD_NODE_NOTE, &n);
    if (!rc && n) rc = gd_node_set_attr(n, "kind", strcmp(cls, "endnote") ? "footnote" : "endnote");
    B->saved[e->depth] = B->run;
    B->kind[e->depth] = K_NOTE;
    B->note_nest++;
    P->content = true;
    return odt_rc(o, rc);
}

/* draw:frame and what it holds: an image, inline base64 data, its title */
static int frame_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    char v[64];
    switch (e->el) {
    case E_FRAME:
        if (B->in_frame) {
            o->skip_depth = e->depth;
            return o->rc;
        }
        B->in_frame = true;
        memset(&B->frame, 0, sizeof B->frame);
        B->frame.depth = e->depth;
        if (gdh_xml_attr_get(e, NS_SVG, "width", v, sizeof v)) B->frame.w = odt_points(v);
        if (gdh_xml_attr_get(e, NS_SVG, "height", v, sizeof v)) B->frame.h = odt_points(v);
        B->kind[e->depth] = K_FRAME;
        return o->rc;
    case E_IMAGE:
        if (B->in_frame && !B->frame.href && !B->frame.b64.len)
            B->frame.href = gdh_xml_attr_dup(e, NS_XLINK, "href");
        return o->rc;
    case E_BINARY_DATA:
        B->kind[e->depth] = B->in_frame ? K_B64 : K_NONE;
        B->frame.in_b64 = B->in_frame;
        return o->rc;
    default: /* svg:title, svg:desc */
        if (B->in_frame && e->depth == B->frame.depth + 1) {
            B->frame.svg = e->el == E_SVG_TITLE ? 1 : 2;
            B->kind[e->depth] = K_SVG;
        }
        return o->rc;
    }
}

/* Table parts; a repeated row or cell is recorded, then replayed. */
static int table_part_start(odt *o, const gdh_xml_event *e, bool root)
{
    if (!root && (e->el == E_TABLE_ROW || e->el == E_TABLE_CELL)) {
        long n = gdh_xml_attr_long(
            e, NS_TABLE, e->el == E_TABLE_ROW ? "number-rows-repeated" : "number-columns-repeated",
            1);
        if (n > 1) {
            if (n > ODT_MAX_REPEAT) {
                odt_warn_once(o, WARN_REPEAT,
                              "a table row or cell repeated %ld times: "
                              "kept %d times",
                              n, ODT_MAX_REPEAT);
                n = ODT_MAX_REPEAT;
            }
            return record_begin(o, e, REC_REPEAT, n);
        }
    }
    return odt_table_start(o, e);
}

/* Other drawing elements: shapes' text reads like a text box's; embedded
 * objects are noted; the drawings themselves are skipped. */
static int draw_start(odt *o, const gdh_xml_event *e, bool root)
{
    if (!strncmp(e->name, "object", 6)) {
        odt_warn_once(o, WARN_OBJECT,
                      "embedded objects (charts, formulas) are not converted; "
                      "their preview image is kept when there is one");
    } else if (is_shape(e->name)) {
        if (root) return o->rc;
        return record_begin(o, e, REC_BOX, 0);
    }
    o->skip_depth = e->depth;
    return o->rc;
}

int odt_body_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    bool root = B->replay_root;
    B->replay_root = false;
    if (B->rec) return record_event(o, e, true);
    B->kind[e->depth] = K_NONE;
    if (skipped(e)) {
        o->skip_depth = e->depth;
        return o->rc;
    }
    if (title_start(o, e)) return o->rc;
    switch (e->el) {
    case E_P:
    case E_H: return para_start(o, e);
    case E_SPAN:
    case E_A: return span_start(o, e);
    case E_S:
    case E_TAB:
    case E_LINE_BREAK: return space_start(o, e);
    case E_NOTE: return note_start(o, e);
    case E_LIST: return list_start(o, e);
    case E_LIST_ITEM:
    case E_LIST_HEADER: return item_start(o, e);
    case E_FRAME:
    case E_IMAGE:
    case E_BINARY_DATA:
    case E_SVG_TITLE:
    case E_SVG_DESC: return frame_start(o, e);
    case E_TEXT_BOX:
        if (root) return o->rc; /* replaying it: its content now */
        return record_begin(o, e, REC_BOX, 0);
    case E_TABLE:
    case E_TABLE_HEADER_ROWS:
    case E_TABLE_ROW:
    case E_TABLE_CELL: return table_part_start(o, e, root);
    default: break;
    }
    if (e->ns == NS_DRAW && e->el != E_DRAW_A && e->el != E_DRAW_G) return draw_start(o, e, root);
    return o->rc;
}

int odt_body_end(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    if (B->rec) return record_event(o, e, false);
    int kind = B->kind[e->depth];
    B->kind[e->depth] = K_NONE;
    switch (kind) {
    case K_PARA: return para_end(o, e);
    case K_SPAN: B->run = B->saved[e->depth]; break;
    case K_LINK:
        B->run = B->saved[e->depth];
        odt_rc(o, gd_builder_close(o->b, GD_NODE_LINK));
        break;
    case K_NOTE:
        B->run = B->saved[e->depth];
        B->note_nest--;
        odt_rc(o, gd_builder_close(o->b, GD_NODE_NOTE));
        break;
    case K_LIST: {
        odt_listctx *L = &B->l[--B->nl];
        if (L->mode == LM_IR) odt_rc(o, gd_builder_close(o->b, GD_NODE_LIST));
        break;
    }
    case K_ITEM: {
        odt_listctx *L = &B->l[B->nl - 1];
        L->item_depth = 0;
        if (L->mode == LM_IR) odt_rc(o, gd_builder_close(o->b, GD_NODE_ITEM));
        break;
    }
    case K_FRAME: return frame_end(o);
    case K_SVG: B->frame.svg = 0; break;
    case K_B64: B->frame.in_b64 = false; break;
    case K_TABLE:
    case K_HEADER:
    case K_ROW:
    case K_CELL: return odt_table_end(o, e, kind);
    default: break;
    }
    return o->rc;
}

int odt_body_text(odt *o, const char *s, size_t len)
{
    odt_body *B = o->body;
    if (B->rec) {
        if (B->rec == REC_TITLE) candidate_text(o, s, len);
        if (gdh_xml_log_text(&B->log, s, len)) return odt_fail(o, GD_ENOMEM, "out of memory");
        return o->rc;
    }
    if (B->in_frame) {
        gdh_buf *to = B->frame.in_b64     ? &B->frame.b64
                      : B->frame.svg == 1 ? &B->frame.title
                      : B->frame.svg == 2 ? &B->frame.desc
                                          : NULL;
        if (to == &B->frame.b64 && to->len + len > GDH_ZIP_DEFAULT_MAX_ENTRY_SIZE)
            return odt_fail(o, GD_ELIMIT, "an embedded image is larger than %u bytes",
                            GDH_ZIP_DEFAULT_MAX_ENTRY_SIZE);
        if (to && to->len + len <= GDH_ZIP_DEFAULT_MAX_ENTRY_SIZE && gdh_buf_add(to, s, len))
            return odt_fail(o, GD_ENOMEM, "out of memory");
        if (to) return o->rc;
    }
    if (!top_para(B)) return o->rc;
    return para_text(o, s, len);
}

int odt_body_finish(odt *o)
{
    odt_body *B = o->body;
    if (B->title_state == 0) title_emit(o);
    return o->rc;
}
