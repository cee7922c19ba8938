/* HTML reader: which element holds the article. Pages copied from
 * government sites wrap the report in site chrome (navigation, breadcrumb,
 * share bar, footer with the ICP number). Read, in this order:
 *   1. the content container of the common government CMSs (TRS_Editor,
 *      TRS_UEDITOR, UCAP-CONTENT, #zoom, …);
 *   2. <main> or role=main; 3. <article>;
 *   — each only when it holds at least a fifth of the page's text —
 *   4. otherwise the element holding most of the text: from <body>, step
 *      into the child that holds 60% or more of the page's text outside
 *      links, while there is one (through the cells of layout tables, not
 *      of data tables) — but never so far that the step would cut a
 *      report: not out of the block holding the page's numbered section
 *      headings (一、 二、 …), not into a lone table whose siblings are
 *      headings and tables;
 * and the whole body when that ends at <body>. The attachment list just
 * after the article is found here too (hr_attach.c). */
#include "hr.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct stats {
    size_t text;       /* visible characters */
    size_t link;       /* ... of them inside links */
    unsigned sections; /* numbered section headings (一、…) inside */
} stats;

typedef struct counter {
    stats *v;
    size_t n, cap;
} counter;

static stats *st(xmlNodePtr n)
{
    return n && n->type == XML_ELEMENT_NODE ? (stats *)n->_private : NULL;
}

static size_t visible_chars(const char *s)
{
    size_t n = 0;
    for (size_t i = 0, len = strlen(s); i < len;) {
        size_t k;
        uint32_t c = hr_utf8_next(s + i, len - i, &k);
        if (!hr_is_space(c) && c != 0x3000 && !hr_is_invisible(c)) n++;
        i += k;
    }
    return n;
}

bool hr_skipped(xmlNodePtr n)
{
    int level;
    unsigned bits;
    if (hr_element_kind(n, &level, &bits) == HR_DROP) return true;
    const char *style = hr_attr(n, "style");
    if (!style) return false;
    hr_css css;
    hr_css_parse(&css, style);
    return css.hidden;
}

static bool data_table(xmlNodePtr table);

/* Up to `cap` bytes of n's visible text, leading blanks skipped; false when
 * the subtree is larger than a heading's (the budget bounds the work on
 * deep nesting). */
static bool short_text(xmlNodePtr n, char *out, size_t cap, size_t *len)
{
    size_t budget = 64;
    *len = 0;
    for (xmlNodePtr x = n->children; x && x != n;) {
        if (!budget--) return false;
        if ((x->type == XML_TEXT_NODE || x->type == XML_CDATA_SECTION_NODE) && x->content) {
            const char *t = (const char *)x->content;
            size_t k = strlen(t);
            if (*len + k >= cap) return false;
            memcpy(out + *len, t, k);
            *len += k;
        }
        if (x->type == XML_ELEMENT_NODE && x->children && !hr_skipped(x)) {
            x = x->children;
            continue;
        }
        while (x != n && !x->next) x = x->parent;
        if (x == n) break;
        x = x->next;
    }
    out[*len] = 0;
    return true;
}

/* Called when n is left (its totals complete): marks a numbered section
 * heading — all of a paragraph, heading or block is "一、…" by the reader's
 * heading rule. Those inside data tables (the row labels 一、本年新收…),
 * lists and links are not the page's sections. */
static void section_mark(xmlNodePtr n, stats *s)
{
    int level;
    unsigned bits;
    hr_kind k = hr_element_kind(n, &level, &bits);
    if (k == HR_LIST || k == HR_A || (k == HR_TABLE && data_table(n))) {
        s->sections = 0;
        return;
    }
    if (s->sections || s->link || s->text < 3 || s->text > 40) return;
    if (k != HR_P && k != HR_HEADING && k != HR_BLOCK) return;
    char buf[256];
    size_t len, i = 0, w;
    if (!short_text(n, buf, sizeof buf, &len)) return;
    while (i < len) {
        uint32_t c = hr_utf8_next(buf + i, len - i, &w);
        if (!hr_is_space(c) && c != 0x3000 && !hr_is_invisible(c)) break;
        i += w;
    }
    if (hr_heading_level(buf + i, len - i, false, false) == 2) s->sections = 1;
}

/* Counts text per element (node->_private points into c->v). */
static int count(counter *c, xmlNodePtr root)
{
    size_t total = 0;
    for (xmlNodePtr n = root; n;) {
        if (n->type == XML_ELEMENT_NODE) total++;
        if (n->type == XML_ELEMENT_NODE && n->children && !hr_skipped(n)) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
    c->v = calloc(total + 1, sizeof *c->v);
    if (!c->v) return GD_ENOMEM;
    c->cap = total + 1;
    /* Pre-order assigns slots; text goes to its element; totals move up
     * when an element is left. */
    xmlNodePtr n = root;
    root->_private = &c->v[c->n++];
    n = root->children;
    while (n && n != root) {
        bool descend = false;
        if (n->type == XML_ELEMENT_NODE) {
            if (c->n < c->cap)
                n->_private = &c->v[c->n++];
            else
                n->_private = NULL;
            descend = n->children && !hr_skipped(n) && n->_private;
        } else if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content) {
            stats *p = st(n->parent);
            if (p) p->text += visible_chars((const char *)n->content);
        }
        if (descend) {
            n = n->children;
            continue;
        }
        for (;;) {
            if (n->type == XML_ELEMENT_NODE && n != root) {
                stats *s = st(n), *p = st(n->parent);
                if (s && n->name && strcmp((const char *)n->name, "a") == 0) s->link = s->text;
                if (s) section_mark(n, s);
                if (s && p) p->text += s->text, p->link += s->link, p->sections += s->sections;
            }
            if (n->next || n->parent == root || !n->parent) break;
            n = n->parent;
        }
        n = n->next;
    }
    return GD_OK;
}

static size_t nonlink(xmlNodePtr n)
{
    stats *s = st(n);
    return s ? s->text - (s->link < s->text ? s->link : s->text) : 0;
}

static bool token_match(const char *list, const char *const *names, bool contains)
{
    if (!list) return false;
    for (size_t i = 0; names[i]; i++) {
        if (contains) {
            if (hr_ascii_icontains(list, names[i])) return true;
            continue;
        }
        size_t k = strlen(names[i]);
        for (const char *p = list; *p;) {
            while (*p == ' ' || *p == '\t' || *p == '\n') p++;
            const char *e = p;
            while (*e && *e != ' ' && *e != '\t' && *e != '\n') e++;
            if ((size_t)(e - p) == k && hr_ascii_ieq(p, names[i], k)) return true;
            p = e;
        }
    }
    return false;
}

static int marker_rank(xmlNodePtr n)
{
    static const char *const cms_contains[] = {"trs_editor", "trs_ueditor", "ucap-content", NULL};
    static const char *const cms_exact[] = {"zoom",
                                            "article-content",
                                            "article_content",
                                            "articlecontent",
                                            "pages_content",
                                            "news_content",
                                            NULL};
    const char *cls = hr_attr(n, "class"), *id = hr_attr(n, "id");
    if (token_match(cls, cms_contains, true) || token_match(id, cms_contains, true) ||
        token_match(cls, cms_exact, false) || token_match(id, cms_exact, false))
        return 3;
    const char *role = hr_attr(n, "role");
    if (strcmp((const char *)n->name, "main") == 0 || (role && strcmp(role, "main") == 0)) return 2;
    if (strcmp((const char *)n->name, "article") == 0) return 1;
    return 0;
}

bool hr_chrome_named(xmlNodePtr n)
{
    static const char *const names[] = {"nav",     "menu",    "footer",    "header", "sidebar",
                                        "share",   "crumb",   "copyright", "banner", "comment",
                                        "related", "toolbar", "login",     "search", NULL};
    if (strcmp((const char *)n->name, "nav") == 0 || strcmp((const char *)n->name, "footer") == 0 ||
        strcmp((const char *)n->name, "header") == 0 || strcmp((const char *)n->name, "aside") == 0)
        return true;
    return token_match(hr_attr(n, "class"), names, true) ||
           token_match(hr_attr(n, "id"), names, true);
}

/* A table of three or more rows with two or more cells in some row holds
 * data, not a page layout: its cells are never the article. */
static bool data_table(xmlNodePtr table)
{
    size_t rows = 0, wide = 0;
    for (xmlNodePtr c = table->children; c; c = c->next) {
        xmlNodePtr first = c;
        bool section =
            c->type == XML_ELEMENT_NODE && c->name &&
            (!strcmp((const char *)c->name, "tbody") || !strcmp((const char *)c->name, "thead") ||
             !strcmp((const char *)c->name, "tfoot"));
        if (section) first = c->children;
        for (xmlNodePtr tr = first; tr; tr = section ? tr->next : NULL) {
            if (tr->type == XML_ELEMENT_NODE && tr->name && !strcmp((const char *)tr->name, "tr")) {
                rows++;
                size_t k = 0;
                for (xmlNodePtr td = tr->children; td; td = td->next)
                    if (td->type == XML_ELEMENT_NODE && nonlink(td)) k++;
                if (k >= 2) wide++;
            }
            if (!section) break;
        }
    }
    return rows >= 3 && wide >= 1;
}

/* The best child of x to step into, or NULL. `total`: the page's text. */
static xmlNodePtr dominant_child(xmlNodePtr x, size_t total)
{
    if (!total) return NULL;
    xmlNodePtr best = NULL;
    size_t best_n = 0;
    /* Children, and through tables the cells of their rows. */
    xmlNodePtr stack[4];
    int sp = 0;
    xmlNodePtr n = x->children;
    while (n || sp) {
        if (!n) {
            n = stack[--sp]->next;
            continue;
        }
        if (n->type == XML_ELEMENT_NODE && st(n)) {
            int level;
            unsigned bits;
            hr_kind k = hr_element_kind(n, &level, &bits);
            if (k == HR_TABLE && data_table(n)) {
                n = n->next;
                continue;
            }
            if ((k == HR_TABLE || k == HR_TSECTION || k == HR_ROW) && n->children && sp < 4) {
                stack[sp++] = n;
                n = n->children;
                continue;
            }
            if ((k == HR_BLOCK || k == HR_INLINE || k == HR_CELL) && !hr_chrome_named(n) &&
                nonlink(n) > best_n) {
                best = n;
                best_n = nonlink(n);
            }
        }
        n = n->next;
    }
    return best && best_n * 10 >= total * 6 ? best : NULL;
}

/* n holds one table and nothing else (through wrappers: Word's
 * <div align=center>, a CMS's scroll box). */
static bool only_table(xmlNodePtr n)
{
    for (int depth = 0; n && st(n) && depth < 8; depth++) {
        int level;
        unsigned bits;
        hr_kind k = hr_element_kind(n, &level, &bits);
        if (k == HR_TABLE) return true;
        if (k != HR_BLOCK && k != HR_INLINE && k != HR_P && k != HR_CELL) return false;
        xmlNodePtr one = NULL;
        for (xmlNodePtr e = n->children; e; e = e->next) {
            if (e->type != XML_ELEMENT_NODE || !st(e) || !st(e)->text) continue;
            if (one) return false;
            one = e;
        }
        if (!one || st(one)->text != st(n)->text) return false;
        n = one;
    }
    return false;
}

/* Stepping from x into its densest descendant c would cut a report: c
 * leaves out some of x's numbered section headings, or c is a lone table
 * and x's other children are headings, short blocks (a title, a unit line)
 * and tables — at least one heading or table, so that a page whose article
 * is one table under an info line still steps into the table. */
static bool keeps_whole(xmlNodePtr x, xmlNodePtr c)
{
    if (st(x)->sections >= 2 && st(c)->sections < st(x)->sections) return true;
    if (!only_table(c)) return false;
    xmlNodePtr top = c; /* x's child on the way to c (c may be in a layout table) */
    while (top->parent && top->parent != x) top = top->parent;
    bool report = false;
    for (xmlNodePtr e = x->children; e; e = e->next) {
        if (e == top || e->type != XML_ELEMENT_NODE || !st(e) || !nonlink(e)) continue;
        int level;
        unsigned bits;
        bool heading = hr_element_kind(e, &level, &bits) == HR_HEADING || st(e)->sections;
        if (heading || only_table(e))
            report = true;
        else if (nonlink(e) > 40)
            return false;
    }
    return report;
}

xmlNodePtr hr_container_find(hr_reader *r, bool *is_article)
{
    *is_article = false;
    xmlNodePtr root = xmlDocGetRootElement(r->dom);
    if (!root) return NULL;
    xmlNodePtr body = hr_find_element(root, "body");
    if (!body) body = root;
    if (!r->opt_article) return body;
    counter c = {0};
    if (count(&c, body) != GD_OK) return body; /* no memory to judge: read it all */
    size_t total = nonlink(body);
    xmlNodePtr best = NULL;
    int best_rank = 0;
    size_t best_n = 0;
    for (xmlNodePtr n = body->children; n && n != body;) {
        if (n->type == XML_ELEMENT_NODE && st(n)) {
            int rank = marker_rank(n);
            size_t t = nonlink(n);
            if (rank && t && t * 5 >= total &&
                (rank > best_rank || (rank == best_rank && t > best_n)))
                best = n, best_rank = rank, best_n = t;
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n != body && !n->next) n = n->parent;
        if (n == body) break;
        n = n->next;
    }
    if (!best) {
        best = body;
        for (xmlNodePtr next; (next = dominant_child(best, total)) && !keeps_whole(best, next);)
            best = next;
    }
    if (best != body) hr_attach_find(r, best, body);
    /* Slots are freed with the counter: clear the pointers to them. */
    for (xmlNodePtr n = body; n;) {
        if (n->type == XML_ELEMENT_NODE) n->_private = NULL;
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n != body && !n->next) n = n->parent;
        if (n == body) break;
        n = n->next;
    }
    free(c.v);
    *is_article = best != body;
    return best;
}
