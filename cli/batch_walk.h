/* Walking a batch's inputs: files, directories (recursive), lists of
 * paths. Files in directories are chosen by the readers' extensions, else
 * by their probes; hidden entries, the output directory and the manifest
 * are skipped; every directory is walked once (symlink loops end). The walk
 * is lazy (one directory listing at a time), so two walkers can run over
 * the same inputs: one counting ahead, one feeding the workers. */
#ifndef GD_BATCH_WALK_H
#define GD_BATCH_WALK_H

#include "govdoc/govdoc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

/* A list of paths read from a file or stdin, kept as read so that both
 * walkers see the same entries. */
typedef struct walk_list walk_list;
walk_list *walk_list_open(const char *path, int sep); /* path "-" = stdin */
void walk_list_free(walk_list *l);

typedef struct walk_config {
    const gd_registry *reg; /* readers' extensions and probes */
    char *const *roots;     /* INPUT arguments; "-" = the stdin list */
    int nroots;
    walk_list *stdin_list; /* for "-" (may be NULL) */
    walk_list *files_from; /* --files-from (may be NULL) */
    int shard_k, shard_n;  /* 1-based; n <= 1: everything */
    /* never walked into or taken: the output directory, the manifest */
    dev_t skip_dev[4];
    ino_t skip_ino[4];
    int nskip;
    bool count_only; /* no collision bookkeeping (the counting walker) */
} walk_config;

typedef struct walk_item {
    char *input; /* as given or walked */
    char *rel;   /* relative to its INPUT root */
    uint64_t size;
    char *error; /* set: not to be converted, recorded as failed */
    int exit;    /* the exit code for `error` */
} walk_item;

typedef struct walker walker;

walker *walker_new(const walk_config *cfg);
void walker_free(walker *w);
/* 1 with an item (free with walk_item_clear), 0 at the end. */
int walker_next(walker *w, walk_item *it);
void walk_item_clear(walk_item *it);
/* Files seen in directories but not chosen (no reader for them). */
uint64_t walker_ignored(const walker *w);

#endif
