/* govdoc core — the plugin registry: loading, ABI checks, format lookup. */
#ifndef GOVDOC_GD_REGISTRY_H
#define GOVDOC_GD_REGISTRY_H

#include "gd_api.h"
#include <govdoc/gd_plugin.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct gd_registry gd_registry;

/* Lazy loading: with the registry cache (README, "Plugin loading and the
 * registry cache"; GOVDOC_REGISTRY_CACHE=off disables it), load_dir may
 * register an unchanged directory's plugins from what they declared last
 * time, without loading them. Every answer stays what a full load gives:
 * find, find_ext and probe load (with all trust checks) the plugins they
 * need to answer; plugin_at and handler_at load every plugin first; the
 * counts and messages are the full load's without loading anything. So
 * the functions below that take a const registry may load plugins; they
 * are safe to call from several threads at once. */

/* An empty registry: *out (out not NULL) is released with gd_registry_free.
 * GD_ENOMEM. */
GD_EXTERN int gd_registry_new(gd_registry **out);
/* Unloads every plugin; handlers, descriptors and messages found through
 * the registry die with it. NULL is a no-op. */
GD_EXTERN void gd_registry_free(gd_registry *reg);

/* Loads one plugin file. A refused plugin (ABI mismatch, no entry symbol,
 * incomplete descriptor) returns GD_EABI or GD_ENOTFOUND and leaves a
 * message naming the file; other plugins are unaffected. A second plugin
 * with a name already loaded is skipped (GD_OK, with an info message). */
GD_EXTERN int gd_registry_load_file(gd_registry *reg, const char *path);
/* Loads every *.so in a directory, in name order; a refused plugin is a
 * message, not an error. GD_ENOTFOUND when the directory cannot be opened,
 * GD_ENOMEM. */
GD_EXTERN int gd_registry_load_dir(gd_registry *reg, const char *dir);
/* The standard search: the build tree (when this program runs from it),
 * then each directory of GOVDOC_PLUGIN_PATH, then the installed plugin
 * directory. Never the current directory. Missing directories are skipped;
 * GD_ENOMEM. */
GD_EXTERN int gd_registry_load_default(gd_registry *reg);

/* Messages from loading ("<file>: <reason>"): count, and message i
 * (borrowed; NULL out of range); *is_warning (may be NULL) is 0 for info. */
GD_EXTERN size_t gd_registry_message_count(const gd_registry *reg);
GD_EXTERN const char *gd_registry_message_at(const gd_registry *reg, size_t i, int *is_warning);

/* The loaded plugins: count, and descriptor i (borrowed; NULL out of
 * range) with its file in *path (may be NULL; borrowed). */
GD_EXTERN size_t gd_registry_plugin_count(const gd_registry *reg);
GD_EXTERN const gd_plugin_desc *gd_registry_plugin_at(const gd_registry *reg, size_t i,
                                                      const char **path);

/* Every usable handler, in load order, with the plugin that provides it
 * (*plugin may be NULL; all borrowed; NULL out of range). */
GD_EXTERN size_t gd_registry_handler_count(const gd_registry *reg);
GD_EXTERN const gd_format_handler *gd_registry_handler_at(const gd_registry *reg, size_t i,
                                                          const gd_plugin_desc **plugin);

/* The handler of `kind` for a format id, or for a file extension (no dot,
 * any case); the highest rank wins, then the first loaded. NULL when none
 * (or for NULL arguments); *plugin may be NULL. */
GD_EXTERN const gd_format_handler *gd_registry_find(const gd_registry *reg, gd_handler_kind kind,
                                                    const char *format,
                                                    const gd_plugin_desc **plugin);
GD_EXTERN const gd_format_handler *gd_registry_find_ext(const gd_registry *reg,
                                                        gd_handler_kind kind, const char *ext,
                                                        const gd_plugin_desc **plugin);
/* Chooses a reader for these bytes: the highest probe score, then a
 * matching extension, then rank. Below GD_PROBE_POSSIBLE the extension
 * decides if one matches. NULL when nothing fits. filename, *score and
 * *plugin may be NULL. */
GD_EXTERN const gd_format_handler *gd_registry_probe(const gd_registry *reg, const uint8_t *data,
                                                     size_t len, const char *filename, int *score,
                                                     const gd_plugin_desc **plugin);

/* A plugin file inspected without being registered (govdoc plugin-info). */
typedef struct gd_plugin_info {
    const gd_plugin_desc *desc; /* NULL when the file gave none; when the ABI
                                 * major differs only abi_major, abi_minor and
                                 * struct_size can be read */
    int code;                   /* GD_OK when gd_registry_load_file would load it */
    char problem[512];          /* else why it would be refused (one line): the
                                 * load failure, or the descriptor's problem */
    size_t desc_v1_size;        /* the ABI 1.0 descriptor size, for comparison */
    void *dl;                   /* private */
} gd_plugin_info;

/* Loads `path` as gd_registry_load_file would (same trust checks of the
 * file and its directories, same dlopen, same entry call, same descriptor
 * checks) and fills *info without adding the plugin anywhere. A file that
 * is not trusted is refused before it is loaded; loading a trusted one runs
 * its constructors, as any load does. Returns info->code: GD_ENOTFOUND
 * (cannot be loaded), GD_EABI (refused: not trusted, or its descriptor),
 * GD_OK. `info` and `path` must not be NULL. Always release with
 * gd_plugin_info_close(), which unloads the file (info->desc dies). */
GD_EXTERN int gd_plugin_inspect(gd_plugin_info *info, const char *path);
GD_EXTERN void gd_plugin_info_close(gd_plugin_info *info);

#ifdef __cplusplus
}
#endif
#endif
