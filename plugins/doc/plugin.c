/* The doc plugin: Word 97–2003 (.doc, .dot) and WPS (.wps) binary
 * documents, Word 6/95 text; descriptor, probe and reading sequence. The
 * reader asks for the core's sandbox (GD_HANDLER_SANDBOX): it parses a
 * binary format from anywhere, so it runs in a confined child process. */
#include "body.h"

#include <stdlib.h>
#include <string.h>

static bool has_utf16_nocase(const uint8_t *p, size_t n, const char *ascii)
{
    size_t k = strlen(ascii);
    for (size_t i = 0; i + 2 * k <= n; i++) {
        size_t j = 0;
        while (j < k && p[i + 2 * j + 1] == 0 &&
               (p[i + 2 * j] | 0x20) == ((uint8_t)ascii[j] | 0x20))
            j++;
        if (j == k) return true;
    }
    return false;
}

/* Word 1/2 files (not OLE2): claimed so that read() can say what they are */
static bool is_word2(const uint8_t *p, size_t n)
{
    return n >= 4 && ((p[0] == 0xDB || p[0] == 0x9B || p[0] == 0x9C) && p[1] == 0xA5) && p[3] == 0;
}

static int doc_probe(const gd_probe_input *in)
{
    if (is_word2(in->head, in->head_len)) return GD_PROBE_LIKELY;
    if (!wd_is_ole2(in->head, in->head_len)) return GD_PROBE_NONE;
    if (has_utf16_nocase(in->head, in->head_len, "WordDocument")) return GD_PROBE_NEARLY_CERTAIN;
    if (has_utf16_nocase(in->head, in->head_len, "EncryptedPackage")) return GD_PROBE_MINIMUM;
    /* the directory may lie beyond the head: let read() tell */
    return GD_PROBE_POSSIBLE;
}

/* What a file given to this reader is when it is not an OLE2 compound file
 * (files named .doc are often something else). */
static int not_ole2(wd *w, const uint8_t *p, size_t n)
{
    if (is_word2(p, n))
        return wd_fail(w, GD_ENOTSUPPORTED,
                       "Word 2.0 (or older) document: not supported; open it in Word and save it "
                       "as .docx");
    if (n >= 5 && !memcmp(p, "{\\rtf", 5))
        return wd_fail(w, GD_ENOTSUPPORTED,
                       "an RTF document named like a .doc (RTF is not supported); save it as "
                       ".docx");
    if (n >= 4 && !memcmp(p, "\xFFWPC", 4))
        return wd_fail(w, GD_ENOTSUPPORTED, "a WordPerfect document (not supported)");
    if (n >= 4 && !memcmp(p, "PK\x03\x04", 4))
        return wd_fail(w, GD_ENOTSUPPORTED,
                       "a ZIP file (a .docx named like a .doc?): read it with -f docx");
    size_t k = n < 4096 ? n : 4096;
    for (size_t i = 0; i + 14 <= k; i++)
        if (!memcmp(p + i, "w:wordDocument", 14))
            return wd_fail(w, GD_ENOTSUPPORTED,
                           "Word 2003 XML (WordprocessingML) is not supported; save it as .docx");
    return wd_fail(w, GD_ENOTSUPPORTED,
                   "not a Word 97-2003 document (no OLE2 compound file inside)");
}

static int load_bte(wd *w, int idx, const uint8_t **out, size_t *count)
{
    const uint8_t *p;
    uint32_t n;
    if (!wd_fib_range(w, idx, &p, &n) || n < 4) return GD_OK;
    size_t pn = w->version == 8 ? 4 : 2;
    *count = (n - 4) / (4 + pn);
    *out = *count ? p : NULL;
    return GD_OK;
}

static void cleanup(wd *w)
{
    wd_text_free(w);
    wd_styles_free(w);
    wd_lists_free(w);
    wd_notes_free(w);
    wd_cfb_free(w);
    free(w->title_text);
}

static int doc_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    wd *w = calloc(1, sizeof *w);
    if (!w) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    w->ctx = ctx;
    w->doc = doc;
    w->pcache.page = w->ccache.page = -1;
    int rc = wd_is_ole2(data, len) ? GD_OK : not_ole2(w, data, len);
    if (!rc) rc = wd_cfb_load(w, data, len);
    if (!rc) rc = wd_fib_read(w);
    if (!rc) rc = load_bte(w, FIB_PLCFBTEPAPX, &w->bte_papx, &w->nbte_papx);
    if (!rc) rc = load_bte(w, FIB_PLCFBTECHPX, &w->bte_chpx, &w->nbte_chpx);
    if (!rc) rc = wd_fonts_load(w);
    if (!rc) rc = wd_styles_load(w);
    if (!rc) rc = wd_lists_load(w);
    if (!rc) rc = wd_notes_load(w);
    if (!rc) rc = wd_sections_load(w);
    if (!rc) rc = wd_meta_load(w);
    if (!rc) rc = wd_text_load(w);
    if (!rc) {
        rc = gd_builder_new(&w->b, ctx, doc);
        if (rc) rc = wd_fail(w, rc, "out of memory");
    }
    if (!rc) rc = wd_body_read(w);
    if (!rc) rc = wd_rc(w, gd_builder_finish(w->b));
    if (!rc && w->version == 6)
        gd_doc_meta_set(doc, "source-charset", wd_codepage_name(w->codepage));
    if (!rc && !gd_doc_meta_get(doc, "title") && w->title_text)
        gd_doc_meta_set(doc, "title", w->title_text);
    rc = rc ? rc : w->rc;
    cleanup(w);
    free(w);
    return rc;
}

static const char *const doc_ext[] = {"doc", "dot", "wps", "wpt", NULL};
static const char *const doc_mime[] = {"application/msword", "application/vnd.ms-word",
                                       "application/kswps", NULL};

static const gd_format_handler doc_reader = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "doc",
    .description = "Word 97-2003 and WPS documents (.doc, .dot, .wps; Word 6/95 text)",
    .extensions = doc_ext,
    .mime_types = doc_mime,
    .flags = GD_HANDLER_SANDBOX,
    .probe = doc_probe,
    .read = doc_read,
    /* doc_probe scores 0 without one of these: OLE2, or Word 2's magic */
    .signatures = (const gd_signature[]){{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, 0, 0},
                                         {"\xDB\xA5", 2, 0, 0},
                                         {"\x9B\xA5", 2, 0, 0},
                                         {"\x9C\xA5", 2, 0, 0},
                                         {NULL, 0, 0, 0}},
};

static const gd_format_handler *const handlers[] = {&doc_reader, NULL};

GD_PLUGIN_DEFINE("doc", "1.0.0", "Word 97-2003 / WPS binary reader (libgsf for OLE2)", "MIT",
                 handlers)
