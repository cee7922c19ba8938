/* govdoc core — the wire form of a document: how a sandboxed reader's child
 * process hands its document to the core (see README, "The sandbox").
 * Public for tests and tools: a document encoded and decoded again is the
 * same document, and decoding never trusts its input (every record is
 * length-checked and the tree is rebuilt through the builder). */
#ifndef GOVDOC_GD_WIRE_H
#define GOVDOC_GD_WIRE_H

#include "gd_api.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Encodes a document (tree, attributes, metadata, resources, diagnostics;
 * not the report model, which is recognised again). *out is free()d. */
GD_EXTERN int gd_wire_encode(uint8_t **out, size_t *len, const gd_doc *doc);

/* Rebuilds a document from its wire form. On failure *out is NULL and
 * `why` (may be NULL) says what was wrong, in one line. */
GD_EXTERN int gd_wire_decode(gd_doc **out, const uint8_t *data, size_t len, char *why,
                             size_t whylen);

#ifdef __cplusplus
}
#endif
#endif
