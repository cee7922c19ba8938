/* govdoc — the command line. */
#define _GNU_SOURCE
#include "cli.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: govdoc convert [options] INPUT... \n"
    "       govdoc batch INPUT... -o OUTDIR -t FMT[,FMT...] [options]  (see govdoc batch --help)\n"
    "       govdoc validate [--json] [--strict] [-f FMT] FILE...\n"
    "       govdoc aggregate [options] INPUT... -o FILE.csv|.xlsx|.jsonl (see aggregate --help)\n"
    "       govdoc formats [--readers | --writers] [--json]\n"
    "       govdoc plugin-info [--json] PLUGIN.so...\n"
    "       govdoc --help | --version\n"
    "\n"
    "convert options:\n"
    "  -f, --from FMT          input format (default: chosen by content, then extension)\n"
    "  -t, --to FMT            output format (default: from the output file's extension)\n"
    "  -o, --output FILE       output file; '-' is stdout (one input only)\n"
    "  -d, --output-dir DIR    write each INPUT to DIR/<name>.<ext> (batch)\n"
    "  -j, --jobs N            with -d: convert in N worker processes (default: the\n"
    "                          number of CPUs, as in batch)\n"
    "  -O, --option P.KEY=VAL  option for plugin or format P (see `govdoc formats`)\n"
    "      --layout L          a recognised report as the template draws it (standard)\n"
    "                          or as read (source); default: standard, source for data\n"
    "                          formats (json)\n"
    "      --no-report         do not recognise annual reports\n"
    "      --max-input BYTES   refuse larger inputs (default 512 MiB)\n"
    "      --max-memory MB     memory budget of each conversion (default 320); past it,\n"
    "                          the conversion fails with exit 7 and no output\n"
    "  -q, --quiet             do not print warnings\n"
    "validate: checks each report's tables (sums) and prose; prints findings as\n"
    "  FILE: error|warning: MESSAGE [rule]. --strict makes prose.* and blank.cells\n"
    "  findings fail (else they are warnings); --json prints the results as JSON.\n"
    "formats: every reader and writer with its plugin, extensions, MIME types and\n"
    "  options; --readers or --writers prints only their format ids; --json prints\n"
    "  all of it (plugin, version, licence, ABI, option types and defaults) as JSON.\n"
    "plugin-info: a plugin file's descriptor, ABI, formats and options, and whether\n"
    "  and why this govdoc would refuse it (exit 9), without converting anything.\n"
    "global options:\n"
    "      --plugin FILE       load a plugin file (before the search path)\n"
    "\n"
    "INPUT '-' is stdin. Plugins are searched in the build tree, then in\n"
    "GOVDOC_PLUGIN_PATH, then in the installed plugin directory.\n"
    "\n"
    "exit codes: 0 ok, 1 validation findings, 2 validate: unreadable or not a report,\n"
    "  3 usage, 4 input unreadable, 5 input malformed, 6 unsupported input,\n"
    "  7 limit exceeded, 8 output not writable or refused, 9 no plugin,\n"
    "  10 out of memory, 11 batch: some inputs failed (the others were converted),\n"
    "  70 internal error; stopped by SIGTERM, SIGINT or SIGHUP, govdoc removes its\n"
    "  temporary files and ends by that signal (143, 130, 129)\n";

static bool quiet;

/* SIGTERM (timeout, kill), SIGINT (Ctrl-C), SIGHUP (terminal gone): the
 * temporary files of outputs being written are removed, then the process
 * ends by the same signal, so its parent sees how it ended (the shell
 * reports 143, 130, 129). Batch workers inherit the handler and clean up
 * their own files. */
static void on_signal(int sig)
{
    gd_temp_remove_all();
    /* SA_RESETHAND restored the default action; SA_NODEFER lets it act now */
    raise(sig);
    _exit(128 + sig);
}

void cli_signal_cleanup(int sig)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sa.sa_flags = SA_RESETHAND | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

static void install_signal_handlers(void)
{
    const int sigs[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++) {
        struct sigaction old;
        /* a signal ignored by whoever started us (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        cli_signal_cleanup(sigs[i]);
    }
}

static void on_warning(const char *file, const char *message, void *payload)
{
    (void)payload;
    if (!quiet) fprintf(stderr, "govdoc: warning: %s: %s\n", file, message);
}

int cli_exit_code(const gd_status *st)
{
    switch (st->code) {
    case GD_OK: return EXIT_OK;
    case GD_EUSER: return EXIT_USAGE;
    case GD_ENOMEM: return EXIT_NOMEM;
    case GD_EABI: return EXIT_PLUGIN;
    case GD_ELIMIT: return EXIT_LIMIT;
    case GD_EFORMAT: return st->stage == GD_STAGE_OUTPUT ? EXIT_INTERNAL : EXIT_MALFORMED;
    case GD_ENOTSUPPORTED: return st->stage == GD_STAGE_OUTPUT ? EXIT_OUTPUT : EXIT_UNSUPPORTED;
    case GD_ENOTFOUND:
    case GD_EIO: return st->stage == GD_STAGE_OUTPUT ? EXIT_OUTPUT : EXIT_INPUT;
    default: return st->stage == GD_STAGE_OUTPUT ? EXIT_OUTPUT : EXIT_INTERNAL;
    }
}

int fail_status(gd_status *st)
{
    fprintf(stderr, "govdoc: error: %s\n", st->message ? st->message : "failed");
    int code = cli_exit_code(st);
    gd_status_clear(st);
    return code;
}

int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "govdoc: error: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n(see govdoc --help)\n");
    return EXIT_USAGE;
}

/* ---- registry set-up shared by the commands ---- */

/* The warnings printed so far (by text: a registry that had to load
 * everything again lists them anew, with the new ones among them). */
static char **shown_warnings;
static size_t nshown_warnings;

static bool warning_shown(const char *m)
{
    for (size_t k = 0; k < nshown_warnings; k++)
        if (strcmp(shown_warnings[k], m) == 0) return true;
    return false;
}

/* Prints the registry's warnings; `all`: every one (open_registry), else
 * only those not printed yet. */
static void print_warnings(const gd_registry *reg, bool all)
{
    for (size_t i = 0; reg && i < gd_registry_message_count(reg); i++) {
        int warn = 0;
        const char *m = gd_registry_message_at(reg, i, &warn);
        if (!warn || !m || (!all && warning_shown(m))) continue;
        if (!quiet) fprintf(stderr, "govdoc: warning: %s\n", m);
        char **v = realloc(shown_warnings, (nshown_warnings + 1) * sizeof *v);
        char *copy = v ? strdup(m) : NULL;
        if (v) shown_warnings = v;
        if (copy) shown_warnings[nshown_warnings++] = copy;
    }
}

void cli_registry_late_warnings(const gd_registry *reg)
{
    print_warnings(reg, false);
}

int open_registry(gd_registry **out, const plugin_list *extra)
{
    if (gd_registry_new(out)) {
        fprintf(stderr, "govdoc: error: out of memory\n");
        return EXIT_NOMEM;
    }
    for (size_t i = 0; i < extra->n; i++) {
        if (gd_registry_load_file(*out, extra->files[i]) != GD_OK) {
            size_t n = gd_registry_message_count(*out);
            fprintf(stderr, "govdoc: error: %s\n",
                    n ? gd_registry_message_at(*out, n - 1, NULL) : extra->files[i]);
            gd_registry_free(*out);
            *out = NULL;
            return EXIT_PLUGIN;
        }
    }
    gd_registry_load_default(*out);
    print_warnings(*out, true);
    if (gd_registry_handler_count(*out) == 0) {
        fprintf(stderr, "govdoc: error: no plugins found (build tree, GOVDOC_PLUGIN_PATH, "
                        "installed plugin directory)\n");
        gd_registry_free(*out);
        *out = NULL;
        return EXIT_PLUGIN;
    }
    return EXIT_OK;
}

int cli_open_registry(gd_registry **out, const char *const *plugin_files, size_t n, bool q)
{
    quiet = q;
    plugin_list pl = {(const char **)plugin_files, n};
    return open_registry(out, &pl);
}

/* ---- govdoc formats ---- */

static void print_list(const char *label, const char *const *v, const char *prefix)
{
    printf("    %s:", label);
    if (!v || !*v) printf(" -");
    for (; v && *v; v++) printf(" %s%s", prefix, *v);
    printf("\n");
}

static const char *opt_type_name(gd_option_type t)
{
    switch (t) {
    case GD_OPT_BOOL: return "bool";
    case GD_OPT_INT: return "int";
    case GD_OPT_NUMBER: return "number";
    case GD_OPT_STRING: return "string";
    case GD_OPT_ENUM: return "enum";
    case GD_OPT_PATH: return "path";
    }
    return "?";
}

/* ids_only: 'r' or 'w' prints just the reader or writer format ids. */
static int cmd_formats(gd_registry *reg, int ids_only)
{
    if (ids_only) {
        gd_handler_kind kind = ids_only == 'r' ? GD_HANDLER_READER : GD_HANDLER_WRITER;
        for (size_t i = 0; i < gd_registry_handler_count(reg); i++) {
            const gd_format_handler *h = gd_registry_handler_at(reg, i, NULL);
            if (h->kind == kind) printf("%s\n", h->format);
        }
        return EXIT_OK;
    }
    for (int pass = 0; pass < 2; pass++) {
        gd_handler_kind kind = pass == 0 ? GD_HANDLER_READER : GD_HANDLER_WRITER;
        printf("%s:\n", pass == 0 ? "Readers" : "Writers");
        for (size_t i = 0; i < gd_registry_handler_count(reg); i++) {
            const gd_plugin_desc *p;
            const gd_format_handler *h = gd_registry_handler_at(reg, i, &p);
            if (h->kind != kind) continue;
            printf("  %-6s %s\n", h->format, h->description ? h->description : "");
            printf("    plugin: %s %s (%s)\n", p->name, p->version, p->license);
            print_list("extensions", h->extensions, ".");
            print_list("mime types", h->mime_types, "");
            if (h->options && h->options[0].name) {
                printf("    options:\n");
                for (const gd_option_desc *o = h->options; o->name; o++) {
                    printf("      -O %s.%s=%s", p->name, o->name,
                           o->type == GD_OPT_ENUM && o->choices ? o->choices
                                                                : opt_type_name(o->type));
                    if (o->default_value) printf(" (default %s)", o->default_value);
                    printf("\n        %s\n", o->help ? o->help : "");
                }
            }
        }
    }
    return EXIT_OK;
}

/* ---- govdoc convert ---- */

typedef struct names {
    char **v;
    size_t n;
} names;

static bool names_has(const names *s, const char *x)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i], x) == 0) return true;
    return false;
}

static void names_add(names *s, char *x)
{
    char **v = realloc(s->v, (s->n + 1) * sizeof *v);
    if (!v) {
        free(x);
        return;
    }
    s->v = v;
    s->v[s->n++] = x;
}

/* DIR/<stem>.<ext>; when two inputs share a stem, DIR/<name>.<ext>. */
static char *batch_output(const char *dir, const char *in, const char *ext, names *used)
{
    const char *slash = strrchr(in, '/');
    const char *base = slash ? slash + 1 : in;
    const char *dot = strrchr(base, '.');
    int stem = dot && dot != base ? (int)(dot - base) : (int)strlen(base);
    char *path = NULL;
    if (asprintf(&path, "%s/%.*s.%s", dir, stem, base, ext) < 0) return NULL;
    if (names_has(used, path)) {
        free(path);
        if (asprintf(&path, "%s/%s.%s", dir, base, ext) < 0) return NULL;
    }
    char *copy = strdup(path);
    if (copy) names_add(used, copy);
    return path;
}

static bool is_binary_writer(const gd_format_handler *h)
{
    return h && (h->flags & GD_HANDLER_BINARY);
}

static int cmd_convert(gd_registry *reg, int argc, char **argv, const char **opts_v, size_t opts_n,
                       gd_convert_options *co, const char *output, const char *outdir, int jobs)
{
    co->options = opts_v;
    co->option_count = opts_n;
    co->on_warning = on_warning;
    gd_status st = {0};
    if (gd_options_check(&st, reg, co)) return fail_status(&st);
    if (co->from && !gd_registry_find(reg, GD_HANDLER_READER, co->from, NULL))
        return usage_error("no reader for format '%s' (see govdoc formats)", co->from);
    if (co->to && !gd_registry_find(reg, GD_HANDLER_WRITER, co->to, NULL))
        return usage_error("no writer for format '%s' (see govdoc formats)", co->to);
    if (argc == 0) return usage_error("%s", "convert needs an INPUT");
    if (output && outdir) return usage_error("%s", "-o and -d cannot be combined");
    if (argc > 1 && !outdir) return usage_error("%s", "several inputs need -d DIR");
    if (!output && !outdir) {
        if (!co->to) return usage_error("%s", "give -o FILE, -d DIR or -t FORMAT");
        output = "-";
    }
    if (outdir) {
        struct stat sb;
        if (stat(outdir, &sb) != 0 || !S_ISDIR(sb.st_mode))
            return usage_error("output directory '%s' does not exist", outdir);
        if (!co->to) return usage_error("%s", "-d needs -t FORMAT");
    }
    const gd_format_handler *w = gd_writer_for(reg, output ? output : "", co, NULL);
    if (output && !w)
        return usage_error("cannot tell the output format of '%s'; use -t FORMAT", output);
    if (output && strcmp(output, "-") == 0 && is_binary_writer(w) && isatty(STDOUT_FILENO))
        return usage_error("%s", "refusing to write binary output to a terminal; use -o FILE");

    /* every output name first, so parallel workers never collide */
    names used = {0};
    char **targets = calloc((size_t)argc + 1, sizeof *targets);
    if (!targets) return EXIT_NOMEM;
    for (int i = 0; i < argc; i++) {
        targets[i] =
            outdir ? batch_output(outdir, argv[i],
                                  w->extensions && w->extensions[0] ? w->extensions[0] : w->format,
                                  &used)
                   : strdup(output);
        if (!targets[i]) {
            fprintf(stderr, "govdoc: error: out of memory\n");
            return EXIT_NOMEM;
        }
    }
    if (jobs == 0) jobs = outdir ? cli_default_jobs() : 1;
    int rc = run_batch(reg, argc, argv, targets, co, jobs);
    for (int i = 0; i < argc; i++) free(targets[i]);
    free(targets);
    for (size_t i = 0; i < used.n; i++) free(used.v[i]);
    free(used.v);
    return rc;
}

/* Everything is written and committed: what exit() would still do is
 * run the plugins' destructors, which free caches (faces, fontconfig's
 * configuration, compressors) the kernel takes back anyway; ~1 ms of a
 * 40 ms conversion. The sanitizer builds take the long way, so that leak
 * checking still sees every free. */
static void quick_exit_now(int rc)
{
#if !defined(__SANITIZE_ADDRESS__)
    fflush(NULL);
    _exit(rc);
#else
    (void)rc;
#endif
}

int main(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"from", required_argument, NULL, 'f'},
        {"to", required_argument, NULL, 't'},
        {"output", required_argument, NULL, 'o'},
        {"output-dir", required_argument, NULL, 'd'},
        {"option", required_argument, NULL, 'O'},
        {"plugin", required_argument, NULL, 'P'},
        {"no-report", no_argument, NULL, 'R'},
        {"layout", required_argument, NULL, 'L'},
        {"max-input", required_argument, NULL, 'M'},
        {"max-memory", required_argument, NULL, 'm'},
        {"quiet", no_argument, NULL, 'q'},
        {"jobs", required_argument, NULL, 'j'},
        {"json", no_argument, NULL, 'J'},
        {"strict", no_argument, NULL, 'S'},
        {"readers", no_argument, NULL, 'r'},
        {"writers", no_argument, NULL, 'w'},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        {0, 0, 0, 0},
    };
    cli_heap_tune();
    gd_convert_options co = GD_CONVERT_OPTIONS_INIT;
    const char *output = NULL, *outdir = NULL;
    const char **opts_v = calloc((size_t)argc + 1, sizeof *opts_v);
    const char **plugins_v = calloc((size_t)argc + 1, sizeof *plugins_v);
    size_t opts_n = 0, plugins_n = 0;
    int c, rc = EXIT_OK;
    if (!opts_v || !plugins_v) return EXIT_NOMEM;
    install_signal_handlers();
    opterr = 0;
    /* Global options come before the command ("+": stop at the command). */
    while ((c = getopt_long(argc, argv, "+qhV", longopts, NULL)) != -1) {
        switch (c) {
        case 'h': fputs(usage_text, stdout); goto done;
        case 'V':
            printf("govdoc %s (plugin ABI %d.%d)\n", gd_version(), GD_ABI_MAJOR, GD_ABI_MINOR);
            goto done;
        case 'P': plugins_v[plugins_n++] = optarg; break;
        case 'q': quiet = true; break;
        default: rc = usage_error("unknown option '%s'", argv[optind - 1]); goto done;
        }
    }
    if (optind >= argc) {
        fputs(usage_text, stderr);
        rc = EXIT_USAGE;
        goto done;
    }
    const char *cmd = argv[optind];
    if (strcmp(cmd, "batch") == 0) { /* its own options (cli/batch_cmd.c) */
        rc = cmd_batch(argc - optind, argv + optind, plugins_v, plugins_n, quiet);
        goto done;
    }
    if (strcmp(cmd, "aggregate") == 0) { /* parses its own options */
        plugin_list pl = {plugins_v, plugins_n};
        rc = cmd_aggregate(argc - optind, argv + optind, &pl, quiet);
        goto done;
    }
    bool json = false, strict = false;
    int ids_only = 0, jobs = 0; /* 0: cli_default_jobs() */
    optind++;
    int sub_argc = argc - optind + 1;
    char **sub_argv = argv + optind - 1;
    optind = 0; /* glibc: 0 re-initialises getopt (the first pass used "+") */
    while ((c = getopt_long(sub_argc, sub_argv, "f:t:o:d:O:qj:", longopts, NULL)) != -1) {
        switch (c) {
        case 'f': co.from = optarg; break;
        case 't': co.to = optarg; break;
        case 'o': output = optarg; break;
        case 'd': outdir = optarg; break;
        case 'O': opts_v[opts_n++] = optarg; break;
        case 'P': plugins_v[plugins_n++] = optarg; break;
        case 'R': co.no_report = 1; break;
        case 'L': co.layout = optarg; break;
        case 'M': {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || errno || v == 0) {
                rc = usage_error("--max-input expects a byte count, not '%s'", optarg);
                goto done;
            }
            co.max_input = (size_t)v;
            break;
        }
        case 'm': {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || errno || v == 0 || v > (1ull << 32)) {
                rc = usage_error("--max-memory expects a number of megabytes, not '%s'", optarg);
                goto done;
            }
            co.max_memory = (size_t)v << 20;
            break;
        }
        case 'q': quiet = true; break;
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 256) {
                rc = usage_error("-j expects a number of jobs (1-256), not '%s'", optarg);
                goto done;
            }
            jobs = (int)v;
            break;
        }
        case 'J': json = true; break;
        case 'S': strict = true; break;
        case 'r':
        case 'w': ids_only = c; break;
        case 'h': fputs(usage_text, stdout); goto done;
        default:
            rc = usage_error("unknown or incomplete option '%s'", sub_argv[optind - 1]);
            goto done;
        }
    }
    plugin_list pl = {plugins_v, plugins_n};
    gd_registry *reg = NULL;
    if (strcmp(cmd, "formats") == 0) {
        if ((rc = open_registry(&reg, &pl)) == EXIT_OK)
            rc = json ? cmd_formats_json(reg, ids_only) : cmd_formats(reg, ids_only);
    } else if (strcmp(cmd, "plugin-info") == 0) {
        rc = cmd_plugin_info(sub_argc - optind, sub_argv + optind, json, quiet);
    } else if (strcmp(cmd, "convert") == 0) {
        if ((rc = open_registry(&reg, &pl)) == EXIT_OK)
            rc = cmd_convert(reg, sub_argc - optind, sub_argv + optind, opts_v, opts_n, &co, output,
                             outdir, jobs);
    } else if (strcmp(cmd, "validate") == 0) {
        co.options = opts_v;
        co.option_count = opts_n;
        co.on_warning = on_warning;
        if ((rc = open_registry(&reg, &pl)) == EXIT_OK)
            rc = cmd_validate(reg, sub_argc - optind, sub_argv + optind, &co, json, strict, quiet);
    } else {
        rc = usage_error("unknown command '%s'", cmd);
    }
    cli_registry_late_warnings(reg);
    /* Before the plugins are unloaded: dlclose unmaps each of their
     * libraries, ~1 ms of a short conversion (a TLB shootdown each once
     * the PDF writer's second thread ran on the other processor). */
    quick_exit_now(rc);
    gd_registry_free(reg);
done:
    free(opts_v);
    free(plugins_v);
    quick_exit_now(rc);
    return rc;
}
