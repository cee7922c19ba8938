/* A row's cells in reading order. Tables and layout text (pdftotext) give
 * each cell as a token; text that writes one cell per line (docx2txt)
 * writes a blank cell as a blank line, which only the line numbers show.
 * There the lines after the label (values and blank lines, up to the next
 * label) are the row's cells when their count fits the template's columns;
 * otherwise the row is ambiguous: values are never shifted into other
 * columns. */
#include "report_internal.h"

#include <stdint.h>

/* Labels that belong to no row: header texts, a label's other paragraphs,
 * the same row's other anchors. */
static bool skippable(const cls *cl, size_t j, int same_row_table, int same_row)
{
    if (cl[j].kind == CLS_NONE) return true;
    return cl[j].kind == CLS_ANCHOR && cl[j].table == same_row_table && cl[j].index == same_row;
}

/* Token j is alone on its line of a plain-text input. */
static bool alone(const tokens *tk, size_t j)
{
    const tok *k = &tk->v[j];
    if (k->table || !k->srcline) return false;
    if (j > 0 && !tk->v[j - 1].table && tk->v[j - 1].lineno == k->lineno) return false;
    if (j + 1 < tk->n && !tk->v[j + 1].table && tk->v[j + 1].lineno == k->lineno) return false;
    return true;
}

/* The tokens' way: values and blank marks, labels of nothing skipped. */
static size_t by_token(const tokens *tk, const cls *cl, size_t i, size_t want, size_t *idx,
                       int same_row_table, int same_row)
{
    size_t got = 0;
    for (size_t j = i + 1; j < tk->n && got < want && j - i < GD_CELL_WINDOW; j++) {
        if (tk->v[j].kind == TOK_LABEL) {
            if (skippable(cl, j, same_row_table, same_row)) continue;
            break;
        }
        idx[got++] = j;
    }
    return got;
}

/* Where the `want` cells lie among n lines whose values are at lines
 * [first, last]: the one window holding every value with only blank lines
 * outside it. A row label's cells follow it directly (window at 0); after
 * an anchor (a header) blank lines before the values may be merged header
 * cells, so the window must be the only one possible. SIZE_MAX: none. */
static size_t window(size_t n, size_t want, size_t first, size_t last, bool anchored)
{
    if (last - first + 1 > want || n < want) return SIZE_MAX;
    if (!anchored) return 0;
    size_t lo = last + 1 > want ? last + 1 - want : 0, hi = first < n - want ? first : n - want;
    return lo == hi ? lo : SIZE_MAX;
}

size_t gd__row_cells(const tokens *tk, const cls *cl, size_t i, size_t want, size_t *idx,
                     bool anchored, int same_row_table, int same_row, bool *ambiguous)
{
    *ambiguous = false;
    /* the first value; labels of nothing before it start the run anew */
    size_t j = i + 1;
    uint32_t prev = tk->v[i].srcline;
    for (; j < tk->n && j - i < GD_CELL_WINDOW && tk->v[j].kind == TOK_LABEL; j++) {
        if (!skippable(cl, j, same_row_table, same_row)) return 0;
        prev = tk->v[j].srcline;
    }
    if (j >= tk->n || j - i >= GD_CELL_WINDOW) return 0;
    if (!prev || !alone(tk, j)) {
        size_t got = by_token(tk, cl, i, want, idx, same_row_table, same_row);
        /* a table row whose cells go on with a value past the template's
         * columns (a flattened row with a blank cell too many): which
         * cell is extra is not known, so the row is ambiguous */
        const tok *k = &tk->v[i];
        if (got == want && k->table) {
            size_t n = got, e = idx[got - 1] + 1;
            for (; e < tk->n && tk->v[e].table == k->table && tk->v[e].row == k->row; e++, n++) {
                if (tk->v[e].kind == TOK_LABEL) break;
                if (tk->v[e].kind == TOK_VALUE) *ambiguous = true;
            }
            if (*ambiguous) return n;
        }
        return got;
    }
    /* one cell per line: the lines up to the next label */
    size_t n = 0, first = SIZE_MAX, last = 0;
    for (; j < tk->n && n < GD_CELL_WINDOW; j++) {
        const tok *k = &tk->v[j];
        if (k->kind == TOK_LABEL || !alone(tk, j) || k->srcline <= prev) break;
        for (uint32_t g = prev + 1; g < k->srcline && n < GD_CELL_WINDOW; g++)
            idx[n++] = GD_CELL_GAP;
        if (n == GD_CELL_WINDOW) break;
        if (first == SIZE_MAX) first = n;
        last = n;
        idx[n++] = j;
        prev = k->srcline;
    }
    /* blank lines before the next label: trailing blank cells, or merged
     * cells of the next row */
    if (j < tk->n && tk->v[j].kind == TOK_LABEL && tk->v[j].srcline > prev)
        for (uint32_t g = prev + 1; g < tk->v[j].srcline && n < GD_CELL_WINDOW; g++)
            idx[n++] = GD_CELL_GAP;
    size_t w = first == SIZE_MAX ? SIZE_MAX : window(n, want, first, last, anchored);
    if (w == SIZE_MAX) {
        *ambiguous = true;
        return n;
    }
    for (size_t c = 0; c < want; c++) idx[c] = idx[w + c];
    return want;
}
