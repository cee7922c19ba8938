/* The run of govdoc batch: walkers feed the work queue, each outcome
 * becomes a manifest record, a count and maybe a line on stderr. */
#define _GNU_SOURCE
#include "batch_run.h"

#include "batch_job.h"
#include "batch_paths.h"
#include "batch_queue.h"
#include "batch_stats.h"
#include "batch_walk.h"
#include "cli.h"
#include "manifest.h"
#include "progress.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the run ---- */

typedef struct inflight {
    char *input, *rel;
    uint64_t size;
    json_t *note; /* what the worker learnt before converting */
} inflight;

typedef struct run {
    const gd_registry *reg;
    bj_env env;
    const char *outdir;
    char **formats;
    const char **exts;
    size_t nformats;
    json_t *formats_json;
    uint64_t formats_key;
    walker *walk, *count;
    bool counted_all;
    uint64_t counted, dispatched;
    manifest *man;
    resume_map *resume;
    bstats st;
    progress pg;
    double timeout_s;
    uint64_t max_memory;
    int fatal;
} run;

static volatile sig_atomic_t g_signal;

static void on_signal(int sig)
{
    g_signal = sig;
    bq_interrupt();
}

static void remove_job_temps(run *r, const char *rel)
{
    for (size_t i = 0; i < r->nformats; i++) {
        char *out = bp_output_path(r->outdir, rel, r->exts[i]);
        if (out) bp_remove_temps(out);
        free(out);
    }
}

static json_t *get_or(json_t *src, const char *key, json_t *dflt)
{
    json_t *v = src ? json_object_get(src, key) : NULL;
    if (v) {
        json_decref(dflt);
        return json_incref(v);
    }
    return dflt;
}

/* One manifest record, in the schema's order (README, "Manifest"). */
static void record(run *r, const char *input, const char *rel, uint64_t size, json_t *res,
                   int status, const char *error, int code, double ms)
{
    json_t *rec = json_object();
    json_object_set_new(rec, "input", json_string(input));
    json_object_set_new(rec, "rel", json_string(rel));
    json_object_set_new(rec, "size", get_or(res, "size", json_integer((json_int_t)size)));
    json_object_set_new(rec, "sha256", get_or(res, "sha256", json_null()));
    json_object_set_new(rec, "format", get_or(res, "format", json_null()));
    json_object_set_new(rec, "status", json_string(bs_status_name(status)));
    json_object_set_new(rec, "outputs", get_or(res, "outputs", json_object()));
    json_object_set_new(rec, "formats", json_deep_copy(r->formats_json));
    json_object_set_new(rec, "duration_ms", json_real(ms));
    json_object_set_new(rec, "warnings", get_or(res, "warnings", json_integer(0)));
    json_object_set_new(rec, "error", error ? json_string(error) : json_null());
    json_object_set_new(rec, "exit", json_integer(code));
    json_object_set_new(rec, "report", get_or(res, "report", json_null()));
    if (manifest_append(r->man, rec) != 0 && !r->fatal) {
        fprintf(stderr, "\ngovdoc: error: cannot write the manifest: %s\n", strerror(errno));
        r->fatal = EXIT_OUTPUT;
        bq_interrupt();
    }
    json_decref(rec);
    bstats_add(&r->st, status, rel, input, error, ms);
    if (status != BS_OK && error) {
        char *line = NULL;
        if (asprintf(&line, "govdoc: %s: %s",
                     status == BS_FAILED ? "error" : bs_status_name(status), error) >= 0)
            progress_failure(&r->pg, line);
        free(line);
    }
}

static void inflight_free(inflight *f)
{
    free(f->input);
    free(f->rel);
    json_decref(f->note);
    free(f);
}

static int r_next(void *ctx, void **item, bq_buf *job)
{
    run *r = ctx;
    walk_item it;
    for (;;) {
        if (r->fatal || !walker_next(r->walk, &it)) return -1;
        r->dispatched++;
        if (!it.error) break;
        record(r, it.input, it.rel, it.size, NULL, BS_FAILED, it.error, it.exit, 0);
        walk_item_clear(&it);
    }
    inflight *f = calloc(1, sizeof *f);
    bj_output *outs = calloc(r->nformats, sizeof *outs);
    if (!f || !outs) {
        free(f);
        free(outs);
        walk_item_clear(&it);
        return -1;
    }
    f->input = it.input;
    f->rel = it.rel;
    f->size = it.size;
    for (size_t i = 0; i < r->nformats; i++)
        outs[i] = (bj_output){r->formats[i], bp_output_path(r->outdir, f->rel, r->exts[i])};
    const resume_entry *e = resume_find(r->resume, f->rel);
    bool expect = e && e->ok && e->formats == r->formats_key && e->size == f->size;
    bj_encode(job, f->input, f->rel, outs, r->nformats, expect ? e->size : 0,
              expect ? e->sha256 : NULL);
    for (size_t i = 0; i < r->nformats; i++) free((char *)outs[i].path);
    free(outs);
    free(it.error);
    *item = f;
    return 1;
}

static void r_note(void *ctx, void *item, const char *msg, size_t len)
{
    (void)ctx;
    inflight *f = item;
    json_decref(f->note);
    f->note = json_loadb(msg, len, 0, NULL);
}

static void r_done(void *ctx, void *item, const char *res, size_t len, double seconds)
{
    run *r = ctx;
    inflight *f = item;
    json_t *j = json_loadb(res, len, 0, NULL);
    const char *status = json_string_value(json_object_get(j, "status"));
    double ms = json_number_value(json_object_get(j, "duration_ms"));
    if (!j) ms = seconds * 1000;
    if (status && strcmp(status, "unchanged") == 0) {
        bstats_add(&r->st, BS_SKIPPED, f->rel, f->input, NULL, ms);
    } else {
        int st = !status                         ? BS_FAILED
                 : strcmp(status, "ok") == 0     ? BS_OK
                 : strcmp(status, "memory") == 0 ? BS_MEMORY
                                                 : BS_FAILED;
        json_t *code = json_object_get(j, "exit");
        const char *error = json_string_value(json_object_get(j, "error"));
        if (!error && st != BS_OK) error = "no result from the worker";
        record(r, f->input, f->rel, f->size, j, st, error,
               code ? (int)json_integer_value(code) : EXIT_INTERNAL, ms);
    }
    json_decref(j);
    inflight_free(f);
}

static void r_lost(void *ctx, void *item, bq_loss why, int sig, double seconds)
{
    run *r = ctx;
    inflight *f = item;
    remove_job_temps(r, f->rel);
    if (why == BQ_LOST_INTERRUPTED) { /* not recorded: --resume does it again */
        inflight_free(f);
        return;
    }
    char *msg = NULL;
    int st = BS_CRASHED, code = EXIT_INTERNAL, rc = -1;
    if (why == BQ_LOST_TIMEOUT) {
        st = BS_TIMEOUT;
        code = EXIT_LIMIT;
        rc = asprintf(&msg, "%s: not converted within %g s (stopped; see --timeout)", f->input,
                      r->timeout_s);
    } else if (why == BQ_LOST_MEMORY) {
        st = BS_MEMORY;
        code = EXIT_NOMEM;
        rc = asprintf(&msg, "%s: out of memory (over %llu MB; see --max-memory)", f->input,
                      (unsigned long long)(r->max_memory >> 20));
    } else if (sig > 0) {
        rc = asprintf(&msg, "%s: the worker converting it crashed (signal %d, %s)", f->input, sig,
                      strsignal(sig));
    } else {
        rc = asprintf(&msg, "%s: the worker converting it exited with status %d", f->input, -sig);
    }
    if (rc < 0) msg = NULL;
    record(r, f->input, f->rel, f->size, f->note, st, msg, code, seconds * 1000);
    free(msg);
    inflight_free(f);
}

/* Counting ahead: a slice of the counting walk between events. */
static int r_pump(void *ctx)
{
    run *r = ctx;
    for (int i = 0; i < 64 && !r->counted_all; i++) {
        walk_item it;
        if (!walker_next(r->count, &it)) {
            r->counted_all = true;
            walker_free(r->count);
            r->count = NULL;
            break;
        }
        r->counted++;
        walk_item_clear(&it);
    }
    return !r->counted_all;
}

typedef struct longest {
    double s;
    const char *rel;
} longest;

static void find_longest(void *item, double seconds, void *payload)
{
    longest *l = payload;
    if (!l->rel || seconds > l->s) {
        l->s = seconds;
        l->rel = ((inflight *)item)->rel;
    }
}

static void r_tick(void *ctx)
{
    run *r = ctx;
    if (!r->pg.on) return;
    longest l = {0, NULL};
    bq_each_inflight(find_longest, &l);
    uint64_t done = r->st.inputs, bad = done - r->st.count[BS_OK] - r->st.count[BS_SKIPPED];
    uint64_t total = r->counted > r->dispatched ? r->counted : r->dispatched;
    progress_draw(&r->pg, done, bad, r->st.count[BS_SKIPPED], total, r->counted_all, l.rel);
}

static void free_formats(run *r)
{
    for (size_t i = 0; i < r->nformats; i++) free(r->formats[i]);
    free(r->formats);
    free(r->exts);
    json_decref(r->formats_json);
}

/* -t json,pdf: writers that exist, each once, with distinct extensions. */
static int parse_formats(run *r, const char *list)
{
    char *copy = strdup(list), *save = NULL;
    r->formats_json = json_array();
    if (!copy) return EXIT_NOMEM;
    int rc = EXIT_OK;
    for (char *t = strtok_r(copy, ",", &save); t && rc == EXIT_OK; t = strtok_r(NULL, ",", &save)) {
        const gd_format_handler *h = gd_registry_find(r->reg, GD_HANDLER_WRITER, t, NULL);
        if (!h) {
            rc = usage_error("no writer for format '%s' (see govdoc formats)", t);
            break;
        }
        const char *ext = h->extensions && h->extensions[0] ? h->extensions[0] : h->format;
        bool dup = false;
        for (size_t i = 0; i < r->nformats; i++) {
            if (strcmp(r->formats[i], h->format) == 0)
                dup = true;
            else if (strcmp(r->exts[i], ext) == 0)
                rc = usage_error("formats with the same extension '%s' would overwrite each other",
                                 ext);
        }
        if (dup || rc) continue;
        char **f = realloc(r->formats, (r->nformats + 1) * sizeof *f);
        const char **e = f ? realloc(r->exts, (r->nformats + 1) * sizeof *e) : NULL;
        if (f) r->formats = f;
        if (e) r->exts = e;
        if (!f || !e) {
            rc = EXIT_NOMEM;
            break;
        }
        r->formats[r->nformats] = strdup(h->format);
        r->exts[r->nformats++] = ext;
        json_array_append_new(r->formats_json, json_string(h->format));
    }
    free(copy);
    if (rc == EXIT_OK && r->nformats == 0) rc = usage_error("%s", "-t needs a format");
    r->formats_key = manifest_formats_key(r->formats_json);
    return rc;
}

static int run_batch_cmd(run *r, const batch_opts *o, char **inputs, int ninputs)
{
    if (bp_make_dirs(o->outdir) != 0) {
        fprintf(stderr, "govdoc: error: %s: cannot create the output directory: %s\n", o->outdir,
                strerror(errno));
        return EXIT_OUTPUT;
    }
    char *mpath = NULL;
    if (o->manifest)
        mpath = strdup(o->manifest);
    else if (o->shard_n > 1) {
        if (asprintf(&mpath, "%s/manifest-%d-of-%d.jsonl", o->outdir, o->shard_k, o->shard_n) < 0)
            mpath = NULL;
    } else if (asprintf(&mpath, "%s/manifest.jsonl", o->outdir) < 0) {
        mpath = NULL;
    }
    if (!mpath) return EXIT_NOMEM;
    if (o->resume) {
        size_t n = 0, torn = 0;
        r->resume = resume_load(mpath, &n, &torn);
        if (!o->quiet && torn)
            fprintf(stderr,
                    "govdoc: warning: %s: %zu unreadable line(s) skipped (a run killed "
                    "while writing)\n",
                    mpath, torn);
    }
    char *err = NULL;
    r->man = manifest_open(mpath, o->resume, &err);
    if (!r->man) {
        fprintf(stderr, "govdoc: error: cannot write the manifest: %s\n", err ? err : mpath);
        free(err);
        free(mpath);
        return EXIT_OUTPUT;
    }
    walk_config wc = {0};
    wc.reg = r->reg;
    wc.roots = inputs;
    wc.nroots = ninputs;
    wc.shard_k = o->shard_k;
    wc.shard_n = o->shard_n;
    struct stat sb;
    if (stat(o->outdir, &sb) == 0) {
        wc.skip_dev[wc.nskip] = sb.st_dev;
        wc.skip_ino[wc.nskip++] = sb.st_ino;
    }
    if (fstat(manifest_fd(r->man), &sb) == 0) {
        wc.skip_dev[wc.nskip] = sb.st_dev;
        wc.skip_ino[wc.nskip++] = sb.st_ino;
    }
    int rc = EXIT_OK;
    bool want_stdin = false;
    for (int i = 0; i < ninputs; i++) want_stdin |= strcmp(inputs[i], "-") == 0;
    if (want_stdin) wc.stdin_list = walk_list_open("-", o->sep);
    if (o->files_from) {
        wc.files_from = walk_list_open(o->files_from, o->sep);
        if (!wc.files_from) {
            fprintf(stderr, "govdoc: error: %s: %s\n", o->files_from, strerror(errno));
            rc = EXIT_INPUT;
        }
    }
    r->walk = walker_new(&wc);
    wc.count_only = true;
    r->count = walker_new(&wc);
    if (!r->walk || !r->count) rc = EXIT_NOMEM;

    struct sigaction sa = {0}, old[3];
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    int sigs[3] = {SIGINT, SIGTERM, SIGHUP};
    for (int i = 0; i < 3; i++) sigaction(sigs[i], &sa, &old[i]);

    progress_init(&r->pg, o->quiet);
    int close_fds[] = {manifest_fd(r->man), -1};
    /* The budget (gd_convert_options.max_memory) ends a document that needs
     * more with a clean "limit exceeded"; the address-space cap behind it
     * catches what a library allocates past the budget's accounting. */
    uint64_t backstop = o->max_memory ? 2 * o->max_memory + ((uint64_t)256 << 20) : 0;
    bq_config qc = {o->jobs, o->timeout_s, backstop, close_fds, &r->env};
    bq_ops ops = {bj_work, r_next, r_pump, r_note, r_done, r_lost, r_tick};
    if (rc == EXIT_OK && bq_run(&qc, &ops, r) != 0) {
        fprintf(stderr, "govdoc: error: cannot start worker processes: %s\n", strerror(errno));
        rc = EXIT_INTERNAL;
    }
    for (int i = 0; i < 3; i++) sigaction(sigs[i], &old[i], NULL);
    progress_end(&r->pg);

    double elapsed = progress_elapsed(&r->pg);
    char shard[48];
    snprintf(shard, sizeof shard, "%d/%d", o->shard_k, o->shard_n);
    json_t *extra = json_pack("{s:I,s:o,s:b}", "ignored",
                              (json_int_t)walker_ignored(r->walk ? r->walk : r->count), "shard",
                              o->shard_n > 1 ? json_string(shard) : json_null(), "interrupted",
                              g_signal != 0 || r->fatal);
    json_t *sum = bstats_summary(&r->st, elapsed, extra);
    if (!r->fatal && manifest_append(r->man, sum) != 0) r->fatal = EXIT_OUTPUT;
    json_decref(sum);
    if (manifest_close(r->man) != 0 && !r->fatal) r->fatal = EXIT_OUTPUT;
    if (!o->quiet) {
        bstats_print(&r->st, elapsed, stderr);
        fprintf(stderr, "govdoc: manifest: %s\n", mpath);
    }
    if (g_signal && !o->quiet)
        fprintf(stderr,
                "govdoc: interrupted (%s); the inputs in progress are not recorded: run "
                "again with --resume to finish\n",
                strsignal(g_signal));
    if (rc == EXIT_OK && r->st.inputs == 0 && !o->quiet)
        fprintf(stderr, "govdoc: warning: no input to convert\n");
    walker_free(r->walk);
    walker_free(r->count);
    walk_list_free(wc.stdin_list);
    walk_list_free(wc.files_from);
    resume_free(r->resume);
    bool some_failed = r->st.inputs > r->st.count[BS_OK] + r->st.count[BS_SKIPPED];
    bstats_free(&r->st);
    free(mpath);
    if (rc != EXIT_OK) return rc;
    if (r->fatal) return r->fatal;
    if (g_signal) return 128 + g_signal;
    return some_failed ? EXIT_SOME_FAILED : EXIT_OK;
}

int batch_run(const gd_registry *reg, const gd_convert_options *co, const batch_opts *o,
              char **inputs, int ninputs)
{
    run r = {0};
    r.reg = reg;
    int rc = parse_formats(&r, o->to);
    if (rc == EXIT_OK) {
        r.env = (bj_env){reg, co, true, false};
        r.outdir = o->outdir;
        r.timeout_s = o->timeout_s;
        r.max_memory = o->max_memory;
        rc = run_batch_cmd(&r, o, inputs, ninputs);
    }
    free_formats(&r);
    return rc;
}
