/* The registry cache: what each plugin of a directory declared (the
 * metadata that choosing a handler needs), recorded after the directory
 * loaded cleanly, with the identity of every plugin file, so that the next
 * run can choose without loading every plugin (registry.c loads the ones
 * it chooses, with the full trust checks). See registry_cache.c. */
#ifndef GD_REGISTRY_CACHE_H
#define GD_REGISTRY_CACHE_H

#include "govdoc/gd_plugin.h"

#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

/* A plugin file as it was when its metadata was recorded. Any write,
 * rename over, chmod or chown changes one of these (ctime). */
typedef struct gd__file_id {
    uint64_t dev, ino, size, mtime_ns, ctime_ns;
} gd__file_id;

typedef struct gd__meta_handler {
    int kind;                /* gd_handler_kind */
    const char *format;      /* borrowed (cache JSON or the descriptor) */
    const char *const *exts; /* NULL-terminated, may be NULL */
    int rank;
    uint32_t flags;
    bool probe; /* has a probe function */
    /* the reader's signatures ({NULL}-ended; borrowed from the descriptor
     * or owned by the cache entry), NULL = none declared */
    const gd_signature *sigs;
} gd__meta_handler;

/* The signatures of a handler, read only as far as its struct_size goes
 * (a plugin built for ABI 1.1 has none). */
const gd_signature *gd__handler_signatures(const gd_format_handler *h);
/* Whether the input (its first head_len of total_len bytes) could match
 * one of sigs: true when sigs is NULL, or when a signature reaches past the
 * head of a longer input (it cannot be ruled out). */
bool gd__signatures_match(const gd_signature *sigs, const uint8_t *head, size_t head_len,
                          uint64_t total_len);
bool gd__signatures_equal(const gd_signature *a, const gd_signature *b);

typedef struct gd__meta_plugin {
    const char *file; /* name inside the directory */
    gd__file_id id;
    const char *name; /* the descriptor's name */
    size_t nhandlers;
    gd__meta_handler *handlers;
} gd__meta_plugin;

/* One directory's plugins, in name order (the load order). */
typedef struct gd__meta_dir {
    size_t n;
    gd__meta_plugin *plugins;
    void *json; /* the cache's JSON the strings point into, or NULL
                 * when they are borrowed from loaded descriptors */
} gd__meta_dir;

typedef struct gd__regcache gd__regcache;

void gd__file_id_of(const struct stat *st, gd__file_id *id);
bool gd__file_id_eq(const gd__file_id *a, const gd__file_id *b);

/* The cache this process may use (GOVDOC_REGISTRY_CACHE, XDG_CACHE_HOME,
 * HOME), read if it exists and is trusted; NULL when caching is off. */
gd__regcache *gd__regcache_open(void);
/* The recorded metadata of the directory whose real path is `real`, or
 * NULL (none, or malformed). Release with gd__meta_dir_free. */
gd__meta_dir *gd__regcache_get(gd__regcache *c, const char *real);
/* Records `d` for `real` (NULL forgets it) and rewrites the cache file
 * (best effort, silent on failure). */
void gd__regcache_put(gd__regcache *c, const char *real, const gd__meta_dir *d);
void gd__regcache_close(gd__regcache *c);
void gd__meta_dir_free(gd__meta_dir *d);

/* GOVDOC_DEBUG contains "plugins": loads and cache decisions go to stderr. */
bool gd__registry_debug(void);

#endif
