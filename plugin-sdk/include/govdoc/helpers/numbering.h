/* govdoc plugin helpers — the text of list numbers in Word's number
 * formats (一、 （一） iv. ③ 甲 …), so that every reader of Word files
 * (DOCX's w:numFmt names, .doc's MSONFC codes) numbers a list the same way.
 * Pure functions, no allocation. */
#ifndef GOVDOC_HELPERS_NUMBERING_H
#define GOVDOC_HELPERS_NUMBERING_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Number formats, valued as MS-DOC's MSONFC codes (a .doc stores these). */
typedef enum gdh_numfmt {
    GDH_NUM_DECIMAL = 0,
    GDH_NUM_UPPER_ROMAN = 1,
    GDH_NUM_LOWER_ROMAN = 2,
    GDH_NUM_UPPER_LETTER = 3,
    GDH_NUM_LOWER_LETTER = 4,
    GDH_NUM_ORDINAL = 5,
    GDH_NUM_IDEO_DIGITAL = 10, /* 一二〇 digit by digit */
    GDH_NUM_FULLWIDTH = 14,
    GDH_NUM_CIRCLE = 18, /* ① … ⑳ */
    GDH_NUM_FULLWIDTH2 = 19,
    GDH_NUM_DECIMAL_ZERO = 22,
    GDH_NUM_BULLET = 23,
    GDH_NUM_FULLSTOP = 26, /* ⒈ … ⒛ */
    GDH_NUM_PAREN = 27,    /* ⑴ … ⒇ */
    GDH_NUM_CIRCLE_CN = 28,
    GDH_NUM_IDEO_TRAD = 30,   /* 甲 乙 丙 … */
    GDH_NUM_IDEO_ZODIAC = 31, /* 子 丑 寅 … */
    GDH_NUM_TW_COUNTING = 33,
    GDH_NUM_IDEO_LEGAL_TRAD = 34,
    GDH_NUM_TW_COUNTING_THOUSAND = 35,
    GDH_NUM_TW_DIGITAL = 36,
    GDH_NUM_CN_COUNTING = 37, /* 一 … 十 十一 … 一百零一 */
    GDH_NUM_CN_LEGAL = 38,    /* 壹 … 拾 拾壹 … */
    GDH_NUM_CN_COUNTING_THOUSAND = 39,
    GDH_NUM_NONE = 255,
} gdh_numfmt;

/* Room for any number's text, with its NUL. */
#define GDH_NUM_TEXT_MAX 64

/* The format an OOXML w:numFmt value names ("decimal", "chineseCounting",
 * "decimalEnclosedCircle", …); an unknown name is GDH_NUM_DECIMAL, as Word
 * shows it. */
gdh_numfmt gdh_numfmt_from_name(const char *name);

/* The text of counter n in format fmt, written NUL-terminated into buf (cap
 * bytes, cut there; GDH_NUM_TEXT_MAX always suffices); returns its length
 * in bytes. A format that cannot show n (roman past 3999, ① past 20, zero
 * or negatives in most) shows it in decimal, as Word does; BULLET and NONE
 * give "". The caller owns buf. */
size_t gdh_number_text(gdh_numfmt fmt, int n, char *buf, size_t cap);

/* A bullet's character as Unicode: the private-use code points of the
 * Symbol and Wingdings fonts (U+F0xx) as the shapes they draw, a letter
 * 'o' as ◦, a control character as •; anything else as it is. */
uint32_t gdh_bullet_char(uint32_t cp);

#ifdef __cplusplus
}
#endif

#endif
