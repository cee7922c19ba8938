/* govdoc core — the conversion pipeline: read (reader chosen by content),
 * recognise the report, write (complete files only). */
#ifndef GOVDOC_GD_CONVERT_H
#define GOVDOC_GD_CONVERT_H

#include "gd_api.h"
#include "gd_registry.h"

#ifdef __cplusplus
extern "C" {
#endif

#define GD_CONVERT_OPTIONS_VERSION 3
#define GD_DEFAULT_MAX_INPUT       (512u * 1024u * 1024u)
/* The memory budget of one conversion: with it, no conversion's peak RSS
 * passes 512 MB on a 64-bit Linux machine (README, "Limits"). */
#define GD_DEFAULT_MAX_MEMORY (320u * 1024u * 1024u)

typedef struct gd_convert_options {
    unsigned version;           /* GD_CONVERT_OPTIONS_VERSION */
    const char *from;           /* reader format id; NULL = probe the content */
    const char *to;             /* writer format id; NULL = from the output's extension */
    const char *const *options; /* "plugin.key=value" strings */
    size_t option_count;
    int no_report;    /* skip report recognition */
    size_t max_input; /* bytes; 0 = GD_DEFAULT_MAX_INPUT */
    /* Called for each warning of a plugin or of recognition. */
    void (*on_warning)(const char *file, const char *message, void *payload);
    void *payload;
    /* version 2: what writers render for a recognised report: "standard"
     * (the template's layout), "source" (as read), or NULL: each writer's
     * kind decides (standard, JSON and other data writers source). */
    const char *layout;
    /* version 3: memory budget of each conversion, in bytes (0 = GD_DEFAULT_MAX_MEMORY,
     * SIZE_MAX = none): the document's arena and what readers and writers
     * allocate through the host count against it; passing it ends the
     * conversion with GD_ELIMIT and no output. `govdoc convert --max-memory
     * MB` and `govdoc batch --max-memory MB` set it. */
    size_t max_memory;
} gd_convert_options;

#define GD_CONVERT_OPTIONS_INIT                                                                    \
    {                                                                                              \
        GD_CONVERT_OPTIONS_VERSION, NULL, NULL, NULL, 0, 0, 0, NULL, NULL, NULL, 0                 \
    }

/* Which step failed, for exit codes. */
typedef enum gd_stage {
    GD_STAGE_NONE = 0,
    GD_STAGE_USAGE = 1,  /* options, formats */
    GD_STAGE_INPUT = 2,  /* reading or parsing the input */
    GD_STAGE_OUTPUT = 3, /* rendering or writing the output */
} gd_stage;

typedef struct gd_status {
    int code; /* GD_OK or a gd_error_code */
    gd_stage stage;
    char *message; /* one line, "<file>: <reason>"; free with gd_status_clear */
} gd_status;

/* Every call below: st may be NULL (no message kept), opts may be NULL
 * (defaults), reg and out must not be NULL; the result is GD_OK or the
 * negative code also put in st with the stage that failed. */

/* Frees st->message and resets st; NULL is a no-op. */
GD_EXTERN void gd_status_clear(gd_status *st);

/* Checks every "plugin.key=value" against the loaded plugins' declared
 * options, and opts->layout: unknown plugins, unknown keys and bad values
 * are refused with GD_EUSER (stage USAGE). */
GD_EXTERN int gd_options_check(gd_status *st, const gd_registry *reg,
                               const gd_convert_options *opts);

/* Reads a file ("-" = stdin) into a new document (*out, released with
 * gd_doc_free; NULL on failure), recognising a report unless
 * opts->no_report. Codes: GD_ENOTFOUND/GD_EIO (input), GD_ELIMIT,
 * GD_EFORMAT, GD_ENOTSUPPORTED, GD_EUSER (no reader for opts->from),
 * GD_ENOMEM. */
GD_EXTERN int gd_read_file(gd_doc **out, gd_status *st, const gd_registry *reg, const char *path,
                           const gd_convert_options *opts);
/* Reads from memory (data borrowed for the call; name may be NULL, used in
 * messages and for the extension); as gd_read_file. */
GD_EXTERN int gd_read_memory(gd_doc **out, gd_status *st, const gd_registry *reg,
                             const uint8_t *data, size_t len, const char *name,
                             const gd_convert_options *opts);
/* Writes a document to a file ("-" = stdout) through a temporary file that
 * is renamed only when complete: no partial output, ever. An existing
 * file keeps its permission bits (and owner, where allowed); a device,
 * FIFO or /dev/stdout is rendered in memory and then written directly,
 * never replaced; directories, block devices and sockets are refused. The
 * writer is opts->to, else the extension (GD_EUSER when neither names one);
 * GD_EIO when the file cannot be written, else the writer's code. */
GD_EXTERN int gd_write_file(gd_status *st, const gd_registry *reg, const gd_doc *doc,
                            const char *path, const gd_convert_options *opts);
/* Renders with the writer of `format` into a sink the caller owns (e.g.
 * gd_sink_new_memory). GD_EUSER for an unknown format, else the writer's
 * code or the sink's error. */
GD_EXTERN int gd_write_sink(gd_status *st, const gd_registry *reg, const gd_doc *doc, gd_sink *sink,
                            const char *format, const gd_convert_options *opts);
/* Writer chosen by opts->to, else by the extension of `path` (may be NULL);
 * NULL when none; *plugin may be NULL. Borrowed from the registry. */
GD_EXTERN const gd_format_handler *gd_writer_for(const gd_registry *reg, const char *path,
                                                 const gd_convert_options *opts,
                                                 const gd_plugin_desc **plugin);

/* Lets the writer gd_write_file(…, path, opts) would choose start the work
 * that needs no document (its handler's `prepare`, ABI 1.3), so that it
 * overlaps reading the input: call it before gd_read_file. Optional; does
 * nothing for writers without one; nothing to release. */
GD_EXTERN void gd_write_prepare(const gd_registry *reg, const char *path,
                                const gd_convert_options *opts);

/* Removes the temporary files and folders this process has open for its
 * outputs. Async-signal-safe: call it from a SIGTERM/SIGINT/SIGHUP handler
 * before the process ends (the govdoc command does). */
GD_EXTERN void gd_temp_remove_all(void);
/* Removes the stale temporary files of one output path: those a govdoc
 * process on this host, of this user, left and that process is gone (a
 * killed batch worker, once reaped). gd_write_file already does this for
 * a whole output directory, once per directory and process. */
GD_EXTERN void gd_temp_remove_stale(const char *output);

/* gd_write_prepare, gd_read_file, then gd_write_file. */
GD_EXTERN int gd_convert_file(gd_status *st, const gd_registry *reg, const char *in_path,
                              const char *out_path, const gd_convert_options *opts);

#ifdef __cplusplus
}
#endif
#endif
