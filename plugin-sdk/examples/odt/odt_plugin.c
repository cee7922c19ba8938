/* The odt plugin: descriptor, options, probe, and the reading sequence
 * (package → mimetype → manifest → meta.xml, styles.xml → content.xml). */
#include "odt.h"

#include <stdlib.h>
#include <string.h>

#define ODT_MIME "application/vnd.oasis.opendocument.text"

/* ---- probe ---- */

static bool has(const uint8_t *h, size_t n, const char *s)
{
    size_t k = strlen(s);
    for (size_t i = 0; k <= n && i + k <= n; i++)
        if (h[i] == (uint8_t)s[0] && !memcmp(h + i, s, k)) return true;
    return false;
}

static int odt_probe(const gd_probe_input *in)
{
    const uint8_t *h = in->head;
    size_t n = in->head_len;
    if (n >= 30 && !memcmp(h, "PK\x03\x04", 4)) {
        /* ODF packages start with an uncompressed "mimetype" entry */
        size_t name_len = (size_t)h[26] | (size_t)h[27] << 8;
        size_t extra = (size_t)h[28] | (size_t)h[29] << 8;
        if (name_len == 8 && 30 + 8 <= n && !memcmp(h + 30, "mimetype", 8)) {
            size_t off = 30 + 8 + extra;
            const char *mt = (const char *)h + off;
            size_t avail = off < n ? n - off : 0;
            if (avail >= strlen(ODT_MIME) && !memcmp(mt, ODT_MIME, strlen(ODT_MIME)))
                return GD_PROBE_NEARLY_CERTAIN;
            /* another ODF kind: read() explains it (above the DOCX reader's
             * "some ZIP") */
            if (avail >= 35 && !memcmp(mt, "application/vnd.oasis.opendocument.", 35))
                return GD_PROBE_POSSIBLE + 10;
        }
        return GD_PROBE_NONE;
    }
    /* flat XML (.fodt) */
    if (has(h, n, "<office:document") && has(h, n, "office:mimetype=\"" ODT_MIME))
        return GD_PROBE_LIKELY;
    return GD_PROBE_NONE;
}

/* ---- reading ---- */

static int check_mimetype(odt *o)
{
    if (!gdh_zip_exists(o->zip, "mimetype")) return GD_OK; /* optional */
    uint8_t *mt = NULL;
    size_t n = 0;
    gdh_error err = {0};
    if (gdh_zip_read(o->zip, "mimetype", &mt, &n, &err))
        return odt_fail(o, err.code, "%s", err.message);
    const char *s = (const char *)mt;
    int rc = GD_OK;
    if (n < strlen(ODT_MIME) || memcmp(s, ODT_MIME, strlen(ODT_MIME)) != 0) {
        const char *kind = strstr(s, "spreadsheet")    ? "spreadsheet (.ods)"
                           : strstr(s, "presentation") ? "presentation (.odp)"
                           : strstr(s, "graphics")     ? "drawing (.odg)"
                           : strstr(s, "opendocument") ? "OpenDocument file"
                                                       : NULL;
        rc = kind ? odt_fail(o, GD_ENOTSUPPORTED, "an OpenDocument %s, not a text document", kind)
                  : odt_fail(o, GD_ENOTSUPPORTED, "not an OpenDocument text (mimetype %.60s)", s);
    }
    free(mt);
    return rc;
}

typedef struct manifest {
    bool encrypted;
} manifest;

static int manifest_start(void *self, const gdh_xml_event *e)
{
    manifest *m = self;
    if (e->el == E_ENCRYPTION_DATA) m->encrypted = true;
    return 0;
}

static int check_manifest(odt *o)
{
    if (!gdh_zip_exists(o->zip, "META-INF/manifest.xml")) return GD_OK;
    manifest m = {false};
    gdh_xml_sax sax = {.start = manifest_start, .user = &m, .vocab = o->vocab};
    gdh_error err = {0};
    if (gdh_xml_parse_zip(&sax, o->zip, "META-INF/manifest.xml", &err)) {
        if (err.code == GD_ELIMIT || err.code == GD_ENOMEM)
            return odt_fail(o, err.code, "%s", err.message);
        gd_ctx_warn(o->ctx, "manifest skipped: %s", err.message);
    }
    if (m.encrypted)
        return odt_fail(o, GD_ENOTSUPPORTED,
                        "encrypted document (password-protected); save it without a password");
    return GD_OK;
}

/* An optional part: malformed costs a warning and what was read of it is
 * kept; limits and memory stay fatal. */
static int parse_optional(odt *o, const char *part)
{
    if (!gdh_zip_exists(o->zip, part)) return GD_OK;
    o->soft = true;
    o->soft_msg[0] = 0;
    odt_parse_part(o, part);
    o->soft = false;
    if (o->rc == GD_EFORMAT && o->soft_msg[0]) {
        gd_ctx_warn(o->ctx, "%s skipped: %s", part, o->soft_msg);
        o->rc = GD_OK;
        o->cur_style = NULL;
        o->cur_list = NULL;
        o->in_default_style = false;
        o->meta_key = 0;
    }
    return o->rc;
}

static void read_options(odt *o)
{
    o->detect_title = gd_ctx_option_bool(o->ctx, "detect-title");
    const char *n = gd_ctx_option(o->ctx, "numbering");
    o->numbering_text = n && !strcmp(n, "text");
}

static bool flat_xml(const uint8_t *d, size_t n)
{
    size_t i = n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3) ? 3 : 0;
    while (i < n && (d[i] == ' ' || d[i] == '\t' || d[i] == '\r' || d[i] == '\n')) i++;
    return i < n && d[i] == '<';
}

static int odt_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    odt *o = calloc(1, sizeof *o);
    if (!o) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
    o->ctx = ctx;
    o->doc = doc;
    read_options(o);
    o->vocab = odt_vocab_new();
    int rc = o->vocab ? odt_body_new(o) : odt_fail(o, GD_ENOMEM, "out of memory");
    if (!rc && gd_builder_new(&o->b, ctx, doc)) rc = odt_fail(o, GD_ENOMEM, "out of memory");
    if (!rc && flat_xml(data, len)) {
        rc = odt_parse_flat(o, data, len);
    } else if (!rc) {
        gdh_error err = {0};
        if (gdh_zip_open(&o->zip, data, len, NULL, &err))
            rc = !strcmp(err.message, "not a ZIP archive")
                     ? odt_fail(o, GD_EFORMAT, "not a ZIP archive (an .odt is a ZIP package)")
                     : odt_fail(o, err.code, "%s", err.message);
        if (!rc) rc = check_mimetype(o);
        if (!rc) rc = check_manifest(o);
        if (!rc) rc = parse_optional(o, "meta.xml");
        if (!rc) rc = parse_optional(o, "styles.xml");
        if (!rc && !gdh_zip_exists(o->zip, "content.xml"))
            rc = odt_fail(o, GD_EFORMAT, "content.xml is missing (not an OpenDocument package)");
        if (!rc) rc = odt_parse_part(o, "content.xml");
    }
    if (!rc) rc = odt_rc(o, gd_builder_finish(o->b));
    /* metadata: the author is the initial creator, else the last one */
    if (!rc && (o->author || o->creator))
        gd_doc_meta_set(doc, "author", o->author ? o->author : o->creator);
    if (!rc && o->keywords.len) gd_doc_meta_set(doc, "keywords", o->keywords.p);
    if (!rc && !gd_doc_meta_get(doc, "title") && odt_body_title(o))
        gd_doc_meta_set(doc, "title", odt_body_title(o));
    rc = rc ? rc : o->rc;
    odt_body_free(o);
    odt_styles_free(&o->styles);
    gdh_zip_close(o->zip);
    gdh_xml_vocab_free(o->vocab);
    gdh_buf_free(&o->meta_text);
    gdh_buf_free(&o->keywords);
    free(o->author);
    free(o->creator);
    free(o);
    return rc;
}

/* ---- the descriptor ---- */

static const gd_option_desc odt_options[] = {
    {"detect-title", GD_OPT_BOOL, "true", NULL,
     "take a document's leading centred bold or large lines as its title"},
    {"numbering", GD_OPT_ENUM, "auto", "auto|text",
     "auto: bullets and plain 1. 2. as lists, other numbers (一、 （一） a)) as text; text: every "
     "number and bullet as text"},
    {NULL, 0, NULL, NULL, NULL},
};

static const char *const odt_ext[] = {"odt", "ott", "fodt", NULL};
static const char *const odt_mime[] = {ODT_MIME, "application/vnd.oasis.opendocument.text-template",
                                       "application/vnd.oasis.opendocument.text-flat-xml", NULL};

static const gd_format_handler odt_reader = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "odt",
    .description = "OpenDocument text (.odt, .fodt: LibreOffice, WPS, OpenOffice)",
    .extensions = odt_ext,
    .mime_types = odt_mime,
    .options = odt_options,
    .probe = odt_probe,
    .read = odt_read,
};

static const gd_format_handler *const handlers[] = {&odt_reader, NULL};

GD_PLUGIN_DEFINE("odt", "1.0.0", "OpenDocument text reader (SDK example; minizip + expat)", "MIT",
                 handlers)
