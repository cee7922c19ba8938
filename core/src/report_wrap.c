/* Joining labels wrapped by pdftotext -layout: it prints a table row on one
 * line and wraps its long labels onto the lines below, each fragment at its
 * label's column. A label that matches no row well is joined with the
 * fragments below it, as long as the joined text matches a row better. */
#include "report_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int gd__join_wrapped(const tpl *t, tokens *tk)
{
    for (size_t i = 0; i < tk->n;) {
        size_t e = i + 1;
        if (tk->v[i].table || !tk->v[i].lineno) {
            i++;
            continue;
        }
        while (e < tk->n && tk->v[e].lineno == tk->v[i].lineno && !tk->v[e].table) e++;
        size_t first_value = e;
        for (size_t k = i; k < e && first_value == e; k++)
            if (tk->v[k].kind != TOK_LABEL) first_value = k;
        for (size_t k = i; first_value < e && k < first_value; k++) {
            tok *lab = &tk->v[k];
            int best = gd__classify(t, lab, false).score, best_n = 0, n = 0;
            if (lab->absorbed || best >= 90) continue;
            tok trial = *lab;
            size_t frags[16];
            char *text = gd__asprintf("%s", lab->raw);
            if (!text) return GD_ENOMEM;
            for (size_t j = e; n < 16 && j < tk->n && !tk->v[j].table && tk->v[j].lineno;) {
                size_t je = j + 1;
                bool values = tk->v[j].kind != TOK_LABEL;
                while (je < tk->n && tk->v[je].lineno == tk->v[j].lineno && !tk->v[je].table)
                    values |= tk->v[je++].kind != TOK_LABEL;
                if (values) break; /* the next row */
                size_t f = SIZE_MAX;
                for (size_t q = j; q < je; q++)
                    if (!tk->v[q].absorbed && abs(tk->v[q].x - lab->x) <= 2) f = q;
                if (f == SIZE_MAX) break;
                char *joined = gd__asprintf("%s%s", text, tk->v[f].raw);
                free(text);
                if (!(text = joined)) return GD_ENOMEM;
                frags[n++] = f;
                trial.norm = gd__label_norm(text, strlen(text));
                if (!trial.norm) {
                    free(text);
                    return GD_ENOMEM;
                }
                int score = gd__classify(t, &trial, false).score;
                free(trial.norm);
                if (score > best) best = score, best_n = n;
                if (score == 100) break;
                j = je;
            }
            free(text);
            for (int q = 0; q < best_n; q++) {
                tok *frag = &tk->v[frags[q]];
                char *raw = gd__asprintf("%s%s", lab->raw, frag->raw);
                char *norm = raw ? gd__label_norm(raw, strlen(raw)) : NULL;
                if (!norm) {
                    free(raw);
                    return GD_ENOMEM;
                }
                free(lab->raw);
                free(lab->norm);
                lab->raw = raw;
                lab->norm = norm;
                frag->absorbed = true;
            }
        }
        i = e;
    }
    return GD_OK;
}
