/* govdoc batch: its command line (the run is cli/batch_run.c). */
#define _GNU_SOURCE
#include "batch_run.h"
#include "cli.h"
#include "manifest.h"

#include <errno.h>
#include <getopt.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char batch_usage[] =
    "usage: govdoc batch INPUT... -o OUTDIR -t FMT[,FMT...] [options]\n"
    "       govdoc batch --merge-manifests OUTDIR [--manifest FILE]\n"
    "\n"
    "Converts every input to every format FMT, mirroring the inputs' relative\n"
    "paths under OUTDIR (a/b/r.docx -> OUTDIR/a/b/r.json), in worker processes\n"
    "that take the next input when they finish one. INPUT is a file, a directory\n"
    "(walked recursively: files with a reader's extension, or whose content a\n"
    "reader recognises; hidden files and OUTDIR skipped) or '-' (a list of paths\n"
    "on stdin). Each input's outcome is a line of OUTDIR/manifest.jsonl.\n"
    "\n"
    "  -o, --output DIR        output directory (created if missing)\n"
    "  -t, --to FMT[,FMT...]   output formats (see govdoc formats --writers)\n"
    "  -j, --jobs N            worker processes (default: the number of cores)\n"
    "      --resume            skip inputs the manifest records as converted, when\n"
    "                          their content (sha256) and the formats are unchanged\n"
    "      --shard K/N         take only shard K (1..N) of the inputs, by a hash of\n"
    "                          each relative path; manifest-K-of-N.jsonl\n"
    "      --merge-manifests DIR  join DIR's shard manifests into DIR/manifest.jsonl\n"
    "      --timeout SECONDS   stop a document after this long (default 120; 0 = none)\n"
    "      --max-memory MB     memory budget of each document, as in convert (default\n"
    "                          320; 0 = none); the worker's address space is capped\n"
    "                          at twice that plus 256 MB\n"
    "      --manifest FILE     manifest path (default OUTDIR/manifest.jsonl)\n"
    "      --files-from LIST   read input paths from LIST, one per line ('-': stdin)\n"
    "  -0, --null              paths in lists end with NUL, not newline\n"
    "  -q, --quiet             no progress line, no failure lines, no summary\n"
    "  -f, --from FMT          input format (default: chosen by content)\n"
    "  -O, --option P.KEY=VAL  plugin option (see govdoc formats)\n"
    "      --layout L          reports: standard (the template's form) or source (as read)\n"
    "      --no-report         do not recognise annual reports\n"
    "      --max-input BYTES   refuse larger inputs (default 512 MiB)\n"
    "      --plugin FILE       load a plugin file\n"
    "\n"
    "exit: 0 all converted, 11 some inputs failed (see the manifest), 3 usage,\n"
    "  8 output directory or manifest not writable, 9 no plugin.\n";

static int parse_shard(const char *s, int *k, int *n)
{
    char *end;
    long a = strtol(s, &end, 10);
    if (*end != '/') return -1;
    long b = strtol(end + 1, &end, 10);
    if (*end || b < 1 || b > 1000000 || a < 1 || a > b) return -1;
    *k = (int)a;
    *n = (int)b;
    return 0;
}

/* The CPUs this process may run on (a container's cpuset, taskset); also
 * convert -d's default (cli.h). */
int cli_default_jobs(void)
{
    cpu_set_t set;
    long n = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set)
                                                         : sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

static void on_warning_quiet(const char *file, const char *message, void *payload)
{
    (void)file;
    (void)message;
    (void)payload;
}

int cmd_batch(int argc, char **argv, const char *const *plugin_files, size_t nplugins, bool quiet)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"to", required_argument, NULL, 't'},
        {"jobs", required_argument, NULL, 'j'},
        {"from", required_argument, NULL, 'f'},
        {"option", required_argument, NULL, 'O'},
        {"quiet", no_argument, NULL, 'q'},
        {"null", no_argument, NULL, '0'},
        {"resume", no_argument, NULL, 'r'},
        {"shard", required_argument, NULL, 's'},
        {"timeout", required_argument, NULL, 'T'},
        {"max-memory", required_argument, NULL, 'm'},
        {"manifest", required_argument, NULL, 'M'},
        {"files-from", required_argument, NULL, 'F'},
        {"merge-manifests", required_argument, NULL, 'G'},
        {"no-report", no_argument, NULL, 'R'},
        {"layout", required_argument, NULL, 'L'},
        {"max-input", required_argument, NULL, 'I'},
        {"plugin", required_argument, NULL, 'P'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    batch_opts o = {0};
    o.jobs = cli_default_jobs();
    o.shard_k = o.shard_n = 1;
    o.sep = '\n';
    o.timeout_s = 120;
    o.max_memory = GD_DEFAULT_MAX_MEMORY;
    o.quiet = quiet;
    gd_convert_options co = GD_CONVERT_OPTIONS_INIT;
    const char **optv = calloc((size_t)argc + 1, sizeof *optv);
    const char **plugv = calloc((size_t)argc + nplugins + 1, sizeof *plugv);
    size_t optn = 0, plugn = 0;
    if (!optv || !plugv) {
        free(optv);
        free(plugv);
        return EXIT_NOMEM;
    }
    for (size_t i = 0; i < nplugins; i++) plugv[plugn++] = plugin_files[i];
    int c, rc = EXIT_OK;
    char *end;
    optind = 0;
    opterr = 0;
    while (rc == EXIT_OK && (c = getopt_long(argc, argv, "o:t:j:f:O:q0h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o.outdir = optarg; break;
        case 't': o.to = optarg; break;
        case 'j': {
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 256)
                rc = usage_error("-j expects a number of jobs (1-256), not '%s'", optarg);
            o.jobs = (int)v;
            break;
        }
        case 'f': co.from = optarg; break;
        case 'O': optv[optn++] = optarg; break;
        case 'q': o.quiet = true; break;
        case '0': o.sep = '\0'; break;
        case 'r': o.resume = true; break;
        case 's':
            if (parse_shard(optarg, &o.shard_k, &o.shard_n) != 0)
                rc = usage_error("--shard expects K/N with 1 <= K <= N, not '%s'", optarg);
            break;
        case 'T':
            errno = 0;
            o.timeout_s = strtod(optarg, &end);
            if (*end || errno || !(o.timeout_s >= 0) || o.timeout_s > 1e7)
                rc = usage_error("--timeout expects seconds, not '%s'", optarg);
            break;
        case 'm': {
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || errno || *optarg == '-' || v > (1ull << 40))
                rc = usage_error("--max-memory expects megabytes, not '%s'", optarg);
            o.max_memory = (uint64_t)v << 20;
            break;
        }
        case 'M': o.manifest = optarg; break;
        case 'F': o.files_from = optarg; break;
        case 'G': o.merge = optarg; break;
        case 'R': co.no_report = 1; break;
        case 'L': co.layout = optarg; break;
        case 'I': {
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || errno || v == 0)
                rc = usage_error("--max-input expects a byte count, not '%s'", optarg);
            co.max_input = (size_t)v;
            break;
        }
        case 'P': plugv[plugn++] = optarg; break;
        case 'h':
            fputs(batch_usage, stdout);
            free(optv);
            free(plugv);
            return EXIT_OK;
        default: rc = usage_error("unknown or incomplete option '%s'", argv[optind - 1]); break;
        }
    }
    char **inputs = argv + optind;
    int ninputs = argc - optind;
    if (rc == EXIT_OK && o.merge) {
        if (ninputs || o.to || o.resume)
            rc = usage_error("%s", "--merge-manifests takes only a directory (and --manifest)");
        char *out = NULL;
        if (rc == EXIT_OK && !o.manifest && asprintf(&out, "%s/manifest.jsonl", o.merge) < 0)
            rc = EXIT_NOMEM;
        if (rc == EXIT_OK) rc = manifest_merge(o.merge, o.manifest ? o.manifest : out, o.quiet);
        free(out);
        free(optv);
        free(plugv);
        return rc;
    }
    if (rc == EXIT_OK && !o.outdir) rc = usage_error("%s", "batch needs -o OUTDIR");
    if (rc == EXIT_OK && !o.to) rc = usage_error("%s", "batch needs -t FORMAT[,FORMAT...]");
    if (rc == EXIT_OK && ninputs == 0 && !o.files_from)
        rc = usage_error("%s", "batch needs an INPUT (a file, a directory, '-' or --files-from)");
    gd_registry *reg = NULL;
    if (rc == EXIT_OK) rc = cli_open_registry(&reg, plugv, plugn, o.quiet);
    if (rc == EXIT_OK) (void)gd_registry_plugin_at(reg, 0, NULL); /* all plugins before fork */
    cli_registry_late_warnings(reg);
    if (rc == EXIT_OK) {
        co.options = optv;
        co.option_count = optn;
        co.on_warning = on_warning_quiet;
        gd_status st = {0};
        if (gd_options_check(&st, reg, &co) != GD_OK)
            rc = fail_status(&st);
        else if (co.from && !gd_registry_find(reg, GD_HANDLER_READER, co.from, NULL))
            rc = usage_error("no reader for format '%s' (see govdoc formats)", co.from);
        else {
            co.max_memory = o.max_memory ? (size_t)o.max_memory : SIZE_MAX;
            rc = batch_run(reg, &co, &o, inputs, ninputs);
        }
    }
    gd_registry_free(reg);
    free(optv);
    free(plugv);
    return rc;
}
