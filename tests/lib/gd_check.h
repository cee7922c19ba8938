/* The C tests' one check macro (tests/lib): CHECK(cond) or CHECK(cond,
 * "printf format", ...) counts a check, and on failure prints the place,
 * the condition and the note; gd_check_summary() prints the counts and
 * gives the test's exit status. Include it in one file per test program. */
#ifndef GD_TESTS_CHECK_H
#define GD_TESTS_CHECK_H

#include <stdarg.h>
#include <stdio.h>

static int gd_checks, gd_failures;

static inline void gd_check_(int ok, const char *cond, const char *file, int line, const char *fmt,
                             ...)
{
    gd_checks++;
    if (ok) return;
    gd_failures++;
    fprintf(stderr, "FAIL %s:%d: %s", file, line, cond);
    if (fmt && *fmt) {
        va_list ap;
        va_start(ap, fmt);
        fputs(": ", stderr);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    }
    fputc('\n', stderr);
}

#define GD_CHECK_(cond, ...) gd_check_((cond) ? 1 : 0, #cond, __FILE__, __LINE__, __VA_ARGS__)
/* The trailing "" gives CHECK(cond) an (empty) note. */
#define CHECK(...) GD_CHECK_(__VA_ARGS__, "")

/* Prints "<name>: N checks, M failed"; 0 when none failed, else 1. */
static inline int gd_check_summary(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, gd_checks, gd_failures);
    return gd_failures ? 1 : 0;
}

#endif
