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

void hw_styles_close(hw *w)
{
    styles_to(w, 0);
}

static bool is_space_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') continue;
        /* U+3000 IDEOGRAPHIC SPACE, U+00A0 NO-BREAK SPACE */
        if (c == 0xE3 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
            (unsigned char)s[i + 2] == 0x80) {
            i += 2;
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) {
            i += 1;
            continue;
        }
        return false;
    }
    return true;
}

bool hw_para_has_content(const gd_node *p)
{
    for (const gd_node *c = gd_node_first_child(p); c; c = gd_node_next(c)) {
        if (gd_node_get_type(c) != GD_NODE_TEXT) return true;
        size_t n;
        const char *s = gd_node_text(c, &n);
        if (s && !is_space_only(s, n)) return true;
    }
    return false;
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

static void heading_enter(hw *w, const gd_node *n)
{
    int level = gd_node_level(n);
    if (level < 1) level = 1;
    if (level > 6) level = 6;
    const char *role = gd_node_attr(n, "role");
    const char *section = gd_node_attr(n, "section");
    bool top = gd_node_parent(n) == w->root;
    /* The template's sections become <section> elements (pandoc's
     * --section-divs), closed by the next heading of the same level. */
    if (top && w->section_level && level <= w->section_level) {
        hw_puts(w, "</section>\n");
        w->section_level = 0;
    }
    if (top && section) {
        hw_puts(w, "<section class=\"gd-section\" id=\"");
        hw_attr(w, section, strlen(section));
        hw_puts(w, "\">\n");
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
    if (!s || !len) return;
    if (!w->in_code) styles_to(w, gd_node_style(n));
    hw_text(w, s, len);
}

static void link_enter(hw *w, const gd_node *n)
{
    hw_styles_close(w);
    const char *url = gd_node_url(n);
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

/* Returns false when the node is drawn (or dropped) whole at ENTER. */
static bool enter(hw *w, const gd_node *n)
{
    gd_node_type t = gd_node_get_type(n);
    if (t != GD_NODE_TEXT && t != GD_NODE_LINE_BREAK) hw_styles_close(w);
    switch (t) {
    case GD_NODE_DOCUMENT: return true;
    case GD_NODE_PARAGRAPH:
        if (!hw_para_has_content(n)) return false;
        if (!bare_para(n)) {
            hw_puts(w, "<p");
            align_attr(w, n);
            hw_puts(w, ">");
        }
        return true;
    case GD_NODE_HEADING:
        if (!hw_para_has_content(n)) return false;
        heading_enter(w, n);
        return true;
    case GD_NODE_LIST:
        if (!gd_node_first_child(n)) return false;
        if (!gd_node_list_ordered(n)) {
            hw_puts(w, "<ul>\n");
        } else if (gd_node_list_start(n) != 1) {
            hw_printf(w, "<ol start=\"%d\">\n", gd_node_list_start(n));
        } else {
            hw_puts(w, "<ol>\n");
        }
        return true;
    case GD_NODE_ITEM: hw_puts(w, "<li>"); return true;
    case GD_NODE_TABLE: hw_table(w, n); return false;
    case GD_NODE_PAGE_BREAK: hw_puts(w, "<hr class=\"gd-page-break\">\n"); return false;
    case GD_NODE_THEMATIC_BREAK: hw_puts(w, "<hr>\n"); return false;
    case GD_NODE_BLOCK_QUOTE:
        if (!gd_node_first_child(n)) return false;
        hw_puts(w, "<blockquote>\n");
        return true;
    case GD_NODE_CODE_BLOCK:
        hw_puts(w, "<pre><code>");
        w->in_code = true;
        return true;
    case GD_NODE_DIV:
        if (!gd_node_first_child(n)) return false;
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
