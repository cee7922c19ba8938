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
    PW_DL_FILL(PW_PNG_FUNCS, PW_PNG_SONAME, pw_png, loaded);
}

bool pw_png_load(void)
{
    pthread_once(&once, load);
    return loaded;
}
