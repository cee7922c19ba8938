/* Inspecting a plugin file without registering it (govdoc plugin-info):
 * the registry's load path — trust checks, the checked dlopen, the entry
 * symbol, the descriptor checks — with the verdict and the descriptor kept
 * for display. */
#define _GNU_SOURCE
#include "internal.h"
#include "govdoc/gd_registry.h"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gd_plugin_inspect(gd_plugin_info *info, const char *path)
{
    memset(info, 0, sizeof *info);
    info->desc_v1_size = offsetof(gd_plugin_desc, handlers) + sizeof(void *);
    /* the registry's own trust checks and checked dlopen: an untrusted
     * file is refused before any of its code (constructors) runs */
    char *why;
    int code = gd__plugin_dlopen(path, &info->dl, &why);
    if (code != GD_OK) {
        snprintf(info->problem, sizeof info->problem, "%s: %s",
                 code == GD_EABI ? "not trusted" : "cannot load plugin",
                 why ? why : "out of memory");
        free(why);
        return info->code = code == GD_EABI ? GD_EABI : GD_ENOTFOUND;
    }
    gd_plugin_entry_fn entry;
    *(void **)&entry = dlsym(info->dl, GD_PLUGIN_ENTRY_SYMBOL);
    if (!entry) {
        snprintf(info->problem, sizeof info->problem, "not a govdoc plugin: no %s symbol",
                 GD_PLUGIN_ENTRY_SYMBOL);
        return info->code = GD_EABI;
    }
    info->desc = entry(&gd__host_api);
    char buf[256];
    const char *problem = gd__plugin_desc_problem(info->desc, buf, sizeof buf);
    if (problem) {
        snprintf(info->problem, sizeof info->problem, "%s", problem);
        return info->code = GD_EABI;
    }
    return info->code = GD_OK;
}

void gd_plugin_info_close(gd_plugin_info *info)
{
    if (info->dl) dlclose(info->dl);
    info->dl = NULL;
    info->desc = NULL;
}
