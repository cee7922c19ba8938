/* JSON writer: the whole IR (and the report model) as JSON, streamed as
 * the tree is walked. Named fields, keys in a fixed order, UTF-8; the
 * format is described by formats/json/govdoc.schema.json. */
#include <govdoc/gd_plugin.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const style_names[] = {"bold",        "italic",    "underline", "strike",
                                          "superscript", "subscript", "code"};

/* The key under which a node's children go, by node kind. */
static const char *children_key(gd_node_type t)
{
    switch (t) {
    case GD_NODE_PARAGRAPH:
    case GD_NODE_HEADING:
    case GD_NODE_LINK:
    case GD_NODE_CODE_BLOCK: return "inlines";
    case GD_NODE_LIST: return "items";
    case GD_NODE_TABLE: return "rows";
    case GD_NODE_ROW: return "cells";
    case GD_NODE_TEXT:
    case GD_NODE_LINE_BREAK:
    case GD_NODE_IMAGE:
    case GD_NODE_PAGE_BREAK:
    case GD_NODE_THEMATIC_BREAK: return NULL;
    default: return "blocks";
    }
}

/* ---- a streaming emitter ----
 * The JSON is written while the tree is walked, into a 64 KB buffer that
 * goes to the sink when full: no intermediate tree, no small writes. The
 * bytes are those jansson wrote before (key order, escapes, number format),
 * with an indent of N spaces (json.indent, default 2) or none (0). */

typedef struct jw {
    gd_sink *out;
    int indent; /* 0: compact */
    int depth;
    bool first; /* no member yet in the innermost container */
    int err;
    size_t n;
    char buf[1 << 16];
} jw;

static void jw_flush(jw *w)
{
    if (w->n && !w->err) w->err = gd_sink_write(w->out, w->buf, w->n);
    w->n = 0;
}

static void put(jw *w, const char *s, size_t n)
{
    if (n > sizeof w->buf - w->n) {
        jw_flush(w);
        if (n > sizeof w->buf) {
            if (!w->err) w->err = gd_sink_write(w->out, s, n);
            return;
        }
    }
    memcpy(w->buf + w->n, s, n);
    w->n += n;
}

static void putc_(jw *w, char c)
{
    if (w->n == sizeof w->buf) jw_flush(w);
    w->buf[w->n++] = c;
}

static void newline(jw *w)
{
    if (!w->indent) return;
    putc_(w, '\n');
    for (int i = 0; i < w->depth * w->indent; i++) putc_(w, ' ');
}

static void str(jw *w, const char *s, size_t n)
{
    static const char hex[] = "0123456789ABCDEF";
    putc_(w, '"');
    size_t run = 0; /* bytes copied as they are */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        put(w, s + run, i - run);
        run = i + 1;
        char e[6] = {'\\', 0};
        size_t k = 2;
        switch (c) {
        case '"': e[1] = '"'; break;
        case '\\': e[1] = '\\'; break;
        case '\b': e[1] = 'b'; break;
        case '\f': e[1] = 'f'; break;
        case '\n': e[1] = 'n'; break;
        case '\r': e[1] = 'r'; break;
        case '\t': e[1] = 't'; break;
        default:
            e[1] = 'u';
            e[2] = '0';
            e[3] = '0';
            e[4] = hex[c >> 4];
            e[5] = hex[c & 15];
            k = 6;
        }
        put(w, e, k);
    }
    put(w, s + run, n - run);
    putc_(w, '"');
}

static void cstr(jw *w, const char *s)
{
    str(w, s, strlen(s));
}

/* The separator before a member or element. */
static void member(jw *w)
{
    if (!w->first) putc_(w, ',');
    w->first = false;
    newline(w);
}

static void key(jw *w, const char *k)
{
    member(w);
    cstr(w, k);
    if (w->indent)
        put(w, ": ", 2);
    else
        putc_(w, ':');
}

static void open_(jw *w, char c)
{
    putc_(w, c);
    w->depth++;
    w->first = true;
}

static void close_(jw *w, char c)
{
    w->depth--;
    if (!w->first) newline(w);
    w->first = false;
    putc_(w, c);
}

static void kstr(jw *w, const char *k, const char *v)
{
    key(w, k);
    if (v)
        cstr(w, v);
    else
        put(w, "null", 4);
}

static void kint(jw *w, const char *k, long long v)
{
    key(w, k);
    char b[32];
    int n = snprintf(b, sizeof b, "%lld", v);
    put(w, b, (size_t)n);
}

static void kbool(jw *w, const char *k, bool v)
{
    key(w, k);
    if (v)
        put(w, "true", 4);
    else
        put(w, "false", 5);
}

/* Counts stay integers; amounts (万元) keep their decimals (as jansson's
 * real: %.15g, with ".0" when it would read as an integer). */
static void number(jw *w, double v)
{
    char b[64];
    int n;
    if (v == (double)(long long)v && v > -9e15 && v < 9e15) {
        n = snprintf(b, sizeof b, "%lld", (long long)v);
    } else {
        n = snprintf(b, sizeof b, "%.15g", v);
        if (!strchr(b, '.') && !strchr(b, 'e') && n + 2 < (int)sizeof b) {
            b[n++] = '.';
            b[n++] = '0';
            b[n] = 0;
        }
        char *e = strchr(b, 'e');
        if (e) { /* jansson drops a '+' and leading zeros of the exponent */
            char *p = e + 1, *q = p;
            if (*q == '+')
                q++;
            else if (*q == '-')
                p++, q++;
            while (*q == '0' && q[1]) q++;
            memmove(p, q, strlen(q) + 1);
            n = (int)strlen(b);
        }
    }
    put(w, b, (size_t)n);
}

/* A node's own fields, then (by the caller) its children. */
static void node_fields(jw *w, const gd_node *n)
{
    gd_node_type t = gd_node_get_type(n);
    kstr(w, "type", gd_node_type_name(t));
    switch (t) {
    case GD_NODE_HEADING: kint(w, "level", gd_node_level(n)); break;
    case GD_NODE_LIST:
        kbool(w, "ordered", gd_node_list_ordered(n));
        kint(w, "start", gd_node_list_start(n));
        break;
    case GD_NODE_ROW: kbool(w, "header", gd_node_header(n)); break;
    case GD_NODE_CELL:
        kint(w, "rowspan", gd_node_rowspan(n));
        kint(w, "colspan", gd_node_colspan(n));
        kbool(w, "header", gd_node_header(n));
        break;
    case GD_NODE_TEXT: {
        size_t len;
        const char *s = gd_node_text(n, &len);
        key(w, "text");
        str(w, s, len);
        unsigned style = gd_node_style(n);
        if (style) {
            key(w, "style");
            open_(w, '[');
            for (unsigned i = 0; i < sizeof style_names / sizeof *style_names; i++)
                if (style & (1u << i)) {
                    member(w);
                    cstr(w, style_names[i]);
                }
            close_(w, ']');
        }
        break;
    }
    case GD_NODE_LINK:
    case GD_NODE_IMAGE: kstr(w, "url", gd_node_url(n)); break;
    default: break;
    }
    size_t nattr = gd_node_attr_count(n);
    if (nattr) {
        key(w, "attrs");
        open_(w, '{');
        for (size_t i = 0; i < nattr; i++) {
            const char *k, *v;
            if (gd_node_attr_at(n, i, &k, &v) == GD_OK) kstr(w, k, v);
        }
        close_(w, '}');
    }
    if (gd_node_line(n)) kint(w, "line", (long long)gd_node_line(n));
}

/* The block list of the document, iteratively: each node opens an object
 * and, when it has a children key, an array that its children fill. */
static int blocks(jw *w, const gd_node *root)
{
    gd_iter *it;
    if (gd_iter_new(&it, root) != GD_OK) return GD_ENOMEM;
    open_(w, '[');
    gd_event ev;
    while ((ev = gd_iter_next(it)) != GD_EVENT_DONE && !w->err) {
        const gd_node *n = gd_iter_node(it);
        if (n == root) continue;
        const char *ck = children_key(gd_node_get_type(n));
        if (ev == GD_EVENT_ENTER) {
            member(w);
            open_(w, '{');
            node_fields(w, n);
            if (ck) {
                key(w, ck);
                open_(w, '[');
            }
            if (!ck || !gd_node_first_child(n)) {
                if (ck) close_(w, ']');
                close_(w, '}');
                gd_iter_skip_children(it);
            }
        } else if (ev == GD_EVENT_EXIT && ck && gd_node_first_child(n)) {
            close_(w, ']');
            close_(w, '}');
        }
    }
    gd_iter_free(it);
    close_(w, ']');
    return GD_OK;
}

static void report(jw *w, const gd_report *r)
{
    open_(w, '{');
    kstr(w, "template", gd_report_template_id(r));
    key(w, "metadata");
    open_(w, '{');
    const char *year = gd_report_meta(r, "year");
    kstr(w, "agency", gd_report_meta(r, "agency"));
    if (year && *year)
        kint(w, "year", atoi(year));
    else
        kstr(w, "year", NULL);
    close_(w, '}');
    key(w, "sections");
    open_(w, '[');
    for (size_t i = 0; i < gd_report_section_count(r); i++) {
        const char *id, *heading, *found;
        if (gd_report_section_at(r, i, &id, &heading, &found) != GD_OK) continue;
        member(w);
        open_(w, '{');
        kstr(w, "id", id);
        kstr(w, "heading", heading);
        kstr(w, "found", found);
        close_(w, '}');
    }
    close_(w, ']');
    size_t nf = gd_report_field_count(r);
    key(w, "fields");
    open_(w, '{');
    for (size_t i = 0; i < nf; i++) {
        double v;
        key(w, gd_report_field_key(r, i));
        if (gd_report_field_value(r, i, &v))
            number(w, v);
        else
            put(w, "null", 4);
    }
    close_(w, '}');
    key(w, "sources");
    open_(w, '{');
    for (size_t i = 0; i < nf; i++)
        kstr(w, gd_report_field_key(r, i), gd_report_field_source(r, i));
    close_(w, '}');
    key(w, "checks");
    open_(w, '[');
    for (size_t i = 0; i < gd_report_check_count(r); i++) {
        member(w);
        open_(w, '{');
        kstr(w, "rule", gd_report_check_rule(r, i));
        kbool(w, "ok", gd_report_check_ok(r, i));
        kstr(w, "message", gd_report_check_message(r, i));
        key(w, "fields");
        open_(w, '[');
        for (size_t k = 0; k < gd_report_check_field_count(r, i); k++) {
            const char *f = gd_report_check_field(r, i, k);
            member(w);
            if (f)
                cstr(w, f);
            else
                put(w, "null", 4);
        }
        close_(w, ']');
        close_(w, '}');
    }
    close_(w, ']');
    close_(w, '}');
}

static int json_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    jw *w = malloc(sizeof *w);
    if (!w) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    double ind = gd_ctx_option_number(ctx, "indent");
    if (ind < 0 || ind > 8 || ind != (int)ind) {
        free(w);
        return gd_ctx_error(ctx, GD_EUSER, "option indent: a whole number from 0 to 8");
    }
    w->out = out;
    w->indent = gd_ctx_option_bool(ctx, "pretty") ? (int)ind : 0;
    w->depth = 0;
    w->first = true;
    w->err = 0;
    w->n = 0;
    open_(w, '{');
    kstr(w, "govdoc", GD_JSON_VERSION);
    key(w, "meta");
    open_(w, '{');
    for (size_t i = 0; i < gd_doc_meta_count(doc); i++) {
        const char *k, *v;
        if (gd_doc_meta_at(doc, i, &k, &v) == GD_OK) kstr(w, k, v);
    }
    close_(w, '}');
    bool embed = strcmp(gd_ctx_option(ctx, "resources"), "embed") == 0;
    key(w, "resources");
    open_(w, '[');
    int rc = GD_OK;
    for (size_t i = 0; i < gd_doc_resource_count(doc); i++) {
        const char *id, *mime;
        const uint8_t *data;
        size_t len;
        if (gd_doc_resource_at(doc, i, &id, &mime, &data, &len) != GD_OK) continue;
        member(w);
        open_(w, '{');
        kstr(w, "id", id);
        kstr(w, "mime", mime);
        kint(w, "size", (long long)len);
        if (embed) {
            size_t blen;
            char *b64 = gd_base64_encode(data, len, &blen);
            if (!b64) rc = GD_ENOMEM;
            key(w, "data");
            if (b64) str(w, b64, blen);
            gd_free(b64);
        }
        close_(w, '}');
    }
    close_(w, ']');
    /* The blocks the core chose: as read (this writer's default), or with
     * --layout standard a recognised report as the template lays it out. */
    const gd_node *body = gd_ctx_document(ctx);
    if (!body) body = gd_doc_root(doc);
    key(w, "blocks");
    if (!rc) rc = blocks(w, body);
    key(w, "diagnostics");
    open_(w, '[');
    static const char *const sev[] = {"info", "warning", "error"};
    for (size_t i = 0; i < gd_doc_diag_count(doc); i++) {
        gd_severity s;
        const char *m;
        if (gd_doc_diag_at(doc, i, &s, &m) != GD_OK) continue;
        member(w);
        open_(w, '{');
        kstr(w, "severity", sev[s <= GD_SEV_ERROR ? s : GD_SEV_ERROR]);
        kstr(w, "message", m);
        close_(w, '}');
    }
    close_(w, ']');
    const gd_report *rep = gd_doc_report(doc);
    if (rep && gd_ctx_option_bool(ctx, "report")) {
        key(w, "report");
        report(w, rep);
    }
    close_(w, '}');
    putc_(w, '\n');
    jw_flush(w);
    int err = w->err;
    free(w);
    if (rc) return gd_ctx_error(ctx, rc, "out of memory writing JSON");
    if (err) return gd_ctx_error(ctx, GD_EIO, "cannot write JSON output");
    return GD_OK;
}

static const gd_option_desc json_options[] = {
    {"pretty", GD_OPT_BOOL, "true", NULL, "indent the output (false: one line)"},
    {"indent", GD_OPT_NUMBER, "2", NULL,
     "spaces per level (0: compact, one line: about a third of the bytes)"},
    {"resources", GD_OPT_ENUM, "none", "none|embed",
     "embed: include image bytes as base64 in \"resources\""},
    {"report", GD_OPT_BOOL, "true", NULL, "include the recognised report model"},
    {"layout", GD_OPT_ENUM, NULL, "source|standard", "deprecated: use --layout (govdoc convert)"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const json_ext[] = {"json", NULL};
static const char *const json_mime[] = {"application/json", NULL};

static const gd_format_handler json_writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "json",
    .description = "govdoc JSON: the document tree and the report model",
    .extensions = json_ext,
    .mime_types = json_mime,
    .flags = GD_HANDLER_LAYOUT_SOURCE, /* data: the blocks as read unless --layout */
    .options = json_options,
    .write = json_write,
};

/* json_reader.c: govdoc JSON read back into a document */
extern const gd_format_handler gd_json_reader;

static const gd_format_handler *const handlers[] = {&json_writer, &gd_json_reader, NULL};

GD_PLUGIN_DEFINE("json", "1.1.0", "JSON reader and writer for the govdoc IR", "MIT", handlers)
