/* fontconfig, dlopen'd on first need (see fc.h), by soname from the
 * system's library path, as the dynamic linker would have found it. */
#define PW_FC_IMPL
#include "fc.h"

#include "dl.h"

#include <pthread.h>
#include <string.h>

pw_fc_api pw_fc;
static bool loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    PW_DL_FILL(PW_FC_FUNCS, PW_FONTCONFIG_SONAME, pw_fc, loaded);
}

bool pw_fc_load(void)
{
    pthread_once(&once, load);
    return loaded;
}
