/* A report template from its JSON: the files of formats/templates (compiled
 * at build time by core/tools/template_compile.c) and any *.json in
 * GOVDOC_TEMPLATE_PATH (report_template_load.c). A new template or alias is
 * a data change, never a code change. */
#define _GNU_SOURCE
#include "report_internal.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

typedef struct parser {
    const char *origin;
    char *err;
} parser;

static int perr(parser *p, const char *fmt, ...) GD_PRINTF(2, 3);
static int perr(parser *p, const char *fmt, ...)
{
    if (!p->err) {
        va_list ap;
        va_start(ap, fmt);
        char *m = gd__vasprintf(fmt, ap);
        va_end(ap);
        p->err = gd__asprintf("%s: %s", p->origin, m ? m : "invalid template");
        free(m);
    }
    return GD_EFORMAT;
}

/* A string member, copied (templates live as long as the process). */
static const char *str(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? strdup(json_string_value(v)) : NULL;
}

/* A string member, borrowed from the JSON tree while it is parsed. */
static const char *peek(json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

/* Room for element n of an array grown only by appending: its capacity
 * doubles when n reaches a power of two, so n appends copy O(n), not
 * O(n^2) (a template has hundreds of labels and fields). p unchanged when
 * it has room; NULL when out of memory. */
static void *grow(void *p, size_t n, size_t size)
{
    if (n && (n & (n - 1))) return p;
    return realloc(p, (n ? 2 * n : 1) * size);
}

static int add_norm(tpl_strs *s, const char *text, bool unnumbered)
{
    char *n = gd__label_norm(text, strlen(text));
    if (!n) return GD_ENOMEM;
    if (unnumbered) {
        const char *u = gd__label_unnumbered(n);
        memmove(n, u, strlen(u) + 1);
    }
    char **v = grow(s->v, s->n, sizeof *v);
    if (v) s->v = v;
    label_key *k = v ? grow(s->k, s->n, sizeof *k) : NULL;
    if (!k) {
        free(n);
        return GD_ENOMEM;
    }
    s->k = k;
    s->v[s->n] = n;
    gd__label_key(&s->k[s->n], n);
    s->n++;
    return GD_OK;
}

/* text (a string) plus the strings of array `aliases` */
static int add_strings(tpl_strs *s, json_t *arr, bool unnumbered)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (json_is_string(v) && add_norm(s, json_string_value(v), unnumbered)) return GD_ENOMEM;
    }
    return GD_OK;
}

/* The strings of array `arr`, as written. */
static int add_words(tpl_words *w, json_t *arr)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v)
    {
        if (!json_is_string(v)) continue;
        char **nv = realloc(w->v, (w->n + 1) * sizeof *nv);
        if (!nv) return GD_ENOMEM;
        w->v = nv;
        if (!(w->v[w->n] = strdup(json_string_value(v)))) return GD_ENOMEM;
        w->n++;
    }
    return GD_OK;
}

static int parse_meta(tpl_meta *m, json_t *o)
{
    if (add_words(&m->title_words, json_object_get(o, "title_words")) ||
        add_words(&m->preamble_words, json_object_get(o, "preamble_words")) ||
        add_words(&m->year_after, json_object_get(o, "year_after")) ||
        add_words(&m->agency_after, json_object_get(o, "agency_after")) ||
        add_words(&m->agency_before, json_object_get(o, "agency_before")))
        return GD_ENOMEM;
    return GD_OK;
}

static int field_index(const tpl *t, const char *key)
{
    for (size_t i = 0; i < t->nfields; i++)
        if (strcmp(t->fields[i].key, key) == 0) return (int)i;
    return -1;
}

static int parse_sections(parser *p, tpl *t, json_t *arr)
{
    t->nsections = json_array_size(arr);
    if (!t->nsections) return perr(p, "no sections");
    t->sections = calloc(t->nsections, sizeof *t->sections);
    if (!t->sections) return GD_ENOMEM;
    for (size_t i = 0; i < t->nsections; i++) {
        json_t *o = json_array_get(arr, i);
        tpl_section *s = &t->sections[i];
        s->id = str(o, "id");
        s->heading = str(o, "heading");
        if (!s->id || !s->heading) return perr(p, "section %zu lacks id or heading", i + 1);
        if (add_norm(&s->match, s->heading, true)) return GD_ENOMEM;
        if (add_strings(&s->match, json_object_get(o, "aliases"), true)) return GD_ENOMEM;
    }
    return GD_OK;
}

static int parse_row(parser *p, tpl *t, size_t ti, tpl_row *row, json_t *o)
{
    row->id = str(o, "id");
    row->name = str(o, "name");
    row->group = -1;
    json_t *cells = json_object_get(o, "cells");
    row->ncells = json_array_size(cells);
    row->cells = calloc(row->ncells + 1, sizeof *row->cells);
    row->fields = calloc(row->ncells + 1, sizeof *row->fields);
    if (!row->cells || !row->fields) return GD_ENOMEM;
    const char *last_label = NULL;
    for (size_t k = 0; k < row->ncells; k++) {
        json_t *c = json_array_get(cells, k);
        tpl_cell *cell = &row->cells[k];
        cell->text = str(c, "text");
        cell->rowspan = (int)json_integer_value(json_object_get(c, "rowspan"));
        cell->colspan = (int)json_integer_value(json_object_get(c, "colspan"));
        if (cell->rowspan < 1) cell->rowspan = 1;
        if (cell->colspan < 1) cell->colspan = 1;
        cell->header = json_is_true(json_object_get(c, "header"));
        cell->field = -1;
        const char *key = str(c, "field");
        if (key) {
            if (field_index(t, key) >= 0) return perr(p, "field %s defined twice", key);
            tpl_field *f = grow(t->fields, t->nfields, sizeof *f);
            if (!f) return GD_ENOMEM;
            t->fields = f;
            f = &t->fields[t->nfields];
            memset(f, 0, sizeof *f);
            f->key = key;
            f->table = (int)ti;
            f->row = -1; /* set by the caller, who knows the row's index */
            f->col = (int)row->nfields;
            const char *cname = str(c, "name");
            f->label = gd__asprintf("%s %s", row->name ? row->name : "", cname ? cname : "");
            f->column = cname ? cname : strdup("");
            cell->field = (int)t->nfields;
            row->fields[row->nfields++] = (int)t->nfields;
            t->nfields++;
        } else if (!cell->text) {
            return perr(p, "a cell has neither text nor field");
        } else {
            last_label = cell->text;
            if (add_norm(&t->labels, cell->text, false)) return GD_ENOMEM;
        }
    }
    json_t *match = json_object_get(o, "match");
    if (row->nfields) {
        if (json_is_string(match)) {
            if (add_norm(&row->match, json_string_value(match), false)) return GD_ENOMEM;
        } else if (last_label && !json_object_get(o, "anchor")) {
            if (add_norm(&row->match, last_label, false)) return GD_ENOMEM;
        }
        if (add_strings(&row->match, json_object_get(o, "aliases"), false)) return GD_ENOMEM;
        if (add_strings(&row->anchor, json_object_get(o, "anchor"), false)) return GD_ENOMEM;
        if (!row->match.n && !row->anchor.n)
            return perr(p, "value row %s has no match label or anchor", row->id ? row->id : "?");
        if (!row->name) row->name = last_label ? strdup(last_label) : strdup("");
    }
    return GD_OK;
}

static int parse_tables(parser *p, tpl *t, json_t *arr)
{
    t->ntables = json_array_size(arr);
    t->tables = calloc(t->ntables + 1, sizeof *t->tables);
    if (!t->tables) return GD_ENOMEM;
    for (size_t ti = 0; ti < t->ntables; ti++) {
        json_t *o = json_array_get(arr, ti);
        tpl_table *tb = &t->tables[ti];
        tb->id = str(o, "id");
        tb->name = str(o, "name");
        tb->section = str(o, "section");
        tb->columns = (int)json_integer_value(json_object_get(o, "columns"));
        if (!tb->id || !tb->name) return perr(p, "table %zu lacks id or name", ti + 1);
        json_t *widths = json_object_get(o, "widths");
        if (widths) {
            if (!json_is_array(widths) || tb->columns < 1 ||
                json_array_size(widths) != (size_t)tb->columns)
                return perr(p, "table %s: widths must give one number per column", tb->id);
            tb->widths = calloc((size_t)tb->columns, sizeof *tb->widths);
            if (!tb->widths) return GD_ENOMEM;
            for (int c = 0; c < tb->columns; c++) {
                json_t *v = json_array_get(widths, (size_t)c);
                tb->widths[c] = json_is_number(v) ? json_number_value(v) : 0;
                if (!(tb->widths[c] > 0 && tb->widths[c] < 1e6))
                    return perr(p, "table %s: width %d is not a positive number", tb->id, c + 1);
            }
        }
        json_t *rows = json_object_get(o, "rows");
        tb->nrows = json_array_size(rows);
        tb->rows = calloc(tb->nrows + 1, sizeof *tb->rows);
        if (!tb->rows) return GD_ENOMEM;
        for (size_t r = 0; r < tb->nrows; r++) {
            size_t before = t->nfields;
            int rc = parse_row(p, t, ti, &tb->rows[r], json_array_get(rows, r));
            if (rc) return rc;
            for (size_t f = before; f < t->nfields; f++) t->fields[f].row = (int)r;
        }
        json_t *groups = json_object_get(o, "groups");
        tb->ngroups = json_array_size(groups);
        tb->groups = calloc(tb->ngroups + 1, sizeof *tb->groups);
        if (!tb->groups) return GD_ENOMEM;
        for (size_t g = 0; g < tb->ngroups; g++) {
            json_t *go = json_array_get(groups, g);
            tpl_group *gr = &tb->groups[g];
            gr->name = str(go, "name");
            if (add_norm(&gr->match, json_string_value(json_object_get(go, "match")), false))
                return GD_ENOMEM;
            if (add_strings(&gr->match, json_object_get(go, "aliases"), false)) return GD_ENOMEM;
            json_t *ids = json_object_get(go, "rows");
            gr->nrows = json_array_size(ids);
            gr->rows = calloc(gr->nrows + 1, sizeof *gr->rows);
            if (!gr->rows) return GD_ENOMEM;
            for (size_t k = 0; k < gr->nrows; k++) {
                const char *id = json_string_value(json_array_get(ids, k));
                gr->rows[k] = -1;
                for (size_t r = 0; id && r < tb->nrows; r++)
                    if (tb->rows[r].id && strcmp(tb->rows[r].id, id) == 0) gr->rows[k] = (int)r;
                if (gr->rows[k] < 0) return perr(p, "group row %s not found", id ? id : "?");
                tb->rows[gr->rows[k]].group = (int)g;
            }
        }
    }
    return GD_OK;
}

static int add_rule(tpl *t, const char *id, const char *what, const char *ll, const char *rl,
                    int *left, size_t nl, int *right, size_t nr, bool by_column)
{
    tpl_rule *v = realloc(t->rules, (t->nrules + 1) * sizeof *v);
    if (!v) return GD_ENOMEM;
    t->rules = v;
    v[t->nrules++] = (tpl_rule){id, what, ll, rl, left, right, nl, nr, by_column};
    return GD_OK;
}

/* keys: prefix.<item>.<suffix> for each item of `items` */
static int keys_of(parser *p, const tpl *t, const char *prefix, json_t *items, const char *mid,
                   bool mid_first, int **out, size_t *n)
{
    *n = json_array_size(items);
    *out = calloc(*n + 1, sizeof **out);
    if (!*out) return GD_ENOMEM;
    for (size_t i = 0; i < *n; i++) {
        const char *item = json_string_value(json_array_get(items, i));
        char *key = mid ? (mid_first ? gd__asprintf("%s.%s.%s", prefix, mid, item)
                                     : gd__asprintf("%s.%s.%s", prefix, item, mid))
                        : gd__asprintf("%s", item);
        if (!key) return GD_ENOMEM;
        (*out)[i] = field_index(t, key);
        if ((*out)[i] < 0) {
            int rc = perr(p, "rule refers to unknown field %s", key);
            free(key);
            return rc;
        }
        free(key);
    }
    return GD_OK;
}

static int parse_rules(parser *p, tpl *t, json_t *arr)
{
    size_t i;
    json_t *o;
    json_array_foreach(arr, i, o)
    {
        const char *id = str(o, "id"), *table = peek(o, "table"), *each = peek(o, "each");
        const char *prefix = peek(o, "prefix");
        const char *ll = str(o, "left_label"), *rl = str(o, "right_label");
        json_t *left = json_object_get(o, "left"), *right = json_object_get(o, "right");
        if (!id || !ll || !rl || !table) return perr(p, "rule %zu is incomplete", i + 1);
        int rc = GD_OK;
        if (each && strcmp(each, "column") == 0) {
            json_t *cols = json_object_get(o, "columns"),
                   *names = json_object_get(o, "column_names");
            size_t k;
            json_t *c;
            json_array_foreach(cols, k, c)
            {
                const char *col = json_string_value(c);
                int *l, *r;
                size_t nl, nr;
                if ((rc = keys_of(p, t, prefix, left, col, false, &l, &nl))) return rc;
                if ((rc = keys_of(p, t, prefix, right, col, false, &r, &nr))) return rc;
                const char *cname = json_string_value(json_object_get(names, col));
                char *what = gd__asprintf("%s %s", table, cname ? cname : col);
                if ((rc = add_rule(t, id, what, ll, rl, l, nl, r, nr, true))) return rc;
            }
        } else if (each && strcmp(each, "row") == 0) {
            size_t k;
            json_t *rw;
            json_array_foreach(json_object_get(o, "rows"), k, rw)
            {
                const char *row = json_string_value(rw);
                int *l, *r;
                size_t nl, nr;
                if ((rc = keys_of(p, t, prefix, left, row, true, &l, &nl))) return rc;
                if ((rc = keys_of(p, t, prefix, right, row, true, &r, &nr))) return rc;
                const tpl_field *f = &t->fields[l[0]];
                const char *rname = t->tables[f->table].rows[f->row].name;
                char *what = gd__asprintf("%s %s", table, rname ? rname : row);
                if ((rc = add_rule(t, id, what, ll, rl, l, nl, r, nr, false))) return rc;
            }
        } else {
            int *l, *r;
            size_t nl, nr;
            if ((rc = keys_of(p, t, NULL, left, NULL, false, &l, &nl))) return rc;
            if ((rc = keys_of(p, t, NULL, right, NULL, false, &r, &nr))) return rc;
            const char *subject = peek(o, "subject");
            char *what = gd__asprintf("%s %s", table, subject ? subject : "");
            if ((rc = add_rule(t, id, what, ll, rl, l, nl, r, nr, false))) return rc;
        }
    }
    return GD_OK;
}

static int parse_prose(parser *p, tpl *t, json_t *arr)
{
    t->nprose = json_array_size(arr);
    t->prose = calloc(t->nprose + 1, sizeof *t->prose);
    if (!t->prose) return GD_ENOMEM;
    for (size_t i = 0; i < t->nprose; i++) {
        json_t *o = json_array_get(arr, i);
        tpl_prose *pr = &t->prose[i];
        pr->id = str(o, "id");
        pr->subject = str(o, "subject");
        pr->table = str(o, "table");
        pr->says = str(o, "says");
        if (!pr->id || !pr->subject) return perr(p, "prose check %zu is incomplete", i + 1);
        size_t k;
        json_t *v;
        json_array_foreach(json_object_get(o, "verbs"), k, v)
        {
            if (add_norm(&pr->verbs, json_string_value(v), false)) return GD_ENOMEM;
        }
        json_t *alts = json_object_get(o, "equals_any");
        pr->nalts = json_array_size(alts);
        pr->alts = calloc(pr->nalts + 1, sizeof *pr->alts);
        pr->alt_len = calloc(pr->nalts + 1, sizeof *pr->alt_len);
        if (!pr->alts || !pr->alt_len) return GD_ENOMEM;
        for (size_t a = 0; a < pr->nalts; a++) {
            int rc = keys_of(p, t, NULL, json_array_get(alts, a), NULL, false, &pr->alts[a],
                             &pr->alt_len[a]);
            if (rc) return rc;
        }
    }
    return GD_OK;
}

int gd__template_parse(tpl **out, const char *json, size_t len, const char *origin, char **err)
{
    *out = NULL;
    *err = NULL;
    parser p = {origin, NULL};
    json_error_t je;
    json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        *err = gd__asprintf("%s:%d: %s", origin, je.line, je.text);
        return GD_EFORMAT;
    }
    char *why = NULL;
    if (gd__template_limits(root, &why) != GD_OK) {
        *err = gd__asprintf("%s: refused: %s", origin, why ? why : "over a size limit");
        free(why);
        json_decref(root);
        return GD_ELIMIT;
    }
    tpl *t = calloc(1, sizeof *t);
    int rc = t ? GD_OK : GD_ENOMEM;
    if (rc == GD_OK) {
        t->id = str(root, "id");
        t->name = str(root, "name");
        t->notice = str(root, "notice");
        t->title = str(root, "title");
        if (!t->id || !t->title) rc = perr(&p, "no id or title");
    }
    if (rc == GD_OK) rc = add_strings(&t->detect, json_object_get(root, "detect"), false);
    if (rc == GD_OK) rc = parse_meta(&t->meta, json_object_get(root, "metadata"));
    if (rc == GD_OK) rc = parse_sections(&p, t, json_object_get(root, "sections"));
    if (rc == GD_OK) rc = parse_tables(&p, t, json_object_get(root, "tables"));
    if (rc == GD_OK) {
        size_t i;
        json_t *v;
        json_array_foreach(json_object_get(root, "decimal_fields"), i, v)
        {
            int f = field_index(t, json_string_value(v));
            if (f < 0)
                rc = perr(&p, "unknown decimal field %s", json_string_value(v));
            else
                t->fields[f].decimal = true;
        }
        const char *key;
        json_object_foreach(json_object_get(root, "units"), key, v)
        {
            int f = field_index(t, key);
            if (f < 0)
                rc = perr(&p, "unknown unit field %s", key);
            else
                t->fields[f].unit = strdup(json_string_value(v));
        }
    }
    if (rc == GD_OK) rc = parse_rules(&p, t, json_object_get(root, "rules"));
    if (rc == GD_OK) rc = parse_prose(&p, t, json_object_get(root, "prose"));
    json_decref(root);
    if (rc) {
        /* A broken template is a build or deployment error; what was
         * allocated stays (templates are never freed). */
        *err = p.err ? p.err : gd__asprintf("%s: out of memory", origin);
        return rc;
    }
    *out = t;
    return GD_OK;
}
