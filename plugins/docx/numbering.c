/* numbering.xml: abstract numberings and their instances, the counters as
 * Word keeps them, and the number text of each numbered paragraph
 * ("一、", "（一）", "1.2", "①", bullets) in every common w:numFmt. */
#include "docx.h"

#include "govdoc/helpers/cjk.h"
#include "govdoc/helpers/numbering.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NLVL 9
/* Word writes a few hundred; an archive's worst files a few thousand. More
 * is an attack on memory (each instance keeps its own counters). */
#define MAX_NUMS      500000
#define MAX_ABSTRACTS 50000
/* Word's own range is 0..32767; anything wider is clamped so counting can
 * never overflow. */
#define MAX_START 1000000000L

typedef struct lvl_def {
    bool set;
    int start;
    gdh_numfmt fmt;
    int restart; /* -1: after any higher level; 0: never; n: after level n-1 */
    char suff;   /* 't' tab, 's' space, 'n' nothing */
    bool legal;
    char text[64];
} lvl_def;

typedef struct abstract_num {
    int id;
    lvl_def lvl[NLVL];
    char *num_style_link;
    int counter[NLVL];
    bool started[NLVL];
} abstract_num;

typedef struct num_inst {
    int id;
    int abstract_id;
    int start_override[NLVL]; /* -1 unset */
    lvl_def *lvl;             /* [NLVL] full level overrides, when any */
    bool own;                 /* has overrides: keeps its own counters */
    int counter[NLVL];
    bool started[NLVL];
} num_inst;

/* id → position, sorted by id then position: the first definition of an
 * id wins, found by binary search (instances are looked up once per
 * numbered paragraph; a linear search made 10^5 instances quadratic). */
typedef struct id_pos {
    int id;
    unsigned pos;
} id_pos;

struct dx_numbering {
    abstract_num *abs;
    size_t nabs, capabs;
    num_inst *nums;
    size_t nnums, capnums;
    id_pos *num_index, *abs_index;
};

static long clamp_start(long v)
{
    return v < -MAX_START ? -MAX_START : v > MAX_START ? MAX_START : v;
}

static void lvl_init(lvl_def *l, int ilvl)
{
    memset(l, 0, sizeof *l);
    l->start = 1;
    l->fmt = GDH_NUM_DECIMAL;
    l->restart = -1;
    l->suff = 't';
    snprintf(l->text, sizeof l->text, "%%%d.", ilvl + 1);
}

/* ---- loading ---- */

typedef struct nb_ctx {
    docx *dx;
    abstract_num *a;
    num_inst *n;
    lvl_def *l;
    int override_lvl; /* inside lvlOverride: its ilvl */
    int skip;
} nb_ctx;

static void nb_start(void *self, const dx_ev *e)
{
    nb_ctx *c = self;
    dx_numbering *nb = c->dx->numbering;
    char v[256];
    if (c->skip) {
        c->skip++;
        return;
    }
    switch (e->el) {
    case E_RPR:
    case E_PPR:
    case E_NUMBERINGCHANGE: c->skip = 1; return;
    case E_ABSTRACTNUM:
        if (nb->nabs >= MAX_ABSTRACTS) {
            dx_fail(c->dx, GD_ELIMIT, "numbering defines more than %d abstract numberings",
                    MAX_ABSTRACTS);
            c->skip = 1;
            return;
        }
        if (nb->nabs == nb->capabs) {
            size_t cap = nb->capabs ? nb->capabs * 2 : 16;
            abstract_num *v2 = gd_mem_realloc(nb->abs, cap * sizeof *v2);
            if (!v2) {
                dx_fail(c->dx, GD_ENOMEM, "out of memory");
                return;
            }
            nb->abs = v2;
            nb->capabs = cap;
        }
        c->a = &nb->abs[nb->nabs++];
        memset(c->a, 0, sizeof *c->a);
        c->a->id = (int)dx_attr_long(e, NS_W, "abstractNumId", -1);
        for (int i = 0; i < NLVL; i++) lvl_init(&c->a->lvl[i], i);
        return;
    case E_NUM:
        if (nb->nnums >= MAX_NUMS) {
            dx_fail(c->dx, GD_ELIMIT, "numbering defines more than %d list instances", MAX_NUMS);
            c->skip = 1;
            return;
        }
        if (nb->nnums == nb->capnums) {
            size_t cap = nb->capnums ? nb->capnums * 2 : 16;
            num_inst *v2 = gd_mem_realloc(nb->nums, cap * sizeof *v2);
            if (!v2) {
                dx_fail(c->dx, GD_ENOMEM, "out of memory");
                return;
            }
            nb->nums = v2;
            nb->capnums = cap;
        }
        c->n = &nb->nums[nb->nnums++];
        memset(c->n, 0, sizeof *c->n);
        c->n->id = (int)dx_attr_long(e, NS_W, "numId", -1);
        c->n->abstract_id = -1;
        for (int i = 0; i < NLVL; i++) c->n->start_override[i] = -1;
        return;
    case E_ABSTRACTNUMID:
        if (c->n) c->n->abstract_id = (int)dx_attr_long(e, NS_W, "val", -1);
        return;
    case E_LVLOVERRIDE: c->override_lvl = (int)dx_attr_long(e, NS_W, "ilvl", -1); return;
    case E_STARTOVERRIDE:
        if (c->n && c->override_lvl >= 0 && c->override_lvl < NLVL) {
            c->n->start_override[c->override_lvl] =
                (int)clamp_start(dx_attr_long(e, NS_W, "val", 1));
            c->n->own = true;
        }
        return;
    case E_LVL: {
        int i = (int)dx_attr_long(e, NS_W, "ilvl", -1);
        if (i < 0 || i >= NLVL) {
            c->skip = 1;
            return;
        }
        if (c->n && c->override_lvl >= 0) {
            if (!c->n->lvl) {
                c->n->lvl = gd_mem_alloc(NLVL * sizeof *c->n->lvl);
                if (!c->n->lvl) {
                    dx_fail(c->dx, GD_ENOMEM, "out of memory");
                    c->skip = 1;
                    return;
                }
                memset(c->n->lvl, 0, NLVL * sizeof *c->n->lvl);
            }
            c->l = &c->n->lvl[i];
            c->n->own = true;
        } else if (c->a) {
            c->l = &c->a->lvl[i];
        } else {
            c->skip = 1;
            return;
        }
        lvl_init(c->l, i);
        c->l->set = true;
        return;
    }
    case E_NUMSTYLELINK:
        if (c->a && dx_attr_get(e, NS_W, "val", v, sizeof v) && !c->a->num_style_link)
            c->a->num_style_link = dx_strdup(v);
        return;
    default: break;
    }
    if (!c->l) return;
    switch (e->el) {
    case E_START: c->l->start = (int)clamp_start(dx_attr_long(e, NS_W, "val", 1)); break;
    case E_NUMFMT:
        if (dx_attr_get(e, NS_W, "val", v, sizeof v)) c->l->fmt = gdh_numfmt_from_name(v);
        break;
    case E_LVLTEXT:
        if (dx_attr_get(e, NS_W, "val", v, sizeof v)) {
            size_t n = strlen(v) < sizeof c->l->text ? strlen(v) : sizeof c->l->text - 1;
            memcpy(c->l->text, v, n);
            c->l->text[n] = 0;
        } else {
            c->l->text[0] = 0;
        }
        break;
    case E_LVLRESTART: {
        long r = dx_attr_long(e, NS_W, "val", -1);
        c->l->restart = r < -1 ? -1 : r > NLVL ? NLVL : (int)r;
        break;
    }
    case E_SUFF:
        if (dx_attr_get(e, NS_W, "val", v, sizeof v))
            c->l->suff = !strcmp(v, "space") ? 's' : !strcmp(v, "nothing") ? 'n' : 't';
        break;
    case E_ISLGL: c->l->legal = dx_attr_on(e); break;
    default: break;
    }
}

static void nb_end(void *self, int el)
{
    nb_ctx *c = self;
    if (c->skip) {
        c->skip--;
        return;
    }
    switch (el) {
    case E_ABSTRACTNUM: c->a = NULL; break;
    case E_NUM: c->n = NULL; break;
    case E_LVLOVERRIDE: c->override_lvl = -1; break;
    case E_LVL: c->l = NULL; break;
    default: break;
    }
}

static int cmp_id_pos(const void *a, const void *b)
{
    const id_pos *x = a, *y = b;
    if (x->id != y->id) return x->id < y->id ? -1 : 1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static id_pos *build_index(size_t n, const void *base, size_t stride)
{
    id_pos *v = gd_mem_alloc((n ? n : 1) * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < n; i++) {
        v[i].id = *(const int *)((const char *)base + i * stride); /* id is the first member */
        v[i].pos = (unsigned)i;
    }
    qsort(v, n, sizeof *v, cmp_id_pos);
    return v;
}

int dx_numbering_load(docx *dx, const char *part)
{
    dx->numbering = calloc(1, sizeof *dx->numbering);
    if (!dx->numbering) return dx_fail(dx, GD_ENOMEM, "out of memory");
    nb_ctx c = {dx, NULL, NULL, NULL, -1, 0};
    dx_consumer cons = {nb_start, nb_end, NULL, &c};
    int rc = dx_xml_parse_part(dx, part, &cons);
    dx_numbering *nb = dx->numbering;
    nb->num_index = build_index(nb->nnums, nb->nums, sizeof *nb->nums);
    nb->abs_index = build_index(nb->nabs, nb->abs, sizeof *nb->abs);
    if (!nb->num_index || !nb->abs_index) return dx_fail(dx, GD_ENOMEM, "out of memory");
    return rc;
}

void dx_numbering_free(dx_numbering *nb)
{
    if (!nb) return;
    for (size_t i = 0; i < nb->nabs; i++) free(nb->abs[i].num_style_link);
    for (size_t i = 0; i < nb->nnums; i++) gd_free(nb->nums[i].lvl);
    gd_free(nb->abs);
    gd_free(nb->nums);
    gd_free(nb->num_index);
    gd_free(nb->abs_index);
    free(nb);
}

/* ---- number text ---- */

static void format_value(gdh_buf *b, gdh_numfmt fmt, int n)
{
    char s[GDH_NUM_TEXT_MAX];
    size_t k = gdh_number_text(fmt, n, s, sizeof s);
    gdh_buf_add(b, s, k);
}

/* The level's bullet as Unicode: Symbol/Wingdings private-use code points
 * as the shapes they draw, a lone 'o' as ◦, none as •. */
static void bullet_text(gdh_buf *b, const char *t)
{
    size_t i = 0, len = strlen(t);
    uint32_t cp = len ? gdh_utf8_next(t, len, &i) : 0;
    if (!len || (cp >= 0xF000 && cp <= 0xF0FF) || (cp == 'o' && len == 1))
        gdh_buf_utf8(b, gdh_bullet_char(cp));
    else
        gdh_buf_add(b, t, len);
}

static long find_pos(const id_pos *v, size_t n, int id)
{
    if (!v) return -1;
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && v[lo].id == id ? (long)v[lo].pos : -1;
}

static num_inst *find_num(dx_numbering *nb, int id)
{
    long i = find_pos(nb->num_index, nb->nnums, id);
    return i < 0 ? NULL : &nb->nums[i];
}

static abstract_num *find_abs(dx_numbering *nb, int id)
{
    long i = find_pos(nb->abs_index, nb->nabs, id);
    return i < 0 ? NULL : &nb->abs[i];
}

void dx_numbering_next(docx *dx, int num_id, int ilvl, dx_number *out)
{
    memset(out, 0, sizeof *out);
    dx_numbering *nb = dx->numbering;
    if (!nb || num_id <= 0) return;
    if (ilvl < 0) ilvl = 0;
    if (ilvl >= NLVL) ilvl = NLVL - 1;
    num_inst *n = find_num(nb, num_id);
    if (!n) return;
    abstract_num *a = find_abs(nb, n->abstract_id);
    /* A list style: the abstract points to a style whose numbering is the
     * real one. */
    for (int hop = 0; a && a->num_style_link && hop < 4; hop++) {
        dx_style *st = dx_style_get(dx, a->num_style_link);
        num_inst *n2 = st && st->num_id_full > 0 ? find_num(nb, st->num_id_full) : NULL;
        abstract_num *a2 = n2 ? find_abs(nb, n2->abstract_id) : NULL;
        if (!a2 || a2 == a) break;
        a = a2;
    }
    if (!a) return;
    int *counter = n->own ? n->counter : a->counter;
    bool *started = n->own ? n->started : a->started;
    const lvl_def *def[NLVL];
    for (int i = 0; i < NLVL; i++) def[i] = n->lvl && n->lvl[i].set ? &n->lvl[i] : &a->lvl[i];
    int start = n->start_override[ilvl] >= 0 ? n->start_override[ilvl] : def[ilvl]->start;
    /* starts are clamped when read, so this never overflows */
    counter[ilvl] = !started[ilvl] ? start : counter[ilvl] < INT_MAX ? counter[ilvl] + 1 : INT_MAX;
    started[ilvl] = true;
    for (int i = ilvl + 1; i < NLVL; i++)
        if (def[i]->restart != 0 && (def[i]->restart < 0 || def[i]->restart - 1 <= ilvl))
            started[i] = false;

    const lvl_def *l = def[ilvl];
    out->active = true;
    out->ilvl = ilvl;
    out->abstract_id = a->id;
    out->start = counter[ilvl];
    out->ordered = l->fmt != GDH_NUM_BULLET;
    gdh_buf b = {0};
    if (l->fmt == GDH_NUM_BULLET) {
        bullet_text(&b, l->text);
    } else {
        for (const char *p = l->text; *p; p++) {
            if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
                int k = p[1] - '1';
                int v = k == ilvl || started[k] ? counter[k] : def[k]->start;
                format_value(&b, l->legal ? GDH_NUM_DECIMAL : def[k]->fmt, v);
                p++;
            } else {
                gdh_buf_addc(&b, *p);
            }
        }
    }
    /* Plain "1." / "1)" decimals and bullets map to IR lists; anything
     * whose number text carries meaning (一、 （一） 1.2 a)) stays text. */
    char simple[3][8];
    snprintf(simple[0], sizeof simple[0], "%%%d.", ilvl + 1);
    snprintf(simple[1], sizeof simple[1], "%%%d)", ilvl + 1);
    snprintf(simple[2], sizeof simple[2], "%%%d", ilvl + 1);
    bool plain =
        l->fmt == GDH_NUM_DECIMAL && !l->legal &&
        (!strcmp(l->text, simple[0]) || !strcmp(l->text, simple[1]) || !strcmp(l->text, simple[2]));
    /* a checkbox "bullet" (☐ ☑ ☒) is a task's state: keep it as text */
    bool checkbox = l->fmt == GDH_NUM_BULLET && b.p && b.len == 3 &&
                    (unsigned char)b.p[0] == 0xE2 && (unsigned char)b.p[1] == 0x98 &&
                    (unsigned char)b.p[2] >= 0x90 && (unsigned char)b.p[2] <= 0x92;
    out->list = !dx->numbering_text && !checkbox && (l->fmt == GDH_NUM_BULLET || plain);
    if (b.p) {
        size_t n2 = b.len < sizeof out->text - 8 ? b.len : sizeof out->text - 8;
        memcpy(out->text, b.p, n2);
        out->text[n2] = 0;
        /* The separator Word draws after the number (tab or space), unless
         * the number ends in CJK punctuation, which already separates. */
        const unsigned char *e = (const unsigned char *)out->text + n2;
        bool cjk_punct = n2 >= 3 && e[-3] == 0xE3 && e[-2] == 0x80; /* 、。〕」 … */
        cjk_punct |= n2 >= 3 && e[-3] == 0xEF && e[-2] == 0xBC &&
                     (e[-1] == 0x89 || e[-1] == 0x8E || e[-1] == 0x8C || e[-1] == 0x9A ||
                      e[-1] == 0x9B); /* ）．，：； */
        if (l->suff != 'n' && !cjk_punct && n2) strcat(out->text, " ");
    }
    gdh_buf_free(&b);
}
