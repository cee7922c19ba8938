/* Properties: sprms (MS-DOC 2.6; Word 6's one-byte opcodes mapped onto
 * the same effects), paragraph properties from PAPX FKPs (istd, grpprl,
 * the table row's TAP), character properties from CHPX FKPs on top of the
 * paragraph and character styles, and the piece table's PRMs.
 *
 * Sprm operands are read only within their grpprl: a sprm whose size runs
 * past the end, or a Word 6 opcode of unknown size, ends the grpprl. */
#include "doc.h"

#include <string.h>

/* ---- defaults ---- */

void wd_chp_default(const wd *w, wd_chp *c)
{
    memset(c, 0, sizeof *c);
    c->hps = 20;
    c->ftc_ascii = w->ftc_default[0];
    c->ftc_fe = w->ftc_default[1];
    c->ftc_other = w->ftc_default[2];
    c->istd = 10;
}

void wd_pap_default(wd_pap *p)
{
    memset(p, 0, sizeof *p);
    p->outline = 9;
}

/* ---- sprm effects (Word 97 opcodes) ---- */

static uint8_t toggle(uint8_t op, uint8_t base)
{
    if (op == 0x80) return base;
    if (op == 0x81) return !base;
    return op ? 1 : 0;
}

static void tap_def_table(wd *w, wd_tap *t, const uint8_t *p, size_t n)
{
    if (n < 1) return;
    int itc = p[0];
    if (itc > WD_MAX_CELLS) itc = WD_MAX_CELLS;
    if ((size_t)(1 + (itc + 1) * 2) > n) itc = (int)((n - 1) / 2) - 1;
    if (itc < 0) return;
    memset(t, 0, sizeof *t);
    t->defined = true;
    t->ncell = itc;
    for (int i = 0; i <= itc; i++) t->bound[i] = (int16_t)rd16(p + 1 + i * 2);
    size_t at = 1 + (size_t)(p[0] + 1) * 2; /* TCs follow all the boundaries written */
    size_t tcsize = w->version == 8 ? 20 : 10;
    for (int i = 0; i < itc && at + 2 <= n; i++, at += tcsize) t->tc[i].flags = rd16(p + at);
}

static void tap_insert(wd_tap *t, int itc, int ctc, int16_t dxa)
{
    if (!t->defined || itc < 0 || ctc <= 0) return;
    if (itc > t->ncell) itc = t->ncell;
    if (t->ncell + ctc > WD_MAX_CELLS) ctc = WD_MAX_CELLS - t->ncell;
    if (ctc <= 0) return;
    int16_t start = t->bound[itc];
    for (int i = t->ncell; i >= itc; i--) t->bound[i + ctc] = (int16_t)(t->bound[i] + ctc * dxa);
    for (int i = t->ncell - 1; i >= itc; i--) t->tc[i + ctc] = t->tc[i];
    for (int k = 0; k < ctc; k++) {
        t->bound[itc + k] = (int16_t)(start + k * dxa);
        t->tc[itc + k].flags = 0;
    }
    t->ncell += ctc;
}

static void tap_delete(wd_tap *t, int first, int lim)
{
    if (!t->defined || first < 0 || lim > t->ncell || first >= lim) return;
    int d = lim - first;
    for (int i = lim; i <= t->ncell; i++) t->bound[i - d] = t->bound[i];
    for (int i = lim; i < t->ncell; i++) t->tc[i - d] = t->tc[i];
    t->ncell -= d;
}

/* One sprm (Word 97 opcode) with its operand. */
static void apply(wd *w, uint16_t sprm, const uint8_t *op, size_t n, wd_pap *pap, wd_chp *chp,
                  const wd_chp *base)
{
    static const wd_chp zero;
    const wd_chp *b = base ? base : &zero;
    uint8_t v = n ? op[0] : 0;
    uint16_t v16 = n >= 2 ? rd16(op) : v;
    if (pap) {
        switch (sprm) {
        case 0x4600: pap->istd = v16; return;
        case 0x2403:
        case 0x2461: pap->jc = v; return;
        case 0x2416: pap->in_table = v != 0; return;
        case 0x2417: pap->ttp = v != 0; return;
        case 0x6649:
            if (n >= 4) pap->itap = (int32_t)rd32(op);
            return;
        case 0x664A:
            if (n >= 4) pap->itap += (int32_t)rd32(op);
            return;
        case 0x244B: pap->inner_cell = v != 0; return;
        case 0x244C: pap->inner_ttp = v != 0; return;
        case 0x260A: pap->ilvl = v; return;
        case 0x460B: pap->ilfo = (int16_t)v16; return;
        case 0x2640: pap->outline = v; return;
        case 0x2407: pap->page_break_before = v != 0; return;
        case 0x6646: /* sprmPHugePapx: the grpprl lives in the Data stream */
            if (n >= 4 && w->data && !w->in_huge) {
                uint32_t at = rd32(op);
                if (in_range(w->ndata, at, 2)) {
                    uint16_t cb = rd16(w->data + at);
                    if (in_range(w->ndata, (uint64_t)at + 2, cb)) {
                        w->in_huge = true;
                        wd_apply_sprms(w, w->data + at + 2, cb, pap, NULL, NULL);
                        w->in_huge = false;
                    }
                }
            }
            return;
        default: break;
        }
        wd_tap *t = pap->tap;
        if (t) {
            switch (sprm) {
            case 0xD608:
            case 0xD606: tap_def_table(w, t, op, n); return;
            case 0x3404: t->header = v != 0; return;
            case 0x5624: /* sprmTMerge */
                if (n >= 2 && t->defined && op[0] < op[1] && op[1] <= t->ncell) {
                    t->tc[op[0]].flags |= TC_FIRST_MERGED;
                    for (int i = op[0] + 1; i < op[1]; i++) t->tc[i].flags |= TC_MERGED;
                }
                return;
            case 0x5625: /* sprmTSplit */
                if (n >= 2 && t->defined)
                    for (int i = op[0]; i < op[1] && i < t->ncell; i++)
                        t->tc[i].flags &= (uint16_t) ~(TC_FIRST_MERGED | TC_MERGED);
                return;
            case 0xD62B: /* sprmTVertMerge: itc, 0 none / 1 continue / 3 restart */
                if (n >= 2 && t->defined && op[0] < t->ncell) {
                    uint16_t *f = &t->tc[op[0]].flags;
                    *f &= (uint16_t) ~(TC_VERT_MERGE | TC_VERT_RESTART);
                    if (op[1] == 1) *f |= TC_VERT_MERGE;
                    if (op[1] == 3) *f |= TC_VERT_MERGE | TC_VERT_RESTART;
                }
                return;
            case 0x7621:
                if (n >= 4) tap_insert(t, op[0], op[1], (int16_t)rd16(op + 2));
                return;
            case 0x5622:
                if (n >= 2) tap_delete(t, op[0], op[1]);
                return;
            case 0x7623: /* sprmTDxaCol: itcFirst, itcLim, width */
                if (n >= 4 && t->defined && op[0] < op[1] && op[1] <= t->ncell) {
                    int16_t dxa = (int16_t)rd16(op + 2);
                    for (int i = op[0]; i < op[1]; i++) {
                        int shift = dxa - (t->bound[i + 1] - t->bound[i]);
                        for (int k = i + 1; k <= t->ncell; k++)
                            t->bound[k] = (int16_t)(t->bound[k] + shift);
                    }
                }
                return;
            default: break;
            }
        }
    }
    if (chp) {
        switch (sprm) {
        case 0x0835: chp->bold = toggle(v, b->bold); return;
        case 0x0836: chp->italic = toggle(v, b->italic); return;
        case 0x0837: chp->strike = toggle(v, b->strike); return;
        case 0x083C: chp->vanish = toggle(v, b->vanish); return;
        case 0x2A53: chp->dstrike = toggle(v, b->dstrike); return;
        case 0x2A3E: chp->kul = v; return;
        case 0x2A48: chp->iss = v; return;
        case 0x4A43: chp->hps = v16; return;
        case 0x4A4F: chp->ftc_ascii = v16; return;
        case 0x4A50:
            chp->ftc_fe = v16;
            chp->fe_set = true;
            return;
        case 0x4A51: chp->ftc_other = v16; return;
        case 0x0855: chp->spec = v != 0; return;
        case 0x6A03:
            if (n >= 4) {
                chp->pic = rd32(op);
                chp->has_pic = true;
            }
            return;
        case 0x0806: chp->data = v != 0; return;
        case 0x080A: chp->ole2 = v != 0; return;
        case 0x0800: chp->rmark_del = v != 0; return;
        case 0x0802: chp->fld_vanish = v != 0; return;
        case 0x6A09:
            if (n >= 4) {
                chp->symbol = true;
                chp->sym_ftc = rd16(op);
                chp->sym_ch = rd16(op + 2);
            }
            return;
        case 0x4A30: chp->istd = v16; return; /* the style itself: wd_chp_at */
        default: return;
        }
    }
}

/* ---- Word 6 opcodes ---- */

/* Operand sizes of Word 6/95 sprms: > 0 fixed, -1 a length byte first,
 * -2 a two-byte length first, 0 none, -9 unknown (ends the grpprl). */
static int w6_size(uint8_t s)
{
    static const signed char t[256] = {
        [0] = -9,   [1] = -9,   [2] = 2,    [3] = -1,   [4] = 1,   [5] = 1,    [6] = 1,
        [7] = 1,    [8] = 1,    [9] = 1,    [10] = 1,   [11] = 1,  [12] = -1,  [13] = 1,
        [14] = 1,   [15] = -1,  [16] = 2,   [17] = 2,   [18] = 2,  [19] = 2,   [20] = 4,
        [21] = 2,   [22] = 2,   [23] = -1,  [24] = 1,   [25] = 1,  [26] = 2,   [27] = 2,
        [28] = 2,   [29] = 1,   [30] = 2,   [31] = 2,   [32] = 2,  [33] = 2,   [34] = 2,
        [35] = 2,   [36] = 2,   [37] = 1,   [38] = 2,   [39] = 2,  [40] = 2,   [41] = 2,
        [42] = 2,   [43] = 2,   [44] = 1,   [45] = 2,   [46] = 2,  [47] = 2,   [48] = 2,
        [49] = 2,   [50] = 1,   [51] = 1,   [52] = -1,  [53] = 1,  [54] = 1,   [55] = 1,
        [56] = 1,   [57] = 1,   [58] = 1,   [59] = 2,   [60] = 2,  [61] = 1,   [62] = -9,
        [63] = -9,  [64] = -9,  [65] = 1,   [66] = 1,   [67] = 1,  [68] = -1,  [69] = 2,
        [70] = 4,   [71] = 1,   [72] = 2,   [73] = 3,   [74] = -1, [75] = 1,   [76] = -9,
        [77] = -9,  [78] = -9,  [79] = -9,  [80] = 2,   [81] = -1, [82] = -1,  [83] = 0,
        [84] = -9,  [85] = 1,   [86] = 1,   [87] = 1,   [88] = 1,  [89] = 1,   [90] = 1,
        [91] = 1,   [92] = 1,   [93] = 2,   [94] = 1,   [95] = 3,  [96] = 2,   [97] = 2,
        [98] = 1,   [99] = 2,   [100] = 1,  [101] = 2,  [102] = 1, [103] = -1, [104] = 1,
        [105] = -1, [106] = -1, [107] = 2,  [108] = -1, [109] = 2, [110] = 2,  [111] = -9,
        [117] = 1,  [118] = 1,  [119] = 1,  [120] = 12, [121] = 2, [122] = 2,  [123] = 2,
        [124] = 2,  [131] = 1,  [132] = 1,  [133] = -1, [136] = 3, [137] = 3,  [138] = 1,
        [139] = 1,  [140] = 2,  [141] = 2,  [142] = 1,  [143] = 1, [144] = 2,  [145] = 2,
        [146] = 1,  [147] = 1,  [148] = 2,  [149] = 2,  [150] = 1, [151] = 1,  [152] = 1,
        [153] = 1,  [154] = 2,  [155] = 2,  [156] = 2,  [157] = 2, [158] = 1,  [159] = 1,
        [160] = 2,  [161] = 2,  [162] = 1,  [164] = 2,  [165] = 2, [166] = 2,  [167] = 2,
        [168] = 2,  [169] = 2,  [170] = 2,  [171] = 2,  [182] = 2, [183] = 2,  [184] = 2,
        [185] = 1,  [186] = 1,  [187] = 12, [188] = -1, [189] = 2, [190] = -2, [191] = -1,
        [192] = 4,  [193] = 5,  [194] = 4,  [195] = 2,  [196] = 4, [197] = 2,  [198] = 2,
        [199] = 5,  [200] = 4,
    };
    int v = t[s];
    if (v == 0 && s != 83) return -9;
    return v;
}

/* The Word 97 opcode with the same effect, 0 for none we use. */
static uint16_t w6_map(uint8_t s)
{
    switch (s) {
    case 2: return 0x4600;
    case 5: return 0x2403;
    case 9: return 0x2407;
    case 24: return 0x2416;
    case 25: return 0x2417;
    case 65: return 0x0800;
    case 67: return 0x0802;
    case 68: return 0x6A03;
    case 71: return 0x0806;
    case 75: return 0x080A;
    case 80: return 0x4A30;
    case 85: return 0x0835;
    case 86: return 0x0836;
    case 87: return 0x0837;
    case 92: return 0x083C;
    case 94: return 0x2A3E;
    case 99: return 0x4A43;
    case 104: return 0x2A48;
    case 117: return 0x0855;
    case 186: return 0x3404;
    case 190: return 0xD608;
    case 194: return 0x7621;
    case 195: return 0x5622;
    case 196: return 0x7623;
    case 197: return 0x5624;
    case 198: return 0x5625;
    default: return 0;
    }
}

void wd_apply_sprms(wd *w, const uint8_t *g, size_t n, wd_pap *pap, wd_chp *chp, const wd_chp *base)
{
    size_t at = 0;
    while (at < n) {
        uint16_t sprm;
        size_t opsize, oplen_at;
        if (w->version == 8) {
            if (at + 2 > n) return;
            sprm = rd16(g + at);
            at += 2;
            switch (sprm >> 13) {
            case 0:
            case 1: opsize = 1; break;
            case 2:
            case 4:
            case 5: opsize = 2; break;
            case 3: opsize = 4; break;
            case 7: opsize = 3; break;
            default: /* 6: variable */
                if (sprm == 0xD608 || sprm == 0xD606) {
                    if (at + 2 > n) return;
                    uint16_t cb = rd16(g + at);
                    at += 2;
                    opsize = cb ? (size_t)cb - 1 : 0;
                } else if (sprm == 0xC615 && at < n && g[at] == 255) {
                    /* sprmPChgTabs with its long form: deletions, then additions */
                    size_t k = at + 1;
                    if (k >= n) return;
                    k += 1 + (size_t)g[k] * 4;
                    if (k >= n) return;
                    k += 1 + (size_t)g[k] * 3;
                    opsize = k - at - 1;
                    at++;
                } else {
                    if (at >= n) return;
                    opsize = g[at++];
                }
                break;
            }
            oplen_at = at;
        } else {
            uint8_t s = g[at++];
            int sz = w6_size(s);
            if (sz == -9) return;
            if (sz == -1) {
                if (at >= n) return;
                opsize = g[at++];
            } else if (sz == -2) {
                if (at + 2 > n) return;
                uint16_t cb = rd16(g + at);
                at += 2;
                opsize = cb ? (size_t)cb - 1 : 0;
            } else {
                opsize = (size_t)sz;
            }
            oplen_at = at;
            sprm = w6_map(s);
        }
        if (opsize > n - oplen_at) return;
        if (sprm) apply(w, sprm, g + oplen_at, opsize, pap, chp, base);
        at = oplen_at + opsize;
    }
}

/* ---- PRM: properties attached to a piece ---- */

static void apply_prm(wd *w, uint16_t prm, wd_pap *pap, wd_chp *chp, const wd_chp *base)
{
    if (!prm) return;
    if (prm & 1) {
        /* Prm1: the igrpprl-th grpprl of the Clx's RgPrc */
        size_t idx = prm >> 1, at = 0, k = 0;
        const uint8_t *p = w->clx_grpprls;
        size_t n = w->nclx_grpprls;
        while (p && at + 3 <= n && p[at] == 0x01) {
            size_t cb = (int16_t)rd16(p + at + 1) < 0 ? 0 : rd16(p + at + 1);
            if (!in_range(n, at + 3, cb)) return;
            if (k++ == idx) {
                wd_apply_sprms(w, p + at + 3, cb, pap, chp, base);
                return;
            }
            at += 3 + cb;
        }
        return;
    }
    /* Prm0: one sprm with a one-byte operand; isprm is a Word 6 opcode */
    uint8_t isprm = (uint8_t)((prm >> 1) & 0x7F), val = (uint8_t)(prm >> 8);
    uint16_t sprm = w6_map(isprm);
    if (sprm && (sprm >> 13) <= 1) apply(w, sprm, &val, 1, pap, chp, base);
}

/* ---- FKPs ---- */

/* The FKP page holding `fc` by its bin table, cached; NULL if none. */
static const uint8_t *fkp_for(wd *w, const uint8_t *bte, size_t nbte, wd_fkp_cache *c, uint32_t fc)
{
    if (!bte || !nbte) return NULL;
    if (c->fkp && fc >= c->lo && fc < c->hi) return c->fkp;
    size_t pn_size = w->version == 8 ? 4 : 2;
    /* largest i with fc[i] <= fc */
    size_t lo = 0, hi = nbte;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (rd32(bte + mid * 4) <= fc)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0) return NULL;
    size_t i = lo - 1;
    if (fc >= rd32(bte + (i + 1) * 4)) return NULL;
    const uint8_t *pn_at = bte + (nbte + 1) * 4 + i * pn_size;
    uint32_t pn = pn_size == 4 ? rd32(pn_at) & 0x3FFFFF : rd16(pn_at);
    if (!in_range(w->nword, (uint64_t)pn * 512, 512)) return NULL;
    c->fkp = w->word + (size_t)pn * 512;
    c->lo = rd32(bte + i * 4);
    c->hi = rd32(bte + (i + 1) * 4);
    c->page = (int32_t)pn;
    return c->fkp;
}

/* Run j of the FKP holding fc, or -1. */
static int fkp_run(const uint8_t *fkp, uint32_t fc, int *crun_out)
{
    int crun = fkp[511];
    *crun_out = crun;
    if ((size_t)(crun + 1) * 4 > 511) return -1;
    for (int j = 0; j < crun; j++)
        if (fc >= rd32(fkp + j * 4) && fc < rd32(fkp + (j + 1) * 4)) return j;
    return -1;
}

void wd_pap_at(wd *w, size_t i, wd_pap *out, wd_tap *tap)
{
    wd_pap_default(out);
    if (tap) memset(tap, 0, sizeof *tap);
    if (i >= w->text.n) return;
    uint32_t fc = w->text.fc[i];
    const uint8_t *istd_grpprl = NULL;
    size_t n = 0;
    uint16_t istd = 0;
    const uint8_t *fkp = fkp_for(w, w->bte_papx, w->nbte_papx, &w->pcache, fc);
    int crun, j = fkp ? fkp_run(fkp, fc, &crun) : -1;
    if (j >= 0) {
        size_t bxsize = w->version == 8 ? 13 : 7;
        size_t bx = (size_t)(crun + 1) * 4 + (size_t)j * bxsize;
        if (bx < 511) {
            size_t off = (size_t)fkp[bx] * 2;
            if (off && off < 511) {
                if (w->version == 8) {
                    size_t cb = fkp[off], len, at = off + 1;
                    if (cb) {
                        len = cb * 2 - 1;
                    } else {
                        if (at >= 511) goto styled;
                        len = (size_t)fkp[at] * 2;
                        at++;
                    }
                    if (len >= 2 && at + len <= 511) {
                        istd = rd16(fkp + at);
                        istd_grpprl = fkp + at + 2;
                        n = len - 2;
                    }
                } else {
                    size_t len = (size_t)fkp[off] * 2, at = off + 1;
                    if (len >= 1 && at + len <= 511) {
                        istd = fkp[at];
                        istd_grpprl = fkp + at + 1;
                        n = len - 1;
                    }
                }
            }
        }
    }
styled:;
    const wd_style *st = wd_style_get(w, istd);
    if (st) *out = st->pap;
    out->istd = istd;
    out->tap = tap;
    if (istd_grpprl) wd_apply_sprms(w, istd_grpprl, n, out, NULL, NULL);
    if (w->text.piece && w->text.piece[i] < w->npieces)
        apply_prm(w, w->pieces[w->text.piece[i]].prm, out, NULL, NULL);
    out->tap = NULL;
}

/* The character style a grpprl names (sprmCIstd), or -1. */
static int grpprl_istd(const wd *w, const uint8_t *g, size_t n)
{
    size_t at = 0;
    while (at < n) {
        if (w->version == 8) {
            if (at + 2 > n) return -1;
            uint16_t sprm = rd16(g + at);
            if (sprm == 0x4A30) return at + 4 <= n ? (int)rd16(g + at + 2) : -1;
            size_t sz;
            switch (sprm >> 13) {
            case 0:
            case 1: sz = 1; break;
            case 2:
            case 4:
            case 5: sz = 2; break;
            case 3: sz = 4; break;
            case 7: sz = 3; break;
            default:
                if (at + 2 >= n) return -1;
                sz = (size_t)g[at + 2] + 1;
                break;
            }
            at += 2 + sz;
        } else {
            uint8_t s = g[at];
            if (s == 80) return at + 3 <= n ? (int)rd16(g + at + 1) : -1;
            int sz = w6_size(s);
            if (sz == -9 || sz == -2) return -1;
            if (sz == -1) {
                if (at + 1 >= n) return -1;
                at += 2 + g[at + 1];
            } else {
                at += 1 + (size_t)sz;
            }
        }
    }
    return -1;
}

/* The paragraph's character properties with a character style on top. */
static void char_style(wd *w, uint16_t istd, wd_chp *chp)
{
    const wd_style *st = wd_style_get(w, istd);
    if (!st || st->stk != 2 || st->sti == 65) return;
    wd_chp base = *chp;
    const wd_style *chain[WD_STYLE_NEST];
    int k = 0;
    for (const wd_style *s = st; s && k < WD_STYLE_NEST && s->stk == 2 && s->sti != 65;
         s = s->base < w->nstyles && w->styles[s->base].used ? &w->styles[s->base] : NULL)
        chain[k++] = s;
    while (k-- > 0)
        if (chain[k]->chpx) wd_apply_sprms(w, chain[k]->chpx, chain[k]->nchpx, NULL, chp, &base);
    chp->istd = istd;
}

void wd_chp_at(wd *w, size_t i, const wd_pap *pap, wd_chp *out)
{
    const wd_style *st = wd_style_get(w, pap ? pap->istd : 0);
    if (st)
        *out = st->chp;
    else
        wd_chp_default(w, out);
    if (i >= w->text.n) return;
    wd_chp base = *out;
    uint32_t fc = w->text.fc[i];
    const uint8_t *fkp = fkp_for(w, w->bte_chpx, w->nbte_chpx, &w->ccache, fc);
    int crun, j = fkp ? fkp_run(fkp, fc, &crun) : -1;
    if (j >= 0) {
        size_t rgb = (size_t)(crun + 1) * 4 + (size_t)j;
        if (rgb < 511) {
            size_t off = (size_t)fkp[rgb] * 2;
            if (off && off < 511) {
                size_t cb = fkp[off];
                if (off + 1 + cb <= 511) {
                    int istd = grpprl_istd(w, fkp + off + 1, cb);
                    if (istd >= 0) {
                        char_style(w, (uint16_t)istd, out);
                        base = *out;
                    }
                    wd_apply_sprms(w, fkp + off + 1, cb, NULL, out, &base);
                }
            }
        }
    }
    if (w->text.piece && w->text.piece[i] < w->npieces)
        apply_prm(w, w->pieces[w->text.piece[i]].prm, NULL, out, &base);
}
