/* A worker's job: read, hash (SHA-256, Nettle), note, convert once, write
 * every format through the core's gd_write_file (temp file + rename). */
#define _GNU_SOURCE
#include "batch_job.h"

#include "batch_paths.h"
#include "cli.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

int bj_encode(bq_buf *job, const char *input, const char *source_name, const bj_output *outs,
              size_t nouts, uint64_t expect_size, const char *expect_sha256)
{
    json_t *j = json_object(), *o = json_array();
    json_object_set_new(j, "in", json_string(input));
    json_object_set_new(j, "name", source_name ? json_string(source_name) : json_null());
    for (size_t i = 0; i < nouts; i++)
        json_array_append_new(o, json_pack("[ss]", outs[i].format, outs[i].path));
    json_object_set_new(j, "out", o);
    if (expect_sha256) {
        json_object_set_new(j, "expect_size", json_integer((json_int_t)expect_size));
        json_object_set_new(j, "expect_sha256", json_string(expect_sha256));
    }
    char *s = json_dumps(j, JSON_COMPACT);
    json_decref(j);
    if (!s) return -1;
    job->len = 0;
    int rc = bq_buf_put(job, s, strlen(s));
    free(s);
    return rc;
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The whole input, up to `max` bytes. Returns 0, or an exit code with a
 * message. */
static int read_input(const char *path, size_t max, uint8_t **out, size_t *len, struct stat *sb,
                      char **msg)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_NOCTTY | O_CLOEXEC);
    if (fd < 0 || fstat(fd, sb) != 0) {
        int e = errno;
        if (fd >= 0) close(fd);
        if (asprintf(msg, "%s: %s", path, strerror(e)) < 0) *msg = NULL;
        return EXIT_INPUT;
    }
    if (S_ISDIR(sb->st_mode)) {
        close(fd);
        if (asprintf(msg, "%s: is a directory", path) < 0) *msg = NULL;
        return EXIT_INPUT;
    }
    if (S_ISREG(sb->st_mode) && (uint64_t)sb->st_size > max) {
        close(fd);
        if (asprintf(msg, "%s: file of %lld bytes exceeds the %zu-byte input limit", path,
                     (long long)sb->st_size, max) < 0)
            *msg = NULL;
        return EXIT_LIMIT;
    }
    size_t cap = S_ISREG(sb->st_mode) && sb->st_size > 0 ? (size_t)sb->st_size + 1 : 65536, n = 0;
    uint8_t *buf = malloc(cap);
    int rc = 0;
    while (buf) {
        if (n == cap) {
            if (cap > max) {
                rc = EXIT_LIMIT;
                if (asprintf(msg, "%s: input exceeds the %zu-byte limit", path, max) < 0)
                    *msg = NULL;
                break;
            }
            uint8_t *nb = realloc(buf, cap * 2);
            if (!nb) break;
            buf = nb;
            cap *= 2;
        }
        ssize_t got = read(fd, buf + n, cap - n);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) {
            rc = EXIT_INPUT;
            if (asprintf(msg, "%s: read error: %s", path, strerror(errno)) < 0) *msg = NULL;
            break;
        }
        if (got == 0) break;
        n += (size_t)got;
    }
    close(fd);
    if (!buf || (rc == 0 && n > max)) {
        rc = buf ? EXIT_LIMIT : EXIT_NOMEM;
        if (asprintf(msg, "%s: %s", path, buf ? "input exceeds the size limit" : "out of memory") <
            0)
            *msg = NULL;
    }
    if (rc) {
        free(buf);
        return rc;
    }
    *out = buf;
    *len = n;
    return 0;
}

/* Nettle, not OpenSSL: linking libcrypto cost every govdoc start ~3 ms of
 * loading and relocation. Nettle itself is dlopen'd by the first batch job
 * that hashes (by soname, from the system's library path, as the dynamic
 * linker would have): linked, it cost every command ~0.3 ms. */
static struct {
    void (*init)(struct sha256_ctx *);
    void (*update)(struct sha256_ctx *, size_t, const uint8_t *);
    void (*digest)(struct sha256_ctx *, size_t, uint8_t *);
} nettle;
static pthread_once_t nettle_once = PTHREAD_ONCE_INIT;

static void nettle_load(void)
{
    void *dl = dlopen(GD_NETTLE_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!dl) return;
    void *f[3] = {dlsym(dl, "nettle_sha256_init"), dlsym(dl, "nettle_sha256_update"),
                  dlsym(dl, "nettle_sha256_digest")};
    if (!f[0] || !f[1] || !f[2]) return;
    /* POSIX: a function pointer may be read through a void* (dlsym's own
     * contract); memcpy keeps -Wpedantic quiet about the conversion. */
    memcpy(&nettle.init, &f[0], sizeof f[0]);
    memcpy(&nettle.update, &f[1], sizeof f[1]);
    memcpy(&nettle.digest, &f[2], sizeof f[2]);
}

/* False when Nettle cannot be loaded. */
static bool sha256_hex(const uint8_t *data, size_t len, char hex[65])
{
    pthread_once(&nettle_once, nettle_load);
    if (!nettle.digest) return false;
    struct sha256_ctx ctx;
    uint8_t md[SHA256_DIGEST_SIZE];
    nettle.init(&ctx);
    nettle.update(&ctx, len, data);
    nettle.digest(&ctx, sizeof md, md);
    for (unsigned i = 0; i < sizeof md; i++) sprintf(hex + 2 * i, "%02x", md[i]);
    return true;
}

typedef struct warn_count {
    const gd_convert_options *orig;
    bool forward;
    int n;
} warn_count;

static void count_warning(const char *file, const char *message, void *payload)
{
    warn_count *w = payload;
    w->n++;
    if (w->forward && w->orig->on_warning) w->orig->on_warning(file, message, w->orig->payload);
}

/* "2023-05-01T10:20:30Z" (DOCX core properties), "2023-05-01": seconds. */
static bool parse_iso_date(const char *s, long long *epoch)
{
    struct tm tm = {0};
    int y, mo, d, h = 0, mi = 0, sec = 0;
    if (!s || sscanf(s, "%4d-%2d-%2d", &y, &mo, &d) != 3) return false;
    if (strlen(s) >= 19 && (s[10] == 'T' || s[10] == ' '))
        if (sscanf(s + 11, "%2d:%2d:%2d", &h, &mi, &sec) != 3) h = mi = sec = 0;
    if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_sec = sec;
    time_t t = timegm(&tm);
    if (t == (time_t)-1) return false;
    *epoch = (long long)t;
    return true;
}

/* A writer that stamps a date (the PDF writer's Info and XMP dates) gets
 * the document's own date, else the input's modification time, unless the
 * user chose one (-O fmt.date=, SOURCE_DATE_EPOCH): the same input gives
 * the same bytes on every run. Returns an option string or NULL. */
static char *date_option(const bj_env *env, const char *format, const gd_doc *doc,
                         const struct stat *sb)
{
    const gd_plugin_desc *p = NULL;
    const gd_format_handler *h = gd_registry_find(env->reg, GD_HANDLER_WRITER, format, &p);
    if (!h || !h->options) return NULL;
    bool declared = false;
    for (const gd_option_desc *o = h->options; o->name && !declared; o++)
        declared = strcmp(o->name, "date") == 0;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (!declared || (sde && *sde)) return NULL;
    for (size_t i = 0; i < env->co->option_count; i++) {
        const char *o = env->co->options[i], *dot = strchr(o, '.');
        if (!dot || strncmp(dot, ".date=", 6) != 0) continue;
        size_t k = (size_t)(dot - o);
        if ((strlen(p->name) == k && strncmp(o, p->name, k) == 0) ||
            (strlen(h->format) == k && strncmp(o, h->format, k) == 0))
            return NULL;
    }
    long long epoch;
    if (!parse_iso_date(gd_doc_meta_get(doc, "modified"), &epoch) &&
        !parse_iso_date(gd_doc_meta_get(doc, "date"), &epoch))
        epoch = (long long)sb->st_mtime;
    char *opt = NULL;
    if (asprintf(&opt, "%s.date=%lld", h->format, epoch) < 0) return NULL;
    return opt;
}

static json_t *report_info(const gd_doc *doc)
{
    const gd_report *r = gd_doc_report(doc);
    if (!r) return json_null();
    size_t failed = 0;
    for (size_t i = 0; i < gd_report_check_count(r); i++) failed += !gd_report_check_ok(r, i);
    const char *agency = gd_report_meta(r, "agency"), *year = gd_report_meta(r, "year");
    const char *tpl = gd_report_template_id(r);
    return json_pack("{s:o,s:o,s:o,s:I}", "template", tpl ? json_string(tpl) : json_null(),
                     "agency", agency && *agency ? json_string(agency) : json_null(), "year",
                     year && *year ? json_integer(atoi(year)) : json_null(), "checks_failed",
                     (json_int_t)failed);
}

static bool outputs_present(json_t *outs)
{
    size_t i;
    json_t *o;
    json_array_foreach(outs, i, o)
    {
        struct stat sb;
        const char *path = json_string_value(json_array_get(o, 1));
        if (!path || stat(path, &sb) != 0 || !S_ISREG(sb.st_mode)) return false;
    }
    return true;
}

static void finish(json_t *r, bq_buf *res, double t0)
{
    json_object_set_new(r, "duration_ms",
                        json_real((double)(long long)((now_ms() - t0) * 10) / 10));
    char *s = json_dumps(r, JSON_COMPACT);
    json_decref(r);
    if (s) bq_buf_put(res, s, strlen(s));
    free(s);
}

/* Out of memory, or over the memory budget (--max-memory): status
 * "memory" in the manifest. */
static bool memory_failure(int rc, const gd_status *st)
{
    return rc == GD_ENOMEM ||
           (rc == GD_ELIMIT && st->message && strstr(st->message, "memory budget"));
}

static void fail(json_t *r, const char *status, int code, const char *message)
{
    json_object_set_new(r, "status", json_string(status));
    json_object_set_new(r, "exit", json_integer(code));
    json_object_set_new(r, "error", message ? json_string(message) : json_string("failed"));
}

/* Lets each output's writer start what needs no document (the PDF
 * writer's fonts) while the input is read. */
static void prepare_writers(const bj_env *env, json_t *outs)
{
    size_t i;
    json_t *o;
    json_array_foreach(outs, i, o)
    {
        const char *f = json_string_value(json_array_get(o, 0));
        const char *path = json_string_value(json_array_get(o, 1));
        if (!f || !path) continue;
        gd_convert_options wo = *env->co;
        wo.to = f;
        gd_write_prepare(env->reg, path, &wo);
    }
}

void bj_work(void *envp, const char *job, size_t len, bq_buf *res)
{
    const bj_env *env = envp;
    double t0 = now_ms();
    json_t *j = json_loadb(job, len, 0, NULL), *r = json_object();
    const char *in = json_string_value(json_object_get(j, "in"));
    const char *name = json_string_value(json_object_get(j, "name"));
    json_t *outs = json_object_get(j, "out");
    if (!in || !json_is_array(outs)) {
        fail(r, "failed", EXIT_INTERNAL, "bad job");
        json_decref(j);
        finish(r, res, t0);
        return;
    }
    size_t max = env->co->max_input ? env->co->max_input : GD_DEFAULT_MAX_INPUT;
    uint8_t *data = NULL;
    size_t n = 0;
    struct stat sb;
    char *msg = NULL;
    int code = read_input(in, max, &data, &n, &sb, &msg);
    if (code) {
        fail(r, code == EXIT_NOMEM ? "memory" : "failed", code, msg);
        free(msg);
        json_decref(j);
        finish(r, res, t0);
        return;
    }
    char hex[65];
    if (!sha256_hex(data, n, hex)) {
        fail(r, "failed", EXIT_INTERNAL, "cannot load libnettle (" GD_NETTLE_SONAME ") to hash it");
        free(data);
        json_decref(j);
        finish(r, res, t0);
        return;
    }
    json_object_set_new(r, "size", json_integer((json_int_t)n));
    json_object_set_new(r, "sha256", json_string(hex));
    const char *want = json_string_value(json_object_get(j, "expect_sha256"));
    if (want && strcmp(want, hex) == 0 &&
        json_integer_value(json_object_get(j, "expect_size")) == (json_int_t)n &&
        outputs_present(outs)) {
        json_object_set_new(r, "status", json_string("unchanged"));
        free(data);
        json_decref(j);
        finish(r, res, t0);
        return;
    }
    prepare_writers(env, outs);
    /* what is known before the risky part, in case the worker dies in it */
    const gd_format_handler *h =
        env->co->from ? gd_registry_find(env->reg, GD_HANDLER_READER, env->co->from, NULL)
                      : gd_registry_probe(env->reg, data, n, in, NULL, NULL);
    json_object_set_new(r, "format", h ? json_string(h->format) : json_null());
    char *note = json_dumps(r, JSON_COMPACT);
    if (note) bq_note(note, strlen(note));
    free(note);

    warn_count wc = {env->co, env->forward_warnings, 0};
    gd_convert_options co = *env->co;
    co.on_warning = count_warning;
    co.payload = &wc;
    gd_doc *doc = NULL;
    gd_status st = {0};
    int rc = gd_read_memory(&doc, &st, env->reg, data, n, in, &co);
    free(data);
    json_t *written = json_object();
    if (rc) {
        fail(r, memory_failure(rc, &st) ? "memory" : "failed", cli_exit_code(&st), st.message);
        gd_status_clear(&st);
    } else {
        if (name) gd_doc_meta_set(doc, "source", name);
        const char **optv = calloc(co.option_count + 1, sizeof *optv);
        size_t i;
        json_t *o;
        bool failed = false;
        json_array_foreach(outs, i, o)
        {
            const char *f = json_string_value(json_array_get(o, 0));
            const char *path = json_string_value(json_array_get(o, 1));
            if (!f || !path || !optv) continue;
            gd_convert_options wo = co;
            wo.to = f;
            char *date = env->reproducible ? date_option(env, f, doc, &sb) : NULL;
            if (date) {
                if (env->co->option_count)
                    memcpy(optv, env->co->options, env->co->option_count * sizeof *optv);
                optv[env->co->option_count] = date;
                wo.options = optv;
                wo.option_count = env->co->option_count + 1;
            }
            int wrc = GD_OK;
            if (strcmp(path, "-") != 0 && bp_make_parent(path) != 0) {
                wrc = GD_EIO;
                st.code = GD_EIO;
                st.stage = GD_STAGE_OUTPUT;
                if (asprintf(&st.message, "%s: cannot create its directory: %s", path,
                             strerror(errno)) < 0)
                    st.message = NULL;
            } else {
                /* what a killed worker left (a batch never shares outputs) */
                if (env->reproducible) bp_remove_temps(path);
                wrc = gd_write_file(&st, env->reg, doc, path, &wo);
            }
            free(date);
            if (wrc == GD_OK) {
                json_object_set_new(written, f, json_string(path));
            } else if (!failed) {
                failed = true; /* the first failure names the input; the others go on */
                fail(r, memory_failure(wrc, &st) ? "memory" : "failed", cli_exit_code(&st),
                     st.message);
            }
            gd_status_clear(&st);
        }
        free(optv);
        if (!failed) {
            json_object_set_new(r, "status", json_string("ok"));
            json_object_set_new(r, "exit", json_integer(0));
            json_object_set_new(r, "error", json_null());
        }
        json_object_set_new(r, "report", report_info(doc));
        gd_doc_free(doc);
    }
    json_object_set_new(r, "outputs", written);
    json_object_set_new(r, "warnings", json_integer(wc.n));
    json_decref(j);
    finish(r, res, t0);
}
