/* See dl.h. */
#include "dl.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

bool pw_dl_load(const char *soname, const char *const *names, size_t n, void **fns)
{
    void *dl = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
    void **got = dl ? malloc(n * sizeof *got) : NULL;
    if (!got) return false;
    for (size_t i = 0; i < n; i++)
        if (!(got[i] = dlsym(dl, names[i]))) {
            free(got);
            return false;
        }
    memcpy(fns, got, n * sizeof *got);
    free(got);
    return true;
}
