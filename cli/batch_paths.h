/* Paths of a batch: where an input's outputs go, which shard it is in. */
#ifndef GD_BATCH_PATHS_H
#define GD_BATCH_PATHS_H

#include <stddef.h>
#include <stdint.h>

/* OUTDIR/<rel without its extension>.<ext> (malloc'ed). */
char *bp_output_path(const char *outdir, const char *rel, const char *ext);
/* The length of rel without its extension (the part outputs share). */
size_t bp_stem_len(const char *rel);
/* A path as given (list entries) made relative and clean: leading '/',
 * '.', '..' and empty components dropped. Never empty (malloc'ed). */
char *bp_clean_rel(const char *path);
/* FNV-1a with a final mix: stable across machines, runs and versions. */
uint64_t bp_hash(const void *data, size_t len);
/* Shard k (1-based) of n takes the inputs whose rel hashes to it. */
int bp_in_shard(const char *rel, int k, int n);
/* mkdir -p of the directory that holds `path`; 0 or -1 (errno). */
int bp_make_parent(const char *path);
/* Removes the temporary files the core left for `output` when the process
 * writing it was killed (<output>.tmp-*). */
void bp_remove_temps(const char *output);
/* mkdir -p; 0 or -1 (errno). */
int bp_make_dirs(const char *dir);

#endif
