/* Templates from GOVDOC_TEMPLATE_PATH are input like any other: before one
 * is compiled, its JSON is measured against limits far above what a real
 * template needs (the national ones: strings ≤ 130 bytes, arrays ≤ 30
 * members, depth 7, 2 prose alternatives), so no template can make the
 * checks build messages or tables of unbounded size. A template over a
 * limit is refused with a warning naming the file and the limit. */
#define _GNU_SOURCE
#include "report_internal.h"

#include <jansson.h>
#include <string.h>

#define TPL_MAX_STRING  512   /* bytes of any label, name, heading, key */
#define TPL_MAX_MEMBERS 512   /* members of any array or object */
#define TPL_MAX_DEPTH   16    /* nesting */
#define TPL_MAX_NODES   65536 /* JSON values in all */
#define TPL_MAX_ALTS    8     /* prose: sums a stated number may equal */
#define TPL_MAX_SPAN    64    /* rowspan, colspan, columns */

typedef struct walk {
    size_t nodes;
    char *why;
} walk;

static bool too(walk *w, const char *fmt, ...) GD_PRINTF(2, 3);
static bool too(walk *w, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    w->why = gd__vasprintf(fmt, ap);
    va_end(ap);
    return false;
}

static bool span_ok(walk *w, const char *key, json_t *v)
{
    if (!json_is_integer(v)) return true; /* "columns" of a rule is a list */
    if (json_integer_value(v) > TPL_MAX_SPAN)
        return too(w, "\"%s\" of %lld is over the limit of %d", key,
                   (long long)json_integer_value(v), TPL_MAX_SPAN);
    return true;
}

static bool measure(walk *w, json_t *v, const char *key, int depth)
{
    if (++w->nodes > TPL_MAX_NODES)
        return too(w, "more than %d JSON values (the limit)", TPL_MAX_NODES);
    if (depth > TPL_MAX_DEPTH) return too(w, "nested deeper than %d levels", TPL_MAX_DEPTH);
    if (json_is_string(v) && json_string_length(v) > TPL_MAX_STRING)
        return too(w, "a string in \"%s\" of %zu bytes exceeds the %d-byte limit",
                   key ? key : "(array)", json_string_length(v), TPL_MAX_STRING);
    if (json_is_array(v)) {
        if (json_array_size(v) > TPL_MAX_MEMBERS)
            return too(w, "\"%s\" has %zu members, over the limit of %d", key ? key : "(array)",
                       json_array_size(v), TPL_MAX_MEMBERS);
        size_t i;
        json_t *m;
        json_array_foreach(v, i, m)
        {
            if (!measure(w, m, key, depth + 1)) return false;
        }
    } else if (json_is_object(v)) {
        if (json_object_size(v) > TPL_MAX_MEMBERS)
            return too(w, "an object has %zu members, over the limit of %d", json_object_size(v),
                       TPL_MAX_MEMBERS);
        const char *k;
        json_t *m;
        json_object_foreach(v, k, m)
        {
            if (strlen(k) > TPL_MAX_STRING)
                return too(w, "a key of %zu bytes exceeds the %d-byte limit", strlen(k),
                           TPL_MAX_STRING);
            if (!measure(w, m, k, depth + 1)) return false;
        }
        json_t *alts = json_object_get(v, "equals_any");
        if (alts && json_array_size(alts) > TPL_MAX_ALTS)
            return too(w,
                       "a prose check has %zu alternatives (\"equals_any\"), over the limit of %d",
                       json_array_size(alts), TPL_MAX_ALTS);
        if (!span_ok(w, "rowspan", json_object_get(v, "rowspan")) ||
            !span_ok(w, "colspan", json_object_get(v, "colspan")) ||
            !span_ok(w, "columns", json_object_get(v, "columns")))
            return false;
    }
    return true;
}

int gd__template_limits(json_t *root, char **why)
{
    walk w = {0, NULL};
    if (measure(&w, root, NULL, 0)) return GD_OK;
    *why = w.why;
    return GD_ELIMIT;
}
