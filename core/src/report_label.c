/* Labels and values as real reports write them: full- or half-width, with
 * stray spaces, line breaks, quotes, "1、" for "1.", small typos; values
 * with thousands separators, units, or "/" and "-" for "not applicable". */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static bool is_cn_digit(int32_t c)
{
    static const int32_t d[] = {0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94, 0x516D, 0x4E03,
                                0x516B, 0x4E5D, 0x5341, 0x767E, 0x96F6, 0x3007, 0x4E24};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++)
        if (c == d[i]) return true;
    return false;
}

static bool dropped(int32_t c)
{
    /* ASCII: white space, quotes and controls (Cc); ideographs: never */
    if (c < 0x80) return c <= ' ' || c == 0x7F || c == '"' || c == '\'';
    if (c >= 0x4E00 && c <= 0x9FFF) return false;
    switch (c) {
    case 0x201C:
    case 0x201D:
    case 0x2018:
    case 0x2019: /* quotes */
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F: /* 「」『』 */
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0xFEFF:
    case 0x00AD: /* invisible */ return true;
    default: break;
    }
    utf8proc_category_t cat = utf8proc_category(c);
    return cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
           cat == UTF8PROC_CATEGORY_ZP || cat == UTF8PROC_CATEGORY_CC;
}

/* NFKC of c for what labels are mostly made of, characters whose NFKC is
 * themselves or one ASCII character whatever their neighbours (starters no
 * composition takes as its second); -1 for any other. */
static int32_t nfkc_simple(int32_t c)
{
    if (c < 0x80) return c;
    if (c >= 0x4E00 && c <= 0x9FEF) return c;          /* CJK unified ideographs */
    if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFEE0; /* fullwidth ASCII */
    if (c == 0x3000) return ' ';                       /* ideographic space */
    if (c == 0x3001 || c == 0x3002 || (c >= 0x3008 && c <= 0x3011)) return c; /* 、。《》「」【】 */
    return -1;
}

/* Whether every character of s is valid UTF-8 that nfkc_simple maps: then
 * the label needs no utf8proc_map (a decomposition, a composition and two
 * allocations for each of a document's thousand tokens). */
static bool simple_text(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        if ((unsigned char)s[i] < 0x80) {
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0 || nfkc_simple(c) < 0) return false;
        i += (size_t)k;
    }
    return true;
}

char *gd__label_norm(const char *s, size_t len)
{
    utf8proc_uint8_t *nfkc = NULL;
    bool simple = simple_text(s, len);
    utf8proc_ssize_t n =
        simple
            ? (utf8proc_ssize_t)len
            : utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfkc,
                           UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_IGNORE);
    const utf8proc_uint8_t *src = nfkc;
    if (simple || n < 0) { /* not UTF-8: keep the bytes (the IR is always UTF-8 anyway) */
        src = (const utf8proc_uint8_t *)s;
        n = (utf8proc_ssize_t)len;
    }
    char *out = malloc((size_t)n + 1);
    if (!out) {
        free(nfkc);
        return NULL;
    }
    size_t o = 0;
    int32_t prev = 0;
    for (utf8proc_ssize_t i = 0; i < n;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(src + i, n - i, &c);
        if (k <= 0) {
            i++;
            continue;
        }
        i += k;
        if (simple) c = nfkc_simple(c);
        if (dropped(c)) continue;
        if (c == 0x3001 && prev >= '0' && prev <= '9') c = '.'; /* 1、 → 1. */
        if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
        o += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)out + o);
        prev = c;
    }
    while (o && out[o - 1] == ':') o--;
    out[o] = 0;
    free(nfkc);
    return out;
}

/* Length in bytes of a leading numbering: 一、 (三) 1. 第三章 */
static size_t numbering_len(const char *s)
{
    size_t n = strlen(s), i = 0;
    utf8proc_int32_t c;
    utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &c);
    if (k <= 0) return 0;
    if (is_cn_digit(c)) {
        i = (size_t)k;
        while (i < n) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
            if (k <= 0) return 0;
            i += (size_t)k;
            if (c == 0x3001 || c == '.') return i;
            if (!is_cn_digit(c)) return 0;
        }
        return 0;
    }
    if (c == '(') {
        i = 1;
        while (i < n) {
            k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &c);
            if (k <= 0) return 0;
            i += (size_t)k;
            if (c == ')') return i > 2 ? i : 0;
            if (!is_cn_digit(c) && !(c >= '0' && c <= '9')) return 0;
        }
        return 0;
    }
    if (c >= '0' && c <= '9') {
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        return i < n && s[i] == '.' && i + 1 < n && !(s[i + 1] >= '0' && s[i + 1] <= '9') ? i + 1
                                                                                          : 0;
    }
    return 0;
}

const char *gd__label_unnumbered(const char *norm)
{
    return norm + numbering_len(norm);
}

static size_t cps(const char *s, int32_t *out, size_t max)
{
    size_t n = 0, len = strlen(s);
    for (size_t i = 0; i < len && n < max;) {
        utf8proc_int32_t c;
        utf8proc_ssize_t k =
            utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &c);
        if (k <= 0) break;
        out[n++] = c;
        i += (size_t)k;
    }
    return n;
}

/* Code-point edit distance, or limit + 1 when it is larger. */
static size_t distance(const int32_t *a, size_t na, const int32_t *b, size_t nb, size_t limit)
{
    if ((na > nb ? na - nb : nb - na) > limit) return limit + 1;
    size_t row[130];
    if (nb + 1 > sizeof row / sizeof *row) return limit + 1;
    for (size_t j = 0; j <= nb; j++) row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0], best = row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t v = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < v) v = up + 1;
            if (row[j - 1] + 1 < v) v = row[j - 1] + 1;
            row[j] = v;
            diag = up;
            if (v < best) best = v;
        }
        if (best > limit) return limit + 1;
    }
    return row[nb];
}

void gd__label_key(label_key *k, const char *norm)
{
    int32_t tmp[128];
    k->s = norm;
    k->len = strlen(norm);
    k->num = numbering_len(norm);
    k->ncp = cps(norm, tmp, 128);
    k->ncp_un = cps(norm + k->num, tmp, 128);
}

int gd__label_match(const char *token, const char *label)
{
    label_key t, l;
    gd__label_key(&t, token);
    gd__label_key(&l, label);
    return gd__label_match_keys(&t, &l);
}

int gd__label_match_keys(const label_key *t, const label_key *l)
{
    const char *token = t->s, *label = l->s;
    size_t tl = t->len, ll = l->len, tn = t->num, ln = l->num;
    if (tl == ll && memcmp(token, label, tl) == 0) return 100;
    if (!tl || !ll) return 0;
    bool suffix = tl > ll && memcmp(token + tl - ll, label, ll) == 0;
    /* "1.属于国家秘密" is never "2.属于国家秘密" (unless the numbering belongs
     * to an outer label in front) */
    if (tn && ln && (tn != ln || memcmp(token, label, tn) != 0) && !suffix) return 0;
    /* outer labels merged in front: "三、本年度办理结果(一)予以公开" */
    if (suffix) return t->ncp <= 2 * l->ncp + 10 ? 90 : 0;
    /* the numbering left out (only for labels long enough to be distinct) */
    if (!tn && ln && l->ncp_un >= 4 && tl == ll - ln && memcmp(token, label + ln, tl) == 0)
        return 85;
    /* a shortened or wrapped label: a long enough beginning (the numbering,
     * checked above, keeps "1.申请人…" apart from "2.申请人…") */
    if (tl < ll && memcmp(label, token, tl) == 0) {
        if (t->ncp >= 4 && (t->ncp * 10 >= l->ncp * 4 || t->ncp >= 8)) return 70;
        return 0;
    }
    /* small typos and dropped characters, in the text after the numbering;
     * a token of another length (prose) cannot be one */
    if ((tn && tn != ln) || l->ncp_un < 4) return 0;
    size_t limit = l->ncp_un / 4;
    if ((t->ncp_un > l->ncp_un ? t->ncp_un - l->ncp_un : l->ncp_un - t->ncp_un) > limit) return 0;
    int32_t a[128], b[128];
    size_t nu = cps(token + tn, a, 128), nb = cps(label + ln, b, 128);
    size_t d = distance(a, nu, b, nb, limit);
    return d <= limit ? 80 - (int)d : 0;
}

int gd__value_parse(const char *s, size_t len, double *out)
{
    *out = 0;
    char *n = gd__label_norm(s, len);
    if (!n) return -1;
    int rc = -1;
    static const char *const marks[] = {"",   "/",  "-",   "--", "—",      "——", "-",
                                        "无", "空", "n/a", "na", "不适用", "…",  "\\"};
    for (size_t i = 0; i < sizeof marks / sizeof *marks && rc < 0; i++)
        if (strcmp(n, marks[i]) == 0) rc = 0;
    char *num = rc < 0 ? malloc(strlen(n) + 1) : NULL;
    if (num) {
        /* digits with separators, a sign, a decimal point, then a unit */
        size_t k = 0, i = 0, digits = 0, int_digits = 0;
        bool point = false, lead = true;
        if (n[i] == '-' || n[i] == '+') num[k++] = n[i++];
        while (n[i]) {
            if (n[i] >= '0' && n[i] <= '9') {
                if (!point && !(lead && n[i] == '0')) int_digits++;
                if (n[i] != '0') lead = false;
                num[k++] = n[i++];
                digits++;
            } else if (n[i] == ',' && digits) {
                i++;
            } else if (n[i] == '.' && digits) {
                point = true;
                num[k++] = n[i++];
            } else {
                break;
            }
        }
        num[k] = 0;
        static const char *const units[] = {"",   "元", "万元", "件", "个",   "次", "项",
                                            "条", "宗", "起",   "%",  "人次", "份"};
        bool unit_ok = false;
        for (size_t u = 0; u < sizeof units / sizeof *units; u++)
            if (strcmp(n + i, units[u]) == 0) unit_ok = true;
        if (digits && unit_ok && num[k - 1] != '.') {
            /* a double holds 15 digits exactly: a longer number cannot be
             * added up or printed as written, so it is not taken as one */
            if (int_digits > GD_VALUE_MAX_DIGITS) {
                rc = 2;
            } else {
                *out = strtod(num, NULL);
                rc = 1;
            }
        }
    }
    free(num);
    free(n);
    return rc;
}
