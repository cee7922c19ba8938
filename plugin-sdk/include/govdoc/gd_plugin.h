/* govdoc plugin SDK — the only header a plugin includes.
 *
 * A plugin is a shared object exporting one function, gd_plugin_entry(),
 * which receives the host function table and returns a descriptor. The
 * plugin never links the core: every core function it calls goes through
 * the table, via the static inline gd_* wrappers defined below, so plugin
 * code reads like ordinary API calls. See plugin-sdk/ABI.md for the rules.
 *
 *     #include <govdoc/gd_plugin.h>
 *     static int my_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc);
 *     static const gd_format_handler reader = { ... .read = my_read };
 *     static const gd_format_handler *const handlers[] = {&reader, NULL};
 *     GD_PLUGIN_DEFINE("name", "1.0.0", "what it does", "MIT", handlers)
 */
#ifndef GOVDOC_GD_PLUGIN_H
#define GOVDOC_GD_PLUGIN_H

#include "gd_types.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum gd_handler_kind {
    GD_HANDLER_READER = 1,
    GD_HANDLER_WRITER = 2,
} gd_handler_kind;

/* Handler flags. */
enum {
    GD_HANDLER_BINARY = 1u << 0, /* writer output is binary (never to a terminal) */
    /* ABI 1.1, readers: run read() in a sandboxed child process (rlimits,
     * seccomp); the document comes back to the core, which rebuilds it. For
     * readers built on third-party parsers of binary formats. ABI.md. */
    GD_HANDLER_SANDBOX = 1u << 1,
    /* Writer of data (ABI 1.1): without --layout it renders the document as
     * read; other writers get a recognised report's standard layout. See
     * gd_ctx_document(). */
    GD_HANDLER_LAYOUT_SOURCE = 1u << 2,
};

typedef enum gd_option_type {
    GD_OPT_BOOL = 1, /* true/false, yes/no, 1/0, on/off */
    GD_OPT_INT = 2,
    GD_OPT_NUMBER = 3, /* decimal */
    GD_OPT_STRING = 4,
    GD_OPT_ENUM = 5, /* one of `choices`, separated by '|' */
    GD_OPT_PATH = 6,
} gd_option_type;

/* An option a handler accepts: `-O <plugin>.<name>=<value>`. The core checks
 * names and values against these before calling the plugin. */
typedef struct gd_option_desc {
    const char *name; /* [a-z0-9-]; NULL ends the list */
    gd_option_type type;
    const char *default_value; /* as text; NULL = unset */
    const char *choices;       /* GD_OPT_ENUM: "a|b|c" */
    const char *help;          /* one line */
} gd_option_desc;

/* What a probe sees: the first bytes of the input and its name. */
typedef struct gd_probe_input {
    uint32_t struct_size;
    const uint8_t *head; /* first bytes (up to 64 KiB) */
    size_t head_len;
    uint64_t total_len;
    const char *filename_hint; /* may be NULL (stdin) */
} gd_probe_input;

/* A reader's signature (ABI 1.2): `len` bytes the input holds at `offset`
 * or, when window > 0, starting anywhere from offset to offset + window -
 * len. A list of them ends with {NULL}. */
typedef struct gd_signature {
    const char *bytes;
    uint32_t len, offset, window;
} gd_signature;

typedef struct gd_format_handler {
    uint32_t struct_size; /* sizeof(gd_format_handler) */
    gd_handler_kind kind;
    const char *format;            /* "docx", "html", ...: [a-z0-9_-] */
    const char *description;       /* one line, for `govdoc formats` */
    const char *const *extensions; /* NULL-terminated, no dot */
    const char *const *mime_types; /* NULL-terminated */
    int rank;                      /* tie-breaker; 0 = normal */
    uint32_t flags;                /* GD_HANDLER_* */
    const gd_option_desc *options; /* NULL or ended by {NULL} */
    /* readers: score 0..100 for these bytes; pure and cheap */
    int (*probe)(const gd_probe_input *in);
    /* readers: build the document from the whole input */
    int (*read)(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc);
    /* writers: emit the document into the sink */
    int (*write)(gd_ctx *ctx, const gd_doc *doc, gd_sink *out);
    /* readers, optional (ABI 1.2): the probe scores 0 for any input that
     * matches none of these, so the core need not load the plugin to ask
     * it. NULL = none declared (the probe is always asked). */
    const gd_signature *signatures;
    /* writers, optional (ABI 1.3): called once this writer is chosen for a
     * conversion, before the input is read (gd_write_prepare), with the
     * conversion's options (gd_ctx_option); no document, no output. It may
     * start work that needs no document, to overlap the reading: the PDF
     * writer opens its fonts on its second thread. Nothing it reports is
     * kept (write() reports its own errors); it must be cheap when called
     * again and harmless when write() never follows. */
    void (*prepare)(gd_ctx *ctx);
} gd_format_handler;

typedef struct gd_plugin_desc {
    uint32_t abi_major;   /* GD_ABI_MAJOR the plugin was built with */
    uint32_t abi_minor;   /* GD_ABI_MINOR the plugin was built with */
    uint32_t struct_size; /* sizeof(gd_plugin_desc) */
    const char *name;     /* unique: [a-z0-9_] */
    const char *version;  /* the plugin's own version */
    const char *description;
    const char *license;                      /* SPDX id */
    const gd_format_handler *const *handlers; /* NULL-terminated */
} gd_plugin_desc;

/* The host function table: one slot per function of gd_api_list.h, in
 * that order. Append-only across minor versions. */
typedef struct gd_host_api {
    uint32_t abi_major;
    uint32_t abi_minor;
    uint32_t struct_size;
#define GD_FN(ret, name, params, args) ret(*name) params;
#define GD_FNV(name, params, args)     void(*name) params;
#include "gd_api_list.h"
#undef GD_FN
#undef GD_FNV
} gd_host_api;

/* True when the host table has slot `fld` (for plugins that want to use a
 * newer function only when the core offers it). */
#define GD_HOST_HAS(h, fld)                                                                        \
    ((h)->struct_size >= offsetof(gd_host_api, fld) + sizeof((h)->fld) && (h)->fld)

/* The entry point every plugin exports. */
typedef const gd_plugin_desc *(*gd_plugin_entry_fn)(const gd_host_api *host);
#define GD_PLUGIN_ENTRY_SYMBOL "gd_plugin_entry"

/* The wrappers below are for plugins only. Code that uses the core's own
 * headers (the core, the CLI, applications) calls the functions directly. */
#if !defined(GD_BUILDING_CORE) && !defined(GOVDOC_GD_API_H)
#define GD_PLUGIN_WRAPPERS 1

#if defined(__GNUC__)
#define GD__HIDDEN __attribute__((visibility("hidden")))
#define GD__EXPORT __attribute__((visibility("default")))
#else
#define GD__HIDDEN
#define GD__EXPORT
#endif

/* The table, set by gd_plugin_entry(); shared by the plugin's files. */
extern GD__HIDDEN const gd_host_api *gd_host;

#define GD_FN(ret, name, params, args)                                                             \
    static inline ret gd_##name params                                                             \
    {                                                                                              \
        return gd_host->name args;                                                                 \
    }
#define GD_FNV(name, params, args)                                                                 \
    static inline void gd_##name params                                                            \
    {                                                                                              \
        gd_host->name args;                                                                        \
    }
#include "gd_api_list.h"
#undef GD_FN
#undef GD_FNV

/* Varargs conveniences over the va_list slots. */
static inline GD_PRINTF(3, 4) int gd_ctx_error(gd_ctx *ctx, int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gd_host->ctx_errorv(ctx, code, fmt, ap);
    va_end(ap);
    return rc;
}
static inline GD_PRINTF(2, 3) void gd_ctx_warn(gd_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gd_host->ctx_warnv(ctx, fmt, ap);
    va_end(ap);
}
static inline GD_PRINTF(2, 3) int gd_sink_printf(gd_sink *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = gd_host->sink_vprintf(s, fmt, ap);
    va_end(ap);
    return rc;
}

/* The oldest core minor the plugin loads into, recorded in its descriptor.
 * By default the SDK's own minor. A plugin that defines it lower before
 * including this header loads into older cores too, and must test every
 * function newer than that minor with GD_HOST_HAS before calling it. */
#ifndef GD_PLUGIN_MIN_ABI_MINOR
#define GD_PLUGIN_MIN_ABI_MINOR GD_ABI_MINOR
#endif
#if GD_PLUGIN_MIN_ABI_MINOR > GD_ABI_MINOR
#error "GD_PLUGIN_MIN_ABI_MINOR is newer than this SDK"
#endif

/* Defines the host pointer and the exported entry function. Use once per
 * plugin, in one .c file. The strings and handlers are the plugin's own
 * (static) data; the core borrows them while the plugin is loaded. */
#define GD_PLUGIN_DEFINE(name_, version_, description_, license_, handlers_)                       \
    GD__HIDDEN const gd_host_api *gd_host;                                                         \
    static const gd_plugin_desc gd__plugin_desc = {GD_ABI_MAJOR,                                   \
                                                   GD_PLUGIN_MIN_ABI_MINOR,                        \
                                                   (uint32_t)sizeof(gd_plugin_desc),               \
                                                   name_,                                          \
                                                   version_,                                       \
                                                   description_,                                   \
                                                   license_,                                       \
                                                   handlers_};                                     \
    GD__EXPORT const gd_plugin_desc *gd_plugin_entry(const gd_host_api *host);                     \
    GD__EXPORT const gd_plugin_desc *gd_plugin_entry(const gd_host_api *host)                      \
    {                                                                                              \
        if (!host || host->abi_major != GD_ABI_MAJOR) return &gd__plugin_desc;                     \
        gd_host = host;                                                                            \
        return &gd__plugin_desc;                                                                   \
    }

#endif /* plugin wrappers */

#ifdef __cplusplus
}
#endif
#endif
