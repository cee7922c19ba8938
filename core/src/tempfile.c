/* Temporary files of the output path.
 *
 * Names: <dir>/.<name>.govdoc-tmp-<host>-<pid>-XXXXXX. Hidden, so a
 * directory listing of outputs does not show them; recognisable, so a person
 * knows what they are; and carrying their owner, so a later run can tell a
 * stale one (its process is gone) from a live worker's (batch workers and
 * shards on other machines share output directories): only names with our
 * host, a dead pid and our uid are ever removed.
 *
 * The registry is a fixed array of slots filled and emptied with atomic
 * operations, so the signal handler (gd_temp_remove_all) can walk it at
 * any moment without locks or malloc. Each slot records the pid that made
 * it: a forked worker never removes its parent's files. */
#define _GNU_SOURCE
#include "tempfile.h"

#include "internal.h"
#include "govdoc/gd_convert.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define MAX_SLOTS 256
#define BUSY      ((char *)1)
#define NAME_KEEP 120 /* bytes of the output's name kept in a temporary name */
#define MAX_DEPTH 16  /* of a tree we remove */

typedef struct tslot {
    char *path; /* atomic; NULL = free, BUSY = being filled */
    pid_t pid;
    int is_dir;
} tslot;

static tslot slots[MAX_SLOTS];

/* ---- names ---- */

static char host[65];
static pthread_once_t host_once = PTHREAD_ONCE_INIT;

/* The host name as it appears in names: [A-Za-z0-9._-], at most 64 bytes. */
static void host_init(void)
{
    char h[256] = "";
    if (gethostname(h, sizeof h - 1) != 0 || !h[0]) snprintf(h, sizeof h, "localhost");
    size_t n = 0;
    for (const char *p = h; *p && n < sizeof host - 1; p++) {
        char c = *p;
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '.' || c == '_' || c == '-';
        host[n++] = ok ? c : '_';
    }
    host[n] = 0;
}

static const char *our_host(void)
{
    pthread_once(&host_once, host_init);
    return host;
}

static void random_suffix(char out[7])
{
    static const char alnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char r[6];
    if (getrandom(r, sizeof r, GRND_NONBLOCK) != (ssize_t)sizeof r) {
        static unsigned counter;
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        uint64_t x = (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32) ^
                     __atomic_add_fetch(&counter, 0x9E3779B9u, __ATOMIC_RELAXED);
        for (int i = 0; i < 6; i++, x = x * 6364136223846793005u + 1442695040888963407u)
            r[i] = (unsigned char)(x >> 56);
    }
    for (int i = 0; i < 6; i++) out[i] = alnum[r[i] % 62];
    out[6] = 0;
}

char *gd__temp_name(const char *dir, const char *base)
{
    /* keep the name short enough for NAME_MAX, cut at a UTF-8 boundary */
    size_t n = strlen(base);
    if (n > NAME_KEEP) {
        n = NAME_KEEP;
        while (n && ((unsigned char)base[n] & 0xC0) == 0x80) n--;
    }
    char sfx[7];
    random_suffix(sfx);
    return gd__asprintf("%s/.%.*s" GD_TEMP_MARK "%s-%ld-%s", dir, (int)n, base, our_host(),
                        (long)getpid(), sfx);
}

/* ---- the registry ---- */

int gd__temp_register(const char *path, bool is_dir)
{
    char *copy;
    if (path[0] == '/') {
        copy = strdup(path);
    } else {
        char *cwd = getcwd(NULL, 0);
        copy = cwd ? gd__asprintf("%s/%s", cwd, path) : NULL;
        free(cwd);
    }
    if (!copy) return -1;
    for (int i = 0; i < MAX_SLOTS; i++) {
        char *expected = NULL;
        if (!__atomic_compare_exchange_n(&slots[i].path, &expected, BUSY, false, __ATOMIC_ACQ_REL,
                                         __ATOMIC_RELAXED))
            continue;
        slots[i].pid = getpid();
        slots[i].is_dir = is_dir;
        __atomic_store_n(&slots[i].path, copy, __ATOMIC_RELEASE);
        return i;
    }
    free(copy); /* full: this one is not removed on a signal */
    return -1;
}

static void unregister(int i)
{
    if (i < 0 || i >= MAX_SLOTS) return;
    char *p = __atomic_exchange_n(&slots[i].path, NULL, __ATOMIC_ACQ_REL);
    if (p != BUSY) free(p);
}

void gd_temp_remove_all(void)
{
    int saved = errno;
    pid_t me = getpid();
    for (int i = 0; i < MAX_SLOTS; i++) {
        char *p = __atomic_load_n(&slots[i].path, __ATOMIC_ACQUIRE);
        if (!p || p == BUSY || slots[i].pid != me) continue;
        if (slots[i].is_dir)
            gd__remove_tree(AT_FDCWD, p);
        else
            unlink(p);
    }
    errno = saved;
}

int gd__temp_create(gd_temp *t, const char *dir, const char *base, bool is_dir, mode_t mode)
{
    *t = (gd_temp)GD_TEMP_NONE;
    t->is_dir = is_dir;
    for (int tries = 0; tries < 100; tries++) {
        char *name = gd__temp_name(dir, base);
        if (!name) {
            errno = ENOMEM;
            return -1;
        }
        /* registered first, so no signal can come between creation and
         * registration; the name holds our host and pid, so what a failed
         * creation finds there is never someone else's */
        int slot = gd__temp_register(name, is_dir);
        int fd = -1, rc;
        if (is_dir) {
            rc = mkdir(name, mode);
        } else {
            fd = open(name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, mode);
            rc = fd < 0 ? -1 : 0;
        }
        if (rc == 0) {
            t->path = name;
            t->slot = slot;
            t->fd = fd;
            return 0;
        }
        int e = errno;
        unregister(slot);
        free(name);
        errno = e;
        if (e != EEXIST) return -1;
    }
    return -1;
}

void gd__temp_forget(gd_temp *t)
{
    unregister(t->slot);
    free(t->path);
    *t = (gd_temp)GD_TEMP_NONE;
}

void gd__temp_discard(gd_temp *t)
{
    if (t->fd >= 0) close(t->fd);
    if (t->path) {
        if (t->is_dir)
            gd__remove_tree(AT_FDCWD, t->path);
        else
            unlink(t->path);
    }
    gd__temp_forget(t);
}

/* ---- removing a tree, async-signal-safe (no malloc, no opendir) ---- */

struct dirent64_raw {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static int remove_tree_depth(int at, const char *name, int depth)
{
    if (unlinkat(at, name, AT_REMOVEDIR) == 0 || errno == ENOENT) return 0;
    if ((errno != ENOTEMPTY && errno != EEXIST) || depth >= MAX_DEPTH) return -1;
    int fd = openat(at, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return -1;
    /* deleting while reading may skip entries: pass again until a pass
     * finds nothing or removes nothing */
    for (int pass = 0; pass < 8; pass++) {
        char buf[2048] __attribute__((aligned(8)));
        int seen = 0, removed = 0;
        lseek(fd, 0, SEEK_SET);
        long n;
        while ((n = syscall(SYS_getdents64, fd, buf, sizeof buf)) > 0) {
            for (long off = 0; off < n;) {
                struct dirent64_raw *d = (struct dirent64_raw *)(void *)(buf + off);
                off += d->d_reclen;
                const char *s = d->d_name;
                if (s[0] == '.' && (!s[1] || (s[1] == '.' && !s[2]))) continue;
                seen++;
                int rc;
                if (d->d_type == DT_DIR) {
                    rc = remove_tree_depth(fd, s, depth + 1);
                } else {
                    rc = unlinkat(fd, s, 0);
                    if (rc != 0 && (errno == EISDIR || errno == EPERM))
                        rc = remove_tree_depth(fd, s, depth + 1);
                }
                if (rc == 0) removed++;
            }
        }
        if (!seen || !removed) break;
    }
    close(fd);
    return unlinkat(at, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -1;
}

int gd__remove_tree(int dirfd, const char *name)
{
    return remove_tree_depth(dirfd, name, 0);
}

/* ---- stale temporaries ---- */

/* The pid in a temporary name of ours (this host), else 0. */
static long owner_pid(const char *name)
{
    size_t n = strlen(name);
    if (name[0] != '.' || n < 8) return 0;
    for (size_t i = n - 6; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return 0;
    }
    if (name[n - 7] != '-') return 0;
    size_t end = n - 7, start = end;
    while (start > 0 && name[start - 1] >= '0' && name[start - 1] <= '9') start--;
    if (start == end || end - start > 9 || start == 0 || name[start - 1] != '-') return 0;
    long pid = strtol(name + start, NULL, 10);
    if (pid <= 0) return 0;
    const char *h = our_host();
    size_t hl = strlen(h), ml = strlen(GD_TEMP_MARK);
    size_t hs = start - 1; /* the host ends here */
    if (hs < hl + ml + 1) return 0;
    if (memcmp(name + hs - hl, h, hl) != 0) return 0;
    if (memcmp(name + hs - hl - ml, GD_TEMP_MARK, ml) != 0) return 0;
    return pid;
}

static bool pid_alive(long pid)
{
    if (pid == (long)getpid()) return true;
    return kill((pid_t)pid, 0) == 0 || errno != ESRCH;
}

typedef struct swept {
    dev_t dev;
    ino_t ino;
} swept;

static pthread_mutex_t sweep_lock = PTHREAD_MUTEX_INITIALIZER;
static swept *swept_dirs;
static size_t nswept;

/* Removes the stale temporaries in the open directory `dfd` whose names
 * start with `prefix` (NULL: all of ours). */
static void sweep_fd(int dfd, const char *prefix)
{
    int lfd = dup(dfd);
    DIR *d = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!d) {
        if (lfd >= 0) close(lfd);
        return;
    }
    size_t pl = prefix ? strlen(prefix) : 0;
    struct dirent *e;
    uid_t me = geteuid();
    while ((e = readdir(d))) {
        if (pl && strncmp(e->d_name, prefix, pl) != 0) continue;
        if (!strstr(e->d_name, GD_TEMP_MARK)) continue;
        long pid = owner_pid(e->d_name);
        if (!pid || pid_alive(pid)) continue;
        struct stat st;
        if (fstatat(dfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || st.st_uid != me) continue;
        if (S_ISREG(st.st_mode))
            unlinkat(dfd, e->d_name, 0);
        else if (S_ISDIR(st.st_mode))
            gd__remove_tree(dfd, e->d_name);
    }
    closedir(d);
}

void gd__temp_sweep(const char *dir)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) return;
    struct stat ds;
    bool done = fstat(dfd, &ds) != 0;
    pthread_mutex_lock(&sweep_lock);
    for (size_t i = 0; !done && i < nswept; i++)
        done = swept_dirs[i].dev == ds.st_dev && swept_dirs[i].ino == ds.st_ino;
    if (!done) {
        swept *v = realloc(swept_dirs, (nswept + 1) * sizeof *v);
        if (v) {
            swept_dirs = v;
            swept_dirs[nswept++] = (swept){ds.st_dev, ds.st_ino};
        }
    }
    pthread_mutex_unlock(&sweep_lock);
    if (!done) sweep_fd(dfd, NULL);
    close(dfd);
}

void gd_temp_remove_stale(const char *output)
{
    if (!output || !*output || strcmp(output, "-") == 0) return;
    const char *slash = strrchr(output, '/');
    char *dir = slash ? (slash == output ? strdup("/") : strndup(output, (size_t)(slash - output)))
                      : strdup(".");
    const char *base = slash ? slash + 1 : output;
    /* the name as gd__temp_name keeps it */
    size_t n = strlen(base);
    if (n > NAME_KEEP) {
        n = NAME_KEEP;
        while (n && ((unsigned char)base[n] & 0xC0) == 0x80) n--;
    }
    char *prefix = gd__asprintf(".%.*s" GD_TEMP_MARK, (int)n, base);
    int dfd = dir && prefix ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (dfd >= 0) {
        sweep_fd(dfd, prefix);
        close(dfd);
    }
    free(prefix);
    free(dir);
}

/* ---- signals around a commit ---- */

static void handled(sigset_t *s)
{
    sigemptyset(s);
    sigaddset(s, SIGTERM);
    sigaddset(s, SIGINT);
    sigaddset(s, SIGHUP);
}

void gd__signals_block(sigset_t *saved)
{
    sigset_t s;
    handled(&s);
    pthread_sigmask(SIG_BLOCK, &s, saved);
}

void gd__signals_restore(const sigset_t *saved)
{
    pthread_sigmask(SIG_SETMASK, saved, NULL);
}
