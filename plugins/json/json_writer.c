/* JSON writer: the whole IR (and the report model) as JSON, built with
 * jansson. Named fields, keys in a fixed order, UTF-8; the format is
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

/* A node's own fields; its children array is added by the caller. */
static json_t *node_json(const gd_node *n)
{
    gd_node_type t = gd_node_get_type(n);
    json_t *o = json_object();
    if (!o) return NULL;
    int bad = set(o, "type", json_string(gd_node_type_name(t)));
    switch (t) {
    case GD_NODE_HEADING: bad |= set(o, "level", json_integer(gd_node_level(n))); break;
    case GD_NODE_LIST:
        bad |= set(o, "ordered", json_boolean(gd_node_list_ordered(n)));
        bad |= set(o, "start", json_integer(gd_node_list_start(n)));
        break;
    case GD_NODE_ROW: bad |= set(o, "header", json_boolean(gd_node_header(n))); break;
    case GD_NODE_CELL:
        bad |= set(o, "rowspan", json_integer(gd_node_rowspan(n)));
        bad |= set(o, "colspan", json_integer(gd_node_colspan(n)));
        bad |= set(o, "header", json_boolean(gd_node_header(n)));
        break;
    case GD_NODE_TEXT: {
        size_t len;
        const char *s = gd_node_text(n, &len);
        bad |= set(o, "text", json_stringn(s, len));
        unsigned style = gd_node_style(n);
        if (style) {
            json_t *arr = json_array();
            for (unsigned i = 0; i < sizeof style_names / sizeof *style_names; i++)
                if (style & (1u << i)) json_array_append_new(arr, json_string(style_names[i]));
            bad |= set(o, "style", arr);
        }
        break;
    }
    case GD_NODE_LINK:
    case GD_NODE_IMAGE: bad |= set(o, "url", string_or_null(gd_node_url(n))); break;
    default: break;
    }
    size_t nattr = gd_node_attr_count(n);
    if (nattr) {
        json_t *attrs = json_object();
        for (size_t i = 0; i < nattr; i++) {
            const char *k, *v;
            if (gd_node_attr_at(n, i, &k, &v) == GD_OK) bad |= set(attrs, k, json_string(v));
        }
        bad |= set(o, "attrs", attrs);
    }
    if (gd_node_line(n)) bad |= set(o, "line", json_integer((json_int_t)gd_node_line(n)));
    const char *ck = children_key(t);
    if (ck && t != GD_NODE_DOCUMENT) bad |= set(o, ck, json_array());
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

/* The block list of the document, built iteratively with an explicit stack
 * of open arrays (the builder bounds the depth). */
static json_t *blocks_json(const gd_node *root)
{
    json_t *top = json_array();
    json_t *stack[300];
    int sp = 0;
    gd_iter *it;
    if (!top || gd_iter_new(&it, root) != GD_OK) {
        json_decref(top);
        return NULL;
    }
    stack[0] = top;
    gd_event ev;
    int bad = 0;
    while (!bad && (ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        const gd_node *n = gd_iter_node(it);
        if (n == root) continue;
        if (ev == GD_EVENT_ENTER) {
            json_t *o = node_json(n);
            if (!o || json_array_append_new(stack[sp], o) != 0) {
                bad = 1;
                break;
            }
            const char *ck = children_key(gd_node_get_type(n));
            if (ck && gd_node_first_child(n)) {
                if (sp + 1 >= (int)(sizeof stack / sizeof *stack)) {
                    bad = 1;
                    break;
                }
                stack[++sp] = json_object_get(o, ck);
            } else {
                gd_iter_skip_children(it);
            }
        } else if (ev == GD_EVENT_EXIT && gd_node_first_child(n) &&
                   children_key(gd_node_get_type(n))) {
            sp--;
        }
    }
    gd_iter_free(it);
    if (bad) {
        json_decref(top);
        return NULL;
    }
    return top;
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

static int dump_cb(const char *buffer, size_t size, void *data)
{
    return gd_sink_write((gd_sink *)data, buffer, size) == GD_OK ? 0 : -1;
}

static int json_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    json_t *root = json_object();
    int bad = !root;
    if (!bad) bad |= set(root, "govdoc", json_string(GD_JSON_VERSION));

    json_t *meta = json_object();
    for (size_t i = 0; i < gd_doc_meta_count(doc); i++) {
        const char *k, *v;
        if (gd_doc_meta_at(doc, i, &k, &v) == GD_OK) bad |= set(meta, k, json_string(v));
    }
    bad |= set(root, "meta", meta);

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
    bad |= set(root, "resources", res);

    /* The blocks the core chose: as read (this writer's default), or with
     * --layout standard a recognised report as the template lays it out. */
    const gd_node *body = gd_ctx_document(ctx);
    if (!body) body = gd_doc_root(doc);
    bad |= set(root, "blocks", blocks_json(body));

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
    bad |= set(root, "diagnostics", diags);

    const gd_report *r = gd_doc_report(doc);
    if (r && gd_ctx_option_bool(ctx, "report")) bad |= set(root, "report", report_json(r));

    if (bad) {
        json_decref(root);
        return gd_ctx_error(ctx, GD_ENOMEM, "cannot build the JSON tree (out of memory)");
    }
    size_t flags = JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15);
    flags |= gd_ctx_option_bool(ctx, "pretty") ? JSON_INDENT(2) : JSON_COMPACT;
    int rc = json_dump_callback(root, dump_cb, out, flags);
    json_decref(root);
    if (rc != 0) return gd_ctx_error(ctx, GD_EIO, "cannot write JSON output");
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
