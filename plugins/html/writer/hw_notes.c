/* Footnotes and endnotes (NOTE nodes): a numbered reference where the
 * note stands, the note itself in a notes section at the end with a link
 * back to its reference (pandoc's layout and ARIA roles). */
#include "hw.h"

#include <stdbool.h>
#include <stdlib.h>

void hw_note_ref(hw *w, const gd_node *note)
{
    if (w->nnotes == w->capnotes) {
        size_t cap = w->capnotes ? w->capnotes * 2 : 16;
        const gd_node **v = realloc(w->notes, cap * sizeof *v);
        if (!v) {
            hw_fail(w, GD_ENOMEM);
            return;
        }
        w->notes = v;
        w->capnotes = cap;
    }
    w->notes[w->nnotes++] = note;
    size_t k = w->nnotes;
    if (w->link_open) {
        /* A link cannot hold another: the number only, still a target. */
        hw_printf(w, "<sup class=\"gd-fnref\" id=\"gd-fnref-%zu\">%zu</sup>", k, k);
        return;
    }
    hw_printf(w,
              "<sup class=\"gd-fnref\"><a href=\"#gd-fn-%zu\" id=\"gd-fnref-%zu\" "
              "role=\"doc-noteref\">%zu</a></sup>",
              k, k, k);
}

void hw_note_backlink(hw *w)
{
    hw_printf(w,
              " <a href=\"#gd-fnref-%zu\" class=\"gd-footnote-back\" role=\"doc-backlink\" "
              "aria-label=\"返回正文\">↩︎</a>",
              w->backlink_note);
    w->backlink_para = NULL;
}

void hw_notes_section(hw *w)
{
    if (!w->nnotes) return;
    hw_puts(w, "<section class=\"gd-footnotes\" role=\"doc-endnotes\" aria-label=\"注释\">\n"
               "<hr>\n<ol>\n");
    /* w->nnotes may grow while notes render (a note within a note). */
    for (size_t i = 0; i < w->nnotes; i++) {
        const gd_node *note = w->notes[i];
        hw_printf(w, "<li id=\"gd-fn-%zu\">", i + 1);
        /* The back-link ends the note's last paragraph, or stands alone. */
        const gd_node *last = gd_node_last_child(note);
        bool in_para =
            last && gd_node_get_type(last) == GD_NODE_PARAGRAPH && hw_has_content(w, last);
        w->backlink_note = i + 1;
        w->backlink_para = in_para ? last : NULL;
        for (const gd_node *b = gd_node_first_child(note); b; b = gd_node_next(b)) hw_render(w, b);
        if (!in_para) {
            hw_puts(w, "<p>");
            hw_note_backlink(w);
            hw_puts(w, "</p>\n");
        }
        w->backlink_para = NULL;
        hw_puts(w, "</li>\n");
    }
    hw_puts(w, "</ol>\n</section>\n");
}

void hw_notes_free(hw *w)
{
    free(w->notes);
}
