/* Document information, dates and PDF/A-1b (meta.c), used by emit.c. */
#ifndef GD_PDF_META_H
#define GD_PDF_META_H

#include "pdf.h"

#include <hpdf.h>

/* Info dictionary, dates and, for PDF/A, the conformance (XMP) and the sRGB
 * output intent. Call before any page or font is added. */
int pw_meta_begin(pw_lay *L, HPDF_Doc pdf);
/* Fixes what libharu gets wrong for PDF/A and sets a reproducible file ID;
 * call just before saving. */
int pw_meta_finish(pw_lay *L, HPDF_Doc pdf);

#endif
