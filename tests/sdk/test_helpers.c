/* The plugin-helper library (<govdoc/helpers/...>): ZIP limits and path
 * rules, the safe XML parser, recorded events, the Chinese text helpers,
 * list numbers, the UTF-8 buffer, the inline buffer (against a fake host
 * whose builder writes down what it is asked), the Symbol font.
 * argv[1]: the folder of fixtures made by mkzips.py. */
#define _GNU_SOURCE /* RTLD_NOLOAD */
#include "gd_check.h"

#include <govdoc/gd_plugin.h>
#include <govdoc/helpers/buf.h>
#include <govdoc/helpers/cjk.h>
#include <govdoc/helpers/inline.h>
#include <govdoc/helpers/liststack.h>
#include <govdoc/helpers/numbering.h>
#include <govdoc/helpers/symbol.h>
#include <govdoc/helpers/xml.h>
#include <govdoc/helpers/zip.h>

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *dir;

static uint8_t *slurp(const char *name, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *p = malloc((size_t)n + 1);
    if (!p || fread(p, 1, (size_t)n, f) != (size_t)n) exit(2);
    fclose(f);
    *len = (size_t)n;
    return p;
}

/* ---- ZIP ---- */

typedef struct chunks {
    size_t bytes, calls, lasts;
    int stop_with;
} chunks;

static int on_chunk(void *payload, const char *chunk, size_t len, bool last)
{
    (void)chunk;
    chunks *c = payload;
    c->bytes += len;
    c->calls++;
    c->lasts += last;
    if (last) CHECK(len == 0);
    return c->stop_with;
}

static int read_with(const char *file, const char *entry, const gdh_zip_limits *lim, gdh_error *err)
{
    size_t len;
    uint8_t *data = slurp(file, &len);
    gdh_zip *z;
    int rc = gdh_zip_open(&z, data, len, lim, err);
    if (!rc) {
        uint8_t *out;
        size_t n;
        rc = gdh_zip_read(z, entry, &out, &n, err);
        if (!rc) free(out);
        if (rc) CHECK(out == NULL);
        gdh_zip_close(z);
    }
    free(data);
    return rc;
}

/* The entry's text read from one fixture, or NULL. */
static char *entry_text(gdh_zip *z, const char *name)
{
    uint8_t *out = NULL;
    size_t n;
    gdh_error err = {0};
    return gdh_zip_read(z, name, &out, &n, &err) == GD_OK ? (char *)out : NULL;
}

/* Archives as real tools write them: empty, Info-ZIP Unicode Path fields,
 * duplicate names, extra fields (which make minizip seek backwards). */
static void test_zip_forms(void)
{
    size_t len;
    gdh_error err = {0};
    gdh_zip *z = NULL;
    uint8_t *data = slurp("empty.zip", &len);
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK && z && gdh_zip_count(z) == 0);
    CHECK(!gdh_zip_exists(z, "anything") && gdh_zip_name_at(z, 0) == NULL);
    gdh_zip_close(z);
    free(data);

    data = slurp("upath.zip", &len);
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK && gdh_zip_count(z) == 3);
    CHECK(gdh_zip_name_at(z, 0) && strcmp(gdh_zip_name_at(z, 0), "b.txt") == 0);
    char *t = entry_text(z, "a.txt");
    CHECK(t && strcmp(t, "stored as b.txt") == 0); /* the Unicode Path names it */
    free(t);
    t = entry_text(z, "c.txt"); /* a stale field (CRC of another name) is ignored */
    CHECK(t && strcmp(t, "stored as c.txt") == 0);
    free(t);
    gdh_zip_close(z);
    free(data);

    /* read as minizip read them: an end record cut short, a stub before
     * the archive, Zip64 sizes */
    const char *forms[] = {"cutend.zip", "stub.zip"};
    for (size_t i = 0; i < 2; i++) {
        data = slurp(forms[i], &len);
        CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK && gdh_zip_count(z) == 5);
        char *ct = z ? entry_text(z, "content.xml") : NULL;
        CHECK(ct && strstr(ct, "<p a=\"x &amp; y\">hi</p>"));
        free(ct);
        gdh_zip_close(z);
        free(data);
    }
    data = slurp("zip64.zip", &len);
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK && gdh_zip_count(z) == 2);
    CHECK(gdh_zip_size(z, "a.txt") == 1200);
    char *t64 = entry_text(z, "a.txt");
    CHECK(t64 && strncmp(t64, "hello zip64 hello", 17) == 0 && strlen(t64) == 1200);
    free(t64);
    gdh_zip_close(z);
    free(data);
    data = slurp("dup.zip", &len);
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK && gdh_zip_count(z) == 3);
    CHECK(gdh_zip_find(z, "same.xml") == 0 && gdh_zip_find(z, "SAME.XML") == 0);
    t = entry_text(z, "same.xml");
    CHECK(t && strcmp(t, "first") == 0); /* the first of equal names */
    free(t);
    t = entry_text(z, "extra.txt");
    CHECK(t && strlen(t) == 20 * 50 && strncmp(t, "after an extra field", 20) == 0);
    free(t);
    gdh_zip_close(z);
    free(data);
}

static void test_zip(void)
{
    size_t len;
    uint8_t *data = slurp("ok.zip", &len);
    gdh_error err = {0};
    gdh_zip *z = NULL;
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK && z);
    CHECK(gdh_zip_count(z) == 5);
    CHECK(gdh_zip_name_at(z, 0) && strcmp(gdh_zip_name_at(z, 0), "mimetype") == 0);
    CHECK(gdh_zip_name_at(z, 99) == NULL);
    CHECK(gdh_zip_find(z, "content.xml") == 1);
    CHECK(gdh_zip_find(z, "CONTENT.XML") == 1);        /* case-insensitive */
    CHECK(gdh_zip_find(z, "Pictures/a%20b.txt") == 2); /* %-escapes */
    CHECK(gdh_zip_find(z, "nope.xml") == -1);
    CHECK(!gdh_zip_exists(z, "nope.xml") && gdh_zip_exists(z, "Dir/"));
    CHECK(gdh_zip_size(z, "Big.txt") == 200000);
    CHECK(gdh_zip_size(z, "nope") == UINT64_MAX);
    uint8_t *out;
    size_t n;
    CHECK(gdh_zip_read(z, "content.xml", &out, &n, &err) == GD_OK);
    CHECK(n == 69 && out[n] == 0 && memcmp(out, "<?xml", 5) == 0);
    free(out);
    CHECK(gdh_zip_inflated(z) == 69);
    chunks c = {0};
    CHECK(gdh_zip_stream(z, "Big.txt", on_chunk, &c, &err) == GD_OK);
    CHECK(c.bytes == 200000 && c.calls >= 4 && c.lasts == 1);
    CHECK(gdh_zip_inflated(z) == 200069);
    chunks stop = {.stop_with = 42};
    CHECK(gdh_zip_stream(z, "Big.txt", on_chunk, &stop, &err) == 42 && err.code == 0);
    CHECK(stop.calls == 1);
    CHECK(gdh_zip_read(z, "missing.xml", &out, &n, &err) == GD_EFORMAT && !out);
    CHECK(strstr(err.message, "missing.xml") && strstr(err.message, "missing"));
    gdh_zip_close(z);
    gdh_zip_close(NULL);
    free(data);

    /* limits: the ratio by the declared sizes, before inflating */
    gdh_zip_limits small = {.bomb_min_size = 1 << 20, .bomb_ratio = 200};
    gdh_error_clear(&err);
    CHECK(read_with("ratio.zip", "zeros.bin", NULL, &err) == GD_OK); /* 4 MiB: below 16 MiB */
    gdh_error_clear(&err);
    CHECK(read_with("ratio.zip", "zeros.bin", &small, &err) == GD_ELIMIT);
    CHECK(strstr(err.message, "zip bomb") && strstr(err.message, "zeros.bin"));
    gdh_zip_limits one = {.max_entry_size = 1 << 20};
    gdh_error_clear(&err);
    CHECK(read_with("ratio.zip", "zeros.bin", &one, &err) == GD_ELIMIT);
    /* forged sizes: caught while inflating */
    gdh_error_clear(&err);
    CHECK(read_with("lying.zip", "zeros.bin", NULL, &err) == GD_ELIMIT);
    CHECK(strstr(err.message, "declared 100 bytes"));
    /* the total of all entries read */
    data = slurp("ok.zip", &len);
    gdh_zip_limits tot = {.max_total = 100};
    CHECK(gdh_zip_open(&z, data, len, &tot, &err) == GD_OK);
    gdh_error_clear(&err);
    CHECK(gdh_zip_read(z, "content.xml", &out, &n, &err) == GD_OK);
    free(out);
    CHECK(gdh_zip_read(z, "content.xml", &out, &n, &err) == GD_ELIMIT && !out);
    CHECK(strstr(err.message, "beyond 100 bytes"));
    gdh_zip_close(z);
    free(data);
    /* entries */
    data = slurp("many.zip", &len);
    gdh_zip_limits few = {.max_entries = 100};
    gdh_error_clear(&err);
    z = (gdh_zip *)1;
    CHECK(gdh_zip_open(&z, data, len, &few, &err) == GD_ELIMIT && z == NULL);
    CHECK(strstr(err.message, "300 entries (limit 100)"));
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK && gdh_zip_count(z) == 300);
    gdh_zip_close(z);
    free(data);
    /* encrypted, damaged, not a ZIP */
    gdh_error_clear(&err);
    CHECK(read_with("crypt.zip", "secret.txt", NULL, &err) == GD_ENOTSUPPORTED);
    CHECK(strstr(err.message, "encrypted"));
    gdh_error_clear(&err);
    CHECK(read_with("crc.zip", "t.txt", NULL, &err) == GD_EFORMAT);
    CHECK(strstr(err.message, "CRC error") && strstr(err.message, "t.txt"));
    gdh_error_clear(&err);
    CHECK(read_with("trunc.zip", "content.xml", NULL, &err) == GD_EFORMAT);
    gdh_error_clear(&err);
    CHECK(gdh_zip_open(&z, "hello, world, this is not a zip", 31, NULL, &err) == GD_EFORMAT);
    CHECK(strcmp(err.message, "not a ZIP archive") == 0);
    gdh_error_clear(&err);
    CHECK(gdh_zip_open(&z, "", 0, NULL, &err) == GD_EFORMAT);

    /* path rules */
    struct {
        const char *base, *target, *want;
    } res[] = {
        {"word", "media/a.png", "word/media/a.png"},
        {"word", "../docProps/core.xml", "docProps/core.xml"},
        {"word", "../../../../etc/passwd", "etc/passwd"},
        {"a/b", "/c/d.xml", "c/d.xml"},
        {"", "./x//y/./z", "x/y/z"},
        {"a", "b/../../..", ""},
    };
    for (size_t i = 0; i < sizeof res / sizeof *res; i++) {
        char *r = gdh_zip_resolve(res[i].base, res[i].target);
        CHECK(r && strcmp(r, res[i].want) == 0);
        if (r && strcmp(r, res[i].want)) fprintf(stderr, "  resolve -> '%s'\n", r);
        free(r);
    }
    const char *safe[] = {"a/b.xml", "Dir/", "图片/a.png"};
    const char *unsafe[] = {"",     "/etc/passwd", "../a", "a/../b", "a/./b",
                            "a\\b", "C:x",         "a//b", "a\nb"};
    for (size_t i = 0; i < sizeof safe / sizeof *safe; i++) CHECK(gdh_zip_name_safe(safe[i]));
    for (size_t i = 0; i < sizeof unsafe / sizeof *unsafe; i++)
        CHECK(!gdh_zip_name_safe(unsafe[i]));

    /* errors: the first is the cause */
    gdh_error e = {0};
    CHECK(gdh_error_set(&e, GD_ELIMIT, "first %d", 1) == GD_ELIMIT);
    CHECK(gdh_error_set(&e, GD_EFORMAT, "second") == GD_ELIMIT);
    CHECK(strcmp(e.message, "first 1") == 0);
    CHECK(gdh_error_set(NULL, 0, "x") == GD_ERROR);
}

/* zlib is loaded when first needed: not by whole reads (run first). */
static void test_zip_lazy_zlib(void)
{
    size_t len, n;
    uint8_t *data = slurp("inflate.zip", &len), *out;
    gdh_zip *z;
    gdh_error err = {0};
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK);
    CHECK(gdh_zip_read(z, "good.txt", &out, &n, &err) == GD_OK && n == 116890);
    free(out);
    CHECK(dlopen("libz.so.1", RTLD_NOW | RTLD_NOLOAD) == NULL);
    CHECK(gdh_zip_read(z, "damaged.bin", &out, &n, &err) == GD_EFORMAT); /* zlib's word */
    void *h = dlopen("libz.so.1", RTLD_NOW | RTLD_NOLOAD);
    CHECK(h != NULL);
    if (h) dlclose(h);
    gdh_zip_close(z);
    free(data);
}

/* Whole entries inflate in one call when they can (libdeflate); anything
 * odd takes zlib's path from the start: the results and messages must be
 * those of the entry read piece by piece, and a part parsed from the
 * archive (inflated into expat's own buffer) must say the same. */
static void test_zip_inflate(void)
{
    size_t len, n;
    uint8_t *data = slurp("inflate.zip", &len), *out;
    gdh_zip *z;
    gdh_error err = {0};
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK && gdh_zip_count(z) == 7);
    CHECK(gdh_zip_read(z, "good.txt", &out, &n, &err) == GD_OK && n == 116890 && out[n] == 0);
    CHECK(out && strncmp((char *)out, "line 0 of the inflate fixture: \nline 1 ", 39) == 0);
    CHECK(out && strstr((char *)out, "line 1999 of the inflate fixture: ") != NULL);
    free(out);
    CHECK(gdh_zip_inflated(z) == 116890);
    /* declared bigger than it is: read to its end, CRC right */
    CHECK(gdh_zip_read(z, "up.txt", &out, &n, &err) == GD_OK && n == 116890);
    free(out);
    struct {
        const char *name;
        int code;
        const char *msg;
    } bad[] = {
        {"damaged.bin", GD_EFORMAT, "cannot inflate damaged.bin: damaged data"},
        {"short.bin", GD_EFORMAT, "cannot inflate short.bin: truncated data"},
        {"down.txt", GD_ELIMIT, "ZIP entry down.txt inflates beyond its declared 116889 bytes"},
        {"crc.bin", GD_EFORMAT, "cannot inflate crc.bin: CRC error"},
        {"pastend.txt", GD_EFORMAT, "cannot read ZIP entry pastend.txt"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        gdh_error_clear(&err);
        out = (uint8_t *)1;
        CHECK(gdh_zip_read(z, bad[i].name, &out, &n, &err) == bad[i].code && !out && n == 0);
        CHECK(strstr(err.message, bad[i].msg) != NULL);
        if (!strstr(err.message, bad[i].msg))
            fprintf(stderr, "  %s: %s\n", bad[i].name, err.message);
        /* the same through the XML helper (whose buffer is expat's) */
        gdh_xml_sax sax = {0};
        gdh_error_clear(&err);
        CHECK(gdh_xml_parse_zip(&sax, z, bad[i].name, &err) == bad[i].code);
        CHECK(strstr(err.message, bad[i].msg) != NULL);
    }
    gdh_zip_close(z);
    free(data);
    /* a stream libdeflate decodes and zlib refuses: zlib's word, as always */
    data = slurp("dist30.zip", &len);
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK);
    gdh_error_clear(&err);
    CHECK(gdh_zip_read(z, "dist30.bin", &out, &n, &err) == GD_EFORMAT && !out);
    CHECK(strstr(err.message, "cannot inflate dist30.bin: damaged data"));
    gdh_zip_close(z);
    free(data);
    /* the total limit counts what a whole read inflated */
    data = slurp("inflate.zip", &len);
    gdh_zip_limits tot = {.max_total = 200000};
    CHECK(gdh_zip_open(&z, data, len, &tot, &err) == GD_OK);
    CHECK(gdh_zip_read(z, "good.txt", &out, &n, &err) == GD_OK);
    free(out);
    gdh_error_clear(&err);
    CHECK(gdh_zip_read(z, "good.txt", &out, &n, &err) == GD_ELIMIT && !out);
    CHECK(strstr(err.message, "inflate beyond 200000 bytes"));
    gdh_zip_close(z);
    free(data);
}

/* ---- XML ---- */

enum { NS_T = 1 };
enum { E_DOC = 1, E_P };
static const gdh_xml_ns vocab_ns[] = {{NS_T, "urn:t"}};
static const gdh_xml_name vocab_names[] = {{NS_T, "doc", E_DOC}, {NS_T, "p", E_P}};

typedef struct trace {
    char s[4096];
    size_t elements;
    int stop_at; /* start tag count at which to return 7 */
    gdh_xml_log *log;
} trace;

static void add(trace *t, const char *fmt, const char *a, int b, int c)
{
    size_t n = strlen(t->s);
    snprintf(t->s + n, sizeof t->s - n, fmt, a, b, c);
}

static int t_start(void *u, const gdh_xml_event *e)
{
    trace *t = u;
    t->elements++;
    if (t->log) CHECK(gdh_xml_log_start(t->log, e) == GD_OK);
    if (t->elements > 64) return t->stop_at && (int)t->elements == t->stop_at ? 7 : 0;
    add(t, "<%s el=%d d=%d", e->name, e->el, e->depth);
    char v[64];
    if (gdh_xml_attr_get(e, 0, "a", v, sizeof v)) add(t, " a=%s%.0d%.0d", v, 0, 0);
    add(t, ">%.0s%.0d%.0d", "", 0, 0);
    return t->stop_at && (int)t->elements == t->stop_at ? 7 : 0;
}

static int t_end(void *u, const gdh_xml_event *e)
{
    trace *t = u;
    if (t->log) CHECK(gdh_xml_log_end(t->log, e) == GD_OK);
    if (t->elements <= 64) add(t, "</%s el=%d d=%d>", e->name, e->el, e->depth);
    return 0;
}

static int t_text(void *u, const char *s, size_t len)
{
    trace *t = u;
    if (t->log) CHECK(gdh_xml_log_text(t->log, s, len) == GD_OK);
    if (t->elements <= 64) {
        size_t n = strlen(t->s);
        snprintf(t->s + n, sizeof t->s - n, "%.*s", (int)len, s);
    }
    return 0;
}

static int parse(const char *xml, const gdh_xml_limits *lim, trace *t, gdh_error *err)
{
    static gdh_xml_vocab *v;
    if (!v) CHECK(gdh_xml_vocab_new(&v, vocab_ns, 1, vocab_names, 2) == GD_OK);
    gdh_xml_sax sax = {t_start, t_end, t_text, t, v, lim};
    memset(t->s, 0, sizeof t->s);
    t->elements = 0;
    gdh_error_clear(err);
    int rc = gdh_xml_parse(&sax, "test.xml", xml, strlen(xml), err);
    if (!xml[0]) {
        gdh_xml_vocab_free(v);
        v = NULL;
    }
    return rc;
}

static void test_xml(void)
{
    trace t = {0};
    gdh_error err;
    gdh_xml_log log = {0};
    t.log = &log;
    const char *doc = "<?xml version=\"1.0\"?>\n<doc xmlns=\"urn:t\" xmlns:o=\"urn:o\">\n"
                      "<p a=\"x &amp; y\">hi &lt;there&gt;</p><o:p>other</o:p></doc>";
    CHECK(parse(doc, NULL, &t, &err) == GD_OK);
    const char *want = "<doc el=1 d=1>\n<p el=2 d=2 a=x & y>hi <there></p el=2 d=2>"
                       "<p el=0 d=2>other</p el=0 d=2></doc el=1 d=1>";
    CHECK(strcmp(t.s, want) == 0);
    if (strcmp(t.s, want)) fprintf(stderr, "  got  %s\n  want %s\n", t.s, want);
    /* replay gives the same events */
    trace r = {0};
    gdh_xml_sax sax = {t_start, t_end, t_text, &r, NULL, NULL};
    CHECK(gdh_xml_log_replay(&log, &sax) == GD_OK);
    CHECK(strcmp(r.s, want) == 0);
    if (strcmp(r.s, want)) fprintf(stderr, "  replay %s\n", r.s);
    gdh_xml_log_free(&log);
    t.log = NULL;

    /* values come decoded and normalised (tabs and line ends are spaces) */
    CHECK(parse("<d xmlns='urn:t' a='1&amp;2&#38;&lt;&#x4E2D;\t\r\nz' n=' 42' bad='x'/>", NULL, &t,
                &err) == GD_OK);
    CHECK(strcmp(t.s, "<d el=0 d=1 a=1&2&<\xE4\xB8\xAD  z></d el=0 d=1>") == 0);
    /* text: references, CDATA and line ends as in the source's meaning */
    CHECK(parse("<d>a&amp;&#38;&#x4E2D;&#13;\r\nb\rc<![CDATA[<&>\r\n]]>&lt;</d>", NULL, &t, &err) ==
          GD_OK);
    CHECK(strcmp(t.s, "<d el=0 d=1>a&&\xE4\xB8\xAD\r\nb\nc<&>\n<</d el=0 d=1>") == 0);

    /* namespaces: scopes, the default one undeclared, an undeclared prefix
     * (no URI, still read: libxml2 only warned) */
    CHECK(parse("<a:r xmlns:a='urn:t' xmlns='urn:t'><a:p xmlns:a='urn:y' a='1'/><a:p/>"
                "<doc xmlns=''/><doc/><u:p a='2'>u</u:p></a:r>",
                NULL, &t, &err) == GD_OK);
    CHECK(strcmp(t.s, "<r el=0 d=1><p el=0 d=2 a=1></p el=0 d=2><p el=2 d=2></p el=2 d=2>"
                      "<doc el=0 d=2></doc el=0 d=2><doc el=1 d=2></doc el=1 d=2>"
                      "<p el=0 d=2 a=2>u</p el=0 d=2></r el=0 d=1>") == 0);
    if (err.code) fprintf(stderr, "  %s\n", err.message);

    /* DOCTYPE: refused before anything is loaded or expanded */
    const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM "
                      "\"file:///etc/passwd\">]><d>&x;</d>";
    CHECK(parse(xxe, NULL, &t, &err) == GD_EFORMAT);
    CHECK(strstr(err.message, "test.xml: DOCTYPE") && !strstr(t.s, "root:"));
    const char *laughs = "<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">"
                         "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;\">]><l>&c;&c;&c;</l>";
    CHECK(parse(laughs, NULL, &t, &err) == GD_EFORMAT && t.elements == 0);
    CHECK(parse("<!-- c --><!DOCTYPE d SYSTEM \"http://example.com/d.dtd\"><d/>", NULL, &t, &err) ==
              GD_EFORMAT &&
          t.elements == 0 && strstr(err.message, "DOCTYPE"));
    /* an undefined entity is malformed XML, with the line */
    CHECK(parse("<d>\n\n&foo;</d>", NULL, &t, &err) == GD_EFORMAT);
    CHECK(strstr(err.message, "malformed XML at line 3"));
    CHECK(parse("<d a='&nbsp;'/>", NULL, &t, &err) == GD_EFORMAT && t.elements == 0);
    CHECK(strstr(err.message, "test.xml: malformed XML at line 1: "));
    CHECK(parse("<a><b></a>", NULL, &t, &err) == GD_EFORMAT);
    CHECK(strstr(err.message, "test.xml: malformed XML at line 1: "));
    CHECK(parse("", NULL, &t, &err) == GD_EFORMAT && strstr(err.message, "empty"));
    /* depth */
    char deep[8192] = "";
    for (int i = 0; i < 300; i++) strcat(deep, "<a>");
    for (int i = 0; i < 300; i++) strcat(deep, "</a>");
    CHECK(parse(deep, NULL, &t, &err) == GD_ELIMIT && strstr(err.message, "deeper than 256"));
    CHECK(t.elements == 256);
    gdh_xml_limits more = {.max_depth = 300}; /* the caller's limit, not the parser's */
    CHECK(parse(deep, &more, &t, &err) == GD_OK && t.elements == 300);
    gdh_xml_limits ten = {.max_depth = 10};
    CHECK(parse("<a><a><a><a><a><a><a><a><a><a></a></a></a></a></a></a></a></a></a></a>", &ten, &t,
                &err) == GD_OK);
    CHECK(parse("<a><a><a><a><a><a><a><a><a><a><a/></a></a></a></a></a></a></a></a></a></a>", &ten,
                &t, &err) == GD_ELIMIT);
    /* size */
    gdh_xml_limits tiny = {.max_size = 10};
    CHECK(parse("<doc>hello, world</doc>", &tiny, &t, &err) == GD_ELIMIT);
    /* a callback's value stops the parse and comes back; err untouched */
    t.stop_at = 2;
    CHECK(parse("<d><a/><b/><c/></d>", NULL, &t, &err) == 7 && err.code == GD_OK);
    CHECK(t.elements == 2);
    t.stop_at = 0;
    /* bad vocabulary */
    gdh_xml_vocab *v = NULL;
    const gdh_xml_name bad[] = {{NS_T, "x", 0}};
    CHECK(gdh_xml_vocab_new(&v, vocab_ns, 1, bad, 1) == GD_EUSER && !v);

    /* from a ZIP: in one go, and streamed (an entry over 8 MiB) */
    size_t len;
    uint8_t *data = slurp("ok.zip", &len);
    gdh_zip *z;
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK);
    gdh_xml_sax zs = {t_start, t_end, t_text, &t, NULL, NULL};
    memset(t.s, 0, sizeof t.s);
    t.elements = 0;
    CHECK(gdh_xml_parse_zip(&zs, z, "content.xml", &err) == GD_OK && t.elements == 2);
    CHECK(strstr(t.s, "a=x & y>hi</p"));
    CHECK(gdh_xml_parse_zip(&zs, z, "Big.txt", &err) == GD_EFORMAT);
    CHECK(strstr(err.message, "Big.txt: malformed XML"));
    gdh_zip_close(z);
    free(data);
    data = slurp("bigxml.zip", &len);
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK);
    t.elements = 0;
    CHECK(gdh_xml_parse_zip(&zs, z, "big.xml", &err) == GD_OK);
    CHECK(t.elements == 1 + 9 * 1024 * 1024 / 8);
    gdh_xml_limits mb = {.max_size = 1 << 20};
    zs.limits = &mb;
    gdh_error_clear(&err);
    CHECK(gdh_xml_parse_zip(&zs, z, "big.xml", &err) == GD_ELIMIT);
    CHECK(strstr(err.message, "larger than 1048576"));
    gdh_zip_close(z);
    free(data);
}

/* ---- XML streamed, and in other encodings ---- */

/* The events of a parse, hashed: pieces of text hash the same however
 * they are split. */
typedef struct digest {
    uint64_t h;
    size_t starts, text_bytes, longest_attr;
    int in_first; /* 1 inside the first element below the root, then 2 */
    char first[256], first_a[64];
} digest;

static void mix(digest *d, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) d->h = (d->h ^ s[i]) * 1099511628211u;
}

static int d_start(void *u, const gdh_xml_event *e)
{
    digest *d = u;
    mix(d, "<", 1);
    mix(d, e->name, strlen(e->name));
    for (int i = 0; i < e->nattr; i++) {
        const gdh_xml_attr *a = &e->attrs[i];
        mix(d, " ", 1);
        mix(d, a->name, strlen(a->name));
        mix(d, "=", 1);
        mix(d, a->val, (size_t)a->len);
        if ((size_t)a->len > d->longest_attr) d->longest_attr = (size_t)a->len;
    }
    mix(d, ">", 1);
    if (d->starts++ == 1) {
        d->in_first = 1;
        gdh_xml_attr_get(e, 0, "a", d->first_a, sizeof d->first_a);
    }
    return 0;
}

static int d_end(void *u, const gdh_xml_event *e)
{
    digest *d = u;
    mix(d, "</", 2);
    mix(d, e->name, strlen(e->name));
    if (d->in_first == 1) d->in_first = 2;
    return 0;
}

static int d_text(void *u, const char *s, size_t len)
{
    digest *d = u;
    mix(d, s, len);
    d->text_bytes += len;
    size_t n = strlen(d->first);
    if (d->in_first == 1 && n + len < sizeof d->first) memcpy(d->first + n, s, len);
    return 0;
}

/* entry of z parsed streamed (gdh_xml_parse_zip) or in one go */
static void digest_entry(gdh_zip *z, const char *entry, bool streamed, digest *d)
{
    memset(d, 0, sizeof *d);
    d->h = 14695981039346656037u;
    gdh_xml_sax sax = {d_start, d_end, d_text, d, NULL, NULL};
    gdh_error err = {0};
    if (streamed) {
        CHECK(gdh_xml_parse_zip(&sax, z, entry, &err) == GD_OK);
    } else {
        uint8_t *data = NULL;
        size_t len = 0;
        CHECK(gdh_zip_read(z, entry, &data, &len, &err) == GD_OK);
        CHECK(gdh_xml_parse(&sax, entry, data, len, &err) == GD_OK);
        free(data);
    }
    if (err.code) fprintf(stderr, "  %s\n", err.message);
}

/* Entries over 8 MiB are parsed as they inflate, 64 KiB at a time: the
 * events must not depend on where the chunks end. */
static void test_xml_stream(void)
{
    size_t len;
    uint8_t *data = slurp("textxml.zip", &len);
    gdh_zip *z;
    gdh_error err = {0};
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK);
    CHECK(gdh_zip_size(z, "text.xml") > 8u << 20 && gdh_zip_size(z, "text-gbk.xml") > 8u << 20);
    digest one, streamed, gbk, gbk_one;
    digest_entry(z, "text.xml", false, &one);
    digest_entry(z, "text.xml", true, &streamed);
    digest_entry(z, "text-gbk.xml", true, &gbk);
    digest_entry(z, "text-gbk.xml", false, &gbk_one);
    CHECK(one.starts == 1 + 40000 + 2 && streamed.starts == one.starts);
    CHECK(one.text_bytes > 4u << 20 && streamed.text_bytes == one.text_bytes);
    CHECK(streamed.h == one.h);
    CHECK(gbk.h == one.h && gbk_one.h == one.h); /* GBK comes out as the same UTF-8 */
    const char *first = "\xE6\x94\xBF\xE5\xBA\x9C\xE4\xBF\xA1\xE6\x81\xAF\xE5\x85\xAC\xE5\xBC\x80&"
                        "\xE5\xB9\xB4\xE5\xBA\xA6\xE6\x8A\xA5\xE5\x91\x8A\xE4\xB8\xAD\xE4\xB8\xAD\n"
                        "A<B <&> \n"; /* 政府信息公开&年度报告中中 */
    CHECK(strcmp(one.first, first) == 0 && strcmp(streamed.first, first) == 0);
    CHECK(strcmp(gbk.first, first) == 0);
    CHECK(strcmp(streamed.first_a, "0 & \xE4\xB8\xAD 0") == 0); /* the tab became a space */
    CHECK(streamed.longest_attr == 1u << 20 && gbk.longest_attr == 1u << 20);
    gdh_zip_close(z);
    free(data);
}

static int parse_bytes(const char *xml, size_t len, trace *t, gdh_error *err)
{
    gdh_xml_sax sax = {t_start, t_end, t_text, t, NULL, NULL};
    memset(t->s, 0, sizeof t->s);
    t->elements = 0;
    gdh_error_clear(err);
    return gdh_xml_parse(&sax, "enc.xml", xml, len, err);
}

#define PARSE_LIT(lit, t, err) parse_bytes(lit, sizeof lit - 1, t, err)

/* Encodings expat does not know are converted with iconv; those it knows
 * are its own. */
static void test_xml_encodings(void)
{
    trace t = {0};
    gdh_error err;
    /* GBK as Chinese tools write it: 中文 D6D0 CEC4, 政府 D5FE B8AE */
    CHECK(PARSE_LIT("<?xml version=\"1.0\" encoding=\"GBK\"?>\r\n"
                    "<d a=\"\xD6\xD0\xCE\xC4\">\xD5\xFE\xB8\xAE&amp;&#x4E2D;</d>",
                    &t, &err) == GD_OK);
    CHECK(strcmp(t.s, "<d el=0 d=1 a=\xE4\xB8\xAD\xE6\x96\x87>\xE6\x94\xBF\xE5\xBA\x9C&"
                      "\xE4\xB8\xAD</d el=0 d=1>") == 0);
    if (err.code) fprintf(stderr, "  %s\n", err.message);
    /* GB18030's four-byte form: U+20000 */
    CHECK(PARSE_LIT("<?xml version='1.0' encoding='gb18030'?><d>\x95\x32\x82\x36</d>", &t, &err) ==
          GD_OK);
    CHECK(strcmp(t.s, "<d el=0 d=1>\xF0\xA0\x80\x80</d el=0 d=1>") == 0);
    /* a UTF-8 BOM before a GBK declaration is skipped (as libxml2 did) */
    CHECK(PARSE_LIT("\xEF\xBB\xBF<?xml version=\"1.0\" encoding=\"GBK\"?><d>\xD6\xD0</d>", &t,
                    &err) == GD_OK);
    CHECK(strcmp(t.s, "<d el=0 d=1>\xE4\xB8\xAD</d el=0 d=1>") == 0);
    /* expat's own: ISO-8859-1, UTF-16 */
    CHECK(PARSE_LIT("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><d>\xE9</d>", &t, &err) ==
          GD_OK);
    CHECK(strcmp(t.s, "<d el=0 d=1>\xC3\xA9</d el=0 d=1>") == 0);
    CHECK(PARSE_LIT("\xFF\xFE<\0d\0>\0-N<\0/\0d\0>\0", &t, &err) == GD_OK); /* U+4E2D */
    CHECK(strcmp(t.s, "<d el=0 d=1>\xE4\xB8\xAD</d el=0 d=1>") == 0);
    /* errors: GD_EFORMAT with what went wrong */
    CHECK(PARSE_LIT("<?xml version=\"1.0\" encoding=\"x-unknown\"?><d/>", &t, &err) == GD_EFORMAT);
    CHECK(strstr(err.message, "enc.xml: malformed XML at line 1: unsupported encoding x-unknown"));
    CHECK(PARSE_LIT("<?xml version=\"1.0\" encoding=\"GBK\"?>\n<d>\n\xFF\xFF</d>", &t, &err) ==
          GD_EFORMAT);
    CHECK(strstr(err.message, "not valid in GBK"));
    CHECK(PARSE_LIT("<?xml version=\"1.0\" encoding=\"GBK\"?><d/>\xD6", &t, &err) == GD_EFORMAT);
    CHECK(PARSE_LIT("<?xml version=\"1.0\"?><d>\xC3\x28</d>", &t, &err) == GD_EFORMAT);
}

/* the line of each tag */
typedef struct lines {
    int v[32];
    int n;
} lines;

static int l_tag(void *u, const gdh_xml_event *e)
{
    lines *l = u;
    if (l->n < 32) l->v[l->n++] = e->line;
    return 0;
}

/* Small parts parsed from the archive (inflated into expat's buffer):
 * encodings, errors and lines as when parsed from memory. */
static void test_xml_zip(void)
{
    size_t len;
    uint8_t *data = slurp("xmlzip.zip", &len);
    gdh_zip *z;
    gdh_error err = {0};
    CHECK(gdh_zip_open(&z, data, len, NULL, &err) == GD_OK);
    const char *want = "<d el=0 d=1 a=\xE4\xB8\xAD\xE6\x96\x87>\xE6\x94\xBF\xE5\xBA\x9C&"
                       "\xE4\xB8\xAD</d el=0 d=1>"; /* 中文 政府&中 */
    const char *ok[] = {"utf8.xml", "gbk.xml", "bom-gbk.xml"};
    for (size_t i = 0; i < sizeof ok / sizeof *ok; i++) {
        trace t = {0};
        gdh_xml_sax sax = {t_start, t_end, t_text, &t, NULL, NULL};
        gdh_error_clear(&err);
        CHECK(gdh_xml_parse_zip(&sax, z, ok[i], &err) == GD_OK);
        CHECK(strcmp(t.s, want) == 0);
        if (strcmp(t.s, want)) fprintf(stderr, "  %s: %s (%s)\n", ok[i], t.s, err.message);
    }
    /* tags' lines counted from the bytes are expat's own (from memory) */
    const char *ln[] = {"lines.xml", "lines16.xml"};
    for (size_t i = 0; i < sizeof ln / sizeof *ln; i++) {
        lines zl = {0}, ml = {0};
        gdh_xml_sax ls = {l_tag, l_tag, NULL, &zl, NULL, NULL};
        CHECK(gdh_xml_parse_zip(&ls, z, ln[i], &err) == GD_OK);
        uint8_t *x;
        size_t xn;
        CHECK(gdh_zip_read(z, ln[i], &x, &xn, &err) == GD_OK);
        ls.user = &ml;
        CHECK(gdh_xml_parse(&ls, ln[i], x, xn, &err) == GD_OK);
        free(x);
        CHECK(zl.n == 10 && ml.n == 10 && memcmp(zl.v, ml.v, sizeof zl.v) == 0);
        /* <d> 2, <a/> 3 3, <b> 4, </b> 8, <c> 10, </c> 13, <e> 17, </e> 18, </d> 19 */
        static const int want_ln[10] = {2, 3, 3, 4, 8, 10, 13, 17, 18, 19};
        CHECK(memcmp(zl.v, want_ln, 10 * sizeof *want_ln) == 0);
        for (int k = 0; k < zl.n; k++)
            if (zl.v[k] != ml.v[k] || (k < 10 && zl.v[k] != want_ln[k]))
                fprintf(stderr, "  %s tag %d: line %d, expat %d\n", ln[i], k, zl.v[k], ml.v[k]);
    }
    trace t = {0};
    gdh_xml_sax sax = {t_start, t_end, t_text, &t, NULL, NULL};
    gdh_error_clear(&err);
    CHECK(gdh_xml_parse_zip(&sax, z, "bad.xml", &err) == GD_EFORMAT);
    CHECK(strstr(err.message, "bad.xml: malformed XML at line 3: mismatched tag"));
    gdh_error_clear(&err);
    CHECK(gdh_xml_parse_zip(&sax, z, "empty.xml", &err) == GD_EFORMAT);
    CHECK(strstr(err.message, "empty.xml: empty XML document"));
    gdh_error_clear(&err);
    CHECK(gdh_xml_parse_zip(&sax, z, "none.xml", &err) == GD_EFORMAT);
    CHECK(strstr(err.message, "ZIP entry none.xml is missing"));
    gdh_zip_close(z);
    free(data);
}

/* An event with attributes, for the attribute helpers. */
static void test_attrs(void)
{
    gdh_xml_attr a[] = {
        {"a", NULL, "1&2", 3, 0},
        {"n", "urn:t", " 42", 3, NS_T},
        {"bad", NULL, "x", 1, 0},
    };
    gdh_xml_event e = {0};
    e.nattr = 3;
    e.attrs = a;
    char buf[8];
    CHECK(gdh_xml_attr_get(&e, 0, "a", buf, sizeof buf) && strcmp(buf, "1&2") == 0);
    CHECK(gdh_xml_attr_get(&e, 0, "a", buf, 3) && strcmp(buf, "1&") == 0); /* truncated */
    char *d = gdh_xml_attr_dup(&e, 0, "a");
    CHECK(d && strcmp(d, "1&2") == 0);
    free(d);
    CHECK(gdh_xml_attr_long(&e, NS_T, "n", -1) == 42);
    CHECK(gdh_xml_attr_long(&e, 2, "n", -1) == -1); /* another namespace */
    CHECK(gdh_xml_attr_long(&e, 0, "bad", -1) == -1);
    CHECK(gdh_xml_attr_find(&e, 0, "none") == NULL);
    CHECK(gdh_xml_attr_dup(&e, 0, "none") == NULL);
}

/* ---- Chinese text ---- */

static void test_cjk(void)
{
    size_t i = 0;
    const char *s = "中a\xFF\xE4\xB8";
    CHECK(gdh_utf8_next(s, strlen(s), &i) == 0x4E2D && i == 3);
    CHECK(gdh_utf8_next(s, strlen(s), &i) == 'a' && i == 4);
    CHECK(gdh_utf8_next(s, strlen(s), &i) == 0xFFFD && i == 5);
    CHECK(gdh_utf8_next(s, strlen(s), &i) == 0xFFFD && i == 6); /* truncated */
    CHECK(gdh_utf8_next(s, strlen(s), &i) == 0xFFFD && i == 7);
    CHECK(gdh_utf8_next(s, strlen(s), &i) == 0 && i == 7);
    CHECK(gdh_utf8_last("ab中", 5) == 0x4E2D && gdh_utf8_last("", 0) == 0);
    CHECK(gdh_cjk_is_wide(0x4E2D) && gdh_cjk_is_wide(0x3000) && gdh_cjk_is_wide(0xFF0C));
    CHECK(gdh_cjk_is_wide(0x20000) && !gdh_cjk_is_wide('a') && !gdh_cjk_is_wide(0xE9));
    CHECK(gdh_cjk_is_numeral(0x4E00) && gdh_cjk_is_numeral(0x3007) && !gdh_cjk_is_numeral('1'));
    CHECK(gdh_cjk_ends_sentence(0x3002) && gdh_cjk_ends_sentence('?') &&
          !gdh_cjk_ends_sentence(0xFF0C));
    CHECK(gdh_cjk_width("中a\t", 5) == 7);
    const char *t = "\xE3\x80\x80 中文\xC2\xA0 ";
    size_t n = strlen(t);
    gdh_cjk_trim(&t, &n);
    CHECK(n == 6 && memcmp(t, "中文", 6) == 0);
    CHECK(gdh_cjk_join_needs_space('a', 'b') && !gdh_cjk_join_needs_space(0x4E2D, 'b'));
    CHECK(!gdh_cjk_join_needs_space('a', 0x6587) && !gdh_cjk_join_needs_space('-', 'b'));
    struct {
        const char *s;
        int level;
        size_t prefix;
    } h[] = {
        {"一、总体情况", 2, 6},
        {"十二、其他", 2, 9},
        {"（一）主动公开", 3, 9},
        {"(三)依申请公开", 3, 5},
        {"1. 规章", 4, 2},
        {"12、规章", 4, 5},
        {"（1）行政许可", 5, 7},
        {"(23)x", 5, 4},
        {"1.5亿元", 0, 0},
        {"2023.年", 0, 0},
        {"一、", 0, 0},
        {"一二三四", 0, 0},
        {"普通段落", 0, 0},
        {"（一二三四五）x", 0, 0},
        {"", 0, 0},
    };
    for (size_t k = 0; k < sizeof h / sizeof *h; k++) {
        size_t p = 99;
        int l = gdh_heading_number(h[k].s, strlen(h[k].s), &p);
        CHECK(l == h[k].level && p == h[k].prefix);
        if (l != h[k].level || p != h[k].prefix)
            fprintf(stderr, "  '%s': level %d prefix %zu\n", h[k].s, l, p);
    }
    CHECK(gdh_heading_like("一、总体情况", strlen("一、总体情况"), 0));
    const char *prose = "一、坚持以人民为中心，确保信息公开及时、有效。";
    CHECK(!gdh_heading_like(prose, strlen(prose), 0));
    CHECK(gdh_heading_level(prose, strlen(prose), 0) == 0);
    const char *inner = "一、认真学习。持续加强";
    CHECK(gdh_heading_level(inner, strlen(inner), 0) == 0);
    CHECK(gdh_heading_level("\xE3\x80\x80（二）依申请公开 ",
                            strlen("\xE3\x80\x80（二）依申请公开 "), 0) == 3);
    const char *longer =
        "一、这是一个非常非常长的标题它超过了三十个汉字的宽度所以不会被当作标题来看待吧";
    CHECK(gdh_heading_level(longer, strlen(longer), 0) == 0);
    CHECK(gdh_heading_level(longer, strlen(longer), 200) == 2);
}

static bool num_is(gdh_numfmt f, int n, const char *want)
{
    char b[GDH_NUM_TEXT_MAX];
    size_t k = gdh_number_text(f, n, b, sizeof b);
    if (k == strlen(want) && strcmp(b, want) == 0) return true;
    fprintf(stderr, "  format %d, %d: '%s' (want '%s')\n", (int)f, n, b, want);
    return false;
}

static void test_numbering(void)
{
    CHECK(num_is(GDH_NUM_DECIMAL, 7, "7"));
    CHECK(num_is(GDH_NUM_DECIMAL_ZERO, 7, "07"));
    CHECK(num_is(GDH_NUM_DECIMAL_ZERO, 12, "12"));
    CHECK(num_is(GDH_NUM_UPPER_ROMAN, 1994, "MCMXCIV"));
    CHECK(num_is(GDH_NUM_LOWER_ROMAN, 4, "iv"));
    CHECK(num_is(GDH_NUM_LOWER_ROMAN, 4000, "4000")); /* past roman: decimal */
    CHECK(num_is(GDH_NUM_UPPER_LETTER, 27, "AA"));
    CHECK(num_is(GDH_NUM_ORDINAL, 12, "12th") && num_is(GDH_NUM_ORDINAL, 22, "22nd"));
    CHECK(num_is(GDH_NUM_CN_COUNTING, 1, "一"));
    CHECK(num_is(GDH_NUM_CN_COUNTING, 10, "十"));
    CHECK(num_is(GDH_NUM_CN_COUNTING, 15, "十五"));
    CHECK(num_is(GDH_NUM_CN_COUNTING, 20, "二十"));
    CHECK(num_is(GDH_NUM_CN_COUNTING, 101, "一百零一"));
    CHECK(num_is(GDH_NUM_CN_COUNTING, 1010, "一千零一十"));
    CHECK(num_is(GDH_NUM_CN_LEGAL, 10, "壹拾"));
    CHECK(num_is(GDH_NUM_CN_LEGAL, 105, "壹佰零伍"));
    CHECK(num_is(GDH_NUM_IDEO_TRAD, 11, "甲"));
    CHECK(num_is(GDH_NUM_IDEO_ZODIAC, 2, "丑"));
    CHECK(num_is(GDH_NUM_CIRCLE, 3, "③") && num_is(GDH_NUM_CIRCLE, 21, "21"));
    CHECK(num_is(GDH_NUM_PAREN, 1, "⑴") && num_is(GDH_NUM_FULLSTOP, 20, "⒛"));
    CHECK(num_is(GDH_NUM_FULLWIDTH, 42, "４２"));
    CHECK(num_is(GDH_NUM_IDEO_DIGITAL, 2023, "二〇二三"));
    CHECK(num_is(GDH_NUM_BULLET, 3, "") && num_is(GDH_NUM_NONE, 3, ""));
    CHECK(num_is(GDH_NUM_CN_COUNTING, -2, "-2"));
    char small[4];
    CHECK(gdh_number_text(GDH_NUM_UPPER_ROMAN, 3888, small, sizeof small) == 3 &&
          strcmp(small, "MMM") == 0); /* cut at the buffer, terminated */
    CHECK(gdh_numfmt_from_name("chineseCounting") == GDH_NUM_CN_COUNTING);
    CHECK(gdh_numfmt_from_name("decimalEnclosedCircle") == GDH_NUM_CIRCLE);
    CHECK(gdh_numfmt_from_name("madeUp") == GDH_NUM_DECIMAL);
    CHECK(gdh_bullet_char(0xF0A7) == 0x25AA && gdh_bullet_char(0xF0B7) == 0x2022);
    CHECK(gdh_bullet_char('o') == 0x25E6 && gdh_bullet_char(0x25A1) == 0x25A1);
    CHECK(gdh_bullet_char(0) == 0x2022);
}

/* ---- the UTF-8 buffer ---- */

static void test_buf(void)
{
    gdh_buf b = {0};
    CHECK(gdh_buf_add(&b, NULL, 0) == GD_OK && b.len == 0);
    CHECK(gdh_buf_add(&b, "ab", 2) == GD_OK && gdh_buf_addc(&b, 'c') == GD_OK);
    CHECK(b.len == 3 && strcmp(b.p, "abc") == 0);
    /* one to four bytes; what is not a character becomes U+FFFD */
    gdh_buf_clear(&b);
    CHECK(b.len == 0 && b.p && b.p[0] == 0);
    CHECK(gdh_buf_utf8(&b, 'A') == GD_OK && gdh_buf_utf8(&b, 0xE9) == GD_OK);
    CHECK(gdh_buf_utf8(&b, 0x4E2D) == GD_OK && gdh_buf_utf8(&b, 0x1F600) == GD_OK);
    CHECK(strcmp(b.p, "A\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80") == 0, "%s", b.p);
    gdh_buf_clear(&b);
    CHECK(gdh_buf_utf8(&b, 0xD800) == GD_OK && gdh_buf_utf8(&b, 0x110000) == GD_OK);
    CHECK(strcmp(b.p, "\xEF\xBF\xBD\xEF\xBF\xBD") == 0);
    char u[4];
    CHECK(gdh_utf8_encode(0x7F, u) == 1 && gdh_utf8_encode(0x80, u) == 2);
    CHECK(gdh_utf8_encode(0xFFFF, u) == 3 && gdh_utf8_encode(0x10000, u) == 4);
    /* growth: 100 000 appends keep every byte, the capacity doubling */
    gdh_buf_clear(&b);
    int ok = 1;
    for (int i = 0; i < 100000 && ok; i++)
        ok = gdh_buf_add(&b, i % 2 ? "xy" : "z", i % 2 ? 2 : 1) == 0;
    CHECK(ok && b.len == 150000 && b.p[b.len] == 0);
    CHECK(b.cap >= b.len + 1 && b.cap <= 2 * (b.len + 1), "cap %zu", b.cap);
    CHECK(memcmp(b.p, "zxyzxy", 6) == 0 && memcmp(b.p + b.len - 3, "zxy", 3) == 0);
    size_t cap = b.cap;
    gdh_buf_clear(&b);
    CHECK(b.cap == cap && b.len == 0); /* memory kept for the next use */
    char *taken = b.p;                 /* the caller may take p */
    b.p = NULL;
    free(taken);
    gdh_buf_free(&b);
    CHECK(b.p == NULL && b.len == 0 && b.cap == 0);
    /* the growth policy on its own */
    char *blk = NULL;
    size_t bcap = 0;
    CHECK(gdh_grow(&blk, &bcap, 25, 10) == GD_OK && blk && bcap == 40);
    char *same = blk;
    CHECK(gdh_grow(&blk, &bcap, 40, 10) == GD_OK && blk == same && bcap == 40);
    CHECK(gdh_grow(&blk, &bcap, SIZE_MAX, 10) == GD_ENOMEM && blk == same && bcap == 40);
    free(blk);
}

/* ---- the inline buffer ---- */

/* A reader's item: the buffer's part first, then its own. */
typedef struct my_item {
    gdh_inline_item in;
    int picture;
} my_item;

static const char FONT_A[] = "SimSun", FONT_B[] = "SimSun"; /* equal text, other pointer */

static const char *text_of(const gdh_inline *in, size_t i)
{
    static char s[256];
    const gdh_inline_item *it = gdh_inline_at(in, i);
    snprintf(s, sizeof s, "%.*s", (int)it->len, gdh_inline_data(in, it->off));
    return s;
}

static void test_inline_gather(void)
{
    CHECK(gdh_is_blank("", 0) && gdh_is_blank(" \t\r\n", 4));
    CHECK(gdh_is_blank("\xC2\xA0\xE3\x80\x80\xC2\xAD", 7)); /* NBSP, U+3000, soft hyphen */
    CHECK(!gdh_is_blank(" x ", 3) && !gdh_is_blank("\xC2", 1) && !gdh_is_blank("\xE3\x80", 2));
    CHECK(!gdh_is_blank("\xE3\x80\x81", 3)); /* 、 is text */

    gdh_inline in = {0};
    gdh_inline_begin(&in, sizeof(my_item));
    CHECK(in.item_size == sizeof(my_item) && in.all_bold && in.n == 0);
    /* runs of one format join; another style, para_bits or font pointer does not */
    CHECK(gdh_inline_text(&in, "ab", 2, GD_STYLE_BOLD, 0, FONT_A) == GD_OK);
    CHECK(gdh_inline_text(&in, "cd", 2, GD_STYLE_BOLD, 0, FONT_A) == GD_OK);
    CHECK(in.n == 1 && strcmp(text_of(&in, 0), "abcd") == 0);
    CHECK(gdh_inline_text(&in, "e", 1, GD_STYLE_BOLD, 0, FONT_B) == GD_OK && in.n == 2);
    CHECK(gdh_inline_text(&in, "f", 1, GD_STYLE_BOLD, GD_STYLE_BOLD, FONT_B) == GD_OK && in.n == 3);
    CHECK(gdh_inline_text(&in, "", 0, 0, 0, NULL) == GD_OK && in.n == 3);
    CHECK(in.all_bold);
    CHECK(gdh_inline_text(&in, " \xE3\x80\x80", 4, 0, 0, NULL) == GD_OK && in.all_bold);
    CHECK(gdh_inline_text(&in, "g", 1, 0, 0, NULL) == GD_OK && !in.all_bold);
    /* an item with data: NUL-terminated, the reader's fields zeroed */
    my_item *pic = (my_item *)gdh_inline_add(&in, GDH_INL_IMAGE, "img.png", 7);
    CHECK(pic && pic->picture == 0 && pic->in.kind == GDH_INL_IMAGE);
    pic->picture = 42;
    CHECK(strcmp(gdh_inline_data(&in, pic->in.off), "img.png") == 0 && pic->in.len == 7);
    size_t alt = 0;
    CHECK(gdh_inline_add_data(&in, "a cat", 5, &alt) == GD_OK);
    CHECK(strcmp(gdh_inline_data(&in, alt), "a cat") == 0);
    CHECK(gdh_inline_last(&in) == &pic->in && ((my_item *)gdh_inline_last(&in))->picture == 42);
    /* text after an item starts a new run */
    CHECK(gdh_inline_text(&in, "h", 1, 0, 0, NULL) == GD_OK && in.n == 6);
    CHECK(strcmp(text_of(&in, 5), "h") == 0);
    CHECK(strcmp(text_of(&in, 3), " \xE3\x80\x80g") == 0); /* same format: one run */
    CHECK(gdh_inline_text_len(&in) == 4 + 1 + 1 + 4 + 1 + 1);
    gdh_buf plain = {0};
    CHECK(gdh_inline_plain(&in, &plain) == GD_OK);
    CHECK(strcmp(plain.p, "abcdef \xE3\x80\x80gh") == 0, "%s", plain.p);
    gdh_buf_free(&plain);
    CHECK(gdh_inline_any(&in, GDH_INL_BIT(GDH_INL_IMAGE)));
    CHECK(!gdh_inline_any(&in, GDH_INL_BIT(GDH_INL_NOTE) | GDH_INL_BIT(GDH_INL_PAGEBREAK)));

    /* trimming: spaces and tabs at both ends, through links, not past
     * other items, and nothing inside */
    gdh_inline_begin(&in, sizeof(my_item));
    CHECK(in.n == 0 && in.text.len == 0 && in.all_bold);
    gdh_inline_add(&in, GDH_INL_LINK_OPEN, "u", 1);
    gdh_inline_text(&in, " \t", 2, 0, 0, NULL);
    gdh_inline_add(&in, GDH_INL_LINK_CLOSE, NULL, 0);
    gdh_inline_text(&in, "\t a  b ", 7, GD_STYLE_ITALIC, 0, NULL);
    gdh_inline_add(&in, GDH_INL_BREAK, NULL, 0);
    gdh_inline_text(&in, " c ", 3, 0, 0, NULL);
    gdh_inline_add(&in, GDH_INL_LINK_OPEN, "v", 1);
    gdh_inline_text(&in, "d  ", 3, GD_STYLE_BOLD, 0, NULL);
    gdh_inline_add(&in, GDH_INL_LINK_CLOSE, NULL, 0);
    gdh_inline_text(&in, " \t ", 3, 0, 0, NULL);
    gdh_inline_trim(&in);
    CHECK(gdh_inline_at(&in, 1)->len == 0);
    CHECK(strcmp(text_of(&in, 3), "a  b ") == 0, "[%s]", text_of(&in, 3)); /* a break stops it */
    CHECK(strcmp(text_of(&in, 5), " c ") == 0);
    CHECK(strcmp(text_of(&in, 7), "d") == 0, "[%s]", text_of(&in, 7));
    CHECK(gdh_inline_at(&in, 9)->len == 0);
    CHECK(gdh_inline_visible(&in, 0, in.n) && gdh_inline_visible(&in, 3, 4));
    CHECK(!gdh_inline_visible(&in, 0, 3) && !gdh_inline_visible(&in, 8, 10));

    /* visibility: blanks and links show nothing; an image or a note does */
    gdh_inline_begin(&in, sizeof(my_item));
    gdh_inline_text(&in, "\xC2\xA0 ", 3, 0, 0, NULL);
    gdh_inline_add(&in, GDH_INL_LINK_OPEN, "u", 1);
    gdh_inline_add(&in, GDH_INL_BREAK, NULL, 0);
    gdh_inline_add(&in, GDH_INL_LINK_CLOSE, NULL, 0);
    CHECK(!gdh_inline_visible(&in, 0, in.n));
    gdh_inline_add(&in, GDH_INL_NOTE, NULL, 0);
    CHECK(gdh_inline_visible(&in, 0, in.n) && !gdh_inline_visible(&in, 0, in.n - 1));
    /* block items end a segment */
    gdh_inline_add(&in, GDH_INL_PAGEBREAK, NULL, 0);
    gdh_inline_add(&in, GDH_INL_IMAGE, "x", 1);
    gdh_inline_add(&in, GDH_INL_BLOCKS, NULL, 0);
    CHECK(gdh_inline_segment_end(&in, 0) == 5 && gdh_inline_segment_end(&in, 5) == 5);
    CHECK(gdh_inline_segment_end(&in, 6) == 7 && gdh_inline_segment_end(&in, 8) == 8);
    gdh_inline_free(&in);
    CHECK(in.items == NULL && in.text.p == NULL && in.n == 0);
}

/* A fake host: the builder writes down its calls. */
static char calls[2048];
static const char *fail_text; /* builder_text fails on this text */
static char node;

static void said(const char *fmt, const char *s)
{
    size_t n = strlen(calls);
    snprintf(calls + n, sizeof calls - n, fmt, s);
}

static const char *type_name(gd_node_type t)
{
    switch (t) {
    case GD_NODE_LINK: return "link";
    case GD_NODE_LINE_BREAK: return "br";
    case GD_NODE_LIST: return "L";
    case GD_NODE_ITEM: return "i";
    default: return "?";
    }
}

static int f_open(gd_builder *b, gd_node_type t, gd_node **out)
{
    (void)b;
    said("<%s", type_name(t));
    if (out) *out = (gd_node *)&node;
    return GD_OK;
}

static int f_close(gd_builder *b, gd_node_type t)
{
    (void)b;
    said("</%s>", type_name(t));
    return GD_OK;
}

static int f_leaf(gd_builder *b, gd_node_type t, gd_node **out)
{
    (void)b;
    said("<%s/>", type_name(t));
    if (out) *out = (gd_node *)&node;
    return GD_OK;
}

static int f_text(gd_builder *b, const char *s, size_t len, unsigned style)
{
    (void)b;
    char t[128];
    snprintf(t, sizeof t, "%.*s", (int)len, s);
    if (fail_text && strcmp(t, fail_text) == 0) return GD_ELIMIT;
    said("%s", style & GD_STYLE_BOLD ? "B:" : "");
    said("%s", t);
    return GD_OK;
}

static int f_font(gd_builder *b, const char *font)
{
    (void)b;
    said("{%s}", font ? font : "-");
    return GD_OK;
}

static int f_set_list(gd_node *n, int ordered, int start)
{
    (void)n;
    char s[32];
    snprintf(s, sizeof s, " %s%d>", ordered ? "ol" : "ul", start);
    said("%s", s);
    return GD_OK;
}

static int f_url(gd_node *n, const char *url)
{
    (void)n;
    said(" %s>", url);
    return GD_OK;
}

GD__HIDDEN const gd_host_api *gd_host;

static int on_object(void *user, const gdh_inline *in, const gdh_inline_item *it)
{
    (void)in;
    char s[32];
    snprintf(s, sizeof s, "[pic %d]", ((const my_item *)it)->picture);
    said("%s", s);
    return *(int *)user;
}

static void test_liststack(void);

static void test_inline_flush(void)
{
    static gd_host_api host;
    host.struct_size = sizeof host;
    host.builder_open = f_open;
    host.builder_close = f_close;
    host.builder_leaf = f_leaf;
    host.builder_text = f_text;
    host.builder_set_font = f_font;
    host.node_set_url = f_url;
    host.node_set_list = f_set_list;
    gd_host = &host;

    gdh_inline in = {0};
    gdh_inline_begin(&in, sizeof(my_item));
    gdh_inline_text(&in, "Hi ", 3, GD_STYLE_BOLD, GD_STYLE_BOLD, FONT_A);
    gdh_inline_add(&in, GDH_INL_LINK_OPEN, "http://a", 8);
    gdh_inline_text(&in, "out", 3, 0, 0, NULL);
    gdh_inline_add(&in, GDH_INL_LINK_OPEN, "#b", 2); /* nested */
    gdh_inline_text(&in, "in", 2, GD_STYLE_BOLD, 0, NULL);
    gdh_inline_add(&in, GDH_INL_LINK_CLOSE, NULL, 0);
    gdh_inline_add(&in, GDH_INL_LINK_CLOSE, NULL, 0);
    gdh_inline_add(&in, GDH_INL_LINK_CLOSE, NULL, 0); /* none open: ignored */
    gdh_inline_add(&in, GDH_INL_BREAK, NULL, 0);
    ((my_item *)gdh_inline_add(&in, GDH_INL_IMAGE, NULL, 0))->picture = 7;
    gdh_inline_add(&in, GDH_INL_PAGEBREAK, NULL, 0);
    gdh_inline_add(&in, GDH_INL_LINK_OPEN, "c", 1);
    gdh_inline_text(&in, "left open", 9, 0, 0, FONT_B);

    int err = 0, obj_rc = GD_OK;
    gdh_inline_sink k = {
        .b = NULL, .strip = ~0u, .stop = &err, .object = on_object, .user = &obj_rc};
    size_t at = 0;
    calls[0] = 0;
    /* in order, nested links closed innermost first, paragraph-style bold
     * stripped (strip ~0u), direct bold kept; stops at the page break */
    CHECK(gdh_inline_flush(&in, &at, &k) == GD_OK && at == 10 && k.links == 0);
    CHECK(strcmp(calls,
                 "{SimSun}Hi <link http://a>{-}out<link #b>{-}B:in</link></link><br/>[pic 7]") == 0,
          "%s", calls);
    calls[0] = 0;
    at++; /* the reader writes the page break */
    CHECK(gdh_inline_flush(&in, &at, &k) == GD_OK && at == in.n && k.links == 1);
    CHECK(strcmp(calls, "<link c>{SimSun}left open") == 0, "%s", calls);
    calls[0] = 0;
    CHECK(gdh_inline_close_links(&k) == GD_OK && k.links == 0 && strcmp(calls, "</link>") == 0);

    /* the reader's sticky error stops it before anything is written */
    calls[0] = 0;
    err = GD_ENOMEM;
    at = 0;
    k.links = 0;
    CHECK(gdh_inline_flush(&in, &at, &k) == GD_OK && at == 0 && calls[0] == 0);
    k.links = 2;
    CHECK(gdh_inline_close_links(&k) == GD_OK && k.links == 2 && calls[0] == 0);
    err = 0;
    /* a builder error stops it at the failing item; an object's error too */
    k.links = 0;
    fail_text = "out";
    CHECK(gdh_inline_flush(&in, &at, &k) == GD_ELIMIT && at == 2 && k.links == 1);
    fail_text = NULL;
    obj_rc = GD_EFORMAT;
    at = 3;
    CHECK(gdh_inline_flush(&in, &at, &k) == GD_EFORMAT && at == 9);
    /* without strip, paragraph-style bits stay; without object, objects are skipped */
    calls[0] = 0;
    k.strip = 0;
    k.object = NULL;
    k.links = 0;
    at = 0;
    CHECK(gdh_inline_flush(&in, &at, &k) == GD_OK && at == 10);
    CHECK(strncmp(calls, "{SimSun}B:Hi <link", 18) == 0 && !strstr(calls, "[pic"), "%s", calls);
    gdh_inline_free(&in);
    test_liststack();
    gd_host = NULL;
}

/* Lists open in a container: written against the fake host's builder. */
static void test_liststack(void)
{
    gdh_list_stack s = {0};
    calls[0] = 0;
    CHECK(gdh_list_item(&s, NULL, 0, 7, true, 3) == GD_OK && s.depth == 1);
    CHECK(gdh_list_item(&s, NULL, 0, 7, true, 4) == GD_OK && s.depth == 1);  /* next item */
    CHECK(gdh_list_item(&s, NULL, 1, 7, false, 1) == GD_OK && s.depth == 2); /* nested */
    CHECK(gdh_list_item(&s, NULL, 0, 7, true, 5) == GD_OK && s.depth == 1);  /* back out */
    CHECK(gdh_list_item(&s, NULL, 0, 8, true, 1) == GD_OK && s.depth == 1);  /* other list */
    CHECK(strcmp(calls, "<L ol3><i</i><i<L ul1><i</i></L></i><i</i></L><L ol1><i") == 0, "%s",
          calls);
    calls[0] = 0;
    for (int l = 1; l <= 12; l++) gdh_list_item(&s, NULL, l, 8, false, 1);
    CHECK(s.depth == GDH_LIST_MAX_DEPTH, "%d", s.depth); /* deeper items join the innermost */
    calls[0] = 0;
    CHECK(gdh_list_close_all(&s, NULL) == GD_OK && s.depth == 0);
    CHECK(strcmp(calls,
                 "</i></L></i></L></i></L></i></L></i></L></i></L></i></L></i></L></i></L>") == 0,
          "%s", calls);
    calls[0] = 0;
    CHECK(gdh_list_close_all(&s, NULL) == GD_OK && calls[0] == 0);
}

static void test_symbol(void)
{
    CHECK(gdh_symbol_char('a') == 0x03B1 && gdh_symbol_char('W') == 0x03A9);   /* α Ω */
    CHECK(gdh_symbol_char('Z') == 0x0396 && gdh_symbol_char('z') == 0x03B6);   /* Ζ ζ */
    CHECK(gdh_symbol_char(0xA3) == 0x2264 && gdh_symbol_char(0xAE) == 0x2192); /* ≤ → */
    CHECK(gdh_symbol_char('1') == '1' && gdh_symbol_char(0xF0) == 0xF0);       /* no mapping */
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: test_helpers FIXTURE_DIR\n");
        return 2;
    }
    dir = argv[1];
    test_zip_lazy_zlib();
    test_zip();
    test_zip_forms();
    test_zip_inflate();
    test_xml();
    test_xml_stream();
    test_xml_encodings();
    test_xml_zip();
    test_attrs();
    test_cjk();
    test_numbering();
    test_buf();
    test_inline_gather();
    test_inline_flush();
    test_symbol();
    return gd_check_summary("test_helpers");
}
