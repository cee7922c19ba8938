/* govdoc core — the report model: recognising a 政府信息公开工作年度报告 in
 * any document and checking its tables (templates are data in formats/). */
#ifndef GOVDOC_GD_REPORT_H
#define GOVDOC_GD_REPORT_H

#include "gd_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Matches the document against every known template; on success the
 * document gets a report (gd_doc_report, owned by the document). A
 * document that is not a report is not an error: GD_OK with no report.
 * GD_EUSER for a NULL doc; GD_ENOMEM (the reason on ctx, which may be
 * NULL). Broken template files are warnings on ctx. The report's accessors
 * (gd_report_*) are listed, with their contracts, in gd_api_list.h. */
GD_EXTERN int gd_report_recognize(gd_doc *doc, gd_ctx *ctx);

/* A report model made by the caller instead of recognised, for tests and
 * for applications that check a document themselves: template `template_id`
 * (copied), no fields, no sections, no standard layout. It replaces any
 * report the document had and lives as long as the document. GD_EUSER when
 * doc or template_id is NULL, GD_ENOMEM. */
GD_EXTERN int gd_report_attach(gd_doc *doc, const char *template_id);
/* Adds a check result to the document's report (gd_report_attach or
 * recognised): its rule id, outcome, message and the field keys it
 * involves, all copied. Writers mark a failed check on the cells whose
 * "field" attribute is one of `keys`. GD_EUSER without a report or with
 * NULL strings, GD_ENOMEM. */
GD_EXTERN int gd_report_add_check(gd_doc *doc, const char *rule, int ok, const char *message,
                                  const char *const *keys, size_t nkeys);

/* ---- templates without a report (report_fields.c) ----
 * Templates are numbered 0..gd_template_count()-1: the embedded ones, then
 * those of GOVDOC_TEMPLATE_PATH, in a fixed order for the process. A
 * template or field index past the end gives NULL / 0. Strings are
 * borrowed and live as long as the process (templates are never unloaded),
 * except gd_template_field_heading's. */

/* Number of templates loaded. */
GD_EXTERN size_t gd_template_count(void);
/* Index of the template with this id ("gov-info-annual-report-2021"), or
 * (size_t)-1 when none has it or id is NULL. */
GD_EXTERN size_t gd_template_find(const char *id);
/* Index of the template the report was read with, or (size_t)-1 for NULL. */
GD_EXTERN size_t gd_report_template_index(const gd_report *r);
/* The template's id, name and notice (文号). */
GD_EXTERN const char *gd_template_id(size_t t);
GD_EXTERN const char *gd_template_name(size_t t);
GD_EXTERN const char *gd_template_notice(size_t t);
/* Its fields in template order: the same order and keys as a report's. */
GD_EXTERN size_t gd_template_field_count(size_t t);
GD_EXTERN const char *gd_template_field_key(size_t t, size_t i);
/* The short label of messages: "一、本年新收 自然人". */
GD_EXTERN const char *gd_template_field_label(size_t t, size_t i);
/* The field's column name: "自然人", "本年收费金额（万元）". */
GD_EXTERN const char *gd_template_field_column(size_t t, size_t i);
/* The table it is in: "表三". */
GD_EXTERN const char *gd_template_field_table(size_t t, size_t i);
/* Its unit ("万元") or NULL. */
GD_EXTERN const char *gd_template_field_unit(size_t t, size_t i);
/* 1 when the field may hold decimals (amounts), else 0. */
GD_EXTERN int gd_template_field_decimal(size_t t, size_t i);
/* The heading a person reads, from the template's layout: section number,
 * block header, the row's labels, " / ", the column name — e.g.
 * "三、一、本年新收政府信息公开申请数量 / 自然人". Unique within a template.
 * Malloc'ed (gd_free it); NULL past the end or out of memory. */
GD_EXTERN char *gd_template_field_heading(size_t t, size_t i);

#ifdef __cplusplus
}
#endif
#endif
