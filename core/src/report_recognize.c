/* Recognising a report, the orchestration: choose the template whose
 * labels the document uses, join wrapped labels, classify every token, read
 * the value rows, then the metadata, the checks and the standard layout.
 * It only sees the token stream, so a DOCX table, an HTML table, a table
 * rebuilt from flattened text and lines of pdftotext output read alike. */
#include "report_internal.h"
#include "govdoc/gd_report.h"

#include <stdlib.h>
#include <string.h>

static gd_report *report_new(gd_doc *doc, const tpl *t, size_t nblocks)
{
    gd_arena *a = &doc->arena;
    gd_report *r = gd__arena_alloc(a, sizeof *r);
    if (!r) return NULL;
    r->tpl = t;
    r->values = gd__arena_alloc(a, (t->nfields + 1) * sizeof *r->values);
    r->present = gd__arena_alloc(a, t->nfields + 1);
    r->texts = gd__arena_alloc(a, (t->nfields + 1) * sizeof *r->texts);
    r->sources = gd__arena_alloc(a, (t->nfields + 1) * sizeof *r->sources);
    r->group_of_field = gd__arena_alloc(a, (t->nfields + 1) * sizeof *r->group_of_field);
    r->section_heading = gd__arena_alloc(a, (t->nsections + 1) * sizeof *r->section_heading);
    r->section_text = gd__arena_alloc(a, (t->nsections + 1) * sizeof *r->section_text);
    r->consumed = gd__arena_alloc(a, nblocks + 1);
    size_t ng = 0;
    for (size_t ti = 0; ti < t->ntables; ti++) ng += t->tables[ti].ngroups;
    r->ngroups_flat = ng;
    r->group_sum = gd__arena_alloc(a, (ng + 1) * sizeof *r->group_sum);
    r->group_present = gd__arena_alloc(a, (ng + 1) * sizeof *r->group_present);
    if (!r->values || !r->present || !r->texts || !r->sources || !r->group_of_field ||
        !r->section_heading || !r->section_text || !r->consumed || !r->group_sum ||
        !r->group_present)
        return NULL;
    for (size_t f = 0; f < t->nfields; f++) r->group_of_field[f] = -1;
    size_t gi = 0;
    for (size_t ti = 0; ti < t->ntables; ti++) {
        const tpl_table *tb = &t->tables[ti];
        for (size_t g = 0; g < tb->ngroups; g++, gi++) {
            size_t ncols = tb->rows[tb->groups[g].rows[0]].nfields;
            r->group_sum[gi] = gd__arena_alloc(a, (ncols + 1) * sizeof **r->group_sum);
            r->group_present[gi] = gd__arena_alloc(a, ncols + 1);
            if (!r->group_sum[gi] || !r->group_present[gi]) return NULL;
            for (size_t k = 0; k < tb->groups[g].nrows; k++) {
                const tpl_row *row = &tb->rows[tb->groups[g].rows[k]];
                for (size_t f = 0; f < row->nfields; f++)
                    r->group_of_field[row->fields[f]] = (int)gi;
            }
        }
    }
    return r;
}

int gd_report_recognize(gd_doc *doc, gd_ctx *ctx)
{
    if (!doc) return GD_EUSER;
    doc->report = NULL;
    const tpl *const *tpls;
    const char *const *bad;
    size_t ntpl, nbad;
    int rc = gd__templates(&tpls, &ntpl, &bad, &nbad);
    if (rc) return gd_ctx_error(ctx, rc, "cannot load report templates");
    for (size_t i = 0; i < nbad; i++) gd_ctx_warn(ctx, "template not loaded: %s", bad[i]);
    if (!ntpl) return GD_OK;
    tokens tk;
    if ((rc = gd__tokens_build(&tk, doc))) return gd_ctx_error(ctx, rc, "out of memory");
    const tpl *best = gd__template_choose(tpls, ntpl, &tk);
    cls *cl = NULL;
    gd_report *r = NULL;
    size_t rows_found = 0;
    if (best) {
        cl = calloc(tk.n + 1, sizeof *cl);
        r = cl ? report_new(doc, best, tk.nblocks) : NULL;
        if (!r) rc = GD_ENOMEM;
        if (rc == GD_OK) rc = gd__join_wrapped(best, &tk);
        for (size_t i = 0; rc == GD_OK && i < tk.n; i++)
            cl[i] = gd__classify(best, &tk.v[i], tk.v[i].line_start);
        if (rc == GD_OK) rc = gd__report_read_rows(r, doc, &tk, cl, &rows_found);
    }
    /* a report has its tables: a few value rows at least */
    if (rc == GD_OK && r && rows_found >= 3) {
        /* section_text points into the tokens: keep copies */
        for (size_t s = 0; s < best->nsections && rc == GD_OK; s++) {
            if (r->section_text[s]) {
                r->section_text[s] = gd__arena_strdup(&doc->arena, r->section_text[s]);
                if (!r->section_text[s]) rc = GD_ENOMEM;
            } else {
                gd_doc_diag_add(doc, GD_SEV_WARNING,
                                gd__report_printf(doc,
                                                  "section %s not found (the template has "
                                                  "six sections; none may be left out)",
                                                  best->sections[s].heading));
            }
        }
        gd__report_consume_table_text(r, &tk, cl);
        gd__report_metadata(r, doc, &tk);
        rc = gd__report_checks(r, doc, &tk);
        if (rc == GD_OK) rc = gd__report_canonical(r, doc, &tk);
        if (rc == GD_OK) doc->report = r;
    }
    free(cl);
    gd__tokens_free(&tk);
    if (rc) return gd_ctx_error(ctx, rc, "out of memory while recognising the report");
    return GD_OK;
}
