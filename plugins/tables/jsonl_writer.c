/* JSON Lines writer: a table of the document as one JSON object per data
 * row, keyed by the table's last header row (c1, c2, … without one).
 * Numbers are JSON numbers, empty cells null, the rest strings; pandas
 * reads it with read_json(lines=True), R with jsonlite::stream_in. */
#define _GNU_SOURCE
#include "tables.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static json_t *number_json(double v)
{
    if (v == (double)(json_int_t)v && v > -9e15 && v < 9e15) return json_integer((json_int_t)v);
    return json_real(v);
}

static int dump_cb(const char *buffer, size_t size, void *data)
{
    return gd_sink_write((gd_sink *)data, buffer, size) == GD_OK ? 0 : -1;
}

/* Column keys: the last header row's texts, made unique ("x", "x_2"). */
static char **column_keys(const gd_table_grid *g, int header)
{
    int cols = gd_table_grid_cols(g);
    char **keys = calloc((size_t)cols + 1, sizeof *keys);
    if (!keys) return NULL;
    for (int c = 0; c < cols; c++) {
        const gd_node *cell = header ? gd_table_grid_cell(g, header - 1, c, NULL) : NULL;
        char *text = cell ? tables_cell_text(cell) : NULL;
        char buf[32];
        if (!text || !*text) {
            gd_free(text);
            snprintf(buf, sizeof buf, "c%d", c + 1);
            text = NULL;
        }
        const char *base = text ? text : buf;
        char *key = strdup(base);
        for (int n = 2; key; n++) {
            bool dup = false;
            for (int k = 0; k < c && !dup; k++) dup = strcmp(keys[k], key) == 0;
            if (!dup) break;
            free(key);
            size_t len = strlen(base) + 16;
            key = malloc(len);
            if (key) snprintf(key, len, "%s_%d", base, n);
        }
        gd_free(text);
        if (!key) {
            for (int k = 0; k < c; k++) free(keys[k]);
            free(keys);
            return NULL;
        }
        keys[c] = key;
    }
    return keys;
}

static int write_table(gd_ctx *ctx, const gd_node *table, const char *name, gd_sink *out)
{
    gd_table_grid *g;
    if (gd_table_grid_build(&g, table) != GD_OK)
        return gd_ctx_error(ctx, GD_ENOMEM, "out of memory (table grid)");
    int rows = gd_table_grid_rows(g), cols = gd_table_grid_cols(g);
    int header = tables_header_rows(g);
    char **keys = column_keys(g, header);
    int rc = keys ? GD_OK : gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    for (int r = header; rc == GD_OK && r < rows; r++) {
        json_t *o = json_object();
        if (!o) rc = GD_ENOMEM;
        if (rc == GD_OK && name && json_object_set_new(o, "table", json_string(name)))
            rc = GD_ENOMEM;
        for (int c = 0; rc == GD_OK && c < cols; c++) {
            int origin = 0;
            const gd_node *cell = gd_table_grid_cell(g, r, c, &origin);
            json_t *v = json_null();
            if (cell && origin) {
                char *text = tables_cell_text(cell);
                double d;
                if (!text)
                    v = NULL;
                else if (tables_cell_number(cell, text, &d))
                    v = number_json(d);
                else if (*text)
                    v = json_string(text);
                gd_free(text);
            }
            if (!v || json_object_set_new(o, keys[c], v)) rc = GD_ENOMEM;
        }
        if (rc == GD_OK &&
            json_dump_callback(o, dump_cb, out, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0)
            rc = GD_EIO;
        if (rc == GD_OK) rc = gd_sink_write(out, "\n", 1);
        json_decref(o);
    }
    for (int c = 0; keys && c < cols; c++) free(keys[c]);
    free(keys);
    gd_table_grid_free(g);
    if (rc == GD_ENOMEM) return gd_ctx_error(ctx, rc, "out of memory");
    return rc;
}

static int jsonl_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    tables_list l;
    if (tables_collect(&l, ctx, doc)) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    bool *sel = calloc(l.n + 1, sizeof *sel);
    int rc = sel ? tables_select(ctx, &l, gd_ctx_option(ctx, "table"), sel)
                 : gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    size_t chosen = 0;
    for (size_t i = 0; sel && i < l.n; i++) chosen += sel[i];
    for (size_t i = 0; rc == GD_OK && i < l.n; i++) {
        if (!sel[i]) continue;
        char buf[32];
        rc = write_table(ctx, l.v[i], chosen > 1 ? tables_name(l.v[i], i, buf, sizeof buf) : NULL,
                         out);
    }
    if (rc == GD_OK && chosen == 1 && l.n > 1 && !gd_ctx_option(ctx, "table"))
        gd_ctx_warn(ctx,
                    "the document has %zu tables; wrote the first (-O jsonl.table=N|NAME|all "
                    "chooses)",
                    l.n);
    free(sel);
    tables_free(&l);
    return rc;
}

static const gd_option_desc jsonl_options[] = {
    {"table", GD_OPT_STRING, NULL, NULL,
     "which table: its number (default 1, the first), its name, or all (each object then "
     "gets \"table\")"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const jsonl_ext[] = {"jsonl", "ndjson", NULL};
static const char *const jsonl_mime[] = {"application/jsonl", "application/x-ndjson", NULL};

const gd_format_handler gd_jsonl_writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "jsonl",
    .description = "JSON Lines: a table of the document, one object per row",
    .extensions = jsonl_ext,
    .mime_types = jsonl_mime,
    .options = jsonl_options,
    .flags = GD_HANDLER_LAYOUT_SOURCE, /* data: tables as read unless --layout */
    .write = jsonl_write,
};
