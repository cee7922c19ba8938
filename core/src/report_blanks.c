/* Blank cells as findings. A report that leaves cells blank (a county
 * office with no 法人 requests, a 2019 report without sub-row totals) has a
 * defect, not an arithmetic error: one warning per row, or per rule group
 * of a row ("表四 行政复议"), counts its blank cells, instead of an error
 * per sum rule that repeats the table and row for every cell. */
#include "report_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Read from the document as a blank cell (not merely not found), and not
 * stood in for by its group given as one row. */
static bool read_blank(const gd_report *r, int f)
{
    if (r->present[f] || !r->sources[f]) return false;
    int g = r->group_of_field[f];
    return g < 0 || !r->group_present[g][r->tpl->fields[f].col];
}

static bool rule_has(const tpl_rule *ru, int f)
{
    for (size_t k = 0; k < ru->nleft; k++)
        if (ru->left[k] == f) return true;
    for (size_t k = 0; k < ru->nright; k++)
        if (ru->right[k] == f) return true;
    return false;
}

/* The smallest rule with f whose cells all lie in f's row: a row holding
 * several groups (表四) is named by group; NULL when none. *in_rule: some
 * rule, of any shape, has f. */
static const tpl_rule *row_rule(const tpl *t, int f, bool *in_rule)
{
    const tpl_rule *best = NULL;
    *in_rule = false;
    for (size_t i = 0; i < t->nrules; i++) {
        const tpl_rule *ru = &t->rules[i];
        if (!rule_has(ru, f)) continue;
        *in_rule = true;
        bool same_row = true;
        for (size_t k = 0; same_row && k < ru->nleft + ru->nright; k++) {
            int o = k < ru->nleft ? ru->left[k] : ru->right[k - ru->nleft];
            same_row =
                t->fields[o].table == t->fields[f].table && t->fields[o].row == t->fields[f].row;
        }
        if (same_row && (!best || ru->nleft + ru->nright < best->nleft + best->nright)) best = ru;
    }
    return best;
}

typedef struct unit {
    const char *name;
    int *fields;
    size_t n;
    bool checks; /* a rule cannot be checked */
} unit;

int gd__report_blank_findings(gd_report *r, gd_doc *doc)
{
    const tpl *t = r->tpl;
    unit *u = calloc(t->nfields + 1, sizeof *u);
    int *fields = calloc(t->nfields + 1, sizeof *fields);
    size_t *unit_of = calloc(t->nfields + 1, sizeof *unit_of);
    size_t nu = 0, used = 0;
    int rc = u && fields && unit_of ? GD_OK : GD_ENOMEM;
    for (size_t f = 0; rc == GD_OK && f < t->nfields; f++) {
        unit_of[f] = SIZE_MAX;
        if (!read_blank(r, (int)f)) continue;
        bool in_rule;
        const tpl_rule *ru = row_rule(t, (int)f, &in_rule);
        const tpl_field *fd = &t->fields[f];
        const tpl_table *tb = &t->tables[fd->table];
        const char *name =
            ru ? ru->what : gd__report_printf(doc, "%s %s", tb->name, tb->rows[fd->row].name);
        if (!name) {
            rc = GD_ENOMEM;
            break;
        }
        size_t k = 0;
        while (k < nu && strcmp(u[k].name, name) != 0) k++;
        if (k == nu) u[nu++].name = name;
        u[k].n++;
        u[k].checks |= in_rule;
        unit_of[f] = k;
    }
    /* each unit's fields, contiguous in one array */
    for (size_t k = 0; rc == GD_OK && k < nu; k++) {
        u[k].fields = fields + used;
        size_t n = 0;
        for (size_t f = 0; f < t->nfields; f++)
            if (unit_of[f] == k) u[k].fields[n++] = (int)f;
        used += n;
        const char *msg = gd__report_printf(doc, "%s: %zu 个单元格为空%s", u[k].name, n,
                                            u[k].checks ? "，无法核对" : "");
        rc = gd__report_add_check(r, doc, GD_RULE_BLANK, false, msg, u[k].fields, n);
    }
    free(u);
    free(fields);
    free(unit_of);
    return rc;
}
