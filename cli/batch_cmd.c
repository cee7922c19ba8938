/* govdoc batch: walk the inputs, convert each in a worker of the queue,
 * record every outcome in the manifest, show progress, sum up. */
#define _GNU_SOURCE
#include "batch_job.h"
#include "batch_paths.h"
#include "batch_queue.h"
#include "batch_stats.h"
#include "batch_walk.h"
#include "cli.h"
#include "manifest.h"
#include "progress.h"

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char batch_usage[] =
    "usage: govdoc batch INPUT... -o OUTDIR -t FMT[,FMT...] [options]\n"
    "       govdoc batch --merge-manifests OUTDIR [--manifest FILE]\n"
    "\n"
    "Converts every input to every format FMT, mirroring the inputs' relative\n"
    "paths under OUTDIR (a/b/r.docx -> OUTDIR/a/b/r.json), in worker processes\n"
    "that take the next input when they finish one. INPUT is a file, a directory\n"
    "(walked recursively: files with a reader's extension, or whose content a\n"
    "reader recognises; hidden files and OUTDIR skipped) or '-' (a list of paths\n"
    "on stdin). Each input's outcome is a line of OUTDIR/manifest.jsonl.\n"
    "\n"
    "  -o, --output DIR        output directory (created if missing)\n"
    "  -t, --to FMT[,FMT...]   output formats (see govdoc formats --writers)\n"
    "  -j, --jobs N            worker processes (default: the number of cores)\n"
    "      --resume            skip inputs the manifest records as converted, when\n"
    "                          their content (sha256) and the formats are unchanged\n"
    "      --shard K/N         take only shard K (1..N) of the inputs, by a hash of\n"
    "                          each relative path; manifest-K-of-N.jsonl\n"
    "      --merge-manifests DIR  join DIR's shard manifests into DIR/manifest.jsonl\n"
    "      --timeout SECONDS   stop a document after this long (default 120; 0 = none)\n"
    "      --max-memory MB     memory budget of each document, as in convert (default\n"
    "                          320; 0 = none); the worker's address space is capped\n"
    "                          at twice that plus 256 MB\n"
    "      --manifest FILE     manifest path (default OUTDIR/manifest.jsonl)\n"
    "      --files-from LIST   read input paths from LIST, one per line ('-': stdin)\n"
    "  -0, --null              paths in lists end with NUL, not newline\n"
    "  -q, --quiet             no progress line, no failure lines, no summary\n"
    "  -f, --from FMT          input format (default: chosen by content)\n"
    "  -O, --option P.KEY=VAL  plugin option (see govdoc formats)\n"
    "      --layout L          reports: standard (the template's form) or source (as read)\n"
    "      --no-report         do not recognise annual reports\n"
    "      --max-input BYTES   refuse larger inputs (default 512 MiB)\n"
    "      --plugin FILE       load a plugin file\n"
    "\n"
    "exit: 0 all converted, 11 some inputs failed (see the manifest), 3 usage,\n"
    "  8 output directory or manifest not writable, 9 no plugin.\n";

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

/* ---- options ---- */

static int parse_shard(const char *s, int *k, int *n)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (*end != '/') return -1;
    long b = strtol(end + 1, &end, 10);
    if (*end || b < 1 || b > 1000000 || a < 1 || a > b) return -1;
    *k = (int)a;
    *n = (int)b;
    return 0;
}

/* The CPUs this process may run on (a container's cpuset, taskset). */
static int default_jobs(void)
{
    cpu_set_t set;
    long n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                         : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

typedef struct bopts {
    const char *outdir, *to, *manifest, *files_from, *merge;
    int jobs, shard_k, shard_n, sep;
    bool resume, quiet;
    double timeout_s;
    uint64_t max_memory;
} bopts;

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

static void on_warning_quiet(const char *file, const char *message, void *payload)
{
    (void)file;
    (void)message;
    (void)payload;
}

static int run_batch_cmd(run *r, const bopts *o, char **inputs, int ninputs)
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

int cmd_batch(int argc, char **argv, const char *const *plugin_files, size_t nplugins, bool quiet)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"to", required_argument, NULL, 't'},
        {"jobs", required_argument, NULL, 'j'},
        {"from", required_argument, NULL, 'f'},
        {"option", required_argument, NULL, 'O'},
        {"quiet", no_argument, NULL, 'q'},
        {"null", no_argument, NULL, '0'},
        {"resume", no_argument, NULL, 'r'},
        {"shard", required_argument, NULL, 's'},
        {"timeout", required_argument, NULL, 'T'},
        {"max-memory", required_argument, NULL, 'm'},
        {"manifest", required_argument, NULL, 'M'},
        {"files-from", required_argument, NULL, 'F'},
        {"merge-manifests", required_argument, NULL, 'G'},
        {"no-report", no_argument, NULL, 'R'},
        {"layout", required_argument, NULL, 'L'},
        {"max-input", required_argument, NULL, 'I'},
        {"plugin", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    bopts o = {0};
    o.jobs = default_jobs();
    o.shard_k = o.shard_n = 1;
    o.sep = '\n';
    o.timeout_s = 120;
    o.max_memory = GD_DEFAULT_MAX_MEMORY;
    o.quiet = quiet;
    gd_convert_options co = GD_CONVERT_OPTIONS_INIT;
    const char **optv = calloc((size_t)argc + 1, sizeof *optv);
    const char **plugv = calloc((size_t)argc + nplugins + 1, sizeof *plugv);
    size_t optn = 0, plugn = 0;
    if (!optv || !plugv) {
        free(optv);
        free(plugv);
        return EXIT_NOMEM;
    }
    for (size_t i = 0; i < nplugins; i++) plugv[plugn++] = plugin_files[i];
    int c, rc = EXIT_OK;
    char *end;
    optind = 0;
    opterr = 0;
    while (rc == EXIT_OK && (c = getopt_long(argc, argv, "o:t:j:f:O:q0h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o.outdir = optarg; break;
        case 't': o.to = optarg; break;
        case 'j': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 256)
                rc = usage_error("-j expects a number of jobs (1-256), not '%s'", optarg);
            o.jobs = (int)v;
            break;
        }
        case 'f': co.from = optarg; break;
        case 'O': optv[optn++] = optarg; break;
        case 'q': o.quiet = true; break;
        case '0': o.sep = '\0'; break;
        case 'r': o.resume = true; break;
        case 's':
            if (parse_shard(optarg, &o.shard_k, &o.shard_n) != 0)
                rc = usage_error("--shard expects K/N with 1 <= K <= N, not '%s'", optarg);
            break;
        case 'T':
            errno = 0;
            o.timeout_s = strtod(optarg, &end);
            if (*end || errno || !(o.timeout_s >= 0) || o.timeout_s > 1e7)
                rc = usage_error("--timeout expects seconds, not '%s'", optarg);
            break;
        case 'm': {
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || errno || *optarg == '-' || v > (1ull << 40))
                rc = usage_error("--max-memory expects megabytes, not '%s'", optarg);
            o.max_memory = (uint64_t)v << 20;
            break;
        }
        case 'M': o.manifest = optarg; break;
        case 'F': o.files_from = optarg; break;
        case 'G': o.merge = optarg; break;
        case 'R': co.no_report = 1; break;
        case 'L': co.layout = optarg; break;
        case 'I': {
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || errno || v == 0)
                rc = usage_error("--max-input expects a byte count, not '%s'", optarg);
            co.max_input = (size_t)v;
            break;
        }
        case 'P': plugv[plugn++] = optarg; break;
        case 'h':
            fputs(batch_usage, stdout);
            free(optv);
            free(plugv);
            return EXIT_OK;
        default: rc = usage_error("unknown or incomplete option '%s'", argv[optind - 1]); break;
        }
    }
    char **inputs = argv + optind;
    int ninputs = argc - optind;
    if (rc == EXIT_OK && o.merge) {
        if (ninputs || o.to || o.resume)
            rc = usage_error("%s", "--merge-manifests takes only a directory (and --manifest)");
        char *out = NULL;
        if (rc == EXIT_OK && !o.manifest && asprintf(&out, "%s/manifest.jsonl", o.merge) < 0)
            rc = EXIT_NOMEM;
        if (rc == EXIT_OK) rc = manifest_merge(o.merge, o.manifest ? o.manifest : out, o.quiet);
        free(out);
        free(optv);
        free(plugv);
        return rc;
    }
    if (rc == EXIT_OK && !o.outdir) rc = usage_error("%s", "batch needs -o OUTDIR");
    if (rc == EXIT_OK && !o.to) rc = usage_error("%s", "batch needs -t FORMAT[,FORMAT...]");
    if (rc == EXIT_OK && ninputs == 0 && !o.files_from)
        rc = usage_error("%s", "batch needs an INPUT (a file, a directory, '-' or --files-from)");
    gd_registry *reg = NULL;
    if (rc == EXIT_OK) rc = cli_open_registry(&reg, plugv, plugn, o.quiet);
    run r = {0};
    if (rc == EXIT_OK) {
        co.options = optv;
        co.option_count = optn;
        co.on_warning = on_warning_quiet;
        gd_status st = {0};
        r.reg = reg;
        if (gd_options_check(&st, reg, &co) != GD_OK)
            rc = fail_status(&st);
        else if (co.from && !gd_registry_find(reg, GD_HANDLER_READER, co.from, NULL))
            rc = usage_error("no reader for format '%s' (see govdoc formats)", co.from);
        else
            rc = parse_formats(&r, o.to);
    }
    if (rc == EXIT_OK) {
        r.env = (bj_env){reg, &co, true, false};
        r.outdir = o.outdir;
        r.timeout_s = o.timeout_s;
        r.max_memory = o.max_memory;
        co.max_memory = o.max_memory ? (size_t)o.max_memory : SIZE_MAX;
        rc = run_batch_cmd(&r, &o, inputs, ninputs);
    }
    free_formats(&r);
    gd_registry_free(reg);
    free(optv);
    free(plugv);
    return rc;
}
