/* The run of govdoc batch (cli/batch_run.c), once its command line is
 * read (cli/batch_cmd.c). */
#ifndef GD_BATCH_RUN_H
#define GD_BATCH_RUN_H

#include "govdoc/govdoc.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct batch_opts {
    const char *outdir, *to, *manifest, *files_from, *merge;
    int jobs, shard_k, shard_n, sep;
    bool resume, quiet;
    double timeout_s;
    uint64_t max_memory;
} batch_opts;

/* Converts every input to every format of o->to (checked here: a usage
 * error is 3); returns the batch's exit code. */
int batch_run(const gd_registry *reg, const gd_convert_options *co, const batch_opts *o,
              char **inputs, int ninputs);

#endif
