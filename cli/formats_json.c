/* govdoc formats --json: every reader and writer, with its plugin, version,
 * licence, ABI, extensions, MIME types, flags and options, for tools and
 * plugin authors (the text form is in main.c). */
#include "cli.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *cli_option_type_name(gd_option_type t)
{
    switch (t) {
    case GD_OPT_BOOL: return "bool";
    case GD_OPT_INT: return "int";
    case GD_OPT_NUMBER: return "number";
    case GD_OPT_STRING: return "string";
    case GD_OPT_ENUM: return "enum";
    case GD_OPT_PATH: return "path";
    }
    return "unknown";
}

/* Names of the handler flag bits (the shared ABI numbers); unknown bits
 * as "bitN". */
json_t *cli_handler_flags_json(uint32_t flags)
{
    static const char *const names[] = {"binary", "sandbox", "layout-source"};
    json_t *a = json_array();
    for (unsigned bit = 0; bit < 32; bit++) {
        if (!(flags & (1u << bit))) continue;
        char buf[16];
        if (bit < sizeof names / sizeof *names) {
            json_array_append_new(a, json_string(names[bit]));
        } else {
            snprintf(buf, sizeof buf, "bit%u", bit);
            json_array_append_new(a, json_string(buf));
        }
    }
    return a;
}

static json_t *strings(const char *const *v)
{
    json_t *a = json_array();
    for (; v && *v; v++) json_array_append_new(a, json_string(*v));
    return a;
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

static json_t *abi_json(uint32_t major, uint32_t minor)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%u.%u", (unsigned)major, (unsigned)minor);
    return json_string(buf);
}

json_t *cli_option_json(const char *plugin, const gd_option_desc *o)
{
    json_t *j = json_object();
    char full[256];
    snprintf(full, sizeof full, "%s.%s", plugin, o->name);
    json_object_set_new(j, "name", json_string(o->name));
    json_object_set_new(j, "option", json_string(full));
    json_object_set_new(j, "type", json_string(cli_option_type_name(o->type)));
    if (o->type == GD_OPT_ENUM) {
        json_t *c = json_array();
        const char *p = o->choices ? o->choices : "";
        while (*p) {
            const char *bar = strchr(p, '|');
            size_t n = bar ? (size_t)(bar - p) : strlen(p);
            json_array_append_new(c, json_stringn(p, n));
            p += n + (bar ? 1 : 0);
        }
        json_object_set_new(j, "choices", c);
    }
    json_object_set_new(j, "default", str_or_null(o->default_value));
    json_object_set_new(j, "help", str_or_null(o->help));
    return j;
}

json_t *cli_handler_json(const gd_plugin_desc *p, const gd_format_handler *h)
{
    json_t *j = json_object();
    json_object_set_new(j, "format", json_string(h->format));
    json_object_set_new(j, "kind", json_string(h->kind == GD_HANDLER_READER ? "reader" : "writer"));
    json_object_set_new(j, "description", str_or_null(h->description));
    json_object_set_new(j, "plugin", json_string(p->name));
    json_object_set_new(j, "plugin_version", str_or_null(p->version));
    json_object_set_new(j, "license", str_or_null(p->license));
    json_object_set_new(j, "abi", abi_json(p->abi_major, p->abi_minor));
    json_object_set_new(j, "extensions", strings(h->extensions));
    json_object_set_new(j, "mime_types", strings(h->mime_types));
    json_object_set_new(j, "rank", json_integer(h->rank));
    json_object_set_new(j, "flags", cli_handler_flags_json(h->flags));
    if (h->kind == GD_HANDLER_READER) json_object_set_new(j, "probe", json_boolean(h->probe));
    json_t *opts = json_array();
    for (const gd_option_desc *o = h->options; o && o->name; o++)
        json_array_append_new(opts, cli_option_json(p->name, o));
    json_object_set_new(j, "options", opts);
    return j;
}

int cmd_formats_json(gd_registry *reg, int ids_only)
{
    json_t *root = json_object();
    json_object_set_new(root, "govdoc", json_string(gd_version()));
    json_object_set_new(root, "abi", abi_json(GD_ABI_MAJOR, GD_ABI_MINOR));
    json_t *plugins = json_array();
    for (size_t i = 0; i < gd_registry_plugin_count(reg); i++) {
        const char *path = NULL;
        const gd_plugin_desc *p = gd_registry_plugin_at(reg, i, &path);
        json_t *j = json_object();
        json_object_set_new(j, "name", json_string(p->name));
        json_object_set_new(j, "version", str_or_null(p->version));
        json_object_set_new(j, "description", str_or_null(p->description));
        json_object_set_new(j, "license", str_or_null(p->license));
        json_object_set_new(j, "abi", abi_json(p->abi_major, p->abi_minor));
        json_object_set_new(j, "path", str_or_null(path));
        json_array_append_new(plugins, j);
    }
    json_object_set_new(root, "plugins", plugins);
    for (int pass = 0; pass < 2; pass++) {
        gd_handler_kind kind = pass == 0 ? GD_HANDLER_READER : GD_HANDLER_WRITER;
        if (ids_only && (ids_only == 'r') != (kind == GD_HANDLER_READER)) continue;
        json_t *list = json_array();
        for (size_t i = 0; i < gd_registry_handler_count(reg); i++) {
            const gd_plugin_desc *p;
            const gd_format_handler *h = gd_registry_handler_at(reg, i, &p);
            if (h->kind == kind) json_array_append_new(list, cli_handler_json(p, h));
        }
        json_object_set_new(root, pass == 0 ? "readers" : "writers", list);
    }
    char *s = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!s) {
        fprintf(stderr, "govdoc: error: out of memory\n");
        return EXIT_NOMEM;
    }
    puts(s);
    free(s);
    return EXIT_OK;
}
