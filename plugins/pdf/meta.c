/* Metadata and PDF/A-1b. libharu builds its XMP packet from the Info
 * attributes present when HPDF_PDFA_SetPDFAConformance is called, so every
 * attribute is set first; its date parser rejects a 'Z' time zone, so UTC
 * is written as +00'00'. Afterwards: the Metadata stream gets the /Subtype
 * key libharu misspells (/SubType) and stays unfiltered (PDF/A-1 6.7.2),
 * and the file ID is derived from the content instead of the clock. */
#define _GNU_SOURCE
#include "meta.h"

#include <hpdf_consts.h>
#include <hpdf_encrypt.h>
#include <hpdf_objects.h>
#include <stdint.h>
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

/* libharu copies Info strings into the XMP packet without escaping them:
 * for PDF/A, XML's special characters become their full-width forms
 * (＆＜＞), in both places, so the two stay equal and the XML stays valid.
 * libharu refuses a string over HPDF_LIMIT_MAX_STRING_LEN (65535) bytes:
 * a longer one is cut at a character boundary, with a warning. */
static int set_attr(pw_lay *L, HPDF_Doc pdf, HPDF_InfoType t, const char *what, const char *v)
{
    if (!v || !*v) return GD_OK;
    size_t n = strlen(v);
    char *buf = NULL;
    if (L->o.pdfa && strpbrk(v, "&<>\"'")) {
        if (n > SIZE_MAX / 3 - 1 || !(buf = malloc(n * 3 + 1))) return GD_ENOMEM;
        size_t o = 0;
        for (const char *p = v; *p; p++) {
            const char *rep = *p == '&'    ? "\xEF\xBC\x86"
                              : *p == '<'  ? "\xEF\xBC\x9C"
                              : *p == '>'  ? "\xEF\xBC\x9E"
                              : *p == '"'  ? "\xEF\xBC\x82"
                              : *p == '\'' ? "\xEF\xBC\x87"
                                           : NULL;
            if (rep) {
                memcpy(buf + o, rep, 3);
                o += 3;
            } else {
                buf[o++] = *p;
            }
        }
        buf[o] = 0;
        v = buf;
        n = o;
    }
    if (n > HPDF_LIMIT_MAX_STRING_LEN) {
        size_t cut = HPDF_LIMIT_MAX_STRING_LEN;
        while (cut && ((unsigned char)v[cut] & 0xC0) == 0x80) cut--;
        char *c = malloc(cut + 1);
        if (!c) {
            free(buf);
            return GD_ENOMEM;
        }
        memcpy(c, v, cut);
        c[cut] = 0;
        gd_ctx_warn(L->ctx,
                    "the %s (%zu bytes) is longer than a PDF string may be (%d bytes): "
                    "truncated to %zu bytes",
                    what, n, HPDF_LIMIT_MAX_STRING_LEN, cut);
        free(buf);
        v = buf = c;
    }
    int rc = HPDF_SetInfoAttr(pdf, t, v) == HPDF_OK ? GD_OK : GD_ERROR;
    free(buf);
    return rc;
}

int pw_meta_begin(pw_lay *L, HPDF_Doc pdf)
{
    const gd_doc *doc = L->doc;
    const gd_report *rep = gd_doc_report(doc);
    char *owned = NULL;
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
        if (subj) snprintf(subj, n, "%s%s政府信息公开工作年度报告", year, *year ? "年" : "");
        subject = subj;
    }
    const char *keywords = gd_doc_meta_get(doc, "keywords");
    if ((!keywords || !*keywords) && rep) keywords = "政府信息公开; 年度报告";
    int rc = set_attr(L, pdf, HPDF_INFO_TITLE, "title", title);
    if (!rc) rc = set_attr(L, pdf, HPDF_INFO_AUTHOR, "author", author);
    if (!rc) rc = set_attr(L, pdf, HPDF_INFO_SUBJECT, "subject", subject);
    if (!rc) rc = set_attr(L, pdf, HPDF_INFO_KEYWORDS, "keywords", keywords);
    if (!rc) rc = set_attr(L, pdf, HPDF_INFO_CREATOR, "creator", "govdoc");
    free(subj);
    gd_free(owned);
    if (rc == GD_ENOMEM) return gd_ctx_error(L->ctx, GD_ENOMEM, "out of memory");
    time_t t = (time_t)L->o.epoch;
    struct tm tm;
    gmtime_r(&t, &tm);
    HPDF_Date d = {tm.tm_year + 1900,
                   tm.tm_mon + 1,
                   tm.tm_mday,
                   tm.tm_hour,
                   tm.tm_min,
                   tm.tm_sec < 60 ? tm.tm_sec : 59,
                   '+',
                   0,
                   0};
    if (HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, d) != HPDF_OK ||
        HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, d) != HPDF_OK)
        rc = GD_ERROR;
    if (rc) return gd_ctx_error(L->ctx, GD_ERROR, "cannot set the PDF metadata");
    if (!L->o.pdfa) return GD_OK;
    if (HPDF_PDFA_SetPDFAConformance(pdf, HPDF_PDFA_1B) != HPDF_OK)
        return gd_ctx_error(L->ctx, GD_ERROR, "libharu cannot make the PDF/A metadata");
    const char *icc = NULL;
    for (int i = 0; icc_paths[i] && !icc; i++)
        if (access(icc_paths[i], R_OK) == 0) icc = icc_paths[i];
    if (!icc)
        return gd_ctx_error(L->ctx, GD_ENOTSUPPORTED,
                            "PDF/A needs an sRGB ICC profile: install the Debian package "
                            "icc-profiles-free");
    HPDF_OutputIntent oi = HPDF_LoadIccProfileFromFile(pdf, icc, 3);
    if (!oi || HPDF_PDFA_AppendOutputIntents(pdf, "sRGB IEC61966-2.1", oi) != HPDF_OK)
        return gd_ctx_error(L->ctx, GD_ERROR, "cannot add the sRGB output intent");
    return GD_OK;
}

int pw_meta_finish(pw_lay *L, HPDF_Doc pdf)
{
    if (L->o.pdfa) {
        HPDF_Dict xmp = HPDF_Dict_GetItem(pdf->catalog, "Metadata", HPDF_OCLASS_DICT);
        if (!xmp) return gd_ctx_error(L->ctx, GD_ERROR, "PDF/A metadata missing");
        HPDF_Dict_RemoveElement(xmp, "SubType");
        HPDF_Dict_AddName(xmp, "Subtype", "XML");
        xmp->filter = HPDF_STREAM_FILTER_NONE;
    }
    /* A reproducible ID: the same document and date give the same file. */
    HPDF_MD5_CTX md5;
    HPDF_BYTE id[16];
    HPDF_MD5Init(&md5);
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%lld:%zu:%d", L->o.epoch, L->npages, (int)L->o.pdfa);
    HPDF_MD5Update(&md5, (const HPDF_BYTE *)buf, (HPDF_UINT)n);
    for (size_t p = 0; p < L->npages; p++)
        for (size_t i = 0; i < L->pages[p].n; i++)
            if (L->pages[p].v[i].kind == PW_IT_TEXT)
                HPDF_MD5Update(&md5, (const HPDF_BYTE *)L->pages[p].v[i].s, L->pages[p].v[i].len);
    HPDF_MD5Final(id, &md5);
    HPDF_Array arr = HPDF_Array_New(pdf->mmgr);
    if (!arr || HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16)) != HPDF_OK ||
        HPDF_Array_Add(arr, HPDF_Binary_New(pdf->mmgr, id, 16)) != HPDF_OK ||
        HPDF_Dict_Add(pdf->trailer, "ID", arr) != HPDF_OK)
        return gd_ctx_error(L->ctx, GD_ERROR, "cannot set the file ID");
    return GD_OK;
}
