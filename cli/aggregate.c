/* govdoc aggregate: the reports of many documents as one data set — a
 * table of every report's fields, the checks across reports (duplicates,
 * series.*), written by the table writers (CSV, XLSX, JSON Lines), and a
 * summary page. It reads through the core like every command: a govdoc
 * JSON output is read back by the json plugin's reader, and the report
 * model is the only thing it looks at. */
#define _GNU_SOURCE
#include "aggregate.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char help_text[] =
    "usage: govdoc aggregate [options] INPUT... -o FILE\n"
    "\n"
    "One row per recognised report: source, agency (normalised and as written), level,\n"
    "year, template, failed checks, then every field of the template. INPUT is a govdoc\n"
    "JSON output, a source document (read and recognised), a folder (its batch\n"
    "manifest when it has one, else every file under it) or a batch manifest.\n"
    "\n"
    "  -o, --output FILE        the table: .csv, .xlsx or .jsonl ('-' = stdout with -t)\n"
    "  -t, --to FMT             csv, xlsx, jsonl (default: from the extension)\n"
    "      --header STYLE       keys (default for CSV and JSON Lines), labels, or both\n"
    "                           (labels then keys; the default for XLSX)\n"
    "      --template ID        only reports of this template (e.g.\n"
    "                           gov-info-annual-report-2019)\n"
    "      --no-bom             CSV without the UTF-8 byte order mark\n"
    "      --findings FILE      also write the findings table (.csv, .xlsx, .jsonl)\n"
    "      --summary FILE.html  also write a summary page with charts\n"
    "  -O, --option P.KEY=VAL   reader or writer option (see govdoc formats)\n"
    "      --max-input BYTES    refuse larger inputs (default 512 MiB)\n"
    "  -v, --verbose            print each input's reading warnings\n"
    "  -q, --quiet              print nothing but errors\n"
    "\n"
    "Exit: 0 written, 2 no input holds a report (the table is written, empty),\n"
    "  3 usage, 7 too many reports for one table, 8 output not writable, 10 out of memory.\n";

typedef struct agg_opts {
    const char *output, *to, *summary, *findings, *template_id;
    agg_header header;
    bool header_given, no_bom, verbose, quiet;
    const char **opts;
    size_t nopts;
    size_t max_input;
} agg_opts;

static void on_warning(const char *file, const char *message, void *payload)
{
    (void)payload;
    fprintf(stderr, "govdoc: warning: %s: %s\n", file, message);
}

static bool handler_has_option(const gd_format_handler *h, const char *name)
{
    for (const gd_option_desc *o = h && h->options ? h->options : NULL; o && o->name; o++)
        if (strcmp(o->name, name) == 0) return true;
    return false;
}

/* ---- reading ---- */

static char *dup_or_null(const char *s)
{
    return s ? strdup(s) : NULL;
}

static int add_report(agg_set *s, const gd_doc *doc, const gd_report *rep, const agg_item *it,
                      size_t order)
{
    if (s->n == s->cap) {
        size_t c = s->cap ? s->cap * 2 : 64;
        agg_report *v = realloc(s->r, c * sizeof *v);
        if (!v) return GD_ENOMEM;
        s->r = v;
        s->cap = c;
    }
    agg_report *r = &s->r[s->n];
    memset(r, 0, sizeof *r);
    s->n++; /* freed with the set from here on, whatever happens next */
    r->tpl = gd_report_template_index(rep);
    size_t nf = gd_report_field_count(rep);
    r->values = calloc(nf + 1, sizeof *r->values);
    r->present = calloc(nf + 1, sizeof *r->present);
    const char *source = it->source ? it->source : gd_doc_meta_get(doc, "source");
    r->file = strdup(it->path);
    r->source = strdup(source ? source : it->path);
    r->source_format = dup_or_null(gd_doc_meta_get(doc, "source-format"));
    r->agency_written = dup_or_null(gd_report_meta(rep, "agency"));
    r->agency = agg_agency_key(r->agency_written);
    r->level = agg_agency_level(r->agency);
    const char *year = gd_report_meta(rep, "year");
    r->year = year ? atoi(year) : 0;
    r->copies = 1;
    r->used = true;
    r->order = order;
    if (!r->values || !r->present || !r->file || !r->source || r->tpl == (size_t)-1)
        return GD_ENOMEM;
    for (size_t i = 0; i < nf; i++) r->present[i] = gd_report_field_value(rep, i, &r->values[i]);
    size_t nc = gd_report_check_count(rep), failed = 0;
    /* blank.cells findings are left out: the data set shows a blank cell as
     * an empty cell, and it is a gap of the report, not a failed check */
    for (size_t i = 0; i < nc; i++) failed += !gd_report_check_ok(rep, i);
    r->failed = calloc(failed + 1, sizeof *r->failed);
    if (!r->failed) return GD_ENOMEM;
    for (size_t i = 0; i < nc; i++) {
        const char *rule = gd_report_check_rule(rep, i);
        if (gd_report_check_ok(rep, i) || strncmp(rule, "blank.", 6) == 0) continue;
        agg_check *c = &r->failed[r->nfailed++];
        c->rule = strdup(rule);
        c->message = strdup(gd_report_check_message(rep, i));
        if (!c->rule || !c->message) return GD_ENOMEM;
        if (strncmp(rule, "prose.", 6) == 0)
            r->prose_failed++;
        else
            r->sum_failed++;
    }
    return GD_OK;
}

/* The used reports' own failed checks become findings. */
static int report_findings(agg_set *s)
{
    for (size_t i = 0; i < s->n; i++) {
        const agg_report *r = &s->r[i];
        if (!r->used) continue;
        for (size_t k = 0; k < r->nfailed; k++) {
            agg_finding f = {.severity =
                                 strncmp(r->failed[k].rule, "prose.", 6) == 0 ? "warning" : "error",
                             .rule = r->failed[k].rule,
                             .agency = r->agency,
                             .source = r->source,
                             .message = r->failed[k].message,
                             .year = r->year};
            if (agg_finding_add(s, &f)) return GD_ENOMEM;
        }
    }
    return GD_OK;
}

static int read_all(agg_set *s, gd_registry *reg, const agg_inputs *in, const agg_opts *o,
                    size_t only)
{
    gd_convert_options co = GD_CONVERT_OPTIONS_INIT;
    co.options = o->opts;
    co.option_count = o->nopts;
    co.max_input = o->max_input;
    co.on_warning = o->verbose ? on_warning : NULL;
    for (size_t i = 0; i < in->np; i++)
        if (agg_problem_add(&s->p, &s->np, &s->capp, in->p[i].path, in->p[i].reason, false))
            return GD_ENOMEM;
    for (size_t i = 0; i < in->n; i++) {
        const agg_item *it = &in->v[i];
        gd_doc *doc = NULL;
        gd_status st = {0};
        int rc = gd_read_file(&doc, &st, reg, it->path, &co);
        if (rc == GD_ENOMEM) {
            gd_status_clear(&st);
            return GD_ENOMEM;
        }
        if (rc) {
            /* "<file>: <reason>" → the reason */
            const char *msg = st.message ? st.message : "cannot be read";
            size_t pl = strlen(it->path);
            if (strncmp(msg, it->path, pl) == 0 && msg[pl] == ':') msg += pl + 2;
            rc = agg_problem_add(&s->p, &s->np, &s->capp, it->source ? it->source : it->path, msg,
                                 false);
            gd_status_clear(&st);
            if (rc) return rc;
            continue;
        }
        const gd_report *rep = gd_doc_report(doc);
        if (!rep) {
            rc = agg_problem_add(&s->p, &s->np, &s->capp, it->source ? it->source : it->path,
                                 "not a 政府信息公开工作年度报告 (no template matches its tables)",
                                 true);
        } else if (only != (size_t)-1 && gd_report_template_index(rep) != only) {
            s->other_template++;
        } else {
            rc = add_report(s, doc, rep, it, i);
        }
        gd_doc_free(doc);
        if (rc) return rc;
    }
    return GD_OK;
}

/* ---- writing ---- */

/* opts plus "<format>.table=<name>" (when the writer has that option) and
 * csv.bom=false for --no-bom. */
static const char **writer_options(const agg_opts *o, const gd_format_handler *w, const char *table,
                                   size_t *n, char **owned)
{
    const char **v = calloc(o->nopts + 3, sizeof *v);
    if (!v) return NULL;
    memcpy(v, o->opts, o->nopts * sizeof *v);
    *n = o->nopts;
    owned[0] = owned[1] = NULL;
    if (handler_has_option(w, "table") && asprintf(&owned[0], "%s.table=%s", w->format, table) >= 0)
        v[(*n)++] = owned[0];
    if (o->no_bom && handler_has_option(w, "bom") &&
        asprintf(&owned[1], "%s.bom=false", w->format) >= 0)
        v[(*n)++] = owned[1];
    return v;
}

static int write_table(gd_registry *reg, const gd_doc *doc, const char *path, const char *to,
                       const char *table, const agg_opts *o)
{
    gd_convert_options co = GD_CONVERT_OPTIONS_INIT;
    co.to = to;
    co.on_warning = o->quiet ? NULL : on_warning;
    const gd_format_handler *w = gd_writer_for(reg, path, &co, NULL);
    if (!w)
        return usage_error("cannot tell the output format of '%s'; use -t csv|xlsx|jsonl", path);
    char *owned[2];
    size_t n = 0;
    const char **opts = writer_options(o, w, table, &n, owned);
    if (!opts) return EXIT_NOMEM;
    co.options = opts;
    co.option_count = n;
    gd_status st = {0};
    int rc = gd_write_file(&st, reg, doc, path, &co) == GD_OK ? EXIT_OK : fail_status(&st);
    free(opts);
    free(owned[0]);
    free(owned[1]);
    return rc;
}

static void print_problems(const agg_set *s)
{
    size_t not_reports = 0;
    for (size_t i = 0; i < s->np; i++) not_reports += s->p[i].not_report;
    fprintf(stderr,
            "govdoc: warning: %zu of the inputs gave no report (%zu not reports, %zu "
            "unreadable):\n",
            s->np, not_reports, s->np - not_reports);
    for (size_t i = 0; i < s->np && i < 20; i++)
        fprintf(stderr, "  %s: %s\n", s->p[i].path, s->p[i].reason);
    if (s->np > 20)
        fprintf(stderr, "  … and %zu more (the findings table lists every one)\n", s->np - 20);
}

static void print_totals(const agg_set *s, const char *output)
{
    size_t used = 0, agencies = 0, dups = 0, errors = 0, warnings = 0;
    int ymin = 0, ymax = 0;
    for (size_t i = 0; i < s->n; i++) {
        const agg_report *r = &s->r[i];
        if (!r->used) {
            dups++;
            continue;
        }
        used++;
        if (r->agency && (i == 0 || !s->r[i - 1].agency || strcmp(s->r[i - 1].agency, r->agency)))
            agencies++;
        if (r->year && (!ymin || r->year < ymin)) ymin = r->year;
        if (r->year > ymax) ymax = r->year;
    }
    for (size_t i = 0; i < s->nf; i++) {
        if (strcmp(s->f[i].severity, "error") == 0)
            errors++;
        else
            warnings++;
    }
    fprintf(stderr, "govdoc: aggregate: %zu reports of %zu agencies", used, agencies);
    if (ymin) fprintf(stderr, ymin == ymax ? ", %d" : ", %d–%d", ymin, ymax);
    fprintf(stderr,
            "; %zu duplicates left out; %zu findings (%zu errors, %zu warnings); %zu inputs "
            "without a report",
            dups, s->nf, errors, warnings, s->np);
    if (s->other_template) fprintf(stderr, "; %zu of other templates left out", s->other_template);
    fprintf(stderr, " → %s\n", output);
}

/* ---- the command ---- */

static int parse(agg_opts *o, int argc, char **argv, int *first)
{
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},
        {"to", required_argument, NULL, 't'},
        {"option", required_argument, NULL, 'O'},
        {"header", required_argument, NULL, 'H'},
        {"template", required_argument, NULL, 'T'},
        {"no-bom", no_argument, NULL, 'B'},
        {"summary", required_argument, NULL, 'S'},
        {"findings", required_argument, NULL, 'F'},
        {"max-input", required_argument, NULL, 'M'},
        {"verbose", no_argument, NULL, 'v'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {0, 0, 0, 0},
    };
    optind = 0;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:t:O:vqh", longopts, NULL)) != -1) {
        switch (c) {
        case 'o': o->output = optarg; break;
        case 't': o->to = optarg; break;
        case 'O': o->opts[o->nopts++] = optarg; break;
        case 'H':
            o->header_given = true;
            if (strcmp(optarg, "keys") == 0)
                o->header = AGG_HEADER_KEYS;
            else if (strcmp(optarg, "labels") == 0)
                o->header = AGG_HEADER_LABELS;
            else if (strcmp(optarg, "both") == 0)
                o->header = AGG_HEADER_BOTH;
            else
                return usage_error("--header expects keys, labels or both, not '%s'", optarg);
            break;
        case 'T': o->template_id = optarg; break;
        case 'B': o->no_bom = true; break;
        case 'S': o->summary = optarg; break;
        case 'F': o->findings = optarg; break;
        case 'M': {
            char *end;
            errno = 0;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || errno || v == 0)
                return usage_error("--max-input expects a byte count, not '%s'", optarg);
            o->max_input = (size_t)v;
            break;
        }
        case 'v': o->verbose = true; break;
        case 'q': o->quiet = true; break;
        case 'h': fputs(help_text, stdout); return -1;
        default: return usage_error("unknown or incomplete option '%s'", argv[optind - 1]);
        }
    }
    *first = optind;
    return EXIT_OK;
}

int cmd_aggregate(int argc, char **argv, const plugin_list *plugins, bool quiet)
{
    agg_opts o = {0};
    o.quiet = quiet;
    o.opts = calloc((size_t)argc + 1, sizeof *o.opts);
    if (!o.opts) return EXIT_NOMEM;
    int first = 0, rc = parse(&o, argc, argv, &first);
    if (rc) {
        free(o.opts);
        return rc < 0 ? EXIT_OK : rc;
    }
    if (!o.output && !o.to)
        rc = usage_error("%s", "aggregate needs -o FILE (or -t FORMAT for stdout)");
    if (!rc && first >= argc) rc = usage_error("%s", "aggregate needs an INPUT");
    size_t only = (size_t)-1;
    if (!rc && o.template_id && (only = gd_template_find(o.template_id)) == (size_t)-1) {
        fprintf(stderr, "govdoc: error: no template '%s'; known:", o.template_id);
        for (size_t t = 0; t < gd_template_count(); t++) fprintf(stderr, " %s", gd_template_id(t));
        fprintf(stderr, "\n");
        rc = EXIT_USAGE;
    }
    gd_registry *reg = NULL;
    if (!rc) rc = open_registry(&reg, plugins);
    const char *output = o.output ? o.output : "-";
    gd_status st = {0};
    gd_convert_options check = GD_CONVERT_OPTIONS_INIT;
    check.options = o.opts;
    check.option_count = o.nopts;
    check.to = o.to;
    if (!rc && gd_options_check(&st, reg, &check)) rc = fail_status(&st);
    const gd_format_handler *w = rc ? NULL : gd_writer_for(reg, output, &check, NULL);
    if (!rc && !w)
        rc = o.to ? usage_error("no writer for format '%s' (csv, xlsx, jsonl)", o.to)
                  : usage_error("cannot tell the output format of '%s'; use -t csv|xlsx|jsonl",
                                output);
    if (!rc && o.findings &&
        !gd_writer_for(reg, o.findings, &(gd_convert_options)GD_CONVERT_OPTIONS_INIT, NULL))
        rc = usage_error("cannot tell the format of '%s' (csv, xlsx, jsonl)", o.findings);
    if (!rc && !o.header_given)
        o.header = strcmp(w->format, "xlsx") == 0 ? AGG_HEADER_BOTH : AGG_HEADER_KEYS;

    agg_inputs in = {0};
    agg_set s = {0};
    gd_doc *doc = NULL;
    if (!rc && agg_inputs_collect(&in, argc - first, argv + first)) rc = EXIT_NOMEM;
    if (!rc && read_all(&s, reg, &in, &o, only)) rc = EXIT_NOMEM;
    if (!rc && (agg_duplicates(&s) || agg_series(&s) || report_findings(&s))) rc = EXIT_NOMEM;
    if (!rc) agg_sort(&s);
    if (!rc && agg_columns(&s, only)) rc = EXIT_NOMEM;
    int drc = rc ? GD_OK : agg_document(&doc, &s, o.header);
    if (drc == GD_ELIMIT) {
        fprintf(stderr,
                "govdoc: error: %zu reports × %zu columns is more than one table holds (a "
                "document's node limit); aggregate fewer at a time (e.g. one year, --template)\n",
                s.n, s.ncols);
        rc = EXIT_LIMIT;
    } else if (drc) {
        rc = EXIT_NOMEM;
    }
    if (!rc && s.np && !o.quiet) print_problems(&s);
    if (!rc) rc = write_table(reg, doc, output, o.to, "reports", &o);
    if (!rc && o.findings) rc = write_table(reg, doc, o.findings, NULL, "findings", &o);
    if (!rc && o.summary) {
        char *err = NULL;
        if (agg_summary_write(&s, o.summary, &err)) {
            fprintf(stderr, "govdoc: error: %s\n", err ? err : o.summary);
            rc = EXIT_OUTPUT;
        }
        free(err);
    }
    if (!rc && !o.quiet) print_totals(&s, output);
    size_t used = 0;
    for (size_t i = 0; i < s.n; i++) used += s.r[i].used;
    if (!rc && !used) rc = EXIT_NOT_REPORT;
    if (rc == EXIT_NOMEM) fprintf(stderr, "govdoc: error: out of memory\n");
    gd_doc_free(doc);
    agg_set_free(&s);
    agg_inputs_free(&in);
    gd_registry_free(reg);
    free(o.opts);
    return rc;
}
