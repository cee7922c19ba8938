/* libpng, loaded on first need (pngdl.c): only documents with PNG images
 * call it, and loading it cost every PDF ~0.4 ms. emit.c includes this
 * instead of <png.h>: the png_image_* calls go through pw_png, valid once
 * pw_png_load() has returned true. */
#ifndef GD_PDF_PNGDL_H
#define GD_PDF_PNGDL_H

#include "dl.h"

#include <png.h>
#include <stdbool.h>

#define PW_PNG_FUNCS(X)                                                                            \
    X(png_image_begin_read_from_memory)                                                            \
    X(png_image_finish_read)                                                                       \
    X(png_image_free)

typedef struct pw_png_api {
    PW_PNG_FUNCS(PW_DL_MEMBER)
} pw_png_api;

extern pw_png_api pw_png;

/* Loads libpng (once); false when it cannot be loaded. Thread-safe. */
bool pw_png_load(void);

#ifndef PW_PNG_IMPL
#define png_image_begin_read_from_memory pw_png.png_image_begin_read_from_memory
#define png_image_finish_read            pw_png.png_image_finish_read
#define png_image_free                   pw_png.png_image_free
#endif
#endif
