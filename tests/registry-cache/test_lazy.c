/* Prints everything a registry says through the API, in an order that
 * makes a lazy registry load on demand: its messages (info notes too, such
 * as the build tree's plugin directory read twice), the handler and plugin
 * of each find, find_ext and probe (with and without a file name), then
 * the listings, then the messages again. registry_cache.sh runs it with the
 * cache off, being written and used, and compares. Arguments: the input
 * files to probe. */
#include "govdoc/gd_registry.h"

#include <stdarg.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct text {
    char *p;
    size_t n, cap;
} text;

static void add(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (k < 0) abort();
    if (t->n + (size_t)k + 1 > t->cap) {
        t->cap = (t->n + (size_t)k + 1) * 2;
        t->p = realloc(t->p, t->cap);
        if (!t->p) abort();
    }
    va_start(ap, fmt);
    vsnprintf(t->p + t->n, (size_t)k + 1, fmt, ap);
    va_end(ap);
    t->n += (size_t)k;
}

static void messages(const gd_registry *reg, text *t)
{
    for (size_t i = 0; i < gd_registry_message_count(reg); i++) {
        int w = -1;
        const char *m = gd_registry_message_at(reg, i, &w);
        add(t, "message %d %s\n", w, m ? m : "(null)");
    }
}

static void answer(text *t, const char *what, const gd_format_handler *h, const gd_plugin_desc *p)
{
    add(t, "%s -> %s %s (%s)\n", what, h ? h->format : "-",
        h ? (h->kind == GD_HANDLER_READER ? "reader" : "writer") : "", p ? p->name : "-");
}

static uint8_t *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *buf = malloc(1 << 20);
    *n = buf ? fread(buf, 1, 1 << 20, f) : 0;
    fclose(f);
    return buf;
}

/* Everything the registry says, lookups first (they load lazily), then the
 * listings (they load the rest). */
static char *describe(int argc, char **argv)
{
    static const char *const formats[] = {"docx", "doc", "txt",   "html", "json",
                                          "pdf",  "csv", "jsonl", "xlsx", "nosuch"};
    gd_registry *reg;
    text t = {0};
    if (gd_registry_new(&reg) != GD_OK) abort();
    gd_registry_load_default(reg);
    messages(reg, &t);
    add(&t, "counts %zu %zu\n", gd_registry_plugin_count(reg), gd_registry_handler_count(reg));
    for (size_t i = 0; i < sizeof formats / sizeof *formats; i++) {
        for (int k = 0; k < 2; k++) {
            gd_handler_kind kind = k ? GD_HANDLER_WRITER : GD_HANDLER_READER;
            const gd_plugin_desc *p = NULL;
            const gd_format_handler *h = gd_registry_find(reg, kind, formats[i], &p);
            char what[64];
            snprintf(what, sizeof what, "find %d %s", k, formats[i]);
            answer(&t, what, h, p);
            p = NULL;
            h = gd_registry_find_ext(reg, kind, formats[i], &p);
            snprintf(what, sizeof what, "find_ext %d %s", k, formats[i]);
            answer(&t, what, h, p);
        }
    }
    for (int i = 1; i < argc; i++) {
        size_t n = 0;
        uint8_t *data = slurp(argv[i], &n);
        if (!data || !n) {
            fprintf(stderr, "%s: cannot read\n", argv[i]);
            exit(2);
        }
        int score = -1;
        const gd_plugin_desc *p = NULL;
        const gd_format_handler *h = gd_registry_probe(reg, data, n, argv[i], &score, &p);
        add(&t, "score %d ", score);
        answer(&t, argv[i], h, p);
        h = gd_registry_probe(reg, data, n, NULL, &score, &p); /* as from stdin */
        add(&t, "score %d ", score);
        answer(&t, "(no name)", h, p);
        free(data);
    }
    messages(reg, &t);
    for (size_t i = 0; i < gd_registry_handler_count(reg); i++) {
        const gd_plugin_desc *p = NULL;
        const gd_format_handler *h = gd_registry_handler_at(reg, i, &p);
        add(&t, "handler %zu %s %d rank %d flags %u (%s)\n", i, h ? h->format : "-",
            h ? (int)h->kind : -1, h ? h->rank : 0, h ? (unsigned)h->flags : 0u, p ? p->name : "-");
    }
    for (size_t i = 0; i < gd_registry_plugin_count(reg); i++) {
        const char *path = NULL;
        const gd_plugin_desc *p = gd_registry_plugin_at(reg, i, &path);
        add(&t, "plugin %zu %s %s\n", i, p ? p->name : "-", path ? path : "-");
    }
    messages(reg, &t);
    gd_registry_free(reg);
    return t.p;
}

int main(int argc, char **argv)
{
    char *t = describe(argc, argv);
    fputs(t, stdout);
    free(t);
    return 0;
}
