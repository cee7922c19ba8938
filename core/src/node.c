/* Nodes: kinds, the containment rule, getters and setters. */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const type_names[] = {
    [GD_NODE_NONE] = "none",
    [GD_NODE_DOCUMENT] = "document",
    [GD_NODE_PARAGRAPH] = "paragraph",
    [GD_NODE_HEADING] = "heading",
    [GD_NODE_LIST] = "list",
    [GD_NODE_ITEM] = "item",
    [GD_NODE_TABLE] = "table",
    [GD_NODE_ROW] = "row",
    [GD_NODE_CELL] = "cell",
    [GD_NODE_PAGE_BREAK] = "page_break",
    [GD_NODE_THEMATIC_BREAK] = "thematic_break",
    [GD_NODE_BLOCK_QUOTE] = "block_quote",
    [GD_NODE_CODE_BLOCK] = "code_block",
    [GD_NODE_DIV] = "div",
    [GD_NODE_TEXT] = "text",
    [GD_NODE_LINE_BREAK] = "line_break",
    [GD_NODE_LINK] = "link",
    [GD_NODE_IMAGE] = "image",
    [GD_NODE_NOTE] = "note",
};

bool gd__type_valid(int type)
{
    return type > 0 && type < (int)(sizeof type_names / sizeof *type_names) && type_names[type];
}

const char *gd_node_type_name(gd_node_type type)
{
    return gd__type_valid((int)type) ? type_names[type] : "unknown";
}

int gd_node_is_block(gd_node_type type)
{
    return gd__type_valid((int)type) && type < GD_NODE_FIRST_INLINE;
}

static bool holds_blocks(gd_node_type t)
{
    return t == GD_NODE_DOCUMENT || t == GD_NODE_ITEM || t == GD_NODE_CELL ||
           t == GD_NODE_BLOCK_QUOTE || t == GD_NODE_DIV || t == GD_NODE_NOTE;
}

static bool holds_inlines(gd_node_type t)
{
    return t == GD_NODE_PARAGRAPH || t == GD_NODE_HEADING || t == GD_NODE_LINK;
}

/* The one containment rule (cmark's S_can_contain): no API call can build a
 * tree that breaks it. Nested notes and links are refused by the callers,
 * which know the ancestors. */
int gd_node_can_contain(gd_node_type parent, gd_node_type child)
{
    if (!gd__type_valid((int)parent) || !gd__type_valid((int)child)) return 0;
    if (child == GD_NODE_DOCUMENT) return 0;
    switch (parent) {
    case GD_NODE_LIST: return child == GD_NODE_ITEM;
    case GD_NODE_TABLE: return child == GD_NODE_ROW;
    case GD_NODE_ROW: return child == GD_NODE_CELL;
    case GD_NODE_CODE_BLOCK: return child == GD_NODE_TEXT || child == GD_NODE_LINE_BREAK;
    default: break;
    }
    if (holds_blocks(parent))
        return gd_node_is_block(child) && child != GD_NODE_ITEM && child != GD_NODE_ROW &&
               child != GD_NODE_CELL;
    if (holds_inlines(parent))
        return !gd_node_is_block(child) && !(parent == GD_NODE_LINK && child == GD_NODE_LINK);
    return 0;
}

gd_node *gd__node_alloc(gd_doc *doc, gd_node_type type)
{
    if (doc->node_count >= doc->node_limit) return NULL;
    gd_node *n = gd__arena_alloc(&doc->arena, sizeof *n);
    if (!n) return NULL;
    n->type = (uint16_t)type;
    n->doc = doc;
    if (type == GD_NODE_CELL) n->a = n->b = 1;
    if (type == GD_NODE_HEADING) n->a = 1;
    if (type == GD_NODE_LIST) n->b = 1;
    doc->node_count++;
    return n;
}

gd_node *gd_node_new(gd_doc *doc, gd_node_type type)
{
    if (!doc || !gd__type_valid((int)type) || type == GD_NODE_DOCUMENT) return NULL;
    return gd__node_alloc(doc, type);
}

void gd__node_append(gd_node *parent, gd_node *child)
{
    child->parent = parent;
    child->prev = parent->last;
    child->next = NULL;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
}

static bool has_ancestor(const gd_node *n, gd_node_type type)
{
    for (; n; n = n->parent)
        if (n->type == type) return true;
    return false;
}

int gd_node_append_child(gd_node *parent, gd_node *child)
{
    if (!parent || !child || child->parent || parent->doc != child->doc) return GD_EUSER;
    if (!gd_node_can_contain(parent->type, child->type)) return GD_EFORMAT;
    if (child->type == GD_NODE_NOTE && has_ancestor(parent, GD_NODE_NOTE)) return GD_EFORMAT;
    if (child->type == GD_NODE_LINK && has_ancestor(parent, GD_NODE_LINK)) return GD_EFORMAT;
    gd__node_append(parent, child);
    return GD_OK;
}

int gd_node_set_text(gd_node *n, const char *utf8, size_t len)
{
    if (!n || n->type != GD_NODE_TEXT || (!utf8 && len)) return GD_EUSER;
    size_t out_len = 0;
    char *t = gd__arena_utf8(&n->doc->arena, utf8 ? utf8 : "", len, &out_len);
    if (!t) return GD_ENOMEM;
    n->text = t;
    n->len = out_len;
    return GD_OK;
}

int gd_node_set_style(gd_node *n, unsigned style)
{
    if (!n || n->type != GD_NODE_TEXT) return GD_EUSER;
    n->style = (uint16_t)style;
    return GD_OK;
}

int gd_node_set_level(gd_node *n, int level)
{
    if (!n || n->type != GD_NODE_HEADING) return GD_EUSER;
    n->a = level < 1 ? 1 : level > 6 ? 6 : level;
    return GD_OK;
}

int gd_node_set_list(gd_node *n, int ordered, int start)
{
    if (!n || n->type != GD_NODE_LIST) return GD_EUSER;
    n->a = ordered ? 1 : 0;
    n->b = start;
    return GD_OK;
}

int gd_node_set_span(gd_node *n, int rowspan, int colspan)
{
    if (!n || n->type != GD_NODE_CELL) return GD_EUSER;
    /* Clamped again against the grid when the table is normalised. */
    n->a = rowspan < 1 ? 1 : rowspan > 65535 ? 65535 : rowspan;
    n->b = colspan < 1 ? 1 : colspan > GD_MAX_SPAN ? GD_MAX_SPAN : colspan;
    return GD_OK;
}

int gd_node_set_header(gd_node *n, int header)
{
    if (!n || (n->type != GD_NODE_CELL && n->type != GD_NODE_ROW)) return GD_EUSER;
    n->header = header ? 1 : 0;
    return GD_OK;
}

int gd_node_set_url(gd_node *n, const char *url)
{
    if (!n || (n->type != GD_NODE_LINK && n->type != GD_NODE_IMAGE)) return GD_EUSER;
    n->text = url ? gd__arena_utf8(&n->doc->arena, url, strlen(url), &n->len) : NULL;
    if (url && !n->text) return GD_ENOMEM;
    if (!url) n->len = 0;
    return GD_OK;
}

const char *gd__attr_get(const gd_attr *a, const char *key)
{
    for (; a; a = a->next)
        if (strcmp(a->key, key) == 0) return a->value;
    return NULL;
}

int gd_node_set_attr(gd_node *n, const char *key, const char *value)
{
    if (!n || !key || !*key) return GD_EUSER;
    gd_attr **link = &n->attrs;
    for (; *link; link = &(*link)->next) {
        if (strcmp((*link)->key, key) != 0) continue;
        if (!value) {
            *link = (*link)->next;
            return GD_OK;
        }
        const char *v = gd__arena_utf8(&n->doc->arena, value, strlen(value), NULL);
        if (!v) return GD_ENOMEM;
        (*link)->value = v;
        return GD_OK;
    }
    if (!value) return GD_OK;
    gd_attr *a = gd__arena_alloc(&n->doc->arena, sizeof *a);
    if (!a) return GD_ENOMEM;
    a->key = gd__arena_strdup(&n->doc->arena, key);
    a->value = gd__arena_utf8(&n->doc->arena, value, strlen(value), NULL);
    if (!a->key || !a->value) return GD_ENOMEM;
    *link = a; /* appended: attribute order is insertion order */
    return GD_OK;
}

gd_node_type gd_node_get_type(const gd_node *n)
{
    return n ? (gd_node_type)n->type : GD_NODE_NONE;
}

const gd_node *gd_node_parent(const gd_node *n)
{
    return n ? n->parent : NULL;
}
const gd_node *gd_node_first_child(const gd_node *n)
{
    return n ? n->first : NULL;
}
const gd_node *gd_node_last_child(const gd_node *n)
{
    return n ? n->last : NULL;
}
const gd_node *gd_node_next(const gd_node *n)
{
    return n ? n->next : NULL;
}
const gd_node *gd_node_prev(const gd_node *n)
{
    return n ? n->prev : NULL;
}

const char *gd_node_text(const gd_node *n, size_t *len)
{
    if (!n || n->type != GD_NODE_TEXT) {
        if (len) *len = 0;
        return NULL;
    }
    if (len) *len = n->len;
    return n->text ? n->text : "";
}

unsigned gd_node_style(const gd_node *n)
{
    return n && n->type == GD_NODE_TEXT ? n->style : 0;
}
int gd_node_level(const gd_node *n)
{
    return n && n->type == GD_NODE_HEADING ? n->a : 0;
}
int gd_node_list_ordered(const gd_node *n)
{
    return n && n->type == GD_NODE_LIST ? n->a : 0;
}
int gd_node_list_start(const gd_node *n)
{
    return n && n->type == GD_NODE_LIST ? n->b : 0;
}
int gd_node_rowspan(const gd_node *n)
{
    return n && n->type == GD_NODE_CELL ? n->a : 0;
}
int gd_node_colspan(const gd_node *n)
{
    return n && n->type == GD_NODE_CELL ? n->b : 0;
}
int gd_node_header(const gd_node *n)
{
    return n && (n->type == GD_NODE_CELL || n->type == GD_NODE_ROW) ? n->header : 0;
}
const char *gd_node_url(const gd_node *n)
{
    return n && (n->type == GD_NODE_LINK || n->type == GD_NODE_IMAGE) ? n->text : NULL;
}
const char *gd_node_attr(const gd_node *n, const char *key)
{
    return n && key ? gd__attr_get(n->attrs, key) : NULL;
}

size_t gd_node_attr_count(const gd_node *n)
{
    size_t c = 0;
    for (const gd_attr *a = n ? n->attrs : NULL; a; a = a->next) c++;
    return c;
}

int gd_node_attr_at(const gd_node *n, size_t i, const char **key, const char **value)
{
    for (const gd_attr *a = n ? n->attrs : NULL; a; a = a->next, i--) {
        if (i == 0) {
            if (key) *key = a->key;
            if (value) *value = a->value;
            return GD_OK;
        }
    }
    return GD_ENOTFOUND;
}

uint32_t gd_node_line(const gd_node *n)
{
    return n ? n->line : 0;
}

/* ---- plain text of a subtree ---- */
typedef struct strbuf {
    char *p;
    size_t len, cap;
    bool oom;
} strbuf;

static void sb_put(strbuf *b, const char *s, size_t n)
{
    if (b->oom) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n + 1) cap *= 2;
        /* charged, like every buffer of the core that plugins gd_free: an
         * uncharged block released with gd_free would let the count drift
         * low (the report code's free() of these only lets it drift high,
         * by at most the text of a document small enough to recognise) */
        char *p = gd_mem_realloc(b->p, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

char *gd_node_text_dup(const gd_node *root)
{
    strbuf b = {0};
    sb_put(&b, "", 0);
    gd_iter *it = NULL;
    if (!root || gd_iter_new(&it, root) != GD_OK) return b.p;
    gd_event ev;
    while ((ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        const gd_node *n = gd_iter_node(it);
        if (ev == GD_EVENT_ENTER) {
            if (n->type == GD_NODE_TEXT)
                sb_put(&b, n->text, n->len);
            else if (n->type == GD_NODE_LINE_BREAK)
                sb_put(&b, "\n", 1);
        } else if (ev == GD_EVENT_EXIT && n != root && gd_node_is_block(n->type) &&
                   n->type != GD_NODE_ROW && n->type != GD_NODE_CELL && b.len &&
                   b.p[b.len - 1] != '\n') {
            sb_put(&b, "\n", 1);
        } else if (ev == GD_EVENT_EXIT && n != root && n->type == GD_NODE_CELL && b.len &&
                   b.p[b.len - 1] != '\n' && b.p[b.len - 1] != '\t') {
            sb_put(&b, "\t", 1);
        }
    }
    gd_iter_free(it);
    if (b.oom) {
        gd_free(b.p);
        return NULL;
    }
    while (b.len && (b.p[b.len - 1] == '\n' || b.p[b.len - 1] == '\t')) b.p[--b.len] = 0;
    return b.p;
}

/* Deep copy of a subtree into `doc` (the same or another document's
 * arena), iteratively. */
gd_node *gd__node_clone(gd_doc *doc, const gd_node *src)
{
    gd_node *root = NULL, *parent = NULL;
    gd_iter *it;
    if (gd_iter_new(&it, src) != GD_OK) return NULL;
    gd_event ev;
    bool bad = false;
    while (!bad && (ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        const gd_node *n = gd_iter_node(it);
        if (ev == GD_EVENT_EXIT) {
            if (n != src && parent) parent = parent->parent;
            continue;
        }
        gd_node *c = gd__node_alloc(doc, (gd_node_type)n->type);
        if (!c) {
            bad = true;
            break;
        }
        c->style = n->style;
        c->a = n->a;
        c->b = n->b;
        c->header = n->header;
        c->line = n->line;
        if (n->text) {
            c->text = gd__arena_strndup(&doc->arena, n->text, n->len);
            c->len = n->len;
            bad = !c->text;
        }
        for (const gd_attr *a = n->attrs; a && !bad; a = a->next)
            bad = gd_node_set_attr(c, a->key, a->value) != GD_OK;
        if (!root)
            root = c;
        else
            gd__node_append(parent, c);
        parent = c; /* children of n go under c; EXIT climbs back */
    }
    gd_iter_free(it);
    return bad ? NULL : root;
}
