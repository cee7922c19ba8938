/* Drawing the progress line: "\r", the text cut to the terminal's width,
 * "\033[K" (erase to the end of the line). */
#define _GNU_SOURCE
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_init(progress *p, bool quiet)
{
    memset(p, 0, sizeof *p);
    p->on = !quiet && isatty(STDERR_FILENO);
    p->failures = !quiet;
    p->t0 = now_s();
}

double progress_elapsed(const progress *p)
{
    return now_s() - p->t0;
}

static int columns(void)
{
    struct winsize ws;
    if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20) return ws.ws_col;
    return 80;
}

/* Display width of UTF-8 text: East Asian characters take two columns. */
static int cp_width(unsigned cp)
{
    return cp >= 0x1100 && cp != 0x2010 ? 2 : 1;
}

static unsigned decode(const unsigned char **s)
{
    const unsigned char *p = *s;
    unsigned cp = *p++;
    int more = cp >= 0xF0 ? 3 : cp >= 0xE0 ? 2 : cp >= 0xC0 ? 1 : 0;
    if (more) cp &= 0x3Fu >> more;
    while (more-- && (*p & 0xC0) == 0x80) cp = (cp << 6) | (*p++ & 0x3F);
    *s = p;
    return cp;
}

static int text_width(const char *s)
{
    int w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p;) w += cp_width(decode(&p));
    return w;
}

/* The tail of `s` that fits in `room` columns, after "…" when cut. */
static void put_tail(FILE *f, const char *s, int room)
{
    if (room <= 1) return;
    if (text_width(s) <= room) {
        fputs(s, f);
        return;
    }
    const unsigned char *p = (const unsigned char *)s;
    while (*p && text_width((const char *)p) > room - 1) decode(&p);
    fputs("\xE2\x80\xA6", f);
    fputs((const char *)p, f);
}

static void clock_text(char *buf, size_t n, double s)
{
    long t = (long)(s + 0.5);
    if (t >= 3600)
        snprintf(buf, n, "%ld:%02ld:%02ld", t / 3600, t / 60 % 60, t % 60);
    else
        snprintf(buf, n, "%ld:%02ld", t / 60, t % 60);
}

void progress_draw(progress *p, uint64_t done, uint64_t failed, uint64_t skipped, uint64_t total,
                   bool total_final, const char *current)
{
    if (!p->on) return;
    double t = now_s(), el = t - p->t0;
    p->last = t;
    if (total < done) total = done;
    uint64_t converted = done - skipped;
    double rate = el > 0.2 ? (double)converted / el : 0;
    char line[256], eta[32] = "";
    if (total_final && rate > 0 && total > done) {
        char c[24];
        clock_text(c, sizeof c, (double)(total - done) / rate);
        snprintf(eta, sizeof eta, ", ETA %s", c);
    }
    int n = snprintf(line, sizeof line, "%llu/%llu%s done, %llu failed, %.1f docs/s%s",
                     (unsigned long long)done, (unsigned long long)total, total_final ? "" : "+",
                     (unsigned long long)failed, rate, eta);
    FILE *f = stderr;
    fputs("\r", f);
    fputs(line, f);
    int room = columns() - 1 - n;
    if (current && *current && room > 4) {
        fputs(", ", f);
        put_tail(f, current, room - 2);
    }
    fputs("\033[K", f);
    fflush(f);
    p->drawn = true;
}

void progress_failure(progress *p, const char *line)
{
    if (!p->failures) return;
    if (p->drawn) fputs("\r\033[K", stderr);
    fprintf(stderr, "%s\n", line);
    p->drawn = false;
}

void progress_end(progress *p)
{
    if (p->on && p->drawn) {
        fputs("\r\033[K", stderr);
        fflush(stderr);
    }
    p->drawn = false;
}
