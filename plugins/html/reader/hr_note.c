/* HTML reader: Word's footnotes and endnotes. The export puts a reference
 * <a style='mso-footnote-id:ftn1' href="#_ftn1">[1]</a> in the text and the
 * note in <div style='mso-element:footnote' id=ftn1> inside a footnote
 * list at the end. The note is read where it is referenced, as a NOTE
 * node, and the list at the end is then skipped. */
#include "hr.h"

#include <stdlib.h>
#include <string.h>

#define MAX_NOTES 10000

void hr_notes_index(hr_reader *r, xmlNodePtr root)
{
    size_t cap = 0;
    for (xmlNodePtr n = root; n;) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *style = hr_attr(n, "style");
            if (style && hr_ascii_icontains(style, "mso-element") && hr_attr(n, "id") &&
                r->nnotes < MAX_NOTES) {
                hr_css css;
                hr_css_parse(&css, style);
                if (css.note_element == 1) {
                    if (r->nnotes == cap) {
                        cap = cap ? cap * 2 : 16;
                        xmlNodePtr *nn = realloc(r->notes, cap * sizeof *nn);
                        if (!nn) return; /* notes then stay where they are */
                        r->notes = nn;
                    }
                    r->notes[r->nnotes++] = n;
                }
            }
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
}

static xmlNodePtr find(hr_reader *r, const char *id)
{
    for (size_t i = 0; i < r->nnotes; i++) {
        const char *nid = hr_attr(r->notes[i], "id");
        if (nid && strcmp(nid, id) == 0) return r->notes[i];
    }
    return NULL;
}

bool hr_note_emit(hr_reader *r, const hr_frame *f, xmlNodePtr a, const hr_css *css, int *rc)
{
    *rc = GD_OK;
    if (!css->note || r->in_note || (f->flags & HR_IN_PRE)) return false;
    xmlNodePtr note = find(r, css->note_id);
    if (!note) return false;
    *rc = hr_flush_pending(r, f, false);
    gd_node *n;
    if (!*rc) *rc = hr_check(r, gd_builder_open(r->b, GD_NODE_NOTE, &n));
    if (!*rc && n)
        *rc = hr_check(r, gd_node_set_attr(n, "kind", css->note == 1 ? "footnote" : "endnote"));
    if (*rc) return true;
    /* A walk of its own over the note, with the flow of the text around it
     * saved and given back. */
    hr_reader saved = *r;
    r->frames = NULL;
    r->nframes = r->frames_cap = 0;
    r->implicit = NULL;
    r->nstray = 0;
    r->mso_depth = 0;
    r->in_note = true;
    *rc = hr_walk(r, note);
    hr_reader after = *r;
    *r = saved;
    r->tables = after.tables;
    r->tables_cap = after.tables_cap;
    r->fonts = after.fonts;
    r->nfonts = after.nfonts;
    r->content = after.content;
    r->builder_font = after.builder_font;
    r->nest_warned = after.nest_warned;
    r->table_warned = after.table_warned;
    r->rc = after.rc;
    r->notes_used = true;
    long line = xmlGetLineNo(a);
    if (line > 0) gd_builder_set_line(r->b, (uint32_t)line);
    if (!*rc) *rc = hr_check(r, gd_builder_close(r->b, GD_NODE_NOTE));
    r->has_content = true;
    r->last_wide = false;
    return true;
}
