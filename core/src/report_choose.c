/* Choosing the template: the one whose labels the document uses most (the
 * labels only it has count three times), never by the year. */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

#define MIN_SCORE 6 /* fewer matching labels: not a report */

static int template_score(const tpl *t, const tokens *tk)
{
    /* distinct labels of the template found verbatim, the template's own
     * labels (absent from the other templates) three times over */
    size_t nl = t->labels.n + t->detect.n;
    bool *seen = calloc(nl + 1, 1);
    if (!seen) return 0;
    int score = 0;
    for (size_t i = 0; i < tk->n; i++) {
        const tok *k = &tk->v[i];
        if (k->kind != TOK_LABEL || strlen(k->norm) > GD_REPORT_MAX_LABEL_BYTES) continue;
        for (size_t j = 0; j < t->labels.n; j++)
            if (!seen[j] && strcmp(k->norm, t->labels.v[j]) == 0) seen[j] = true, score++;
        label_key key;
        gd__label_key(&key, k->norm);
        for (size_t j = 0; j < t->detect.n; j++)
            if (!seen[t->labels.n + j] && gd__label_match_keys(&key, &t->detect.k[j]) >= 80)
                seen[t->labels.n + j] = true, score += 3;
    }
    free(seen);
    return score;
}

const tpl *gd__template_choose(const tpl *const *tpls, size_t n, const tokens *tk)
{
    const tpl *best = NULL;
    int best_score = 0;
    for (size_t i = 0; i < n; i++) {
        int s = template_score(tpls[i], tk);
        if (s > best_score) best = tpls[i], best_score = s;
    }
    return best_score >= MIN_SCORE ? best : NULL;
}
