/* Reading a ZIP container from memory under limits (minizip, zlib's own
 * ZIP reader: libzip linked OpenSSL's libcrypto into every plugin that
 * reads DOCX, ~4 ms of loading per run for encryption we refuse anyway).
 * Sizes are checked as declared before an entry is opened, and again as it
 * inflates: an archive can declare small sizes and inflate without end. */
#include "zip_into.h"

#include <govdoc/helpers/zip.h>

#include <libdeflate.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unzip.h>

/* One central-directory entry, indexed once at open: lookups are binary
 * searches, not minizip's linear scan per name. */
typedef struct zentry {
    char *name;
    unz64_file_pos pos;
    uint64_t size, comp;
    unsigned long flag, method, crc;
} zentry;

/* The archive bytes as minizip's "file". */
typedef struct zmem {
    const uint8_t *data;
    uint64_t len, pos;
} zmem;

struct gdh_zip {
    unzFile uf;
    zmem mem;
    gdh_zip_limits lim;
    uint64_t total; /* inflated bytes read from all entries */
    zentry *ents;
    size_t n;
    size_t *by_name, *by_case;          /* entry indices sorted exactly / case-blind */
    struct libdeflate_decompressor *dd; /* made at the first whole-entry read */
};

static voidpf ZCALLBACK zm_open(voidpf opaque, const void *name, int mode)
{
    (void)name;
    zmem *m = opaque;
    if (mode & ZLIB_FILEFUNC_MODE_WRITE) return NULL;
    m->pos = 0;
    return m;
}

static uLong ZCALLBACK zm_read(voidpf opaque, voidpf stream, void *buf, uLong size)
{
    zmem *m = stream;
    uint64_t left = m->len - m->pos;
    uLong n = size > left ? (uLong)left : size;
    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return n;
}

static uLong ZCALLBACK zm_write(voidpf opaque, voidpf stream, const void *buf, uLong size)
{
    return 0;
}

static ZPOS64_T ZCALLBACK zm_tell(voidpf opaque, voidpf stream)
{
    return ((zmem *)stream)->pos;
}

/* minizip seeks backwards too, passing a negative offset through the
 * unsigned type (as fseeko would take it): the target is computed signed. */
static long ZCALLBACK zm_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
    zmem *m = stream;
    if (origin == ZLIB_FILEFUNC_SEEK_SET) {
        if (off > m->len) return -1;
        m->pos = off;
        return 0;
    }
    uint64_t base = origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos : m->len;
    if ((int64_t)off < 0) {
        uint64_t back = (uint64_t)0 - off;
        if (back > base) return -1;
        m->pos = base - back;
    } else {
        if (off > m->len - base) return -1;
        m->pos = base + off;
    }
    return 0;
}

static int ZCALLBACK zm_close(voidpf opaque, voidpf stream)
{
    return 0;
}

static int ZCALLBACK zm_error(voidpf opaque, voidpf stream)
{
    return 0;
}

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

static const zentry *sort_ents; /* qsort has no payload; set just around the sorts */

static int cmp_exact(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcmp(sort_ents[i].name, sort_ents[j].name);
    return c ? c : (i > j) - (i < j); /* the first of equal names wins, as before */
}

static int cmp_case(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    int c = strcasecmp(sort_ents[i].name, sort_ents[j].name);
    return c ? c : (i > j) - (i < j);
}

/* An Info-ZIP Unicode Path extra field (0x7075) names the entry in UTF-8
 * when it was made for this very name (CRC-32 of the stored name), as
 * libzip and Info-ZIP read it. Returns a malloc'd name or NULL. */
static char *unicode_path(const uint8_t *x, size_t n, const char *raw, size_t raw_len)
{
    while (n >= 4) {
        size_t tag = x[0] | x[1] << 8, len = x[2] | x[3] << 8;
        if (len > n - 4) return NULL;
        if (tag == 0x7075 && len >= 5 && x[4] == 1) { /* version, CRC, name */
            uint32_t crc =
                (uint32_t)x[5] | (uint32_t)x[6] << 8 | (uint32_t)x[7] << 16 | (uint32_t)x[8] << 24;
            if (crc != (uint32_t)crc32(0, (const Bytef *)raw, (uInt)raw_len)) return NULL;
            char *u = malloc(len - 5 + 1);
            if (!u) return NULL;
            memcpy(u, x + 9, len - 5);
            u[len - 5] = 0;
            return strlen(u) == len - 5 ? u : (free(u), NULL);
        }
        x += 4 + len;
        n -= 4 + len;
    }
    return NULL;
}

/* One central-directory entry at the current position into e. */
static int read_entry(gdh_zip *z, zentry *e)
{
    unz_file_info64 fi;
    if (unzGetCurrentFileInfo64(z->uf, &fi, NULL, 0, NULL, 0, NULL, 0) != UNZ_OK) return -1;
    char *name = malloc(fi.size_filename + 1);
    uint8_t *extra = malloc(fi.size_file_extra + 1);
    int rc = -1;
    if (name && extra &&
        unzGetCurrentFileInfo64(z->uf, &fi, name, fi.size_filename + 1, extra, fi.size_file_extra,
                                NULL, 0) == UNZ_OK &&
        unzGetFilePos64(z->uf, &e->pos) == UNZ_OK) {
        name[fi.size_filename] = 0;
        e->name = unicode_path(extra, fi.size_file_extra, name, fi.size_filename);
        if (!e->name) e->name = name, name = NULL;
        e->size = fi.uncompressed_size;
        e->comp = fi.compressed_size;
        e->flag = fi.flag;
        e->method = fi.compression_method;
        e->crc = fi.crc;
        rc = 0;
    }
    free(name);
    free(extra);
    return rc;
}

/* Reads the central directory into z->ents (at most `count` entries, the
 * number the end record declares) and sorts the two name indices. */
static int index_entries(gdh_zip *z, uint64_t count, gdh_error *err)
{
    z->ents = calloc(count ? count : 1, sizeof *z->ents);
    z->by_name = malloc((count ? count : 1) * sizeof *z->by_name);
    z->by_case = malloc((count ? count : 1) * sizeof *z->by_case);
    if (!z->ents || !z->by_name || !z->by_case)
        return gdh_error_set(err, GD_ENOMEM, "out of memory");
    int r = count ? unzGoToFirstFile(z->uf) : UNZ_END_OF_LIST_OF_FILE;
    while (r == UNZ_OK && z->n < count) {
        if (read_entry(z, &z->ents[z->n]) != 0) break;
        z->by_name[z->n] = z->by_case[z->n] = z->n;
        z->n++;
        r = unzGoToNextFile(z->uf);
    }
    if (z->n < count) return gdh_error_set(err, GD_EFORMAT, "damaged ZIP archive");
    sort_ents = z->ents;
    qsort(z->by_name, z->n, sizeof *z->by_name, cmp_exact);
    qsort(z->by_case, z->n, sizeof *z->by_case, cmp_case);
    sort_ents = NULL;
    return GD_OK;
}

/* Where the end-of-central-directory record is (within the last 22 bytes
 * plus a comment of up to 64 KiB), or -1: without one the bytes are no ZIP
 * archive at all, with one a failed open is damage. */
static int64_t end_record(const uint8_t *b, size_t len)
{
    size_t stop = len > 22 + 65535 ? len - 22 - 65535 : 0;
    for (size_t i = len >= 22 ? len - 22 + 1 : 0; i-- > stop;)
        if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) return (int64_t)i;
    return -1;
}

int gdh_zip_open(gdh_zip **out, const void *data, size_t len, const gdh_zip_limits *limits,
                 gdh_error *err)
{
    *out = NULL;
    const uint8_t *b = data;
    if (!len) return gdh_error_set(err, GD_EFORMAT, "not a ZIP archive");
    gdh_zip *z = calloc(1, sizeof *z);
    if (!z) return gdh_error_set(err, GD_ENOMEM, "out of memory");
    limits_fill(&z->lim, limits);
    z->mem = (zmem){b, len, 0};
    zlib_filefunc64_def ff = {zm_open, zm_read,  zm_write, zm_tell,
                              zm_seek, zm_close, zm_error, &z->mem};
    z->uf = unzOpen2_64(&z->mem, &ff);
    int64_t end = z->uf ? 0 : end_record(b, len);
    if (!z->uf && end == 0 && b[10] == 0 && b[11] == 0) {
        *out = z; /* an empty archive, which minizip refuses to open */
        return GD_OK;
    }
    if (!z->uf) {
        free(z);
        return end >= 0 ? gdh_error_set(err, GD_EFORMAT, "damaged or truncated ZIP archive")
                        : gdh_error_set(err, GD_EFORMAT, "not a ZIP archive");
    }
    unz_global_info64 gi;
    int rc = GD_OK;
    if (unzGetGlobalInfo64(z->uf, &gi) != UNZ_OK)
        rc = gdh_error_set(err, GD_EFORMAT, "damaged ZIP archive");
    else if (gi.number_entry > z->lim.max_entries)
        rc = gdh_error_set(err, GD_ELIMIT, "ZIP archive has %llu entries (limit %llu)",
                           (unsigned long long)gi.number_entry,
                           (unsigned long long)z->lim.max_entries);
    else
        rc = index_entries(z, gi.number_entry, err);
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
    if (z->uf) unzClose(z->uf);
    libdeflate_free_decompressor(z->dd);
    for (size_t i = 0; i < z->n; i++) free(z->ents[i].name);
    free(z->ents);
    free(z->by_name);
    free(z->by_case);
    free(z);
}

size_t gdh_zip_count(const gdh_zip *z)
{
    return z ? z->n : 0;
}

const char *gdh_zip_name_at(gdh_zip *z, size_t i)
{
    return z && i < z->n ? z->ents[i].name : NULL;
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

/* The first entry named `name` (exactly, or ignoring ASCII case), or -1. */
static int64_t lookup(const gdh_zip *z, const char *name, bool nocase)
{
    const size_t *ix = nocase ? z->by_case : z->by_name;
    size_t lo = 0, hi = z->n;
    while (lo < hi) { /* the lowest position whose name is >= name */
        size_t mid = lo + (hi - lo) / 2;
        const char *m = z->ents[ix[mid]].name;
        if ((nocase ? strcasecmp(m, name) : strcmp(m, name)) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == z->n) return -1;
    const char *m = z->ents[ix[lo]].name;
    return (nocase ? strcasecmp(m, name) : strcmp(m, name)) == 0 ? (int64_t)ix[lo] : -1;
}

int64_t gdh_zip_find(gdh_zip *z, const char *name)
{
    if (!z || !z->uf || !name || !*name) return -1;
    int64_t i = lookup(z, name, false);
    if (i >= 0) return i;
    i = lookup(z, name, true);
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
    i = lookup(z, d, true);
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
    return idx < 0 ? UINT64_MAX : z->ents[idx].size;
}

/* An entry being read. minizip hands over the raw (compressed) bytes and
 * zlib inflates them here: minizip's own inflation stops at the declared
 * size, which would hide forged sizes behind a CRC error; inflated here, an
 * entry that goes on past its declared size is caught as such. */
typedef struct entry {
    const char *name;
    uint64_t declared, comp;
    bool deflated, zinit, in_end, out_end;
    uint32_t want_crc, crc;
    z_stream zs;
    Bytef in[1 << 14];
} entry;

static int entry_open(gdh_zip *z, const char *name, entry *e, gdh_error *err)
{
    memset(e, 0, offsetof(entry, in));
    e->name = name;
    int64_t idx = gdh_zip_find(z, name);
    if (idx < 0) return gdh_error_set(err, GD_EFORMAT, "ZIP entry %s is missing", name);
    zentry *ze = &z->ents[idx];
    if (ze->flag & 1)
        return gdh_error_set(err, GD_ENOTSUPPORTED,
                             "encrypted document (ZIP entry %s is encrypted)", name);
    if (ze->method != 0 && ze->method != Z_DEFLATED)
        return gdh_error_set(err, GD_ENOTSUPPORTED, "ZIP entry %s uses an unsupported method",
                             name);
    e->declared = ze->size;
    e->comp = ze->comp;
    e->want_crc = (uint32_t)ze->crc;
    e->deflated = ze->method == Z_DEFLATED;
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
    int method, level;
    if (unzGoToFilePos64(z->uf, &ze->pos) != UNZ_OK ||
        unzOpenCurrentFile2(z->uf, &method, &level, 1) != UNZ_OK)
        return gdh_error_set(err, GD_EFORMAT, "cannot open ZIP entry %s", name);
    return GD_OK; /* zlib starts at the first entry_read: a whole read may not need it */
}

/* Ends reading an entry; an entry read to its end must match its CRC. */
static int entry_close(gdh_zip *z, entry *e, int rc, gdh_error *err)
{
    if (e->zinit) inflateEnd(&e->zs);
    unzCloseCurrentFile(z->uf);
    if (!rc && e->out_end && e->crc != e->want_crc)
        return gdh_error_set(err, GD_EFORMAT, "cannot inflate %s: CRC error", e->name);
    return rc;
}

/* One read of at most `cap` inflated bytes into buf; *n gets the count, 0
 * at the end of the entry. */
static int entry_read(gdh_zip *z, entry *e, void *buf, size_t cap, size_t *n, gdh_error *err)
{
    *n = 0;
    uInt want = cap > (1u << 30) ? 1u << 30 : (uInt)cap;
    if (!e->deflated) { /* stored: the raw bytes are the data */
        int r = unzReadCurrentFile(z->uf, buf, want);
        if (r < 0) return gdh_error_set(err, GD_EFORMAT, "cannot read ZIP entry %s", e->name);
        e->out_end = r == 0;
        e->crc = (uint32_t)crc32(e->crc, buf, (uInt)r);
        *n = (size_t)r;
        return GD_OK;
    }
    if (!e->zinit) {
        if (inflateInit2(&e->zs, -MAX_WBITS) != Z_OK)
            return gdh_error_set(err, GD_ENOMEM, "out of memory");
        e->zinit = true;
    }
    e->zs.next_out = buf;
    e->zs.avail_out = want;
    while (e->zs.avail_out == want && !e->out_end) {
        if (!e->zs.avail_in && !e->in_end) {
            int r = unzReadCurrentFile(z->uf, e->in, sizeof e->in);
            if (r < 0) return gdh_error_set(err, GD_EFORMAT, "cannot read ZIP entry %s", e->name);
            e->in_end = r == 0;
            e->zs.next_in = e->in;
            e->zs.avail_in = (uInt)r;
        }
        int zr = inflate(&e->zs, Z_NO_FLUSH);
        if (zr == Z_STREAM_END)
            e->out_end = true;
        else if (zr == Z_MEM_ERROR)
            return gdh_error_set(err, GD_ENOMEM, "out of memory");
        else if (zr != Z_OK && !(zr == Z_BUF_ERROR && !e->in_end))
            return gdh_error_set(err, GD_EFORMAT, "cannot inflate %s: %s", e->name,
                                 zr == Z_BUF_ERROR ? "truncated data" : "damaged data");
    }
    *n = want - e->zs.avail_out;
    e->crc = (uint32_t)crc32(e->crc, buf, (uInt)*n);
    return GD_OK;
}

/* The running checks while an entry inflates (got: its bytes so far; step:
 * the bytes just added). */
static int entry_progress(gdh_zip *z, const entry *e, uint64_t got, uint64_t step, gdh_error *err)
{
    z->total += step;
    if (got > e->declared)
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
    if (!chunk) rc = gdh_error_set(err, GD_ENOMEM, "out of memory");
    bool closed = false;
    uint64_t got = 0;
    while (!rc) {
        size_t r;
        rc = entry_read(z, &e, chunk, CHUNK, &r, err);
        if (!rc) rc = entry_progress(z, &e, got += r, r, err);
        if (rc) break;
        bool last = r == 0;
        if (last) { /* the CRC is checked before the consumer hears "last" */
            closed = true;
            rc = entry_close(z, &e, GD_OK, err);
            if (rc) break;
        }
        rc = fn(payload, chunk, r, last);
        if (last) break;
    }
    free(chunk);
    return closed ? rc : entry_close(z, &e, rc, err);
}

/* A deflated entry inflated in one call (libdeflate: about twice zlib's
 * speed, no window to allocate and fill) from the archive's own bytes into
 * buf (cap > declared). True when it inflated to its end within the
 * declared size; *got is then its size and the CRC is computed. Anything
 * else — damage, a size that lies, data past the archive's end — is left
 * to zlib's path, which reads it from the start and says what is wrong,
 * as it always has. */
static bool whole_inflate(gdh_zip *z, entry *e, uint8_t *buf, uint64_t *got)
{
    uint64_t pos = unzGetCurrentFileZStreamPos64(z->uf);
    if (!e->deflated || pos > z->mem.len || e->comp > z->mem.len - pos) return false;
    if (!z->dd && !(z->dd = libdeflate_alloc_decompressor())) return false;
    size_t in_used, out;
    if (libdeflate_deflate_decompress_ex(z->dd, z->mem.data + pos, (size_t)e->comp, buf,
                                         (size_t)e->declared, &in_used, &out) != LIBDEFLATE_SUCCESS)
        return false;
    e->out_end = true;
    e->crc = libdeflate_crc32(0, buf, out);
    *got = out;
    return true;
}

/* zlib's path: buf[0..cap) filled until the entry ends, checked as it goes. */
static int read_loop(gdh_zip *z, entry *e, uint8_t *buf, size_t cap, uint64_t *got, gdh_error *err)
{
    int rc = GD_OK;
    while (!rc && *got < cap) {
        size_t r;
        rc = entry_read(z, e, buf + *got, cap - *got, &r, err);
        if (rc || r == 0) break;
        *got += (uint64_t)r;
        rc = entry_progress(z, e, *got, (uint64_t)r, err);
    }
    return rc;
}

int zip_read_into(gdh_zip *z, const char *name, zip_alloc_fn alloc, void *user, uint8_t **out,
                  size_t *len, gdh_error *err)
{
    *out = NULL;
    *len = 0;
    entry e;
    int rc = entry_open(z, name, &e, err);
    if (rc) return rc;
    /* Inflated straight into a buffer of the declared size plus one byte:
     * an entry longer than it says fills that byte and fails the check. */
    size_t cap = (size_t)e.declared + 1;
    uint8_t *buf = alloc(user, cap);
    uint64_t got = 0;
    if (buf) /* libdeflate's whole output is within the declared size: only the total to check */
        rc = whole_inflate(z, &e, buf, &got) ? entry_progress(z, &e, got, got, err)
                                             : read_loop(z, &e, buf, cap, &got, err);
    rc = entry_close(z, &e, rc, err);
    if (!buf && !rc) rc = gdh_error_set(err, GD_ENOMEM, "out of memory");
    *out = buf; /* the caller's to release, even after a failure */
    *len = rc ? 0 : (size_t)got;
    return rc;
}

static uint8_t *alloc_nul(void *user, size_t cap)
{
    (void)user;
    return cap < SIZE_MAX ? malloc(cap + 1) : NULL; /* + the NUL gdh_zip_read adds */
}

int gdh_zip_read(gdh_zip *z, const char *name, uint8_t **out, size_t *len, gdh_error *err)
{
    int rc = zip_read_into(z, name, alloc_nul, NULL, out, len, err);
    if (rc) {
        free(*out);
        *out = NULL;
        return rc;
    }
    (*out)[*len] = 0;
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
