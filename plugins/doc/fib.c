/* The File Information Block: version, flags, story lengths and the
 * fc/lcb pairs locating everything in the table stream. Word 97–2003
 * (nFib >= 0x6A) has the variable-length FIB of MS-DOC 2.5; Word 6 and 95
 * (nFib 101–105) the fixed one that ends its fc/lcb pairs at
 * fcSttbfAtnbkmk. Encrypted files and Word 2-era files stop here. */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#define FIB_W6_PAIRS 38 /* fcStshfOrig … fcSttbfAtnbkmk */

bool wd_fib_range(const wd *w, int i, const uint8_t **p, uint32_t *lcb)
{
    *p = NULL;
    *lcb = 0;
    if (i < 0 || i >= w->nfl || !w->table) return false;
    uint32_t fc = w->fl[i].fc, n = w->fl[i].lcb;
    if (!n || !in_range(w->ntable, fc, n)) return false;
    *p = w->table + fc;
    *lcb = n;
    return true;
}

static int read97(wd *w)
{
    const uint8_t *f = w->word;
    size_t n = w->nword;
    size_t at = 32;
    if (!in_range(n, at, 2)) return GD_EFORMAT;
    uint16_t csw = rd16(f + at);
    at += 2;
    if (!in_range(n, at, (uint64_t)csw * 2)) return GD_EFORMAT;
    if (csw > 13) w->lid_fe = rd16(f + at + 13 * 2);
    at += (size_t)csw * 2;
    if (!in_range(n, at, 2)) return GD_EFORMAT;
    uint16_t cslw = rd16(f + at);
    at += 2;
    if (!in_range(n, at, (uint64_t)cslw * 4) || cslw < 11) return GD_EFORMAT;
    const uint8_t *lw = f + at;
    w->ccp_text = rd32(lw + 3 * 4);
    w->ccp_ftn = rd32(lw + 4 * 4);
    w->ccp_hdd = rd32(lw + 5 * 4);
    w->ccp_mcr = rd32(lw + 6 * 4);
    w->ccp_atn = rd32(lw + 7 * 4);
    w->ccp_edn = rd32(lw + 8 * 4);
    w->ccp_txbx = rd32(lw + 9 * 4);
    w->ccp_hdr_txbx = rd32(lw + 10 * 4);
    at += (size_t)cslw * 4;
    if (!in_range(n, at, 2)) return GD_EFORMAT;
    uint16_t cb = rd16(f + at);
    at += 2;
    if (!in_range(n, at, (uint64_t)cb * 8)) cb = (uint16_t)((n - at) / 8);
    w->nfl = cb < 96 ? cb : 96;
    for (int i = 0; i < w->nfl; i++) {
        w->fl[i].fc = rd32(f + at + (size_t)i * 8);
        w->fl[i].lcb = rd32(f + at + (size_t)i * 8 + 4);
    }
    return GD_OK;
}

static int read6(wd *w)
{
    const uint8_t *f = w->word;
    if (w->nword < 0x58 + FIB_W6_PAIRS * 8) return GD_EFORMAT;
    w->fc_min = rd32(f + 0x18);
    w->fc_mac = rd32(f + 0x1C);
    w->ccp_text = rd32(f + 0x34);
    w->ccp_ftn = rd32(f + 0x38);
    w->ccp_hdd = rd32(f + 0x3C);
    w->ccp_mcr = rd32(f + 0x40);
    w->ccp_atn = rd32(f + 0x44);
    w->ccp_edn = rd32(f + 0x48);
    w->ccp_txbx = rd32(f + 0x4C);
    w->ccp_hdr_txbx = rd32(f + 0x50);
    w->nfl = FIB_W6_PAIRS;
    for (int i = 0; i < w->nfl; i++) {
        w->fl[i].fc = rd32(f + 0x58 + (size_t)i * 8);
        w->fl[i].lcb = rd32(f + 0x58 + (size_t)i * 8 + 4);
    }
    /* the "table" of a Word 6 file is the WordDocument stream itself */
    if (!w->table_is_word) {
        w->table_is_word = true;
        free(w->table);
        w->table = w->word;
        w->ntable = w->nword;
    }
    return GD_OK;
}

int wd_fib_read(wd *w)
{
    if (w->nword < 32) return wd_fail(w, GD_EFORMAT, "damaged .doc: the FIB is cut short");
    const uint8_t *f = w->word;
    uint16_t ident = rd16(f);
    w->nfib = rd16(f + 2);
    w->lid = rd16(f + 6);
    w->flags = rd16(f + 10);
    if (ident == 0xA5DB || (w->nfib && w->nfib < 101))
        return wd_fail(w, GD_ENOTSUPPORTED,
                       "Word 2.0 (or older) document: not supported; open it in Word and save "
                       "it as .docx");
    bool w6 = w->nfib >= 101 && w->nfib <= 105;
    if (ident != 0xA5EC && ident != 0xA5DC && !(w6 && (ident & 0xFF00) == 0xA600))
        return wd_fail(w, GD_EFORMAT, "damaged .doc: not a Word FIB (wIdent 0x%04X)", ident);
    if (w->flags & 0x0100)
        return wd_fail(w, GD_ENOTSUPPORTED,
                       "encrypted document (password-protected); remove the password in Word "
                       "and save it again");
    if (w->flags & 0x8000)
        return wd_fail(w, GD_ENOTSUPPORTED,
                       "encrypted document (XOR-obfuscated); remove the password in Word and "
                       "save it again");
    w->complex = (w->flags & 0x0004) != 0;
    w->ext_char = (w->flags & 0x1000) != 0;
    int rc;
    if (w->nfib >= 101 && w->nfib <= 105) {
        w->version = 6;
        rc = read6(w);
        w->codepage = wd_codepage_of_lid(w->lid);
    } else {
        w->version = 8;
        rc = read97(w);
        if (!rc && !w->table)
            return wd_fail(w, GD_EFORMAT, "damaged .doc: the table stream (%cTable) is missing",
                           (w->flags & 0x0200) ? '1' : '0');
    }
    if (rc) return wd_fail(w, rc, "damaged .doc: the FIB is cut short");
    uint64_t total = (uint64_t)w->ccp_text + w->ccp_ftn + w->ccp_hdd + w->ccp_mcr + w->ccp_atn +
                     w->ccp_edn + w->ccp_txbx + w->ccp_hdr_txbx;
    if (total > WD_MAX_CHARS)
        return wd_fail(w, GD_ELIMIT, "the .doc claims %llu characters (more than %u)",
                       (unsigned long long)total, WD_MAX_CHARS);
    return GD_OK;
}
