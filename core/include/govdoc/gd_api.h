/* govdoc core — the IR, context and sink functions (the same set plugins
 * reach through the host table; see govdoc/gd_api_list.h for each one). */
#ifndef GOVDOC_GD_API_H
#define GOVDOC_GD_API_H

#ifdef GD_PLUGIN_WRAPPERS
#error "plugins include only <govdoc/gd_plugin.h>, never the core's headers"
#endif

#include <govdoc/gd_types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GD_FN(ret, name, params, args) GD_EXTERN ret gd_##name params;
#define GD_FNV(name, params, args)     GD_EXTERN void gd_##name params;
#include <govdoc/gd_api_list.h>
#undef GD_FN
#undef GD_FNV

/* Varargs forms of ctx_errorv, ctx_warnv and sink_vprintf (same contracts). */
GD_EXTERN int gd_ctx_error(gd_ctx *ctx, int code, const char *fmt, ...) GD_PRINTF(3, 4);
GD_EXTERN void gd_ctx_warn(gd_ctx *ctx, const char *fmt, ...) GD_PRINTF(2, 3);
GD_EXTERN int gd_sink_printf(gd_sink *s, const char *fmt, ...) GD_PRINTF(2, 3);

/* An empty document with its own arena: *out (out not NULL) is released
 * with gd_doc_free, nodes, strings, resources and report at once. GD_ENOMEM. */
GD_EXTERN int gd_doc_new(gd_doc **out);
/* Releases a document and everything in its arena; NULL is a no-op. */
GD_EXTERN void gd_doc_free(gd_doc *doc);
/* Lowers the node limit of a document (default and maximum 20 million;
 * the memory budget lowers it further, to one node per 128 bytes).
 * GD_EUSER for a NULL doc or 0. */
GD_EXTERN int gd_doc_set_node_limit(gd_doc *doc, size_t max_nodes);
/* The document's memory budget in bytes (default GD_DEFAULT_MAX_MEMORY; 0 =
 * none): its arena, and what the conversion's plugins allocate through
 * gd_mem_* while the pipeline runs them, count against it. GD_EUSER for a
 * NULL doc; GD_ELIMIT when more than `bytes` is already charged. */
GD_EXTERN int gd_doc_set_memory_limit(gd_doc *doc, size_t bytes);
/* The budget in bytes (0 = none, and for NULL). */
GD_EXTERN size_t gd_doc_memory_limit(const gd_doc *doc);
/* Bytes charged now and at the peak; either pointer may be NULL; 0 for a
 * NULL doc. */
GD_EXTERN void gd_doc_memory(const gd_doc *doc, size_t *used, size_t *peak);
/* 1 when a charge was refused: the conversion is over its budget (0 for
 * NULL). */
GD_EXTERN int gd_doc_memory_exceeded(const gd_doc *doc);
/* Appends a diagnostic to the document (copied). GD_EUSER for NULL doc or
 * message, GD_ENOMEM. */
GD_EXTERN int gd_doc_diag_add(gd_doc *doc, gd_severity sev, const char *message);
/* The DOCUMENT node, writable (borrowed); NULL for NULL. */
GD_EXTERN gd_node *gd_doc_root_mut(gd_doc *doc);

/* Direct tree API (the builder is usually simpler): a node is allocated in
 * the document's arena and attached with gd_node_append_child, which checks
 * containment. */
/* A detached node of `type` (borrowed, freed with the document); NULL for a
 * NULL doc, an invalid type or DOCUMENT, at the node limit or out of memory. */
GD_EXTERN gd_node *gd_node_new(gd_doc *doc, gd_node_type type);
/* Appends a detached child of the same document. GD_EUSER for NULL, an
 * attached child or another document's node; GD_EFORMAT when the parent
 * cannot contain it. */
GD_EXTERN int gd_node_append_child(gd_node *parent, gd_node *child);
/* TEXT: its text (copied; invalid UTF-8 becomes U+FFFD). GD_EUSER for NULL,
 * another kind or NULL utf8 with len > 0; GD_ENOMEM. */
GD_EXTERN int gd_node_set_text(gd_node *n, const char *utf8, size_t len);
/* TEXT: GD_STYLE_* bits. GD_EUSER for NULL or another kind. */
GD_EXTERN int gd_node_set_style(gd_node *n, unsigned style);
/* 1 when a `parent` node may contain a `child` node (the one containment
 * rule), 0 otherwise or for invalid kinds. */
GD_EXTERN int gd_node_can_contain(gd_node_type parent, gd_node_type child);

/* Normalises a table in place: spans clamped to the grid, overlapping spans
 * shrunk, short rows filled with empty cells. The builder does this when a
 * table closes. GD_EUSER for NULL or another kind, GD_ELIMIT (grid size,
 * node limit), GD_ENOMEM. */
GD_EXTERN int gd_table_normalize(gd_node *table);

/* A call context (errors, warnings, options) for applications and tests;
 * the pipeline makes one per plugin call. Warnings go to `doc` if given
 * (may be NULL). *out is released with gd_ctx_free. GD_ENOMEM. */
GD_EXTERN int gd_ctx_new(gd_ctx **out, gd_doc *doc);
/* Releases a context and its messages; NULL is a no-op. */
GD_EXTERN void gd_ctx_free(gd_ctx *ctx);
/* The first error recorded (GD_OK when none); GD_EUSER for NULL. */
GD_EXTERN int gd_ctx_error_code(const gd_ctx *ctx);
/* Its message (borrowed until gd_ctx_free), or NULL. */
GD_EXTERN const char *gd_ctx_error_message(const gd_ctx *ctx);
/* Warnings kept on a context without a document: count and message i
 * (borrowed; NULL out of range). */
GD_EXTERN size_t gd_ctx_warning_count(const gd_ctx *ctx);
GD_EXTERN const char *gd_ctx_warning_at(const gd_ctx *ctx, size_t i);

/* A sink that collects bytes in memory (for tests and applications): *out is
 * released with gd_sink_free. GD_ENOMEM. */
GD_EXTERN int gd_sink_new_memory(gd_sink **out);
/* The bytes written so far (borrowed until the next write or free); *len
 * (may be NULL) their count. NULL for NULL or an empty sink. */
GD_EXTERN const uint8_t *gd_sink_memory_data(const gd_sink *s, size_t *len);
/* Releases a sink; NULL is a no-op. */
GD_EXTERN void gd_sink_free(gd_sink *s);

#ifdef __cplusplus
}
#endif
#endif
