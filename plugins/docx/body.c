/* The body stream: w:body (or a header, note or text box) as events →
 * paragraphs, runs, tables, content controls, tracked changes and alternate
 * content; properties (body_props.c), fields and hyperlinks
 * (body_fields.c) and drawings (body_drawing.c) have their own files.
 * Paragraph content is gathered in a buffer (para.c) and turned into blocks
 * at the paragraph's end, when everything about it is known. */
#include "body.h"

#include <govdoc/helpers/symbol.h>

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- runs ---- */

/* Content outside a w:p gets an implicit paragraph; false when the
 * content is being dropped (a continued merged cell). */
bool dx_ensure_para(dx_body *B)
{
    if (!B->para.open) {
        dx_table_materialize(B);
        if (B->skip) return false;
        dx_para_begin(B);
    }
    return true;
}

/* Text of the current run, in the paragraph. */
static void add_run_text(dx_body *B, const char *s, size_t len)
{
    if (!dx_fields_visible(B)) return;
    if (!dx_ensure_para(B)) return;
    dx_run_resolve(B);
    if (B->run_hidden) return;
    if (B->run_symbol && memchr(s, 0xEF, len)) {
        /* Symbol-font text stored as U+F0xx: the characters it draws */
        gdh_buf b = {0};
        for (size_t i = 0; i < len; i++) {
            const unsigned char *u = (const unsigned char *)s + i;
            if (u[0] == 0xEF && i + 2 < len && u[1] >= 0x80 && u[1] <= 0x83) {
                uint32_t c = (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
                gdh_buf_utf8(&b, gdh_symbol_char(c));
                i += 2;
            } else {
                gdh_buf_addc(&b, (char)u[0]);
            }
        }
        if (b.p && dx_para_add_text(B, b.p, b.len)) dx_fail(B->dx, GD_ENOMEM, "out of memory");
        gdh_buf_free(&b);
        return;
    }
    if (dx_para_add_text(B, s, len)) dx_fail(B->dx, GD_ENOMEM, "out of memory");
}

static void add_break(dx_body *B, int kind)
{
    if (!dx_fields_visible(B)) return;
    if (!dx_ensure_para(B)) return;
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
        c = gdh_symbol_char(c - 0xF000);
    else if (symbol && c >= 0x20 && c <= 0xFF)
        c = gdh_symbol_char(c);
    gdh_buf b = {0};
    gdh_buf_utf8(&b, c);
    if (b.p) add_run_text(B, b.p, b.len);
    gdh_buf_free(&b);
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

/* A comment, footnote or endnote reference: the note where it stands. */
static void note_ref(dx_body *B, const dx_ev *e)
{
    docx *dx = B->dx;
    if (e->el == E_COMMENTREF) {
        if (!dx->comments_keep || B->in_note || !dx_fields_visible(B)) return;
        const dx_note *n = dx_notes_find(&dx->comments, dx_attr_long(e, NS_W, "id", -1000000));
        if (!n || !dx_ensure_para(B)) return;
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
    if (B->in_note || !dx_fields_visible(B)) return;
    bool endnote = e->el == E_ENDNOTEREF;
    long id = dx_attr_long(e, NS_W, "id", -1000000);
    const dx_note *n = dx_notes_find(endnote ? &dx->endnotes : &dx->footnotes, id);
    if (!n) {
        dx_warn_once(dx, DX_WARN_NOTE, "%s %ld is referenced but missing",
                     endnote ? "endnote" : "footnote", id);
        return;
    }
    if (!dx_ensure_para(B)) return;
    if (dx_para_add_item(B, IT_NOTE, NULL, 0)) {
        dx_fail(dx, GD_ENOMEM, "out of memory");
        return;
    }
    dx_item *it = dx_para_last(B);
    it->log = &n->log;
    it->endnote = endnote;
    it->rels = endnote ? &dx->endnotes.rels : &dx->footnotes.rels;
}

/* Content: blocks, tables, runs and their text, tracked changes, alternate
 * content, content controls and note references. */
static void content_start(dx_body *B, const dx_ev *e)
{
    docx *dx = B->dx;
    char v[512];
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
    case E_TBL:
        if (B->para.open) dx_para_flush(B);
        dx_table_materialize(B);
        if (B->skip) return;
        dx_before_block(B);
        dx_close_lists(B);
        dx_table_start(B);
        return;
    case E_TR: dx_row_start(B); return;
    case E_TC: dx_cell_start(B); return;
    case E_SECTPR:
    case E_SDTPR:
    case E_SDTENDPR:
    case E_SMARTTAGPR:
    case E_CUSTOMXMLPR:
    case E_TBLPRCHANGE:
    case E_TBLGRIDCHANGE:
    case E_SECTPRCHANGE:
    case E_RT:
    case E_DELINSTRTEXT: dx_skip_subtree(B); return;
    case E_ALTCHUNK:
        dx_warn_once(dx, DX_WARN_ALTCHUNK,
                     "embedded alternative-format content (altChunk) "
                     "is not converted");
        return;
    /* tracked changes */
    case E_INS:
    case E_MOVETO:
        if (dx->track == DX_TRACK_REJECT) {
            dx_skip_subtree(B);
            return;
        }
        B->ins_depth++;
        B->run_resolved = false;
        return;
    case E_DEL:
    case E_MOVEFROM:
        if (dx->track == DX_TRACK_ACCEPT) {
            dx_skip_subtree(B);
            return;
        }
        B->del_depth++;
        B->run_resolved = false;
        return;
    /* alternate content: the first choice we understand, else the fallback */
    case E_CHOICE:
        if (B->ac_taken[B->depth - 1] || !choice_ok(e)) {
            dx_skip_subtree(B);
            return;
        }
        B->ac_taken[B->depth - 1] = 1;
        return;
    case E_FALLBACK:
        if (B->ac_taken[B->depth - 1]) {
            dx_skip_subtree(B);
            return;
        }
        B->ac_taken[B->depth - 1] = 1;
        return;
    /* runs */
    case E_R:
        B->run_open = true;
        dx_run_reset(B);
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
    case E_COMMENTREF:
    case E_FOOTNOTEREF:
    case E_ENDNOTEREF: note_ref(B, e); return;
    default: return;
    }
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
    B->ac_taken[B->depth] = 0;
    B->hyperlink_depth[B->depth] = 0;
    /* properties first: they are small closed worlds */
    if (dx_props_start(B, e) || dx_field_start(B, e) || dx_drawing_start(B, e)) return;
    content_start(B, e);
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
            dx_textbox_end(B);
            return;
        }
        if (dx_log_end(B->rec, el)) dx_fail(dx, GD_ENOMEM, "out of memory");
        return;
    }
    if (dx_props_end(B, d) || dx_field_end(B, d, el) || dx_drawing_end(B, el)) return;
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
    } else if (B->text_target == TXT_INSTR) {
        dx_field_instr_text(B, s, len);
    }
}

/* ---- entry points ---- */

static dx_body *body_new(docx *dx, const dx_rels *rels)
{
    dx_body *B = malloc(sizeof *B);
    if (!B) {
        dx_fail(dx, GD_ENOMEM, "out of memory");
        return NULL;
    }
    /* all but the containers: zeroing those touched 8 fresh pages */
    memset(B, 0, offsetof(dx_body, cont));
    B->dx = dx;
    B->rels = rels;
    B->ncont = 1;
    memset(&B->cont[0], 0, sizeof B->cont[0]);
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
