/* The output of one write: a file replaced atomically, or a device, FIFO
 * or descriptor written directly (see output.c). Private to the core. */
#ifndef GD_OUTPUT_H
#define GD_OUTPUT_H

#include "internal.h"
#include "tempfile.h"

#include <stdio.h>
#include <sys/stat.h>

typedef enum gd_output_kind {
    OUT_REPLACE, /* a regular file: temporary file renamed into place */
    OUT_DIRECT,  /* a character device or FIFO: opened and written */
    OUT_FD,      /* "-", /dev/stdout, /dev/fd/N: a descriptor we have */
} gd_output_kind;

typedef struct gd_output {
    const char *path; /* as given */
    gd_output_kind kind;
    int fd;       /* OUT_FD */
    char *target; /* OUT_REPLACE: the file replaced (a symlink's target) */
    char *dir;    /* its directory */
    char *base;   /* its name */
    bool exists;  /* it exists: keep its mode and owner */
    struct stat old;
    gd_temp tmp; /* the new content */
    FILE *file;
    gd_temp side;                            /* side-file folder being filled */
    char *side_final, *side_dir, *side_name; /* <side_dir>/<side_name> */
    bool side_exists;
    struct stat side_old;
} gd_output;

/* Looks at what `path` is and prepares to write it (refusing what must
 * not be written); *err (malloc'ed) says why it cannot. */
int gd__output_open(gd_output *o, const char *path, char **err);
/* Where the writer puts its bytes: the temporary file, or memory. */
int gd__output_sink(gd_output *o, gd_sink **sink);
/* The output path a writer may see (NULL unless a file is replaced). */
const char *gd__output_path_for_writer(const gd_output *o);
/* A temporary folder for side files that will become `final`. */
int gd__output_side_dir(gd_output *o, const char *final, const char **tmp, char **err);
/* Puts the complete output in place; *warning (malloc'ed or NULL) is
 * worth telling the user. */
int gd__output_commit(gd_output *o, gd_sink *sink, char **err, char **warning);
/* Releases everything; removes temporaries that were not committed. */
void gd__output_close(gd_output *o);

#endif
