/* HTML reader: document metadata from the page head — <title>, the
 * article meta tags Chinese government sites carry (ArticleTitle, PubDate,
 * ContentSource, SiteName: 政府网站发展指引, 国办发〔2017〕47号), Open
 * Graph, author/keywords/description, and the page language. */
#include "hr.h"

#include <stdlib.h>
#include <string.h>

#define META_MAX 1024

/* Collapses white space (including &nbsp;) of s into out, trimmed. */
static size_t collapse(char *out, size_t outsz, const char *s)
{
    size_t o = 0, len = strlen(s);
    bool space = false;
    for (size_t i = 0; i < len;) {
        size_t n;
        uint32_t c = hr_utf8_next(s + i, len - i, &n);
        if (hr_is_space(c) || c == 0x3000) {
            space = o > 0;
        } else if (!hr_is_invisible(c)) {
            if (o + n + 2 >= outsz) break;
            if (space) out[o++] = ' ';
            space = false;
            memcpy(out + o, s + i, n);
            o += n;
        }
        i += n;
    }
    out[o] = 0;
    return o;
}

static void text_of(char *out, size_t outsz, xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    collapse(out, outsz, t ? (const char *)t : "");
    xmlFree(t);
}

/* "文章标题_栏目_某某市人民政府" → "文章标题": the first part when the
 * page title carries the site's name after a separator. */
static void article_part(char *title)
{
    static const char *const seps[] = {"_", " | ", "｜", " - ", " – ", " — ", "--", "——"};
    char *cut = NULL;
    for (size_t i = 0; i < sizeof seps / sizeof *seps; i++) {
        char *p = strstr(title, seps[i]);
        if (p && (!cut || p < cut)) cut = p;
    }
    if (!cut) return;
    size_t chars = hr_utf8_count(title, (size_t)(cut - title));
    if (chars >= 6) {
        *cut = 0;
        size_t n = strlen(title);
        while (n && title[n - 1] == ' ') title[--n] = 0;
    }
}

static bool ieq(const char *a, const char *b)
{
    return a && strlen(a) == strlen(b) && hr_ascii_ieq(a, b, strlen(b));
}

static int set(hr_reader *r, const char *key, const char *value)
{
    if (!value || !*value || gd_doc_meta_get(r->doc, key)) return GD_OK;
    int rc = gd_doc_meta_set(r->doc, key, value);
    return rc ? gd_ctx_error(r->ctx, rc, "out of memory (metadata)") : GD_OK;
}

int hr_meta_read(hr_reader *r)
{
    xmlNodePtr root = xmlDocGetRootElement(r->dom);
    if (!root) return GD_OK;
    xmlNodePtr head = hr_find_element(root, "head");
    char *page = malloc(META_MAX), *val = malloc(META_MAX);
    if (!page || !val) {
        free(page);
        free(val);
        return gd_ctx_error(r->ctx, GD_ENOMEM, "out of memory (metadata)");
    }
    page[0] = 0;
    xmlNodePtr t = head ? hr_find_element(head, "title") : hr_find_element(root, "title");
    if (t) text_of(page, META_MAX, t);

    int rc = GD_OK;
    static const struct {
        const char *name, *key;
    } map[] = {
        {"ArticleTitle", "title"},          {"og:title", "title"},          {"PubDate", "date"},
        {"article:published_time", "date"}, {"publishdate", "date"},        {"dc.date", "date"},
        {"ContentSource", "issuer"},        {"author", "author"},           {"Author", "author"},
        {"keywords", "keywords"},           {"description", "description"}, {"SiteName", "site"},
        {"og:site_name", "site"},
    };
    /* Specific keys first: the map order is the preference order. */
    for (size_t k = 0; k < sizeof map / sizeof *map && rc == GD_OK; k++) {
        for (xmlNodePtr m = head ? head->children : NULL; m && rc == GD_OK; m = m->next) {
            if (m->type != XML_ELEMENT_NODE || strcmp((const char *)m->name, "meta") != 0) continue;
            const char *name = hr_attr(m, "name");
            if (!name) name = hr_attr(m, "property");
            const char *content = hr_attr(m, "content");
            if (!name || !content || !ieq(name, map[k].name)) continue;
            collapse(val, META_MAX, content);
            rc = set(r, map[k].key, val);
        }
    }
    if (rc == GD_OK && page[0]) {
        strcpy(val, page);
        article_part(val);
        rc = set(r, "title", val);
        if (rc == GD_OK && strcmp(gd_doc_meta_get(r->doc, "title"), page) != 0)
            rc = set(r, "page-title", page);
    }
    const char *lang = hr_attr(root, "lang");
    if (!lang) lang = hr_attr(root, "xml:lang");
    if (rc == GD_OK && lang && *lang) {
        collapse(val, 64, lang);
        rc = set(r, "language", val);
    }
    free(page);
    free(val);
    return rc;
}
