/* Private to the helper library: an entry inflated into a buffer its
 * reader provides (the XML helper inflates a part straight into expat's
 * input buffer, instead of into a buffer of its own that expat then
 * copies). */
#ifndef GDH_ZIP_INTO_H
#define GDH_ZIP_INTO_H

#include <govdoc/helpers/zip.h>

#include <stddef.h>
#include <stdint.h>

/* A buffer of at least cap bytes (the entry's declared size + 1), or NULL
 * (out of memory). */
typedef uint8_t *(*zip_alloc_fn)(void *user, size_t cap);

/* gdh_zip_read's checks and errors, into alloc's buffer: *out gets the
 * buffer (also after a failure, when alloc was called: the caller releases
 * it), *len the entry's size (0 after a failure). No NUL is added. */
int zip_read_into(gdh_zip *z, const char *name, zip_alloc_fn alloc, void *user, uint8_t **out,
                  size_t *len, gdh_error *err);

#endif
