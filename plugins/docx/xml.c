/* XML parts: the SDK's SAX helper (govdoc/helpers/xml.h, on expat) does the
 * parsing safely — nothing outside the part is read, no entity beyond the
 * predefined five, a DOCTYPE refused outright (OOXML parts never have one;
 * a DOCTYPE is how XXE and entity-expansion attacks start), an element
 * depth limit, big parts streamed from the inflater. This file
 * gives it the OOXML vocabulary (namespaces and element names → NS_*, E_*)
 * and adapts its events to the reader's consumers and sticky error. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

/* ---- the vocabulary ---- */

static const gdh_xml_ns ns_uris[] = {
    {NS_W, "http://schemas.openxmlformats.org/wordprocessingml/2006/main"},
    {NS_W, "http://purl.oclc.org/ooxml/wordprocessingml/main"},
    {NS_R, "http://schemas.openxmlformats.org/officeDocument/2006/relationships"},
    {NS_R, "http://purl.oclc.org/ooxml/officeDocument/relationships"},
    {NS_WP, "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"},
    {NS_WP, "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing"},
    {NS_A, "http://schemas.openxmlformats.org/drawingml/2006/main"},
    {NS_A, "http://purl.oclc.org/ooxml/drawingml/main"},
    {NS_PIC, "http://schemas.openxmlformats.org/drawingml/2006/picture"},
    {NS_PIC, "http://purl.oclc.org/ooxml/drawingml/picture"},
    {NS_MC, "http://schemas.openxmlformats.org/markup-compatibility/2006"},
    {NS_V, "urn:schemas-microsoft-com:vml"},
    {NS_O, "urn:schemas-microsoft-com:office:office"},
    {NS_WPS, "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"},
    {NS_M, "http://schemas.openxmlformats.org/officeDocument/2006/math"},
    {NS_M, "http://purl.oclc.org/ooxml/officeDocument/math"},
    {NS_REL, "http://schemas.openxmlformats.org/package/2006/relationships"},
    {NS_CT, "http://schemas.openxmlformats.org/package/2006/content-types"},
    {NS_CP, "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"},
    {NS_DC, "http://purl.org/dc/elements/1.1/"},
    {NS_DCT, "http://purl.org/dc/terms/"},
    {NS_EP, "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"},
    {NS_EP, "http://purl.oclc.org/ooxml/officeDocument/extendedProperties"},
};

static const gdh_xml_name elements[] = {
#define X(ns, name, id) {NS_##ns, #name, E_##id},
    DX_ELEMENTS(X)
#undef X
};

int dx_xml_vocab_new(gdh_xml_vocab **out)
{
    return gdh_xml_vocab_new(out, ns_uris, sizeof ns_uris / sizeof *ns_uris, elements,
                             sizeof elements / sizeof *elements);
}

/* ---- attributes ---- */

const char *dx_attr_get(const dx_ev *e, int ns, const char *name, char *buf, size_t cap)
{
    return gdh_xml_attr_get(e, ns, name, buf, cap);
}

bool dx_attr_on(const dx_ev *e)
{
    char v[16];
    if (!dx_attr_get(e, NS_OTHER, "val", v, sizeof v)) return true;
    return !(strcmp(v, "0") == 0 || strcmp(v, "false") == 0 || strcmp(v, "off") == 0 ||
             strcmp(v, "none") == 0);
}

long dx_attr_long(const dx_ev *e, int ns, const char *name, long def)
{
    return gdh_xml_attr_long(e, ns, name, def);
}

/* ---- events to consumers ---- */

typedef struct adapter {
    docx *dx;
    const dx_consumer *c;
} adapter;

static int on_start(void *self, const gdh_xml_event *e)
{
    adapter *a = self;
    a->c->start(a->c->self, e);
    return a->dx->rc;
}

static int on_end(void *self, const gdh_xml_event *e)
{
    adapter *a = self;
    a->c->end(a->c->self, e->el);
    return a->dx->rc;
}

static int on_text(void *self, const char *s, size_t len)
{
    adapter *a = self;
    a->c->text(a->c->self, s, len);
    return a->dx->rc;
}

static void sax_for(gdh_xml_sax *sax, adapter *a, const gdh_xml_limits *lim)
{
    memset(sax, 0, sizeof *sax);
    sax->start = a->c->start ? on_start : NULL;
    sax->end = a->c->end ? on_end : NULL;
    sax->text = a->c->text ? on_text : NULL;
    sax->user = a;
    sax->vocab = a->dx->vocab;
    sax->limits = lim;
}

int dx_xml_parse_part(docx *dx, const char *name, const dx_consumer *c)
{
    if (dx->rc) return dx->rc;
    adapter a = {dx, c};
    gdh_xml_limits lim = {DX_MAX_XML_DEPTH, DX_MAX_PART};
    gdh_xml_sax sax;
    sax_for(&sax, &a, &lim);
    gdh_error err = {0};
    int rc = gdh_xml_parse_zip(&sax, dx->zip, name, &err);
    if (!rc || dx->rc) return dx->rc;
    return dx_fail(dx, err.code < 0 ? err.code : rc, "%s",
                   err.code < 0 ? err.message : "cannot read an XML part");
}

/* ---- recorded events ---- */

int dx_log_start(dx_log *log, const dx_ev *e)
{
    return gdh_xml_log_start(log, e);
}

int dx_log_end(dx_log *log, int el)
{
    gdh_xml_event e;
    memset(&e, 0, sizeof e);
    e.el = el;
    return gdh_xml_log_end(log, &e);
}

int dx_log_text(dx_log *log, const char *s, size_t len)
{
    return gdh_xml_log_text(log, s, len);
}

void dx_log_free(dx_log *log)
{
    gdh_xml_log_free(log);
}

int dx_log_replay(docx *dx, const dx_log *log, const dx_consumer *c)
{
    if (dx->rc) return dx->rc;
    adapter a = {dx, c};
    gdh_xml_sax sax;
    sax_for(&sax, &a, NULL);
    int rc = gdh_xml_log_replay(log, &sax);
    if (rc && !dx->rc) dx_fail(dx, rc, "out of memory");
    return dx->rc;
}
