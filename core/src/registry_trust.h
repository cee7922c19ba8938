/* Plugin trust (registry_trust.c): the checks made before a plugin file is
 * loaded, and the dlopen of the very file checked. Every real load goes
 * through these, the registry cache's lazy loads included. */
#ifndef GD_REGISTRY_TRUST_H
#define GD_REGISTRY_TRUST_H

#include "registry_cache.h"

/* Opens a plugin directory after checking it and every directory above
 * it; *real_out gets its real path. -1 with *why (malloc'ed) and *code
 * when it is missing (GD_ENOTFOUND) or not trusted (GD_EABI). */
int gd__trusted_dir_open(const char *dir, char **real_out, char **why, int *code);
/* Checks the directory of `path` and every directory above it; the open
 * directory with *real and *name (its last component, inside path), or -1
 * with *why (malloc'ed, may be NULL) and *code. */
int gd__trusted_parent_open(const char *path, char **real, const char **name, char **why,
                            int *code);
/* Opens `name` in the checked directory `dfd` (real path `real`) if it may
 * be loaded and dlopens that very file (`path` names it in messages). *dl,
 * or *why (malloc'ed, may be NULL) with GD_EABI (not trusted) or
 * GD_ENOTFOUND (missing, or dlopen failed). `expect` (may be NULL): the
 * file must still be that one, else GD_EABI; *got (may be NULL) gets the
 * identity of the file opened. */
int gd__trusted_dlopen(int dfd, const char *real, const char *name, const char *path, void **dl,
                       char **why, const gd__file_id *expect, gd__file_id *got);

#endif
