/* Build tool: compiles the report templates of formats/templates into C.
 *
 *     template_compile OUT.c TEMPLATE.json...
 *
 * Each file is parsed and checked with the core's own parser
 * (report_template.c), and the resulting `tpl` is written out as static
 * initialisers (compound literals), listed in gd__compiled_templates. A run
 * of govdoc then starts with its templates ready instead of parsing 80 KB
 * of JSON and normalising every label (about 3 ms and 70 page faults per
 * process). Templates from GOVDOC_TEMPLATE_PATH are still parsed at run
 * time. A template that does not parse fails the build. */
#include "report_internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every member of these structures is written below: a new member must be
 * too (the sizes are those of LP64). */
#define EMITTED(type, size)                                                                        \
    _Static_assert(sizeof(void *) != 8 || sizeof(type) == (size), #type " changed: write it out")
EMITTED(label_key, 40);
EMITTED(tpl_strs, 24);
EMITTED(tpl_cell, 24);
EMITTED(tpl_row, 104);
EMITTED(tpl_group, 48);
EMITTED(tpl_table, 72);
EMITTED(tpl_section, 40);
EMITTED(tpl_field, 48);
EMITTED(tpl_rule, 72);
EMITTED(tpl_prose, 80);
EMITTED(tpl_words, 16);
EMITTED(tpl_meta, 80);
EMITTED(tpl, 240);

static FILE *out;

/* A C string literal: control bytes as octal escapes (3 digits, so a
 * following digit cannot join them), '?' escaped against trigraphs, UTF-8
 * (jansson checked it) as it is. */
static void str(const char *s)
{
    if (!s) {
        fputs("NULL", out);
        return;
    }
    fputc('"', out);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\' || *p == '?')
            fprintf(out, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7F)
            fprintf(out, "\\%03o", *p);
        else
            fputc(*p, out);
    }
    fputc('"', out);
}

static void ints(const int *v, size_t n)
{
    if (!v) {
        fputs("NULL", out);
        return;
    }
    fputs("(int[]){", out);
    for (size_t i = 0; i < n; i++) fprintf(out, "%s%d", i ? "," : "", v[i]);
    fputs("}", out);
}

static void strs(const tpl_strs *s)
{
    fputs("{.v = ", out);
    if (!s->n) {
        fprintf(out, "NULL, .k = NULL, .n = 0}");
        return;
    }
    fputs("(char *[]){", out);
    for (size_t i = 0; i < s->n; i++) {
        fputs(i ? ", " : "", out);
        str(s->v[i]);
    }
    fputs("},\n .k = (label_key[]){", out);
    for (size_t i = 0; i < s->n; i++) {
        const label_key *k = &s->k[i];
        fputs(i ? ",\n  {.s = " : "{.s = ", out);
        str(k->s);
        fprintf(out, ", .len = %zu, .num = %zu, .ncp = %zu, .ncp_un = %zu}", k->len, k->num, k->ncp,
                k->ncp_un);
    }
    fprintf(out, "},\n .n = %zu}", s->n);
}

static void words(const tpl_words *w)
{
    fputs("{.v = ", out);
    if (!w->n) {
        fputs("NULL, .n = 0}", out);
        return;
    }
    fputs("(char *[]){", out);
    for (size_t i = 0; i < w->n; i++) {
        fputs(i ? ", " : "", out);
        str(w->v[i]);
    }
    fprintf(out, "}, .n = %zu}", w->n);
}

static void row(const tpl_row *r)
{
    fputs("{.id = ", out);
    str(r->id);
    fputs(", .name = ", out);
    str(r->name);
    fputs(",\n .match = ", out);
    strs(&r->match);
    fputs(",\n .anchor = ", out);
    strs(&r->anchor);
    /* arrays were allocated one longer than used, zeroed: so are these */
    fputs(",\n .cells = (tpl_cell[]){", out);
    for (size_t c = 0; c < r->ncells; c++) {
        const tpl_cell *cl = &r->cells[c];
        fputs("{.text = ", out);
        str(cl->text);
        fprintf(out, ", .field = %d, .rowspan = %d, .colspan = %d, .header = %d},\n  ", cl->field,
                cl->rowspan, cl->colspan, cl->header);
    }
    fprintf(out, "{0}},\n .ncells = %zu, .fields = ", r->ncells);
    ints(r->fields, r->ncells + 1);
    fprintf(out, ", .nfields = %zu, .group = %d}", r->nfields, r->group);
}

static int table(const tpl_table *tb)
{
    fputs("{.id = ", out);
    str(tb->id);
    fputs(", .name = ", out);
    str(tb->name);
    fputs(", .section = ", out);
    str(tb->section);
    fprintf(out, ", .columns = %d, .widths = ", tb->columns);
    if (tb->widths) {
        fputs("(double[]){", out);
        for (int c = 0; c < tb->columns; c++) {
            char buf[40];
            snprintf(buf, sizeof buf, "%.17g", tb->widths[c]);
            if (!isfinite(tb->widths[c]) || strtod(buf, NULL) != tb->widths[c]) return -1;
            fprintf(out, "%s%s", c ? "," : "", buf);
        }
        fputs("}", out);
    } else {
        fputs("NULL", out);
    }
    fputs(",\n .rows = (tpl_row[]){", out);
    for (size_t r = 0; r < tb->nrows; r++) {
        row(&tb->rows[r]);
        fputs(",\n", out);
    }
    fprintf(out, "{0}},\n .nrows = %zu,\n .groups = (tpl_group[]){", tb->nrows);
    for (size_t g = 0; g < tb->ngroups; g++) {
        const tpl_group *gr = &tb->groups[g];
        fputs("{.name = ", out);
        str(gr->name);
        fputs(", .match = ", out);
        strs(&gr->match);
        fputs(", .rows = ", out);
        ints(gr->rows, gr->nrows + 1);
        fprintf(out, ", .nrows = %zu},\n ", gr->nrows);
    }
    fprintf(out, "{0}},\n .ngroups = %zu}", tb->ngroups);
    return 0;
}

static void field(const tpl_field *f)
{
    fputs("{.key = ", out);
    str(f->key);
    fputs(", .label = ", out);
    str(f->label);
    fputs(", .column = ", out);
    str(f->column);
    fputs(", .unit = ", out);
    str(f->unit);
    fprintf(out, ", .table = %d, .row = %d, .col = %d, .decimal = %d}", f->table, f->row, f->col,
            f->decimal);
}

static void rule(const tpl_rule *r)
{
    fputs("{.id = ", out);
    str(r->id);
    fputs(", .what = ", out);
    str(r->what);
    fputs(", .left_label = ", out);
    str(r->left_label);
    fputs(", .right_label = ", out);
    str(r->right_label);
    fputs(", .left = ", out);
    ints(r->left, r->nleft + 1);
    fputs(", .right = ", out);
    ints(r->right, r->nright + 1);
    fprintf(out, ", .nleft = %zu, .nright = %zu, .by_column = %d}", r->nleft, r->nright,
            r->by_column);
}

static void prose(const tpl_prose *p)
{
    fputs("{.id = ", out);
    str(p->id);
    fputs(", .subject = ", out);
    str(p->subject);
    fputs(", .table = ", out);
    str(p->table);
    fputs(", .says = ", out);
    str(p->says);
    fputs(",\n .verbs = ", out);
    strs(&p->verbs);
    /* alts, alt_len and each alternative: allocated one longer (zeroed) */
    fputs(",\n .alts = (int *[]){", out);
    for (size_t a = 0; a < p->nalts; a++) {
        ints(p->alts[a], p->alt_len[a] + 1);
        fputs(", ", out);
    }
    fputs("NULL}, .alt_len = (size_t[]){", out);
    for (size_t a = 0; a < p->nalts; a++) fprintf(out, "%zu, ", p->alt_len[a]);
    fprintf(out, "0}, .nalts = %zu}", p->nalts);
}

/* The members that need more than a line: NULL when empty, as parsed. */
static int body(const tpl *t)
{
    fputs(",\n.sections = (tpl_section[]){", out);
    for (size_t s = 0; s < t->nsections; s++) {
        fputs(s ? ",\n{.id = " : "{.id = ", out);
        str(t->sections[s].id);
        fputs(", .heading = ", out);
        str(t->sections[s].heading);
        fputs(", .match = ", out);
        strs(&t->sections[s].match);
        fputs("}", out);
    }
    fprintf(out, "},\n.nsections = %zu,\n.tables = (tpl_table[]){", t->nsections);
    for (size_t i = 0; i < t->ntables; i++) {
        if (table(&t->tables[i])) return -1;
        fputs(",\n", out);
    }
    fprintf(out, "{0}},\n.ntables = %zu,\n.fields = ", t->ntables);
    if (t->nfields) {
        fputs("(tpl_field[]){", out);
        for (size_t i = 0; i < t->nfields; i++) {
            fputs(i ? ",\n" : "", out);
            field(&t->fields[i]);
        }
        fputs("}", out);
    } else {
        fputs("NULL", out);
    }
    fprintf(out, ",\n.nfields = %zu,\n.rules = ", t->nfields);
    if (t->nrules) {
        fputs("(tpl_rule[]){", out);
        for (size_t i = 0; i < t->nrules; i++) {
            fputs(i ? ",\n" : "", out);
            rule(&t->rules[i]);
        }
        fputs("}", out);
    } else {
        fputs("NULL", out);
    }
    fprintf(out, ",\n.nrules = %zu,\n.prose = (tpl_prose[]){", t->nrules);
    for (size_t i = 0; i < t->nprose; i++) {
        prose(&t->prose[i]);
        fputs(",\n", out);
    }
    fprintf(out, "{0}},\n.nprose = %zu", t->nprose);
    return 0;
}

static int emit(const tpl *t, size_t i)
{
    fprintf(out, "static const tpl tpl_%zu = {\n.id = ", i);
    str(t->id);
    fputs(", .name = ", out);
    str(t->name);
    fputs(",\n.notice = ", out);
    str(t->notice);
    fputs(",\n.title = ", out);
    str(t->title);
    const tpl_words *mw[] = {&t->meta.title_words, &t->meta.preamble_words, &t->meta.year_after,
                             &t->meta.agency_after, &t->meta.agency_before};
    const char *mn[] = {"title_words", "preamble_words", "year_after", "agency_after",
                        "agency_before"};
    fputs(",\n.meta = {", out);
    for (size_t k = 0; k < 5; k++) {
        fprintf(out, "%s.%s = ", k ? ",\n " : "", mn[k]);
        words(mw[k]);
    }
    fputs("},\n.detect = ", out);
    strs(&t->detect);
    fputs(",\n.labels = ", out);
    strs(&t->labels);
    if (body(t)) return -1;
    fputs("};\n\n", out);
    return ferror(out) ? -1 : 0;
}

/* Parsed templates stay reachable from here (LeakSanitizer). */
static tpl **parsed;

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: template_compile OUT.c TEMPLATE.json...\n");
        return 2;
    }
    char *tmp = gd__asprintf("%s.tmp", argv[1]);
    parsed = calloc((size_t)argc, sizeof *parsed);
    if (!tmp || !parsed || !(out = fopen(tmp, "w"))) {
        perror(argv[1]);
        return 1;
    }
    fputs("/* Generated by core/tools/template_compile.c from formats/templates: the\n"
          " * report templates, parsed at build time. Do not edit. */\n"
          "#include \"report_internal.h\"\n\n",
          out);
    size_t n = 0;
    for (int a = 2; a < argc; a++, n++) {
        FILE *in = fopen(argv[a], "rb");
        char *json = malloc(GD_TEMPLATE_MAX_BYTES + 1);
        size_t len = in && json ? fread(json, 1, GD_TEMPLATE_MAX_BYTES + 1, in) : 0;
        if (!in || !json || ferror(in) || len > GD_TEMPLATE_MAX_BYTES) {
            fprintf(stderr, "%s: cannot read it (or over %d bytes)\n", argv[a],
                    GD_TEMPLATE_MAX_BYTES);
            return 1;
        }
        fclose(in);
        const char *base = strrchr(argv[a], '/');
        char *err = NULL;
        if (gd__template_parse(&parsed[n], json, len, base ? base + 1 : argv[a], &err)) {
            fprintf(stderr, "%s\n", err ? err : "invalid template");
            return 1;
        }
        free(json);
        if (emit(parsed[n], n)) {
            fprintf(stderr, "%s: cannot write it out\n", argv[a]);
            return 1;
        }
    }
    fputs("const tpl *const gd__compiled_templates[] = {", out);
    for (size_t i = 0; i < n; i++) fprintf(out, "&tpl_%zu, ", i);
    fprintf(out, "NULL};\nconst size_t gd__compiled_template_count = %zu;\n", n);
    if (fclose(out) || rename(tmp, argv[1])) {
        perror(argv[1]);
        return 1;
    }
    free(tmp);
    return 0;
}
