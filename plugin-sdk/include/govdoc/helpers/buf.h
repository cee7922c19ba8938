/* govdoc plugin helpers — a growable byte buffer for building UTF-8 text
 * (a paragraph's characters, a field's instruction, a title's plain text),
 * so that readers do not each write their own. Always NUL-terminated once
 * anything was added, so p can be handed on as a C string.
 *
 * Ownership: the caller owns the gdh_buf struct (zero it to start: {0} is
 * an empty buffer); the buffer owns p until gdh_buf_free() frees it, or
 * until the caller takes p (then sets p to NULL and frees it itself). */
#ifndef GOVDOC_HELPERS_BUF_H
#define GOVDOC_HELPERS_BUF_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gdh_buf {
    char *p;    /* the bytes, NUL-terminated; NULL until the first add */
    size_t len; /* bytes used, without the NUL */
    size_t cap; /* bytes allocated */
} gdh_buf;

/* Appends n bytes of s (s may be NULL when n is 0; the buffer copies them).
 * Capacity doubles, so n appends copy O(n) bytes. GD_OK, or GD_ENOMEM with
 * the buffer as it was. */
int gdh_buf_add(gdh_buf *b, const void *s, size_t n);
/* Appends one byte. As gdh_buf_add. */
int gdh_buf_addc(gdh_buf *b, char c);
/* Appends code point cp as UTF-8; a surrogate or a value past U+10FFFF is
 * written as U+FFFD. As gdh_buf_add. */
int gdh_buf_utf8(gdh_buf *b, uint32_t cp);
/* Empties the buffer, keeping its memory for the next use. */
void gdh_buf_clear(gdh_buf *b);
/* Frees p (the buffer's, unless the caller took it) and zeroes b. */
void gdh_buf_free(gdh_buf *b);

/* Makes room for need bytes in the block *p of *cap bytes (the caller's
 * block from malloc/realloc; NULL and 0 for none yet), doubling from first
 * bytes: gdh_buf's growth, for buffers of another shape. On GD_ENOMEM *p
 * and *cap are as they were. */
int gdh_grow(char **p, size_t *cap, size_t need, size_t first);

/* Writes cp as UTF-8 into out (room for 4 bytes, the caller's), as
 * gdh_buf_utf8 would; returns the number of bytes (1 to 4). */
size_t gdh_utf8_encode(uint32_t cp, char out[4]);

#ifdef __cplusplus
}
#endif

#endif
