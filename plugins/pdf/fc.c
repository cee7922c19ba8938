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
    static const char *const names[] = {
#define PW_FC_NAME(f) #f,
        PW_FC_FUNCS(PW_FC_NAME)
#undef PW_FC_NAME
    };
    void *fns[sizeof names / sizeof *names];
    if (!pw_dl_load(PW_FONTCONFIG_SONAME, names, sizeof names / sizeof *names, fns)) return;
    /* POSIX: a function pointer may be read through a void* (dlsym's own
     * contract); memcpy keeps -Wpedantic quiet about the conversion. */
    size_t i = 0;
#define PW_FC_SET(f) memcpy(&pw_fc.f, &fns[i++], sizeof fns[0]);
    PW_FC_FUNCS(PW_FC_SET)
#undef PW_FC_SET
    loaded = true;
}

bool pw_fc_load(void)
{
    pthread_once(&once, load);
    return loaded;
}
