/* Tables: table:table → TABLE, header rows, rows, cells with their row and
 * column spans (covered cells are not stored: the spans imply them), cell
 * alignment when all the cell's paragraphs agree. Repeated rows and cells
 * are replayed by odt_body.c before they get here. */
#include "odt_body.h"

#include <string.h>

static int clamp_span(long v)
{
    return v < 1 ? 1 : v > 1000 ? 1000 : (int)v;
}

int odt_table_start(odt *o, const gdh_xml_event *e)
{
    odt_body *B = o->body;
    gd_node *n = NULL;
    int rc = GD_OK;
    switch (e->el) {
    case E_TABLE: {
        char name[256];
        if (B->nc == 0 && B->note_nest == 0 && B->replay_nest == 0 &&
            gdh_xml_attr_get(e, NS_TABLE, "style-name", name, sizeof name)) {
            const odt_style *st = odt_style_find(&o->styles, 'T', name);
            if (st && st->break_before == 1) rc = gd_builder_leaf(o->b, GD_NODE_PAGE_BREAK, NULL);
        }
        if (!rc) rc = gd_builder_open(o->b, GD_NODE_TABLE, NULL);
        B->kind[e->depth] = K_TABLE;
        B->tables++;
        break;
    }
    case E_TABLE_HEADER_ROWS:
        B->header_rows++;
        B->kind[e->depth] = K_HEADER;
        break;
    case E_TABLE_ROW:
        rc = gd_builder_open(o->b, GD_NODE_ROW, &n);
        if (!rc && n && B->header_rows) rc = gd_node_set_header(n, 1);
        B->kind[e->depth] = K_ROW;
        break;
    case E_TABLE_CELL: {
        rc = gd_builder_open(o->b, GD_NODE_CELL, &n);
        long rs = gdh_xml_attr_long(e, NS_TABLE, "number-rows-spanned", 1);
        long cs = gdh_xml_attr_long(e, NS_TABLE, "number-columns-spanned", 1);
        if (!rc && n && (rs > 1 || cs > 1))
            rc = gd_node_set_span(n, clamp_span(rs), clamp_span(cs));
        if (!rc && n && B->header_rows) rc = gd_node_set_header(n, 1);
        B->kind[e->depth] = K_CELL;
        if (B->nc < (int)(sizeof B->c / sizeof *B->c)) {
            B->c[B->nc].node = n;
            B->c[B->nc].align = -1;
            B->c[B->nc].note_nest = B->note_nest;
        }
        B->nc++;
        break;
    }
    default: break;
    }
    return odt_rc(o, rc);
}

/* A paragraph of the innermost cell opened with this alignment. */
void odt_cell_para(odt *o, int align)
{
    odt_body *B = o->body;
    if (!B->nc || B->nc > (int)(sizeof B->c / sizeof *B->c)) return;
    odt_cell *c = &B->c[B->nc - 1];
    int a = align ? align : ALIGN_LEFT;
    if (c->align == -1)
        c->align = a;
    else if (c->align != a)
        c->align = -2;
}

int odt_table_end(odt *o, const gdh_xml_event *e, int kind)
{
    (void)e;
    odt_body *B = o->body;
    switch (kind) {
    case K_TABLE: B->tables--; return odt_rc(o, gd_builder_close(o->b, GD_NODE_TABLE));
    case K_HEADER: B->header_rows--; return o->rc;
    case K_ROW: return odt_rc(o, gd_builder_close(o->b, GD_NODE_ROW));
    case K_CELL: {
        B->nc--;
        if (B->nc < (int)(sizeof B->c / sizeof *B->c)) {
            odt_cell *c = &B->c[B->nc];
            const char *a = c->align == ALIGN_CENTER    ? "center"
                            : c->align == ALIGN_RIGHT   ? "right"
                            : c->align == ALIGN_JUSTIFY ? "justify"
                                                        : NULL;
            if (a && c->node && odt_rc(o, gd_node_set_attr(c->node, "align", a))) return o->rc;
        }
        return odt_rc(o, gd_builder_close(o->b, GD_NODE_CELL));
    }
    default: return o->rc;
    }
}
