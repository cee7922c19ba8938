/* Documents: the arena, the root, metadata, resources and diagnostics. */
#include "internal.h"
#include "govdoc/gd_convert.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The node limit is the lower of what the caller set and what the memory
 * budget allows at GD_NODE_BYTES a node, so that a flood of tiny nodes
 * stops with a count ("more than N nodes") before it exhausts memory. */
static void update_node_limit(gd_doc *d)
{
    size_t by_memory = d->budget.limit ? d->budget.limit / GD_NODE_BYTES : GD_MAX_NODES;
    d->node_limit = d->node_limit_user < by_memory ? d->node_limit_user : by_memory;
    if (d->node_limit < 16) d->node_limit = 16;
}

int gd_doc_new(gd_doc **out)
{
    *out = NULL;
    gd_doc *d = calloc(1, sizeof *d);
    if (!d) return GD_ENOMEM;
    gd__budget_init(&d->budget, GD_DEFAULT_MAX_MEMORY);
    gd__arena_init(&d->arena);
    d->arena.budget = &d->budget;
    d->node_limit_user = GD_MAX_NODES;
    update_node_limit(d);
    d->root = gd__node_alloc(d, GD_NODE_DOCUMENT);
    if (!d->root) {
        free(d);
        return GD_ENOMEM;
    }
    *out = d;
    return GD_OK;
}

int gd_doc_set_node_limit(gd_doc *doc, size_t max_nodes)
{
    if (!doc || max_nodes == 0) return GD_EUSER;
    doc->node_limit_user = max_nodes < GD_MAX_NODES ? max_nodes : GD_MAX_NODES;
    update_node_limit(doc);
    return GD_OK;
}

int gd_doc_set_memory_limit(gd_doc *doc, size_t bytes)
{
    if (!doc) return GD_EUSER;
    doc->budget.limit = bytes;
    update_node_limit(doc);
    return doc->budget.used > bytes && bytes ? GD_ELIMIT : GD_OK;
}

size_t gd_doc_memory_limit(const gd_doc *doc)
{
    return doc ? doc->budget.limit : 0;
}

void gd_doc_memory(const gd_doc *doc, size_t *used, size_t *peak)
{
    if (used) *used = doc ? doc->budget.used : 0;
    if (peak) *peak = doc ? doc->budget.peak : 0;
}

int gd_doc_memory_exceeded(const gd_doc *doc)
{
    return doc && doc->budget.exceeded;
}

/* Appends p to an index array in the arena (doubling). */
static int index_push(gd_arena *a, void ***v, size_t *cap, size_t n, void *p)
{
    if (n == *cap) {
        size_t nc = *cap ? *cap * 2 : 16;
        void **nv = gd__arena_alloc(a, nc * sizeof *nv);
        if (!nv) return GD_ENOMEM;
        if (n) memcpy(nv, *v, n * sizeof *nv);
        *v = nv;
        *cap = nc;
    }
    (*v)[n] = p;
    return GD_OK;
}

void gd_doc_free(gd_doc *doc)
{
    if (!doc) return;
    gd__arena_release(&doc->arena);
    free(doc);
}

const gd_node *gd_doc_root(const gd_doc *doc)
{
    return doc ? doc->root : NULL;
}

gd_node *gd_doc_root_mut(gd_doc *doc)
{
    return doc ? doc->root : NULL;
}

int gd_doc_meta_set(gd_doc *doc, const char *key, const char *value)
{
    if (!doc || !key || !*key) return GD_EUSER;
    gd_kv *prev = NULL;
    for (gd_kv *kv = doc->meta; kv; prev = kv, kv = kv->next) {
        if (strcmp(kv->key, key) != 0) continue;
        if (value) {
            const char *v = gd__arena_utf8(&doc->arena, value, strlen(value), NULL);
            if (!v) return GD_ENOMEM;
            kv->value = v;
            return GD_OK;
        }
        if (prev)
            prev->next = kv->next;
        else
            doc->meta = kv->next;
        if (doc->meta_tail == kv) doc->meta_tail = prev;
        doc->meta_count--;
        return GD_OK;
    }
    if (!value) return GD_OK;
    gd_kv *kv = gd__arena_alloc(&doc->arena, sizeof *kv);
    if (!kv) return GD_ENOMEM;
    kv->key = gd__arena_strdup(&doc->arena, key);
    kv->value = gd__arena_utf8(&doc->arena, value, strlen(value), NULL);
    if (!kv->key || !kv->value) return GD_ENOMEM;
    if (doc->meta_tail)
        doc->meta_tail->next = kv;
    else
        doc->meta = kv;
    doc->meta_tail = kv;
    doc->meta_count++;
    return GD_OK;
}

const char *gd_doc_meta_get(const gd_doc *doc, const char *key)
{
    if (!doc || !key) return NULL;
    for (const gd_kv *kv = doc->meta; kv; kv = kv->next)
        if (strcmp(kv->key, key) == 0) return kv->value;
    return NULL;
}

size_t gd_doc_meta_count(const gd_doc *doc)
{
    return doc ? doc->meta_count : 0;
}

int gd_doc_meta_at(const gd_doc *doc, size_t i, const char **key, const char **value)
{
    if (!doc) return GD_EUSER;
    for (const gd_kv *kv = doc->meta; kv; kv = kv->next, i--) {
        if (i == 0) {
            if (key) *key = kv->key;
            if (value) *value = kv->value;
            return GD_OK;
        }
    }
    return GD_ENOTFOUND;
}

int gd_doc_resource_add(const char **id_out, gd_doc *doc, const char *mime, const void *data,
                        size_t len)
{
    if (id_out) *id_out = NULL;
    if (!doc || (!data && len)) return GD_EUSER;
    gd_resource *r = gd__arena_alloc(&doc->arena, sizeof *r);
    if (!r) return GD_ENOMEM;
    char id[32];
    snprintf(id, sizeof id, "res%zu", doc->res_count + 1);
    r->id = gd__arena_strdup(&doc->arena, id);
    r->mime = gd__arena_strdup(&doc->arena, mime ? mime : "application/octet-stream");
    uint8_t *copy = gd__arena_alloc(&doc->arena, len ? len : 1);
    if (!r->id || !r->mime || !copy) return GD_ENOMEM;
    if (len) memcpy(copy, data, len);
    r->data = copy;
    r->len = len;
    if (index_push(&doc->arena, (void ***)&doc->res_v, &doc->res_cap, doc->res_count, r))
        return GD_ENOMEM;
    if (doc->res_tail)
        doc->res_tail->next = r;
    else
        doc->res = r;
    doc->res_tail = r;
    doc->res_count++;
    if (id_out) *id_out = r->id;
    return GD_OK;
}

size_t gd_doc_resource_count(const gd_doc *doc)
{
    return doc ? doc->res_count : 0;
}

static void resource_out(const gd_resource *r, const char **id, const char **mime,
                         const uint8_t **data, size_t *len)
{
    if (id) *id = r->id;
    if (mime) *mime = r->mime;
    if (data) *data = r->data;
    if (len) *len = r->len;
}

int gd_doc_resource_at(const gd_doc *doc, size_t i, const char **id, const char **mime,
                       const uint8_t **data, size_t *len)
{
    if (!doc) return GD_EUSER;
    if (i >= doc->res_count) return GD_ENOTFOUND;
    resource_out(doc->res_v[i], id, mime, data, len);
    return GD_OK;
}

int gd_doc_resource_find(const gd_doc *doc, const char *id, const char **mime, const uint8_t **data,
                         size_t *len)
{
    if (!doc || !id) return GD_EUSER;
    /* ids are "res<N>": straight to the Nth */
    if (strncmp(id, "res", 3) == 0 && id[3] >= '1' && id[3] <= '9') {
        char *end;
        unsigned long long k = strtoull(id + 3, &end, 10);
        if (!*end && k >= 1 && k <= doc->res_count) {
            resource_out(doc->res_v[k - 1], NULL, mime, data, len);
            return GD_OK;
        }
        return GD_ENOTFOUND;
    }
    for (const gd_resource *r = doc->res; r; r = r->next) {
        if (strcmp(r->id, id) == 0) {
            resource_out(r, NULL, mime, data, len);
            return GD_OK;
        }
    }
    return GD_ENOTFOUND;
}

int gd_doc_diag_add(gd_doc *doc, gd_severity sev, const char *message)
{
    if (!doc || !message) return GD_EUSER;
    /* A document with a warning per line must not grow without end: past
     * GD_MAX_DIAGS, one last diagnostic says how many more were dropped
     * (its count is updated as they come). */
    if (doc->diag_count >= GD_MAX_DIAGS) {
        doc->diag_dropped++;
        char msg[96];
        snprintf(msg, sizeof msg, "%zu more diagnostics not kept", doc->diag_dropped);
        gd_diag *last = doc->diag_tail;
        if (doc->diag_count == GD_MAX_DIAGS) {
            last = gd__arena_alloc(&doc->arena, sizeof *last);
            if (!last) return GD_ENOMEM;
            last->sev = GD_SEV_WARNING;
            if (index_push(&doc->arena, (void ***)&doc->diag_v, &doc->diag_cap, doc->diag_count,
                           last))
                return GD_ENOMEM;
            doc->diag_tail->next = last;
            doc->diag_tail = last;
            doc->diag_count++;
        }
        if (sev > last->sev) last->sev = sev;
        char *m = gd__arena_strdup(&doc->arena, msg);
        if (!m) return GD_ENOMEM;
        last->message = m;
        return GD_OK;
    }
    gd_diag *d = gd__arena_alloc(&doc->arena, sizeof *d);
    if (!d) return GD_ENOMEM;
    d->sev = sev;
    d->message = gd__arena_utf8(&doc->arena, message, strlen(message), NULL);
    if (!d->message) return GD_ENOMEM;
    if (index_push(&doc->arena, (void ***)&doc->diag_v, &doc->diag_cap, doc->diag_count, d))
        return GD_ENOMEM;
    if (doc->diag_tail)
        doc->diag_tail->next = d;
    else
        doc->diag = d;
    doc->diag_tail = d;
    doc->diag_count++;
    return GD_OK;
}

size_t gd_doc_diag_count(const gd_doc *doc)
{
    return doc ? doc->diag_count : 0;
}

int gd_doc_diag_at(const gd_doc *doc, size_t i, gd_severity *sev, const char **message)
{
    if (!doc) return GD_EUSER;
    if (i >= doc->diag_count) return GD_ENOTFOUND;
    const gd_diag *d = doc->diag_v[i];
    if (sev) *sev = d->sev;
    if (message) *message = d->message;
    return GD_OK;
}

const gd_report *gd_doc_report(const gd_doc *doc)
{
    return doc ? doc->report : NULL;
}
