/* Rules of Chinese text layout shared by the readers that rebuild
 * paragraphs and headings from lines (the TXT reader, the PDF reader):
 * which characters are wide, which end a sentence, and which numbering
 * prefixes make a heading of which level. The SDK's helper library
 * (<govdoc/helpers/cjk.h>) implements them; a plugin using these links
 * Govdoc::plugin-helpers (statically: plugins never share code at run
 * time). */
#ifndef GD_CJK_RULES_H
#define GD_CJK_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* East Asian wide or full-width: joined to a neighbour without a space. */
bool cjk_is_wide(int32_t cp);
/* 一二三四五六七八九十百零〇 */
bool cjk_is_numeral(int32_t cp);
/* Sentence- or clause-ending punctuation: a line ending so is not a heading
 * and was not cut by a hard wrap. */
bool cjk_ends_sentence(int32_t cp);
/* Heading level from a numbered prefix: 一、 → 2, （一） → 3, 1. 1、 1． → 4,
 * （1） → 5; 0 if the text does not start like a heading. */
int cjk_numbered_level(const char *s, size_t len);
/* The first and last code point of UTF-8 text (-1 when empty). */
int32_t cjk_first_cp(const char *s, size_t len);
int32_t cjk_last_cp(const char *s, size_t len);
/* The code point at s + *i (advances *i); U+FFFD for a bad sequence. */
int32_t cjk_next_cp(const char *s, size_t len, size_t *i);
/* Display width in columns (wide = 2). */
size_t cjk_width(const char *s, size_t len);

#endif
