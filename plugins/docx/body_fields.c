/* Fields and hyperlinks of the body stream: complex fields (w:fldChar,
 * w:instrText) and simple ones (w:fldSimple) show their result only, and a
 * HYPERLINK field or a w:hyperlink becomes a link around its content. */
#include "body.h"

#include <stdio.h>
#include <string.h>

bool dx_fields_visible(const dx_body *B)
{
    if (B->fld_overflow) return false;
    for (int i = 0; i < B->nfld; i++)
        if (!B->fld[i].result) return false;
    return true;
}

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
    if (!dx_ensure_para(B)) return;
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
        if (url[0] && dx_fields_visible(B)) {
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
        if (url[0] && dx_fields_visible(B)) {
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

bool dx_field_start(dx_body *B, const dx_ev *e)
{
    char v[512];
    switch (e->el) {
    case E_FLDCHAR: fld_char(B, e); return true;
    case E_FLDSIMPLE: fld_simple_start(B, e); return true;
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
        if (url[0] && dx_fields_visible(B)) {
            link_open(B, url);
            B->hyperlink_depth[B->depth] = 1;
        }
        return true;
    }
    default: return false;
    }
}

bool dx_field_end(dx_body *B, int d, int el)
{
    if (B->hyperlink_depth[d]) {
        B->hyperlink_depth[d] = 0;
        link_close(B);
    }
    if (el != E_FLDSIMPLE) return false;
    fld_simple_end(B);
    return true;
}

void dx_field_instr_text(dx_body *B, const char *s, size_t len)
{
    if (!B->nfld || B->fld_overflow) return;
    dx_field *f = &B->fld[B->nfld - 1];
    if (f->result) return;
    size_t room = sizeof f->instr - 1 - f->instr_len;
    size_t n = len < room ? len : room;
    memcpy(f->instr + f->instr_len, s, n);
    f->instr_len += n;
    f->instr[f->instr_len] = 0;
}
