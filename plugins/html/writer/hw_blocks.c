/* Blocks and inlines: one ENTER/EXIT switch over the core's iterator (no
 * recursion over the tree; tables and notes, which need look-ahead, are
 * handed to their own files). */
#include "hw.h"

#include <string.h>

/* Inline style tags, outermost first; a run of text opens them in this
 * order, so the set of open tags is always a prefix-ordered stack. */
static const struct {
    unsigned bit;
    const char *open, *close;
} style_tags[] = {
    {GD_STYLE_BOLD, "<strong>", "</strong>"},  {GD_STYLE_ITALIC, "<em>", "</em>"},
    {GD_STYLE_UNDERLINE, "<u>", "</u>"},       {GD_STYLE_STRIKE, "<del>", "</del>"},
    {GD_STYLE_SUPERSCRIPT, "<sup>", "</sup>"}, {GD_STYLE_SUBSCRIPT, "<sub>", "</sub>"},
    {GD_STYLE_CODE, "<code>", "</code>"},
};
#define NSTYLES (sizeof style_tags / sizeof *style_tags)

/* Moves from the open tags to those of `want`, keeping the longest common
 * prefix open so adjacent runs of one style make one element. */
static void styles_to(hw *w, unsigned want)
{
    size_t keep = 0;
    while (keep < NSTYLES) {
        unsigned b = style_tags[keep].bit;
        if ((w->open_styles & b) != (want & b)) break;
        keep++;
    }
    for (size_t i = NSTYLES; i-- > keep;)
        if (w->open_styles & style_tags[i].bit) hw_puts(w, style_tags[i].close);
    for (size_t i = keep; i < NSTYLES; i++)
        if (want & style_tags[i].bit) hw_puts(w, style_tags[i].open);
    w->open_styles = want;
}

/* Keeps the open tags that `want` has, up to the first it has not; opens
 * nothing (for white space, which alone would make an empty element). */
static void styles_trim(hw *w, unsigned want)
{
    unsigned keep = 0;
    for (size_t i = 0; i < NSTYLES; i++) {
        unsigned b = style_tags[i].bit;
        if (!(w->open_styles & b)) continue;
        if (!(want & b)) break;
        keep |= b;
    }
    styles_to(w, keep);
}

void hw_styles_close(hw *w)
{
    styles_to(w, 0);
}

bool hw_has_content(hw *w, const gd_node *n)
{
    gd_iter *it;
    if (gd_iter_new(&it, n) != GD_OK) return true; /* draw it; the writer reports OOM */
    bool found = false;
    gd_event ev;
    while (!found && (ev = gd_iter_next(it)) != GD_EVENT_DONE && ev != GD_EVENT_NONE) {
        if (ev != GD_EVENT_ENTER) continue;
        const gd_node *c = gd_iter_node(it);
        size_t len;
        const char *s;
        switch (gd_node_get_type(c)) {
        case GD_NODE_TEXT:
            s = gd_node_text(c, &len);
            found = s && hw_text_visible(s, len, true);
            break;
        case GD_NODE_IMAGE: found = hw_image_shows(w, c); break;
        case GD_NODE_TABLE:
        case GD_NODE_CODE_BLOCK:
        case GD_NODE_LINE_BREAK:
        case GD_NODE_NOTE:
        case GD_NODE_PAGE_BREAK:
        case GD_NODE_THEMATIC_BREAK: found = true; break;
        default: break;
        }
    }
    gd_iter_free(it);
    return found;
}

/* A paragraph that is the only block of a cell or list item is drawn
 * without <p>, as pandoc does for "plain" blocks. */
static bool bare_para(const gd_node *p)
{
    const gd_node *parent = gd_node_parent(p);
    if (!parent || gd_node_prev(p) || gd_node_next(p)) return false;
    gd_node_type t = gd_node_get_type(parent);
    return t == GD_NODE_CELL || t == GD_NODE_ITEM;
}

static void align_attr(hw *w, const gd_node *n)
{
    const char *a = gd_node_attr(n, "align");
    if (!a) return;
    static const char *const ok[] = {"left", "center", "right", "justify"};
    for (size_t i = 0; i < 4; i++)
        if (strcmp(a, ok[i]) == 0) hw_printf(w, " style=\"text-align: %s\"", ok[i]);
}

/* Class names from the IR: only [A-Za-z0-9_-] tokens survive. */
static void class_attr(hw *w, const char *extra, const char *cls)
{
    bool any = extra != NULL;
    if (!any && cls) {
        for (const char *p = cls; *p && !any; p++) any = *p != ' ';
    }
    if (!any) return;
    hw_puts(w, " class=\"");
    bool first = true;
    if (extra) {
        hw_puts(w, extra);
        first = false;
    }
    for (const char *p = cls; p && *p;) {
        while (*p == ' ') p++;
        const char *start = p;
        bool clean = true;
        while (*p && *p != ' ') {
            char c = *p++;
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_'))
                clean = false;
        }
        if (p > start && clean) {
            if (!first) hw_puts(w, " ");
            hw_putn(w, start, (size_t)(p - start));
            first = false;
        }
    }
    hw_puts(w, "\"");
}

/* id="s1" … for the template's sections: [A-Za-z0-9_-] only, and only
 * the first section of a name gets it (ids are unique). */
static void section_id(hw *w, const char *name)
{
    size_t n = strlen(name);
    if (!n || n > 32) return;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_'))
            return;
    }
    for (size_t i = 0; i < w->nsection_ids; i++)
        if (strcmp(w->section_ids[i], name) == 0) return;
    if (w->nsection_ids < sizeof w->section_ids / sizeof *w->section_ids)
        w->section_ids[w->nsection_ids++] = name;
    else
        return; /* many sections: ids only for the first ones */
    hw_printf(w, " id=\"%s\"", name);
}

static void heading_enter(hw *w, const gd_node *n)
{
    int level = gd_node_level(n);
    if (level < 1) level = 1;
    if (level > 6) level = 6;
    const char *role = gd_node_attr(n, "role");
    const char *section = gd_node_attr(n, "section");
    bool top = gd_node_parent(n) == w->root;
    /* The template's sections become <section> elements (pandoc's
     * --section-divs), closed by the next section or the next heading of
     * the same level; they do not nest. */
    if (top && w->section_level && (section || level <= w->section_level)) {
        hw_puts(w, "</section>\n");
        w->section_level = 0;
    }
    if (top && section) {
        hw_puts(w, "<section class=\"gd-section\"");
        section_id(w, section);
        hw_puts(w, ">\n");
        w->section_level = level;
    }
    if (role && strcmp(role, "title") == 0) {
        hw_puts(w, "<h1 class=\"title\"");
    } else if (role && strcmp(role, "subtitle") == 0) {
        hw_puts(w, "<p class=\"subtitle\"");
    } else {
        hw_printf(w, "<h%d", level);
    }
    align_attr(w, n);
    hw_puts(w, ">");
}

static void heading_exit(hw *w, const gd_node *n)
{
    hw_styles_close(w);
    const char *role = gd_node_attr(n, "role");
    int level = gd_node_level(n);
    if (level < 1) level = 1;
    if (level > 6) level = 6;
    if (role && strcmp(role, "title") == 0)
        hw_puts(w, "</h1>\n");
    else if (role && strcmp(role, "subtitle") == 0)
        hw_puts(w, "</p>\n");
    else
        hw_printf(w, "</h%d>\n", level);
}

static void text_node(hw *w, const gd_node *n)
{
    size_t len;
    const char *s = gd_node_text(n, &len);
    /* nothing visible: no (empty) style elements either */
    if (!s || !hw_text_visible(s, len, false)) return;
    if (w->in_code) {
        /* text only */
    } else if (hw_text_visible(s, len, true)) {
        styles_to(w, gd_node_style(n));
    } else {
        styles_trim(w, gd_node_style(n));
    }
    hw_text(w, s, len);
}

static void link_enter(hw *w, const gd_node *n)
{
    hw_styles_close(w);
    const char *url = gd_node_url(n);
    if (!hw_has_content(w, n)) {
        w->link_open = false; /* an empty <a> shows nothing */
        return;
    }
    if (!url || (!w->unsafe_urls && !hw_url_safe(url, false))) {
        /* The link text stays; the target goes. */
        if (url) w->dropped_links++;
        w->link_open = false;
        return;
    }
    hw_puts(w, "<a href=\"");
    hw_url_attr(w, url);
    hw_puts(w, "\">");
    w->link_open = true;
}

static void link_exit(hw *w)
{
    hw_styles_close(w);
    if (w->link_open) hw_puts(w, "</a>");
    w->link_open = false;
}

static void unknown_node(hw *w, const gd_node *n)
{
    if (w->warned_unknown) return;
    w->warned_unknown = true;
    gd_ctx_warn(w->ctx, "node kind %d is unknown to this writer; its content is kept",
                (int)gd_node_get_type(n));
}

/* Empty items are left out (an empty <li> is dropped by validators and
 * shows nothing); in an ordered list the next item keeps its number. */
static bool item_enter(hw *w, const gd_node *n)
{
    if (!hw_has_content(w, n)) return false;
    const gd_node *list = gd_node_parent(n), *prev = gd_node_prev(n);
    if (list && gd_node_list_ordered(list) && prev && !hw_has_content(w, prev)) {
        long index = 0;
        for (const gd_node *p = prev; p; p = gd_node_prev(p)) index++;
        hw_printf(w, "<li value=\"%ld\">", (long)gd_node_list_start(list) + index);
    } else {
        hw_puts(w, "<li>");
    }
    return true;
}

/* Returns false when the node is drawn (or dropped) whole at ENTER. */
static bool enter(hw *w, const gd_node *n)
{
    gd_node_type t = gd_node_get_type(n);
    if (t != GD_NODE_TEXT && t != GD_NODE_LINE_BREAK) hw_styles_close(w);
    switch (t) {
    case GD_NODE_DOCUMENT: return true;
    case GD_NODE_PARAGRAPH:
        if (!hw_has_content(w, n)) return false;
        if (!bare_para(n)) {
            hw_puts(w, "<p");
            align_attr(w, n);
            hw_puts(w, ">");
        }
        return true;
    case GD_NODE_HEADING:
        if (!hw_has_content(w, n)) return false;
        heading_enter(w, n);
        return true;
    case GD_NODE_LIST:
        if (!hw_has_content(w, n)) return false;
        if (!gd_node_list_ordered(n)) {
            hw_puts(w, "<ul>\n");
        } else if (gd_node_list_start(n) != 1) {
            hw_printf(w, "<ol start=\"%d\">\n", gd_node_list_start(n));
        } else {
            hw_puts(w, "<ol>\n");
        }
        return true;
    case GD_NODE_ITEM: return item_enter(w, n);
    case GD_NODE_TABLE: hw_table(w, n); return false;
    case GD_NODE_PAGE_BREAK: hw_puts(w, "<hr class=\"gd-page-break\">\n"); return false;
    case GD_NODE_THEMATIC_BREAK: hw_puts(w, "<hr>\n"); return false;
    case GD_NODE_BLOCK_QUOTE:
        if (!hw_has_content(w, n)) return false;
        hw_puts(w, "<blockquote>\n");
        return true;
    case GD_NODE_CODE_BLOCK:
        hw_puts(w, "<pre><code>");
        w->in_code = true;
        return true;
    case GD_NODE_DIV:
        if (!hw_has_content(w, n)) return false;
        hw_puts(w, "<div");
        class_attr(w, NULL, gd_node_attr(n, "class"));
        hw_puts(w, ">\n");
        return true;
    case GD_NODE_TEXT: text_node(w, n); return false;
    case GD_NODE_LINE_BREAK: hw_puts(w, w->in_code ? "\n" : "<br>\n"); return false;
    case GD_NODE_LINK: link_enter(w, n); return true;
    case GD_NODE_IMAGE: hw_image(w, n); return false;
    case GD_NODE_NOTE: hw_note_ref(w, n); return false;
    default:
        /* Unknown kinds from a newer IR: render their children. */
        unknown_node(w, n);
        return true;
    }
}

static void leave(hw *w, const gd_node *n)
{
    gd_node_type t = gd_node_get_type(n);
    hw_styles_close(w);
    switch (t) {
    case GD_NODE_DOCUMENT:
        if (n == w->root && w->section_level) {
            hw_puts(w, "</section>\n");
            w->section_level = 0;
        }
        break;
    case GD_NODE_PARAGRAPH:
        if (n == w->backlink_para) hw_note_backlink(w);
        if (!bare_para(n)) hw_puts(w, "</p>\n");
        break;
    case GD_NODE_HEADING: heading_exit(w, n); break;
    case GD_NODE_LIST: hw_puts(w, gd_node_list_ordered(n) ? "</ol>\n" : "</ul>\n"); break;
    case GD_NODE_ITEM: hw_puts(w, "</li>\n"); break;
    case GD_NODE_BLOCK_QUOTE: hw_puts(w, "</blockquote>\n"); break;
    case GD_NODE_CODE_BLOCK:
        w->in_code = false;
        hw_puts(w, "</code></pre>\n");
        break;
    case GD_NODE_DIV: hw_puts(w, "</div>\n"); break;
    case GD_NODE_LINK: link_exit(w); break;
    default: break;
    }
}

void hw_render(hw *w, const gd_node *node)
{
    gd_iter *it;
    if (gd_iter_new(&it, node) != GD_OK) {
        hw_fail(w, GD_ENOMEM);
        return;
    }
    gd_event ev;
    while ((ev = gd_iter_next(it)) != GD_EVENT_DONE && ev != GD_EVENT_NONE) {
        const gd_node *n = gd_iter_node(it);
        if (ev == GD_EVENT_ENTER) {
            if (!enter(w, n)) {
                /* Drawn (or dropped) whole: its EXIT emits nothing. */
                gd_iter_skip_children(it);
                w->skipped = n;
            }
        } else if (ev == GD_EVENT_EXIT) {
            if (w->skipped == n)
                w->skipped = NULL;
            else
                leave(w, n);
        }
    }
    gd_iter_free(it);
    hw_styles_close(w);
}
