/* Document information, dates and PDF/A-1b (meta.c), used by emit.c. */
#ifndef GD_PDF_META_H
#define GD_PDF_META_H

#include "pdf.h"
#include "pdfout.h"

typedef struct pw_meta_ids {
    uint32_t info, metadata, intents;
} pw_meta_ids;

/* The Info dictionary and, for PDF/A, the XMP packet (repeating it) and the
 * sRGB output intent. */
int pw_meta_write(pw_lay *L, pw_out *o, pw_meta_ids *ids);

#endif
