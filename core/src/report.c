/* Report model entry points (recognition lands with the report model). */
#include "internal.h"
#include "govdoc/gd_report.h"

int gd_report_recognize(gd_doc *doc, gd_ctx *ctx)
{
    (void)ctx;
    return doc ? GD_OK : GD_EUSER;
}

const char *gd_report_template_id(const gd_report *r)
{
    (void)r;
    return NULL;
}
const char *gd_report_meta(const gd_report *r, const char *key)
{
    (void)r, (void)key;
    return NULL;
}
const gd_node *gd_report_canonical(const gd_report *r)
{
    (void)r;
    return NULL;
}
size_t gd_report_field_count(const gd_report *r)
{
    (void)r;
    return 0;
}
const char *gd_report_field_key(const gd_report *r, size_t i)
{
    (void)r, (void)i;
    return NULL;
}
const char *gd_report_field_label(const gd_report *r, size_t i)
{
    (void)r, (void)i;
    return NULL;
}
int gd_report_field_value(const gd_report *r, size_t i, double *value)
{
    (void)r, (void)i, (void)value;
    return 0;
}
const char *gd_report_field_text(const gd_report *r, size_t i)
{
    (void)r, (void)i;
    return NULL;
}
const char *gd_report_field_source(const gd_report *r, size_t i)
{
    (void)r, (void)i;
    return NULL;
}
size_t gd_report_check_count(const gd_report *r)
{
    (void)r;
    return 0;
}
const char *gd_report_check_rule(const gd_report *r, size_t i)
{
    (void)r, (void)i;
    return NULL;
}
int gd_report_check_ok(const gd_report *r, size_t i)
{
    (void)r, (void)i;
    return 0;
}
const char *gd_report_check_message(const gd_report *r, size_t i)
{
    (void)r, (void)i;
    return NULL;
}
