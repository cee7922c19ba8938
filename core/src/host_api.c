/* The table of core functions handed to every plugin (SQLite's
 * sqlite3_api_routines): generated from gd_api_list.h, so its order is the
 * list's and the compiler checks every signature. */
#include "internal.h"

const gd_host_api gd__host_api = {
    GD_ABI_MAJOR,
    GD_ABI_MINOR,
    (uint32_t)sizeof(gd_host_api),
#define GD_FN(ret, name, params, args) gd_##name,
#define GD_FNV(name, params, args)     gd_##name,
#include "govdoc/gd_api_list.h"
#undef GD_FN
#undef GD_FNV
};
