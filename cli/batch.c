/* Converting many inputs: one after the other, or spread over worker
 * processes (-j N) for archive migrations. A failing input is reported and
 * the others go on; the first failing input (in command-line order) gives
 * the exit code. */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int convert_one(gd_registry *reg, const char *in, const char *out,
                       const gd_convert_options *co)
{
    gd_status st = {0};
    if (gd_convert_file(&st, reg, in, out, co) == GD_OK) return EXIT_OK;
    return fail_status(&st);
}

/* Worker w of n converts inputs w, w+n, w+2n … and reports (index, code)
 * pairs on its pipe. */
static void worker(gd_registry *reg, int w, int n, int count, char **in, char **out,
                   const gd_convert_options *co, int fd)
{
    for (int i = w; i < count; i += n) {
        int msg[2] = {i, convert_one(reg, in[i], out[i], co)};
        if (write(fd, msg, sizeof msg) != (ssize_t)sizeof msg) _exit(EXIT_INTERNAL);
    }
    fflush(stdout);
    fflush(stderr);
    _exit(EXIT_OK);
}

int run_batch(gd_registry *reg, int count, char **in, char **out, const gd_convert_options *co,
              int jobs)
{
    int *codes = malloc((size_t)count * sizeof *codes);
    if (!codes) return EXIT_NOMEM;
    for (int i = 0; i < count; i++) codes[i] = -1;
    if (jobs > count) jobs = count;
    if (jobs <= 1) {
        for (int i = 0; i < count; i++) codes[i] = convert_one(reg, in[i], out[i], co);
    } else {
        fflush(stdout);
        fflush(stderr);
        int *fds = calloc((size_t)jobs, sizeof *fds);
        pid_t *pids = calloc((size_t)jobs, sizeof *pids);
        int started = 0;
        for (int w = 0; fds && pids && w < jobs; w++) {
            int p[2];
            if (pipe(p) != 0) break;
            pid_t pid = fork();
            if (pid < 0) {
                close(p[0]);
                close(p[1]);
                break;
            }
            if (pid == 0) {
                close(p[0]);
                worker(reg, w, jobs, count, in, out, co, p[1]);
            }
            close(p[1]);
            fds[w] = p[0];
            pids[w] = pid;
            started++;
        }
        if (started < jobs) { /* could not start them all: finish the rest here */
            for (int i = 0; i < count; i++)
                if (i % jobs >= started) codes[i] = convert_one(reg, in[i], out[i], co);
        }
        for (int w = 0; w < started; w++) {
            int msg[2];
            while (read(fds[w], msg, sizeof msg) == (ssize_t)sizeof msg)
                if (msg[0] >= 0 && msg[0] < count) codes[msg[0]] = msg[1];
            close(fds[w]);
            int status;
            while (waitpid(pids[w], &status, 0) < 0 && errno == EINTR) {
            }
        }
        for (int i = 0; i < count; i++) {
            if (codes[i] >= 0) continue;
            /* a worker died before reporting this input */
            fprintf(stderr, "govdoc: error: %s: the worker converting it crashed\n", in[i]);
            codes[i] = EXIT_INTERNAL;
        }
        free(fds);
        free(pids);
    }
    int worst = EXIT_OK, failed = 0;
    for (int i = 0; i < count; i++) {
        if (codes[i] == EXIT_OK) continue;
        failed++;
        if (worst == EXIT_OK) worst = codes[i];
    }
    if (count > 1 && failed)
        fprintf(stderr, "govdoc: %d of %d inputs failed; the others were converted\n", failed,
                count);
    free(codes);
    return worst;
}
