#define _POSIX_C_SOURCE 200809L
/* The wire form round-trips: each input is read (unsandboxed), encoded,
 * decoded, and both documents are written as JSON (resources embedded,
 * report recognised on each); the bytes must be equal. Then damaged forms
 * of each encoding (cut, flipped bytes) must decode to an error or to a
 * document, never crash — the parent never trusts the child. */
#include "gd_check.h"
#include "govdoc/govdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *json_of(gd_registry *reg, const gd_doc *doc, size_t *len)
{
    static const char *const opts[] = {"json.resources=embed"};
    gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
    o.options = opts;
    o.option_count = 1;
    gd_sink *s;
    if (gd_sink_new_memory(&s)) return NULL;
    gd_status st = {0};
    char *out = NULL;
    if (gd_write_sink(&st, reg, doc, s, "json", &o) == GD_OK) {
        const uint8_t *p = gd_sink_memory_data(s, len);
        out = malloc(*len + 1);
        if (out) memcpy(out, p, *len);
    }
    gd_status_clear(&st);
    gd_sink_free(s);
    return out;
}

/* With --dump DIR first, also writes each encoding to DIR/<n>.wire (a
 * corpus for fuzz_wire). */
static void dump(const char *dir, int i, const uint8_t *w, size_t n)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%d.wire", dir, i);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(w, 1, n, f);
        fclose(f);
    }
}

int main(int argc, char **argv)
{
    setenv("GOVDOC_SANDBOX", "off", 1);
    const char *dump_dir = NULL;
    if (argc > 2 && !strcmp(argv[1], "--dump")) {
        dump_dir = argv[2];
        argv += 2;
        argc -= 2;
    }
    if (argc < 2) { /* a run over nothing checks nothing */
        fprintf(stderr, "usage: test_wire [--dump DIR] FILE...\n");
        return 2;
    }
    gd_registry *reg;
    if (gd_registry_new(&reg) || gd_registry_load_default(reg)) return 2;
    for (int i = 1; i < argc; i++) {
        const char *f = argv[i];
        gd_doc *doc;
        gd_status st = {0};
        gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
        if (gd_read_file(&doc, &st, reg, f, &o) != GD_OK) {
            CHECK(0, "%s: %s", f, st.message ? st.message : "read failed");
            gd_status_clear(&st);
            continue;
        }
        uint8_t *w;
        size_t wl;
        CHECK(gd_wire_encode(&w, &wl, doc) == GD_OK, "%s: encode", f);
        if (dump_dir) dump(dump_dir, i, w, wl);
        gd_doc *back = NULL;
        char why[256];
        CHECK(gd_wire_decode(&back, w, wl, why, sizeof why) == GD_OK, "%s: %s", f, why);
        if (back) {
            gd_ctx *ctx;
            gd_ctx_new(&ctx, back);
            CHECK(gd_report_recognize(back, ctx) == GD_OK, "%s: report on the rebuilt document", f);
            gd_ctx_free(ctx);
            size_t la = 0, lb = 0;
            char *a = json_of(reg, doc, &la), *b = json_of(reg, back, &lb);
            CHECK(a && b && la == lb && memcmp(a, b, la) == 0, "%s: JSON differs after the wire",
                  f);
            CHECK(la > 100, "%s: JSON is not empty", f);
            free(a);
            free(b);
            gd_doc_free(back);
        }
        /* damaged replies: every cut, and a flipped byte every few bytes */
        size_t step = wl / 2000 + 1;
        for (size_t k = 0; k < wl; k += step) {
            gd_doc *d = NULL;
            int rc = gd_wire_decode(&d, w, k, NULL, 0);
            if (rc == GD_OK) {
                CHECK(0, "%s: a cut reply was accepted", f);
                gd_doc_free(d);
            }
            w[k] ^= 0x5a;
            rc = gd_wire_decode(&d, w, wl, NULL, 0);
            gd_doc_free(d);
            w[k] ^= 0x5a;
        }
        free(w);
        gd_doc_free(doc);
    }
    gd_registry_free(reg);
    return gd_check_summary("sandbox-wire");
}
