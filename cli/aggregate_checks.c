/* The data set's bookkeeping and its checks across reports: duplicates
 * (the same agency and year twice) and series.carried_over (二、上年结转 of
 * year N = 四、结转下年度继续办理 of year N−1, column by column). */
#define _GNU_SOURCE
#include "aggregate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CARRIED_OVER    "requests.carried_over."
#define CARRIED_FORWARD "requests.carried_forward."

void agg_set_free(agg_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        agg_report *r = &s->r[i];
        free(r->file);
        free(r->source);
        free(r->source_format);
        free(r->agency_written);
        free(r->agency);
        free(r->values);
        free(r->present);
        for (size_t k = 0; k < r->nfailed; k++) {
            free(r->failed[k].rule);
            free(r->failed[k].message);
        }
        free(r->failed);
    }
    for (size_t i = 0; i < s->nf; i++) {
        agg_finding *f = &s->f[i];
        free(f->rule);
        free(f->agency);
        free(f->source);
        free(f->message);
        free(f->field);
    }
    for (size_t i = 0; i < s->np; i++) {
        free(s->p[i].path);
        free(s->p[i].reason);
    }
    for (size_t i = 0; i < s->ncols; i++) free(s->cols[i].heading);
    free(s->r);
    free(s->f);
    free(s->p);
    free(s->cols);
    memset(s, 0, sizeof *s);
}

size_t agg_field_index(size_t t, const char *key)
{
    size_t n = gd_template_field_count(t);
    for (size_t i = 0; key && i < n; i++)
        if (strcmp(gd_template_field_key(t, i), key) == 0) return i;
    return (size_t)-1;
}

int agg_value(const agg_report *r, const char *key, double *v)
{
    size_t i = agg_field_index(r->tpl, key);
    if (i == (size_t)-1 || !r->present[i]) return 0;
    if (v) *v = r->values[i];
    return 1;
}

void agg_format_number(char *buf, size_t n, double v)
{
    if (v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, n, "%.0f", v);
        return;
    }
    snprintf(buf, n, "%.6f", v);
    char *e = buf + strlen(buf);
    while (e > buf && e[-1] == '0') *--e = 0;
    if (e > buf && e[-1] == '.') e[-1] = 0;
}

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

int agg_finding_add(agg_set *s, const agg_finding *f)
{
    if (s->nf == s->capf) {
        size_t c = s->capf ? s->capf * 2 : 32;
        agg_finding *v = realloc(s->f, c * sizeof *v);
        if (!v) return GD_ENOMEM;
        s->f = v;
        s->capf = c;
    }
    agg_finding *d = &s->f[s->nf];
    *d = *f;
    d->seq = s->nf;
    d->rule = dup_or_null(f->rule);
    d->agency = dup_or_null(f->agency);
    d->source = dup_or_null(f->source);
    d->message = dup_or_null(f->message);
    d->field = dup_or_null(f->field);
    if ((f->rule && !d->rule) || (f->agency && !d->agency) || (f->source && !d->source) ||
        (f->message && !d->message) || (f->field && !d->field)) {
        free(d->rule);
        free(d->agency);
        free(d->source);
        free(d->message);
        free(d->field);
        return GD_ENOMEM;
    }
    s->nf++;
    return GD_OK;
}

/* ---- ordering ---- */

static int cmp_str(const char *a, const char *b)
{
    if (!a || !b) return a ? -1 : b ? 1 : 0; /* unknown agencies last */
    return strcmp(a, b);
}

static int cmp_reports(const void *pa, const void *pb)
{
    const agg_report *a = pa, *b = pb;
    if (a->used != b->used) return a->used ? -1 : 1;
    int c = cmp_str(a->agency, b->agency);
    if (c) return c;
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static int cmp_findings(const void *pa, const void *pb)
{
    const agg_finding *a = pa, *b = pb;
    int c = cmp_str(a->agency, b->agency);
    if (c) return c;
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    c = strcmp(a->severity, b->severity); /* error before warning */
    if (c) return c;
    c = strcmp(a->rule, b->rule);
    if (c) return c;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void agg_sort(agg_set *s)
{
    if (s->n) qsort(s->r, s->n, sizeof *s->r, cmp_reports);
    if (s->nf) qsort(s->f, s->nf, sizeof *s->f, cmp_findings);
}

/* ---- duplicates ---- */

static size_t present_count(const agg_report *r)
{
    size_t n = 0, nf = gd_template_field_count(r->tpl);
    for (size_t i = 0; i < nf; i++) n += r->present[i];
    return n;
}

/* The better copy: more fields read, then fewer failed sums, then first. */
static bool better(const agg_report *a, const agg_report *b)
{
    size_t pa = present_count(a), pb = present_count(b);
    if (pa != pb) return pa > pb;
    if (a->sum_failed != b->sum_failed) return a->sum_failed < b->sum_failed;
    return a->order < b->order;
}

/* Fields that differ between two copies (by key, over both templates);
 * the first few described in *desc. */
static size_t differences(const agg_report *a, const agg_report *b, char *desc, size_t n)
{
    size_t diff = 0, used = 0;
    desc[0] = 0;
    for (int pass = 0; pass < 2; pass++) {
        const agg_report *x = pass ? b : a, *y = pass ? a : b;
        size_t nf = gd_template_field_count(x->tpl);
        for (size_t i = 0; i < nf; i++) {
            const char *key = gd_template_field_key(x->tpl, i);
            size_t j = agg_field_index(y->tpl, key);
            if (pass && j != (size_t)-1) continue; /* compared in the first pass */
            bool px = x->present[i], py = j != (size_t)-1 && y->present[j];
            double vx = x->values[i], vy = py ? y->values[j] : 0;
            if (px == py && (!px || vx == vy)) continue;
            diff++;
            if (diff <= 3 && used + 1 < n) {
                char a1[40] = "空", b1[40] = "空";
                if (px) agg_format_number(a1, sizeof a1, vx);
                if (py) agg_format_number(b1, sizeof b1, vy);
                int w =
                    snprintf(desc + used, n - used, "%s%s %s / %s", used ? "；" : "",
                             gd_template_field_label(x->tpl, i), pass ? b1 : a1, pass ? a1 : b1);
                if (w > 0) used += (size_t)w < n - used ? (size_t)w : n - used - 1;
            }
        }
    }
    return diff;
}

int agg_duplicates(agg_set *s)
{
    int rc = GD_OK;
    bool *done = calloc(s->n + 1, 1);
    if (!done) return GD_ENOMEM;
    for (size_t i = 0; rc == GD_OK && i < s->n; i++) {
        agg_report *a = &s->r[i];
        if (done[i] || !a->used || !a->agency || !a->year) continue;
        size_t best = i, copies = 1;
        for (size_t k = i + 1; k < s->n; k++) {
            agg_report *b = &s->r[k];
            if (!b->used || !b->agency || b->year != a->year || strcmp(b->agency, a->agency))
                continue;
            copies++;
            if (better(b, &s->r[best])) best = k;
        }
        if (copies == 1) continue;
        agg_report *keep = &s->r[best];
        char *others = NULL;
        size_t olen = 0;
        FILE *mem = open_memstream(&others, &olen);
        if (!mem) return GD_ENOMEM;
        size_t listed = 0;
        for (size_t k = i; k < s->n; k++) {
            agg_report *b = &s->r[k];
            if (!b->used || !b->agency || b->year != a->year || strcmp(b->agency, a->agency))
                continue;
            done[k] = true;
            b->copies = (int)copies;
            if (k == best) continue;
            b->used = false;
            if (++listed > 5) {
                if (listed == 6) fprintf(mem, "；另有 %zu 份", copies - 6);
                continue;
            }
            char desc[600];
            size_t d = differences(keep, b, desc, sizeof desc);
            if (d)
                fprintf(mem, "；%s 有 %zu 项不同（%s%s）", b->source, d, desc, d > 3 ? "……" : "");
            else
                fprintf(mem, "；%s 各项相同", b->source);
        }
        fclose(mem);
        char *msg = NULL;
        if (asprintf(&msg, "%s %d年 有 %zu 份报告：采用 %s%s", a->agency, a->year, copies,
                     keep->source, others ? others : "") < 0)
            msg = NULL;
        agg_finding f = {.severity = "warning",
                         .rule = "duplicate",
                         .agency = a->agency,
                         .source = keep->source,
                         .message = msg,
                         .year = a->year};
        rc = msg ? agg_finding_add(s, &f) : GD_ENOMEM;
        free(msg);
        free(others);
    }
    free(done);
    return rc;
}

/* ---- series.carried_over ---- */

/* The used report of this agency and year, or NULL. */
static agg_report *find_year(agg_set *s, const char *agency, int year)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->r[i].used && s->r[i].agency && s->r[i].year == year &&
            strcmp(s->r[i].agency, agency) == 0)
            return &s->r[i];
    return NULL;
}

int agg_series(agg_set *s)
{
    int rc = GD_OK;
    for (size_t i = 0; rc == GD_OK && i < s->n; i++) {
        agg_report *cur = &s->r[i];
        if (!cur->used || !cur->agency || !cur->year) continue;
        agg_report *prev = find_year(s, cur->agency, cur->year - 1);
        if (!prev) continue;
        size_t nf = gd_template_field_count(cur->tpl);
        for (size_t f = 0; rc == GD_OK && f < nf; f++) {
            const char *key = gd_template_field_key(cur->tpl, f);
            if (strncmp(key, CARRIED_OVER, strlen(CARRIED_OVER)) != 0) continue;
            char prev_key[256];
            snprintf(prev_key, sizeof prev_key, "%s%s", CARRIED_FORWARD,
                     key + strlen(CARRIED_OVER));
            size_t pf = agg_field_index(prev->tpl, prev_key);
            if (pf == (size_t)-1 || !cur->present[f] || !prev->present[pf]) continue;
            double now = cur->values[f], before = prev->values[pf];
            if (fabs(now - before) < 1e-9) continue;
            char a[40], b[40], d[40];
            agg_format_number(a, sizeof a, now);
            agg_format_number(b, sizeof b, before);
            agg_format_number(d, sizeof d, fabs(now - before));
            char *msg = NULL;
            if (asprintf(&msg, "%s %s: %d年 二、上年结转 %s，但 %d年 四、结转下年度 %s，相差 %s",
                         gd_template_field_table(cur->tpl, f),
                         gd_template_field_column(cur->tpl, f), cur->year, a, prev->year, b, d) < 0)
                return GD_ENOMEM;
            agg_finding fd = {.severity = "error",
                              .rule = "series.carried_over",
                              .agency = cur->agency,
                              .source = cur->source,
                              .message = msg,
                              .year = cur->year,
                              .field = (char *)key,
                              .has_value = true,
                              .value = now,
                              .has_other = true,
                              .other_value = before,
                              .other_year = prev->year};
            rc = agg_finding_add(s, &fd);
            free(msg);
            cur->series_failed++;
        }
    }
    return rc;
}

/* ---- columns ---- */

static const struct {
    const char *key, *label, *description;
} fixed[] = {
    {"source", "来源文件",
     "the source document (for a JSON output or a batch record: the document it was converted "
     "from)"},
    {"agency", "机关", "the agency, normalised so that one agency written two ways is one name"},
    {"agency_written", "机关（原文）", "the agency as the report writes it"},
    {"level", "层级",
     "省 市 县 区 乡镇 部门, told from the agency's name; empty when it cannot be told"},
    {"year", "年度", "the report's year"},
    {"template", "模板", "the template the report follows"},
    {"sum_checks_failed", "表内校验未通过",
     "failed sum.* checks (the tables do not add up, or cannot be checked)"},
    {"prose_warnings", "正文与表格不符",
     "prose.* warnings: numbers the text states that the tables do not give"},
    {"series_mismatches", "跨年度结转不符",
     "series.carried_over findings: 二、上年结转 differs from the previous year's 四、结转下年度"},
    {"copies", "副本数",
     "reports of this agency and year found (more than 1: duplicates, this one used)"},
    {"file", "读取文件", "the file read (a govdoc JSON output, or the document itself)"},
};

static int add_column(agg_set *s, size_t at, size_t *cap, agg_column c)
{
    if (s->ncols == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        agg_column *v = realloc(s->cols, *cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        s->cols = v;
    }
    memmove(&s->cols[at + 1], &s->cols[at], (s->ncols - at) * sizeof *s->cols);
    s->cols[at] = c;
    s->ncols++;
    return GD_OK;
}

static void note_template(agg_column *c, size_t t)
{
    size_t n = strlen(c->templates);
    snprintf(c->templates + n, sizeof c->templates - n, "%s%s", n ? ", " : "", gd_template_id(t));
}

static int by_id_desc(const void *a, const void *b)
{
    return strcmp(gd_template_id(*(const size_t *)b), gd_template_id(*(const size_t *)a));
}

int agg_columns(agg_set *s, size_t only_template)
{
    size_t cap = 0;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
        agg_column c = {.key = fixed[i].key,
                        .heading = strdup(fixed[i].label),
                        .fixed = true,
                        .description = fixed[i].description};
        if (!c.heading || add_column(s, s->ncols, &cap, c)) return GD_ENOMEM;
    }
    s->nfixed = s->ncols;
    /* the templates in play, newest first */
    size_t nt = gd_template_count(), *order = calloc(nt + 1, sizeof *order), k = 0;
    if (!order) return GD_ENOMEM;
    for (size_t t = 0; t < nt; t++) {
        bool in_play = only_template != (size_t)-1 ? t == only_template : !s->n;
        for (size_t i = 0; !in_play && i < s->n; i++) in_play = s->r[i].used && s->r[i].tpl == t;
        if (in_play) order[k++] = t;
    }
    if (!k && only_template == (size_t)-1)
        for (size_t t = 0; t < nt; t++) order[k++] = t;
    qsort(order, k, sizeof *order, by_id_desc);
    int rc = GD_OK;
    for (size_t o = 0; rc == GD_OK && o < k; o++) {
        size_t t = order[o], after = s->nfixed; /* insert after the last field of t seen */
        for (size_t i = 0; rc == GD_OK && i < gd_template_field_count(t); i++) {
            const char *key = gd_template_field_key(t, i);
            size_t at = (size_t)-1;
            for (size_t c = s->nfixed; c < s->ncols && at == (size_t)-1; c++)
                if (strcmp(s->cols[c].key, key) == 0) at = c;
            if (at != (size_t)-1) {
                note_template(&s->cols[at], t);
                after = at + 1;
                continue;
            }
            agg_column c = {.key = key,
                            .heading = gd_template_field_heading(t, i),
                            .table = gd_template_field_table(t, i),
                            .unit = gd_template_field_unit(t, i)};
            note_template(&c, t);
            if (!c.heading || add_column(s, after, &cap, c)) rc = GD_ENOMEM;
            after++;
        }
    }
    free(order);
    return rc;
}
