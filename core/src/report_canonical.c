/* The report as the national template lays it out: the title, the
 * preamble, the six sections in order under the template's headings with
 * the report's own text, and the three tables rebuilt from the template
 * (exact labels and spans) and filled from the report model. Writers
 * render this document like any other; a messy input thus gives a clean
 * standard output. */
#include "report_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gd_node *add(gd_doc *doc, gd_node *parent, gd_node_type type)
{
    gd_node *n = gd__node_alloc(doc, type);
    if (n && parent) gd__node_append(parent, n);
    return n;
}

static int add_text(gd_doc *doc, gd_node *parent, const char *s)
{
    gd_node *t = add(doc, parent, GD_NODE_TEXT);
    return t ? gd_node_set_text(t, s, strlen(s)) : GD_ENOMEM;
}

static int add_para(gd_doc *doc, gd_node *parent, gd_node_type type, const char *s)
{
    gd_node *p = add(doc, parent, type);
    return p ? add_text(doc, p, s) : GD_ENOMEM;
}

/* Messages of the failed checks that involve field f, one per line. */
static char *check_messages(const gd_report *r, gd_doc *doc, int f)
{
    size_t len = 0;
    char *out = NULL;
    for (size_t i = 0; i < r->nchecks; i++) {
        const report_check *c = &r->checks[i];
        if (c->ok || !c->fields) continue;
        for (size_t k = 0; k < c->nfields; k++) {
            if (c->fields[k] != f) continue;
            size_t m = strlen(c->message);
            char *n = realloc(out, len + m + 2);
            if (!n) {
                free(out);
                return NULL;
            }
            out = n;
            if (len) out[len++] = '\n';
            memcpy(out + len, c->message, m + 1);
            len += m;
            break;
        }
    }
    char *s = out ? gd__arena_strdup(&doc->arena, out) : NULL;
    free(out);
    return s;
}

static int build_table(const gd_report *r, gd_doc *doc, gd_node *parent, const tpl_table *tb)
{
    gd_node *table = add(doc, parent, GD_NODE_TABLE);
    if (!table) return GD_ENOMEM;
    int rc = gd_node_set_attr(table, "template-table", tb->id);
    if (rc == GD_OK && tb->widths) {
        /* "31 23 23 23": the template's relative column widths */
        char buf[512];
        size_t len = 0;
        buf[0] = 0;
        for (int c = 0; c < tb->columns && len < sizeof buf; c++)
            len +=
                (size_t)snprintf(buf + len, sizeof buf - len, "%s%g", c ? " " : "", tb->widths[c]);
        if (len < sizeof buf) rc = gd_node_set_attr(table, "col-widths", buf);
    }
    /* The header rows on top repeat on a new page — unless the table has
     * header rows further down too (table 二's blocks): then none does. */
    bool leading = true, inner_headers = false, seen_data = false;
    for (size_t ri = 0; ri < tb->nrows; ri++) {
        bool all_header = tb->rows[ri].ncells > 0;
        for (size_t c = 0; c < tb->rows[ri].ncells; c++) all_header &= tb->rows[ri].cells[c].header;
        if (!all_header)
            seen_data = true;
        else if (seen_data)
            inner_headers = true;
    }
    leading = !inner_headers;
    for (size_t ri = 0; ri < tb->nrows && rc == GD_OK; ri++) {
        const tpl_row *row = &tb->rows[ri];
        gd_node *tr = add(doc, table, GD_NODE_ROW);
        if (!tr) return GD_ENOMEM;
        bool all_header = row->ncells > 0;
        for (size_t c = 0; c < row->ncells; c++) all_header &= row->cells[c].header;
        leading &= all_header;
        tr->header = leading;
        for (size_t c = 0; c < row->ncells && rc == GD_OK; c++) {
            const tpl_cell *tc = &row->cells[c];
            gd_node *cell = add(doc, tr, GD_NODE_CELL);
            if (!cell) return GD_ENOMEM;
            cell->a = tc->rowspan;
            cell->b = tc->colspan;
            cell->header = tc->header;
            rc = gd_node_set_attr(cell, "align", "center");
            if (rc == GD_OK && tc->text) rc = add_para(doc, cell, GD_NODE_PARAGRAPH, tc->text);
            if (rc || tc->field < 0) continue;
            const tpl_field *f = &r->tpl->fields[tc->field];
            rc = gd_node_set_attr(cell, "field", f->key);
            if (rc == GD_OK && r->present[tc->field]) {
                char v[48];
                gd__report_format_value(v, sizeof v, r->values[tc->field]);
                rc = add_para(doc, cell, GD_NODE_PARAGRAPH, v);
            }
            char *msgs = rc == GD_OK ? check_messages(r, doc, tc->field) : NULL;
            if (msgs) rc = gd_node_set_attr(cell, "check", msgs);
        }
    }
    return rc == GD_OK ? gd_table_normalize(table) : rc;
}

static const char *title_of(const gd_report *r, gd_doc *doc)
{
    const char *t = gd_doc_meta_get(doc, "title");
    if (t) return t;
    return gd__report_printf(doc, "%s%s%s%s", r->agency ? r->agency : "", r->year ? r->year : "",
                             r->year ? "年" : "", r->tpl->title);
}

/* Is block b the document's title (so it is not repeated)? */
static bool is_title_block(const gd_node *blk, const char *title)
{
    if (gd_node_get_type(blk) != GD_NODE_HEADING && gd_node_get_type(blk) != GD_NODE_PARAGRAPH)
        return false;
    const char *role = gd_node_attr(blk, "role");
    if (role && strcmp(role, "title") == 0) return true;
    char *s = gd_node_text_dup(blk);
    bool same = s && title && strcmp(s, title) == 0;
    free(s);
    return same;
}

int gd__report_canonical(gd_report *r, gd_doc *doc, const tokens *tk)
{
    const tpl *t = r->tpl;
    gd_node *root = gd__node_alloc(doc, GD_NODE_DOCUMENT);
    if (!root) return GD_ENOMEM;
    const char *title = title_of(r, doc);
    gd_node *h = add(doc, root, GD_NODE_HEADING);
    if (!h || !title) return GD_ENOMEM;
    h->a = 1;
    int rc = gd_node_set_attr(h, "role", "title");
    if (rc == GD_OK) rc = gd_node_set_attr(h, "align", "center");
    if (rc == GD_OK) rc = add_text(doc, h, title);

    /* which section each block belongs to (-1: the preamble) */
    int *where = calloc(tk->nblocks + 1, sizeof *where);
    if (!where) return GD_ENOMEM;
    int cur = -1;
    bool title_seen = false;
    for (size_t b = 0; b < tk->nblocks; b++) {
        const gd_node *blk = tk->blocks[b];
        where[b] = -2; /* skipped */
        bool heading = false;
        for (size_t s = 0; s < t->nsections; s++) {
            if (!r->section_heading[s]) continue;
            /* the heading node may be the block or inside it */
            for (const gd_node *n = r->section_heading[s]; n; n = gd_node_parent(n))
                if (n == blk) {
                    cur = (int)s;
                    heading = true;
                }
        }
        if (heading || r->consumed[b]) continue;
        if (!title_seen && b < 4 && is_title_block(blk, title)) {
            title_seen = true;
            continue;
        }
        where[b] = cur;
    }
    for (int s = -1; s < (int)t->nsections && rc == GD_OK; s++) {
        if (s >= 0) {
            gd_node *sh = add(doc, root, GD_NODE_HEADING);
            if (!sh)
                rc = GD_ENOMEM;
            else {
                sh->a = 2;
                rc = gd_node_set_attr(sh, "section", t->sections[s].id);
                if (rc == GD_OK) rc = add_text(doc, sh, t->sections[s].heading);
            }
        }
        for (size_t b = 0; b < tk->nblocks && rc == GD_OK; b++) {
            if (where[b] != s) continue;
            gd_node *copy = gd__node_clone(doc, tk->blocks[b]);
            if (!copy)
                rc = GD_ENOMEM;
            else
                gd__node_append(root, copy);
        }
        for (size_t ti = 0; s >= 0 && ti < t->ntables && rc == GD_OK; ti++)
            if (t->tables[ti].section && strcmp(t->tables[ti].section, t->sections[s].id) == 0)
                rc = build_table(r, doc, root, &t->tables[ti]);
    }
    free(where);
    if (rc == GD_OK) r->canonical = root;
    return rc;
}
