/* The agency key and level rules of govdoc aggregate (README, "The
 * agency"), case by case, and the template headings of the core. */
#include "aggregate.h"
#include "gd_check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void key(const char *written, const char *want_key, const char *want_level)
{
    char *k = agg_agency_key(written);
    const char *l = agg_agency_level(k);
    CHECK(!(want_key ? !k || strcmp(k, want_key) : k != NULL) &&
              !(want_level ? !l || strcmp(l, want_level) : l != NULL),
          "%s: expected %s / %s, got %s / %s", written ? written : "(null)",
          want_key ? want_key : "(null)", want_level ? want_level : "(null)", k ? k : "(null)",
          l ? l : "(null)");
    free(k);
}

static void heading(const char *tpl, const char *field, const char *want)
{
    size_t t = gd_template_find(tpl), i = agg_field_index(t, field);
    char *h = gd_template_field_heading(t, i);
    CHECK(h && strcmp(h, want) == 0, "heading of %s: expected %s, got %s", field, want,
          h ? h : "(null)");
    gd_free(h);
}

int main(void)
{
    /* one agency written two ways is one key */
    key("赣州经济技术开发区凤岗镇人民政府", "赣州经开区凤岗镇", "乡镇");
    key("赣州经开区凤岗镇", "赣州经开区凤岗镇", "乡镇");
    key("示范市东湖区人民政府", "示范市东湖区", "区");
    key("示范市东湖区政府", "示范市东湖区", "区");
    key("示范市 东湖区　人民政府", "示范市东湖区", "区");
    key("示范市东湖区（高新区）管理委员会", "示范市东湖区(高新区)管理委员会", "部门");
    key("示范市高新技术产业开发区管理委员会", "示范市高新区管理委员会", "部门");
    key("ＸＸ市第２人民医院", "XX市第2人民医院", "部门");
    key("“示范市”人民政府", "示范市", "市");
    /* levels */
    key("广东省人民政府", "广东省", "省");
    key("内蒙古自治区人民政府", "内蒙古自治区", "省");
    key("北京市人民政府", "北京市", "省");
    key("上海市人民政府办公厅", "上海市政府办公厅", "部门");
    key("恩施土家族苗族自治州人民政府", "恩施土家族苗族自治州", "市");
    key("阿拉善盟行政公署", "阿拉善盟行政公署", "市");
    key("示范市文化馆", "示范市文化馆", "部门");
    key("某某公司", "某某公司", NULL);
    key("昆山市人民政府", "昆山市", "市");
    key("长阳土家族自治县人民政府", "长阳土家族自治县", "县");
    key("科尔沁右翼前旗人民政府", "科尔沁右翼前旗", "县");
    key("示范市东湖区桃源街道办事处", "示范市东湖区桃源街道", "乡镇");
    key("示范县清水乡人民政府", "示范县清水乡", "乡镇");
    key("示范市生态环境局", "示范市生态环境局", "部门");
    key("示范市发展和改革委员会", "示范市发展和改革委员会", "部门");
    key("示范市人民政府办公室", "示范市政府办公室", "部门");
    key("示范市政务服务中心", "示范市政务服务中心", "部门");
    key("示范市税务局第一稽查局", "示范市税务局第一稽查局", "部门");
    key("   ", NULL, NULL);
    key(NULL, NULL, NULL);
    /* the core's headings, from the template layouts */
    heading("gov-info-annual-report-2021", "requests.new.natural_person",
            "三、一、本年新收政府信息公开申请数量 / 自然人");
    heading("gov-info-annual-report-2021", "requests.withheld.third_party.total",
            "三、三、本年度办理结果 （三）不予公开 4.保护第三方合法权益 / 总计");
    heading("gov-info-annual-report-2021", "proactive.fees.amount",
            "二、第二十条第（八）项 行政事业性收费 / 本年收费金额（万元）");
    heading("gov-info-annual-report-2021", "litigation.after_review.pending",
            "四、行政诉讼复议后起诉 尚未审结");
    heading("gov-info-annual-report-2019", "requests.other.total",
            "三、三、本年度办理结果 （六）其他处理 / 总计");
    heading("gov-info-annual-report-2019", "proactive.procurement.amount",
            "二、第二十条第（九）项 政府集中采购 / 采购总金额");
    return gd_check_summary("aggregate-agency");
}
