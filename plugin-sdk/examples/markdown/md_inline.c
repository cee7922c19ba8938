/* Inlines: text with emphasis (** * ~~ `code`, <ins> <sup> <sub>), hard line
 * breaks, links, images (embedded as data: URIs), note references [^n]. */
#include "md.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void md_fail(md *m, int rc)
{
    if (rc && !m->rc) m->rc = rc;
}

int md_puts(gdh_buf *b, const char *s)
{
    return gdh_buf_add(b, s, strlen(s));
}

void md_raw(md *m, const char *s, size_t len)
{
    if (!len || m->rc) return;
    if (m->bol && m->where != IN_CELL) md_fail(m, gdh_buf_add(m->out, m->prefix.p, m->prefix.len));
    m->bol = false;
    md_fail(m, gdh_buf_add(m->out, s, len));
}

/* ASCII characters Markdown may read as syntax. */
static bool special(char c, bool cell)
{
    return strchr("\\`*_[]<>~", c) || (cell && c == '|');
}

void md_text(md *m, const char *s, size_t len)
{
    size_t i = 0;
    if (len) m->last_cp = gdh_utf8_last(s, len);
    /* at the start of a line, "#", "-", "+", "=", ">" and "1." begin blocks */
    if (m->bol && len && m->where != IN_CELL) {
        if (strchr("#-+=>", s[0])) {
            md_raw(m, "\\", 1);
        } else {
            size_t d = 0;
            while (d < len && d < 9 && s[d] >= '0' && s[d] <= '9') d++;
            if (d && d < len && (s[d] == '.' || s[d] == ')')) {
                md_raw(m, s, d);
                md_raw(m, "\\", 1);
                i = d;
            }
        }
    }
    size_t run = i;
    for (; i < len && !m->rc; i++) {
        char c = s[i];
        char nx = i + 1 < len ? (char)(s[i + 1] | 32) : 0;
        bool entity = c == '&' && (nx == '#' || (nx >= 'a' && nx <= 'z')); /* "&copy;" */
        bool esc = special(c, m->where == IN_CELL) || entity;
        if (!esc && c != '\n' && c != '\r') continue;
        md_raw(m, s + run, i - run);
        if (c == '\n' || c == '\r')
            md_raw(m, " ", 1);
        else if (c == '&')
            md_raw(m, "&amp;", 5);
        else {
            char e[2] = {'\\', c};
            md_raw(m, e, 2);
        }
        run = i + 1;
    }
    md_raw(m, s + run, len - run);
}

/* Unicode punctuation next to a ** or * delimiter stops CommonMark from
 * seeing emphasis (“引号” in Chinese text): HTML tags are used then. */
static bool punct_edge(const char *s, size_t len)
{
    if (!len) return false;
    size_t i = 0;
    uint32_t first = gdh_utf8_next(s, len, &i), last = gdh_utf8_last(s, len);
    bool p1 = (first < 128 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", (int)first)) ||
              (first >= 0x2010 && first <= 0x206F) || (first >= 0x3000 && first <= 0x303F) ||
              (first >= 0xFF01 && first <= 0xFF0F) || (first >= 0xFF1A && first <= 0xFF20);
    bool p2 = (last < 128 && strchr("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", (int)last)) ||
              (last >= 0x2010 && last <= 0x206F) || (last >= 0x3000 && last <= 0x303F) ||
              (last >= 0xFF01 && last <= 0xFF0F) || (last >= 0xFF1A && last <= 0xFF20);
    return p1 || p2;
}

static void styled_text(md *m, const gd_node *n)
{
    size_t len = 0;
    const char *s = gd_node_text(n, &len);
    unsigned st = gd_node_style(n);
    if (!s || !len) return;
    if (m->where == IN_HEADING) st &= ~(unsigned)GD_STYLE_BOLD; /* headings are bold already */
    /* spaces go outside the delimiters: "** x **" is not emphasis */
    size_t a = 0, b = len;
    while (a < b && s[a] == ' ') a++;
    while (b > a && s[b - 1] == ' ') b--;
    if (a == b || !st) {
        md_text(m, s, len);
        return;
    }
    md_text(m, s, a);
    if (st & GD_STYLE_CODE) {
        /* a code span: backticks inside need a longer fence */
        bool tick = memchr(s + a, '`', b - a) != NULL;
        md_raw(m, tick ? "`` " : "`", tick ? 3 : 1);
        md_raw(m, s + a, b - a);
        md_raw(m, tick ? " ``" : "`", tick ? 3 : 1);
        md_text(m, s + b, len - b);
        return;
    }
    bool html = punct_edge(s + a, b - a);
    static const struct {
        unsigned bit;
        const char *md_open, *md_close, *open, *close;
    } marks[] = {
        {GD_STYLE_BOLD, "**", "**", "<strong>", "</strong>"},
        {GD_STYLE_ITALIC, "*", "*", "<em>", "</em>"},
        {GD_STYLE_STRIKE, "~~", "~~", "<del>", "</del>"},
        {GD_STYLE_UNDERLINE, NULL, NULL, "<ins>", "</ins>"},
        {GD_STYLE_SUPERSCRIPT, NULL, NULL, "<sup>", "</sup>"},
        {GD_STYLE_SUBSCRIPT, NULL, NULL, "<sub>", "</sub>"},
    };
    size_t nm = sizeof marks / sizeof *marks;
    for (size_t k = 0; k < nm; k++)
        if (st & marks[k].bit) {
            const char *o = html || !marks[k].md_open ? marks[k].open : marks[k].md_open;
            md_raw(m, o, strlen(o));
        }
    md_text(m, s + a, b - a);
    for (size_t k = nm; k-- > 0;)
        if (st & marks[k].bit) {
            const char *c = html || !marks[k].md_close ? marks[k].close : marks[k].md_close;
            md_raw(m, c, strlen(c));
        }
    md_text(m, s + b, len - b);
}

static void url_text(md *m, const char *url)
{
    /* <...> keeps spaces and parentheses; '<' '>' cannot be inside */
    bool angle = strpbrk(url, " ()") != NULL;
    if (angle) md_raw(m, "<", 1);
    for (const char *p = url; *p && !m->rc; p++) {
        if (*p == '<' || *p == '>' || *p == '\n')
            md_raw(m, *p == '<' ? "%3C" : *p == '>' ? "%3E" : "%0A", 3);
        else
            md_raw(m, p, 1);
    }
    if (angle) md_raw(m, ">", 1);
}

static void image(md *m, const gd_node *n)
{
    const char *url = gd_node_url(n), *alt = gd_node_attr(n, "alt");
    const char *mime = NULL;
    const uint8_t *data = NULL;
    size_t len = 0;
    bool resource = url && gd_doc_resource_find(m->doc, url, &mime, &data, &len) == GD_OK;
    if (resource && !m->embed_images) return;
    md_raw(m, "![", 2);
    if (alt) md_text(m, alt, strlen(alt));
    md_raw(m, "](", 2);
    if (resource) {
        size_t blen = 0;
        char *b64 = gd_base64_encode(data, len, &blen);
        if (!b64) {
            md_fail(m, GD_ENOMEM);
            return;
        }
        md_raw(m, "data:", 5);
        md_raw(m, mime, strlen(mime));
        md_raw(m, ";base64,", 8);
        md_raw(m, b64, blen);
        gd_free(b64);
    } else if (url) {
        url_text(m, url);
    }
    md_raw(m, ")", 1);
}

void md_inlines(md *m, const gd_node *n)
{
    if (++m->depth > 300) {
        md_fail(m, gd_ctx_error(m->ctx, GD_ELIMIT, "document nested too deep"));
        m->depth--;
        return;
    }
    for (; n && !m->rc; n = gd_node_next(n)) {
        switch (gd_node_get_type(n)) {
        case GD_NODE_TEXT: styled_text(m, n); break;
        case GD_NODE_LINE_BREAK:
            if (m->where == IN_CELL)
                md_raw(m, "<br>", 4);
            else if (m->where == IN_HEADING) { /* a heading is one line: 标题 lines join */
                const gd_node *next = gd_node_next(n);
                size_t nl = 0, k = 0;
                const char *ns = next ? gd_node_text(next, &nl) : NULL;
                uint32_t after = ns && nl ? gdh_utf8_next(ns, nl, &k) : 0;
                if (!after || gdh_cjk_join_needs_space(m->last_cp, after)) md_raw(m, " ", 1);
            } else {
                md_raw(m, "\\\n", 2);
                m->bol = true;
            }
            break;
        case GD_NODE_LINK: {
            const char *url = gd_node_url(n);
            md_raw(m, "[", 1);
            md_inlines(m, gd_node_first_child(n));
            md_raw(m, "](", 2);
            if (url) url_text(m, url);
            md_raw(m, ")", 1);
            break;
        }
        case GD_NODE_IMAGE: image(m, n); break;
        case GD_NODE_NOTE: {
            if (m->nnotes == m->capnotes) {
                size_t cap = m->capnotes ? m->capnotes * 2 : 16;
                const gd_node **v = realloc(m->notes, cap * sizeof *v);
                if (!v) {
                    md_fail(m, GD_ENOMEM);
                    break;
                }
                m->notes = v;
                m->capnotes = cap;
            }
            m->notes[m->nnotes++] = n;
            char ref[32];
            snprintf(ref, sizeof ref, "[^%zu]", m->nnotes);
            md_raw(m, ref, strlen(ref));
            break;
        }
        default: /* an inline kind this writer does not know: its children */
            md_inlines(m, gd_node_first_child(n));
        }
    }
    m->depth--;
}
