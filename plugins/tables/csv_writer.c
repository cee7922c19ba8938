/* CSV writer (RFC 4180): one of the document's tables (or all, one after
 * another with an empty line between), a record per grid row, CRLF line
 * ends, fields quoted when they hold the delimiter, a quote or a line
 * break. UTF-8 with a byte order mark by default: Excel and WPS read
 * BOM-less UTF-8 CSV as the local code page and garble Chinese. */
#include "tables.h"

#include <stdlib.h>
#include <string.h>

static int put(gd_sink *out, const char *s, size_t n)
{
    return gd_sink_write(out, s, n);
}

/* A cell a spreadsheet would run as a formula: = + - @ or a control
 * character first (OWASP "CSV injection"). Text cells like that get a
 * leading apostrophe, which spreadsheets show as text and hide. */
static bool formula_like(const char *s)
{
    return s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r';
}

static int field(gd_sink *out, const char *s, char delim, bool guard)
{
    bool quote = false;
    for (const char *p = s; *p && !quote; p++)
        quote = *p == delim || *p == '"' || *p == '\n' || *p == '\r';
    int rc = GD_OK;
    if (quote) rc = put(out, "\"", 1);
    if (rc == GD_OK && guard) rc = put(out, "'", 1);
    const char *run = s;
    for (const char *p = s; rc == GD_OK && *p; p++) {
        if (*p == '"' && quote) {
            rc = put(out, run, (size_t)(p - run + 1)); /* the quote, then its double */
            run = p;
        }
    }
    if (rc == GD_OK) rc = put(out, run, strlen(run));
    if (rc == GD_OK && quote) rc = put(out, "\"", 1);
    return rc;
}

static int write_table(gd_ctx *ctx, const gd_node *table, gd_sink *out, char delim, bool guard)
{
    gd_table_grid *g;
    if (gd_table_grid_build(&g, table) != GD_OK)
        return gd_ctx_error(ctx, GD_ENOMEM, "out of memory (table grid)");
    int rows = gd_table_grid_rows(g), cols = gd_table_grid_cols(g), rc = GD_OK;
    for (int r = 0; rc == GD_OK && r < rows; r++) {
        for (int c = 0; rc == GD_OK && c < cols; c++) {
            if (c) rc = put(out, &delim, 1);
            int origin = 0;
            const gd_node *cell = gd_table_grid_cell(g, r, c, &origin);
            if (rc || !cell || !origin) continue; /* a spanned slot stays empty */
            char *text = tables_cell_text(cell);
            if (!text) {
                rc = gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
                break;
            }
            double v;
            bool number = tables_cell_number(cell, text, &v);
            rc = field(out, text, delim, guard && !number && formula_like(text));
            gd_free(text);
        }
        if (rc == GD_OK) rc = put(out, "\r\n", 2);
    }
    gd_table_grid_free(g);
    return rc;
}

static int csv_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    tables_list l;
    if (tables_collect(&l, ctx, doc)) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    bool *sel = calloc(l.n + 1, sizeof *sel);
    int rc = sel ? tables_select(ctx, &l, gd_ctx_option(ctx, "table"), sel)
                 : gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    const char *d = gd_ctx_option(ctx, "delimiter");
    char delim = d && strcmp(d, "semicolon") == 0 ? ';' : d && strcmp(d, "tab") == 0 ? '\t' : ',';
    bool guard = gd_ctx_option_bool(ctx, "formula-guard");
    if (rc == GD_OK && gd_ctx_option_bool(ctx, "bom")) rc = put(out, "\xEF\xBB\xBF", 3);
    size_t written = 0, chosen = 0;
    for (size_t i = 0; i < l.n; i++) chosen += sel && sel[i];
    for (size_t i = 0; rc == GD_OK && i < l.n; i++) {
        if (!sel[i]) continue;
        if (written++) rc = put(out, "\r\n", 2);
        if (rc == GD_OK) rc = write_table(ctx, l.v[i], out, delim, guard);
    }
    if (rc == GD_OK && chosen == 1 && l.n > 1 && !gd_ctx_option(ctx, "table"))
        gd_ctx_warn(ctx,
                    "the document has %zu tables; CSV holds one (-O csv.table=N|NAME|all "
                    "chooses)",
                    l.n);
    free(sel);
    tables_free(&l);
    return rc;
}

static const gd_option_desc csv_options[] = {
    {"table", GD_OPT_STRING, NULL, NULL,
     "which table: its number (default 1, the first), its name, or all (one after another)"},
    {"bom", GD_OPT_BOOL, "true", NULL,
     "start with a UTF-8 byte order mark (Excel and WPS need it to read Chinese)"},
    {"delimiter", GD_OPT_ENUM, "comma", "comma|semicolon|tab", "field separator"},
    {"formula-guard", GD_OPT_BOOL, "true", NULL,
     "prefix text starting with = + - @ with ' so spreadsheets never run it as a formula"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const csv_ext[] = {"csv", NULL};
static const char *const csv_mime[] = {"text/csv", NULL};

const gd_format_handler gd_csv_writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "csv",
    .description = "CSV (RFC 4180, UTF-8): a table of the document, one record per row",
    .extensions = csv_ext,
    .mime_types = csv_mime,
    .options = csv_options,
    .flags = GD_HANDLER_LAYOUT_SOURCE, /* data: tables as read unless --layout */
    .write = csv_write,
};
