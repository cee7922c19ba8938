/* Recognising a report: pick the template whose labels the document uses,
 * find its section headings, then read every value row of its tables by
 * its label — the values are the next ones in reading order. The same code
 * reads a DOCX table, an HTML table, a table rebuilt from flattened text or
 * lines of pdftotext output, because it only sees the token stream. */
#include "report_internal.h"
#include "govdoc/gd_report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum cls_kind { CLS_NONE, CLS_ROW, CLS_GROUP, CLS_ANCHOR, CLS_SECTION };

typedef struct cls {
    enum cls_kind kind;
    int table, index; /* row or group; section index for CLS_SECTION */
    int score;
} cls;

#define MAX_LABEL_BYTES 600 /* longer tokens are prose, never a label */
#define VALUE_WINDOW    80  /* tokens scanned for a row's values */

char *gd__report_printf(gd_doc *doc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *tmp = gd__vasprintf(fmt, ap);
    va_end(ap);
    char *s = tmp ? gd__arena_strdup(&doc->arena, tmp) : NULL;
    free(tmp);
    return s;
}

void gd__report_format_value(char *buf, size_t n, double v)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, n, "%.0f", v);
        return;
    }
    /* up to six decimals (万元 amounts), without trailing zeros */
    snprintf(buf, n, "%.6f", v);
    char *e = buf + strlen(buf);
    while (e > buf && e[-1] == '0') *--e = 0;
    if (e > buf && e[-1] == '.') e[-1] = 0;
}

/* ---- classification of label tokens ---- */

static int best_of(const tpl_strs *s, const label_key *k)
{
    int best = 0;
    for (size_t i = 0; i < s->n; i++) {
        int m = gd__label_match_keys(k, &s->k[i]);
        if (m > best) best = m;
    }
    return best;
}

static cls classify(const tpl *t, const tok *k, bool headings_allowed)
{
    cls c = {CLS_NONE, -1, -1, 0};
    if (k->kind != TOK_LABEL || k->absorbed || strlen(k->norm) > MAX_LABEL_BYTES) return c;
    label_key key;
    gd__label_key(&key, k->norm);
    if (headings_allowed && !k->table) {
        const char *un = gd__label_unnumbered(k->norm);
        for (size_t s = 0; s < t->nsections; s++)
            for (size_t a = 0; a < t->sections[s].match.n; a++)
                if (strcmp(un, t->sections[s].match.v[a]) == 0)
                    return (cls){CLS_SECTION, -1, (int)s, 100};
    }
    for (size_t ti = 0; ti < t->ntables; ti++) {
        const tpl_table *tb = &t->tables[ti];
        for (size_t r = 0; r < tb->nrows; r++) {
            const tpl_row *row = &tb->rows[r];
            if (!row->nfields) continue;
            int m = best_of(&row->match, &key);
            if (m > c.score) c = (cls){CLS_ROW, (int)ti, (int)r, m};
            m = best_of(&row->anchor, &key) == 100 ? 100 : 0;
            if (m > c.score) c = (cls){CLS_ANCHOR, (int)ti, (int)r, m};
        }
        for (size_t g = 0; g < tb->ngroups; g++) {
            int m = best_of(&tb->groups[g].match, &key);
            if (m > c.score) c = (cls){CLS_GROUP, (int)ti, (int)g, m};
        }
    }
    if (c.score < 70) c.kind = CLS_NONE;
    return c;
}

/* ---- labels wrapped by pdftotext -layout ---- */

/* pdftotext -layout prints a table row on one line and wraps its long
 * labels onto the lines below, each fragment at its label's column. A
 * label that matches no row well is joined with the fragments below it, as
 * long as the joined text matches a row better. */
static int join_wrapped(const tpl *t, tokens *tk)
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
            int best = classify(t, lab, false).score, best_n = 0, n = 0;
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
                int score = classify(t, &trial, false).score;
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
    return GD_OK;
}

/* ---- template choice ---- */

static int template_score(const tpl *t, const tokens *tk)
{
    /* distinct labels of the template found verbatim, the template's own
     * labels (absent from the other templates) three times over */
    size_t nl = t->labels.n + t->detect.n;
    bool *seen = calloc(nl + 1, 1);
    if (!seen) return 0;
    int score = 0;
    for (size_t i = 0; i < tk->n; i++) {
        const tok *k = &tk->v[i];
        if (k->kind != TOK_LABEL || strlen(k->norm) > MAX_LABEL_BYTES) continue;
        for (size_t j = 0; j < t->labels.n; j++)
            if (!seen[j] && strcmp(k->norm, t->labels.v[j]) == 0) seen[j] = true, score++;
        label_key key;
        gd__label_key(&key, k->norm);
        for (size_t j = 0; j < t->detect.n; j++)
            if (!seen[t->labels.n + j] && gd__label_match_keys(&key, &t->detect.k[j]) >= 80)
                seen[t->labels.n + j] = true, score += 3;
    }
    free(seen);
    return score;
}

/* ---- the report object ---- */

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

/* The values after token i: up to `want`, skipping labels that belong to
 * nothing (header texts, wrapped label fragments), stopping at a label
 * that starts another row or section. */
static size_t collect(const tokens *tk, const cls *cl, size_t i, size_t want, size_t *idx,
                      int same_row_table, int same_row)
{
    size_t got = 0;
    for (size_t j = i + 1; j < tk->n && got < want && j - i < VALUE_WINDOW; j++) {
        const tok *k = &tk->v[j];
        if (k->kind == TOK_LABEL) {
            if (cl[j].kind == CLS_NONE) continue;
            if (cl[j].kind == CLS_ANCHOR && cl[j].table == same_row_table &&
                cl[j].index == same_row)
                continue;
            break;
        }
        idx[got++] = j;
    }
    return got;
}

/* The block of token i is part of a template table. */
static void consume(gd_report *r, const tokens *tk, size_t i)
{
    r->consumed[tk->v[i].block] = true;
}

static int assign_row(gd_report *r, gd_doc *doc, const tokens *tk, const tpl_row *row,
                      const size_t *idx)
{
    for (size_t f = 0; f < row->nfields; f++) {
        const tok *k = &tk->v[idx[f]];
        int fi = row->fields[f];
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

static int read_rows(gd_report *r, gd_doc *doc, const tokens *tk, cls *cl, size_t *rows_found)
{
    const tpl *t = r->tpl;
    size_t *start = calloc(t->nsections + 1, sizeof *start);
    size_t *idx = calloc(VALUE_WINDOW + 1, sizeof *idx);
    bool **filled = calloc(t->ntables + 1, sizeof *filled);
    int rc = start && idx && filled ? GD_OK : GD_ENOMEM;
    for (size_t ti = 0; rc == GD_OK && ti < t->ntables; ti++)
        if (!(filled[ti] = calloc(t->tables[ti].nrows + 1, 1))) rc = GD_ENOMEM;
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
            size_t got = collect(tk, cl, i, first->nfields, idx, -1, -1);
            if (got != first->nfields) continue;
            size_t gi = 0;
            for (int x = 0; x < c.table; x++) gi += t->tables[x].ngroups;
            gi += (size_t)c.index;
            for (size_t f = 0; f < got; f++) {
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
        size_t got =
            collect(tk, cl, i, row->nfields, idx, c.kind == CLS_ANCHOR ? c.table : -1, c.index);
        if (got == row->nfields) {
            rc = assign_row(r, doc, tk, row, idx);
            filled[c.table][c.index] = true;
            (*rows_found)++;
            consume(r, tk, i);
            for (size_t f = 0; f < got; f++) consume(r, tk, idx[f]);
        } else if (got > 0 && c.kind == CLS_ROW) {
            gd_doc_diag_add(doc, GD_SEV_WARNING,
                            gd__report_printf(doc,
                                              "%s %s: %zu values where the template has %zu; "
                                              "the row is left blank",
                                              tb->name, row->name, got, row->nfields));
            consume(r, tk, i);
        }
    }
    for (size_t ti = 0; filled && ti < t->ntables; ti++) free(filled[ti]);
    free(filled);
    free(start);
    free(idx);
    return rc;
}

/* Texts of the tables themselves (header labels of the template) are part
 * of the table too, wherever a text-only layout left them. */
static void consume_table_text(gd_report *r, const tokens *tk, const cls *cl)
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

/* ---- metadata: agency and year from the title and the preamble ---- */

static const char *find_year(const char *s)
{
    for (const char *p = s; p && *p; p++) {
        if (p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && strncmp(p + 4, "年", 3) == 0 &&
            (p == s || p[-1] < '0' || p[-1] > '9'))
            return p;
    }
    return NULL;
}

static char *between(gd_doc *doc, const char *s, const char *open, const char *const *close,
                     size_t nclose, size_t max)
{
    const char *a = strstr(s, open);
    if (!a) return NULL;
    a += strlen(open);
    const char *end = NULL;
    for (size_t i = 0; i < nclose; i++) {
        const char *e = strstr(a, close[i]);
        if (e && (!end || e < end)) end = e;
    }
    if (!end || end == a || (size_t)(end - a) > max) return NULL;
    return gd__arena_strndup(&doc->arena, a, (size_t)(end - a));
}

static void metadata(gd_report *r, gd_doc *doc, const tokens *tk)
{
    const char *title = gd_doc_meta_get(doc, "title");
    char *found = NULL;
    if (!title) {
        for (size_t b = 0; b < tk->nblocks && b < 8 && !title; b++) {
            char *s = gd_node_text_dup(tk->blocks[b]);
            if (s && strstr(s, "年度报告") && strlen(s) < 300) {
                title = found = gd__arena_strdup(&doc->arena, s);
            }
            free(s);
        }
    }
    const char *y = title ? find_year(title) : NULL;
    /* the preamble: the text before the first section */
    char *pre = NULL;
    for (size_t b = 0; b < tk->nblocks && b < 12 && !pre; b++) {
        char *s = gd_node_text_dup(tk->blocks[b]);
        if (s && (strstr(s, "编制") || strstr(s, "统计期限") || strstr(s, "本报告"))) {
            pre = gd__arena_strdup(&doc->arena, s);
        }
        free(s);
    }
    if (!y && pre) {
        const char *p = strstr(pre, "统计期限");
        y = find_year(p ? p : pre);
    }
    if (y)
        r->year = gd__arena_strndup(&doc->arena, y, 4);
    else
        r->year = gd_doc_meta_get(doc, "year");

    static const char *const ends[] = {"结合", "根据", "依据", "编制", "负责"};
    char *agency = pre ? between(doc, pre, "由", ends, 5, 120) : NULL;
    if (agency && strlen(agency) < 6) agency = NULL; /* two characters at least */
    if (!agency && title) {
        const char *cut = y ? y : strstr(title, r->tpl->title);
        if (cut && cut > title)
            agency = gd__arena_strndup(&doc->arena, title, (size_t)(cut - title));
    }
    if (!agency) agency = (char *)gd_doc_meta_get(doc, "issuer");
    r->agency = agency;
    if (r->agency && !gd_doc_meta_get(doc, "issuer")) gd_doc_meta_set(doc, "issuer", r->agency);
    if (r->year && !gd_doc_meta_get(doc, "year")) gd_doc_meta_set(doc, "year", r->year);
    if (found && !gd_doc_meta_get(doc, "title")) gd_doc_meta_set(doc, "title", found);
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
    const tpl *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < ntpl; i++) {
        int s = template_score(tpls[i], &tk);
        if (s > best_score) best = tpls[i], best_score = s;
    }
    cls *cl = NULL;
    gd_report *r = NULL;
    size_t rows_found = 0;
    if (best && best_score >= 6) {
        cl = calloc(tk.n + 1, sizeof *cl);
        r = cl ? report_new(doc, best, tk.nblocks) : NULL;
        if (!r) rc = GD_ENOMEM;
        if (rc == GD_OK) rc = join_wrapped(best, &tk);
        for (size_t i = 0; rc == GD_OK && i < tk.n; i++)
            cl[i] = classify(best, &tk.v[i], tk.v[i].line_start);
        if (rc == GD_OK) rc = read_rows(r, doc, &tk, cl, &rows_found);
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
        consume_table_text(r, &tk, cl);
        metadata(r, doc, &tk);
        rc = gd__report_checks(r, doc, &tk);
        if (rc == GD_OK) rc = gd__report_canonical(r, doc, &tk);
        if (rc == GD_OK) doc->report = r;
    }
    free(cl);
    gd__tokens_free(&tk);
    if (rc) return gd_ctx_error(ctx, rc, "out of memory while recognising the report");
    return GD_OK;
}

/* ---- accessors ---- */

const char *gd_report_template_id(const gd_report *r)
{
    return r ? r->tpl->id : NULL;
}

const char *gd_report_meta(const gd_report *r, const char *key)
{
    if (!r || !key) return NULL;
    if (strcmp(key, "agency") == 0) return r->agency;
    if (strcmp(key, "year") == 0) return r->year;
    if (strcmp(key, "template-name") == 0) return r->tpl->name;
    if (strcmp(key, "notice") == 0) return r->tpl->notice;
    return NULL;
}

const gd_node *gd_report_canonical(const gd_report *r)
{
    return r ? r->canonical : NULL;
}

size_t gd_report_field_count(const gd_report *r)
{
    return r ? r->tpl->nfields : 0;
}

const char *gd_report_field_key(const gd_report *r, size_t i)
{
    return r && i < r->tpl->nfields ? r->tpl->fields[i].key : NULL;
}

const char *gd_report_field_label(const gd_report *r, size_t i)
{
    if (!r || i >= r->tpl->nfields) return NULL;
    return r->tpl->fields[i].label;
}

int gd_report_field_value(const gd_report *r, size_t i, double *value)
{
    if (!r || i >= r->tpl->nfields || !r->present[i]) return 0;
    if (value) *value = r->values[i];
    return 1;
}

const char *gd_report_field_text(const gd_report *r, size_t i)
{
    return r && i < r->tpl->nfields ? r->texts[i] : NULL;
}

const char *gd_report_field_source(const gd_report *r, size_t i)
{
    return r && i < r->tpl->nfields ? r->sources[i] : NULL;
}

size_t gd_report_check_count(const gd_report *r)
{
    return r ? r->nchecks : 0;
}

const char *gd_report_check_rule(const gd_report *r, size_t i)
{
    return r && i < r->nchecks ? r->checks[i].rule : NULL;
}

int gd_report_check_ok(const gd_report *r, size_t i)
{
    return r && i < r->nchecks ? r->checks[i].ok : 0;
}

const char *gd_report_check_message(const gd_report *r, size_t i)
{
    return r && i < r->nchecks ? r->checks[i].message : NULL;
}

size_t gd_report_section_count(const gd_report *r)
{
    return r ? r->tpl->nsections : 0;
}

int gd_report_section_at(const gd_report *r, size_t i, const char **id, const char **heading,
                         const char **found)
{
    if (!r || i >= r->tpl->nsections) return GD_ENOTFOUND;
    if (id) *id = r->tpl->sections[i].id;
    if (heading) *heading = r->tpl->sections[i].heading;
    if (found) *found = r->section_text ? r->section_text[i] : NULL;
    return GD_OK;
}
