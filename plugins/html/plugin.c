/* The html plugin: reader (reader/) and writer (writer/). */
#include <govdoc/gd_plugin.h>

extern const gd_format_handler gd_html_reader_handler;
extern const gd_format_handler gd_html_writer_handler;

static const gd_format_handler *const handlers[] = {&gd_html_reader_handler,
                                                    &gd_html_writer_handler, NULL};

GD_PLUGIN_DEFINE("html", "1.0.0", "HTML reader and standard-format HTML writer", "MIT", handlers)
