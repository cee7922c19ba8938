/* govdoc aggregate: many reports as one data set. The files:
 *   aggregate.c         the command: options, reading, output
 *   aggregate_inputs.c  INPUT arguments → files to read (directories, batch manifests)
 *   aggregate_agency.c  the agency's normalised name and level
 *   aggregate_checks.c  duplicates and the checks across years (series.*)
 *   aggregate_table.c   the data set as a document of tables (for the table writers)
 *   aggregate_summary.c the summary page (HTML with inline SVG charts) */
#ifndef GD_AGGREGATE_H
#define GD_AGGREGATE_H

#include "cli.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- inputs ---- */

typedef struct agg_item {
    char *path;   /* the file to read */
    char *source; /* the source document it stands for (manifest input), or NULL */
} agg_item;

typedef struct agg_problem {
    char *path;
    char *reason;
    bool not_report; /* read, but no report in it */
} agg_problem;

typedef struct agg_inputs {
    agg_item *v;
    size_t n, cap;
    agg_problem *p; /* inputs that cannot be read at all (missing, batch failures) */
    size_t np, capp;
    size_t repeated; /* the same file reached twice (read once) */
} agg_inputs;

/* Expands INPUT arguments: files as they are; a directory through its batch
 * manifest(s) when it has one, else every file under it (sorted, hidden
 * ones skipped); a manifest file through its records. */
int agg_inputs_collect(agg_inputs *in, int argc, char **argv);
void agg_inputs_free(agg_inputs *in);
int agg_problem_add(agg_problem **v, size_t *n, size_t *cap, const char *path, const char *reason,
                    bool not_report);

/* ---- agencies ---- */

/* The name under which reports of one agency are grouped: NFKC (full-width
 * forms to half-width), no white space, 人民政府 → 政府, a government
 * after a division name dropped (XX市政府 → XX市), 街道办事处 → 街道, long
 * forms of development zones shortened (经济技术开发区 → 经开区). Malloc'ed;
 * NULL for NULL or an empty result. */
char *agg_agency_key(const char *written);
/* 省, 市, 县, 区, 乡镇, 部门, or NULL, from the key's ending. */
const char *agg_agency_level(const char *key);

/* ---- the data set ---- */

typedef struct agg_check {
    char *rule, *message;
} agg_check;

typedef struct agg_report {
    char *file;   /* what was read */
    char *source; /* the source document */
    char *source_format;
    char *agency_written, *agency; /* agency: the key (agg_agency_key) */
    const char *level;
    int year; /* 0 = unknown */
    size_t tpl;
    double *values; /* per field of the template */
    bool *present;
    agg_check *failed; /* the report's failed checks */
    size_t nfailed;
    int sum_failed, prose_failed, series_failed;
    int copies;   /* copies of the same agency and year (1 = no duplicate) */
    bool used;    /* false: a duplicate left out */
    size_t order; /* input order */
} agg_report;

typedef struct agg_finding {
    const char *severity; /* "error" or "warning" (static) */
    char *rule, *agency, *source, *message;
    int year;    /* 0 = none */
    char *field; /* key, or NULL */
    bool has_value, has_other;
    double value, other_value;
    int other_year;
    size_t seq; /* order of addition (a stable sort) */
} agg_finding;

typedef struct agg_column {
    const char *key;
    char *heading;     /* for people */
    const char *table; /* 表三, or NULL for the fixed columns */
    const char *unit;
    char templates[256]; /* ids of the templates that have it, ", "-separated */
    bool fixed;
    const char *description;
} agg_column;

typedef struct agg_set {
    agg_report *r;
    size_t n, cap;
    agg_finding *f;
    size_t nf, capf;
    agg_problem *p; /* not reports, unreadable */
    size_t np, capp;
    size_t other_template; /* reports of templates --template left out */
    agg_column *cols;      /* fixed columns then fields */
    size_t ncols, nfixed;
} agg_set;

void agg_set_free(agg_set *s);
/* The field index of `key` in template t, or (size_t)-1. */
size_t agg_field_index(size_t t, const char *key);
/* The value of a report's field by key: 1 with *v set when present. */
int agg_value(const agg_report *r, const char *key, double *v);
/* Formats a number as the template writes it (integers without decimals). */
void agg_format_number(char *buf, size_t n, double v);
int agg_finding_add(agg_set *s, const agg_finding *f);

/* Marks duplicates (same agency and year): the copy used and a finding. */
int agg_duplicates(agg_set *s);
/* series.carried_over: 二、上年结转 of year N = 四、结转下年度 of year N−1. */
int agg_series(agg_set *s);
/* Sorts the used reports by agency, year and input order (unused last),
 * the findings by agency, year, severity and rule. */
void agg_sort(agg_set *s);
/* The columns: fixed ones, then the union of the templates' fields. */
int agg_columns(agg_set *s, size_t only_template);

typedef enum agg_header { AGG_HEADER_KEYS, AGG_HEADER_LABELS, AGG_HEADER_BOTH } agg_header;

/* The data set as a document: tables "reports", "findings", "columns". */
int agg_document(gd_doc **out, const agg_set *s, agg_header header);

/* Writes the summary page (atomically: temp file renamed into place). */
int agg_summary_write(const agg_set *s, const char *path, char **err);

#endif
