/* Counting a batch's outcomes. */
#define _GNU_SOURCE
#include "batch_stats.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[BS_NSTATUS] = {"ok",      "failed", "timeout",
                                              "crashed", "memory", "skipped"};

const char *bs_status_name(int status)
{
    return status >= 0 && status < BS_NSTATUS ? names[status] : "failed";
}

int bs_status_parse(const char *name)
{
    for (int i = 0; name && i < BS_NSTATUS; i++)
        if (strcmp(name, names[i]) == 0) return i;
    return -1;
}

char *bs_reason_key(const char *error, const char *input)
{
    if (!error) return strdup("(no message)");
    size_t il = input ? strlen(input) : 0;
    if (il && strncmp(error, input, il) == 0 && error[il] == ':' && error[il + 1] == ' ')
        error += il + 2;
    char *k = malloc(strlen(error) + 1), *o = k;
    if (!k) return NULL;
    for (const char *p = error; *p;) {
        if (isdigit((unsigned char)*p)) {
            *o++ = 'N';
            while (isdigit((unsigned char)*p)) p++;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    return k;
}

static void add_reason(bstats *s, const char *error, const char *input, const char *rel)
{
    char *key = bs_reason_key(error, input);
    if (!key) return;
    for (size_t i = 0; i < s->nreasons; i++) {
        if (strcmp(s->reasons[i].key, key) == 0) {
            s->reasons[i].n++;
            free(key);
            return;
        }
    }
    if (s->nreasons >= 1000) { /* bounded: a million distinct reasons is noise */
        free(key);
        key = strdup("(other reasons)");
        for (size_t i = 0; key && i < s->nreasons; i++) {
            if (strcmp(s->reasons[i].key, key) == 0) {
                s->reasons[i].n++;
                free(key);
                return;
            }
        }
    }
    if (!key) return;
    if (s->nreasons == s->capreasons) {
        size_t cap = s->capreasons ? s->capreasons * 2 : 16;
        bs_reason *v = realloc(s->reasons, cap * sizeof *v);
        if (!v) {
            free(key);
            return;
        }
        s->reasons = v;
        s->capreasons = cap;
    }
    s->reasons[s->nreasons++] = (bs_reason){key, strdup(rel ? rel : ""), 1};
}

void bstats_add(bstats *s, int status, const char *rel, const char *input, const char *error,
                double ms)
{
    if (status < 0 || status >= BS_NSTATUS) status = BS_FAILED;
    s->count[status]++;
    s->inputs++;
    if (status != BS_OK && status != BS_SKIPPED) add_reason(s, error, input, rel);
    if (status == BS_SKIPPED || !(ms > 0)) return;
    /* the slowest few, slowest first */
    size_t pos = s->nslow;
    while (pos > 0 && s->slow[pos - 1].ms < ms) pos--;
    if (pos >= BS_SLOWEST) return;
    if (s->nslow == BS_SLOWEST)
        free(s->slow[BS_SLOWEST - 1].rel);
    else
        s->nslow++;
    memmove(&s->slow[pos + 1], &s->slow[pos], (s->nslow - 1 - pos) * sizeof s->slow[0]);
    s->slow[pos].rel = strdup(rel ? rel : "");
    s->slow[pos].status = status;
    s->slow[pos].ms = ms;
}

static int by_count(const void *a, const void *b)
{
    const bs_reason *x = a, *y = b;
    if (x->n != y->n) return x->n > y->n ? -1 : 1;
    return strcmp(x->key, y->key);
}

static double rate(const bstats *s, double elapsed)
{
    uint64_t done = s->inputs - s->count[BS_SKIPPED];
    return elapsed > 0 ? (double)done / elapsed : 0;
}

json_t *bstats_summary(const bstats *s, double elapsed_s, json_t *extra)
{
    json_t *o = json_object();
    json_object_set_new(o, "inputs", json_integer((json_int_t)s->inputs));
    for (int i = 0; i < BS_NSTATUS; i++)
        json_object_set_new(o, names[i], json_integer((json_int_t)s->count[i]));
    bs_reason *r = malloc((s->nreasons ? s->nreasons : 1) * sizeof *r);
    json_t *reasons = json_array();
    if (r && s->nreasons) {
        memcpy(r, s->reasons, s->nreasons * sizeof *r);
        qsort(r, s->nreasons, sizeof *r, by_count);
        for (size_t i = 0; i < s->nreasons; i++)
            json_array_append_new(reasons, json_pack("{s:s,s:I,s:s}", "reason", r[i].key, "count",
                                                     (json_int_t)r[i].n, "example",
                                                     r[i].example ? r[i].example : ""));
    }
    free(r);
    json_object_set_new(o, "reasons", reasons);
    json_object_set_new(o, "elapsed_s", json_real((double)(long long)(elapsed_s * 1000) / 1000));
    json_object_set_new(o, "docs_per_s",
                        json_real((double)(long long)(rate(s, elapsed_s) * 100) / 100));
    json_t *slow = json_array();
    for (size_t i = 0; i < s->nslow; i++)
        json_array_append_new(slow,
                              json_pack("{s:s,s:s,s:f}", "rel", s->slow[i].rel, "status",
                                        names[s->slow[i].status], "duration_ms", s->slow[i].ms));
    json_object_set_new(o, "slowest", slow);
    if (extra) json_object_update(o, extra);
    json_decref(extra);
    return json_pack("{s:o}", "summary", o);
}

void bstats_print(const bstats *s, double elapsed_s, FILE *f)
{
    fprintf(f, "govdoc: %llu inputs in %.1f s (%.1f docs/s):", (unsigned long long)s->inputs,
            elapsed_s, rate(s, elapsed_s));
    const char *sep = " ";
    for (int i = 0; i < BS_NSTATUS; i++) {
        if (!s->count[i] && i != BS_OK) continue;
        fprintf(f, "%s%llu %s", sep, (unsigned long long)s->count[i], names[i]);
        sep = ", ";
    }
    fprintf(f, "\n");
    bs_reason *r = malloc((s->nreasons ? s->nreasons : 1) * sizeof *r);
    if (r && s->nreasons) {
        memcpy(r, s->reasons, s->nreasons * sizeof *r);
        qsort(r, s->nreasons, sizeof *r, by_count);
        fprintf(f, "govdoc: failures by reason:\n");
        for (size_t i = 0; i < s->nreasons && i < 10; i++)
            fprintf(f, "  %6llu  %s (e.g. %s)\n", (unsigned long long)r[i].n, r[i].key,
                    r[i].example);
        if (s->nreasons > 10)
            fprintf(f, "  ... %zu more reasons (see the manifest)\n", s->nreasons - 10);
    }
    free(r);
    if (s->nslow) {
        fprintf(f, "govdoc: slowest:");
        for (size_t i = 0; i < s->nslow; i++)
            fprintf(f, "%s %s (%.0f ms%s%s)", i ? "," : "", s->slow[i].rel, s->slow[i].ms,
                    s->slow[i].status == BS_OK ? "" : ", ",
                    s->slow[i].status == BS_OK ? "" : names[s->slow[i].status]);
        fprintf(f, "\n");
    }
}

void bstats_free(bstats *s)
{
    for (size_t i = 0; i < s->nreasons; i++) {
        free(s->reasons[i].key);
        free(s->reasons[i].example);
    }
    free(s->reasons);
    for (size_t i = 0; i < s->nslow; i++) free(s->slow[i].rel);
    memset(s, 0, sizeof *s);
}
