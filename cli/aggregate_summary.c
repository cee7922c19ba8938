/* The summary page: one self-contained HTML file (no script, no network,
 * no external file) with the totals, charts of the request outcomes drawn
 * here as inline SVG with text labels, the agencies with most failed
 * checks and the findings. The charts scale with the page (viewBox) and
 * keep their numbers as text, so they read on a phone and in print. */
#define _GNU_SOURCE
#include "aggregate.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define LIST_MAX 1000 /* findings and inputs listed on the page */

typedef struct outcome {
    const char *name, *prefix, *color;
} outcome;

/* 三、本年度办理结果: the six outcomes, from the 总计 column of their rows. */
static const outcome outcomes[] = {
    {"予以公开", "requests.granted.", "#2e7d32"},
    {"部分公开", "requests.partly_granted.", "#7cb342"},
    {"不予公开", "requests.withheld.", "#c62828"},
    {"无法提供", "requests.unavailable.", "#ef6c00"},
    {"不予处理", "requests.declined.", "#6a1b9a"},
    {"其他处理", "requests.other.", "#546e7a"},
};
#define NOUT (sizeof outcomes / sizeof *outcomes)

static void esc(FILE *f, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", f); break;
        case '<': fputs("&lt;", f); break;
        case '>': fputs("&gt;", f); break;
        case '"': fputs("&quot;", f); break;
        default: fputc(*s, f);
        }
    }
}

static void num(FILE *f, double v)
{
    char buf[64];
    agg_format_number(buf, sizeof buf, v);
    fputs(buf, f);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t a = strlen(s), b = strlen(suffix);
    return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* Sum over the used reports of `year` (0 = all) of the fields starting
 * with prefix and ending with suffix; *reports counts reports giving one. */
static double sum_fields(const agg_set *s, int year, const char *prefix, const char *suffix,
                         size_t *reports)
{
    double total = 0;
    size_t n = 0;
    for (size_t i = 0; i < s->n; i++) {
        const agg_report *r = &s->r[i];
        if (!r->used || (year && r->year != year)) continue;
        bool any = false;
        size_t nf = gd_template_field_count(r->tpl);
        for (size_t k = 0; k < nf; k++) {
            const char *key = gd_template_field_key(r->tpl, k);
            if (!r->present[k] || strncmp(key, prefix, strlen(prefix)) != 0 ||
                !ends_with(key, suffix))
                continue;
            total += r->values[k];
            any = true;
        }
        n += any;
    }
    if (reports) *reports = n;
    return total;
}

/* A horizontal bar chart of the six outcomes. */
static void outcome_chart(FILE *f, const agg_set *s, int year, const char *title, int id)
{
    double v[NOUT], total = 0, max = 0;
    for (size_t i = 0; i < NOUT; i++) {
        v[i] = sum_fields(s, year, outcomes[i].prefix, ".total", NULL);
        total += v[i];
        if (v[i] > max) max = v[i];
    }
    /* value texts ("186 (57.4%)") right of their bars: the longest fits */
    char vt[NOUT][64];
    size_t longest = 0;
    for (size_t i = 0; i < NOUT; i++) {
        char n[40];
        agg_format_number(n, sizeof n, v[i]);
        if (total > 0)
            snprintf(vt[i], sizeof vt[i], "%s (%.1f%%)", n, v[i] / total * 100);
        else
            snprintf(vt[i], sizeof vt[i], "%s", n);
        if (strlen(vt[i]) > longest) longest = strlen(vt[i]);
    }
    const int W = 360, label_w = 64, bar_x = 70, row_h = 30, top = 6;
    int bar_max = W - bar_x - 6 - (int)(longest * 8.5);
    if (bar_max < 80) bar_max = 80;
    int H = top * 2 + (int)NOUT * row_h;
    fprintf(
        f,
        "<figure class=\"chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
        "role=\"img\" aria-labelledby=\"c%d-t c%d-d\">\n",
        W, H, id, id);
    fprintf(f, "<title id=\"c%d-t\">", id);
    esc(f, title);
    fprintf(f, "</title>\n<desc id=\"c%d-d\">", id);
    for (size_t i = 0; i < NOUT; i++) {
        fprintf(f, "%s%s ", i ? "，" : "", outcomes[i].name);
        num(f, v[i]);
    }
    fputs("</desc>\n", f);
    for (size_t i = 0; i < NOUT; i++) {
        int y = top + (int)i * row_h;
        double w = max > 0 ? v[i] / max * bar_max : 0;
        if (v[i] > 0 && w < 1.5) w = 1.5;
        fprintf(f, "<g class=\"bar\"><title>%s：%s</title>", outcomes[i].name, vt[i]);
        fprintf(f, "<text class=\"label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", label_w,
                y + 19, outcomes[i].name);
        fprintf(f, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"18\" rx=\"2\" fill=\"%s\"/>",
                bar_x, y + 5, w, outcomes[i].color);
        fprintf(f, "<text class=\"value\" x=\"%.1f\" y=\"%d\">%s</text></g>\n", bar_x + w + 5,
                y + 19, vt[i]);
    }
    fputs("</svg>\n<figcaption>", f);
    esc(f, title);
    fputs("：三、本年度办理结果各项“总计”列之和", f);
    if (total > 0) {
        fputs("，共 ", f);
        num(f, total);
        fputs(" 件", f);
    }
    fputs("。</figcaption>\n</figure>\n", f);
}

typedef struct total_row {
    const char *name, *prefix, *suffix;
} total_row;

static const total_row totals[] = {
    {"一、本年新收政府信息公开申请", "requests.new.", ".total"},
    {"二、上年结转政府信息公开申请", "requests.carried_over.", ".total"},
    {"三、本年度办理结果（七）总计", "requests.total.", ".total"},
    {"四、结转下年度继续办理", "requests.carried_forward.", ".total"},
    {"行政复议", "review.", ".total"},
    {"行政诉讼（未经复议直接起诉 + 复议后起诉）", "litigation.", ".total"},
    {"行政许可处理决定", "proactive.licensing.", ".decisions"},
    {"行政处罚处理决定", "proactive.penalties.", ".decisions"},
};

typedef struct agency_stat {
    const char *agency, *level;
    int reports, sum_failed, prose, series;
} agency_stat;

static int by_failures(const void *pa, const void *pb)
{
    const agency_stat *a = pa, *b = pb;
    int fa = a->sum_failed + a->series, fb = b->sum_failed + b->series;
    if (fa != fb) return fa > fb ? -1 : 1;
    if (a->prose != b->prose) return a->prose > b->prose ? -1 : 1;
    return strcmp(a->agency, b->agency);
}

static void agencies_section(FILE *f, const agg_set *s)
{
    agency_stat *st = calloc(s->n + 1, sizeof *st);
    size_t n = 0;
    for (size_t i = 0; st && i < s->n; i++) {
        const agg_report *r = &s->r[i];
        if (!r->used || !r->agency) continue;
        if (!n || strcmp(st[n - 1].agency, r->agency) != 0) /* sorted by agency */
            st[n++] = (agency_stat){r->agency, r->level, 0, 0, 0, 0};
        agency_stat *a = &st[n - 1];
        a->reports++;
        a->sum_failed += r->sum_failed;
        a->prose += r->prose_failed;
        a->series += r->series_failed;
    }
    if (st) qsort(st, n, sizeof *st, by_failures);
    size_t shown = 0;
    fputs("<section id=\"agencies\">\n<h2>校验未通过最多的机关</h2>\n", f);
    for (size_t i = 0; i < n && shown < 10; i++) {
        if (!st[i].sum_failed && !st[i].series && !st[i].prose) break;
        if (!shown++)
            fputs("<div class=\"scroll\"><table>\n<thead><tr><th>机关</th><th>层级</th>"
                  "<th>报告</th><th>表内校验未通过</th><th>跨年度结转不符</th>"
                  "<th>正文与表格不符</th></tr></thead>\n<tbody>\n",
                  f);
        fputs("<tr><td>", f);
        esc(f, st[i].agency);
        fputs("</td><td>", f);
        esc(f, st[i].level ? st[i].level : "");
        fprintf(f,
                "</td><td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td>"
                "<td class=\"n\">%d</td></tr>\n",
                st[i].reports, st[i].sum_failed, st[i].series, st[i].prose);
    }
    if (shown)
        fputs("</tbody></table></div>\n", f);
    else
        fputs("<p>所有报告的表格均通过校验。</p>\n", f);
    fputs("</section>\n", f);
    free(st);
}

static void findings_section(FILE *f, const agg_set *s)
{
    fprintf(f, "<section id=\"findings\">\n<h2>发现的问题（%zu）</h2>\n", s->nf);
    if (!s->nf) fputs("<p>没有发现问题。</p>\n", f);
    if (s->nf) fputs("<ol class=\"findings\">\n", f);
    for (size_t i = 0; i < s->nf && i < LIST_MAX; i++) {
        const agg_finding *x = &s->f[i];
        fprintf(f, "<li class=\"%s\"><span class=\"sev\">%s</span> ", x->severity,
                strcmp(x->severity, "error") == 0 ? "错误" : "警告");
        fputs("<strong>", f);
        esc(f, x->agency ? x->agency : "（机关不明）");
        if (x->year) fprintf(f, " %d年", x->year);
        fputs("</strong> ", f);
        esc(f, x->message);
        fputs(" <code>", f);
        esc(f, x->rule);
        fputs("</code> <span class=\"src\">", f);
        esc(f, x->source);
        fputs("</span></li>\n", f);
    }
    if (s->nf) fputs("</ol>\n", f);
    if (s->nf > LIST_MAX)
        fprintf(f, "<p>……另有 %zu 条，完整列表见 --findings 输出。</p>\n", s->nf - LIST_MAX);
    fputs("</section>\n", f);
    if (!s->np) return;
    fprintf(f, "<section id=\"inputs\">\n<h2>未能汇总的输入（%zu）</h2>\n<ul class=\"inputs\">\n",
            s->np);
    for (size_t i = 0; i < s->np && i < LIST_MAX; i++) {
        fputs("<li><span class=\"src\">", f);
        esc(f, s->p[i].path);
        fputs("</span>：", f);
        esc(f, s->p[i].reason);
        fputs("</li>\n", f);
    }
    fputs("</ul>\n</section>\n", f);
}

static const char css[] =
    ":root{color-scheme:light}"
    "body{margin:0;background:#fff;color:#1f2328;font:16px/1.6 \"Noto Sans CJK SC\",\"Source Han "
    "Sans SC\",\"WenQuanYi Micro Hei\",\"Microsoft YaHei\",\"PingFang SC\",sans-serif}"
    "main{max-width:52rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.5rem;line-height:1.3;margin:.5rem 0}"
    "h2{font-size:1.2rem;margin:2rem 0 .5rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}"
    "h3{font-size:1.05rem;margin:1rem 0 .25rem}"
    ".lead{color:#444}"
    "table{border-collapse:collapse;width:100%}"
    "th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}"
    "th{background:#f3f5f7}"
    "td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".scroll{overflow-x:auto}"
    "figure.chart{margin:.5rem 0 1.25rem}"
    "figure.chart svg{display:block;width:100%;max-width:36rem;height:auto}"
    "svg text{font-family:inherit;font-size:14px;fill:#1f2328}"
    "svg text.value{font-variant-numeric:tabular-nums}"
    "figcaption{font-size:.85rem;color:#555}"
    ".years{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:0 1.5rem}"
    "ol.findings{padding-left:1.5rem}"
    "ol.findings li{margin:.35rem 0}"
    "li{overflow-wrap:anywhere}"
    ".sev{display:inline-block;font-size:.8rem;padding:0 .35rem;border-radius:3px;color:#fff;"
    "background:#b42318}"
    "li.warning .sev{background:#9a6700}"
    "code{font-size:.8rem;color:#555}"
    ".src{font-size:.8rem;color:#555;word-break:break-all}"
    "footer{margin:2rem 0 1rem;font-size:.8rem;color:#555}"
    "@media print{body{font-size:10.5pt}main{max-width:none;padding:0}"
    "figure.chart,table,li{break-inside:avoid}h2{break-after:avoid}"
    ".sev{color:#000;background:none;border:1px solid #000}}";

static int write_page(FILE *f, const agg_set *s)
{
    size_t used = 0, agencies = 0, dups = 0;
    int years[64], nyears = 0;
    for (size_t i = 0; i < s->n; i++) {
        const agg_report *r = &s->r[i];
        if (!r->used) {
            dups++;
            continue;
        }
        used++;
        if (r->agency && (i == 0 || !s->r[i - 1].agency || strcmp(s->r[i - 1].agency, r->agency)))
            agencies++;
        bool seen = !r->year;
        for (int k = 0; k < nyears && !seen; k++) seen = years[k] == r->year;
        if (!seen && nyears < 64) years[nyears++] = r->year;
    }
    for (int a = 0; a < nyears; a++) /* ascending */
        for (int b = a + 1; b < nyears; b++)
            if (years[b] < years[a]) {
                int t = years[a];
                years[a] = years[b];
                years[b] = t;
            }
    size_t errors = 0;
    for (size_t i = 0; i < s->nf; i++) errors += strcmp(s->f[i].severity, "error") == 0;

    fputs("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"govdoc aggregate\">\n"
          "<title>政府信息公开工作年度报告汇总</title>\n<style>",
          f);
    fputs(css, f);
    fputs("</style>\n</head>\n<body>\n<main>\n<h1>政府信息公开工作年度报告汇总</h1>\n", f);
    fprintf(f, "<p class=\"lead\">%zu 份报告，%zu 个机关", used, agencies);
    if (nyears == 1) fprintf(f, "，%d 年度", years[0]);
    if (nyears > 1) fprintf(f, "，%d–%d 年度", years[0], years[nyears - 1]);
    fprintf(f, "；发现问题 %zu 条（其中错误 %zu 条）", s->nf, errors);
    if (dups) fprintf(f, "；重复报告 %zu 份未计入", dups);
    if (s->np) fprintf(f, "；%zu 个输入不是报告或无法读取", s->np);
    fputs("。</p>\n", f);

    fputs("<section id=\"totals\">\n<h2>合计</h2>\n<div class=\"scroll\"><table>\n"
          "<thead><tr><th>项目</th><th>合计（件）</th><th>填报的报告</th></tr></thead>\n<tbody>\n",
          f);
    for (size_t i = 0; i < sizeof totals / sizeof *totals; i++) {
        size_t n = 0;
        double v = sum_fields(s, 0, totals[i].prefix, totals[i].suffix, &n);
        fprintf(f, "<tr><td>%s</td><td class=\"n\">", totals[i].name);
        if (n) num(f, v);
        fprintf(f, "</td><td class=\"n\">%zu / %zu</td></tr>\n", n, used);
    }
    fputs("</tbody></table></div>\n<p class=\"lead\">空白的单元格不计为 "
          "0：“填报的报告”是给出该项数字的报告份数。</p>\n</section>\n",
          f);

    fputs("<section id=\"outcomes\">\n<h2>申请办理结果</h2>\n", f);
    outcome_chart(f, s, 0, "全部报告的申请办理结果", 1);
    fputs("</section>\n", f);
    if (nyears > 1) {
        fputs("<section id=\"by-year\">\n<h2>各年度申请办理结果</h2>\n<div class=\"years\">\n", f);
        for (int k = 0; k < nyears; k++) {
            char title[64];
            snprintf(title, sizeof title, "%d年度申请办理结果", years[k]);
            fprintf(f, "<div><h3>%d年度</h3>\n", years[k]);
            outcome_chart(f, s, years[k], title, 2 + k);
            fputs("</div>\n", f);
        }
        fputs("</div>\n</section>\n", f);
    }
    agencies_section(f, s);
    findings_section(f, s);
    fputs("<footer>由 govdoc aggregate 生成。模板：", f);
    size_t nt = gd_template_count();
    for (size_t t = 0, k = 0; t < nt; t++) {
        bool any = false;
        for (size_t i = 0; i < s->n && !any; i++) any = s->r[i].used && s->r[i].tpl == t;
        if (!any) continue;
        const char *name = gd_template_name(t), *notice = gd_template_notice(t);
        fputs(k++ ? "；" : "", f);
        esc(f, name);
        if (notice && name && !strstr(name, notice)) {
            fputs("（", f);
            esc(f, notice);
            fputs("）", f);
        }
    }
    fputs("。</footer>\n</main>\n</body>\n</html>\n", f);
    return ferror(f) ? GD_EIO : GD_OK;
}

int agg_summary_write(const agg_set *s, const char *path, char **err)
{
    *err = NULL;
    char *tmp = NULL;
    if (asprintf(&tmp, "%s.tmp-XXXXXX", path) < 0) return GD_ENOMEM;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        if (asprintf(err, "%s: cannot create: %s", path, strerror(errno)) < 0) *err = NULL;
        free(tmp);
        return GD_EIO;
    }
    mode_t mask = umask(0);
    umask(mask);
    fchmod(fd, 0666 & ~mask);
    FILE *f = fdopen(fd, "w");
    int rc = f ? write_page(f, s) : GD_EIO;
    if (f && fclose(f) != 0) rc = GD_EIO;
    if (!f) close(fd);
    if (rc == GD_OK && rename(tmp, path) != 0) rc = GD_EIO;
    if (rc) {
        if (asprintf(err, "%s: cannot write: %s", path, strerror(errno)) < 0) *err = NULL;
        unlink(tmp);
    }
    free(tmp);
    return rc;
}
