/* Where an output lands, and how.
 *
 * - A regular file (or a name that does not exist yet) is replaced
 *   atomically: the writer fills a temporary file next to it, which is
 *   renamed over it only when complete. An existing file's permission bits
 *   are kept, and its owner and group where the kernel allows it (root, or
 *   the owner for the group); bits that would reach a different group or
 *   owner than before are dropped, so replacing never widens access.
 *   set-user/group-ID bits are never carried over.
 * - A symlink to a regular file is followed: the file it names is replaced
 *   the same way (the link stays a link).
 * - Anything else that can be written to — a character device (/dev/null,
 *   a terminal), a FIFO, a descriptor named /dev/stdout or /dev/fd/N — is
 *   never replaced by rename: the output is rendered into memory first (a
 *   failure writes nothing) and then written to it directly, without
 *   O_CREAT or O_TRUNC.
 * - Directories, block devices (disks), sockets and dangling symlinks are
 *   refused before anything is rendered.
 *
 * Side files (HTML images) go into a temporary directory that is renamed
 * into place together with the page; every temporary is registered so a
 * signal handler can remove it (tempfile.c). */
#define _GNU_SOURCE
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *err_of(const char *fmt, ...) GD_PRINTF(1, 2);
static char *err_of(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = gd__vasprintf(fmt, ap);
    va_end(ap);
    return s;
}

/* "/dev/stdout", "/dev/stderr", "/dev/fd/N", "/proc/self/fd/N": a
 * descriptor this process already has; -1 otherwise. */
static int fd_name(const char *path)
{
    if (strcmp(path, "/dev/stdout") == 0) return 1;
    if (strcmp(path, "/dev/stderr") == 0) return 2;
    const char *num = NULL;
    if (strncmp(path, "/dev/fd/", 8) == 0) num = path + 8;
    if (strncmp(path, "/proc/self/fd/", 14) == 0) num = path + 14;
    if (!num || !*num) return -1;
    long v = 0;
    for (const char *p = num; *p; p++) {
        if (*p < '0' || *p > '9' || v > 1000000) return -1;
        v = v * 10 + (*p - '0');
    }
    return (int)v;
}

static const char *kind_name(mode_t m)
{
    if (S_ISDIR(m)) return "is a directory";
    if (S_ISBLK(m)) return "is a block device (govdoc never writes onto a disk or partition)";
    if (S_ISSOCK(m)) return "is a socket";
    return "is not a file govdoc can write to";
}

static int split_dir(gd_output *o, const char *target)
{
    const char *slash = strrchr(target, '/');
    o->dir = slash ? (slash == target ? strdup("/") : strndup(target, (size_t)(slash - target)))
                   : strdup(".");
    o->base = strdup(slash ? slash + 1 : target);
    return o->dir && o->base ? GD_OK : GD_ENOMEM;
}

int gd__output_open(gd_output *o, const char *path, char **err)
{
    memset(o, 0, sizeof *o);
    o->path = path;
    o->fd = -1;
    o->tmp = (gd_temp)GD_TEMP_NONE;
    o->side = (gd_temp)GD_TEMP_NONE;
    *err = NULL;
    if (strcmp(path, "-") == 0) {
        o->kind = OUT_FD;
        o->fd = STDOUT_FILENO;
        return GD_OK;
    }
    int fd = fd_name(path);
    struct stat st;
    if (fd >= 0) {
        if (fstat(fd, &st) != 0) {
            *err = err_of("descriptor %d is not open", fd);
            return GD_EIO;
        }
        o->kind = OUT_FD;
        o->fd = fd;
        return GD_OK;
    }
    const char *target = path;
    char *resolved = NULL;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT) {
            *err = err_of("cannot write: %s", strerror(errno));
            return GD_EIO;
        }
        o->kind = OUT_REPLACE; /* a new file */
    } else if (S_ISLNK(st.st_mode)) {
        if (stat(path, &st) != 0) {
            *err = err_of("is a symbolic link to %s",
                          errno == ENOENT ? "a missing file" : strerror(errno));
            return GD_EIO;
        }
        if (S_ISREG(st.st_mode)) {
            /* the file the link names is replaced; the link stays */
            resolved = realpath(path, NULL);
            if (!resolved) {
                *err = err_of("cannot resolve the symbolic link: %s", strerror(errno));
                return GD_EIO;
            }
            target = resolved;
            o->kind = OUT_REPLACE;
            o->exists = true;
        } else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
            o->kind = OUT_DIRECT;
        } else {
            *err = err_of("is a symbolic link to something that %s", kind_name(st.st_mode) + 3);
            return GD_EIO;
        }
    } else if (S_ISREG(st.st_mode)) {
        o->kind = OUT_REPLACE;
        o->exists = true;
    } else if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode)) {
        o->kind = OUT_DIRECT;
    } else {
        *err = err_of("%s", kind_name(st.st_mode));
        return GD_EIO;
    }
    if (o->kind != OUT_REPLACE) return GD_OK;
    o->old = st;
    int rc = split_dir(o, target);
    o->target = resolved ? resolved : strdup(target);
    if (rc || !o->target) return GD_ENOMEM;
    gd__temp_sweep(o->dir);
    /* A new file gets 0666 & ~umask at once; a replacement stays private
     * (0600) until its final mode is set just before the rename. */
    if (gd__temp_create(&o->tmp, o->dir, o->base, false, o->exists ? 0600 : 0666) != 0) {
        *err = err_of("cannot create a temporary file in %s: %s", o->dir, strerror(errno));
        return errno == ENOMEM ? GD_ENOMEM : GD_EIO;
    }
    o->file = fdopen(o->tmp.fd, "wb");
    if (!o->file) {
        *err = err_of("cannot open the temporary file: %s", strerror(errno));
        return GD_EIO;
    }
    o->tmp.fd = -1; /* the FILE owns it */
    return GD_OK;
}

const char *gd__output_path_for_writer(const gd_output *o)
{
    return o->kind == OUT_REPLACE ? o->path : NULL;
}

int gd__output_sink(gd_output *o, gd_sink **sink)
{
    return o->kind == OUT_REPLACE ? gd__sink_new_file(sink, o->file) : gd_sink_new_memory(sink);
}

/* ---- side directory ---- */

int gd__output_side_dir(gd_output *o, const char *final, const char **tmp, char **err)
{
    *err = NULL;
    if (o->kind != OUT_REPLACE) {
        *err = err_of("side files need an output file");
        return GD_ENOTSUPPORTED;
    }
    if (o->side_final) {
        if (strcmp(o->side_final, final) != 0) {
            *err = err_of("only one side-file folder per output");
            return GD_EUSER;
        }
        *tmp = o->side.path;
        return GD_OK;
    }
    /* next to the output, as given: <same directory>/<one name> */
    const char *slash = strrchr(final, '/'), *oslash = strrchr(o->path, '/');
    size_t dl = slash ? (size_t)(slash - final) : 0, odl = oslash ? (size_t)(oslash - o->path) : 0;
    const char *name = slash ? slash + 1 : final;
    if (dl != odl || (dl && memcmp(final, o->path, dl) != 0) || !*name || strcmp(name, ".") == 0 ||
        strcmp(name, "..") == 0) {
        *err = err_of("side-file folder %s is not next to the output", final);
        return GD_EUSER;
    }
    struct stat st;
    if (lstat(final, &st) == 0) {
        if (S_ISLNK(st.st_mode)) {
            *err = err_of("side-file folder %s is a symbolic link: refusing to write through it",
                          final);
            return GD_EIO;
        }
        if (!S_ISDIR(st.st_mode)) {
            *err = err_of("side-file folder %s exists and is not a directory", final);
            return GD_EIO;
        }
        o->side_exists = true;
        o->side_old = st;
    } else if (errno != ENOENT) {
        *err = err_of("side-file folder %s: %s", final, strerror(errno));
        return GD_EIO;
    }
    o->side_dir = slash ? strndup(final, dl ? dl : 1) : strdup(".");
    o->side_name = strdup(name);
    o->side_final = strdup(final);
    if (!o->side_dir || !o->side_name || !o->side_final) return GD_ENOMEM;
    int rc = gd__temp_create(&o->side, o->side_dir, name, true, o->side_exists ? 0700 : 0777);
    int e = errno;
    if (rc != 0) {
        *err = err_of("cannot create a temporary folder for %s: %s", final, strerror(e));
        return e == ENOMEM ? GD_ENOMEM : GD_EIO;
    }
    *tmp = o->side.path;
    return GD_OK;
}

/* ---- commit ---- */

static int write_all(int fd, const uint8_t *p, size_t n)
{
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0) {
            if (errno == EINTR) continue;
            if (errno == EAGAIN) {
                struct pollfd pf = {fd, POLLOUT, 0};
                poll(&pf, 1, -1);
                continue;
            }
            return -1;
        }
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

static int commit_memory(gd_output *o, gd_sink *sink, char **err)
{
    size_t len;
    const uint8_t *data = gd_sink_memory_data(sink, &len);
    int fd = o->fd;
    if (o->kind == OUT_FD) {
        if (fd == STDOUT_FILENO) fflush(stdout);
    } else {
        /* No O_CREAT, no O_TRUNC: a device or FIFO is written to, never
         * made or replaced. A FIFO blocks here until it has a reader. */
        fd = open(o->path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd < 0) {
            *err = err_of("cannot open for writing: %s", strerror(errno));
            return GD_EIO;
        }
        struct stat st;
        if (fstat(fd, &st) != 0 || !(S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))) {
            close(fd);
            *err = err_of("changed while converting (no longer a device or FIFO); not written");
            return GD_EIO;
        }
    }
    int rc = GD_OK;
    if (len && write_all(fd, data, len) != 0) {
        *err = err_of("%s", strerror(errno));
        rc = GD_EIO;
    }
    if (o->kind == OUT_DIRECT && close(fd) != 0 && rc == GD_OK) {
        *err = err_of("%s", strerror(errno));
        rc = GD_EIO;
    }
    return rc;
}

/* The replaced file's mode and owner, on the new file. */
static void keep_attributes(gd_output *o, int fd)
{
    if (!o->exists) return;
    mode_t mode = o->old.st_mode & 0777;
    struct stat now;
    if (fstat(fd, &now) != 0) return;
    if (geteuid() == 0) {
        if (now.st_uid != o->old.st_uid || now.st_gid != o->old.st_gid)
            (void)!fchown(fd, o->old.st_uid, o->old.st_gid);
    } else if (now.st_gid != o->old.st_gid) {
        (void)!fchown(fd, (uid_t)-1, o->old.st_gid); /* allowed when we are in the group */
    }
    /* a group that could not be kept must not get the old group's rights;
     * another owner (we replaced someone else's file) is the one who wrote
     * it, so the owner bits may stay */
    if (fstat(fd, &now) == 0 && now.st_gid != o->old.st_gid) mode &= ~(mode_t)070;
    (void)fchmod(fd, mode);
}

static int rename_noreplace(const char *from, const char *to)
{
    int rc = renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE);
    if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) {
        /* a file system without RENAME_NOREPLACE */
        struct stat st;
        if (lstat(to, &st) == 0) {
            errno = EEXIST;
            return -1;
        }
        rc = rename(from, to);
    }
    return rc;
}

static int commit_replace(gd_output *o, char **err, char **warning)
{
    if (fflush(o->file) != 0) {
        *err = err_of("%s", strerror(errno));
        return GD_EIO;
    }
    keep_attributes(o, fileno(o->file));
    int rc = fclose(o->file);
    o->file = NULL;
    if (rc != 0) {
        *err = err_of("%s", strerror(errno));
        return GD_EIO;
    }
    if (o->side.path && o->side_exists) (void)chmod(o->side.path, o->side_old.st_mode & 0777);

    /* The renames as one step: a signal now would leave the page and its
     * folder out of step, so it waits until they are done. */
    sigset_t saved;
    gd__signals_block(&saved);
    char *old_side = NULL;
    int e = 0;
    rc = GD_OK;
    if (o->side.path) {
        struct stat st;
        if (lstat(o->side_final, &st) == 0) {
            if (S_ISLNK(st.st_mode) || !S_ISDIR(st.st_mode)) {
                *err = err_of("side-file folder %s is %s", o->side_final,
                              S_ISLNK(st.st_mode) ? "a symbolic link now" : "not a directory now");
                rc = GD_EIO;
            } else {
                old_side = gd__temp_name(o->side_dir, o->side_name);
                /* the old folder goes out of the way under a temporary
                 * name; it is removed once the new page is in place */
                if (!old_side || rename_noreplace(o->side_final, old_side) != 0) {
                    e = errno;
                    rc = GD_EIO;
                    *err = err_of("cannot move the old side-file folder %s: %s", o->side_final,
                                  strerror(e));
                    free(old_side);
                    old_side = NULL;
                }
            }
        }
        if (rc == GD_OK && rename_noreplace(o->side.path, o->side_final) != 0) {
            e = errno;
            *err = err_of("cannot rename the side-file folder into place: %s", strerror(e));
            rc = GD_EIO;
            if (old_side && rename(old_side, o->side_final) == 0) {
                free(old_side);
                old_side = NULL;
            }
        }
    }
    if (rc == GD_OK && rename(o->tmp.path, o->target) != 0) {
        e = errno;
        *err = err_of("cannot rename into place: %s", strerror(e));
        rc = GD_EIO;
        if (o->side.path && rename(o->side_final, o->side.path) == 0 && old_side &&
            rename(old_side, o->side_final) == 0) {
            free(old_side);
            old_side = NULL;
        }
    }
    if (rc != GD_OK && old_side) {
        /* could not be put back: never removed, and said so */
        char *more =
            err_of("%s; the previous side-file folder is kept as %s", *err ? *err : "", old_side);
        if (more) {
            free(*err);
            *err = more;
        }
        free(old_side);
        old_side = NULL;
    }
    int old_slot = old_side ? gd__temp_register(old_side, true) : -1;
    if (rc == GD_OK) {
        gd__temp_forget(&o->tmp);
        if (o->side.path) gd__temp_forget(&o->side);
    }
    gd__signals_restore(&saved);
    if (old_side) {
        gd_temp old = {old_side, old_slot, -1, true};
        gd__temp_discard(&old);
    }
    if (rc == GD_OK && o->exists && o->old.st_nlink > 1)
        *warning =
            err_of("replaced as a new file: its %lu other hard link%s keep%s the old content",
                   (unsigned long)o->old.st_nlink - 1, o->old.st_nlink > 2 ? "s" : "",
                   o->old.st_nlink > 2 ? "" : "s");
    return rc;
}

int gd__output_commit(gd_output *o, gd_sink *sink, char **err, char **warning)
{
    *err = NULL;
    *warning = NULL;
    return o->kind == OUT_REPLACE ? commit_replace(o, err, warning) : commit_memory(o, sink, err);
}

void gd__output_close(gd_output *o)
{
    if (o->file) {
        fclose(o->file);
        o->file = NULL;
    }
    if (o->tmp.path) gd__temp_discard(&o->tmp);
    if (o->side.path) gd__temp_discard(&o->side);
    free(o->target);
    free(o->dir);
    free(o->base);
    free(o->side_final);
    free(o->side_dir);
    free(o->side_name);
    o->target = o->dir = o->base = o->side_final = o->side_dir = o->side_name = NULL;
}
