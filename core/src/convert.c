/* The pipeline: input read whole, reader chosen by content, report
 * recognised, writer output made complete before it lands (output.c: a
 * temporary file renamed into place, or a device written directly).
 * Options are checked in options.c, contexts set up in ctx.c. */
#define _GNU_SOURCE
#include "internal.h"
#include "sandbox.h"
#include "govdoc/gd_convert.h"
#include "govdoc/gd_report.h"
#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int set_status(gd_status *st, int code, gd_stage stage, const char *fmt, ...)
    GD_PRINTF(4, 5);
static int set_status(gd_status *st, int code, gd_stage stage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gd__status_setv(st, code, stage, fmt, ap);
    va_end(ap);
    return rc;
}

static const char *display_name(const char *path)
{
    return !path || strcmp(path, "-") == 0 ? "<stdin>" : path;
}

static const char *code_reason(int code)
{
    switch (code) {
    case GD_ENOMEM: return "out of memory";
    case GD_EIO: return "I/O error";
    case GD_EFORMAT: return "malformed input";
    case GD_ENOTSUPPORTED: return "not supported";
    case GD_ELIMIT: return "limit exceeded";
    case GD_EABI: return "plugin ABI mismatch";
    case GD_EUSER: return "invalid argument";
    case GD_ENOTFOUND: return "not found";
    default: return "failed";
    }
}

/* ---- memory budget ---- */

static size_t budget_of(const gd_convert_options *opts)
{
    if (!opts || opts->version < 3 || !opts->max_memory) return GD_DEFAULT_MAX_MEMORY;
    return opts->max_memory == SIZE_MAX ? 0 : opts->max_memory;
}

/* The one message for a conversion over its budget, whatever the plugin
 * made of the refused allocation. */
static int budget_status(gd_status *st, gd_stage stage, const char *shown, const gd_doc *doc)
{
    size_t mb = (gd_doc_memory_limit(doc) + (1u << 20) - 1) >> 20;
    return set_status(st, GD_ELIMIT, stage,
                      "%s: limit exceeded: the conversion needs more than its memory budget of "
                      "%zu MB (--max-memory)",
                      shown, mb);
}

/* An annual report holds tens of kilobytes of text in a few thousand
 * nodes; recognition reads every block's text several times, so a
 * document of many megabytes or nodes is not worth its time and memory (a
 * 100 MB paragraph took 20 s and 400 MB; 400 000 one-line paragraphs 6 s
 * and 50 MB). */
#define GD_REPORT_MAX_TEXT  (8u << 20)
#define GD_REPORT_MAX_NODES 500000u

static bool too_big_for_a_report(gd_doc *doc)
{
    size_t text = 0;
    if (doc->node_count <= GD_REPORT_MAX_NODES)
        for (const gd_node *n = doc->root; n && text <= GD_REPORT_MAX_TEXT;) {
            if (n->type == GD_NODE_TEXT) text += n->len;
            if (n->first) {
                n = n->first;
                continue;
            }
            while (n && !n->next && n != doc->root) n = n->parent;
            n = n && n != doc->root ? n->next : NULL;
        }
    if (doc->node_count <= GD_REPORT_MAX_NODES && text <= GD_REPORT_MAX_TEXT) return false;
    gd_doc_diag_add(doc, GD_SEV_INFO,
                    "report recognition skipped: the document is far bigger than an annual "
                    "report (more than 8 MB of text or 500000 nodes)");
    return true;
}

/* ---- reading ---- */

static int slurp(uint8_t **out, size_t *len, gd_status *st, const char *path, size_t max)
{
    *out = NULL;
    *len = 0;
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *f = is_stdin ? stdin : fopen(path, "rb");
    if (!f)
        return set_status(st, errno == ENOENT ? GD_ENOTFOUND : GD_EIO, GD_STAGE_INPUT, "%s: %s",
                          path, strerror(errno));
    struct stat sb;
    if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
        if (!is_stdin) fclose(f);
        return set_status(st, GD_EIO, GD_STAGE_INPUT, "%s: is a directory", path);
    }
    if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) && (uint64_t)sb.st_size > max) {
        if (!is_stdin) fclose(f);
        return set_status(st, GD_ELIMIT, GD_STAGE_INPUT,
                          "%s: file of %lld bytes exceeds the %zu-byte input limit", path,
                          (long long)sb.st_size, max);
    }
    size_t cap = S_ISREG(sb.st_mode) && sb.st_size > 0 ? (size_t)sb.st_size + 1 : 65536, n = 0;
    uint8_t *buf = malloc(cap);
    int rc = buf ? GD_OK : GD_ENOMEM;
    while (rc == GD_OK) {
        if (n == cap) {
            if (cap > max) {
                rc = set_status(st, GD_ELIMIT, GD_STAGE_INPUT,
                                "%s: input exceeds the %zu-byte limit", display_name(path), max);
                break;
            }
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) {
                rc = GD_ENOMEM;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                rc = set_status(st, GD_EIO, GD_STAGE_INPUT, "%s: read error: %s",
                                display_name(path), strerror(errno));
            break;
        }
    }
    if (!is_stdin) fclose(f);
    if (rc == GD_OK && n > max)
        rc = set_status(st, GD_ELIMIT, GD_STAGE_INPUT, "%s: input exceeds the %zu-byte limit",
                        display_name(path), max);
    if (rc) {
        free(buf);
        if (rc == GD_ENOMEM && (!st || !st->message))
            set_status(st, rc, GD_STAGE_INPUT, "%s: out of memory", display_name(path));
        return rc;
    }
    *out = buf;
    *len = n;
    return GD_OK;
}

static void report_warnings(const gd_doc *doc, size_t from, const char *name,
                            const gd_convert_options *opts)
{
    if (!opts || !opts->on_warning) return;
    for (size_t i = from; i < gd_doc_diag_count(doc); i++) {
        gd_severity sev;
        const char *msg;
        if (gd_doc_diag_at(doc, i, &sev, &msg) == GD_OK && sev >= GD_SEV_WARNING)
            opts->on_warning(name, msg, opts->payload);
    }
}

int gd_read_memory(gd_doc **out, gd_status *st, const gd_registry *reg, const uint8_t *data,
                   size_t len, const char *name, const gd_convert_options *opts)
{
    *out = NULL;
    const char *shown = display_name(name);
    const gd_plugin_desc *plugin = NULL;
    const gd_format_handler *h;
    if (opts && opts->from) {
        h = gd_registry_find(reg, GD_HANDLER_READER, opts->from, &plugin);
        if (!h)
            return set_status(st, GD_EUSER, GD_STAGE_USAGE, "%s: no reader for format '%s'", shown,
                              opts->from);
    } else {
        h = gd_registry_probe(reg, data, len, name && strcmp(name, "-") ? name : NULL, NULL,
                              &plugin);
        if (!h)
            return set_status(st, GD_ENOTSUPPORTED, GD_STAGE_INPUT,
                              "%s: unrecognised format (no reader accepts this content)", shown);
    }
    gd_doc *doc;
    if (gd_doc_new(&doc))
        return set_status(st, GD_ENOMEM, GD_STAGE_INPUT, "%s: out of memory", shown);
    gd_doc_set_memory_limit(doc, budget_of(opts));
    /* The input is held while it is read: it counts. */
    gd__budget_force(&doc->budget, len);
    gd_budget *outer = gd__budget_enter(&doc->budget);
    if (doc->budget.exceeded) {
        gd__budget_leave(outer);
        budget_status(st, GD_STAGE_INPUT, shown, doc);
        gd_doc_free(doc);
        return GD_ELIMIT;
    }
    gd_ctx ctx;
    gd__ctx_init(&ctx, doc, h, plugin->name, shown, NULL,
                 gd__options_for(&doc->arena, plugin, h, opts));
    int rc = gd__sandbox_wanted(h) ? gd__sandbox_read(&ctx, h, data, len, doc)
                                   : h->read(&ctx, data, len, doc);
    if (rc == GD_OK && ctx.error_code) rc = ctx.error_code;
    if (doc->budget.exceeded) {
        gd__budget_leave(outer);
        budget_status(st, GD_STAGE_INPUT, shown, doc);
        gd__ctx_release(&ctx);
        gd_doc_free(doc);
        return GD_ELIMIT;
    }
    if (rc) {
        gd__budget_leave(outer);
        if (ctx.error_message)
            set_status(st, rc, GD_STAGE_INPUT, "%s: %s", shown, ctx.error_message);
        else
            set_status(st, rc, GD_STAGE_INPUT, "%s: %s reader failed: %s", shown, h->format,
                       code_reason(rc));
        gd__ctx_release(&ctx);
        gd_doc_free(doc);
        return rc;
    }
    gd__ctx_release(&ctx);
    if (name && strcmp(name, "-") != 0 && !gd_doc_meta_get(doc, "source"))
        gd_doc_meta_set(doc, "source", name);
    if (!gd_doc_meta_get(doc, "source-format")) gd_doc_meta_set(doc, "source-format", h->format);
    size_t diag_before = 0;
    report_warnings(doc, diag_before, shown, opts);
    diag_before = gd_doc_diag_count(doc);
    if ((!opts || !opts->no_report) && !too_big_for_a_report(doc)) {
        gd_ctx rctx;
        gd__ctx_init(&rctx, doc, NULL, "report", shown, NULL, NULL);
        rc = gd_report_recognize(doc, &rctx);
        if (doc->budget.exceeded) {
            gd__budget_leave(outer);
            budget_status(st, GD_STAGE_INPUT, shown, doc);
            gd__ctx_release(&rctx);
            gd_doc_free(doc);
            return GD_ELIMIT;
        }
        if (rc) {
            gd__budget_leave(outer);
            set_status(st, rc, GD_STAGE_INPUT, "%s: report recognition failed: %s", shown,
                       rctx.error_message ? rctx.error_message : code_reason(rc));
            gd__ctx_release(&rctx);
            gd_doc_free(doc);
            return rc;
        }
        gd__ctx_release(&rctx);
        report_warnings(doc, diag_before, shown, opts);
    }
    gd__budget_leave(outer);
    gd__budget_release(&doc->budget, len); /* the caller frees the input next */
    *out = doc;
    return GD_OK;
}

int gd_read_file(gd_doc **out, gd_status *st, const gd_registry *reg, const char *path,
                 const gd_convert_options *opts)
{
    *out = NULL;
    size_t max = opts && opts->max_input ? opts->max_input : GD_DEFAULT_MAX_INPUT;
    /* an input bigger than the memory budget cannot be converted within it */
    size_t budget = budget_of(opts);
    if (budget && budget < max) {
        struct stat sb;
        if (strcmp(path, "-") != 0 && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
            (uint64_t)sb.st_size > budget)
            return set_status(st, GD_ELIMIT, GD_STAGE_INPUT,
                              "%s: limit exceeded: a file of %lld bytes cannot be converted "
                              "within the memory budget of %zu MB (--max-memory)",
                              path, (long long)sb.st_size, (budget + (1u << 20) - 1) >> 20);
        max = budget;
    }
    uint8_t *data;
    size_t len;
    int rc = slurp(&data, &len, st, path, max);
    if (rc) return rc;
    rc = gd_read_memory(out, st, reg, data, len, path, opts);
    free(data);
    return rc;
}

/* ---- writing ---- */

const gd_format_handler *gd_writer_for(const gd_registry *reg, const char *path,
                                       const gd_convert_options *opts,
                                       const gd_plugin_desc **plugin)
{
    if (opts && opts->to) return gd_registry_find(reg, GD_HANDLER_WRITER, opts->to, plugin);
    const char *slash = path ? strrchr(path, '/') : NULL;
    const char *base = slash ? slash + 1 : path;
    const char *dot = base ? strrchr(base, '.') : NULL;
    if (!dot || dot == base) return NULL;
    return gd_registry_find_ext(reg, GD_HANDLER_WRITER, dot + 1, plugin);
}

/* The handler's prepare, read only as far as its struct_size goes (ABI 1.3). */
static void (*handler_prepare(const gd_format_handler *h))(gd_ctx *)
{
    size_t end = offsetof(gd_format_handler, prepare) + sizeof h->prepare;
    return h->kind == GD_HANDLER_WRITER && h->struct_size >= end ? h->prepare : NULL;
}

void gd_write_prepare(const gd_registry *reg, const char *path, const gd_convert_options *opts)
{
    const gd_plugin_desc *p;
    const gd_format_handler *h = gd_writer_for(reg, path, opts, &p);
    void (*prepare)(gd_ctx *) = h ? handler_prepare(h) : NULL;
    if (!prepare) return;
    gd_arena arena;
    gd__arena_init(&arena);
    gd_ctx ctx;
    gd__ctx_init(&ctx, NULL, h, p->name, NULL, NULL, gd__options_for(&arena, p, h, opts));
    prepare(&ctx);
    gd__ctx_release(&ctx);
    gd__arena_release(&arena);
}

static int run_writer(gd_status *st, const gd_format_handler *h, const gd_plugin_desc *p,
                      const gd_doc *doc, gd_sink *sink, const char *path, gd_output *out,
                      const gd_convert_options *opts)
{
    gd_arena arena;
    gd__arena_init(&arena);
    gd_ctx ctx;
    gd__ctx_init(&ctx, NULL, h, p->name, gd_doc_meta_get(doc, "source"),
                 out ? gd__output_path_for_writer(out) : NULL, gd__options_for(&arena, p, h, opts));
    ctx.out = out;
    /* The writer's buffers (and its layout) count against the document's
     * budget too. */
    gd_budget *budget = (gd_budget *)&doc->budget;
    gd_budget *outer = gd__budget_enter(budget);
    ctx.document = gd__layout_root(&ctx, doc, opts);
    int rc = h->write(&ctx, doc, sink);
    gd__budget_leave(outer);
    gd__sink_settle(sink, budget);
    if (rc == GD_OK && ctx.error_code) rc = ctx.error_code;
    if (rc == GD_OK && sink->error) rc = sink->error;
    const char *shown = path ? display_name(path) : "<memory>";
    if (strcmp(shown, "<stdin>") == 0) shown = "<stdout>";
    if (budget->exceeded) {
        const char *in = gd_doc_meta_get(doc, "source");
        rc = budget_status(st, GD_STAGE_OUTPUT, in ? in : shown, doc);
    }
    if (opts && opts->on_warning)
        for (size_t i = 0; i < ctx.warning_count; i++)
            opts->on_warning(shown, ctx.warnings[i], opts->payload);
    if (rc && !budget->exceeded) {
        /* a limit is the document's (too many pages, too big an image):
         * the message names the input, as in a batch's manifest */
        const char *in = rc == GD_ELIMIT ? gd_doc_meta_get(doc, "source") : NULL;
        const char *who = in ? in : shown;
        if (ctx.error_message)
            set_status(st, rc, GD_STAGE_OUTPUT, "%s: %s", who, ctx.error_message);
        else
            set_status(st, rc, GD_STAGE_OUTPUT, "%s: %s writer failed: %s", who, h->format,
                       code_reason(rc));
    }
    gd__ctx_release(&ctx);
    gd__arena_release(&arena);
    return rc;
}

int gd_write_sink(gd_status *st, const gd_registry *reg, const gd_doc *doc, gd_sink *sink,
                  const char *format, const gd_convert_options *opts)
{
    const gd_plugin_desc *p;
    const gd_format_handler *h = gd_registry_find(reg, GD_HANDLER_WRITER, format, &p);
    if (!h)
        return set_status(st, GD_EUSER, GD_STAGE_USAGE, "no writer for format '%s'",
                          format ? format : "(none)");
    return run_writer(st, h, p, doc, sink, NULL, NULL, opts);
}

int gd_write_file(gd_status *st, const gd_registry *reg, const gd_doc *doc, const char *path,
                  const gd_convert_options *opts)
{
    const gd_plugin_desc *p;
    const gd_format_handler *h = gd_writer_for(reg, path, opts, &p);
    if (!h) {
        if (opts && opts->to)
            return set_status(st, GD_EUSER, GD_STAGE_USAGE, "no writer for format '%s'", opts->to);
        return set_status(st, GD_EUSER, GD_STAGE_USAGE,
                          "%s: cannot tell the output format from the name; use -t FORMAT",
                          display_name(path));
    }
    /* What the output is decides how it is written (see output.c). */
    const char *shown = strcmp(path, "-") == 0 ? "<stdout>" : path;
    gd_output out;
    char *why = NULL, *warning = NULL;
    int rc = gd__output_open(&out, path, &why);
    if (rc) set_status(st, rc, GD_STAGE_OUTPUT, "%s: %s", shown, why ? why : code_reason(rc));
    gd_sink *sink = NULL;
    if (rc == GD_OK && (rc = gd__output_sink(&out, &sink)) != GD_OK)
        set_status(st, rc, GD_STAGE_OUTPUT, "%s: out of memory", shown);
    if (rc == GD_OK) rc = run_writer(st, h, p, doc, sink, path, &out, opts);
    if (rc == GD_OK) {
        free(why);
        why = NULL;
        rc = gd__output_commit(&out, sink, &why, &warning);
        if (rc)
            set_status(st, rc, GD_STAGE_OUTPUT, "%s: %s", shown, why ? why : code_reason(rc));
        else if (warning && opts && opts->on_warning)
            opts->on_warning(shown, warning, opts->payload);
    }
    gd_sink_free(sink);
    gd__output_close(&out);
    free(why);
    free(warning);
    return rc;
}

/* Side files of a writer (ABI 1.1): see gd_api_list.h. */
int gd_ctx_side_dir(gd_ctx *ctx, const char *final_dir, const char **tmp_dir)
{
    if (!ctx || !final_dir || !tmp_dir) return GD_EUSER;
    *tmp_dir = NULL;
    if (!ctx->out) return gd_ctx_error(ctx, GD_ENOTSUPPORTED, "side files need an output file");
    char *why = NULL;
    int rc = gd__output_side_dir(ctx->out, final_dir, tmp_dir, &why);
    if (rc) gd_ctx_error(ctx, rc, "%s", why ? why : code_reason(rc));
    free(why);
    return rc;
}

int gd_convert_file(gd_status *st, const gd_registry *reg, const char *in_path,
                    const char *out_path, const gd_convert_options *opts)
{
    gd_doc *doc;
    gd_write_prepare(reg, out_path, opts);
    int rc = gd_read_file(&doc, st, reg, in_path, opts);
    if (rc) return rc;
    rc = gd_write_file(st, reg, doc, out_path, opts);
    gd_doc_free(doc);
    return rc;
}
