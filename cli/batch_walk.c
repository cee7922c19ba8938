/* The walk: a stack of directory listings, each read whole, sorted by name
 * (bytewise, the same on every machine) and classified before its first
 * entry is handed out, so outputs that would collide are seen together. */
#define _GNU_SOURCE
#include "batch_walk.h"

#include "batch_paths.h"
#include "cli.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- lists of paths ---- */

struct walk_list {
    FILE *f;
    int sep;
    bool eof;
    char **v;
    size_t n, cap;
};

walk_list *walk_list_open(const char *path, int sep)
{
    walk_list *l = calloc(1, sizeof *l);
    if (!l) return NULL;
    l->f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
    if (!l->f) {
        free(l);
        return NULL;
    }
    l->sep = sep;
    return l;
}

void walk_list_free(walk_list *l)
{
    if (!l) return;
    if (l->f && l->f != stdin) fclose(l->f);
    for (size_t i = 0; i < l->n; i++) free(l->v[i]);
    free(l->v);
    free(l);
}

/* Entry i, reading more of the list when needed; NULL at its end. */
static const char *list_get(walk_list *l, size_t i)
{
    while (i >= l->n && !l->eof) {
        char *line = NULL;
        size_t cap = 0;
        ssize_t len = getdelim(&line, &cap, l->sep, l->f);
        if (len < 0) {
            free(line);
            l->eof = true;
            break;
        }
        if (len > 0 && line[len - 1] == l->sep) line[--len] = '\0';
        if (l->sep == '\n' && len > 0 && line[len - 1] == '\r') line[--len] = '\0';
        if (len == 0) {
            free(line);
            continue;
        }
        if (l->n == l->cap) {
            size_t cap2 = l->cap ? l->cap * 2 : 256;
            char **v = realloc(l->v, cap2 * sizeof *v);
            if (!v) {
                free(line);
                l->eof = true;
                break;
            }
            l->v = v;
            l->cap = cap2;
        }
        l->v[l->n++] = line;
    }
    return i < l->n ? l->v[i] : NULL;
}

/* ---- a set of (device, inode) pairs: directories walked ---- */

typedef struct idset {
    struct {
        dev_t dev;
        ino_t ino;
        bool used;
    } * v;
    size_t n, cap;
} idset;

static bool idset_add(idset *s, dev_t dev, ino_t ino) /* false: already there */
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        __typeof__(s->v) v = calloc(cap, sizeof *v);
        if (!v) return true;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->v[i].used) continue;
            size_t h = (size_t)bp_hash(&s->v[i].ino, sizeof(ino_t)) ^ (size_t)s->v[i].dev;
            while (v[h % cap].used) h++;
            v[h % cap] = s->v[i];
        }
        free(s->v);
        s->v = v;
        s->cap = cap;
    }
    size_t h = (size_t)bp_hash(&ino, sizeof ino) ^ (size_t)dev;
    for (;; h++) {
        __typeof__(s->v[0]) *e = &s->v[h % s->cap];
        if (!e->used) {
            e->dev = dev;
            e->ino = ino;
            e->used = true;
            s->n++;
            return true;
        }
        if (e->dev == dev && e->ino == ino) return false;
    }
}

/* ---- a set of 64-bit hashes: output stems handed out ---- */

typedef struct hset {
    uint64_t *v; /* 0 = empty */
    size_t n, cap;
} hset;

static bool hset_add(hset *s, uint64_t h) /* false: already there */
{
    if (h == 0) h = 1;
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *v = calloc(cap, sizeof *v);
        if (!v) return true;
        for (size_t i = 0; i < s->cap; i++) {
            if (!s->v[i]) continue;
            size_t k = (size_t)(s->v[i] % cap);
            while (v[k]) k = (k + 1) % cap;
            v[k] = s->v[i];
        }
        free(s->v);
        s->v = v;
        s->cap = cap;
    }
    for (size_t k = (size_t)(h % s->cap);; k = (k + 1) % s->cap) {
        if (!s->v[k]) {
            s->v[k] = h;
            s->n++;
            return true;
        }
        if (s->v[k] == h) return false;
    }
}

/* ---- directory listings ---- */

typedef struct entry {
    char *name;
    bool dir;
    uint64_t size;
    char *collision; /* the other names that map to the same outputs */
} entry;

typedef struct frame {
    char *path; /* as walked: root/a/b */
    char *rel;  /* "" for a root, else a/b */
    entry *e;
    size_t n, i;
} frame;

struct walker {
    walk_config cfg;
    char **exts; /* readers' extensions, lower case */
    size_t nexts;
    int root_i;
    walk_list *list;
    size_t list_i;
    bool files_from_done;
    frame *stack;
    size_t depth, cap;
    idset dirs;
    hset stems;
    uint64_t ignored;
};

static void frame_free(frame *f)
{
    for (size_t i = 0; i < f->n; i++) {
        free(f->e[i].name);
        free(f->e[i].collision);
    }
    free(f->e);
    free(f->path);
    free(f->rel);
}

walker *walker_new(const walk_config *cfg)
{
    walker *w = calloc(1, sizeof *w);
    if (!w) return NULL;
    w->cfg = *cfg;
    for (size_t i = 0; i < gd_registry_handler_count(cfg->reg); i++) {
        const gd_format_handler *h = gd_registry_handler_at(cfg->reg, i, NULL);
        if (h->kind != GD_HANDLER_READER || !h->extensions) continue;
        for (const char *const *e = h->extensions; *e; e++) {
            char **v = realloc(w->exts, (w->nexts + 1) * sizeof *v);
            if (!v) continue;
            w->exts = v;
            char *x = strdup(*e);
            if (!x) continue;
            for (char *c = x; *c; c++) *c = (char)tolower((unsigned char)*c);
            w->exts[w->nexts++] = x;
        }
    }
    for (int i = 0; i < cfg->nskip; i++) idset_add(&w->dirs, cfg->skip_dev[i], cfg->skip_ino[i]);
    return w;
}

void walker_free(walker *w)
{
    if (!w) return;
    while (w->depth) frame_free(&w->stack[--w->depth]);
    free(w->stack);
    for (size_t i = 0; i < w->nexts; i++) free(w->exts[i]);
    free(w->exts);
    free(w->dirs.v);
    free(w->stems.v);
    free(w);
}

uint64_t walker_ignored(const walker *w)
{
    return w->ignored;
}

void walk_item_clear(walk_item *it)
{
    free(it->input);
    free(it->rel);
    free(it->error);
    memset(it, 0, sizeof *it);
}

/* Is a file in a directory an input? When its extension is a reader's, yes
 * (a damaged .docx is converted to a failure the manifest explains; a .json
 * that is not govdoc's JSON fails the same way). Otherwise when a reader's
 * probe is reasonably sure of its first bytes (a .docx saved without an
 * extension); text is not enough (the TXT reader takes any text as a
 * fallback, and README.md is not a document to convert). */
static bool chosen(const walker *w, int dfd, const char *name, uint64_t size)
{
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && dot != name && i < w->nexts; i++)
        if (strcasecmp(dot + 1, w->exts[i]) == 0) return true;
    uint8_t head[16384];
    int fd = openat(dfd, name, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = read(fd, head, sizeof head);
    close(fd);
    if (n <= 0) return false;
    gd_probe_input in = {(uint32_t)sizeof in, head, (size_t)n, size, name};
    for (size_t i = 0; i < gd_registry_handler_count(w->cfg.reg); i++) {
        const gd_format_handler *h = gd_registry_handler_at(w->cfg.reg, i, NULL);
        if (h->kind == GD_HANDLER_READER && h->probe && h->probe(&in) >= GD_PROBE_POSSIBLE)
            return true;
    }
    return false;
}

static bool skipped(const walker *w, const struct stat *sb)
{
    for (int i = 0; i < w->cfg.nskip; i++)
        if (w->cfg.skip_dev[i] == sb->st_dev && w->cfg.skip_ino[i] == sb->st_ino) return true;
    return false;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(((const entry *)a)->name, ((const entry *)b)->name);
}

static const entry *g_sort_base; /* qsort has no payload argument */
static int by_stem(const void *a, const void *b)
{
    const entry *x = &g_sort_base[*(const size_t *)a], *y = &g_sort_base[*(const size_t *)b];
    size_t lx = bp_stem_len(x->name), ly = bp_stem_len(y->name);
    int c = memcmp(x->name, y->name, lx < ly ? lx : ly);
    if (c) return c;
    if (lx != ly) return lx < ly ? -1 : 1;
    return strcmp(x->name, y->name);
}

static bool same_stem(const entry *x, const entry *y)
{
    size_t lx = bp_stem_len(x->name), ly = bp_stem_len(y->name);
    return lx == ly && memcmp(x->name, y->name, lx) == 0;
}

/* Files of one directory whose outputs would be the same: each gets the
 * list of all of them. */
static void mark_collisions(frame *f)
{
    size_t *ix = malloc((f->n ? f->n : 1) * sizeof *ix), m = 0;
    if (!ix) return;
    for (size_t i = 0; i < f->n; i++)
        if (!f->e[i].dir) ix[m++] = i;
    g_sort_base = f->e;
    if (m) qsort(ix, m, sizeof *ix, by_stem);
    for (size_t a = 0; a < m;) {
        size_t b = a + 1;
        while (b < m && same_stem(&f->e[ix[a]], &f->e[ix[b]])) b++;
        if (b - a > 1) {
            size_t len = 0, rl = strlen(f->rel);
            for (size_t k = a; k < b; k++) len += rl + strlen(f->e[ix[k]].name) + 3;
            char *names = malloc(len + 1);
            if (names) {
                names[0] = '\0';
                for (size_t k = a; k < b; k++) {
                    if (k > a) strcat(names, ", ");
                    if (rl) {
                        strcat(names, f->rel);
                        strcat(names, "/");
                    }
                    strcat(names, f->e[ix[k]].name);
                }
                for (size_t k = a; k < b; k++) f->e[ix[k]].collision = strdup(names);
                free(names);
            }
        }
        a = b;
    }
    free(ix);
}

static char *join(const char *a, const char *b)
{
    char *p = NULL;
    if (!*a) return strdup(b);
    if (asprintf(&p, "%s/%s", a, b) < 0) return NULL;
    return p;
}

static void set_error(walk_item *it, int code, const char *fmt, const char *arg)
{
    char *m = NULL;
    if (asprintf(&m, fmt, arg) < 0) m = NULL;
    it->error = m;
    it->exit = code;
}

/* Opens a directory into a new frame; an error becomes an item. */
static int push_dir(walker *w, const char *path, const char *rel, walk_item *it)
{
    int dfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR *d = dfd >= 0 ? fdopendir(dfd) : NULL;
    if (!d) {
        int e = errno;
        if (dfd >= 0) close(dfd);
        it->input = strdup(path);
        it->rel = strdup(*rel ? rel : ".");
        set_error(it, EXIT_INPUT, "cannot read the directory: %s", strerror(e));
        return 1;
    }
    if (w->depth == w->cap) {
        size_t cap = w->cap ? w->cap * 2 : 16;
        frame *s = realloc(w->stack, cap * sizeof *s);
        if (!s) {
            closedir(d);
            return 0;
        }
        w->stack = s;
        w->cap = cap;
    }
    frame f = {strdup(path), strdup(rel), NULL, 0, 0};
    size_t cap = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.') continue; /* hidden, ".", ".." */
        struct stat sb;
        if (fstatat(dfd, de->d_name, &sb, 0) != 0) { /* dangling link */
            w->ignored++;
            continue;
        }
        bool dir = S_ISDIR(sb.st_mode);
        if (!dir && !S_ISREG(sb.st_mode)) { /* FIFOs, devices, sockets */
            w->ignored++;
            continue;
        }
        if (skipped(w, &sb)) continue;
        if (!dir && !chosen(w, dfd, de->d_name, (uint64_t)sb.st_size)) {
            w->ignored++;
            continue;
        }
        if (f.n == cap) {
            cap = cap ? cap * 2 : 64;
            entry *e = realloc(f.e, cap * sizeof *e);
            if (!e) break;
            f.e = e;
        }
        f.e[f.n++] = (entry){strdup(de->d_name), dir, (uint64_t)sb.st_size, NULL};
    }
    closedir(d);
    if (f.n) qsort(f.e, f.n, sizeof *f.e, by_name);
    if (!w->cfg.count_only) mark_collisions(&f);
    w->stack[w->depth++] = f;
    return 0;
}

/* Starts on one argument or list entry: a directory is pushed, a file is
 * the item. Returns 1 with an item. */
static int start_arg(walker *w, const char *path, char *rel, walk_item *it)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        int e = errno;
        it->input = strdup(path);
        it->rel = rel;
        set_error(it, EXIT_INPUT, "%s", strerror(e));
        return 1;
    }
    if (S_ISDIR(sb.st_mode)) {
        int r = 0;
        if (idset_add(&w->dirs, sb.st_dev, sb.st_ino)) {
            /* a root's outputs go straight under OUTDIR, a list entry's
             * under its own (cleaned) path */
            size_t plen = strlen(path);
            while (plen > 1 && path[plen - 1] == '/') plen--;
            char *p = strndup(path, plen);
            r = p ? push_dir(w, p, rel, it) : 0;
            free(p);
        }
        free(rel);
        return r;
    }
    it->input = strdup(path);
    it->rel = rel;
    it->size = (uint64_t)sb.st_size;
    return 1;
}

static bool want(walker *w, walk_item *it)
{
    if (!it->rel || !it->input) return false;
    if (!bp_in_shard(it->rel, w->cfg.shard_k, w->cfg.shard_n)) return false;
    if (w->cfg.count_only || it->error) return true;
    /* an output already handed to another input (another root, a list) */
    size_t sl = bp_stem_len(it->rel);
    if (!hset_add(&w->stems, bp_hash(it->rel, sl)) && !it->error)
        set_error(it, EXIT_OUTPUT,
                  "output collision: another input already has the outputs %s.* (rename one of "
                  "them)",
                  strndupa(it->rel, sl));
    return true;
}

int walker_next(walker *w, walk_item *it)
{
    memset(it, 0, sizeof *it);
    for (;;) {
        if (w->depth) {
            frame *f = &w->stack[w->depth - 1];
            if (f->i == f->n) {
                frame_free(f);
                w->depth--;
                continue;
            }
            entry *e = &f->e[f->i++];
            char *path = join(f->path, e->name), *rel = join(f->rel, e->name);
            if (!path || !rel) {
                free(path);
                free(rel);
                continue;
            }
            if (e->dir) {
                struct stat sb;
                int r = 0;
                if (stat(path, &sb) == 0 && !skipped(w, &sb) &&
                    idset_add(&w->dirs, sb.st_dev, sb.st_ino))
                    r = push_dir(w, path, rel, it);
                free(path);
                free(rel);
                if (r && want(w, it)) return 1;
                if (r) walk_item_clear(it);
                continue;
            }
            it->input = path;
            it->rel = rel;
            it->size = e->size;
            if (e->collision)
                set_error(it, EXIT_OUTPUT,
                          "output collision: %s map to the same outputs (rename all but one)",
                          e->collision);
            if (want(w, it)) return 1;
            walk_item_clear(it);
            continue;
        }
        const char *arg = NULL;
        bool from_list = false;
        if (w->list) {
            arg = list_get(w->list, w->list_i++);
            if (!arg) {
                w->list = NULL;
                continue;
            }
            from_list = true;
        } else if (w->root_i < w->cfg.nroots) {
            arg = w->cfg.roots[w->root_i++];
            if (strcmp(arg, "-") == 0) {
                w->list = w->cfg.stdin_list;
                w->list_i = 0;
                continue;
            }
        } else if (w->cfg.files_from && !w->files_from_done) {
            w->files_from_done = true;
            w->list = w->cfg.files_from;
            w->list_i = 0;
            continue;
        } else {
            return 0;
        }
        /* a root's rel is its name (a file) or "" (a directory); a list
         * entry keeps its whole path, cleaned */
        char *rel;
        struct stat sb;
        bool is_dir = stat(arg, &sb) == 0 && S_ISDIR(sb.st_mode);
        if (from_list) {
            rel = bp_clean_rel(arg);
        } else if (is_dir) {
            rel = strdup("");
        } else {
            const char *slash = strrchr(arg, '/');
            rel = bp_clean_rel(slash ? slash + 1 : arg);
        }
        if (!rel) continue;
        if (is_dir && from_list && strcmp(rel, "_") == 0) rel[0] = '\0';
        if (start_arg(w, arg, rel, it) && want(w, it)) return 1;
        walk_item_clear(it);
    }
}
