/* Metadata and PDF/A-1b: the Info dictionary, and for PDF/A an XMP packet
 * that repeats it (XML-escaped) and the sRGB output intent. Dates are UTC;
 * the file ID is derived from the content (emit.c), not from the clock. */
#define _GNU_SOURCE
#include "meta.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const char *const icc_paths[] = {
    "/usr/share/color/icc/sRGB.icc",
    "/usr/share/color/icc/colord/sRGB.icc",
    "/usr/share/color/icc/ghostscript/srgb.icc",
    NULL,
};

static const char *first_title(const gd_node *root, char **owned)
{
    for (const gd_node *n = gd_node_first_child(root); n; n = gd_node_next(n)) {
        const char *role = gd_node_attr(n, "role");
        if (gd_node_get_type(n) == GD_NODE_HEADING && role && strcmp(role, "title") == 0) {
            *owned = gd_node_text_dup(n);
            if (*owned)
                for (char *p = *owned; *p; p++)
                    if (*p == '\n') *p = ' ';
            return *owned;
        }
    }
    return NULL;
}

/* PDF 1.4 readers need not accept strings over 65535 bytes: a longer
 * value is cut at a character boundary, with a warning. */
#define PW_MAX_STRING 65535

static const char *limit(pw_lay *L, const char *what, const char *v, char **owned)
{
    size_t n = strlen(v);
    if (n <= PW_MAX_STRING) return v;
    size_t cut = PW_MAX_STRING;
    while (cut && ((unsigned char)v[cut] & 0xC0) == 0x80) cut--;
    gd_ctx_warn(L->ctx,
                "the %s (%zu bytes) is longer than a PDF string may be (%d bytes): truncated to "
                "%zu bytes",
                what, n, PW_MAX_STRING, cut);
    *owned = strndup(v, cut);
    return *owned ? *owned : "";
}

static void xml_text(pw_buf *b, const char *s)
{
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '&')
            pw_buf_puts(b, "&amp;");
        else if (c == '<')
            pw_buf_puts(b, "&lt;");
        else if (c == '>')
            pw_buf_puts(b, "&gt;");
        else if (c == '"')
            pw_buf_puts(b, "&quot;");
        else if (c == '\'')
            pw_buf_puts(b, "&apos;");
        else if (c >= 0x20 || c == '\t' || c == '\n')
            pw_buf_put(b, p, 1);
    }
}

static void info_entry(pw_buf *b, const char *key, const char *v)
{
    if (!v || !*v) return;
    pw_buf_printf(b, "/%s", key);
    pw_buf_textstr(b, v, strlen(v));
}

static void xmp(pw_buf *b, const char *title, const char *author, const char *subject,
                const char *keywords, const char *date)
{
    pw_buf_puts(b, "<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                   "<x:xmpmeta xmlns:x='adobe:ns:meta/'>\n"
                   "<rdf:RDF xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'>\n"
                   "<rdf:Description rdf:about='' xmlns:dc='http://purl.org/dc/elements/1.1/'>\n"
                   "<dc:format>application/pdf</dc:format>\n");
    if (title && *title) {
        pw_buf_puts(b, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_text(b, title);
        pw_buf_puts(b, "</rdf:li></rdf:Alt></dc:title>\n");
    }
    if (author && *author) {
        pw_buf_puts(b, "<dc:creator><rdf:Seq><rdf:li>");
        xml_text(b, author);
        pw_buf_puts(b, "</rdf:li></rdf:Seq></dc:creator>\n");
    }
    if (subject && *subject) {
        pw_buf_puts(b, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">");
        xml_text(b, subject);
        pw_buf_puts(b, "</rdf:li></rdf:Alt></dc:description>\n");
    }
    pw_buf_printf(b,
                  "</rdf:Description>\n"
                  "<rdf:Description rdf:about='' xmlns:xmp='http://ns.adobe.com/xap/1.0/'>\n"
                  "<xmp:CreatorTool>govdoc</xmp:CreatorTool>\n"
                  "<xmp:CreateDate>%s</xmp:CreateDate>\n<xmp:ModifyDate>%s</xmp:ModifyDate>\n"
                  "</rdf:Description>\n"
                  "<rdf:Description rdf:about='' xmlns:pdf='http://ns.adobe.com/pdf/1.3/'>\n"
                  "<pdf:Producer>govdoc</pdf:Producer>\n",
                  date, date);
    if (keywords && *keywords) {
        pw_buf_puts(b, "<pdf:Keywords>");
        xml_text(b, keywords);
        pw_buf_puts(b, "</pdf:Keywords>\n");
    }
    pw_buf_puts(b, "</rdf:Description>\n"
                   "<rdf:Description rdf:about='' xmlns:pdfaid='http://www.aiim.org/pdfa/ns/id/' "
                   "pdfaid:part='1' pdfaid:conformance='B'/>\n"
                   "</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
}

int pw_meta_write(pw_lay *L, pw_out *o, pw_meta_ids *ids)
{
    const gd_doc *doc = L->doc;
    const gd_report *rep = gd_doc_report(doc);
    char *owned = NULL, *cut[4] = {NULL, NULL, NULL, NULL};
    const char *title = gd_doc_meta_get(doc, "title");
    if (!title || !*title) title = first_title(gd_doc_root(doc), &owned);
    if (!title || !*title) title = gd_ctx_input_name(L->ctx);
    const char *author = rep ? gd_report_meta(rep, "agency") : NULL;
    if (!author || !*author) author = gd_doc_meta_get(doc, "issuer");
    if (!author || !*author) author = gd_doc_meta_get(doc, "author");
    const char *subject = gd_doc_meta_get(doc, "subject");
    char *subj = NULL;
    if ((!subject || !*subject) && rep) {
        const char *year = gd_report_meta(rep, "year");
        if (!year) year = "";
        size_t n = strlen(year) + 64;
        subj = malloc(n);
        if (subj) {
            snprintf(subj, n, "%s%s政府信息公开工作年度报告", year, *year ? "年" : "");
            subject = subj;
        }
    }
    const char *keywords = gd_doc_meta_get(doc, "keywords");
    if ((!keywords || !*keywords) && rep) keywords = "政府信息公开; 年度报告";
    if (title) title = limit(L, "title", title, &cut[0]);
    if (author) author = limit(L, "author", author, &cut[1]);
    if (subject) subject = limit(L, "subject", subject, &cut[2]);
    if (keywords) keywords = limit(L, "keywords", keywords, &cut[3]);
    time_t t = (time_t)L->o.epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    int sec = tm.tm_sec < 60 ? tm.tm_sec : 59;
    char pdfdate[96], xmpdate[96];
    snprintf(pdfdate, sizeof pdfdate, "D:%04d%02d%02d%02d%02d%02d+00'00'", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, sec);
    snprintf(xmpdate, sizeof xmpdate, "%04d-%02d-%02dT%02d:%02d:%02d+00:00", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, sec);
    pw_buf b = {0};
    pw_buf_puts(&b, "<<");
    info_entry(&b, "Title", title);
    info_entry(&b, "Author", author);
    info_entry(&b, "Subject", subject);
    info_entry(&b, "Keywords", keywords);
    info_entry(&b, "Creator", "govdoc");
    info_entry(&b, "Producer", "govdoc");
    pw_buf_printf(&b, "/CreationDate(%s)/ModDate(%s)>>", pdfdate, pdfdate);
    ids->info = pw_out_reserve(o);
    pw_out_obj(o, ids->info, b.v, b.n);
    int rc = b.oom ? GD_ENOMEM : GD_OK;
    if (!rc && L->o.pdfa) {
        const char *icc = NULL;
        for (int i = 0; icc_paths[i] && !icc; i++)
            if (access(icc_paths[i], R_OK) == 0) icc = icc_paths[i];
        FILE *f = icc ? fopen(icc, "rb") : NULL;
        if (!f) {
            rc = gd_ctx_error(L->ctx, GD_ENOTSUPPORTED,
                              "PDF/A needs an sRGB ICC profile: install the Debian package "
                              "icc-profiles-free");
        } else {
            pw_buf prof = {0};
            char chunk[8192];
            size_t n;
            while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) pw_buf_put(&prof, chunk, n);
            fclose(f);
            uint32_t p = pw_out_reserve(o);
            pw_out_stream(o, p, "/N 3", prof.v, prof.n, PW_ZLEVEL);
            pw_buf_free(&prof);
            ids->intents = pw_out_reserve(o);
            pw_out_objf(o, ids->intents,
                        "[<</Type/OutputIntent/S/GTS_PDFA1/OutputConditionIdentifier"
                        "(sRGB IEC61966-2.1)/Info(sRGB IEC61966-2.1)/DestOutputProfile %u 0 R>>]",
                        p);
            b.n = 0;
            xmp(&b, title, author, subject, keywords, xmpdate);
            ids->metadata = pw_out_reserve(o);
            /* PDF/A-1 6.7.2: the metadata stream is not filtered. */
            pw_out_stream(o, ids->metadata, "/Type/Metadata/Subtype/XML", b.v, b.n, 0);
            if (b.oom) rc = GD_ENOMEM;
        }
    }
    pw_buf_free(&b);
    for (int i = 0; i < 4; i++) free(cut[i]);
    free(subj);
    gd_free(owned);
    return rc;
}
