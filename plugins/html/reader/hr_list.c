/* HTML reader: Word's list paragraphs. Word exports a list as a run of
 * <p style='mso-list:l0 level2 lfo1'> paragraphs, each starting with its
 * marker in <span style='mso-list:Ignore'>, the levels given only by the
 * style. A run of them becomes nested IR lists (the marker dropped) when
 * the markers are bullets or Western numbers; Chinese numbering stays as
 * the paragraph's text (hr_marker.c). */
#include "hr.h"

#include <string.h>

/* The text of the first mso-list:Ignore element under p. */
static bool marker_text(xmlNodePtr p, char *buf, size_t bufsz)
{
    xmlNodePtr n = p->children;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *style = hr_attr(n, "style");
            if (style && hr_ascii_icontains(style, "mso-list")) {
                hr_css css;
                hr_css_parse(&css, style);
                if (css.mso_ignore) {
                    xmlChar *t = xmlNodeGetContent(n);
                    size_t k = t ? strlen((const char *)t) : 0;
                    if (k >= bufsz) k = bufsz - 1;
                    memcpy(buf, t ? (const char *)t : "", k);
                    buf[k] = 0;
                    xmlFree(t);
                    return true;
                }
            }
            if (n->children) {
                n = n->children;
                continue;
            }
        }
        while (n && !n->next) {
            n = n->parent;
            if (n == p) return false;
        }
        if (n) n = n->next;
    }
    return false;
}

int hr_mso_close(hr_reader *r)
{
    int rc = GD_OK;
    if (r->mso_depth) rc = hr_boundary(r);
    while (!rc && r->mso_depth > 0) {
        rc = hr_check(r, gd_builder_close(r->b, GD_NODE_ITEM));
        if (!rc) rc = hr_check(r, gd_builder_close(r->b, GD_NODE_LIST));
        r->mso_depth--;
    }
    hr_flow_reset(r);
    return rc;
}

int hr_mso_item(hr_reader *r, xmlNodePtr p, const hr_css *css, size_t parent, bool *is_item)
{
    *is_item = false;
    char marker[1024];
    int start;
    int kind = marker_text(p, marker, sizeof marker)
                   ? hr_marker_kind(marker, strlen(marker), &start)
                   : HR_MARKER_NONE;
    if (r->mso_depth &&
        (kind == HR_MARKER_NONE || r->mso_list_id != css->mso_list_id || r->mso_parent != parent)) {
        int rc = hr_mso_close(r);
        if (rc) return rc;
    }
    if (kind == HR_MARKER_NONE) return GD_OK;
    int level = css->mso_level;
    int rc = hr_boundary(r);
    while (!rc && r->mso_depth > level) {
        rc = hr_check(r, gd_builder_close(r->b, GD_NODE_ITEM));
        if (!rc) rc = hr_check(r, gd_builder_close(r->b, GD_NODE_LIST));
        r->mso_depth--;
    }
    if (!rc && r->mso_depth == level) rc = hr_check(r, gd_builder_close(r->b, GD_NODE_ITEM));
    if (!rc && r->mso_depth == 0) rc = hr_make_room(r, GD_NODE_LIST);
    while (!rc && r->mso_depth < level) {
        gd_node *list;
        rc = hr_check(r, gd_builder_open(r->b, GD_NODE_LIST, &list));
        if (!rc)
            rc = hr_check(r, gd_node_set_list(list, kind == HR_MARKER_ORDERED,
                                              r->mso_depth + 1 == level ? start : 1));
        r->mso_depth++;
        if (!rc && r->mso_depth < level)
            rc = hr_check(r, gd_builder_open(r->b, GD_NODE_ITEM, NULL));
    }
    if (!rc) rc = hr_check(r, gd_builder_open(r->b, GD_NODE_ITEM, NULL));
    r->mso_list_id = css->mso_list_id;
    r->mso_parent = parent;
    hr_flow_reset(r);
    *is_item = !rc;
    return rc;
}
