/* Temporary files and directories next to an output: recognisable names
 * that say who made them, a registry of the ones that exist now (removed
 * by gd_temp_remove_all() from a signal handler), and the removal of stale
 * ones that a dead govdoc left behind. Private to the core. */
#ifndef GD_TEMPFILE_H
#define GD_TEMPFILE_H

#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

/* The marker in every temporary name:
 * <dir>/.<name>.govdoc-tmp-<host>-<pid>-XXXXXX */
#define GD_TEMP_MARK ".govdoc-tmp-"

typedef struct gd_temp {
    char *path; /* NULL when there is none */
    int slot;   /* registry slot, or -1 */
    int fd;     /* files: open for writing; -1 for directories */
    bool is_dir;
} gd_temp;

#define GD_TEMP_NONE                                                                               \
    {                                                                                              \
        NULL, -1, -1, false                                                                        \
    }

/* Creates a new temporary file (mode & ~umask, O_EXCL, never through a
 * symlink) or directory in `dir` for the output named `base`, registered
 * for removal on a signal. Returns 0, or -1 with errno set. */
int gd__temp_create(gd_temp *t, const char *dir, const char *base, bool is_dir, mode_t mode);
/* A fresh temporary name in `dir` (nothing created); malloc'ed. */
char *gd__temp_name(const char *dir, const char *base);
/* Registers an existing path (now holding something of ours) for removal
 * on a signal; returns the slot or -1. */
int gd__temp_register(const char *path, bool is_dir);
/* The temporary became the real thing (renamed away): forget it. */
void gd__temp_forget(gd_temp *t);
/* Removes it (a directory with what it holds) and forgets it. */
void gd__temp_discard(gd_temp *t);
/* Removes a directory tree without following symlinks;
 * async-signal-safe. 0 on success. */
int gd__remove_tree(int dirfd, const char *name);
/* Removes stale temporaries in `dir`: ours by name and owner (same host,
 * same uid) whose process is gone. Each directory is swept once per
 * process. */
void gd__temp_sweep(const char *dir);
/* Blocks (and restores) the signals the CLI handles, around a commit. */
void gd__signals_block(sigset_t *saved);
void gd__signals_restore(const sigset_t *saved);

#endif
