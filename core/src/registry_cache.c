/* The registry cache file (see registry_cache.h; registry.c decides when
 * it may be used).
 *
 * Where: $GOVDOC_REGISTRY_CACHE when it is a path ("off" disables), else
 * $XDG_CACHE_HOME/govdoc/, else $HOME/.cache/govdoc/, one file per plugin
 * ABI (registry-abi<major>.<minor>.json), holding the govdoc version that
 * wrote it: another version's file is not used (its checks of descriptors
 * may differ), it is replaced.
 *
 * Trust: the cache decides which plugins are loaded, so a file somebody
 * else could have written is never read. It must be a regular file (not a
 * symlink) owned by the effective uid and not writable by group or others,
 * in a directory that is the same; otherwise it is ignored and not written
 * either. Even a trusted cache only chooses among plugins: whatever it
 * names is loaded with the registry's full trust checks.
 *
 * Writing is best effort and silent (a read-only HOME only costs the speed
 * up): a temporary file in the same directory, mode 0600, renamed over the
 * old one, so a reader never sees half a file; concurrent writers lose
 * each other's entries at worst, which costs one full load. */
#define _GNU_SOURCE
#include "registry_cache.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CACHE_MAX_BYTES (8u << 20)

struct gd__regcache {
    char *dir;  /* the directory holding the file */
    char *name; /* the file's name in it */
    bool create_dir;
    bool writable; /* false when an untrusted file or directory is there */
    json_t *root;
};

bool gd__registry_debug(void)
{
    const char *d = getenv("GOVDOC_DEBUG");
    if (!d) return false;
    for (const char *p = d; (p = strstr(p, "plugins")); p += 7) {
        bool start = p == d || p[-1] == ',';
        bool end = p[7] == 0 || p[7] == ',';
        if (start && end) return true;
    }
    return false;
}

static void debug(const gd__regcache *c, const char *what, const char *why)
{
    if (gd__registry_debug())
        fprintf(stderr, "govdoc: debug: registry cache %s/%s: %s%s%s\n", c->dir, c->name, what,
                why ? ": " : "", why ? why : "");
}

void gd__file_id_of(const struct stat *st, gd__file_id *id)
{
    id->dev = (uint64_t)st->st_dev;
    id->ino = (uint64_t)st->st_ino;
    id->size = (uint64_t)st->st_size;
    id->mtime_ns = (uint64_t)st->st_mtim.tv_sec * 1000000000u + (uint64_t)st->st_mtim.tv_nsec;
    id->ctime_ns = (uint64_t)st->st_ctim.tv_sec * 1000000000u + (uint64_t)st->st_ctim.tv_nsec;
}

bool gd__file_id_eq(const gd__file_id *a, const gd__file_id *b)
{
    return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
           a->mtime_ns == b->mtime_ns && a->ctime_ns == b->ctime_ns;
}

/* Why a directory or file may not hold our cache, or NULL. */
static const char *untrusted(const struct stat *st, bool dir)
{
    if (dir ? !S_ISDIR(st->st_mode) : !S_ISREG(st->st_mode))
        return dir ? "not a directory" : "not a regular file";
    if (st->st_uid != geteuid()) return "not owned by you";
    if (st->st_mode & (S_IWGRP | S_IWOTH)) return "writable by others";
    return NULL;
}

/* Opens the cache directory if it is trusted (creating it, 0700, when
 * asked); -1 otherwise, with *why for an untrusted one. */
static int open_dir(gd__regcache *c, bool create, const char **why)
{
    *why = NULL;
    int fd = open(c->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create && c->create_dir) {
        /* $XDG_CACHE_HOME (or ~/.cache) itself may be missing too */
        char *slash = strrchr(c->dir, '/');
        if (slash && slash != c->dir) {
            *slash = 0;
            (void)mkdir(c->dir, 0700);
            *slash = '/';
        }
        (void)mkdir(c->dir, 0700);
        fd = open(c->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (fd < 0) return -1;
    struct stat st;
    *why = fstat(fd, &st) != 0 ? "cannot stat" : untrusted(&st, true);
    if (*why) {
        close(fd);
        return -1;
    }
    return fd;
}

/* The file's JSON, or NULL (missing, untrusted: then not writable either,
 * or unreadable). */
static json_t *read_file(gd__regcache *c)
{
    const char *why;
    int dfd = open_dir(c, false, &why);
    if (dfd < 0) {
        if (why) {
            c->writable = false;
            debug(c, "ignored", why);
        }
        return NULL;
    }
    int fd = openat(dfd, c->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    int e = errno;
    close(dfd);
    if (fd < 0) {
        if (e != ENOENT) {
            c->writable = false; /* a symlink (ELOOP) or unreadable: leave it */
            debug(c, "ignored", strerror(e));
        }
        return NULL;
    }
    struct stat st;
    why = fstat(fd, &st) != 0 ? "cannot stat" : untrusted(&st, false);
    if (!why && (uint64_t)st.st_size > CACHE_MAX_BYTES) why = "too big";
    json_t *root = NULL;
    if (why) {
        /* somebody else's file, or one others could have changed: not
         * ours to overwrite either (the user sees it with GOVDOC_DEBUG) */
        c->writable = false;
    } else {
        /* one read, not jansson's json_loadfd, which reads a byte per
         * system call: 2600 of them were ~4 ms of every start */
        size_t n = (size_t)st.st_size, got = 0;
        char *text = malloc(n ? n : 1);
        while (text && got < n) {
            ssize_t r = read(fd, text + got, n - got);
            if (r <= 0) break;
            got += (size_t)r;
        }
        json_error_t err;
        if (text && got == n) root = json_loadb(text, n, JSON_REJECT_DUPLICATES, &err);
        free(text);
        if (!root) why = "not valid JSON";
    }
    close(fd);
    if (why) debug(c, "ignored", why);
    return root;
}

static char *cache_location(bool *create_dir)
{
    *create_dir = false;
    const char *env = getenv("GOVDOC_REGISTRY_CACHE");
    if (env && strcmp(env, "off") == 0) return NULL;
    if (env && *env) return env[0] == '/' ? strdup(env) : NULL;
    const char *x = getenv("XDG_CACHE_HOME");
    const char *home = getenv("HOME");
    *create_dir = true;
    /* XDG: a relative XDG_CACHE_HOME is invalid and ignored */
    if (x && x[0] == '/')
        return gd__asprintf("%s/govdoc/registry-abi%u.%u.json", x, (unsigned)GD_ABI_MAJOR,
                            (unsigned)GD_ABI_MINOR);
    if (home && home[0] == '/')
        return gd__asprintf("%s/.cache/govdoc/registry-abi%u.%u.json", home, (unsigned)GD_ABI_MAJOR,
                            (unsigned)GD_ABI_MINOR);
    return NULL;
}

gd__regcache *gd__regcache_open(void)
{
    bool create_dir;
    char *path = cache_location(&create_dir);
    char *slash = path ? strrchr(path, '/') : NULL;
    gd__regcache *c = slash && slash[1] ? calloc(1, sizeof *c) : NULL;
    if (!c) {
        free(path);
        return NULL;
    }
    c->dir = slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
    c->name = strdup(slash + 1);
    free(path);
    c->create_dir = create_dir;
    c->writable = true;
    if (!c->dir || !c->name) {
        gd__regcache_close(c);
        return NULL;
    }
    json_t *root = read_file(c);
    const char *v = json_string_value(json_object_get(root, "govdoc"));
    if (root &&
        (!v || strcmp(v, GOVDOC_VERSION) != 0 || !json_is_object(json_object_get(root, "dirs")))) {
        debug(c, "not used", "written by another govdoc version");
        json_decref(root);
        root = NULL;
    }
    if (!root) {
        root = json_pack("{s:s, s:{}}", "govdoc", GOVDOC_VERSION, "dirs");
        if (!root) {
            gd__regcache_close(c);
            return NULL;
        }
    }
    c->root = root;
    return c;
}

void gd__regcache_close(gd__regcache *c)
{
    if (!c) return;
    json_decref(c->root);
    free(c->dir);
    free(c->name);
    free(c);
}

/* ---- signatures ---- */

const gd_signature *gd__handler_signatures(const gd_format_handler *h)
{
    size_t end = offsetof(gd_format_handler, signatures) + sizeof h->signatures;
    if (h->kind != GD_HANDLER_READER || h->struct_size < end || !h->signatures ||
        !h->signatures[0].bytes)
        return NULL;
    return h->signatures;
}

static bool one_matches(const gd_signature *s, const uint8_t *head, size_t n, uint64_t total)
{
    uint64_t first = s->offset, last = s->window ? (uint64_t)s->offset + s->window : first + s->len;
    if (!s->len || last < first + s->len) return false; /* a window shorter than the bytes */
    if (last > n && n < total) return true;             /* reaches past the head: cannot rule out */
    if (last > n) last = n;
    return last >= first + s->len &&
           memmem(head + first, (size_t)(last - first), s->bytes, s->len) != NULL;
}

bool gd__signatures_match(const gd_signature *sigs, const uint8_t *head, size_t head_len,
                          uint64_t total_len)
{
    if (!sigs) return true;
    for (const gd_signature *s = sigs; s->bytes; s++)
        if (one_matches(s, head, head_len, total_len)) return true;
    return false;
}

bool gd__signatures_equal(const gd_signature *a, const gd_signature *b)
{
    for (; a && b && a->bytes && b->bytes; a++, b++)
        if (a->len != b->len || a->offset != b->offset || a->window != b->window ||
            memcmp(a->bytes, b->bytes, a->len) != 0)
            return false;
    return (!a || !a->bytes) && (!b || !b->bytes);
}

static void signatures_free(const gd_signature *sigs)
{
    for (const gd_signature *s = sigs; s && s->bytes; s++) free((void *)s->bytes);
    free((void *)sigs);
}

/* [[offset, window, "hex"], ...] -> an owned {NULL}-ended list; NULL for
 * an absent key (none declared), false when malformed. */
static bool parse_signatures(json_t *arr, const gd_signature **out)
{
    *out = NULL;
    if (!arr) return true;
    size_t n = json_array_size(arr);
    if (!json_is_array(arr) || n == 0 || n > 64) return false;
    gd_signature *v = calloc(n + 1, sizeof *v);
    if (!v) return false;
    *out = v;
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(arr, i);
        json_t *o = json_array_get(e, 0), *w = json_array_get(e, 1);
        const char *hex = json_string_value(json_array_get(e, 2));
        size_t hl = hex ? strlen(hex) : 0;
        if (!json_is_integer(o) || !json_is_integer(w) || !hl || hl % 2 || hl > 8192 ||
            json_integer_value(o) < 0 || json_integer_value(o) > UINT32_MAX ||
            json_integer_value(w) < 0 || json_integer_value(w) > UINT32_MAX)
            return false;
        char *b = malloc(hl / 2);
        if (!b) return false;
        v[i].bytes = b;
        for (size_t k = 0; k < hl / 2; k++) {
            unsigned x;
            if (sscanf(hex + 2 * k, "%2x", &x) != 1) return false;
            b[k] = (char)x;
        }
        v[i] = (gd_signature){b, (uint32_t)(hl / 2), (uint32_t)json_integer_value(o),
                              (uint32_t)json_integer_value(w)};
    }
    return true;
}

static json_t *signatures_json(const gd_signature *sigs)
{
    json_t *arr = json_array();
    for (const gd_signature *s = sigs; arr && s->bytes; s++) {
        char *hex = malloc(2 * (size_t)s->len + 1);
        if (!hex) {
            json_decref(arr);
            return NULL;
        }
        for (size_t k = 0; k < s->len; k++)
            snprintf(hex + 2 * k, 3, "%02x", (unsigned char)s->bytes[k]);
        hex[2 * (size_t)s->len] = 0;
        json_array_append_new(
            arr, json_pack("[I, I, s]", (json_int_t)s->offset, (json_int_t)s->window, hex));
        free(hex);
    }
    return arr;
}

void gd__meta_dir_free(gd__meta_dir *d)
{
    if (!d) return;
    for (size_t i = 0; i < d->n; i++) {
        gd__meta_plugin *p = &d->plugins[i];
        for (size_t k = 0; d->json && k < p->nhandlers; k++) {
            free((void *)p->handlers[k].exts);
            signatures_free(p->handlers[k].sigs);
        }
        free(p->handlers);
    }
    free(d->plugins);
    json_decref(d->json);
    free(d);
}

/* ---- JSON <-> metadata ---- */

static bool get_u64(json_t *o, const char *key, uint64_t *v)
{
    json_t *j = json_object_get(o, key);
    if (!json_is_integer(j)) return false;
    *v = (uint64_t)json_integer_value(j); /* stored as the same 64 bits */
    return true;
}

static bool parse_handler(json_t *j, gd__meta_handler *h)
{
    const char *kind = json_string_value(json_object_get(j, "kind"));
    json_t *ext = json_object_get(j, "ext"), *rank = json_object_get(j, "rank");
    json_t *flags = json_object_get(j, "flags"), *probe = json_object_get(j, "probe");
    h->format = json_string_value(json_object_get(j, "format"));
    if (!kind || !h->format || !json_is_array(ext) || !json_is_integer(rank) ||
        !json_is_integer(flags) || !json_is_boolean(probe))
        return false;
    if (strcmp(kind, "reader") == 0)
        h->kind = GD_HANDLER_READER;
    else if (strcmp(kind, "writer") == 0)
        h->kind = GD_HANDLER_WRITER;
    else
        return false;
    h->rank = (int)json_integer_value(rank);
    h->flags = (uint32_t)json_integer_value(flags);
    h->probe = json_is_true(probe);
    if (!parse_signatures(json_object_get(j, "sig"), &h->sigs)) return false;
    size_t n = json_array_size(ext);
    const char **v = calloc(n + 1, sizeof *v);
    if (!v) return false;
    h->exts = v;
    for (size_t i = 0; i < n; i++)
        if (!(v[i] = json_string_value(json_array_get(ext, i)))) return false;
    return true;
}

static bool parse_plugin(json_t *j, gd__meta_plugin *p)
{
    json_t *hs = json_object_get(j, "handlers");
    p->file = json_string_value(json_object_get(j, "file"));
    p->name = json_string_value(json_object_get(j, "name"));
    if (!p->file || !p->name || !json_is_array(hs) || json_array_size(hs) == 0 ||
        !get_u64(j, "dev", &p->id.dev) || !get_u64(j, "ino", &p->id.ino) ||
        !get_u64(j, "size", &p->id.size) || !get_u64(j, "mtime", &p->id.mtime_ns) ||
        !get_u64(j, "ctime", &p->id.ctime_ns))
        return false;
    p->handlers = calloc(json_array_size(hs), sizeof *p->handlers);
    if (!p->handlers) return false;
    for (size_t i = 0; i < json_array_size(hs); i++) {
        p->nhandlers = i + 1; /* so that a failure frees this one's exts too */
        if (!parse_handler(json_array_get(hs, i), &p->handlers[i])) return false;
    }
    return true;
}

gd__meta_dir *gd__regcache_get(gd__regcache *c, const char *real)
{
    json_t *arr = c ? json_object_get(json_object_get(c->root, "dirs"), real) : NULL;
    if (!json_is_array(arr) || json_array_size(arr) == 0) return NULL;
    gd__meta_dir *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->json = json_incref(arr); /* the strings live as long as d */
    d->plugins = calloc(json_array_size(arr), sizeof *d->plugins);
    bool ok = d->plugins != NULL;
    for (size_t i = 0; ok && i < json_array_size(arr); i++) {
        d->n = i + 1;
        ok = parse_plugin(json_array_get(arr, i), &d->plugins[i]);
    }
    if (!ok) {
        debug(c, "entry ignored", "malformed");
        gd__meta_dir_free(d);
        return NULL;
    }
    return d;
}

static json_t *handler_json(const gd__meta_handler *h)
{
    json_t *ext = json_array();
    for (const char *const *e = h->exts; ext && e && *e; e++)
        json_array_append_new(ext, json_string(*e));
    if (!ext) return NULL;
    json_t *o =
        json_pack("{s:s, s:s, s:o, s:i, s:I, s:b}", "kind",
                  h->kind == GD_HANDLER_READER ? "reader" : "writer", "format", h->format, "ext",
                  ext, "rank", h->rank, "flags", (json_int_t)h->flags, "probe", h->probe);
    if (o && h->sigs && json_object_set_new(o, "sig", signatures_json(h->sigs)) != 0) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static json_t *dir_json(const gd__meta_dir *d)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < d->n; i++) {
        const gd__meta_plugin *p = &d->plugins[i];
        json_t *hs = json_array();
        for (size_t k = 0; hs && k < p->nhandlers; k++) {
            json_t *h = handler_json(&p->handlers[k]);
            if (!h || json_array_append_new(hs, h) != 0) {
                json_decref(hs);
                hs = NULL;
            }
        }
        json_t *o =
            hs ? json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:o}", "file", p->file, "name",
                           p->name, "dev", (json_int_t)p->id.dev, "ino", (json_int_t)p->id.ino,
                           "size", (json_int_t)p->id.size, "mtime", (json_int_t)p->id.mtime_ns,
                           "ctime", (json_int_t)p->id.ctime_ns, "handlers", hs)
               : NULL;
        if (!o || json_array_append_new(arr, o) != 0) {
            json_decref(arr);
            return NULL;
        }
    }
    return arr;
}

/* Entries of directories that are gone (temporary plugin directories of
 * tests, uninstalled trees) are dropped, so the file does not grow. */
static void prune(json_t *dirs)
{
    const char *key;
    json_t *val;
    void *tmp;
    json_object_foreach_safe(dirs, tmp, key, val)
    {
        struct stat st;
        if (stat(key, &st) != 0 && errno == ENOENT) json_object_del(dirs, key);
    }
}

static void save(gd__regcache *c)
{
    const char *why;
    int dfd = c->writable ? open_dir(c, true, &why) : -1;
    if (dfd < 0) {
        c->writable = false; /* not trying again in this process */
        return;
    }
    prune(json_object_get(c->root, "dirs"));
    char *text = json_dumps(c->root, JSON_COMPACT);
    char tmp[64];
    static unsigned seq;
    snprintf(tmp, sizeof tmp, ".registry.%ld.%u.tmp", (long)getpid(), seq++);
    int fd =
        text ? openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600) : -1;
    bool ok = fd >= 0;
    for (size_t off = 0, n = text ? strlen(text) : 0; ok && off < n;) {
        ssize_t w = write(fd, text + off, n - off);
        if (w < 0 && errno == EINTR) continue;
        ok = w > 0;
        off += w > 0 ? (size_t)w : 0;
    }
    if (fd >= 0 && close(fd) != 0) ok = false;
    if (ok) ok = renameat(dfd, tmp, dfd, c->name) == 0;
    if (!ok && fd >= 0) unlinkat(dfd, tmp, 0);
    debug(c, ok ? "written" : "not written", NULL);
    free(text);
    close(dfd);
}

void gd__regcache_put(gd__regcache *c, const char *real, const gd__meta_dir *d)
{
    json_t *dirs = c ? json_object_get(c->root, "dirs") : NULL;
    if (!dirs) return;
    if (d) {
        json_t *arr = dir_json(d);
        if (!arr) return;
        json_t *old = json_object_get(dirs, real);
        if (old && json_equal(old, arr)) {
            json_decref(arr);
            return;
        }
        json_object_set_new(dirs, real, arr);
    } else if (json_object_del(dirs, real) != 0) {
        return; /* nothing recorded: nothing to write */
    }
    save(c);
}
