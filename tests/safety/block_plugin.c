/* A test plugin for the safety tests. Its writer ("block", .blk) writes a
 * little, optionally a side file (-O block.side=true), then waits on the
 * FIFO named by GD_BLOCK_GATE (so a test can signal govdoc while an output
 * is half written), optionally fails (-O block.fail=true). Its constructor
 * appends to the file named by GD_MARKER_FILE: a test sees whether govdoc
 * ran any of its code (it must not, for a plugin it refuses). */
#define _GNU_SOURCE
#include <govdoc/gd_plugin.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((constructor)) static void mark_loaded(void)
{
    const char *p = getenv("GD_MARKER_FILE");
    if (!p || !*p) return;
    int fd = open(p, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) return;
    (void)!write(fd, "constructor ran\n", 16);
    close(fd);
}

static void touch(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) close(fd);
}

static int block_write(gd_ctx *ctx, const gd_doc *doc, gd_sink *out)
{
    (void)doc;
    gd_sink_write(out, "partial output\n", 15);
    if (gd_ctx_option_bool(ctx, "side")) {
        const char *page = gd_ctx_output_path(ctx);
        if (!page) return gd_ctx_error(ctx, GD_EUSER, "side files need an output file");
        char final[4096], file[4200];
        snprintf(final, sizeof final, "%s_files", page);
        const char *dir;
        int rc = gd_ctx_side_dir(ctx, final, &dir);
        if (rc) return rc;
        snprintf(file, sizeof file, "%s/side.txt", dir);
        FILE *f = fopen(file, "wx");
        if (!f) return gd_ctx_error(ctx, GD_EIO, "cannot write %s", file);
        fputs("new side file\n", f);
        fclose(f);
    }
    const char *ready = getenv("GD_BLOCK_READY");
    if (ready && *ready) touch(ready);
    const char *gate = getenv("GD_BLOCK_GATE");
    if (gate && *gate) {
        int fd = open(gate, O_RDONLY | O_CLOEXEC);
        char c;
        while (fd >= 0 && read(fd, &c, 1) > 0) {
        }
        if (fd >= 0) close(fd);
    }
    if (gd_ctx_option_bool(ctx, "fail")) return gd_ctx_error(ctx, GD_EIO, "failing on purpose");
    return gd_sink_write(out, "complete\n", 9);
}

static const gd_option_desc block_options[] = {
    {"side", GD_OPT_BOOL, "false", NULL, "write a side file into <output>_files"},
    {"fail", GD_OPT_BOOL, "false", NULL, "fail after writing"},
    {NULL, 0, NULL, NULL, NULL},
};
static const char *const block_ext[] = {"blk", NULL};

static const gd_format_handler block_writer = {
    .struct_size = sizeof(gd_format_handler),
    .kind = GD_HANDLER_WRITER,
    .format = "block",
    .description = "test writer that can block, fail and write side files",
    .extensions = block_ext,
    .options = block_options,
    .write = block_write,
};

static const gd_format_handler *const handlers[] = {&block_writer, NULL};

GD_PLUGIN_DEFINE("block", "1.0.0", "safety test plugin", "MIT", handlers)
