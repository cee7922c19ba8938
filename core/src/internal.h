/* Private structures of the core. Nothing outside core/src sees these. */
#ifndef GD_INTERNAL_H
#define GD_INTERNAL_H

#include "govdoc/gd_api.h"
#include "govdoc/gd_plugin.h"
#include "govdoc/gd_convert.h"

#include <stdbool.h>

/* Limits every document obeys, whatever the reader. The node and grid
 * limits are also tied to the memory budget (see doc.c): counts are the
 * secondary limits, set so that they bite before the bytes do. */
#define GD_MAX_DEPTH      256
#define GD_MAX_NODES      20000000u
#define GD_MAX_SPAN       1000
#define GD_MAX_GRID_SLOTS 4000000u
#define GD_NODE_BYTES     128u   /* budget bytes per allowed node */
#define GD_MAX_DIAGS      10000u /* diagnostics kept per document */

/* ---- memory budget: one per conversion (budget.c) ---- */
typedef struct gd_budget {
    size_t limit; /* bytes; 0 = none */
    size_t used, peak;
    bool exceeded; /* a charge was refused (sticky) */
} gd_budget;

void gd__budget_init(gd_budget *b, size_t limit);
/* Charges n bytes; false (and exceeded set) when that would pass the limit. */
bool gd__budget_charge(gd_budget *b, size_t n);
/* Counts n bytes even past the limit (then exceeded is set). */
void gd__budget_force(gd_budget *b, size_t n);
void gd__budget_release(gd_budget *b, size_t n);
/* The budget allocations on this thread are charged to (the conversion in
 * progress); enter returns the previous one for leave. */
gd_budget *gd__budget_enter(gd_budget *b);
void gd__budget_leave(gd_budget *old);
gd_budget *gd__budget_current(void);

/* ---- arena: one per document; freed at once ---- */
typedef struct gd_arena_block gd_arena_block;
typedef struct gd_arena {
    gd_arena_block *head;
    size_t total;
    gd_budget *budget; /* charged for every block; may be NULL */
} gd_arena;

void gd__arena_init(gd_arena *a);
void gd__arena_release(gd_arena *a);
void *gd__arena_alloc(gd_arena *a, size_t size);     /* zeroed; NULL on OOM */
void *gd__arena_alloc_raw(gd_arena *a, size_t size); /* not zeroed */
/* Grows p, an allocation of `old` bytes, to `size` bytes without copying
 * when it is the arena's last allocation or has a block of its own (then
 * it may move); NULL when it cannot (p is unchanged). */
void *gd__arena_grow(gd_arena *a, void *p, size_t old, size_t size);
char *gd__arena_strndup(gd_arena *a, const char *s, size_t n);
char *gd__arena_strdup(gd_arena *a, const char *s);

/* ---- nodes ---- */
typedef struct gd_attr {
    struct gd_attr *next;
    const char *key;
    const char *value;
} gd_attr;

struct gd_node {
    gd_node *parent, *first, *last, *prev, *next;
    gd_doc *doc;
    const char *text; /* TEXT literal; LINK/IMAGE url */
    size_t len;
    gd_attr *attrs;
    uint32_t line;
    uint16_t type;
    uint16_t style; /* TEXT style bits */
    int32_t a;      /* heading level; list ordered; cell rowspan */
    int32_t b;      /* list start; cell colspan */
    uint8_t header; /* ROW/CELL header flag */
};

gd_node *gd__node_alloc(gd_doc *doc, gd_node_type type);
void gd__node_append(gd_node *parent, gd_node *child); /* no checks */
gd_node *gd__node_clone(gd_doc *doc, const gd_node *src);
const char *gd__attr_get(const gd_attr *a, const char *key);
bool gd__type_valid(int type);

/* The text node the builder would append to next (NULL if none), which it
 * then no longer does: the sandbox's rebuild keeps text nodes apart as the
 * reader made them (wire.c). */
gd_node *gd__builder_take_text(gd_builder *b);

/* ---- documents ---- */
typedef struct gd_kv {
    struct gd_kv *next;
    const char *key;
    const char *value;
} gd_kv;

typedef struct gd_resource {
    struct gd_resource *next;
    const char *id;
    const char *mime;
    const uint8_t *data;
    size_t len;
} gd_resource;

typedef struct gd_diag {
    struct gd_diag *next;
    gd_severity sev;
    const char *message;
} gd_diag;

struct gd_doc {
    gd_budget budget; /* the conversion's memory budget */
    gd_arena arena;
    gd_node *root;
    gd_kv *meta, *meta_tail;
    size_t meta_count;
    gd_resource *res, *res_tail;
    size_t res_count;
    gd_resource **res_v; /* by index, for O(1) gd_doc_resource_at/find */
    size_t res_cap;
    gd_diag *diag, *diag_tail;
    size_t diag_count;
    gd_diag **diag_v; /* by index, for O(1) gd_doc_diag_at */
    size_t diag_cap;
    size_t diag_dropped; /* past GD_MAX_DIAGS */
    size_t node_count;
    size_t node_limit;      /* the effective limit */
    size_t node_limit_user; /* as set by gd_doc_set_node_limit */
    gd_report *report;
};

/* ---- call context ---- */
typedef struct gd_optval {
    struct gd_optval *next;
    const char *name;
    const char *value;
} gd_optval;

struct gd_ctx {
    gd_doc *doc; /* warnings go here when set */
    const gd_format_handler *handler;
    const char *plugin; /* plugin name, for messages */
    const char *input_name;
    const char *output_path;
    struct gd_output *out;    /* where gd_write_file puts it, or NULL */
    const gd_optval *options; /* values given for this plugin */
    const gd_node *document;  /* writers: the tree to render (layout.c) */
    int error_code;
    char *error_message;
    char **warnings; /* when no doc */
    size_t warning_count;
};

/* ctx.c: a context on the stack for one plugin call (doc: warnings go to
 * it; NULL keeps them on the context); release frees what the call left. */
void gd__ctx_init(gd_ctx *ctx, gd_doc *doc, const gd_format_handler *h, const char *plugin,
                  const char *input_name, const char *output_path, const gd_optval *options);
void gd__ctx_release(gd_ctx *ctx);

/* layout.c: the DOCUMENT node a writer renders (a recognised report's
 * standard layout or the document as read); may warn on ctx. */
const gd_node *gd__layout_root(gd_ctx *ctx, const gd_doc *doc, const gd_convert_options *opts);
bool gd__layout_valid(const char *value);

/* options.c: the -O values meant for plugin p's handler h, in `arena`. */
gd_optval *gd__options_for(gd_arena *arena, const gd_plugin_desc *p, const gd_format_handler *h,
                           const gd_convert_options *opts);

/* status.c: sets *st (when st is not NULL) to one line; returns code. */
int gd__status_setv(gd_status *st, int code, gd_stage stage, const char *fmt, va_list ap);
int gd__status_set(gd_status *st, int code, gd_stage stage, const char *fmt, ...) GD_PRINTF(4, 5);

/* ---- sinks ---- */
struct gd_sink {
    int (*write)(gd_sink *s, const void *data, size_t len);
    int error;
    uint8_t *buf;
    size_t len, cap;
    void *fp; /* FILE * for file sinks */
};

int gd__sink_new_file(gd_sink **out, void *fp);
/* After a writer: a memory sink's buffer stops counting against `b`. */
void gd__sink_settle(gd_sink *s, gd_budget *b);

/* ---- misc helpers ---- */
/* Registry (registry.c), for gd_options_check: handler k, loading its
 * plugin if it is named `name` (n bytes) or handler k's format is; NULL
 * (not loaded) when neither, which loading could not change. *restart
 * when loading it rebuilt the registry (handler indices changed). */
struct gd_registry;
const gd_format_handler *gd__registry_handler_for(const struct gd_registry *reg, size_t k,
                                                  const char *name, size_t n,
                                                  const gd_plugin_desc **plugin, bool *restart);

char *gd__vasprintf(const char *fmt, va_list ap);
char *gd__asprintf(const char *fmt, ...) GD_PRINTF(1, 2);
/* Copies s into the arena replacing invalid UTF-8 with U+FFFD. */
char *gd__arena_utf8(gd_arena *a, const char *s, size_t len, size_t *out_len);

int gd__parse_bool(const char *v, int *out);
/* UTF-8 except for an incomplete last character (a file cut short). */
bool gd__utf8_valid_but_cut(const char *s, size_t len);

extern const gd_host_api gd__host_api;

/* ---- plugins (registry.c) ---- */
/* Why the registry refuses this descriptor (into buf), or NULL if it would
 * not. */
const char *gd__plugin_desc_problem(const gd_plugin_desc *d, char *buf, size_t n);
/* Trust checks of `path` (its directories and the file) and dlopen of the
 * checked file, exactly as gd_registry_load_file does. GD_OK with *dl; else
 * *why (malloc'ed, may be NULL): GD_EABI refused as untrusted, GD_ENOTFOUND
 * missing or not loadable, GD_ENOMEM. */
int gd__plugin_dlopen(const char *path, void **dl, char **why);

#endif
