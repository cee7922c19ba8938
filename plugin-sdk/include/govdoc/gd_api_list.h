/* govdoc — the functions the core offers to plugins, as one list.
 *
 * This file is not a normal header: it is included with GD_FN(ret, name,
 * params, args) and GD_FNV(name, params, args) defined, and expands to the
 * core's declarations (govdoc/gd_api.h), the host function table
 * (govdoc/gd_plugin.h) and the plugin-side wrappers. The order is the order
 * of the host table: APPEND ONLY. Every function is `gd_<name>`.
 *
 * Contracts (each function's comment adds its own):
 * - Ownership: the IR lives in the document's arena and is freed with the
 *   document; plugins never free IR objects. Strings passed in are copied.
 *   Pointers returned by getters are borrowed and live until gd_doc_free()
 *   (from grids and iterators: until their *_free). What a call creates
 *   through `**out` is released by its *_free (iter_free, table_grid_free),
 *   except the builder, which belongs to the document. char buffers the
 *   core returns are released with gd_free().
 * - NULL: getters given NULL (or a node of another kind) return NULL, 0 or
 *   GD_NODE_NONE and never crash; setters and constructors return GD_EUSER.
 *   A comment saying "not NULL" marks the exceptions.
 * - Errors: functions returning int give GD_OK or a negative gd_error_code
 *   (gd_types.h); GD_EUSER means a bad argument. */

/* ---- ABI 1.0 ----------------------------------------------------------- */

/* memory: releases what the core returns (and, from ABI 1.1, gd_mem_*
 * blocks, uncharging them from the conversion's budget) */
GD_FNV(free, (void *ptr), (ptr))

/* document */
/* The document's DOCUMENT node (borrowed); NULL for a NULL doc. */
GD_FN(const gd_node *, doc_root, (const gd_doc *doc), (doc))
/* Metadata: "title", "issuer", "year", "date", "author", "subject", "source",
 * "source-format", "language", ... key and value copied; value NULL removes
 * the key. GD_EUSER for a NULL doc or an empty key, GD_ENOMEM. */
GD_FN(int, doc_meta_set, (gd_doc * doc, const char *key, const char *value), (doc, key, value))
/* The value of a metadata key (borrowed), or NULL. */
GD_FN(const char *, doc_meta_get, (const gd_doc *doc, const char *key), (doc, key))
/* Number of metadata keys (0 for NULL). */
GD_FN(size_t, doc_meta_count, (const gd_doc *doc), (doc))
/* Key and value at i, in insertion order (borrowed; either out may be NULL).
 * GD_EUSER for a NULL doc, GD_ENOTFOUND past the end. */
GD_FN(int, doc_meta_at, (const gd_doc *doc, size_t i, const char **key, const char **value),
      (doc, i, key, value))
/* Adds a resource (an image): bytes and mime copied (NULL mime:
 * application/octet-stream); *id_out ("res1", "res2", ...; may be NULL) is
 * borrowed. GD_EUSER for a NULL doc or NULL data with len > 0, GD_ENOMEM. */
GD_FN(int, doc_resource_add,
      (const char **id_out, gd_doc *doc, const char *mime, const void *data, size_t len),
      (id_out, doc, mime, data, len))
/* Number of resources (0 for NULL). */
GD_FN(size_t, doc_resource_count, (const gd_doc *doc), (doc))
/* Resource i: id, mime, bytes, length (borrowed; any out may be NULL).
 * GD_EUSER for a NULL doc, GD_ENOTFOUND past the end. */
GD_FN(int, doc_resource_at,
      (const gd_doc *doc, size_t i, const char **id, const char **mime, const uint8_t **data,
       size_t *len),
      (doc, i, id, mime, data, len))
/* The resource with this id (as doc_resource_at). GD_EUSER for NULL doc
 * or id, GD_ENOTFOUND when there is none. */
GD_FN(int, doc_resource_find,
      (const gd_doc *doc, const char *id, const char **mime, const uint8_t **data, size_t *len),
      (doc, id, mime, data, len))
/* Diagnostics recorded while reading (warnings, findings): their number. */
GD_FN(size_t, doc_diag_count, (const gd_doc *doc), (doc))
/* Diagnostic i: severity and message (borrowed; outs may be NULL).
 * GD_EUSER for a NULL doc, GD_ENOTFOUND past the end. */
GD_FN(int, doc_diag_at, (const gd_doc *doc, size_t i, gd_severity *sev, const char **message),
      (doc, i, sev, message))

/* builder: how readers make the tree. It checks containment, balance, depth
 * and node count; inlines put into a block container get an implicit
 * paragraph, cells put into a table an implicit row, and so on. */
/* A builder for doc (not NULL; ctx may be NULL: no warnings). It lives in
 * the document's arena and is released with it: there is no builder_free
 * (builder_finish ends its use). GD_EUSER for a NULL doc, GD_ENOMEM. */
GD_FN(int, builder_new, (gd_builder * *out, gd_ctx *ctx, gd_doc *doc), (out, ctx, doc))
/* Opens a node of `type` where the tree allows it (implicit parents are
 * supplied); *node_out (may be NULL) is borrowed. GD_EUSER for a NULL b,
 * GD_EFORMAT when the type cannot go here, GD_ELIMIT (depth, nodes); after
 * an error every builder call returns it. */
GD_FN(int, builder_open, (gd_builder * b, gd_node_type type, gd_node **node_out),
      (b, type, node_out))
/* Closes the innermost open node of `type` (and the implicit ones inside
 * it). Errors as builder_open; closing what is not open is GD_EFORMAT. */
GD_FN(int, builder_close, (gd_builder * b, gd_node_type type), (b, type))
/* open + close: a node without children (LINE_BREAK, IMAGE, PAGE_BREAK...). */
GD_FN(int, builder_leaf, (gd_builder * b, gd_node_type type, gd_node **node_out),
      (b, type, node_out))
/* Appends text (copied, must be UTF-8; invalid bytes become U+FFFD) with
 * style bits; adjacent text of the same style and font is merged.
 * Errors as builder_open. */
GD_FN(int, builder_text, (gd_builder * b, const char *utf8, size_t len, unsigned style),
      (b, utf8, len, style))
/* Font name (e.g. "仿宋_GB2312", copied) given to the following text;
 * NULL resets. GD_EUSER for a NULL b, GD_ENOMEM. */
GD_FN(int, builder_set_font, (gd_builder * b, const char *font), (b, font))
/* Source line recorded on nodes created from now on (0 = unknown); NULL b
 * is a no-op. */
GD_FNV(builder_set_line, (gd_builder * b, uint32_t line), (b, line))
/* The innermost open node (borrowed), NULL at the top or for NULL b. */
GD_FN(gd_node *, builder_current, (gd_builder * b), (b))
/* How many nodes are open (0 for NULL). */
GD_FN(int, builder_depth, (const gd_builder *b), (b))
/* Closes what is still open (a warning for each node the reader opened)
 * and, on success, makes the tree the document's. Returns the builder's
 * first error, if any; GD_EUSER for NULL. */
GD_FN(int, builder_finish, (gd_builder * b), (b))

/* node setters (readers) */
/* HEADING level, clamped to 1..6. GD_EUSER for NULL or another kind. */
GD_FN(int, node_set_level, (gd_node * n, int level), (n, level))
/* LIST: ordered flag and start number. GD_EUSER for NULL or another kind. */
GD_FN(int, node_set_list, (gd_node * n, int ordered, int start), (n, ordered, start))
/* CELL: rowspan and colspan (clamped to the grid when the table closes).
 * GD_EUSER for NULL or another kind. */
GD_FN(int, node_set_span, (gd_node * n, int rowspan, int colspan), (n, rowspan, colspan))
/* CELL or ROW: the header flag. GD_EUSER for NULL or another kind. */
GD_FN(int, node_set_header, (gd_node * n, int header), (n, header))
/* LINK or IMAGE: the target (copied; NULL clears). GD_EUSER for NULL or
 * another kind, GD_ENOMEM. */
GD_FN(int, node_set_url, (gd_node * n, const char *url), (n, url))
/* An attribute (key and value copied; value NULL removes it; see IR.md
 * for the keys writers honour). GD_EUSER for a NULL node or empty key,
 * GD_ENOMEM. */
GD_FN(int, node_set_attr, (gd_node * n, const char *key, const char *value), (n, key, value))

/* node getters (writers) */
/* The node's kind; GD_NODE_NONE for NULL. */
GD_FN(gd_node_type, node_get_type, (const gd_node *n), (n))
/* A kind's name ("paragraph"), static; "unknown" for an invalid kind. */
GD_FN(const char *, node_type_name, (gd_node_type type), (type))
/* 1 when the kind is a block, 0 for inlines and invalid kinds. */
GD_FN(int, node_is_block, (gd_node_type type), (type))
/* Tree links (borrowed): NULL at the end, at the root, or for NULL. */
GD_FN(const gd_node *, node_parent, (const gd_node *n), (n))
GD_FN(const gd_node *, node_first_child, (const gd_node *n), (n))
GD_FN(const gd_node *, node_last_child, (const gd_node *n), (n))
GD_FN(const gd_node *, node_next, (const gd_node *n), (n))
GD_FN(const gd_node *, node_prev, (const gd_node *n), (n))
/* TEXT: its UTF-8 (borrowed; use *len, which may be NULL); NULL (and
 * *len 0) for other kinds or NULL. */
GD_FN(const char *, node_text, (const gd_node *n, size_t *len), (n, len))
/* TEXT: GD_STYLE_* bits; 0 otherwise. */
GD_FN(unsigned, node_style, (const gd_node *n), (n))
/* HEADING level (1..6); 0 for other kinds or NULL. */
GD_FN(int, node_level, (const gd_node *n), (n))
/* LIST: ordered flag and start; 0 for other kinds or NULL. */
GD_FN(int, node_list_ordered, (const gd_node *n), (n))
GD_FN(int, node_list_start, (const gd_node *n), (n))
/* CELL: spans (1 or more); 0 for other kinds or NULL. */
GD_FN(int, node_rowspan, (const gd_node *n), (n))
GD_FN(int, node_colspan, (const gd_node *n), (n))
/* CELL or ROW: the header flag; 0 otherwise. */
GD_FN(int, node_header, (const gd_node *n), (n))
/* LINK or IMAGE: the target (borrowed); NULL otherwise. */
GD_FN(const char *, node_url, (const gd_node *n), (n))
/* An attribute's value (borrowed), NULL when absent or for NULL args. */
GD_FN(const char *, node_attr, (const gd_node *n, const char *key), (n, key))
/* Number of attributes (0 for NULL). */
GD_FN(size_t, node_attr_count, (const gd_node *n), (n))
/* Attribute i (borrowed; outs may be NULL); GD_ENOTFOUND past the end
 * or for NULL. */
GD_FN(int, node_attr_at, (const gd_node *n, size_t i, const char **key, const char **value),
      (n, i, key, value))
/* Source line the node came from, 0 when unknown or NULL. */
GD_FN(uint32_t, node_line, (const gd_node *n), (n))
/* The plain text of a subtree (paragraphs separated by "\n"), malloc'ed:
 * gd_free it. "" for NULL; NULL only when out of memory. */
GD_FN(char *, node_text_dup, (const gd_node *n), (n))

/* iterator: ENTER/EXIT events over a subtree, without recursion */
/* An iterator over root's subtree: *out is released with iter_free.
 * GD_EUSER for a NULL root, GD_ENOMEM. */
GD_FN(int, iter_new, (gd_iter * *out, const gd_node *root), (out, root))
/* The next ENTER/EXIT event (GD_EVENT_DONE at the end); it: not NULL. */
GD_FN(gd_event, iter_next, (gd_iter * it), (it))
/* The node of the last event (borrowed); NULL for NULL. */
GD_FN(const gd_node *, iter_node, (const gd_iter *it), (it))
/* After an ENTER: the next event is the EXIT of this node (no-op otherwise). */
GD_FNV(iter_skip_children, (gd_iter * it), (it))
/* Releases an iterator; NULL is a no-op. */
GD_FNV(iter_free, (gd_iter * it), (it))

/* tables: the dense grid every writer uses for spans */
/* The dense grid of a (normalised) TABLE: *out is released with
 * table_grid_free. GD_EUSER for NULL or another kind, GD_ELIMIT, GD_ENOMEM. */
GD_FN(int, table_grid_build, (gd_table_grid * *out, const gd_node *table), (out, table))
/* Grid size; 0 for NULL. */
GD_FN(int, table_grid_rows, (const gd_table_grid *g), (g))
GD_FN(int, table_grid_cols, (const gd_table_grid *g), (g))
/* The cell covering slot (r, c) (borrowed); *is_origin (may be NULL) is
 * 1 at its top-left slot. NULL for a hole, out of range or NULL. */
GD_FN(const gd_node *, table_grid_cell, (const gd_table_grid *g, int r, int c, int *is_origin),
      (g, r, c, is_origin))
/* Releases a grid; NULL is a no-op. */
GD_FNV(table_grid_free, (gd_table_grid * g), (g))

/* text utilities */
/* 1 when s[0..len) is valid UTF-8 (no surrogates, no overlongs), else 0. */
GD_FN(int, utf8_valid, (const char *s, size_t len), (s, len))
/* Decodes bytes to UTF-8: BOM, then `declared` (a charset name or NULL),
 * then detection; GB2312/GBK are read as GB18030. *out (NUL-terminated) is
 * gd_free'd; *charset_out (may be NULL) gets the static name of the
 * charset used; ctx (may be NULL) gets the warnings. GD_EUSER for NULL in
 * with len > 0, GD_ENOTSUPPORTED (a charset iconv lacks), GD_ENOMEM. */
GD_FN(int, charset_to_utf8,
      (char **out, size_t *out_len, const char **charset_out, gd_ctx *ctx, const uint8_t *in,
       size_t len, const char *declared),
      (out, out_len, charset_out, ctx, in, len, declared))

/* context: errors, warnings, options of the current call */
/* Records the call's error (the first one wins: later calls return the
 * first code) and returns the code (a code >= 0 becomes GD_ERROR). One
 * line, no file name. A NULL ctx just returns the code. */
GD_FN(int, ctx_errorv, (gd_ctx * ctx, int code, const char *fmt, va_list ap), (ctx, code, fmt, ap))
/* A warning of the call (copied): to the document when the context has one,
 * else kept on the context. NULL ctx is a no-op. */
GD_FNV(ctx_warnv, (gd_ctx * ctx, const char *fmt, va_list ap), (ctx, fmt, ap))
/* The option's value as given with -O, else its declared default
 * (borrowed); NULL when neither, for an undeclared name or NULL args. */
GD_FN(const char *, ctx_option, (gd_ctx * ctx, const char *name), (ctx, name))
/* ctx_option read as a boolean (0 when unset or not a boolean). */
GD_FN(int, ctx_option_bool, (gd_ctx * ctx, const char *name), (ctx, name))
/* ctx_option read as a number (0 when unset). */
GD_FN(double, ctx_option_number, (gd_ctx * ctx, const char *name), (ctx, name))
/* The input's name for messages (borrowed), or NULL. */
GD_FN(const char *, ctx_input_name, (gd_ctx * ctx), (ctx))
/* Path of the final output file (borrowed), or NULL when not writing a
 * file (stdout, a device, memory). */
GD_FN(const char *, ctx_output_path, (gd_ctx * ctx), (ctx))

/* sink: where writers put their bytes */
/* Appends bytes to the sink. GD_EUSER for NULL, else the sink's first
 * error (GD_EIO, GD_ENOMEM), which every later write returns too. */
GD_FN(int, sink_write, (gd_sink * s, const void *data, size_t len), (s, data, len))
/* printf into the sink; errors as sink_write. */
GD_FN(int, sink_vprintf, (gd_sink * s, const char *fmt, va_list ap), (s, fmt, ap))

/* report model */
/* The recognised report (see formats/templates and govdoc/gd_report.h),
 * borrowed; NULL when the document is not one (or for NULL). */
GD_FN(const gd_report *, doc_report, (const gd_doc *doc), (doc))
/* Report accessors: r may be NULL (NULL/0 results); strings are borrowed
 * and live as long as the document. The template's id. */
GD_FN(const char *, report_template_id, (const gd_report *r), (r))
/* "agency", "year", "template-name", "notice"; NULL when unknown. */
GD_FN(const char *, report_meta, (const gd_report *r, const char *key), (r, key))
/* The report laid out as the template draws it (IR.md, "The report's
 * standard layout"): a DOCUMENT in the same arena, or NULL. Writers get it
 * through ctx_document when the core chose it. */
GD_FN(const gd_node *, report_canonical, (const gd_report *r), (r))
/* Number of template fields; fields are indexed 0..count-1. */
GD_FN(size_t, report_field_count, (const gd_report *r), (r))
/* Field i's key ("requests.new.total"); NULL out of range. */
GD_FN(const char *, report_field_key, (const gd_report *r, size_t i), (r, i))
/* Field i's label for messages; NULL out of range. */
GD_FN(const char *, report_field_label, (const gd_report *r, size_t i), (r, i))
/* 1 and *value (may be NULL) set when the cell holds a number, 0 when
 * blank/null or out of range. */
GD_FN(int, report_field_value, (const gd_report *r, size_t i, double *value), (r, i, value))
/* The cell text as written, or NULL. */
GD_FN(const char *, report_field_text, (const gd_report *r, size_t i), (r, i))
/* Where the value was read ("table 2, row 3, column 4"), or NULL. */
GD_FN(const char *, report_field_source, (const gd_report *r, size_t i), (r, i))
/* Number of check results; checks are indexed 0..count-1. */
GD_FN(size_t, report_check_count, (const gd_report *r), (r))
/* Check i's rule id ("sum.balance"); NULL out of range. */
GD_FN(const char *, report_check_rule, (const gd_report *r, size_t i), (r, i))
/* 1 when check i passed, 0 when it failed or out of range. */
GD_FN(int, report_check_ok, (const gd_report *r, size_t i), (r, i))
/* Check i's message (one line); NULL out of range. */
GD_FN(const char *, report_check_message, (const gd_report *r, size_t i), (r, i))
/* The template's sections in order: id ("s1"), heading, and the heading
 * as the document wrote it (NULL when the section was not found). */
GD_FN(size_t, report_section_count, (const gd_report *r), (r))
/* Section i (outs may be NULL). GD_ENOTFOUND out of range or for NULL. */
GD_FN(int, report_section_at,
      (const gd_report *r, size_t i, const char **id, const char **heading, const char **found),
      (r, i, id, heading, found))

/* encodings shared by the writers */
/* base64 (RFC 4648) of some bytes, NUL-terminated, malloc'ed: gd_free it;
 * *out_len (may be NULL) its length. NULL when out of memory or too long. */
GD_FN(char *, base64_encode, (const void *data, size_t len, size_t *out_len), (data, len, out_len))
/* The code point at s (len > 0 bytes available, s not NULL); *adv (not
 * NULL) gets its length. Invalid UTF-8 gives U+FFFD and *adv = 1. */
GD_FN(uint32_t, utf8_decode, (const char *s, size_t len, size_t *adv), (s, len, adv))
/* Writes a code point as UTF-8 into out (4 bytes of room, not NULL);
 * returns its length. Surrogates and values past U+10FFFF become U+FFFD. */
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

/* Writers: the DOCUMENT node to render, chosen by the core (--layout): a
 * recognised report's standard layout (report_canonical) or the document as
 * read (doc_root). Borrowed; NULL outside a write call or for NULL. */
GD_FN(const gd_node *, ctx_document, (gd_ctx * ctx), (ctx))
/* The template fields a check involves, by key ("requests.new.total"):
 * every cell of its equation, or, when blank cells stopped it, those cells;
 * none for checks of the text (prose.*). A writer marks a failed check on
 * the cells whose "field" attribute is one of them. 0 out of range. */
GD_FN(size_t, report_check_field_count, (const gd_report *r, size_t i), (r, i))
/* Key k of check i (borrowed); NULL out of range. */
GD_FN(const char *, report_check_field, (const gd_report *r, size_t i, size_t k), (r, i, k))
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
