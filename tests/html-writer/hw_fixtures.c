/* Fixture documents for the HTML writer tests (see hw_fixtures.h). */
#include "hw_fixtures.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const unsigned char fixture_png[] = {
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44,
    0x52, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x08, 0x08, 0x02, 0x00, 0x00, 0x00, 0x4b,
    0x6d, 0x29, 0xdc, 0x00, 0x00, 0x00, 0x11, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0x63, 0x38,
    0x21, 0x27, 0x87, 0x15, 0x31, 0x0c, 0x2d, 0x09, 0x00, 0x90, 0xbf, 0x41, 0x01, 0xcf, 0x70,
    0xa1, 0x3c, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82};
const size_t fixture_png_len = sizeof fixture_png;

/* ---- builder shorthands: any failure is fatal (a broken fixture) ---- */

static void die(const char *what)
{
    fprintf(stderr, "fixture: %s failed\n", what);
    exit(2);
}

static gd_node *op(gd_builder *b, gd_node_type t)
{
    gd_node *n = NULL;
    if (gd_builder_open(b, t, &n) != GD_OK) die("builder_open");
    return n;
}

static void cl(gd_builder *b, gd_node_type t)
{
    if (gd_builder_close(b, t) != GD_OK) die("builder_close");
}

static void tx(gd_builder *b, const char *s, unsigned style)
{
    if (gd_builder_text(b, s, strlen(s), style) != GD_OK) die("builder_text");
}

static void attr(gd_node *n, const char *k, const char *v)
{
    if (gd_node_set_attr(n, k, v) != GD_OK) die("node_set_attr");
}

static gd_node *para(gd_builder *b, const char *s)
{
    gd_node *p = op(b, GD_NODE_PARAGRAPH);
    tx(b, s, 0);
    cl(b, GD_NODE_PARAGRAPH);
    return p;
}

static gd_node *heading(gd_builder *b, int level, const char *s)
{
    gd_node *h = op(b, GD_NODE_HEADING);
    gd_node_set_level(h, level);
    tx(b, s, 0);
    cl(b, GD_NODE_HEADING);
    return h;
}

/* A cell: `text` with '|' between paragraphs (NULL or "" = blank). */
static gd_node *cell(gd_builder *b, const char *text, int rs, int cs, int header)
{
    gd_node *c = op(b, GD_NODE_CELL);
    gd_node_set_span(c, rs, cs);
    gd_node_set_header(c, header);
    for (const char *p = text; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        op(b, GD_NODE_PARAGRAPH);
        if (gd_builder_text(b, p, n, 0) != GD_OK) die("builder_text");
        cl(b, GD_NODE_PARAGRAPH);
        p = bar ? bar + 1 : p + n;
    }
    cl(b, GD_NODE_CELL);
    return c;
}

static void data_cell(gd_builder *b, const char *field, const char *value, const char *check)
{
    gd_node *c = cell(b, value, 1, 1, 0);
    attr(c, "field", field);
    if (check) attr(c, "check", check);
}

static gd_node *row(gd_builder *b, int header)
{
    gd_node *r = op(b, GD_NODE_ROW);
    gd_node_set_header(r, header);
    return r;
}

static gd_doc *new_doc(gd_builder **b)
{
    gd_doc *doc;
    if (gd_doc_new(&doc) != GD_OK) die("doc_new");
    if (gd_builder_new(b, NULL, doc) != GD_OK) die("builder_new");
    return doc;
}

static void finish(gd_builder *b)
{
    if (gd_builder_finish(b) != GD_OK) die("builder_finish");
}

/* ---- the standard layout ---- */

static void table2(gd_builder *b)
{
    gd_node *t = op(b, GD_NODE_TABLE);
    attr(t, "template-table", "table2");
    attr(t, "col-widths", "31 23 23 23");
    static const char *const block[] = {"第二十条第（一）项", "第二十条第（五）项",
                                        "第二十条第（六）项", "第二十条第（八）项"};
    /* 第（一）项: 3 values per row */
    row(b, 0), cell(b, block[0], 1, 4, 1), cl(b, GD_NODE_ROW);
    row(b, 0);
    cell(b, "信息内容", 1, 1, 1), cell(b, "本年制发件数", 1, 1, 1);
    cell(b, "本年废止件数", 1, 1, 1), cell(b, "现行有效件数", 1, 1, 1);
    cl(b, GD_NODE_ROW);
    row(b, 0), cell(b, "规章", 1, 1, 1);
    data_cell(b, "t2.r2.c2", "0", NULL), data_cell(b, "t2.r2.c3", "0", NULL);
    data_cell(b, "t2.r2.c4", "1", NULL), cl(b, GD_NODE_ROW);
    row(b, 0), cell(b, "行政规范性文件", 1, 1, 1);
    data_cell(b, "t2.r3.c2", "2", NULL), data_cell(b, "t2.r3.c3", "27", NULL);
    data_cell(b, "t2.r3.c4", "45", NULL), cl(b, GD_NODE_ROW);
    /* 第（五）（六）（八）项: one value per row, spanning three columns */
    struct {
        int block;
        const char *head, *label, *field, *value;
    } one[] = {
        {1, "本年处理决定数量", "行政许可", "t2.r6.c2", ""},
        {2, "本年处理决定数量", "行政处罚", "t2.r9.c2", "12"},
        {-1, NULL, "行政强制", "t2.r10.c2", "0"},
        {3, "本年收费金额（单位：万元）", "行政事业性收费", "t2.r13.c2", "5949.088667"},
    };
    for (size_t i = 0; i < sizeof one / sizeof *one; i++) {
        if (one[i].block >= 0) {
            row(b, 0), cell(b, block[one[i].block], 1, 4, 1), cl(b, GD_NODE_ROW);
            row(b, 0), cell(b, "信息内容", 1, 1, 1), cell(b, one[i].head, 1, 3, 1);
            cl(b, GD_NODE_ROW);
        }
        row(b, 0), cell(b, one[i].label, 1, 1, 1);
        gd_node *c = cell(b, one[i].value, 1, 3, 0);
        attr(c, "field", one[i].field);
        cl(b, GD_NODE_ROW);
    }
    cl(b, GD_NODE_TABLE);
}

/* Messages of the failed checks the fixture carries. */
#define M_BALANCE                                                                                                      \
    "勾稽关系不成立（自然人）：一、本年新收 5 + 二、上年结转 0 = 5，三（七）总计 4 + " \
    "四、结转下年度 0 = 4"
#define M_RESULTS "（七）总计（总计列）6 不等于各项办理结果之和 5"
#define M_ROWSUM  "（七）总计行：总计 6 不等于各类申请人之和 5"

static void table3(gd_builder *b)
{
    gd_node *t = op(b, GD_NODE_TABLE);
    attr(t, "template-table", "table3");
    attr(t, "col-widths", "7 11.5 23.5 8 8 8 9 9 7.5 8.5");
    row(b, 1);
    cell(b, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3, 1);
    cell(b, "申请人情况", 1, 7, 1);
    cl(b, GD_NODE_ROW);
    row(b, 1);
    cell(b, "自然人", 2, 1, 1), cell(b, "法人或其他组织", 1, 5, 1), cell(b, "总计", 2, 1, 1);
    cl(b, GD_NODE_ROW);
    row(b, 1);
    cell(b, "商业|企业", 1, 1, 1), cell(b, "科研|机构", 1, 1, 1), cell(b, "社会公益组织", 1, 1, 1);
    cell(b, "法律服务机构", 1, 1, 1), cell(b, "其他", 1, 1, 1);
    cl(b, GD_NODE_ROW);

    /* Rows r3..r27: the label cells that start on the row, then 7 values. */
    static const struct {
        const char *label[3];
        int rs[3], cs[3];
    } rows[] = {
        {{"一、本年新收政府信息公开申请数量"}, {1}, {3}},
        {{"二、上年结转政府信息公开申请数量"}, {1}, {3}},
        {{"三、本年度办理结果", "（一）予以公开"}, {22, 1}, {1, 2}},
        {{"（二）部分公开（区分处理的，只计这一情形，不计其他情形）"}, {1}, {2}},
        {{"（三）不予公开", "1.属于国家秘密"}, {8, 1}, {1, 1}},
        {{"2.其他法律行政法规禁止公开"}, {1}, {1}},
        {{"3.危及“三安全一稳定”"}, {1}, {1}},
        {{"4.保护第三方合法权益"}, {1}, {1}},
        {{"5.属于三类内部事务信息"}, {1}, {1}},
        {{"6.属于四类过程性信息"}, {1}, {1}},
        {{"7.属于行政执法案卷"}, {1}, {1}},
        {{"8.属于行政查询事项"}, {1}, {1}},
        {{"（四）无法提供", "1.本机关不掌握相关政府信息"}, {3, 1}, {1, 1}},
        {{"2.没有现成信息需要另行制作"}, {1}, {1}},
        {{"3.补正后申请内容仍不明确"}, {1}, {1}},
        {{"（五）不予处理", "1.信访举报投诉类申请"}, {5, 1}, {1, 1}},
        {{"2.重复申请"}, {1}, {1}},
        {{"3.要求提供公开出版物"}, {1}, {1}},
        {{"4.无正当理由大量反复申请"}, {1}, {1}},
        {{"5.要求行政机关确认或重新出具已获取信息"}, {1}, {1}},
        {{"（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"},
         {3, 1},
         {1, 1}},
        {{"2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"}, {1}, {1}},
        {{"3.其他"}, {1}, {1}},
        {{"（七）总计"}, {1}, {2}},
        {{"四、结转下年度继续办理"}, {1}, {3}},
    };
    for (int i = 0; i < 25; i++) {
        int r = i + 3;
        row(b, 0);
        for (int k = 0; k < 3 && rows[i].label[k]; k++)
            cell(b, rows[i].label[k], rows[i].rs[k], rows[i].cs[k], 1);
        for (int c = 4; c <= 10; c++) {
            char field[32];
            snprintf(field, sizeof field, "t3.r%d.c%d", r, c);
            const char *v = "0", *check = NULL;
            if (c == 8) v = ""; /* 法律服务机构: left blank, must stay blank */
            if (r == 3) v = c == 4 ? "5" : c == 5 ? "1" : c == 10 ? "6" : v;
            if (r == 5) v = c == 4 ? "3" : c == 5 ? "1" : c == 10 ? "4" : v;
            if (r == 15 && (c == 4 || c == 10)) v = "1";
            if (r == 26) v = c == 4 ? "4" : c == 5 ? "1" : c == 10 ? "6" : v;
            if (c == 4 && (r == 3 || r == 4 || r == 27)) check = M_BALANCE;
            if (c == 4 && r == 26) check = M_BALANCE "\n" M_ROWSUM;
            if (c == 10 && r == 26) check = M_RESULTS "\n" M_ROWSUM;
            data_cell(b, field, v, check);
        }
        cl(b, GD_NODE_ROW);
    }
    cl(b, GD_NODE_TABLE);
}

static void table4(gd_builder *b)
{
    gd_node *t = op(b, GD_NODE_TABLE);
    attr(t, "template-table", "table4");
    attr(t, "col-widths", "1 1 1 1 1 1 1 1 1 1 1 1 1 1 1");
    static const char *const res[] = {"结果|维持", "结果|纠正", "其他|结果", "尚未|审结", "总计"};
    row(b, 1), cell(b, "行政复议", 1, 5, 1), cell(b, "行政诉讼", 1, 10, 1), cl(b, GD_NODE_ROW);
    row(b, 1);
    for (int i = 0; i < 5; i++) cell(b, res[i], 2, 1, 1);
    cell(b, "未经复议直接起诉", 1, 5, 1), cell(b, "复议后起诉", 1, 5, 1);
    cl(b, GD_NODE_ROW);
    row(b, 1);
    for (int i = 0; i < 10; i++) cell(b, res[i % 5], 1, 1, 1);
    cl(b, GD_NODE_ROW);
    row(b, 0);
    for (int c = 1; c <= 15; c++) {
        char field[32];
        snprintf(field, sizeof field, "t4.r3.c%d", c);
        data_cell(b, field, c == 1 || c == 5 ? "1" : "0", NULL);
    }
    cl(b, GD_NODE_ROW);
    cl(b, GD_NODE_TABLE);
}

gd_doc *fixture_standard(void)
{
    gd_builder *b;
    gd_doc *doc = new_doc(&b);
    gd_doc_meta_set(doc, "title", "某某县人民政府2023年政府信息公开工作年度报告");
    gd_doc_meta_set(doc, "issuer", "某某县人民政府办公室");
    gd_node *h = heading(b, 1, "某某县人民政府2023年政府信息公开工作年度报告");
    attr(h, "role", "title");
    attr(h, "align", "center");
    para(b, "本报告依据《中华人民共和国政府信息公开条例》（以下简称《条例》）编制。"
            "本年度报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。");
    static const char *const sections[6] = {"一、总体情况",
                                            "二、主动公开政府信息情况",
                                            "三、收到和处理政府信息公开申请情况",
                                            "四、政府信息公开行政复议、行政诉讼情况",
                                            "五、存在的主要问题及改进情况",
                                            "六、其他需要报告的事项"};
    for (int i = 0; i < 6; i++) {
        char s[4] = {'s', (char)('1' + i), 0};
        gd_node *sh = heading(b, 2, sections[i]);
        attr(sh, "section", s);
        switch (i) {
        case 0:
            para(b, "2023年，我县坚持以人民为中心，大力推进政府信息公开工作。");
            heading(b, 3, "（一）主动公开");
            para(b, "全年主动公开政府信息297条。");
            break;
        case 1: table2(b); break;
        case 2:
            table3(b);
            para(b, "本年度共收到政府信息公开申请6件。");
            break;
        case 3: table4(b); break;
        case 4: para(b, "一是公开内容不够全面；二是解读形式较为单一。"); break;
        default: para(b, "本年度未收取信息处理费。"); break;
        }
    }
    finish(b);
    /* The report's failed checks, naming the cells by key (the writer marks
     * cells by their field key, in the order of the checks). */
    if (gd_report_attach(doc, "fixture") != GD_OK) die("report_attach");
    static const char *const balance[] = {"t3.r3.c4", "t3.r4.c4", "t3.r26.c4", "t3.r27.c4"};
    static const char *const results[] = {"t3.r26.c10"};
    static const char *const rowsum[] = {"t3.r26.c4", "t3.r26.c10"};
    if (gd_report_add_check(doc, "sum.balance", 0, M_BALANCE, balance, 4) != GD_OK ||
        gd_report_add_check(doc, "sum.results", 0, M_RESULTS, results, 1) != GD_OK ||
        gd_report_add_check(doc, "sum.applicants", 0, M_ROWSUM, rowsum, 2) != GD_OK)
        die("report_add_check");
    return doc;
}

/* ---- the generic document ---- */

static void link(gd_builder *b, const char *url, const char *text)
{
    gd_node *l = op(b, GD_NODE_LINK);
    gd_node_set_url(l, url);
    tx(b, text, 0);
    cl(b, GD_NODE_LINK);
    tx(b, " ", 0);
}

static void image(gd_builder *b, const char *url, const char *alt)
{
    gd_node *i = NULL;
    if (gd_builder_leaf(b, GD_NODE_IMAGE, &i) != GD_OK) die("builder_leaf");
    gd_node_set_url(i, url);
    if (alt) attr(i, "alt", alt);
}

static void note(gd_builder *b, const char *first, const char *second)
{
    op(b, GD_NODE_NOTE);
    para(b, first);
    if (second) para(b, second);
    cl(b, GD_NODE_NOTE);
}

gd_doc *fixture_generic(void)
{
    gd_builder *b;
    gd_doc *doc = new_doc(&b);
    gd_doc_meta_set(doc, "title", "通用文档 <测试> & \"引号\"\n第二行");
    gd_doc_meta_set(doc, "author", "办公室 <ad@example.org>");
    gd_doc_meta_set(doc, "date", "2024-01-15");
    const char *img_id = NULL;
    if (gd_doc_resource_add(&img_id, doc, "image/png", fixture_png, fixture_png_len) != GD_OK)
        die("resource_add");
    const char *bad_id = NULL, *emf_id = NULL;
    if (gd_doc_resource_add(&bad_id, doc, "application/x-msdownload", "MZ", 2) != GD_OK ||
        gd_doc_resource_add(&emf_id, doc, "image/x-emf", "\x01\0\0\0", 4) != GD_OK)
        die("resource_add");

    heading(b, 1, "一级标题 <h1> & 转义");
    op(b, GD_NODE_PARAGRAPH);
    tx(b, "纯文本 a < b && c > d \"q\" 'a' <script>alert(1)</script> ", 0);
    tx(b, "粗体", GD_STYLE_BOLD);
    tx(b, "粗斜", GD_STYLE_BOLD | GD_STYLE_ITALIC);
    tx(b, "斜体", GD_STYLE_ITALIC);
    tx(b, " ", 0);
    tx(b, "下划线", GD_STYLE_UNDERLINE);
    tx(b, "删除", GD_STYLE_STRIKE);
    tx(b, "m", 0);
    tx(b, "2", GD_STYLE_SUPERSCRIPT);
    tx(b, "H", 0);
    tx(b, "2", GD_STYLE_SUBSCRIPT);
    tx(b, "O ", 0);
    tx(b, "code<x>", GD_STYLE_CODE);
    tx(b, " 控制字符[\x01\x0b\x7f]", 0);
    if (gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL) != GD_OK) die("line break");
    tx(b, "换行之后", 0);
    cl(b, GD_NODE_PARAGRAPH);

    op(b, GD_NODE_PARAGRAPH);
    link(b, "https://example.org/a b?q=1&r=2", "安全链接");
    link(b, "javascript:alert(1)", "坏链接一");
    link(b, " \x01JaVa\tScRiPt:alert(2)", "坏链接二");
    link(b, "vbscript:msgbox(1)", "坏链接三");
    link(b, "data:text/html,<script>alert(1)</script>", "坏链接四");
    link(b, "report.html#s3", "相对链接");
    link(b, "mailto:office@example.gov.cn", "邮件");
    link(b, "#top", "页内");
    link(b, "http://example.org/\"><script>", "引号链接");
    cl(b, GD_NODE_PARAGRAPH);

    op(b, GD_NODE_PARAGRAPH);
    tx(b, "正文带脚注", 0);
    note(b, "脚注一，含 <b>标签</b>。", NULL);
    tx(b, "，再一个", 0);
    note(b, "第二个脚注第一段。", "第二个脚注第二段。");
    tx(b, "，第三个", 0);
    op(b, GD_NODE_NOTE);
    op(b, GD_NODE_LIST);
    op(b, GD_NODE_ITEM), para(b, "脚注里的列表"), cl(b, GD_NODE_ITEM);
    cl(b, GD_NODE_LIST);
    cl(b, GD_NODE_NOTE);
    tx(b, "。", 0);
    cl(b, GD_NODE_PARAGRAPH);

    gd_node *p = op(b, GD_NODE_PARAGRAPH);
    attr(p, "align", "center");
    image(b, img_id, "示意图 \"引号\" <图>");
    gd_node *img = (gd_node *)gd_node_last_child(p);
    attr(img, "width", "72");
    attr(img, "height", "36");
    image(b, "https://example.org/i.png", "外部图片");
    image(b, "javascript:alert(3)", "坏图片");
    image(b, "data:image/png;base64,iVBORw0KGgo=", "内联图片");
    image(b, "data:text/html;base64,PHNjcmlwdD4=", "坏内联");
    image(b, bad_id, "不是图片");
    image(b, emf_id, "矢量图");
    cl(b, GD_NODE_PARAGRAPH);

    para(b, "");
    para(b, "\xe3\x80\x80  ");

    op(b, GD_NODE_LIST);
    op(b, GD_NODE_ITEM), para(b, "紧凑项"), cl(b, GD_NODE_ITEM);
    op(b, GD_NODE_ITEM), para(b, "两段项第一段"), para(b, "两段项第二段");
    gd_node *ol = op(b, GD_NODE_LIST);
    gd_node_set_list(ol, 1, 3);
    op(b, GD_NODE_ITEM), para(b, "从三开始"), cl(b, GD_NODE_ITEM);
    op(b, GD_NODE_ITEM), para(b, "第四"), cl(b, GD_NODE_ITEM);
    cl(b, GD_NODE_LIST);
    cl(b, GD_NODE_ITEM);
    cl(b, GD_NODE_LIST);

    op(b, GD_NODE_BLOCK_QUOTE), para(b, "引文 <q>"), cl(b, GD_NODE_BLOCK_QUOTE);
    op(b, GD_NODE_CODE_BLOCK);
    tx(b, "int main(void) {", GD_STYLE_BOLD);
    if (gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL) != GD_OK) die("line break");
    tx(b, "    return a < b && c; /* </pre> */", 0);
    cl(b, GD_NODE_CODE_BLOCK);
    if (gd_builder_leaf(b, GD_NODE_THEMATIC_BREAK, NULL) != GD_OK) die("hr");
    gd_node *div = op(b, GD_NODE_DIV);
    attr(div, "class", "textbox bad\"class x<y ok-2");
    para(b, "文本框内容");
    cl(b, GD_NODE_DIV);
    if (gd_builder_leaf(b, GD_NODE_PAGE_BREAK, NULL) != GD_OK) die("page break");

    heading(b, 2, "二级标题：表格");
    op(b, GD_NODE_TABLE);
    row(b, 1), cell(b, "甲", 1, 1, 1), cell(b, "乙", 1, 1, 1), cell(b, "丙", 1, 1, 1);
    cl(b, GD_NODE_ROW);
    row(b, 0), cell(b, "纵向合并", 2, 1, 1), cell(b, "x", 1, 1, 0), cell(b, "", 1, 1, 0);
    cl(b, GD_NODE_ROW);
    row(b, 0), cell(b, "z", 1, 1, 0);
    gd_node *c = op(b, GD_NODE_CELL);
    attr(c, "align", "right");
    op(b, GD_NODE_TABLE);
    row(b, 0), cell(b, "内表", 1, 1, 0), cell(b, "<td>", 1, 1, 0), cl(b, GD_NODE_ROW);
    cl(b, GD_NODE_TABLE);
    cl(b, GD_NODE_CELL);
    cl(b, GD_NODE_ROW);
    row(b, 0), cell(b, "横向合并三列", 1, 3, 0), cl(b, GD_NODE_ROW);
    cl(b, GD_NODE_TABLE);
    heading(b, 3, "");
    finish(b);
    return doc;
}

gd_doc *fixture_long_table(void)
{
    gd_builder *b;
    gd_doc *doc = new_doc(&b);
    gd_doc_meta_set(doc, "title", "长表格");
    heading(b, 1, "长表格（打印时每页重复表头）");
    op(b, GD_NODE_TABLE);
    row(b, 1), cell(b, "序号", 1, 1, 1), cell(b, "事项名称", 1, 1, 1), cell(b, "件数", 1, 1, 1);
    cl(b, GD_NODE_ROW);
    for (int i = 1; i <= 90; i++) {
        char n[16], name[64];
        snprintf(n, sizeof n, "%d", i);
        snprintf(name, sizeof name, "第%d项政府信息公开事项", i);
        row(b, 0), cell(b, n, 1, 1, 0), cell(b, name, 1, 1, 0), cell(b, n, 1, 1, 0);
        cl(b, GD_NODE_ROW);
    }
    cl(b, GD_NODE_TABLE);
    finish(b);
    return doc;
}

gd_doc *fixture_deep(void)
{
    gd_builder *b;
    gd_doc *doc = new_doc(&b);
    enum { QUOTES = 240, TABLES = 80 };
    for (int i = 0; i < QUOTES; i++) op(b, GD_NODE_BLOCK_QUOTE);
    para(b, "最深处");
    for (int i = 0; i < QUOTES; i++) cl(b, GD_NODE_BLOCK_QUOTE);
    for (int i = 0; i < TABLES; i++) {
        op(b, GD_NODE_TABLE);
        op(b, GD_NODE_ROW);
        op(b, GD_NODE_CELL);
    }
    para(b, "最内层表格");
    for (int i = 0; i < TABLES; i++) {
        cl(b, GD_NODE_CELL);
        cl(b, GD_NODE_ROW);
        cl(b, GD_NODE_TABLE);
    }
    finish(b);
    return doc;
}

/* ---- random documents: every node kind in every place the builder
 * allows, hostile text and URLs, random spans ---- */

static unsigned long rnd_state;

static unsigned rnd(unsigned n)
{
    rnd_state = rnd_state * 6364136223846793005ul + 1442695040888963407ul;
    return (unsigned)((rnd_state >> 33) % n);
}

static const char *const rnd_texts[] = {
    "政府信息公开", "a < b",        "&amp;",      "\"'",         "<script>x</script>",
    "  ",           "\xe3\x80\x80", "第（一）项", "5949.088667", "\x01\x7f",
    "]]>",          "--",           "<!--",       "/",           "\xef\xbf\xbe"};
static const char *const rnd_urls[] = {"https://example.org/?a=1&b=<2>",
                                       "javascript:alert(1)",
                                       "#x",
                                       "data:text/html,x",
                                       "mailto:x@y.z",
                                       "rel/p q.html",
                                       "\tjavascript:1",
                                       "res1",
                                       "data:image/gif;base64,R0lGOD"};

static void rnd_inlines(gd_builder *b, int depth, bool in_note)
{
    int n = 1 + (int)rnd(4);
    for (int i = 0; i < n; i++) {
        switch (rnd(depth > 3 ? 2 : 7)) {
        case 0:
        case 1: tx(b, rnd_texts[rnd(sizeof rnd_texts / sizeof *rnd_texts)], rnd(128)); break;
        case 2:
            if (gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL) != GD_OK) die("br");
            break;
        case 3: {
            gd_node *l = op(b, GD_NODE_LINK);
            gd_node_set_url(l, rnd_urls[rnd(sizeof rnd_urls / sizeof *rnd_urls)]);
            rnd_inlines(b, depth + 1, in_note);
            cl(b, GD_NODE_LINK);
            break;
        }
        case 4: image(b, rnd_urls[rnd(sizeof rnd_urls / sizeof *rnd_urls)], "alt <\">"); break;
        case 5:
            if (in_note) break;
            op(b, GD_NODE_NOTE);
            para(b, "注 <n>");
            cl(b, GD_NODE_NOTE);
            break;
        default: tx(b, "文本", GD_STYLE_BOLD); break;
        }
    }
}

static void rnd_blocks(gd_builder *b, int depth, bool in_note);

static void rnd_table(gd_builder *b, int depth, bool in_note)
{
    gd_node *t = op(b, GD_NODE_TABLE);
    if (rnd(3) == 0) attr(t, "template-table", rnd(2) ? "table3" : "bad name");
    int rows = 1 + (int)rnd(4);
    for (int r = 0; r < rows; r++) {
        row(b, r == 0 && rnd(2));
        int cells = 1 + (int)rnd(4);
        for (int c = 0; c < cells; c++) {
            gd_node *cn = op(b, GD_NODE_CELL);
            gd_node_set_span(cn, 1 + (int)rnd(3), 1 + (int)rnd(3));
            gd_node_set_header(cn, (int)rnd(2));
            if (rnd(3) == 0) attr(cn, "field", "t<x>");
            if (rnd(4) == 0) attr(cn, "check", rnd(2) ? "不平衡 <a>\n第二条" : "不平衡 <a>");
            if (rnd(2)) rnd_blocks(b, depth + 1, in_note);
            cl(b, GD_NODE_CELL);
        }
        cl(b, GD_NODE_ROW);
    }
    cl(b, GD_NODE_TABLE);
}

static void rnd_blocks(gd_builder *b, int depth, bool in_note)
{
    int n = 1 + (int)rnd(3);
    for (int i = 0; i < n; i++) {
        switch (rnd(depth > 3 ? 3 : 11)) {
        case 0:
        case 1: {
            gd_node *p = op(b, GD_NODE_PARAGRAPH);
            if (rnd(4) == 0) attr(p, "align", rnd(2) ? "center" : "evil\"");
            rnd_inlines(b, depth, in_note);
            cl(b, GD_NODE_PARAGRAPH);
            break;
        }
        case 2: {
            gd_node *h = op(b, GD_NODE_HEADING);
            gd_node_set_level(h, 1 + (int)rnd(6));
            if (rnd(3) == 0) attr(h, "section", "s<1>");
            if (rnd(4) == 0) attr(h, "role", rnd(2) ? "title" : "subtitle");
            rnd_inlines(b, depth, in_note);
            cl(b, GD_NODE_HEADING);
            break;
        }
        case 3: {
            gd_node *l = op(b, GD_NODE_LIST);
            gd_node_set_list(l, (int)rnd(2), (int)rnd(5));
            int items = (int)rnd(3);
            for (int k = 0; k < items; k++) {
                op(b, GD_NODE_ITEM);
                rnd_blocks(b, depth + 1, in_note);
                cl(b, GD_NODE_ITEM);
            }
            cl(b, GD_NODE_LIST);
            break;
        }
        case 4: rnd_table(b, depth, in_note); break;
        case 5:
            op(b, GD_NODE_BLOCK_QUOTE);
            rnd_blocks(b, depth + 1, in_note);
            cl(b, GD_NODE_BLOCK_QUOTE);
            break;
        case 6: {
            gd_node *d = op(b, GD_NODE_DIV);
            attr(d, "class", "a b<c");
            rnd_blocks(b, depth + 1, in_note);
            cl(b, GD_NODE_DIV);
            break;
        }
        case 7:
            op(b, GD_NODE_CODE_BLOCK);
            tx(b, "code <x> & y", 0);
            cl(b, GD_NODE_CODE_BLOCK);
            break;
        case 8:
            if (gd_builder_leaf(b, GD_NODE_THEMATIC_BREAK, NULL) != GD_OK) die("hr");
            break;
        case 9:
            if (gd_builder_leaf(b, GD_NODE_PAGE_BREAK, NULL) != GD_OK) die("page break");
            break;
        default: para(b, ""); break;
        }
    }
}

gd_doc *fixture_random(unsigned seed)
{
    rnd_state = seed * 2654435761ul + 1;
    gd_builder *b;
    gd_doc *doc = new_doc(&b);
    const char *id;
    if (gd_doc_resource_add(&id, doc, "image/png", fixture_png, fixture_png_len) != GD_OK)
        die("resource_add");
    if (rnd(2)) gd_doc_meta_set(doc, "title", rnd_texts[rnd(sizeof rnd_texts / sizeof *rnd_texts)]);
    rnd_blocks(b, 0, false);
    rnd_blocks(b, 0, false);
    finish(b);
    return doc;
}
