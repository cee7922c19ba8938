/* Output paths mirror the inputs' relative paths; shards by a stable hash. */
#define _GNU_SOURCE
#include "batch_paths.h"

#include "govdoc/gd_convert.h"

#include <errno.h>
#include <glob.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

size_t bp_stem_len(const char *rel)
{
    const char *slash = strrchr(rel, '/');
    const char *base = slash ? slash + 1 : rel;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? (size_t)(dot - rel) : strlen(rel);
}

char *bp_output_path(const char *outdir, const char *rel, const char *ext)
{
    char *p = NULL;
    if (asprintf(&p, "%s/%.*s.%s", outdir, (int)bp_stem_len(rel), rel, ext) < 0) return NULL;
    return p;
}

char *bp_clean_rel(const char *path)
{
    size_t n = strlen(path);
    char *out = malloc(n + 2), *o = out;
    if (!out) return NULL;
    const char *p = path;
    while (*p) {
        while (*p == '/') p++;
        const char *e = p;
        while (*e && *e != '/') e++;
        size_t k = (size_t)(e - p);
        bool skip = k == 0 || (k == 1 && p[0] == '.') || (k == 2 && p[0] == '.' && p[1] == '.');
        if (!skip) {
            if (o != out) *o++ = '/';
            memcpy(o, p, k);
            o += k;
        }
        p = e;
    }
    if (o == out) *o++ = '_'; /* "/", ".", ".." */
    *o = '\0';
    return out;
}

uint64_t bp_hash(const void *data, size_t len)
{
    const unsigned char *p = data;
    uint64_t h = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) {
        h ^= p[i];
        h *= 0x100000001b3ull;
    }
    /* splitmix64's finaliser: every bit of the input reaches the low bits */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return h;
}

int bp_in_shard(const char *rel, int k, int n)
{
    if (n <= 1) return 1;
    return (int)(bp_hash(rel, strlen(rel)) % (uint64_t)n) == k - 1;
}

int bp_make_dirs(const char *dir)
{
    struct stat sb;
    if (stat(dir, &sb) == 0) {
        if (S_ISDIR(sb.st_mode)) return 0;
        errno = ENOTDIR;
        return -1;
    }
    char *p = strdup(dir);
    if (!p) return -1;
    int rc = 0;
    for (char *s = p + 1; rc == 0; s++) {
        if (*s != '/' && *s != '\0') continue;
        char c = *s;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST) rc = -1;
        *s = c;
        if (!c) break;
    }
    if (rc == 0 && (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode))) {
        errno = ENOTDIR;
        rc = -1;
    }
    free(p);
    return rc;
}

int bp_make_parent(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path) return 0;
    char *d = strndup(path, (size_t)(slash - path));
    if (!d) return -1;
    int rc = bp_make_dirs(d);
    free(d);
    return rc;
}

void bp_remove_temps(const char *output)
{
    gd_temp_remove_stale(output); /* the core's names: .<name>.govdoc-tmp-<host>-<pid>-* */
    char *pat = NULL;
    if (asprintf(&pat, "%s.tmp-*", output) < 0) return;
    glob_t g;
    if (glob(pat, GLOB_NOSORT | GLOB_NOESCAPE, NULL, &g) == 0) {
        for (size_t i = 0; i < g.gl_pathc; i++) unlink(g.gl_pathv[i]);
        globfree(&g);
    }
    free(pat);
}
