/* Sandboxed reading (see sandbox.h).
 *
 * The parent holds the input in memory and forks. The child
 *   - gets /dev/null as stdin, a pipe as stdout and stderr (captured, then
 *     passed on), a pipe for its reply as fd 3, and no other descriptor;
 *   - dies with its parent (PR_SET_PDEATHSIG);
 *   - sets rlimits: address space (what it has + GOVDOC_SANDBOX_MEMORY),
 *     CPU time (GOVDOC_SANDBOX_TIMEOUT), file size 0, 16 descriptors, no
 *     core dumps;
 *   - sets PR_SET_NO_NEW_PRIVS and a seccomp allowlist (libseccomp): memory,
 *     reading and writing descriptors it has, openat read-only (iconv loads
 *     its gconv modules lazily), readlink, time, signals to itself, exit. Anything
 *     else — sockets, exec, fork, kill, ptrace, writing files — raises
 *     SIGSYS, whose handler reports the call and exits;
 *   - runs the reader, encodes the document (wire.c), writes it, _exits.
 * The parent reads both pipes until they close or the wall-clock deadline
 * passes (then SIGKILL), reaps the child, and rebuilds the document through
 * the builder only when the child exited normally with a complete reply. */
#define _GNU_SOURCE
#include "sandbox.h"
#include "wire.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <seccomp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define GD_SB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define GD_SB_ASAN 1
#endif
#endif

#define SB_EXIT_SYSCALL  125 /* the SIGSYS handler's exit status */
#define SB_EXIT_SETUP    124 /* the child could not set its limits up */
#define SB_MARK          "\036govdoc-sandbox:"
#define SB_STDERR_MAX    (64u * 1024)
#define SB_DEFAULT_TIME  60   /* seconds */
#define SB_DEFAULT_MEM   1024 /* MiB beyond what the child starts with */
#define SB_REPLY_DEFAULT (64u * 1024 * 1024)

typedef enum sb_mode { SB_FLAG, SB_OFF, SB_ALL } sb_mode;

static sb_mode mode(void)
{
    const char *v = getenv("GOVDOC_SANDBOX");
    if (!v || !*v) return SB_FLAG;
    if (!strcasecmp(v, "off") || !strcmp(v, "0") || !strcasecmp(v, "false") || !strcasecmp(v, "no"))
        return SB_OFF;
    if (!strcasecmp(v, "all")) return SB_ALL;
    return SB_FLAG;
}

bool gd__sandbox_wanted(const gd_format_handler *h)
{
    sb_mode m = mode();
    if (m == SB_OFF) return false;
    return m == SB_ALL || (h->flags & GD_HANDLER_SANDBOX);
}

static long env_long(const char *name, long def, long min, long max)
{
    const char *v = getenv(name);
    if (!v || !*v) return def;
    char *end;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno || *end || n < min) return def;
    return n > max ? max : n;
}

/* ---- the child ---- */

static void put_dec(char *buf, size_t *n, long v)
{
    char tmp[24];
    size_t k = 0;
    unsigned long u = v < 0 ? (unsigned long)-v : (unsigned long)v;
    do tmp[k++] = (char)('0' + u % 10);
    while ((u /= 10) && k < sizeof tmp);
    if (v < 0) buf[(*n)++] = '-';
    while (k) buf[(*n)++] = tmp[--k];
}

static void on_sigsys(int sig, siginfo_t *si, void *uc)
{
    (void)sig;
    (void)uc;
    char buf[64];
    size_t n = 0;
    memcpy(buf, SB_MARK "syscall ", sizeof SB_MARK + 7);
    n = sizeof SB_MARK + 7;
    put_dec(buf, &n, si->si_syscall);
    buf[n++] = '\n';
    ssize_t w = write(2, buf, n);
    (void)w;
    _exit(SB_EXIT_SYSCALL);
}

static bool set_limit(int res, rlim_t soft, rlim_t hard)
{
    struct rlimit rl = {soft, hard};
    return setrlimit(res, &rl) == 0;
}

#ifndef GD_SB_ASAN
/* Virtual size of this process, in bytes (0 if unknown). */
static size_t vm_size(void)
{
    int fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    char buf[128];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return 0;
    buf[n] = 0;
    return (size_t)strtoull(buf, NULL, 10) * (size_t)sysconf(_SC_PAGESIZE);
}
#endif

static int add_rules(scmp_filter_ctx sc)
{
    static const int allow[] = {
        SCMP_SYS(read),
        SCMP_SYS(readv),
        SCMP_SYS(pread64),
        SCMP_SYS(write),
        SCMP_SYS(writev),
        SCMP_SYS(close),
        SCMP_SYS(lseek),
        SCMP_SYS(fstat),
        SCMP_SYS(newfstatat),
        SCMP_SYS(statx),
        SCMP_SYS(mmap),
        SCMP_SYS(munmap),
        SCMP_SYS(mremap),
        SCMP_SYS(brk),
        SCMP_SYS(madvise),
        SCMP_SYS(mprotect),
        SCMP_SYS(futex),
        SCMP_SYS(getrandom),
        SCMP_SYS(rt_sigreturn),
        SCMP_SYS(rt_sigprocmask),
        SCMP_SYS(rt_sigaction),
        SCMP_SYS(sigaltstack),
        SCMP_SYS(exit),
        SCMP_SYS(exit_group),
        SCMP_SYS(getpid),
        SCMP_SYS(gettid),
        SCMP_SYS(fcntl),
        SCMP_SYS(ioctl),
        SCMP_SYS(sysinfo),
        SCMP_SYS(sched_yield),
        SCMP_SYS(clock_gettime),
        SCMP_SYS(clock_getres),
        SCMP_SYS(gettimeofday),
        SCMP_SYS(time),
        SCMP_SYS(getrlimit),
        SCMP_SYS(restart_syscall),
        /* read-only look-ups GLib makes: the local time zone's link
         * (/etc/localtime) and whether stderr is journald's socket */
        SCMP_SYS(readlink),
        SCMP_SYS(readlinkat),
        SCMP_SYS(getpeername),
    };
    for (size_t i = 0; i < sizeof allow / sizeof *allow; i++)
        if (allow[i] >= 0 && seccomp_rule_add(sc, SCMP_ACT_ALLOW, allow[i], 0) != 0) return -1;
    /* Opening files read-only (gconv modules, locale data). */
    if (seccomp_rule_add(sc, SCMP_ACT_ALLOW, SCMP_SYS(openat), 1,
                         SCMP_A2(SCMP_CMP_MASKED_EQ, O_ACCMODE | O_CREAT | O_TRUNC, O_RDONLY)) != 0)
        return -1;
    /* Reading its own limits, never setting any. */
    if (seccomp_rule_add(sc, SCMP_ACT_ALLOW, SCMP_SYS(prlimit64), 1, SCMP_A2(SCMP_CMP_EQ, 0, 0)) !=
        0)
        return -1;
    /* abort() and raise() signal the process itself, and nothing else. */
    if (seccomp_rule_add(sc, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
                         SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid(), 0)) != 0)
        return -1;
    return 0;
}

static int confine(size_t len)
{
    if (!set_limit(RLIMIT_CORE, 0, 0) || !set_limit(RLIMIT_FSIZE, 0, 0) ||
        !set_limit(RLIMIT_NOFILE, 16, 16))
        return -1;
    long secs = env_long("GOVDOC_SANDBOX_TIMEOUT", SB_DEFAULT_TIME, 1, 86400);
    if (!set_limit(RLIMIT_CPU, (rlim_t)secs, (rlim_t)secs + 1)) return -1;
#ifndef GD_SB_ASAN
    /* (AddressSanitizer reserves terabytes of address space: no limit there.) */
    long mib = env_long("GOVDOC_SANDBOX_MEMORY", SB_DEFAULT_MEM, 16, 1L << 20);
    size_t have = vm_size();
    size_t want = have + (size_t)mib * 1024 * 1024 + 2 * len;
    if (have && !set_limit(RLIMIT_AS, want, want)) return -1;
#else
    (void)len;
#endif
    scmp_filter_ctx sc = seccomp_init(SCMP_ACT_TRAP);
    if (!sc) return -1;
    int rc = seccomp_attr_set(sc, SCMP_FLTATR_CTL_NNP, 1) == 0 && add_rules(sc) == 0 &&
                     prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 && seccomp_load(sc) == 0
                 ? 0
                 : -1;
    seccomp_release(sc);
    return rc;
}

static void write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) _exit(SB_EXIT_SETUP);
        p += w;
        n -= (size_t)w;
    }
}

static void close_from(int lowfd)
{
#ifdef SYS_close_range
    if (syscall(SYS_close_range, (unsigned)lowfd, ~0u, 0) == 0) return;
#endif
    long max = sysconf(_SC_OPEN_MAX);
    if (max < 0 || max > 65536) max = 65536;
    for (int fd = lowfd; fd < max; fd++) close(fd);
}

static _Noreturn void child(pid_t parent, int reply_w, int err_w, gd_ctx *ctx,
                            const gd_format_handler *h, const uint8_t *data, size_t len,
                            gd_doc *doc)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(SB_EXIT_SETUP);
    /* descriptors: 0 /dev/null, 1 and 2 the stderr pipe, 3 the reply */
    int r = fcntl(reply_w, F_DUPFD, 10), e = fcntl(err_w, F_DUPFD, 10);
    int null = open("/dev/null", O_RDONLY);
    if (r < 0 || e < 0) _exit(SB_EXIT_SETUP);
    if (null >= 0)
        dup2(null, 0);
    else
        close(0);
    if (dup2(e, 1) < 0 || dup2(e, 2) < 0 || dup2(r, 3) < 0) _exit(SB_EXIT_SETUP);
    close_from(4);
    /* a crash ends the child with its signal, whatever handlers it inherited */
    static const int fatal[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGPIPE, SIGXFSZ, SIGXCPU};
    for (size_t i = 0; i < sizeof fatal / sizeof *fatal; i++) signal(fatal[i], SIG_DFL);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = on_sigsys;
    sa.sa_flags = SA_SIGINFO;
    sigaction(SIGSYS, &sa, NULL);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    if (confine(len) != 0) {
        static const char msg[] = SB_MARK "setup\n";
        ssize_t w = write(2, msg, sizeof msg - 1);
        (void)w;
        _exit(SB_EXIT_SETUP);
    }
    int rc = h->read(ctx, data, len, doc);
    gd_wire_buf buf = {0};
    if (gd__wire_encode(&buf, doc, rc, ctx) != GD_OK) _exit(SB_EXIT_SETUP);
    write_all(3, buf.p, buf.len);
    _exit(0);
}

/* ---- the parent ---- */

/* The sandbox's verdict replaces whatever the reply had put on ctx. */
static void reset_error(gd_ctx *ctx)
{
    free(ctx->error_message);
    ctx->error_message = NULL;
    ctx->error_code = 0;
}

static long now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

typedef struct grow {
    uint8_t *p;
    size_t len, cap, max;
    bool over;
} grow;

/* Reads what is there; returns 0 at end of file, 1 for more, -1 on error. */
static int drain(int fd, grow *g)
{
    uint8_t tmp[65536];
    ssize_t n = read(fd, tmp, sizeof tmp);
    if (n < 0) return errno == EINTR || errno == EAGAIN ? 1 : -1;
    if (n == 0) return 0;
    size_t k = (size_t)n;
    if (g->len + k > g->max) {
        g->over = true;
        k = g->max - g->len;
    }
    if (g->len + k > g->cap) {
        size_t cap = g->cap ? g->cap : 65536;
        while (cap < g->len + k) cap *= 2;
        uint8_t *p = realloc(g->p, cap);
        if (!p) {
            g->over = true;
            return 1;
        }
        g->p = p;
        g->cap = cap;
    }
    memcpy(g->p + g->len, tmp, k);
    g->len += k;
    return 1;
}

/* Passes the child's stderr on, without the sandbox's own marker lines;
 * returns the syscall number a marker names (-1 if none), *setup when the
 * child could not confine itself. */
static long pass_stderr(const grow *g, bool *setup)
{
    long sys = -1;
    size_t mlen = strlen(SB_MARK);
    for (size_t i = 0; i < g->len;) {
        const uint8_t *nl = memchr(g->p + i, '\n', g->len - i);
        size_t end = nl ? (size_t)(nl - g->p) + 1 : g->len;
        if (end - i >= mlen && memcmp(g->p + i, SB_MARK, mlen) == 0) {
            const char *what = (const char *)g->p + i + mlen;
            if (!strncmp(what, "syscall ", 8)) sys = strtol(what + 8, NULL, 10);
            if (!strncmp(what, "setup", 5)) *setup = true;
        } else {
            fwrite(g->p + i, 1, end - i, stderr);
        }
        i = end;
    }
    fflush(stderr);
    return sys;
}

static const char *signal_name(int sig)
{
    const char *abbr = sigabbrev_np(sig);
    return abbr ? abbr : "?";
}

/* What became of the child: filled by collect() and reap(). */
typedef struct sb_end {
    grow out, errs;
    bool timed_out, too_big, reaped;
    int status;
} sb_end;

/* Reads the reply and stderr pipes until both close, the reply grows past
 * its limit or the wall-clock deadline passes; closes both. */
static void collect(int reply, int err, long deadline, sb_end *e)
{
    int fds[2] = {reply, err};
    while (fds[0] >= 0 || fds[1] >= 0) {
        long left = deadline - now_ms();
        if (left <= 0) {
            e->timed_out = true;
            break;
        }
        struct pollfd pf[2];
        int n = 0, which[2];
        for (int i = 0; i < 2; i++)
            if (fds[i] >= 0) {
                pf[n].fd = fds[i];
                pf[n].events = POLLIN;
                pf[n].revents = 0;
                which[n++] = i;
            }
        int pr = poll(pf, (nfds_t)n, left > 1000 ? 1000 : (int)left);
        if (pr < 0 && errno != EINTR) break;
        for (int k = 0; pr > 0 && k < n; k++) {
            if (!pf[k].revents) continue;
            int i = which[k];
            int d = drain(fds[i], i == 0 ? &e->out : &e->errs);
            if (d <= 0) {
                close(fds[i]);
                fds[i] = -1;
            }
        }
        if (e->out.over) {
            e->too_big = true;
            break;
        }
    }
    for (int i = 0; i < 2; i++)
        if (fds[i] >= 0) close(fds[i]);
}

/* Waits for the child, killing it when it is over time or its reply too
 * big (a child that closed its pipes may still run: the deadline holds). */
static void reap(pid_t pid, long deadline, sb_end *e)
{
    if (e->timed_out || e->too_big) kill(pid, SIGKILL);
    for (long wait = 1; !e->reaped;) {
        pid_t w = waitpid(pid, &e->status, e->timed_out || e->too_big ? 0 : WNOHANG);
        if (w == pid) {
            e->reaped = true;
        } else if (w < 0 && errno != EINTR) {
            break;
        } else if (w == 0) {
            if (now_ms() >= deadline) {
                e->timed_out = true;
                kill(pid, SIGKILL);
                continue;
            }
            struct timespec ts = {0, wait * 1000000};
            nanosleep(&ts, NULL);
            if (wait < 50) wait *= 2;
        }
    }
}

/* A complete reply from a child that exited normally: the document is
 * rebuilt through the builder; the reply's verdict stands unless it is
 * out of memory (the child's limit, so a limit error) or malformed. */
static int rebuild(gd_ctx *ctx, const char *who, long mib, const grow *out, gd_doc *doc)
{
    int read_rc, rc;
    char why[256] = "";
    int d = gd__wire_decode(out->p, out->len, doc, ctx, &read_rc, why, sizeof why);
    if (d == GD_OK) {
        rc = read_rc;
        if (rc == GD_ENOMEM || gd_ctx_error_code(ctx) == GD_ENOMEM) {
            reset_error(ctx);
            rc = gd_ctx_error(ctx, GD_ELIMIT,
                              "the %s reader ran out of memory (%ld MiB, the sandbox's "
                              "limit; GOVDOC_SANDBOX_MEMORY sets it)",
                              who, mib);
        }
        return rc;
    }
    reset_error(ctx);
    if (d == GD_ELIMIT)
        return gd_ctx_error(ctx, GD_ELIMIT, "the %s reader's document: %s", who, why);
    return gd_ctx_error(ctx, d == GD_ENOMEM ? GD_ENOMEM : GD_EFORMAT,
                        "the %s reader's sandbox sent a malformed document (%s)", who, why);
}

/* The one error line for how the child ended, or the rebuilt document. */
static int verdict(gd_ctx *ctx, const char *who, long secs, long mib, size_t max, sb_end *e,
                   long sys, bool setup_failed, gd_doc *doc)
{
    if (e->timed_out)
        return gd_ctx_error(ctx, GD_ELIMIT,
                            "the %s reader ran out of time (%ld s, the sandbox's limit; "
                            "GOVDOC_SANDBOX_TIMEOUT sets it)",
                            who, secs);
    if (e->too_big)
        return gd_ctx_error(ctx, GD_ELIMIT, "the %s reader's document is larger than %zu MiB", who,
                            max >> 20);
    if (!e->reaped) return gd_ctx_error(ctx, GD_ERROR, "the %s reader's sandbox was lost", who);
    if (WIFSIGNALED(e->status)) {
        int sig = WTERMSIG(e->status);
        if (sig == SIGXCPU || sig == SIGKILL)
            return gd_ctx_error(ctx, GD_ELIMIT,
                                "the %s reader ran out of time or memory (SIG%s; the sandbox's "
                                "limits: %ld s, %ld MiB)",
                                who, signal_name(sig), secs, mib);
        if (sig == SIGXFSZ)
            return gd_ctx_error(ctx, GD_EFORMAT,
                                "the %s reader tried to write a file and was stopped (sandbox)",
                                who);
        return gd_ctx_error(ctx, GD_EFORMAT,
                            "the %s reader crashed on this input (SIG%s) and was stopped "
                            "safely; the file is damaged or not what it claims to be",
                            who, signal_name(sig));
    }
    int code = WEXITSTATUS(e->status);
    if (code == SB_EXIT_SYSCALL && sys >= 0) {
        char *name = seccomp_syscall_resolve_num_arch(SCMP_ARCH_NATIVE, (int)sys);
        int rc = gd_ctx_error(ctx, GD_EFORMAT,
                              "the %s reader made a forbidden system call (%s) and was stopped "
                              "(sandbox)",
                              who, name ? name : "?");
        free(name);
        return rc;
    }
    if (code == SB_EXIT_SETUP && setup_failed)
        return gd_ctx_error(ctx, GD_ERROR,
                            "the %s reader's sandbox could not be set up (seccomp); "
                            "GOVDOC_SANDBOX=off reads without it",
                            who);
    if (code != 0)
        return gd_ctx_error(ctx, GD_EFORMAT,
                            "the %s reader ended without a result (exit status %d)", who, code);
    return rebuild(ctx, who, mib, &e->out, doc);
}

int gd__sandbox_read(gd_ctx *ctx, const gd_format_handler *h, const uint8_t *data, size_t len,
                     gd_doc *doc)
{
    const char *who = h->format;
    long secs = env_long("GOVDOC_SANDBOX_TIMEOUT", SB_DEFAULT_TIME, 1, 86400);
    long mib = env_long("GOVDOC_SANDBOX_MEMORY", SB_DEFAULT_MEM, 16, 1L << 20);
    int reply[2] = {-1, -1}, err[2] = {-1, -1};
    if (pipe2(reply, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
        int e = errno;
        for (int i = 0; i < 2; i++) {
            if (reply[i] >= 0) close(reply[i]);
            if (err[i] >= 0) close(err[i]);
        }
        return gd_ctx_error(ctx, GD_EIO, "cannot start the %s reader's sandbox: %s", who,
                            strerror(e));
    }
    fflush(stdout);
    fflush(stderr);
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) child(parent, reply[1], err[1], ctx, h, data, len, doc);
    int fork_errno = errno;
    close(reply[1]);
    close(err[1]);
    if (pid < 0) {
        close(reply[0]);
        close(err[0]);
        return gd_ctx_error(ctx, GD_ENOMEM, "cannot start the %s reader's sandbox: %s", who,
                            strerror(fork_errno));
    }

    size_t max = SB_REPLY_DEFAULT;
    if (len < (SIZE_MAX - max) / 4) max += 4 * len;
    sb_end e = {.out = {.max = max}, .errs = {.max = SB_STDERR_MAX}};
    long deadline = now_ms() + secs * 1000;
    collect(reply[0], err[0], deadline, &e);
    reap(pid, deadline, &e);
    bool setup_failed = false;
    long sys = pass_stderr(&e.errs, &setup_failed);
    free(e.errs.p);
    int rc = verdict(ctx, who, secs, mib, max, &e, sys, setup_failed, doc);
    free(e.out.p);
    return rc;
}
