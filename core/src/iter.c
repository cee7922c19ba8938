/* ENTER/EXIT iteration over a subtree by parent and sibling links, so no
 * depth of nesting can exhaust the stack (cmark's iterator). */
#include "internal.h"

#include <stdlib.h>

struct gd_iter {
    const gd_node *root;
    const gd_node *cur;
    gd_event ev;
    bool skip; /* next event is the EXIT of cur */
};

int gd_iter_new(gd_iter **out, const gd_node *root)
{
    *out = NULL;
    if (!root) return GD_EUSER;
    gd_iter *it = calloc(1, sizeof *it);
    if (!it) return GD_ENOMEM;
    it->root = root;
    it->ev = GD_EVENT_NONE;
    *out = it;
    return GD_OK;
}

void gd_iter_free(gd_iter *it)
{
    free(it);
}

const gd_node *gd_iter_node(const gd_iter *it)
{
    return it ? it->cur : NULL;
}

gd_event gd_iter_next(gd_iter *it)
{
    switch (it->ev) {
    case GD_EVENT_NONE:
        it->cur = it->root;
        it->ev = GD_EVENT_ENTER;
        return it->ev;
    case GD_EVENT_ENTER:
        if (it->cur->first && !it->skip) {
            it->cur = it->cur->first;
            it->ev = GD_EVENT_ENTER;
        } else {
            it->ev = GD_EVENT_EXIT; /* a leaf exits right after entering */
        }
        it->skip = false;
        return it->ev;
    case GD_EVENT_EXIT:
        if (it->cur == it->root) {
            it->ev = GD_EVENT_DONE;
            it->cur = NULL;
        } else if (it->cur->next) {
            it->cur = it->cur->next;
            it->ev = GD_EVENT_ENTER;
        } else {
            it->cur = it->cur->parent;
            it->ev = GD_EVENT_EXIT;
        }
        return it->ev;
    case GD_EVENT_DONE: return GD_EVENT_DONE;
    }
    return GD_EVENT_DONE;
}

void gd_iter_skip_children(gd_iter *it)
{
    if (it && it->ev == GD_EVENT_ENTER) it->skip = true;
}
