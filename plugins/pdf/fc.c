/* fontconfig, dlopen'd on first need (see fc.h), by soname from the
 * system's library path, as the dynamic linker would have found it. */
#define PW_FC_IMPL
#include "fc.h"

#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

pw_fc_api pw_fc;
static bool loaded;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    void *dl = dlopen(PW_FONTCONFIG_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!dl) return;
    pw_fc_api api;
    /* POSIX: a function pointer may be read through a void* (dlsym's own
     * contract); memcpy keeps -Wpedantic quiet about the conversion. */
#define PW_FC_SYM(f)                                                                               \
    {                                                                                              \
        void *sym = dlsym(dl, #f);                                                                 \
        if (!sym) return;                                                                          \
        memcpy(&api.f, &sym, sizeof sym);                                                          \
    }
    PW_FC_FUNCS(PW_FC_SYM)
#undef PW_FC_SYM
    pw_fc = api;
    loaded = true;
}

bool pw_fc_load(void)
{
    pthread_once(&once, load);
    return loaded;
}
