/* The PDF file itself: numbered objects written to the sink as soon as they
 * are complete (pages stream out while later ones are laid out), a
 * cross-reference table at the end, streams deflated with libdeflate at a
 * level chosen per stream. Nothing of a written object stays in memory but
 * its offset. */
#ifndef GD_PDF_OUT_H
#define GD_PDF_OUT_H

#include <govdoc/gd_plugin.h>

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct pw_out pw_out;

/* A growable byte buffer (content streams, dictionaries). */
typedef struct pw_buf {
    char *v;
    size_t n, cap;
    int oom;
} pw_buf;

void pw_buf_put(pw_buf *b, const void *s, size_t n);
void pw_buf_puts(pw_buf *b, const char *s);
void pw_buf_printf(pw_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pw_buf_num(pw_buf *b, double v); /* shortest of %.2f, no trailing zeros */
void pw_buf_free(pw_buf *b);
/* (...) with \ ( ) and CR escaped: any bytes. */
void pw_buf_pdfstr(pw_buf *b, const void *s, size_t n);
/* A text string from UTF-8: plain ASCII as (...), else <FEFF...> UTF-16BE. */
void pw_buf_textstr(pw_buf *b, const char *utf8, size_t n);

int pw_out_new(pw_out **out, gd_sink *sink, bool compress);
/* Writes everything still buffered; returns the first error (sticky). */
int pw_out_error(const pw_out *o);
void pw_out_free(pw_out *o);
uint32_t pw_out_reserve(pw_out *o); /* an object number to write later */
/* A whole object: `id 0 obj <body> endobj`. */
void pw_out_obj(pw_out *o, uint32_t id, const char *body, size_t n);
void pw_out_objf(pw_out *o, uint32_t id, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A stream object; `dict` holds the dictionary's entries besides /Length
 * and /Filter. level 0 stores, 1..12 deflates (when compression is on). */
void pw_out_stream(pw_out *o, uint32_t id, const char *dict, const void *data, size_t n, int level);
/* A stream whose data is already deflated (/Filter /FlateDecode). */
void pw_out_raw_stream(pw_out *o, uint32_t id, const char *dict, const void *data, size_t n);
/* The deflate level of every stream but CFF font programs. On the seed's streams (TXT,
 * default fonts) libdeflate's level 3 takes ~0.8 of level 5's time (UMing's
 * subset 0.96 against 1.14 ms, Noto's CFF 1.32 against 1.52 ms) for 1.9 %
 * more bytes (159.5 against 156.6 KB of streams); level 1 is faster still
 * but 5 % larger, which made the seed's PDF (172.2 KB) larger than
 * LibreOffice's (171.5 KB), against issue 16. One level is one compressor
 * per thread (pdfout.c), kept across documents. */
enum { PW_ZLEVEL = 3 };
/* CFF font programs compress little at any level (charstrings are dense):
 * Noto Serif CJK's subset for the seed is 99.8 KB at level 3 and 100.7 KB
 * at level 1, which takes 0.75 of the time; the program is the last thing
 * the writer waits for, and level 1 made the whole conversion ~1.5 ms
 * faster. TrueType programs stay at PW_ZLEVEL (they gain 3 % from it). */
enum { PW_ZLEVEL_CFF = 1 };
/* Deflates into a malloc'ed buffer (NULL on failure). */
void *pw_deflate(pw_out *o, const void *data, size_t n, int level, size_t *zn);
/* The cross-reference table and trailer. */
void pw_out_finish(pw_out *o, uint32_t root, uint32_t info, const uint8_t id[16]);
uint64_t pw_out_offset(const pw_out *o);
bool pw_out_compressing(const pw_out *o);

/* 128-bit hash for the file ID (not cryptographic). */
typedef struct pw_hash {
    uint64_t a, b;
} pw_hash;
void pw_hash_init(pw_hash *h);
void pw_hash_update(pw_hash *h, const void *data, size_t n);
void pw_hash_final(pw_hash *h, uint8_t out[16]);

#endif
