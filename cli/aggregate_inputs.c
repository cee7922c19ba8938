/* INPUT arguments → the files to read. A batch output directory is read
 * through its manifest (TEAM.md's schema): each input's last record, its
 * JSON output when the batch wrote one, else its source input; records of
 * failed inputs are problems, listed like the non-reports. */
#define _GNU_SOURCE
#include "aggregate.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MAX_WALK_DEPTH 64

int agg_problem_add(agg_problem **v, size_t *n, size_t *cap, const char *path, const char *reason,
                    bool not_report)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        agg_problem *nv = realloc(*v, c * sizeof *nv);
        if (!nv) return GD_ENOMEM;
        *v = nv;
        *cap = c;
    }
    agg_problem *p = &(*v)[*n];
    p->path = strdup(path ? path : "");
    p->reason = strdup(reason ? reason : "");
    p->not_report = not_report;
    if (!p->path || !p->reason) {
        free(p->path);
        free(p->reason);
        return GD_ENOMEM;
    }
    (*n)++;
    return GD_OK;
}

static int item_add(agg_inputs *in, const char *path, const char *source)
{
    if (in->n == in->cap) {
        size_t c = in->cap ? in->cap * 2 : 64;
        agg_item *v = realloc(in->v, c * sizeof *v);
        if (!v) return GD_ENOMEM;
        in->v = v;
        in->cap = c;
    }
    agg_item *it = &in->v[in->n];
    it->path = strdup(path);
    it->source = source ? strdup(source) : NULL;
    if (!it->path || (source && !it->source)) {
        free(it->path);
        free(it->source);
        return GD_ENOMEM;
    }
    in->n++;
    return GD_OK;
}

void agg_inputs_free(agg_inputs *in)
{
    for (size_t i = 0; i < in->n; i++) {
        free(in->v[i].path);
        free(in->v[i].source);
    }
    for (size_t i = 0; i < in->np; i++) {
        free(in->p[i].path);
        free(in->p[i].reason);
    }
    free(in->v);
    free(in->p);
    memset(in, 0, sizeof *in);
}

static bool is_file(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* manifest.jsonl or manifest-K-of-N.jsonl */
static bool manifest_name(const char *base)
{
    if (strcmp(base, "manifest.jsonl") == 0) return true;
    unsigned k, n;
    char tail[16];
    return sscanf(base, "manifest-%u-of-%u%15s", &k, &n, tail) == 3 && strcmp(tail, ".jsonl") == 0;
}

static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* A path a manifest names: as written (relative to where the batch ran),
 * else relative to the manifest's folder with leading components dropped
 * (the batch's OUTDIR as it was given). Malloc'ed, or NULL. */
static char *resolve(const char *dir, const char *path)
{
    if (!path || !*path) return NULL;
    if (is_file(path)) return strdup(path);
    if (path[0] == '/') return NULL;
    for (const char *p = path; p && *p; p = strchr(p, '/'), p = p ? p + 1 : NULL) {
        char *cand = NULL;
        if (asprintf(&cand, "%s/%s", dir, p) < 0) return NULL;
        if (is_file(cand)) return cand;
        free(cand);
    }
    return NULL;
}

typedef struct rec_key {
    char *input;
    size_t line;
} rec_key;

static int by_input_then_line(const void *a, const void *b)
{
    const rec_key *x = a, *y = b;
    int c = strcmp(x->input, y->input);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* After `batch --resume` a redone input has a newer record below its old
 * one, and the last record of an input wins (TEAM.md): a failure followed
 * by a success is a success, a success followed by a failure (the input
 * changed) is a failure whose stale outputs must not be read. Sets
 * (*stale)[i] for the records of line i + 1 that a later line supersedes.
 * Reads f to its end. GD_OK or GD_ENOMEM. */
static int stale_records(FILE *f, bool **stale, size_t *nlines)
{
    rec_key *keys = NULL;
    size_t nk = 0, capk = 0, lines = 0, cap = 0;
    char *line = NULL;
    ssize_t len;
    int rc = GD_OK;
    while (rc == GD_OK && (len = getline(&line, &cap, f)) > 0) {
        lines++;
        json_t *o = json_loadb(line, (size_t)len, 0, NULL);
        const char *input = json_string_value(json_object_get(o, "input"));
        if (input && nk == capk) {
            size_t c = capk ? capk * 2 : 256;
            rec_key *v = realloc(keys, c * sizeof *v);
            if (v) {
                keys = v;
                capk = c;
            }
        }
        if (input && nk < capk && (keys[nk].input = strdup(input)))
            keys[nk++].line = lines - 1;
        else if (input)
            rc = GD_ENOMEM;
        json_decref(o);
    }
    free(line);
    *nlines = lines;
    *stale = rc == GD_OK ? calloc(lines + 1, sizeof **stale) : NULL;
    if (!*stale) rc = GD_ENOMEM;
    if (rc == GD_OK && nk) qsort(keys, nk, sizeof *keys, by_input_then_line);
    for (size_t i = 0; i < nk; i++) {
        if (rc == GD_OK && i + 1 < nk && strcmp(keys[i].input, keys[i + 1].input) == 0)
            (*stale)[keys[i].line] = true;
        free(keys[i].input);
    }
    free(keys);
    return rc;
}

static int read_manifest(agg_inputs *in, const char *file)
{
    FILE *f = fopen(file, "r");
    if (!f) return agg_problem_add(&in->p, &in->np, &in->capp, file, strerror(errno), false);
    bool *stale = NULL;
    size_t nlines = 0;
    int src = stale_records(f, &stale, &nlines);
    if (src != GD_OK) {
        fclose(f);
        return src;
    }
    rewind(f);
    char *dir = strdup(file);
    if (!dir) {
        free(stale);
        fclose(f);
        return GD_ENOMEM;
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = 0;
    else
        strcpy(dir, ".");
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    int rc = GD_OK;
    while (rc == GD_OK && (len = getline(&line, &cap, f)) > 0) {
        lineno++;
        /* superseded by a later record; a line appended since is read */
        if (lineno <= nlines && stale[lineno - 1]) continue;
        json_error_t err;
        json_t *o = json_loadb(line, (size_t)len, 0, &err);
        const char *input = json_string_value(json_object_get(o, "input"));
        if (!o || !input) { /* blank lines, the summary line, damage */
            if (!o && len > 1) {
                char where[64];
                snprintf(where, sizeof where, "line %zu: not JSON", lineno);
                rc = agg_problem_add(&in->p, &in->np, &in->capp, file, where, false);
            }
            json_decref(o);
            continue;
        }
        const char *status = json_string_value(json_object_get(o, "status"));
        const char *error = json_string_value(json_object_get(o, "error"));
        if (status && strcmp(status, "ok") != 0) {
            char *why = NULL;
            if (asprintf(&why, "batch %s%s%s", status, error ? ": " : "", error ? error : "") < 0)
                why = NULL;
            rc = agg_problem_add(&in->p, &in->np, &in->capp, input, why ? why : status, false);
            free(why);
            json_decref(o);
            continue;
        }
        const char *json_out =
            json_string_value(json_object_get(json_object_get(o, "outputs"), "json"));
        char *path = resolve(dir, json_out);
        if (!path) path = resolve(dir, input);
        if (path)
            rc = item_add(in, path, input);
        else
            rc = agg_problem_add(&in->p, &in->np, &in->capp, input,
                                 "listed in the manifest, but neither its JSON output nor the "
                                 "input file is there",
                                 false);
        free(path);
        json_decref(o);
    }
    free(line);
    free(dir);
    free(stale);
    fclose(f);
    return rc;
}

/* Every regular file under dir (sorted, hidden names skipped). */
static int walk(agg_inputs *in, const char *dir, int depth)
{
    if (depth > MAX_WALK_DEPTH)
        return agg_problem_add(&in->p, &in->np, &in->capp, dir, "folders nested too deep", false);
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) return agg_problem_add(&in->p, &in->np, &in->capp, dir, strerror(errno), false);
    int rc = GD_OK;
    for (int i = 0; i < n; i++) {
        const char *b = names[i]->d_name;
        char *path = NULL;
        if (rc == GD_OK && b[0] != '.' && asprintf(&path, "%s/%s", dir, b) >= 0) {
            struct stat sb;
            if (stat(path, &sb) != 0)
                rc = agg_problem_add(&in->p, &in->np, &in->capp, path, strerror(errno), false);
            else if (S_ISDIR(sb.st_mode))
                rc = walk(in, path, depth + 1);
            else if (S_ISREG(sb.st_mode) && !manifest_name(b))
                rc = item_add(in, path, NULL);
        }
        free(path);
        free(names[i]);
    }
    free(names);
    return rc;
}

static int directory(agg_inputs *in, const char *dir)
{
    /* manifest.jsonl (a whole run, or shards merged), else every shard's */
    char *whole = NULL;
    if (asprintf(&whole, "%s/manifest.jsonl", dir) < 0) return GD_ENOMEM;
    if (is_file(whole)) {
        int rc = read_manifest(in, whole);
        free(whole);
        return rc;
    }
    free(whole);
    struct dirent **names;
    int n = scandir(dir, &names, NULL, by_name);
    if (n < 0) return agg_problem_add(&in->p, &in->np, &in->capp, dir, strerror(errno), false);
    int rc = GD_OK, manifests = 0;
    for (int i = 0; i < n; i++) {
        char *path = NULL;
        if (rc == GD_OK && manifest_name(names[i]->d_name) &&
            asprintf(&path, "%s/%s", dir, names[i]->d_name) >= 0 && is_file(path)) {
            manifests++;
            rc = read_manifest(in, path);
        }
        free(path);
        free(names[i]);
    }
    free(names);
    if (rc == GD_OK && !manifests) rc = walk(in, dir, 0);
    return rc;
}

/* Drops items whose file was already listed (a file given twice, or both
 * in a folder and through a manifest). Sorted, not compared pairwise: a
 * batch of a hundred thousand inputs is fine. */
static void dedupe(agg_inputs *in)
{
    rec_key *keys = calloc(in->n + 1, sizeof *keys);
    bool *drop = calloc(in->n + 1, sizeof *drop);
    if (!keys || !drop) {
        free(keys);
        free(drop);
        return;
    }
    size_t nk = 0;
    for (size_t i = 0; i < in->n; i++) {
        char *real = realpath(in->v[i].path, NULL);
        if (!real) continue; /* unreadable: kept, the reader says why */
        keys[nk].input = real;
        keys[nk++].line = i;
    }
    qsort(keys, nk, sizeof *keys, by_input_then_line); /* input: the real path, line: the index */
    for (size_t k = 1; k < nk; k++)
        if (strcmp(keys[k - 1].input, keys[k].input) == 0) drop[keys[k].line] = true;
    size_t w = 0;
    for (size_t i = 0; i < in->n; i++) {
        if (drop[i]) {
            free(in->v[i].path);
            free(in->v[i].source);
            in->repeated++;
            continue;
        }
        in->v[w++] = in->v[i];
    }
    for (size_t k = 0; k < nk; k++) free(keys[k].input);
    free(keys);
    free(drop);
    in->n = w;
}

int agg_inputs_collect(agg_inputs *in, int argc, char **argv)
{
    memset(in, 0, sizeof *in);
    int rc = GD_OK;
    for (int i = 0; rc == GD_OK && i < argc; i++) {
        const char *a = argv[i];
        struct stat sb;
        if (strcmp(a, "-") == 0)
            rc = item_add(in, a, NULL);
        else if (stat(a, &sb) != 0)
            rc = agg_problem_add(&in->p, &in->np, &in->capp, a, strerror(errno), false);
        else if (S_ISDIR(sb.st_mode))
            rc = directory(in, a);
        else if (manifest_name(base_name(a)))
            rc = read_manifest(in, a);
        else
            rc = item_add(in, a, NULL);
    }
    if (rc == GD_OK) dedupe(in);
    return rc;
}
