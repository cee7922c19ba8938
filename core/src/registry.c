/* The plugin registry: dlopen, ABI checks, discovery and format lookup. */
#define _GNU_SOURCE
#include "internal.h"
#include "govdoc/gd_registry.h"
#include "registry_cache.h"
#include "registry_trust.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
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

/* A plugin: loaded, or (lazy) known from the registry cache until code
 * needs it. The tables hold lazy entries where a full load would put the
 * plugin and its handlers, so every choice (rank, then first registered)
 * is made on the same table either way. */
typedef struct loaded_plugin {
    void *dl;                    /* NULL while lazy */
    const gd_plugin_desc *desc;  /* NULL while lazy */
    char *path;                  /* as messages name it */
    const char *name;            /* desc->name, or the cached name */
    const gd__meta_plugin *meta; /* lazy: what the cache recorded */
    size_t src;                  /* what it was loaded for (reg->srcs) */
    size_t first, nh;            /* its handlers in reg->handlers */
    gd__file_id id;              /* the file */
} loaded_plugin;

typedef struct handler_ref {
    const gd_format_handler *h;   /* NULL while lazy */
    const gd_plugin_desc *plugin; /* NULL while lazy */
    const gd__meta_handler *meta; /* lazy: the cached metadata */
    size_t pi;                    /* its plugin in reg->plugins */
} handler_ref;

typedef struct message {
    char *text;
    int warning;
} message;

/* What was asked of the registry, in order, so that it can do it all
 * again without the cache when a lazy plugin turns out different from
 * what the cache said (see rebuild). */
typedef enum { SRC_FILE, SRC_DIR, SRC_NOTE } src_kind;
typedef struct source {
    src_kind kind;
    char *arg;  /* the path as given, or the note */
    char *real; /* SRC_DIR: its real path when it was read */
    int warning;
} source;

/* What a rebuild replaced: callers may still hold handlers, descriptors,
 * paths or messages from before, so nothing is freed before the registry. */
typedef struct retired {
    void *dl;
    char *text;
} retired;

struct gd_registry {
    loaded_plugin *plugins;
    size_t nplugins;
    handler_ref *handlers;
    size_t nhandlers;
    message *msgs;
    size_t nmsgs;
    source *srcs;
    size_t nsrcs;
    gd__meta_dir **metas; /* what lazy entries point into */
    size_t nmetas;
    size_t nlazy; /* plugins not loaded yet */
    retired *old;
    size_t nold;
    gd__regcache *cache;
    bool cache_opened;
    bool replaying;    /* rebuild: sources are not recorded again */
    size_t replay_src; /* the source being replayed */
    bool no_lazy;      /* after a rebuild: load everything */
    /* Lookups load plugins, so they mutate the registry behind the const
     * pointers of the API (legal: it is always heap-allocated, never a
     * const object); the lock keeps concurrent lookups as safe as they
     * were when a registry never changed after loading. */
    pthread_mutex_t lock;
};

int gd_registry_new(gd_registry **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return GD_ENOMEM;
    pthread_mutex_init(&(*out)->lock, NULL);
    return GD_OK;
}

static gd_registry *lock(const gd_registry *creg)
{
    gd_registry *reg = (gd_registry *)creg; /* see `lock` in struct gd_registry */
    if (reg) pthread_mutex_lock(&reg->lock);
    return reg;
}

static void unlock(gd_registry *reg)
{
    if (reg) pthread_mutex_unlock(&reg->lock);
}

static void retire(gd_registry *reg, void *dl, char *text)
{
    retired *o = realloc(reg->old, (reg->nold + 1) * sizeof *o);
    if (!o) return; /* out of memory: leaked rather than freed under a caller */
    reg->old = o;
    reg->old[reg->nold++] = (retired){dl, text};
}

/* Empties the tables (for a rebuild, or the end). */
static void clear_tables(gd_registry *reg, bool keep)
{
    for (size_t i = 0; i < reg->nplugins; i++) {
        if (keep) {
            retire(reg, reg->plugins[i].dl, reg->plugins[i].path);
        } else {
            if (reg->plugins[i].dl) dlclose(reg->plugins[i].dl);
            free(reg->plugins[i].path);
        }
    }
    for (size_t i = 0; i < reg->nmsgs; i++) {
        if (keep)
            retire(reg, NULL, reg->msgs[i].text);
        else
            free(reg->msgs[i].text);
    }
    for (size_t i = 0; i < reg->nmetas; i++) gd__meta_dir_free(reg->metas[i]);
    free(reg->plugins);
    free(reg->handlers);
    free(reg->msgs);
    free(reg->metas);
    reg->plugins = NULL;
    reg->handlers = NULL;
    reg->msgs = NULL;
    reg->metas = NULL;
    reg->nplugins = reg->nhandlers = reg->nmsgs = reg->nmetas = reg->nlazy = 0;
}

void gd_registry_free(gd_registry *reg)
{
    if (!reg) return;
    clear_tables(reg, false);
    for (size_t i = 0; i < reg->nold; i++) {
        if (reg->old[i].dl) dlclose(reg->old[i].dl);
        free(reg->old[i].text);
    }
    for (size_t i = 0; i < reg->nsrcs; i++) {
        free(reg->srcs[i].arg);
        free(reg->srcs[i].real);
    }
    free(reg->old);
    free(reg->srcs);
    gd__regcache_close(reg->cache);
    pthread_mutex_destroy(&reg->lock);
    free(reg);
}

static void add_message(gd_registry *reg, int warning, char *text)
{
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

static void note(gd_registry *reg, int warning, const char *fmt, ...) GD_PRINTF(3, 4);
static void note(gd_registry *reg, int warning, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    add_message(reg, warning, gd__vasprintf(fmt, ap));
    va_end(ap);
}

/* Records what was asked (not while a rebuild replays it); -1 when out
 * of memory. */
static long add_source(gd_registry *reg, src_kind kind, const char *arg, int warning)
{
    if (reg->replaying) return (long)reg->replay_src;
    source *s = realloc(reg->srcs, (reg->nsrcs + 1) * sizeof *s);
    char *copy = s ? strdup(arg) : NULL;
    if (s) reg->srcs = s;
    if (!copy) return -1;
    reg->srcs[reg->nsrcs] = (source){kind, copy, NULL, warning};
    return (long)reg->nsrcs++;
}

/* A message of the search itself (not of a plugin file): recorded so that
 * a rebuild gives the same messages in the same order. */
static void note_source(gd_registry *reg, int warning, const char *fmt, ...) GD_PRINTF(3, 4);
static void note_source(gd_registry *reg, int warning, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = gd__vasprintf(fmt, ap);
    va_end(ap);
    if (text) add_source(reg, SRC_NOTE, text, warning);
    add_message(reg, warning, text);
}

size_t gd_registry_message_count(const gd_registry *creg)
{
    /* no plugin needs loading: a cached directory is one that loaded
     * without any message, and one whose plugins would collide with
     * others' is loaded fully (load_dir) */
    gd_registry *reg = lock(creg);
    size_t n = reg ? reg->nmsgs : 0;
    unlock(reg);
    return n;
}

const char *gd_registry_message_at(const gd_registry *creg, size_t i, int *is_warning)
{
    gd_registry *reg = lock(creg);
    const char *text = NULL;
    if (reg && i < reg->nmsgs) {
        if (is_warning) *is_warning = reg->msgs[i].warning;
        text = reg->msgs[i].text;
    }
    unlock(reg);
    return text;
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

/* The descriptor of the loaded `dl` if it is acceptable; otherwise it is
 * unloaded, with a message unless `quiet`. */
static int plugin_desc(gd_registry *reg, void *dl, const char *path, bool quiet,
                       const gd_plugin_desc **out)
{
    *out = NULL;
    gd_plugin_entry_fn entry;
    *(void **)&entry = dlsym(dl, GD_PLUGIN_ENTRY_SYMBOL);
    if (!entry) {
        if (!quiet)
            note(reg, 1, "%s: not a govdoc plugin: no %s symbol", path, GD_PLUGIN_ENTRY_SYMBOL);
        dlclose(dl);
        return GD_EABI;
    }
    const gd_plugin_desc *d = entry(&gd__host_api);
    char buf[256];
    const char *problem = desc_problem(d, buf, sizeof buf);
    if (problem) {
        if (!quiet) note(reg, 1, "%s: plugin refused: %s", path, problem);
        dlclose(dl);
        return GD_EABI;
    }
    *out = d;
    return GD_OK;
}

/* ---- the tables: entries read the same whether loaded or lazy ---- */

static gd_handler_kind ref_kind(const handler_ref *r)
{
    return r->h ? r->h->kind : (gd_handler_kind)r->meta->kind;
}

static const char *ref_format(const handler_ref *r)
{
    return r->h ? r->h->format : r->meta->format;
}

static int ref_rank(const handler_ref *r)
{
    return r->h ? r->h->rank : r->meta->rank;
}

static bool ref_probe(const handler_ref *r)
{
    return r->h ? r->h->probe != NULL : r->meta->probe;
}

static bool ext_in(const char *const *exts, const char *ext)
{
    if (!ext || !exts) return false;
    for (const char *const *e = exts; *e; e++)
        if (strcasecmp(*e, ext) == 0) return true;
    return false;
}

static bool ref_has_ext(const handler_ref *r, const char *ext)
{
    return ext_in(r->h ? r->h->extensions : r->meta->exts, ext);
}

static long plugin_named(const gd_registry *reg, const char *name)
{
    for (size_t i = 0; i < reg->nplugins; i++)
        if (strcmp(reg->plugins[i].name, name) == 0) return (long)i;
    return -1;
}

static long handler_for(const gd_registry *reg, int kind, const char *format)
{
    for (size_t k = 0; k < reg->nhandlers; k++)
        if ((int)ref_kind(&reg->handlers[k]) == kind &&
            strcmp(ref_format(&reg->handlers[k]), format) == 0)
            return (long)k;
    return -1;
}

/* Makes room for one more plugin with nh handlers. */
static bool grow(gd_registry *reg, size_t nh)
{
    loaded_plugin *p = realloc(reg->plugins, (reg->nplugins + 1) * sizeof *p);
    if (p) reg->plugins = p;
    handler_ref *h = realloc(reg->handlers, (reg->nhandlers + nh) * sizeof *h);
    if (h) reg->handlers = h;
    return p && h;
}

/* Loads `name` from the checked directory `dfd` (real path `real`);
 * `path` names it in messages; *id (may be NULL) gets the file's identity. */
static int load_at(gd_registry *reg, int dfd, const char *real, const char *name, const char *path,
                   long src, gd__file_id *id)
{
    char *why;
    void *dl;
    gd__file_id got;
    int code = gd__trusted_dlopen(dfd, real, name, path, &dl, &why, NULL, &got);
    if (id) *id = got;
    if (!dl) {
        note(reg, 1, "%s: %s: %s", path, code == GD_EABI ? "plugin refused" : "cannot load plugin",
             why               ? why
             : code == GD_EABI ? "not trusted"
                               : "out of memory");
        free(why);
        return code;
    }
    const gd_plugin_desc *d;
    code = plugin_desc(reg, dl, path, false, &d);
    if (code != GD_OK) return code;
    long other = plugin_named(reg, d->name);
    if (other >= 0) {
        note(reg, 0, "%s: plugin '%s' already loaded from %s; skipped", path, d->name,
             reg->plugins[other].path);
        dlclose(dl);
        return GD_OK;
    }
    size_t nh = 0;
    while (d->handlers[nh]) nh++;
    char *pathcopy = grow(reg, nh) ? strdup(path) : NULL;
    if (!pathcopy) {
        dlclose(dl);
        return GD_ENOMEM;
    }
    size_t pi = reg->nplugins++;
    reg->plugins[pi] = (loaded_plugin){
        dl, d, pathcopy, d->name, NULL, src < 0 ? 0 : (size_t)src, reg->nhandlers, nh, got};
    for (size_t i = 0; i < nh; i++) {
        for (size_t k = 0; k < reg->nhandlers; k++) {
            const handler_ref *o = &reg->handlers[k];
            if (ref_kind(o) == d->handlers[i]->kind &&
                strcmp(ref_format(o), d->handlers[i]->format) == 0)
                note(reg, 0, "%s: %s %s also provided by plugin '%s'; the higher rank wins", path,
                     d->handlers[i]->format,
                     d->handlers[i]->kind == GD_HANDLER_READER ? "reader" : "writer",
                     reg->plugins[o->pi].name);
        }
        reg->handlers[reg->nhandlers++] = (handler_ref){d->handlers[i], d, NULL, pi};
    }
    return GD_OK;
}

static int load_file(gd_registry *reg, const char *path)
{
    long src = add_source(reg, SRC_FILE, path, 0);
    char *real, *why;
    const char *name;
    int code;
    int dfd = gd__trusted_parent_open(path, &real, &name, &why, &code);
    if (dfd < 0) {
        if (code == GD_ENOMEM) return code;
        note(reg, 1, "%s: %s: %s", path,
             code == GD_ENOTFOUND ? "cannot load plugin" : "plugin refused",
             why ? why : "directory not trusted");
        free(why);
        return code;
    }
    int rc = load_at(reg, dfd, real, name, path, src, NULL);
    close(dfd);
    free(real);
    return rc;
}

int gd_registry_load_file(gd_registry *reg, const char *path)
{
    if (!reg || !path) return GD_EUSER;
    lock(reg);
    int rc = load_file(reg, path);
    unlock(reg);
    return rc;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.so names in the directory, sorted: the load order. */
static int list_plugins(int dfd, char ***out, size_t *count)
{
    *out = NULL;
    *count = 0;
    int lfd = dup(dfd);
    DIR *dp = lfd >= 0 ? fdopendir(lfd) : NULL;
    if (!dp) {
        if (lfd >= 0) close(lfd);
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
    *out = names;
    *count = n;
    return rc;
}

/* ---- the registry cache (registry_cache.c) ----
 *
 * A directory whose plugins all loaded without a single message is
 * recorded: each file's identity and what its descriptor declares. Next
 * time, when the directory lists the same files with the same identities,
 * its plugins enter the tables as lazy entries, in the places a full load
 * would give them; a lookup loads (with every trust check) only the plugin
 * it chooses. A directory that gave any message is always loaded fully, so
 * its messages are printed every time; and one whose plugins would collide
 * with plugins already registered (same name, same format) too, so that
 * the "also provided by" notes come from the real load. */

/* Why the recorded `m` cannot stand for the directory now, or NULL;
 * *collides when it is right about the directory but its plugins collide
 * with plugins registered before (a --plugin file from it, an overriding
 * directory): then the record stays as it is. */
static const char *lazy_misfit(const gd_registry *reg, int dfd, char **names, size_t n,
                               const gd__meta_dir *m, bool *collides)
{
    *collides = false;
    if (m->n != n) return "plugins added or removed";
    for (size_t i = 0; i < n; i++) {
        const gd__meta_plugin *mp = &m->plugins[i];
        if (strcmp(mp->file, names[i]) != 0) return "plugins added or removed";
        struct stat st;
        gd__file_id id;
        if (fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            return "a plugin changed";
        gd__file_id_of(&st, &id);
        if (!gd__file_id_eq(&id, &mp->id)) return "a plugin changed";
        if (!name_ok(mp->name)) return "malformed";
        if (plugin_named(reg, mp->name) >= 0) {
            *collides = true;
            return "a plugin of that name is already registered";
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(m->plugins[j].name, mp->name) == 0) return "malformed";
        for (size_t k = 0; k < mp->nhandlers; k++) {
            if (!name_ok(mp->handlers[k].format)) return "malformed";
            if (handler_for(reg, mp->handlers[k].kind, mp->handlers[k].format) >= 0) {
                *collides = true;
                return "a format is already provided";
            }
        }
    }
    return NULL;
}

/* Enters the plugins of `m` (dir's, source `src`) as lazy entries; the
 * registry keeps `m`. false (nothing entered) when out of memory. */
static bool add_lazy(gd_registry *reg, size_t src, const char *dir, gd__meta_dir *m)
{
    gd__meta_dir **mv = realloc(reg->metas, (reg->nmetas + 1) * sizeof *mv);
    if (!mv) return false;
    reg->metas = mv;
    size_t p0 = reg->nplugins, h0 = reg->nhandlers;
    for (size_t i = 0; i < m->n; i++) {
        const gd__meta_plugin *mp = &m->plugins[i];
        char *path = grow(reg, mp->nhandlers) ? gd__asprintf("%s/%s", dir, mp->file) : NULL;
        if (!path) {
            while (reg->nplugins > p0) free(reg->plugins[--reg->nplugins].path);
            reg->nhandlers = h0;
            reg->nlazy -= i;
            return false;
        }
        size_t pi = reg->nplugins++;
        reg->plugins[pi] = (loaded_plugin){NULL, NULL,           path,          mp->name, mp,
                                           src,  reg->nhandlers, mp->nhandlers, mp->id};
        for (size_t k = 0; k < mp->nhandlers; k++)
            reg->handlers[reg->nhandlers++] = (handler_ref){NULL, NULL, &mp->handlers[k], pi};
        reg->nlazy++;
    }
    reg->metas[reg->nmetas++] = m;
    return true;
}

/* What the plugins [first, first + n) just loaded from `names` declare. */
static gd__meta_dir *meta_of(const gd_registry *reg, size_t first, char **names,
                             const gd__file_id *ids, size_t n)
{
    gd__meta_dir *m = calloc(1, sizeof *m);
    if (!m || !(m->plugins = calloc(n, sizeof *m->plugins))) {
        free(m);
        return NULL;
    }
    m->n = n;
    for (size_t i = 0; i < n; i++) {
        const loaded_plugin *lp = &reg->plugins[first + i];
        gd__meta_plugin *mp = &m->plugins[i];
        *mp = (gd__meta_plugin){names[i], ids[i], lp->desc->name, lp->nh, NULL};
        if (!(mp->handlers = calloc(lp->nh, sizeof *mp->handlers))) {
            gd__meta_dir_free(m);
            return NULL;
        }
        for (size_t k = 0; k < lp->nh; k++) {
            const gd_format_handler *h = lp->desc->handlers[k];
            mp->handlers[k] = (gd__meta_handler){(int)h->kind,
                                                 h->format,
                                                 h->extensions,
                                                 h->rank,
                                                 h->flags,
                                                 h->probe != NULL,
                                                 gd__handler_signatures(h)};
        }
    }
    return m;
}

/* An earlier source that read the directory `real` too, or -1. */
static long earlier_dir(const gd_registry *reg, long src, const char *real)
{
    for (long j = 0; j < src; j++)
        if (reg->srcs[j].kind == SRC_DIR && reg->srcs[j].real &&
            strcmp(reg->srcs[j].real, real) == 0)
            return j;
    return -1;
}

/* Loads every plugin of the directory (what govdoc always did), and
 * (`record`) records it in the cache when all of them loaded without a
 * message, or forgets it. */
static void load_dir_full(gd_registry *reg, long src, int dfd, const char *real, const char *dir,
                          char **names, size_t n, bool record)
{
    size_t first = reg->nplugins, nmsgs = reg->nmsgs;
    gd__file_id *ids = calloc(n ? n : 1, sizeof *ids);
    bool clean = ids != NULL && n > 0;
    for (size_t i = 0; i < n; i++) {
        char *shown = gd__asprintf("%s/%s", dir, names[i]);
        if (!shown || load_at(reg, dfd, real, names[i], shown, src, ids ? &ids[i] : NULL) != GD_OK)
            clean = false; /* refusals are messages */
        free(shown);
    }
    clean = clean && reg->nmsgs == nmsgs && reg->nplugins - first == n;
    /* a second reading of the same directory only notes its plugins as
     * already loaded: it says nothing about the directory */
    if (record && reg->cache && earlier_dir(reg, src, real) < 0) {
        gd__meta_dir *m = clean ? meta_of(reg, first, names, ids, n) : NULL;
        gd__regcache_put(reg->cache, real, m);
        gd__meta_dir_free(m);
    }
    free(ids);
}

/* The directory was read before by this registry (the build tree and the
 * installed directory next to the program can be the same one): a full
 * load would only note each plugin as already loaded and skip it. When
 * every file is one registered from there, unchanged, those same notes are
 * made without loading anything (with the cache only: without it govdoc
 * does exactly what it always did). */
static bool repeat_dir(gd_registry *reg, long src, int dfd, const char *real, const char *dir,
                       char **names, size_t n)
{
    if (!reg->cache || reg->no_lazy || src < 0 || earlier_dir(reg, src, real) < 0) return false;
    long *hit = calloc(n ? n : 1, sizeof *hit);
    bool ok = hit != NULL;
    for (size_t i = 0; ok && i < n; i++) {
        hit[i] = -1;
        for (size_t k = 0; k < reg->nplugins && hit[i] < 0; k++) {
            const loaded_plugin *p = &reg->plugins[k];
            const source *ps = &reg->srcs[p->src];
            const char *base = strrchr(p->path, '/');
            if (ps->kind == SRC_DIR && ps->real && strcmp(ps->real, real) == 0 && base &&
                strcmp(base + 1, names[i]) == 0)
                hit[i] = (long)k;
        }
        struct stat st;
        gd__file_id id;
        ok = hit[i] >= 0 && fstatat(dfd, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
             S_ISREG(st.st_mode) && (gd__file_id_of(&st, &id), true) &&
             gd__file_id_eq(&id, &reg->plugins[hit[i]].id) &&
             plugin_named(reg, reg->plugins[hit[i]].name) == hit[i];
    }
    for (size_t i = 0; ok && i < n; i++)
        note(reg, 0, "%s/%s: plugin '%s' already loaded from %s; skipped", dir, names[i],
             reg->plugins[hit[i]].name, reg->plugins[hit[i]].path);
    free(hit);
    return ok;
}

/* Enters the directory's plugins from the cache if it describes them as
 * they are now; false when it cannot, with *keep when its record is right
 * and must stay (see lazy_misfit). */
static bool load_dir_cached(gd_registry *reg, long src, int dfd, const char *real, const char *dir,
                            char **names, size_t n, bool *keep)
{
    *keep = false;
    if (!reg->cache_opened) {
        reg->cache = gd__regcache_open();
        reg->cache_opened = true;
    }
    if (reg->no_lazy || !reg->cache || src < 0 || n == 0 || !reg->srcs[src].real) return false;
    gd__meta_dir *m = gd__regcache_get(reg->cache, real);
    const char *why = m ? lazy_misfit(reg, dfd, names, n, m, keep) : "not recorded";
    if (!why && !add_lazy(reg, (size_t)src, dir, m)) why = "out of memory";
    if (why) gd__meta_dir_free(m);
    if (gd__registry_debug())
        fprintf(stderr, "govdoc: debug: plugins of %s: %s%s\n", dir,
                why ? "loading all: cache not usable: " : "from the registry cache",
                why ? why : "");
    return !why;
}

static int load_dir(gd_registry *reg, const char *dir)
{
    long src = add_source(reg, SRC_DIR, dir, 0);
    char *real, *why;
    int code;
    int dfd = gd__trusted_dir_open(dir, &real, &why, &code);
    if (dfd < 0) {
        if (code != GD_ENOTFOUND)
            note(reg, 1, "plugin directory %s refused: %s; none of its plugins are loaded", dir,
                 why ? why : "not trusted");
        free(why);
        return code;
    }
    char **names;
    size_t n;
    int rc = list_plugins(dfd, &names, &n);
    if (rc == GD_ENOTFOUND) {
        close(dfd);
        free(real);
        return rc;
    }
    if (src >= 0 && !reg->srcs[src].real) reg->srcs[src].real = strdup(real);
    bool keep = false;
    if (rc == GD_OK && !repeat_dir(reg, src, dfd, real, dir, names, n) &&
        !load_dir_cached(reg, src, dfd, real, dir, names, n, &keep))
        load_dir_full(reg, src, dfd, real, dir, names, n, !keep);
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    close(dfd);
    free(real);
    return rc;
}

int gd_registry_load_dir(gd_registry *reg, const char *dir)
{
    if (!reg || !dir) return GD_EUSER;
    lock(reg);
    int rc = load_dir(reg, dir);
    unlock(reg);
    return rc;
}

static bool is_dir(const char *p)
{
    DIR *d = opendir(p);
    if (!d) return false;
    closedir(d);
    return true;
}

static int load_default(gd_registry *reg)
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
        load_dir(reg, GD_BUILD_PLUGIN_DIR);
#endif
    /* 2. GOVDOC_PLUGIN_PATH: absolute directories only, never ".". */
    const char *env = getenv("GOVDOC_PLUGIN_PATH");
    if (env && *env) {
        char *copy = strdup(env);
        if (!copy) return GD_ENOMEM;
        char *save = NULL;
        for (char *p = strtok_r(copy, ":", &save); p; p = strtok_r(NULL, ":", &save)) {
            if (p[0] != '/') {
                note_source(reg, 1, "GOVDOC_PLUGIN_PATH: '%s' ignored: not an absolute path", p);
                continue;
            }
            if (load_dir(reg, p) == GD_ENOTFOUND)
                note_source(reg, 1, "GOVDOC_PLUGIN_PATH: '%s' is not a readable directory", p);
        }
        free(copy);
    }
    /* 3. The installed directory, relative to the program (relocatable),
     *    then the configured prefix. */
#ifdef GD_INSTALL_PLUGIN_REL
    if (dir[0]) {
        char rel[PATH_MAX + 64];
        snprintf(rel, sizeof rel, "%s/%s", dir, GD_INSTALL_PLUGIN_REL);
        if (is_dir(rel)) load_dir(reg, rel);
    }
#endif
#ifdef GD_INSTALL_PLUGIN_DIR
    if (is_dir(GD_INSTALL_PLUGIN_DIR)) load_dir(reg, GD_INSTALL_PLUGIN_DIR);
#endif
    return GD_OK;
}

int gd_registry_load_default(gd_registry *reg)
{
    if (!reg) return GD_EUSER;
    lock(reg);
    int rc = load_default(reg);
    unlock(reg);
    return rc;
}

/* ---- loading on demand ---- */

static bool exts_equal(const char *const *a, const char *const *b)
{
    size_t i = 0;
    for (; a && b && a[i] && b[i]; i++)
        if (strcmp(a[i], b[i]) != 0) return false;
    return (!a || !a[i]) && (!b || !b[i]);
}

/* Does the loaded descriptor declare what the cache said? */
static bool same_meta(const gd_plugin_desc *d, const gd__meta_plugin *m)
{
    if (strcmp(d->name, m->name) != 0) return false;
    size_t nh = 0;
    while (d->handlers[nh]) nh++;
    if (nh != m->nhandlers) return false;
    for (size_t k = 0; k < nh; k++) {
        const gd_format_handler *h = d->handlers[k];
        const gd__meta_handler *mh = &m->handlers[k];
        if ((int)h->kind != mh->kind || strcmp(h->format, mh->format) != 0 || h->rank != mh->rank ||
            h->flags != mh->flags || (h->probe != NULL) != mh->probe ||
            !exts_equal(h->extensions, mh->exts) ||
            !gd__signatures_equal(gd__handler_signatures(h), mh->sigs))
            return false;
    }
    return true;
}

/* The cache was wrong about a plugin (it cannot be loaded as recorded, or
 * declares something else): everything asked of the registry is done
 * again without the cache, which is exactly what a run without the cache
 * would have, messages included, and records the directories anew. What
 * was loaded stays loaded (retired) until the registry is freed: callers
 * may hold its handlers; loading the same file again gives the same
 * handle. */
static void rebuild(gd_registry *reg)
{
    if (gd__registry_debug())
        fprintf(stderr, "govdoc: debug: registry cache out of date: loading every plugin\n");
    clear_tables(reg, true);
    reg->no_lazy = true;
    reg->replaying = true;
    for (size_t i = 0; i < reg->nsrcs; i++) {
        const source *s = &reg->srcs[i];
        reg->replay_src = i;
        if (s->kind == SRC_FILE)
            load_file(reg, s->arg);
        else if (s->kind == SRC_DIR)
            load_dir(reg, s->arg);
        else
            add_message(reg, s->warning, strdup(s->arg));
    }
    reg->replaying = false;
}

/* Loads lazy plugin pi with every trust check of a full load. false when
 * it is not what the cache recorded: then the registry was rebuilt (no
 * lazy entries left) and the caller chooses again. */
static bool load_lazy(gd_registry *reg, size_t pi)
{
    loaded_plugin *p = &reg->plugins[pi];
    if (p->dl) return true;
    const source *s = &reg->srcs[p->src];
    char *real = NULL, *why = NULL;
    int code;
    void *dl = NULL;
    const gd_plugin_desc *d = NULL;
    int dfd = gd__trusted_dir_open(s->arg, &real, &why, &code);
    free(why);
    why = NULL;
    if (dfd >= 0 && strcmp(real, s->real) == 0)
        gd__trusted_dlopen(dfd, real, p->meta->file, p->path, &dl, &why, &p->meta->id, NULL);
    free(why);
    free(real);
    if (dfd >= 0) close(dfd);
    if (dl && plugin_desc(reg, dl, p->path, true, &d) == GD_OK) {
        if (same_meta(d, p->meta)) {
            p->dl = dl;
            p->desc = d;
            p->name = d->name;
            p->meta = NULL;
            for (size_t k = 0; k < p->nh; k++)
                reg->handlers[p->first + k] = (handler_ref){d->handlers[k], d, NULL, pi};
            reg->nlazy--;
            return true;
        }
        dlclose(dl);
    }
    rebuild(reg);
    return false;
}

static void load_all(gd_registry *reg)
{
    for (size_t i = 0; reg->nlazy && i < reg->nplugins; i++)
        if (!reg->plugins[i].dl && !load_lazy(reg, i)) return;
}

/* Loads every plugin that has a reader (for `ext`: a probing reader that
 * claims it). false when a rebuild happened (everything is loaded). */
static bool load_readers(gd_registry *reg, const char *ext, const gd_probe_input *in)
{
    for (size_t k = 0; reg->nlazy && k < reg->nhandlers; k++) {
        const handler_ref *r = &reg->handlers[k];
        if (r->h || ref_kind(r) != GD_HANDLER_READER) continue;
        if (ext && (!ref_probe(r) || !ref_has_ext(r, ext))) continue;
        /* a reader whose signatures the input lacks would score 0 */
        if (in && !gd__signatures_match(r->meta->sigs, in->head, in->head_len, in->total_len))
            continue;
        if (!load_lazy(reg, r->pi)) return false;
    }
    return true;
}

/* ---- listings: they show everything, so they load everything ---- */

size_t gd_registry_plugin_count(const gd_registry *creg)
{
    /* lazy entries count as they would loaded (one per plugin the cache
     * recorded): `govdoc convert` asks whether there are any at all */
    gd_registry *reg = lock(creg);
    size_t n = reg ? reg->nplugins : 0;
    unlock(reg);
    return n;
}

const gd_plugin_desc *gd_registry_plugin_at(const gd_registry *creg, size_t i, const char **path)
{
    gd_registry *reg = lock(creg);
    const gd_plugin_desc *d = NULL;
    if (reg) load_all(reg);
    if (reg && i < reg->nplugins) {
        if (path) *path = reg->plugins[i].path;
        d = reg->plugins[i].desc;
    }
    unlock(reg);
    return d;
}

size_t gd_registry_handler_count(const gd_registry *creg)
{
    gd_registry *reg = lock(creg); /* as gd_registry_plugin_count */
    size_t n = reg ? reg->nhandlers : 0;
    unlock(reg);
    return n;
}

const gd_format_handler *gd_registry_handler_at(const gd_registry *creg, size_t i,
                                                const gd_plugin_desc **plugin)
{
    gd_registry *reg = lock(creg);
    const gd_format_handler *h = NULL;
    if (reg) load_all(reg);
    if (reg && i < reg->nhandlers) {
        if (plugin) *plugin = reg->handlers[i].plugin;
        h = reg->handlers[i].h;
    }
    unlock(reg);
    return h;
}

const gd_format_handler *gd__registry_handler_for(const gd_registry *creg, size_t k,
                                                  const char *name, size_t n,
                                                  const gd_plugin_desc **plugin, bool *restart)
{
    gd_registry *reg = lock(creg);
    const gd_format_handler *h = NULL;
    *restart = false;
    if (reg && k < reg->nhandlers) {
        const handler_ref *r = &reg->handlers[k];
        const char *pn = reg->plugins[r->pi].name, *f = ref_format(r);
        bool match = (strlen(pn) == n && strncmp(pn, name, n) == 0) ||
                     (strlen(f) == n && strncmp(f, name, n) == 0);
        if (!r->h && match) *restart = !load_lazy(reg, r->pi);
        if (!*restart && reg->handlers[k].h) {
            if (plugin) *plugin = reg->handlers[k].plugin;
            h = reg->handlers[k].h;
        }
    }
    unlock(reg);
    return h;
}

/* ---- choosing: by metadata, then the winner is loaded ---- */

static long best_index(const gd_registry *reg, gd_handler_kind kind, const char *format,
                       const char *ext)
{
    long win = -1;
    for (size_t i = 0; i < reg->nhandlers; i++) {
        const handler_ref *r = &reg->handlers[i];
        if (ref_kind(r) != kind) continue;
        if (format && strcmp(ref_format(r), format) != 0) continue;
        if (ext && !ref_has_ext(r, ext)) continue;
        if (win < 0 || ref_rank(r) > ref_rank(&reg->handlers[win])) win = (long)i;
    }
    return win;
}

static const gd_format_handler *best(gd_registry *reg, gd_handler_kind kind, const char *format,
                                     const char *ext, const gd_plugin_desc **plugin)
{
    long w = -1;
    /* a failed lazy load rebuilds the tables without lazy entries: the
     * second round chooses among loaded plugins only, and ends */
    while (reg && (w = best_index(reg, kind, format, ext)) >= 0 &&
           !load_lazy(reg, reg->handlers[w].pi)) {
    }
    if (plugin) *plugin = w >= 0 ? reg->handlers[w].plugin : NULL;
    return w >= 0 ? reg->handlers[w].h : NULL;
}

const gd_format_handler *gd_registry_find(const gd_registry *creg, gd_handler_kind kind,
                                          const char *format, const gd_plugin_desc **plugin)
{
    if (!format) {
        if (plugin) *plugin = NULL;
        return NULL;
    }
    gd_registry *reg = lock(creg);
    const gd_format_handler *h = best(reg, kind, format, NULL, plugin);
    unlock(reg);
    return h;
}

const gd_format_handler *gd_registry_find_ext(const gd_registry *creg, gd_handler_kind kind,
                                              const char *ext, const gd_plugin_desc **plugin)
{
    if (!ext) {
        if (plugin) *plugin = NULL;
        return NULL;
    }
    gd_registry *reg = lock(creg);
    const gd_format_handler *h = best(reg, kind, NULL, ext, plugin);
    unlock(reg);
    return h;
}

static const char *extension(const char *filename)
{
    if (!filename) return NULL;
    const char *slash = strrchr(filename, '/');
    const char *base = slash ? slash + 1 : filename;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? dot + 1 : NULL;
}

typedef struct probe_win {
    long k; /* the handler, or -1 */
    int score;
    bool ext;
} probe_win;

/* Every loaded reader's probe (only_ext: of those claiming `ext`); the
 * highest score, then a matching extension, then rank, then the first. */
static probe_win probe_pass(const gd_registry *reg, const gd_probe_input *in, const char *ext,
                            bool only_ext)
{
    probe_win w = {-1, -1, false};
    for (size_t i = 0; i < reg->nhandlers; i++) {
        const handler_ref *r = &reg->handlers[i];
        if (!r->h || r->h->kind != GD_HANDLER_READER || !r->h->probe) continue;
        bool e = ref_has_ext(r, ext);
        if (only_ext && !e) continue;
        int s = r->h->probe(in);
        s = s < 0 ? 0 : s > 100 ? 100 : s;
        if (s > w.score || (s == w.score && e && !w.ext) ||
            (s == w.score && e == w.ext && r->h->rank > reg->handlers[w.k].h->rank))
            w = (probe_win){(long)i, s, e};
    }
    return w;
}

/* Probing is code, so a lazy reader must be loaded to be asked. First only
 * the readers that claim the file's extension are; if one of them scores
 * GD_PROBE_MAXIMUM, probing every reader would choose the same: another
 * reader cannot score more, and at an equal score the probe_pass order
 * keeps a reader that claims the extension against one that does not
 * (ties among the claimants are decided the same way in both passes, and
 * the extension fallback below only applies under GD_PROBE_POSSIBLE).
 * Otherwise every reader is loaded and probed, as without the cache. */
static const gd_format_handler *probe(gd_registry *reg, const gd_probe_input *in, const char *ext,
                                      int *score, const gd_plugin_desc **plugin)
{
    probe_win w = {-1, -1, false};
    bool done = false;
    if (reg->nlazy && ext && load_readers(reg, ext, in)) {
        w = probe_pass(reg, in, ext, true);
        done = w.score == GD_PROBE_MAXIMUM;
    }
    if (!done) {
        load_readers(reg, NULL, in);
        w = probe_pass(reg, in, ext, false);
    }
    if (w.score < GD_PROBE_POSSIBLE && ext) {
        const gd_plugin_desc *p = NULL;
        const gd_format_handler *h = best(reg, GD_HANDLER_READER, NULL, ext, &p);
        if (h) {
            if (score) *score = w.score < 0 ? 0 : w.score;
            if (plugin) *plugin = p;
            return h;
        }
    }
    if (w.k < 0 || w.score < GD_PROBE_MINIMUM) {
        if (score) *score = 0;
        if (plugin) *plugin = NULL;
        return NULL;
    }
    if (score) *score = w.score;
    if (plugin) *plugin = reg->handlers[w.k].plugin;
    return reg->handlers[w.k].h;
}

const gd_format_handler *gd_registry_probe(const gd_registry *creg, const uint8_t *data, size_t len,
                                           const char *filename, int *score,
                                           const gd_plugin_desc **plugin)
{
    const char *ext = extension(filename);
    gd_probe_input in = {(uint32_t)sizeof in, data, len > 65536 ? 65536 : len, len, filename};
    gd_registry *reg = lock(creg);
    const gd_format_handler *h = NULL;
    if (reg) {
        h = probe(reg, &in, ext, score, plugin);
    } else {
        if (score) *score = 0;
        if (plugin) *plugin = NULL;
    }
    unlock(reg);
    return h;
}

/* For gd_plugin_inspect (plugin_info.c): the same descriptor checks. */
const char *gd__plugin_desc_problem(const gd_plugin_desc *d, char *buf, size_t n)
{
    return desc_problem(d, buf, n);
}
