/* The template's consistency rules (勾稽关系), as equations from the
 * template file, and the numbers the prose states about what the tables
 * count. Failures are findings on the report, never conversion errors;
 * a blank cell is reported as blank, never counted as 0. */
#include "report_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A growable message: templates are input, so the names and numbers put
 * into a message have no fixed size. Out of memory makes it NULL. */
typedef struct msgbuf {
    char *s;
    size_t len, cap;
    bool oom;
} msgbuf;

static void mb_printf(msgbuf *b, const char *fmt, ...) GD_PRINTF(2, 3);
static void mb_printf(msgbuf *b, const char *fmt, ...)
{
    if (b->oom) return;
    va_list ap;
    va_start(ap, fmt);
    char *add = gd__vasprintf(fmt, ap);
    va_end(ap);
    size_t n = add ? strlen(add) : 0;
    if (add && b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 128;
        while (cap < b->len + n + 1) cap *= 2;
        char *v = realloc(b->s, cap);
        if (v) {
            b->s = v;
            b->cap = cap;
        } else {
            free(add);
            add = NULL;
        }
    }
    if (!add) {
        b->oom = true;
        return;
    }
    memcpy(b->s + b->len, add, n + 1);
    b->len += n;
    free(add);
}

/* The text (never NULL unless out of memory); the caller frees it. */
static char *mb_take(msgbuf *b)
{
    if (b->oom) {
        free(b->s);
        return NULL;
    }
    return b->s ? b->s : calloc(1, 1);
}

int gd__report_add_check(gd_report *r, gd_doc *doc, const char *rule, bool ok, const char *msg,
                         const int *fields, size_t nfields)
{
    if (r->nchecks == r->capchecks) {
        size_t cap = r->capchecks ? r->capchecks * 2 : 64;
        report_check *v = gd__arena_alloc(&doc->arena, cap * sizeof *v);
        if (!v) return GD_ENOMEM;
        if (r->nchecks) memcpy(v, r->checks, r->nchecks * sizeof *v);
        r->checks = v;
        r->capchecks = cap;
    }
    report_check *c = &r->checks[r->nchecks];
    c->rule = rule;
    c->ok = ok;
    c->message = msg;
    c->fields = NULL;
    c->keys = NULL;
    c->nfields = 0;
    if (!msg) return GD_ENOMEM;
    if (nfields) {
        c->fields = gd__arena_alloc(&doc->arena, nfields * sizeof *c->fields);
        c->keys = gd__arena_alloc(&doc->arena, nfields * sizeof *c->keys);
        if (!c->fields || !c->keys) return GD_ENOMEM;
        memcpy(c->fields, fields, nfields * sizeof *fields);
        for (size_t k = 0; k < nfields; k++) c->keys[k] = r->tpl->fields[fields[k]].key;
        c->nfields = nfields;
    }
    r->nchecks++;
    return GD_OK;
}

/* Sum of one side. A group reported as one row stands in, once per
 * column, for its blank members. Blank fields are listed in blanks[]
 * (returns their count). `used` has a slot per (group, column). */
#define USED_COLS 32
static size_t side(const gd_report *r, const int *keys, size_t n, double *sum, int *blanks,
                   bool *used)
{
    size_t nb = 0;
    *sum = 0;
    memset(used, 0, (r->ngroups_flat + 1) * USED_COLS);
    for (size_t i = 0; i < n; i++) {
        int f = keys[i];
        int g = r->group_of_field[f];
        int col = r->tpl->fields[f].col;
        if (r->present[f]) {
            *sum += r->values[f];
        } else if (g >= 0 && col < USED_COLS && r->group_present[g][col]) {
            bool *u = &used[(size_t)g * USED_COLS + (size_t)col];
            if (!*u) *sum += r->group_sum[g][col];
            *u = true;
        } else {
            blanks[nb++] = f;
        }
    }
    return nb;
}

/* One side as a clerk reads it: "一、本年新收 20 + 二、上年结转 3" when it has
 * few cells, else the rule's label ("各项办理结果之和"). */
static char *side_text(const gd_report *r, const tpl_rule *ru, const int *keys, size_t nkeys,
                       const char *label)
{
    msgbuf b = {0};
    if (nkeys > 4 || nkeys == 1) {
        mb_printf(&b, "%s", label);
        return mb_take(&b);
    }
    /* "表四 行政复议": the cells' names need not repeat "行政复议" */
    const char *subject = strchr(ru->what, ' ');
    size_t sl = subject ? strlen(++subject) : 0;
    for (size_t i = 0; i < nkeys; i++) {
        const tpl_field *f = &r->tpl->fields[keys[i]];
        const char *name = ru->by_column ? r->tpl->tables[f->table].rows[f->row].name : f->column;
        if (sl && strncmp(name, subject, sl) == 0 && name[sl] == ' ') name += sl + 1;
        char v[32];
        gd__report_format_value(v, sizeof v, r->values[keys[i]]);
        mb_printf(&b, "%s%s %s", i ? " + " : "", name, v);
    }
    return mb_take(&b);
}

static int sum_rules(gd_report *r, gd_doc *doc)
{
    const tpl *t = r->tpl;
    size_t max = 0;
    for (size_t i = 0; i < t->nrules; i++)
        if (t->rules[i].nleft + t->rules[i].nright > max)
            max = t->rules[i].nleft + t->rules[i].nright;
    int *blanks = calloc(max + 1, sizeof *blanks), *all = calloc(max + 1, sizeof *all);
    bool *used = calloc((r->ngroups_flat + 1) * USED_COLS, 1);
    int rc = blanks && all && used ? GD_OK : GD_ENOMEM;
    for (size_t i = 0; rc == GD_OK && i < t->nrules; i++) {
        const tpl_rule *ru = &t->rules[i];
        double l, rr;
        size_t nbl = side(r, ru->left, ru->nleft, &l, blanks, used);
        size_t nbr = side(r, ru->right, ru->nright, &rr, blanks + nbl, used);
        memcpy(all, ru->left, ru->nleft * sizeof *all);
        memcpy(all + ru->nleft, ru->right, ru->nright * sizeof *all);
        char lv[32], rv[32], dv[32];
        gd__report_format_value(lv, sizeof lv, l);
        gd__report_format_value(rv, sizeof rv, rr);
        gd__report_format_value(dv, sizeof dv, l > rr ? l - rr : rr - l);
        const char *msg;
        bool ok = false;
        bool unread = false; /* a cell not found, unlike one read as blank */
        for (size_t k = 0; k < nbl + nbr; k++) unread |= !r->sources[blanks[k]];
        if (nbl + nbr && !unread) continue; /* report_blanks.c says it once per row */
        if (nbl + nbr) {
            /* name the cells not found (the first few) */
            msgbuf names = {0};
            for (size_t k = 0; k < nbl + nbr && k < 4; k++)
                mb_printf(&names, "%s%s", k ? "、" : "", t->fields[blanks[k]].label);
            if (nbl + nbr > 4) mb_printf(&names, " 等 %zu 格", nbl + nbr);
            char *list = mb_take(&names);
            msg = list ? gd__report_printf(doc, "%s: 无法核对 %s = %s：未读到的单元格 %s", ru->what,
                                           ru->left_label, ru->right_label, list)
                       : NULL;
            free(list);
            rc = gd__report_add_check(r, doc, ru->id, false, msg, blanks, nbl + nbr);
            continue;
        }
        ok = l - rr < 1e-6 && rr - l < 1e-6;
        char *ls = side_text(r, ru, ru->left, ru->nleft, ru->left_label);
        char *rs = side_text(r, ru, ru->right, ru->nright, ru->right_label);
        if (!ls || !rs)
            msg = NULL;
        else if (ok)
            msg = gd__report_printf(doc, "%s: %s = %s = %s", ru->what, ru->left_label,
                                    ru->right_label, lv);
        else
            msg = gd__report_printf(doc, "%s: %s = %s，但 %s = %s，相差 %s", ru->what, ls, lv, rs,
                                    rv, dv);
        free(ls);
        free(rs);
        rc = gd__report_add_check(r, doc, ru->id, ok, msg, all, ru->nleft + ru->nright);
    }
    free(blanks);
    free(all);
    free(used);
    return rc;
}

/* ---- prose ---- */

static int cn_digit(const char *p, size_t *len)
{
    static const struct {
        const char *s;
        int v;
    } d[] = {{"零", 0}, {"〇", 0}, {"一", 1}, {"二", 2}, {"两", 2}, {"三", 3},  {"四", 4},
             {"五", 5}, {"六", 6}, {"七", 7}, {"八", 8}, {"九", 9}, {"十", 10}, {"百", 100}};
    for (size_t i = 0; i < sizeof d / sizeof *d; i++) {
        size_t n = strlen(d[i].s);
        if (strncmp(p, d[i].s, n) == 0) {
            *len = n;
            return d[i].v;
        }
    }
    return -1;
}

/* A count written in digits or Chinese numerals at p; returns bytes used. */
static size_t parse_count(const char *p, long *out)
{
    size_t i = 0;
    if (p[0] >= '0' && p[0] <= '9') {
        long v = 0;
        while ((p[i] >= '0' && p[i] <= '9') ||
               (p[i] == ',' && p[i + 1] >= '0' && p[i + 1] <= '9')) {
            if (p[i] != ',') v = v * 10 + (p[i] - '0');
            if (v > 100000000) return 0;
            i++;
        }
        *out = v;
        return i;
    }
    long total = 0, cur = 0;
    size_t n;
    int d;
    bool any = false;
    while ((d = cn_digit(p + i, &n)) >= 0) {
        any = true;
        if (d == 10 || d == 100) {
            total += (cur ? cur : 1) * d;
            cur = 0;
        } else {
            cur = d;
        }
        i += n;
    }
    if (!any) return 0;
    *out = total + cur;
    return i;
}

static bool starts(const char *p, const char *const *set, size_t n, size_t *len)
{
    for (size_t i = 0; i < n; i++) {
        size_t k = strlen(set[i]);
        if (strncmp(p, set[i], k) == 0) {
            *len = k;
            return true;
        }
    }
    return false;
}

/* The number stated right after a subject: "申请1件", "申请共计12件",
 * "案件0起"; or 0 when a negation precedes ("未收到…申请"). */
static bool stated_number(const char *text, const char *subj_at, size_t subj_len, long *n,
                          const char **end)
{
    static const char *const filler[] = {"共计", "总计", "合计", "共", "数量", "数", "为",
                                         "：",   ":",    "案件", "达", "约",   "有", "是"};
    static const char *const measure[] = {"件", "起", "宗", "个", "次", "条", "份", "项"};
    const char *p = subj_at + subj_len;
    size_t k;
    for (int guard = 0; guard < 6; guard++) {
        if (*p == ' ')
            p++; /* pdftotext puts spaces around numbers in Chinese text */
        else if (starts(p, filler, sizeof filler / sizeof *filler, &k))
            p += k;
        else
            break;
    }
    size_t used = parse_count(p, n);
    const char *after = p + used;
    while (used && *after == ' ') after++;
    if (used && starts(after, measure, sizeof measure / sizeof *measure, &k)) {
        *end = after + k;
        return true;
    }
    /* a negation shortly before: 未收到 / 没有收到 / 无 */
    static const char *const neg[] = {"未", "没有", "无"};
    for (const char *q = subj_at; q > text && subj_at - q < 18;) {
        q--;
        while (q > text && ((unsigned char)*q & 0xC0) == 0x80) q--;
        if (starts(q, neg, 3, &k)) {
            *n = 0;
            *end = subj_at + subj_len;
            return true;
        }
        if (strncmp(q, "。", 3) == 0 || strncmp(q, "，", 3) == 0 || strncmp(q, "；", 3) == 0) break;
    }
    return false;
}

static bool verb_before(const tpl_prose *pr, const char *text, const char *subj_at)
{
    if (!pr->verbs.n) return true;
    /* within the eight characters before the subject */
    const char *from = subj_at - 24 > text ? subj_at - 24 : text;
    for (size_t v = 0; v < pr->verbs.n; v++) {
        const char *hit = strstr(from, pr->verbs.v[v]);
        if (hit && hit < subj_at) return true;
    }
    return false;
}

static int prose_checks(gd_report *r, gd_doc *doc, const tokens *tk)
{
    const tpl *t = r->tpl;
    int rc = GD_OK;
    for (size_t b = 0; b < tk->nblocks && rc == GD_OK; b++) {
        const gd_node *blk = tk->blocks[b];
        gd_node_type ty = gd_node_get_type(blk);
        if (r->consumed[b] || ty == GD_NODE_TABLE) continue;
        char *text = gd_node_text_dup(blk);
        if (!text) return GD_ENOMEM;
        for (size_t p = 0; p < t->nprose && rc == GD_OK; p++) {
            const tpl_prose *pr = &t->prose[p];
            size_t sl = strlen(pr->subject);
            for (const char *at = strstr(text, pr->subject); at && rc == GD_OK;
                 at = strstr(at + sl, pr->subject)) {
                long n;
                const char *end;
                if (!verb_before(pr, text, at) || !stated_number(text, at, sl, &n, &end)) continue;
                /* quote the clause: back to the verb or the clause start */
                const char *from = at;
                for (int c = 0; c < 12 && from > text; c++) {
                    const char *q = from - 1;
                    while (q > text && ((unsigned char)*q & 0xC0) == 0x80) q--;
                    if (strncmp(q, "，", 3) == 0 || strncmp(q, "。", 3) == 0 ||
                        strncmp(q, "；", 3) == 0 || strncmp(q, "、", 3) == 0)
                        break;
                    from = q;
                }
                char *quote = gd__arena_strndup(&doc->arena, from, (size_t)(end - from));
                bool ok = false, checkable = false;
                msgbuf sums = {0};
                for (size_t a = 0; a < pr->nalts; a++) {
                    double s = 0;
                    bool blank = false;
                    for (size_t k = 0; k < pr->alt_len[a]; k++) {
                        int f = pr->alts[a][k];
                        if (!r->present[f]) blank = true;
                        s += r->values[f];
                    }
                    if (blank) continue;
                    checkable = true;
                    if (s == (double)n) ok = true;
                    char v[32];
                    gd__report_format_value(v, sizeof v, s);
                    mb_printf(&sums, "%s%s", sums.len ? " 或 " : "", v);
                }
                char *sumtext = mb_take(&sums);
                const char *msg;
                if (!sumtext)
                    msg = NULL;
                else if (!checkable)
                    msg = gd__report_printf(doc, "正文“%s”无法与%s核对：%s 为空白", quote,
                                            pr->table, pr->says);
                else if (ok)
                    msg = gd__report_printf(doc, "正文“%s”与%s一致：%s = %ld", quote, pr->table,
                                            pr->says, n);
                else
                    msg = gd__report_printf(doc, "正文“%s”与%s不符：%s = %s", quote, pr->table,
                                            pr->says, sumtext);
                free(sumtext);
                rc = gd__report_add_check(r, doc, pr->id, ok, msg, NULL, 0);
            }
        }
        free(text);
    }
    return rc;
}

int gd__report_checks(gd_report *r, gd_doc *doc, const tokens *tk)
{
    int rc = sum_rules(r, doc);
    if (rc == GD_OK) rc = gd__report_blank_findings(r, doc);
    return rc ? rc : prose_checks(r, doc, tk);
}
