/* HTML reader: what each element means to the walker. */
#include "hr.h"

#include <string.h>

typedef struct tag {
    const char *name;
    hr_kind kind;
    unsigned style;
    int level;
} tag;

/* Sorted by name (binary search). */
static const tag tags[] = {
    {"a", HR_A, 0, 0},
    {"abbr", HR_INLINE, 0, 0},
    {"acronym", HR_INLINE, 0, 0},
    {"address", HR_BLOCK, GD_STYLE_ITALIC, 0},
    {"applet", HR_DROP, 0, 0},
    {"area", HR_DROP, 0, 0},
    {"article", HR_BLOCK, 0, 0},
    {"aside", HR_BLOCK, 0, 0},
    {"audio", HR_DROP, 0, 0},
    {"b", HR_INLINE, GD_STYLE_BOLD, 0},
    {"base", HR_DROP, 0, 0},
    {"big", HR_INLINE, 0, 0},
    {"blockquote", HR_QUOTE, 0, 0},
    {"body", HR_BLOCK, 0, 0},
    {"br", HR_BR, 0, 0},
    {"button", HR_DROP, 0, 0},
    {"canvas", HR_DROP, 0, 0},
    {"caption", HR_CAPTION, 0, 0},
    {"center", HR_BLOCK, 0, 0},
    {"cite", HR_INLINE, GD_STYLE_ITALIC, 0},
    {"code", HR_INLINE, GD_STYLE_CODE, 0},
    {"col", HR_DROP, 0, 0},
    {"colgroup", HR_DROP, 0, 0},
    {"datalist", HR_DROP, 0, 0},
    {"dd", HR_BLOCK, 0, 0},
    {"del", HR_INLINE, GD_STYLE_STRIKE, 0},
    {"details", HR_BLOCK, 0, 0},
    {"dfn", HR_INLINE, GD_STYLE_ITALIC, 0},
    {"dialog", HR_BLOCK, 0, 0},
    {"dir", HR_LIST, 0, 0},
    {"div", HR_BLOCK, 0, 0},
    {"dl", HR_BLOCK, 0, 0},
    {"dt", HR_BLOCK, 0, 0},
    {"em", HR_INLINE, GD_STYLE_ITALIC, 0},
    {"embed", HR_DROP, 0, 0},
    {"fieldset", HR_BLOCK, 0, 0},
    {"figcaption", HR_BLOCK, 0, 0},
    {"figure", HR_BLOCK, 0, 0},
    {"footer", HR_BLOCK, 0, 0},
    {"form", HR_BLOCK, 0, 0},
    {"frame", HR_DROP, 0, 0},
    {"frameset", HR_DROP, 0, 0},
    {"h1", HR_HEADING, 0, 1},
    {"h2", HR_HEADING, 0, 2},
    {"h3", HR_HEADING, 0, 3},
    {"h4", HR_HEADING, 0, 4},
    {"h5", HR_HEADING, 0, 5},
    {"h6", HR_HEADING, 0, 6},
    {"head", HR_DROP, 0, 0},
    {"header", HR_BLOCK, 0, 0},
    {"hgroup", HR_BLOCK, 0, 0},
    {"hr", HR_HR, 0, 0},
    {"html", HR_BLOCK, 0, 0},
    {"i", HR_INLINE, GD_STYLE_ITALIC, 0},
    {"iframe", HR_DROP, 0, 0},
    {"img", HR_IMG, 0, 0},
    {"input", HR_DROP, 0, 0},
    {"ins", HR_INLINE, GD_STYLE_UNDERLINE, 0},
    {"kbd", HR_INLINE, GD_STYLE_CODE, 0},
    {"legend", HR_BLOCK, 0, 0},
    {"li", HR_ITEM, 0, 0},
    {"link", HR_DROP, 0, 0},
    {"listing", HR_PRE, 0, 0},
    {"main", HR_BLOCK, 0, 0},
    {"map", HR_DROP, 0, 0},
    {"menu", HR_LIST, 0, 0},
    {"meta", HR_DROP, 0, 0},
    {"meter", HR_DROP, 0, 0},
    {"nav", HR_BLOCK, 0, 0},
    {"noembed", HR_DROP, 0, 0},
    {"noframes", HR_DROP, 0, 0},
    {"noscript", HR_DROP, 0, 0},
    {"object", HR_DROP, 0, 0},
    {"ol", HR_LIST, 0, 1},
    {"optgroup", HR_DROP, 0, 0},
    {"option", HR_DROP, 0, 0},
    {"output", HR_DROP, 0, 0},
    {"p", HR_P, 0, 0},
    {"param", HR_DROP, 0, 0},
    {"picture", HR_INLINE, 0, 0},
    {"plaintext", HR_PRE, 0, 0},
    {"pre", HR_PRE, 0, 0},
    {"progress", HR_DROP, 0, 0},
    {"rp", HR_DROP, 0, 0},
    {"rt", HR_DROP, 0, 0},
    {"s", HR_INLINE, GD_STYLE_STRIKE, 0},
    {"samp", HR_INLINE, GD_STYLE_CODE, 0},
    {"script", HR_DROP, 0, 0},
    {"section", HR_BLOCK, 0, 0},
    {"select", HR_DROP, 0, 0},
    {"source", HR_DROP, 0, 0},
    {"strike", HR_INLINE, GD_STYLE_STRIKE, 0},
    {"strong", HR_INLINE, GD_STYLE_BOLD, 0},
    {"style", HR_DROP, 0, 0},
    {"sub", HR_INLINE, GD_STYLE_SUBSCRIPT, 0},
    {"summary", HR_BLOCK, 0, 0},
    {"sup", HR_INLINE, GD_STYLE_SUPERSCRIPT, 0},
    {"svg", HR_DROP, 0, 0},
    {"table", HR_TABLE, 0, 0},
    {"tbody", HR_TSECTION, 0, 0},
    {"td", HR_CELL, 0, 0},
    {"template", HR_DROP, 0, 0},
    {"textarea", HR_DROP, 0, 0},
    {"tfoot", HR_TSECTION, 0, 0},
    {"th", HR_CELL, 0, 1},
    {"thead", HR_TSECTION, 0, 1},
    {"title", HR_DROP, 0, 0},
    {"tr", HR_ROW, 0, 0},
    {"track", HR_DROP, 0, 0},
    {"tt", HR_INLINE, GD_STYLE_CODE, 0},
    {"u", HR_INLINE, GD_STYLE_UNDERLINE, 0},
    {"ul", HR_LIST, 0, 0},
    {"var", HR_INLINE, GD_STYLE_ITALIC, 0},
    {"video", HR_DROP, 0, 0},
    {"xml", HR_DROP, 0, 0},
    {"xmp", HR_PRE, 0, 0},
};

hr_kind hr_element_kind(xmlNodePtr n, int *level, unsigned *style_bits)
{
    *level = 0;
    *style_bits = 0;
    if (!n || n->type != XML_ELEMENT_NODE || !n->name) return HR_DROP;
    /* Office namespaces (o:p, st1:chsdate, w:sdt): their text is content,
     * except VML drawings, which duplicate a fallback <img>. */
    if (n->ns && n->ns->prefix) {
        const char *pfx = (const char *)n->ns->prefix;
        return strcmp(pfx, "v") == 0 ? HR_DROP : HR_INLINE;
    }
    const char *name = (const char *)n->name;
    size_t lo = 0, hi = sizeof tags / sizeof *tags;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        int c = strcmp(name, tags[mid].name);
        if (c == 0) {
            *level = tags[mid].level;
            *style_bits = tags[mid].style;
            return tags[mid].kind;
        }
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return HR_INLINE;
}

const char *hr_attr(xmlNodePtr n, const char *name)
{
    for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next) {
        if (!a->name || strcmp((const char *)a->name, name) != 0) continue;
        /* The HTML parser gives every attribute one text child. */
        if (a->children && a->children->content) return (const char *)a->children->content;
        return "";
    }
    return NULL;
}

bool hr_is_block_kind(hr_kind k)
{
    switch (k) {
    case HR_BLOCK:
    case HR_P:
    case HR_HEADING:
    case HR_LIST:
    case HR_ITEM:
    case HR_TABLE:
    case HR_TSECTION:
    case HR_ROW:
    case HR_CELL:
    case HR_CAPTION:
    case HR_QUOTE:
    case HR_PRE:
    case HR_HR: return true;
    default: return false;
    }
}

xmlNodePtr hr_find_element(xmlNodePtr root, const char *name)
{
    /* Descendants in document order, without recursion. */
    xmlNodePtr n = root ? root->children : NULL;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && n->name && strcmp((const char *)n->name, name) == 0)
            return n;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (!n->next) {
            n = n->parent;
            if (!n || n == root) return NULL;
        }
        n = n->next;
    }
    return NULL;
}
