/* The wire form of a finished read: how a sandboxed reader's child process
 * hands its document to the parent (see sandbox.c).
 *
 * The child encodes the tree, attributes, metadata, resources, diagnostics
 * and the read's result; the parent decodes it and rebuilds the document
 * through the builder, so every containment rule and limit applies again —
 * the parent never trusts a byte of it. Every length is checked against
 * what is left; a record cut short, an unknown tag, a count that does not
 * match or trailing bytes make the whole reply malformed. */
#ifndef GD_WIRE_H
#define GD_WIRE_H

#include "internal.h"

typedef struct gd_wire_buf {
    uint8_t *p;
    size_t len, cap;
    bool oom;
} gd_wire_buf;

void gd__wire_buf_free(gd_wire_buf *b);

/* Encodes `doc` as read, with the read's return code and the context's
 * error (code and message). GD_OK or GD_ENOMEM. */
int gd__wire_encode(gd_wire_buf *out, const gd_doc *doc, int read_rc, const gd_ctx *ctx);

/* Rebuilds into `doc` (fresh: only its empty root) through a builder on
 * `ctx`. Returns GD_OK when the reply was well formed — the read's own
 * result then is in *read_rc and, for a failed read, on ctx (error code and
 * message) — or GD_EFORMAT / GD_ELIMIT / GD_ENOMEM with the reason in `why`
 * (one line) when the reply itself cannot be taken. */
int gd__wire_decode(const uint8_t *p, size_t len, gd_doc *doc, gd_ctx *ctx, int *read_rc, char *why,
                    size_t whylen);

#endif
