/* govdoc — the application API (umbrella header). */
#ifndef GOVDOC_H
#define GOVDOC_H

#include "gd_api.h"
#include "gd_convert.h"
#include "gd_registry.h"
#include "gd_report.h"
#include "gd_wire.h"

#define GD_VERSION_STRING GOVDOC_VERSION

#ifdef __cplusplus
extern "C" {
#endif

GD_EXTERN const char *gd_version(void);

#ifdef __cplusplus
}
#endif
#endif
