/* Builds test documents with the core's builder and writes them with the
 * PDF plugin: the report's table 三 exactly as ../shared/TEMPLATE.md §2.2 draws it, a
 * long table that must break across pages, a paragraph made to test the
 * kinsoku rules, a mixed document (lists, links, notes, styles, image), and
 * the seed report's text with the three standard tables.
 *
 *   pdf-fixture NAME OUT.pdf [pdf.KEY=VALUE ...]
 *   pdf-fixture seed OUT.pdf SEED.txt [pdf.KEY=VALUE ...]   */
#define _POSIX_C_SOURCE 200809L
#include <govdoc/govdoc.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static gd_builder *B;

static void die(const char *what)
{
    fprintf(stderr, "pdf-fixture: %s\n", what);
    exit(2);
}

static void text(const char *s)
{
    if (gd_builder_text(B, s, strlen(s), 0)) die("text");
}

static void block(gd_node_type t, const char *s, int level, const char *k, const char *v)
{
    gd_node *n;
    if (gd_builder_open(B, t, &n)) die("open");
    if (t == GD_NODE_HEADING) gd_node_set_level(n, level);
    if (k) gd_node_set_attr(n, k, v);
    text(s);
    gd_builder_close(B, t);
}

/* Field keys of the cells a failed check names (see main). */
static char flagged_keys[8][64];
static size_t nflagged;

/* A row spec: cells separated by '|'; a cell is TEXT[@RS,CS]; '\n' in TEXT
 * makes two paragraphs; "#7" is seven data cells holding 0. */
static void row(const char *spec, int header, const char *field_prefix, int *fieldno)
{
    gd_node *r;
    if (gd_builder_open(B, GD_NODE_ROW, &r)) die("row");
    gd_node_set_header(r, header);
    char buf[512];
    snprintf(buf, sizeof buf, "%s", spec);
    for (char *save = NULL, *cell = strtok_r(buf, "|", &save); cell;
         cell = strtok_r(NULL, "|", &save)) {
        if (cell[0] == '#') {
            /* "#7!": the first of the seven failed a consistency check. */
            int n = atoi(cell + 1);
            int flagged = cell[strlen(cell) - 1] == '!';
            for (int i = 0; i < n; i++) {
                gd_node *c;
                gd_builder_open(B, GD_NODE_CELL, &c);
                char key[64];
                snprintf(key, sizeof key, "%s.%d", field_prefix, (*fieldno)++);
                gd_node_set_attr(c, "field", key);
                if (flagged && i == 0) {
                    gd_node_set_attr(c, "check", "一+二 ≠ 三+四");
                    if (nflagged < 8) snprintf(flagged_keys[nflagged++], 64, "%s", key);
                }
                block(GD_NODE_PARAGRAPH, "0", 0, NULL, NULL);
                gd_builder_close(B, GD_NODE_CELL);
            }
            continue;
        }
        int rs = 1, cs = 1;
        char *at = strchr(cell, '@');
        if (at) {
            *at = 0;
            sscanf(at + 1, "%d,%d", &rs, &cs);
        }
        gd_node *c;
        gd_builder_open(B, GD_NODE_CELL, &c);
        gd_node_set_span(c, rs, cs);
        gd_node_set_header(c, header);
        for (char *s2 = NULL, *p = strtok_r(cell, "\n", &s2); p; p = strtok_r(NULL, "\n", &s2))
            block(GD_NODE_PARAGRAPH, p, 0, NULL, NULL);
        gd_builder_close(B, GD_NODE_CELL);
    }
    gd_builder_close(B, GD_NODE_ROW);
}

static void table2(void)
{
    gd_node *t;
    int f = 0;
    gd_builder_open(B, GD_NODE_TABLE, &t);
    gd_node_set_attr(t, "template-table", "table2");
    gd_node_set_attr(t, "col-widths", "31 23 23 23"); /* the template's, as the core gives them */
    row("第二十条第（一）项@1,4", 1, "t2", &f);
    row("信息内容|本年制发件数|本年废止件数|现行有效件数", 1, "t2", &f);
    row("规章|#3", 0, "t2", &f);
    row("行政规范性文件|#3", 0, "t2", &f);
    row("第二十条第（五）项@1,4", 0, "t2", &f);
    row("信息内容|本年处理决定数量@1,3", 0, "t2", &f);
    row("行政许可|0@1,3", 0, "t2", &f);
    row("第二十条第（六）项@1,4", 0, "t2", &f);
    row("信息内容|本年处理决定数量@1,3", 0, "t2", &f);
    row("行政处罚|0@1,3", 0, "t2", &f);
    row("行政强制|0@1,3", 0, "t2", &f);
    row("第二十条第（八）项@1,4", 0, "t2", &f);
    row("信息内容|本年收费金额（单位：万元）@1,3", 0, "t2", &f);
    row("行政事业性收费|0@1,3", 0, "t2", &f);
    gd_builder_close(B, GD_NODE_TABLE);
}

static void table3(void)
{
    static const char *const rows[] = {
        "三、本年度办理结果@22,1|（一）予以公开@1,2|#7",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）@1,2|#7",
        "（三）不予公开@8,1|1.属于国家秘密|#7",
        "2.其他法律行政法规禁止公开|#7",
        "3.危及“三安全一稳定”|#7",
        "4.保护第三方合法权益|#7",
        "5.属于三类内部事务信息|#7",
        "6.属于四类过程性信息|#7",
        "7.属于行政执法案卷|#7",
        "8.属于行政查询事项|#7",
        "（四）无法提供@3,1|1.本机关不掌握相关政府信息|#7",
        "2.没有现成信息需要另行制作|#7",
        "3.补正后申请内容仍不明确|#7",
        "（五）不予处理@5,1|1.信访举报投诉类申请|#7",
        "2.重复申请|#7",
        "3.要求提供公开出版物|#7",
        "4.无正当理由大量反复申请|#7",
        "5.要求行政机关确认或重新出具已获取信息|#7",
        "（六）其他处理@3,1|1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请|#7",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请|#7",
        "3.其他|#7",
        "（七）总计@1,2|#7",
    };
    gd_node *t;
    int f = 0;
    gd_builder_open(B, GD_NODE_TABLE, &t);
    gd_node_set_attr(t, "template-table", "table3");
    gd_node_set_attr(t, "col-widths",
                     "7 11.5 23.5 8 8 8 9 9 7.5 8.5"); /* the template's, as the core gives them */
    row("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）@3,3|申请人情况@1,7",
        1, "t3", &f);
    row("自然人@2,1|法人或其他组织@1,5|总计@2,1", 1, "t3", &f);
    row("商业\n企业|科研\n机构|社会公益组织|法律服务机构|其他", 1, "t3", &f);
    row("一、本年新收政府信息公开申请数量@1,3|#7", 0, "t3", &f);
    row("二、上年结转政府信息公开申请数量@1,3|#7", 0, "t3", &f);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) row(rows[i], 0, "t3", &f);
    row("四、结转下年度继续办理@1,3|#7!", 0, "t3", &f);
    gd_builder_close(B, GD_NODE_TABLE);
}

static void table4(void)
{
    gd_node *t;
    int f = 0;
    gd_builder_open(B, GD_NODE_TABLE, &t);
    gd_node_set_attr(t, "template-table", "table4");
    gd_node_set_attr(t, "col-widths",
                     "1 1 1 1 1 1 1 1 1 1 1 1 1 1 1"); /* the template's, as the core gives them */
    row("行政复议@1,5|行政诉讼@1,10", 1, "t4", &f);
    row("结果\n维持@2,1|结果\n纠正@2,1|其他\n结果@2,1|尚未\n审结@2,1|总计@2,1|未经复议直接起诉@1,5|"
        "复议后起诉@1,5",
        1, "t4", &f);
    row("结果\n维持|结果\n纠正|其他\n结果|尚未\n审结|总计|结果\n维持|结果\n纠正|其他\n结果|"
        "尚未\n审结|"
        "总计",
        1, "t4", &f);
    row("#15", 0, "t4", &f);
    gd_builder_close(B, GD_NODE_TABLE);
}

static void long_table(void)
{
    gd_node *t;
    int f = 0;
    gd_builder_open(B, GD_NODE_TABLE, &t);
    row("序号|事项名称|办理部门|备注", 1, "lt", &f);
    row("编号@1,1|内容与说明@1,2|状态", 1, "lt", &f);
    char buf[512];
    for (int i = 1; i <= 90; i++) {
        if (i % 17 == 5)
            snprintf(buf, sizeof buf, "第%d项@3,1|跨行合并单元格%d|部门%d|备注%d", i, i, i, i);
        else if (i % 17 == 6 || i % 17 == 7)
            snprintf(buf, sizeof buf, "合并续行%d|部门%d|备注%d", i, i, i);
        else
            snprintf(buf, sizeof buf, "第%d项|长表格测试内容第%d行|部门%d|备注%d", i, i, i, i);
        row(buf, 0, "lt", &f);
        if (i == 44) {
            /* A row taller than a page: it must be sliced, losing nothing. */
            gd_node *r, *c;
            gd_builder_open(B, GD_NODE_ROW, &r);
            gd_builder_open(B, GD_NODE_CELL, &c);
            text("超高行");
            gd_builder_close(B, GD_NODE_CELL);
            gd_builder_open(B, GD_NODE_CELL, &c);
            gd_node_set_span(c, 1, 3);
            for (int k = 1; k <= 60; k++) {
                snprintf(buf, sizeof buf,
                         "超高单元格第%d段：本段文字用于检验一行高于一页时的安全分页。", k);
                block(GD_NODE_PARAGRAPH, buf, 0, NULL, NULL);
            }
            gd_builder_close(B, GD_NODE_CELL);
            gd_builder_close(B, GD_NODE_ROW);
        }
    }
    gd_builder_close(B, GD_NODE_TABLE);
}

static void kinsoku(void)
{
    /* Every length of clause between commas, so that line ends fall next to
     * every kind of punctuation at some point. */
    static const char *const punct[] = {"，", "。", "、", "；", "：", "？",
                                        "！", "）", "」", "』", "】"};
    static const char *const open[] = {"（", "「", "『", "【"};
    static const char *const closing[] = {"）", "」", "』", "】"};
    char buf[8192];
    for (int p = 0; p < 6; p++) {
        size_t len = 0;
        for (int k = 0; k < 60 && len < sizeof buf - 64; k++) {
            int n = 1 + (k * 7 + p * 3) % 9;
            for (int i = 0; i < n; i++) len += (size_t)snprintf(buf + len, sizeof buf - len, "政");
            if (k % 5 == 2) {
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s府信%s", open[k % 4],
                                        closing[k % 4]);
            }
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s", punct[(k + p) % 11]);
        }
        block(GD_NODE_PARAGRAPH, buf, 0, NULL, NULL);
    }
    block(GD_NODE_PARAGRAPH,
          "Latin words such as internationalization, responsibilities and "
          "government-information must never be split across lines, even when mixed "
          "with 中文文本和标点符号，例如“政府信息公开”和（括号）。",
          0, NULL, NULL);
}

/* Paragraphs of 1 to 7 lines, so that page breaks fall inside them at
 * every offset: widows and orphans must not appear. */
static void widows(void)
{
    char buf[4096];
    for (int p = 0; p < 60; p++) {
        int lines = 1 + (p * 3) % 7;
        size_t len = 0;
        for (int i = 0; i < lines * 27 - 14 && len < sizeof buf - 8; i++)
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s", i % 9 == 8 ? "，" : "政");
        snprintf(buf + len, sizeof buf - len, "。");
        block(GD_NODE_PARAGRAPH, buf, 0, NULL, NULL);
        if (p % 13 == 12) block(GD_NODE_HEADING, "一、保持与下文同页的标题", 2, NULL, NULL);
    }
}

static const unsigned char tiny_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x04, 0x08, 0x02, 0x00, 0x00, 0x00, 0x26,
    0x93, 0x09, 0x29, 0x00, 0x00, 0x00, 0x10, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x38,
    0x21, 0x27, 0x07, 0x47, 0x0c, 0xc4, 0x71, 0x00, 0xb1, 0x63, 0x10, 0x41, 0x3b, 0x4b, 0x63,
    0x82, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};

static void mixed(gd_doc *doc)
{
    gd_node *n;
    block(GD_NODE_HEADING, "混合内容测试 Mixed content", 1, "role", "title");
    block(GD_NODE_HEADING, "一、文字样式", 2, NULL, NULL);
    gd_builder_open(B, GD_NODE_PARAGRAPH, &n);
    text("普通文字，");
    gd_builder_text(B, "加粗文字", strlen("加粗文字"), 1);
    text("，");
    gd_builder_text(B, "下划线", strlen("下划线"), 4);
    text("，上标x");
    gd_builder_text(B, "2", 1, 16);
    text("，脚注");
    gd_builder_open(B, GD_NODE_NOTE, &n);
    block(GD_NODE_PARAGRAPH, "这是脚注的内容。", 0, NULL, NULL);
    gd_builder_close(B, GD_NODE_NOTE);
    text("，链接：");
    gd_builder_open(B, GD_NODE_LINK, &n);
    gd_node_set_url(n, "http://gzjkq.ganzhou.gov.cn");
    text("赣州经开区政务网");
    gd_builder_close(B, GD_NODE_LINK);
    text("。");
    gd_builder_close(B, GD_NODE_PARAGRAPH);
    gd_builder_set_font(B, "楷体_GB2312");
    block(GD_NODE_PARAGRAPH, "这一段的源字体是楷体_GB2312。", 0, NULL, NULL);
    gd_builder_set_font(B, NULL);
    block(GD_NODE_HEADING, "二、列表", 2, NULL, NULL);
    gd_builder_open(B, GD_NODE_LIST, &n);
    gd_node_set_list(n, 1, 1);
    for (int i = 0; i < 3; i++) {
        gd_builder_open(B, GD_NODE_ITEM, &n);
        block(GD_NODE_PARAGRAPH,
              i == 1 ? "第二项，内容较长，需要换行显示以检验列表项的悬挂缩进是否正确对齐。"
                     : "列表项",
              0, NULL, NULL);
        gd_builder_close(B, GD_NODE_ITEM);
    }
    gd_builder_close(B, GD_NODE_LIST);
    const char *id;
    gd_doc_resource_add(&id, doc, "image/png", tiny_png, sizeof tiny_png);
    gd_builder_open(B, GD_NODE_PARAGRAPH, &n);
    gd_builder_leaf(B, GD_NODE_IMAGE, &n);
    gd_node_set_url(n, id);
    gd_node_set_attr(n, "width", "60");
    gd_builder_close(B, GD_NODE_PARAGRAPH);
    block(GD_NODE_HEADING, "三、English", 2, NULL, NULL);
    block(GD_NODE_PARAGRAPH,
          "The quick brown fox jumps over the lazy dog. Justified Latin text gets its extra "
          "room between words, not between letters, and long words like "
          "incomprehensibilities stay whole.",
          0, NULL, NULL);
    block(GD_NODE_CODE_BLOCK, "int main(void)\n{\n    return 0;\n}", 0, NULL, NULL);
    gd_builder_leaf(B, GD_NODE_THEMATIC_BREAK, &n);
    block(GD_NODE_PARAGRAPH, "End.", 0, NULL, NULL);
}

static int is_section(const char *s)
{
    static const char *const nums[] = {"一、", "二、", "三、", "四、", "五、", "六、"};
    for (int i = 0; i < 6; i++)
        if (strncmp(s, nums[i], strlen(nums[i])) == 0) return i + 1;
    return 0;
}

/* The seed's text in the standard layout (what the report model will give
 * once it lands): title, paragraphs, six sections, the template tables. */
static void seed(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) die("cannot open the seed");
    char line[8192], title[1024] = "";
    int section = 0, in_title = 1;
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\r\n")] = 0;
        char *s = line;
        if (strncmp(s, "[bookmark: _GoBack]", 19) == 0) s += 19;
        if (*s == '\t') continue; /* table cells: the template tables replace them */
        if (!*s) {
            if (in_title && *title) {
                block(GD_NODE_HEADING, title, 1, "role", "title");
                in_title = 0;
            }
            continue;
        }
        if (in_title) {
            strncat(title, s, sizeof title - strlen(title) - 1);
            continue;
        }
        int sec = is_section(s);
        if (sec) {
            char key[8];
            snprintf(key, sizeof key, "s%d", sec);
            block(GD_NODE_HEADING, s, 2, "section", key);
            section = sec;
            if (section == 2) table2();
            if (section == 3) table3();
            if (section == 4) table4();
            continue;
        }
        if (section >= 2 && section <= 4) continue; /* the rest of a table's cells */
        if (strncmp(s, "（", 3) == 0 && strlen(s) < 60)
            block(GD_NODE_HEADING, s, 3, NULL, NULL);
        else
            block(GD_NODE_PARAGRAPH, s, 0, NULL, NULL);
    }
    fclose(f);
}

/* Big documents: N paragraphs of about 100 characters, or one paragraph of
 * N such sentences when `one` is set. */
static void long_text(int n, bool one)
{
    static const char sentence[] =
        "各级行政机关应当建立健全政府信息公开工作制度，指定机构负责本行政机关政府信息公开的"
        "日常工作，并定期报告政府信息公开工作情况。";
    size_t len = strlen(sentence);
    gd_node *p;
    if (one) {
        gd_builder_open(B, GD_NODE_PARAGRAPH, &p);
        for (int i = 0; i < n; i++) gd_builder_text(B, sentence, len, 0);
        gd_builder_close(B, GD_NODE_PARAGRAPH);
        return;
    }
    char buf[400];
    for (int i = 0; i < n; i++) {
        if (i % 50 == 0) {
            snprintf(buf, sizeof buf, "第%d节", i / 50 + 1);
            block(GD_NODE_HEADING, buf, 2, NULL, NULL);
        }
        snprintf(buf, sizeof buf, "%d. %s", i + 1, sentence);
        block(GD_NODE_PARAGRAPH, buf, 0, NULL, NULL);
    }
}

/* Images read from files, one paragraph each. */
static void images(gd_doc *doc, char **files, int n)
{
    for (int i = 0; i < n; i++) {
        FILE *f = fopen(files[i], "rb");
        if (!f) die("cannot open image");
        fseek(f, 0, SEEK_END);
        long len = ftell(f);
        fseek(f, 0, SEEK_SET);
        unsigned char *d = malloc((size_t)len);
        if (!d || fread(d, 1, (size_t)len, f) != (size_t)len) die("cannot read image");
        fclose(f);
        const char *id;
        bool png = len > 4 && d[0] == 0x89;
        gd_doc_resource_add(&id, doc, png ? "image/png" : "image/jpeg", d, (size_t)len);
        free(d);
        gd_node *n2;
        gd_builder_open(B, GD_NODE_PARAGRAPH, &n2);
        gd_builder_leaf(B, GD_NODE_IMAGE, &n2);
        gd_node_set_url(n2, id);
        gd_builder_close(B, GD_NODE_PARAGRAPH);
    }
}

static void on_warning(const char *file, const char *message, void *payload)
{
    (void)payload;
    fprintf(stderr, "pdf-fixture: warning: %s: %s\n", file, message);
}

int main(int argc, char **argv)
{
    if (argc < 3) die("usage: pdf-fixture NAME OUT.pdf [SEED.txt] [pdf.KEY=VALUE ...]");
    const char *name = argv[1], *out = argv[2];
    int first_opt = 3;
    gd_doc *doc;
    gd_ctx *ctx;
    if (gd_doc_new(&doc) || gd_ctx_new(&ctx, doc) || gd_builder_new(&B, ctx, doc)) die("setup");
    gd_doc_meta_set(doc, "title", name);
    if (strcmp(name, "table3") == 0) {
        block(GD_NODE_HEADING, "三、收到和处理政府信息公开申请情况", 2, "section", "s3");
        table3();
    } else if (strcmp(name, "tables") == 0) {
        table2();
        table3();
        table4();
    } else if (strcmp(name, "longtable") == 0) {
        block(GD_NODE_HEADING, "长表格", 1, NULL, NULL);
        long_table();
        block(GD_NODE_PARAGRAPH, "表格之后的段落。", 0, NULL, NULL);
    } else if (strcmp(name, "kinsoku") == 0) {
        kinsoku();
    } else if (strcmp(name, "bigtable") == 0) {
        /* Not a ctest case: a size check by hand (time it). */
        gd_node *t;
        int f = 0;
        gd_builder_open(B, GD_NODE_TABLE, &t);
        row("序号|名称|数量|备注", 1, "bt", &f);
        char buf[128];
        for (int i = 1; i <= 5000; i++) {
            snprintf(buf, sizeof buf, "%d|第%d项内容|%d|%s", i, i, i * 7, i % 10 ? "" : "备注");
            row(buf, 0, "bt", &f);
        }
        gd_builder_close(B, GD_NODE_TABLE);
    } else if (strcmp(name, "widows") == 0) {
        widows();
    } else if (strcmp(name, "mixed") == 0) {
        mixed(doc);
    } else if ((strcmp(name, "long") == 0 || strcmp(name, "longrun") == 0) && argc > 3) {
        block(GD_NODE_HEADING, "长文档", 1, NULL, NULL);
        long_text(atoi(argv[3]), name[4] == 'r');
        first_opt = 4;
    } else if (strcmp(name, "images") == 0 && argc > 3) {
        /* pdf-fixture images OUT.pdf N FILE... [pdf.KEY=VALUE ...] */
        int n = atoi(argv[3]);
        if (n < 1 || 4 + n > argc) die("images: N FILE...");
        images(doc, argv + 4, n);
        first_opt = 4 + n;
    } else if (strcmp(name, "seed") == 0 && argc > 3) {
        gd_doc_meta_set(doc, "title", NULL);
        seed(argv[3]);
        first_opt = 4;
    } else {
        die("unknown fixture");
    }
    if (gd_builder_finish(B)) die("builder_finish");
    if (nflagged) {
        /* The failed check, naming its cells by key, as a report gives it. */
        const char *keys[8];
        for (size_t i = 0; i < nflagged; i++) keys[i] = flagged_keys[i];
        if (gd_report_attach(doc, "fixture") ||
            gd_report_add_check(doc, "sum.balance", 0, "一+二 ≠ 三+四", keys, nflagged))
            die("report");
    }
    gd_registry *reg;
    gd_status st = {0};
    if (gd_registry_new(&reg) || gd_registry_load_default(reg)) die("registry");
    gd_convert_options co = GD_CONVERT_OPTIONS_INIT;
    co.to = "pdf";
    co.on_warning = on_warning;
    co.options = (const char *const *)(argv + first_opt);
    co.option_count = (size_t)(argc - first_opt);
    int rc = gd_options_check(&st, reg, &co);
    if (!rc) rc = gd_write_file(&st, reg, doc, out, &co);
    if (rc) fprintf(stderr, "pdf-fixture: %s\n", st.message ? st.message : "failed");
    gd_status_clear(&st);
    gd_registry_free(reg);
    gd_ctx_free(ctx);
    gd_doc_free(doc);
    return rc ? 1 : 0;
}
