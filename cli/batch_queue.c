/* The work queue: a poll loop in the parent, one socket per worker, jobs
 * handed out one at a time, losses classified and workers replaced. */
#define _GNU_SOURCE
#include "batch_queue.h"
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define BQ_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BQ_ASAN 1
#endif
#endif

enum { MSG_JOB = 'J', MSG_NOTE = 'N', MSG_RESULT = 'R' };

int bq_buf_put(bq_buf *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + len + 1) cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) return -1;
        b->p = p;
        b->cap = cap;
    }
    if (len && data) memcpy(b->p + b->len, data, len);
    b->len += len;
    b->p[b->len] = '\0';
    return 0;
}

void bq_buf_free(bq_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

typedef struct slot {
    pid_t pid; /* 0: no worker in this slot */
    int fd;
    int busy;
    void *item;
    double t0;
} slot;

static volatile sig_atomic_t g_interrupt;
static slot *g_slots;
static int g_nslots;
static int g_worker_fd = -1;    /* in a worker: its socket */
static volatile int *g_memflag; /* shared with the parent: one flag per slot */
static int g_slot_index;

void bq_interrupt(void)
{
    g_interrupt = 1;
}
int bq_interrupted(void)
{
    return g_interrupt != 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- worker side ---- */

static int send_msg(int fd, char type, const void *data, size_t len)
{
    /* one message: the type byte then the payload */
    struct iovec iov[2] = {{&type, 1}, {(void *)data, len}};
    struct msghdr mh = {0};
    mh.msg_iov = iov;
    mh.msg_iovlen = len ? 2 : 1;
    ssize_t n;
    do n = sendmsg(fd, &mh, MSG_NOSIGNAL);
    while (n < 0 && errno == EINTR);
    return n == (ssize_t)(len + 1) ? 0 : -1;
}

/* Receives one whole message into `b` (type byte first); 0 at EOF, -1 on
 * error, 1 with a message. `flags` may hold MSG_DONTWAIT. */
static int recv_msg(int fd, bq_buf *b, int flags)
{
    ssize_t n;
    do n = recv(fd, NULL, 0, MSG_PEEK | MSG_TRUNC | flags);
    while (n < 0 && errno == EINTR);
    if (n <= 0) return n == 0 ? 0 : -1;
    b->len = 0;
    if (bq_buf_put(b, NULL, (size_t)n) != 0) return -1;
    do n = recv(fd, b->p, b->len, flags);
    while (n < 0 && errno == EINTR);
    if (n <= 0) return n == 0 ? 0 : -1;
    b->len = (size_t)n;
    b->p[n] = '\0';
    return 1;
}

void bq_note(const void *msg, size_t len)
{
    if (g_worker_fd >= 0) send_msg(g_worker_fd, MSG_NOTE, msg, len);
}

/* A crash while no 64 MiB of address space is left is memory exhaustion:
 * the code that crashed most likely met a failed allocation. */
static void on_crash(int sig)
{
    const size_t probe = (size_t)64 << 20;
    void *p = mmap(NULL, probe, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                   -1, 0);
    if (p == MAP_FAILED) {
        if (g_memflag) g_memflag[g_slot_index] = 1;
    } else {
        munmap(p, probe);
    }
    signal(sig, SIG_DFL);
    raise(sig);
}

#ifndef BQ_ASAN
static uint64_t address_space_now(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long long pages = 0;
    if (f) {
        if (fscanf(f, "%llu", &pages) != 1) pages = 0;
        fclose(f);
    }
    return (uint64_t)pages * (uint64_t)sysconf(_SC_PAGESIZE);
}
#endif

static void worker_setup(const bq_config *cfg)
{
    /* The limit is what one document may add to what the worker already
     * maps (libraries, plugins, fonts): a 1 GiB document budget stays one
     * whatever the plugins cost at start. AddressSanitizer reserves
     * terabytes of shadow memory, so sanitized builds cannot use it. */
#ifndef BQ_ASAN
    if (cfg->max_memory) {
        uint64_t lim = address_space_now() + cfg->max_memory;
        struct rlimit rl = {(rlim_t)lim, (rlim_t)lim};
        setrlimit(RLIMIT_AS, &rl);
    }
#endif
    static char altstack[64 * 1024];
    stack_t ss = {.ss_sp = altstack, .ss_size = sizeof altstack};
    sigaltstack(&ss, NULL);
    struct sigaction sa = {0};
    sa.sa_handler = on_crash;
    sa.sa_flags = SA_ONSTACK | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    int crash_sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGILL, SIGFPE};
    for (size_t i = 0; i < sizeof crash_sigs / sizeof *crash_sigs; i++)
        sigaction(crash_sigs[i], &sa, NULL);
}

static void worker_main(const bq_config *cfg, const bq_ops *ops, int fd)
{
    bq_buf job = {0}, res = {0};
    g_worker_fd = fd;
    worker_setup(cfg);
    for (;;) {
        int r = recv_msg(fd, &job, 0);
        if (r <= 0) break; /* the parent closed: no more work */
        if (job.p[0] != MSG_JOB) continue;
        res.len = 0;
        ops->work(cfg->work_ctx, job.p + 1, job.len - 1, &res);
        if (send_msg(fd, MSG_RESULT, res.p, res.len) != 0) break;
    }
    fflush(stdout);
    fflush(stderr);
    _exit(0);
}

/* ---- parent side ---- */

static int spawn(slot *s, int index, const bq_config *cfg, const bq_ops *ops, void *ctx)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return -1;
    if (g_memflag) g_memflag[index] = 0;
    pid_t parent = getpid();
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return -1;
    }
    if (pid == 0) {
        /* die with the parent, even when it is SIGKILLed */
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (getppid() != parent) _exit(0);
        close(sv[0]);
        for (int i = 0; i < g_nslots; i++)
            if (g_slots[i].pid > 0) close(g_slots[i].fd);
        for (const int *fd = cfg->close_fds; fd && *fd >= 0; fd++) close(*fd);
        signal(SIGINT, SIG_IGN);     /* the parent stops us (^C reaches the whole group) */
        cli_signal_cleanup(SIGTERM); /* the core's temporary files go, then we end */
        signal(SIGPIPE, SIG_DFL);
        g_slot_index = index;
        g_slots = NULL;
        g_nslots = 0;
        (void)ctx;
        worker_main(cfg, ops, sv[1]);
    }
    close(sv[1]);
    s->pid = pid;
    s->fd = sv[0];
    s->busy = 0;
    s->item = NULL;
    return 0;
}

/* Waits for a dead (or killed) worker; returns its wait status. */
static int reap(slot *s, struct rusage *ru)
{
    int status = 0;
    close(s->fd);
    while (wait4(s->pid, &status, 0, ru) < 0 && errno == EINTR) {
    }
    s->pid = 0;
    s->fd = -1;
    return status;
}

static void classify(slot *s, int index, int status, const struct rusage *ru, const bq_config *cfg,
                     const bq_ops *ops, void *ctx)
{
    double secs = now_s() - s->t0;
    void *item = s->item;
    s->busy = 0;
    s->item = NULL;
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        bool mem = g_memflag && g_memflag[index];
        /* SIGKILL from someone else is most likely the kernel's OOM killer */
        if (!mem && sig == SIGKILL && cfg->max_memory &&
            (uint64_t)ru->ru_maxrss * 1024 >= cfg->max_memory / 2)
            mem = true;
        ops->lost(ctx, item, mem ? BQ_LOST_MEMORY : BQ_LOST_CRASH, sig, secs);
    } else {
        ops->lost(ctx, item, BQ_LOST_CRASH, WIFEXITED(status) ? -WEXITSTATUS(status) : 0, secs);
    }
}

/* Reads every message waiting on a worker's socket; returns -1 when the
 * worker is gone. */
static int drain(slot *s, int index, bq_buf *msg, const bq_config *cfg, const bq_ops *ops,
                 void *ctx, int wait_first)
{
    for (int first = 1;; first = 0) {
        int r = recv_msg(s->fd, msg, first && wait_first ? 0 : MSG_DONTWAIT);
        if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        if (r <= 0) {
            struct rusage ru = {0};
            int status = reap(s, &ru);
            if (s->busy) classify(s, index, status, &ru, cfg, ops, ctx);
            return -1;
        }
        if (msg->p[0] == MSG_NOTE && s->busy) {
            ops->note(ctx, s->item, msg->p + 1, msg->len - 1);
        } else if (msg->p[0] == MSG_RESULT && s->busy) {
            void *item = s->item;
            s->busy = 0;
            s->item = NULL;
            ops->done(ctx, item, msg->p + 1, msg->len - 1, now_s() - s->t0);
        }
    }
}

static void kill_slot(slot *s, int index, int sig, bq_loss why, const bq_ops *ops, void *ctx)
{
    kill(s->pid, sig);
    struct rusage ru;
    reap(s, &ru);
    (void)index;
    if (s->busy) {
        void *item = s->item;
        s->busy = 0;
        s->item = NULL;
        ops->lost(ctx, item, why, sig, now_s() - s->t0);
    }
}

/* ^C or SIGTERM: stop the workers (SIGTERM lets the core remove its
 * temporary files), then SIGKILL what is left after a grace period. */
static void stop_all(slot *slots, int n, const bq_ops *ops, void *ctx)
{
    for (int i = 0; i < n; i++)
        if (slots[i].pid > 0) kill(slots[i].pid, SIGTERM);
    double end = now_s() + 2.0;
    for (int i = 0; i < n; i++) {
        if (slots[i].pid <= 0) continue;
        int status;
        pid_t r;
        while ((r = waitpid(slots[i].pid, &status, WNOHANG)) == 0 && now_s() < end) usleep(10000);
        if (r == 0) kill(slots[i].pid, SIGKILL);
        struct rusage ru;
        if (r == 0 || r < 0) {
            reap(&slots[i], &ru);
        } else {
            close(slots[i].fd);
            slots[i].pid = 0;
        }
        if (slots[i].busy) {
            void *item = slots[i].item;
            slots[i].busy = 0;
            ops->lost(ctx, item, BQ_LOST_INTERRUPTED, SIGTERM, now_s() - slots[i].t0);
        }
    }
}

void bq_each_inflight(bq_inflight_fn fn, void *payload)
{
    double t = now_s();
    for (int i = 0; i < g_nslots; i++)
        if (g_slots[i].pid > 0 && g_slots[i].busy) fn(g_slots[i].item, t - g_slots[i].t0, payload);
}

int bq_run(const bq_config *cfg, const bq_ops *ops, void *ctx)
{
    int n = cfg->workers < 1 ? 1 : cfg->workers;
    slot *slots = calloc((size_t)n, sizeof *slots);
    struct pollfd *pfd = calloc((size_t)n, sizeof *pfd);
    int *pslot = calloc((size_t)n, sizeof *pslot);
    if (!slots || !pfd || !pslot) {
        free(slots);
        free(pfd);
        free(pslot);
        errno = ENOMEM;
        return -1;
    }
    void *page = mmap(NULL, (size_t)n * sizeof(int), PROT_READ | PROT_WRITE,
                      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    g_memflag = page == MAP_FAILED ? NULL : page;
    g_slots = slots;
    g_nslots = n;
    bq_buf job = {0}, msg = {0};
    void *pending = NULL;
    int have_pending = 0, exhausted = 0, pump_more = 1, rc = 0, spawn_failed = 0;
    double last_tick = 0;
    for (;;) {
        if (g_interrupt) {
            stop_all(slots, n, ops, ctx);
            break;
        }
        /* hand out jobs to idle workers */
        while (!exhausted || have_pending) {
            int idx = -1;
            for (int i = 0; i < n && idx < 0; i++)
                if (slots[i].pid > 0 && !slots[i].busy) idx = i;
            for (int i = 0; i < n && idx < 0 && !spawn_failed; i++)
                if (slots[i].pid == 0) idx = i;
            if (idx < 0) break;
            if (!have_pending) {
                job.len = 0;
                int r = ops->next(ctx, &pending, &job);
                if (r < 0) exhausted = 1;
                if (r <= 0) break;
                have_pending = 1;
            }
            slot *s = &slots[idx];
            if (s->pid == 0 && spawn(s, idx, cfg, ops, ctx) != 0) {
                spawn_failed = 1; /* go on with the workers we have */
                int live = 0;
                for (int i = 0; i < n; i++) live += slots[i].pid > 0;
                if (!live) {
                    rc = -1;
                    goto out;
                }
                continue;
            }
            if (send_msg(s->fd, MSG_JOB, job.p, job.len) != 0) {
                struct rusage ru;
                reap(s, &ru); /* died idle: not this job's fault, retry it */
                continue;
            }
            s->busy = 1;
            s->item = pending;
            s->t0 = now_s();
            have_pending = 0;
        }
        int busy = 0, np = 0;
        double next_deadline = -1, t = now_s();
        for (int i = 0; i < n; i++) {
            if (slots[i].pid <= 0) continue;
            pfd[np].fd = slots[i].fd;
            pfd[np].events = POLLIN;
            pslot[np++] = i;
            if (!slots[i].busy) continue;
            busy++;
            if (cfg->timeout_s > 0) {
                double d = slots[i].t0 + cfg->timeout_s;
                if (next_deadline < 0 || d < next_deadline) next_deadline = d;
            }
        }
        if (!busy && exhausted && !have_pending) break;
        int wait_ms = pump_more ? 0 : 200;
        if (next_deadline >= 0) {
            double left = (next_deadline - t) * 1000.0;
            if (left < wait_ms) wait_ms = left < 0 ? 0 : (int)left + 1;
        }
        int pr = poll(pfd, (nfds_t)np, wait_ms);
        if (pr < 0 && errno != EINTR) {
            rc = -1;
            break;
        }
        for (int k = 0; pr > 0 && k < np; k++)
            if (pfd[k].revents) drain(&slots[pslot[k]], pslot[k], &msg, cfg, ops, ctx, 0);
        if (cfg->timeout_s > 0) {
            t = now_s();
            for (int i = 0; i < n; i++) {
                if (slots[i].pid <= 0 || !slots[i].busy || t - slots[i].t0 < cfg->timeout_s)
                    continue;
                /* a result may have arrived just now */
                if (drain(&slots[i], i, &msg, cfg, ops, ctx, 0) < 0 || !slots[i].busy) continue;
                kill_slot(&slots[i], i, SIGKILL, BQ_LOST_TIMEOUT, ops, ctx);
            }
        }
        pump_more = ops->pump ? ops->pump(ctx) : 0;
        t = now_s();
        if (ops->tick && t - last_tick >= 0.1) {
            ops->tick(ctx);
            last_tick = t;
        }
    }
out:
    /* idle workers exit when their socket closes */
    for (int i = 0; i < n; i++) {
        if (slots[i].pid <= 0) continue;
        struct rusage ru;
        reap(&slots[i], &ru);
    }
    if (ops->tick) ops->tick(ctx);
    bq_buf_free(&job);
    bq_buf_free(&msg);
    g_slots = NULL;
    g_nslots = 0;
    if (g_memflag) munmap((void *)g_memflag, (size_t)n * sizeof(int));
    g_memflag = NULL;
    free(slots);
    free(pfd);
    free(pslot);
    return rc;
}
