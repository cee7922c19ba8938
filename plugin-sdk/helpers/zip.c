/* Reading a ZIP container from memory under limits (libzip). Sizes are
 * checked as declared before an entry is opened, and again as it inflates:
 * an archive can declare small sizes and inflate without end. */
#include <govdoc/helpers/zip.h>

#include <stdlib.h>
#include <string.h>
#include <zip.h>

struct gdh_zip {
    zip_t *za;
    gdh_zip_limits lim;
    uint64_t total; /* inflated bytes read from all entries */
};

static void limits_fill(gdh_zip_limits *l, const gdh_zip_limits *in)
{
    if (in)
        *l = *in;
    else
        memset(l, 0, sizeof *l);
    if (!l->max_entries) l->max_entries = GDH_ZIP_DEFAULT_MAX_ENTRIES;
    if (!l->max_entry_size) l->max_entry_size = GDH_ZIP_DEFAULT_MAX_ENTRY_SIZE;
    if (!l->max_total) l->max_total = GDH_ZIP_DEFAULT_MAX_TOTAL;
    if (!l->bomb_min_size) l->bomb_min_size = GDH_ZIP_DEFAULT_BOMB_MIN_SIZE;
    if (!l->bomb_ratio) l->bomb_ratio = GDH_ZIP_DEFAULT_BOMB_RATIO;
}

int gdh_zip_open(gdh_zip **out, const void *data, size_t len, const gdh_zip_limits *limits,
                 gdh_error *err)
{
    *out = NULL;
    /* libzip would open nothing as an empty archive */
    if (!len) return gdh_error_set(err, GD_EFORMAT, "not a ZIP archive");
    gdh_zip *z = calloc(1, sizeof *z);
    if (!z) return gdh_error_set(err, GD_ENOMEM, "out of memory");
    limits_fill(&z->lim, limits);
    zip_error_t zerr;
    zip_error_init(&zerr);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &zerr);
    if (!src) {
        zip_error_fini(&zerr);
        free(z);
        return gdh_error_set(err, GD_ENOMEM, "out of memory");
    }
    z->za = zip_open_from_source(src, ZIP_RDONLY, &zerr);
    if (!z->za) {
        int ze = zip_error_code_zip(&zerr);
        zip_source_free(src);
        zip_error_fini(&zerr);
        free(z);
        if (ze == ZIP_ER_NOZIP) return gdh_error_set(err, GD_EFORMAT, "not a ZIP archive");
        if (ze == ZIP_ER_MEMORY) return gdh_error_set(err, GD_ENOMEM, "out of memory");
        return gdh_error_set(err, GD_EFORMAT, "damaged or truncated ZIP archive");
    }
    zip_error_fini(&zerr);
    zip_int64_t n = zip_get_num_entries(z->za, 0);
    int rc = GD_OK;
    if (n < 0)
        rc = gdh_error_set(err, GD_EFORMAT, "damaged ZIP archive");
    else if ((uint64_t)n > z->lim.max_entries)
        rc = gdh_error_set(err, GD_ELIMIT, "ZIP archive has %lld entries (limit %llu)",
                           (long long)n, (unsigned long long)z->lim.max_entries);
    if (rc) {
        gdh_zip_close(z);
        return rc;
    }
    *out = z;
    return GD_OK;
}

void gdh_zip_close(gdh_zip *z)
{
    if (!z) return;
    if (z->za) zip_discard(z->za); /* also frees the source */
    free(z);
}

size_t gdh_zip_count(const gdh_zip *z)
{
    zip_int64_t n = z && z->za ? zip_get_num_entries(z->za, 0) : 0;
    return n > 0 ? (size_t)n : 0;
}

const char *gdh_zip_name_at(gdh_zip *z, size_t i)
{
    if (!z || i >= gdh_zip_count(z)) return NULL;
    return zip_get_name(z->za, (zip_uint64_t)i, ZIP_FL_ENC_GUESS);
}

uint64_t gdh_zip_inflated(const gdh_zip *z)
{
    return z ? z->total : 0;
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int64_t gdh_zip_find(gdh_zip *z, const char *name)
{
    if (!z || !z->za || !name || !*name) return -1;
    zip_int64_t i = zip_name_locate(z->za, name, 0);
    if (i >= 0) return i;
    i = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
    if (i >= 0 || !strchr(name, '%')) return i;
    size_t n = strlen(name);
    char *d = malloc(n + 1);
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
    i = zip_name_locate(z->za, d, ZIP_FL_NOCASE);
    free(d);
    return i;
}

bool gdh_zip_exists(gdh_zip *z, const char *name)
{
    return gdh_zip_find(z, name) >= 0;
}

uint64_t gdh_zip_size(gdh_zip *z, const char *name)
{
    int64_t idx = gdh_zip_find(z, name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (idx < 0 || zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0 ||
        !(st.valid & ZIP_STAT_SIZE))
        return UINT64_MAX;
    return st.size;
}

/* An entry being read: its declared sizes, checked again as it inflates. */
typedef struct entry {
    zip_file_t *zf;
    const char *name;
    uint64_t declared, comp;
    bool declared_ok;
} entry;

static int entry_open(gdh_zip *z, const char *name, entry *e, gdh_error *err)
{
    memset(e, 0, sizeof *e);
    e->name = name;
    int64_t idx = gdh_zip_find(z, name);
    if (idx < 0) return gdh_error_set(err, GD_EFORMAT, "ZIP entry %s is missing", name);
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0)
        return gdh_error_set(err, GD_EFORMAT, "damaged ZIP entry %s", name);
    if (st.valid & ZIP_STAT_ENCRYPTION_METHOD && st.encryption_method != ZIP_EM_NONE)
        return gdh_error_set(err, GD_ENOTSUPPORTED,
                             "encrypted document (ZIP entry %s is encrypted)", name);
    e->declared_ok = (st.valid & ZIP_STAT_SIZE) != 0;
    e->declared = e->declared_ok ? st.size : 0;
    e->comp = st.valid & ZIP_STAT_COMP_SIZE ? st.comp_size : 0;
    if (e->declared > z->lim.max_entry_size)
        return gdh_error_set(err, GD_ELIMIT, "ZIP entry %s inflates to %llu bytes (limit %llu)",
                             name, (unsigned long long)e->declared,
                             (unsigned long long)z->lim.max_entry_size);
    if (e->declared > z->lim.bomb_min_size && e->comp && e->declared / e->comp > z->lim.bomb_ratio)
        return gdh_error_set(err, GD_ELIMIT,
                             "ZIP entry %s has a compression ratio of %llu:1 (zip bomb; limit "
                             "%llu:1)",
                             name, (unsigned long long)(e->declared / e->comp),
                             (unsigned long long)z->lim.bomb_ratio);
    e->zf = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!e->zf) {
        int ze = zip_error_code_zip(zip_get_error(z->za));
        if (ze == ZIP_ER_NOPASSWD || ze == ZIP_ER_WRONGPASSWD)
            return gdh_error_set(err, GD_ENOTSUPPORTED, "encrypted document (ZIP entry %s)", name);
        if (ze == ZIP_ER_COMPNOTSUPP || ze == ZIP_ER_ENCRNOTSUPP)
            return gdh_error_set(err, GD_ENOTSUPPORTED, "ZIP entry %s uses an unsupported method",
                                 name);
        if (ze == ZIP_ER_MEMORY) return gdh_error_set(err, GD_ENOMEM, "out of memory");
        return gdh_error_set(err, GD_EFORMAT, "cannot open ZIP entry %s", name);
    }
    return GD_OK;
}

/* The running checks while an entry inflates (got: its bytes so far; step:
 * the bytes just added). */
static int entry_progress(gdh_zip *z, const entry *e, uint64_t got, uint64_t step, gdh_error *err)
{
    z->total += step;
    if (e->declared_ok && got > e->declared)
        return gdh_error_set(err, GD_ELIMIT,
                             "ZIP entry %s inflates beyond its declared %llu bytes (forged "
                             "sizes: zip bomb?)",
                             e->name, (unsigned long long)e->declared);
    if (got > z->lim.max_entry_size)
        return gdh_error_set(err, GD_ELIMIT, "ZIP entry %s inflates beyond %llu bytes", e->name,
                             (unsigned long long)z->lim.max_entry_size);
    if (got > z->lim.bomb_min_size && e->comp && got / e->comp > z->lim.bomb_ratio)
        return gdh_error_set(err, GD_ELIMIT,
                             "ZIP entry %s inflates beyond a %llu:1 ratio (zip bomb)", e->name,
                             (unsigned long long)z->lim.bomb_ratio);
    if (z->total > z->lim.max_total)
        return gdh_error_set(err, GD_ELIMIT, "the ZIP entries read inflate beyond %llu bytes",
                             (unsigned long long)z->lim.max_total);
    return GD_OK;
}

int gdh_zip_stream(gdh_zip *z, const char *name, gdh_zip_chunk_fn fn, void *payload, gdh_error *err)
{
    entry e;
    int rc = entry_open(z, name, &e, err);
    if (rc) return rc;
    enum { CHUNK = 1 << 16 };
    char *chunk = malloc(CHUNK);
    if (!chunk) {
        zip_fclose(e.zf);
        return gdh_error_set(err, GD_ENOMEM, "out of memory");
    }
    uint64_t got = 0;
    for (;;) {
        zip_int64_t r = zip_fread(e.zf, chunk, CHUNK);
        if (r < 0) {
            rc = gdh_error_set(err, GD_EFORMAT, "cannot inflate %s: %s", name,
                               zip_file_strerror(e.zf));
            break;
        }
        got += (uint64_t)r;
        rc = entry_progress(z, &e, got, (uint64_t)r, err);
        if (rc) break;
        bool last = r == 0;
        rc = fn(payload, chunk, (size_t)r, last);
        if (rc || last) break;
    }
    free(chunk);
    zip_fclose(e.zf);
    return rc;
}

int gdh_zip_read(gdh_zip *z, const char *name, uint8_t **out, size_t *len, gdh_error *err)
{
    *out = NULL;
    *len = 0;
    entry e;
    int rc = entry_open(z, name, &e, err);
    if (rc) return rc;
    /* Inflated straight into a buffer of the declared size (plus one byte
     * to notice an entry longer than it says). */
    size_t cap = (e.declared_ok ? (size_t)e.declared : 65536) + 1;
    uint8_t *buf = malloc(cap + 1);
    uint64_t got = 0;
    while (buf && !rc) {
        if (got == cap) {
            if (e.declared_ok) {
                rc = entry_progress(z, &e, got, 0, err);
                if (rc) break;
            }
            uint8_t *nb = cap <= SIZE_MAX / 2 - 1 ? realloc(buf, cap * 2 + 1) : NULL;
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        zip_int64_t r = zip_fread(e.zf, buf + got, cap - got);
        if (r < 0) {
            rc = gdh_error_set(err, GD_EFORMAT, "cannot inflate %s: %s", name,
                               zip_file_strerror(e.zf));
            break;
        }
        if (r == 0) break;
        got += (uint64_t)r;
        rc = entry_progress(z, &e, got, (uint64_t)r, err);
    }
    zip_fclose(e.zf);
    if (!buf && !rc) rc = gdh_error_set(err, GD_ENOMEM, "out of memory");
    if (rc) {
        free(buf);
        return rc;
    }
    buf[got] = 0;
    *out = buf;
    *len = (size_t)got;
    return GD_OK;
}

/* ---- path rules ---- */

char *gdh_zip_resolve(const char *base, const char *target)
{
    if (!base) base = "";
    if (!target) target = "";
    size_t bl = target[0] == '/' ? 0 : strlen(base), tl = strlen(target);
    char *out = malloc(bl + tl + 2);
    if (!out) return NULL;
    size_t o = 0;
    /* segments of base then target, normalised in place */
    for (int pass = 0; pass < 2; pass++) {
        const char *p = pass == 0 ? base : target;
        if (pass == 0 && !bl) continue;
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
    }
    out[o] = 0;
    return out;
}

bool gdh_zip_name_safe(const char *name)
{
    if (!name || !*name || name[0] == '/') return false;
    if (((name[0] >= 'A' && name[0] <= 'Z') || (name[0] >= 'a' && name[0] <= 'z')) &&
        name[1] == ':')
        return false;
    const char *p = name;
    while (*p) {
        const char *s = p;
        while (*p && *p != '/') {
            unsigned char c = (unsigned char)*p;
            if (c < 0x20 || c == 0x7F || c == '\\') return false;
            p++;
        }
        size_t n = (size_t)(p - s);
        if (n == 0 && *p) return false; /* "a//b" */
        if ((n == 1 && s[0] == '.') || (n == 2 && s[0] == '.' && s[1] == '.')) return false;
        if (*p) p++;
    }
    return true;
}
