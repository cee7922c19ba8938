/* The style sheet (STSH, MS-DOC 2.9.271): styles with their base chain
 * resolved once — paragraph properties, character properties, heading
 * level (built-in heading N, a name "heading N" / "标题 N", an outline level
 * in the chain) and title/subtitle role — and the font table (SttbfFfn). */
#include "doc.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define ISTD_NIL 0x0FFF

/* UTF-16LE (n units) → UTF-8. */
static char *utf16_dup(const uint8_t *p, size_t n)
{
    gdh_buf b = {0};
    for (size_t i = 0; i < n; i++) {
        uint32_t c = rd16(p + i * 2);
        if (c >= 0xD800 && c < 0xDC00 && i + 1 < n) {
            uint32_t lo = rd16(p + (i + 1) * 2);
            if (lo >= 0xDC00 && lo < 0xE000) {
                c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                i++;
            }
        }
        if (c == 0) break;
        if (gdh_buf_utf8(&b, c)) {
            gdh_buf_free(&b);
            return NULL;
        }
    }
    if (!b.p) gdh_buf_add(&b, "", 0);
    return b.p;
}

/* 8-bit text in code page cp → UTF-8. */
static char *bytes_dup(const uint8_t *p, size_t n, int cp)
{
    char *out = NULL;
    size_t out_len;
    char *tmp = malloc(n + 1);
    if (!tmp) return NULL;
    memcpy(tmp, p, n);
    tmp[n] = 0;
    size_t k = strlen(tmp);
    if (gd_charset_to_utf8(&out, &out_len, NULL, NULL, (const uint8_t *)tmp, k,
                           wd_codepage_name(cp)) != GD_OK)
        out = NULL;
    free(tmp);
    if (!out) return NULL;
    char *r = wd_strdup(out);
    gd_free(out);
    return r;
}

/* "heading 3", "Heading3", "标题 3" → 3 (each comma-separated alias). */
static int heading_from_name(const char *name)
{
    if (!name) return 0;
    for (const char *a = name; a && *a;) {
        while (*a == ' ') a++;
        const char *p = NULL;
        if (!strncasecmp(a, "heading", 7))
            p = a + 7;
        else if (!strncmp(a, "标题", 6))
            p = a + 6;
        if (p) {
            while (*p == ' ') p++;
            if (*p >= '1' && *p <= '9' && (p[1] == 0 || p[1] == ',')) return *p - '0';
        }
        a = strchr(a, ',');
        if (a) a++;
    }
    return 0;
}

static bool alias_is(const char *name, const char *want, bool nocase)
{
    for (const char *a = name; a && *a;) {
        while (*a == ' ') a++;
        const char *e = strchr(a, ',');
        size_t n = e ? (size_t)(e - a) : strlen(a);
        if (n == strlen(want) && (nocase ? !strncasecmp(a, want, n) : !strncmp(a, want, n)))
            return true;
        a = e ? e + 1 : NULL;
    }
    return false;
}

static int role_of(const wd_style *s)
{
    if (s->sti == 62 || alias_is(s->name, "title", true) || alias_is(s->name, "标题", false))
        return WD_ROLE_TITLE;
    if (s->sti == 74 || alias_is(s->name, "subtitle", true) || alias_is(s->name, "副标题", false))
        return WD_ROLE_SUBTITLE;
    return WD_ROLE_NONE;
}

int wd_styles_load(wd *w)
{
    const uint8_t *p;
    uint32_t n;
    if (!wd_fib_range(w, FIB_STSHF, &p, &n) || n < 2) return GD_OK;
    uint16_t cb_stshi = rd16(p);
    if (!in_range(n, 2, cb_stshi) || cb_stshi < 4) return GD_OK;
    const uint8_t *stshi = p + 2;
    size_t cstd = rd16(stshi), cb_base = rd16(stshi + 2);
    if (cb_stshi >= 18)
        for (int i = 0; i < 3; i++) w->ftc_default[i] = rd16(stshi + 12 + i * 2);
    else if (cb_stshi >= 14)
        w->ftc_default[0] = w->ftc_default[1] = w->ftc_default[2] = rd16(stshi + 12);
    if (cstd > WD_MAX_STYLES) cstd = WD_MAX_STYLES;
    if (cb_base < 8) return GD_OK;
    w->styles = calloc(cstd ? cstd : 1, sizeof *w->styles);
    if (!w->styles) return wd_fail(w, GD_ENOMEM, "out of memory");
    w->nstyles = cstd;
    size_t at = 2 + (size_t)cb_stshi;
    for (size_t i = 0; i < cstd; i++) {
        if (!in_range(n, at, 2)) break;
        size_t cb = rd16(p + at);
        at += 2;
        if (!in_range(n, at, cb)) break;
        const uint8_t *s = p + at;
        at += cb;
        if (cb < cb_base) continue;
        wd_style *st = &w->styles[i];
        st->used = true;
        st->sti = rd16(s) & 0x0FFF;
        st->stk = rd16(s + 2) & 0x000F;
        st->base = rd16(s + 2) >> 4;
        uint16_t cupx = rd16(s + 4) & 0x000F;
        st->next = rd16(s + 4) >> 4;
        size_t k = cb_base;
        if (w->version == 8) {
            if (k + 2 > cb) continue;
            size_t cch = rd16(s + k);
            if (k + 2 + cch * 2 > cb) continue;
            st->name = utf16_dup(s + k + 2, cch);
            k += 2 + cch * 2 + 2;
        } else {
            if (k + 1 > cb) continue;
            size_t cch = s[k];
            if (k + 1 + cch > cb) continue;
            st->name = bytes_dup(s + k + 1, cch, w->codepage);
            k += 1 + cch + 1;
        }
        /* UPXs: each at an even offset */
        for (uint16_t u = 0; u < cupx && u < 3; u++) {
            if (k & 1) k++;
            if (k + 2 > cb) break;
            size_t cbu = rd16(s + k);
            k += 2;
            if (k + cbu > cb) break;
            const uint8_t *g = s + k;
            k += cbu;
            /* paragraph styles: papx (istd + grpprl), chpx; character: chpx;
             * table styles: tapx, papx, chpx; list styles: papx */
            if ((st->stk == 1 && u == 0) || (st->stk == 4 && u == 0) || (st->stk == 3 && u == 1)) {
                if (cbu >= 2) {
                    st->papx = g + 2;
                    st->npapx = (uint16_t)(cbu - 2);
                }
            } else if ((st->stk == 1 && u == 1) || (st->stk == 2 && u == 0) ||
                       (st->stk == 3 && u == 2)) {
                st->chpx = g;
                st->nchpx = (uint16_t)cbu;
            }
        }
    }
    return GD_OK;
}

static void resolve(wd *w, wd_style *st, int depth)
{
    if (st->resolved || st->resolving) return;
    st->resolving = true;
    wd_style *base = NULL;
    if (st->base != ISTD_NIL && st->base < w->nstyles && depth < WD_STYLE_NEST &&
        w->styles[st->base].used && &w->styles[st->base] != st) {
        base = &w->styles[st->base];
        resolve(w, base, depth + 1);
        if (base->resolving && !base->resolved) base = NULL; /* a cycle */
    }
    if (base) {
        st->pap = base->pap;
        st->chp = base->chp;
    } else {
        wd_pap_default(&st->pap);
        wd_chp_default(w, &st->chp);
    }
    st->pap.tap = NULL;
    wd_chp before = st->chp;
    if (st->papx) wd_apply_sprms(w, st->papx, st->npapx, &st->pap, NULL, NULL);
    if (st->chpx) wd_apply_sprms(w, st->chpx, st->nchpx, NULL, &st->chp, &before);
    st->pap.tap = NULL;
    st->heading = st->sti >= 1 && st->sti <= 9 ? st->sti : heading_from_name(st->name);
    if (!st->heading && st->pap.outline <= 8 && st->stk == 1) st->heading = st->pap.outline + 1;
    if (!st->heading && base) st->heading = base->heading;
    st->role = role_of(st);
    if (!st->role && base) st->role = base->role;
    if (st->role) st->heading = 0;
    st->resolving = false;
    st->resolved = true;
}

const wd_style *wd_style_get(wd *w, uint16_t istd)
{
    if (istd >= w->nstyles || !w->styles[istd].used) return NULL;
    wd_style *st = &w->styles[istd];
    resolve(w, st, 0);
    return st;
}

void wd_styles_free(wd *w)
{
    for (size_t i = 0; i < w->nstyles; i++) free(w->styles[i].name);
    free(w->styles);
    w->styles = NULL;
    w->nstyles = 0;
    for (size_t i = 0; i < w->nfonts; i++) free(w->fonts[i]);
    free(w->fonts);
    w->fonts = NULL;
    w->nfonts = 0;
}

/* ---- fonts ---- */

int wd_fonts_load(wd *w)
{
    const uint8_t *p;
    uint32_t n;
    if (!wd_fib_range(w, FIB_STTBFFFN, &p, &n) || n < 4) return GD_OK;
    size_t count, at;
    if (w->version == 8) {
        count = rd16(p);
        at = 4;
        if (count == 0xFFFF) return GD_OK; /* an extended STTB is not a font table */
    } else {
        count = 4096;
        at = 2;
        uint16_t total = rd16(p);
        if (total < n) n = total;
    }
    if (count > 4096) count = 4096;
    w->fonts = calloc(count ? count : 1, sizeof *w->fonts);
    if (!w->fonts) return wd_fail(w, GD_ENOMEM, "out of memory");
    for (size_t i = 0; i < count && at < n; i++) {
        size_t cb = (size_t)p[at] + 1;
        if (!in_range(n, at, cb)) break;
        const uint8_t *f = p + at;
        at += cb;
        char *name = NULL;
        if (w->version == 8 && cb > 40) {
            name = utf16_dup(f + 40, (cb - 40) / 2);
        } else if (w->version == 6 && cb > 6) {
            size_t k = 0;
            while (6 + k < cb && f[6 + k]) k++;
            name = bytes_dup(f + 6, k, w->codepage);
        }
        w->fonts[w->nfonts++] = name;
    }
    return GD_OK;
}

const char *wd_font_name(const wd *w, uint16_t ftc)
{
    if (ftc >= w->nfonts || !w->fonts[ftc] || !w->fonts[ftc][0]) return NULL;
    return w->fonts[ftc];
}
