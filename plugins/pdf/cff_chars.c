/* The CharStrings of a CFF subset: each drawn glyph's Type 2 charstring
 * with every subroutine call expanded in place, so the subset needs no
 * subroutines (none to renumber).
 *
 * The charstrings and subroutines are read from the font file (ranges.c),
 * not through the mapping of it: a few hundred glyphs of Noto CJK
 * call a few thousand subroutines scattered over 23 MB, a page fault each
 * through the mapping. Reading goes by rounds: the glyphs read are
 * scanned for the subroutines they call, those are read and scanned in
 * turn, and so on; then one exact pass expands. A scan sees a subroutine
 * out of its caller's context (a global one is scanned once per FD that
 * calls it, whose local subroutines it calls, but the hint count before
 * the call is not known), so it may miss a call: the exact pass then finds
 * it missing, it is read, and the glyphs it left incomplete are expanded
 * again (3 of the seed's 452).
 *
 * Subroutine INDEXes up to RESIDENT_MAX are read whole on their first
 * call instead (one or two reads): Noto CJK's global and local
 * subroutines are ~0.5 MB, near the end and the start of 23 MB, and the
 * seed's 1913 of them took ~330 of the 392 reads, ~2 ms. Calls into them
 * are then expanded on the spot, and a scan does not need to follow them.
 *
 * What is read stays in the store: the writer's second thread reads each
 * page's new glyphs while the next pages are laid out, and the subset at
 * the end expands them. (Expanding them as they were read too moved more
 * work onto that thread, which finishes last: no faster, 80 runs A/B.) */
#include "cff_internal.h"

#include <stdlib.h>
#include <string.h>

/* Store slots not holding bytes (yet). */
#define PENDING 0xFFFFFFFEu
#define BAD     0xFFFFFFFDu
enum { MAX_ROUNDS = 32, MAX_DEPTH = 10, RESIDENT_MAX = 1 << 20, MAX_RESIDENT = 64 };

/* A subroutine INDEX read whole: its offsets and data, from at + 3. */
typedef struct resident {
    const cff_index *ix;
    uint8_t *b; /* NULL: not kept (too big, or a read failed) */
    size_t n;
} resident;

/* A subroutine is known by its INDEX (0 global, 1 + FD local) and number:
 * key = which << 16 | number. Open addressing on key + 1 (0: empty). */
typedef struct slot {
    uint32_t key1, at, len; /* at: place in the store, or PENDING / BAD */
} slot;

typedef struct want {
    uint32_t key;
    unsigned fd; /* the FD of the glyph that called it, for scanning it */
} want;

struct cff_store {
    pw_region rg;
    const cff_index *csx; /* CharStrings */
    const cff_index *gsubr;
    const cff_index *const *lsubr; /* per FD, NULL: none */
    pw_buf bytes;
    slot *v;
    size_t cap, used;
    want *missing; /* asked for, not read yet */
    size_t nmissing, mcap;
    resident res[MAX_RESIDENT];
    size_t nres;
    bool no_resident; /* GOVDOC_PDF_CFF_RESIDENT=0: piece by piece (tests) */
    bool oom;
};
typedef struct cff_store store;

static slot *probe(slot *v, size_t cap, uint32_t key)
{
    /* The kind of a key is in its high bits, which a product's low bits
     * do not see: folded down, or every kind of key k shares a chain. */
    uint32_t h = key * 2654435761u;
    size_t i = (h ^ h >> 16) & (cap - 1);
    while (v[i].key1 && v[i].key1 != key + 1) i = (i + 1) & (cap - 1);
    return &v[i];
}

/* The key's slot, or NULL. */
static slot *find(const store *s, uint32_t key)
{
    if (!s->cap) return NULL;
    slot *sl = probe(s->v, s->cap, key);
    return sl->key1 ? sl : NULL;
}

/* The key's slot, made when missing (*made: it was); one probe either
 * way. NULL: out of memory (s->oom set). */
static slot *find_add(store *s, uint32_t key, bool *made)
{
    if ((s->used + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        slot *v = calloc(cap, sizeof *v);
        if (!v) {
            s->oom = true;
            return NULL;
        }
        for (size_t i = 0; i < s->cap; i++)
            if (s->v[i].key1) *probe(v, cap, s->v[i].key1 - 1) = s->v[i];
        free(s->v);
        s->v = v;
        s->cap = cap;
    }
    slot *sl = probe(s->v, s->cap, key);
    *made = !sl->key1;
    if (*made) {
        sl->key1 = key + 1;
        s->used++;
    }
    return sl;
}

typedef struct piece {
    const cff_index *ix;
    unsigned k;
    size_t at;
    uint32_t len;
    bool bad;
} piece;

/* Reads the pieces: first their two offsets each, then their bytes. */
static bool pieces_read(store *s, piece *p, size_t n)
{
    pw_range *r = malloc((n ? n : 1) * sizeof *r);
    size_t *which = malloc((n ? n : 1) * sizeof *which);
    pw_buf offs = {0};
    bool ok = r && which;
    for (size_t i = 0; ok && i < n; i++)
        r[i] = (pw_range){p[i].ix->at + 3 + (uint64_t)p[i].k * p[i].ix->osz, 2 * p[i].ix->osz, 0};
    ok = ok && pw_ranges_read(&s->rg, r, n, &offs);
    size_t m = 0;
    for (size_t i = 0; ok && i < n; i++) {
        const uint8_t *o = (const uint8_t *)offs.v + r[i].at;
        unsigned w = p[i].ix->osz;
        uint64_t a = 0, e = 0;
        for (unsigned k = 0; k < w; k++) {
            a = a << 8 | o[k];
            e = e << 8 | o[w + k];
        }
        a += p[i].ix->data;
        e += p[i].ix->data;
        p[i].bad = a > e || e > s->rg.len || e - a > UINT32_MAX;
        if (p[i].bad) continue;
        which[m] = i;
        r[m++] = (pw_range){a, (uint32_t)(e - a), 0};
    }
    ok = ok && pw_ranges_read(&s->rg, r, m, &s->bytes);
    for (size_t i = 0; ok && i < m; i++) {
        p[which[i]].at = r[i].at;
        p[which[i]].len = r[i].len;
        p[which[i]].bad = r[i].at >= BAD;
    }
    free(which);
    free(r);
    pw_buf_free(&offs);
    return ok;
}

enum { EX_BAD = 0, EX_OK = 1, EX_MISSING = 2 };

static uint64_t off_at(const uint8_t *p, unsigned osz)
{
    uint64_t v = 0;
    for (unsigned k = 0; k < osz; k++) v = v << 8 | p[k];
    return v;
}

/* ix read whole on first use, when it is small enough; NULL otherwise. */
static const resident *resident_of(store *s, const cff_index *ix)
{
    for (size_t i = 0; i < s->nres; i++)
        if (s->res[i].ix == ix) return s->res[i].b ? &s->res[i] : NULL;
    if (s->nres == MAX_RESIDENT || s->no_resident) return NULL;
    resident *r = &s->res[s->nres++];
    *r = (resident){ix, NULL, 0};
    uint64_t start = (uint64_t)ix->at + 3, end = ix->end;
    if (!ix->count || ix->osz < 1 || ix->osz > 4) return NULL;
    if (!end) { /* its last offset says where it ends */
        uint64_t last_at = start + (uint64_t)ix->count * ix->osz;
        uint8_t o[4];
        if (last_at + ix->osz > s->rg.len) return NULL;
        pw_region_read(&s->rg, last_at, ix->osz, o);
        end = ix->data + off_at(o, ix->osz);
    }
    if (end <= start || end > s->rg.len || end - start > RESIDENT_MAX) return NULL;
    if (!(r->b = malloc((size_t)(end - start)))) return NULL;
    r->n = (size_t)(end - start);
    pw_region_read(&s->rg, start, r->n, r->b);
    return r;
}

/* Subroutine k of ix from its resident copy: EX_OK, EX_BAD, or EX_MISSING
 * when ix is not resident. */
static int resident_get(store *s, const cff_index *ix, unsigned k, const uint8_t **d, size_t *n)
{
    const resident *r = resident_of(s, ix);
    if (!r) return EX_MISSING;
    size_t o = (size_t)k * ix->osz;
    if (o + 2 * (size_t)ix->osz > r->n) return EX_BAD;
    uint64_t a = ix->data + off_at(r->b + o, ix->osz),
             e = ix->data + off_at(r->b + o + ix->osz, ix->osz);
    uint64_t start = (uint64_t)ix->at + 3;
    if (a > e || a < start || e - start > r->n) return EX_BAD;
    *d = r->b + (a - start);
    *n = (size_t)(e - a);
    return EX_OK;
}

static bool push_want(store *s, uint32_t key, unsigned fd)
{
    if (s->nmissing == s->mcap) {
        size_t c = s->mcap ? s->mcap * 2 : 256;
        want *m = realloc(s->missing, c * sizeof *m);
        if (!m) return !(s->oom = true);
        s->missing = m;
        s->mcap = c;
    }
    s->missing[s->nmissing++] = (want){key, fd};
    return true;
}

/* A subroutine's bytes, or EX_MISSING or EX_BAD; *fresh: first asked for
 * now (its slot is made, PENDING). */
static int subr_get(store *s, uint32_t key, const uint8_t **d, size_t *n, bool *fresh)
{
    slot *sl = find_add(s, key, fresh);
    if (!sl) return EX_BAD;
    if (*fresh) sl->at = PENDING;
    if (sl->at == PENDING) return EX_MISSING;
    if (sl->at == BAD) return EX_BAD;
    *d = (const uint8_t *)s->bytes.v + sl->at;
    *n = sl->len;
    return EX_OK;
}

/* True the first time global subroutine k is seen called from FD fd: a
 * global subroutine's local calls are its caller's FD's, so it is scanned
 * once per FD that calls it (its key: bit 30, the FD, the number). */
static bool new_context(store *s, uint32_t k, unsigned fd)
{
    bool made;
    return find_add(s, 1u << 30 | (uint32_t)fd << 16 | k, &made) && made;
}

typedef struct cs_state {
    store *s;
    unsigned fd;
    pw_buf *out; /* NULL: a scan, which only finds calls */
    int nargs, nstems;
    bool ended;
    bool incomplete; /* a subroutine was not read yet: the output is wrong */
} cs_state;

static unsigned bias(unsigned count)
{
    return count < 1240 ? 107 : count < 33900 ? 1131 : 32768;
}

static void put(cs_state *st, const uint8_t *d, size_t n)
{
    if (st->out) pw_buf_put(st->out, d, n);
}

static int expand(cs_state *st, const uint8_t *d, size_t e, int depth);

static int call(cs_state *st, bool local, long num, int depth)
{
    const cff_index *ix = local ? st->s->lsubr[st->fd] : st->s->gsubr;
    if (!ix) return EX_BAD;
    long k = num + (long)bias(ix->count);
    if (k < 0 || k >= (long)ix->count) return EX_BAD;
    const uint8_t *sd;
    size_t sn;
    int rr = resident_get(st->s, ix, (unsigned)k, &sd, &sn);
    if (rr == EX_BAD) return EX_BAD;
    if (rr == EX_OK) return st->out ? expand(st, sd, sn, depth + 1) : EX_OK;
    bool fresh;
    uint32_t key = (uint32_t)(local ? st->fd + 1 : 0) << 16 | (uint32_t)k;
    int r = subr_get(st->s, key, &sd, &sn, &fresh);
    if (r == EX_BAD) return EX_BAD;
    if (!st->out) { /* a scan: the callee is scanned when read */
        if (local ? fresh : new_context(st->s, (uint32_t)k, st->fd)) push_want(st->s, key, st->fd);
        return EX_OK;
    }
    if (r == EX_MISSING) {
        if (fresh) push_want(st->s, key, st->fd);
        st->incomplete = true;
        return EX_OK;
    }
    return expand(st, sd, sn, depth + 1);
}

/* Copies a Type 2 charstring with subroutine calls expanded. The bytes
 * between calls are copied as runs, not token by token: this loop runs
 * over every byte of every glyph drawn (and of the subroutines they call). */
static int expand(cs_state *st, const uint8_t *d, size_t e, int depth)
{
    if (depth > MAX_DEPTH) return EX_BAD;
    size_t run = 0;           /* copied from here up to p when flushed */
    size_t num_at = SIZE_MAX; /* where the last token starts, if a number */
    long last = 0;
    size_t p = 0;
    while (p < e && !st->ended) {
        uint8_t b = d[p];
        if (b >= 32 || b == 28) {
            size_t len = b == 28 ? 3 : b <= 246 ? 1 : b <= 254 ? 2 : 5;
            if (p + len > e) return EX_BAD;
            if (b == 28)
                last = (int16_t)(d[p + 1] << 8 | d[p + 2]);
            else if (b <= 246)
                last = b - 139;
            else if (b <= 250)
                last = (b - 247) * 256 + d[p + 1] + 108;
            else if (b <= 254)
                last = -(b - 251) * 256 - d[p + 1] - 108;
            else
                last = 0; /* 16.16 fixed: never a subroutine number */
            num_at = b == 255 ? SIZE_MAX : p;
            p += len;
            st->nargs++;
            continue;
        }
        if (b == 10 || b == 29) { /* callsubr, callgsubr: the number before is the index */
            if (num_at == SIZE_MAX || st->nargs < 1) return EX_BAD;
            put(st, d + run, num_at - run);
            st->nargs--;
            int r = call(st, b == 10, last, depth);
            if (r != EX_OK) return r;
            run = ++p;
            num_at = SIZE_MAX;
            continue;
        }
        if (b == 11) { /* return */
            put(st, d + run, p - run);
            return EX_OK;
        }
        size_t len = b == 12 ? 2 : 1;
        if (p + len > e) return EX_BAD;
        if (b == 1 || b == 3 || b == 18 || b == 23) st->nstems += st->nargs / 2;
        if (b == 19 || b == 20) { /* hintmask, cntrmask: implicit vstem, then mask bytes */
            st->nstems += st->nargs / 2;
            len += (size_t)(st->nstems + 7) / 8;
            if (p + len > e) return EX_BAD;
        }
        p += len;
        st->nargs = 0;
        num_at = SIZE_MAX;
        if (b == 14) st->ended = true; /* endchar */
    }
    put(st, d + run, p - run);
    return EX_OK;
}

/* Reads what the scans asked for, scanning each piece read for the calls
 * it makes, until nothing more is asked. */
static bool read_wanted(store *s)
{
    for (int round = 0; s->nmissing; round++) {
        size_t n = s->nmissing, m = 0;
        want *w = s->missing;
        piece *p = malloc(n * sizeof *p);
        uint32_t *keys = malloc(n * sizeof *keys);
        s->missing = NULL;
        s->nmissing = s->mcap = 0;
        bool ok = p && keys && round < MAX_ROUNDS;
        /* Each subroutine not read yet, once (a global one may be wanted
         * from several FDs); BAD until read. */
        for (size_t i = 0; ok && i < n; i++) {
            slot *sl = find(s, w[i].key);
            if (sl->at != PENDING) continue;
            sl->at = BAD;
            uint32_t which = w[i].key >> 16;
            keys[m] = w[i].key;
            p[m++] = (piece){which ? s->lsubr[which - 1] : s->gsubr, w[i].key & 0xFFFF, 0, 0, 0};
        }
        ok = ok && pieces_read(s, p, m);
        for (size_t i = 0; ok && i < m; i++) {
            slot *sl = find(s, keys[i]);
            sl->at = p[i].bad ? BAD : (uint32_t)p[i].at;
            sl->len = p[i].len;
        }
        for (size_t i = 0; ok && i < n; i++) {
            const slot *sl = find(s, w[i].key);
            if (sl->at == BAD) continue;
            uint32_t which = w[i].key >> 16;
            cs_state st = {s, which ? which - 1 : w[i].fd, NULL, 0, 0, false, false};
            (void)expand(&st, (const uint8_t *)s->bytes.v + sl->at, sl->len, 0);
        }
        free(keys);
        free(p);
        free(w);
        if (!ok || s->oom) return false;
    }
    return true;
}

/* Glyph i expanded onto out; its state says whether it is complete. */
static int glyph(store *s, const piece *g, unsigned fd, pw_buf *out, bool *incomplete)
{
    cs_state st = {s, fd, out, 0, 0, false, false};
    int r = expand(&st, (const uint8_t *)s->bytes.v + g->at, g->len, 0);
    if (r == EX_OK && !st.ended) pw_buf_put(out, "\x0e", 1);
    *incomplete = st.incomplete;
    return st.incomplete || r == EX_OK ? EX_OK : EX_BAD; /* a wrong guess may fail: again */
}

cff_store *cff_store_new(const pw_region *rg, const cff_index *csx, const cff_index *gsubr,
                         const cff_index *const *lsubr)
{
    store *s = calloc(1, sizeof *s);
    const char *r = getenv("GOVDOC_PDF_CFF_RESIDENT");
    if (s)
        *s = (store){.rg = *rg,
                     .csx = csx,
                     .gsubr = gsubr,
                     .lsubr = lsubr,
                     .no_resident = r && strcmp(r, "0") == 0};
    return s;
}

void cff_store_free(cff_store *s)
{
    if (!s) return;
    pw_buf_free(&s->bytes);
    free(s->v);
    free(s->missing);
    for (size_t i = 0; i < s->nres; i++) free(s->res[i].b);
    free(s);
}

/* A glyph's charstring is kept under key GLYPH | glyph id. */
#define GLYPH 0x80000000u

/* Reads the charstrings of the glyphs not read yet, scans them, and reads
 * the subroutines they call (read_wanted). */
bool cff_store_read(cff_store *s, const uint32_t *gids, const uint8_t *fdof, size_t n)
{
    piece *g = malloc((n ? n : 1) * sizeof *g);
    size_t *of = malloc((n ? n : 1) * sizeof *of);
    bool ok = g && of && !s->oom;
    size_t m = 0;
    for (size_t i = 0; ok && i < n; i++) {
        bool made;
        slot *sl = find_add(s, GLYPH | gids[i], &made);
        if (!(ok = sl != NULL)) break;
        if (!made) continue;
        sl->at = BAD;
        of[m] = i;
        g[m++] = (piece){s->csx, gids[i], 0, 0, false};
    }
    ok = ok && !s->oom && pieces_read(s, g, m);
    for (size_t i = 0; ok && i < m; i++) {
        slot *sl = find(s, GLYPH | g[i].k);
        sl->at = g[i].bad ? BAD : (uint32_t)g[i].at;
        sl->len = g[i].len;
        if (g[i].bad) continue;
        cs_state st = {s, fdof[of[i]], NULL, 0, 0, false, false};
        (void)expand(&st, (const uint8_t *)s->bytes.v + g[i].at, g[i].len, 0);
    }
    free(of);
    free(g);
    return ok && read_wanted(s);
}

bool cff_store_expand(cff_store *s, const uint32_t *gids, const uint8_t *fdof, size_t n,
                      pw_buf *chars, size_t *offs)
{
    piece *g = malloc((n ? n : 1) * sizeof *g);
    bool *redo = calloc(n ? n : 1, 1);
    bool ok = g && redo && cff_store_read(s, gids, fdof, n);
    for (size_t i = 0; ok && i < n; i++) {
        const slot *sl = find(s, GLYPH | gids[i]);
        ok = sl && sl->at != BAD;
        if (ok) g[i] = (piece){s->csx, gids[i], sl->at, sl->len, false};
    }
    chars->n = 0;
    size_t nredo = 0;
    for (size_t i = 0; ok && i < n; i++) {
        offs[i] = chars->n;
        ok = glyph(s, &g[i], fdof[i], chars, &redo[i]) == EX_OK;
        nredo += redo[i];
    }
    offs[n] = chars->n;
    /* The glyphs a scan did not read enough for: again, into a new buffer
     * that takes the others' bytes as they are. */
    for (int pass = 0; ok && nredo; pass++) {
        ok = pass < MAX_ROUNDS && read_wanted(s);
        pw_buf next = {0};
        size_t prev = 0;
        nredo = 0;
        for (size_t i = 0; ok && i < n; i++) {
            size_t at = next.n;
            if (redo[i])
                ok = glyph(s, &g[i], fdof[i], &next, &redo[i]) == EX_OK;
            else
                pw_buf_put(&next, chars->v + prev, offs[i + 1] - prev);
            prev = offs[i + 1];
            offs[i] = at;
            nredo += redo[i];
        }
        offs[n] = next.n;
        pw_buf_free(chars);
        *chars = next;
    }
    ok = ok && !s->oom && !s->bytes.oom && !chars->oom;
    free(redo);
    free(g);
    return ok;
}
