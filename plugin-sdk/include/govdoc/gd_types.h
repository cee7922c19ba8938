/* govdoc — types shared by the core API and the plugin SDK.
 *
 * Everything numbered here is part of the ABI: values are fixed, never
 * reused and never renumbered; new ones are appended. */
#ifndef GOVDOC_GD_TYPES_H
#define GOVDOC_GD_TYPES_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(GD_BUILDING_CORE) && defined(__GNUC__)
#define GD_EXTERN __attribute__((visibility("default")))
#else
#define GD_EXTERN
#endif

#if defined(__GNUC__)
#define GD_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define GD_PRINTF(f, a)
#endif

/* ABI of the plugin interface. A plugin built against major M, minor m loads
 * into a core of major M and minor >= m (see plugin-sdk/ABI.md). */
#define GD_ABI_MAJOR 1
#define GD_ABI_MINOR 3

/* Version of the JSON form of the IR ("govdoc" key of the JSON output). */
#define GD_JSON_VERSION "1.0"

/* Return codes. 0 is success; errors are negative. */
typedef enum gd_error_code {
    GD_OK = 0,
    GD_ERROR = -1,         /* generic failure */
    GD_ENOMEM = -2,        /* out of memory */
    GD_EIO = -3,           /* read or write failed */
    GD_EFORMAT = -4,       /* malformed input */
    GD_ENOTSUPPORTED = -5, /* valid input that this build cannot handle */
    GD_ELIMIT = -6,        /* a size, depth or count limit was reached */
    GD_EABI = -7,          /* plugin ABI mismatch */
    GD_EUSER = -8,         /* bad option or argument */
    GD_ENOTFOUND = -9,     /* no such file, format or plugin */
} gd_error_code;

/* Node kinds. Blocks are numbered from 1, inlines from 32. */
typedef enum gd_node_type {
    GD_NODE_NONE = 0,
    GD_NODE_DOCUMENT = 1,
    GD_NODE_PARAGRAPH = 2,
    GD_NODE_HEADING = 3, /* level 1..6 */
    GD_NODE_LIST = 4,    /* ordered or bullet; children: ITEM */
    GD_NODE_ITEM = 5,    /* children: blocks */
    GD_NODE_TABLE = 6,   /* children: ROW */
    GD_NODE_ROW = 7,     /* children: CELL; header flag = repeat on each page */
    GD_NODE_CELL = 8,    /* children: blocks; rowspan, colspan, header flag */
    GD_NODE_PAGE_BREAK = 9,
    GD_NODE_THEMATIC_BREAK = 10,
    GD_NODE_BLOCK_QUOTE = 11,
    GD_NODE_CODE_BLOCK = 12, /* children: TEXT, LINE_BREAK */
    GD_NODE_DIV = 13,        /* generic block container (attr "class") */
    GD_NODE_TEXT = 32,       /* UTF-8 with style bits */
    GD_NODE_LINE_BREAK = 33,
    GD_NODE_LINK = 34,  /* url; children: inlines */
    GD_NODE_IMAGE = 35, /* url = resource id or external URL; attr "alt" */
    GD_NODE_NOTE = 36,  /* footnote/endnote; children: blocks */
} gd_node_type;

#define GD_NODE_FIRST_INLINE 32

/* Style bits of a TEXT node. */
enum {
    GD_STYLE_BOLD = 1u << 0,
    GD_STYLE_ITALIC = 1u << 1,
    GD_STYLE_UNDERLINE = 1u << 2,
    GD_STYLE_STRIKE = 1u << 3,
    GD_STYLE_SUPERSCRIPT = 1u << 4,
    GD_STYLE_SUBSCRIPT = 1u << 5,
    GD_STYLE_CODE = 1u << 6,
};

/* Iterator events (cmark style). */
typedef enum gd_event {
    GD_EVENT_NONE = 0,
    GD_EVENT_DONE = 1,
    GD_EVENT_ENTER = 2,
    GD_EVENT_EXIT = 3,
} gd_event;

/* Diagnostic severities. */
typedef enum gd_severity {
    GD_SEV_INFO = 0,
    GD_SEV_WARNING = 1,
    GD_SEV_ERROR = 2,
} gd_severity;

/* Content probe scores (GStreamer's scale). */
enum {
    GD_PROBE_NONE = 0,
    GD_PROBE_MINIMUM = 1,
    GD_PROBE_POSSIBLE = 50,
    GD_PROBE_LIKELY = 80,
    GD_PROBE_NEARLY_CERTAIN = 99,
    GD_PROBE_MAXIMUM = 100,
};

/* Opaque objects. All IR objects are owned by their gd_doc. */
typedef struct gd_doc gd_doc;
typedef struct gd_node gd_node;
typedef struct gd_builder gd_builder;
typedef struct gd_iter gd_iter;
typedef struct gd_table_grid gd_table_grid;
typedef struct gd_ctx gd_ctx;
typedef struct gd_sink gd_sink;
typedef struct gd_report gd_report;

#ifdef __cplusplus
}
#endif
#endif
