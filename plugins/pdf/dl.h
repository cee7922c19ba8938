/* Libraries the writer loads on first need rather than links (fontconfig,
 * libpng, hb-subset): each costs every run its loading, and most runs
 * never call it. */
#ifndef GD_PDF_DL_H
#define GD_PDF_DL_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h>

/* dlopens `soname` (from the system's library path, as the dynamic linker
 * would find it) and looks up the n functions `names` into fns; false,
 * fns untouched, when the library or any function is missing. */
bool pw_dl_load(const char *soname, const char *const *names, size_t n, void **fns);

/* A table of the functions FUNCS (an X-macro list of their names) of a
 * library loaded on first need: its members are declared with
 * PW_DL_MEMBER (typed from the library's header), and the statement
 * PW_DL_FILL loads them all into `table` or none, setting the bool `ok`.
 * A function pointer is read through a void* (dlsym's own contract, in
 * POSIX); memcpy keeps -Wpedantic quiet about the conversion. */
#define PW_DL_MEMBER(f) __typeof__(&f) f;
#define PW_DL_NAME(f)   #f,
#define PW_DL_SET(f)    memcpy(&pw_dl_table->f, &pw_dl_fns[pw_dl_i++], sizeof(void *));
#define PW_DL_FILL(FUNCS, soname, table, ok)                                                       \
    do {                                                                                           \
        static const char *const pw_dl_names[] = {FUNCS(PW_DL_NAME)};                              \
        void *pw_dl_fns[sizeof pw_dl_names / sizeof *pw_dl_names];                                 \
        size_t pw_dl_i = 0;                                                                        \
        __typeof__(table) *pw_dl_table = &(table);                                                 \
        (ok) =                                                                                     \
            pw_dl_load(soname, pw_dl_names, sizeof pw_dl_names / sizeof *pw_dl_names, pw_dl_fns);  \
        if (ok) {                                                                                  \
            FUNCS(PW_DL_SET)                                                                       \
        }                                                                                          \
    } while (0)

#endif
