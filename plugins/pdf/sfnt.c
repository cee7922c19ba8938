/* OpenType/TrueType tables read in place from the mapped font file (see
 * sfnt.h). Every read is bounds-checked against the mapping: a font named
 * by -O pdf.font may be anything. */
#define _GNU_SOURCE
#include "sfnt.h"

#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* The face's table directory; HarfBuzz ignores the index of a file that
 * is not a collection, and so do we. */
static void read_dir(pw_sfnt *f, unsigned index)
{
    const uint8_t *d = f->map;
    size_t n = f->size, off = 0;
    if (n < 12) return;
    uint32_t tag = pw_be32(d);
    if (tag == PW_TAG('t', 't', 'c', 'f')) {
        if (index >= pw_sfnt_faces(f)) return;
        off = pw_be32(d + 12 + 4 * (size_t)index);
    } else if (tag != 0x00010000 && tag != PW_TAG('O', 'T', 'T', 'O') &&
               tag != PW_TAG('t', 'r', 'u', 'e') && tag != PW_TAG('t', 'y', 'p', '1')) {
        return;
    }
    if (off > n || n - off < 12) return;
    unsigned nt = pw_be16(d + off + 4);
    if ((n - off - 12) / 16 < nt) return;
    f->dir = d + off + 12;
    f->ntables = nt;
}

unsigned pw_sfnt_faces(const pw_sfnt *f)
{
    if (f->size >= 12 && pw_be32(f->map) == PW_TAG('t', 't', 'c', 'f')) {
        uint32_t count = pw_be32(f->map + 8);
        return count > (f->size - 12) / 4 ? 0 : count;
    }
    return 1;
}

const uint8_t *pw_sfnt_table(const pw_sfnt *f, uint32_t tag, size_t *n)
{
    *n = 0;
    for (unsigned i = 0; i < f->ntables; i++) {
        const uint8_t *r = f->dir + 16 * (size_t)i;
        if (pw_be32(r) != tag) continue;
        uint32_t off = pw_be32(r + 8), len = pw_be32(r + 12);
        if (off >= f->size) return NULL;
        *n = len < f->size - off ? len : f->size - off;
        return *n ? f->map + off : NULL;
    }
    return NULL;
}

/* ---- cmap: the subtable HarfBuzz would choose ---- */

/* Unicode encodings (platform, encoding), 32-bit first, in HarfBuzz's
 * order of preference: for cmap subtables after the symbol one (3,0), for
 * names before it. */
static const uint8_t unicode_order[][2] = {{3, 10}, {0, 6}, {0, 4}, {3, 1},
                                           {0, 3},  {0, 2}, {0, 1}, {0, 0}};
enum { NUNICODE = sizeof unicode_order / sizeof *unicode_order };

/* The subtable of encoding (pid, eid), if it is one we can read whole
 * (formats 0, 4, 6, 10, 12, 13; a length running past the table is cut
 * to it, as HarfBuzz does). */
static const uint8_t *subtable(const uint8_t *c, size_t cn, unsigned pid, unsigned eid, size_t *sn)
{
    if (cn < 4) return NULL;
    unsigned nrec = pw_be16(c + 2);
    for (unsigned i = 0; i < nrec && 4 + 8 * (size_t)i + 8 <= cn; i++) {
        const uint8_t *r = c + 4 + 8 * (size_t)i;
        if (pw_be16(r) != pid || pw_be16(r + 2) != eid) continue;
        uint32_t off = pw_be32(r + 4);
        if (off >= cn || cn - off < 4) return NULL;
        const uint8_t *s = c + off;
        size_t room = cn - off, need, len;
        switch (pw_be16(s)) {
        case 0: need = 262; break;
        case 4:
            if (room < 14) return NULL;
            len = pw_be16(s + 2) < room ? pw_be16(s + 2) : room;
            need = 16 + 8 * (size_t)(pw_be16(s + 6) / 2);
            if (len < need) return NULL;
            *sn = len;
            return s;
        case 6: need = room < 10 ? 10 : 10 + 2 * (size_t)pw_be16(s + 8); break;
        case 10: need = room < 20 ? 20 : 20 + 2 * (size_t)pw_be32(s + 16); break;
        case 12:
        case 13: need = room < 16 ? 16 : 16 + 12 * (size_t)pw_be32(s + 12); break;
        default: return NULL;
        }
        if (need > room) return NULL;
        *sn = need;
        return s;
    }
    return NULL;
}

static void choose_cmap(pw_sfnt *f)
{
    size_t cn;
    const uint8_t *c = pw_sfnt_table(f, PW_TAG('c', 'm', 'a', 'p'), &cn);
    if (!c) return;
    if ((f->cmap = subtable(c, cn, 3, 0, &f->cmap_n))) { /* a symbol font's, first */
        f->symbol = true;
        return;
    }
    for (size_t i = 0; i < NUNICODE; i++)
        if ((f->cmap = subtable(c, cn, unicode_order[i][0], unicode_order[i][1], &f->cmap_n)))
            return;
}

static uint32_t format4(const uint8_t *s, size_t n, uint32_t cp)
{
    unsigned seg = pw_be16(s + 6) / 2;
    const uint8_t *end = s + 14, *start = end + 2 * seg + 2, *delta = start + 2 * seg,
                  *range = delta + 2 * seg, *ids = range + 2 * seg;
    unsigned nids = (unsigned)((n - 16 - 8 * (size_t)seg) / 2);
    int lo = 0, hi = (int)seg - 1;
    while (lo <= hi) {
        int mid = (int)(((unsigned)lo + (unsigned)hi) / 2);
        if (cp > pw_be16(end + 2 * mid)) {
            lo = mid + 1;
        } else if (cp < pw_be16(start + 2 * mid)) {
            hi = mid - 1;
        } else {
            unsigned ro = pw_be16(range + 2 * mid), gid;
            if (ro == 0) {
                gid = cp + pw_be16(delta + 2 * mid);
            } else {
                unsigned k = ro / 2 + (cp - pw_be16(start + 2 * mid)) + (unsigned)mid - seg;
                if (k >= nids || !(gid = pw_be16(ids + 2 * (size_t)k))) return 0;
                gid += pw_be16(delta + 2 * mid);
            }
            return gid & 0xFFFF;
        }
    }
    return 0;
}

static uint32_t groups(const uint8_t *s, uint32_t cp, bool constant)
{
    uint32_t n = pw_be32(s + 12);
    const uint8_t *g = s + 16;
    long lo = 0, hi = (long)n - 1;
    while (lo <= hi) {
        long mid = (long)(((unsigned long)lo + (unsigned long)hi) / 2);
        const uint8_t *e = g + 12 * (size_t)mid;
        uint32_t first = pw_be32(e), last = pw_be32(e + 4);
        if (cp < first) {
            hi = mid - 1;
        } else if (cp > last) {
            lo = mid + 1;
        } else {
            if (constant) return pw_be32(e + 8);
            return first <= last ? pw_be32(e + 8) + (cp - first) : 0;
        }
    }
    return 0;
}

/* Formats 6 and 10: `count` glyphs for the code points from the first. */
static uint32_t trimmed(const uint8_t *ids, uint32_t i, uint32_t count)
{
    return i < count ? pw_be16(ids + 2 * (size_t)i) : 0;
}

static uint32_t lookup(const uint8_t *s, size_t n, uint32_t cp)
{
    switch (pw_be16(s)) {
    case 0: return cp < 256 ? s[6 + cp] : 0;
    case 4: return format4(s, n, cp);
    case 6: return trimmed(s + 10, cp - pw_be16(s + 6), pw_be16(s + 8));
    case 10: return trimmed(s + 20, cp - pw_be32(s + 12), pw_be32(s + 16));
    case 12: return groups(s, cp, false);
    case 13: return groups(s, cp, true);
    default: return 0;
    }
}

uint32_t pw_sfnt_glyph(const pw_sfnt *f, uint32_t cp)
{
    if (!f->cmap) return 0;
    uint32_t g = lookup(f->cmap, f->cmap_n, cp);
    /* Symbol fonts: U+F000..F0FF is also met at U+0000..00FF, as Windows
     * does. (HarfBuzz also maps Arabic to a legacy PUA there: no CJK
     * report font is a symbol font.) */
    if (!g && f->symbol && cp <= 0xFF) g = lookup(f->cmap, f->cmap_n, 0xF000 + cp);
    return g;
}

/* ---- metrics ---- */

static void read_metrics(pw_sfnt *f)
{
    size_t n;
    const uint8_t *t = pw_sfnt_table(f, PW_TAG('h', 'e', 'a', 'd'), &n);
    f->upem = 1000;
    if (t && n >= 54 && pw_be16(t) == 1 && pw_be32(t + 12) == 0x5F0F3CF5 && pw_be16(t + 18) >= 16 &&
        pw_be16(t + 18) <= 16384)
        f->upem = pw_be16(t + 18);
    t = pw_sfnt_table(f, PW_TAG('m', 'a', 'x', 'p'), &n);
    if (t && n >= 6 && ((pw_be16(t) == 1 && n >= 32) || pw_be32(t) == 0x00005000))
        f->nglyphs = pw_be16(t + 4);
    /* hmtx: numberOfHMetrics long metrics, then bare side bearings; the
     * counts cut to what the table holds. */
    size_t hn;
    const uint8_t *h = pw_sfnt_table(f, PW_TAG('h', 'h', 'e', 'a'), &n);
    f->hmtx = pw_sfnt_table(f, PW_TAG('h', 'm', 't', 'x'), &hn);
    if (!h || n < 36 || pw_be16(h) != 1 || !f->hmtx) return;
    hn &= ~(size_t)1;
    size_t nl = pw_be16(h + 34);
    if (nl * 4 > hn) nl = hn / 4;
    hn -= nl * 4;
    size_t nb = f->nglyphs;
    if (nb < nl) nb = nl;
    if ((nb - nl) * 2 > hn) nb = nl + hn / 2;
    hn -= (nb - nl) * 2;
    if (!nl) nb = 0;
    f->nlong = (unsigned)nl;
    f->nadvances = (unsigned)(nb + hn / 2);
}

unsigned pw_sfnt_advance(const pw_sfnt *f, uint32_t gid)
{
    if (!f->nlong) return f->upem / 2; /* no metrics: HarfBuzz's default */
    uint32_t nglyphs = f->nglyphs > f->nadvances ? f->nglyphs : f->nadvances;
    if (gid >= nglyphs) return 0;
    return pw_be16(f->hmtx + 4 * (size_t)(gid < f->nlong ? gid : f->nlong - 1));
}

bool pw_sfnt_open(pw_sfnt *f, const char *path, unsigned index)
{
    memset(f, 0, sizeof *f);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    struct stat st;
    bool ok = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    void *m = ok && st.st_size > 0 ? mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0)
                                   : MAP_FAILED;
    close(fd);
    if (!ok || (st.st_size > 0 && m == MAP_FAILED)) return false;
    if (m != MAP_FAILED) { /* an empty file: a face without tables */
        f->map = m;
        f->size = (size_t)st.st_size;
    }
    pw_sfnt_select(f, index);
    return true;
}

void pw_sfnt_select(pw_sfnt *f, unsigned index)
{
    *f = (pw_sfnt){.map = f->map, .size = f->size, .index = index};
    read_dir(f, index);
    choose_cmap(f);
    read_metrics(f);
}

void pw_sfnt_close(pw_sfnt *f)
{
    if (f->map) munmap((void *)f->map, f->size);
    memset(f, 0, sizeof *f);
}

/* ---- name ---- */

/* HarfBuzz's preference among names' encodings (lower is better): the
 * Unicode ones, symbol, then Mac Roman (10: read as ASCII); 42: unread. */
static unsigned name_score(unsigned pid, unsigned eid)
{
    for (unsigned i = 0; i < NUNICODE; i++)
        if (unicode_order[i][0] == pid && unicode_order[i][1] == eid) return i;
    if (pid == 3 && eid == 0) return NUNICODE;
    return pid == 1 && eid == 0 ? 10 : 42;
}

static size_t put_utf8(char *buf, size_t o, size_t cap, uint32_t c)
{
    size_t k = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
    if (o + k > cap) return 0;
    if (k == 1) {
        buf[o] = (char)c;
    } else {
        for (size_t i = k - 1; i > 0; i--, c >>= 6) buf[o + i] = (char)(0x80 | (c & 0x3F));
        buf[o] = (char)((k == 2 ? 0xC0 : k == 3 ? 0xE0 : 0xF0) | c);
    }
    return k;
}

size_t pw_sfnt_name(const pw_sfnt *f, unsigned id, char *buf, size_t n)
{
    if (!n) return 0;
    buf[0] = 0;
    size_t tn;
    const uint8_t *t = pw_sfnt_table(f, PW_TAG('n', 'a', 'm', 'e'), &tn);
    if (!t || tn < 6) return 0;
    unsigned count = pw_be16(t + 2), store = pw_be16(t + 4), best = 42;
    const uint8_t *s = NULL;
    size_t slen = 0;
    /* The English record ((3,*,0x409) or Mac (1,*,0)) in the best encoding. */
    for (unsigned i = 0; i < count && 6 + 12 * (size_t)i + 12 <= tn; i++) {
        const uint8_t *r = t + 6 + 12 * (size_t)i;
        unsigned pid = pw_be16(r), eid = pw_be16(r + 2), lang = pw_be16(r + 4),
                 score = name_score(pid, eid);
        size_t off = (size_t)store + pw_be16(r + 10), len = pw_be16(r + 8);
        if (pw_be16(r + 6) != id || score >= best || off > tn || len > tn - off) continue;
        if (!((pid == 3 && lang == 0x409) || (pid == 1 && lang == 0))) continue;
        best = score;
        s = t + off;
        slen = len;
    }
    size_t o = 0;
    for (size_t i = 0; s && i < slen;) {
        uint32_t c;
        if (best == 10) { /* Mac Roman: ASCII only, as HarfBuzz reads it */
            c = s[i] < 0x80 ? s[i] : 0xFFFD;
            i++;
        } else {
            if (i + 2 > slen) break;
            c = pw_be16(s + i);
            i += 2;
            if (c >= 0xD800 && c < 0xDC00 && i + 2 <= slen && pw_be16(s + i) >= 0xDC00 &&
                pw_be16(s + i) < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (pw_be16(s + i) - 0xDC00);
                i += 2;
            } else if (c >= 0xD800 && c < 0xE000) {
                c = 0xFFFD;
            }
        }
        size_t k = put_utf8(buf, o, n - 1, c);
        if (!k) break;
        o += k;
    }
    buf[o] = 0;
    return o;
}
