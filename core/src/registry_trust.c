/* Plugin trust: which files may be loaded, decided before dlopen (see
 * registry_trust.h), and the checked dlopen itself. */
#define _GNU_SOURCE
#include "registry_trust.h"
#include "internal.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- trust: checked before dlopen, never after ----
 *
 * dlopen runs a library's constructors, so whether a file may be loaded
 * is decided before it is opened as a library:
 * - the plugin directory and every directory above it are owned by root or
 *   by us, and nobody else can change them: a directory writable by its
 *   group or by others is refused, except above the plugin directory when
 *   it is sticky (like /tmp: others cannot rename or remove what is ours);
 * - the file is a regular file (opened O_NONBLOCK, so a FIFO named x.so
 *   cannot hang us; O_NOFOLLOW: a symlink is refused, install the file
 *   itself), owned by root or by us, not writable by group or others.
 * Directories are walked from "/" with openat(O_NOFOLLOW) and the file is
 * opened from the checked directory's descriptor; then dlopen loads the
 * very file that was checked, through /proc/self/fd/N, so nothing can be
 * swapped in between. */

static bool trusted_owner(const struct stat *st)
{
    return st->st_uid == 0 || st->st_uid == geteuid();
}

/* Why `st` (the directory `path`) is not trusted, or NULL. */
static char *dir_problem(const struct stat *st, const char *path, bool plugin_dir)
{
    if (!S_ISDIR(st->st_mode)) return gd__asprintf("%s is not a directory", path);
    if (!trusted_owner(st))
        return gd__asprintf("directory %s is owned by uid %lu (neither root nor you)", path,
                            (unsigned long)st->st_uid);
    if ((st->st_mode & (S_IWGRP | S_IWOTH)) && (plugin_dir || !(st->st_mode & S_ISVTX)))
        return gd__asprintf("directory %s is writable by %s", path,
                            st->st_mode & S_IWOTH ? "everyone" : "its group");
    return NULL;
}

/* Opens a plugin directory after checking it and every directory above
 * it; *real gets its real path. -1 with *why (malloc'ed) and *code when it
 * is missing (GD_ENOTFOUND) or not trusted (GD_EABI). */
int gd__trusted_dir_open(const char *dir, char **real_out, char **why, int *code)
{
    *why = NULL;
    *real_out = NULL;
    *code = GD_EABI;
    char *real = realpath(dir, NULL); /* absolute, no symlinks, no "//" */
    if (!real) {
        if (errno == ENOENT || errno == ENOTDIR) *code = GD_ENOTFOUND;
        *why = gd__asprintf("%s: %s", dir, strerror(errno));
        return -1;
    }
    size_t n = strlen(real), pos = 1; /* fd is the directory real[0, pos) */
    int fd = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    while (fd >= 0) {
        bool last = pos >= n;
        struct stat st;
        char *shown = pos <= 1 ? strdup("/") : strndup(real, pos);
        if (!shown || fstat(fd, &st) != 0)
            *why = gd__asprintf("%s: %s", real, shown ? strerror(errno) : "out of memory");
        else
            *why = dir_problem(&st, shown, last);
        free(shown);
        if (*why) break;
        if (last) {
            *real_out = real;
            return fd;
        }
        size_t start = pos == 1 ? 1 : pos + 1, end = start;
        while (end < n && real[end] != '/') end++;
        char *comp = strndup(real + start, end - start);
        int next = comp ? openat(fd, comp, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) : -1;
        int e = comp ? errno : ENOMEM;
        free(comp);
        close(fd);
        fd = next;
        if (fd < 0) *why = gd__asprintf("%.*s: %s", (int)end, real, strerror(e));
        pos = end;
    }
    if (fd >= 0) close(fd);
    free(real);
    if (!*why) *why = gd__asprintf("%s: cannot open", dir);
    return -1;
}

/* Opens `name` in the checked directory `dfd` if it may be loaded;
 * -1 with *why (malloc'ed) and *code otherwise. */
static int open_trusted_file(int dfd, const char *name, char **why, int *code, struct stat *out)
{
    *why = NULL;
    *code = GD_EABI;
    struct stat st;
    /* lstat first: a FIFO or device is never even opened */
    if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT) *code = GD_ENOTFOUND;
        *why = gd__asprintf("%s", strerror(errno));
        return -1;
    }
    if (S_ISLNK(st.st_mode)) {
        *why = gd__asprintf("is a symbolic link (plugins are loaded from the file itself)");
        return -1;
    }
    if (!S_ISREG(st.st_mode)) {
        *why = gd__asprintf("is not a regular file");
        return -1;
    }
    int fd = openat(dfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        *why = gd__asprintf("%s", strerror(errno));
        return -1;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        *why = gd__asprintf("is not a regular file");
    else if (!trusted_owner(&st))
        *why = gd__asprintf("is owned by uid %lu (neither root nor you)", (unsigned long)st.st_uid);
    else if (st.st_mode & (S_IWGRP | S_IWOTH))
        *why = gd__asprintf("is writable by %s", st.st_mode & S_IWOTH ? "everyone" : "its group");
    if (*why) {
        close(fd);
        return -1;
    }
    *out = st;
    return fd;
}

/* dlerror() names /proc/self/fd/N; messages name the real file. */
static char *real_names(const char *msg, const char *alias, const char *path)
{
    if (!msg) return gd__asprintf("dlopen failed");
    size_t al = strlen(alias);
    const char *hit = strstr(msg, alias);
    if (!hit) return gd__asprintf("%s", msg);
    char *rest = real_names(hit + al, alias, path);
    char *s = gd__asprintf("%.*s%s%s", (int)(hit - msg), msg, path, rest ? rest : "");
    free(rest);
    return s;
}

/* dlopen of the open, checked file. glibc matches a name against the
 * libraries already loaded before it opens anything, so a number that
 * named another plugin earlier (still loaded) gets extra slashes. */
static void *dlopen_fd(int fd, const char *checked, const char *path, char **err)
{
    *err = NULL;
    char name[64];
    struct stat a, b;
    int slashes = 1;
    bool proc = fstat(fd, &a) == 0 &&
                (snprintf(name, sizeof name, "/proc/self/fd/%d", fd), stat(name, &b) == 0) &&
                a.st_dev == b.st_dev && a.st_ino == b.st_ino;
    if (proc) {
        for (; slashes <= 8; slashes++) {
            snprintf(name, sizeof name, "/proc/self/fd%.*s%d", slashes, "////////", fd);
            void *old = dlopen(name, RTLD_LAZY | RTLD_NOLOAD);
            if (!old) break;
            dlclose(old);
        }
        proc = slashes <= 8; /* all taken (plugins that never unload) */
    }
    dlerror();
    /* without /proc (or a free name in it) the checked path itself: every
     * directory on it is ours or root's, so nobody else can swap the file */
    void *dl = dlopen(proc ? name : checked, RTLD_NOW | RTLD_LOCAL);
    if (!dl) *err = real_names(dlerror(), proc ? name : checked, path);
    /* GOVDOC_DEBUG=plugins: every plugin really loaded (tests count them) */
    if (dl && gd__registry_debug()) fprintf(stderr, "govdoc: debug: plugin loaded: %s\n", path);
    return dl;
}

/* Opens `name` in the checked directory `dfd` (real path `real`) and
 * dlopens that very file. *dl, or *why (malloc'ed, may be NULL) with
 * GD_EABI (not trusted) or GD_ENOTFOUND (missing, or dlopen failed).
 * `expect` (may be NULL): the file must still be that one (lazy loads:
 * the file the cache described), else GD_EABI; *got (may be NULL) gets
 * the identity of the file loaded. */
int gd__trusted_dlopen(int dfd, const char *real, const char *name, const char *path, void **dl,
                       char **why, const gd__file_id *expect, gd__file_id *got)
{
    *dl = NULL;
    int code;
    struct stat st;
    int fd = open_trusted_file(dfd, name, why, &code, &st);
    if (fd < 0) return code;
    gd__file_id id;
    gd__file_id_of(&st, &id);
    if (got) *got = id;
    if (expect && !gd__file_id_eq(expect, &id)) {
        close(fd);
        *why = gd__asprintf("changed since the registry cache recorded it");
        return GD_EABI;
    }
    char *checked = gd__asprintf("%s/%s", strcmp(real, "/") ? real : "", name);
    *dl = checked ? dlopen_fd(fd, checked, path, why) : NULL;
    close(fd);
    free(checked);
    return *dl ? GD_OK : GD_ENOTFOUND;
}

/* Checks the directory of `path` and every directory above it; the open
 * directory with *real and *name (its last component, inside path), or -1
 * with *why (malloc'ed, may be NULL) and *code. */
int gd__trusted_parent_open(const char *path, char **real, const char **name, char **why, int *code)
{
    const char *slash = strrchr(path, '/');
    char *dir =
        slash ? (slash == path ? strdup("/") : strndup(path, (size_t)(slash - path))) : strdup(".");
    *name = slash ? slash + 1 : path;
    if (!dir) {
        *why = NULL;
        *code = GD_ENOMEM;
        return -1;
    }
    int dfd = gd__trusted_dir_open(dir, real, why, code);
    free(dir);
    return dfd;
}

int gd__plugin_dlopen(const char *path, void **dl, char **why)
{
    *dl = NULL;
    *why = NULL;
    char *real;
    const char *name;
    int code;
    int dfd = gd__trusted_parent_open(path, &real, &name, why, &code);
    if (dfd < 0) return code;
    code = gd__trusted_dlopen(dfd, real, name, path, dl, why, NULL, NULL);
    close(dfd);
    free(real);
    return code;
}
