/* convert -d DIR: many inputs, one output each, on the batch work queue
 * (cli/batch_queue.c): -j N workers take the next input when they finish
 * one, a crashing input fails alone (one input alone is converted here). The first failing input
 * (in command-line order) gives the exit code. */
#define _GNU_SOURCE
#include "batch_job.h"
#include "batch_queue.h"
#include "cli.h"

#include <jansson.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct conv {
    int count, next;
    char **in, **out;
    const char *format;
    int *codes;
} conv;

static int c_next(void *ctx, void **item, bq_buf *job)
{
    conv *c = ctx;
    if (c->next >= c->count) return -1;
    int i = c->next++;
    bj_output o = {c->format, c->out[i]};
    if (bj_encode(job, c->in[i], NULL, &o, 1, 0, NULL) != 0) return -1;
    *item = (void *)(intptr_t)i;
    return 1;
}

static void c_note(void *ctx, void *item, const char *msg, size_t len)
{
    (void)ctx;
    (void)item;
    (void)msg;
    (void)len;
}

static void c_done(void *ctx, void *item, const char *res, size_t len, double seconds)
{
    conv *c = ctx;
    int i = (int)(intptr_t)item;
    (void)seconds;
    json_t *j = json_loadb(res, len, 0, NULL);
    const char *error = json_string_value(json_object_get(j, "error"));
    json_t *code = json_object_get(j, "exit");
    c->codes[i] = code ? (int)json_integer_value(code) : EXIT_INTERNAL;
    if (c->codes[i] != EXIT_OK)
        fprintf(stderr, "govdoc: error: %s\n", error ? error : "no result from the worker");
    json_decref(j);
}

static void c_lost(void *ctx, void *item, bq_loss why, int sig, double seconds)
{
    conv *c = ctx;
    int i = (int)(intptr_t)item;
    (void)seconds;
    if (why == BQ_LOST_MEMORY) {
        fprintf(stderr, "govdoc: error: %s: out of memory\n", c->in[i]);
        c->codes[i] = EXIT_NOMEM;
    } else if (sig > 0) {
        fprintf(stderr, "govdoc: error: %s: the worker converting it crashed (signal %d, %s)\n",
                c->in[i], sig, strsignal(sig));
        c->codes[i] = EXIT_INTERNAL;
    } else {
        fprintf(stderr, "govdoc: error: %s: the worker converting it exited with status %d\n",
                c->in[i], -sig);
        c->codes[i] = EXIT_INTERNAL;
    }
}

int run_batch(gd_registry *reg, int count, char **in, char **out, const gd_convert_options *co,
              int jobs)
{
    if (count == 1) { /* one conversion (convert -o, stdout): no worker needed */
        gd_status st = {0};
        if (gd_convert_file(&st, reg, in[0], out[0], co) == GD_OK) return EXIT_OK;
        return fail_status(&st);
    }
    (void)gd_registry_plugin_at(reg, 0, NULL); /* all plugins before the workers fork */
    conv c = {count, 0, in, out, co->to, malloc((size_t)count * sizeof(int))};
    if (!c.codes) return EXIT_NOMEM;
    for (int i = 0; i < count; i++) c.codes[i] = -1;
    bj_env env = {reg, co, false, true};
    bq_config qc = {jobs > count ? count : jobs, 0, 0, NULL, &env};
    bq_ops ops = {bj_work, c_next, NULL, c_note, c_done, c_lost, NULL};
    if (bq_run(&qc, &ops, &c) != 0) {
        fprintf(stderr, "govdoc: error: cannot start worker processes\n");
        free(c.codes);
        return EXIT_INTERNAL;
    }
    int worst = EXIT_OK, failed = 0;
    for (int i = 0; i < count; i++) {
        if (c.codes[i] < 0) c.codes[i] = EXIT_INTERNAL; /* never reached a worker */
        if (c.codes[i] == EXIT_OK) continue;
        failed++;
        if (worst == EXIT_OK) worst = c.codes[i];
    }
    if (count > 1 && failed)
        fprintf(stderr, "govdoc: %d of %d inputs failed; the others were converted\n", failed,
                count);
    free(c.codes);
    return worst;
}
