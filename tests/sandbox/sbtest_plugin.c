/* A test-only reader (format "sbtest", never on the plugin path) that asks
 * for the sandbox and misbehaves on request. The input's first word says
 * what it does:
 *   tree     builds a document with every node kind, attributes, metadata,
 *            resources and diagnostics (the wire must carry all of it)
 *   segv     dereferences NULL          abort    calls abort()
 *   loop     spins on the CPU           hang     waits on a futex forever
 *   socket   opens a socket             exec     runs /bin/sh
 *   create   creates a file             kill     signals its parent
 *   exit     calls _exit(3)             oom      allocates until refused
 *   error    fails with a message       stderr   writes to stderr, then "tree"
 *   deep     nests lists beyond the builder's depth
 * Anything else: one paragraph with the text. */
#define _GNU_SOURCE
#include <govdoc/gd_plugin.h>

#include <fcntl.h>
#include <linux/futex.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static int open_(gd_builder *b, gd_node_type t, gd_node **n)
{
    return gd_builder_open(b, t, n);
}

static int tree(gd_ctx *ctx, gd_doc *doc)
{
    gd_builder *b;
    int rc = gd_builder_new(&b, ctx, doc);
    if (rc) return rc;
    gd_node *n;
    /* root attribute (through the builder's current node at depth 0) */
    gd_node_set_attr(gd_builder_current(b), "lang", "zh-CN");
    gd_doc_meta_set(doc, "title", "沙箱测试 <title>");
    gd_doc_meta_set(doc, "author", "tester");
    static const uint8_t png[] = {0x89, 'P', 'N', 'G', 0, 0, 0, 0x0d, 0xff, 0};
    const char *id = NULL;
    gd_doc_resource_add(&id, doc, "image/png", png, sizeof png);
    gd_doc_resource_add(NULL, doc, "application/octet-stream", "", 0);
    gd_ctx_warn(ctx, "a warning with 中文 and a tab\there");

    gd_builder_set_line(b, 7);
    open_(b, GD_NODE_HEADING, &n);
    gd_node_set_level(n, 2);
    gd_node_set_attr(n, "role", "title");
    gd_node_set_attr(n, "style", "Heading 2");
    gd_builder_text(b, "标题", strlen("标题"), GD_STYLE_BOLD);
    gd_builder_close(b, GD_NODE_HEADING);

    gd_builder_set_line(b, 8);
    open_(b, GD_NODE_PARAGRAPH, &n);
    gd_node_set_attr(n, "align", "justify");
    gd_builder_set_font(b, "仿宋_GB2312");
    gd_builder_text(b, "plain ", 6, 0);
    gd_builder_set_font(b, NULL);
    gd_builder_text(b, "bold", 4, GD_STYLE_BOLD | GD_STYLE_ITALIC | GD_STYLE_SUPERSCRIPT);
    gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL);
    open_(b, GD_NODE_LINK, &n);
    gd_node_set_url(n, "https://example.org/?a=1&b=<2>");
    gd_builder_text(b, "link ", 5, GD_STYLE_UNDERLINE);
    /* a link in a link is flattened; the text after it is a node of its own
     * (the builder stops merging when the flattened link closes) */
    open_(b, GD_NODE_LINK, NULL);
    gd_builder_text(b, "inner", 5, GD_STYLE_UNDERLINE);
    gd_builder_close(b, GD_NODE_LINK);
    gd_builder_text(b, " after", 6, GD_STYLE_UNDERLINE);
    gd_builder_close(b, GD_NODE_LINK);
    open_(b, GD_NODE_IMAGE, &n);
    gd_node_set_url(n, id);
    gd_node_set_attr(n, "alt", "a picture");
    gd_node_set_attr(n, "width", "12.5");
    gd_builder_close(b, GD_NODE_IMAGE);
    open_(b, GD_NODE_IMAGE, NULL); /* no url at all */
    gd_builder_close(b, GD_NODE_IMAGE);
    open_(b, GD_NODE_NOTE, &n);
    gd_node_set_attr(n, "kind", "footnote");
    gd_builder_text(b, "note text", 9, 0);
    gd_builder_close(b, GD_NODE_NOTE);
    gd_builder_text(b, "\xff invalid \x01 bytes", 17, GD_STYLE_STRIKE);
    gd_builder_close(b, GD_NODE_PARAGRAPH);

    open_(b, GD_NODE_LIST, &n);
    gd_node_set_list(n, 1, -3);
    for (int i = 0; i < 2; i++) {
        open_(b, GD_NODE_ITEM, NULL);
        gd_builder_text(b, "item", 4, GD_STYLE_CODE);
        gd_builder_close(b, GD_NODE_ITEM);
    }
    gd_builder_close(b, GD_NODE_LIST);

    open_(b, GD_NODE_TABLE, &n);
    gd_node_set_attr(n, "template-table", "table3");
    open_(b, GD_NODE_ROW, &n);
    gd_node_set_header(n, 1);
    open_(b, GD_NODE_CELL, &n);
    gd_node_set_span(n, 2, 2);
    gd_node_set_header(n, 1);
    gd_node_set_attr(n, "check", "line one\nline two");
    gd_builder_text(b, "merged", 6, 0);
    gd_builder_close(b, GD_NODE_CELL);
    open_(b, GD_NODE_CELL, NULL);
    gd_builder_close(b, GD_NODE_CELL);
    gd_builder_close(b, GD_NODE_ROW);
    open_(b, GD_NODE_ROW, NULL);
    open_(b, GD_NODE_CELL, NULL);
    /* a nested table */
    open_(b, GD_NODE_TABLE, NULL);
    open_(b, GD_NODE_CELL, NULL); /* implicit row */
    gd_builder_text(b, "nested", 6, 0);
    gd_builder_close(b, GD_NODE_CELL);
    gd_builder_close(b, GD_NODE_TABLE);
    gd_builder_close(b, GD_NODE_CELL);
    gd_builder_close(b, GD_NODE_ROW);
    gd_builder_close(b, GD_NODE_TABLE);

    gd_builder_leaf(b, GD_NODE_PAGE_BREAK, NULL);
    gd_builder_leaf(b, GD_NODE_THEMATIC_BREAK, NULL);
    open_(b, GD_NODE_BLOCK_QUOTE, NULL);
    open_(b, GD_NODE_DIV, &n);
    gd_node_set_attr(n, "class", "textbox");
    gd_builder_text(b, "loose text", 10, 0); /* implicit paragraph */
    gd_builder_close(b, GD_NODE_DIV);
    gd_builder_close(b, GD_NODE_BLOCK_QUOTE);
    open_(b, GD_NODE_CODE_BLOCK, NULL);
    gd_builder_text(b, "x = 1;", 6, 0);
    gd_builder_leaf(b, GD_NODE_LINE_BREAK, NULL);
    gd_builder_text(b, "y = 2;", 6, 0);
    gd_builder_close(b, GD_NODE_CODE_BLOCK);
    open_(b, GD_NODE_PARAGRAPH, NULL); /* left open: closed by finish, with a warning */
    gd_builder_text(b, "end", 3, 0);
    return gd_builder_finish(b);
}

static int deep(gd_ctx *ctx, gd_doc *doc)
{
    gd_builder *b;
    int rc = gd_builder_new(&b, ctx, doc);
    for (int i = 0; !rc && i < 1000; i++) rc = gd_builder_open(b, GD_NODE_BLOCK_QUOTE, NULL);
    return rc ? rc : gd_builder_finish(b);
}

static int sb_read(gd_ctx *ctx, const uint8_t *data, size_t len, gd_doc *doc)
{
    char word[32] = "";
    size_t n = 0;
    while (n < len && n + 1 < sizeof word && data[n] > ' ') {
        word[n] = (char)data[n];
        n++;
    }
    word[n] = 0;
    if (!strcmp(word, "tree")) return tree(ctx, doc);
    if (!strcmp(word, "stderr")) {
        fprintf(stderr, "sbtest: a line on stderr\n");
        return tree(ctx, doc);
    }
    if (!strcmp(word, "segv")) {
        /* a write to read-only memory: a real SIGSEGV that neither
         * UndefinedBehaviorSanitizer nor AddressSanitizer intercepts first */
        static const char ro[] = "read-only";
        *(volatile char *)(uintptr_t)ro = 'R';
    }
    if (!strcmp(word, "abort")) abort();
    if (!strcmp(word, "loop"))
        for (volatile unsigned long i = 0;; i++) {
        }
    if (!strcmp(word, "hang")) {
        int futex = 0;
        for (;;) syscall(SYS_futex, &futex, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
    }
    if (!strcmp(word, "socket")) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        return gd_ctx_error(ctx, GD_ERROR, "socket() returned %d", s);
    }
    if (!strcmp(word, "exec")) {
        execl("/bin/sh", "sh", "-c", "true", (char *)NULL);
        return gd_ctx_error(ctx, GD_ERROR, "exec returned");
    }
    if (!strcmp(word, "create")) {
        int fd = open("sbtest-created-file", O_WRONLY | O_CREAT, 0644);
        return gd_ctx_error(ctx, GD_ERROR, "open returned %d", fd);
    }
    if (!strcmp(word, "kill")) {
        kill(1, SIGTERM);
        return gd_ctx_error(ctx, GD_ERROR, "kill returned");
    }
    if (!strcmp(word, "exit")) _exit(3);
    if (!strcmp(word, "oom")) {
        for (size_t total = 0;; total += 64u << 20) {
            char *p = malloc(64u << 20);
            if (!p) return gd_ctx_error(ctx, GD_ENOMEM, "out of memory");
            memset(p, 1, 64u << 20);
            if (total > (64ull << 30)) break;
        }
        return gd_ctx_error(ctx, GD_ERROR, "no limit");
    }
    if (!strcmp(word, "error"))
        return gd_ctx_error(ctx, GD_EFORMAT, "damaged input: line one\nline two \x01");
    if (!strcmp(word, "deep")) return deep(ctx, doc);
    gd_builder *b;
    int rc = gd_builder_new(&b, ctx, doc);
    if (!rc) rc = gd_builder_text(b, (const char *)data, len, 0);
    return rc ? rc : gd_builder_finish(b);
}

static int sb_probe(const gd_probe_input *in)
{
    return GD_PROBE_NONE;
}

static const char *const sb_ext[] = {"sbtest", NULL};
static const char *const sb_mime[] = {NULL};

static const gd_format_handler sb_reader = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_READER,
    .format = "sbtest",
    .description = "sandbox test reader",
    .extensions = sb_ext,
    .mime_types = sb_mime,
    .flags = GD_HANDLER_SANDBOX,
    .probe = sb_probe,
    .read = sb_read,
};

static const gd_format_handler *const handlers[] = {&sb_reader, NULL};

GD_PLUGIN_DEFINE("sbtest", "1.0.0", "sandbox test reader", "MIT", handlers)
