/* Flattened tables: text extractors such as Apache Tika print a Word table
 * as one TAB-prefixed line per cell, a blank line after each row, an empty
 * TAB line for each vertically merged continuation cell, extra paragraphs
 * of a cell on untabbed lines, and a horizontally merged cell only once
 * (TEMPLATE.md §5). The colspans are therefore lost and must be inferred.
 *
 * Each row's entries must tile the grid width W (the longest row). Rows are
 * laid out one at a time, the most certain first, by a small dynamic
 * programme over column boundaries that rewards, in decreasing weight:
 *  - an empty entry that sits exactly under a cell of the row above (it is
 *    that cell's vertical continuation), and a cell that sits exactly over
 *    such an empty entry of the row below;
 *  - a label repeated from a row already laid out, at the same columns;
 *  - boundaries shared with the rows directly above and below;
 *  - a number in a column of its own;
 * and prefers even spans, then the leftmost choice. Rows with W entries, or
 * one, need no choice and anchor the rest. */
#include "txt.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WIDTH 64
#define W_CONT    1000.0 /* continuation alignment */
#define W_LABEL   500.0  /* repeated label */
#define W_ADJ     100.0  /* boundary shared with a neighbouring row */
#define W_DATA    50.0   /* number in one column */
#define W_FREQ    1.0    /* boundary common in the table */
#define W_EVEN    0.01   /* per squared span */

typedef struct layout {
    tr_row *rows;
    int m, w;
    int data_start; /* first column of the data area (numbers on the right) */
    int header_end; /* rows before this one hold no numbers */
    bool *done;
    int *freq; /* per boundary: rows laid out with a boundary there */
} layout;

static bool eligible(const layout *L, int r, int col, int span)
{
    /* An empty entry may continue the cell above in the header block or
     * left of the data area; elsewhere it is a blank value. */
    return r < L->header_end || col + span <= L->data_start;
}

static bool has_boundary(const tr_row *row, int b)
{
    for (int j = 0; j < row->n; j++)
        if (row->e[j].col + row->e[j].span == b) return true;
    return false;
}

static const tr_entry *at_interval(const tr_row *row, int col, int span)
{
    for (int j = 0; j < row->n; j++)
        if (row->e[j].col == col && row->e[j].span == span) return &row->e[j];
    return NULL;
}

/* Does a laid-out row elsewhere hold the same label at these columns? */
static bool label_repeats(const layout *L, int r, const tr_entry *e, int col, int span)
{
    if (e->empty || e->data || !e->len) return false;
    for (int k = 0; k < L->m; k++) {
        if (k == r || !L->done[k]) continue;
        const tr_entry *o = at_interval(&L->rows[k], col, span);
        if (o && o->len == e->len && memcmp(o->text, e->text, e->len) == 0) return true;
    }
    return false;
}

static double place_score(const layout *L, int r, int j, int col, int span)
{
    const tr_entry *e = &L->rows[r].e[j];
    double s = -W_EVEN * span * span;
    if (e->data && span == 1) s += W_DATA;
    int b = col + span;
    if (b < L->w) {
        if (r > 0 && L->done[r - 1] && has_boundary(&L->rows[r - 1], b)) s += W_ADJ;
        if (r + 1 < L->m && L->done[r + 1] && has_boundary(&L->rows[r + 1], b)) s += W_ADJ;
        s += W_FREQ * L->freq[b];
    }
    if (e->empty && r > 0 && L->done[r - 1] && eligible(L, r, col, span)) {
        const tr_entry *up = at_interval(&L->rows[r - 1], col, span);
        if (up && (up->empty || !up->data)) s += W_CONT;
    }
    if (r + 1 < L->m && L->done[r + 1]) {
        const tr_entry *down = at_interval(&L->rows[r + 1], col, span);
        if (down && down->empty && eligible(L, r + 1, col, span) && !e->data) s += W_CONT;
    }
    if (label_repeats(L, r, e, col, span)) s += W_LABEL;
    return s;
}

/* Best and second-best layouts of one row (top-2 dynamic programme).
 * Fills spans of the best into `spans`; returns best - second (a margin;
 * large when the choice is forced). */
typedef struct cand {
    double score;
    int prev_col, prev_rank;
    bool ok;
} cand;

static double solve_row(const layout *L, int r, int *spans)
{
    const tr_row *row = &L->rows[r];
    int n = row->n, w = L->w;
    /* dp[j][c][k]: k-th best way to place entries 0..j-1 ending at column c */
    size_t cells = (size_t)(n + 1) * (size_t)(w + 1) * 2;
    cand *dp = calloc(cells, sizeof *dp);
    if (!dp) return -1;
#define DP(j, c, k) dp[((size_t)(j) * (size_t)(w + 1) + (size_t)(c)) * 2 + (size_t)(k)]
    DP(0, 0, 0) = (cand){0, -1, -1, true};
    for (int j = 0; j < n; j++) {
        for (int c = j; c <= w - (n - j); c++) {
            for (int k = 0; k < 2; k++) {
                cand from = DP(j, c, k);
                if (!from.ok) continue;
                int max_span = w - c - (n - j - 1);
                for (int s = 1; s <= max_span; s++) {
                    double v = from.score + place_score(L, r, j, c, s);
                    cand *b1 = &DP(j + 1, c + s, 0), *b2 = &DP(j + 1, c + s, 1);
                    cand nc = {v, c, k, true};
                    if (!b1->ok || v > b1->score) {
                        *b2 = *b1;
                        *b1 = nc;
                    } else if (!b2->ok || v > b2->score) {
                        *b2 = nc;
                    }
                }
            }
        }
    }
    cand best = DP(n, w, 0), second = DP(n, w, 1);
    double margin = second.ok ? best.score - second.score : 1e9;
    int c = w, k = 0;
    for (int j = n; j > 0; j--) {
        cand cur = DP(j, c, k);
        spans[j - 1] = c - cur.prev_col;
        c = cur.prev_col;
        k = cur.prev_rank;
    }
#undef DP
    free(dp);
    return margin;
}

static void commit_row(layout *L, int r, const int *spans)
{
    tr_row *row = &L->rows[r];
    int col = 0;
    for (int j = 0; j < row->n; j++) {
        row->e[j].col = col;
        row->e[j].span = spans ? spans[j] : 1;
        col += row->e[j].span;
        if (col < L->w) L->freq[col]++;
    }
    L->done[r] = true;
}

static void mark_continuations(layout *L)
{
    /* origin[r][j] is found through the row above, top-down. */
    for (int r = 1; r < L->m; r++) {
        tr_row *row = &L->rows[r];
        for (int j = 0; j < row->n; j++) {
            tr_entry *e = &row->e[j];
            if (!e->empty || !eligible(L, r, e->col, e->span)) continue;
            tr_row *up = &L->rows[r - 1];
            for (int k = 0; k < up->n; k++) {
                tr_entry *u = &up->e[k];
                if (u->col != e->col || u->span != e->span) continue;
                if (u->covered || (!u->empty && !u->data)) {
                    e->covered = true;
                    /* the origin is the nearest uncovered entry above */
                    for (int rr = r - 1; rr >= 0; rr--) {
                        tr_entry *o = (tr_entry *)at_interval(&L->rows[rr], e->col, e->span);
                        if (o && !o->covered) {
                            o->rowspan++;
                            break;
                        }
                    }
                }
                break;
            }
        }
    }
}

int tr_layout(tr_row *rows, int m)
{
    layout L = {rows, m, 0, 0, m, NULL, NULL};
    for (int r = 0; r < m; r++) {
        if (rows[r].n > L.w) L.w = rows[r].n;
        for (int j = 0; j < rows[r].n; j++) {
            rows[r].e[j].rowspan = 1;
            rows[r].e[j].covered = false;
        }
    }
    if (L.w > MAX_WIDTH) {
        for (int r = 0; r < m; r++)
            for (int j = 0; j < rows[r].n; j++) {
                rows[r].e[j].col = j;
                rows[r].e[j].span = 1;
            }
        return -1;
    }
    int trailing = 0;
    for (int r = 0; r < m; r++) {
        int t = 0;
        while (t < rows[r].n && rows[r].e[rows[r].n - 1 - t].data) t++;
        if (t > trailing) trailing = t;
        for (int j = 0; j < rows[r].n && L.header_end == m; j++)
            if (rows[r].e[j].data) L.header_end = r;
    }
    L.data_start = L.w - trailing;
    L.done = calloc((size_t)m + 1, sizeof *L.done);
    L.freq = calloc((size_t)L.w + 1, sizeof *L.freq);
    int *spans = calloc((size_t)L.w + 1, sizeof *spans);
    int *best_spans = calloc((size_t)L.w + 1, sizeof *best_spans);
    if (!L.done || !L.freq || !spans || !best_spans) {
        free(L.done), free(L.freq), free(spans), free(best_spans);
        return -2;
    }
    int left = 0;
    for (int r = 0; r < m; r++) {
        int one = L.w;
        if (rows[r].n == 0)
            L.done[r] = true;
        else if (rows[r].n == 1)
            commit_row(&L, r, &one);
        else if (rows[r].n == L.w)
            commit_row(&L, r, NULL);
        else
            left++;
    }
    /* Most certain row first; on big tables, top-down to bound the work. */
    bool greedy = (double)left * L.w * L.w * L.w > 4e7;
    while (left > 0) {
        int pick = -1;
        double pick_margin = -1e18;
        for (int r = 0; r < m; r++) {
            if (L.done[r]) continue;
            double margin = solve_row(&L, r, spans);
            if (margin > pick_margin) {
                pick_margin = margin;
                pick = r;
                memcpy(best_spans, spans, (size_t)rows[r].n * sizeof *spans);
            }
            if (greedy) break;
        }
        commit_row(&L, pick, best_spans);
        left--;
    }
    mark_continuations(&L);
    free(L.done);
    free(L.freq);
    free(spans);
    free(best_spans);
    return L.w;
}

/* ---- parsing the flattened lines and emitting the IR table ---- */

typedef struct entry_src {
    size_t first; /* line index of the TAB line */
    size_t count; /* 1 + continuation lines */
} entry_src;

/* A number (with thousands separators, decimals, sign, %, a short unit) or
 * a not-applicable mark: the content of a data cell. */
static bool is_data(const char *s, size_t len)
{
    txt_trim(&s, &len);
    if (!len) return false;
    static const char *const marks[] = {"/", "-", "—", "——", "－", "／", "--", "N/A", "n/a"};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++)
        if (strlen(marks[i]) == len && memcmp(marks[i], s, len) == 0) return true;
    size_t i = 0, digits = 0;
    if (s[i] == '-' || s[i] == '+') i++;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == ',' || s[i] == '.')) {
        digits += s[i] >= '0' && s[i] <= '9';
        i++;
    }
    if (!digits) return false;
    if (i < len && s[i] == '%') i++;
    /* up to two CJK characters of unit (元, 万元, 件, 个, 次) */
    size_t units = 0;
    while (i < len && units < 3) {
        int32_t cp = txt_next_cp(s, len, &i);
        if (!txt_is_cjk(cp)) return false;
        units++;
    }
    return i == len && units <= 2;
}

static int emit_cell(gd_builder *b, const txt_lines *lines, const entry_src *src, const tr_entry *e,
                     bool header)
{
    gd_node *cell;
    gd_builder_set_line(b, lines->v[src->first].no);
    int rc = gd_builder_open(b, GD_NODE_CELL, &cell);
    if (rc) return rc;
    gd_node_set_span(cell, e->rowspan, e->span);
    if (header) gd_node_set_header(cell, 1);
    for (size_t k = 0; k < src->count && rc == GD_OK; k++) {
        const txt_line *l = &lines->v[src->first + k];
        const char *s = l->s;
        size_t len = l->len;
        txt_trim(&s, &len);
        if (!len) continue;
        gd_builder_set_line(b, l->no);
        rc = gd_builder_open(b, GD_NODE_PARAGRAPH, NULL);
        if (!rc) rc = gd_builder_text(b, s, len, 0);
        if (!rc) rc = gd_builder_close(b, GD_NODE_PARAGRAPH);
    }
    return rc ? rc : gd_builder_close(b, GD_NODE_CELL);
}

int txt_table_emit(gd_builder *b, const txt_lines *lines, size_t *pi)
{
    size_t i = *pi, n = lines->n;
    /* Pass 1: rows of entries. */
    size_t cap_rows = 16, nrows = 0, nentries = 0, cap_entries = 64;
    size_t *row_start = malloc(cap_rows * sizeof *row_start);
    entry_src *src = malloc(cap_entries * sizeof *src);
    int rc = row_start && src ? GD_OK : GD_ENOMEM;
    while (rc == GD_OK && i < n && lines->v[i].tab) {
        if (nrows + 1 >= cap_rows) {
            size_t *nr = realloc(row_start, (cap_rows *= 2) * sizeof *nr);
            if (!nr) {
                rc = GD_ENOMEM;
                break;
            }
            row_start = nr;
        }
        row_start[nrows++] = nentries;
        while (i < n &&
               (lines->v[i].tab || (!lines->v[i].blank && nentries > row_start[nrows - 1]))) {
            if (lines->v[i].tab) {
                if (nentries == cap_entries) {
                    entry_src *ns = realloc(src, (cap_entries *= 2) * sizeof *ns);
                    if (!ns) {
                        rc = GD_ENOMEM;
                        break;
                    }
                    src = ns;
                }
                src[nentries++] = (entry_src){i, 1};
            } else {
                src[nentries - 1].count++; /* another paragraph of the cell */
            }
            i++;
        }
        /* one blank line between rows; anything else ends the table */
        if (i + 1 < n && lines->v[i].blank && !lines->v[i].tab && lines->v[i + 1].tab)
            i++;
        else
            break;
    }
    if (rc == GD_OK) row_start[nrows] = nentries;

    /* Pass 2: layout. */
    tr_row *rows = rc == GD_OK ? calloc(nrows + 1, sizeof *rows) : NULL;
    tr_entry *ents = rc == GD_OK ? calloc(nentries + 1, sizeof *ents) : NULL;
    if (rc == GD_OK && (!rows || !ents)) rc = GD_ENOMEM;
    if (rc == GD_OK) {
        for (size_t r = 0; r < nrows; r++) {
            rows[r].e = ents + row_start[r];
            rows[r].n = (int)(row_start[r + 1] - row_start[r]);
        }
        for (size_t k = 0; k < nentries; k++) {
            const txt_line *l = &lines->v[src[k].first];
            const char *s = l->s;
            size_t len = l->len;
            txt_trim(&s, &len);
            ents[k].empty = len == 0 && src[k].count == 1;
            ents[k].data = len && src[k].count == 1 && is_data(s, len);
            ents[k].text = s;
            ents[k].len = len;
        }
        if (tr_layout(rows, (int)nrows) == -2) rc = GD_ENOMEM;
    }

    /* Pass 3: the IR table; rows before the first number are header rows. */
    if (rc == GD_OK) {
        size_t header_end = nrows;
        for (size_t r = 0; r < nrows && header_end == nrows; r++)
            for (int j = 0; j < rows[r].n; j++)
                if (rows[r].e[j].data) header_end = r;
        if (header_end == nrows) header_end = 0;
        gd_builder_set_line(b, lines->v[*pi].no);
        rc = gd_builder_open(b, GD_NODE_TABLE, NULL);
        for (size_t r = 0; r < nrows && rc == GD_OK; r++) {
            gd_node *row;
            rc = gd_builder_open(b, GD_NODE_ROW, &row);
            if (rc) break;
            if (r < header_end) gd_node_set_header(row, 1);
            for (int j = 0; j < rows[r].n && rc == GD_OK; j++) {
                if (rows[r].e[j].covered) continue;
                rc = emit_cell(b, lines, &src[row_start[r] + (size_t)j], &rows[r].e[j],
                               r < header_end);
            }
            if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_ROW);
        }
        if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_TABLE);
    }
    free(rows);
    free(ents);
    free(row_start);
    free(src);
    *pi = i;
    return rc;
}
