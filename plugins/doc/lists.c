/* Lists (MS-DOC 2.9.147 LSTF, 2.9.150 LVL, 2.9.131 LFO): numbering
 * definitions, the instances paragraphs point at (ilfo), and the counters.
 * As in the DOCX reader, bullets and plain decimals ("1." "1)") become IR
 * lists; every other number keeps its text in front of the paragraph
 * (一、 （一） 1.1 a) ①). Word 6/95 autonumbering (ANLD) is not read. */
#include "doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* MSONFC values used here */
enum {
    NFC_DECIMAL = 0,
    NFC_UROMAN = 1,
    NFC_LROMAN = 2,
    NFC_ULETTER = 3,
    NFC_LLETTER = 4,
    NFC_ORDINAL = 5,
    NFC_IDEO_DIGITAL = 10,
    NFC_FULLWIDTH = 14,
    NFC_CIRCLE = 18,
    NFC_FULLWIDTH2 = 19,
    NFC_DECIMAL_ZERO = 22,
    NFC_BULLET = 23,
    NFC_FULLSTOP = 26,
    NFC_PAREN = 27,
    NFC_CIRCLE_CN = 28,
    NFC_IDEO_TRAD = 30,
    NFC_IDEO_ZODIAC = 31,
    NFC_TW_COUNTING = 33,
    NFC_IDEO_LEGAL_TRAD = 34,
    NFC_TW_COUNTING_THOUSAND = 35,
    NFC_TW_DIGITAL = 36,
    NFC_CN_COUNTING = 37,
    NFC_CN_LEGAL = 38,
    NFC_CN_COUNTING_THOUSAND = 39,
    NFC_NONE = 255,
};

static int parse_lvl(const uint8_t *p, size_t n, size_t *used, wd_lvl *l)
{
    if (n < 28) return -1;
    memset(l, 0, sizeof *l);
    l->start = (int32_t)rd32(p);
    l->nfc = p[4];
    l->legal = (p[5] & 0x04) != 0;
    l->no_restart = (p[5] & 0x08) != 0;
    l->follow = p[15];
    size_t cb_chpx = p[24], cb_papx = p[25];
    l->restart_lim = p[26];
    size_t at = 28 + cb_papx + cb_chpx;
    if (at + 2 > n) return -1;
    size_t cch = rd16(p + at);
    at += 2;
    if (at + cch * 2 > n) return -1;
    l->ntext = cch < 64 ? (int)cch : 64;
    for (int i = 0; i < l->ntext; i++) l->text[i] = rd16(p + at + (size_t)i * 2);
    *used = at + cch * 2;
    return 0;
}

int wd_lists_load(wd *w)
{
    if (w->version != 8) return GD_OK;
    const uint8_t *p;
    uint32_t n;
    if (wd_fib_range(w, FIB_PLFLST, &p, &n) && n >= 2) {
        size_t c = (uint16_t)rd16(p);
        if ((int16_t)rd16(p) < 0) c = 0;
        if (c > WD_MAX_LISTS) c = WD_MAX_LISTS;
        if (2 + c * 28 > n) c = (n - 2) / 28;
        w->lists = calloc(c ? c : 1, sizeof *w->lists);
        if (!w->lists) return wd_fail(w, GD_ENOMEM, "out of memory");
        /* the LVLs follow the LSTFs in the table stream */
        size_t at = (size_t)(p - w->table) + 2 + c * 28;
        for (size_t i = 0; i < c; i++) {
            const uint8_t *f = p + 2 + i * 28;
            wd_list *l = &w->lists[i];
            l->lsid = (int32_t)rd32(f);
            l->simple = (f[26] & 0x01) != 0;
            int nl = l->simple ? 1 : 9;
            for (int k = 0; k < nl; k++) {
                size_t used;
                if (at >= w->ntable ||
                    parse_lvl(w->table + at, w->ntable - at, &used, &l->lvl[k]) != 0) {
                    at = w->ntable;
                    break;
                }
                at += used;
            }
            w->nlists++;
        }
    }
    if (wd_fib_range(w, FIB_PLFLFO, &p, &n) && n >= 4) {
        size_t c = rd32(p);
        if (c > WD_MAX_LISTS) c = WD_MAX_LISTS;
        if (4 + c * 16 > n) c = (n - 4) / 16;
        w->lfos = calloc(c ? c : 1, sizeof *w->lfos);
        if (!w->lfos) return wd_fail(w, GD_ENOMEM, "out of memory");
        size_t at = (size_t)(p - w->table) + 4 + c * 16; /* LFOData follow */
        for (size_t i = 0; i < c; i++) {
            const uint8_t *f = p + 4 + i * 16;
            wd_lfo *o = &w->lfos[i];
            o->lsid = (int32_t)rd32(f);
            o->list = -1;
            for (size_t k = 0; k < w->nlists; k++)
                if (w->lists[k].lsid == o->lsid) {
                    o->list = (int)k;
                    break;
                }
            int clfolvl = f[12];
            w->nlfos++;
            if (at + 4 > w->ntable) continue;
            at += 4; /* cp */
            for (int k = 0; k < clfolvl && k < 9; k++) {
                if (at + 8 > w->ntable) break;
                int32_t start = (int32_t)rd32(w->table + at);
                uint32_t fl = rd32(w->table + at + 4);
                at += 8;
                int ilvl = fl & 0x0F;
                if (ilvl < 9 && (fl & 0x10)) {
                    o->has_start[ilvl] = true;
                    o->start_at[ilvl] = start;
                }
                if (fl & 0x20) { /* fFormatting: an LVL follows */
                    wd_lvl tmp;
                    size_t used;
                    if (at >= w->ntable ||
                        parse_lvl(w->table + at, w->ntable - at, &used, &tmp) != 0)
                        break;
                    at += used;
                    if (ilvl < 9 && !o->lvl_override[ilvl]) {
                        o->lvl_override[ilvl] = malloc(sizeof tmp);
                        if (o->lvl_override[ilvl]) *o->lvl_override[ilvl] = tmp;
                    }
                }
            }
        }
    }
    return GD_OK;
}

void wd_lists_free(wd *w)
{
    for (size_t i = 0; i < w->nlfos; i++)
        for (int k = 0; k < 9; k++) free(w->lfos[i].lvl_override[k]);
    free(w->lfos);
    free(w->lists);
    free(w->counters);
    free(w->lfo_seen);
    w->counters = NULL;
    w->lfo_seen = NULL;
    w->lfos = NULL;
    w->lists = NULL;
    w->nlfos = w->nlists = 0;
}

/* ---- number text ---- */

static void put(wd_buf *b, const char *s)
{
    wd_buf_add(b, s, strlen(s));
}

static void roman(wd_buf *b, int n, bool upper)
{
    static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *const up[] = {"M",  "CM", "D",  "CD", "C",  "XC", "L",
                                     "XL", "X",  "IX", "V",  "IV", "I"};
    static const char *const lo[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                     "xl", "x",  "ix", "v",  "iv", "i"};
    if (n <= 0 || n >= 4000) {
        char s[16];
        snprintf(s, sizeof s, "%d", n);
        put(b, s);
        return;
    }
    for (int i = 0; i < 13; i++)
        while (n >= val[i]) {
            put(b, upper ? up[i] : lo[i]);
            n -= val[i];
        }
}

static const char *const cn_digit[] = {"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
static const char *const cn_legal[] = {"零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"};

/* 一 … 十 十一 … 二十 … 一百零一 …, up to 9999 (as the DOCX reader). */
static void chinese(wd_buf *b, int n, bool legal)
{
    const char *const *d = legal ? cn_legal : cn_digit;
    const char *units[] = {"", legal ? "拾" : "十", legal ? "佰" : "百", legal ? "仟" : "千"};
    if (n <= 0 || n > 9999) {
        char s[16];
        snprintf(s, sizeof s, "%d", n);
        put(b, s);
        return;
    }
    int digits[4] = {n / 1000, n / 100 % 10, n / 10 % 10, n % 10};
    bool started = false, zero = false;
    for (int i = 0; i < 4; i++) {
        int v = digits[i], unit = 3 - i;
        if (!v) {
            if (started) zero = true;
            continue;
        }
        if (zero) put(b, "零");
        zero = false;
        if (!(unit == 1 && v == 1 && !started && !legal)) put(b, d[v]);
        put(b, units[unit]);
        started = true;
    }
}

static void format_value(wd_buf *b, int nfc, int n)
{
    char s[32];
    switch (nfc) {
    case NFC_NONE: return;
    case NFC_DECIMAL_ZERO: snprintf(s, sizeof s, n < 10 && n >= 0 ? "0%d" : "%d", n); break;
    case NFC_UROMAN: roman(b, n, true); return;
    case NFC_LROMAN: roman(b, n, false); return;
    case NFC_ULETTER:
    case NFC_LLETTER: {
        if (n <= 0) break;
        int rep = (n - 1) / 26 + 1;
        char ch = (char)((nfc == NFC_ULETTER ? 'A' : 'a') + (n - 1) % 26);
        for (int i = 0; i < rep && i < 8; i++) wd_buf_add(b, &ch, 1);
        return;
    }
    case NFC_ORDINAL: {
        const char *suf = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                          : n % 10 == 1                    ? "st"
                          : n % 10 == 2                    ? "nd"
                          : n % 10 == 3                    ? "rd"
                                                           : "th";
        snprintf(s, sizeof s, "%d%s", n, suf);
        put(b, s);
        return;
    }
    case NFC_CN_COUNTING:
    case NFC_CN_COUNTING_THOUSAND:
    case NFC_TW_COUNTING:
    case NFC_TW_COUNTING_THOUSAND: chinese(b, n, false); return;
    case NFC_CN_LEGAL:
    case NFC_IDEO_LEGAL_TRAD: chinese(b, n, true); return;
    case NFC_IDEO_TRAD: {
        static const char *const t[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
        if (n > 0) put(b, t[(n - 1) % 10]);
        return;
    }
    case NFC_IDEO_ZODIAC: {
        static const char *const z[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                        "午", "未", "申", "酉", "戌", "亥"};
        if (n > 0) put(b, z[(n - 1) % 12]);
        return;
    }
    case NFC_CIRCLE:
    case NFC_CIRCLE_CN:
        if (n >= 1 && n <= 20) {
            wd_buf_utf8(b, 0x2460 + (uint32_t)n - 1);
            return;
        }
        break;
    case NFC_PAREN:
        if (n >= 1 && n <= 20) {
            wd_buf_utf8(b, 0x2474 + (uint32_t)n - 1);
            return;
        }
        break;
    case NFC_FULLSTOP:
        if (n >= 1 && n <= 20) {
            wd_buf_utf8(b, 0x2488 + (uint32_t)n - 1);
            return;
        }
        break;
    case NFC_FULLWIDTH:
    case NFC_FULLWIDTH2:
    case NFC_IDEO_DIGITAL:
    case NFC_TW_DIGITAL: {
        snprintf(s, sizeof s, "%d", n);
        for (const char *p = s; *p; p++) {
            if (*p < '0' || *p > '9')
                wd_buf_add(b, p, 1);
            else if (nfc == NFC_FULLWIDTH || nfc == NFC_FULLWIDTH2)
                wd_buf_utf8(b, 0xFF10 + (uint32_t)(*p - '0'));
            else
                put(b, cn_digit[*p - '0']);
        }
        return;
    }
    default: break;
    }
    snprintf(s, sizeof s, "%d", n);
    put(b, s);
}

/* Bullets drawn with Symbol/Wingdings code points (U+F0xx) as Unicode. */
static void bullet_text(wd_buf *b, const wd_lvl *l)
{
    uint32_t c = l->ntext ? l->text[0] : 0x2022;
    if (c >= 0xF000 && c <= 0xF0FF) {
        switch (c) {
        case 0xF0A7: put(b, "▪"); return;
        case 0xF0D8: put(b, "➢"); return;
        case 0xF0FC: put(b, "✓"); return;
        case 0xF076: put(b, "❖"); return;
        case 0xF06E: put(b, "■"); return;
        case 0xF06C: put(b, "●"); return;
        default: put(b, "•"); return;
        }
    }
    if (c == 'o') {
        put(b, "◦");
        return;
    }
    if (c < 0x20) c = 0x2022;
    wd_buf_utf8(b, c);
}

typedef struct counters {
    int32_t v[9];
    bool started[9];
    bool lfo_started; /* the LFO's start-at overrides were applied */
} counters;

void wd_number_next(wd *w, int ilfo, int ilvl, wd_number *out)
{
    memset(out, 0, sizeof *out);
    if (ilfo <= 0 || (size_t)ilfo > w->nlfos || ilfo == 2047) return;
    if (ilvl < 0 || ilvl > 8) ilvl = 0;
    wd_lfo *o = &w->lfos[ilfo - 1];
    if (o->list < 0 || (size_t)o->list >= w->nlists) return;
    wd_list *L = &w->lists[o->list];
    if (L->simple) ilvl = 0;
    /* counters live per list, allocated on first use */
    if (!w->counters) {
        w->counters = calloc(w->nlists ? w->nlists : 1, sizeof(counters));
        w->lfo_seen = calloc(w->nlfos ? w->nlfos : 1, sizeof(bool));
        if (!w->counters || !w->lfo_seen) return;
    }
    counters *cnt = w->counters;
    bool *lfo_seen = w->lfo_seen;
    counters *c = &cnt[o->list];
    const wd_lvl *def[9];
    for (int i = 0; i < 9; i++) def[i] = o->lvl_override[i] ? o->lvl_override[i] : &L->lvl[i];
    if (!lfo_seen[ilfo - 1]) {
        lfo_seen[ilfo - 1] = true;
        for (int i = 0; i < 9; i++)
            if (o->has_start[i]) c->started[i] = false;
    }
    int start = o->has_start[ilvl] ? o->start_at[ilvl] : def[ilvl]->start;
    c->v[ilvl] = c->started[ilvl] ? c->v[ilvl] + 1 : start;
    c->started[ilvl] = true;
    for (int i = ilvl + 1; i < 9; i++)
        if (!def[i]->no_restart) c->started[i] = false;
    const wd_lvl *l = def[ilvl];
    out->active = true;
    out->ilvl = ilvl;
    out->list_id = o->list;
    out->start = c->v[ilvl];
    out->ordered = l->nfc != NFC_BULLET;
    wd_buf b = {0};
    bool plain = false;
    if (l->nfc == NFC_BULLET) {
        bullet_text(&b, l);
    } else {
        for (int i = 0; i < l->ntext; i++) {
            uint16_t ch = l->text[i];
            if (ch < 9) {
                int k = ch;
                int v = k == ilvl || c->started[k] ? c->v[k] : def[k]->start;
                format_value(&b, l->legal ? NFC_DECIMAL : def[k]->nfc, v);
            } else {
                wd_buf_utf8(&b, ch);
            }
        }
        /* plain: the level's own decimal number, alone or with "." / ")" */
        plain = l->nfc == NFC_DECIMAL && !l->legal && l->ntext >= 1 && l->text[0] == ilvl &&
                (l->ntext == 1 || (l->ntext == 2 && (l->text[1] == '.' || l->text[1] == ')')));
    }
    bool checkbox = l->nfc == NFC_BULLET && b.p && b.len == 3 && (unsigned char)b.p[0] == 0xE2 &&
                    (unsigned char)b.p[1] == 0x98 && (unsigned char)b.p[2] >= 0x90 &&
                    (unsigned char)b.p[2] <= 0x92;
    out->list = !checkbox && (l->nfc == NFC_BULLET || plain);
    if (b.p) {
        size_t n2 = b.len < sizeof out->text - 8 ? b.len : sizeof out->text - 8;
        memcpy(out->text, b.p, n2);
        out->text[n2] = 0;
        const unsigned char *e = (const unsigned char *)out->text + n2;
        bool cjk_punct = n2 >= 3 && e[-3] == 0xE3 && e[-2] == 0x80;
        cjk_punct |=
            n2 >= 3 && e[-3] == 0xEF && e[-2] == 0xBC &&
            (e[-1] == 0x89 || e[-1] == 0x8E || e[-1] == 0x8C || e[-1] == 0x9A || e[-1] == 0x9B);
        /* ixchFollow: 0 tab, 1 space, 2 nothing */
        if (l->follow != 2 && !cjk_punct && n2) strcat(out->text, " ");
    }
    wd_buf_free(&b);
}
