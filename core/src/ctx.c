/* Call contexts: set up and released here for every plugin call (and for
 * recognition); the first error of the call, its warnings, its options. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

int gd_ctx_new(gd_ctx **out, gd_doc *doc)
{
    *out = calloc(1, sizeof **out);
    if (!*out) return GD_ENOMEM;
    (*out)->doc = doc;
    return GD_OK;
}

void gd__ctx_init(gd_ctx *ctx, gd_doc *doc, const gd_format_handler *h, const char *plugin,
                  const char *input_name, const char *output_path, const gd_optval *options)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->doc = doc;
    ctx->handler = h;
    ctx->plugin = plugin;
    ctx->input_name = input_name;
    ctx->output_path = output_path;
    ctx->options = options;
}

void gd__ctx_release(gd_ctx *ctx)
{
    if (!ctx) return;
    free(ctx->error_message);
    for (size_t i = 0; i < ctx->warning_count; i++) free(ctx->warnings[i]);
    free(ctx->warnings);
    ctx->error_message = NULL;
    ctx->warnings = NULL;
    ctx->warning_count = 0;
}

void gd_ctx_free(gd_ctx *ctx)
{
    if (!ctx) return;
    gd__ctx_release(ctx);
    free(ctx);
}

int gd_ctx_errorv(gd_ctx *ctx, int code, const char *fmt, va_list ap)
{
    if (code >= 0) code = GD_ERROR;
    if (!ctx) return code;
    if (ctx->error_code) return ctx->error_code; /* the first error is the cause */
    ctx->error_code = code;
    ctx->error_message = gd__vasprintf(fmt, ap);
    return code;
}

int gd_ctx_error(gd_ctx *ctx, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gd_ctx_errorv(ctx, code, fmt, ap);
    va_end(ap);
    return rc;
}

void gd_ctx_warnv(gd_ctx *ctx, const char *fmt, va_list ap)
{
    if (!ctx) return;
    char *msg = gd__vasprintf(fmt, ap);
    if (!msg) return;
    if (ctx->doc) {
        gd_doc_diag_add(ctx->doc, GD_SEV_WARNING, msg);
        free(msg);
        return;
    }
    char **w = realloc(ctx->warnings, (ctx->warning_count + 1) * sizeof *w);
    if (!w) {
        free(msg);
        return;
    }
    ctx->warnings = w;
    ctx->warnings[ctx->warning_count++] = msg;
}

void gd_ctx_warn(gd_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gd_ctx_warnv(ctx, fmt, ap);
    va_end(ap);
}

int gd_ctx_error_code(const gd_ctx *ctx)
{
    return ctx ? ctx->error_code : GD_EUSER;
}

const char *gd_ctx_error_message(const gd_ctx *ctx)
{
    return ctx ? ctx->error_message : NULL;
}

size_t gd_ctx_warning_count(const gd_ctx *ctx)
{
    return ctx ? ctx->warning_count : 0;
}

const char *gd_ctx_warning_at(const gd_ctx *ctx, size_t i)
{
    return ctx && i < ctx->warning_count ? ctx->warnings[i] : NULL;
}

static const gd_option_desc *find_decl(const gd_ctx *ctx, const char *name)
{
    if (!ctx || !ctx->handler || !ctx->handler->options) return NULL;
    for (const gd_option_desc *o = ctx->handler->options; o->name; o++)
        if (strcmp(o->name, name) == 0) return o;
    return NULL;
}

const char *gd_ctx_option(gd_ctx *ctx, const char *name)
{
    if (!ctx || !name) return NULL;
    for (const gd_optval *v = ctx->options; v; v = v->next)
        if (strcmp(v->name, name) == 0) return v->value;
    const gd_option_desc *d = find_decl(ctx, name);
    return d ? d->default_value : NULL;
}

int gd__parse_bool(const char *v, int *out)
{
    static const char *const yes[] = {"1", "true", "yes", "on"};
    static const char *const no[] = {"0", "false", "no", "off"};
    for (size_t i = 0; i < 4; i++) {
        if (strcasecmp(v, yes[i]) == 0) return *out = 1, GD_OK;
        if (strcasecmp(v, no[i]) == 0) return *out = 0, GD_OK;
    }
    return GD_EUSER;
}

int gd_ctx_option_bool(gd_ctx *ctx, const char *name)
{
    const char *v = gd_ctx_option(ctx, name);
    int b = 0;
    return v && gd__parse_bool(v, &b) == GD_OK ? b : 0;
}

double gd_ctx_option_number(gd_ctx *ctx, const char *name)
{
    const char *v = gd_ctx_option(ctx, name);
    return v ? strtod(v, NULL) : 0.0;
}

const char *gd_ctx_input_name(gd_ctx *ctx)
{
    return ctx ? ctx->input_name : NULL;
}

const char *gd_ctx_output_path(gd_ctx *ctx)
{
    return ctx ? ctx->output_path : NULL;
}

const gd_node *gd_ctx_document(gd_ctx *ctx)
{
    return ctx ? ctx->document : NULL;
}
