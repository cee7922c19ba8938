/* Writers of a document's tables as data (CSV, JSON Lines, XLSX): the
 * shared part — which tables, each cell's text and whether it is a number.
 *
 * Conventions they honour (plugin-sdk/IR.md): TABLE attr `name` (sheet or
 * table name), `frozen-columns` (XLSX); CELL attr `type` = `number` (the
 * text is a number: stored as one) or `text` (never a number, even when it
 * looks like one); without `type`, a cell whose whole text is a plain
 * decimal number is a number. Rows with the header flag at the top of a
 * table are its header rows. */
#ifndef GD_TABLES_H
#define GD_TABLES_H

#include <govdoc/gd_plugin.h>

#include <stdbool.h>

typedef struct tables_list {
    const gd_node **v;
    size_t n;
} tables_list;

/* The tables that are not inside another table, in order, of the tree the
 * core hands the writer (gd_ctx_document: the document as read, or a
 * report's standard layout with --layout standard). GD_ENOMEM. */
int tables_collect(tables_list *out, gd_ctx *ctx, const gd_doc *doc);
void tables_free(tables_list *l);

/* Chooses tables by the `table` option: "N" (1-based), a table's `name`
 * attribute, or "all". Sets sel[i] for each chosen one; an error names the
 * choices. */
int tables_select(gd_ctx *ctx, const tables_list *l, const char *which, bool *sel);

/* A table's name: its `name` attribute, else "表N" (N 1-based) in buf. */
const char *tables_name(const gd_node *table, size_t index, char *buf, size_t n);

/* Number of leading header rows. */
int tables_header_rows(const gd_table_grid *g);

/* The text of a cell (paragraphs joined with "\n", ends trimmed); gd_free
 * it. Never NULL except when out of memory. */
char *tables_cell_text(const gd_node *cell);

/* 1 when the cell holds a number (by its `type` or its text), with *v set. */
int tables_cell_number(const gd_node *cell, const char *text, double *v);

#endif
