/* A third party's writer that knows nothing of report templates: it draws
 * the tree the core hands it (gd_ctx_document) as plain text, and uses only
 * what the IR carries — headings, paragraphs, tables from the core's grid
 * with their columns' relative widths (TABLE attribute col-widths), header
 * cells (the header flag), and the cells of failed checks, found by their
 * field key (CELL attribute field) among the keys the report's failed
 * checks name. The layout test proves with it that any writer renders a
 * recognised report in the standard form.
 *
 *   # title          heading (one # per level)
 *   text             paragraph
 *   table 4 columns, widths 31% 23% 23% 23%
 *   | [head] | value | value! |     one line per grid row: a cell at its
 *                                  origin slot, [..] header, ! failed check
 */
#include <govdoc/gd_plugin.h>

#include <stdlib.h>
#include <string.h>

/* Does a failed check of the document's report name this cell's key? */
static int failed(const gd_doc *doc, const gd_node *cell)
{
    const gd_report *r = gd_doc_report(doc);
    const char *key = gd_node_attr(cell, "field");
    if (!r || !key) return 0;
    for (size_t i = 0; i < gd_report_check_count(r); i++) {
        if (gd_report_check_ok(r, i)) continue;
        for (size_t k = 0; k < gd_report_check_field_count(r, i); k++)
            if (strcmp(gd_report_check_field(r, i, k), key) == 0) return 1;
    }
    return 0;
}

static void text_of(gd_sink *out, const gd_node *n)
{
    char *s = gd_node_text_dup(n);
    for (char *p = s; p && *p; p++)
        if (*p == '\n') *p = '/';
    gd_sink_printf(out, "%s", s ? s : "");
    gd_free(s);
}

static int table(gd_sink *out, const gd_doc *doc, const gd_node *t)
{
    gd_table_grid *g;
    int rc = gd_table_grid_build(&g, t);
    if (rc) return rc;
    int rows = gd_table_grid_rows(g), cols = gd_table_grid_cols(g);
    gd_sink_printf(out, "table %d columns", cols);
    const char *w = gd_node_attr(t, "col-widths");
    if (w) {
        double v[64], sum = 0;
        int n = 0;
        for (char *end; n < 64 && *w; n++, w = end) {
            v[n] = strtod(w, &end);
            if (end == w) break;
            sum += v[n];
        }
        if (n == cols && sum > 0) {
            gd_sink_printf(out, ", widths");
            for (int c = 0; c < n; c++) gd_sink_printf(out, " %.4g%%", v[c] * 100 / sum);
        }
    }
    gd_sink_printf(out, "\n");
    for (int r = 0; r < rows; r++) {
        gd_sink_printf(out, "|");
        for (int c = 0; c < cols; c++) {
            int origin = 0;
            const gd_node *cell = gd_table_grid_cell(g, r, c, &origin);
            if (!cell || !origin) continue;
            int h = gd_node_header(cell);
            gd_sink_printf(out, " %s", h ? "[" : "");
            text_of(out, cell);
            gd_sink_printf(out, "%s%s |", h ? "]" : "", failed(doc, cell) ? "!" : "");
        }
        gd_sink_printf(out, "\n");
    }
    gd_table_grid_free(g);
    return GD_OK;
}

static int grid_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    const gd_node *root = gd_ctx_document(ctx);
    if (!root) return gd_ctx_error(ctx, GD_EUSER, "no document to draw");
    for (const gd_node *b = gd_node_first_child(root); b; b = gd_node_next(b)) {
        gd_node_type t = gd_node_get_type(b);
        if (t == GD_NODE_TABLE) {
            int rc = table(out, doc, b);
            if (rc) return gd_ctx_error(ctx, rc, "cannot lay out a table");
            continue;
        }
        if (t == GD_NODE_HEADING)
            for (int i = 0; i < gd_node_level(b); i++) gd_sink_printf(out, "#");
        if (t == GD_NODE_HEADING) gd_sink_printf(out, " ");
        text_of(out, b);
        gd_sink_printf(out, "\n");
    }
    return GD_OK;
}

static const char *const grid_ext[] = {"grid", NULL};
static const char *const grid_mime[] = {"text/plain", NULL};
static const gd_format_handler grid_writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "grid",
    .description = "test: the document as text grids (knows only the IR)",
    .extensions = grid_ext,
    .mime_types = grid_mime,
    .write = grid_write,
};
static const gd_format_handler *const handlers[] = {&grid_writer, NULL};

GD_PLUGIN_DEFINE("grid", "1.0.0", "a template-agnostic test writer", "MIT", handlers)
