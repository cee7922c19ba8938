/* Documents: the arena, the root, metadata, resources and diagnostics. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int gd_doc_new(gd_doc **out)
{
    *out = NULL;
    gd_doc *d = calloc(1, sizeof *d);
    if (!d) return GD_ENOMEM;
    gd__arena_init(&d->arena);
    d->node_limit = GD_MAX_NODES;
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
    doc->node_limit = max_nodes < GD_MAX_NODES ? max_nodes : GD_MAX_NODES;
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
    for (const gd_resource *r = doc->res; r; r = r->next, i--) {
        if (i == 0) {
            resource_out(r, id, mime, data, len);
            return GD_OK;
        }
    }
    return GD_ENOTFOUND;
}

int gd_doc_resource_find(const gd_doc *doc, const char *id, const char **mime, const uint8_t **data,
                         size_t *len)
{
    if (!doc || !id) return GD_EUSER;
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
    gd_diag *d = gd__arena_alloc(&doc->arena, sizeof *d);
    if (!d) return GD_ENOMEM;
    d->sev = sev;
    d->message = gd__arena_utf8(&doc->arena, message, strlen(message), NULL);
    if (!d->message) return GD_ENOMEM;
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
    for (const gd_diag *d = doc->diag; d; d = d->next, i--) {
        if (i == 0) {
            if (sev) *sev = d->sev;
            if (message) *message = d->message;
            return GD_OK;
        }
    }
    return GD_ENOTFOUND;
}

const gd_report *gd_doc_report(const gd_doc *doc)
{
    return doc ? doc->report : NULL;
}
