/* Failed consistency checks. The core puts the message(s) of a failed
 * check on every cell involved (attr "check", one message per line). The
 * page marks those cells (class, title, a numbered reference) and lists
 * each distinct message once, under the first table that shows it, with
 * back-links to every cell. Failed checks of the report that no cell
 * carries (e.g. prose against a table) are listed at the end. Off with
 * -O html.checks=false, for publishing. */
#include "hw.h"

#include <stdlib.h>
#include <string.h>

static size_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603u; /* FNV-1a */
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return (size_t)(h >> 7);
}

static size_t hash_ptr(const void *p)
{
    uint64_t h = (uint64_t)(uintptr_t)p;
    return (size_t)(((h >> 4) * 11400714819323198485u) >> 17);
}

/* Next line of a multi-line message, trimmed; false at the end. */
static bool next_line(const char **cur, const char **start, size_t *len)
{
    const char *p = *cur;
    while (*p) {
        const char *nl = strchr(p, '\n');
        const char *end = nl ? nl : p + strlen(p);
        const char *s = p, *e = end;
        while (s < e && (*s == ' ' || *s == '\t' || *s == '\r')) s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) e--;
        p = nl ? nl + 1 : end;
        if (e > s) {
            *cur = p;
            *start = s;
            *len = (size_t)(e - s);
            return true;
        }
    }
    *cur = p;
    return false;
}

/* Finding index + 1 for a message, 0 when unknown. */
static size_t msg_find(const hw *w, const char *s, size_t n)
{
    if (!w->msgmap_cap) return 0;
    for (size_t i = hash_bytes(s, n) & (w->msgmap_cap - 1);; i = (i + 1) & (w->msgmap_cap - 1)) {
        size_t k = w->msgmap[i];
        if (!k) return 0;
        const hw_finding *f = &w->findings[k - 1];
        if (f->len == n && memcmp(f->msg, s, n) == 0) return k;
    }
}

static int msg_rehash(hw *w)
{
    size_t cap = w->msgmap_cap ? w->msgmap_cap * 2 : 64;
    size_t *m = calloc(cap, sizeof *m);
    if (!m) return GD_ENOMEM;
    for (size_t k = 1; k <= w->nfindings; k++) {
        size_t i = hash_bytes(w->findings[k - 1].msg, w->findings[k - 1].len) & (cap - 1);
        while (m[i]) i = (i + 1) & (cap - 1);
        m[i] = k;
    }
    free(w->msgmap);
    w->msgmap = m;
    w->msgmap_cap = cap;
    return GD_OK;
}

/* Adds a finding (the message is known to be new); returns index + 1. */
static size_t msg_add(hw *w, const char *s, size_t n, const gd_node *table)
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
    f->msg = s;
    f->len = n;
    f->table = table;
    if ((w->nfindings + 1) * 2 > w->msgmap_cap && msg_rehash(w) != GD_OK) {
        w->nfindings--;
        return 0;
    }
    size_t i = hash_bytes(s, n) & (w->msgmap_cap - 1);
    while (w->msgmap[i]) i = (i + 1) & (w->msgmap_cap - 1);
    w->msgmap[i] = w->nfindings;
    return w->nfindings;
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
    const char *msg = gd_node_attr(cell, "check");
    const char *cur = msg, *s;
    size_t n;
    if (!msg || !next_line(&cur, &s, &n)) return GD_OK; /* blank: nothing failed */
    unsigned number = ++w->ncells;
    if (cell_add(w, cell, number) != GD_OK) return GD_ENOMEM;
    for (cur = msg; next_line(&cur, &s, &n);) {
        size_t k = msg_find(w, s, n);
        if (!k) k = msg_add(w, s, n, table_of(cell));
        if (!k || finding_add_cell(&w->findings[k - 1], number) != GD_OK) return GD_ENOMEM;
    }
    return GD_OK;
}

int hw_checks_scan(hw *w)
{
    if (!w->mark_checks) return GD_OK;
    gd_iter *it;
    if (gd_iter_new(&it, w->root) != GD_OK) return GD_ENOMEM;
    gd_event ev;
    int rc = GD_OK;
    while (rc == GD_OK && (ev = gd_iter_next(it)) != GD_EVENT_DONE && ev != GD_EVENT_NONE) {
        const gd_node *n = gd_iter_node(it);
        if (ev != GD_EVENT_ENTER) continue;
        if (gd_node_get_type(n) == GD_NODE_CELL) rc = scan_cell(w, n);
    }
    gd_iter_free(it);
    return rc;
}

void hw_checks_cell_refs(hw *w, const gd_node *cell)
{
    const char *cur = gd_node_attr(cell, "check"), *s;
    size_t n, last = 0;
    while (cur && next_line(&cur, &s, &n)) {
        size_t k = msg_find(w, s, n);
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
        /* Messages shown on cells are listed under their table already. */
        const char *cur = msg, *s;
        size_t n;
        bool on_cell = false;
        while (next_line(&cur, &s, &n))
            if (msg_find(w, s, n)) on_cell = true;
        if (on_cell) continue;
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
    free(w->msgmap);
    free(w->cellmap);
}
