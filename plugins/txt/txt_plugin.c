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

/* UTF-8, or UTF-8 cut inside its last character (the builder turns the
 * stray bytes into U+FFFD). */
static bool utf8_text(const uint8_t *p, size_t n)
{
    if (gd_utf8_valid((const char *)p, n)) return true;
    for (size_t k = 1; k <= 3 && k <= n; k++) {
        uint8_t c = p[n - k];
        if ((c & 0xC0) == 0x80) continue;
        size_t need = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
        return need > k && gd_utf8_valid((const char *)p, n - k);
    }
    return false;
}

static int txt_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    /* Valid UTF-8 (nearly every file) is read in place; anything else is
     * decoded into a copy. */
    char *decoded = NULL;
    const char *text;
    size_t tlen = 0;
    const char *charset = "UTF-8";
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) data += 3, len -= 3;
    if (utf8_text(data, len)) {
        text = (const char *)data;
        tlen = len;
    } else {
        int rc = gd_charset_to_utf8(&decoded, &tlen, &charset, ctx, data, len, NULL);
        if (rc) {
            gd_free(decoded);
            return gd_ctx_error(ctx, rc, "cannot decode the text (%s)", charset ? charset : "?");
        }
        text = decoded;
    }
    if (!mostly_text((const uint8_t *)text, tlen)) {
        gd_free(decoded);
        return gd_ctx_error(ctx, GD_EFORMAT, "binary data, not a text file");
    }
    gd_doc_meta_set(doc, "source-charset", charset);

    txt_lines lines;
    int rc = txt_lines_split(&lines, text, tlen);
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
    gd_free(decoded);
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
