/* XLSX writer (libxlsxwriter): every table of the document on a sheet of
 * its own — numbers as numbers, merged cells for spans, the leading header
 * rows bold, frozen and filterable. libxlsxwriter writes only to a file, so
 * the workbook goes through a private temporary file into the sink. */
#define _GNU_SOURCE
#include "tables.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xlsxwriter.h>

#define CELL_CHARS_MAX 32767 /* Excel's limit on the characters of a cell */

typedef struct xw {
    gd_ctx *ctx;
    lxw_workbook *wb;
    lxw_format *header, *wrap;
    size_t truncated;
} xw;

static int lxw_fail(xw *x, lxw_error e, const char *what)
{
    return gd_ctx_error(x->ctx, GD_EIO, "XLSX %s: %s", what, lxw_strerror(e));
}

/* Display width of UTF-8 text (East Asian characters count two). */
static size_t text_width(const char *s)
{
    size_t w = 0, line = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) {
        if (*p == '\n') {
            if (line > w) w = line;
            line = 0;
            p++;
            continue;
        }
        size_t adv = 1;
        uint32_t cp = gd_utf8_decode((const char *)p, strlen((const char *)p), &adv);
        line += cp >= 0x1100 ? 2 : 1;
        p += adv;
    }
    return line > w ? line : w;
}

/* Cuts text to Excel's 32767 characters (at a character boundary). */
static void clip(xw *x, char *s)
{
    size_t chars = 0;
    for (char *p = s; *p; p++) {
        if (((unsigned char)*p & 0xC0) != 0x80 && ++chars > CELL_CHARS_MAX) {
            *p = 0;
            x->truncated++;
            return;
        }
    }
}

/* A sheet name Excel accepts: no []:*?/\, not quoted, at most 31
 * characters, unique in the workbook. */
static void sheet_name(xw *x, const char *want, char *out, size_t n)
{
    char base[LXW_MAX_SHEETNAME_LENGTH];
    size_t o = 0, chars = 0;
    for (const char *p = want; *p && o + 5 < sizeof base;) {
        size_t adv = 1;
        gd_utf8_decode(p, strlen(p), &adv);
        if (chars == LXW_SHEETNAME_MAX) break;
        if (adv == 1 && strchr("[]:*?/\\", *p))
            base[o++] = '_';
        else if (adv == 1 && ((unsigned char)*p < 0x20 || (*p == '\'' && (chars == 0 || !p[1]))))
            base[o++] = '_';
        else
            memcpy(base + o, p, adv), o += adv;
        p += adv;
        chars++;
    }
    base[o] = 0;
    if (!o) snprintf(base, sizeof base, "Sheet");
    snprintf(out, n, "%s", base);
    for (int k = 2; workbook_get_worksheet_by_name(x->wb, out) ||
                    workbook_validate_sheet_name(x->wb, out) != LXW_NO_ERROR;
         k++) {
        /* keep room for " (k)" within 31 characters */
        char cut[LXW_MAX_SHEETNAME_LENGTH];
        size_t keep = 0, c = 0;
        for (const char *p = base; *p && c < LXW_SHEETNAME_MAX - 6; c++) {
            size_t adv = 1;
            gd_utf8_decode(p, strlen(p), &adv);
            keep += adv;
            p += adv;
        }
        snprintf(cut, sizeof cut, "%.*s", (int)keep, base);
        snprintf(out, n, "%.100s (%d)", cut, k);
        if (k > 10000) break;
    }
}

static int write_sheet(xw *x, const gd_node *table, size_t index)
{
    char buf[64], name[256];
    sheet_name(x, tables_name(table, index, buf, sizeof buf), name, sizeof name);
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) return gd_ctx_error(x->ctx, GD_EIO, "XLSX: cannot add sheet %s", name);
    gd_table_grid *g;
    if (gd_table_grid_build(&g, table) != GD_OK)
        return gd_ctx_error(x->ctx, GD_ENOMEM, "out of memory (table grid)");
    int rows = gd_table_grid_rows(g), cols = gd_table_grid_cols(g);
    if (rows > LXW_ROW_MAX || cols > LXW_COL_MAX) {
        gd_table_grid_free(g);
        return gd_ctx_error(x->ctx, GD_ELIMIT,
                            "table %zu has %d rows and %d columns; a sheet holds at most %d and %d",
                            index + 1, rows, cols, LXW_ROW_MAX, LXW_COL_MAX);
    }
    int header = tables_header_rows(g);
    size_t *width = calloc((size_t)cols + 1, sizeof *width);
    int rc = width ? GD_OK : gd_ctx_error(x->ctx, GD_ENOMEM, "out of memory");
    for (int r = 0; rc == GD_OK && r < rows; r++) {
        for (int c = 0; rc == GD_OK && c < cols; c++) {
            int origin = 0;
            const gd_node *cell = gd_table_grid_cell(g, r, c, &origin);
            if (!cell || !origin) continue;
            char *text = tables_cell_text(cell);
            if (!text) {
                rc = gd_ctx_error(x->ctx, GD_ENOMEM, "out of memory");
                break;
            }
            clip(x, text);
            double v = 0;
            bool number = tables_cell_number(cell, text, &v);
            bool head = r < header || gd_node_header(cell);
            lxw_format *fmt = head ? x->header : strchr(text, '\n') ? x->wrap : NULL;
            int rs = gd_node_rowspan(cell), cs = gd_node_colspan(cell);
            if (rs < 1) rs = 1;
            if (cs < 1) cs = 1;
            if (r + rs > rows) rs = rows - r;
            if (c + cs > cols) cs = cols - c;
            lxw_error e = LXW_NO_ERROR;
            if (rs > 1 || cs > 1) {
                e = worksheet_merge_range(ws, (lxw_row_t)r, (lxw_col_t)c, (lxw_row_t)(r + rs - 1),
                                          (lxw_col_t)(c + cs - 1), number ? "" : text, fmt);
                if (e == LXW_NO_ERROR && number)
                    e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v, fmt);
            } else if (number) {
                e = worksheet_write_number(ws, (lxw_row_t)r, (lxw_col_t)c, v, fmt);
            } else if (*text) {
                e = worksheet_write_string(ws, (lxw_row_t)r, (lxw_col_t)c, text, fmt);
            } else if (fmt) {
                e = worksheet_write_blank(ws, (lxw_row_t)r, (lxw_col_t)c, fmt);
            }
            if (e != LXW_NO_ERROR) rc = lxw_fail(x, e, "cell");
            /* widths from the data; header texts wrap (up to 24 wide) */
            size_t w = text_width(text);
            if (head && w > 24) w = 24;
            if (cs == 1 && w > width[c]) width[c] = w;
            gd_free(text);
        }
    }
    for (int c = 0; rc == GD_OK && c < cols; c++) {
        double w = (double)(width[c] < 4 ? 4 : width[c] > 60 ? 60 : width[c]) + 2;
        lxw_error e = worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
        if (e != LXW_NO_ERROR) rc = lxw_fail(x, e, "column");
    }
    if (rc == GD_OK && header > 0) {
        const char *fc = gd_node_attr(table, "frozen-columns");
        int frozen = fc ? atoi(fc) : 0;
        if (frozen < 0 || frozen >= cols) frozen = 0;
        worksheet_freeze_panes(ws, (lxw_row_t)header, (lxw_col_t)frozen);
        if (rows > header && cols > 0) {
            lxw_error e = worksheet_autofilter(ws, (lxw_row_t)(header - 1), 0,
                                               (lxw_row_t)(rows - 1), (lxw_col_t)(cols - 1));
            if (e != LXW_NO_ERROR) rc = lxw_fail(x, e, "filter");
        }
    }
    free(width);
    gd_table_grid_free(g);
    return rc;
}

static int copy_file(gd_ctx *ctx, const char *path, gd_sink *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return gd_ctx_error(ctx, GD_EIO, "cannot read back the workbook");
    char chunk[65536];
    size_t n;
    int rc = GD_OK;
    while (rc == GD_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        rc = gd_sink_write(out, chunk, n);
    if (rc == GD_OK && ferror(f)) rc = gd_ctx_error(ctx, GD_EIO, "cannot read back the workbook");
    fclose(f);
    return rc;
}

static int xlsx_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    tables_list l;
    if (tables_collect(&l, ctx, doc)) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    if (!l.n) {
        tables_free(&l);
        return gd_ctx_error(ctx, GD_ENOTSUPPORTED, "the document has no table to write");
    }
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    char *path = NULL;
    if (asprintf(&path, "%s/govdoc-xlsx-XXXXXX", dir) < 0) path = NULL;
    int fd = path ? mkstemp(path) : -1;
    if (fd < 0) {
        free(path);
        tables_free(&l);
        return gd_ctx_error(ctx, GD_EIO, "cannot create a temporary file in %s", dir);
    }
    close(fd);
    lxw_workbook_options opt = {.constant_memory = 0, .tmpdir = (char *)dir, .use_zip64 = 0};
    xw x = {ctx, workbook_new_opt(path, &opt), NULL, NULL, 0};
    int rc = x.wb ? GD_OK : gd_ctx_error(ctx, GD_EIO, "cannot start the workbook");
    if (rc == GD_OK) {
        x.header = workbook_add_format(x.wb);
        x.wrap = workbook_add_format(x.wb);
        format_set_bold(x.header);
        format_set_text_wrap(x.header);
        format_set_align(x.header, LXW_ALIGN_VERTICAL_TOP);
        format_set_bg_color(x.header, 0xE8EEF4);
        format_set_bottom(x.header, LXW_BORDER_THIN);
        format_set_text_wrap(x.wrap);
        format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);
        const char *title = gd_doc_meta_get(doc, "title");
        lxw_doc_properties props = {0};
        props.title = (char *)title;
        props.comments = "written by govdoc";
        workbook_set_properties(x.wb, &props);
    }
    for (size_t i = 0; rc == GD_OK && i < l.n; i++) rc = write_sheet(&x, l.v[i], i);
    if (x.wb) {
        lxw_error e = workbook_close(x.wb); /* frees it, even after a failure */
        if (rc == GD_OK && e != LXW_NO_ERROR) rc = lxw_fail(&x, e, "workbook");
    }
    if (rc == GD_OK) rc = copy_file(ctx, path, out);
    if (rc == GD_OK && x.truncated)
        gd_ctx_warn(ctx, "%zu cells cut to Excel's %d characters", x.truncated, CELL_CHARS_MAX);
    unlink(path);
    free(path);
    tables_free(&l);
    return rc;
}

static const char *const xlsx_ext[] = {"xlsx", NULL};
static const char *const xlsx_mime[] = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", NULL};

static const gd_format_handler xlsx_writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "xlsx",
    .description = "Excel workbook (XLSX): every table of the document on a sheet",
    .extensions = xlsx_ext,
    .mime_types = xlsx_mime,
    .flags =
        GD_HANDLER_BINARY | GD_HANDLER_LAYOUT_SOURCE, /* data: tables as read unless --layout */
    .write = xlsx_write,
};

static const gd_format_handler *const handlers[] = {&xlsx_writer, NULL};

GD_PLUGIN_DEFINE("xlsx", "1.0.0", "a document's tables as an Excel workbook (libxlsxwriter)", "MIT",
                 handlers)
