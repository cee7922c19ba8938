/* HTML reader (issue 5): government web pages and ordinary documents into
 * the IR. The steps, one file each:
 *   hr_sniff.c      declared charset → gd_charset_to_utf8 (BOM > declared > detected)
 *   hr_prep.c       UTF-8 made safe for libxml2, Word conditionals removed
 *   hr_parse.c      libxml2's HTML parser, errors collected as warnings
 *   hr_meta.c       title and meta tags → metadata
 *   hr_container.c  the article container (site chrome left out)
 *   hr_walk.c       DOM → builder calls (hr_table.c, hr_image.c, hr_para.c,
 *                   hr_heading.c, hr_css.c) */
#include "hr.h"

#include <stdlib.h>
#include <string.h>

static int html_probe(const gd_probe_input *in)
{
    return hr_probe_score(in->head, in->head_len);
}

/* True when `needle` occurs in the text of `n`, white space ignored. */
static bool text_contains(xmlNodePtr n, const char *needle)
{
    xmlChar *t = xmlNodeGetContent(n);
    if (!t) return false;
    size_t len = strlen((const char *)t), o = 0;
    char *flat = (char *)t;
    for (size_t i = 0; i < len;) { /* squeeze out white space in place */
        size_t k;
        uint32_t c = hr_utf8_next(flat + i, len - i, &k);
        if (!hr_is_space(c) && c != 0x3000) memmove(flat + o, flat + i, k), o += k;
        i += k;
    }
    flat[o] = 0;
    char want[1024];
    size_t w = 0;
    for (size_t i = 0, nl = strlen(needle); i < nl && w + 4 < sizeof want;) {
        size_t k;
        uint32_t c = hr_utf8_next(needle + i, nl - i, &k);
        if (!hr_is_space(c) && c != 0x3000) memcpy(want + w, needle + i, k), w += k;
        i += k;
    }
    want[w] = 0;
    bool found = w == 0 || strstr(flat, want) != NULL;
    xmlFree(t);
    return found;
}

/* An article container read without the page around it usually leaves its
 * title behind (in an <h1> above the CMS's content element): the title
 * then opens the document, as a level-1 heading with role=title. */
static int title_heading(hr_reader *r, xmlNodePtr container)
{
    const char *title = gd_doc_meta_get(r->doc, "title");
    if (!r->opt_title || !title || !*title || text_contains(container, title)) return GD_OK;
    gd_node *h;
    int rc = gd_builder_open(r->b, GD_NODE_HEADING, &h);
    if (!rc) rc = gd_node_set_level(h, 1);
    if (!rc) rc = gd_node_set_attr(h, "role", "title");
    if (!rc) rc = gd_node_set_attr(h, "align", "center");
    if (!rc) rc = gd_builder_text(r->b, title, strlen(title), 0);
    if (!rc) rc = gd_builder_close(r->b, GD_NODE_HEADING);
    r->first_block_done = true;
    return rc;
}

static void reader_free(hr_reader *r)
{
    if (r->dom) xmlFreeDoc(r->dom);
    free(r->frames);
    free(r->tables);
    free(r->notes);
    hr_fonts_free(r);
}

static int html_read_page(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc);

static int html_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    hr_budget_saved saved;
    bool hooked = hr_budget_begin(&saved) == 0;
    int rc = html_read_page(ctx, data, len, doc);
    if (hooked) hr_budget_end(&saved);
    return rc;
}

static int html_read_page(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    hr_reader r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.doc = doc;
    r.opt_fonts = gd_ctx_option_bool(ctx, "fonts");
    r.opt_headings = gd_ctx_option_bool(ctx, "headings");
    r.opt_word_lists = gd_ctx_option_bool(ctx, "word-lists");
    r.opt_title = gd_ctx_option_bool(ctx, "title");
    const char *content = gd_ctx_option(ctx, "content");
    r.opt_article = !content || strcmp(content, "body") != 0;
    if (len > HR_MAX_INPUT)
        return gd_ctx_error(ctx, GD_ELIMIT, "HTML page of %zu bytes exceeds the %u-byte limit", len,
                            HR_MAX_INPUT);

    char label[64];
    const char *declared = hr_sniff_charset(data, len, label, sizeof label);
    char *utf8 = NULL;
    size_t utf8_len = 0;
    const char *charset = NULL;
    int rc = gd_charset_to_utf8(&utf8, &utf8_len, &charset, ctx, data, len, declared);
    if (rc) {
        gd_free(utf8);
        return gd_ctx_error(ctx, rc, "cannot decode the page's characters");
    }
    /* as the TXT reader does: archivists want to know what the file was */
    gd_doc_meta_set(doc, "source-charset", charset);
    size_t prep_len = 0;
    char *prep = hr_prepare(utf8, utf8_len, &prep_len);
    gd_free(utf8);
    if (!prep) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory (HTML text)");
    if (prep_len > HR_MAX_INPUT) {
        free(prep);
        return gd_ctx_error(ctx, GD_ELIMIT, "decoded HTML exceeds the %u-byte limit", HR_MAX_INPUT);
    }
    gd_mem_charge(prep_len); /* held while it is parsed */
    rc = hr_parse(&r, prep, prep_len);
    free(prep);
    gd_mem_release(prep_len);
    if (!rc) rc = hr_meta_read(&r);
    if (!rc) rc = gd_builder_new(&r.b, ctx, doc);
    if (!rc) {
        bool article;
        xmlNodePtr root = hr_container_find(&r, &article);
        if (root && article) rc = title_heading(&r, root);
        if (root) hr_notes_index(&r, xmlDocGetRootElement(r.dom));
        if (root && !rc) rc = hr_walk(&r, root);
        if (root && !rc) rc = hr_attach_emit(&r);
        if (!rc) rc = gd_builder_finish(r.b);
    }
    reader_free(&r);
    return rc;
}

static const gd_option_desc html_options[] = {
    {"content", GD_OPT_ENUM, "article", "article|body",
     "article: read the page's article container without site chrome; body: the whole body"},
    {"headings", GD_OPT_BOOL, "true", NULL,
     "recognise numbered Chinese headings (一、 （一）) written as plain paragraphs"},
    {"fonts", GD_OPT_BOOL, "true", NULL, "keep font names (font face, CSS font-family)"},
    {"title", GD_OPT_BOOL, "true", NULL,
     "open the document with the page's title when the article container leaves it out"},
    {"word-lists", GD_OPT_BOOL, "true", NULL,
     "make lists of Word's list paragraphs (mso-list) with bullets or Western numbers"},
    {NULL, 0, NULL, NULL, NULL},
};

/* The registry skips this reader (and libxml2's loading) for input whose
 * first bytes hold no tag start: exactly what hr_probe_score requires
 * (hr_tag_start, hr_util.h). */
static const gd_signature html_signatures[] = {
    {"<a", 2, 0, HR_PROBE_WINDOW},  {"<b", 2, 0, HR_PROBE_WINDOW},
    {"<c", 2, 0, HR_PROBE_WINDOW},  {"<d", 2, 0, HR_PROBE_WINDOW},
    {"<e", 2, 0, HR_PROBE_WINDOW},  {"<f", 2, 0, HR_PROBE_WINDOW},
    {"<g", 2, 0, HR_PROBE_WINDOW},  {"<h", 2, 0, HR_PROBE_WINDOW},
    {"<i", 2, 0, HR_PROBE_WINDOW},  {"<j", 2, 0, HR_PROBE_WINDOW},
    {"<k", 2, 0, HR_PROBE_WINDOW},  {"<l", 2, 0, HR_PROBE_WINDOW},
    {"<m", 2, 0, HR_PROBE_WINDOW},  {"<n", 2, 0, HR_PROBE_WINDOW},
    {"<o", 2, 0, HR_PROBE_WINDOW},  {"<p", 2, 0, HR_PROBE_WINDOW},
    {"<q", 2, 0, HR_PROBE_WINDOW},  {"<r", 2, 0, HR_PROBE_WINDOW},
    {"<s", 2, 0, HR_PROBE_WINDOW},  {"<t", 2, 0, HR_PROBE_WINDOW},
    {"<u", 2, 0, HR_PROBE_WINDOW},  {"<v", 2, 0, HR_PROBE_WINDOW},
    {"<w", 2, 0, HR_PROBE_WINDOW},  {"<x", 2, 0, HR_PROBE_WINDOW},
    {"<y", 2, 0, HR_PROBE_WINDOW},  {"<z", 2, 0, HR_PROBE_WINDOW},
    {"<A", 2, 0, HR_PROBE_WINDOW},  {"<B", 2, 0, HR_PROBE_WINDOW},
    {"<C", 2, 0, HR_PROBE_WINDOW},  {"<D", 2, 0, HR_PROBE_WINDOW},
    {"<E", 2, 0, HR_PROBE_WINDOW},  {"<F", 2, 0, HR_PROBE_WINDOW},
    {"<G", 2, 0, HR_PROBE_WINDOW},  {"<H", 2, 0, HR_PROBE_WINDOW},
    {"<I", 2, 0, HR_PROBE_WINDOW},  {"<J", 2, 0, HR_PROBE_WINDOW},
    {"<K", 2, 0, HR_PROBE_WINDOW},  {"<L", 2, 0, HR_PROBE_WINDOW},
    {"<M", 2, 0, HR_PROBE_WINDOW},  {"<N", 2, 0, HR_PROBE_WINDOW},
    {"<O", 2, 0, HR_PROBE_WINDOW},  {"<P", 2, 0, HR_PROBE_WINDOW},
    {"<Q", 2, 0, HR_PROBE_WINDOW},  {"<R", 2, 0, HR_PROBE_WINDOW},
    {"<S", 2, 0, HR_PROBE_WINDOW},  {"<T", 2, 0, HR_PROBE_WINDOW},
    {"<U", 2, 0, HR_PROBE_WINDOW},  {"<V", 2, 0, HR_PROBE_WINDOW},
    {"<W", 2, 0, HR_PROBE_WINDOW},  {"<X", 2, 0, HR_PROBE_WINDOW},
    {"<Y", 2, 0, HR_PROBE_WINDOW},  {"<Z", 2, 0, HR_PROBE_WINDOW},
    {"<!", 2, 0, HR_PROBE_WINDOW},  {"</", 2, 0, HR_PROBE_WINDOW},
    {"<?", 2, 0, HR_PROBE_WINDOW},  {"<\0", 2, 0, HR_PROBE_WINDOW},
    {"\0<", 2, 0, HR_PROBE_WINDOW}, {NULL, 0, 0, 0},
};

static const char *const html_ext[] = {"html", "htm", "xhtml", "shtml", NULL};
static const char *const html_mime[] = {"text/html", "application/xhtml+xml", NULL};

const gd_format_handler gd_html_reader_handler = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "html",
    .description = "HTML pages (government sites, Word's HTML export), any encoding",
    .extensions = html_ext,
    .mime_types = html_mime,
    .options = html_options,
    .probe = html_probe,
    .read = html_read,
    .signatures = html_signatures,
};
