/* govdoc plugin helpers — Chinese text: character classes, line joining,
 * display width, and the numbered headings of official documents.
 *
 * Pure functions over UTF-8 (invalid bytes read as U+FFFD), usable before
 * gd_plugin_entry() runs and in tests; no allocation. What readers of
 * Chinese documents otherwise each write again:
 *
 *     一、总体情况          level 2      （一）主动公开     level 3
 *     1. 规章              level 4      （1）行政许可      level 5
 *
 * is how 党政机关公文 (GB/T 9704) number their headings. */
#ifndef GOVDOC_HELPERS_CJK_H
#define GOVDOC_HELPERS_CJK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The code point at s[*i] (len bytes in all); advances *i past it (by at
 * least one byte while *i < len). Invalid or truncated UTF-8 gives U+FFFD
 * and advances one byte; at or past the end it returns 0 and does not move. */
uint32_t gdh_utf8_next(const char *s, size_t len, size_t *i);
/* The last code point of s[0..len) (0 if empty). */
uint32_t gdh_utf8_last(const char *s, size_t len);

/* East Asian wide characters: Han ideographs (with extensions and
 * compatibility forms), kana, Hangul, CJK symbols and punctuation
 * (U+3000-303F), full-width forms. They take two columns and join without
 * a space. */
bool gdh_cjk_is_wide(uint32_t cp);
/* Chinese counting digits as headings use them: 一二三四五六七八九十百零〇. */
bool gdh_cjk_is_numeral(uint32_t cp);
/* Punctuation that ends a sentence or clause: 。！？；… ” 」 』 ） and ASCII
 * . ! ? ; ). A line ending with one is prose, not a heading. */
bool gdh_cjk_ends_sentence(uint32_t cp);

/* Display width in columns: wide characters 2, a tab 4, others 1. */
size_t gdh_cjk_width(const char *s, size_t len);
/* Moves *s and shrinks *len past leading and trailing blanks: ASCII space,
 * tab, form feed, vertical tab, U+3000 IDEOGRAPHIC SPACE, U+00A0 NBSP. */
void gdh_cjk_trim(const char **s, size_t *len);
/* When two lines of one paragraph are joined (a hard-wrapped text, a title
 * set over two lines): whether a space goes between the last character of
 * the first and the first of the second. Chinese joins without one, Latin
 * words with one; a hyphen at the end of the first line joins without. */
bool gdh_cjk_join_needs_space(uint32_t before, uint32_t after);

/* The heading level that a numbered prefix gives a line, and the prefix's
 * length in bytes in *prefix_len (may be NULL): 一、 → 2, （一） or (一) → 3,
 * 1. 1、 1． → 4 (one or two digits, not "1.5" or "2023."), （1） or (1) → 5;
 * 0 when the line does not start so, or nothing follows the number. */
int gdh_heading_number(const char *s, size_t len, size_t *prefix_len);

/* Whether a whole line or paragraph looks like a heading rather than prose
 * that happens to start with a number: at most max_width columns (0: 60),
 * not ending with gdh_cjk_ends_sentence(), no 。 inside. */
bool gdh_heading_like(const char *s, size_t len, size_t max_width);

/* gdh_heading_number() of a line that is gdh_heading_like(), else 0. */
int gdh_heading_level(const char *s, size_t len, size_t max_width);

#ifdef __cplusplus
}
#endif
#endif
