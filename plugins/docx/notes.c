/* footnotes.xml / endnotes.xml / comments.xml: each note's content is
 * recorded as events (dx_log) when the part is read, and replayed where it
 * is referenced. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

typedef struct notes_ctx {
    docx *dx;
    dx_notes *notes;
    dx_note *cur;
    int depth;     /* element depth in the part */
    int rec_depth; /* depth of the note element being recorded; 0 = none */
    int skip_depth;
} notes_ctx;

static void n_start(void *self, const dx_ev *e)
{
    notes_ctx *c = self;
    c->depth++;
    if (c->skip_depth) return;
    if (c->cur) {
        if (dx_log_start(&c->cur->log, e)) dx_fail(c->dx, GD_ENOMEM, "out of memory");
        return;
    }
    if (e->el != E_FOOTNOTE && e->el != E_ENDNOTE && e->el != E_COMMENT) return;
    char type[64];
    if (dx_attr_get(e, NS_W, "type", type, sizeof type) && strcmp(type, "normal") != 0) {
        c->skip_depth = c->depth; /* separators and continuation notices */
        return;
    }
    dx_notes *ns = c->notes;
    if (ns->n == ns->cap) {
        size_t cap = ns->cap ? ns->cap * 2 : 16;
        dx_note *v = realloc(ns->v, cap * sizeof *v);
        if (!v) {
            dx_fail(c->dx, GD_ENOMEM, "out of memory");
            return;
        }
        ns->v = v;
        ns->cap = cap;
    }
    c->cur = &ns->v[ns->n++];
    memset(c->cur, 0, sizeof *c->cur);
    c->cur->id = dx_attr_long(e, NS_W, "id", -1000000);
    char author[256];
    if (e->el == E_COMMENT && dx_attr_get(e, NS_W, "author", author, sizeof author) && author[0])
        c->cur->author = dx_strdup(author);
    c->rec_depth = c->depth;
}

static void n_end(void *self, int el)
{
    notes_ctx *c = self;
    int d = c->depth--;
    if (c->skip_depth) {
        if (d == c->skip_depth) c->skip_depth = 0;
        return;
    }
    if (!c->cur) return;
    if (d == c->rec_depth) {
        c->cur = NULL;
        c->rec_depth = 0;
        return;
    }
    if (dx_log_end(&c->cur->log, el)) dx_fail(c->dx, GD_ENOMEM, "out of memory");
}

static void n_text(void *self, const char *s, size_t len)
{
    notes_ctx *c = self;
    if (c->cur && !c->skip_depth && dx_log_text(&c->cur->log, s, len))
        dx_fail(c->dx, GD_ENOMEM, "out of memory");
}

static const dx_notes *sort_notes; /* qsort has no context argument */

static int cmp_note_pos(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    long ix = sort_notes->v[x].id, iy = sort_notes->v[y].id;
    if (ix != iy) return ix < iy ? -1 : 1;
    return x < y ? -1 : x > y;
}

int dx_notes_load(docx *dx, const char *part, dx_notes *out)
{
    int rc = dx_rels_load(dx, part, &out->rels);
    if (rc) return rc;
    notes_ctx c = {dx, out, NULL, 0, 0, 0};
    dx_consumer cons = {n_start, n_end, n_text, &c};
    rc = dx_xml_parse_part(dx, part, &cons);
    if (out->n) {
        /* an index by id: each note reference looks its note up */
        out->by_id = malloc(out->n * sizeof *out->by_id);
        if (!out->by_id) return dx_fail(dx, GD_ENOMEM, "out of memory");
        for (size_t i = 0; i < out->n; i++) out->by_id[i] = i;
        sort_notes = out;
        qsort(out->by_id, out->n, sizeof *out->by_id, cmp_note_pos);
        sort_notes = NULL;
    }
    return rc;
}

const dx_note *dx_notes_find(const dx_notes *notes, long id)
{
    if (!notes->by_id) return NULL;
    /* the first note with this id, as a linear search would find */
    size_t lo = 0, hi = notes->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (notes->v[notes->by_id[mid]].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < notes->n && notes->v[notes->by_id[lo]].id == id ? &notes->v[notes->by_id[lo]]
                                                                : NULL;
}

void dx_notes_free(dx_notes *notes)
{
    for (size_t i = 0; i < notes->n; i++) {
        dx_log_free(&notes->v[i].log);
        free(notes->v[i].author);
    }
    free(notes->v);
    free(notes->by_id);
    dx_rels_free(&notes->rels);
    memset(notes, 0, sizeof *notes);
}
