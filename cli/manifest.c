/* Manifest files: appended one line per write(2), so a SIGKILL loses at
 * most the line being written, which resume then skips; fsync'ed in
 * groups (see README: a record reaches the disk within a second). */
#define _GNU_SOURCE
#include "manifest.h"

#include "batch_paths.h"
#include "batch_stats.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define FSYNC_INTERVAL_S 1.0

struct manifest {
    int fd;
    double last_sync;
    bool dirty;
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

manifest *manifest_open(const char *path, bool keep, char **error)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (keep ? 0 : O_TRUNC), 0666);
    if (fd < 0) {
        if (asprintf(error, "%s: %s", path, strerror(errno)) < 0) *error = NULL;
        return NULL;
    }
    struct stat sb;
    if (keep && fstat(fd, &sb) == 0 && sb.st_size > 0) {
        /* a kill may have torn the last line: end it */
        int rfd = open(path, O_RDONLY | O_CLOEXEC);
        char last = '\n';
        if (rfd >= 0) {
            if (pread(rfd, &last, 1, sb.st_size - 1) != 1) last = '\n';
            close(rfd);
        }
        if (last != '\n' && write_all(fd, "\n", 1) != 0) {
            if (asprintf(error, "%s: %s", path, strerror(errno)) < 0) *error = NULL;
            close(fd);
            return NULL;
        }
    }
    manifest *m = calloc(1, sizeof *m);
    if (!m) {
        close(fd);
        return NULL;
    }
    m->fd = fd;
    m->last_sync = now_s();
    return m;
}

int manifest_fd(const manifest *m)
{
    return m ? m->fd : -1;
}

int manifest_append(manifest *m, json_t *record)
{
    char *s = json_dumps(record, JSON_COMPACT | JSON_REAL_PRECISION(6));
    if (!s) {
        errno = ENOMEM;
        return -1;
    }
    size_t n = strlen(s);
    char *line = realloc(s, n + 2);
    if (!line) {
        free(s);
        errno = ENOMEM;
        return -1;
    }
    line[n] = '\n';
    int rc = write_all(m->fd, line, n + 1);
    free(line);
    m->dirty = true;
    double t = now_s();
    if (rc == 0 && t - m->last_sync >= FSYNC_INTERVAL_S) {
        fdatasync(m->fd);
        m->last_sync = t;
        m->dirty = false;
    }
    return rc;
}

int manifest_close(manifest *m)
{
    if (!m) return 0;
    int rc = 0;
    if (m->dirty && fdatasync(m->fd) != 0 && errno != EINVAL) rc = -1;
    if (close(m->fd) != 0) rc = -1;
    free(m);
    return rc;
}

/* ---- resume ---- */

typedef struct rslot {
    uint64_t key; /* bp_hash(rel); 0 = empty */
    resume_entry e;
} rslot;

struct resume_map {
    rslot *v;
    size_t n, cap;
};

static rslot *rfind(resume_map *m, uint64_t key, bool add)
{
    if (key == 0) key = 1;
    if (add && (m->n + 1) * 2 > m->cap) {
        size_t cap = m->cap ? m->cap * 2 : 1024;
        rslot *v = calloc(cap, sizeof *v);
        if (!v) return NULL;
        for (size_t i = 0; i < m->cap; i++) {
            if (!m->v[i].key) continue;
            size_t k = (size_t)(m->v[i].key % cap);
            while (v[k].key) k = (k + 1) % cap;
            v[k] = m->v[i];
        }
        free(m->v);
        m->v = v;
        m->cap = cap;
    }
    if (!m->cap) return NULL;
    for (size_t k = (size_t)(key % m->cap);; k = (k + 1) % m->cap) {
        if (m->v[k].key == key) return &m->v[k];
        if (!m->v[k].key) {
            if (!add) return NULL;
            m->v[k].key = key;
            m->n++;
            return &m->v[k];
        }
    }
}

uint64_t manifest_formats_key(json_t *formats)
{
    /* order-free: the sum of each format's hash */
    uint64_t k = 0;
    size_t i;
    json_t *f;
    json_array_foreach(formats, i, f)
    {
        const char *s = json_string_value(f);
        if (s) k += bp_hash(s, strlen(s));
    }
    return k;
}

resume_map *resume_load(const char *path, size_t *records, size_t *torn)
{
    resume_map *m = calloc(1, sizeof *m);
    *records = *torn = 0;
    if (!m) return NULL;
    FILE *f = fopen(path, "r");
    if (!f) return m;
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        json_t *j = json_loadb(line, (size_t)len, 0, NULL);
        const char *rel = json_string_value(json_object_get(j, "rel"));
        if (!j || !json_is_object(j)) {
            if (len > 1) (*torn)++;
            json_decref(j);
            continue;
        }
        if (!rel) { /* the summary line */
            json_decref(j);
            continue;
        }
        rslot *s = rfind(m, bp_hash(rel, strlen(rel)), true);
        if (s) {
            const char *st = json_string_value(json_object_get(j, "status"));
            const char *sha = json_string_value(json_object_get(j, "sha256"));
            s->e.ok = st && strcmp(st, "ok") == 0 && sha && strlen(sha) == 64;
            s->e.size = (uint64_t)json_integer_value(json_object_get(j, "size"));
            snprintf(s->e.sha256, sizeof s->e.sha256, "%s", sha ? sha : "");
            s->e.formats = manifest_formats_key(json_object_get(j, "formats"));
            (*records)++;
        }
        json_decref(j);
    }
    free(line);
    fclose(f);
    return m;
}

const resume_entry *resume_find(const resume_map *m, const char *rel)
{
    if (!m) return NULL;
    rslot *s = rfind((resume_map *)m, bp_hash(rel, strlen(rel)), false);
    return s ? &s->e : NULL;
}

void resume_free(resume_map *m)
{
    if (!m) return;
    free(m->v);
    free(m);
}

/* ---- merging shards ---- */

typedef struct shard_file {
    char *path;
    int k, n;
} shard_file;

static int by_k(const void *a, const void *b)
{
    return ((const shard_file *)a)->k - ((const shard_file *)b)->k;
}

/* One shard's lines: the last record of each input is kept (a resumed
 * shard appends new records for redone inputs). */
static int merge_one(const shard_file *sf, FILE *out, resume_map *seen, bstats *st, double *elapsed,
                     bool quiet)
{
    FILE *f = fopen(sf->path, "r");
    if (!f) {
        fprintf(stderr, "govdoc: error: %s: %s\n", sf->path, strerror(errno));
        return EXIT_INPUT;
    }
    /* pass 1: the last line of each input */
    resume_map last = {0};
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        json_t *j = json_loadb(line, (size_t)len, 0, NULL);
        const char *rel = json_string_value(json_object_get(j, "rel"));
        json_t *sum = json_object_get(j, "summary");
        if (rel) {
            rslot *s = rfind(&last, bp_hash(rel, strlen(rel)), true);
            if (s) s->e.size = lineno;
        } else if (json_is_object(sum)) {
            double e = json_number_value(json_object_get(sum, "elapsed_s"));
            if (e > *elapsed) *elapsed = e;
        }
        json_decref(j);
    }
    /* pass 2: write them */
    rewind(f);
    lineno = 0;
    int rc = EXIT_OK;
    while ((len = getline(&line, &cap, f)) > 0) {
        lineno++;
        json_t *j = json_loadb(line, (size_t)len, 0, NULL);
        const char *rel = json_string_value(json_object_get(j, "rel"));
        if (!rel) {
            json_decref(j);
            continue;
        }
        uint64_t key = bp_hash(rel, strlen(rel));
        rslot *s = rfind(&last, key, false);
        if (!s || s->e.size != lineno) {
            json_decref(j);
            continue;
        }
        /* `seen` maps each input to its shard (in the size field) */
        rslot *other = rfind(seen, key, false);
        if (other) {
            if (!quiet)
                fprintf(stderr, "govdoc: error: %s is in shard %d and shard %d\n", rel,
                        (int)other->e.size, sf->k);
            rc = EXIT_INPUT;
            json_decref(j);
            continue;
        }
        rslot *mine = rfind(seen, key, true);
        if (mine) mine->e.size = (uint64_t)sf->k;
        const char *input = json_string_value(json_object_get(j, "input"));
        int status = bs_status_parse(json_string_value(json_object_get(j, "status")));
        bstats_add(st, status < 0 ? BS_FAILED : status, rel, input,
                   json_string_value(json_object_get(j, "error")),
                   json_number_value(json_object_get(j, "duration_ms")));
        char *s2 = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6));
        if (s2) fprintf(out, "%s\n", s2);
        free(s2);
        json_decref(j);
    }
    free(line);
    free(last.v);
    fclose(f);
    return rc;
}

int manifest_merge(const char *outdir, const char *out, bool quiet)
{
    char *pattern = NULL;
    if (asprintf(&pattern, "%s/manifest-*-of-*.jsonl", outdir) < 0) return EXIT_NOMEM;
    glob_t g;
    int gr = glob(pattern, 0, NULL, &g);
    free(pattern);
    if (gr != 0) {
        fprintf(stderr, "govdoc: error: %s: no shard manifests (manifest-K-of-N.jsonl)\n", outdir);
        return EXIT_INPUT;
    }
    shard_file *sf = calloc(g.gl_pathc, sizeof *sf);
    size_t ns = 0;
    int n = 0, rc = EXIT_OK;
    for (size_t i = 0; sf && i < g.gl_pathc; i++) {
        const char *base = strrchr(g.gl_pathv[i], '/');
        base = base ? base + 1 : g.gl_pathv[i];
        int k, nn;
        char tail[8];
        if (sscanf(base, "manifest-%d-of-%d%7s", &k, &nn, tail) != 3 ||
            strcmp(tail, ".jsonl") != 0 || k < 1 || k > nn)
            continue;
        if (n && nn != n) {
            fprintf(stderr, "govdoc: error: %s: shards of %d and of %d runs in one directory\n",
                    outdir, n, nn);
            rc = EXIT_INPUT;
        }
        n = nn;
        sf[ns++] = (shard_file){g.gl_pathv[i], k, nn};
    }
    if (sf && ns) qsort(sf, ns, sizeof *sf, by_k);
    for (int k = 1; rc == EXIT_OK && k <= n; k++) {
        bool found = false;
        for (size_t i = 0; i < ns; i++) found |= sf[i].k == k;
        if (!found) {
            fprintf(stderr, "govdoc: error: %s: manifest-%d-of-%d.jsonl is missing\n", outdir, k,
                    n);
            rc = EXIT_INPUT;
        }
    }
    char *tmp = NULL;
    FILE *o = NULL;
    if (rc == EXIT_OK && ns > 0) {
        if (asprintf(&tmp, "%s.tmp-XXXXXX", out) < 0) tmp = NULL;
        int fd = tmp ? mkstemp(tmp) : -1;
        o = fd >= 0 ? fdopen(fd, "w") : NULL;
        if (!o) {
            fprintf(stderr, "govdoc: error: %s: %s\n", out, strerror(errno));
            if (fd >= 0) close(fd);
            rc = EXIT_OUTPUT;
        }
    }
    bstats st = {0};
    resume_map seen = {0};
    double elapsed = 0;
    for (size_t i = 0; o && rc == EXIT_OK && i < ns; i++)
        rc = merge_one(&sf[i], o, &seen, &st, &elapsed, quiet);
    if (o) {
        json_t *extra = json_pack("{s:i}", "shards", n);
        json_t *sum = bstats_summary(&st, elapsed, extra);
        char *s = json_dumps(sum, JSON_COMPACT | JSON_REAL_PRECISION(6));
        json_decref(sum);
        if (s) fprintf(o, "%s\n", s);
        free(s);
        fchmod(fileno(o), 0644);
        bool bad = fflush(o) != 0 || fsync(fileno(o)) != 0;
        bad |= fclose(o) != 0;
        if (!bad && rc == EXIT_OK && rename(tmp, out) != 0) bad = true;
        if (bad && rc == EXIT_OK) {
            fprintf(stderr, "govdoc: error: %s: %s\n", out, strerror(errno));
            rc = EXIT_OUTPUT;
        }
        if (rc != EXIT_OK) unlink(tmp);
    }
    if (rc == EXIT_OK && !quiet) {
        fprintf(stderr, "govdoc: joined %zu shard manifests into %s\n", ns, out);
        bstats_print(&st, elapsed, stderr);
    }
    if (rc == EXIT_OK && st.inputs > st.count[BS_OK] + st.count[BS_SKIPPED]) rc = EXIT_SOME_FAILED;
    bstats_free(&st);
    free(seen.v);
    free(tmp);
    free(sf);
    globfree(&g);
    return rc;
}
