/* List number text in Word's number formats (see numbering.h). */
#include "govdoc/helpers/numbering.h"

#include <govdoc/helpers/buf.h>

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* A bounded writer: cuts at the end of the buffer, always terminated. */
typedef struct nbuf {
    char *p;
    size_t cap, n;
} nbuf;

static void put(nbuf *b, const char *s)
{
    size_t k = strlen(s);
    if (b->n + k >= b->cap) k = b->cap > b->n + 1 ? b->cap - b->n - 1 : 0;
    memcpy(b->p + b->n, s, k);
    b->n += k;
    b->p[b->n] = 0;
}

static void put_cp(nbuf *b, uint32_t c)
{
    char s[5] = {0};
    gdh_utf8_encode(c, s);
    put(b, s);
}

static void decimal(nbuf *b, int n)
{
    char s[16];
    snprintf(s, sizeof s, "%d", n);
    put(b, s);
}

static void roman(nbuf *b, int n, bool upper)
{
    static const int val[] = {1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1};
    static const char *const up[] = {"M",  "CM", "D",  "CD", "C",  "XC", "L",
                                     "XL", "X",  "IX", "V",  "IV", "I"};
    static const char *const lo[] = {"m",  "cm", "d",  "cd", "c",  "xc", "l",
                                     "xl", "x",  "ix", "v",  "iv", "i"};
    if (n <= 0 || n >= 4000) {
        decimal(b, n);
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

/* 一 … 十 十一 … 二十 … 一百零一 …, up to 9999; a zero inside is 零 in
 * both digit sets. */
static void chinese(nbuf *b, int n, bool legal)
{
    const char *const *d = legal ? cn_legal : cn_digit;
    const char *units[] = {"", legal ? "拾" : "十", legal ? "佰" : "百", legal ? "仟" : "千"};
    if (n <= 0 || n > 9999) {
        decimal(b, n);
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
        /* 10–19 read 十, 十一 (not 一十) unless legal */
        if (!(unit == 1 && v == 1 && !started && !legal)) put(b, d[v]);
        put(b, units[unit]);
        started = true;
    }
}

/* ① ⑴ ⒈ for 1–20, from the first code point of their run. */
static bool enclosed(nbuf *b, int n, uint32_t first)
{
    if (n < 1 || n > 20) return false;
    put_cp(b, first + (uint32_t)n - 1);
    return true;
}

static void digits(nbuf *b, int n, bool fullwidth)
{
    char s[16];
    snprintf(s, sizeof s, "%d", n);
    for (const char *p = s; *p; p++) {
        if (*p < '0' || *p > '9')
            put_cp(b, (uint32_t)*p);
        else if (fullwidth)
            put_cp(b, 0xFF10 + (uint32_t)(*p - '0'));
        else
            put(b, cn_digit[*p - '0']);
    }
}

static void ordinal(nbuf *b, int n)
{
    const char *suf = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                      : n % 10 == 1                    ? "st"
                      : n % 10 == 2                    ? "nd"
                      : n % 10 == 3                    ? "rd"
                                                       : "th";
    decimal(b, n);
    put(b, suf);
}

size_t gdh_number_text(gdh_numfmt fmt, int n, char *buf, size_t cap)
{
    if (!buf || !cap) return 0;
    nbuf b = {buf, cap, 0};
    buf[0] = 0;
    static const char *const trad[] = {"甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"};
    static const char *const zodiac[] = {"子", "丑", "寅", "卯", "辰", "巳",
                                         "午", "未", "申", "酉", "戌", "亥"};
    switch (fmt) {
    case GDH_NUM_NONE:
    case GDH_NUM_BULLET: return 0;
    case GDH_NUM_DECIMAL_ZERO:
        if (n >= 0 && n < 10) put(&b, "0");
        decimal(&b, n);
        return b.n;
    case GDH_NUM_UPPER_ROMAN: roman(&b, n, true); return b.n;
    case GDH_NUM_LOWER_ROMAN: roman(&b, n, false); return b.n;
    case GDH_NUM_UPPER_LETTER:
    case GDH_NUM_LOWER_LETTER: {
        if (n <= 0) break;
        /* a … z, aa … zz, …: at most eight letters */
        char ch[2] = {(char)((fmt == GDH_NUM_UPPER_LETTER ? 'A' : 'a') + (n - 1) % 26), 0};
        for (int i = 0; i < (n - 1) / 26 + 1 && i < 8; i++) put(&b, ch);
        return b.n;
    }
    case GDH_NUM_ORDINAL: ordinal(&b, n); return b.n;
    case GDH_NUM_CN_COUNTING:
    case GDH_NUM_CN_COUNTING_THOUSAND:
    case GDH_NUM_TW_COUNTING:
    case GDH_NUM_TW_COUNTING_THOUSAND: chinese(&b, n, false); return b.n;
    case GDH_NUM_CN_LEGAL:
    case GDH_NUM_IDEO_LEGAL_TRAD: chinese(&b, n, true); return b.n;
    case GDH_NUM_IDEO_TRAD:
        if (n <= 0) break;
        put(&b, trad[(n - 1) % 10]);
        return b.n;
    case GDH_NUM_IDEO_ZODIAC:
        if (n <= 0) break;
        put(&b, zodiac[(n - 1) % 12]);
        return b.n;
    case GDH_NUM_CIRCLE:
    case GDH_NUM_CIRCLE_CN:
        if (enclosed(&b, n, 0x2460)) return b.n;
        break;
    case GDH_NUM_PAREN:
        if (enclosed(&b, n, 0x2474)) return b.n;
        break;
    case GDH_NUM_FULLSTOP:
        if (enclosed(&b, n, 0x2488)) return b.n;
        break;
    case GDH_NUM_FULLWIDTH:
    case GDH_NUM_FULLWIDTH2: digits(&b, n, true); return b.n;
    case GDH_NUM_IDEO_DIGITAL:
    case GDH_NUM_TW_DIGITAL: digits(&b, n, false); return b.n;
    default: break;
    }
    decimal(&b, n);
    return b.n;
}

gdh_numfmt gdh_numfmt_from_name(const char *name)
{
    static const struct {
        const char *name;
        gdh_numfmt fmt;
    } map[] = {
        {"decimal", GDH_NUM_DECIMAL},
        {"decimalZero", GDH_NUM_DECIMAL_ZERO},
        {"upperRoman", GDH_NUM_UPPER_ROMAN},
        {"lowerRoman", GDH_NUM_LOWER_ROMAN},
        {"upperLetter", GDH_NUM_UPPER_LETTER},
        {"lowerLetter", GDH_NUM_LOWER_LETTER},
        {"ordinal", GDH_NUM_ORDINAL},
        {"bullet", GDH_NUM_BULLET},
        {"none", GDH_NUM_NONE},
        {"chineseCounting", GDH_NUM_CN_COUNTING},
        {"chineseCountingThousand", GDH_NUM_CN_COUNTING_THOUSAND},
        {"japaneseCounting", GDH_NUM_CN_COUNTING},
        {"taiwaneseCounting", GDH_NUM_TW_COUNTING},
        {"taiwaneseCountingThousand", GDH_NUM_TW_COUNTING_THOUSAND},
        {"koreanCounting", GDH_NUM_CN_COUNTING},
        {"chineseLegalSimplified", GDH_NUM_CN_LEGAL},
        {"japaneseLegal", GDH_NUM_CN_LEGAL},
        {"ideographLegalTraditional", GDH_NUM_IDEO_LEGAL_TRAD},
        {"ideographTraditional", GDH_NUM_IDEO_TRAD},
        {"ideographZodiac", GDH_NUM_IDEO_ZODIAC},
        {"decimalEnclosedCircle", GDH_NUM_CIRCLE},
        {"decimalEnclosedCircleChinese", GDH_NUM_CIRCLE_CN},
        {"ideographEnclosedCircle", GDH_NUM_CIRCLE},
        {"decimalEnclosedParen", GDH_NUM_PAREN},
        {"decimalEnclosedFullstop", GDH_NUM_FULLSTOP},
        {"decimalFullWidth", GDH_NUM_FULLWIDTH},
        {"decimalFullWidth2", GDH_NUM_FULLWIDTH2},
        {"ideographDigital", GDH_NUM_IDEO_DIGITAL},
        {"taiwaneseDigital", GDH_NUM_TW_DIGITAL},
        {"japaneseDigitalTenThousand", GDH_NUM_IDEO_DIGITAL},
    };
    for (size_t i = 0; name && i < sizeof map / sizeof *map; i++)
        if (strcmp(name, map[i].name) == 0) return map[i].fmt;
    return GDH_NUM_DECIMAL;
}

uint32_t gdh_bullet_char(uint32_t cp)
{
    switch (cp) {
    case 0xF0A7: return 0x25AA; /* ▪ */
    case 0xF0D8: return 0x27A2; /* ➢ */
    case 0xF0FC: return 0x2713; /* ✓ */
    case 0xF076: return 0x2756; /* ❖ */
    case 0xF06E: return 0x25A0; /* ■ */
    case 0xF06C: return 0x25CF; /* ● */
    case 'o': return 0x25E6;    /* ◦ */
    default: break;
    }
    if (cp >= 0xF000 && cp <= 0xF0FF) return 0x2022; /* • */
    if (cp < 0x20) return 0x2022;
    return cp;
}
