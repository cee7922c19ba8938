/* A report model attached by the caller instead of recognised (tests, and
 * applications that check a document themselves): a template id, no
 * fields, and the check results the caller adds, named by field keys. */
#include "report_internal.h"
#include "govdoc/gd_report.h"

#include <string.h>

int gd_report_attach(gd_doc *doc, const char *template_id)
{
    if (!doc || !template_id) return GD_EUSER;
    gd_arena *a = &doc->arena;
    tpl *t = gd__arena_alloc(a, sizeof *t);
    gd_report *r = gd__arena_alloc(a, sizeof *r);
    if (!t || !r || !(t->id = gd__arena_strdup(a, template_id))) return GD_ENOMEM;
    r->tpl = t;
    doc->report = r;
    return GD_OK;
}

int gd_report_add_check(gd_doc *doc, const char *rule, int ok, const char *message,
                        const char *const *keys, size_t nkeys)
{
    gd_report *r = doc ? doc->report : NULL;
    if (!r || !rule || !message || (nkeys && !keys)) return GD_EUSER;
    gd_arena *a = &doc->arena;
    if (r->nchecks == r->capchecks) {
        size_t cap = r->capchecks ? r->capchecks * 2 : 16;
        report_check *v = gd__arena_alloc(a, cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        if (r->nchecks) memcpy(v, r->checks, r->nchecks * sizeof *v);
        r->checks = v;
        r->capchecks = cap;
    }
    report_check c = {0};
    c.rule = gd__arena_strdup(a, rule);
    c.message = gd__arena_strdup(a, message);
    c.ok = ok != 0;
    c.keys = nkeys ? gd__arena_alloc(a, nkeys * sizeof *c.keys) : NULL;
    if (!c.rule || !c.message || (nkeys && !c.keys)) return GD_ENOMEM;
    for (size_t k = 0; k < nkeys; k++)
        if (!keys[k] || !(c.keys[k] = gd__arena_strdup(a, keys[k])))
            return keys[k] ? GD_ENOMEM : GD_EUSER;
    c.nfields = nkeys;
    r->checks[r->nchecks++] = c;
    return GD_OK;
}
