/* The public accessors of a recognised report (gd_report.h): template,
 * metadata, fields, checks, sections and the standard layout. */
#include "report_internal.h"
#include "govdoc/gd_report.h"

#include <string.h>

const char *gd_report_template_id(const gd_report *r)
{
    return r ? r->tpl->id : NULL;
}

const char *gd_report_meta(const gd_report *r, const char *key)
{
    if (!r || !key) return NULL;
    if (strcmp(key, "agency") == 0) return r->agency;
    if (strcmp(key, "year") == 0) return r->year;
    if (strcmp(key, "template-name") == 0) return r->tpl->name;
    if (strcmp(key, "notice") == 0) return r->tpl->notice;
    return NULL;
}

const gd_node *gd_report_canonical(const gd_report *r)
{
    return r ? r->canonical : NULL;
}

size_t gd_report_field_count(const gd_report *r)
{
    return r ? r->tpl->nfields : 0;
}

const char *gd_report_field_key(const gd_report *r, size_t i)
{
    return r && i < r->tpl->nfields ? r->tpl->fields[i].key : NULL;
}

const char *gd_report_field_label(const gd_report *r, size_t i)
{
    if (!r || i >= r->tpl->nfields) return NULL;
    return r->tpl->fields[i].label;
}

int gd_report_field_value(const gd_report *r, size_t i, double *value)
{
    if (!r || i >= r->tpl->nfields || !r->present[i]) return 0;
    if (value) *value = r->values[i];
    return 1;
}

const char *gd_report_field_text(const gd_report *r, size_t i)
{
    return r && i < r->tpl->nfields ? r->texts[i] : NULL;
}

const char *gd_report_field_source(const gd_report *r, size_t i)
{
    return r && i < r->tpl->nfields ? r->sources[i] : NULL;
}

size_t gd_report_check_count(const gd_report *r)
{
    return r ? r->nchecks : 0;
}

const char *gd_report_check_rule(const gd_report *r, size_t i)
{
    return r && i < r->nchecks ? r->checks[i].rule : NULL;
}

int gd_report_check_ok(const gd_report *r, size_t i)
{
    return r && i < r->nchecks ? r->checks[i].ok : 0;
}

const char *gd_report_check_message(const gd_report *r, size_t i)
{
    return r && i < r->nchecks ? r->checks[i].message : NULL;
}

size_t gd_report_check_field_count(const gd_report *r, size_t i)
{
    return r && i < r->nchecks ? r->checks[i].nfields : 0;
}

const char *gd_report_check_field(const gd_report *r, size_t i, size_t k)
{
    if (!r || i >= r->nchecks || k >= r->checks[i].nfields) return NULL;
    return r->checks[i].keys[k];
}

size_t gd_report_section_count(const gd_report *r)
{
    return r ? r->tpl->nsections : 0;
}

int gd_report_section_at(const gd_report *r, size_t i, const char **id, const char **heading,
                         const char **found)
{
    if (!r || i >= r->tpl->nsections) return GD_ENOTFOUND;
    if (id) *id = r->tpl->sections[i].id;
    if (heading) *heading = r->tpl->sections[i].heading;
    if (found) *found = r->section_text ? r->section_text[i] : NULL;
    return GD_OK;
}
