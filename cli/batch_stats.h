/* What a batch did: counts by status and by error reason, the slowest
 * inputs; printed at the end and written as the manifest's summary line. */
#ifndef GD_BATCH_STATS_H
#define GD_BATCH_STATS_H

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>

enum {
    BS_OK,
    BS_FAILED,
    BS_TIMEOUT,
    BS_CRASHED,
    BS_MEMORY,
    BS_SKIPPED, /* unchanged since the manifest's record (--resume) */
    BS_NSTATUS
};
const char *bs_status_name(int status);
int bs_status_parse(const char *name); /* -1 if unknown */

#define BS_SLOWEST 5

typedef struct bs_reason {
    char *key;
    char *example; /* the first input that failed so */
    uint64_t n;
} bs_reason;

typedef struct bstats {
    uint64_t count[BS_NSTATUS];
    uint64_t inputs; /* every status */
    bs_reason *reasons;
    size_t nreasons, capreasons;
    struct {
        char *rel;
        int status;
        double ms;
    } slow[BS_SLOWEST];
    size_t nslow;
} bstats;

void bstats_add(bstats *s, int status, const char *rel, const char *input, const char *error,
                double ms);
/* The error without its leading "<input>: " and with numbers as N, so
 * that the same failure at another line or offset counts once. */
char *bs_reason_key(const char *error, const char *input);
/* {"summary": {...}}; `extra` members are added to the summary (stolen). */
json_t *bstats_summary(const bstats *s, double elapsed_s, json_t *extra);
void bstats_print(const bstats *s, double elapsed_s, FILE *f);
void bstats_free(bstats *s);

#endif
