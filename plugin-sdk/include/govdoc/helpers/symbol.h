/* govdoc plugin helpers — the Symbol font's characters as the Unicode
 * characters they draw (Greek letters, mathematical operators, arrows), so
 * that every reader of Word files shows w:sym, .doc symbol characters and
 * Symbol-font text the same way. A pure function, no allocation. */
#ifndef GOVDOC_HELPERS_SYMBOL_H
#define GOVDOC_HELPERS_SYMBOL_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The character Symbol-font code c (0x20–0xFF; a U+F0xx private-use code
 * point less 0xF000) draws: 'a' → α, 0xA3 → ≤, 0xAE → →; a code with no
 * mapping (digits, punctuation) is returned as it is. */
uint32_t gdh_symbol_char(uint32_t c);

#ifdef __cplusplus
}
#endif

#endif
