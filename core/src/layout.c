/* Which tree a writer renders: a recognised report's standard layout (the
 * template's form, gd_report_canonical) or the document as read. The core
 * decides, once: --layout (gd_convert_options.layout) when given; else the
 * writer's old `layout` option, still honoured with a warning; else the
 * writer's kind — writers of data (GD_HANDLER_LAYOUT_SOURCE, e.g. JSON)
 * get the document as read, every other writer the standard layout. */
#include "internal.h"
#include "govdoc/gd_report.h"

#include <string.h>

bool gd__layout_valid(const char *v)
{
    return v && (strcmp(v, "standard") == 0 || strcmp(v, "source") == 0);
}

/* The writer's own `layout` option, when the user gave it (-O P.layout). */
static const char *old_option(const gd_ctx *ctx)
{
    for (const gd_optval *v = ctx->options; v; v = v->next)
        if (strcmp(v->name, "layout") == 0) return v->value;
    return NULL;
}

const gd_node *gd__layout_root(gd_ctx *ctx, const gd_doc *doc, const gd_convert_options *opts)
{
    const char *choice = opts && opts->version >= 2 ? opts->layout : NULL;
    const char *old = old_option(ctx);
    if (old && gd__layout_valid(old)) {
        if (choice)
            gd_ctx_warn(ctx, "-O %s.layout is deprecated and --layout %s overrides it", ctx->plugin,
                        choice);
        else
            gd_ctx_warn(ctx, "-O %s.layout is deprecated: use --layout %s", ctx->plugin, old);
        if (!choice) choice = old;
    }
    if (!gd__layout_valid(choice))
        choice = ctx->handler && (ctx->handler->flags & GD_HANDLER_LAYOUT_SOURCE) ? "source"
                                                                                  : "standard";
    const gd_report *r = gd_doc_report(doc);
    const gd_node *canonical = r ? gd_report_canonical(r) : NULL;
    if (canonical && strcmp(choice, "standard") == 0) return canonical;
    return gd_doc_root(doc);
}
