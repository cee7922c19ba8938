/* Tables: drawn from the core's grid (gd_table_grid_build), so rowspan
 * and colspan are exactly what the grid says — one span algorithm for
 * every writer. Header rows go into <thead>, which browsers repeat on
 * each printed page. */
#include "hw.h"

#include <stdlib.h>
#include <string.h>

typedef struct tgrid {
    const gd_table_grid *g;
    int rows, cols;
} tgrid;

static const gd_node *at(const tgrid *t, int r, int c)
{
    return gd_table_grid_cell(t->g, r, c, NULL);
}

/* A cell continues from row r-1 into row r in some column. */
static bool crosses(const tgrid *t, int r)
{
    for (int c = 0; c < t->cols; c++) {
        const gd_node *up = at(t, r - 1, c);
        if (up && up == at(t, r, c)) return true;
    }
    return false;
}

static bool row_all_header_cells(const gd_node *row)
{
    bool any = false;
    for (const gd_node *c = gd_node_first_child(row); c; c = gd_node_next(c)) {
        if (gd_node_get_type(c) != GD_NODE_CELL) continue;
        if (!gd_node_header(c)) return false;
        any = true;
    }
    return any;
}

/* Rows of <thead>: the leading rows flagged as header rows, extended so
 * that no rowspan crosses into <tbody> (a row group clips spans). Without
 * flags, the leading rows made only of header cells — unless such rows
 * recur further down (a table of blocks, like the template's table 二,
 * whose first header is not the whole table's). A table that would be all
 * head gets none. */
static int head_rows(const tgrid *t, const gd_node *const *rows)
{
    int head = 0;
    while (head < t->rows && gd_node_header(rows[head])) head++;
    if (head == 0) {
        while (head < t->rows && row_all_header_cells(rows[head])) head++;
        for (int r = head; r < t->rows; r++)
            if (row_all_header_cells(rows[r])) return 0;
    }
    while (head > 0 && head < t->rows && crosses(t, head)) head++;
    return head >= t->rows ? 0 : head;
}

/* `col_head`: the cell's row is made of header cells only, so its header
 * cells label the columns below, not the row. */
static void cell_out(hw *w, const tgrid *t, const gd_node *cell, int r, int c, int head,
                     bool col_head)
{
    int rs = 1, cs = 1;
    while (c + cs < t->cols && at(t, r, c + cs) == cell) cs++;
    while (r + rs < t->rows && at(t, r + rs, c) == cell) rs++;
    bool in_head = r < head;
    bool th = in_head || gd_node_header(cell);
    hw_puts(w, th ? "<th" : "<td");
    if (in_head || (th && col_head))
        hw_puts(w, cs > 1 ? " scope=\"colgroup\"" : " scope=\"col\"");
    else if (th && rs == 1)
        hw_puts(w, " scope=\"row\"");
    if (rs > 1) hw_printf(w, " rowspan=\"%d\"", rs);
    if (cs > 1) hw_printf(w, " colspan=\"%d\"", cs);
    unsigned mark = hw_checks_cell_number(w, cell);
    if (mark) {
        hw_printf(w, " id=\"gd-cell-%u\" class=\"gd-check-failed\" title=\"", mark);
        hw_checks_cell_title(w, cell);
        hw_puts(w, "\"");
    }
    const char *field = gd_node_attr(cell, "field");
    if (field) {
        hw_puts(w, " data-field=\"");
        hw_attr(w, field, strlen(field));
        hw_puts(w, "\"");
    }
    const char *align = gd_node_attr(cell, "align");
    if (align && (!strcmp(align, "left") || !strcmp(align, "center") || !strcmp(align, "right") ||
                  !strcmp(align, "justify")))
        hw_printf(w, " style=\"text-align: %s\"", align);
    hw_puts(w, ">");
    for (const gd_node *b = gd_node_first_child(cell); b; b = gd_node_next(b)) hw_render(w, b);
    if (mark) hw_checks_cell_refs(w, cell);
    hw_puts(w, th ? "</th>\n" : "</td>\n");
}

/* The columns' relative widths when the table carries them (attr
 * col-widths: one positive number per grid column), as percentages. */
static void col_widths(hw *w, const gd_node *table, int cols)
{
    const char *p = gd_node_attr(table, "col-widths");
    double *v = p && cols > 0 ? malloc((size_t)cols * sizeof *v) : NULL;
    double sum = 0;
    int n = 0;
    for (; v && n < cols; n++) {
        char *q;
        v[n] = strtod(p, &q);
        if (q == p || !(v[n] > 0 && v[n] < 1e9)) break;
        sum += v[n];
        p = q;
    }
    while (p && *p == ' ') p++;
    if (v && n == cols && !*p) {
        hw_puts(w, "<colgroup>");
        for (int c = 0; c < cols; c++)
            hw_printf(w, "<col style=\"width: %.4g%%\">", v[c] * 100 / sum);
        hw_puts(w, "</colgroup>\n");
    }
    free(v);
}

/* The template's name for the table (table2 …), if it is one of ours. */
static const char *template_name(const gd_node *table)
{
    const char *tt = gd_node_attr(table, "template-table");
    if (!tt || !*tt || strlen(tt) > 32) return NULL;
    for (const char *p = tt; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-')) return NULL;
    return tt;
}

void hw_table(hw *w, const gd_node *table)
{
    gd_table_grid *g;
    int rc = gd_table_grid_build(&g, table);
    if (rc != GD_OK) {
        if (rc == GD_ENOMEM)
            hw_fail(w, rc);
        else
            gd_ctx_warn(w->ctx, "a table could not be laid out and was left out");
        return;
    }
    tgrid t = {g, gd_table_grid_rows(g), gd_table_grid_cols(g)};
    const gd_node **rows = t.rows > 0 ? malloc((size_t)t.rows * sizeof *rows) : NULL;
    if (t.rows > 0 && !rows) {
        hw_fail(w, GD_ENOMEM);
        gd_table_grid_free(g);
        return;
    }
    int n = 0;
    for (const gd_node *r = gd_node_first_child(table); r && n < t.rows; r = gd_node_next(r))
        if (gd_node_get_type(r) == GD_NODE_ROW) rows[n++] = r;
    if (n != t.rows || t.cols == 0) {
        free(rows);
        gd_table_grid_free(g);
        return;
    }
    int head = head_rows(&t, rows);
    const char *tt = template_name(table);

    hw_puts(w, "<div class=\"gd-table-wrap\">\n<table class=\"gd-table");
    if (tt) hw_printf(w, " gd-template gd-template-%s\" style=\"--gd-cols: %d", tt, t.cols);
    hw_puts(w, "\">\n");
    col_widths(w, table, t.cols);
    for (int r = 0; r < t.rows; r++) {
        if (r == 0 && head > 0) hw_puts(w, "<thead>\n");
        if (r == head) hw_puts(w, "<tbody>\n");
        hw_puts(w, "<tr>\n");
        bool col_head = row_all_header_cells(rows[r]);
        for (int c = 0; c < t.cols; c++) {
            int origin = 0;
            const gd_node *cell = gd_table_grid_cell(g, r, c, &origin);
            if (!cell)
                hw_puts(w, "<td></td>\n"); /* a hole: keep the column */
            else if (origin)
                cell_out(w, &t, cell, r, c, head, col_head);
        }
        hw_puts(w, "</tr>\n");
        if (r + 1 == head) hw_puts(w, "</thead>\n");
    }
    hw_puts(w, "</tbody>\n</table>\n</div>\n");
    free(rows);
    gd_table_grid_free(g);
    hw_checks_table_list(w, table);
}
