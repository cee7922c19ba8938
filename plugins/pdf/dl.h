/* Libraries the writer loads on first need rather than links (fontconfig,
 * libpng, hb-subset): each costs every run its loading, and most runs
 * never call it. */
#ifndef GD_PDF_DL_H
#define GD_PDF_DL_H

#include <stdbool.h>
#include <stddef.h>

/* dlopens `soname` (from the system's library path, as the dynamic linker
 * would find it) and looks up the n functions `names` into fns; false,
 * fns untouched, when the library or any function is missing. */
bool pw_dl_load(const char *soname, const char *const *names, size_t n, void **fns);

#endif
