/* The text: the piece table (Clx → Pcdt → PlcPcd, MS-DOC 2.4.1 and
 * 2.9.38) decoded into one array of characters for all stories, each with
 * its CP (character position) and FC (byte offset in the WordDocument
 * stream, for property lookup) and its piece (for PRMs).
 *
 * Word 97+ pieces hold UTF-16, or "compressed" 8-bit text in a fixed
 * cp1252-like mapping (MS-DOC 2.9.73). Word 6/95 text is 8-bit in the
 * document's code page; in double-byte code pages (936 GBK, 950 Big5,
 * 932 Shift-JIS, 949) a lead byte and its trail byte are one character
 * decoded together, occupying two CPs. */
#include "doc.h"

#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

/* 0x80–0x9F of cp1252 (compressed pieces); 0 where undefined. */
static const uint16_t cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static uint32_t from_1252(uint8_t b)
{
    if (b >= 0x80 && b < 0xA0) {
        uint16_t u = cp1252_hi[b - 0x80];
        return u ? u : b;
    }
    return b;
}

int wd_codepage_of_lid(uint16_t lid)
{
    switch (lid & 0x3FF) {
    case 0x04: return (lid == 0x0404 || lid == 0x0C04 || lid == 0x1404) ? 950 : 936;
    case 0x11: return 932;
    case 0x12: return 949;
    case 0x05:
    case 0x0E:
    case 0x15:
    case 0x18:
    case 0x1A:
    case 0x1B:
    case 0x24:
    case 0x1C: return 1250;
    case 0x19:
    case 0x22:
    case 0x23:
    case 0x02:
    case 0x2F: return 1251;
    case 0x08: return 1253;
    case 0x1F: return 1254;
    case 0x0D: return 1255;
    case 0x01: return 1256;
    case 0x25:
    case 0x26:
    case 0x27: return 1257;
    case 0x2A: return 1258;
    case 0x1E: return 874;
    default: return 1252;
    }
}

const char *wd_codepage_name(int cp)
{
    switch (cp) {
    case 936: return "GB18030";
    case 950: return "BIG5-HKSCS";
    case 932: return "CP932";
    case 949: return "CP949";
    case 874: return "CP874";
    case 1200: return "UTF-16LE";
    case 65001: return "UTF-8";
    case 10000: return "MACINTOSH";
    case 1250: return "CP1250";
    case 1251: return "CP1251";
    case 1253: return "CP1253";
    case 1254: return "CP1254";
    case 1255: return "CP1255";
    case 1256: return "CP1256";
    case 1257: return "CP1257";
    case 1258: return "CP1258";
    default: return "CP1252";
    }
}

static bool is_lead(int cp, uint8_t b)
{
    switch (cp) {
    case 936:
    case 949:
    case 950: return b >= 0x81 && b <= 0xFE;
    case 932: return (b >= 0x81 && b <= 0x9F) || (b >= 0xE0 && b <= 0xFC);
    default: return false;
    }
}

/* One character of `n` bytes in code page cd, or U+FFFD. */
static uint32_t decode_bytes(iconv_t cd, const uint8_t *p, size_t n)
{
    if (cd == (iconv_t)-1) return n == 1 ? from_1252(p[0]) : 0xFFFD;
    uint8_t out[8];
    char *in = (char *)p, *o = (char *)out;
    size_t il = n, ol = sizeof out;
    iconv(cd, NULL, NULL, NULL, NULL);
    if (iconv(cd, &in, &il, &o, &ol) == (size_t)-1 || il || ol != 4) return 0xFFFD;
    uint32_t u = rd32(out);
    return u > 0x10FFFF ? 0xFFFD : u;
}

typedef struct builder {
    wd_text *t;
    size_t cap;
} builder;

static int push(builder *tb, uint32_t ch, uint32_t fc, uint32_t cp, uint16_t piece)
{
    wd_text *t = tb->t;
    if (t->n == tb->cap) {
        size_t cap = tb->cap ? tb->cap * 2 : 4096;
        if (cap > WD_MAX_CHARS) cap = WD_MAX_CHARS;
        if (t->n >= cap) return GD_ELIMIT;
        uint32_t *a = realloc(t->ch, cap * sizeof *a);
        if (a) t->ch = a;
        uint32_t *b = a ? realloc(t->fc, cap * sizeof *b) : NULL;
        if (b) t->fc = b;
        uint32_t *c = b ? realloc(t->cp, cap * sizeof *c) : NULL;
        if (c) t->cp = c;
        uint16_t *d = c ? realloc(t->piece, cap * sizeof *d) : NULL;
        if (d) t->piece = d;
        if (!d) return GD_ENOMEM;
        tb->cap = cap;
    }
    t->ch[t->n] = ch;
    t->fc[t->n] = fc;
    t->cp[t->n] = cp;
    t->piece[t->n] = piece;
    t->n++;
    return GD_OK;
}

static int add_piece(wd *w, uint32_t cp, uint32_t cp_end, uint32_t fc, bool compressed,
                     uint16_t prm)
{
    if (w->npieces % 64 == 0) {
        wd_piece *v = realloc(w->pieces, (w->npieces + 64) * sizeof *v);
        if (!v) return GD_ENOMEM;
        w->pieces = v;
    }
    wd_piece *p = &w->pieces[w->npieces++];
    p->cp = cp;
    p->cp_end = cp_end;
    p->fc = fc;
    p->compressed = compressed;
    p->prm = prm;
    return GD_OK;
}

/* Clx: RgPrc (grpprls that PRMs point at), then the Pcdt. */
static int read_clx(wd *w, const uint8_t *p, size_t n)
{
    size_t at = 0;
    while (at < n && p[at] == 0x01) {
        if (!in_range(n, at + 1, 2)) return GD_EFORMAT;
        size_t cb = (int16_t)rd16(p + at + 1) < 0 ? 0 : rd16(p + at + 1);
        if (!w->clx_grpprls) w->clx_grpprls = p + at;
        at += 3 + cb;
        w->nclx_grpprls = at;
    }
    if (at >= n || p[at] != 0x02 || !in_range(n, at + 1, 4)) return GD_EFORMAT;
    uint32_t lcb = rd32(p + at + 1);
    at += 5;
    if (!in_range(n, at, lcb) || lcb < 4) return GD_EFORMAT;
    const uint8_t *plc = p + at;
    size_t count = (lcb - 4) / 12;
    for (size_t i = 0; i < count; i++) {
        uint32_t cp = rd32(plc + i * 4), cp_end = rd32(plc + (i + 1) * 4);
        const uint8_t *pcd = plc + (count + 1) * 4 + i * 8;
        uint32_t fc = rd32(pcd + 2);
        uint16_t prm = rd16(pcd + 6);
        bool comp = w->version == 8 && (fc & 0x40000000u);
        if (comp) fc = (fc & ~0x40000000u) / 2;
        if (cp_end < cp || cp_end - cp > WD_MAX_CHARS) return GD_EFORMAT;
        int rc = add_piece(w, cp, cp_end, fc, w->version == 6 || comp, prm);
        if (rc) return rc;
    }
    return GD_OK;
}

size_t wd_text_at_cp(const wd *w, uint32_t cp)
{
    size_t lo = 0, hi = w->text.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->text.cp[mid] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int wd_text_load(wd *w)
{
    uint64_t total = (uint64_t)w->ccp_text + w->ccp_ftn + w->ccp_hdd + w->ccp_mcr + w->ccp_atn +
                     w->ccp_edn + w->ccp_txbx + w->ccp_hdr_txbx;
    if (total > w->ccp_text) total++; /* the final paragraph mark after the last story */
    const uint8_t *clx;
    uint32_t lcb;
    int rc = GD_OK;
    if (wd_fib_range(w, FIB_CLX, &clx, &lcb) && (w->version == 8 || w->complex)) {
        rc = read_clx(w, clx, lcb);
        if (rc == GD_ENOMEM) return wd_fail(w, rc, "out of memory");
        if (rc) return wd_fail(w, GD_EFORMAT, "damaged .doc: the piece table cannot be read");
    } else if (w->version == 6) {
        rc = add_piece(w, 0, (uint32_t)total, w->fc_min, true, 0);
        if (rc) return wd_fail(w, rc, "out of memory");
    } else {
        return wd_fail(w, GD_EFORMAT, "damaged .doc: no piece table");
    }
    builder tb = {&w->text, 0};
    iconv_t cd = (iconv_t)-1;
    int cpage = w->version == 6 ? w->codepage : 1252;
    if (w->version == 6 && cpage != 1252) cd = iconv_open("UTF-32LE", wd_codepage_name(cpage));
    bool truncated = false;
    for (size_t i = 0; i < w->npieces && !rc; i++) {
        const wd_piece *pc = &w->pieces[i];
        uint32_t len = pc->cp_end - pc->cp;
        uint64_t bytes = pc->compressed ? len : (uint64_t)len * 2;
        if (!in_range(w->nword, pc->fc, bytes)) {
            truncated = true;
            /* keep what lies inside the stream */
            if (pc->fc >= w->nword) continue;
            uint64_t fit = w->nword - pc->fc;
            len = (uint32_t)(pc->compressed ? fit : fit / 2);
        }
        const uint8_t *s = w->word + pc->fc;
        for (uint32_t k = 0; k < len && !rc; k++) {
            uint32_t cp = pc->cp + k, fc = pc->fc + (pc->compressed ? k : k * 2);
            uint32_t ch;
            if (!pc->compressed) {
                ch = rd16(s + (size_t)k * 2);
                if (ch >= 0xD800 && ch < 0xDC00 && k + 1 < len) {
                    uint32_t lo = rd16(s + (size_t)(k + 1) * 2);
                    if (lo >= 0xDC00 && lo < 0xE000) {
                        ch = 0x10000 + ((ch - 0xD800) << 10) + (lo - 0xDC00);
                        k++;
                    }
                }
            } else if (w->version == 8 || s[k] < 0x80) {
                ch = from_1252(s[k]);
            } else if (is_lead(cpage, s[k]) && k + 1 < len) {
                ch = decode_bytes(cd, s + k, 2);
                k++;
            } else {
                ch = decode_bytes(cd, s + k, 1);
            }
            rc = push(&tb, ch, fc, cp, (uint16_t)(i < 0xFFFF ? i : 0xFFFF));
        }
    }
    if (cd != (iconv_t)-1) iconv_close(cd);
    if (rc == GD_ELIMIT) return wd_fail(w, rc, "more than %u characters", WD_MAX_CHARS);
    if (rc) return wd_fail(w, rc, "out of memory");
    if (truncated) gd_ctx_warn(w->ctx, "the text is cut short (a piece lies outside the file)");
    return GD_OK;
}

void wd_text_free(wd *w)
{
    free(w->text.ch);
    free(w->text.fc);
    free(w->text.cp);
    free(w->text.piece);
    memset(&w->text, 0, sizeof w->text);
    free(w->pieces);
    w->pieces = NULL;
    w->npieces = 0;
}
