/* The memory budget in the API: the arena charges it, node limits follow
 * it, gd_mem_* charge the conversion in progress, a pipeline over budget
 * fails with GD_ELIMIT and one message; diagnostics are capped; resources
 * and diagnostics are reached by index in O(1). */
#include "gd_check.h"
#include "govdoc/govdoc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void test_arena_budget(void)
{
    gd_doc *d;
    gd_ctx *ctx;
    gd_builder *b;
    CHECK(gd_doc_new(&d) == GD_OK);
    CHECK(gd_doc_memory_limit(d) == GD_DEFAULT_MAX_MEMORY);
    CHECK(gd_doc_set_memory_limit(d, 2u << 20) == GD_OK);
    CHECK(gd_ctx_new(&ctx, d) == GD_OK);
    CHECK(gd_builder_new(&b, ctx, d) == GD_OK);
    /* 100 KB paragraphs until the 2 MB budget refuses one */
    static char text[100000];
    memset(text, 'x', sizeof text);
    int rc = GD_OK, made = 0;
    while (rc == GD_OK && made < 1000) {
        rc = gd_builder_open(b, GD_NODE_PARAGRAPH, NULL);
        if (!rc) rc = gd_builder_text(b, text, sizeof text, 0);
        if (!rc) rc = gd_builder_close(b, GD_NODE_PARAGRAPH);
        if (!rc) made++;
    }
    CHECK(rc != GD_OK);
    CHECK(made >= 10 && made < 21);
    CHECK(gd_doc_memory_exceeded(d));
    size_t used, peak;
    gd_doc_memory(d, &used, &peak);
    CHECK(used <= (2u << 20) && peak <= (2u << 20) && peak >= (1u << 20));
    gd_ctx_free(ctx);
    gd_doc_free(d);
}

static void test_node_limit_follows_budget(void)
{
    gd_doc *d;
    gd_ctx *ctx;
    gd_builder *b;
    CHECK(gd_doc_new(&d) == GD_OK);
    CHECK(gd_doc_set_memory_limit(d, 1u << 20) == GD_OK); /* 1 MB: 8192 nodes */
    CHECK(gd_ctx_new(&ctx, d) == GD_OK);
    CHECK(gd_builder_new(&b, ctx, d) == GD_OK);
    int rc = GD_OK, made = 0;
    while (rc == GD_OK && made < 100000) {
        rc = gd_builder_leaf(b, GD_NODE_THEMATIC_BREAK, NULL);
        if (!rc) made++;
    }
    CHECK(rc == GD_ELIMIT);
    CHECK(made == 8191); /* the root is the first node */
    const char *m = gd_ctx_error_message(ctx);
    CHECK(m && strstr(m, "more than 8192 nodes"));
    CHECK(!gd_doc_memory_exceeded(d)); /* the count bit first */
    gd_ctx_free(ctx);
    gd_doc_free(d);
    /* no budget: the node limit is the fixed maximum again */
    CHECK(gd_doc_new(&d) == GD_OK);
    CHECK(gd_doc_set_memory_limit(d, 0) == GD_OK);
    CHECK(gd_doc_memory_limit(d) == 0);
    gd_doc_free(d);
}

static void test_mem_functions(void)
{
    /* outside a conversion: plain allocations */
    char *p = gd_mem_alloc(100);
    CHECK(p != NULL);
    p = gd_mem_realloc(p, 1u << 20);
    CHECK(p != NULL);
    gd_free(p);
    char *s = gd_mem_strdup("预算");
    CHECK(s && strcmp(s, "预算") == 0);
    gd_free(s);
    CHECK(gd_mem_charge(123) == GD_OK);
    gd_mem_release(123);
}

static gd_registry *registry(void)
{
    gd_registry *reg;
    CHECK(gd_registry_new(&reg) == GD_OK);
    gd_registry_load_default(reg);
    return reg;
}

static void test_pipeline(void)
{
    gd_registry *reg = registry();
    /* 3 MB of text, a paragraph per line (each ends a sentence: no line is
     * taken for a hard wrap) */
    size_t n = 3u << 20;
    char *text = malloc(n);
    for (size_t i = 0; i < n; i++)
        text[i] = i % 64 == 63 ? '\n' : i % 64 == 62 ? '.' : 'a' + (char)(i % 26);
    gd_convert_options o = GD_CONVERT_OPTIONS_INIT;
    o.from = "txt";
    o.max_memory = 2u << 20;
    gd_doc *doc = NULL;
    gd_status st = {0};
    int rc = gd_read_memory(&doc, &st, reg, (const uint8_t *)text, n, "big.txt", &o);
    CHECK(rc == GD_ELIMIT && st.code == GD_ELIMIT && doc == NULL);
    CHECK(st.message && strstr(st.message, "big.txt: limit exceeded") &&
          strstr(st.message, "memory budget of 2 MB"));
    gd_status_clear(&st);

    o.max_memory = 64u << 20;
    rc = gd_read_memory(&doc, &st, reg, (const uint8_t *)text, n, "big.txt", &o);
    CHECK(rc == GD_OK && doc);
    size_t used, peak;
    gd_doc_memory(doc, &used, &peak);
    /* the input (3 MB) was charged while it was read, and the tree holds
     * a paragraph per line */
    CHECK(peak > n && used > (1u << 20) && used < peak);
    CHECK(gd_doc_memory_limit(doc) == (64u << 20));
    /* writing into memory: the sink's buffer is charged too */
    gd_sink *sink;
    CHECK(gd_sink_new_memory(&sink) == GD_OK);
    rc = gd_write_sink(&st, reg, doc, sink, "json", &o);
    CHECK(rc == GD_OK);
    size_t peak2;
    gd_doc_memory(doc, NULL, &peak2);
    CHECK(peak2 > peak); /* the JSON writer's buffers counted */
    gd_sink_free(sink);
    /* a budget the document already nearly fills: the writer is refused */
    CHECK(gd_doc_set_memory_limit(doc, used + (64u << 10)) == GD_OK);
    CHECK(gd_sink_new_memory(&sink) == GD_OK);
    rc = gd_write_sink(&st, reg, doc, sink, "json", &o);
    CHECK(rc == GD_ELIMIT && st.stage == GD_STAGE_OUTPUT);
    CHECK(st.message && strstr(st.message, "big.txt: limit exceeded"));
    gd_status_clear(&st);
    gd_sink_free(sink);
    gd_doc_free(doc);

    /* no budget at all */
    o.max_memory = SIZE_MAX;
    rc = gd_read_memory(&doc, &st, reg, (const uint8_t *)text, n, "big.txt", &o);
    CHECK(rc == GD_OK && gd_doc_memory_limit(doc) == 0);
    gd_doc_free(doc);
    free(text);
    gd_registry_free(reg);
}

static void test_diagnostics_capped(void)
{
    gd_doc *d;
    CHECK(gd_doc_new(&d) == GD_OK);
    for (int i = 0; i < 25000; i++) gd_doc_diag_add(d, GD_SEV_WARNING, "again");
    CHECK(gd_doc_diag_count(d) == 10001);
    const char *m;
    gd_severity sev;
    CHECK(gd_doc_diag_at(d, 9999, &sev, &m) == GD_OK && strcmp(m, "again") == 0);
    CHECK(gd_doc_diag_at(d, 10000, &sev, &m) == GD_OK &&
          strcmp(m, "15000 more diagnostics not kept") == 0 && sev == GD_SEV_WARNING);
    CHECK(gd_doc_diag_at(d, 10001, &sev, &m) == GD_ENOTFOUND);
    gd_doc_free(d);
}

static void test_resources_by_index(void)
{
    gd_doc *d;
    CHECK(gd_doc_new(&d) == GD_OK);
    const char *id = NULL;
    for (int i = 0; i < 50000; i++) {
        unsigned char byte = (unsigned char)i;
        CHECK(gd_doc_resource_add(&id, d, "image/png", &byte, 1) == GD_OK);
    }
    CHECK(strcmp(id, "res50000") == 0);
    /* 50 000 lookups each way: instant when O(1), minutes when not */
    size_t ok = 0;
    for (size_t i = 0; i < 50000; i++) {
        const uint8_t *data;
        size_t len;
        char want[32];
        snprintf(want, sizeof want, "res%zu", i + 1);
        if (gd_doc_resource_at(d, i, &id, NULL, &data, &len) == GD_OK && strcmp(id, want) == 0 &&
            len == 1 && data[0] == (uint8_t)i &&
            gd_doc_resource_find(d, want, NULL, &data, &len) == GD_OK && data[0] == (uint8_t)i)
            ok++;
    }
    CHECK(ok == 50000);
    CHECK(gd_doc_resource_find(d, "res0", NULL, NULL, NULL) == GD_ENOTFOUND);
    CHECK(gd_doc_resource_find(d, "res50001", NULL, NULL, NULL) == GD_ENOTFOUND);
    CHECK(gd_doc_resource_find(d, "res1x", NULL, NULL, NULL) == GD_ENOTFOUND);
    gd_doc_free(d);
}

int main(void)
{
    test_arena_budget();
    test_node_limit_follows_budget();
    test_mem_functions();
    test_pipeline();
    test_diagnostics_capped();
    test_resources_by_index();
    return gd_check_summary("test_budget");
}
