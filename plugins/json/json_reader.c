/* JSON reader: govdoc's own JSON output (formats/json/govdoc.schema.json)
 * becomes a document again — the same tree, metadata, source lines and,
 * when they were embedded, resources. The core then recognises its report
 * from the blocks like any other input, so `govdoc aggregate` and every
 * writer take JSON outputs and source documents alike. The stored `report`
 * and `diagnostics` are not read: the report is recognised again. */
#include <govdoc/gd_plugin.h>

#include <jansson.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define MAX_STACK 512 /* JSON nesting we follow; the builder stops at 256 levels */

typedef struct type_name {
    const char *name;
    gd_node_type type;
} type_name;

static const type_name types[] = {
    {"paragraph", GD_NODE_PARAGRAPH},
    {"heading", GD_NODE_HEADING},
    {"list", GD_NODE_LIST},
    {"item", GD_NODE_ITEM},
    {"table", GD_NODE_TABLE},
    {"row", GD_NODE_ROW},
    {"cell", GD_NODE_CELL},
    {"page_break", GD_NODE_PAGE_BREAK},
    {"thematic_break", GD_NODE_THEMATIC_BREAK},
    {"block_quote", GD_NODE_BLOCK_QUOTE},
    {"code_block", GD_NODE_CODE_BLOCK},
    {"div", GD_NODE_DIV},
    {"text", GD_NODE_TEXT},
    {"line_break", GD_NODE_LINE_BREAK},
    {"link", GD_NODE_LINK},
    {"image", GD_NODE_IMAGE},
    {"note", GD_NODE_NOTE},
};

static const char *const style_names[] = {"bold",        "italic",    "underline", "strike",
                                          "superscript", "subscript", "code"};

static gd_node_type type_of(const char *name)
{
    for (size_t i = 0; name && i < sizeof types / sizeof *types; i++)
        if (strcmp(types[i].name, name) == 0) return types[i].type;
    return GD_NODE_NONE;
}

/* ---- probe ---- */

static const uint8_t *skip_ws(const uint8_t *p, const uint8_t *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')) p++;
    return p;
}

static int json_probe(const gd_probe_input *in)
{
    const uint8_t *p = in->head, *end = in->head + in->head_len;
    if (end - p >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF) p += 3;
    p = skip_ws(p, end);
    if (p >= end || *p != '{') return GD_PROBE_NONE;
    p = skip_ws(p + 1, end);
    static const char key[] = "\"govdoc\"";
    if ((size_t)(end - p) >= sizeof key - 1 && memcmp(p, key, sizeof key - 1) == 0)
        return GD_PROBE_MAXIMUM; /* the writer puts the version first */
    /* re-serialised with other key orders: the version key somewhere near the top */
    for (const uint8_t *q = p; q + sizeof key - 1 <= end && q < p + 4096; q++)
        if (memcmp(q, key, sizeof key - 1) == 0) return GD_PROBE_LIKELY;
    return GD_PROBE_NONE;
}

/* ---- base64 (RFC 4648) ---- */

static int b64_value(unsigned char c)
{
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/* Decodes into a malloc'ed buffer; NULL on bad input or no memory. */
static uint8_t *b64_decode(const char *s, size_t n, size_t *out_len)
{
    uint8_t *out = malloc(n / 4 * 3 + 4);
    if (!out) return NULL;
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '=' || c == '\n' || c == '\r' || c == ' ') continue;
        int v = b64_value(c);
        if (v < 0) {
            free(out);
            return NULL;
        }
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (uint8_t)(acc >> bits);
            acc &= (1u << bits) - 1;
        }
    }
    *out_len = o;
    return out;
}

/* ---- the tree ---- */

typedef struct reader {
    gd_ctx *ctx;
    gd_doc *doc;
    gd_builder *b;
    json_t *resmap; /* id in the file -> id in the document */
    size_t unknown; /* nodes of kinds this reader does not know */
    size_t missing; /* images whose bytes the file does not hold */
} reader;

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

static int int_of(json_t *o, const char *key, int dflt)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_integer(v)) return dflt;
    json_int_t x = json_integer_value(v);
    return x < -1000000000 || x > 1000000000 ? dflt : (int)x;
}

static int set_attrs(gd_node *n, json_t *attrs, const char *skip)
{
    const char *k;
    json_t *v;
    json_object_foreach(attrs, k, v)
    {
        if (!json_is_string(v) || (skip && strcmp(k, skip) == 0)) continue;
        int rc = gd_node_set_attr(n, k, json_string_value(v));
        if (rc) return rc;
    }
    return GD_OK;
}

static void set_line(reader *r, json_t *o)
{
    json_t *line = json_object_get(o, "line");
    json_int_t v = json_is_integer(line) ? json_integer_value(line) : 0;
    gd_builder_set_line(r->b, v > 0 && v <= 0xffffffff ? (uint32_t)v : 0);
}

static int text_node(reader *r, json_t *o)
{
    json_t *text = json_object_get(o, "text");
    json_t *attrs = json_object_get(o, "attrs");
    unsigned style = 0;
    size_t i;
    json_t *s;
    json_array_foreach(json_object_get(o, "style"), i, s)
    {
        for (unsigned k = 0; k < sizeof style_names / sizeof *style_names; k++)
            if (json_is_string(s) && strcmp(json_string_value(s), style_names[k]) == 0)
                style |= 1u << k;
    }
    int rc = gd_builder_set_font(r->b, json_string_value(json_object_get(attrs, "font")));
    if (rc == GD_OK && json_is_string(text))
        rc = gd_builder_text(r->b, json_string_value(text), json_string_length(text), style);
    if (rc == GD_OK) rc = gd_builder_set_font(r->b, NULL);
    /* attributes other than the font go on the text node just made */
    if (rc == GD_OK && json_object_size(attrs) > (json_object_get(attrs, "font") ? 1u : 0u)) {
        gd_node *parent = gd_builder_current(r->b);
        gd_node *last = parent ? (gd_node *)gd_node_last_child(parent) : NULL;
        if (last && gd_node_get_type(last) == GD_NODE_TEXT) rc = set_attrs(last, attrs, "font");
    }
    return rc;
}

/* Opens the node (or makes the leaf) described by o; *open is set when its
 * children follow and a close is due. */
static int open_node(reader *r, json_t *o, gd_node_type t, bool *open)
{
    *open = false;
    set_line(r, o);
    if (t == GD_NODE_TEXT) return text_node(r, o);
    gd_node *n = NULL;
    int rc = gd_builder_open(r->b, t, &n);
    if (rc) return rc;
    if (n) {
        switch (t) {
        case GD_NODE_HEADING: rc = gd_node_set_level(n, int_of(o, "level", 1)); break;
        case GD_NODE_LIST:
            rc = gd_node_set_list(n, json_is_true(json_object_get(o, "ordered")),
                                  int_of(o, "start", 1));
            break;
        case GD_NODE_ROW:
            rc = gd_node_set_header(n, json_is_true(json_object_get(o, "header")));
            break;
        case GD_NODE_CELL:
            rc = gd_node_set_span(n, int_of(o, "rowspan", 1), int_of(o, "colspan", 1));
            if (rc == GD_OK) rc = gd_node_set_header(n, json_is_true(json_object_get(o, "header")));
            break;
        case GD_NODE_LINK:
        case GD_NODE_IMAGE: {
            const char *url = json_string_value(json_object_get(o, "url"));
            if (url && t == GD_NODE_IMAGE) {
                json_t *mapped = json_object_get(r->resmap, url);
                if (json_is_string(mapped))
                    url = json_string_value(mapped);
                else if (!strchr(url, ':') && !strchr(url, '/') && !strchr(url, '.'))
                    r->missing++; /* a resource id whose bytes were not embedded */
            }
            if (url) rc = gd_node_set_url(n, url);
            break;
        }
        default: break;
        }
        if (rc == GD_OK) rc = set_attrs(n, json_object_get(o, "attrs"), NULL);
    }
    if (rc) return rc;
    const char *ck = children_key(t);
    if (ck && json_array_size(json_object_get(o, ck))) {
        *open = true;
        return GD_OK;
    }
    return gd_builder_close(r->b, t);
}

typedef struct frame {
    json_t *arr;
    size_t next;
    gd_node_type type; /* of the node whose children these are */
} frame;

static int build_tree(reader *r, json_t *blocks)
{
    frame *stack = calloc(MAX_STACK, sizeof *stack);
    if (!stack) return gd_ctx_error(r->ctx, GD_ENOMEM, "out of memory");
    int sp = 0, rc = GD_OK;
    stack[0] = (frame){blocks, 0, GD_NODE_DOCUMENT};
    while (rc == GD_OK && sp >= 0) {
        frame *f = &stack[sp];
        if (f->next >= json_array_size(f->arr)) {
            if (sp > 0) rc = gd_builder_close(r->b, f->type);
            sp--;
            continue;
        }
        json_t *o = json_array_get(f->arr, f->next++);
        gd_node_type t = type_of(json_string_value(json_object_get(o, "type")));
        if (t == GD_NODE_NONE) {
            r->unknown++;
            continue;
        }
        bool open = false;
        rc = open_node(r, o, t, &open);
        if (rc == GD_OK && open) {
            if (sp + 1 >= MAX_STACK) {
                rc = gd_ctx_error(r->ctx, GD_ELIMIT, "nesting deeper than %d levels", MAX_STACK);
                break;
            }
            stack[++sp] = (frame){json_object_get(o, children_key(t)), 0, t};
        }
    }
    free(stack);
    return rc;
}

static int add_resources(reader *r, json_t *res)
{
    size_t i;
    json_t *o;
    json_array_foreach(res, i, o)
    {
        const char *id = json_string_value(json_object_get(o, "id"));
        json_t *data = json_object_get(o, "data");
        if (!id || !json_is_string(data)) continue;
        size_t len = 0;
        uint8_t *bytes = b64_decode(json_string_value(data), json_string_length(data), &len);
        if (!bytes) {
            gd_ctx_warn(r->ctx, "resource %s: data is not base64; left out", id);
            continue;
        }
        const char *new_id = NULL;
        int rc = gd_doc_resource_add(&new_id, r->doc, json_string_value(json_object_get(o, "mime")),
                                     bytes, len);
        free(bytes);
        if (rc) return gd_ctx_error(r->ctx, rc, "out of memory");
        if (json_object_set_new(r->resmap, id, json_string(new_id)))
            return gd_ctx_error(r->ctx, GD_ENOMEM, "out of memory");
    }
    return GD_OK;
}

static int json_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    if (len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) data += 3, len -= 3;
    json_error_t err;
    json_t *root = json_loadb((const char *)data, len, JSON_REJECT_DUPLICATES, &err);
    if (!root)
        return gd_ctx_error(ctx, GD_EFORMAT, "malformed JSON at line %d, column %d: %s", err.line,
                            err.column, err.text);
    int rc = GD_OK;
    json_t *version = json_object_get(root, "govdoc");
    json_t *blocks = json_object_get(root, "blocks");
    if (!json_is_object(root) || !json_is_string(version) || !json_is_array(blocks)) {
        rc = gd_ctx_error(ctx, GD_ENOTSUPPORTED,
                          "not a govdoc JSON document (no \"govdoc\" version and \"blocks\"); "
                          "govdoc reads only its own JSON output");
    } else if (strncmp(json_string_value(version), "1.", 2) != 0) {
        rc = gd_ctx_error(ctx, GD_ENOTSUPPORTED,
                          "govdoc JSON format version %s is not supported (this govdoc reads "
                          "1.x)",
                          json_string_value(version));
    }
    reader r = {ctx, doc, NULL, json_object(), 0, 0};
    if (rc == GD_OK && !r.resmap) rc = gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    if (rc == GD_OK) {
        const char *k;
        json_t *v;
        json_object_foreach(json_object_get(root, "meta"), k, v)
        {
            if (json_is_string(v) && (rc = gd_doc_meta_set(doc, k, json_string_value(v)))) break;
        }
        if (rc) rc = gd_ctx_error(ctx, rc, "out of memory");
    }
    if (rc == GD_OK) rc = add_resources(&r, json_object_get(root, "resources"));
    if (rc == GD_OK) rc = gd_builder_new(&r.b, ctx, doc);
    if (rc == GD_OK) rc = build_tree(&r, blocks);
    if (rc == GD_OK) rc = gd_builder_finish(r.b);
    if (rc == GD_OK && r.unknown)
        gd_ctx_warn(ctx, "%zu nodes of kinds this govdoc does not know were left out", r.unknown);
    if (rc == GD_OK && r.missing)
        gd_ctx_warn(ctx,
                    "%zu images without their bytes (the JSON was written without "
                    "json.resources=embed)",
                    r.missing);
    json_decref(r.resmap);
    json_decref(root);
    return rc;
}

static const char *const json_ext[] = {"json", NULL};
static const char *const json_mime[] = {"application/json", NULL};

const gd_format_handler gd_json_reader = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "json",
    .description = "govdoc JSON (its own output): the document again, report recognised anew",
    .extensions = json_ext,
    .mime_types = json_mime,
    .probe = json_probe,
    .read = json_read,
};
