/* The templates without a report: ids, field keys and labels, for tools
 * that lay many reports out side by side (govdoc aggregate). Headings for
 * people are built from the template's own layout, so they follow the
 * template data and never a list in code. */
#define _GNU_SOURCE
#include "report_internal.h"
#include "govdoc/gd_report.h"

#include <stdlib.h>
#include <string.h>

static const tpl *template_at(size_t t)
{
    const tpl *const *all;
    size_t n;
    if (gd__templates(&all, &n, NULL, NULL) != GD_OK && !n) return NULL;
    return t < n ? all[t] : NULL;
}

static const tpl_field *field_at(size_t t, size_t i)
{
    const tpl *p = template_at(t);
    return p && i < p->nfields ? &p->fields[i] : NULL;
}

size_t gd_template_count(void)
{
    const tpl *const *all;
    size_t n;
    gd__templates(&all, &n, NULL, NULL);
    return n;
}

size_t gd_template_find(const char *id)
{
    const tpl *const *all;
    size_t n;
    gd__templates(&all, &n, NULL, NULL);
    for (size_t i = 0; id && i < n; i++)
        if (strcmp(all[i]->id, id) == 0) return i;
    return (size_t)-1;
}

size_t gd_report_template_index(const gd_report *r)
{
    const tpl *const *all;
    size_t n;
    gd__templates(&all, &n, NULL, NULL);
    for (size_t i = 0; r && i < n; i++)
        if (all[i] == r->tpl) return i;
    return (size_t)-1;
}

const char *gd_template_id(size_t t)
{
    const tpl *p = template_at(t);
    return p ? p->id : NULL;
}

const char *gd_template_name(size_t t)
{
    const tpl *p = template_at(t);
    return p ? p->name : NULL;
}

const char *gd_template_notice(size_t t)
{
    const tpl *p = template_at(t);
    return p ? p->notice : NULL;
}

size_t gd_template_field_count(size_t t)
{
    const tpl *p = template_at(t);
    return p ? p->nfields : 0;
}

const char *gd_template_field_key(size_t t, size_t i)
{
    const tpl_field *f = field_at(t, i);
    return f ? f->key : NULL;
}

const char *gd_template_field_label(size_t t, size_t i)
{
    const tpl_field *f = field_at(t, i);
    return f ? f->label : NULL;
}

const char *gd_template_field_column(size_t t, size_t i)
{
    const tpl_field *f = field_at(t, i);
    return f ? f->column : NULL;
}

const char *gd_template_field_table(size_t t, size_t i)
{
    const tpl_field *f = field_at(t, i);
    return f ? template_at(t)->tables[f->table].name : NULL;
}

const char *gd_template_field_unit(size_t t, size_t i)
{
    const tpl_field *f = field_at(t, i);
    return f ? f->unit : NULL;
}

int gd_template_field_decimal(size_t t, size_t i)
{
    const tpl_field *f = field_at(t, i);
    return f && f->decimal;
}

/* The numbering of a section heading: "三、" of "三、收到和处理…". */
static size_t section_number(const char *heading)
{
    const char *dun = strstr(heading, "、");
    if (!dun || dun - heading > 12) return 0;
    return (size_t)(dun - heading) + strlen("、");
}

/* Appends s to the heap string *buf (after `sep` when *buf is not empty). */
static int append(char **buf, size_t *len, const char *sep, const char *s)
{
    size_t n = strlen(s), m = *len ? strlen(sep) : 0;
    char *b = realloc(*buf, *len + m + n + 1);
    if (!b) return GD_ENOMEM;
    memcpy(b + *len, sep, m);
    memcpy(b + *len + m, s, n);
    *len += m + n;
    b[*len] = 0;
    *buf = b;
    return GD_OK;
}

char *gd_template_field_heading(size_t t, size_t i)
{
    const tpl *p = template_at(t);
    const tpl_field *f = field_at(t, i);
    if (!f) return NULL;
    const tpl_table *tb = &p->tables[f->table];
    /* The label cells covering the field's row, left to right (rowspans
     * from rows above included), after the block header above it: the
     * nearest earlier row that is one header cell spanning the table. */
    size_t rows = tb->nrows, cols = tb->columns > 0 ? (size_t)tb->columns : 1;
    const tpl_cell **grid = calloc(rows * cols + 1, sizeof *grid);
    if (!grid) return NULL;
    for (size_t r = 0; r < rows; r++) {
        size_t c = 0;
        for (size_t k = 0; k < tb->rows[r].ncells; k++) {
            const tpl_cell *cell = &tb->rows[r].cells[k];
            while (c < cols && grid[r * cols + c]) c++;
            for (size_t dr = 0; dr < (size_t)cell->rowspan && r + dr < rows; dr++)
                for (size_t dc = 0; dc < (size_t)cell->colspan && c + dc < cols; dc++)
                    if (!grid[(r + dr) * cols + c + dc]) grid[(r + dr) * cols + c + dc] = cell;
            c += (size_t)cell->colspan;
        }
    }
    char *path = NULL;
    size_t plen = 0, row = (size_t)f->row;
    int rc = GD_OK;
    for (size_t r = row; r-- > 0;) {
        const tpl_row *above = &tb->rows[r];
        if (above->ncells == 1 && above->cells[0].header && above->cells[0].text &&
            above->cells[0].colspan >= tb->columns) {
            rc = append(&path, &plen, " ", above->cells[0].text);
            break;
        }
    }
    for (size_t c = 0; rc == GD_OK && row < rows && c < cols; c++) {
        const tpl_cell *cell = grid[row * cols + c];
        if (!cell || cell->header || !cell->text || (c > 0 && grid[row * cols + c - 1] == cell))
            continue;
        rc = append(&path, &plen, " ", cell->text);
    }
    free(grid);
    /* the section's number, the path, the column */
    char *out = NULL;
    size_t len = 0;
    for (size_t s = 0; rc == GD_OK && tb->section && s < p->nsections; s++) {
        if (strcmp(p->sections[s].id, tb->section) != 0) continue;
        size_t n = section_number(p->sections[s].heading);
        char *num = n ? strndup(p->sections[s].heading, n) : NULL;
        if (num) rc = append(&out, &len, "", num);
        free(num);
    }
    if (rc == GD_OK && plen) rc = append(&out, &len, "", path);
    if (rc == GD_OK) rc = append(&out, &len, plen ? " / " : "", f->column ? f->column : "");
    free(path);
    if (rc) {
        free(out);
        return NULL;
    }
    return out;
}
