/* HTML reader: font names, interned so frames can share them and the
 * builder is told only when the font changes. */
#include "hr.h"

#include <stdlib.h>
#include <string.h>

#define MAX_FONTS 64

const char *hr_font_intern(hr_reader *r, const char *name)
{
    if (!name || !*name) return NULL;
    for (size_t i = 0; i < r->nfonts; i++)
        if (strcmp(r->fonts[i], name) == 0) return r->fonts[i];
    if (r->nfonts >= MAX_FONTS) return NULL; /* a page of many fonts: stop naming them */
    if (!r->fonts) {
        r->fonts = calloc(MAX_FONTS, sizeof *r->fonts);
        if (!r->fonts) return NULL;
    }
    size_t n = strlen(name);
    char *s = malloc(n + 1);
    if (!s) return NULL;
    memcpy(s, name, n + 1);
    r->fonts[r->nfonts++] = s;
    return s;
}

void hr_fonts_free(hr_reader *r)
{
    for (size_t i = 0; i < r->nfonts; i++) free(r->fonts[i]);
    free(r->fonts);
    r->fonts = NULL;
    r->nfonts = 0;
}
