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

static void reader_free(hr_reader *r)
{
    if (r->dom) xmlFreeDoc(r->dom);
    free(r->frames);
    free(r->tables);
    free(r->notes);
    hr_fonts_free(r);
}

static int html_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    hr_reader r;
    memset(&r, 0, sizeof r);
    r.ctx = ctx;
    r.doc = doc;
    r.opt_fonts = gd_ctx_option_bool(ctx, "fonts");
    r.opt_headings = gd_ctx_option_bool(ctx, "headings");
    r.opt_word_lists = gd_ctx_option_bool(ctx, "word-lists");
    const char *content = gd_ctx_option(ctx, "content");
    r.opt_article = !content || strcmp(content, "body") != 0;
    if (len > HR_MAX_INPUT)
        return gd_ctx_error(ctx, GD_ELIMIT, "HTML page of %zu bytes exceeds the %u-byte limit", len,
                            HR_MAX_INPUT);

    char label[64];
    const char *declared = hr_sniff_charset(data, len, label, sizeof label);
    char *utf8 = NULL;
    size_t utf8_len = 0;
    int rc = gd_charset_to_utf8(&utf8, &utf8_len, NULL, ctx, data, len, declared);
    if (rc) {
        gd_free(utf8);
        return gd_ctx_error(ctx, rc, "cannot decode the page's characters");
    }
    size_t prep_len = 0;
    char *prep = hr_prepare(utf8, utf8_len, &prep_len);
    gd_free(utf8);
    if (!prep) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory (HTML text)");
    if (prep_len > HR_MAX_INPUT) {
        free(prep);
        return gd_ctx_error(ctx, GD_ELIMIT, "decoded HTML exceeds the %u-byte limit", HR_MAX_INPUT);
    }
    rc = hr_parse(&r, prep, prep_len);
    free(prep);
    if (!rc) rc = hr_meta_read(&r);
    if (!rc) rc = gd_builder_new(&r.b, ctx, doc);
    if (!rc) {
        bool article;
        xmlNodePtr root = hr_container_find(&r, &article);
        if (root) hr_notes_index(&r, xmlDocGetRootElement(r.dom));
        if (root) rc = hr_walk(&r, root);
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
    {"word-lists", GD_OPT_BOOL, "true", NULL,
     "make lists of Word's list paragraphs (mso-list) with bullets or Western numbers"},
    {NULL, 0, NULL, NULL, NULL},
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
};
