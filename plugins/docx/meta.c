/* docProps/core.xml (Dublin Core) → document metadata: title, author,
 * subject, description, keywords, language, created/modified dates. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

typedef struct meta_ctx {
    docx *dx;
    const char *key; /* metadata key of the element being read */
    gdh_buf text;
} meta_ctx;

static const char *key_for(int el)
{
    switch (el) {
    case E_TITLE: return "title";
    case E_CREATOR: return "author";
    case E_SUBJECT: return "subject";
    case E_DESCRIPTION: return "description";
    case E_KEYWORDS: return "keywords";
    case E_LANGUAGE: return "language";
    case E_CREATED: return "date";
    case E_MODIFIED: return "modified";
    default: return NULL;
    }
}

static void m_start(void *self, const dx_ev *e)
{
    meta_ctx *c = self;
    c->key = key_for(e->el);
    c->text.len = 0;
    if (c->text.p) c->text.p[0] = 0;
}

static void m_end(void *self, int el)
{
    meta_ctx *c = self;
    if (!c->key || key_for(el) != c->key) return;
    /* trim */
    if (!c->text.p) {
        c->key = NULL;
        return;
    }
    char *s = c->text.p;
    size_t n = c->text.len;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == '\t')) n--;
    while (n && (*s == ' ' || *s == '\n' || *s == '\r' || *s == '\t')) s++, n--;
    s[n] = 0;
    if (n && !gd_doc_meta_get(c->dx->doc, c->key)) gd_doc_meta_set(c->dx->doc, c->key, s);
    c->key = NULL;
}

static void m_text(void *self, const char *s, size_t len)
{
    meta_ctx *c = self;
    if (c->key && c->text.len < 65536 && gdh_buf_add(&c->text, s, len))
        dx_fail(c->dx, GD_ENOMEM, "out of memory");
}

static int load(docx *dx, const char *part)
{
    meta_ctx c = {dx, NULL, {0}};
    dx_consumer cons = {m_start, m_end, m_text, &c};
    int rc = dx_xml_parse_part(dx, part, &cons);
    gdh_buf_free(&c.text);
    return rc;
}

int dx_meta_load(docx *dx)
{
    /* Metadata is a bonus: a broken properties part costs a warning only. */
    if (!dx->core_part || !dx_part_exists(dx, dx->core_part)) return dx->rc;
    dx_soft_begin(dx);
    load(dx, dx->core_part);
    return dx_soft_end(dx, "document properties");
}
