/* The report templates of this process, loaded once: those compiled into
 * the core from formats/templates (core/tools/template_compile.c turned
 * their JSON into C data at build time, so no run parses them), then any
 * *.json in GOVDOC_TEMPLATE_PATH, parsed here. */
#define _GNU_SOURCE
#include "report_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const tpl **all;
static size_t nall;
static int load_rc;
static char **problems; /* broken template files, reported with each document */
static size_t nproblems;

static void add_template(const char *json, size_t len, const char *origin)
{
    tpl *t;
    char *err = NULL;
    if (gd__template_parse(&t, json, len, origin, &err) != GD_OK) {
        char **v = realloc(problems, (nproblems + 1) * sizeof *v);
        if (v && (err || (err = gd__asprintf("%s: invalid template", origin)))) {
            problems = v;
            problems[nproblems++] = err;
        } else {
            if (v) problems = v;
            free(err);
        }
        return;
    }
    const tpl **v = realloc(all, (nall + 1) * sizeof *v);
    if (!v) {
        load_rc = GD_ENOMEM;
        return;
    }
    all = v;
    all[nall++] = t;
}

static void add_problem(char *msg)
{
    char **v = msg ? realloc(problems, (nproblems + 1) * sizeof *v) : NULL;
    if (!v) {
        free(msg);
        return;
    }
    problems = v;
    problems[nproblems++] = msg;
}

/* One template file: a regular file (O_NONBLOCK: a FIFO cannot hang us)
 * of a bounded size. */
static void load_file(const char *path)
{
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        add_problem(gd__asprintf("%s: %s", path, strerror(errno)));
        return;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        add_problem(gd__asprintf("%s: not a regular file", path));
    } else if (st.st_size > GD_TEMPLATE_MAX_BYTES) {
        add_problem(gd__asprintf("%s: refused: %lld bytes exceed the %d-byte limit of a template",
                                 path, (long long)st.st_size, GD_TEMPLATE_MAX_BYTES));
    } else {
        char *buf = malloc((size_t)st.st_size + 1);
        size_t len = 0;
        ssize_t got = 1;
        while (buf && got > 0 && len <= (size_t)st.st_size) {
            got = read(fd, buf + len, (size_t)st.st_size + 1 - len);
            if (got > 0) len += (size_t)got;
        }
        if (!buf || got < 0)
            add_problem(gd__asprintf("%s: %s", path, buf ? strerror(errno) : "out of memory"));
        else if (len > (size_t)st.st_size) /* grew while we read it */
            add_problem(gd__asprintf("%s: changed while being read", path));
        else
            add_template(buf, len, path);
        free(buf);
    }
    close(fd);
}

static void load_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0) continue;
        char *path = gd__asprintf("%s/%s", dir, e->d_name);
        if (path) load_file(path);
        free(path);
    }
    closedir(d);
}

static void load_all(void)
{
    /* the embedded templates, parsed and checked when the core was built */
    all = malloc((gd__compiled_template_count + 1) * sizeof *all);
    if (!all) {
        load_rc = GD_ENOMEM;
        return;
    }
    for (size_t i = 0; i < gd__compiled_template_count; i++)
        all[nall++] = gd__compiled_templates[i];
    const char *env = getenv("GOVDOC_TEMPLATE_PATH");
    if (env && *env) {
        char *copy = strdup(env), *save = NULL;
        for (char *p = copy ? strtok_r(copy, ":", &save) : NULL; p; p = strtok_r(NULL, ":", &save))
            if (p[0] == '/') load_dir(p);
        free(copy);
    }
}

int gd__templates(const tpl *const **out, size_t *n, const char *const **bad, size_t *nbad)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, load_all);
    *out = all;
    *n = nall;
    if (bad) *bad = (const char *const *)problems;
    if (nbad) *nbad = nproblems;
    return load_rc;
}
