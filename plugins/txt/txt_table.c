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

/* Work (dynamic-programme steps) a table may take: a fixed allowance plus
 * a constant per byte of the table, so the layout is linear in the input
 * whatever its shape. Past it the rows keep one column per entry. */
#define WORK_BASE     100000000.0
#define WORK_PER_BYTE 500.0
/* Below this much work, every pick re-solves every row (the most certain
 * row first, exactly); above it, solutions are cached and only the rows
 * next to a committed one are re-solved (a heap orders them). */
#define EXACT_WORK 40000000.0

/* What a committed row offers the rows around it, in O(1): which columns
 * it has a boundary at, and which entry starts at each column. */
typedef struct row_index {
    unsigned char *boundary; /* [w + 1] */
    int *start;              /* [w + 1]: entry starting at the column, or -1 */
} row_index;

/* Labels of committed rows, by (column, span, text): "is this label
 * repeated at these columns elsewhere" in O(1). */
typedef struct label_slot {
    const tr_entry *e;
    int col, span;
} label_slot;

typedef struct cand {
    double score;
    int prev_col, prev_rank;
    bool ok;
} cand;

typedef struct layout {
    tr_row *rows;
    int m, w;
    int data_start; /* first column of the data area (numbers on the right) */
    int header_end; /* rows before this one hold no numbers */
    bool *done;
    int *freq; /* per boundary: rows laid out with a boundary there */
    row_index *idx;
    label_slot *labels;
    size_t nlabels, label_cap; /* label_cap: a power of two */
    cand *dp;                  /* scratch of the dynamic programme */
} layout;

static bool eligible(const layout *L, int r, int col, int span)
{
    /* An empty entry may continue the cell above in the header block or
     * left of the data area; elsewhere it is a blank value. */
    return r < L->header_end || col + span <= L->data_start;
}

static bool has_boundary(const layout *L, int r, int b)
{
    return L->idx[r].boundary && L->idx[r].boundary[b];
}

static const tr_entry *at_interval(const layout *L, int r, int col, int span)
{
    if (!L->idx[r].start) return NULL;
    int j = L->idx[r].start[col];
    if (j < 0 || L->rows[r].e[j].span != span) return NULL;
    return &L->rows[r].e[j];
}

static size_t label_hash(int col, int span, const char *s, size_t len)
{
    size_t h = 1469598103934665603u ^ (size_t)col * 31u ^ (size_t)span * 131071u;
    for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static bool is_label(const tr_entry *e)
{
    return !e->empty && !e->data && e->len;
}

static void label_add(layout *L, const tr_entry *e)
{
    if (!L->labels || !is_label(e)) return;
    size_t mask = L->label_cap - 1;
    for (size_t i = label_hash(e->col, e->span, e->text, e->len) & mask;; i = (i + 1) & mask) {
        label_slot *s = &L->labels[i];
        if (!s->e) {
            *s = (label_slot){e, e->col, e->span};
            L->nlabels++;
            return;
        }
        if (s->col == e->col && s->span == e->span && s->e->len == e->len &&
            memcmp(s->e->text, e->text, e->len) == 0)
            return; /* already known */
    }
}

/* Does a laid-out row elsewhere hold the same label at these columns? */
static bool label_repeats(const layout *L, const tr_entry *e, int col, int span)
{
    if (!L->labels || !is_label(e)) return false;
    size_t mask = L->label_cap - 1;
    for (size_t i = label_hash(col, span, e->text, e->len) & mask;; i = (i + 1) & mask) {
        const label_slot *s = &L->labels[i];
        if (!s->e) return false;
        if (s->col == col && s->span == span && s->e->len == e->len &&
            memcmp(s->e->text, e->text, e->len) == 0)
            return true;
    }
}

static double place_score(const layout *L, int r, int j, int col, int span)
{
    const tr_entry *e = &L->rows[r].e[j];
    double s = -W_EVEN * span * span;
    if ((e->data || (e->empty && !eligible(L, r, col, span))) && span == 1) s += W_DATA;
    int b = col + span;
    if (b < L->w) {
        if (r > 0 && L->done[r - 1] && has_boundary(L, r - 1, b)) s += W_ADJ;
        if (r + 1 < L->m && L->done[r + 1] && has_boundary(L, r + 1, b)) s += W_ADJ;
        s += W_FREQ * L->freq[b];
    }
    if (e->empty && r > 0 && L->done[r - 1] && eligible(L, r, col, span)) {
        const tr_entry *up = at_interval(L, r - 1, col, span);
        if (up && (up->empty || !up->data)) s += W_CONT;
    }
    if (r + 1 < L->m && L->done[r + 1]) {
        const tr_entry *down = at_interval(L, r + 1, col, span);
        if (down && down->empty && eligible(L, r + 1, col, span) && !e->data) s += W_CONT;
    }
    if (label_repeats(L, e, col, span)) s += W_LABEL;
    return s;
}

/* Steps of solve_row for a row of n entries. */
static double row_work(int n, int w)
{
    return n > 1 && n < w ? 2.0 * n * (double)(w - n + 1) * (double)(w - n + 1) : 0;
}

/* Best and second-best layouts of one row (top-2 dynamic programme).
 * Fills spans of the best into `spans`; returns best - second (a margin;
 * large when the choice is forced). */
static double solve_row(const layout *L, int r, int *spans)
{
    const tr_row *row = &L->rows[r];
    int n = row->n, w = L->w;
    /* dp[j][c][k]: k-th best way to place entries 0..j-1 ending at column c */
    cand *dp = L->dp;
    memset(dp, 0, (size_t)(n + 1) * (size_t)(w + 1) * 2 * sizeof *dp);
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
    return margin;
}

static void commit_row(layout *L, int r, const int *spans)
{
    tr_row *row = &L->rows[r];
    row_index *x = &L->idx[r];
    int col = 0;
    for (int j = 0; j < row->n; j++) {
        row->e[j].col = col;
        row->e[j].span = spans ? spans[j] : 1;
        if (x->start) x->start[col] = j;
        col += row->e[j].span;
        if (x->boundary) x->boundary[col] = 1;
        if (col < L->w) L->freq[col]++;
        label_add(L, &row->e[j]);
    }
    L->done[r] = true;
}

static void mark_continuations(layout *L)
{
    /* Top-down: an entry's origin is found through the row above (its
     * entry, or that entry's origin), so each entry costs O(1). */
    for (int r = 1; r < L->m; r++) {
        tr_row *row = &L->rows[r];
        for (int j = 0; j < row->n; j++) {
            tr_entry *e = &row->e[j];
            if (!e->empty || !eligible(L, r, e->col, e->span)) continue;
            tr_entry *u = (tr_entry *)at_interval(L, r - 1, e->col, e->span);
            if (!u || !(u->covered || (!u->empty && !u->data))) continue;
            e->covered = true;
            tr_entry *o = u->covered ? u->origin : u;
            e->origin = o;
            if (o) o->rowspan++;
        }
    }
}

/* ---- choosing the order rows are laid out in ---- */

typedef struct heap_item {
    double margin;
    int row;
    unsigned version;
} heap_item;

typedef struct heap {
    heap_item *v;
    size_t n, cap;
} heap;

static bool heap_before(const heap_item *a, const heap_item *b)
{
    /* larger margin first; on a tie the upper row, as the exact order */
    return a->margin > b->margin || (a->margin == b->margin && a->row < b->row);
}

static int heap_push(heap *h, heap_item it)
{
    if (h->n == h->cap) {
        size_t cap = h->cap ? h->cap * 2 : 64;
        heap_item *v = gd_mem_realloc(h->v, cap * sizeof *v);
        if (!v) return -1;
        h->v = v;
        h->cap = cap;
    }
    size_t i = h->n++;
    h->v[i] = it;
    while (i > 0 && heap_before(&h->v[i], &h->v[(i - 1) / 2])) {
        heap_item t = h->v[i];
        h->v[i] = h->v[(i - 1) / 2];
        h->v[(i - 1) / 2] = t;
        i = (i - 1) / 2;
    }
    return 0;
}

static heap_item heap_pop(heap *h)
{
    heap_item top = h->v[0];
    h->v[0] = h->v[--h->n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < h->n && heap_before(&h->v[l], &h->v[m])) m = l;
        if (r < h->n && heap_before(&h->v[r], &h->v[m])) m = r;
        if (m == i) break;
        heap_item t = h->v[i];
        h->v[i] = h->v[m];
        h->v[m] = t;
        i = m;
    }
    return top;
}

/* Exact order: each pick solves every row left and takes the most
 * certain. Quadratic in rows, so only for small tables. */
static void order_exact(layout *L, int left, int *spans, int *best_spans)
{
    while (left > 0) {
        int pick = -1;
        double pick_margin = -1e18;
        for (int r = 0; r < L->m; r++) {
            if (L->done[r]) continue;
            double margin = solve_row(L, r, spans);
            if (margin > pick_margin) {
                pick_margin = margin;
                pick = r;
                memcpy(best_spans, spans, (size_t)L->rows[r].n * sizeof *spans);
            }
        }
        commit_row(L, pick, best_spans);
        left--;
    }
}

/* Cached order: margins are kept in a heap; committing a row re-solves
 * only its neighbours (the rows whose scores its boundaries and entries
 * change most), and the row picked is re-solved before it is committed.
 * Every row is solved a bounded number of times: linear work. */
static int order_cached(layout *L, int *spans)
{
    heap h = {0};
    unsigned *version = gd_mem_alloc(((size_t)L->m + 1) * sizeof *version);
    int rc = version ? 0 : -1;
    if (version) memset(version, 0, ((size_t)L->m + 1) * sizeof *version);
    for (int r = 0; r < L->m && !rc; r++)
        if (!L->done[r]) rc = heap_push(&h, (heap_item){solve_row(L, r, spans), r, 0});
    while (!rc && h.n) {
        heap_item it = heap_pop(&h);
        if (L->done[it.row] || it.version != version[it.row]) continue;
        solve_row(L, it.row, spans);
        commit_row(L, it.row, spans);
        for (int d = -1; d <= 1 && !rc; d += 2) {
            int nb = it.row + d;
            if (nb < 0 || nb >= L->m || L->done[nb]) continue;
            version[nb]++;
            rc = heap_push(&h, (heap_item){solve_row(L, nb, spans), nb, version[nb]});
        }
    }
    gd_free(version);
    gd_free(h.v);
    return rc;
}

static void free_layout(layout *L)
{
    if (L->idx)
        for (int r = 0; r < L->m; r++) {
            gd_free(L->idx[r].boundary);
            gd_free(L->idx[r].start);
        }
    gd_free(L->idx);
    gd_free(L->labels);
    gd_free(L->done);
    gd_free(L->freq);
    gd_free(L->dp);
}

static void *zalloc(size_t n)
{
    void *p = gd_mem_alloc(n ? n : 1);
    if (p) memset(p, 0, n ? n : 1);
    return p;
}

int tr_layout(tr_row *rows, int m, size_t bytes)
{
    layout L = {rows, m, 0, 0, m, NULL, NULL, NULL, NULL, 0, 0, NULL};
    size_t nentries = 0;
    int maxn = 0;
    for (int r = 0; r < m; r++) {
        if (rows[r].n > L.w) L.w = rows[r].n;
        if (rows[r].n > maxn) maxn = rows[r].n;
        nentries += (size_t)rows[r].n;
        for (int j = 0; j < rows[r].n; j++) {
            rows[r].e[j].rowspan = 1;
            rows[r].e[j].covered = false;
            rows[r].e[j].origin = NULL;
        }
    }
    double work = 0;
    int left = 0;
    for (int r = 0; r < m; r++) {
        work += row_work(rows[r].n, L.w);
        left += rows[r].n > 1 && rows[r].n < L.w;
    }
    bool too_wide = L.w > MAX_WIDTH;
    /* exact: every pick solves every row left; cached: each row a few times */
    bool exact = work * left <= EXACT_WORK;
    if (too_wide || (!exact && 4 * work > WORK_BASE + WORK_PER_BYTE * (double)bytes)) {
        for (int r = 0; r < m; r++)
            for (int j = 0; j < rows[r].n; j++) {
                rows[r].e[j].col = j;
                rows[r].e[j].span = 1;
            }
        return -1;
    }
    /* The data area: as wide as the longest run of values and empty entries
     * ending a row, counted from its first value (a blank cell between two
     * numbers, or after the last one, is a blank value, not a merge). */
    int trailing = 0;
    for (int r = 0; r < m; r++) {
        int t = 0, k = 0;
        while (k < rows[r].n &&
               (rows[r].e[rows[r].n - 1 - k].data || rows[r].e[rows[r].n - 1 - k].empty)) {
            k++;
            if (rows[r].e[rows[r].n - k].data) t = k;
        }
        if (t > trailing) trailing = t;
        for (int j = 0; j < rows[r].n && L.header_end == m; j++)
            if (rows[r].e[j].data) L.header_end = r;
    }
    L.data_start = L.w - trailing;
    L.done = zalloc(((size_t)m + 1) * sizeof *L.done);
    L.freq = zalloc(((size_t)L.w + 1) * sizeof *L.freq);
    L.idx = zalloc(((size_t)m + 1) * sizeof *L.idx);
    L.label_cap = 16;
    while (L.label_cap < 2 * nentries + 2) L.label_cap *= 2;
    L.labels = zalloc(L.label_cap * sizeof *L.labels);
    L.dp = gd_mem_alloc(((size_t)maxn + 1) * ((size_t)L.w + 1) * 2 * sizeof *L.dp);
    int *spans = zalloc(((size_t)L.w + 1) * sizeof *spans);
    int *best_spans = zalloc(((size_t)L.w + 1) * sizeof *best_spans);
    bool ok = L.done && L.freq && L.idx && L.labels && L.dp && spans && best_spans;
    for (int r = 0; ok && r < m; r++) {
        if (!rows[r].n) continue;
        L.idx[r].boundary = zalloc((size_t)L.w + 1);
        L.idx[r].start = gd_mem_alloc(((size_t)L.w + 1) * sizeof(int));
        ok = L.idx[r].boundary && L.idx[r].start;
        if (ok) memset(L.idx[r].start, 0xFF, ((size_t)L.w + 1) * sizeof(int)); /* -1 */
    }
    if (!ok) {
        free_layout(&L);
        gd_free(spans);
        gd_free(best_spans);
        return -2;
    }
    for (int r = 0; r < m; r++) {
        int one = L.w;
        if (rows[r].n == 0)
            L.done[r] = true;
        else if (rows[r].n == 1)
            commit_row(&L, r, &one);
        else if (rows[r].n == L.w)
            commit_row(&L, r, NULL);
    }
    /* Most certain row first. */
    int rc = 0;
    if (exact)
        order_exact(&L, left, spans, best_spans);
    else
        rc = order_cached(&L, spans);
    if (!rc) mark_continuations(&L);
    free_layout(&L);
    gd_free(spans);
    gd_free(best_spans);
    return rc ? -2 : L.w;
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
    size_t cap_rows = 16, nrows = 0, nentries = 0, cap_entries = 64, bytes = 0;
    size_t *row_start = gd_mem_alloc(cap_rows * sizeof *row_start);
    entry_src *src = gd_mem_alloc(cap_entries * sizeof *src);
    int rc = row_start && src ? GD_OK : GD_ENOMEM;
    while (rc == GD_OK && i < n && lines->v[i].tab) {
        if (nrows + 1 >= cap_rows) {
            size_t *nr = gd_mem_realloc(row_start, (cap_rows *= 2) * sizeof *nr);
            if (!nr) {
                rc = GD_ENOMEM;
                break;
            }
            row_start = nr;
        }
        row_start[nrows++] = nentries;
        while (i < n &&
               (lines->v[i].tab || (!lines->v[i].blank && nentries > row_start[nrows - 1]))) {
            bytes += lines->v[i].len + 1;
            if (lines->v[i].tab) {
                if (nentries == cap_entries) {
                    entry_src *ns = gd_mem_realloc(src, (cap_entries *= 2) * sizeof *ns);
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
    tr_row *rows = rc == GD_OK ? zalloc((nrows + 1) * sizeof *rows) : NULL;
    tr_entry *ents = rc == GD_OK ? zalloc((nentries + 1) * sizeof *ents) : NULL;
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
        if (tr_layout(rows, (int)nrows, bytes) == -2) rc = GD_ENOMEM;
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
    gd_free(rows);
    gd_free(ents);
    gd_free(row_start);
    gd_free(src);
    *pi = i;
    return rc;
}
