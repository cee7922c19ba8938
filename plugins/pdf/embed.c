/* The font objects of the PDF, written by us (no libharu):
 *
 *   Type0 (Identity-H) ─ CIDFontType2 (CIDToGIDMap /Identity) ─ FontFile2
 *                      └ CIDFontType0 ─ FontFile3 /CIDFontType0C
 *                      └ ToUnicode (UTF-16BE, surrogate pairs beyond the BMP)
 *
 * Codes are assigned as pages are written: a TrueType glyph gets the next
 * glyph id of the subset (ttsub.c), a CFF glyph keeps its CID (cff.c), so
 * every page is final when written and the subsets are made once at the
 * end. Widths are listed as /DW (the commonest) and runs of the others. */
#define _GNU_SOURCE
#include "fonts_internal.h"
#include "textglyphs.h"
#include "thread.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Font programs, subset and deflated, kept for the documents that follow
 * in a batch: a document that draws the same glyphs in the same order (a
 * report series from one template, the same letterhead and digits) reuses
 * them instead of subsetting and compressing again. A few MB at most. */
#define CACHE_SLOTS 24
#define CACHE_BYTES (12u << 20)
static struct {
    pthread_mutex_t lock;
    struct {
        const pw_face *face;
        uint8_t key[16];
        size_t n;    /* glyphs */
        size_t plen; /* the program's length before deflating (/Length1) */
        uint8_t *z;  /* deflated */
        size_t zn;
        unsigned age;
    } e[CACHE_SLOTS];
    size_t bytes;
    unsigned clock;
} C = {.lock = PTHREAD_MUTEX_INITIALIZER};

__attribute__((destructor)) static void cache_cleanup(void)
{
    for (int i = 0; i < CACHE_SLOTS; i++) free(C.e[i].z);
    memset(C.e, 0, sizeof C.e);
}

static void glyphs_key(const pw_font_slot *s, uint8_t key[16])
{
    pw_hash h;
    pw_hash_init(&h);
    pw_hash_update(&h, s->gid, s->n * sizeof *s->gid);
    pw_hash_final(&h, key);
}

/* A copy of the cached program, or NULL. */
static uint8_t *cache_get(const pw_font_slot *s, const uint8_t key[16], size_t *zn, size_t *plen)
{
    uint8_t *out = NULL;
    pthread_mutex_lock(&C.lock);
    for (int i = 0; i < CACHE_SLOTS; i++)
        if (C.e[i].z && C.e[i].face == s->face && C.e[i].n == s->n &&
            memcmp(C.e[i].key, key, 16) == 0 && (out = malloc(C.e[i].zn))) {
            memcpy(out, C.e[i].z, C.e[i].zn);
            *zn = C.e[i].zn;
            *plen = C.e[i].plen;
            C.e[i].age = ++C.clock;
            break;
        }
    pthread_mutex_unlock(&C.lock);
    return out;
}

static void cache_put(const pw_font_slot *s, const uint8_t key[16], const uint8_t *z, size_t zn,
                      size_t plen)
{
    if (zn > CACHE_BYTES / 4) return;
    pthread_mutex_lock(&C.lock);
    for (;;) { /* make room: drop the least recently used */
        int old = -1, empty = -1;
        for (int i = 0; i < CACHE_SLOTS; i++) {
            if (!C.e[i].z) {
                if (empty < 0) empty = i;
            } else if (old < 0 || C.e[i].age < C.e[old].age) {
                old = i;
            }
        }
        if (empty >= 0 && C.bytes + zn <= CACHE_BYTES) {
            uint8_t *copy = malloc(zn);
            if (copy) {
                memcpy(copy, z, zn);
                C.e[empty].face = s->face;
                memcpy(C.e[empty].key, key, 16);
                C.e[empty].n = s->n;
                C.e[empty].plen = plen;
                C.e[empty].z = copy;
                C.e[empty].zn = zn;
                C.e[empty].age = ++C.clock;
                C.bytes += zn;
            }
            break;
        }
        if (old < 0) break;
        C.bytes -= C.e[old].zn;
        free(C.e[old].z);
        C.e[old].z = NULL;
    }
    pthread_mutex_unlock(&C.lock);
}

int pw_fonts_code(pw_fonts *f, int slot, uint32_t cp)
{
    if (slot < 0 || slot >= f->nslots) return -1;
    pw_font_slot *s = &f->slots[slot];
    uint32_t known = pw_map_get(&s->cp2code, cp);
    if (known) return (int)known - 1;
    uint32_t gid = pw_sfnt_glyph(&s->face->face, cp);
    if (gid == 0) return -1;
    int code;
    if ((known = pw_map_get(&s->gid2code, gid))) {
        code = (int)known - 1;
    } else {
        if (s->face->cff) {
            if (gid >= s->face->face.nglyphs) return -1;
            code = (int)pw_cff_cid(&s->face->cid, gid);
        } else {
            code = (int)s->n + 1;
        }
        if (code > 0xFFFF || s->n >= 0xFFFE) return -1;
        if (s->n == s->cap) {
            size_t cap = s->cap ? s->cap * 2 : 256;
            uint32_t *g = realloc(s->gid, cap * sizeof *g);
            if (g) s->gid = g;
            uint32_t *u = realloc(s->ucs, cap * sizeof *u);
            if (u) s->ucs = u;
            uint16_t *c = realloc(s->code, cap * sizeof *c);
            if (c) s->code = c;
            if (!g || !u || !c) return -1;
            s->cap = cap;
        }
        if (!pw_map_set(&s->gid2code, gid, (uint32_t)code + 1)) return -1;
        s->gid[s->n] = gid;
        s->ucs[s->n] = cp;
        s->code[s->n] = (uint16_t)code;
        s->n++;
    }
    if (!pw_map_set(&s->cp2code, cp, (uint32_t)code + 1)) return -1;
    return code;
}

uint32_t pw_fonts_obj(pw_fonts *f, int slot, pw_out *o)
{
    if (slot < 0 || slot >= f->nslots) return 0;
    pw_font_slot *s = &f->slots[slot];
    if (!s->obj) s->obj = pw_out_reserve(o);
    return s->obj;
}

/* Entries of a slot sorted by code (CFF codes come in any order). */
typedef struct entry {
    uint16_t code;
    uint32_t ucs, gid;
    int w;
} entry;

static int by_code(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    return (int)x->code - (int)y->code;
}

static void tounicode(pw_buf *b, const entry *e, size_t n)
{
    pw_buf_puts(b, "/CIDInit/ProcSet findresource begin\n12 dict begin\nbegincmap\n"
                   "/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>>def\n"
                   "/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n"
                   "1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n");
    for (size_t i = 0; i < n; i += 100) {
        size_t k = n - i < 100 ? n - i : 100;
        pw_buf_printf(b, "%zu beginbfchar\n", k);
        for (size_t j = i; j < i + k; j++) {
            uint32_t u = e[j].ucs;
            if (u >= 0x10000) {
                u -= 0x10000;
                pw_buf_printf(b, "<%04X><%04X%04X>\n", e[j].code, 0xD800 + (u >> 10),
                              0xDC00 + (u & 0x3FF));
            } else {
                pw_buf_printf(b, "<%04X><%04X>\n", e[j].code, u);
            }
        }
        pw_buf_puts(b, "endbfchar\n");
    }
    pw_buf_puts(b, "endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n");
}

/* /DW and /W: the commonest width is the default; the rest in runs of
 * consecutive codes, `c [w1 w2 …]`. */
static int widths(pw_buf *b, const entry *e, size_t n)
{
    int dw = 1000;
    size_t best = 0;
    for (size_t i = 0; i < n && i < 64; i++) {
        size_t c = 0;
        for (size_t j = 0; j < n; j++) c += e[j].w == e[i].w;
        if (c > best) best = c, dw = e[i].w;
    }
    pw_buf_printf(b, "/DW %d/W[", dw);
    for (size_t i = 0; i < n;) {
        if (e[i].w == dw) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && e[j].code == e[j - 1].code + 1 && e[j].w != dw) j++;
        pw_buf_printf(b, "%u[", e[i].code);
        for (size_t k = i; k < j; k++) pw_buf_printf(b, k > i ? " %d" : "%d", e[k].w);
        pw_buf_puts(b, "]");
        i = j;
    }
    pw_buf_puts(b, "]");
    return dw;
}

/* Six capital letters naming the subset, from its glyphs. */
static void subset_tag(const pw_font_slot *s, char tag[7])
{
    pw_hash h;
    pw_hash_init(&h);
    pw_hash_update(&h, s->face->psname, strlen(s->face->psname));
    pw_hash_update(&h, s->gid, s->n * sizeof *s->gid);
    uint8_t d[16];
    pw_hash_final(&h, d);
    for (int i = 0; i < 6; i++) tag[i] = (char)('A' + d[i] % 26);
    tag[6] = 0;
}

/* A font program to embed: the subset, then deflated (or the deflated
 * program from the cache). The programs are made before any font object
 * is written, two at a time where there are two processors: the second
 * thread (below) takes the CFF ones, whose glyphs it has mostly read
 * while the pages were laid out, while this one makes the TrueType ones;
 * each thread deflates what it made. */
typedef struct program {
    pw_font_slot *s;
    uint8_t key[16];
    uint8_t *prog, *z;
    size_t plen, zn;
    int rc;
    bool by_worker; /* taken by the second thread (set under its lock) */
    bool made;      /* the second thread's program is done (likewise) */
} program;

static void subset(program *p)
{
    pw_face *fa = p->s->face;
    p->rc = fa->cff
                ? pw_cff_subset(&fa->face, fa->path, &fa->cid, p->s->ahead, p->s->gid, p->s->n,
                                &p->prog, &p->plen)
                : pw_tt_subset_file(&fa->face, fa->path, p->s->gid, p->s->n, &p->prog, &p->plen);
}

static void deflate_program(pw_out *o, program *p)
{
    if (p->rc || !pw_out_compressing(o)) return;
    int level = p->s->face->cff ? PW_ZLEVEL_CFF : PW_ZLEVEL;
    if ((p->z = pw_deflate(o, p->prog, p->plen, level, &p->zn))) {
        cache_put(p->s, p->key, p->z, p->zn, p->plen);
        free(p->prog); /* its memory serves the next program (page faults cost) */
        p->prog = NULL;
    }
}

/* The programs still to make, costliest first; the second thread takes
 * them from the front, this one from the back. */
typedef struct queue {
    program **v;
    size_t lo, hi;
    pw_out *o;
} queue;

/* Glyphs for the second thread to read ahead: `gids`, or (`root` set)
 * those of the text under root whose font is `name` or, name NULL, of the
 * body text in none of the fonts `others` (textglyphs.c), which that
 * thread finds. */
typedef struct fetch {
    pw_font_slot *s;
    uint32_t *gids;
    size_t n;
    const gd_node *root;
    const char *name; /* the document's, which outlives this thread's use */
    char *others;     /* owned */
} fetch;

/* The document's second thread, where there are two processors: it reads
 * the glyphs each page drew from CFF faces as the pages are laid out
 * (charstrings and the subroutines they call: several ms for Noto CJK,
 * which this thread would otherwise spend after the last page), then
 * makes font programs beside this thread. Jobs are taken in order, so a
 * slot's glyphs are all read before its program is made. */
typedef struct pw_helper {
    pthread_t t;
    pthread_mutex_t lock;
    pthread_cond_t wake; /* work, or stop */
    pthread_cond_t done; /* a fetch or a program is done */
    fetch *fetch;
    size_t nfetch, next, fcap;
    bool fetching; /* between taking a fetch and finishing it */
    queue *q;
    bool stop;
    bool warm; /* made by pw_fonts_prepare: opens the fonts first */
} pw_helper;

static void run_fetch(fetch *j)
{
    pw_font_slot *s = j->s;
    if (!s->ahead && !s->ahead_tried) {
        s->ahead_tried = true;
        s->ahead = pw_cff_glyphs_new(&s->face->face, s->face->path, &s->face->cid);
    }
    if (s->ahead && j->n) pw_cff_glyphs_read(s->ahead, j->gids, j->n);
    free(j->gids);
}

/* Adds the slot's later fetches to j: reading glyphs in fewer, larger
 * rounds makes fewer reads (their subroutines are shared). */
static void merge(pw_helper *h, fetch *j)
{
    size_t n = j->n;
    for (size_t i = h->next; i < h->nfetch && h->fetch[i].s == j->s && !h->fetch[i].root; i++)
        n += h->fetch[i].n;
    uint32_t *all = n > j->n ? realloc(j->gids, n * sizeof *all) : NULL;
    if (!all) return;
    j->gids = all;
    while (h->next < h->nfetch && h->fetch[h->next].s == j->s && !h->fetch[h->next].root) {
        fetch *k = &h->fetch[h->next++];
        memcpy(all + j->n, k->gids, k->n * sizeof *all);
        j->n += k->n;
        free(k->gids);
    }
}

static void *helper_main(void *arg)
{
    pw_helper *h = arg;
    if (h->warm) pw_fonts_warm();
    pthread_mutex_lock(&h->lock);
    for (;;) {
        if (h->next < h->nfetch) {
            fetch j = h->fetch[h->next++];
            h->fetching = true;
            if (j.root) { /* its glyphs first, outside the lock */
                pthread_mutex_unlock(&h->lock);
                j.gids = pw_text_glyphs(&j.s->face->face, j.root, j.name, j.others, &j.n);
                free(j.others);
                pthread_mutex_lock(&h->lock);
            }
            merge(h, &j);
            pthread_mutex_unlock(&h->lock);
            run_fetch(&j);
            pthread_mutex_lock(&h->lock);
            h->fetching = false;
            pthread_cond_broadcast(&h->done);
            continue;
        }
        program *p = h->q && h->q->lo < h->q->hi ? h->q->v[h->q->lo++] : NULL;
        if (p) {
            pw_out *o = h->q->o;
            p->by_worker = true;
            pthread_mutex_unlock(&h->lock);
            subset(p);
            deflate_program(o, p);
            pthread_mutex_lock(&h->lock);
            p->made = true;
            pthread_cond_broadcast(&h->done);
            continue;
        }
        if (h->stop) break;
        pthread_cond_wait(&h->wake, &h->lock);
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

static long ncpus;

static void count_cpus(void)
{
    ncpus = sysconf(_SC_NPROCESSORS_ONLN); /* reads /sys: once */
}

static bool two_cpus(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, count_cpus);
    return ncpus >= 2;
}

/* A second thread; NULL where there is one processor or it cannot be
 * started. */
static pw_helper *helper_new(bool warm)
{
    if (!two_cpus()) return NULL;
    pw_helper *h = calloc(1, sizeof *h);
    if (!h) return NULL;
    h->warm = warm;
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->wake, NULL);
    pthread_cond_init(&h->done, NULL);
    if (pw_thread_start(&h->t, helper_main, h) != 0) {
        pthread_cond_destroy(&h->done);
        pthread_cond_destroy(&h->wake);
        pthread_mutex_destroy(&h->lock);
        free(h);
        return NULL;
    }
    return h;
}

/* Stops h once it has done what it took, and frees it. */
static void helper_free(pw_helper *h)
{
    pthread_mutex_lock(&h->lock);
    h->stop = true;
    pthread_cond_signal(&h->wake);
    pthread_mutex_unlock(&h->lock);
    pthread_join(h->t, NULL);
    for (size_t i = h->next; i < h->nfetch; i++) {
        free(h->fetch[i].gids);
        free(h->fetch[i].others);
    }
    free(h->fetch);
    pthread_cond_destroy(&h->done);
    pthread_cond_destroy(&h->wake);
    pthread_mutex_destroy(&h->lock);
    free(h);
}

/* The document's second thread, started now if it has none. */
static pw_helper *helper(pw_fonts *f)
{
    if (!f->helper) f->helper = helper_new(false);
    return f->helper;
}

/* Documents this process has begun to write, and the thread
 * pw_fonts_prepare started for the first until it takes it. */
static atomic_int documents;
static pthread_mutex_t early_lock = PTHREAD_MUTEX_INITIALIZER;
static pw_helper *early;

/* Opening the fonts (~2 ms) on the second thread while the core reads
 * the input: the first document finds them open. */
void pw_fonts_prepare(void)
{
    if (atomic_load(&documents) > 0) return;
    pw_fonts_fork_safe();
    pthread_mutex_lock(&early_lock);
    if (!early && atomic_load(&documents) == 0) early = helper_new(true);
    pthread_mutex_unlock(&early_lock);
}

void pw_fonts_prepare_end(void)
{
    pthread_mutex_lock(&early_lock);
    pw_helper *h = early;
    early = NULL;
    pthread_mutex_unlock(&early_lock);
    if (h) helper_free(h);
}

/* Started with the document, before the faces are opened, so that it is
 * running (~0.4 ms after it is made: thread.c) when the first page is.
 * Only for the first document a process writes: a process writing many
 * (a batch worker) has the other processors busy with other workers, and
 * its program cache makes most of what would be read ahead useless (a
 * batch of the seed went 4.2 -> 5.9 ms a document with it). */
void pw_fonts_helper_start(pw_fonts *f)
{
    if (atomic_fetch_add(&documents, 1) != 0) return;
    pthread_mutex_lock(&early_lock);
    f->helper = early;
    early = NULL;
    pthread_mutex_unlock(&early_lock);
    (void)helper(f);
}

void pw_fonts_helper_end(pw_fonts *f)
{
    if (f->helper) helper_free(f->helper);
    f->helper = NULL;
    for (int i = 0; i < f->nslots; i++) {
        pw_cff_glyphs_free(f->slots[i].ahead);
        f->slots[i].ahead = NULL;
        f->slots[i].ahead_tried = false;
        f->slots[i].posted = 0;
    }
}

/* Appends j to h's fetches (h->lock held); false: out of memory. */
static bool add_fetch(pw_helper *h, fetch j)
{
    if (h->nfetch == h->fcap) {
        size_t cap = h->fcap ? h->fcap * 2 : 32;
        fetch *v = realloc(h->fetch, cap * sizeof *v);
        if (!v) return false;
        h->fetch = v;
        h->fcap = cap;
    }
    h->fetch[h->nfetch++] = j;
    pthread_cond_signal(&h->wake);
    return true;
}

void pw_fonts_post_text(pw_fonts *f, int slot, const gd_node *root, const char *name, char *others)
{
    pw_helper *h = f->helper;
    bool ok = h && slot >= 0 && f->slots[slot].face->cff;
    if (ok) {
        pthread_mutex_lock(&h->lock);
        ok = add_fetch(h, (fetch){&f->slots[slot], NULL, 0, root, name, others});
        pthread_mutex_unlock(&h->lock);
    }
    if (!ok) free(others);
}

void pw_fonts_page_done(pw_fonts *f)
{
    pw_helper *h = f->helper; /* started with the document, or none */
    for (int i = 0; h && i < f->nslots; i++) {
        pw_font_slot *s = &f->slots[i];
        if (!s->face->cff || s->n == s->posted) continue;
        uint32_t *gids = malloc((s->n - s->posted) * sizeof *gids);
        if (!gids) return; /* the glyphs are read when the program is made */
        memcpy(gids, s->gid + s->posted, (s->n - s->posted) * sizeof *gids);
        pthread_mutex_lock(&h->lock);
        bool ok = add_fetch(h, (fetch){s, gids, s->n - s->posted, NULL, NULL, NULL});
        pthread_mutex_unlock(&h->lock);
        if (!ok) {
            free(gids);
            return;
        }
        s->posted = s->n;
    }
}

static size_t cost(const program *p)
{
    return p->s->n * (p->s->face->cff ? 10 : 3); /* CFF glyphs call subroutines */
}

static int by_cost(const void *a, const void *b)
{
    size_t x = cost(*(program *const *)a), y = cost(*(program *const *)b);
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The next program for this thread, from the back; a CFF one only once
 * the second thread has read all it was given (it owns `ahead` until). */
static program *take_back(pw_helper *h, queue *q)
{
    if (!h) return q->lo < q->hi ? q->v[--q->hi] : NULL;
    pthread_mutex_lock(&h->lock);
    program *p = q->lo < q->hi ? q->v[--q->hi] : NULL;
    while (p && p->s->face->cff && (h->next < h->nfetch || h->fetching))
        pthread_cond_wait(&h->done, &h->lock);
    pthread_mutex_unlock(&h->lock);
    return p;
}

/* Waits for the second thread's program p. */
static void wait_made(pw_helper *h, program *p)
{
    pthread_mutex_lock(&h->lock);
    while (!p->made) pthread_cond_wait(&h->done, &h->lock);
    pthread_mutex_unlock(&h->lock);
}

/* Makes every program of `p` (n) not found in the cache: this thread
 * the cheapest ones, the second thread (when there is one) the costliest,
 * which may still be in the making on return (p[i].by_worker; wait_made).
 * The second thread uses `q` until pw_fonts_helper_end. */
static void make_programs(pw_fonts *f, pw_out *o, program *p, size_t n, queue *q)
{
    *q = (queue){.v = malloc(n * sizeof *q->v), .o = o};
    if (!q->v) {
        for (size_t i = 0; i < n; i++) p[i].rc = GD_ENOMEM;
        return;
    }
    for (size_t i = 0; i < n; i++)
        if (!p[i].z) q->v[q->hi++] = &p[i];
    qsort(q->v, q->hi, sizeof *q->v, by_cost);
    pw_helper *h = f->helper || q->hi >= 2 ? helper(f) : NULL;
    if (h) {
        pthread_mutex_lock(&h->lock);
        h->q = q;
        pthread_cond_signal(&h->wake);
        pthread_mutex_unlock(&h->lock);
    }
    program *mine;
    while ((mine = take_back(h, q))) {
        subset(mine);
        deflate_program(o, mine);
    }
}

static int write_font(pw_fonts *f, program *pg, pw_out *o, bool pdfa)
{
    pw_font_slot *s = pg->s;
    pw_face *fa = s->face;
    if (pg->rc == GD_ENOMEM) return GD_ENOMEM;
    if (pg->rc) return gd_ctx_error(f->ctx, GD_ERROR, "cannot subset font %s", fa->family);
    entry *e = malloc(s->n * sizeof *e);
    if (!e) return GD_ENOMEM;
    for (size_t i = 0; i < s->n; i++)
        e[i] = (entry){s->code[i], s->ucs[i], s->gid[i], pw_face_milli(fa, s->gid[i])};
    uint8_t *prog = pg->prog, *z = pg->z;
    size_t plen = pg->plen, zn = pg->zn;
    int rc = GD_OK;
    if (fa->cff) qsort(e, s->n, sizeof *e, by_code);
    char tag[7];
    subset_tag(s, tag);
    uint32_t cid = pw_out_reserve(o), desc = pw_out_reserve(o), file = pw_out_reserve(o),
             tu = pw_out_reserve(o), set = pdfa ? pw_out_reserve(o) : 0;
    pw_buf b = {0};
    /* Type0 */
    pw_buf_printf(&b,
                  "<</Type/Font/Subtype/Type0/BaseFont/%s+%s/Encoding/Identity-H"
                  "/DescendantFonts[%u 0 R]/ToUnicode %u 0 R>>",
                  tag, fa->psname, cid, tu);
    pw_out_obj(o, s->obj, b.v, b.n);
    /* CIDFont */
    b.n = 0;
    pw_buf_printf(&b,
                  "<</Type/Font/Subtype/%s/BaseFont/%s+%s"
                  "/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>"
                  "/FontDescriptor %u 0 R",
                  fa->cff ? "CIDFontType0" : "CIDFontType2", tag, fa->psname, desc);
    widths(&b, e, s->n);
    if (!fa->cff) pw_buf_puts(&b, "/CIDToGIDMap/Identity");
    pw_buf_puts(&b, ">>");
    pw_out_obj(o, cid, b.v, b.n);
    /* FontDescriptor */
    b.n = 0;
    pw_buf_printf(&b,
                  "<</Type/FontDescriptor/FontName/%s+%s/Flags 4/FontBBox[%d %d %d %d]"
                  "/ItalicAngle 0/Ascent %d/Descent %d/CapHeight %d/StemV 80/%s %u 0 R",
                  tag, fa->psname, fa->bbox[0], fa->bbox[1], fa->bbox[2], fa->bbox[3], fa->ascent,
                  fa->descent, fa->cap_height, fa->cff ? "FontFile3" : "FontFile2", file);
    if (set) pw_buf_printf(&b, "/CIDSet %u 0 R", set);
    pw_buf_puts(&b, ">>");
    pw_out_obj(o, desc, b.v, b.n);
    /* The font program, deflated once per glyph set (cache_put). */
    char dict[64];
    if (fa->cff)
        snprintf(dict, sizeof dict, "/Subtype/CIDFontType0C");
    else
        snprintf(dict, sizeof dict, "/Length1 %zu", plen);
    if (z)
        pw_out_raw_stream(o, file, dict, z, zn);
    else
        pw_out_stream(o, file, dict, prog, plen, 0);
    /* ToUnicode */
    b.n = 0;
    tounicode(&b, e, s->n);
    pw_out_stream(o, tu, NULL, b.v, b.n, PW_ZLEVEL);
    /* CIDSet (PDF/A-1): a bit per CID present, CID 0 included. */
    if (set) {
        unsigned max = 0;
        for (size_t i = 0; i < s->n; i++)
            if (e[i].code > max) max = e[i].code;
        size_t nb = max / 8 + 1;
        uint8_t *bits = calloc(nb, 1);
        if (bits) {
            bits[0] = 0x80;
            for (size_t i = 0; i < s->n; i++)
                bits[e[i].code / 8] |= (uint8_t)(0x80 >> e[i].code % 8);
            pw_out_stream(o, set, NULL, bits, nb, PW_ZLEVEL);
            free(bits);
        } else {
            rc = GD_ENOMEM;
        }
    }
    if (b.oom) rc = GD_ENOMEM;
    pw_buf_free(&b);
    free(e);
    return rc;
}

int pw_fonts_write(pw_fonts *f, pw_out *o, bool pdfa)
{
    program p[PW_MAX_SLOTS];
    size_t n = 0;
    for (int i = 0; i < f->nslots; i++) {
        pw_font_slot *s = &f->slots[i];
        if (!s->obj) continue;
        p[n] = (program){.s = s};
        if (pw_out_compressing(o)) {
            glyphs_key(s, p[n].key);
            p[n].z = cache_get(s, p[n].key, &p[n].zn, &p[n].plen);
        }
        n++;
    }
    queue q;
    make_programs(f, o, p, n, &q);
    /* Fonts are written in slot order, each once its program is made:
     * those before the second thread's are written while it works. */
    int rc = GD_OK;
    for (size_t i = 0; i < n && !rc; i++) {
        if (p[i].by_worker) wait_made(f->helper, &p[i]);
        rc = write_font(f, &p[i], o, pdfa);
    }
    pw_fonts_helper_end(f); /* the second thread finishes what it took */
    free(q.v);
    for (size_t i = 0; i < n; i++) {
        free(p[i].z);
        free(p[i].prog);
    }
    return rc;
}
