/* The batch manifest: JSON Lines, one record per input, appended as each
 * input finishes (see README, "Manifest"); read back for --resume and
 * joined across shards. */
#ifndef GD_MANIFEST_H
#define GD_MANIFEST_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

typedef struct manifest manifest;

/* Opens for appending (`keep`: --resume) or anew. A last line torn by a
 * kill is ended first so that the next record starts on its own line. */
manifest *manifest_open(const char *path, bool keep, char **error);
/* Appends one record as one line (one write). Returns 0 or -1 (errno). */
int manifest_append(manifest *m, json_t *record);
int manifest_fd(const manifest *m);
/* Flushes to disk and closes; returns 0 or -1. */
int manifest_close(manifest *m);

/* Records of earlier runs, by relative path: the last record wins. */
typedef struct resume_map resume_map;
typedef struct resume_entry {
    bool ok;
    uint64_t size;
    char sha256[65];
    uint64_t formats; /* manifest_formats_key() of its formats */
} resume_entry;

/* Loads a manifest (a missing file is an empty map). Unparsable lines —
 * a line torn by a kill — are counted in *torn and skipped. */
resume_map *resume_load(const char *path, size_t *records, size_t *torn);
const resume_entry *resume_find(const resume_map *m, const char *rel);
void resume_free(resume_map *m);
/* A key for a set of formats (order does not matter). */
uint64_t manifest_formats_key(json_t *formats_array);

/* Joins OUTDIR/manifest-K-of-N.jsonl (every K) into `out`: the last
 * record of each input, then a summary. Returns an exit code. */
int manifest_merge(const char *outdir, const char *out, bool quiet);

#endif
