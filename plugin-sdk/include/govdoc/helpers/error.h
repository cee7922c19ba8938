/* govdoc plugin helpers — errors.
 *
 * The helper library (libgovdoc-plugin-helpers.a, <govdoc/helpers/...>)
 * never reports on a gd_ctx itself: a function that fails fills a gdh_error
 * (code and one line of text) and returns the code, and the plugin decides
 * what the failure means — an error of the conversion (gdh_error_report),
 * or only a warning when the part it was reading is optional.
 *
 * Conventions of every helper function: output parameters come first;
 * pointer arguments must not be NULL unless the function's comment says
 * what NULL means; a function returning int returns GD_OK (0) or a negative
 * gd_error_code; what it returns malloc'ed is released with free(), and
 * what it returns borrowed says until when it stays valid. No helper keeps
 * global state, nor do the libraries they link (expat, libdeflate, zlib); one object
 * (gdh_zip, gdh_xml_vocab, gdh_xml_log) is used by one thread at a time. */
#ifndef GOVDOC_HELPERS_ERROR_H
#define GOVDOC_HELPERS_ERROR_H

#include <govdoc/gd_plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

/* What went wrong: code is GD_OK or a negative gd_error_code; message is one
 * line without the input's name (the core prefixes it). */
typedef struct gdh_error {
    int code;
    char message[512];
} gdh_error;

/* Resets e to GD_OK and an empty message. e may be NULL (no-op). */
void gdh_error_clear(gdh_error *e);

/* Records code (negative; 0 or positive becomes GD_ERROR) and the
 * printf-formatted message, truncated to fit, unless e already holds an
 * error: the first error is the cause. Returns e's code. e may be NULL
 * (then it only returns the code). */
int gdh_error_set(gdh_error *e, int code, const char *fmt, ...) GD_PRINTF(3, 4);

#if defined(GD_PLUGIN_WRAPPERS)
/* Reports e as the conversion's error on ctx and returns its code
 * (GD_ERROR if e holds none). In plugin code only. */
static inline int gdh_error_report(gd_ctx *ctx, const gdh_error *e)
{
    int code = e && e->code < 0 ? e->code : GD_ERROR;
    return gd_ctx_error(ctx, code, "%s", e && e->message[0] ? e->message : "failed");
}
#endif

#ifdef __cplusplus
}
#endif
#endif
