/* The OPC container: libzip over the input bytes, with limits on entries,
 * inflated sizes and compression ratio; relationships; the main part found
 * through _rels/.rels and [Content_Types].xml; OLE2 files explained. */
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
    size_t name_len = (size_t)h[26] | (size_t)h[27] << 8;
    const char *name = (const char *)h + 30;
    if (30 + name_len > n) return GD_PROBE_POSSIBLE;
    if ((name_len == 19 && memcmp(name, "[Content_Types].xml", 19) == 0) ||
        (name_len >= 5 && memcmp(name, "word/", 5) == 0))
        return GD_PROBE_LIKELY;
    /* Some writers put other parts first: look for the main part's name. */
    for (size_t i = 0; i + 13 <= n; i++)
        if (h[i] == 'w' && memcmp(h + i, "word/document", 13) == 0) return GD_PROBE_LIKELY;
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

int dx_opc_open(docx *dx, const uint8_t *data, size_t len)
{
    if (len >= 8 && memcmp(data, ole2_magic, 8) == 0) {
        dx->rc = dx_ole2_error(dx->ctx, data, len);
        return dx->rc;
    }
    zip_error_t zerr;
    zip_error_init(&zerr);
    dx->src = zip_source_buffer_create(data, len, 0, &zerr);
    if (!dx->src) {
        zip_error_fini(&zerr);
        return dx_fail(dx, GD_ENOMEM, "out of memory");
    }
    dx->za = zip_open_from_source(dx->src, ZIP_RDONLY, &zerr);
    if (!dx->za) {
        int ze = zip_error_code_zip(&zerr);
        zip_source_free(dx->src);
        dx->src = NULL;
        zip_error_fini(&zerr);
        if (ze == ZIP_ER_NOZIP)
            return dx_fail(dx, GD_EFORMAT, "not a ZIP archive (a .docx is a ZIP package)");
        if (ze == ZIP_ER_MEMORY) return dx_fail(dx, GD_ENOMEM, "out of memory");
        return dx_fail(dx, GD_EFORMAT, "damaged or truncated ZIP archive");
    }
    zip_error_fini(&zerr);
    zip_int64_t n = zip_get_num_entries(dx->za, 0);
    if (n < 0) return dx_fail(dx, GD_EFORMAT, "damaged ZIP archive");
    if (n > DX_MAX_ENTRIES)
        return dx_fail(dx, GD_ELIMIT, "ZIP archive has %lld entries (limit %d)", (long long)n,
                       DX_MAX_ENTRIES);
    return GD_OK;
}

void dx_opc_close(docx *dx)
{
    if (dx->za)
        zip_discard(dx->za); /* also frees the source */
    else if (dx->src)
        zip_source_free(dx->src);
    dx->za = NULL;
    dx->src = NULL;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Index of a part: exact name, then case-insensitive, then %-decoded. */
static zip_int64_t locate(docx *dx, const char *name)
{
    if (!dx->za || !name || !*name) return -1;
    zip_int64_t i = zip_name_locate(dx->za, name, 0);
    if (i >= 0) return i;
    i = zip_name_locate(dx->za, name, ZIP_FL_NOCASE);
    if (i >= 0 || !strchr(name, '%')) return i;
    char *d = dx_strdup(name);
    if (!d) return -1;
    char *o = d;
    for (const char *p = name; *p; p++) {
        int a, b;
        if (*p == '%' && (a = hexval(p[1])) >= 0 && (b = hexval(p[2])) >= 0) {
            *o++ = (char)(a * 16 + b);
            p += 2;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    i = zip_name_locate(dx->za, d, ZIP_FL_NOCASE);
    free(d);
    return i;
}

uint64_t dx_part_size(docx *dx, const char *name)
{
    zip_int64_t idx = locate(dx, name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (idx < 0 || zip_stat_index(dx->za, (zip_uint64_t)idx, 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE))
        return UINT64_MAX;
    return st.size;
}

bool dx_part_exists(docx *dx, const char *name)
{
    return locate(dx, name) >= 0;
}

/* Opens a part after checking its declared sizes against the limits. */
static int part_open(docx *dx, const char *name, zip_file_t **zf, uint64_t *declared,
                     bool *declared_ok, uint64_t *comp)
{
    if (dx->rc) return dx->rc;
    zip_int64_t idx = locate(dx, name);
    if (idx < 0) return dx_fail(dx, GD_EFORMAT, "part %s is missing", name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(dx->za, (zip_uint64_t)idx, 0, &st) != 0)
        return dx_fail(dx, GD_EFORMAT, "damaged ZIP entry %s", name);
    if (st.valid & ZIP_STAT_ENCRYPTION_METHOD && st.encryption_method != ZIP_EM_NONE)
        return dx_fail(dx, GD_ENOTSUPPORTED, "encrypted document (ZIP entry %s is encrypted)",
                       name);
    *declared_ok = (st.valid & ZIP_STAT_SIZE) != 0;
    *declared = *declared_ok ? st.size : 0;
    *comp = st.valid & ZIP_STAT_COMP_SIZE ? st.comp_size : 0;
    if (*declared > DX_MAX_PART)
        return dx_fail(dx, GD_ELIMIT, "part %s inflates to %llu bytes (limit %u)", name,
                       (unsigned long long)*declared, DX_MAX_PART);
    if (*declared > DX_BOMB_MIN && *comp && *declared / *comp > DX_BOMB_RATIO)
        return dx_fail(dx, GD_ELIMIT,
                       "part %s has a compression ratio of %llu:1 (zip bomb; limit %d:1)", name,
                       (unsigned long long)(*declared / *comp), DX_BOMB_RATIO);
    *zf = zip_fopen_index(dx->za, (zip_uint64_t)idx, 0);
    if (!*zf) {
        int ze = zip_error_code_zip(zip_get_error(dx->za));
        if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD)
            return dx_fail(dx, GD_ENOTSUPPORTED, "encrypted document (ZIP entry %s)", name);
        if (ze == ZIP_ER_COMPNOTSUPP || ze == ZIP_ER_ENCRNOTSUPP)
            return dx_fail(dx, GD_ENOTSUPPORTED, "ZIP entry %s uses an unsupported method", name);
        return dx_fail(dx, GD_EFORMAT, "cannot open ZIP entry %s", name);
    }
    return GD_OK;
}

/* The running checks while a part inflates: sizes can lie. */
static int part_progress(docx *dx, const char *name, uint64_t got, uint64_t step, uint64_t declared,
                         bool declared_ok, uint64_t comp)
{
    dx->total_inflated += step;
    if (declared_ok && got > declared)
        return dx_fail(dx, GD_ELIMIT,
                       "part %s inflates beyond its declared %llu bytes (forged sizes: zip bomb?)",
                       name, (unsigned long long)declared);
    if (got > DX_MAX_PART)
        return dx_fail(dx, GD_ELIMIT, "part %s inflates beyond %u bytes", name, DX_MAX_PART);
    if (got > DX_BOMB_MIN && comp && got / comp > DX_BOMB_RATIO)
        return dx_fail(dx, GD_ELIMIT, "part %s inflates beyond a %d:1 ratio (zip bomb)", name,
                       DX_BOMB_RATIO);
    if (dx->total_inflated > DX_MAX_TOTAL)
        return dx_fail(dx, GD_ELIMIT, "the parts read inflate beyond %u bytes", DX_MAX_TOTAL);
    return GD_OK;
}

int dx_part_stream(docx *dx, const char *name,
                   int (*fn)(void *payload, const char *chunk, size_t len, bool last),
                   void *payload)
{
    zip_file_t *zf;
    uint64_t declared, comp;
    bool declared_ok;
    int rc = part_open(dx, name, &zf, &declared, &declared_ok, &comp);
    if (rc) return rc;
    enum { CHUNK = 1 << 16 };
    char *chunk = malloc(CHUNK);
    if (!chunk) {
        zip_fclose(zf);
        return dx_fail(dx, GD_ENOMEM, "out of memory");
    }
    uint64_t got = 0;
    for (;;) {
        zip_int64_t r = zip_fread(zf, chunk, CHUNK);
        if (r < 0) {
            rc = dx_fail(dx, GD_EFORMAT, "cannot inflate %s: %s", name, zip_file_strerror(zf));
            break;
        }
        got += (uint64_t)r;
        rc = part_progress(dx, name, got, (uint64_t)r, declared, declared_ok, comp);
        if (rc) break;
        bool last = r == 0;
        if (fn(payload, chunk, (size_t)r, last) != 0) {
            rc = dx->rc ? dx->rc : dx_fail(dx, GD_EFORMAT, "cannot read %s", name);
            break;
        }
        if (last) break;
    }
    free(chunk);
    zip_fclose(zf);
    return rc;
}

int dx_part_read(docx *dx, const char *name, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    zip_file_t *zf;
    uint64_t declared, comp;
    bool declared_ok;
    int rc = part_open(dx, name, &zf, &declared, &declared_ok, &comp);
    if (rc) return rc;
    /* Inflated straight into a buffer of the declared size (plus one byte
     * to notice a part longer than it says). */
    size_t cap = (declared_ok ? (size_t)declared : 65536) + 1;
    uint8_t *buf = malloc(cap + 1);
    uint64_t got = 0;
    while (buf && !rc) {
        if (got == cap) {
            if (declared_ok) {
                rc = part_progress(dx, name, got, 0, declared, declared_ok, comp);
                if (rc) break;
            }
            uint8_t *nb = realloc(buf, cap * 2 + 1);
            if (!nb) break;
            buf = nb;
            cap *= 2;
        }
        zip_int64_t r = zip_fread(zf, buf + got, cap - got);
        if (r < 0) {
            rc = dx_fail(dx, GD_EFORMAT, "cannot inflate %s: %s", name, zip_file_strerror(zf));
            break;
        }
        if (r == 0) break;
        got += (uint64_t)r;
        rc = part_progress(dx, name, got, (uint64_t)r, declared, declared_ok, comp);
    }
    zip_fclose(zf);
    if (!buf && !rc) rc = dx_fail(dx, GD_ENOMEM, "out of memory");
    if (rc) {
        free(buf);
        return rc;
    }
    buf[got] = 0;
    *out = buf;
    *len = (size_t)got;
    return GD_OK;
}

/* ---- relationships ---- */

/* Joins `base` (a directory, may be "") and a relative target, resolving
 * "." and ".." (never above the root). */
static char *resolve(const char *base, const char *target)
{
    dx_buf path = {0};
    if (target[0] != '/' && base[0]) {
        if (dx_buf_add(&path, base, strlen(base)) || dx_buf_addc(&path, '/')) goto oom;
    }
    if (dx_buf_add(&path, target, strlen(target))) goto oom;
    /* Normalise segments in place. */
    char *out = malloc(path.len + 1);
    if (!out) goto oom;
    size_t o = 0;
    const char *p = path.p;
    while (*p) {
        while (*p == '/') p++;
        const char *s = p;
        while (*p && *p != '/') p++;
        size_t n = (size_t)(p - s);
        if (n == 0 || (n == 1 && s[0] == '.')) continue;
        if (n == 2 && s[0] == '.' && s[1] == '.') {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
            continue;
        }
        if (o) out[o++] = '/';
        memcpy(out + o, s, n);
        o += n;
    }
    out[o] = 0;
    dx_buf_free(&path);
    return out;
oom:
    dx_buf_free(&path);
    return NULL;
}

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
    rel->target = external ? dx_strdup(target) : resolve(rc->base, target);
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
    dx_buf name = {0};
    if ((dirlen && (dx_buf_add(&name, part, dirlen) || dx_buf_addc(&name, '/'))) ||
        dx_buf_add(&name, "_rels/", 6) || dx_buf_add(&name, file, strlen(file)) ||
        dx_buf_add(&name, ".rels", 5)) {
        dx_buf_free(&name);
        return dx_fail(dx, GD_ENOMEM, "out of memory");
    }
    char *base = dx_strndup(part, dirlen);
    if (!base) {
        dx_buf_free(&name);
        return dx_fail(dx, GD_ENOMEM, "out of memory");
    }
    int rc = GD_OK;
    if (dx_part_exists(dx, name.p)) {
        rels_ctx c = {dx, out, base};
        dx_consumer cons = {rels_start, NULL, NULL, &c};
        rc = dx_xml_parse_part(dx, name.p, &cons);
    }
    free(base);
    dx_buf_free(&name);
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
