/* A work queue of crash-isolated worker processes.
 *
 * The parent forks up to N workers (after the registry is loaded, so each
 * inherits plugins, templates and fonts) and hands the next job to whichever
 * worker is idle, over a SOCK_SEQPACKET socket per worker. A job that kills
 * its worker (signal, exit), runs past the timeout or exhausts the memory
 * limit is reported lost with the reason; the worker is replaced and the
 * queue goes on. Workers die with the parent (PR_SET_PDEATHSIG). */
#ifndef GD_BATCH_QUEUE_H
#define GD_BATCH_QUEUE_H

#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer (jobs and results are opaque bytes). */
typedef struct bq_buf {
    char *p;
    size_t len, cap;
} bq_buf;

int bq_buf_put(bq_buf *b, const void *data, size_t len);
void bq_buf_free(bq_buf *b);

typedef enum bq_loss {
    BQ_LOST_CRASH = 1,       /* killed by a signal or exited without a result */
    BQ_LOST_TIMEOUT = 2,     /* ran past the timeout and was killed */
    BQ_LOST_MEMORY = 3,      /* died of memory exhaustion */
    BQ_LOST_INTERRUPTED = 4, /* stopped by bq_interrupt(): not the job's fault */
} bq_loss;

typedef struct bq_config {
    int workers;          /* at least 1 */
    double timeout_s;     /* per job; 0 = none */
    uint64_t max_memory;  /* bytes of address space a worker may add; 0 = none */
    const int *close_fds; /* fds the workers must not keep (ended by -1) */
    void *work_ctx;       /* handed to ops->work in the workers */
} bq_config;

typedef struct bq_ops {
    /* In a worker: runs one job and fills `res` (bq_note() may send notes
     * before). Runs in the forked process with cfg->work_ctx. */
    void (*work)(void *work_ctx, const char *job, size_t len, bq_buf *res);
    /* In the parent: the next job. Returns 1 with *item and `job` set, 0
     * when none is ready yet (more may come after pump()), -1 when no more
     * will come. `item` is handed back with the job's outcome. */
    int (*next)(void *ctx, void **item, bq_buf *job);
    /* Background work between events (walking ahead, counting); returns 1
     * while it has more to do (the loop then does not sleep). May be NULL. */
    int (*pump)(void *ctx);
    /* A job's note (see bq_note), its result, or its loss. */
    void (*note)(void *ctx, void *item, const char *msg, size_t len);
    void (*done)(void *ctx, void *item, const char *res, size_t len, double seconds);
    /* sig_or_status: the signal that ended the worker (> 0), or minus its
     * exit status (<= 0) when it exited without a result. */
    void (*lost)(void *ctx, void *item, bq_loss why, int sig_or_status, double seconds);
    /* Called at least every 200 ms (progress display). May be NULL. */
    void (*tick)(void *ctx);
} bq_ops;

/* Runs until next() returns -1 and every job has finished, or until
 * bq_interrupt() is called (by a signal handler): then the jobs in flight
 * are stopped and reported lost (BQ_LOST_INTERRUPTED). Returns 0, or -1 when no
 * worker could be started at all (errno set). */
int bq_run(const bq_config *cfg, const bq_ops *ops, void *ctx);

/* Async-signal-safe: ask the running queue to stop. */
void bq_interrupt(void);
/* True once the queue has been asked to stop. */
int bq_interrupted(void);

/* In a worker, inside work(): sends a note about the current job to the
 * parent (e.g. what was learnt before a risky step). */
void bq_note(const void *msg, size_t len);

/* Calls fn for each job in flight with its running time (for display). */
typedef void (*bq_inflight_fn)(void *item, double seconds, void *payload);
void bq_each_inflight(bq_inflight_fn fn, void *payload);

#endif
