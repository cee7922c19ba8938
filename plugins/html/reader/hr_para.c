/* HTML reader: a paragraph looked at before it is emitted — its text (for
 * the heading heuristic), whether all of it is bold, whether it shows
 * anything at all (Word's <p><o:p>&nbsp;</o:p></p> does not), and whether
 * a <div> holds only inline content and so is a paragraph itself. */
#include "hr.h"

#include <string.h>

unsigned hr_element_style(xmlNodePtr n, unsigned inherited, unsigned tag_bits, hr_css *css)
{
    hr_css_parse(css, hr_attr(n, "style"));
    return ((inherited | tag_bits) & ~css->clear_style) | css->set_style;
}

#define SCAN_DEPTH 64
#define SCAN_NODES 100000

static void add_text(hr_para_info *out, const char *s, size_t len, unsigned style, bool *space)
{
    for (size_t i = 0; i < len;) {
        size_t n;
        uint32_t c = hr_utf8_next(s + i, len - i, &n);
        if (hr_is_space(c) || c == 0x3000) {
            *space = out->text_len > 0;
        } else if (!hr_is_invisible(c)) {
            out->visible = true;
            out->chars++;
            if (!(style & GD_STYLE_BOLD)) out->all_bold = false;
            if (out->text_len + n + 2 < sizeof out->text) {
                if (*space) out->text[out->text_len++] = ' ';
                memcpy(out->text + out->text_len, s + i, n);
                out->text_len += n;
                out->text[out->text_len] = 0;
            }
            *space = false;
        }
        i += n;
    }
}

void hr_para_scan(hr_reader *r, xmlNodePtr node, unsigned style, bool stop_at_block,
                  hr_para_info *out)
{
    (void)r;
    memset(out, 0, sizeof *out);
    out->all_bold = true;
    unsigned stack[SCAN_DEPTH];
    int depth = 0;
    bool space = false;
    size_t budget = SCAN_NODES;
    xmlNodePtr n = node->children;
    stack[0] = style;
    while (n && budget--) {
        unsigned cur = stack[depth < SCAN_DEPTH ? depth : SCAN_DEPTH - 1];
        bool descend = false;
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content)
                add_text(out, (const char *)n->content, strlen((const char *)n->content), cur,
                         &space);
        } else if (n->type == XML_ELEMENT_NODE) {
            int level;
            unsigned bits;
            hr_kind k = hr_element_kind(n, &level, &bits);
            hr_css css;
            unsigned st = hr_element_style(n, cur, bits, &css);
            if (css.page_break) out->page_break = true;
            if (k == HR_DROP || css.hidden) {
                /* skipped with its content */
            } else if (k == HR_IMG) {
                out->visible = true;
            } else if (k == HR_BR) {
                space = out->text_len > 0;
            } else {
                if (hr_is_block_kind(k)) {
                    out->has_block = true;
                    /* A container, not a paragraph: the rest does not
                     * matter, and nested <div>s must not rescan. */
                    if (stop_at_block) return;
                }
                if (n->children) {
                    descend = true;
                    if (depth + 1 < SCAN_DEPTH) stack[depth + 1] = st;
                }
            }
        }
        if (descend) {
            depth++;
            n = n->children;
            continue;
        }
        while (n && !n->next) {
            n = n->parent;
            depth--;
            if (n == node) return;
        }
        if (n) n = n->next;
    }
    if (n) {
        /* Out of budget: assume the worst for the heuristics — something
         * to show, and blocks inside. */
        out->visible = true;
        out->has_block = true;
    }
}
