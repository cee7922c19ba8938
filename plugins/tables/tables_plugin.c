/* The text table writers: CSV and JSON Lines (the XLSX writer is its own
 * plugin, so a build without libxlsxwriter still has these). */
#include "tables.h"

extern const gd_format_handler gd_csv_writer;
extern const gd_format_handler gd_jsonl_writer;

static const gd_format_handler *const handlers[] = {&gd_csv_writer, &gd_jsonl_writer, NULL};

GD_PLUGIN_DEFINE("tables", "1.0.0", "a document's tables as CSV and JSON Lines", "MIT", handlers)
