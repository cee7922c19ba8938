/* The glyphs a face will draw for text that names it (read ahead). */
#ifndef PW_TEXTGLYPHS_H
#define PW_TEXTGLYPHS_H

#include "sfnt.h"

#include <govdoc/gd_plugin.h>
#include <stddef.h>
#include <stdint.h>

/* The distinct glyphs of `face` for the characters of the text nodes under
 * `root` (not code) whose "font" is `name`; or, name NULL, the body text's:
 * outside headings, in no font or one that is not a line of `others`
 * ('\n'-separated). In first-use order, malloc'ed (the caller frees), *n of
 * them; NULL when there are none or memory ran out. Only reads the
 * document: safe beside its layout. */
uint32_t *pw_text_glyphs(const pw_sfnt *face, const gd_node *root, const char *name,
                         const char *others, size_t *n);

#endif
