/* JSON writer: the whole IR (and the report model) as JSON; the blocks are
 * streamed, the rest built with jansson. Named fields, keys in a fixed order, UTF-8; the format is
 * described by formats/json/govdoc.schema.json. */
#include <govdoc/gd_plugin.h>

#include <jansson.h>
#include <stdbool.h>
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

static int set(json_t *obj, const char *key, json_t *val)
{
    return val && json_object_set_new(obj, key, val) == 0 ? 0 : -1;
}

static json_t *string_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* ---- the block list, streamed ----
 *
 * The blocks are the one part of the output as big as the document, so they
 * are written straight to the sink as the tree is walked — the memory this
 * takes is the depth of the tree, not its size — in exactly the form
 * jansson gives the rest (same key order, indentation and escaping), so the
 * output is one JSON text whatever wrote each part. */
typedef struct jw {
    gd_sink *out;
    bool pretty;
    int rc;
} jw;

static void put(jw *w, const char *s, size_t n)
{
    if (!w->rc && n) w->rc = gd_sink_write(w->out, s, n);
}

static void puts_(jw *w, const char *s)
{
    put(w, s, strlen(s));
}

/* jansson's dump_indent: a new line and two spaces a level, when pretty */
static void indent(jw *w, int depth)
{
    static const char spaces[] = "                                                                ";
    if (!w->pretty) return;
    put(w, "\n", 1);
    for (int n = 2 * depth; n > 0 && !w->rc; n -= (int)sizeof spaces - 1)
        put(w, spaces, (size_t)(n < (int)sizeof spaces - 1 ? n : (int)sizeof spaces - 1));
}

/* jansson's dump_string: \\ \" \b \f \n \r \t, other controls as \uXXXX,
 * everything else (UTF-8) as it is. */
static void string_json(jw *w, const char *s, size_t n)
{
    put(w, "\"", 1);
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        put(w, s + run, i - run);
        run = i + 1;
        char seq[8];
        switch (c) {
        case '"': puts_(w, "\\\""); break;
        case '\\': puts_(w, "\\\\"); break;
        case '\b': puts_(w, "\\b"); break;
        case '\f': puts_(w, "\\f"); break;
        case '\n': puts_(w, "\\n"); break;
        case '\r': puts_(w, "\\r"); break;
        case '\t': puts_(w, "\\t"); break;
        default: snprintf(seq, sizeof seq, "\\u%04X", c); puts_(w, seq);
        }
    }
    put(w, s + run, n - run);
    put(w, "\"", 1);
}

static void cstring_json(jw *w, const char *s)
{
    if (s)
        string_json(w, s, strlen(s));
    else
        puts_(w, "null");
}

/* A key of an object at `depth` (its items are at depth + 1). */
static void key_json(jw *w, int depth, bool *first, const char *k)
{
    if (!*first) put(w, ",", 1);
    *first = false;
    indent(w, depth + 1);
    cstring_json(w, k);
    puts_(w, w->pretty ? ": " : ":");
}

static void int_json(jw *w, long long v)
{
    char b[32];
    snprintf(b, sizeof b, "%lld", v);
    puts_(w, b);
}

static void bool_json(jw *w, int v)
{
    puts_(w, v ? "true" : "false");
}

/* A node's object at `depth`, up to and including the opening of its
 * children array (left open when it has children: returns true). */
static bool node_open(jw *w, const gd_node *n, int depth)
{
    gd_node_type t = gd_node_get_type(n);
    bool first = true;
    put(w, "{", 1);
    key_json(w, depth, &first, "type");
    cstring_json(w, gd_node_type_name(t));
    switch (t) {
    case GD_NODE_HEADING:
        key_json(w, depth, &first, "level");
        int_json(w, gd_node_level(n));
        break;
    case GD_NODE_LIST:
        key_json(w, depth, &first, "ordered");
        bool_json(w, gd_node_list_ordered(n));
        key_json(w, depth, &first, "start");
        int_json(w, gd_node_list_start(n));
        break;
    case GD_NODE_ROW:
        key_json(w, depth, &first, "header");
        bool_json(w, gd_node_header(n));
        break;
    case GD_NODE_CELL:
        key_json(w, depth, &first, "rowspan");
        int_json(w, gd_node_rowspan(n));
        key_json(w, depth, &first, "colspan");
        int_json(w, gd_node_colspan(n));
        key_json(w, depth, &first, "header");
        bool_json(w, gd_node_header(n));
        break;
    case GD_NODE_TEXT: {
        size_t len;
        const char *s = gd_node_text(n, &len);
        key_json(w, depth, &first, "text");
        string_json(w, s ? s : "", s ? len : 0);
        unsigned style = gd_node_style(n);
        if (style) {
            key_json(w, depth, &first, "style");
            put(w, "[", 1);
            bool f2 = true;
            for (unsigned i = 0; i < sizeof style_names / sizeof *style_names; i++) {
                if (!(style & (1u << i))) continue;
                if (!f2) put(w, ",", 1);
                f2 = false;
                indent(w, depth + 2);
                cstring_json(w, style_names[i]);
            }
            indent(w, depth + 1);
            put(w, "]", 1);
        }
        break;
    }
    case GD_NODE_LINK:
    case GD_NODE_IMAGE:
        key_json(w, depth, &first, "url");
        cstring_json(w, gd_node_url(n));
        break;
    default: break;
    }
    size_t nattr = gd_node_attr_count(n);
    if (nattr) {
        key_json(w, depth, &first, "attrs");
        put(w, "{", 1);
        bool f2 = true;
        /* attributes are few: gd_node_attr_at's walk costs nothing here */
        for (size_t i = 0; i < nattr; i++) {
            const char *k, *v;
            if (gd_node_attr_at(n, i, &k, &v) != GD_OK) continue;
            key_json(w, depth + 1, &f2, k);
            cstring_json(w, v);
        }
        indent(w, depth + 1);
        put(w, "}", 1);
    }
    if (gd_node_line(n)) {
        key_json(w, depth, &first, "line");
        int_json(w, (long long)gd_node_line(n));
    }
    const char *ck = children_key(t);
    if (ck && t != GD_NODE_DOCUMENT) {
        key_json(w, depth, &first, ck);
        if (gd_node_first_child(n)) {
            put(w, "[", 1);
            return true;
        }
        puts_(w, "[]");
    }
    indent(w, depth);
    put(w, "}", 1);
    return false;
}

/* The children of `root` as a JSON array at `depth`, iteratively (the
 * builder bounds the depth). */
static int blocks_stream(jw *w, const gd_node *root, int depth)
{
    enum { MAX_OPEN = 600 };
    bool first[MAX_OPEN]; /* per array open: no item written yet */
    int sp = 0;           /* arrays open */
    gd_iter *it;
    if (gd_iter_new(&it, root) != GD_OK) return GD_ENOMEM;
    if (!gd_node_first_child(root)) {
        gd_iter_free(it);
        puts_(w, "[]");
        return w->rc;
    }
    put(w, "[", 1);
    first[0] = true;
    gd_event ev;
    int rc = GD_OK;
    while (!w->rc && (ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        const gd_node *n = gd_iter_node(it);
        if (n == root) continue;
        /* an array's items are at its depth + 1; an object's are one more */
        int d = depth + 2 * sp;
        if (ev == GD_EVENT_ENTER) {
            if (!first[sp]) put(w, ",", 1);
            first[sp] = false;
            indent(w, d + 1);
            if (node_open(w, n, d + 1)) {
                if (sp + 1 >= MAX_OPEN) {
                    rc = GD_ELIMIT;
                    break;
                }
                first[++sp] = true;
            } else {
                gd_iter_skip_children(it);
            }
        } else if (ev == GD_EVENT_EXIT && gd_node_first_child(n) &&
                   children_key(gd_node_get_type(n))) {
            /* close the children array (depth d), then its object */
            indent(w, d);
            put(w, "]", 1);
            sp--;
            indent(w, d - 1);
            put(w, "}", 1);
        }
    }
    gd_iter_free(it);
    indent(w, depth);
    put(w, "]", 1);
    return rc ? rc : w->rc;
}

static json_t *base64_json(const uint8_t *d, size_t n)
{
    size_t len;
    char *s = gd_base64_encode(d, n, &len);
    json_t *j = s ? json_stringn(s, len) : NULL;
    gd_free(s);
    return j;
}

static json_t *number_json(double v)
{
    /* Counts stay integers; amounts (万元) keep their decimals. */
    if (v == (double)(json_int_t)v && v > -9e15 && v < 9e15) return json_integer((json_int_t)v);
    return json_real(v);
}

static json_t *report_json(const gd_report *r)
{
    json_t *o = json_object();
    int bad = set(o, "template", json_string(gd_report_template_id(r)));
    json_t *meta = json_object();
    const char *agency = gd_report_meta(r, "agency");
    const char *year = gd_report_meta(r, "year");
    bad |= set(meta, "agency", string_or_null(agency));
    if (year && *year)
        bad |= set(meta, "year", json_integer(atoi(year)));
    else
        bad |= set(meta, "year", json_null());
    bad |= set(o, "metadata", meta);
    json_t *sections = json_array();
    for (size_t i = 0; i < gd_report_section_count(r); i++) {
        const char *id, *heading, *found;
        if (gd_report_section_at(r, i, &id, &heading, &found) != GD_OK) continue;
        json_t *s = json_object();
        bad |= set(s, "id", json_string(id));
        bad |= set(s, "heading", json_string(heading));
        bad |= set(s, "found", string_or_null(found));
        if (json_array_append_new(sections, s)) bad = 1;
    }
    bad |= set(o, "sections", sections);
    json_t *fields = json_object(), *sources = json_object();
    size_t nf = gd_report_field_count(r);
    for (size_t i = 0; i < nf; i++) {
        const char *key = gd_report_field_key(r, i);
        double v;
        bad |= set(fields, key, gd_report_field_value(r, i, &v) ? number_json(v) : json_null());
        const char *src = gd_report_field_source(r, i);
        bad |= set(sources, key, string_or_null(src));
    }
    bad |= set(o, "fields", fields);
    bad |= set(o, "sources", sources);
    json_t *checks = json_array();
    size_t nc = gd_report_check_count(r);
    for (size_t i = 0; i < nc; i++) {
        json_t *c = json_object();
        bad |= set(c, "rule", json_string(gd_report_check_rule(r, i)));
        bad |= set(c, "ok", json_boolean(gd_report_check_ok(r, i)));
        bad |= set(c, "message", json_string(gd_report_check_message(r, i)));
        json_t *keys = json_array();
        size_t nk = gd_report_check_field_count(r, i);
        for (size_t k = 0; keys && k < nk; k++)
            if (json_array_append_new(keys, json_string(gd_report_check_field(r, i, k)))) bad = 1;
        bad |= set(c, "fields", keys);
        if (json_array_append_new(checks, c)) bad = 1;
    }
    bad |= set(o, "checks", checks);
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

static int json_write_tree(gd_ctx *ctx, const gd_doc *doc, gd_sink *out);

/* jansson allocates through the host while this writer runs, so the tree
 * counts against the conversion's memory budget (--max-memory): a document
 * too big for it ends in "limit exceeded", not in gigabytes. */
static int json_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    json_malloc_t old_malloc;
    json_free_t old_free;
    json_get_alloc_funcs(&old_malloc, &old_free);
    if (GD_HOST_HAS(gd_host, mem_alloc)) json_set_alloc_funcs(gd_mem_alloc, gd_free);
    int rc = json_write_tree(ctx, doc, out);
    json_set_alloc_funcs(old_malloc, old_free);
    return rc;
}

/* jansson's output of an object, spliced: `skip_open` drops its "{",
 * `hold` keeps back its last bytes (the closing "}", "\n}" when pretty). */
typedef struct splice {
    gd_sink *out;
    bool skip_open;
    size_t hold;
    char held[2];
    size_t nheld;
} splice;

static int splice_cb(const char *buf, size_t size, void *data)
{
    splice *sp = data;
    if (sp->skip_open && size) {
        buf++, size--;
        sp->skip_open = false;
    }
    if (!sp->hold) return gd_sink_write(sp->out, buf, size) == GD_OK ? 0 : -1;
    /* held bytes go out first when more arrive */
    size_t total = sp->nheld + size;
    size_t out_n = total > sp->hold ? total - sp->hold : 0;
    size_t from_held = out_n < sp->nheld ? out_n : sp->nheld;
    if (from_held && gd_sink_write(sp->out, sp->held, from_held) != GD_OK) return -1;
    memmove(sp->held, sp->held + from_held, sp->nheld - from_held);
    sp->nheld -= from_held;
    size_t from_buf = out_n - from_held;
    if (from_buf && gd_sink_write(sp->out, buf, from_buf) != GD_OK) return -1;
    memcpy(sp->held + sp->nheld, buf + from_buf, size - from_buf);
    sp->nheld += size - from_buf;
    return 0;
}

static int json_write_tree(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    /* The output is {govdoc, meta, resources, blocks, diagnostics, report}:
     * the parts before and after the blocks are built with jansson and
     * spliced around the blocks, which are streamed. */
    json_t *head = json_object(), *tail = json_object();
    int bad = !head || !tail;
    if (!bad) bad |= set(head, "govdoc", json_string(GD_JSON_VERSION));

    json_t *meta = json_object();
    for (size_t i = 0; i < gd_doc_meta_count(doc); i++) {
        const char *k, *v;
        if (gd_doc_meta_at(doc, i, &k, &v) == GD_OK) bad |= set(meta, k, json_string(v));
    }
    bad |= set(head, "meta", meta);

    bool embed = strcmp(gd_ctx_option(ctx, "resources"), "embed") == 0;
    json_t *res = json_array();
    for (size_t i = 0; i < gd_doc_resource_count(doc); i++) {
        const char *id, *mime;
        const uint8_t *data;
        size_t len;
        if (gd_doc_resource_at(doc, i, &id, &mime, &data, &len) != GD_OK) continue;
        json_t *r = json_object();
        bad |= set(r, "id", json_string(id));
        bad |= set(r, "mime", json_string(mime));
        bad |= set(r, "size", json_integer((json_int_t)len));
        if (embed) bad |= set(r, "data", base64_json(data, len));
        if (json_array_append_new(res, r)) bad = 1;
    }
    bad |= set(head, "resources", res);

    /* The blocks the core chose: as read (this writer's default), or with
     * --layout standard a recognised report as the template lays it out. */
    const gd_node *body = gd_ctx_document(ctx);
    if (!body) body = gd_doc_root(doc);

    json_t *diags = json_array();
    static const char *const sev[] = {"info", "warning", "error"};
    for (size_t i = 0; i < gd_doc_diag_count(doc); i++) {
        gd_severity s;
        const char *m;
        if (gd_doc_diag_at(doc, i, &s, &m) != GD_OK) continue;
        json_t *d = json_object();
        bad |= set(d, "severity", json_string(sev[s <= GD_SEV_ERROR ? s : GD_SEV_ERROR]));
        bad |= set(d, "message", json_string(m));
        if (json_array_append_new(diags, d)) bad = 1;
    }
    bad |= set(tail, "diagnostics", diags);

    const gd_report *r = gd_doc_report(doc);
    if (r && gd_ctx_option_bool(ctx, "report")) bad |= set(tail, "report", report_json(r));

    if (bad) {
        json_decref(head);
        json_decref(tail);
        return gd_ctx_error(ctx, GD_ENOMEM, "cannot build the JSON tree (out of memory)");
    }
    bool pretty = gd_ctx_option_bool(ctx, "pretty");
    size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
    flags |= pretty ? JSON_INDENT(2) : JSON_COMPACT;
    splice sh = {out, false, pretty ? 2 : 1, {0}, 0};
    int rc = json_dump_callback(head, splice_cb, &sh, flags) ? GD_EIO : GD_OK;
    jw w = {out, pretty, GD_OK};
    if (!rc) {
        puts_(&w, ",");
        indent(&w, 1);
        cstring_json(&w, "blocks");
        puts_(&w, pretty ? ": " : ":");
        rc = blocks_stream(&w, body, 1);
    }
    splice st = {out, true, 0, {0}, 0};
    if (!rc) {
        rc = gd_sink_write(out, ",", 1);
        if (!rc && json_dump_callback(tail, splice_cb, &st, flags)) rc = GD_EIO;
    }
    json_decref(head);
    json_decref(tail);
    if (rc == GD_ELIMIT) return gd_ctx_error(ctx, rc, "document nested too deeply for JSON");
    if (rc) return gd_ctx_error(ctx, rc, "cannot write JSON output");
    return gd_sink_write(out, "\n", 1);
}

static const gd_option_desc json_options[] = {
    {"pretty", GD_OPT_BOOL, "true", NULL, "indent the output (false: one line)"},
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
