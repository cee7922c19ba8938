/* Sandboxed reading: a reader that sets GD_HANDLER_SANDBOX runs in a forked
 * child under rlimits and a seccomp allowlist; its document comes back over
 * a pipe in the wire form (wire.h) and is rebuilt here. See sandbox.c and
 * README.md ("The sandbox"). */
#ifndef GD_SANDBOX_H
#define GD_SANDBOX_H

#include "internal.h"

/* Whether this reader runs sandboxed: its flag, unless GOVDOC_SANDBOX=off;
 * every reader with GOVDOC_SANDBOX=all (for testing). */
bool gd__sandbox_wanted(const gd_format_handler *h);

/* h->read(ctx, data, len, doc) in a child process. Same contract as the
 * read itself: returns its result and leaves errors on ctx; a crash, a
 * timeout, a forbidden system call or a malformed reply becomes an error
 * on ctx (GD_EFORMAT, or GD_ELIMIT for time and memory limits). */
int gd__sandbox_read(gd_ctx *ctx, const gd_format_handler *h, const uint8_t *data, size_t len,
                     gd_doc *doc);

#endif
