/* The builder: readers open and close nodes; it keeps the tree valid.
 *
 * - containment comes from gd_node_can_contain();
 * - what is missing in between is supplied as an implicit node (text in a
 *   cell gets a paragraph, a cell in a table a row, an item a list), and
 *   implicit nodes close by themselves;
 * - a block opened inside a paragraph, heading or link ends them early (as
 *   HTML does); their own close calls are then accepted and ignored;
 * - a link inside a link or a note inside a note is flattened into it;
 * - any other unbalanced close is an error, as are too deep nesting and too
 *   many nodes. Errors are sticky. */
#include "internal.h"

#include <string.h>

typedef struct frame {
    gd_node *node;
    bool implicit;
    bool ghost;        /* a flattened nested link/note: no node of its own */
    gd_node_type type; /* type of `node` */
    gd_node_type tag;  /* what close() names: type, or LINK/NOTE for a ghost */
} frame;

struct gd_builder {
    gd_doc *doc;
    gd_ctx *ctx;
    frame stack[GD_MAX_DEPTH + 1];
    int depth; /* stack[0] is the document */
    int error;
    unsigned detached[GD_NODE_NOTE + 1];
    int links, notes;
    const char *font;
    uint32_t line;
    gd_node *text; /* last text node, while it can grow */
    size_t text_cap;
};

static int fail(gd_builder *b, int code, const char *fmt, ...) GD_PRINTF(3, 4);
static int fail(gd_builder *b, int code, const char *fmt, ...)
{
    if (b->error) return b->error;
    va_list ap;
    va_start(ap, fmt);
    if (b->ctx) gd_ctx_errorv(b->ctx, code, fmt, ap);
    va_end(ap);
    b->error = code;
    return code;
}

int gd_builder_new(gd_builder **out, gd_ctx *ctx, gd_doc *doc)
{
    *out = NULL;
    if (!doc) return GD_EUSER;
    gd_builder *b = gd__arena_alloc(&doc->arena, sizeof *b);
    if (!b) return GD_ENOMEM;
    b->doc = doc;
    b->ctx = ctx;
    b->stack[0].node = doc->root;
    b->stack[0].type = b->stack[0].tag = GD_NODE_DOCUMENT;
    *out = b;
    return GD_OK;
}

static bool holds_blocks(gd_node_type t)
{
    return gd_node_can_contain(t, GD_NODE_PARAGRAPH);
}

static gd_node_type wrapper_for(gd_node_type parent, gd_node_type child)
{
    if (parent == GD_NODE_LIST) return GD_NODE_ITEM;
    if (parent == GD_NODE_TABLE) return GD_NODE_ROW;
    if (parent == GD_NODE_ROW) return GD_NODE_CELL;
    if (holds_blocks(parent)) {
        if (!gd_node_is_block(child)) return GD_NODE_PARAGRAPH;
        if (child == GD_NODE_ITEM) return GD_NODE_LIST;
        if (child == GD_NODE_ROW || child == GD_NODE_CELL) return GD_NODE_TABLE;
    }
    return GD_NODE_NONE;
}

static bool inline_container(gd_node_type t)
{
    return t == GD_NODE_PARAGRAPH || t == GD_NODE_HEADING || t == GD_NODE_LINK;
}

static int pop(gd_builder *b)
{
    frame *f = &b->stack[b->depth];
    b->depth--;
    b->text = NULL;
    if (f->ghost) return GD_OK;
    if (f->type == GD_NODE_LINK) b->links--;
    if (f->type == GD_NODE_NOTE) b->notes--;
    if (f->type == GD_NODE_TABLE) {
        int rc = gd_table_normalize(f->node);
        if (rc == GD_ELIMIT)
            return fail(b, rc, "table larger than %u cells", (unsigned)GD_MAX_GRID_SLOTS);
        if (rc) return fail(b, rc, "cannot normalise table");
    }
    return GD_OK;
}

static int push(gd_builder *b, gd_node_type type, bool implicit, gd_node **out)
{
    if (b->depth >= GD_MAX_DEPTH)
        return fail(b, GD_ELIMIT, "nesting deeper than %d levels", GD_MAX_DEPTH);
    gd_node *n = gd__node_alloc(b->doc, type);
    if (!n) {
        if (b->doc->node_count >= b->doc->node_limit)
            return fail(b, GD_ELIMIT, "more than %zu nodes", b->doc->node_limit);
        return fail(b, GD_ENOMEM, "out of memory");
    }
    n->line = b->line;
    gd__node_append(b->stack[b->depth].node, n);
    frame *f = &b->stack[++b->depth];
    f->node = n;
    f->type = f->tag = type;
    f->implicit = implicit;
    f->ghost = false;
    if (type == GD_NODE_LINK) b->links++;
    if (type == GD_NODE_NOTE) b->notes++;
    b->text = NULL;
    if (out) *out = n;
    return GD_OK;
}

/* Makes the top of the stack able to take a `type` child: end implicit
 * nodes left open that cannot hold it, supply the missing wrappers (text
 * in a table: row, cell, paragraph), end inline containers a block appears
 * in. Frames above `base` were pushed by this call. */
static int place(gd_builder *b, gd_node_type type)
{
    int base = b->depth;
    for (int guard = 0; guard < GD_MAX_DEPTH * 2; guard++) {
        frame *top = &b->stack[b->depth];
        if (gd_node_can_contain(top->type, type)) return GD_OK;
        gd_node_type w = wrapper_for(top->type, type);
        if (top->implicit && (b->depth <= base || w == GD_NODE_NONE)) {
            int rc = pop(b);
            if (rc) return rc;
            if (b->depth < base) base = b->depth;
            continue;
        }
        if (w != GD_NODE_NONE) {
            int rc = push(b, w, true, NULL);
            if (rc) return rc;
            continue;
        }
        if (gd_node_is_block(type) && inline_container(top->type) && b->depth > 0) {
            b->detached[top->tag]++;
            int rc = pop(b);
            if (rc) return rc;
            if (b->depth < base) base = b->depth;
            continue;
        }
        return fail(b, GD_EFORMAT, "a %s cannot be placed in a %s", gd_node_type_name(type),
                    gd_node_type_name(top->type));
    }
    return fail(b, GD_EFORMAT, "cannot place a %s", gd_node_type_name(type));
}

int gd_builder_open(gd_builder *b, gd_node_type type, gd_node **node_out)
{
    if (node_out) *node_out = NULL;
    if (!b) return GD_EUSER;
    if (b->error) return b->error;
    if (!gd__type_valid((int)type) || type == GD_NODE_DOCUMENT)
        return fail(b, GD_EUSER, "cannot open a node of type %d", (int)type);
    if ((type == GD_NODE_LINK && b->links) || (type == GD_NODE_NOTE && b->notes)) {
        if (b->depth >= GD_MAX_DEPTH)
            return fail(b, GD_ELIMIT, "nesting deeper than %d levels", GD_MAX_DEPTH);
        frame *f = &b->stack[++b->depth];
        *f = b->stack[b->depth - 1];
        f->ghost = true;
        f->implicit = false;
        f->tag = type;
        return GD_OK;
    }
    int rc = place(b, type);
    if (rc) return rc;
    return push(b, type, false, node_out);
}

int gd_builder_close(gd_builder *b, gd_node_type type)
{
    if (!b) return GD_EUSER;
    if (b->error) return b->error;
    while (b->depth > 0 && b->stack[b->depth].implicit && b->stack[b->depth].tag != type) {
        int rc = pop(b);
        if (rc) return rc;
    }
    frame *top = &b->stack[b->depth];
    if (b->depth > 0 && top->tag == type) {
        /* an implicit continuation of a detached node ends with it */
        if (top->implicit && type <= GD_NODE_NOTE && b->detached[type]) b->detached[type]--;
        return pop(b);
    }
    if (gd__type_valid((int)type) && type <= GD_NODE_NOTE && b->detached[type]) {
        b->detached[type]--;
        return GD_OK;
    }
    return fail(b, GD_EFORMAT, "unbalanced close of %s while %s is open", gd_node_type_name(type),
                gd_node_type_name(top->tag));
}

int gd_builder_leaf(gd_builder *b, gd_node_type type, gd_node **node_out)
{
    int rc = gd_builder_open(b, type, node_out);
    if (rc) return rc;
    return gd_builder_close(b, type);
}

static bool same_font(const char *a, const char *b)
{
    return a == b || (a && b && strcmp(a, b) == 0);
}

int gd_builder_text(gd_builder *b, const char *utf8, size_t len, unsigned style)
{
    if (!b) return GD_EUSER;
    if (b->error) return b->error;
    if (!utf8 || !len) return GD_OK;
    gd_arena *a = &b->doc->arena;
    bool repaired = false;
    if (!gd_utf8_valid(utf8, len) || memchr(utf8, 0, len)) {
        repaired = true;
        utf8 = gd__arena_utf8(a, utf8, len, &len);
        if (!utf8) return fail(b, GD_ENOMEM, "out of memory");
        if (!len) return GD_OK;
    }
    int rc = place(b, GD_NODE_TEXT);
    if (rc) return rc;
    gd_node *parent = b->stack[b->depth].node;
    gd_node *t = b->text;
    if (t && parent->last == t && t->style == style &&
        same_font(gd__attr_get(t->attrs, "font"), b->font)) {
        size_t need = t->len + len + 1;
        if (need > b->text_cap) {
            /* In place when the text is the arena's last allocation (runs
             * and lines appended one after the other) or has a block of
             * its own; else a copy of twice the size, so merged runs cost
             * at most twice their size and no per-node free is needed. */
            char *p = gd__arena_grow(a, (char *)t->text, b->text_cap, need);
            size_t cap = need;
            if (!p) {
                cap = b->text_cap * 2;
                while (cap < need) cap *= 2;
                p = gd__arena_alloc_raw(a, cap);
                if (!p) return fail(b, GD_ENOMEM, "out of memory");
                memcpy(p, t->text, t->len);
            }
            t->text = p;
            b->text_cap = cap;
        }
        memcpy((char *)t->text + t->len, utf8, len);
        t->len += len;
        ((char *)t->text)[t->len] = 0;
        return GD_OK;
    }
    rc = push(b, GD_NODE_TEXT, false, &t);
    if (rc) return rc;
    b->depth--; /* a leaf: attached, never on the stack */
    /* Exactly what it needs: most text is never appended to, and a merge
     * doubles it then (a line per node must not cost 64 bytes a line). */
    size_t cap = len + 1;
    char *p;
    if (repaired) { /* already a copy in the arena */
        p = (char *)utf8;
    } else {
        p = gd__arena_alloc_raw(a, cap);
        if (!p) return fail(b, GD_ENOMEM, "out of memory");
        memcpy(p, utf8, len);
        p[len] = 0;
    }
    t->text = p;
    t->len = len;
    t->style = (uint16_t)style;
    if (b->font && gd_node_set_attr(t, "font", b->font) != GD_OK)
        return fail(b, GD_ENOMEM, "out of memory");
    b->text = t;
    b->text_cap = cap;
    return GD_OK;
}

int gd_builder_set_font(gd_builder *b, const char *font)
{
    if (!b) return GD_EUSER;
    if (same_font(font, b->font)) return GD_OK;
    if (!font || !*font) {
        b->font = NULL;
        return GD_OK;
    }
    b->font = gd__arena_utf8(&b->doc->arena, font, strlen(font), NULL);
    return b->font ? GD_OK : fail(b, GD_ENOMEM, "out of memory");
}

void gd_builder_set_line(gd_builder *b, uint32_t line)
{
    if (b) b->line = line;
}

gd_node *gd_builder_current(gd_builder *b)
{
    return b && !b->stack[b->depth].ghost ? b->stack[b->depth].node : NULL;
}

int gd_builder_depth(const gd_builder *b)
{
    return b ? b->depth : 0;
}

gd_node *gd__builder_take_text(gd_builder *b)
{
    gd_node *t = b ? b->text : NULL;
    if (b) b->text = NULL;
    return t;
}

int gd_builder_finish(gd_builder *b)
{
    if (!b) return GD_EUSER;
    if (b->error) return b->error;
    while (b->depth > 0) {
        frame *top = &b->stack[b->depth];
        if (!top->implicit && !top->ghost && b->ctx)
            gd_ctx_warn(b->ctx, "unclosed %s closed at end of document",
                        gd_node_type_name(top->tag));
        int rc = pop(b);
        if (rc) return rc;
    }
    return GD_OK;
}
