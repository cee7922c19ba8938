/* govdoc plugin-info FILE.so...: a plugin's descriptor, its ABI, what it
 * reads and writes with which options, and whether and why this govdoc
 * would refuse it — without converting anything. For plugin authors and
 * for whoever installs a plugin. */
#define _GNU_SOURCE
#include "cli.h"

#include <jansson.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define HANDLER_V1_SIZE (offsetof(gd_format_handler, write) + sizeof(void *))

static const char *s_or(const char *s, const char *dflt)
{
    return s ? s : dflt;
}

/* Whether the descriptor's 1.0 fields can be read. */
static bool desc_readable(const gd_plugin_info *in)
{
    const gd_plugin_desc *d = in->desc;
    return d && d->abi_major == GD_ABI_MAJOR && d->struct_size >= in->desc_v1_size;
}

static bool handler_readable(const gd_format_handler *h)
{
    return h && h->struct_size >= HANDLER_V1_SIZE;
}

static bool same_file(const char *a, const char *b)
{
    char ra[PATH_MAX], rb[PATH_MAX];
    return realpath(a, ra) && realpath(b, rb) && strcmp(ra, rb) == 0;
}

/* What the plugins govdoc would load anyway say about this one: the same
 * name (only the first loaded is used) or the same formats (rank decides). */
static void conflicts(gd_registry *reg, const char *path, const gd_plugin_desc *d, json_t *out)
{
    for (size_t i = 0; reg && i < gd_registry_plugin_count(reg); i++) {
        const char *other = NULL;
        const gd_plugin_desc *p = gd_registry_plugin_at(reg, i, &other);
        if (same_file(path, other)) continue;
        char msg[1024];
        if (strcmp(p->name, d->name) == 0) {
            snprintf(msg, sizeof msg,
                     "a plugin named '%s' (%s) is found first at %s: this file would be "
                     "skipped unless loaded with --plugin",
                     p->name, s_or(p->version, "?"), other);
            json_array_append_new(out, json_string(msg));
            continue;
        }
        for (size_t k = 0; d->handlers && d->handlers[k]; k++) {
            const gd_format_handler *h = d->handlers[k];
            if (!handler_readable(h) || !h->format) continue;
            for (size_t m = 0; p->handlers && p->handlers[m]; m++) {
                const gd_format_handler *o = p->handlers[m];
                if (o->kind != h->kind || strcmp(o->format, h->format) != 0) continue;
                snprintf(msg, sizeof msg,
                         "%s %s is also provided by plugin '%s' (rank %d, this one %d): the "
                         "higher rank wins, then the first loaded",
                         h->format, h->kind == GD_HANDLER_READER ? "reader" : "writer", p->name,
                         o->rank, h->rank);
                json_array_append_new(out, json_string(msg));
            }
        }
    }
}

static json_t *inspect_json(gd_plugin_info *in, const char *path, gd_registry *reg)
{
    json_t *j = json_object();
    char abs[PATH_MAX];
    json_object_set_new(j, "file", json_string(realpath(path, abs) ? abs : path));
    json_object_set_new(j, "loadable", json_boolean(in->code == GD_OK));
    json_object_set_new(j, "problem", in->code ? json_string(in->problem) : json_null());
    char buf[32];
    snprintf(buf, sizeof buf, "%d.%d", GD_ABI_MAJOR, GD_ABI_MINOR);
    json_object_set_new(j, "govdoc_abi", json_string(buf));
    const gd_plugin_desc *d = in->desc;
    if (d) {
        snprintf(buf, sizeof buf, "%u.%u", (unsigned)d->abi_major, (unsigned)d->abi_minor);
        json_object_set_new(j, "abi", json_string(buf));
        json_object_set_new(j, "struct_size", json_integer(d->struct_size));
        json_object_set_new(j, "struct_size_abi_1_0", json_integer((json_int_t)in->desc_v1_size));
    }
    if (desc_readable(in)) {
        json_object_set_new(j, "name", d->name ? json_string(d->name) : json_null());
        json_object_set_new(j, "version", d->version ? json_string(d->version) : json_null());
        json_object_set_new(j, "description",
                            d->description ? json_string(d->description) : json_null());
        json_object_set_new(j, "license", d->license ? json_string(d->license) : json_null());
        json_t *hs = json_array();
        for (size_t k = 0; d->handlers && d->handlers[k]; k++) {
            const gd_format_handler *h = d->handlers[k];
            if (handler_readable(h) && h->format && d->name)
                json_array_append_new(hs, cli_handler_json(d, h));
            else
                json_array_append_new(hs, json_null());
        }
        json_object_set_new(j, "handlers", hs);
        json_t *c = json_array();
        if (d->name) conflicts(reg, path, d, c);
        json_object_set_new(j, "notes", c);
    }
    return j;
}

static void print_list(const char *label, json_t *a, const char *prefix)
{
    printf("    %s:", label);
    if (!json_array_size(a)) printf(" -");
    size_t i;
    json_t *v;
    json_array_foreach(a, i, v) printf(" %s%s", prefix, json_string_value(v));
    printf("\n");
}

static const char *js(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "-";
}

static void print_text(json_t *j)
{
    printf("file:        %s\n", js(j, "file"));
    if (json_is_true(json_object_get(j, "loadable")))
        printf("verdict:     loads (plugin ABI %s; this govdoc %s)\n", js(j, "abi"),
               js(j, "govdoc_abi"));
    else
        printf("verdict:     refused: %s\n", js(j, "problem"));
    if (!json_object_get(j, "abi")) return;
    printf("abi:         %s (this govdoc: %s; a plugin loads when the majors are equal and its "
           "minor is not newer)\n",
           js(j, "abi"), js(j, "govdoc_abi"));
    printf("descriptor:  struct_size %lld bytes (ABI 1.0 layout: %lld)\n",
           (long long)json_integer_value(json_object_get(j, "struct_size")),
           (long long)json_integer_value(json_object_get(j, "struct_size_abi_1_0")));
    if (!json_object_get(j, "name")) return;
    printf("plugin:      %s %s\n", js(j, "name"), js(j, "version"));
    printf("description: %s\n", js(j, "description"));
    printf("license:     %s\n", js(j, "license"));
    size_t i;
    json_t *h;
    json_array_foreach(json_object_get(j, "handlers"), i, h)
    {
        if (json_is_null(h)) {
            printf("  (handler %zu: malformed, not shown)\n", i);
            continue;
        }
        printf("  %s %s: %s\n", js(h, "kind"), js(h, "format"), js(h, "description"));
        print_list("extensions", json_object_get(h, "extensions"), ".");
        print_list("mime types", json_object_get(h, "mime_types"), "");
        print_list("flags", json_object_get(h, "flags"), "");
        printf("    rank: %lld%s\n", (long long)json_integer_value(json_object_get(h, "rank")),
               json_is_false(json_object_get(h, "probe")) ? "; no content probe (extension only)"
                                                          : "");
        size_t k;
        json_t *o;
        json_array_foreach(json_object_get(h, "options"), k, o)
        {
            json_t *ch = json_object_get(o, "choices");
            char choices[512] = "";
            size_t m;
            json_t *c;
            json_array_foreach(ch, m, c)
            {
                size_t n = strlen(choices);
                snprintf(choices + n, sizeof choices - n, "%s%s", m ? "|" : "",
                         json_string_value(c));
            }
            printf("    -O %s=%s", js(o, "option"), ch ? choices : js(o, "type"));
            if (json_is_string(json_object_get(o, "default")))
                printf(" (default %s)", js(o, "default"));
            printf("\n        %s\n", js(o, "help"));
        }
    }
    json_array_foreach(json_object_get(j, "notes"), i, h)
        printf("note:        %s\n", json_string_value(h));
}

int cmd_plugin_info(int argc, char **argv, bool json, bool quiet)
{
    if (argc == 0) return usage_error("%s", "plugin-info needs a PLUGIN.so file");
    /* the plugins this govdoc loads by itself, to tell what would conflict */
    gd_registry *reg = NULL;
    if (gd_registry_new(&reg) == GD_OK) gd_registry_load_default(reg);
    int rc = EXIT_OK;
    json_t *all = json_array();
    for (int i = 0; i < argc; i++) {
        struct stat sb;
        if (stat(argv[i], &sb) != 0 || !S_ISREG(sb.st_mode)) {
            fprintf(stderr, "govdoc: error: %s: no such plugin file\n", argv[i]);
            if (!rc) rc = EXIT_INPUT;
            continue;
        }
        gd_plugin_info in;
        gd_plugin_inspect(&in, argv[i]);
        json_t *j = inspect_json(&in, argv[i], reg);
        bool has_desc = in.desc != NULL;
        gd_plugin_info_close(&in);
        if (in.code != GD_OK) {
            if (!quiet)
                fprintf(stderr, "govdoc: error: %s: %s%s\n", argv[i],
                        has_desc ? "plugin refused: " : "", in.problem);
            if (!rc) rc = EXIT_PLUGIN;
        }
        if (json) {
            json_array_append_new(all, j);
        } else {
            if (i) printf("\n");
            print_text(j);
            json_decref(j);
        }
    }
    if (json) {
        json_t *out = argc == 1 && json_array_size(all) == 1 ? json_array_get(all, 0) : all;
        char *s = json_dumps(out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (s) puts(s);
        free(s);
    }
    json_decref(all);
    gd_registry_free(reg);
    return rc;
}
