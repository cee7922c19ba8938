/* Property handling of the body stream: the children of w:pPr, w:rPr,
 * w:trPr and w:tcPr (table properties are skipped), and a paragraph's and a
 * run's properties resolved through the styles once they are known. */
#include "body.h"

#include <string.h>

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
void dx_para_props(dx_body *B)
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

void dx_run_resolve(dx_body *B)
{
    if (B->run_resolved) return;
    dx_para_props(B);
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

void dx_run_reset(dx_body *B)
{
    dx_rpr_init(&B->run_delta);
    B->run_cstyle = NULL;
    B->run_resolved = false;
}

bool dx_props_start(dx_body *B, const dx_ev *e)
{
    docx *dx = B->dx;
    char v[512];
    if (B->in_rpr) {
        if (e->el == E_RPRCHANGE) {
            dx_skip_subtree(B);
            return true;
        }
        if (e->el == E_RSTYLE) {
            if (dx_attr_get(e, NS_W, "val", v, sizeof v)) B->run_cstyle = dx_style_get(dx, v);
        } else {
            dx_rpr_child(dx, &B->run_delta, e);
        }
        return true;
    }
    if (B->in_ppr) {
        dx_para *P = &B->para;
        if (B->in_ppr_rpr) {
            if (e->el == E_DEL || e->el == E_MOVEFROM)
                P->mark_deleted = true;
            else if (e->el == E_INS || e->el == E_MOVETO)
                P->mark_inserted = true;
            else if (e->el == E_RPRCHANGE)
                dx_skip_subtree(B);
            return true;
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
        case E_PPRCHANGE: dx_skip_subtree(B); break;
        default: break;
        }
        return true;
    }
    if (B->in_trpr) {
        if (e->el == E_TRPRCHANGE) {
            dx_skip_subtree(B);
            return true;
        }
        dx_trpr_child(B, e);
        return true;
    }
    if (B->in_tcpr) {
        if (e->el == E_TCPRCHANGE) {
            dx_skip_subtree(B);
            return true;
        }
        dx_tcpr_child(B, e);
        return true;
    }
    if (B->in_tblpr) return true;

    switch (e->el) {
    case E_PPR:
        if (B->para.open && !B->para.props_done)
            B->in_ppr = B->depth;
        else
            dx_skip_subtree(B);
        return true;
    case E_RPR:
        if (B->run_open)
            B->in_rpr = B->depth;
        else
            dx_skip_subtree(B);
        return true;
    case E_TBLPR:
    case E_TBLGRID: B->in_tblpr = B->depth; return true;
    case E_TRPR: B->in_trpr = B->depth; return true;
    case E_TCPR: B->in_tcpr = B->depth; return true;
    default: return false;
    }
}

bool dx_props_end(dx_body *B, int d)
{
    if (B->in_rpr) {
        if (d == B->in_rpr) B->in_rpr = 0;
        return true;
    }
    if (B->in_ppr) {
        if (d == B->in_sectpr_ppr) B->in_sectpr_ppr = 0;
        if (d == B->in_ppr_rpr) B->in_ppr_rpr = 0;
        if (d == B->in_ppr) {
            B->in_ppr = 0;
            dx_para_props(B);
        }
        return true;
    }
    if (B->in_trpr) {
        if (d == B->in_trpr) {
            B->in_trpr = 0;
            dx_table_materialize(B);
        }
        return true;
    }
    if (B->in_tcpr) {
        if (d == B->in_tcpr) {
            B->in_tcpr = 0;
            dx_table_materialize(B);
        }
        return true;
    }
    if (B->in_tblpr) {
        if (d == B->in_tblpr) B->in_tblpr = 0;
        return true;
    }
    return false;
}
