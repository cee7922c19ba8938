/* Failed consistency checks, marked by cell key. Each failed check of the
 * report names the field keys it involves (gd_report_check_field); a cell
 * of the standard layout carries its key (attr "field"). The page marks
 * the cells of failed checks (class, title, a numbered reference) and lists
 * each failed check once, under the first table that shows one of its
 * cells, with back-links to every cell. Failed checks that mark no cell
 * (e.g. prose against a table) are listed at the end. Off with
 * -O html.checks=false, for publishing. */
#include "hw.h"

#include <stdlib.h>
#include <string.h>

static size_t hash_ptr(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p;
    return (size_t)(((h >> 4) * 11400714819323198485u) >> 17);
}

static int cmp_keyref(const void *a, const void *b)
{
    const hw_keyref *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->check > y->check) - (x->check < y->check);
}

/* The failed checks naming `key`: [*first, *first + n) in w->keys. */
static size_t key_range(const hw *w, const char *key, size_t *first)
{
    size_t lo = 0, hi = w->nkeys;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(w->keys[mid].key, key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t n = 0;
    while (lo + n < w->nkeys && strcmp(w->keys[lo + n].key, key) == 0) n++;
    *first = lo;
    return n;
}

/* Every (key, failed check) pair of the report, sorted by key then check. */
static int collect_keys(hw *w)
{
    const gd_report *r = gd_doc_report(w->doc);
    size_t nc = r ? gd_report_check_count(r) : 0;
    w->ncheck = nc;
    w->check_finding = calloc(nc + 1, sizeof *w->check_finding);
    if (!w->check_finding) return GD_ENOMEM;
    size_t cap = 0;
    for (size_t i = 0; i < nc; i++) {
        if (gd_report_check_ok(r, i)) continue;
        const char *msg = gd_report_check_message(r, i);
        if (!msg || !*msg) continue;
        size_t nk = gd_report_check_field_count(r, i);
        for (size_t k = 0; k < nk; k++) {
            const char *key = gd_report_check_field(r, i, k);
            if (!key) continue;
            if (w->nkeys == cap) {
                cap = cap ? cap * 2 : 64;
                hw_keyref *v = realloc(w->keys, cap * sizeof *v);
                if (!v) return GD_ENOMEM;
                w->keys = v;
            }
            w->keys[w->nkeys++] = (hw_keyref){key, i};
        }
    }
    if (w->nkeys) qsort(w->keys, w->nkeys, sizeof *w->keys, cmp_keyref);
    return GD_OK;
}

/* Adds the finding of check i; returns its index + 1 (0 on OOM). */
static size_t finding_add(hw *w, size_t check, const gd_node *table)
{
    if (w->nfindings == w->capfindings) {
        size_t cap = w->capfindings ? w->capfindings * 2 : 16;
        hw_finding *f = realloc(w->findings, cap * sizeof *f);
        if (!f) return 0;
        w->findings = f;
        w->capfindings = cap;
    }
    hw_finding *f = &w->findings[w->nfindings++];
    memset(f, 0, sizeof *f);
    f->msg = gd_report_check_message(gd_doc_report(w->doc), check);
    f->len = strlen(f->msg);
    f->table = table;
    return w->check_finding[check] = w->nfindings;
}

static int cell_rehash(hw *w)
{
    size_t cap = w->cellmap_cap ? w->cellmap_cap * 2 : 64;
    hw_cellslot *m = calloc(cap, sizeof *m);
    if (!m) return GD_ENOMEM;
    for (size_t j = 0; j < w->cellmap_cap; j++) {
        if (!w->cellmap[j].cell) continue;
        size_t i = hash_ptr(w->cellmap[j].cell) & (cap - 1);
        while (m[i].cell) i = (i + 1) & (cap - 1);
        m[i] = w->cellmap[j];
    }
    free(w->cellmap);
    w->cellmap = m;
    w->cellmap_cap = cap;
    return GD_OK;
}

static int cell_add(hw *w, const gd_node *cell, unsigned number)
{
    if ((w->ncells + 1) * 2 > w->cellmap_cap && cell_rehash(w) != GD_OK) return GD_ENOMEM;
    size_t i = hash_ptr(cell) & (w->cellmap_cap - 1);
    while (w->cellmap[i].cell) i = (i + 1) & (w->cellmap_cap - 1);
    w->cellmap[i].cell = cell;
    w->cellmap[i].number = number;
    return GD_OK;
}

unsigned hw_checks_cell_number(const hw *w, const gd_node *cell)
{
    if (!w->cellmap_cap) return 0;
    for (size_t i = hash_ptr(cell) & (w->cellmap_cap - 1);; i = (i + 1) & (w->cellmap_cap - 1)) {
        if (!w->cellmap[i].cell) return 0;
        if (w->cellmap[i].cell == cell) return w->cellmap[i].number;
    }
}

static const gd_node *table_of(const gd_node *cell)
{
    for (const gd_node *p = gd_node_parent(cell); p; p = gd_node_parent(p))
        if (gd_node_get_type(p) == GD_NODE_TABLE) return p;
    return NULL;
}

static int finding_add_cell(hw_finding *f, unsigned number)
{
    if (f->ncells && f->cells[f->ncells - 1] == number) return GD_OK; /* same cell twice */
    if (f->ncells == f->capcells) {
        size_t cap = f->capcells ? f->capcells * 2 : 4;
        unsigned *c = realloc(f->cells, cap * sizeof *c);
        if (!c) return GD_ENOMEM;
        f->cells = c;
        f->capcells = cap;
    }
    f->cells[f->ncells++] = number;
    return GD_OK;
}

static int scan_cell(hw *w, const gd_node *cell)
{
    const char *key = gd_node_attr(cell, "field");
    size_t first, n = key ? key_range(w, key, &first) : 0;
    if (!n) return GD_OK; /* no failed check names this cell */
    unsigned number = ++w->ncells;
    if (cell_add(w, cell, number) != GD_OK) return GD_ENOMEM;
    for (size_t j = first; j < first + n; j++) {
        size_t check = w->keys[j].check;
        size_t k = w->check_finding[check];
        if (!k) k = finding_add(w, check, table_of(cell));
        if (!k || finding_add_cell(&w->findings[k - 1], number) != GD_OK) return GD_ENOMEM;
    }
    return GD_OK;
}

int hw_checks_scan(hw *w)
{
    if (!w->mark_checks) return GD_OK;
    int rc = collect_keys(w);
    if (rc != GD_OK || !w->nkeys) return rc;
    gd_iter *it;
    if (gd_iter_new(&it, w->root) != GD_OK) return GD_ENOMEM;
    gd_event ev;
    while (rc == GD_OK && (ev = gd_iter_next(it)) != GD_EVENT_DONE && ev != GD_EVENT_NONE) {
        const gd_node *n = gd_iter_node(it);
        if (ev != GD_EVENT_ENTER) continue;
        if (gd_node_get_type(n) == GD_NODE_CELL) rc = scan_cell(w, n);
    }
    gd_iter_free(it);
    return rc;
}

void hw_checks_cell_title(hw *w, const gd_node *cell)
{
    const char *key = gd_node_attr(cell, "field");
    size_t first = 0, n = key ? key_range(w, key, &first) : 0;
    for (size_t j = first; j < first + n; j++) {
        if (j > first && w->keys[j].check == w->keys[j - 1].check) continue;
        const hw_finding *f = &w->findings[w->check_finding[w->keys[j].check] - 1];
        if (j > first) hw_puts(w, "\n");
        hw_attr(w, f->msg, f->len);
    }
}

void hw_checks_cell_refs(hw *w, const gd_node *cell)
{
    const char *key = gd_node_attr(cell, "field");
    size_t first = 0, n = key ? key_range(w, key, &first) : 0, last = 0;
    for (size_t j = first; j < first + n; j++) {
        size_t k = w->check_finding[w->keys[j].check];
        if (!k || k == last) continue;
        last = k;
        hw_printf(w, "<sup class=\"gd-check-ref\"><a href=\"#gd-check-%zu\">※%zu</a></sup>", k, k);
    }
}

static void back_link(hw *w, const hw_finding *f, size_t i)
{
    hw_printf(w, " <a class=\"gd-check-back\" href=\"#gd-cell-%u\" title=\"单元格 %zu\">↩",
              f->cells[i], i + 1);
    if (i) hw_printf(w, "<sup>%zu</sup>", i + 1);
    hw_puts(w, "</a>");
}

/* A message, then links back to its cells: all of them when few, else
 * the first three and the last (every cell is highlighted anyway). */
static void finding_item(hw *w, size_t k)
{
    const hw_finding *f = &w->findings[k - 1];
    hw_printf(w, "<li id=\"gd-check-%zu\" value=\"%zu\">", k, k);
    hw_text(w, f->msg, f->len);
    if (f->ncells <= 6) {
        for (size_t i = 0; i < f->ncells; i++) back_link(w, f, i);
    } else {
        for (size_t i = 0; i < 3; i++) back_link(w, f, i);
        hw_puts(w, " …");
        back_link(w, f, f->ncells - 1);
        hw_printf(w, "（共 %zu 格）", f->ncells);
    }
    hw_puts(w, "</li>\n");
}

void hw_checks_table_list(hw *w, const gd_node *table)
{
    bool any = false;
    for (size_t k = 1; k <= w->nfindings; k++) {
        if (w->findings[k - 1].table != table) continue;
        if (!any)
            hw_puts(w, "<div class=\"gd-checks\" role=\"note\">\n"
                       "<p class=\"gd-checks-title\">数据核对未通过：</p>\n<ol>\n");
        any = true;
        finding_item(w, k);
    }
    if (any) hw_puts(w, "</ol>\n</div>\n");
}

void hw_checks_report_list(hw *w)
{
    const gd_report *r = gd_doc_report(w->doc);
    if (!w->mark_checks || !w->standard || !r) return;
    bool any = false;
    size_t nc = gd_report_check_count(r);
    for (size_t i = 0; i < nc; i++) {
        const char *msg = gd_report_check_message(r, i);
        if (gd_report_check_ok(r, i) || !msg || !*msg) continue;
        if (i < w->ncheck && w->check_finding[i]) continue; /* listed under its table */
        if (!any)
            hw_puts(w, "<section class=\"gd-checks gd-checks-report\" id=\"gd-checks\">\n"
                       "<h2>数据核对</h2>\n<ul>\n");
        any = true;
        hw_puts(w, "<li>");
        hw_text(w, msg, strlen(msg));
        hw_puts(w, "</li>\n");
    }
    if (any) hw_puts(w, "</ul>\n</section>\n");
}

void hw_checks_free(hw *w)
{
    for (size_t i = 0; i < w->nfindings; i++) free(w->findings[i].cells);
    free(w->findings);
    free(w->keys);
    free(w->check_finding);
    free(w->cellmap);
}
