/* The plugin registry: dlopen, ABI checks, discovery and format lookup. */
#define _GNU_SOURCE
#include "internal.h"
#include "govdoc/gd_registry.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* Sizes of the v1.0 structures: a plugin may have bigger ones (built
 * against a newer minor), never smaller. */
#define DESC_V1_SIZE    (offsetof(gd_plugin_desc, handlers) + sizeof(void *))
#define HANDLER_V1_SIZE (offsetof(gd_format_handler, write) + sizeof(void *))

typedef struct loaded_plugin {
    void *dl;
    const gd_plugin_desc *desc;
    char *path;
} loaded_plugin;

typedef struct handler_ref {
    const gd_format_handler *h;
    const gd_plugin_desc *plugin;
} handler_ref;

typedef struct message {
    char *text;
    int warning;
} message;

struct gd_registry {
    loaded_plugin *plugins;
    size_t nplugins;
    handler_ref *handlers;
    size_t nhandlers;
    message *msgs;
    size_t nmsgs;
};

int gd_registry_new(gd_registry **out)
{
    *out = calloc(1, sizeof **out);
    return *out ? GD_OK : GD_ENOMEM;
}

void gd_registry_free(gd_registry *reg)
{
    if (!reg) return;
    for (size_t i = 0; i < reg->nplugins; i++) {
        if (reg->plugins[i].dl) dlclose(reg->plugins[i].dl);
        free(reg->plugins[i].path);
    }
    for (size_t i = 0; i < reg->nmsgs; i++) free(reg->msgs[i].text);
    free(reg->plugins);
    free(reg->handlers);
    free(reg->msgs);
    free(reg);
}

static void note(gd_registry *reg, int warning, const char *fmt, ...) GD_PRINTF(3, 4);
static void note(gd_registry *reg, int warning, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = gd__vasprintf(fmt, ap);
    va_end(ap);
    message *m = text ? realloc(reg->msgs, (reg->nmsgs + 1) * sizeof *m) : NULL;
    if (!m) {
        free(text);
        return;
    }
    reg->msgs = m;
    reg->msgs[reg->nmsgs].text = text;
    reg->msgs[reg->nmsgs].warning = warning;
    reg->nmsgs++;
}

size_t gd_registry_message_count(const gd_registry *reg)
{
    return reg ? reg->nmsgs : 0;
}

const char *gd_registry_message_at(const gd_registry *reg, size_t i, int *is_warning)
{
    if (!reg || i >= reg->nmsgs) return NULL;
    if (is_warning) *is_warning = reg->msgs[i].warning;
    return reg->msgs[i].text;
}

static bool name_ok(const char *s)
{
    if (!s || !*s) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return false;
    return true;
}

/* Checks one handler; refuses the plugin if it is malformed. */
static const char *handler_problem(const gd_format_handler *h)
{
    if (h->struct_size < HANDLER_V1_SIZE) return "a format handler has a short struct_size";
    if (h->kind != GD_HANDLER_READER && h->kind != GD_HANDLER_WRITER)
        return "a format handler has an unknown kind";
    if (!name_ok(h->format)) return "a format handler has no valid format id";
    if (h->kind == GD_HANDLER_READER && !h->read) return "a reader has no read function";
    if (h->kind == GD_HANDLER_WRITER && !h->write) return "a writer has no write function";
    if (h->options)
        for (const gd_option_desc *o = h->options; o->name; o++)
            if (!name_ok(o->name)) return "an option has an invalid name";
    return NULL;
}

static const char *desc_problem(const gd_plugin_desc *d, char *buf, size_t n)
{
    if (!d) return "gd_plugin_entry returned no descriptor";
    if (d->abi_major != GD_ABI_MAJOR || d->abi_minor > GD_ABI_MINOR) {
        snprintf(buf, n, "built for plugin ABI %u.%u, this govdoc provides ABI %u.%u%s",
                 (unsigned)d->abi_major, (unsigned)d->abi_minor, (unsigned)GD_ABI_MAJOR,
                 (unsigned)GD_ABI_MINOR,
                 d->abi_major == GD_ABI_MAJOR ? " (the plugin needs a newer govdoc)" : "");
        return buf;
    }
    if (d->struct_size < DESC_V1_SIZE) {
        snprintf(buf, n, "descriptor struct_size %u is smaller than ABI 1.0's %zu",
                 (unsigned)d->struct_size, (size_t)DESC_V1_SIZE);
        return buf;
    }
    if (!name_ok(d->name)) return "descriptor has no valid name";
    if (!d->version || !d->license) return "descriptor lacks a version or license";
    if (!d->handlers || !d->handlers[0]) return "descriptor lists no format handlers";
    for (size_t i = 0; d->handlers[i]; i++) {
        const char *p = handler_problem(d->handlers[i]);
        if (p) return p;
    }
    return NULL;
}

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
static int open_trusted_dir(const char *dir, char **real_out, char **why, int *code)
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
static int open_trusted_file(int dfd, const char *name, char **why, int *code)
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
    return dl;
}

/* Opens `name` in the checked directory `dfd` (real path `real`) and
 * dlopens that very file. *dl, or *why (malloc'ed, may be NULL) with
 * GD_EABI (not trusted) or GD_ENOTFOUND (missing, or dlopen failed). */
static int dlopen_checked(int dfd, const char *real, const char *name, const char *path, void **dl,
                          char **why)
{
    *dl = NULL;
    int code;
    int fd = open_trusted_file(dfd, name, why, &code);
    if (fd < 0) return code;
    char *checked = gd__asprintf("%s/%s", strcmp(real, "/") ? real : "", name);
    *dl = checked ? dlopen_fd(fd, checked, path, why) : NULL;
    close(fd);
    free(checked);
    return *dl ? GD_OK : GD_ENOTFOUND;
}

/* Loads `name` from the checked directory `dfd` (real path `real`);
 * `path` names it in messages. */
static int load_at(gd_registry *reg, int dfd, const char *real, const char *name, const char *path)
{
    char *why;
    void *dl;
    int code = dlopen_checked(dfd, real, name, path, &dl, &why);
    if (!dl) {
        note(reg, 1, "%s: %s: %s", path, code == GD_EABI ? "plugin refused" : "cannot load plugin",
             why               ? why
             : code == GD_EABI ? "not trusted"
                               : "out of memory");
        free(why);
        return code;
    }
    gd_plugin_entry_fn entry;
    *(void **)&entry = dlsym(dl, GD_PLUGIN_ENTRY_SYMBOL);
    if (!entry) {
        note(reg, 1, "%s: not a govdoc plugin: no %s symbol", path, GD_PLUGIN_ENTRY_SYMBOL);
        dlclose(dl);
        return GD_EABI;
    }
    const gd_plugin_desc *d = entry(&gd__host_api);
    char buf[256];
    const char *problem = desc_problem(d, buf, sizeof buf);
    if (problem) {
        note(reg, 1, "%s: plugin refused: %s", path, problem);
        dlclose(dl);
        return GD_EABI;
    }
    for (size_t i = 0; i < reg->nplugins; i++) {
        if (strcmp(reg->plugins[i].desc->name, d->name) == 0) {
            note(reg, 0, "%s: plugin '%s' already loaded from %s; skipped", path, d->name,
                 reg->plugins[i].path);
            dlclose(dl);
            return GD_OK;
        }
    }
    size_t nh = 0;
    while (d->handlers[nh]) nh++;
    loaded_plugin *p = realloc(reg->plugins, (reg->nplugins + 1) * sizeof *p);
    if (p) reg->plugins = p;
    handler_ref *h = realloc(reg->handlers, (reg->nhandlers + nh) * sizeof *h);
    if (h) reg->handlers = h;
    char *pathcopy = strdup(path);
    if (!p || !h || !pathcopy) {
        free(pathcopy);
        dlclose(dl);
        return GD_ENOMEM;
    }
    reg->plugins[reg->nplugins++] = (loaded_plugin){dl, d, pathcopy};
    for (size_t i = 0; i < nh; i++) {
        for (size_t k = 0; k < reg->nhandlers; k++) {
            const gd_format_handler *o = reg->handlers[k].h;
            if (o->kind == d->handlers[i]->kind && strcmp(o->format, d->handlers[i]->format) == 0)
                note(reg, 0, "%s: %s %s also provided by plugin '%s'; the higher rank wins", path,
                     d->handlers[i]->format,
                     d->handlers[i]->kind == GD_HANDLER_READER ? "reader" : "writer",
                     reg->handlers[k].plugin->name);
        }
        reg->handlers[reg->nhandlers++] = (handler_ref){d->handlers[i], d};
    }
    return GD_OK;
}

/* Checks the directory of `path` and every directory above it; the open
 * directory with *real and *name (its last component, inside path), or -1
 * with *why (malloc'ed, may be NULL) and *code. */
static int open_parent(const char *path, char **real, const char **name, char **why, int *code)
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
    int dfd = open_trusted_dir(dir, real, why, code);
    free(dir);
    return dfd;
}

int gd_registry_load_file(gd_registry *reg, const char *path)
{
    if (!reg || !path) return GD_EUSER;
    char *real, *why;
    const char *name;
    int code;
    int dfd = open_parent(path, &real, &name, &why, &code);
    if (dfd < 0) {
        if (code == GD_ENOMEM) return code;
        note(reg, 1, "%s: %s: %s", path,
             code == GD_ENOTFOUND ? "cannot load plugin" : "plugin refused",
             why ? why : "directory not trusted");
        free(why);
        return code;
    }
    int rc = load_at(reg, dfd, real, name, path);
    close(dfd);
    free(real);
    return rc;
}

int gd__plugin_dlopen(const char *path, void **dl, char **why)
{
    *dl = NULL;
    *why = NULL;
    char *real;
    const char *name;
    int code;
    int dfd = open_parent(path, &real, &name, why, &code);
    if (dfd < 0) return code;
    code = dlopen_checked(dfd, real, name, path, dl, why);
    close(dfd);
    free(real);
    return code;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int gd_registry_load_dir(gd_registry *reg, const char *dir)
{
    char *real, *why;
    int code;
    int dfd = open_trusted_dir(dir, &real, &why, &code);
    if (dfd < 0) {
        if (code != GD_ENOTFOUND)
            note(reg, 1, "plugin directory %s refused: %s; none of its plugins are loaded", dir,
                 why ? why : "not trusted");
        free(why);
        return code;
    }
    int lfd = dup(dfd);
    DIR *dp = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!dp) {
        if (lfd >= 0) close(lfd);
        close(dfd);
        free(real);
        return GD_ENOTFOUND;
    }
    char **names = NULL;
    size_t n = 0;
    int rc = GD_OK;
    struct dirent *e;
    while ((e = readdir(dp))) {
        size_t len = strlen(e->d_name);
        if (len < 4 || strcmp(e->d_name + len - 3, ".so") != 0) continue;
        char **nn = realloc(names, (n + 1) * sizeof *nn);
        char *s = nn ? strdup(e->d_name) : NULL;
        if (nn) names = nn;
        if (!s) {
            rc = GD_ENOMEM;
            break;
        }
        names[n++] = s;
    }
    closedir(dp);
    if (n) qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        char *shown = rc == GD_OK ? gd__asprintf("%s/%s", dir, names[i]) : NULL;
        if (shown) load_at(reg, dfd, real, names[i], shown); /* refusals are messages */
        free(shown);
        free(names[i]);
    }
    free(names);
    close(dfd);
    free(real);
    return rc;
}

static bool is_dir(const char *p)
{
    DIR *d = opendir(p);
    if (!d) return false;
    closedir(d);
    return true;
}

int gd_registry_load_default(gd_registry *reg)
{
    char exe[PATH_MAX], dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    dir[0] = 0;
    if (n > 0) {
        exe[n] = 0;
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = 0;
            snprintf(dir, sizeof dir, "%s", exe);
        }
    }
#ifdef GD_BUILD_BIN_DIR
    /* 1. The build tree, only for programs running from it. */
    char real_build[PATH_MAX];
    if (dir[0] && realpath(GD_BUILD_BIN_DIR, real_build) && strcmp(real_build, dir) == 0)
        gd_registry_load_dir(reg, GD_BUILD_PLUGIN_DIR);
#endif
    /* 2. GOVDOC_PLUGIN_PATH: absolute directories only, never ".". */
    const char *env = getenv("GOVDOC_PLUGIN_PATH");
    if (env && *env) {
        char *copy = strdup(env);
        if (!copy) return GD_ENOMEM;
        char *save = NULL;
        for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
            if (p[0] != '/') {
                note(reg, 1, "GOVDOC_PLUGIN_PATH: '%s' ignored: not an absolute path", p);
                continue;
            }
            if (gd_registry_load_dir(reg, p) == GD_ENOTFOUND)
                note(reg, 1, "GOVDOC_PLUGIN_PATH: '%s' is not a readable directory", p);
        }
        free(copy);
    }
    /* 3. The installed directory, relative to the program (relocatable),
     *    then the configured prefix. */
#ifdef GD_INSTALL_PLUGIN_REL
    if (dir[0]) {
        char rel[PATH_MAX + 64];
        snprintf(rel, sizeof rel, "%s/%s", dir, GD_INSTALL_PLUGIN_REL);
        if (is_dir(rel)) gd_registry_load_dir(reg, rel);
    }
#endif
#ifdef GD_INSTALL_PLUGIN_DIR
    if (is_dir(GD_INSTALL_PLUGIN_DIR)) gd_registry_load_dir(reg, GD_INSTALL_PLUGIN_DIR);
#endif
    return GD_OK;
}

size_t gd_registry_plugin_count(const gd_registry *reg)
{
    return reg ? reg->nplugins : 0;
}

const gd_plugin_desc *gd_registry_plugin_at(const gd_registry *reg, size_t i, const char **path)
{
    if (!reg || i >= reg->nplugins) return NULL;
    if (path) *path = reg->plugins[i].path;
    return reg->plugins[i].desc;
}

size_t gd_registry_handler_count(const gd_registry *reg)
{
    return reg ? reg->nhandlers : 0;
}

const gd_format_handler *gd_registry_handler_at(const gd_registry *reg, size_t i,
                                                const gd_plugin_desc **plugin)
{
    if (!reg || i >= reg->nhandlers) return NULL;
    if (plugin) *plugin = reg->handlers[i].plugin;
    return reg->handlers[i].h;
}

static bool has_ext(const gd_format_handler *h, const char *ext)
{
    if (!ext || !h->extensions) return false;
    for (const char *const *e = h->extensions; *e; e++)
        if (strcasecmp(*e, ext) == 0) return true;
    return false;
}

static const gd_format_handler *best(const gd_registry *reg, gd_handler_kind kind,
                                     const char *format, const char *ext,
                                     const gd_plugin_desc **plugin)
{
    const handler_ref *win = NULL;
    for (size_t i = 0; reg && i < reg->nhandlers; i++) {
        const handler_ref *r = &reg->handlers[i];
        if (r->h->kind != kind) continue;
        if (format && strcmp(r->h->format, format) != 0) continue;
        if (ext && !has_ext(r->h, ext)) continue;
        if (!win || r->h->rank > win->h->rank) win = r;
    }
    if (plugin) *plugin = win ? win->plugin : NULL;
    return win ? win->h : NULL;
}

const gd_format_handler *gd_registry_find(const gd_registry *reg, gd_handler_kind kind,
                                          const char *format, const gd_plugin_desc **plugin)
{
    return format ? best(reg, kind, format, NULL, plugin) : NULL;
}

const gd_format_handler *gd_registry_find_ext(const gd_registry *reg, gd_handler_kind kind,
                                              const char *ext, const gd_plugin_desc **plugin)
{
    return ext ? best(reg, kind, NULL, ext, plugin) : NULL;
}

static const char *extension(const char *filename)
{
    if (!filename) return NULL;
    const char *slash = strrchr(filename, '/');
    const char *base = slash ? slash + 1 : filename;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : NULL;
}

const gd_format_handler *gd_registry_probe(const gd_registry *reg, const uint8_t *data, size_t len,
                                           const char *filename, int *score,
                                           const gd_plugin_desc **plugin)
{
    const char *ext = extension(filename);
    gd_probe_input in = {(uint32_t)sizeof in, data, len > 65536 ? 65536 : len, len, filename};
    const handler_ref *win = NULL;
    int win_score = -1;
    bool win_ext = false;
    for (size_t i = 0; reg && i < reg->nhandlers; i++) {
        const handler_ref *r = &reg->handlers[i];
        if (r->h->kind != GD_HANDLER_READER || !r->h->probe) continue;
        int s = r->h->probe(&in);
        s = s < 0 ? 0 : s > 100 ? 100 : s;
        bool e = has_ext(r->h, ext);
        if (s > win_score || (s == win_score && e && !win_ext) ||
            (s == win_score && e == win_ext && r->h->rank > win->h->rank)) {
            win = r;
            win_score = s;
            win_ext = e;
        }
    }
    if (win_score < GD_PROBE_POSSIBLE && ext) {
        const gd_plugin_desc *p = NULL;
        const gd_format_handler *h = best(reg, GD_HANDLER_READER, NULL, ext, &p);
        if (h) {
            if (score) *score = win_score < 0 ? 0 : win_score;
            if (plugin) *plugin = p;
            return h;
        }
    }
    if (!win || win_score < GD_PROBE_MINIMUM) {
        if (score) *score = 0;
        if (plugin) *plugin = NULL;
        return NULL;
    }
    if (score) *score = win_score;
    if (plugin) *plugin = win->plugin;
    return win->h;
}

/* For gd_plugin_inspect (plugin_info.c): the same descriptor checks. */
const char *gd__plugin_desc_problem(const gd_plugin_desc *d, char *buf, size_t n)
{
    return desc_problem(d, buf, n);
}
