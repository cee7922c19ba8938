/* libpng, dlopen'd on first need (see pngdl.h). */
#define PW_PNG_IMPL
#include "pngdl.h"

#include "dl.h"

#include <pthread.h>
#include <string.h>

pw_png_api pw_png;
static bool loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    static const char *const names[] = {
#define PW_PNG_NAME(f) #f,
        PW_PNG_FUNCS(PW_PNG_NAME)
#undef PW_PNG_NAME
    };
    void *fns[sizeof names / sizeof *names];
    if (!pw_dl_load(PW_PNG_SONAME, names, sizeof names / sizeof *names, fns)) return;
    size_t i = 0; /* a function pointer read through a void*, as in fc.c */
#define PW_PNG_SET(f) memcpy(&pw_png.f, &fns[i++], sizeof fns[0]);
    PW_PNG_FUNCS(PW_PNG_SET)
#undef PW_PNG_SET
    loaded = true;
}

bool pw_png_load(void)
{
    pthread_once(&once, load);
    return loaded;
}
