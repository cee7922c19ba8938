/* Lists (MS-DOC 2.9.147 LSTF, 2.9.150 LVL, 2.9.131 LFO): numbering
 * definitions, the instances paragraphs point at (ilfo), and the counters.
 * As in the DOCX reader, bullets and plain decimals ("1." "1)") become IR
 * lists; every other number keeps its text in front of the paragraph
 * (一、 （一） 1.1 a) ①). Word 6/95 autonumbering (ANLD) is not read. */
#include "doc.h"

#include "govdoc/helpers/numbering.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_lvl(const uint8_t *p, size_t n, size_t *used, wd_lvl *l)
{
    if (n < 28) return -1;
    memset(l, 0, sizeof *l);
    l->start = (int32_t)rd32(p);
    l->nfc = p[4];
    l->legal = (p[5] & 0x04) != 0;
    l->no_restart = (p[5] & 0x08) != 0;
    l->follow = p[15];
    size_t cb_chpx = p[24], cb_papx = p[25];
    l->restart_lim = p[26];
    size_t at = 28 + cb_papx + cb_chpx;
    if (at + 2 > n) return -1;
    size_t cch = rd16(p + at);
    at += 2;
    if (at + cch * 2 > n) return -1;
    l->ntext = cch < 64 ? (int)cch : 64;
    for (int i = 0; i < l->ntext; i++) l->text[i] = rd16(p + at + (size_t)i * 2);
    *used = at + cch * 2;
    return 0;
}

int wd_lists_load(wd *w)
{
    if (w->version != 8) return GD_OK;
    const uint8_t *p;
    uint32_t n;
    if (wd_fib_range(w, FIB_PLFLST, &p, &n) && n >= 2) {
        size_t c = (uint16_t)rd16(p);
        if ((int16_t)rd16(p) < 0) c = 0;
        if (c > WD_MAX_LISTS) c = WD_MAX_LISTS;
        if (2 + c * 28 > n) c = (n - 2) / 28;
        w->lists = calloc(c ? c : 1, sizeof *w->lists);
        if (!w->lists) return wd_fail(w, GD_ENOMEM, "out of memory");
        /* the LVLs follow the LSTFs in the table stream */
        size_t at = (size_t)(p - w->table) + 2 + c * 28;
        for (size_t i = 0; i < c; i++) {
            const uint8_t *f = p + 2 + i * 28;
            wd_list *l = &w->lists[i];
            l->lsid = (int32_t)rd32(f);
            l->simple = (f[26] & 0x01) != 0;
            int nl = l->simple ? 1 : 9;
            for (int k = 0; k < nl; k++) {
                size_t used;
                if (at >= w->ntable ||
                    parse_lvl(w->table + at, w->ntable - at, &used, &l->lvl[k]) != 0) {
                    at = w->ntable;
                    break;
                }
                at += used;
            }
            w->nlists++;
        }
    }
    if (wd_fib_range(w, FIB_PLFLFO, &p, &n) && n >= 4) {
        size_t c = rd32(p);
        if (c > WD_MAX_LISTS) c = WD_MAX_LISTS;
        if (4 + c * 16 > n) c = (n - 4) / 16;
        w->lfos = calloc(c ? c : 1, sizeof *w->lfos);
        if (!w->lfos) return wd_fail(w, GD_ENOMEM, "out of memory");
        size_t at = (size_t)(p - w->table) + 4 + c * 16; /* LFOData follow */
        for (size_t i = 0; i < c; i++) {
            const uint8_t *f = p + 4 + i * 16;
            wd_lfo *o = &w->lfos[i];
            o->lsid = (int32_t)rd32(f);
            o->list = -1;
            for (size_t k = 0; k < w->nlists; k++)
                if (w->lists[k].lsid == o->lsid) {
                    o->list = (int)k;
                    break;
                }
            int clfolvl = f[12];
            w->nlfos++;
            if (at + 4 > w->ntable) continue;
            at += 4; /* cp */
            for (int k = 0; k < clfolvl && k < 9; k++) {
                if (at + 8 > w->ntable) break;
                int32_t start = (int32_t)rd32(w->table + at);
                uint32_t fl = rd32(w->table + at + 4);
                at += 8;
                int ilvl = fl & 0x0F;
                if (ilvl < 9 && (fl & 0x10)) {
                    o->has_start[ilvl] = true;
                    o->start_at[ilvl] = start;
                }
                if (fl & 0x20) { /* fFormatting: an LVL follows */
                    wd_lvl tmp;
                    size_t used;
                    if (at >= w->ntable ||
                        parse_lvl(w->table + at, w->ntable - at, &used, &tmp) != 0)
                        break;
                    at += used;
                    if (ilvl < 9 && !o->lvl_override[ilvl]) {
                        o->lvl_override[ilvl] = malloc(sizeof tmp);
                        if (o->lvl_override[ilvl]) *o->lvl_override[ilvl] = tmp;
                    }
                }
            }
        }
    }
    return GD_OK;
}

void wd_lists_free(wd *w)
{
    for (size_t i = 0; i < w->nlfos; i++)
        for (int k = 0; k < 9; k++) free(w->lfos[i].lvl_override[k]);
    free(w->lfos);
    free(w->lists);
    free(w->counters);
    free(w->lfo_seen);
    w->counters = NULL;
    w->lfo_seen = NULL;
    w->lfos = NULL;
    w->lists = NULL;
    w->nlfos = w->nlists = 0;
}

/* ---- number text ---- */

/* lvl->nfc is an MSONFC code, which gdh_numfmt's values are */
static void format_value(gdh_buf *b, int nfc, int n)
{
    char s[GDH_NUM_TEXT_MAX];
    size_t k = gdh_number_text((gdh_numfmt)nfc, n, s, sizeof s);
    gdh_buf_add(b, s, k);
}

static void bullet_text(gdh_buf *b, const wd_lvl *l)
{
    gdh_buf_utf8(b, gdh_bullet_char(l->ntext ? l->text[0] : 0));
}

typedef struct counters {
    int32_t v[9];
    bool started[9];
    bool lfo_started; /* the LFO's start-at overrides were applied */
} counters;

void wd_number_next(wd *w, int ilfo, int ilvl, wd_number *out)
{
    memset(out, 0, sizeof *out);
    if (ilfo <= 0 || (size_t)ilfo > w->nlfos || ilfo == 2047) return;
    if (ilvl < 0 || ilvl > 8) ilvl = 0;
    wd_lfo *o = &w->lfos[ilfo - 1];
    if (o->list < 0 || (size_t)o->list >= w->nlists) return;
    wd_list *L = &w->lists[o->list];
    if (L->simple) ilvl = 0;
    /* counters live per list, allocated on first use */
    if (!w->counters) {
        w->counters = calloc(w->nlists ? w->nlists : 1, sizeof(counters));
        w->lfo_seen = calloc(w->nlfos ? w->nlfos : 1, sizeof(bool));
        if (!w->counters || !w->lfo_seen) return;
    }
    counters *cnt = w->counters;
    bool *lfo_seen = w->lfo_seen;
    counters *c = &cnt[o->list];
    const wd_lvl *def[9];
    for (int i = 0; i < 9; i++) def[i] = o->lvl_override[i] ? o->lvl_override[i] : &L->lvl[i];
    if (!lfo_seen[ilfo - 1]) {
        lfo_seen[ilfo - 1] = true;
        for (int i = 0; i < 9; i++)
            if (o->has_start[i]) c->started[i] = false;
    }
    int start = o->has_start[ilvl] ? o->start_at[ilvl] : def[ilvl]->start;
    c->v[ilvl] = c->started[ilvl] ? c->v[ilvl] + 1 : start;
    c->started[ilvl] = true;
    for (int i = ilvl + 1; i < 9; i++)
        if (!def[i]->no_restart) c->started[i] = false;
    const wd_lvl *l = def[ilvl];
    out->active = true;
    out->ilvl = ilvl;
    out->list_id = o->list;
    out->start = c->v[ilvl];
    out->ordered = l->nfc != GDH_NUM_BULLET;
    gdh_buf b = {0};
    bool plain = false;
    if (l->nfc == GDH_NUM_BULLET) {
        bullet_text(&b, l);
    } else {
        for (int i = 0; i < l->ntext; i++) {
            uint16_t ch = l->text[i];
            if (ch < 9) {
                int k = ch;
                int v = k == ilvl || c->started[k] ? c->v[k] : def[k]->start;
                format_value(&b, l->legal ? GDH_NUM_DECIMAL : def[k]->nfc, v);
            } else {
                gdh_buf_utf8(&b, ch);
            }
        }
        /* plain: the level's own decimal number, alone or with "." / ")" */
        plain = l->nfc == GDH_NUM_DECIMAL && !l->legal && l->ntext >= 1 && l->text[0] == ilvl &&
                (l->ntext == 1 || (l->ntext == 2 && (l->text[1] == '.' || l->text[1] == ')')));
    }
    bool checkbox = l->nfc == GDH_NUM_BULLET && b.p && b.len == 3 &&
                    (unsigned char)b.p[0] == 0xE2 && (unsigned char)b.p[1] == 0x98 &&
                    (unsigned char)b.p[2] >= 0x90 && (unsigned char)b.p[2] <= 0x92;
    out->list = !checkbox && (l->nfc == GDH_NUM_BULLET || plain);
    if (b.p) {
        size_t n2 = b.len < sizeof out->text - 8 ? b.len : sizeof out->text - 8;
        memcpy(out->text, b.p, n2);
        out->text[n2] = 0;
        const unsigned char *e = (const unsigned char *)out->text + n2;
        bool cjk_punct = n2 >= 3 && e[-3] == 0xE3 && e[-2] == 0x80;
        cjk_punct |=
            n2 >= 3 && e[-3] == 0xEF && e[-2] == 0xBC &&
            (e[-1] == 0x89 || e[-1] == 0x8E || e[-1] == 0x8C || e[-1] == 0x9A || e[-1] == 0x9B);
        /* ixchFollow: 0 tab, 1 space, 2 nothing */
        if (l->follow != 2 && !cjk_punct && n2) strcat(out->text, " ");
    }
    gdh_buf_free(&b);
}
