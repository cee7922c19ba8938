/* Joining labels wrapped by pdftotext -layout: it prints a table row on one
 * line and wraps its long labels onto the lines below, each fragment at its
 * label's column. A label that matches no row well is joined with the
 * fragments below it, as long as the joined text matches a row better. */
#include "report_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int join_around_values(const tpl *t, tokens *tk);

int gd__join_wrapped(const tpl *t, tokens *tk)
{
    for (size_t i = 0; i < tk->n;) {
        size_t e = i + 1;
        if (tk->v[i].table || !tk->v[i].lineno) {
            i++;
            continue;
        }
        while (e < tk->n && tk->v[e].lineno == tk->v[i].lineno && !tk->v[e].table) e++;
        size_t first_value = e;
        for (size_t k = i; k < e && first_value == e; k++)
            if (tk->v[k].kind != TOK_LABEL) first_value = k;
        for (size_t k = i; first_value < e && k < first_value; k++) {
            tok *lab = &tk->v[k];
            int best = gd__classify(t, lab, false).score, best_n = 0, n = 0;
            if (lab->absorbed || best >= 90) continue;
            tok trial = *lab;
            size_t frags[16];
            char *text = gd__asprintf("%s", lab->raw);
            if (!text) return GD_ENOMEM;
            for (size_t j = e; n < 16 && j < tk->n && !tk->v[j].table && tk->v[j].lineno;) {
                size_t je = j + 1;
                bool values = tk->v[j].kind != TOK_LABEL;
                while (je < tk->n && tk->v[je].lineno == tk->v[j].lineno && !tk->v[je].table)
                    values |= tk->v[je++].kind != TOK_LABEL;
                if (values) break; /* the next row */
                size_t f = SIZE_MAX;
                for (size_t q = j; q < je; q++)
                    if (!tk->v[q].absorbed && abs(tk->v[q].x - lab->x) <= 2) f = q;
                if (f == SIZE_MAX) break;
                char *joined = gd__asprintf("%s%s", text, tk->v[f].raw);
                free(text);
                if (!(text = joined)) return GD_ENOMEM;
                frags[n++] = f;
                trial.norm = gd__label_norm(text, strlen(text));
                if (!trial.norm) {
                    free(text);
                    return GD_ENOMEM;
                }
                int score = gd__classify(t, &trial, false).score;
                free(trial.norm);
                if (score > best) best = score, best_n = n;
                if (score == 100) break;
                j = je;
            }
            free(text);
            for (int q = 0; q < best_n; q++) {
                tok *frag = &tk->v[frags[q]];
                char *raw = gd__asprintf("%s%s", lab->raw, frag->raw);
                char *norm = raw ? gd__label_norm(raw, strlen(raw)) : NULL;
                if (!norm) {
                    free(raw);
                    return GD_ENOMEM;
                }
                free(lab->raw);
                free(lab->norm);
                lab->raw = raw;
                lab->norm = norm;
                frag->absorbed = true;
            }
        }
        i = e;
    }
    return join_around_values(t, tk);
}

/* ---- labels wrapped around their numbers ----
 * A cell's text is centred vertically, so a long label wraps onto the lines
 * above and below the line that carries the row's numbers, and a group
 * label's fragments (（六）其 / 他处理) sit on the same lines in a column to
 * the left. For a value line whose own label (if any) names no row well,
 * each label-only line above and below offers its rightmost fragment (the
 * row label's column is the one next to the numbers); the combination
 * whose joined text matches a template row best, with at least two pieces,
 * becomes the label. */

#define AROUND 4 /* label-only lines looked at above and below */

typedef struct line_span {
    size_t from, to; /* tokens [from, to) */
    bool values;
} line_span;

/* The line of text tokens starting at token i. */
static line_span line_at(const tokens *tk, size_t i)
{
    line_span l = {i, i + 1, tk->v[i].kind != TOK_LABEL};
    while (l.to < tk->n && !tk->v[l.to].table && tk->v[l.to].lineno == tk->v[i].lineno)
        l.values |= tk->v[l.to++].kind != TOK_LABEL;
    return l;
}

/* The rightmost label of a label-only line that no label took yet. A
 * complete label (one that names a row, group or heading by itself) is no
 * fragment: the walk stops there (*stop), as at a line of values. */
static size_t fragment_of(const tpl *t, const tokens *tk, line_span l, bool *stop)
{
    size_t f = SIZE_MAX;
    for (size_t q = l.from; q < l.to; q++)
        if (tk->v[q].kind == TOK_LABEL && !tk->v[q].absorbed) f = q;
    *stop = l.values || (f != SIZE_MAX && gd__classify(t, &tk->v[f], true).score >= 90);
    return *stop ? SIZE_MAX : f;
}

static int row_score(const tpl *t, const char *text)
{
    tok trial = {.kind = TOK_LABEL};
    trial.norm = gd__label_norm(text, strlen(text));
    if (!trial.norm) return -1;
    cls c = gd__classify(t, &trial, false);
    free(trial.norm);
    return c.kind == CLS_ROW ? c.score : 0;
}

/* pieces[0..n): token indices in reading order; own (or SIZE_MAX) is the
 * value line's label, between the fragments above and below it. */
static char *joined_text(const tokens *tk, const size_t *pieces, size_t n)
{
    size_t len = 1;
    for (size_t k = 0; k < n; k++) len += strlen(tk->v[pieces[k]].raw);
    char *s = malloc(len);
    if (!s) return NULL;
    s[0] = 0;
    for (size_t k = 0; k < n; k++) strcat(s, tk->v[pieces[k]].raw);
    return s;
}

/* Tries every choice of fragments around the value line; applies the best. */
static int join_line(const tpl *t, tokens *tk, const size_t *cand, size_t nabove, size_t nbelow,
                     size_t own)
{
    size_t nc = nabove + nbelow, pieces[2 * AROUND + 1];
    int base = own != SIZE_MAX ? row_score(t, tk->v[own].raw) : 0, best = base;
    unsigned best_mask = 0;
    if (base < 0) return GD_ENOMEM;
    for (unsigned mask = 1; mask < (1u << nc); mask++) {
        size_t n = 0;
        for (size_t k = 0; k < nc; k++) {
            if (k == nabove && own != SIZE_MAX) pieces[n++] = own;
            if (mask & (1u << k)) pieces[n++] = cand[k];
        }
        if (nbelow == 0 && own != SIZE_MAX) pieces[n++] = own;
        if (n < 2) continue;
        char *text = joined_text(tk, pieces, n);
        int s = text ? row_score(t, text) : -1;
        free(text);
        if (s < 0) return GD_ENOMEM;
        /* better, or as good with fewer fragments */
        if (s > best ||
            (s == best && best_mask && __builtin_popcount(mask) < __builtin_popcount(best_mask)))
            best = s, best_mask = mask;
    }
    if (!best_mask || best < 90) return GD_OK;
    size_t n = 0;
    for (size_t k = 0; k < nc; k++) {
        if (k == nabove && own != SIZE_MAX) pieces[n++] = own;
        if (best_mask & (1u << k)) pieces[n++] = cand[k];
    }
    if (nbelow == 0 && own != SIZE_MAX) pieces[n++] = own;
    /* the label is the piece nearest before the numbers, so the row's
     * values follow it with nothing classified in between */
    size_t target = own;
    for (size_t k = nabove; target == SIZE_MAX && k-- > 0;)
        if (best_mask & (1u << k)) target = cand[k];
    if (target == SIZE_MAX) return GD_OK; /* only fragments below: no label */
    char *raw = joined_text(tk, pieces, n);
    char *norm = raw ? gd__label_norm(raw, strlen(raw)) : NULL;
    if (!norm) {
        free(raw);
        return GD_ENOMEM;
    }
    free(tk->v[target].raw);
    free(tk->v[target].norm);
    tk->v[target].raw = raw;
    tk->v[target].norm = norm;
    for (size_t k = 0; k < n; k++)
        if (pieces[k] != target) tk->v[pieces[k]].absorbed = true;
    return GD_OK;
}

/* The fragments of the label-only lines above the line starting at token
 * `from` (up to AROUND lines, stopping at a line with values), top-down. */
static size_t gather_above(const tpl *t, const tokens *tk, size_t from, size_t *out)
{
    size_t up[AROUND], n = 0;
    for (size_t e = from, walked = 0;
         walked < AROUND && e > 0 && !tk->v[e - 1].table && tk->v[e - 1].lineno; walked++) {
        size_t s = e - 1;
        while (s > 0 && !tk->v[s - 1].table && tk->v[s - 1].lineno == tk->v[e - 1].lineno) s--;
        bool stop;
        size_t f = fragment_of(t, tk, line_at(tk, s), &stop);
        if (stop) break;
        if (f != SIZE_MAX) up[n++] = f;
        e = s;
    }
    for (size_t k = 0; k < n; k++) out[k] = up[n - 1 - k];
    return n;
}

/* The same below the line that ends before token `to`. */
static size_t gather_below(const tpl *t, const tokens *tk, size_t to, size_t *out)
{
    size_t n = 0;
    for (size_t s = to, walked = 0;
         walked < AROUND && s < tk->n && !tk->v[s].table && tk->v[s].lineno; walked++) {
        line_span l = line_at(tk, s);
        bool stop;
        size_t f = fragment_of(t, tk, l, &stop);
        if (stop) break;
        if (f != SIZE_MAX) out[n++] = f;
        s = l.to;
    }
    return n;
}

static int join_around_values(const tpl *t, tokens *tk)
{
    for (size_t i = 0; i < tk->n;) {
        if (tk->v[i].table || !tk->v[i].lineno) {
            i++;
            continue;
        }
        line_span v = line_at(tk, i);
        size_t own = SIZE_MAX, first_value = v.from;
        while (first_value < v.to && tk->v[first_value].kind == TOK_LABEL) first_value++;
        for (size_t q = v.from; q < first_value; q++)
            if (!tk->v[q].absorbed) own = q;
        bool weak = own == SIZE_MAX || gd__classify(t, &tk->v[own], false).score < 90;
        if (!v.values || !weak) {
            i = v.to;
            continue;
        }
        size_t cand[2 * AROUND], na = gather_above(t, tk, v.from, cand);
        size_t nb = gather_below(t, tk, v.to, cand + na);
        int rc = join_line(t, tk, cand, na, nb, own);
        if (rc) return rc;
        i = v.to;
    }
    return GD_OK;
}
