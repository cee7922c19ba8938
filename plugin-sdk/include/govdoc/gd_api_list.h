/* govdoc — the functions the core offers to plugins, as one list.
 *
 * This file is not a normal header: it is included with GD_FN(ret, name,
 * params, args) and GD_FNV(name, params, args) defined, and expands to the
 * core's declarations (govdoc/gd_api.h), the host function table
 * (govdoc/gd_plugin.h) and the plugin-side wrappers. The order is the order
 * of the host table: APPEND ONLY. Every function is `gd_<name>`.
 *
 * Ownership: the IR lives in the document's arena. Strings passed in are
 * copied. Pointers returned by getters are borrowed and live until
 * gd_doc_free(). Objects returned through `**out` are released by the
 * matching *_free function; char buffers returned by the core are released
 * with gd_free(). */

/* ---- ABI 1.0 ----------------------------------------------------------- */

/* memory: releases what the core returns (and, from ABI 1.1, gd_mem_*
 * blocks, uncharging them from the conversion's budget) */
GD_FNV(free, (void *ptr), (ptr))

/* document */
GD_FN(const gd_node *, doc_root, (const gd_doc *doc), (doc))
/* Metadata: "title", "issuer", "year", "date", "author", "subject",
 * "source", "source-format", "language", ... Value NULL removes the key. */
GD_FN(int, doc_meta_set, (gd_doc * doc, const char *key, const char *value), (doc, key, value))
GD_FN(const char *, doc_meta_get, (const gd_doc *doc, const char *key), (doc, key))
GD_FN(size_t, doc_meta_count, (const gd_doc *doc), (doc))
GD_FN(int, doc_meta_at, (const gd_doc *doc, size_t i, const char **key, const char **value),
      (doc, i, key, value))
/* Resources (images): bytes are copied; *id_out ("img1", ...) is borrowed. */
GD_FN(int, doc_resource_add,
      (const char **id_out, gd_doc *doc, const char *mime, const void *data, size_t len),
      (id_out, doc, mime, data, len))
GD_FN(size_t, doc_resource_count, (const gd_doc *doc), (doc))
GD_FN(int, doc_resource_at,
      (const gd_doc *doc, size_t i, const char **id, const char **mime, const uint8_t **data,
       size_t *len),
      (doc, i, id, mime, data, len))
GD_FN(int, doc_resource_find,
      (const gd_doc *doc, const char *id, const char **mime, const uint8_t **data, size_t *len),
      (doc, id, mime, data, len))
/* Diagnostics recorded while reading (warnings, findings). */
GD_FN(size_t, doc_diag_count, (const gd_doc *doc), (doc))
GD_FN(int, doc_diag_at, (const gd_doc *doc, size_t i, gd_severity *sev, const char **message),
      (doc, i, sev, message))

/* builder: how readers make the tree. It checks containment, balance, depth
 * and node count; inlines put into a block container get an implicit
 * paragraph, cells put into a table an implicit row, and so on. */
GD_FN(int, builder_new, (gd_builder * *out, gd_ctx *ctx, gd_doc *doc), (out, ctx, doc))
GD_FN(int, builder_open, (gd_builder * b, gd_node_type type, gd_node **node_out),
      (b, type, node_out))
GD_FN(int, builder_close, (gd_builder * b, gd_node_type type), (b, type))
GD_FN(int, builder_leaf, (gd_builder * b, gd_node_type type, gd_node **node_out),
      (b, type, node_out))
/* Appends text (copied, must be UTF-8; invalid bytes become U+FFFD) with
 * style bits; adjacent text of the same style and font is merged. */
GD_FN(int, builder_text, (gd_builder * b, const char *utf8, size_t len, unsigned style),
      (b, utf8, len, style))
/* Font name (e.g. "仿宋_GB2312") given to the following text; NULL resets. */
GD_FN(int, builder_set_font, (gd_builder * b, const char *font), (b, font))
/* Source line recorded on nodes created from now on (0 = unknown). */
GD_FNV(builder_set_line, (gd_builder * b, uint32_t line), (b, line))
GD_FN(gd_node *, builder_current, (gd_builder * b), (b))
GD_FN(int, builder_depth, (const gd_builder *b), (b))
/* Closes what is still open (a warning for each explicit node) and, on
 * success, makes the tree the document's. */
GD_FN(int, builder_finish, (gd_builder * b), (b))

/* node setters (readers) */
GD_FN(int, node_set_level, (gd_node * n, int level), (n, level))
GD_FN(int, node_set_list, (gd_node * n, int ordered, int start), (n, ordered, start))
GD_FN(int, node_set_span, (gd_node * n, int rowspan, int colspan), (n, rowspan, colspan))
GD_FN(int, node_set_header, (gd_node * n, int header), (n, header))
GD_FN(int, node_set_url, (gd_node * n, const char *url), (n, url))
GD_FN(int, node_set_attr, (gd_node * n, const char *key, const char *value), (n, key, value))

/* node getters (writers) */
GD_FN(gd_node_type, node_get_type, (const gd_node *n), (n))
GD_FN(const char *, node_type_name, (gd_node_type type), (type))
GD_FN(int, node_is_block, (gd_node_type type), (type))
GD_FN(const gd_node *, node_parent, (const gd_node *n), (n))
GD_FN(const gd_node *, node_first_child, (const gd_node *n), (n))
GD_FN(const gd_node *, node_last_child, (const gd_node *n), (n))
GD_FN(const gd_node *, node_next, (const gd_node *n), (n))
GD_FN(const gd_node *, node_prev, (const gd_node *n), (n))
GD_FN(const char *, node_text, (const gd_node *n, size_t *len), (n, len))
GD_FN(unsigned, node_style, (const gd_node *n), (n))
GD_FN(int, node_level, (const gd_node *n), (n))
GD_FN(int, node_list_ordered, (const gd_node *n), (n))
GD_FN(int, node_list_start, (const gd_node *n), (n))
GD_FN(int, node_rowspan, (const gd_node *n), (n))
GD_FN(int, node_colspan, (const gd_node *n), (n))
GD_FN(int, node_header, (const gd_node *n), (n))
GD_FN(const char *, node_url, (const gd_node *n), (n))
GD_FN(const char *, node_attr, (const gd_node *n, const char *key), (n, key))
GD_FN(size_t, node_attr_count, (const gd_node *n), (n))
GD_FN(int, node_attr_at, (const gd_node *n, size_t i, const char **key, const char **value),
      (n, i, key, value))
GD_FN(uint32_t, node_line, (const gd_node *n), (n))
/* The plain text of a subtree (paragraphs separated by "\n"); gd_free it. */
GD_FN(char *, node_text_dup, (const gd_node *n), (n))

/* iterator: ENTER/EXIT events over a subtree, without recursion */
GD_FN(int, iter_new, (gd_iter * *out, const gd_node *root), (out, root))
GD_FN(gd_event, iter_next, (gd_iter * it), (it))
GD_FN(const gd_node *, iter_node, (const gd_iter *it), (it))
/* After an ENTER: the next event is the EXIT of this node. */
GD_FNV(iter_skip_children, (gd_iter * it), (it))
GD_FNV(iter_free, (gd_iter * it), (it))

/* tables: the dense grid every writer uses for spans */
GD_FN(int, table_grid_build, (gd_table_grid * *out, const gd_node *table), (out, table))
GD_FN(int, table_grid_rows, (const gd_table_grid *g), (g))
GD_FN(int, table_grid_cols, (const gd_table_grid *g), (g))
/* The cell covering slot (r, c); *is_origin is 1 at its top-left slot. */
GD_FN(const gd_node *, table_grid_cell, (const gd_table_grid *g, int r, int c, int *is_origin),
      (g, r, c, is_origin))
GD_FNV(table_grid_free, (gd_table_grid * g), (g))

/* text utilities */
GD_FN(int, utf8_valid, (const char *s, size_t len), (s, len))
/* Decodes bytes to UTF-8: BOM, then `declared` (a charset name or NULL),
 * then detection; GB2312/GBK are read as GB18030. *out is gd_free'd;
 * *charset_out (may be NULL) gets the name of the charset used. */
GD_FN(int, charset_to_utf8,
      (char **out, size_t *out_len, const char **charset_out, gd_ctx *ctx, const uint8_t *in,
       size_t len, const char *declared),
      (out, out_len, charset_out, ctx, in, len, declared))

/* context: errors, warnings, options of the current call */
GD_FN(int, ctx_errorv, (gd_ctx * ctx, int code, const char *fmt, va_list ap), (ctx, code, fmt, ap))
GD_FNV(ctx_warnv, (gd_ctx * ctx, const char *fmt, va_list ap), (ctx, fmt, ap))
/* The option's value as given with -O, else its declared default. */
GD_FN(const char *, ctx_option, (gd_ctx * ctx, const char *name), (ctx, name))
GD_FN(int, ctx_option_bool, (gd_ctx * ctx, const char *name), (ctx, name))
GD_FN(double, ctx_option_number, (gd_ctx * ctx, const char *name), (ctx, name))
GD_FN(const char *, ctx_input_name, (gd_ctx * ctx), (ctx))
/* Path of the final output file, or NULL when not writing a file (stdout,
 * a device, memory). */
GD_FN(const char *, ctx_output_path, (gd_ctx * ctx), (ctx))

/* sink: where writers put their bytes */
GD_FN(int, sink_write, (gd_sink * s, const void *data, size_t len), (s, data, len))
GD_FN(int, sink_vprintf, (gd_sink * s, const char *fmt, va_list ap), (s, fmt, ap))

/* report model (see formats/templates and govdoc/gd_report.h) */
GD_FN(const gd_report *, doc_report, (const gd_doc *doc), (doc))
GD_FN(const char *, report_template_id, (const gd_report *r), (r))
GD_FN(const char *, report_meta, (const gd_report *r, const char *key), (r, key))
/* The report laid out as the template draws it: title, the six sections
 * under the template's headings, the tables with the template's labels and
 * spans; data cells carry attrs "field" and, when a check failed, "check"
 * (message). Writers render it like any document. */
GD_FN(const gd_node *, report_canonical, (const gd_report *r), (r))
GD_FN(size_t, report_field_count, (const gd_report *r), (r))
GD_FN(const char *, report_field_key, (const gd_report *r, size_t i), (r, i))
GD_FN(const char *, report_field_label, (const gd_report *r, size_t i), (r, i))
/* 1 and *value set when the cell holds a number, 0 when blank/null. */
GD_FN(int, report_field_value, (const gd_report *r, size_t i, double *value), (r, i, value))
GD_FN(const char *, report_field_text, (const gd_report *r, size_t i), (r, i))
GD_FN(const char *, report_field_source, (const gd_report *r, size_t i), (r, i))
GD_FN(size_t, report_check_count, (const gd_report *r), (r))
GD_FN(const char *, report_check_rule, (const gd_report *r, size_t i), (r, i))
GD_FN(int, report_check_ok, (const gd_report *r, size_t i), (r, i))
GD_FN(const char *, report_check_message, (const gd_report *r, size_t i), (r, i))
/* The template's sections in order: id ("s1"), heading, and the heading as
 * the document wrote it (NULL when the section was not found). */
GD_FN(size_t, report_section_count, (const gd_report *r), (r))
GD_FN(int, report_section_at,
      (const gd_report *r, size_t i, const char **id, const char **heading, const char **found),
      (r, i, id, heading, found))

/* base64 (RFC 4648) of some bytes, NUL-terminated; gd_free it. For data:
 * URIs and embedded resources. */
GD_FN(char *, base64_encode, (const void *data, size_t len, size_t *out_len), (data, len, out_len))

/* The code point at s (len > 0 bytes available); *adv gets its length.
 * Invalid UTF-8 gives U+FFFD and *adv = 1. */
GD_FN(uint32_t, utf8_decode, (const char *s, size_t len, size_t *adv), (s, len, adv))
/* Writes a code point as UTF-8 into out (4 bytes of room); returns its
 * length. */
GD_FN(size_t, utf8_encode, (uint32_t cp, char *out), (cp, out))

/* ---- ABI 1.1 ---- */

/* Side files next to the output (e.g. an HTML page's images): a new, empty
 * temporary folder to fill. The core renames it to `final_dir` together
 * with the output (an existing folder of that name is replaced) or removes
 * it when the conversion fails or is interrupted. `final_dir` must be in
 * the output's directory; a symlink or a non-directory there is refused.
 * Only for writers with an output file (ctx_output_path() not NULL). On
 * failure the reason is on the ctx: return the code. */
GD_FN(int, ctx_side_dir, (gd_ctx * ctx, const char *final_dir, const char **tmp_dir),
      (ctx, final_dir, tmp_dir))

/* Memory budget (--max-memory). Memory allocated with these functions is
 * charged to the conversion in progress on the calling thread, as the
 * document's arena and the core's own buffers are. gd_mem_alloc and
 * gd_mem_realloc return NULL when the budget (or memory) is exhausted; the
 * conversion then fails with GD_ELIMIT "limit exceeded", however the plugin
 * reports the failure. Release blocks with gd_free. The blocks are ordinary
 * malloc blocks, and the functions have the C library's signatures, so they
 * can be given to a library as its allocator (jansson's
 * json_set_alloc_funcs, libxml2's xmlMemSetup with gd_free and
 * gd_mem_strdup). Outside a conversion they allocate without a budget. */
GD_FN(void *, mem_alloc, (size_t size), (size))
GD_FN(void *, mem_realloc, (void *ptr, size_t size), (ptr, size))
GD_FN(char *, mem_strdup, (const char *s), (s))
/* For memory a plugin cannot allocate through the functions above (a
 * library's internal pools, a mapped file): charge it while it is held and
 * release it after. The bytes are counted even past the limit; GD_ELIMIT
 * says the conversion is now over its budget and should stop. */
GD_FN(int, mem_charge, (size_t bytes), (bytes))
GD_FNV(mem_release, (size_t bytes), (bytes))
