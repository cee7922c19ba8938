/* One job of a batch: an input read once, hashed, converted to every
 * requested output. Encoded by the parent, run in a worker, answered with
 * a result (JSON objects, see batch_job.c). */
#ifndef GD_BATCH_JOB_H
#define GD_BATCH_JOB_H

#include "batch_queue.h"
#include "govdoc/govdoc.h"

#include <stdbool.h>
#include <stdint.h>

typedef struct bj_env {
    const gd_registry *reg;
    const gd_convert_options *co;
    /* batch: documents name their source by the relative path and take
     * their dates from the input, so that two runs give the same bytes */
    bool reproducible;
    /* convert -d: warnings go to co->on_warning (else only counted) */
    bool forward_warnings;
} bj_env;

typedef struct bj_output {
    const char *format;
    const char *path;
} bj_output;

/* With `expect_sha256` (hex), a worker that finds the input unchanged (same
 * size and hash) and every output present answers "unchanged" without
 * converting (--resume). `source_name` replaces the input path inside the
 * documents (NULL: keep it). */
int bj_encode(bq_buf *job, const char *input, const char *source_name, const bj_output *outs,
              size_t nouts, uint64_t expect_size, const char *expect_sha256);

/* The worker's side (bq_ops.work); `env` is a bj_env. The result has
 * status ("ok", "failed", "memory", "unchanged"), size, sha256, format,
 * outputs {format: path}, warnings, error, exit, report, duration_ms; a note
 * with size, sha256 and format is sent before the conversion starts. */
void bj_work(void *env, const char *job, size_t len, bq_buf *res);

#endif
