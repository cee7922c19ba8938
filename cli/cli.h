/* Shared by the govdoc command's files. */
#ifndef GD_CLI_H
#define GD_CLI_H

#include "govdoc/govdoc.h"

#include <stdbool.h>

/* Exit codes (documented in README and `govdoc --help`). */
enum {
    EXIT_OK = 0,
    EXIT_FINDINGS = 1,     /* validate: a check failed */
    EXIT_NOT_REPORT = 2,   /* validate: unreadable or not a report */
    EXIT_USAGE = 3,        /* bad command line, unknown format or option */
    EXIT_INPUT = 4,        /* input missing or unreadable */
    EXIT_MALFORMED = 5,    /* input malformed */
    EXIT_UNSUPPORTED = 6,  /* input in a format or variant govdoc cannot read */
    EXIT_LIMIT = 7,        /* input exceeds a size, depth or count limit */
    EXIT_OUTPUT = 8,       /* output cannot be written */
    EXIT_PLUGIN = 9,       /* no usable plugin for the job */
    EXIT_NOMEM = 10,       /* out of memory */
    EXIT_SOME_FAILED = 11, /* batch: some inputs failed, the others were converted */
    EXIT_INTERNAL = 70,
};

/* Sets the heap up for short runs (cli/heap.c): call first in main(). */
void cli_heap_tune(void);

int usage_error(const char *fmt, const char *arg);
/* `sig` removes the core's temporary files, then ends the process by that
 * signal (installed for SIGTERM, SIGINT, SIGHUP at start; batch workers
 * reinstall it for SIGTERM). */
void cli_signal_cleanup(int sig);

/* --plugin files given on the command line. */
typedef struct plugin_list {
    const char **files;
    size_t n;
} plugin_list;

/* Opens the registry: the --plugin files, then the default search path;
 * prints the registry's warnings unless quiet. Returns an exit code. */
int open_registry(gd_registry **out, const plugin_list *extra);
/* Prints the status as one line and returns its exit code. */
int fail_status(gd_status *st);
/* The exit code for a failed status (nothing printed). */
int cli_exit_code(const gd_status *st);
/* The registry with the --plugin files first, then the standard search;
 * prints what went wrong and returns an exit code. */
int cli_open_registry(gd_registry **out, const char *const *plugin_files, size_t n, bool quiet);
/* Prints the registry's warnings that open_registry did not (unless
 * quiet): with the registry cache, a plugin that no longer loads (a library
 * under it removed) is only met when a command needs it. */
void cli_registry_late_warnings(const gd_registry *reg);

/* Converts in[i] to out[i] for every i, in `jobs` processes; returns the
 * exit code of the first failing input. */
int run_batch(gd_registry *reg, int count, char **in, char **out, const gd_convert_options *co,
              int jobs);

/* The default -j of batch and convert -d: the CPUs this process may use
 * (1-256; cli/batch_cmd.c). */
int cli_default_jobs(void);

/* govdoc batch (cli/batch_cmd.c): argv[0] is "batch". */
int cmd_batch(int argc, char **argv, const char *const *plugin_files, size_t nplugins, bool quiet);

int cmd_validate(gd_registry *reg, int argc, char **argv, gd_convert_options *co, bool json,
                 bool strict, bool quiet);

/* govdoc aggregate (cli/aggregate*.c): parses its own options. */
int cmd_aggregate(int argc, char **argv, const plugin_list *plugins, bool quiet);

/* govdoc formats --json (formats_json.c); ids_only 'r' or 'w' keeps only
 * the readers or the writers. */
int cmd_formats_json(gd_registry *reg, int ids_only);
/* govdoc plugin-info [--json] FILE.so... (plugin_info.c) */
int cmd_plugin_info(int argc, char **argv, bool json, bool quiet);
/* JSON forms shared by formats --json and plugin-info. */
#include <jansson.h>
json_t *cli_handler_flags_json(uint32_t flags);
json_t *cli_option_json(const char *plugin, const gd_option_desc *o);
json_t *cli_handler_json(const gd_plugin_desc *p, const gd_format_handler *h);

#endif
