/* Reading a ZIP container from memory under limits. The directories are
 * read here, with the checks and in the order of minizip 1.1 (zlib's ZIP
 * reader, which this file used before; libzip had linked OpenSSL's
 * libcrypto): the same archives open and the same fail, without loading
 * minizip for it (0.4 ms with zlib at every DOCX read). Entries inflate
 * with libdeflate when whole, else zlib.
 * Sizes are checked as declared before an entry is opened, and again as it
 * inflates: an archive can declare small sizes and inflate without end. */
#include "zip_into.h"

#include <govdoc/helpers/zip.h>

#include <dlfcn.h>
#include <libdeflate.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#define RAW_BLOCK 16384u /* minizip's read size: what it checked, block by block */

/* One central-directory entry, indexed once at open: lookups are binary
 * searches, not a linear scan per name. */
typedef struct zentry {
    char *name;
    uint64_t size, comp, local; /* local: the local header's offset */
    unsigned long flag, method, crc;
    size_t name_len; /* as stored, which the local header must repeat */
} zentry;

struct gdh_zip {
    const uint8_t *data;
    uint64_t len;
    uint64_t before; /* bytes before the archive proper (a self-extractor's stub) */
    gdh_zip_limits lim;
    uint64_t total; /* inflated bytes read from all entries */
    zentry *ents;
    size_t n;
    size_t *by_name, *by_case;          /* entry indices sorted exactly / case-blind */
    struct libdeflate_decompressor *dd; /* made at the first whole-entry read */
    bool opened;                        /* false: the empty archive, nothing to find */
};

/* ---- reading the directories as minizip did ---- */

static bool span(const gdh_zip *z, uint64_t pos, uint64_t n)
{
    return pos <= z->len && n <= z->len - pos;
}

/* A position in the archive, moved as minizip's reads and seeks moved it. */
typedef struct cursor {
    const gdh_zip *z;
    uint64_t pos;
} cursor;

/* A little-endian field of n bytes. minizip read them a byte at a time and
 * took the end of the bytes for success with the last byte repeated (0 if
 * none): a record cut short reads so, it does not fail. */
static uint64_t get(cursor *c, int n)
{
    uint64_t x = 0;
    unsigned i = 0;
    for (int k = 0; k < n; k++) {
        if (c->pos < c->z->len) i = c->z->data[c->pos++];
        x |= (uint64_t)i << (8 * k);
    }
    return x;
}

/* A seek: false past the end. */
static bool seek(cursor *c, uint64_t to)
{
    if (to > c->z->len) return false;
    c->pos = to;
    return true;
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
            if (crc != libdeflate_crc32(0, raw, raw_len)) return NULL;
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

/* minizip's search for a record's signature: the last one within the
 * archive's last 64 KiB - 1 bytes, or 0 (none, or one at offset 0). */
static uint64_t search_back(const gdh_zip *z, const char sig[4])
{
    uint64_t back = z->len < 0xFFFF ? z->len : 0xFFFF;
    if (back <= 4) return 0;
    for (uint64_t p = z->len - 4 + 1; p-- > z->len - back;)
        if (memcmp(z->data + p, sig, 4) == 0) return p;
    return 0;
}

/* The Zip64 end record the Zip64 locator points to, or 0. */
static uint64_t zip64_end(const gdh_zip *z)
{
    cursor c = {z, search_back(z, "PK\6\7")};
    if (!c.pos) return 0;
    get(&c, 4);
    if (get(&c, 4) != 0) return 0; /* the disk with the Zip64 end record */
    uint64_t at = get(&c, 8);
    if (get(&c, 4) != 1 || !seek(&c, at)) return 0; /* disks in all */
    return get(&c, 4) == 0x06064b50 ? at : 0;
}

/* Where the central directory starts and how many entries it lists, from
 * the end record (Zip64's when there is one); false: not an archive minizip
 * opened. Sets z->before. */
static bool dir_end(gdh_zip *z, uint64_t *start, uint64_t *count)
{
    uint64_t at = zip64_end(z), disk, cd_disk, n, n_cd, size, off;
    cursor c = {z, at};
    if (at) {
        get(&c, 4), get(&c, 8), get(&c, 2), get(&c, 2); /* signature, size, versions */
        disk = get(&c, 4), cd_disk = get(&c, 4), n = get(&c, 8), n_cd = get(&c, 8);
        size = get(&c, 8), off = get(&c, 8);
    } else {
        at = c.pos = search_back(z, "PK\5\6");
        if (!at) return false;
        get(&c, 4);
        disk = get(&c, 2), cd_disk = get(&c, 2), n = get(&c, 2), n_cd = get(&c, 2);
        size = get(&c, 4), off = get(&c, 4);
    }
    if (n_cd != n || cd_disk != 0 || disk != 0 || at < off + size) return false;
    z->before = at - (off + size);
    *start = off;
    *count = n;
    return true;
}

/* A central-directory record at pos (from the archive proper's start), as
 * minizip read it: the fixed part, the name and extra field within the
 * bytes, the Zip64 extra field's sizes and offset read where it says. */
static bool central(const gdh_zip *z, uint64_t pos, zentry *e, const uint8_t **name,
                    size_t *name_len, const uint8_t **extra, size_t *extra_len, uint64_t *next)
{
    cursor c = {z, 0};
    if (!seek(&c, pos + z->before) || get(&c, 4) != 0x02014b50) return false;
    get(&c, 2), get(&c, 2); /* versions */
    e->flag = (unsigned long)get(&c, 2);
    e->method = (unsigned long)get(&c, 2);
    get(&c, 4); /* date */
    e->crc = (unsigned long)get(&c, 4);
    e->comp = get(&c, 4);
    e->size = get(&c, 4);
    size_t fl = (size_t)get(&c, 2), xl = (size_t)get(&c, 2), cl = (size_t)get(&c, 2);
    get(&c, 2), get(&c, 2), get(&c, 4); /* disk, attributes */
    e->local = get(&c, 4);
    if (fl + xl && !span(z, c.pos, (uint64_t)fl + xl)) return false; /* read in one go */
    *name = z->data + c.pos;
    *extra = z->data + c.pos + fl;
    c.pos += fl;
    for (uint64_t acc = 0; acc < xl;) { /* Zip64 values replace those that say 0xFFFFFFFF */
        uint64_t id = get(&c, 2), ds = get(&c, 2);
        if (id == 1) { /* read in place: a longer field's rest is read as fields */
            uint64_t *v[3] = {&e->size, &e->comp, &e->local};
            for (int i = 0; i < 3; i++)
                if (*v[i] == 0xFFFFFFFF) *v[i] = get(&c, 8);
        } else if (!seek(&c, c.pos + ds)) {
            return false;
        }
        acc += 4 + ds;
    }
    e->name_len = fl;
    *name_len = fl;
    *extra_len = xl;
    *next = pos + 46 + fl + xl + cl;
    return true;
}

/* The central directory into z->ents (count entries, as the end record
 * says) and the two name indices sorted. */
static int index_entries(gdh_zip *z, uint64_t pos, uint64_t count, gdh_error *err)
{
    z->ents = calloc(count ? count : 1, sizeof *z->ents);
    z->by_name = malloc((count ? count : 1) * sizeof *z->by_name);
    z->by_case = malloc((count ? count : 1) * sizeof *z->by_case);
    if (!z->ents || !z->by_name || !z->by_case)
        return gdh_error_set(err, GD_ENOMEM, "out of memory");
    while (z->n < count) {
        zentry *e = &z->ents[z->n];
        const uint8_t *name, *extra;
        size_t nl, xl;
        if (!central(z, pos, e, &name, &nl, &extra, &xl, &pos)) break;
        char *raw = malloc(nl + 1);
        if (!raw) return gdh_error_set(err, GD_ENOMEM, "out of memory");
        memcpy(raw, name, nl);
        raw[nl] = 0;
        e->name = unicode_path(extra, xl, raw, nl);
        if (e->name)
            free(raw);
        else
            e->name = raw;
        z->by_name[z->n] = z->by_case[z->n] = z->n;
        z->n++;
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
    z->data = b;
    z->len = len;
    uint64_t start, count;
    bool opened = dir_end(z, &start, &count);
    int64_t end = opened ? 0 : end_record(b, len);
    if (!opened && end == 0 && b[10] == 0 && b[11] == 0) {
        *out = z; /* an empty archive (its end record at offset 0: minizip refused it) */
        return GD_OK;
    }
    if (!opened) {
        free(z);
        return end >= 0 ? gdh_error_set(err, GD_EFORMAT, "damaged or truncated ZIP archive")
                        : gdh_error_set(err, GD_EFORMAT, "not a ZIP archive");
    }
    int rc = GD_OK;
    if (count > z->lim.max_entries)
        rc = gdh_error_set(err, GD_ELIMIT, "ZIP archive has %llu entries (limit %llu)",
                           (unsigned long long)count, (unsigned long long)z->lim.max_entries);
    else
        rc = index_entries(z, start, count, err);
    if (rc) {
        gdh_zip_close(z);
        return rc;
    }
    z->opened = true;
    *out = z;
    return GD_OK;
}

void gdh_zip_close(gdh_zip *z)
{
    if (!z) return;
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
    if (!z || !z->opened || !name || !*name) return -1;
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

/* zlib, loaded on first need: streamed entries and what libdeflate refused
 * (a whole read never needs it; loading it cost ~10 page faults a read). */
static struct {
    int (*init)(z_streamp, int, const char *, int); /* inflateInit2_ */
    int (*inflate)(z_streamp, int);
    int (*end)(z_streamp);
} zl;

static bool zl_loaded;

static void zl_load(void)
{
    void *h = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL);
    void *f[3] = {h ? dlsym(h, "inflateInit2_") : NULL, h ? dlsym(h, "inflate") : NULL,
                  h ? dlsym(h, "inflateEnd") : NULL};
    if (!f[0] || !f[1] || !f[2]) {
        if (h) dlclose(h);
        return;
    }
    memcpy(&zl.init, &f[0], sizeof f[0]); /* as POSIX allows; ISO C has no cast for it */
    memcpy(&zl.inflate, &f[1], sizeof f[1]);
    memcpy(&zl.end, &f[2], sizeof f[2]);
    zl_loaded = true; /* kept loaded: the handle is the process's, like a linked library */
}

/* Once per process, whichever threads read ZIP entries. */
static bool zlib_load(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, zl_load);
    return zl_loaded;
}

/* An entry being read: its raw bytes handed over in minizip's blocks (a
 * block reaching past the archive's end is an error when it is needed,
 * not before), inflated here by zlib, or whole by libdeflate. Inflated
 * here, an entry that goes on past its declared size is caught as such. */
typedef struct entry {
    const char *name;
    uint64_t declared, comp;
    bool deflated, zinit, in_end, out_end;
    uint32_t want_crc, crc;
    uint64_t raw_pos, raw_rest; /* the next block's position; raw bytes not yet in a block */
    const uint8_t *blk;         /* the current block's bytes not yet used */
    size_t blk_len;
    z_stream zs;
} entry;

/* The local header, checked against the central record as minizip did;
 * *data gets where the entry's bytes start. */
static bool local_ok(const gdh_zip *z, const zentry *ze, uint64_t *data)
{
    cursor c = {z, 0};
    if (!seek(&c, ze->local + z->before)) return false;
    bool ok = get(&c, 4) == 0x04034b50;
    get(&c, 2);                     /* version */
    bool check = !(get(&c, 2) & 8); /* sizes and CRC after the data: not here */
    ok = ok && get(&c, 2) == ze->method;
    get(&c, 4); /* date */
    uint64_t crc = get(&c, 4), comp = get(&c, 4), size = get(&c, 4);
    ok = ok && !(check && crc != ze->crc) && !(check && comp != 0xFFFFFFFF && comp != ze->comp) &&
         !(check && size != 0xFFFFFFFF && size != ze->size);
    uint64_t fl = get(&c, 2), xl = get(&c, 2);
    *data = ze->local + 30 + fl + xl + z->before;
    return ok && fl == ze->name_len;
}

static int entry_open(gdh_zip *z, const char *name, entry *e, gdh_error *err)
{
    memset(e, 0, sizeof *e);
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
    if (!local_ok(z, ze, &e->raw_pos))
        return gdh_error_set(err, GD_EFORMAT, "cannot open ZIP entry %s", name);
    e->raw_rest = e->comp;
    return GD_OK; /* zlib starts at the first entry_read: a whole read may not need it */
}

/* Ends reading an entry; an entry read to its end must match its CRC. */
static int entry_close(entry *e, int rc, gdh_error *err)
{
    if (e->zinit) zl.end(&e->zs);
    if (!rc && e->out_end && e->crc != e->want_crc)
        return gdh_error_set(err, GD_EFORMAT, "cannot inflate %s: CRC error", e->name);
    return rc;
}

/* The next raw block when the current one is used up (false: it reaches
 * past the archive's end). */
static bool raw_block(const gdh_zip *z, entry *e)
{
    if (e->blk_len || !e->raw_rest) return true;
    size_t n = e->raw_rest < RAW_BLOCK ? (size_t)e->raw_rest : RAW_BLOCK;
    if (!span(z, e->raw_pos, n)) return false;
    e->blk = z->data + e->raw_pos;
    e->blk_len = n;
    e->raw_pos += n;
    e->raw_rest -= n;
    return true;
}

/* A stored entry's bytes, up to want, as minizip copied them: -1 when a
 * block they need is not there. */
static long raw_copy(const gdh_zip *z, entry *e, uint8_t *buf, size_t want)
{
    size_t got = 0;
    if (want > e->raw_rest + e->blk_len) want = (size_t)(e->raw_rest + e->blk_len);
    while (got < want) {
        if (!raw_block(z, e)) return -1;
        size_t k = want - got < e->blk_len ? want - got : e->blk_len;
        memcpy(buf + got, e->blk, k);
        e->blk += k;
        e->blk_len -= k;
        got += k;
    }
    return (long)got;
}
/* One read of at most `cap` inflated bytes into buf; *n gets the count, 0
 * at the end of the entry. */
static int entry_read(gdh_zip *z, entry *e, void *buf, size_t cap, size_t *n, gdh_error *err)
{
    *n = 0;
    uInt want = cap > (1u << 30) ? 1u << 30 : (uInt)cap;
    if (!e->deflated) { /* stored: the raw bytes are the data */
        long r = raw_copy(z, e, buf, want);
        if (r < 0) return gdh_error_set(err, GD_EFORMAT, "cannot read ZIP entry %s", e->name);
        e->out_end = r == 0;
        e->crc = libdeflate_crc32(e->crc, buf, (size_t)r);
        *n = (size_t)r;
        return GD_OK;
    }
    if (!e->zinit) {
        if (!zlib_load())
            return gdh_error_set(err, GD_ERROR, "cannot inflate %s: zlib (libz.so.1) not loaded",
                                 e->name);
        if (zl.init(&e->zs, -MAX_WBITS, ZLIB_VERSION, (int)sizeof e->zs) != Z_OK)
            return gdh_error_set(err, GD_ENOMEM, "out of memory");
        e->zinit = true;
    }
    e->zs.next_out = buf;
    e->zs.avail_out = want;
    while (e->zs.avail_out == want && !e->out_end) {
        if (!e->zs.avail_in && !e->in_end) { /* the next block, read in place */
            if (!raw_block(z, e))
                return gdh_error_set(err, GD_EFORMAT, "cannot read ZIP entry %s", e->name);
            e->in_end = e->blk_len == 0;
            e->zs.next_in = (Bytef *)(uintptr_t)e->blk;
            e->zs.avail_in = (uInt)e->blk_len;
            e->blk_len = 0;
        }
        int zr = zl.inflate(&e->zs, Z_NO_FLUSH);
        if (zr == Z_STREAM_END)
            e->out_end = true;
        else if (zr == Z_MEM_ERROR)
            return gdh_error_set(err, GD_ENOMEM, "out of memory");
        else if (zr != Z_OK && !(zr == Z_BUF_ERROR && !e->in_end))
            return gdh_error_set(err, GD_EFORMAT, "cannot inflate %s: %s", e->name,
                                 zr == Z_BUF_ERROR ? "truncated data" : "damaged data");
    }
    *n = want - e->zs.avail_out;
    e->crc = libdeflate_crc32(e->crc, buf, *n);
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
            rc = entry_close(&e, GD_OK, err);
            if (rc) break;
        }
        rc = fn(payload, chunk, r, last);
        if (last) break;
    }
    free(chunk);
    return closed ? rc : entry_close(&e, rc, err);
}

/* A deflated entry inflated in one call (libdeflate: about twice zlib's
 * speed, no window to allocate and fill) from the archive's own bytes into
 * buf (cap > declared). True when it inflated to its end within the
 * declared size and its CRC is right; *got is then its size. Anything
 * else — damage, a size that lies, data past the archive's end, a wrong
 * CRC (libdeflate decodes some streams zlib calls damaged, e.g. distance
 * codes 30 and 31) — is left to zlib's path, which reads it from the start
 * and says what is wrong, as it always has. */
static bool whole_inflate(gdh_zip *z, entry *e, uint8_t *buf, uint64_t *got)
{
    uint64_t pos = e->raw_pos;
    if (!e->deflated || !span(z, pos, e->comp)) return false;
    if (!z->dd && !(z->dd = libdeflate_alloc_decompressor())) return false;
    size_t in_used, out;
    if (libdeflate_deflate_decompress_ex(z->dd, z->data + pos, (size_t)e->comp, buf,
                                         (size_t)e->declared, &in_used,
                                         &out) != LIBDEFLATE_SUCCESS ||
        libdeflate_crc32(0, buf, out) != e->want_crc)
        return false;
    e->out_end = true;
    e->crc = e->want_crc;
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
    rc = entry_close(&e, rc, err);
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
