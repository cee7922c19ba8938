/* The version of the core library. */
#include "internal.h"
#include "govdoc/govdoc.h"

const char *gd_version(void)
{
    return GOVDOC_VERSION;
}
