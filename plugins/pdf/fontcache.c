/* The font look-up cache: fontconfig's answers (family -> file and face
 * index, character -> covering file, file name -> installed path) kept in
 * $XDG_CACHE_HOME/govdoc/fonts-HASH.cache so that a process whose look-ups
 * are all known never initialises fontconfig (FcInitLoadConfigAndFonts
 * alone is ~8 ms per process, more than the rest of a small PDF).
 *
 * Validity: the answers hold while fontconfig's inputs are unchanged. The
 * file records, when fontconfig was loaded, the identity (device, inode,
 * size, mtime, ctime) of every configuration file and directory read (a
 * new conf.d entry changes conf.d), of every font directory fontconfig scans
 * (subdirectories included: installing or removing a font changes its
 * directory, which is also what fontconfig's own cache relies on), and of
 * the user's configuration and font locations even when absent (creating
 * one counts). Any difference, at load, drops the whole cache. Each answer
 * also records its font file's identity, checked when the answer is used.
 * The environment that steers fontconfig (FONTCONFIG_FILE etc.) selects the
 * file by hash, so differently configured runs (the test suite's hidden-
 * Noto configuration) do not overwrite each other, and is checked inside.
 *
 * Trust: a cache steers which file is embedded, so it is read only when the
 * file and its directory belong to the effective user and are not group- or
 * other-writable; it is written atomically (temporary file, rename).
 * GOVDOC_FONT_CACHE=off disables it; GOVDOC_FONT_CACHE_TRACE=1 says on
 * stderr what happened (for the tests).
 *
 * Every function is called with fonts.c's lock held. */
#define _GNU_SOURCE
#include "fonts_internal.h"
#include "pdfout.h"

#include <errno.h>
#include <fcntl.h>
#include "fc.h"
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CACHE_MAGIC       "govdoc font cache 1\n"
#define CACHE_MAX_BYTES   (1 << 20)
#define CACHE_MAX_ENTRIES 1024

typedef struct entry {
    char kind;
    int index;
    bool present;
    char *key, *path, *ident; /* path NULL: nothing found */
} entry;

/* A growing string. */
static struct {
    bool init, disabled, trace, loaded;
    char *dir, *file; /* the cache directory and file */
    char *env;        /* the "env ..." line, without its newline */
    bool loaded_valid;
    char *loaded_deps; /* the dependency lines of the file read */
    char *deps;        /* the dependency lines when fontconfig was loaded */
    entry *e;
    size_t ne;
    bool dirty;
} C;

static void trace(const char *fmt, ...)
{
    if (!C.trace) return;
    va_list ap;
    va_start(ap, fmt);
    fputs("govdoc: font cache: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* The plugin's byte buffer (pdfout.h) ended with a NUL, for the texts
 * kept as C strings; NULL when it ran out of memory. */
static char *buf_str(pw_buf *b)
{
    pw_buf_put(b, "", 1);
    if (b->oom) {
        pw_buf_free(b);
        return NULL;
    }
    return b->v;
}

/* Paths and keys are stored between tabs and newlines: refuse any that
 * hold one (they are then simply not cached). */
static bool storable(const char *s)
{
    return s && !strpbrk(s, "\t\n\r");
}

/* A file's identity as one token ("-" when it does not exist). ctime as
 * well as mtime: packages install files with their build-time mtime, but
 * cannot set ctime. */
static void ident_of(const char *path, char *out, size_t cap)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        snprintf(out, cap, "-");
        return;
    }
    snprintf(out, cap, "%llx:%llx:%llx:%llx.%lx:%llx.%lx:%o", (unsigned long long)st.st_dev,
             (unsigned long long)st.st_ino, (unsigned long long)st.st_size,
             (unsigned long long)st.st_mtim.tv_sec, (unsigned long)st.st_mtim.tv_nsec,
             (unsigned long long)st.st_ctim.tv_sec, (unsigned long)st.st_ctim.tv_nsec,
             (unsigned)st.st_mode);
}

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

/* What steers fontconfig besides its files. Locale variables too: they
 * decide the default language of a match. */
static char *env_line(void)
{
    static const char *const vars[] = {"FONTCONFIG_FILE",
                                       "FONTCONFIG_PATH",
                                       "FONTCONFIG_SYSROOT",
                                       "HOME",
                                       "XDG_CONFIG_HOME",
                                       "XDG_DATA_HOME",
                                       "FC_LANG",
                                       "LC_ALL",
                                       "LC_CTYPE",
                                       "LANG"};
    pw_buf b = {0};
    /* the version of the headers: the library is loaded only when a
     * look-up misses (fc.c) */
    pw_buf_printf(&b, "env fc=%d", FC_VERSION);
    for (size_t i = 0; i < sizeof vars / sizeof *vars; i++) {
        const char *v = getenv(vars[i]);
        if (v && !storable(v)) {
            pw_buf_free(&b);
            return NULL;
        }
        pw_buf_put(&b, "\t", 1);
        pw_buf_puts(&b, vars[i]);
        if (v) {
            pw_buf_put(&b, "=", 1);
            pw_buf_puts(&b, v);
        }
    }
    return buf_str(&b);
}

static void cache_init(void)
{
    if (C.init) return;
    C.init = true;
    const char *t = getenv("GOVDOC_FONT_CACHE_TRACE");
    C.trace = t && *t && strcmp(t, "0") != 0;
    const char *mode = getenv("GOVDOC_FONT_CACHE");
    if (mode && (!strcmp(mode, "off") || !strcmp(mode, "0") || !strcmp(mode, "no"))) {
        C.disabled = true;
        trace("off");
        return;
    }
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char base[4096];
    int n;
    if (xdg && xdg[0] == '/') /* the XDG spec: relative values are ignored */
        n = snprintf(base, sizeof base, "%s", xdg);
    else if (home && home[0] == '/')
        n = snprintf(base, sizeof base, "%s/.cache", home);
    else
        n = -1;
    C.env = env_line();
    if (n < 0 || (size_t)n + 64 >= sizeof base || !C.env || !storable(base)) {
        C.disabled = true;
        trace("off (no usable cache directory or environment)");
        return;
    }
    char file[4200];
    snprintf(file, sizeof file, "%s/govdoc/fonts-%016llx.cache", base,
             (unsigned long long)fnv1a(C.env));
    C.file = strdup(file);
    *strrchr(file, '/') = 0;
    C.dir = strdup(file);
    if (!C.file || !C.dir) C.disabled = true;
}

/* Owned by us and not writable by anyone else: else a cache is ignored. */
static const char *untrusted(const struct stat *st, bool dir)
{
    if (dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode)) return "not a regular file";
    if (st->st_uid != geteuid()) return "owned by another user";
    if (st->st_mode & (S_IWGRP | S_IWOTH)) return "group- or other-writable";
    return NULL;
}

static int open_dir_trusted(const char **why)
{
    int dfd = open(C.dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dfd < 0) {
        *why = "no cache directory";
        return -1;
    }
    struct stat st;
    if (fstat(dfd, &st) != 0 || (*why = untrusted(&st, true))) {
        if (!*why) *why = "cannot stat the directory";
        close(dfd);
        return -1;
    }
    return dfd;
}

/* Reads the whole file if it can be trusted, else NULL with *why. */
static char *read_trusted(const char **why)
{
    *why = NULL;
    int dfd = open_dir_trusted(why);
    if (dfd < 0) return NULL;
    int fd = openat(dfd, strrchr(C.file, '/') + 1, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    close(dfd);
    if (fd < 0) {
        *why = "no cache file";
        return NULL;
    }
    struct stat st;
    char *text = NULL;
    if (fstat(fd, &st) != 0)
        *why = "cannot stat";
    else if ((*why = untrusted(&st, false)))
        ;
    else if (st.st_size <= 0 || st.st_size > CACHE_MAX_BYTES)
        *why = "bad size";
    else if (!(text = malloc((size_t)st.st_size + 1)))
        *why = "out of memory";
    else if (read(fd, text, (size_t)st.st_size) != st.st_size) {
        *why = "short read";
        free(text);
        text = NULL;
    } else
        text[st.st_size] = 0;
    close(fd);
    return text;
}

static void entries_free(void)
{
    for (size_t i = 0; i < C.ne; i++) {
        free(C.e[i].key);
        free(C.e[i].path);
        free(C.e[i].ident);
    }
    free(C.e);
    C.e = NULL;
    C.ne = 0;
}

static bool entry_add(char kind, const char *key, const char *path, int index, bool present,
                      const char *ident)
{
    for (size_t i = 0; i < C.ne; i++)
        if (C.e[i].kind == kind && strcmp(C.e[i].key, key) == 0) {
            /* A new answer for a known question (the font file changed). */
            free(C.e[i].key);
            free(C.e[i].path);
            free(C.e[i].ident);
            C.e[i] = C.e[--C.ne];
            break;
        }
    if (C.ne == CACHE_MAX_ENTRIES) return false;
    if (C.ne % 64 == 0) {
        entry *ne = realloc(C.e, (C.ne + 64) * sizeof *ne);
        if (!ne) return false;
        C.e = ne;
    }
    entry *e = &C.e[C.ne];
    e->kind = kind;
    e->index = index;
    e->present = present;
    e->key = strdup(key);
    e->path = path ? strdup(path) : NULL;
    e->ident = strdup(ident);
    if (!e->key || !e->ident || (path && !e->path)) {
        free(e->key);
        free(e->path);
        free(e->ident);
        return false;
    }
    C.ne++;
    return true;
}

/* Splits "a\tb\tc" in place; returns the number of fields (<= max). */
static int split_tabs(char *s, char **f, int max)
{
    int n = 0;
    while (n < max) {
        f[n++] = s;
        s = strchr(s, '\t');
        if (!s) break;
        *s++ = 0;
    }
    return s ? -1 : n; /* more fields than expected: malformed */
}

/* Checks one dependency line "d IDENT\tPATH": the file is as recorded. */
static bool dep_holds(char *line)
{
    char *f[2];
    if (strncmp(line, "d ", 2) != 0 || split_tabs(line + 2, f, 2) != 2 || f[1][0] != '/')
        return false;
    char now[256];
    ident_of(f[1], now, sizeof now);
    bool ok = strcmp(now, f[0]) == 0;
    f[1][-1] = '\t';
    if (!ok) trace("stale (%s changed)", f[1]);
    return ok;
}

/* "q KIND INDEX PRESENT IDENT\tKEY\tPATH" */
static bool parse_entry(char *line)
{
    char kind;
    int index, present, used = 0;
    if (sscanf(line, "q %c %d %d %n", &kind, &index, &present, &used) != 3 || !used) return false;
    char *f[3];
    if (split_tabs(line + used, f, 3) != 3 || !*f[0] || !*f[1]) return false;
    if (index < 0 || index > 0xFFFF || (present != 0 && present != 1)) return false;
    return entry_add(kind, f[1], *f[2] ? f[2] : NULL, index, present, f[0]);
}

/* Parses and validates the file's text; false if corrupt or stale. */
static bool parse_cache(char *text)
{
    size_t ml = strlen(CACHE_MAGIC);
    if (strncmp(text, CACHE_MAGIC, ml) != 0) return false;
    char *p = text + ml, *nl = strchr(p, '\n');
    if (!nl) return false;
    *nl = 0;
    bool same_env = strcmp(p, C.env) == 0;
    if (!same_env) return false;
    p = nl + 1;
    pw_buf deps = {0};
    size_t nq = 0;
    bool ok = false;
    while (*p) {
        nl = strchr(p, '\n');
        if (!nl) break;
        *nl = 0;
        if (p[0] == 'd' && nq == 0) {
            if (!dep_holds(p)) break;
            pw_buf_puts(&deps, p);
            pw_buf_put(&deps, "\n", 1);
        } else if (p[0] == 'q') {
            if (!parse_entry(p)) break;
            nq++;
        } else {
            unsigned long n;
            char end;
            ok = sscanf(p, "end %lu%c", &n, &end) == 1 && n == nq && nl[1] == 0 && !deps.oom &&
                 deps.n > 0;
            break;
        }
        p = nl + 1;
    }
    if (ok) ok = (C.loaded_deps = buf_str(&deps)) != NULL;
    if (!ok) {
        pw_buf_free(&deps);
        entries_free();
    }
    return ok;
}

static void cache_load(void)
{
    cache_init();
    if (C.loaded || C.disabled) return;
    C.loaded = true;
    const char *why;
    char *text = read_trusted(&why);
    if (!text) {
        trace("ignored (%s)", why);
        return;
    }
    C.loaded_valid = parse_cache(text);
    free(text);
    if (C.loaded_valid)
        trace("loaded (%zu answers)", C.ne);
    else
        trace("ignored (corrupt, stale or made under another setup)");
}

bool pw_fcache_get(char kind, const char *key, char **path, int *index, bool *present)
{
    *path = NULL;
    *index = 0;
    *present = false;
    cache_load();
    if (C.disabled || !C.loaded_valid) return false;
    for (size_t i = 0; i < C.ne; i++) {
        entry *e = &C.e[i];
        if (e->kind != kind || strcmp(e->key, key) != 0) continue;
        if (e->path) {
            char now[256];
            ident_of(e->path, now, sizeof now);
            if (strcmp(now, e->ident) != 0) {
                trace("miss %c %s (its font file changed)", kind, key);
                return false;
            }
            if (!(*path = strdup(e->path))) return false;
        }
        *index = e->index;
        *present = e->present;
        trace("hit %c %s", kind, key);
        return true;
    }
    trace("miss %c %s", kind, key);
    return false;
}

void pw_fcache_put(char kind, const char *key, const char *path, int index, bool present)
{
    if (C.disabled || !C.deps || !storable(key) || (path && (!storable(path) || path[0] != '/')))
        return;
    char ident[256] = "-";
    if (path) ident_of(path, ident, sizeof ident);
    if (entry_add(kind, key, path, index, present, ident)) C.dirty = true;
}

static void dep_add(pw_buf *b, pw_buf *seen, const char *path)
{
    if (!path || path[0] != '/' || !storable(path)) return;
    /* seen: "\n"-separated paths already added (a few dozen: linear). */
    size_t n = strlen(path);
    for (size_t i = 0; i < seen->n;) {
        const char *s = seen->v + i, *e = memchr(s, '\n', seen->n - i);
        if ((size_t)(e - s) == n && memcmp(s, path, n) == 0) return;
        i += (size_t)(e - s) + 1;
    }
    pw_buf_put(seen, path, n);
    pw_buf_put(seen, "\n", 1);
    char ident[256];
    ident_of(path, ident, sizeof ident);
    pw_buf_printf(b, "d %s\t", ident);
    pw_buf_put(b, path, n);
    pw_buf_put(b, "\n", 1);
}

/* $VAR/rest, or $HOME/fallback/rest when VAR is unset or relative (the XDG
 * rule); var NULL: $HOME/fallback. */
static void dep_add_home(pw_buf *b, pw_buf *seen, const char *var, const char *fallback,
                         const char *rest)
{
    const char *v = var ? getenv(var) : NULL, *home = getenv("HOME");
    char p[4096];
    if (v && v[0] == '/')
        snprintf(p, sizeof p, "%s/%s", v, rest);
    else if (home && home[0] == '/')
        snprintf(p, sizeof p, "%s/%s%s%s", home, fallback, rest ? "/" : "", rest ? rest : "");
    else
        return;
    dep_add(b, seen, p);
}

static void dep_add_list(pw_buf *b, pw_buf *seen, FcStrList *l)
{
    FcChar8 *s;
    while (l && (s = FcStrListNext(l))) dep_add(b, seen, (const char *)s);
    if (l) FcStrListDone(l);
}

void pw_fcache_config_loaded(FcConfig *fc)
{
    cache_init();
    if (fc) trace("fontconfig loaded");
    if (C.disabled || !fc) return;
    pw_buf b = {0}, seen = {0};
    /* The configuration files include the directories read whole
     * (conf.d): a configuration enabled or disabled changes them. */
    dep_add_list(&b, &seen, FcConfigGetConfigFiles(fc));
    dep_add_list(&b, &seen, FcConfigGetFontDirs(fc));
    /* Where a user's configuration and fonts would be, present or not
     * (fontconfig's default conf.d/50-user.conf reads them). */
    dep_add_home(&b, &seen, "XDG_CONFIG_HOME", ".config", "fontconfig");
    dep_add_home(&b, &seen, "XDG_CONFIG_HOME", ".config", "fontconfig/fonts.conf");
    dep_add_home(&b, &seen, "XDG_CONFIG_HOME", ".config", "fontconfig/conf.d");
    dep_add_home(&b, &seen, "XDG_DATA_HOME", ".local/share", "fonts");
    dep_add_home(&b, &seen, NULL, ".fonts.conf", NULL);
    dep_add_home(&b, &seen, NULL, ".fonts.conf.d", NULL);
    dep_add_home(&b, &seen, NULL, ".fonts", NULL);
    pw_buf_free(&seen);
    if (!b.n) return;
    if (!(C.deps = buf_str(&b))) return;
    /* Answers read from a file made under other conditions must not be
     * written back as if they held now. */
    if (!C.loaded_valid || !C.loaded_deps || strcmp(C.loaded_deps, C.deps) != 0) {
        entries_free();
        C.loaded_valid = false;
    }
}

void pw_fcache_save(void)
{
    if (C.disabled || !C.dirty || !C.deps) return;
    C.dirty = false;
    pw_buf b = {0};
    pw_buf_puts(&b, CACHE_MAGIC);
    pw_buf_puts(&b, C.env);
    pw_buf_put(&b, "\n", 1);
    pw_buf_puts(&b, C.deps);
    for (size_t i = 0; i < C.ne; i++) {
        entry *e = &C.e[i];
        pw_buf_printf(&b, "q %c %d %d %s\t", e->kind, e->index, e->present ? 1 : 0, e->ident);
        pw_buf_puts(&b, e->key);
        pw_buf_put(&b, "\t", 1);
        if (e->path) pw_buf_puts(&b, e->path);
        pw_buf_put(&b, "\n", 1);
    }
    pw_buf_printf(&b, "end %zu\n", C.ne);
    /* The parent may be missing on a fresh account; ours only. */
    char parent[4200];
    snprintf(parent, sizeof parent, "%s", C.dir);
    char *slash = strrchr(parent, '/');
    if (slash && slash != parent) {
        *slash = 0;
        mkdir(parent, 0700);
    }
    mkdir(C.dir, 0700);
    const char *why = NULL;
    int dfd = open_dir_trusted(&why);
    if (dfd >= 0) close(dfd);
    char tmp[4300];
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", C.file);
    int fd = b.oom || dfd < 0 ? -1 : mkostemp(tmp, O_CLOEXEC);
    bool ok = fd >= 0;
    if (ok) {
        ok = write(fd, b.v, b.n) == (ssize_t)b.n;
        ok = close(fd) == 0 && ok;
        ok = ok && rename(tmp, C.file) == 0;
        if (!ok) unlink(tmp);
    }
    if (ok)
        trace("written (%zu answers)", C.ne);
    else
        trace("not written (%s)", why ? why : strerror(errno));
    pw_buf_free(&b);
    if (ok) {
        /* What was written is now what the file says. */
        free(C.loaded_deps);
        C.loaded_deps = strdup(C.deps);
        C.loaded_valid = C.loaded_deps != NULL;
    }
}

void pw_fcache_reset(void)
{
    entries_free();
    free(C.dir);
    free(C.file);
    free(C.env);
    free(C.loaded_deps);
    free(C.deps);
    memset(&C, 0, sizeof C);
}
