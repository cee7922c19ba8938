/* govdoc plugin helpers — reading a ZIP container safely (own reader, libdeflate, zlib).
 *
 * For readers of ZIP-based formats (OOXML, ODF, EPUB ...): the archive is
 * read from the input bytes in memory, never from a file, and every entry
 * is inflated under limits — the number of entries, the inflated size of
 * one entry and of all entries read, and the compression ratio — checked
 * both against the sizes the archive declares and while inflating, because
 * declared sizes can lie. Memory stays bounded whatever the archive says.
 *
 *     gdh_error err = {0};
 *     gdh_zip *z;
 *     if (gdh_zip_open(&z, data, len, NULL, &err)) return gdh_error_report(ctx, &err);
 *     uint8_t *xml; size_t n;
 *     if (gdh_zip_read(z, "content.xml", &xml, &n, &err)) ...
 *     free(xml);
 *     gdh_zip_close(z);
 *
 * Entry names are looked up exactly, then ignoring ASCII case, then with
 * %XX escapes decoded (OPC part names differ in case and escaping in the
 * wild; the exact name always wins). Nothing is ever extracted to disk; a
 * plugin that must do so checks names with gdh_zip_name_safe(). */
#ifndef GOVDOC_HELPERS_ZIP_H
#define GOVDOC_HELPERS_ZIP_H

#include <govdoc/helpers/error.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Limits of one archive. Zero in a field means its default. */
typedef struct gdh_zip_limits {
    uint64_t max_entries;    /* entries in the archive (default 20 000) */
    uint64_t max_entry_size; /* inflated bytes of one entry (default 256 MiB) */
    uint64_t max_total;      /* inflated bytes of all entries read (default 512 MiB) */
    uint64_t bomb_min_size;  /* an entry inflating beyond this size ... (default 16 MiB) */
    uint64_t bomb_ratio;     /* ... may not exceed this ratio to its compressed size (200) */
} gdh_zip_limits;

#define GDH_ZIP_DEFAULT_MAX_ENTRIES    20000u
#define GDH_ZIP_DEFAULT_MAX_ENTRY_SIZE (256u * 1024 * 1024)
#define GDH_ZIP_DEFAULT_MAX_TOTAL      (512u * 1024 * 1024)
#define GDH_ZIP_DEFAULT_BOMB_MIN_SIZE  (16u * 1024 * 1024)
#define GDH_ZIP_DEFAULT_BOMB_RATIO     200u

typedef struct gdh_zip gdh_zip;

/* Opens the archive in data[0..len) (borrowed: it must outlive the
 * gdh_zip). limits may be NULL (defaults). On success *out is set; on
 * failure *out is NULL and err says why: GD_EFORMAT "not a ZIP archive" or
 * "damaged or truncated ZIP archive", GD_ELIMIT too many entries,
 * GD_ENOMEM. */
int gdh_zip_open(gdh_zip **out, const void *data, size_t len, const gdh_zip_limits *limits,
                 gdh_error *err);
/* Frees the archive (NULL is a no-op). The input bytes are not touched. */
void gdh_zip_close(gdh_zip *z);

/* Number of entries (directories included). */
size_t gdh_zip_count(const gdh_zip *z);
/* Name of entry i as stored (borrowed, valid until gdh_zip_close), or NULL
 * when i is out of range or the name cannot be read. */
const char *gdh_zip_name_at(gdh_zip *z, size_t i);
/* Index of the entry `name` (exact, then case-insensitive, then %-decoded),
 * or -1. */
int64_t gdh_zip_find(gdh_zip *z, const char *name);
/* Whether the entry exists (same lookup). */
bool gdh_zip_exists(gdh_zip *z, const char *name);
/* Inflated size the archive declares for the entry; UINT64_MAX when it is
 * missing or does not say. A declaration, not a promise: reads check it. */
uint64_t gdh_zip_size(gdh_zip *z, const char *name);
/* Inflated bytes read so far from all entries (counted against max_total). */
uint64_t gdh_zip_inflated(const gdh_zip *z);

/* Reads a whole entry into *out (malloc'ed, NUL-terminated; free() it) and
 * its length into *len. Errors (nothing allocated, *out NULL): GD_EFORMAT
 * missing or damaged entry, GD_ENOTSUPPORTED encrypted entry or unknown
 * compression method, GD_ELIMIT a limit ("zip bomb"), GD_ENOMEM. */
int gdh_zip_read(gdh_zip *z, const char *name, uint8_t **out, size_t *len, gdh_error *err);

/* Called with each inflated chunk (borrowed until it returns); last is true
 * once, with len 0, at the end. Return 0 to go on; anything else stops the
 * stream and is returned by gdh_zip_stream (err is then left untouched:
 * the callback knows why it stopped). */
typedef int (*gdh_zip_chunk_fn)(void *payload, const char *chunk, size_t len, bool last);
/* Streams an entry through fn in chunks of up to 64 KiB (bounded memory for
 * big entries), with the same checks and errors as gdh_zip_read. */
int gdh_zip_stream(gdh_zip *z, const char *name, gdh_zip_chunk_fn fn, void *payload,
                   gdh_error *err);

/* ---- path rules ---- */

/* Resolves a relative reference `target` against the directory `base`
 * ("" for the root; "word" for a part in word/), as relationship targets
 * and xlink:href values are written: "." and ".." segments are resolved and
 * can never climb above the root, repeated slashes collapse, and a target
 * starting with '/' is taken from the root. Returns a malloc'ed name
 * without a leading '/' (free() it), or NULL when out of memory. */
char *gdh_zip_resolve(const char *base, const char *target);

/* True when name is safe to use as a relative path under a directory of
 * one's own: not empty, relative, no "." or ".." segment, no backslash, no
 * drive letter, no control character. (Lookups inside the archive do not
 * need this; extracting to disk does.) */
bool gdh_zip_name_safe(const char *name);

#ifdef __cplusplus
}
#endif
#endif
