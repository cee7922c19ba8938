/* Plugin options (-O PLUGIN.KEY=VALUE): checked against what the handlers
 * declare before anything is read, and handed to each plugin call as the
 * list of the values meant for it. */
#include "internal.h"
#include "govdoc/gd_convert.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static bool option_matches(const char *opt, const gd_plugin_desc *p, const gd_format_handler *h,
                           const char **name, size_t *prefix_len)
{
    const char *dot = strchr(opt, '.');
    if (!dot) return false;
    size_t n = (size_t)(dot - opt);
    bool match = (strlen(p->name) == n && strncmp(opt, p->name, n) == 0) ||
                 (h && strlen(h->format) == n && strncmp(opt, h->format, n) == 0);
    if (match) {
        *name = dot + 1;
        *prefix_len = n;
    }
    return match;
}

static const gd_option_desc *decl_in(const gd_format_handler *h, const char *name, size_t len)
{
    if (!h->options) return NULL;
    for (const gd_option_desc *o = h->options; o->name; o++)
        if (strlen(o->name) == len && strncmp(o->name, name, len) == 0) return o;
    return NULL;
}

static const char *value_problem(const gd_option_desc *d, const char *v)
{
    char *end;
    int b;
    switch (d->type) {
    case GD_OPT_BOOL: return gd__parse_bool(v, &b) == GD_OK ? NULL : "expects true or false";
    case GD_OPT_INT:
        errno = 0;
        (void)strtol(v, &end, 10);
        return *v && !*end && !errno ? NULL : "expects an integer";
    case GD_OPT_NUMBER: {
        errno = 0;
        double num = strtod(v, &end);
        return *v && !*end && !errno && isfinite(num) ? NULL : "expects a (finite) number";
    }
    case GD_OPT_ENUM: {
        size_t n = strlen(v);
        for (const char *c = d->choices; c && *c;) {
            const char *bar = strchr(c, '|');
            size_t k = bar ? (size_t)(bar - c) : strlen(c);
            if (k == n && strncmp(c, v, n) == 0) return NULL;
            c = bar ? bar + 1 : c + k;
        }
        return "is not one of the allowed values";
    }
    default: return NULL;
    }
}

int gd_options_check(gd_status *st, const gd_registry *reg, const gd_convert_options *opts)
{
    if (opts && opts->version >= 2 && opts->layout && !gd__layout_valid(opts->layout))
        return gd__status_set(st, GD_EUSER, GD_STAGE_USAGE,
                              "--layout '%s': expected standard or source", opts->layout);
    for (size_t i = 0; opts && i < opts->option_count; i++) {
        const char *opt = opts->options[i];
        const char *eq = strchr(opt, '=');
        const char *dot = strchr(opt, '.');
        if (!eq || !dot || dot > eq || dot == opt || dot + 1 == eq)
            return gd__status_set(st, GD_EUSER, GD_STAGE_USAGE,
                                  "option '%s': expected PLUGIN.KEY=VALUE", opt);
        bool plugin_seen = false;
        const gd_option_desc *decl = NULL;
        /* a lazy registry loads only the plugins the option can be meant
         * for, in this order, until one declares it (see registry.c) */
        for (size_t k = 0; k < gd_registry_handler_count(reg) && !decl; k++) {
            const gd_plugin_desc *p;
            bool restart = false;
            const gd_format_handler *h =
                gd__registry_handler_for(reg, k, opt, (size_t)(dot - opt), &p, &restart);
            if (restart) { /* the registry was rebuilt: look again from the start */
                k = (size_t)-1;
                plugin_seen = false;
                continue;
            }
            if (!h) continue;
            const char *name;
            size_t pl;
            if (!option_matches(opt, p, h, &name, &pl)) continue;
            plugin_seen = true;
            decl = decl_in(h, name, (size_t)(eq - name));
        }
        if (!plugin_seen)
            return gd__status_set(st, GD_EUSER, GD_STAGE_USAGE,
                                  "option '%s': no plugin or format named '%.*s'", opt,
                                  (int)(dot - opt), opt);
        if (!decl)
            return gd__status_set(st, GD_EUSER, GD_STAGE_USAGE,
                                  "option '%s': unknown key (see `govdoc formats` for the options "
                                  "of each format)",
                                  opt);
        const char *why = value_problem(decl, eq + 1);
        if (why)
            return gd__status_set(st, GD_EUSER, GD_STAGE_USAGE, "option '%s': %s %s%s", opt,
                                  decl->name, why,
                                  decl->type == GD_OPT_ENUM && decl->choices ? decl->choices : "");
    }
    return GD_OK;
}

/* The options meant for this plugin and handler, as a list in `doc`'s arena
 * (or malloc'ed when there is no doc). */
gd_optval *gd__options_for(gd_arena *arena, const gd_plugin_desc *p, const gd_format_handler *h,
                           const gd_convert_options *opts)
{
    gd_optval *head = NULL, **tail = &head;
    for (size_t i = 0; opts && i < opts->option_count; i++) {
        const char *opt = opts->options[i], *name;
        size_t pl;
        const char *eq = strchr(opt, '=');
        if (!eq || !option_matches(opt, p, h, &name, &pl)) continue;
        if (!decl_in(h, name, (size_t)(eq - name))) continue;
        gd_optval *v = gd__arena_alloc(arena, sizeof *v);
        if (!v) break;
        v->name = gd__arena_strndup(arena, name, (size_t)(eq - name));
        v->value = gd__arena_strdup(arena, eq + 1);
        *tail = v;
        tail = &v->next;
    }
    return head;
}
