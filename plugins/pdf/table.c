/* Tables: column widths from the table's col-widths attribute (the report's
 * standard tables carry the template's) or else from the content's
 * narrowest and widest widths (the automatic layout of browsers); rows as tall as their cells (a
 * spanning cell's excess spread over its rows); pages broken between rows with the header rows
 * repeated, a row taller than a page sliced, and a spanning label repeated on each page it reaches.
 * Each border is drawn once per page, between slots whose covering cells differ, merged into long
 * strokes. */
#include "pdf.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct tcell {
    const gd_node *node;
    int r, c, rs, cs;
    float mn, mx; /* content widths (without padding) */
    pw_box content;
    float drawn; /* content height already drawn in earlier slices */
    bool done;
} tcell;

typedef struct tlayout {
    pw_lay *L;
    const gd_node *table;
    gd_table_grid *g;
    int R, C;
    float *colw, *rowh;
    tcell *cells;
    int ncells;
    int *slot;   /* R*C: index in cells, -1 for an empty slot */
    int *rowext; /* per row: end of the longest cell starting there */
    int nheader;
    float padx, pady, minrow;
} tlayout;

typedef struct vrow {
    int r;
    float y, h;
    bool partial; /* a slice of a row taller than the page */
} vrow;

static void tl_free(tlayout *t)
{
    free(t->colw);
    free(t->rowh);
    gd_free(t->cells);
    gd_free(t->slot);
    free(t->rowext);
    if (t->g) gd_table_grid_free(t->g);
}

/* Relative column widths the table carries (attribute col-widths, one
 * positive number per grid column: the template's form, or a source
 * table's grid), if any. */
static bool given_widths(const gd_node *table, int cols, float *w)
{
    const char *p = gd_node_attr(table, "col-widths");
    if (!p) return false;
    for (int i = 0; i < cols; i++) {
        char *q;
        w[i] = strtof(p, &q);
        if (q == p || !(w[i] > 0) || !isfinite(w[i])) return false;
        p = q;
    }
    while (*p == ' ') p++;
    return *p == 0;
}

static int build(tlayout *t, pw_lay *L, const gd_node *table, int depth, bool measure_only)
{
    memset(t, 0, sizeof *t);
    t->L = L;
    t->table = table;
    int rc = gd_table_grid_build(&t->g, table);
    if (rc) return rc;
    t->R = gd_table_grid_rows(t->g);
    t->C = gd_table_grid_cols(t->g);
    if (t->R <= 0 || t->C <= 0) return GD_OK;
    size_t slots = (size_t)t->R * (size_t)t->C;
    /* the grid's size follows the input: charged to the memory budget */
    t->slot = gd_mem_alloc(slots * sizeof *t->slot);
    t->cells = gd_mem_alloc(slots * sizeof *t->cells);
    if (t->cells) memset(t->cells, 0, slots * sizeof *t->cells);
    t->colw = calloc((size_t)t->C, sizeof *t->colw);
    t->rowh = calloc((size_t)t->R, sizeof *t->rowh);
    t->rowext = calloc((size_t)t->R, sizeof *t->rowext);
    if (!t->slot || !t->cells || !t->colw || !t->rowh || !t->rowext) return GD_ENOMEM;
    float ts = L->o.table_size;
    t->padx = ts * 0.4f;
    t->pady = ts * 0.3f;
    t->minrow = ts * L->o.table_line_height + 2 * t->pady;
    for (int r = 0; r < t->R; r++)
        for (int c = 0; c < t->C; c++) {
            int origin = 0;
            const gd_node *cell = gd_table_grid_cell(t->g, r, c, &origin);
            size_t i = (size_t)r * (size_t)t->C + (size_t)c;
            if (!cell) {
                t->slot[i] = -1;
                continue;
            }
            if (origin) {
                tcell *tc = &t->cells[t->ncells];
                tc->node = cell;
                tc->r = r;
                tc->c = c;
                t->slot[i] = t->ncells++;
            } else {
                /* Covered: same cell as the slot to the left or above. */
                int left = c > 0 ? t->slot[i - 1] : -1, up = r > 0 ? t->slot[i - (size_t)t->C] : -1;
                t->slot[i] = left >= 0 && t->cells[left].node == cell ? left
                             : up >= 0 && t->cells[up].node == cell   ? up
                                                                      : -1;
            }
        }
    for (int k = 0; k < t->ncells; k++) {
        tcell *tc = &t->cells[k];
        int cs = 1, rs = 1;
        while (tc->c + cs < t->C && t->slot[(size_t)tc->r * t->C + tc->c + cs] == k) cs++;
        while (tc->r + rs < t->R && t->slot[(size_t)(tc->r + rs) * t->C + tc->c] == k) rs++;
        tc->cs = cs;
        tc->rs = rs;
        if (tc->r + rs > t->rowext[tc->r]) t->rowext[tc->r] = tc->r + rs;
        rc = pw_flow_measure(L, tc->node, depth + 1, &tc->mn, &tc->mx);
        if (rc) return rc;
    }
    /* Header rows: the leading rows flagged as such, widened so that no
     * cell straddles the header and the body. */
    int r = 0;
    for (const gd_node *row = gd_node_first_child(table); row && r < t->R;
         row = gd_node_next(row), r++)
        if (!gd_node_header(row)) break;
    t->nheader = r;
    for (bool grew = true; grew && t->nheader > 0;) {
        grew = false;
        for (int k = 0; k < t->ncells; k++)
            if (t->cells[k].r < t->nheader && t->cells[k].r + t->cells[k].rs > t->nheader) {
                t->nheader = t->cells[k].r + t->cells[k].rs;
                grew = true;
            }
    }
    (void)measure_only;
    return GD_OK;
}

/* Column bounds from the cells: single columns first, then spanning cells
 * widen the columns they cover evenly. */
static void column_bounds(tlayout *t, float *mn, float *mx)
{
    float floor_w = 2 * t->padx + t->L->o.table_size;
    for (int c = 0; c < t->C; c++) mn[c] = mx[c] = floor_w;
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < t->ncells; k++) {
            tcell *tc = &t->cells[k];
            if ((pass == 0) != (tc->cs == 1)) continue;
            float need_mn = tc->mn + 2 * t->padx, need_mx = tc->mx + 2 * t->padx;
            float have_mn = 0, have_mx = 0;
            for (int c = tc->c; c < tc->c + tc->cs; c++) {
                have_mn += mn[c];
                have_mx += mx[c];
            }
            for (int c = tc->c; c < tc->c + tc->cs; c++) {
                if (need_mn > have_mn) mn[c] += (need_mn - have_mn) / (float)tc->cs;
                if (need_mx > have_mx) mx[c] += (need_mx - have_mx) / (float)tc->cs;
            }
        }
    for (int c = 0; c < t->C; c++)
        if (mx[c] < mn[c]) mx[c] = mn[c];
}

static int column_widths(tlayout *t, float width)
{
    float *w = t->colw;
    if (given_widths(t->table, t->C, w)) {
        float sum = 0;
        for (int c = 0; c < t->C; c++) sum += w[c];
        for (int c = 0; c < t->C; c++) w[c] = w[c] / sum * width;
        return GD_OK;
    }
    float *mn = calloc((size_t)t->C * 2, sizeof *mn);
    if (!mn) return GD_ENOMEM;
    float *mx = mn + t->C;
    column_bounds(t, mn, mx);
    float smn = 0, smx = 0;
    for (int c = 0; c < t->C; c++) {
        smn += mn[c];
        smx += mx[c];
    }
    for (int c = 0; c < t->C; c++) {
        if (smx <= width)
            w[c] = mx[c] + (width - smx) * mx[c] / smx;
        else if (smn <= width)
            w[c] = mn[c] + (mx[c] - mn[c]) * (width - smn) / (smx - smn);
        else
            w[c] = mn[c] * width / smn;
    }
    free(mn);
    return GD_OK;
}

static float cell_width(const tlayout *t, const tcell *tc)
{
    float w = 0;
    for (int c = tc->c; c < tc->c + tc->cs; c++) w += t->colw[c];
    return w;
}

static int row_heights(tlayout *t, int depth)
{
    for (int r = 0; r < t->R; r++) t->rowh[r] = t->minrow;
    for (int k = 0; k < t->ncells; k++) {
        tcell *tc = &t->cells[k];
        float w = cell_width(t, tc) - 2 * t->padx;
        int rc = pw_flow_box(t->L, tc->node, w > 1 ? w : 1, depth + 1, &tc->content);
        if (rc) return rc;
        float h = tc->content.h + 2 * t->pady;
        if (tc->rs == 1 && h > t->rowh[tc->r]) t->rowh[tc->r] = h;
    }
    /* Spanning cells, shortest spans first: spread what they lack. */
    for (int span = 2; span <= t->R; span++) {
        bool any = false;
        for (int k = 0; k < t->ncells; k++) {
            tcell *tc = &t->cells[k];
            if (tc->rs < span) continue;
            any = true;
            if (tc->rs != span) continue;
            float have = 0, h = tc->content.h + 2 * t->pady;
            for (int r = tc->r; r < tc->r + tc->rs; r++) have += t->rowh[r];
            if (h > have)
                for (int r = tc->r; r < tc->r + tc->rs; r++) t->rowh[r] += (h - have) / (float)span;
        }
        if (!any) break;
    }
    return GD_OK;
}

int pw_table_measure(pw_lay *L, const gd_node *table, int depth, float *min_w, float *max_w)
{
    tlayout t;
    int rc = build(&t, L, table, depth, true);
    *min_w = *max_w = 0;
    if (!rc && t.C > 0) {
        float *mn = calloc((size_t)t.C * 2, sizeof *mn);
        if (!mn)
            rc = GD_ENOMEM;
        else {
            column_bounds(&t, mn, mn + t.C);
            for (int c = 0; c < t.C; c++) {
                *min_w += mn[c];
                *max_w += mn[t.C + c];
            }
            free(mn);
        }
    }
    tl_free(&t);
    return rc;
}

/* ---- drawing one page's part of the table ---- */

static int cell_at(const tlayout *t, const vrow *v, int c)
{
    return t->slot[(size_t)v->r * t->C + c];
}

static int add_line(pw_lay *L, pw_box *b, float x, float y, float w, float h)
{
    pw_item it = {.kind = PW_IT_LINE, .x = x, .y = y, .w = w, .h = h, .lw = 0.6f};
    return pw_box_add(L->arena, b, &it);
}

static int draw_borders(tlayout *t, pw_box *b, float x0, const vrow *v, int nv)
{
    pw_lay *L = t->L;
    int rc = GD_OK;
    float *xs = malloc((size_t)(t->C + 1) * sizeof *xs);
    if (!xs) return GD_ENOMEM;
    xs[0] = x0;
    for (int c = 0; c < t->C; c++) xs[c + 1] = xs[c] + t->colw[c];
    /* Horizontal: above each row where the cells above and below differ,
     * and below the last row. */
    for (int i = 0; i <= nv && !rc; i++) {
        float y = i < nv ? v[i].y : v[nv - 1].y + v[nv - 1].h;
        int run = -1;
        for (int c = 0; c <= t->C && !rc; c++) {
            bool draw = false;
            if (c < t->C) {
                int below = i < nv ? cell_at(t, &v[i], c) : -2;
                int above = i > 0 ? cell_at(t, &v[i - 1], c) : -2;
                /* The two slices of one tall row keep no line between them
                 * (they are on different pages anyway). */
                draw = i == 0 || i == nv || below != above || below < 0;
            }
            if (draw && run < 0) run = c;
            if (!draw && run >= 0) {
                rc = add_line(L, b, xs[run], y, xs[c] - xs[run], 0);
                run = -1;
            }
        }
    }
    /* Vertical: left of each column where the cells differ, and the right edge. */
    for (int c = 0; c <= t->C && !rc; c++) {
        int run = -1;
        for (int i = 0; i <= nv && !rc; i++) {
            bool draw = false;
            if (i < nv) {
                int here = c < t->C ? cell_at(t, &v[i], c) : -2;
                int left = c > 0 ? cell_at(t, &v[i], c - 1) : -2;
                draw = c == 0 || c == t->C || here != left || here < 0;
            }
            if (draw && run < 0) run = i;
            if (!draw && run >= 0) {
                float y0 = v[run].y, y1 = v[i - 1].y + v[i - 1].h;
                rc = add_line(L, b, xs[c], y0, 0, y1 - y0);
                run = -1;
            }
        }
    }
    free(xs);
    return rc;
}

/* Items of `src` lying entirely within [from, from + h): the slice of a cell
 * taller than the room it has. Returns where the next slice starts. */
static float slice_items(pw_lay *L, pw_box *dst, const pw_box *src, float dx, float dy, float from,
                         float h, int *rc)
{
    float next = src->h;
    for (size_t i = 0; i < src->n && !*rc; i++) {
        pw_item it = src->v[i];
        /* A text item spans its ascent and descent around the baseline. */
        float top = it.kind == PW_IT_TEXT ? it.y - it.size * 0.9f : it.y;
        float bot = it.kind == PW_IT_TEXT ? it.y + it.size * 0.15f : it.y + it.h;
        if (top < from - 0.5f) continue;
        if (bot > from + h + 0.5f) {
            if (top < next) next = top;
            continue;
        }
        it.x += dx;
        it.y += dy - from;
        *rc = pw_box_add(L->arena, dst, &it);
    }
    return next;
}

static int draw_cells(tlayout *t, pw_box *b, float x0, const vrow *v, int nv)
{
    pw_lay *L = t->L;
    int rc = GD_OK;
    /* Each cell once: at the first of its slots met in this part. */
    for (int i = 0; i < nv && !rc; i++)
        for (int c = 0; c < t->C && !rc; c++) {
            int k = cell_at(t, &v[i], c);
            if (k < 0) continue;
            tcell *tc = &t->cells[k];
            if (tc->c != c || (i > 0 && cell_at(t, &v[i - 1], c) == k)) continue;
            int j = i;
            while (j + 1 < nv && cell_at(t, &v[j + 1], c) == k) j++;
            float top = v[i].y, bot = v[j].y + v[j].h;
            float x = x0;
            for (int cc = 0; cc < c; cc++) x += t->colw[cc];
            bool whole =
                v[i].r == tc->r && v[j].r == tc->r + tc->rs - 1 && !v[i].partial && !v[j].partial;
            if (pw_cell_failed(L, tc->node)) {
                pw_item bg = {
                    .kind = PW_IT_RECT, .x = x, .y = top, .w = cell_width(t, tc), .h = bot - top};
                rc = pw_box_add(L->arena, b, &bg);
                if (rc) break;
            }
            float room = bot - top - 2 * t->pady;
            float ch = tc->content.h;
            if (whole || (ch <= room + 0.01f && (tc->rs > 1 || !tc->done) && tc->drawn == 0)) {
                /* Fits: centred vertically (a spanning label is repeated on
                 * every page it reaches, as printed reports do). */
                float y = top + t->pady + (room - ch) / 2;
                rc = pw_box_append(L->arena, b, &tc->content, x + t->padx, y, 0, 0);
                tc->done = true;
            } else if (!tc->done) {
                float next = slice_items(L, b, &tc->content, x + t->padx, top + t->pady, tc->drawn,
                                         room, &rc);
                if (next <= tc->drawn + 0.01f) next = tc->drawn + room; /* progress */
                tc->drawn = next;
                if (tc->drawn >= ch - 0.01f) tc->done = true;
            }
        }
    return rc;
}

static int flush(tlayout *t, pw_flow *f, vrow *v, int nv)
{
    if (nv == 0) return GD_OK;
    pw_box *b = pw_flow_target(f);
    int rc = draw_cells(t, b, f->x0, v, nv);
    if (!rc) rc = draw_borders(t, b, f->x0, v, nv);
    return rc;
}

/* Height still needed by the one-row cells of row r after slices. */
static float rest_of_row(const tlayout *t, int r)
{
    float need = t->minrow;
    for (int k = 0; k < t->ncells; k++) {
        const tcell *tc = &t->cells[k];
        if (tc->r != r || tc->rs != 1) continue;
        float left = tc->done ? 0 : tc->content.h - tc->drawn + 2 * t->pady;
        if (left > need) need = left;
    }
    return need;
}

/* End (exclusive) of the rows bound to row r by cells that start at r or
 * later and span down; cells that began above r do not count. rowext[k] is
 * the end of the longest cell starting in row k. */
static int group_end(const tlayout *t, int r)
{
    int end = t->rowext[r];
    for (int k = r + 1; k < end && k < t->R; k++)
        if (t->rowext[k] > end) end = t->rowext[k];
    return end;
}

int pw_table_flow(pw_flow *f, const gd_node *table, int depth)
{
    pw_lay *L = f->L;
    tlayout t;
    int rc = build(&t, L, table, depth, false);
    if (!rc && t.R > 0 && t.C > 0) rc = column_widths(&t, f->width);
    if (!rc && t.R > 0 && t.C > 0) rc = row_heights(&t, depth);
    vrow *v = NULL;
    if (!rc && t.R > 0 && t.C > 0) {
        v = malloc(((size_t)t.R * 2 + (size_t)t.nheader + 4) * sizeof *v);
        if (!v) rc = GD_ENOMEM;
    }
    float header_h = 0;
    for (int r = 0; r < t.nheader; r++) header_h += t.rowh[r];
    float body = f->bottom - f->top;
    bool repeat = t.nheader > 0 && header_h < body / 3;
    int nv = 0;
    if (v && f->paged) {
        /* Do not start with the header and fewer than two body rows at
         * the foot of a page (keep with next); a heading just above moves
         * along (pw_flow_new_page). */
        int first_body = t.nheader < t.R ? t.nheader : 0;
        float need = header_h + t.rowh[first_body];
        if (first_body + 1 < t.R && first_body >= t.nheader) need += t.rowh[first_body + 1];
        if (need > body) need = header_h + t.rowh[first_body];
        if (need > body) need = header_h + t.minrow;
        if (f->y + need > f->bottom && f->y > f->top + 0.01f) rc = pw_flow_new_page(f);
    }
    for (int r = 0; v && !rc && r < t.R; r++) {
        float h = t.rowh[r], off = 0;
        bool split = false;
        /* A small group of rows joined by a spanning cell starting here
         * moves to the next page whole rather than being cut. */
        int g = group_end(&t, r);
        if (f->paged && g > r + 1 && r >= t.nheader) {
            float gh = 0;
            for (int k = r; k < g; k++) gh += t.rowh[k];
            if (gh <= body / 3 && f->y + gh > f->bottom + 0.01f && nv > 0) {
                rc = flush(&t, f, v, nv);
                nv = 0;
                if (!rc) rc = pw_flow_new_page(f);
                if (!rc && repeat)
                    for (int hr = 0; hr < t.nheader; hr++) {
                        v[nv++] = (vrow){hr, f->y, t.rowh[hr], false};
                        f->y += t.rowh[hr];
                    }
                if (rc) break;
            }
        }
        while (!rc) {
            /* After a slice, what is left is what the cells still have to
             * draw (slices end at line boundaries, not at the page foot). */
            float left = split ? rest_of_row(&t, r) : h - off;
            float room = f->paged ? f->bottom - f->y : left + 1;
            if (left <= room + 0.01f) {
                v[nv++] = (vrow){r, f->y, left, split};
                f->y += left;
                break;
            }
            /* Does not fit: slice it only if it cannot fit on a page of its
             * own; otherwise move it to the next page. */
            float fresh = body - (repeat && r >= t.nheader ? header_h : 0);
            if ((h > fresh && room >= t.minrow) || (nv == 0 && f->y <= f->top + 0.01f)) {
                v[nv++] = (vrow){r, f->y, room, true};
                f->y += room;
                off += room;
                split = true;
            }
            rc = flush(&t, f, v, nv);
            nv = 0;
            if (!rc) rc = pw_flow_new_page(f);
            if (!rc && repeat && r >= t.nheader)
                for (int hr = 0; hr < t.nheader; hr++) {
                    v[nv++] = (vrow){hr, f->y, t.rowh[hr], false};
                    f->y += t.rowh[hr];
                }
        }
    }
    if (!rc && v) rc = flush(&t, f, v, nv);
    if (!rc && !f->cellst) f->y += L->o.size * L->o.line_height * 0.25f;
    free(v);
    tl_free(&t);
    return rc;
}
