/* Reading the template's value rows: each classified row label takes the
 * values that follow it in reading order (inside its table's section once
 * the section headings are found), and the blocks that held the tables are
 * marked as consumed. */
#include "report_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *source_of(gd_doc *doc, const tokens *tk, const tok *k)
{
    uint32_t line = gd_node_line(k->node);
    char where[96];
    if (k->table)
        snprintf(where, sizeof where, "table %d, row %d, column %d", k->table, k->row, k->col);
    else
        snprintf(where, sizeof where, "block %zu", k->block + 1);
    (void)tk;
    if (line) return gd__report_printf(doc, "%s, line %u", where, (unsigned)line);
    return gd__report_printf(doc, "%s", where);
}

/* The block of token i is part of a template table. */
static void consume(gd_report *r, const tokens *tk, size_t i)
{
    r->consumed[tk->v[i].block] = true;
}

/* A blank line standing for a blank cell, after token `after`. */
static const char *gap_source(gd_doc *doc, const tokens *tk, size_t after)
{
    return gd__report_printf(doc, "a blank line after line %u", (unsigned)tk->v[after].srcline);
}

/* A column with no value under it on the row's line of layout text. */
static const char *none_source(gd_doc *doc, const tokens *tk, const size_t *idx, size_t n,
                               const char *column)
{
    uint32_t line = 0;
    for (size_t f = 0; f < n && !line; f++)
        if (idx[f] < GD_CELL_NONE) line = tk->v[idx[f]].srcline;
    return gd__report_printf(doc, "no value under %s on line %u", column ? column : "its column",
                             (unsigned)line);
}

static int assign_row(gd_report *r, gd_doc *doc, const tokens *tk, const tpl_row *row,
                      const size_t *idx, size_t label)
{
    size_t prev = label;
    for (size_t f = 0; f < row->nfields; f++) {
        int fi = row->fields[f];
        if (idx[f] >= GD_CELL_NONE) {
            r->present[fi] = false;
            r->values[fi] = 0;
            r->texts[fi] = "";
            r->sources[fi] = idx[f] == GD_CELL_GAP ? gap_source(doc, tk, prev)
                                                   : none_source(doc, tk, idx, row->nfields,
                                                                 r->tpl->fields[fi].column);
            if (!r->sources[fi]) return GD_ENOMEM;
            continue;
        }
        prev = idx[f];
        const tok *k = &tk->v[idx[f]];
        r->present[fi] = k->kind == TOK_VALUE;
        r->values[fi] = k->kind == TOK_VALUE ? k->value : 0;
        r->texts[fi] = gd__arena_strdup(&doc->arena, k->raw);
        r->sources[fi] = source_of(doc, tk, k);
        if (!r->texts[fi] || !r->sources[fi]) return GD_ENOMEM;
        if (k->overlong) {
            const char *msg = gd__report_printf(
                doc,
                "%s: %s: the number %s has more than %d digits and cannot be checked; "
                "the cell is left blank",
                r->sources[fi], r->tpl->fields[fi].label, k->raw, GD_VALUE_MAX_DIGITS);
            if (msg) gd_doc_diag_add(doc, GD_SEV_WARNING, msg);
        }
    }
    return GD_OK;
}

/* A row written one cell per line whose lines do not fit the template's
 * columns: left blank, said so, and counted (r->ambiguous_rows). */
static int ambiguous_row(gd_report *r, gd_doc *doc, const char *table, const char *row,
                         size_t lines, size_t want, bool by_x, bool in_table)
{
    r->ambiguous_rows++;
    const char *what = by_x       ? "values whose positions do not place them under the column "
                                    "headers above,"
                       : in_table ? "cells (values and blank cells)"
                                  : "lines (values and blank lines)";
    const char *msg = gd__report_printf(doc,
                                        "%s %s: ambiguous row: %zu %s where the template has %zu "
                                        "cells; the row is left blank rather than shift values "
                                        "into other columns",
                                        table, row, lines, what, want);
    if (!msg) return GD_ENOMEM;
    gd_doc_diag_add(doc, GD_SEV_WARNING, msg);
    return GD_OK;
}

/* A row that did not fit, said at the end (see gd__report_read_rows). */
typedef struct pending {
    size_t got;
    bool ambiguous, by_x, in_table;
} pending;

/* Section ranges: token index where each template section starts. */
static void find_sections(gd_report *r, const tokens *tk, const cls *cl, size_t *start)
{
    for (size_t s = 0; s < r->tpl->nsections; s++) start[s] = SIZE_MAX;
    for (size_t i = 0; i < tk->n; i++) {
        if (cl[i].kind != CLS_SECTION) continue;
        size_t s = (size_t)cl[i].index;
        if (start[s] == SIZE_MAX) {
            start[s] = i;
            r->section_heading[s] = tk->v[i].node;
            r->section_text[s] = tk->v[i].raw;
        }
    }
}

/* May token i hold a row of table ti? Only inside the table's section when
 * that section's heading was found. */
static bool in_section(const gd_report *r, const size_t *start, size_t ti, size_t i)
{
    const char *sec = r->tpl->tables[ti].section;
    for (size_t s = 0; sec && s < r->tpl->nsections; s++) {
        if (strcmp(r->tpl->sections[s].id, sec) != 0) continue;
        if (start[s] == SIZE_MAX) return true;
        if (i < start[s]) return false;
        for (size_t o = 0; o < r->tpl->nsections; o++)
            if (start[o] != SIZE_MAX && start[o] > start[s] && i >= start[o]) return false;
        return true;
    }
    return true;
}

int gd__report_read_rows(gd_report *r, gd_doc *doc, const tokens *tk, cls *cl, size_t *rows_found)
{
    const tpl *t = r->tpl;
    size_t *start = calloc(t->nsections + 1, sizeof *start);
    size_t *idx = calloc(GD_CELL_WINDOW + 1, sizeof *idx);
    bool **filled = calloc(t->ntables + 1, sizeof *filled);
    /* a row found only by an anchor (a header text, which may come several
     * times) whose values did not fit: said once, at the end, if no other
     * anchor gave the row */
    pending **unfit = calloc(t->ntables + 1, sizeof *unfit);
    gd_col_headers *hdr = NULL;
    int rc = start && idx && filled && unfit ? GD_OK : GD_ENOMEM;
    if (rc == GD_OK) rc = gd__col_headers_find(&hdr, t, tk);
    for (size_t ti = 0; rc == GD_OK && ti < t->ntables; ti++)
        if (!(filled[ti] = calloc(t->tables[ti].nrows + 1, 1)) ||
            !(unfit[ti] = calloc(t->tables[ti].nrows + 1, sizeof **unfit)))
            rc = GD_ENOMEM;
    if (rc == GD_OK) find_sections(r, tk, cl, start);
    for (size_t i = 0; rc == GD_OK && i < tk->n; i++) {
        cls c = cl[i];
        if (c.kind != CLS_ROW && c.kind != CLS_GROUP && c.kind != CLS_ANCHOR) continue;
        if (!in_section(r, start, (size_t)c.table, i)) {
            cl[i].kind = CLS_NONE; /* a look-alike elsewhere in the text */
            continue;
        }
        const tpl_table *tb = &t->tables[c.table];
        if (c.kind == CLS_GROUP) {
            /* a group reported as one row (2019 style (六) in a 2021 report) */
            const tpl_group *g = &tb->groups[c.index];
            const tpl_row *first = &tb->rows[g->rows[0]];
            bool ambiguous, by_x = false;
            size_t got = gd__row_cells(tk, cl, i, first->nfields, idx, false, -1, -1, &ambiguous);
            if (!ambiguous && got < first->nfields) {
                got = gd__row_cells_by_x(hdr, tk, i, first->fields, first->nfields, idx, got,
                                         &ambiguous);
                by_x = true;
            } else if (!ambiguous) {
                gd__col_headers_check(hdr, tk, i, first->fields, first->nfields, idx);
            }
            if (ambiguous)
                rc = ambiguous_row(r, doc, tb->name, g->name, got, first->nfields, by_x,
                                   tk->v[i].table);
            if (got != first->nfields || ambiguous) continue;
            size_t gi = 0;
            for (int x = 0; x < c.table; x++) gi += t->tables[x].ngroups;
            gi += (size_t)c.index;
            for (size_t f = 0; f < got; f++) {
                if (idx[f] >= GD_CELL_NONE) continue; /* a blank cell: not present */
                const tok *k = &tk->v[idx[f]];
                r->group_present[gi][f] = k->kind == TOK_VALUE;
                r->group_sum[gi][f] = k->value;
                for (size_t m = 0; m < g->nrows; m++) {
                    int fi = tb->rows[g->rows[m]].fields[f];
                    if (!r->sources[fi])
                        r->sources[fi] = gd__report_printf(doc, "%s reported as one row (%s): %s",
                                                           g->name, source_of(doc, tk, k), k->raw);
                }
                consume(r, tk, idx[f]);
            }
            consume(r, tk, i);
            gd_doc_diag_add(doc, GD_SEV_INFO,
                            gd__report_printf(doc,
                                              "%s %s is one row without its sub-rows; its "
                                              "values count as the group's total",
                                              tb->name, g->name));
            continue;
        }
        if (filled[c.table][c.index]) continue;
        const tpl_row *row = &tb->rows[c.index];
        bool anchored = c.kind == CLS_ANCHOR, ambiguous, by_x = false;
        size_t got = gd__row_cells(tk, cl, i, row->nfields, idx, anchored, anchored ? c.table : -1,
                                   c.index, &ambiguous);
        if (!ambiguous && got > 0 && got < row->nfields) {
            got = gd__row_cells_by_x(hdr, tk, i, row->fields, row->nfields, idx, got, &ambiguous);
            by_x = true;
        } else if (!ambiguous && got == row->nfields) {
            gd__col_headers_check(hdr, tk, i, row->fields, row->nfields, idx);
        }
        if (anchored && got > 0 && (ambiguous || got != row->nfields)) {
            pending *u = &unfit[c.table][c.index];
            if (!u->got) *u = (pending){got, ambiguous, by_x, tk->v[i].table};
            if (ambiguous) consume(r, tk, i);
        } else if (ambiguous) {
            rc =
                ambiguous_row(r, doc, tb->name, row->name, got, row->nfields, by_x, tk->v[i].table);
            consume(r, tk, i);
        } else if (got == row->nfields) {
            rc = assign_row(r, doc, tk, row, idx, i);
            filled[c.table][c.index] = true;
            (*rows_found)++;
            consume(r, tk, i);
            for (size_t f = 0; f < got; f++)
                if (idx[f] < GD_CELL_NONE) consume(r, tk, idx[f]);
        } else if (got > 0 && c.kind == CLS_ROW) {
            gd_doc_diag_add(doc, GD_SEV_WARNING,
                            gd__report_printf(doc,
                                              "%s %s: %zu values where the template has %zu; "
                                              "the row is left blank",
                                              tb->name, row->name, got, row->nfields));
            consume(r, tk, i);
        }
    }
    for (size_t ti = 0; rc == GD_OK && ti < t->ntables; ti++)
        for (size_t ri = 0; rc == GD_OK && ri < t->tables[ti].nrows; ri++) {
            const pending *u = &unfit[ti][ri];
            const tpl_row *row = &t->tables[ti].rows[ri];
            if (!u->got || filled[ti][ri]) continue;
            if (u->ambiguous)
                rc = ambiguous_row(r, doc, t->tables[ti].name, row->name, u->got, row->nfields,
                                   u->by_x, u->in_table);
            else
                gd_doc_diag_add(doc, GD_SEV_WARNING,
                                gd__report_printf(doc,
                                                  "%s %s: %zu values where the template has %zu; "
                                                  "the row is left blank",
                                                  t->tables[ti].name, row->name, u->got,
                                                  row->nfields));
        }
    gd__col_headers_free(hdr);
    for (size_t ti = 0; filled && ti < t->ntables; ti++) free(filled[ti]);
    free(filled);
    for (size_t ti = 0; unfit && ti < t->ntables; ti++) free(unfit[ti]);
    free(unfit);
    free(start);
    free(idx);
    return rc;
}

/* Texts of the tables themselves (header labels of the template) are part
 * of the table too, wherever a text-only layout left them. */
void gd__report_consume_table_text(gd_report *r, const tokens *tk, const cls *cl)
{
    const tpl *t = r->tpl;
    size_t lo = SIZE_MAX, hi = 0;
    for (size_t b = 0; b < tk->nblocks; b++)
        if (r->consumed[b]) {
            if (b < lo) lo = b;
            hi = b;
        }
    if (lo == SIZE_MAX) return;
    /* a block between the first and last consumed ones whose labels are all
     * the template's (tokens come in block order) */
    for (size_t i = 0; i < tk->n;) {
        size_t b = tk->v[i].block;
        bool all = true;
        for (; i < tk->n && tk->v[i].block == b; i++) {
            const tok *k = &tk->v[i];
            if (!all || k->kind != TOK_LABEL) continue;
            bool known = k->absorbed || cl[i].kind == CLS_ROW || cl[i].kind == CLS_GROUP ||
                         cl[i].kind == CLS_ANCHOR;
            if (!known && b > lo && b < hi) {
                label_key key;
                gd__label_key(&key, k->norm);
                for (size_t j = 0; !known && j < t->labels.n; j++)
                    known = gd__label_match_keys(&key, &t->labels.k[j]) >= 80;
            }
            all = known;
        }
        if (all && b > lo && b < hi) r->consumed[b] = true;
    }
}
