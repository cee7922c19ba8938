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

GD_EXTERN int gd_ctx_error(gd_ctx *ctx, int code, const char *fmt, ...) GD_PRINTF(3, 4);
GD_EXTERN void gd_ctx_warn(gd_ctx *ctx, const char *fmt, ...) GD_PRINTF(2, 3);
GD_EXTERN int gd_sink_printf(gd_sink *s, const char *fmt, ...) GD_PRINTF(2, 3);

/* Creates an empty document (its own arena); gd_doc_free releases all of
 * it, nodes, strings and resources at once. */
GD_EXTERN int gd_doc_new(gd_doc **out);
GD_EXTERN void gd_doc_free(gd_doc *doc);
/* Lowers the node limit of a document (default and maximum 20 million;
 * the memory budget lowers it further, to one node per 128 bytes). */
GD_EXTERN int gd_doc_set_node_limit(gd_doc *doc, size_t max_nodes);
/* The document's memory budget in bytes (default GD_DEFAULT_MAX_MEMORY; 0 =
 * none): its arena, and what the conversion's plugins allocate through
 * gd_mem_* while the pipeline runs them, count against it. */
GD_EXTERN int gd_doc_set_memory_limit(gd_doc *doc, size_t bytes);
GD_EXTERN size_t gd_doc_memory_limit(const gd_doc *doc);
/* Bytes charged now and at the peak. */
GD_EXTERN void gd_doc_memory(const gd_doc *doc, size_t *used, size_t *peak);
/* 1 when a charge was refused: the conversion is over its budget. */
GD_EXTERN int gd_doc_memory_exceeded(const gd_doc *doc);
/* Appends a diagnostic to the document (copied). */
GD_EXTERN int gd_doc_diag_add(gd_doc *doc, gd_severity sev, const char *message);
GD_EXTERN gd_node *gd_doc_root_mut(gd_doc *doc);

/* Direct tree API (the builder is usually simpler): a node is allocated in
 * the document's arena and attached with gd_node_append_child, which checks
 * containment. */
GD_EXTERN gd_node *gd_node_new(gd_doc *doc, gd_node_type type);
GD_EXTERN int gd_node_append_child(gd_node *parent, gd_node *child);
GD_EXTERN int gd_node_set_text(gd_node *n, const char *utf8, size_t len);
GD_EXTERN int gd_node_set_style(gd_node *n, unsigned style);
GD_EXTERN int gd_node_can_contain(gd_node_type parent, gd_node_type child);

/* Normalises a table in place: spans clamped to the grid, overlapping spans
 * shrunk, short rows filled with empty cells. The builder does this when a
 * table closes. */
GD_EXTERN int gd_table_normalize(gd_node *table);

/* A call context (errors, warnings, options) for applications and tests;
 * the pipeline makes one per plugin call. Warnings go to `doc` if given. */
GD_EXTERN int gd_ctx_new(gd_ctx **out, gd_doc *doc);
GD_EXTERN void gd_ctx_free(gd_ctx *ctx);
GD_EXTERN int gd_ctx_error_code(const gd_ctx *ctx);
GD_EXTERN const char *gd_ctx_error_message(const gd_ctx *ctx);
GD_EXTERN size_t gd_ctx_warning_count(const gd_ctx *ctx);
GD_EXTERN const char *gd_ctx_warning_at(const gd_ctx *ctx, size_t i);

/* Memory sinks (for tests and applications). */
GD_EXTERN int gd_sink_new_memory(gd_sink **out);
GD_EXTERN const uint8_t *gd_sink_memory_data(const gd_sink *s, size_t *len);
GD_EXTERN void gd_sink_free(gd_sink *s);

#ifdef __cplusplus
}
#endif
#endif
