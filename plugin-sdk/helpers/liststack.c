/* The lists open in a container (see liststack.h). */
#include "govdoc/helpers/liststack.h"

#include <govdoc/gd_plugin.h>

/* Closes the innermost list: its open item, then the list. */
static int pop(gdh_list_stack *s, gd_builder *b)
{
    int rc = gd_builder_close(b, GD_NODE_ITEM);
    if (!rc) rc = gd_builder_close(b, GD_NODE_LIST);
    s->depth--;
    return rc;
}

int gdh_list_close_all(gdh_list_stack *s, gd_builder *b)
{
    int rc = GD_OK;
    while (s->depth > 0 && !rc) rc = pop(s, b);
    return rc;
}

int gdh_list_item(gdh_list_stack *s, gd_builder *b, int ilvl, int id, bool ordered, int start)
{
    int rc = GD_OK;
    while (!rc && s->depth > 0 && s->lv[s->depth - 1].ilvl > ilvl) rc = pop(s, b);
    if (rc) return rc;
    if (s->depth > 0 && s->lv[s->depth - 1].ilvl == ilvl) {
        rc = gd_builder_close(b, GD_NODE_ITEM);
        /* the same list goes on: only a new item */
        if (!rc && s->lv[s->depth - 1].id == id && s->lv[s->depth - 1].ordered == ordered)
            return gd_builder_open(b, GD_NODE_ITEM, NULL);
        /* another list at this level: a sibling list, not a nested one */
        if (!rc) rc = gd_builder_close(b, GD_NODE_LIST);
        s->depth--;
        if (rc) return rc;
    }
    if (s->depth >= GDH_LIST_MAX_DEPTH) return gd_builder_open(b, GD_NODE_ITEM, NULL);
    gd_node *list;
    rc = gd_builder_open(b, GD_NODE_LIST, &list);
    if (!rc && list) rc = gd_node_set_list(list, ordered, ordered ? start : 1);
    if (!rc) rc = gd_builder_open(b, GD_NODE_ITEM, NULL);
    if (rc) return rc;
    s->lv[s->depth].ilvl = ilvl;
    s->lv[s->depth].id = id;
    s->lv[s->depth].ordered = ordered;
    s->depth++;
    return GD_OK;
}
