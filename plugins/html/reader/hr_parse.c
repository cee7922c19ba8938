/* HTML reader: libxml2's HTML parser over UTF-8 text. No network, no
 * external entities, no DTD loading; the parser's complaints go to a
 * structured handler on this parser context only (never to stderr, never
 * through libxml2's process-wide handlers) and become a few warnings. */
#include "hr.h"

#include <libxml/parserInternals.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>

/* ---- the page's DOM counts against the conversion's memory budget ----
 *
 * libxml2 allocates through these while a page is read: each block is an
 * ordinary malloc block charged to the budget by its usable size (so blocks
 * libxml2 allocated before, or frees after, mix safely). They never fail
 * for the budget's sake — libxml2 is not at its best when malloc fails —
 * instead the SAX handlers below stop the parser at the next element or
 * text once the conversion is over its budget. */
static void *budget_malloc(size_t n)
{
    void *p = malloc(n);
    if (p) gd_mem_charge(malloc_usable_size(p));
    return p;
}

static void *budget_realloc(void *p, size_t n)
{
    size_t old = p ? malloc_usable_size(p) : 0;
    void *q = realloc(p, n);
    if (q) {
        gd_mem_release(old);
        gd_mem_charge(malloc_usable_size(q));
    }
    return q;
}

static void budget_free(void *p)
{
    if (!p) return;
    gd_mem_release(malloc_usable_size(p));
    free(p);
}

static char *budget_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = budget_malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

int hr_budget_begin(hr_budget_saved *saved)
{
    if (xmlMemGet(&saved->free_fn, &saved->malloc_fn, &saved->realloc_fn, &saved->strdup_fn))
        return -1;
    return xmlMemSetup(budget_free, budget_malloc, budget_realloc, budget_strdup);
}

void hr_budget_end(const hr_budget_saved *saved)
{
    xmlMemSetup(saved->free_fn, saved->malloc_fn, saved->realloc_fn, saved->strdup_fn);
}

static void check_budget(xmlParserCtxtPtr pc, hr_reader *r)
{
    if (!r->over_budget && gd_mem_charge(0) == GD_ELIMIT) {
        r->over_budget = true;
        xmlStopParser(pc);
    }
}

static void on_start(void *data, const xmlChar *name, const xmlChar **attrs)
{
    xmlParserCtxtPtr pc = data;
    hr_reader *r = pc->_private;
    r->sax_start(data, name, attrs);
    check_budget(pc, r);
}

static void on_chars(void *data, const xmlChar *ch, int len)
{
    xmlParserCtxtPtr pc = data;
    hr_reader *r = pc->_private;
    r->sax_chars(data, ch, len);
    check_budget(pc, r);
}

#define SHOWN_ERRORS 3

static void on_error(void *data, xmlErrorPtr e)
{
    xmlParserCtxtPtr pc = data;
    hr_reader *r = pc ? pc->_private : NULL;
    if (!r || !e) return;
    /* libxml2 2.9 knows only HTML 4 elements: <section>, <o:p> and the
     * like are normal, not errors worth a warning. */
    if (e->code == XML_HTML_UNKNOWN_TAG) return;
    r->parse_errors++;
    if (r->parse_shown >= SHOWN_ERRORS) return;
    r->parse_shown++;
    char msg[160];
    size_t n = e->message ? strlen(e->message) : 0;
    if (n >= sizeof msg) n = sizeof msg - 1;
    memcpy(msg, e->message ? e->message : "", n);
    msg[n] = 0;
    for (char *p = msg; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    while (n && msg[n - 1] == ' ') msg[--n] = 0;
    gd_ctx_warn(r->ctx, "HTML parser: line %d: %s", e->line, msg);
}

int hr_parse(hr_reader *r, const char *utf8, size_t len)
{
    if (len > (size_t)INT32_MAX) return gd_ctx_error(r->ctx, GD_ELIMIT, "HTML too large");
    /* libxml2 makes no context for empty input; an empty page is an empty
     * document. */
    if (len == 0) utf8 = " ", len = 1;
    /* A memory context parsed with htmlParseDocument: the *Read* helpers
     * reset the context and with it our hooks. */
    htmlParserCtxtPtr pc = htmlCreateMemoryParserCtxt(utf8, (int)len);
    if (!pc) return gd_ctx_error(r->ctx, GD_ENOMEM, "out of memory (HTML parser)");
    /* HUGE lifts libxml2's depth limit of 256, at which it would stop
     * reading and drop the rest of the page (pages with hundreds of
     * unclosed <font> tags exist); the walk is iterative and the input
     * size is bounded by HR_MAX_INPUT. */
    int opts = HTML_PARSE_RECOVER | HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
               HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT | XML_PARSE_HUGE;
    htmlCtxtUseOptions(pc, opts);
    pc->_private = r;
    pc->sax->serror = on_error;
    r->sax_start = pc->sax->startElement;
    r->sax_chars = pc->sax->characters;
    if (r->sax_start) pc->sax->startElement = on_start;
    if (r->sax_chars) pc->sax->characters = on_chars;
    pc->sax->initialized = XML_SAX2_MAGIC;
    xmlSwitchEncoding(pc, XML_CHAR_ENCODING_UTF8);
    htmlParseDocument(pc);
    r->dom = pc->myDoc;
    pc->myDoc = NULL;
    htmlFreeParserCtxt(pc);
    if (r->parse_errors > r->parse_shown)
        gd_ctx_warn(r->ctx, "HTML parser: %u more errors not shown",
                    r->parse_errors - r->parse_shown);
    if (r->over_budget)
        return gd_ctx_error(r->ctx, GD_ELIMIT, "page too big for the memory budget");
    if (!r->dom) return gd_ctx_error(r->ctx, GD_EFORMAT, "not parseable as HTML");
    return GD_OK;
}
