/* The OPC container: the SDK's ZIP helper (limits on entries, inflated
 * sizes and compression ratio) over the input bytes; relationships; the
 * main part found through _rels/.rels and [Content_Types].xml; OLE2 files
 * explained. */
#include "docx.h"

#include <stdlib.h>
#include <string.h>

/* ---- probe ---- */

static const uint8_t ole2_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

static bool has_utf16(const uint8_t *p, size_t n, const char *ascii)
{
    size_t k = strlen(ascii);
    if (n < 2 * k) return false;
    for (size_t i = 0; i + 2 * k <= n; i++) {
        if (p[i] != (uint8_t)ascii[0] || p[i + 1] != 0) continue;
        size_t j = 1;
        while (j < k && p[i + 2 * j] == (uint8_t)ascii[j] && p[i + 2 * j + 1] == 0) j++;
        if (j == k) return true;
    }
    return false;
}

int dx_probe(const gd_probe_input *in)
{
    const uint8_t *h = in->head;
    size_t n = in->head_len;
    if (n >= 8 && memcmp(h, ole2_magic, 8) == 0) {
        /* Only read() can say what it is; score it so that it gets to. */
        if (has_utf16(h, n, "EncryptedPackage") || has_utf16(h, n, "WordDocument"))
            return GD_PROBE_LIKELY;
        return GD_PROBE_POSSIBLE;
    }
    if (n < 30 || memcmp(h, "PK\x03\x04", 4) != 0) return GD_PROBE_NONE;
    /* A ZIP naming the main part word/document: certain (and MAXIMUM lets
     * the registry skip loading the other readers to probe them). */
    for (size_t i = 0; i + 13 <= n; i++)
        if (h[i] == 'w' && memcmp(h + i, "word/document", 13) == 0) return GD_PROBE_MAXIMUM;
    size_t name_len = (size_t)h[26] | (size_t)h[27] << 8;
    const char *name = (const char *)h + 30;
    if (30 + name_len > n) return GD_PROBE_POSSIBLE;
    if ((name_len == 19 && memcmp(name, "[Content_Types].xml", 19) == 0) ||
        (name_len >= 5 && memcmp(name, "word/", 5) == 0))
        return GD_PROBE_LIKELY;
    return GD_PROBE_POSSIBLE;
}

int dx_ole2_error(gd_ctx *ctx, const uint8_t *data, size_t len)
{
    if (has_utf16(data, len, "EncryptedPackage") || has_utf16(data, len, "EncryptionInfo"))
        return gd_ctx_error(ctx, GD_ENOTSUPPORTED,
                            "encrypted document (password-protected); remove the password in "
                            "Word and save it again");
    if (has_utf16(data, len, "WordDocument"))
        return gd_ctx_error(ctx, GD_ENOTSUPPORTED,
                            "Word 97-2003 .doc is not supported; save it as .docx");
    return gd_ctx_error(ctx, GD_ENOTSUPPORTED,
                        "OLE2 compound file that is not a Word document (not supported)");
}

/* ---- the archive ---- */

/* A helper's error as the reader's (soft mode applies). */
static int helper_fail(docx *dx, const gdh_error *err, int rc)
{
    if (dx->rc) return dx->rc;
    if (err->code < 0) return dx_fail(dx, err->code, "%s", err->message);
    return dx_fail(dx, rc < 0 ? rc : GD_ERROR, "cannot read the package");
}

int dx_opc_open(docx *dx, const uint8_t *data, size_t len)
{
    if (len >= 8 && memcmp(data, ole2_magic, 8) == 0) {
        dx->rc = dx_ole2_error(dx->ctx, data, len);
        return dx->rc;
    }
    gdh_zip_limits lim = {DX_MAX_ENTRIES, DX_MAX_PART, DX_MAX_TOTAL, DX_BOMB_MIN, DX_BOMB_RATIO};
    gdh_error err = {0};
    int rc = gdh_zip_open(&dx->zip, data, len, &lim, &err);
    if (rc) {
        if (err.code == GD_EFORMAT && strcmp(err.message, "not a ZIP archive") == 0)
            return dx_fail(dx, GD_EFORMAT, "not a ZIP archive (a .docx is a ZIP package)");
        return helper_fail(dx, &err, rc);
    }
    if (dx_xml_vocab_new(&dx->vocab)) return dx_fail(dx, GD_ENOMEM, "out of memory");
    return GD_OK;
}

void dx_opc_close(docx *dx)
{
    gdh_zip_close(dx->zip);
    gdh_xml_vocab_free(dx->vocab);
    dx->zip = NULL;
    dx->vocab = NULL;
}

bool dx_part_exists(docx *dx, const char *name)
{
    return gdh_zip_exists(dx->zip, name);
}

int dx_part_read(docx *dx, const char *name, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (dx->rc) return dx->rc;
    gdh_error err = {0};
    int rc = gdh_zip_read(dx->zip, name, out, len, &err);
    return rc ? helper_fail(dx, &err, rc) : GD_OK;
}

/* ---- relationships ---- */

typedef struct rels_ctx {
    docx *dx;
    dx_rels *rels;
    const char *base;
} rels_ctx;

static void rels_start(void *self, const dx_ev *e)
{
    rels_ctx *rc = self;
    if (e->el != E_RELATIONSHIP || rc->dx->rc) return;
    char id[256], type[512], mode[32], target[4096];
    if (!dx_attr_get(e, NS_OTHER, "Id", id, sizeof id) ||
        !dx_attr_get(e, NS_OTHER, "Target", target, sizeof target))
        return;
    if (!dx_attr_get(e, NS_OTHER, "Type", type, sizeof type)) type[0] = 0;
    bool external =
        dx_attr_get(e, NS_OTHER, "TargetMode", mode, sizeof mode) && strcmp(mode, "External") == 0;
    dx_rels *r = rc->rels;
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        dx_rel *v = realloc(r->v, cap * sizeof *v);
        if (!v) {
            dx_fail(rc->dx, GD_ENOMEM, "out of memory");
            return;
        }
        r->v = v;
        r->cap = cap;
    }
    const char *slash = strrchr(type, '/');
    dx_rel *rel = &r->v[r->n];
    rel->id = dx_strdup(id);
    rel->type = dx_strdup(slash ? slash + 1 : type);
    /* internal targets resolve against the part's folder, never above the root */
    rel->target = external ? dx_strdup(target) : gdh_zip_resolve(rc->base, target);
    rel->external = external;
    if (!rel->id || !rel->type || !rel->target) {
        free(rel->id);
        free(rel->type);
        free(rel->target);
        dx_fail(rc->dx, GD_ENOMEM, "out of memory");
        return;
    }
    r->n++;
}

static int cmp_rel_key(const void *a, const void *b)
{
    const dx_rel_key *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

int dx_rels_load(docx *dx, const char *part, dx_rels *out)
{
    memset(out, 0, sizeof *out);
    /* The rels of a/b.xml are a/_rels/b.xml.rels; of the package, _rels/.rels. */
    const char *slash = strrchr(part, '/');
    size_t dirlen = slash ? (size_t)(slash - part) : 0;
    const char *file = slash ? slash + 1 : part;
    gdh_buf name = {0};
    if ((dirlen && (gdh_buf_add(&name, part, dirlen) || gdh_buf_addc(&name, '/'))) ||
        gdh_buf_add(&name, "_rels/", 6) || gdh_buf_add(&name, file, strlen(file)) ||
        gdh_buf_add(&name, ".rels", 5)) {
        gdh_buf_free(&name);
        return dx_fail(dx, GD_ENOMEM, "out of memory");
    }
    char *base = dx_strndup(part, dirlen);
    if (!base) {
        gdh_buf_free(&name);
        return dx_fail(dx, GD_ENOMEM, "out of memory");
    }
    int rc = GD_OK;
    if (dx_part_exists(dx, name.p)) {
        rels_ctx c = {dx, out, base};
        dx_consumer cons = {rels_start, NULL, NULL, &c};
        rc = dx_xml_parse_part(dx, name.p, &cons);
    }
    free(base);
    gdh_buf_free(&name);
    if (!rc && out->n) {
        /* an index by id: documents with 10^5 hyperlinks look up each one */
        out->by_id = malloc(out->n * sizeof *out->by_id);
        if (!out->by_id) rc = dx_fail(dx, GD_ENOMEM, "out of memory");
        for (size_t i = 0; !rc && i < out->n; i++) out->by_id[i] = (dx_rel_key){out->v[i].id, i};
        if (!rc) qsort(out->by_id, out->n, sizeof *out->by_id, cmp_rel_key);
    }
    if (rc) dx_rels_free(out); /* callers own nothing after a failure */
    return rc;
}

const dx_rel *dx_rels_find(const dx_rels *rels, const char *id)
{
    if (!rels || !id || !rels->by_id) return NULL;
    /* the first relationship with this id, as a linear search would find */
    size_t lo = 0, hi = rels->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(rels->by_id[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < rels->n && strcmp(rels->by_id[lo].id, id) == 0 ? &rels->v[rels->by_id[lo].i] : NULL;
}

const dx_rel *dx_rels_first_of_type(const dx_rels *rels, const char *type)
{
    for (size_t i = 0; rels && i < rels->n; i++)
        if (strcmp(rels->v[i].type, type) == 0 && !rels->v[i].external) return &rels->v[i];
    return NULL;
}

void dx_rels_free(dx_rels *rels)
{
    for (size_t i = 0; i < rels->n; i++) {
        free(rels->v[i].id);
        free(rels->v[i].type);
        free(rels->v[i].target);
    }
    free(rels->v);
    free(rels->by_id);
    memset(rels, 0, sizeof *rels);
}

/* ---- the main part ---- */

typedef struct ct_ctx {
    const char *main;
    char type[256];
} ct_ctx;

static void ct_start(void *self, const dx_ev *e)
{
    ct_ctx *c = self;
    if (e->el != E_CTOVERRIDE) return;
    char name[1024];
    if (!dx_attr_get(e, NS_OTHER, "PartName", name, sizeof name)) return;
    const char *n = name[0] == '/' ? name + 1 : name;
    if (!dx_streq_nocase(n, c->main)) return;
    dx_attr_get(e, NS_OTHER, "ContentType", c->type, sizeof c->type);
}

int dx_find_main(docx *dx)
{
    dx_rels pkg;
    /* broken package relationships: fall back to word/document.xml */
    dx_soft_begin(dx);
    dx_rels_load(dx, "", &pkg);
    int rc = dx_soft_end(dx, "package relationships");
    if (rc) return rc;
    const dx_rel *r = dx_rels_first_of_type(&pkg, "officeDocument");
    const char *main = r ? r->target : NULL;
    if (main && !dx_part_exists(dx, main)) {
        rc = dx_fail(dx, GD_EFORMAT, "main document part %s is missing", main);
        dx_rels_free(&pkg);
        return rc;
    }
    if (!main && dx_part_exists(dx, "word/document.xml")) main = "word/document.xml";
    const dx_rel *core = dx_rels_first_of_type(&pkg, "core-properties");
    dx->core_part = dx_strdup(core ? core->target : "docProps/core.xml");
    if (!main) {
        dx_rels_free(&pkg);
        return dx_fail(dx, GD_ENOTSUPPORTED,
                       "ZIP archive without a Word document part (not a .docx)");
    }
    dx->main_part = dx_strdup(main);
    dx_rels_free(&pkg);
    if (!dx->main_part) return dx_fail(dx, GD_ENOMEM, "out of memory");
    /* The declared content type tells a spreadsheet, slides or a theme from
     * a text (word/document.xml is a text by name: no need to look). */
    if (strcmp(dx->main_part, "word/document.xml") != 0 &&
        dx_part_exists(dx, "[Content_Types].xml")) {
        ct_ctx c = {dx->main_part, ""};
        dx_consumer cons = {ct_start, NULL, NULL, &c};
        rc = dx_xml_parse_part(dx, "[Content_Types].xml", &cons);
        if (rc) return rc;
        if (strstr(c.type, "spreadsheetml"))
            return dx_fail(dx, GD_ENOTSUPPORTED, "a spreadsheet (.xlsx), not a Word document");
        if (strstr(c.type, "presentationml"))
            return dx_fail(dx, GD_ENOTSUPPORTED, "a presentation (.pptx), not a Word document");
        if (c.type[0] && !strstr(c.type, "wordprocessingml") && !strstr(c.type, "ms-word"))
            return dx_fail(dx, GD_ENOTSUPPORTED, "not a Word document (main part is %s)", c.type);
    }
    return GD_OK;
}
