/* Blank cells in layout text (pdftotext -layout): a row's line holds only
 * its non-blank values, so their horizontal positions are the only clue to
 * their columns. The column headers above the table (自然人, 商业企业, …,
 * 总计, each wrapped over several lines: "社会" / "公益" / "组织" at one
 * column) give each column's position; a row with fewer values than the
 * template's columns takes each value in the column it lies under, and the
 * others are blank. When that is not clear (two values under one column, a
 * value between two columns or far from all, headers out of order) the row
 * is ambiguous: left blank, never shifted.
 *
 * Only plain text (TXT input) is read so: its lines keep their
 * indentation (the paragraph attribute "indent"), so positions on
 * different lines compare.
 *
 * Positions are counted in characters, as pdftotext pads its lines: one
 * column per character, whatever its display width (a CJK character is one
 * column there, as the fixtures' complete rows show).
 *
 * The headers are found once per document, in one pass over the tokens
 * (stacks of fragments are bounded), so the cost is linear. */
#include "report_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_OPEN      32 /* fragment stacks followed at a time */
#define MAX_LINE_GAP  3  /* lines between two fragments of one header */
#define MAX_HDR_LINES 12 /* lines one header block may span */
#define MAX_NAME      192

typedef struct hdr_occ {
    size_t at;     /* the token that completed it */
    int lo, hi;    /* character columns [lo, hi) */
    uint32_t line; /* its last line */
    bool bad;      /* a complete row below did not fit it */
} hdr_occ;

typedef struct hdr_name {
    char *norm; /* normalised column name */
    hdr_occ *occ;
    size_t nocc, cap;
} hdr_name;

struct gd_col_headers {
    hdr_name *names;
    size_t nnames;
    int *name_of_field; /* per template field, or -1 */
};

typedef struct open_stack {
    char text[MAX_NAME];
    size_t len;
    int lo, hi;
    uint32_t line;
} open_stack;

static int cp_count(const char *s)
{
    int n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Index of the name equal to s[0..len) (exact) or, with `prefix`, of a
 * name s is a prefix of; -1 when none. */
static int name_find(const gd_col_headers *h, const char *s, size_t len, bool prefix)
{
    for (size_t n = 0; n < h->nnames; n++) {
        size_t nl = strlen(h->names[n].norm);
        if (prefix ? nl >= len : nl == len)
            if (memcmp(h->names[n].norm, s, len) == 0) return (int)n;
    }
    return -1;
}

static int occ_add(hdr_name *nm, size_t at, int lo, int hi, uint32_t line)
{
    if (nm->nocc == nm->cap) {
        size_t cap = nm->cap ? nm->cap * 2 : 8;
        hdr_occ *v = realloc(nm->occ, cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        nm->occ = v;
        nm->cap = cap;
    }
    nm->occ[nm->nocc++] = (hdr_occ){at, lo, hi, line, false};
    return GD_OK;
}

void gd__col_headers_free(gd_col_headers *h)
{
    if (!h) return;
    for (size_t n = 0; n < h->nnames; n++) {
        free(h->names[n].norm);
        free(h->names[n].occ);
    }
    free(h->names);
    free(h->name_of_field);
    free(h);
}

int gd__col_headers_find(gd_col_headers **out, const tpl *t, const tokens *tk)
{
    *out = NULL;
    gd_col_headers *h = calloc(1, sizeof *h);
    if (!h) return GD_ENOMEM;
    h->names = calloc(t->nfields + 1, sizeof *h->names);
    h->name_of_field = malloc((t->nfields + 1) * sizeof *h->name_of_field);
    open_stack *open = calloc(MAX_OPEN, sizeof *open);
    int rc = h->names && h->name_of_field && open ? GD_OK : GD_ENOMEM;
    for (size_t f = 0; rc == GD_OK && f < t->nfields; f++) {
        h->name_of_field[f] = -1;
        const char *col = t->fields[f].column;
        if (!col || !*col) continue;
        char *norm = gd__label_norm(col, strlen(col));
        if (!norm) {
            rc = GD_ENOMEM;
            break;
        }
        int n = *norm && strlen(norm) < MAX_NAME ? name_find(h, norm, strlen(norm), false) : -2;
        if (n == -1) {
            n = (int)h->nnames;
            h->names[h->nnames++].norm = norm;
            norm = NULL;
        }
        free(norm);
        h->name_of_field[f] = n;
    }
    /* one pass: each label of layout text extends a stack of fragments
     * above it at the same columns, or starts one */
    size_t nopen = 0;
    for (size_t i = 0; rc == GD_OK && i < tk->n; i++) {
        const tok *k = &tk->v[i];
        if (k->kind != TOK_LABEL || k->table || !k->srcline || !k->norm || !*k->norm) continue;
        size_t len = strlen(k->norm);
        int lo = k->ax, hi = k->ax + cp_count(k->raw);
        /* stacks too far above are closed */
        size_t o = 0;
        for (size_t s = 0; s < nopen; s++)
            if (k->lineno - open[s].line <= MAX_LINE_GAP) open[o++] = open[s];
        nopen = o;
        size_t ext = SIZE_MAX;
        for (size_t s = 0; s < nopen && ext == SIZE_MAX; s++) {
            open_stack *st = &open[s];
            if (st->line >= k->lineno || lo > st->hi || hi < st->lo) continue;
            if (st->len + len >= MAX_NAME) continue;
            memcpy(st->text + st->len, k->norm, len);
            if (name_find(h, st->text, st->len + len, true) >= 0) ext = s;
        }
        open_stack cur;
        if (ext != SIZE_MAX) {
            cur = open[ext];
            memcpy(cur.text + cur.len, k->norm, len);
            cur.len += len;
            cur.lo = lo < cur.lo ? lo : cur.lo;
            cur.hi = hi > cur.hi ? hi : cur.hi;
            cur.line = k->lineno;
            open[ext] = open[--nopen];
        } else {
            if (len >= MAX_NAME || name_find(h, k->norm, len, true) < 0) continue;
            memcpy(cur.text, k->norm, len);
            cur.len = len;
            cur.lo = lo;
            cur.hi = hi;
            cur.line = k->lineno;
        }
        int n = name_find(h, cur.text, cur.len, false);
        if (n >= 0) {
            rc = occ_add(&h->names[n], i, cur.lo, cur.hi, cur.line);
            continue;
        }
        if (nopen == MAX_OPEN) memmove(open, open + 1, --nopen * sizeof *open);
        open[nopen++] = cur;
    }
    free(open);
    if (rc) {
        gd__col_headers_free(h);
        return rc;
    }
    *out = h;
    return GD_OK;
}

/* The last occurrence of name n completed before token i, or NULL. */
static hdr_occ *occ_before(const gd_col_headers *h, int n, size_t i)
{
    const hdr_name *nm = &h->names[n];
    size_t lo = 0, hi = nm->nocc; /* first occurrence at or after i */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (nm->occ[mid].at < i)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo ? &nm->occ[lo - 1] : NULL;
}

/* The header columns of a row's fields above token i, in order: false when
 * a column has no header, a name repeats in the row, the headers are not
 * one block, are out of order, or a complete row contradicted them. */
static bool columns_of(const gd_col_headers *h, const int *fields, size_t nf, size_t i,
                       hdr_occ **col)
{
    uint32_t top = UINT32_MAX, bottom = 0;
    for (size_t f = 0; f < nf; f++) {
        int n = h->name_of_field[fields[f]];
        if (n < 0) return false;
        for (size_t g = 0; g < f; g++)
            if (h->name_of_field[fields[g]] == n) return false;
        col[f] = occ_before(h, n, i);
        if (!col[f] || col[f]->bad) return false;
        if (col[f]->line < top) top = col[f]->line;
        if (col[f]->line > bottom) bottom = col[f]->line;
        if (f && col[f]->lo < col[f - 1]->hi) return false;
    }
    return nf > 1 && bottom - top <= MAX_HDR_LINES;
}

/* Doubled centres, so that halves stay integers. */
static long centre2(int lo, int hi)
{
    return (long)lo + hi;
}

/* The column value token k lies under: its centre nearer that column's
 * centre than halfway to a neighbour's (the outer columns reach as far
 * out as in). -1 when it lies under none. */
static int column_at(hdr_occ *const *col, size_t nf, const tok *k)
{
    long c = centre2(k->ax, k->ax + cp_count(k->raw));
    for (size_t f = 0; f < nf; f++) {
        long m = centre2(col[f]->lo, col[f]->hi);
        long left = f ? (m - centre2(col[f - 1]->lo, col[f - 1]->hi)) : 0;
        long right = f + 1 < nf ? (centre2(col[f + 1]->lo, col[f + 1]->hi) - m) : 0;
        if (!f) left = right;
        if (f + 1 == nf) right = left;
        /* strictly inside [m - left/2, m + right/2) */
        if (2 * (c - m) > -left && 2 * (c - m) < right) return (int)f;
    }
    return -1;
}

/* The tokens idx[0..got) are all values of one line of layout text. */
static bool one_line(const tokens *tk, const size_t *idx, size_t got)
{
    for (size_t f = 0; f < got; f++) {
        const tok *k = &tk->v[idx[f]];
        if (k->table || !k->srcline || k->lineno != tk->v[idx[0]].lineno) return false;
    }
    return got > 0;
}

size_t gd__row_cells_by_x(const gd_col_headers *h, const tokens *tk, size_t label,
                          const int *fields, size_t nf, size_t *idx, size_t got, bool *ambiguous)
{
    *ambiguous = false;
    if (!h || got == 0 || got >= nf || !one_line(tk, idx, got) || nf > GD_CELL_WINDOW) return got;
    hdr_occ *col[GD_CELL_WINDOW];
    if (!columns_of(h, fields, nf, label, col)) return got;
    size_t at[GD_CELL_WINDOW];
    for (size_t f = 0; f < nf; f++) at[f] = GD_CELL_NONE;
    for (int v = 0, last = -1; v < (int)got; v++) {
        int f = column_at(col, nf, &tk->v[idx[v]]);
        if (f <= last) { /* under no column, or not right of the last one */
            *ambiguous = true;
            return got;
        }
        at[f] = idx[v];
        last = f;
    }
    memcpy(idx, at, nf * sizeof *idx);
    return nf;
}

void gd__col_headers_check(gd_col_headers *h, const tokens *tk, size_t label, const int *fields,
                           size_t nf, const size_t *idx)
{
    if (!h || nf > GD_CELL_WINDOW) return;
    for (size_t f = 0; f < nf; f++)
        if (idx[f] >= GD_CELL_NONE) return;
    if (!one_line(tk, idx, nf)) return;
    hdr_occ *col[GD_CELL_WINDOW];
    if (!columns_of(h, fields, nf, label, col)) return;
    for (size_t f = 0; f < nf; f++)
        if (column_at(col, nf, &tk->v[idx[f]]) != (int)f)
            for (size_t g = 0; g < nf; g++) col[g]->bad = true;
}
