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

#ifdef __cplusplus
}
#endif
#endif
