/* govdoc validate: the report's checks, printed like compiler findings. */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

typedef struct outcome {
    int unreadable; /* files that could not be read or are not reports */
    int failed;     /* files with a failing sum.* (or, with --strict, prose.* or blank.*) */
} outcome;

/* Findings that are warnings unless --strict: the prose's numbers, and
 * blank cells (a defect of the report, not an arithmetic error). */
static bool is_prose(const char *rule)
{
    return strncmp(rule, "prose.", 6) == 0 || strncmp(rule, "blank.", 6) == 0;
}

static void text_report(const char *file, const gd_report *r, bool strict, outcome *o, bool quiet)
{
    size_t n = gd_report_check_count(r), failed = 0, warned = 0;
    for (size_t i = 0; i < n; i++) {
        if (gd_report_check_ok(r, i)) continue;
        const char *rule = gd_report_check_rule(r, i);
        bool warning = is_prose(rule) && !strict;
        printf("%s: %s: %s [%s]\n", file, warning ? "warning" : "error",
               gd_report_check_message(r, i), rule);
        if (warning)
            warned++;
        else
            failed++;
    }
    if (failed) o->failed++;
    if (!quiet)
        fprintf(stderr, "%s: %s, %zu checks, %zu failed, %zu warnings\n", file,
                gd_report_template_id(r), n, failed, warned);
}

static json_t *json_report(const char *file, const gd_report *r, bool strict, outcome *o)
{
    json_t *obj = json_object(), *checks = json_array();
    bool ok = true;
    for (size_t i = 0; i < gd_report_check_count(r); i++) {
        const char *rule = gd_report_check_rule(r, i);
        bool pass = gd_report_check_ok(r, i);
        if (!pass && (!is_prose(rule) || strict)) ok = false;
        json_t *c = json_object();
        json_object_set_new(c, "rule", json_string(rule));
        json_object_set_new(c, "ok", json_boolean(pass));
        json_object_set_new(c, "severity",
                            json_string(is_prose(rule) && !strict ? "warning" : "error"));
        json_object_set_new(c, "message", json_string(gd_report_check_message(r, i)));
        json_array_append_new(checks, c);
    }
    if (!ok) o->failed++;
    json_object_set_new(obj, "file", json_string(file));
    json_object_set_new(obj, "template", json_string(gd_report_template_id(r)));
    json_object_set_new(obj, "ok", json_boolean(ok));
    json_object_set_new(obj, "checks", checks);
    return obj;
}

int cmd_validate(gd_registry *reg, int argc, char **argv, gd_convert_options *co, bool json,
                 bool strict, bool quiet)
{
    if (argc == 0) return usage_error("%s", "validate needs a FILE");
    gd_status st = {0};
    if (gd_options_check(&st, reg, co)) return fail_status(&st);
    outcome o = {0, 0};
    json_t *all = json ? json_array() : NULL;
    for (int i = 0; i < argc; i++) {
        gd_doc *doc = NULL;
        const char *file = argv[i];
        if (gd_read_file(&doc, &st, reg, file, co) != GD_OK) {
            o.unreadable++;
            if (json) {
                json_t *e = json_object();
                json_object_set_new(e, "file", json_string(file));
                json_object_set_new(e, "error", json_string(st.message ? st.message : "failed"));
                json_array_append_new(all, e);
            } else {
                fprintf(stderr, "govdoc: error: %s\n", st.message ? st.message : file);
            }
            gd_status_clear(&st);
            continue;
        }
        const gd_report *r = gd_doc_report(doc);
        if (!r) {
            o.unreadable++;
            if (json) {
                json_t *e = json_object();
                json_object_set_new(e, "file", json_string(file));
                json_object_set_new(e, "error", json_string("not a 政府信息公开工作年度报告"));
                json_array_append_new(all, e);
            } else {
                fprintf(stderr,
                        "govdoc: error: %s: not a 政府信息公开工作年度报告 (no template "
                        "matches its tables)\n",
                        file);
            }
        } else if (json) {
            json_array_append_new(all, json_report(file, r, strict, &o));
        } else {
            text_report(file, r, strict, &o, quiet);
        }
        gd_doc_free(doc);
    }
    if (json) {
        json_dumpf(all, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputc('\n', stdout);
        json_decref(all);
    }
    return o.unreadable ? EXIT_NOT_REPORT : o.failed ? EXIT_FINDINGS : EXIT_OK;
}
