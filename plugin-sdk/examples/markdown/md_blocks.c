/* Blocks: headings (ATX), paragraphs, lists, block quotes, code blocks,
 * thematic breaks, GFM pipe tables (merged cells flattened, with a note),
 * footnotes ([^n] definitions at the end); and the plugin's descriptor.
 *
 * A recognised annual report is written in its standard layout (the
 * template's headings and tables) unless -O markdown.layout=source. */
#include "md.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void blocks(md *m, const gd_node *first);

/* Ends the current line (if anything is on it). */
static void end_line(md *m)
{
    if (!m->bol) md_fail(m, gdh_buf_add(m->out, "\n", 1));
    m->bol = true;
}

/* A blank line between two blocks of one container. */
static void blank_line(md *m)
{
    end_line(m);
    size_t n = m->prefix.len;
    while (n && m->prefix.p[n - 1] == ' ') n--; /* no trailing spaces */
    md_fail(m, gdh_buf_add(m->out, m->prefix.p ? m->prefix.p : "", n));
    md_fail(m, gdh_buf_add(m->out, "\n", 1));
}

static size_t push_prefix(md *m, const char *s)
{
    size_t old = m->prefix.len;
    md_fail(m, md_puts(&m->prefix, s));
    return old;
}

static void pop_prefix(md *m, size_t old)
{
    m->prefix.len = old;
    if (m->prefix.p) m->prefix.p[old] = 0;
}

/* ---- table cells: their blocks on one line ---- */

static void cell_blocks(md *m, const gd_node *n, int *count)
{
    for (; n && !m->rc; n = gd_node_next(n)) {
        gd_node_type t = gd_node_get_type(n);
        if (t == GD_NODE_LIST) {
            int k = gd_node_list_start(n);
            for (const gd_node *it = gd_node_first_child(n); it; it = gd_node_next(it), k++) {
                if ((*count)++) md_raw(m, "<br>", 4);
                char mark[32];
                if (gd_node_list_ordered(n))
                    snprintf(mark, sizeof mark, "%d. ", k);
                else
                    snprintf(mark, sizeof mark, "• ");
                md_raw(m, mark, strlen(mark));
                int inner = 1; /* the item's blocks follow its mark */
                cell_blocks(m, gd_node_first_child(it), &inner);
            }
        } else if (t == GD_NODE_TABLE || t == GD_NODE_ROW || t == GD_NODE_CELL ||
                   t == GD_NODE_BLOCK_QUOTE || t == GD_NODE_DIV || t == GD_NODE_ITEM) {
            cell_blocks(m, gd_node_first_child(n), count); /* a nested table: its text */
        } else if (t == GD_NODE_PARAGRAPH || t == GD_NODE_HEADING || t == GD_NODE_CODE_BLOCK) {
            if ((*count)++) md_raw(m, "<br>", 4);
            md_inlines(m, gd_node_first_child(n));
        } else if (t >= GD_NODE_FIRST_INLINE) {
            md_inlines(m, n);
            return; /* md_inlines wrote the siblings too */
        }
    }
}

/* ---- tables ---- */

static char *dup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = malloc(n);
    return d ? memcpy(d, s, n) : NULL;
}

static bool row_is_header(const gd_table_grid *g, int r)
{
    for (int c = 0; c < gd_table_grid_cols(g); c++) {
        const gd_node *cell = gd_table_grid_cell(g, r, c, NULL);
        const gd_node *row = cell ? gd_node_parent(cell) : NULL;
        if (row) return gd_node_header(row) || gd_node_header(cell);
    }
    return false;
}

static void pad_cell(md *m, const char *s, size_t width)
{
    size_t len = s ? strlen(s) : 0;
    md_raw(m, " ", 1);
    md_raw(m, s ? s : "", len);
    /* aligned columns for whoever reads the source; Chinese takes two */
    size_t w = s ? gdh_cjk_width(s, len) : 0;
    for (; w < width && !m->rc; w++) md_raw(m, " ", 1);
    md_raw(m, " |", 2);
}

static void table(md *m, const gd_node *t)
{
    gd_table_grid *g = NULL;
    int rc = gd_table_grid_build(&g, t);
    if (rc) {
        md_fail(m, rc);
        return;
    }
    int rows = gd_table_grid_rows(g), cols = gd_table_grid_cols(g);
    if (rows <= 0 || cols <= 0) {
        gd_table_grid_free(g);
        return;
    }
    char **txt = calloc((size_t)rows * (size_t)cols, sizeof *txt);
    size_t *width = calloc((size_t)cols, sizeof *width);
    bool spans = false;
    if (!txt || !width) md_fail(m, GD_ENOMEM);
    /* each origin cell's content on one line; covered slots empty (or a
     * copy, with spans=repeat) */
    gdh_buf *doc = m->out;
    int where = m->where;
    for (int r = 0; r < rows && !m->rc; r++)
        for (int c = 0; c < cols && !m->rc; c++) {
            int origin = 0;
            const gd_node *cell = gd_table_grid_cell(g, r, c, &origin);
            if (!cell) continue;
            if (!origin) {
                spans = true;
                continue;
            }
            gdh_buf b = {0};
            m->out = &b;
            m->where = IN_CELL;
            m->bol = false;
            int count = 0;
            cell_blocks(m, gd_node_first_child(cell), &count);
            txt[(size_t)r * (size_t)cols + (size_t)c] = b.p;
        }
    m->out = doc;
    m->where = where;
    m->bol = true;
    /* spans=repeat: each origin's text into the slots its spans cover */
    for (int r = 0; r < rows && !m->rc && m->repeat_spans; r++)
        for (int c = 0; c < cols && !m->rc; c++) {
            int origin = 0;
            const gd_node *cell = gd_table_grid_cell(g, r, c, &origin);
            const char *s = txt[(size_t)r * (size_t)cols + (size_t)c];
            if (!cell || !origin || !s) continue;
            int rs = gd_node_rowspan(cell), cs = gd_node_colspan(cell);
            for (int i = 0; i < rs && r + i < rows; i++)
                for (int k = 0; k < cs && c + k < cols; k++) {
                    char **slot = &txt[(size_t)(r + i) * (size_t)cols + (size_t)(c + k)];
                    if ((i || k) && !*slot && gd_table_grid_cell(g, r + i, c + k, NULL) == cell &&
                        !(*slot = dup(s)))
                        md_fail(m, GD_ENOMEM);
                }
        }
    for (int r = 0; r < rows && !m->rc; r++)
        for (int c = 0; c < cols; c++) {
            const char *s = txt[(size_t)r * (size_t)cols + (size_t)c];
            size_t w = s ? gdh_cjk_width(s, strlen(s)) : 0;
            if (w > 40) w = 0; /* a long cell does not widen its whole column */
            if (w > width[c]) width[c] = w;
        }
    if (width)
        for (int c = 0; c < cols; c++)
            if (width[c] < 3) width[c] = 3;
    /* GFM needs a header row: the table's first row if it is one, else empty */
    int first = row_is_header(g, 0) ? 1 : 0;
    for (int r = -1; r < rows && !m->rc; r++) {
        if (r == -1 && first) continue;
        md_raw(m, "|", 1);
        for (int c = 0; c < cols; c++)
            pad_cell(m, r < 0 ? "" : txt[(size_t)r * (size_t)cols + (size_t)c], width[c]);
        end_line(m);
        if (r == (first ? 0 : -1)) {
            md_raw(m, "|", 1);
            for (int c = 0; c < cols; c++) {
                md_raw(m, " ", 1);
                for (size_t k = 0; k < width[c]; k++) md_raw(m, "-", 1);
                md_raw(m, " |", 2);
            }
            end_line(m);
        }
    }
    for (size_t i = 0; txt && i < (size_t)rows * (size_t)cols; i++) free(txt[i]);
    free(txt);
    free(width);
    gd_table_grid_free(g);
    if (spans && m->span_note && *m->span_note && !m->rc) {
        blank_line(m);
        md_raw(m, "*", 1);
        md_text(m, m->span_note, strlen(m->span_note));
        md_raw(m, "*", 1);
        end_line(m);
    }
}

/* ---- blocks ---- */

static void code_block(md *m, const gd_node *n)
{
    md_raw(m, "```", 3);
    end_line(m);
    for (const gd_node *c = gd_node_first_child(n); c && !m->rc; c = gd_node_next(c)) {
        if (gd_node_get_type(c) == GD_NODE_LINE_BREAK) {
            m->bol = false; /* an empty line stays in the block */
            end_line(m);
            continue;
        }
        size_t len = 0;
        const char *s = gd_node_text(c, &len);
        for (size_t i = 0; s && i < len; i++) {
            size_t j = i;
            while (j < len && s[j] != '\n') j++;
            md_raw(m, s + i, j - i);
            if (j < len) end_line(m);
            i = j;
        }
    }
    end_line(m);
    md_raw(m, "```", 3);
    end_line(m);
}

static void list(md *m, const gd_node *n)
{
    bool ordered = gd_node_list_ordered(n);
    int k = gd_node_list_start(n);
    bool firstitem = true;
    for (const gd_node *it = gd_node_first_child(n); it && !m->rc; it = gd_node_next(it), k++) {
        if (!firstitem) end_line(m);
        firstitem = false;
        char mark[32];
        if (ordered)
            snprintf(mark, sizeof mark, "%d. ", k);
        else
            snprintf(mark, sizeof mark, "- ");
        end_line(m);
        md_raw(m, mark, strlen(mark));
        char spaces[32];
        size_t w = strlen(mark);
        memset(spaces, ' ', w);
        spaces[w] = 0;
        size_t old = push_prefix(m, spaces);
        blocks(m, gd_node_first_child(it));
        end_line(m);
        pop_prefix(m, old);
    }
}

static void block(md *m, const gd_node *n)
{
    switch (gd_node_get_type(n)) {
    case GD_NODE_HEADING: {
        int level = gd_node_level(n);
        char hashes[8] = "######";
        hashes[level < 1 ? 1 : level > 6 ? 6 : level] = 0;
        md_raw(m, hashes, strlen(hashes));
        md_raw(m, " ", 1);
        m->where = IN_HEADING;
        md_inlines(m, gd_node_first_child(n));
        m->where = IN_BODY;
        end_line(m);
        break;
    }
    case GD_NODE_PARAGRAPH:
        md_inlines(m, gd_node_first_child(n));
        end_line(m);
        break;
    case GD_NODE_LIST: list(m, n); break;
    case GD_NODE_TABLE:
        end_line(m);
        table(m, n);
        break;
    case GD_NODE_BLOCK_QUOTE: {
        size_t old = push_prefix(m, "> ");
        end_line(m);
        blocks(m, gd_node_first_child(n));
        end_line(m);
        pop_prefix(m, old);
        break;
    }
    case GD_NODE_CODE_BLOCK: code_block(m, n); break;
    case GD_NODE_THEMATIC_BREAK:
        md_raw(m, "* * *", 5);
        end_line(m);
        break;
    default: /* DIV, ITEM out of a list, kinds this writer does not know */
        blocks(m, gd_node_first_child(n));
    }
}

static bool writes_nothing(const gd_node *n)
{
    gd_node_type t = gd_node_get_type(n);
    return t == GD_NODE_PAGE_BREAK; /* Markdown has no pages */
}

static void blocks(md *m, const gd_node *n)
{
    if (++m->depth > 300) {
        md_fail(m, gd_ctx_error(m->ctx, GD_ELIMIT, "document nested too deep"));
        m->depth--;
        return;
    }
    bool first = true;
    for (; n && !m->rc; n = gd_node_next(n)) {
        if (writes_nothing(n)) continue;
        if (!first) blank_line(m);
        if (gd_node_get_type(n) >= GD_NODE_FIRST_INLINE) { /* inlines loose in a container */
            md_inlines(m, n);
            end_line(m);
            break;
        }
        block(m, n);
        first = false;
    }
    m->depth--;
}

/* ---- the document ---- */

static void yaml_value(md *m, const char *v)
{
    md_raw(m, "\"", 1);
    for (const char *p = v; *p && !m->rc; p++) {
        if (*p == '"' || *p == '\\') md_raw(m, "\\", 1);
        if (*p == '\n')
            md_raw(m, "\\n", 2);
        else
            md_raw(m, p, 1);
    }
    md_raw(m, "\"", 1);
}

static void front_matter(md *m)
{
    static const char *const keys[] = {"title", "author", "issuer", "date", "year", "language"};
    md_raw(m, "---", 3);
    end_line(m);
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *v = gd_doc_meta_get(m->doc, keys[i]);
        if (!v) continue;
        md_raw(m, keys[i], strlen(keys[i]));
        md_raw(m, ": ", 2);
        yaml_value(m, v);
        end_line(m);
    }
    md_raw(m, "---", 3);
    end_line(m);
    md_fail(m, gdh_buf_add(m->out, "\n", 1));
}

static void notes(md *m)
{
    /* a note's own notes are appended as they are met */
    for (size_t i = 0; i < m->nnotes && !m->rc; i++) {
        blank_line(m);
        char ref[32];
        snprintf(ref, sizeof ref, "[^%zu]: ", i + 1);
        md_raw(m, ref, strlen(ref));
        size_t old = push_prefix(m, "    ");
        blocks(m, gd_node_first_child(m->notes[i]));
        end_line(m);
        pop_prefix(m, old);
    }
}

static int md_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    gdh_buf body = {0};
    md m;
    memset(&m, 0, sizeof m);
    m.ctx = ctx;
    m.doc = doc;
    m.out = &body;
    m.bol = true;
    m.embed_images = strcmp(gd_ctx_option(ctx, "images"), "drop") != 0;
    m.repeat_spans = strcmp(gd_ctx_option(ctx, "spans"), "repeat") == 0;
    m.front_matter = gd_ctx_option_bool(ctx, "front-matter");
    m.span_note = gd_ctx_option(ctx, "span-note");
    md_fail(&m, md_puts(&m.prefix, ""));
    /* a recognised report: the standard layout the core built from its
     * template, unless the document as read is asked for */
    const gd_node *root = gd_doc_root(doc);
    const gd_report *r = gd_doc_report(doc);
    if (r && strcmp(gd_ctx_option(ctx, "layout"), "standard") == 0 && gd_report_canonical(r))
        root = gd_report_canonical(r);
    if (m.front_matter) front_matter(&m);
    blocks(&m, gd_node_first_child(root));
    notes(&m);
    end_line(&m);
    int rc = m.rc;
    if (!rc && body.len) rc = gd_sink_write(out, body.p, body.len);
    gdh_buf_free(&body);
    gdh_buf_free(&m.prefix);
    free(m.notes);
    if (rc == GD_ENOMEM) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    return rc;
}

/* ---- the descriptor ---- */

static const gd_option_desc md_options[] = {
    {"layout", GD_OPT_ENUM, "standard", "standard|source",
     "a recognised report: standard = the template's headings and tables; source = as read"},
    {"images", GD_OPT_ENUM, "embed", "embed|drop",
     "embedded images: as data: URIs in the page, or left out"},
    {"spans", GD_OPT_ENUM, "first", "first|repeat",
     "merged table cells: text in the first (top-left) cell only, or repeated in each"},
    {"span-note", GD_OPT_STRING, "注：原表有合并单元格，已拆开；合并单元格的内容在其左上角的格中。",
     NULL, "the note written after a table whose merged cells were split (empty: none)"},
    {"front-matter", GD_OPT_BOOL, "false", NULL,
     "begin with a YAML block of the metadata (title, author, issuer, date ...)"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const md_ext[] = {"md", "markdown", NULL};
static const char *const md_mime[] = {"text/markdown", NULL};

static const gd_format_handler md_writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "markdown",
    .description = "Markdown (GitHub Flavored: pipe tables, footnotes)",
    .extensions = md_ext,
    .mime_types = md_mime,
    .options = md_options,
    .write = md_write,
};

static const gd_format_handler *const handlers[] = {&md_writer, NULL};

GD_PLUGIN_DEFINE("markdown", "1.0.0", "Markdown writer (SDK example)", "MIT", handlers)
