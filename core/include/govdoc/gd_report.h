/* govdoc core — the report model: recognising a 政府信息公开工作年度报告 in
 * any document and checking its tables (templates are data in formats/). */
#ifndef GOVDOC_GD_REPORT_H
#define GOVDOC_GD_REPORT_H

#include "gd_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Matches the document against every known template; on success the
 * document gets a report (gd_doc_report). A document that is not a report
 * is not an error: GD_OK with no report. */
GD_EXTERN int gd_report_recognize(gd_doc *doc, gd_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif
