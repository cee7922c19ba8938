/* Documents the HTML writer tests render, built with the core's builder. */
#ifndef HW_FIXTURES_H
#define HW_FIXTURES_H

#include <govdoc/govdoc.h>

/* The report's standard layout as the core will hand it over
 * (gd_report_canonical): title, preamble, six sections with section=s1..s6,
 * and the three template tables of ../shared/TEMPLATE.md §2 with their exact labels
 * and spans (and the template's col-widths), data cells with `field`, some
 * blank, and a few `check` messages. Built as an ordinary document with a
 * report model attached (gd_report_attach) whose failed checks name their
 * cells by key; it has no standard layout of its own, so it is drawn as the
 * document it is. */
gd_doc *fixture_standard(void);

/* Everything a generic document can hold, with hostile content: markup
 * in text, unsafe URLs, notes, images, nested lists and tables. */
gd_doc *fixture_generic(void);

/* A long table with one header row (for print: the header must repeat
 * on every page). */
gd_doc *fixture_long_table(void);

/* Nesting at the builder's depth limit (block quotes, lists, tables in
 * cells): the writer must not recurse without bound. */
gd_doc *fixture_deep(void);

/* A random document (every node kind where the builder allows it, hostile
 * text, URLs and attrs, random spans); the same seed gives the same one. */
gd_doc *fixture_random(unsigned seed);

/* The PNG bytes used as the generic fixture's image resource. */
extern const unsigned char fixture_png[];
extern const size_t fixture_png_len;

#endif
