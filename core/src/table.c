/* Table spans: one placement algorithm, used both to normalise a table
 * (clamp spans, shrink overlaps, fill short rows — pandoc's clipRows and
 * placeRowSection) and to build the dense grid writers draw from. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct grid_slot {
    const gd_node *cell;
    unsigned char origin;
} grid_slot;

struct gd_table_grid {
    int rows, cols;
    grid_slot *slots;
};

typedef struct placement {
    int rows, cols;
    int *rem; /* per column: rows still covered by a rowspan from above */
    size_t remcap;
    grid_slot *slots; /* rows * cols, when filling */
} placement;

static int rem_reserve(placement *p, size_t n)
{
    if (n <= p->remcap) return GD_OK;
    size_t cap = p->remcap ? p->remcap : 16;
    while (cap < n) cap *= 2;
    int *r = gd_mem_realloc(p->rem, cap * sizeof *r);
    if (!r) return GD_ENOMEM;
    memset(r + p->remcap, 0, (cap - p->remcap) * sizeof *r);
    p->rem = r;
    p->remcap = cap;
    return GD_OK;
}

/* Places every cell. With `fix`, clamped spans are written back. With
 * p->slots, the grid is filled. Returns the width in p->cols. */
static int place_all(placement *p, gd_node *table, bool fix)
{
    int r = 0, width = 0;
    if (p->rem) memset(p->rem, 0, p->remcap * sizeof *p->rem);
    for (gd_node *row = table->first; row; row = row->next, r++) {
        int col = 0;
        for (gd_node *cell = row->first; cell; cell = cell->next) {
            if (cell->type != GD_NODE_CELL) continue;
            while ((size_t)col < p->remcap && p->rem[col] > 0) col++;
            int cs = cell->b < 1 ? 1 : cell->b > GD_MAX_SPAN ? GD_MAX_SPAN : cell->b;
            for (int k = col; k < col + cs; k++) {
                if ((size_t)k < p->remcap && p->rem[k] > 0) {
                    cs = k - col;
                    break;
                }
            }
            int rs = cell->a < 1 ? 1 : cell->a;
            if (rs > p->rows - r) rs = p->rows - r;
            if (fix) {
                cell->a = rs;
                cell->b = cs;
            }
            if ((size_t)col + (size_t)cs > (size_t)GD_MAX_GRID_SLOTS) return GD_ELIMIT;
            if (rem_reserve(p, (size_t)col + (size_t)cs)) return GD_ENOMEM;
            for (int k = col; k < col + cs; k++) p->rem[k] = rs;
            if (p->slots) {
                for (int y = r; y < r + rs; y++)
                    for (int x = col; x < col + cs && x < p->cols; x++) {
                        grid_slot *s = &p->slots[(size_t)y * (size_t)p->cols + (size_t)x];
                        s->cell = cell;
                        s->origin = (y == r && x == col);
                    }
            }
            col += cs;
            if (col > width) width = col;
        }
        for (size_t k = 0; k < p->remcap; k++) {
            if (p->rem[k] > 0) {
                if ((int)k + 1 > width) width = (int)k + 1;
                p->rem[k]--;
            }
        }
        if ((size_t)width * (size_t)(p->rows ? p->rows : 1) > GD_MAX_GRID_SLOTS) return GD_ELIMIT;
    }
    p->cols = width;
    return GD_OK;
}

static int layout(placement *p, gd_node *table, bool fix)
{
    memset(p, 0, sizeof *p);
    for (gd_node *row = table->first; row; row = row->next) p->rows++;
    int rc = place_all(p, table, fix);
    if (rc) return rc;
    if (!p->rows || !p->cols) return GD_OK;
    /* charged to the conversion's budget, like everything sized by the input */
    size_t nslots = (size_t)p->rows * (size_t)p->cols;
    p->slots = gd_mem_alloc(nslots * sizeof *p->slots);
    if (!p->slots) return GD_ENOMEM;
    memset(p->slots, 0, nslots * sizeof *p->slots);
    int cols = p->cols;
    rc = place_all(p, table, false);
    p->cols = cols;
    return rc;
}

int gd_table_normalize(gd_node *table)
{
    if (!table || table->type != GD_NODE_TABLE) return GD_EUSER;
    placement p;
    int rc = layout(&p, table, true);
    if (rc == GD_OK && p.slots) {
        /* Fill each row's free slots with empty cells, so every grid slot
         * has a cell and writers can draw every border. */
        int r = 0;
        for (gd_node *row = table->first; row && rc == GD_OK; row = row->next, r++) {
            int free_slots = 0;
            for (int c = 0; c < p.cols; c++)
                if (!p.slots[(size_t)r * (size_t)p.cols + (size_t)c].cell) free_slots++;
            while (free_slots-- > 0) {
                gd_node *cell = gd__node_alloc(table->doc, GD_NODE_CELL);
                if (!cell) {
                    rc = table->doc->node_count >= table->doc->node_limit ? GD_ELIMIT : GD_ENOMEM;
                    break;
                }
                cell->header = row->header;
                gd__node_append(row, cell);
            }
        }
    }
    gd_free(p.rem);
    gd_free(p.slots);
    return rc;
}

int gd_table_grid_build(gd_table_grid **out, const gd_node *table)
{
    *out = NULL;
    if (!table || table->type != GD_NODE_TABLE) return GD_EUSER;
    gd_table_grid *g = calloc(1, sizeof *g);
    if (!g) return GD_ENOMEM;
    placement p;
    int rc = layout(&p, (gd_node *)table, false); /* fix=false: nothing is written */
    gd_free(p.rem);
    if (rc) {
        gd_free(p.slots);
        free(g);
        return rc;
    }
    g->rows = p.rows;
    g->cols = p.cols;
    g->slots = p.slots;
    *out = g;
    return GD_OK;
}

int gd_table_grid_rows(const gd_table_grid *g)
{
    return g ? g->rows : 0;
}

int gd_table_grid_cols(const gd_table_grid *g)
{
    return g ? g->cols : 0;
}

const gd_node *gd_table_grid_cell(const gd_table_grid *g, int r, int c, int *is_origin)
{
    if (is_origin) *is_origin = 0;
    if (!g || r < 0 || c < 0 || r >= g->rows || c >= g->cols) return NULL;
    const grid_slot *s = &g->slots[(size_t)r * (size_t)g->cols + (size_t)c];
    if (is_origin) *is_origin = s->origin;
    return s->cell;
}

void gd_table_grid_free(gd_table_grid *g)
{
    if (!g) return;
    gd_free(g->slots);
    free(g);
}
