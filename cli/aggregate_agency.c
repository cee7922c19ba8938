/* The agency as a grouping key, and its level.
 *
 * Reports name their agency in the title and the preamble, and the two
 * rarely agree: 赣州经开区凤岗镇 in the title, 赣州经济技术开发区凤岗镇人民政府
 * in the preamble of the same report. The key keeps what identifies the
 * agency and drops the ways of writing it:
 *   1. NFKC (full-width letters, digits and brackets become half-width);
 *      white space, format characters and quotes removed;
 *   2. long forms of zone names shortened: 经济技术开发区 / 经济开发区 → 经开区,
 *      高新技术产业开发区 / 高新技术开发区 → 高新区;
 *   3. 人民政府 → 政府 everywhere (XX市人民政府办公室 = XX市政府办公室);
 *   4. a final 政府 after a division (省 市 县 区 镇 乡 旗 州 盟) is dropped
 *      (XX镇人民政府 = XX镇), and 街道办事处 → 街道.
 * The level is told from the key's ending (README, "govdoc aggregate"). */
#include "aggregate.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct subst {
    const char *from, *to;
} subst;

static const subst zones[] = {
    {"经济技术开发区", "经开区"}, {"经济开发区", "经开区"}, {"高新技术产业开发区", "高新区"},
    {"高新技术开发区", "高新区"}, {"人民政府", "政府"},     {"街道办事处", "街道"},
};

static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Replaces every `from` with `to` (never longer) in place. */
static void replace_all(char *s, const char *from, const char *to)
{
    size_t nf = strlen(from), nt = strlen(to);
    char *w = s;
    for (const char *r = s; *r;) {
        if (strncmp(r, from, nf) == 0) {
            memmove(w, to, nt);
            w += nt;
            r += nf;
        } else {
            *w++ = *r++;
        }
    }
    *w = 0;
}

static bool dropped(utf8proc_int32_t cp)
{
    utf8proc_category_t c = utf8proc_category(cp);
    if (c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL || c == UTF8PROC_CATEGORY_ZP ||
        c == UTF8PROC_CATEGORY_CC || c == UTF8PROC_CATEGORY_CF)
        return true;
    switch (cp) {
    case '"':
    case '\'':
    case 0x201C: /* “ */
    case 0x201D: /* ” */
    case 0x2018:
    case 0x2019:
    case 0x300A: /* 《 */
    case 0x300B: /* 》 */ return true;
    default: return false;
    }
}

char *agg_agency_key(const char *written)
{
    if (!written) return NULL;
    utf8proc_uint8_t *nfkc = utf8proc_NFKC((const utf8proc_uint8_t *)written);
    if (!nfkc) return NULL;
    char *out = malloc(strlen((char *)nfkc) + 1);
    if (!out) {
        free(nfkc);
        return NULL;
    }
    size_t o = 0;
    for (const utf8proc_uint8_t *p = nfkc; *p;) {
        utf8proc_int32_t cp;
        utf8proc_ssize_t adv = utf8proc_iterate(p, -1, &cp);
        if (adv <= 0) break;
        if (!dropped(cp)) {
            memcpy(out + o, p, (size_t)adv);
            o += (size_t)adv;
        }
        p += adv;
    }
    out[o] = 0;
    free(nfkc);
    for (size_t i = 0; i < sizeof zones / sizeof *zones; i++)
        replace_all(out, zones[i].from, zones[i].to);
    size_t len = strlen(out);
    static const char *const divisions[] = {"省", "市", "县", "区", "镇", "乡", "旗", "州", "盟"};
    if (ends_with(out, len, "政府")) {
        for (size_t i = 0; i < sizeof divisions / sizeof *divisions; i++) {
            if (ends_with(out, len - strlen("政府"), divisions[i])) {
                len -= strlen("政府");
                out[len] = 0;
                break;
            }
        }
    }
    if (!len) {
        free(out);
        return NULL;
    }
    return out;
}

typedef struct level_rule {
    const char *suffix, *level;
} level_rule;

/* In order: the first ending that matches decides. */
static const level_rule levels[] = {
    /* townships and streets */
    {"街道", "乡镇"},
    {"镇", "乡镇"},
    {"乡", "乡镇"},
    {"苏木", "乡镇"},
    /* a 盟's or 地区's government (行政公署) */
    {"行政公署", "市"},
    /* departments and offices of a government */
    {"政府办公室", "部门"},
    {"政府办公厅", "部门"},
    {"局", "部门"},
    {"委员会", "部门"},
    {"委", "部门"},
    {"办公室", "部门"},
    {"办公厅", "部门"},
    {"厅", "部门"},
    {"办", "部门"},
    {"部", "部门"},
    {"署", "部门"},
    {"中心", "部门"},
    {"院", "部门"},
    {"所", "部门"},
    {"处", "部门"},
    {"站", "部门"},
    {"队", "部门"},
    {"馆", "部门"},
    {"会", "部门"},
    {"社", "部门"},
    /* governments: the division they govern */
    {"北京市", "省"},
    {"天津市", "省"},
    {"上海市", "省"},
    {"重庆市", "省"},
    {"自治区", "省"},
    {"省", "省"},
    {"自治州", "市"},
    {"地区", "市"},
    {"盟", "市"},
    {"市", "市"},
    {"自治县", "县"},
    {"自治旗", "县"},
    {"县", "县"},
    {"旗", "县"},
    {"区", "区"},
};

const char *agg_agency_level(const char *key)
{
    if (!key) return NULL;
    size_t len = strlen(key);
    for (size_t i = 0; i < sizeof levels / sizeof *levels; i++)
        if (ends_with(key, len, levels[i].suffix)) return levels[i].level;
    return NULL;
}
