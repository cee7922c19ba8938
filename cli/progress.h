/* The progress line of a batch on a terminal: done/total, failures,
 * documents per second, ETA and the file in progress, redrawn in place.
 * Off with --quiet or when stderr is not a terminal; failures are printed
 * as lines above it (or alone, without a terminal). */
#ifndef GD_PROGRESS_H
#define GD_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

typedef struct progress {
    bool on;       /* drawing the line */
    bool failures; /* printing one line per failure */
    bool drawn;    /* a line is on the screen */
    double t0, last;
} progress;

void progress_init(progress *p, bool quiet);
/* total_final: the count is complete (else shown as "N+"). */
void progress_draw(progress *p, uint64_t done, uint64_t failed, uint64_t skipped, uint64_t total,
                   bool total_final, const char *current);
/* One line about a failed input, above the progress line. */
void progress_failure(progress *p, const char *line);
/* Removes the line (before the summary). */
void progress_end(progress *p);
double progress_elapsed(const progress *p);

#endif
