/* A test-only reader that misbehaves on purpose, so the batch tests can
 * check that one bad document fails alone. It claims any input starting
 * with "GOVDOC-TEST-<WHAT>" and then:
 *   ABORT    calls abort()                 (worker dies of SIGABRT)
 *   SEGV     raises SIGSEGV                 (as a wild pointer would; a real
 *            null store would stop UBSan builds before the signal)
 *   EXIT     calls exit(3)                 (worker vanishes)
 *   HANG     sleeps for ever               (--timeout)
 *   HOG      allocates and touches 16 MiB blocks until malloc fails, then
 *            reports out of memory         (--max-memory, graceful)
 *   HOGCRASH the same, but uses the failed allocation (SIGSEGV near the
 *            limit: memory, not a plain crash)
 *   OK       reads as one paragraph        (control)
 * HOG and HOGCRASH stop by themselves at 4 GiB, should no limit be set.
 * Never installed; loaded by the tests with --plugin. */
#include <govdoc/gd_plugin.h>

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MARK "GOVDOC-TEST-"

static int evil_probe(const gd_probe_input *in)
{
    size_t n = strlen(MARK);
    return in->head_len >= n && memcmp(in->head, MARK, n) == 0 ? GD_PROBE_MAXIMUM : GD_PROBE_NONE;
}

static int is(const uint8_t *data, size_t len, const char *what)
{
    size_t m = strlen(MARK), w = strlen(what);
    return len >= m + w && memcmp(data + m, what, w) == 0 &&
           (len == m + w || data[m + w] == '\n' || data[m + w] == ' ' || data[m + w] == '\r');
}

static int hog(gd_ctx *ctx, int crash)
{
    const size_t block = (size_t)16 << 20;
    void **keep = NULL;
    size_t n = 0;
    for (size_t total = 0; total < ((size_t)4 << 30); total += block) {
        char *p = malloc(block);
        if (!p && crash) {
            volatile char *q = p;
            q[4096] = 1; /* what unchecked code does */
        }
        if (!p) break;
        memset(p, 0x5a, block);
        void **k = realloc(keep, (n + 1) * sizeof *k);
        if (!k) {
            free(p);
            break;
        }
        keep = k;
        keep[n++] = p;
    }
    for (size_t i = 0; i < n; i++) free(keep[i]);
    free(keep);
    return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
}

static int evil_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    if (is(data, len, "ABORT")) abort();
    if (is(data, len, "SEGV")) raise(SIGSEGV);
    if (is(data, len, "EXIT")) exit(3);
    if (is(data, len, "HANG"))
        for (;;) pause();
    if (is(data, len, "HOGCRASH")) return hog(ctx, 1);
    if (is(data, len, "HOG")) return hog(ctx, 0);
    gd_builder *b;
    int rc = gd_builder_new(&b, ctx, doc);
    if (rc == GD_OK) rc = gd_builder_open(b, GD_NODE_PARAGRAPH, NULL);
    if (rc == GD_OK) rc = gd_builder_text(b, (const char *)data, len, 0);
    if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_PARAGRAPH);
    if (rc == GD_OK) rc = gd_builder_finish(b);
    return rc;
}

static const char *const evil_ext[] = {"evil", NULL};
static const gd_format_handler evil_reader = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "evil",
    .description = "test only: crashes, hangs or hogs memory on a marker",
    .extensions = evil_ext,
    .probe = evil_probe,
    .read = evil_read,
};
static const gd_format_handler *const handlers[] = {&evil_reader, NULL};

GD_PLUGIN_DEFINE("evil", "1.0.0", "test-only misbehaving reader", "MIT", handlers)
