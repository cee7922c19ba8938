/* Classifying a label token: which template row, group, anchor or section
 * heading it names, and how well (the best match of its normalised text
 * against the template's labels and aliases). */
#include "report_internal.h"

#include <string.h>

static int best_of(const tpl_strs *s, const label_key *k)
{
    int best = 0;
    for (size_t i = 0; i < s->n; i++) {
        int m = gd__label_match_keys(k, &s->k[i]);
        if (m > best) best = m;
    }
    return best;
}

cls gd__classify(const tpl *t, const tok *k, bool headings_allowed)
{
    cls c = {CLS_NONE, -1, -1, 0};
    if (k->kind != TOK_LABEL || k->absorbed || strlen(k->norm) > GD_REPORT_MAX_LABEL_BYTES)
        return c;
    label_key key;
    gd__label_key(&key, k->norm);
    if (headings_allowed && !k->table) {
        const char *un = gd__label_unnumbered(k->norm);
        for (size_t s = 0; s < t->nsections; s++)
            for (size_t a = 0; a < t->sections[s].match.n; a++)
                if (strcmp(un, t->sections[s].match.v[a]) == 0)
                    return (cls){CLS_SECTION, -1, (int)s, 100};
    }
    for (size_t ti = 0; ti < t->ntables; ti++) {
        const tpl_table *tb = &t->tables[ti];
        for (size_t r = 0; r < tb->nrows; r++) {
            const tpl_row *row = &tb->rows[r];
            if (!row->nfields) continue;
            int m = best_of(&row->match, &key);
            if (m > c.score) c = (cls){CLS_ROW, (int)ti, (int)r, m};
            m = best_of(&row->anchor, &key) == 100 ? 100 : 0;
            if (m > c.score) c = (cls){CLS_ANCHOR, (int)ti, (int)r, m};
        }
        for (size_t g = 0; g < tb->ngroups; g++) {
            int m = best_of(&tb->groups[g].match, &key);
            if (m > c.score) c = (cls){CLS_GROUP, (int)ti, (int)g, m};
        }
    }
    if (c.score < 70) c.kind = CLS_NONE;
    return c;
}
