/* The TXT reader: plain text in any common encoding, with the structure a
 * text export still shows — title, numbered headings, hard-wrapped
 * paragraphs, and tables flattened one cell per line (txt_table.c). */
#include "txt.h"

#include <stdlib.h>
#include <string.h>

/* Bytes a text file does not contain (NUL and most C0 controls); a few
 * are tolerated, many mean binary data. */
static size_t control_bytes(const uint8_t *p, size_t n)
{
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
        if ((p[i] < 0x20 && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f' &&
             p[i] != '\v' && p[i] != 0x1A) ||
            p[i] == 0x7F)
            bad++;
    return bad;
}

static bool mostly_text(const uint8_t *p, size_t n)
{
    return control_bytes(p, n) * 100 <= n;
}

static int txt_probe(const gd_probe_input *in)
{
    if (in->head_len >= 2 && ((in->head[0] == 0xFF && in->head[1] == 0xFE) ||
                              (in->head[0] == 0xFE && in->head[1] == 0xFF)))
        return GD_PROBE_MINIMUM + 9; /* UTF-16 text with a BOM */
    /* Any text is a text file: the universal fallback. */
    return mostly_text(in->head, in->head_len) ? GD_PROBE_MINIMUM : GD_PROBE_NONE;
}

static int txt_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    char *text = NULL;
    size_t tlen = 0;
    const char *charset = NULL;
    int rc = gd_charset_to_utf8(&text, &tlen, &charset, ctx, data, len, NULL);
    if (rc) return gd_ctx_error(ctx, rc, "cannot decode the text (%s)", charset ? charset : "?");
    if (!mostly_text((const uint8_t *)text, tlen)) {
        gd_free(text);
        return gd_ctx_error(ctx, GD_EFORMAT, "binary data, not a text file");
    }
    gd_doc_meta_set(doc, "source-charset", charset);

    txt_lines lines;
    rc = txt_lines_split(&lines, text, tlen);
    gd_builder *b = NULL;
    if (rc == GD_OK) rc = gd_builder_new(&b, ctx, doc);
    size_t run = 0, i = 0, wrap = rc == GD_OK ? txt_wrap_width(&lines) : 0;
    bool at_start = true;
    while (rc == GD_OK && i < lines.n) {
        if (!lines.v[i].tab) {
            i++;
            continue;
        }
        rc = txt_blocks_emit(b, &lines, run, i, at_start, wrap);
        at_start = false;
        if (rc == GD_OK) rc = txt_table_emit(b, &lines, &i);
        run = i;
    }
    if (rc == GD_OK) rc = txt_blocks_emit(b, &lines, run, lines.n, at_start, wrap);
    if (rc == GD_OK) rc = gd_builder_finish(b);
    if (rc == GD_OK) {
        /* The title heading, if one was found, names the document. */
        const gd_node *first = gd_node_first_child(gd_doc_root(doc));
        const char *role = gd_node_attr(first, "role");
        if (role && strcmp(role, "title") == 0) {
            char *t = gd_node_text_dup(first);
            if (t) gd_doc_meta_set(doc, "title", t);
            gd_free(t);
        }
    }
    txt_lines_free(&lines);
    gd_free(text);
    if (rc == GD_ENOMEM) return gd_ctx_error(ctx, rc, "out of memory");
    return rc;
}

static const char *const txt_ext[] = {"txt", "text", NULL};
static const char *const txt_mime[] = {"text/plain", NULL};

static const gd_format_handler txt_reader = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "txt",
    .description = "plain text (UTF-8/16, GB18030/GBK, Big5 …), incl. flattened tables",
    .extensions = txt_ext,
    .mime_types = txt_mime,
    .probe = txt_probe,
    .read = txt_read,
};

static const gd_format_handler *const handlers[] = {&txt_reader, NULL};

GD_PLUGIN_DEFINE("txt", "1.0.0", "plain-text reader", "MIT", handlers)
