/* HTML reader: the attachment list. Sites put 附件下载 and the links to
 * the report's files (PDF, Word, Excel) just after the article container,
 * outside it; it belongs to the article, so it is kept after the article as
 * a paragraph with its label and a list of links (role=attachments). An
 * attachment block without links is chrome: sites print an empty one and
 * hide it by script. Only blocks near the container are looked at, and
 * only small ones (a label, links, a little text such as file sizes). */
#include "hr.h"

#include <string.h>

#define ATTACH_LEVELS   4   /* the container and ancestors whose next siblings are looked at */
#define ATTACH_SIBLINGS 6   /* element siblings looked at per level */
#define ATTACH_NODES    400 /* nodes of a candidate looked at (bounds the work) */
#define ATTACH_TEXT     150 /* visible characters besides the label and the links */
#define ATTACH_LINK     512 /* bytes of a link's text kept */

typedef struct scan {
    xmlNodePtr label; /* the text node "附件下载：" */
    size_t links;     /* links to files */
    size_t text;      /* visible characters outside the label and links */
    bool too_big;
} scan;

static bool blank(uint32_t c)
{
    return hr_is_space(c) || c == 0x3000 || c == 0xA0 || hr_is_invisible(c);
}

/* "附件下载", "附件：", " 相关附件: " … as the whole of a text node. */
static bool is_label(const char *s)
{
    static const char *const labels[] = {"附件下载", "附件",     "相关附件",
                                         "附件列表", "下载附件", NULL};
    size_t len = strlen(s), b = 0, e = 0, n;
    while (b < len && blank(hr_utf8_next(s + b, len - b, &n))) b += n;
    /* e: after the last character that is neither blank nor a colon */
    for (size_t i = b; i < len; i += n) {
        uint32_t c = hr_utf8_next(s + i, len - i, &n);
        if (!blank(c) && c != ':' && c != 0xFF1A /* ： */) e = i + n;
    }
    if (e <= b) return false;
    for (size_t i = 0; labels[i]; i++)
        if (strlen(labels[i]) == e - b && memcmp(labels[i], s + b, e - b) == 0) return true;
    return false;
}

/* A link to something (not a script, not an anchor on the page). */
static const char *file_href(xmlNodePtr a)
{
    if (!a->name || strcmp((const char *)a->name, "a") != 0) return NULL;
    const char *href = hr_attr(a, "href");
    while (href && (*href == ' ' || *href == '\t' || *href == '\n')) href++;
    if (!href || !*href || *href == '#' || hr_ascii_ieq(href, "javascript:", 11) ||
        hr_ascii_ieq(href, "vbscript:", 9))
        return NULL;
    return href;
}

static size_t visible(const char *s)
{
    size_t k = 0, n;
    for (size_t i = 0, len = strlen(s); i < len; i += n)
        if (!blank(hr_utf8_next(s + i, len - i, &n))) k++;
    return k;
}

/* Label, links and other text of a candidate block, bounded. */
static void scan_block(xmlNodePtr root, scan *out)
{
    size_t budget = ATTACH_NODES;
    for (xmlNodePtr x = root; x;) {
        bool descend = false;
        if (!budget--) {
            out->too_big = true;
            return;
        }
        if (x->type == XML_ELEMENT_NODE && !hr_skipped(x)) {
            if (file_href(x))
                out->links++;
            else
                descend = x->children != NULL;
        } else if (x->type == XML_TEXT_NODE && x->content) {
            const char *t = (const char *)x->content;
            if (!out->label && is_label(t))
                out->label = x;
            else
                out->text += visible(t);
        }
        if (descend) {
            x = x->children;
            continue;
        }
        while (x != root && !x->next) x = x->parent;
        if (x == root) break;
        x = x->next;
    }
}

static xmlNodePtr next_element(xmlNodePtr n)
{
    for (n = n->next; n; n = n->next)
        if (n->type == XML_ELEMENT_NODE) return n;
    return NULL;
}

static bool links_only(xmlNodePtr n)
{
    if (!n || hr_chrome_named(n) || hr_skipped(n)) return false;
    scan s = {0};
    scan_block(n, &s);
    return !s.too_big && !s.label && s.links && s.text <= ATTACH_TEXT;
}

void hr_attach_find(hr_reader *r, xmlNodePtr container, xmlNodePtr body)
{
    r->attach = r->attach_label = NULL;
    int level = 0;
    for (xmlNodePtr x = container; x && x != body && level < ATTACH_LEVELS;
         x = x->parent, level++) {
        int seen = 0;
        for (xmlNodePtr s = next_element(x); s && seen < ATTACH_SIBLINGS; s = next_element(s)) {
            seen++;
            if (hr_chrome_named(s) || hr_skipped(s)) continue;
            scan sc = {0};
            scan_block(s, &sc);
            if (sc.too_big || !sc.label || sc.text > ATTACH_TEXT) continue;
            if (sc.links) {
                r->attach = s, r->attach_label = sc.label;
                return;
            }
            if (links_only(next_element(s))) { /* the label alone, the links after it */
                r->attach = next_element(s), r->attach_label = sc.label;
                return;
            }
        }
    }
}

/* The text of `n` with white space collapsed, at most cap-1 bytes. */
static size_t collapsed(xmlNodePtr n, char *out, size_t cap)
{
    size_t len = 0, budget = ATTACH_NODES;
    bool space = false;
    for (xmlNodePtr x = n; x && budget--;) {
        if (x->type == XML_TEXT_NODE && x->content) {
            const char *t = (const char *)x->content;
            size_t tl = strlen(t), w;
            for (size_t i = 0; i < tl; i += w) {
                uint32_t c = hr_utf8_next(t + i, tl - i, &w);
                if (blank(c)) {
                    space = len > 0;
                    continue;
                }
                if (len + w + 2 > cap) return len;
                if (space) out[len++] = ' ';
                space = false;
                memcpy(out + len, t + i, w);
                len += w;
            }
        }
        if (x->type == XML_ELEMENT_NODE && x->children && !hr_skipped(x)) {
            x = x->children;
            continue;
        }
        while (x != n && !x->next) x = x->parent;
        if (x == n) break;
        x = x->next;
    }
    return len;
}

static int link_item(hr_reader *r, xmlNodePtr a, const char *href)
{
    char text[ATTACH_LINK];
    size_t len = collapsed(a, text, sizeof text);
    long line = xmlGetLineNo(a);
    if (line > 0) gd_builder_set_line(r->b, (uint32_t)line);
    gd_node *link = NULL;
    int rc = gd_builder_open(r->b, GD_NODE_ITEM, NULL);
    if (!rc) rc = gd_builder_open(r->b, GD_NODE_PARAGRAPH, NULL);
    if (!rc) rc = gd_builder_open(r->b, GD_NODE_LINK, &link);
    if (!rc) rc = gd_node_set_url(link, href);
    if (!rc)
        rc = len ? gd_builder_text(r->b, text, len, 0)
                 : gd_builder_text(r->b, href, strlen(href), 0);
    if (!rc) rc = gd_builder_close(r->b, GD_NODE_LINK);
    if (!rc) rc = gd_builder_close(r->b, GD_NODE_PARAGRAPH);
    if (!rc) rc = gd_builder_close(r->b, GD_NODE_ITEM);
    return rc;
}

int hr_attach_emit(hr_reader *r)
{
    if (!r->attach) return GD_OK;
    char label[64];
    size_t len = collapsed(r->attach_label, label, sizeof label);
    long line = xmlGetLineNo(r->attach_label->parent);
    if (line > 0) gd_builder_set_line(r->b, (uint32_t)line);
    int rc = gd_builder_open(r->b, GD_NODE_PARAGRAPH, NULL);
    if (!rc) rc = gd_builder_text(r->b, label, len, 0);
    if (!rc) rc = gd_builder_close(r->b, GD_NODE_PARAGRAPH);
    gd_node *list = NULL;
    if (!rc) rc = gd_builder_open(r->b, GD_NODE_LIST, &list);
    if (!rc) rc = gd_node_set_list(list, 0, 1);
    if (!rc) rc = gd_node_set_attr(list, "role", "attachments");
    size_t budget = ATTACH_NODES;
    for (xmlNodePtr x = r->attach; x && !rc && budget--;) {
        const char *href = x->type == XML_ELEMENT_NODE && !hr_skipped(x) ? file_href(x) : NULL;
        if (href) rc = link_item(r, x, href);
        if (!href && x->type == XML_ELEMENT_NODE && x->children && !hr_skipped(x)) {
            x = x->children;
            continue;
        }
        while (x != r->attach && !x->next) x = x->parent;
        if (x == r->attach) break;
        x = x->next;
    }
    if (!rc) rc = gd_builder_close(r->b, GD_NODE_LIST);
    return rc;
}
