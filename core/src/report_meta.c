/* The report's metadata: the agency and the year, read from the title and
 * the preamble with the words the template names (formats/templates,
 * "metadata"), and recorded as document metadata when the input had none. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

#define TITLE_BLOCKS    8   /* the title is among the first blocks */
#define TITLE_MAX       300 /* bytes; longer blocks are text */
#define PREAMBLE_BLOCKS 12  /* and so is the preamble */
#define AGENCY_MAX      120 /* bytes */
#define AGENCY_MIN      6   /* bytes: two characters at least */

/* The first "NNNN年" not preceded by a digit. */
static const char *find_year(const char *s)
{
    for (const char *p = s; p && *p; p++) {
        if (p[0] >= '1' && p[0] <= '2' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && strncmp(p + 4, "年", 3) == 0 &&
            (p == s || p[-1] < '0' || p[-1] > '9'))
            return p;
    }
    return NULL;
}

/* The earliest occurrence in s of any of the words, or NULL; *len its length. */
static const char *first_of(const char *s, const tpl_words *w, size_t *len)
{
    const char *best = NULL;
    for (size_t i = 0; i < w->n; i++) {
        const char *p = strstr(s, w->v[i]);
        if (p && (!best || p < best)) {
            best = p;
            if (len) *len = strlen(w->v[i]);
        }
    }
    return best;
}

/* The text after the first `open` word up to the first `close` word after
 * it, when it is 1..max bytes long. */
static char *between(gd_doc *doc, const char *s, const tpl_words *open, const tpl_words *close,
                     size_t max)
{
    size_t n = 0;
    const char *a = first_of(s, open, &n);
    if (!a) return NULL;
    a += n;
    const char *end = first_of(a, close, NULL);
    if (!end || end == a || (size_t)(end - a) > max) return NULL;
    return gd__arena_strndup(&doc->arena, a, (size_t)(end - a));
}

void gd__report_metadata(gd_report *r, gd_doc *doc, const tokens *tk)
{
    const tpl_meta *m = &r->tpl->meta;
    const char *title = gd_doc_meta_get(doc, "title");
    char *found = NULL;
    if (!title) {
        for (size_t b = 0; b < tk->nblocks && b < TITLE_BLOCKS && !title; b++) {
            char *s = gd_node_text_dup(tk->blocks[b]);
            if (s && first_of(s, &m->title_words, NULL) && strlen(s) < TITLE_MAX) {
                title = found = gd__arena_strdup(&doc->arena, s);
            }
            free(s);
        }
    }
    const char *y = title ? find_year(title) : NULL;
    /* the preamble: the text before the first section */
    char *pre = NULL;
    for (size_t b = 0; b < tk->nblocks && b < PREAMBLE_BLOCKS && !pre; b++) {
        char *s = gd_node_text_dup(tk->blocks[b]);
        if (s && first_of(s, &m->preamble_words, NULL)) pre = gd__arena_strdup(&doc->arena, s);
        free(s);
    }
    if (!y && pre) {
        const char *p = first_of(pre, &m->year_after, NULL);
        y = find_year(p ? p : pre);
    }
    if (y)
        r->year = gd__arena_strndup(&doc->arena, y, 4);
    else
        r->year = gd_doc_meta_get(doc, "year");

    char *agency = pre ? between(doc, pre, &m->agency_after, &m->agency_before, AGENCY_MAX) : NULL;
    if (agency && strlen(agency) < AGENCY_MIN) agency = NULL;
    if (!agency && title) {
        const char *cut = y ? y : strstr(title, r->tpl->title);
        if (cut && cut > title)
            agency = gd__arena_strndup(&doc->arena, title, (size_t)(cut - title));
    }
    if (!agency) agency = (char *)gd_doc_meta_get(doc, "issuer");
    r->agency = agency;
    if (r->agency && !gd_doc_meta_get(doc, "issuer")) gd_doc_meta_set(doc, "issuer", r->agency);
    if (r->year && !gd_doc_meta_get(doc, "year")) gd_doc_meta_set(doc, "year", r->year);
    if (found && !gd_doc_meta_get(doc, "title")) gd_doc_meta_set(doc, "title", found);
}
