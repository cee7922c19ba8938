/* Bytes in any charset to UTF-8: BOM, then the declared charset, then
 * detection (uchardet); conversion by iconv. GB2312 and GBK are read as
 * GB18030, their superset, because pages labelled GB2312 routinely contain
 * GBK characters. A page that declares a legacy charset but is valid UTF-8
 * is taken as UTF-8 (a common CMS mistake). */
#include "internal.h"

#include <ctype.h>
#include <dlfcn.h>
#include <errno.h>
#include <iconv.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <uchardet.h>

/* Canonical iconv name for a label, or NULL when it names UTF-8. */
static const char *canonical(const char *label, char *buf, size_t bufsz)
{
    size_t n = 0;
    for (const char *p = label; *p && n + 1 < bufsz; p++)
        if (isalnum((unsigned char)*p)) buf[n++] = (char)tolower((unsigned char)*p);
    buf[n] = 0;
    static const struct {
        const char *label, *name;
    } map[] = {
        {"utf8", NULL},          {"gb2312", "GB18030"},   {"gbk", "GB18030"},
        {"cp936", "GB18030"},    {"xgbk", "GB18030"},     {"gb231280", "GB18030"},
        {"euccn", "GB18030"},    {"xeuccn", "GB18030"},   {"gb18030", "GB18030"},
        {"hzgb2312", "GB18030"}, {"big5", "BIG5-HKSCS"},  {"big5hkscs", "BIG5-HKSCS"},
        {"cp950", "BIG5-HKSCS"}, {"iso88591", "CP1252"},  {"latin1", "CP1252"},
        {"usascii", "CP1252"},   {"ascii", "CP1252"},     {"windows1252", "CP1252"},
        {"cp1252", "CP1252"},    {"utf16", "UTF-16LE"},   {"utf16le", "UTF-16LE"},
        {"utf16be", "UTF-16BE"}, {"shiftjis", "CP932"},   {"sjis", "CP932"},
        {"xsjis", "CP932"},      {"windows31j", "CP932"}, {"eucjp", "EUC-JP"},
        {"euckr", "CP949"},      {"koi8r", "KOI8-R"},     {"windows1251", "CP1251"},
    };
    for (size_t i = 0; i < sizeof map / sizeof *map; i++)
        if (strcmp(buf, map[i].label) == 0) return map[i].name;
    return label; /* let iconv try the label as given */
}

/* iconv with U+FFFD for every byte it cannot convert. */
static int convert(char **out, size_t *out_len, const char *from, const uint8_t *in, size_t len)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1) return GD_ENOTSUPPORTED;
    /* 1.5 × covers GBK, UTF-16 and most of everything; grown when not. The
     * buffer is charged to the conversion's budget. */
    size_t cap = len + len / 2 + 64, used = 0;
    char *buf = gd_mem_alloc(cap);
    if (!buf) {
        iconv_close(cd);
        return GD_ENOMEM;
    }
    char *src = (char *)in;
    size_t left = len;
    int rc = GD_OK;
    size_t bad = 0;
    while (left > 0) {
        if (cap - used < 16) {
            if (cap > SIZE_MAX / 2) {
                rc = GD_ENOMEM;
                break;
            }
            size_t nc = cap + cap / 2;
            char *nb = gd_mem_realloc(buf, nc);
            if (!nb) {
                rc = GD_ENOMEM;
                break;
            }
            buf = nb;
            cap = nc;
        }
        char *dst = buf + used;
        size_t room = cap - used - 4;
        size_t r = iconv(cd, &src, &left, &dst, &room);
        used = (size_t)(dst - buf);
        if (r != (size_t)-1) break;
        if (errno == E2BIG) continue;
        /* EILSEQ or EINVAL (truncated at the end): replace one byte. */
        memcpy(buf + used, "\xEF\xBF\xBD", 3);
        used += 3;
        src++;
        left--;
        bad++;
        iconv(cd, NULL, NULL, NULL, NULL);
    }
    iconv_close(cd);
    if (rc) {
        gd_free(buf);
        return rc;
    }
    buf[used] = 0;
    if (cap - used > 4096) {
        char *nb = gd_mem_realloc(buf, used + 1); /* give back the slack */
        if (nb) buf = nb;
    }
    *out = buf;
    *out_len = used;
    /* Mostly undecodable means the charset was wrong. */
    return bad > 16 && bad * 20 > len ? GD_EFORMAT : GD_OK;
}

static int copy_utf8(char **out, size_t *out_len, const uint8_t *in, size_t len)
{
    char *buf = gd_mem_alloc(len + 1);
    if (!buf) return GD_ENOMEM;
    memcpy(buf, in, len);
    buf[len] = 0;
    *out = buf;
    *out_len = len;
    return GD_OK;
}

static bool has_multibyte(const uint8_t *in, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (in[i] >= 0x80) return true;
    return false;
}

/* uchardet is C++: linked, it loaded libstdc++ into every run (~2.5 ms of
 * start-up). Most inputs are UTF-8 or declare their charset, so it is
 * dlopen'd on the first detection only (by soname, from the system's
 * library path, as the dynamic linker would have). */
static struct {
    uchardet_t (*make)(void);
    int (*feed)(uchardet_t, const char *, size_t);
    void (*end)(uchardet_t);
    const char *(*charset)(uchardet_t);
    void (*drop)(uchardet_t);
} ud;
static pthread_once_t ud_once = PTHREAD_ONCE_INIT;

static void ud_load(void)
{
    void *dl = dlopen(GD_UCHARDET_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!dl) return;
    /* POSIX: a function pointer may be read through a void* (dlsym's own
     * contract); memcpy keeps -Wpedantic quiet about the conversion. */
    void *f[5] = {dlsym(dl, "uchardet_new"), dlsym(dl, "uchardet_handle_data"),
                  dlsym(dl, "uchardet_data_end"), dlsym(dl, "uchardet_get_charset"),
                  dlsym(dl, "uchardet_delete")};
    for (size_t i = 0; i < 5; i++)
        if (!f[i]) return; /* ud stays empty: no detection, the fallbacks apply */
    memcpy(&ud.make, &f[0], sizeof f[0]);
    memcpy(&ud.feed, &f[1], sizeof f[1]);
    memcpy(&ud.end, &f[2], sizeof f[2]);
    memcpy(&ud.charset, &f[3], sizeof f[3]);
    memcpy(&ud.drop, &f[4], sizeof f[4]);
}

static const char *detect(const uint8_t *in, size_t len, char *buf, size_t bufsz)
{
    pthread_once(&ud_once, ud_load);
    if (!ud.drop) return NULL;
    uchardet_t d = ud.make();
    if (!d) return NULL;
    /* A prefix is enough and keeps detection cheap on big files. */
    size_t n = len > (1u << 20) ? (1u << 20) : len;
    const char *name = NULL;
    if (ud.feed(d, (const char *)in, n) == 0) {
        ud.end(d);
        const char *cs = ud.charset(d);
        if (cs && *cs) {
            size_t k = strlen(cs);
            if (k < bufsz) {
                memcpy(buf, cs, k + 1);
                name = buf;
            }
        }
    }
    ud.drop(d);
    return name;
}

int gd_charset_to_utf8(char **out, size_t *out_len, const char **charset_out, gd_ctx *ctx,
                       const uint8_t *in, size_t len, const char *declared)
{
    *out = NULL;
    *out_len = 0;
    if (charset_out) *charset_out = "UTF-8";
    if (!in && len) return GD_EUSER;
    if (!in) in = (const uint8_t *)"";

    static const struct {
        const uint8_t *bom;
        size_t n;
        const char *name;
    } boms[] = {
        {(const uint8_t *)"\xEF\xBB\xBF", 3, NULL},
        {(const uint8_t *)"\xFF\xFE\x00\x00", 4, "UTF-32LE"},
        {(const uint8_t *)"\x00\x00\xFE\xFF", 4, "UTF-32BE"},
        {(const uint8_t *)"\xFF\xFE", 2, "UTF-16LE"},
        {(const uint8_t *)"\xFE\xFF", 2, "UTF-16BE"},
    };
    for (size_t i = 0; i < sizeof boms / sizeof *boms; i++) {
        if (len >= boms[i].n && memcmp(in, boms[i].bom, boms[i].n) == 0) {
            if (!boms[i].name) return copy_utf8(out, out_len, in + 3, len - 3);
            if (charset_out) *charset_out = boms[i].name;
            return convert(out, out_len, boms[i].name, in + boms[i].n, len - boms[i].n);
        }
    }

    /* a UTF-8 file cut inside its last character is still UTF-8 (the
     * builder turns the stray bytes into U+FFFD) */
    bool valid =
        gd_utf8_valid((const char *)in, len) || gd__utf8_valid_but_cut((const char *)in, len);
    char namebuf[64];
    if (declared && *declared) {
        const char *cs = canonical(declared, namebuf, sizeof namebuf);
        if (!cs && valid) return copy_utf8(out, out_len, in, len);
        if (cs && valid && has_multibyte(in, len) && strncmp(cs, "UTF-16", 6) != 0) {
            if (ctx)
                gd_ctx_warn(ctx, "declared charset %s, but the bytes are UTF-8: read as UTF-8",
                            declared);
            return copy_utf8(out, out_len, in, len);
        }
        if (cs) {
            int rc = convert(out, out_len, cs, in, len);
            if (rc == GD_OK) {
                if (charset_out) *charset_out = cs;
                return GD_OK;
            }
            gd_free(*out);
            *out = NULL;
            if (ctx)
                gd_ctx_warn(ctx, "declared charset %s does not fit the bytes: detecting", declared);
        }
    }
    if (valid) return copy_utf8(out, out_len, in, len);

    char detbuf[64];
    const char *det = detect(in, len, detbuf, sizeof detbuf);
    const char *cs = det ? canonical(det, namebuf, sizeof namebuf) : "GB18030";
    if (!cs) cs = "GB18030"; /* "UTF-8" detected for invalid UTF-8: try the likeliest */
    int rc = convert(out, out_len, cs, in, len);
    if (rc == GD_EFORMAT && strcmp(cs, "GB18030") != 0) {
        gd_free(*out);
        *out = NULL;
        cs = "GB18030";
        rc = convert(out, out_len, cs, in, len);
    }
    if (rc == GD_EFORMAT) {
        /* Nothing fits: keep the text readable rather than fail. */
        gd_free(*out);
        *out = NULL;
        cs = "CP1252";
        rc = convert(out, out_len, cs, in, len);
        if (rc == GD_EFORMAT) rc = GD_OK;
    }
    if (rc) {
        gd_free(*out);
        *out = NULL;
        return rc;
    }
    if (charset_out) {
        static const char *const known[] = {"GB18030",  "BIG5-HKSCS", "CP1252", "UTF-16LE",
                                            "UTF-16BE", "CP932",      "EUC-JP", "CP949",
                                            "KOI8-R",   "CP1251"};
        *charset_out = "unknown";
        for (size_t i = 0; i < sizeof known / sizeof *known; i++)
            if (strcmp(known[i], cs) == 0) *charset_out = known[i];
    }
    return GD_OK;
}
