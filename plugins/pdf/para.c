/* Paragraph layout: the inline content of a block becomes a sequence of
 * characters with a font slot and an advance, libunibreak (UAX #14) gives
 * the break opportunities, the kinsoku rules remove those that would start
 * a line with closing punctuation or end one with an opening bracket, and
 * a greedy fill makes the lines, justified by letter spacing (CJK) or word
 * spacing (Latin). */
#include "pdf.h"

#include <linebreak.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CP_HARD   0x2028 /* LINE_BREAK */
#define CP_OBJECT 0xFFFC /* an image */

typedef struct pchar {
    uint32_t cp;
    int16_t slot;
    uint8_t flags;
    uint8_t brk; /* a line may end after this character */
    float w;     /* advance (pt) */
    float size;
    int link;           /* index in links, -1 none */
    const gd_node *obj; /* the IMAGE of a CP_OBJECT */
} pchar;

typedef struct pbuf {
    pchar *v;
    size_t n, cap;
    const char **links;
    size_t nlinks, linkcap;
    int oom;
    /* Very long paragraphs: once `limit` characters are gathered, flush()
     * lays out and places the lines that are complete and keeps the rest. */
    int (*flush)(void *ud, struct pbuf *b, bool last);
    void *ud;
    size_t limit;
    int err;
    bool flushing;
} pbuf;

static void push(pbuf *b, const pchar *c)
{
    if (b->flush && b->n >= b->limit && !b->flushing && !b->err) {
        b->flushing = true;
        b->err = b->flush(b->ud, b, false);
        b->flushing = false;
    }
    if (b->n == b->cap) {
        size_t nc = b->cap ? b->cap * 2 : 256;
        pchar *nv = gd_mem_realloc(b->v, nc * sizeof *nv); /* charged to the budget */
        if (!nv) {
            b->oom = 1;
            return;
        }
        b->v = nv;
        b->cap = nc;
    }
    b->v[b->n++] = *c;
}

static void pbuf_free(pbuf *b)
{
    gd_free(b->v); /* links live in the arena */
}

static float eff_size(float size, unsigned flags)
{
    return flags & (GD_STYLE_SUPERSCRIPT | GD_STYLE_SUBSCRIPT) ? size * 0.6f : size;
}

/* Appends the characters of `s` in font role `role`. */
static void push_text(pw_lay *L, pbuf *b, const char *s, size_t len, int role, unsigned flags,
                      float size, int link, bool code)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += (size_t)pw_utf8_decode(s + i, len - i, &cp);
        if (cp == '\r' || cp == 0xAD || cp == 0xFEFF || (cp >= 0x200B && cp <= 0x200D)) continue;
        if (cp == '\n') cp = code ? CP_HARD : ' ';
        if (cp == '\t' || cp == 0xA0) cp = ' ';
        if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0)) continue;
        pchar c = {.cp = cp, .flags = (uint8_t)flags, .size = size, .link = link};
        if (cp == CP_HARD) {
            c.slot = -1;
            push(b, &c);
            continue;
        }
        int slot = pw_fonts_slot_for(L->fonts, role, cp);
        if (slot < 0) {
            char msg[96];
            snprintf(msg, sizeof msg, "no installed font has U+%04X; drawn as '?'", (unsigned)cp);
            pw_warn_once(L, msg);
            c.cp = cp = '?';
            slot = pw_fonts_slot_for(L->fonts, role, cp);
            if (slot < 0) continue;
        }
        c.slot = (int16_t)slot;
        c.w = pw_fonts_advance(L->fonts, slot, cp) * eff_size(size, flags);
        push(b, &c);
    }
}

/* A run's flags are the IR's style bits, plus bold from the paragraph. */
static unsigned flags_of(unsigned style, bool bold)
{
    return style | (bold ? GD_STYLE_BOLD : 0u);
}

/* Gathers the inlines under `block`, without recursion. */
static int collect(pw_lay *L, const gd_node *block, const pw_pstyle *st, pbuf *b)
{
    gd_iter *it;
    if (gd_iter_new(&it, block) != GD_OK) return GD_ENOMEM;
    int link_stack[64], sp = 0;
    int link = -1;
    gd_event ev;
    while ((ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        const gd_node *n = gd_iter_node(it);
        if (n == block) continue;
        gd_node_type t = gd_node_get_type(n);
        if (ev == GD_EVENT_EXIT) {
            if (t == GD_NODE_LINK && sp > 0) link = link_stack[--sp];
            continue;
        }
        switch (t) {
        case GD_NODE_TEXT: {
            size_t len;
            const char *s = gd_node_text(n, &len);
            bool bold = false;
            int role = pw_fonts_role_for_name(L->fonts, gd_node_attr(n, "font"), st->role, &bold);
            if (st->code || (gd_node_style(n) & GD_STYLE_CODE)) role = st->role;
            push_text(L, b, s, len, role, flags_of(gd_node_style(n), bold || st->bold), st->size,
                      link, st->code);
            break;
        }
        case GD_NODE_LINE_BREAK: {
            pchar c = {.cp = CP_HARD, .slot = -1, .size = st->size, .link = -1};
            push(b, &c);
            break;
        }
        case GD_NODE_LINK: {
            const char *url = gd_node_url(n);
            if (sp < 64) link_stack[sp++] = link;
            if (url && *url) {
                if (pw_grow(L->arena, (void **)&b->links, &b->linkcap, b->nlinks + 1,
                            sizeof *b->links) == GD_OK) {
                    /* pw_grow copies into the arena; keep links malloc-free. */
                    b->links[b->nlinks] = url;
                    link = (int)b->nlinks++;
                }
            }
            break;
        }
        case GD_NODE_IMAGE: {
            pchar c = {.cp = CP_OBJECT, .slot = -1, .size = st->size, .link = link, .obj = n};
            push(b, &c);
            gd_iter_skip_children(it);
            break;
        }
        case GD_NODE_NOTE: {
            if (pw_grow(L->keep, (void **)&L->notes, &L->notecap, L->nnotes + 1,
                        sizeof *L->notes) == GD_OK) {
                int num = (int)L->nnotes + 1;
                L->notes[L->nnotes].node = n;
                L->notes[L->nnotes].number = num;
                L->nnotes++;
                char mark[16];
                int ml = snprintf(mark, sizeof mark, "%d", num);
                push_text(L, b, mark, (size_t)ml, st->role, GD_STYLE_SUPERSCRIPT, st->size, -1,
                          false);
            }
            gd_iter_skip_children(it);
            break;
        }
        default:
            /* Blocks have no place inside a paragraph's inlines. */
            if (gd_node_is_block(t)) gd_iter_skip_children(it);
            break;
        }
    }
    gd_iter_free(it);
    return b->err ? b->err : b->oom ? GD_ENOMEM : GD_OK;
}

extern const unsigned char gd_pdf_title_words[];
extern const size_t gd_pdf_title_words_len;

/* No break inside the words of formats/pdf/title-words.txt (titles only). */
static void protect_words(pbuf *b)
{
    const char *p = (const char *)gd_pdf_title_words, *end = p + gd_pdf_title_words_len;
    uint32_t w[32];
    while (p < end) {
        const char *eol = memchr(p, '\n', (size_t)(end - p));
        if (!eol) eol = end;
        size_t n = 0;
        if (*p != '#')
            for (const char *q = p; q < eol && n < 32;) {
                q += pw_utf8_decode(q, (size_t)(eol - q), &w[n]);
                if (w[n] != '\r') n++;
            }
        for (size_t i = 0; n > 1 && i + n <= b->n; i++) {
            size_t k = 0;
            while (k < n && b->v[i + k].cp == w[k]) k++;
            if (k == n)
                for (k = 0; k + 1 < n; k++) b->v[i + k].brk = 0;
        }
        p = eol + 1;
    }
}

static pthread_once_t lb_once = PTHREAD_ONCE_INIT;

/* Break opportunities: UAX #14, then the CJK kinsoku rules. */
static int set_breaks(pbuf *b)
{
    size_t n = b->n;
    if (!n) return GD_OK;
    pthread_once(&lb_once, init_linebreak);
    utf32_t *u = gd_mem_alloc(n * sizeof *u);
    char *brk = gd_mem_alloc(n);
    if (!u || !brk) {
        gd_free(u);
        gd_free(brk);
        return GD_ENOMEM;
    }
    for (size_t i = 0; i < n; i++) u[i] = b->v[i].cp;
    set_linebreaks_utf32(u, n, "zh", brk);
    for (size_t i = 0; i < n; i++) {
        bool ok = brk[i] == LINEBREAK_ALLOWBREAK || brk[i] == LINEBREAK_MUSTBREAK;
        if (i + 1 < n) {
            uint32_t next = b->v[i + 1].cp;
            if (pw_no_line_start(next) || pw_no_line_end(b->v[i].cp)) ok = false;
            if (b->v[i].cp == CP_OBJECT || next == CP_OBJECT) ok = true;
        }
        b->v[i].brk = ok;
    }
    gd_free(u);
    gd_free(brk);
    return GD_OK;
}

typedef struct span {
    size_t s, e; /* [s, e) characters drawn; e excludes trailing spaces */
    size_t next; /* where the next line starts */
    float w;
    bool last; /* ends the paragraph or a hard break: not justified */
} span;

/* Greedy first-fit: the next line starting at `s`. */
static span next_line(const pbuf *b, size_t s, float width)
{
    span sp = {s, s, s, 0, true};
    const pchar *v = b->v;
    size_t n = b->n;
    if (v[s].cp == CP_OBJECT) {
        sp.e = sp.next = s + 1;
        sp.last = true;
        return sp;
    }
    float w = 0, w_ok = 0;
    size_t ok = (size_t)-1; /* last index after which a break is allowed */
    size_t i = s;
    for (; i < n; i++) {
        if (v[i].cp == CP_HARD) {
            sp.e = i;
            sp.next = i + 1;
            sp.w = w;
            sp.last = true;
            goto trim;
        }
        if (v[i].cp == CP_OBJECT) break;
        bool space = pw_is_space(v[i].cp);
        /* Closing punctuation may hang into the margin rather than start
         * the next line (or leave an opening bracket alone on this one). */
        bool hang = pw_no_line_start(v[i].cp) && pw_is_cjk(v[i].cp) && i > s &&
                    w <= width + 0.01f && !pw_no_line_start(v[i - 1].cp);
        if (!space && !hang && w + v[i].w > width + 0.01f && i > s) {
            if (ok != (size_t)-1) {
                sp.e = ok + 1;
                sp.w = w_ok;
            } else {
                /* Nothing breakable fits: break before i, but not so that
                 * the next line starts with closing punctuation. */
                size_t e = i;
                while (e > s + 1 && (pw_no_line_start(v[e].cp) || pw_no_line_end(v[e - 1].cp))) e--;
                sp.e = e;
                sp.w = 0;
                for (size_t k = s; k < e; k++) sp.w += v[k].w;
            }
            sp.next = sp.e;
            sp.last = false;
            goto trim;
        }
        w += v[i].w;
        if (v[i].brk && i + 1 < n) {
            ok = i;
            w_ok = w;
        }
    }
    sp.e = sp.next = i;
    sp.w = w;
    sp.last = true;
trim:
    while (sp.e > sp.s && pw_is_space(v[sp.e - 1].cp)) sp.w -= v[--sp.e].w;
    /* Spaces after a soft break are not drawn at the next line's start. */
    if (!sp.last)
        while (sp.next < n && pw_is_space(v[sp.next].cp)) sp.next++;
    return sp;
}

static int add_text_item(pw_lay *L, pw_box *bx, const pbuf *b, size_t s, size_t e, float x,
                         float base, float cspace, float *adv_out)
{
    const pchar *c = &b->v[s];
    char *txt = pw_alloc(L->arena, (e - s) * 4 + 1);
    if (!txt) return GD_ENOMEM;
    size_t len = 0;
    float w = 0;
    for (size_t k = s; k < e; k++) {
        len += (size_t)pw_utf8_encode(b->v[k].cp, txt + len);
        w += b->v[k].w + cspace;
        pw_fonts_use(L->fonts, b->v[k].slot, b->v[k].cp);
    }
    float size = eff_size(c->size, c->flags);
    float y = base;
    if (c->flags & GD_STYLE_SUPERSCRIPT) y -= c->size * 0.35f;
    if (c->flags & GD_STYLE_SUBSCRIPT) y += c->size * 0.12f;
    pw_item it = {.kind = PW_IT_TEXT,
                  .slot = c->slot,
                  .x = x,
                  .y = y,
                  .w = w,
                  .size = size,
                  .cspace = cspace,
                  .s = txt,
                  .len = (uint32_t)len};
    if (c->flags & GD_STYLE_BOLD) it.flags |= PW_ITF_BOLD;
    if (c->flags & GD_STYLE_ITALIC) it.flags |= PW_ITF_ITALIC;
    int rc = pw_box_add(L->arena, bx, &it);
    float lw = c->size / 18.0f;
    if (!rc && (c->flags & GD_STYLE_UNDERLINE)) {
        pw_item ul = {
            .kind = PW_IT_LINE, .x = x, .y = base + c->size * 0.13f, .w = w - cspace, .lw = lw};
        rc = pw_box_add(L->arena, bx, &ul);
    }
    if (!rc && (c->flags & GD_STYLE_STRIKE)) {
        pw_item st = {
            .kind = PW_IT_LINE, .x = x, .y = base - c->size * 0.3f, .w = w - cspace, .lw = lw};
        rc = pw_box_add(L->arena, bx, &st);
    }
    if (!rc && c->link >= 0) {
        pw_item lk = {.kind = PW_IT_LINK,
                      .x = x,
                      .y = base - c->size * 0.9f,
                      .w = w,
                      .h = c->size * 1.1f,
                      .s = b->links[c->link]};
        rc = pw_box_add(L->arena, bx, &lk);
    }
    *adv_out = w;
    return rc;
}

static bool same_run(const pchar *a, const pchar *b)
{
    return a->slot == b->slot && a->flags == b->flags && a->size == b->size && a->link == b->link;
}

static int image_line(pw_lay *L, const pchar *c, const pw_pstyle *st, float width, pw_pline *ln)
{
    float w = 0, h = 0;
    memset(ln, 0, sizeof *ln);
    if (!c->obj || pw_image_natural_size(L, c->obj, &w, &h) || !(w > 0 && h > 0) || !isfinite(w) ||
        !isfinite(h))
        return GD_OK;
    float maxh = (L->o.page_h - L->o.m_top - L->o.m_bottom) * 0.9f;
    float scale = 1;
    if (w > width) scale = width / w;
    if (h * scale > maxh) scale = maxh / h;
    w *= scale;
    h *= scale;
    float x = st->align == PW_AL_CENTER  ? (width - w) / 2
              : st->align == PW_AL_RIGHT ? width - w
                                         : 0;
    const char *id = gd_node_url(c->obj);
    pw_item it = {
        .kind = PW_IT_IMAGE, .x = x, .y = 2, .w = w, .h = h, .s = id, .len = (uint32_t)strlen(id)};
    ln->h = h + 4;
    ln->b.h = ln->h;
    return pw_box_add(L->arena, &ln->b, &it);
}

/* Builds the positioned items of one line. */
static int make_line(pw_lay *L, const pbuf *b, const span *sp, const pw_pstyle *st, float width,
                     float indent, pw_pline *ln)
{
    memset(ln, 0, sizeof *ln);
    const pchar *v = b->v;
    float maxsize = st->size;
    size_t nchars = 0, nspaces = 0, ncjk = 0;
    for (size_t k = sp->s; k < sp->e; k++) {
        if (v[k].size > maxsize) maxsize = v[k].size;
        nchars++;
        if (pw_is_space(v[k].cp)) nspaces++;
        if (pw_is_cjk(v[k].cp)) ncjk++;
    }
    float avail = width - indent;
    float extra = avail - sp->w;
    float x = indent, cspace = 0, wspace = 0;
    int align = st->align;
    if (align == PW_AL_JUSTIFY && (sp->last || extra <= 0)) align = PW_AL_LEFT;
    if (align == PW_AL_CENTER)
        x += extra / 2;
    else if (align == PW_AL_RIGHT)
        x += extra;
    else if (align == PW_AL_JUSTIFY) {
        if (nspaces && ncjk * 2 < nchars) {
            if (extra / (float)nspaces < st->size * 2) wspace = extra / (float)nspaces;
        } else if (nchars > 1 && extra / (float)(nchars - 1) < st->size * 0.5f) {
            cspace = extra / (float)(nchars - 1);
        }
    }
    ln->h = st->lh * maxsize / st->size;
    float base = (ln->h - maxsize) / 2 + maxsize * 0.88f;
    size_t k = sp->s;
    while (k < sp->e) {
        size_t e = k + 1;
        bool split_spaces = wspace > 0;
        while (e < sp->e && same_run(&v[k], &v[e]) && !(split_spaces && pw_is_space(v[e - 1].cp)))
            e++;
        float adv;
        int rc = add_text_item(L, &ln->b, b, k, e, x, base, cspace, &adv);
        if (rc) return rc;
        x += adv;
        if (split_spaces && pw_is_space(v[e - 1].cp)) x += wspace;
        k = e;
    }
    ln->b.h = ln->h;
    return GD_OK;
}

static int add_line(pw_lay *L, pw_plines *out, const pw_pline *ln)
{
    if (pw_grow(L->arena, (void **)&out->v, &out->cap, out->n + 1, sizeof *out->v))
        return GD_ENOMEM;
    out->v[out->n++] = *ln;
    return GD_OK;
}

static bool mostly_cjk(const pbuf *b)
{
    size_t cjk = 0, n = b->n < 200 ? b->n : 200;
    for (size_t i = 0; i < n; i++) cjk += pw_is_cjk(b->v[i].cp);
    return cjk * 3 >= n;
}

static int lay_lines(pw_lay *L, pbuf *b, const pw_pstyle *st, float width, pw_plines *out)
{
    int rc = set_breaks(b);
    if (st->balance) protect_words(b);
    size_t s = 0;
    bool first = true;
    if (!b->n) {
        /* An empty paragraph still takes a line. */
        pw_pline ln = {.h = st->lh};
        ln.b.h = st->lh;
        return add_line(L, out, &ln);
    }
    while (!rc && s < b->n) {
        pw_pline ln;
        if (b->v[s].cp == CP_OBJECT) {
            rc = image_line(L, &b->v[s], st, width, &ln);
            if (!rc && ln.h > 0) rc = add_line(L, out, &ln);
            s++;
            first = false;
            continue;
        }
        float indent = first ? st->indent_first : 0;
        /* Auto indent: two characters for Chinese paragraphs, none for Latin. */
        if (indent < 0) indent = mostly_cjk(b) ? st->size * 2 : 0;
        if (indent > width / 2) indent = 0;
        span sp = next_line(b, s, width - indent);
        if (sp.next == s) sp.next = s + 1; /* always progress */
        rc = make_line(L, b, &sp, st, width, indent, &ln);
        if (!rc) rc = add_line(L, out, &ln);
        s = sp.next;
        first = false;
    }
    return rc;
}

/* Centred titles break into balanced lines (GB/T 9704 sets a title of
 * several lines as a pyramid or a diamond, not with a short last line):
 * the narrowest width that keeps the number of lines. */
static int balance(pw_lay *L, pbuf *b, const pw_pstyle *st, float width, pw_plines *out)
{
    size_t lines = out->n;
    float lo = width / (float)lines, hi = width;
    for (int k = 0; k < 12 && hi - lo > 1; k++) {
        float mid = (lo + hi) / 2;
        size_t n = 0;
        for (size_t s = 0; s < b->n; n++) {
            span sp = next_line(b, s, mid);
            s = sp.next > s ? sp.next : s + 1;
        }
        if (n <= lines)
            hi = mid;
        else
            lo = mid;
    }
    /* Re-lay at the balanced width, centred in the full one (lay_lines
     * sets the breaks again: protect the words once more). */
    pw_plines again = {0};
    int rc = lay_lines(L, b, st, hi, &again);
    if (rc || again.n != lines) return rc;
    float dx = (width - hi) / 2;
    for (size_t i = 0; i < again.n; i++)
        for (size_t j = 0; j < again.v[i].b.n; j++) again.v[i].b.v[j].x += dx;
    *out = again;
    return GD_OK;
}

int pw_para_layout(pw_lay *L, const gd_node *block, const pw_pstyle *st, float width,
                   pw_plines *out)
{
    pbuf b = {0};
    memset(out, 0, sizeof *out);
    int rc = collect(L, block, st, &b);
    if (!rc) rc = lay_lines(L, &b, st, width, out);
    if (!rc && st->balance && out->n > 1) rc = balance(L, &b, st, width, out);
    pbuf_free(&b);
    return rc;
}

/* ---- paragraphs of any length ----
 * A paragraph is gathered PW_PARA_CHUNK characters at a time; each time,
 * the lines that are complete are laid out (in an arena of their own),
 * handed to `place` and forgotten, and the characters of the unfinished
 * line (and a margin, so the line-break rules see what follows) are kept.
 * Memory is bounded by the chunk, not by the paragraph. */
#define PW_PARA_CHUNK  65536
#define PW_PARA_MARGIN 256

typedef struct streamer {
    pw_lay *L;
    const pw_pstyle *st;
    float width, indent;
    bool first_line, decided;
    int batches;
    pw_para_place_fn place;
    void *pud;
} streamer;

static int stream_flush(void *ud, pbuf *b, bool last)
{
    streamer *S = ud;
    pw_lay *L = S->L;
    int rc = set_breaks(b);
    if (rc) return rc;
    if (!S->decided) {
        S->indent = S->st->indent_first;
        if (S->indent < 0) S->indent = mostly_cjk(b) ? S->st->size * 2 : 0;
        if (S->indent > S->width / 2) S->indent = 0;
        S->decided = true;
    }
    pw_arena lines = {0}, *saved = L->arena;
    L->arena = &lines;
    pw_plines out = {0};
    size_t s = 0, safe = last ? b->n : (b->n > PW_PARA_MARGIN ? b->n - PW_PARA_MARGIN : 0);
    while (!rc && s < b->n) {
        pw_pline ln;
        if (b->v[s].cp == CP_OBJECT) {
            if (!last && s >= safe) break;
            rc = image_line(L, &b->v[s], S->st, S->width, &ln);
            if (!rc && ln.h > 0) rc = add_line(L, &out, &ln);
            s++;
            S->first_line = false;
            continue;
        }
        float indent = S->first_line ? S->indent : 0;
        span sp = next_line(b, s, S->width - indent);
        if (sp.next == s) sp.next = s + 1;
        if (!last && sp.next >= safe) break; /* not known to be complete */
        rc = make_line(L, b, &sp, S->st, S->width, indent, &ln);
        if (!rc) rc = add_line(L, &out, &ln);
        s = sp.next;
        S->first_line = false;
    }
    L->arena = saved;
    if (!rc && (out.n || last)) rc = S->place(S->pud, &out, S->batches == 0, last);
    S->batches++;
    pw_arena_release(&lines);
    memmove(b->v, b->v + s, (b->n - s) * sizeof *b->v);
    b->n -= s;
    return rc;
}

int pw_para_layout_stream(pw_lay *L, const gd_node *block, const pw_pstyle *st, float width,
                          pw_para_place_fn place, void *ud)
{
    streamer S = {L, st, width, 0, true, false, 0, place, ud};
    pbuf b = {.flush = stream_flush, .ud = &S, .limit = PW_PARA_CHUNK};
    int rc = collect(L, block, st, &b);
    b.flush = NULL;
    if (!rc && S.batches == 0) {
        /* It fitted in one chunk: the ordinary layout (balanced titles too). */
        pw_plines out = {0};
        rc = lay_lines(L, &b, st, width, &out);
        if (!rc && st->balance && out.n > 1) rc = balance(L, &b, st, width, &out);
        if (!rc) rc = place(ud, &out, true, true);
    } else if (!rc) {
        rc = stream_flush(&S, &b, true);
    }
    pbuf_free(&b);
    return rc;
}

int pw_para_measure(pw_lay *L, const gd_node *block, const pw_pstyle *st, float *min_w,
                    float *max_w)
{
    pbuf b = {0};
    *min_w = *max_w = 0;
    int rc = collect(L, block, st, &b);
    if (!rc) rc = set_breaks(&b);
    float line = st->indent_first > 0 ? st->indent_first : 0, word = line;
    for (size_t i = 0; !rc && i < b.n; i++) {
        const pchar *c = &b.v[i];
        if (c->cp == CP_HARD || c->cp == CP_OBJECT) {
            float iw = 0, ih = 0;
            if (c->cp == CP_OBJECT && c->obj && !pw_image_natural_size(L, c->obj, &iw, &ih)) {
                if (iw > *max_w) *max_w = iw;
                if (iw / 4 > *min_w) *min_w = iw / 4;
            }
            word = 0;
            line = 0;
            continue;
        }
        bool space = pw_is_space(c->cp);
        if (!space) word += c->w;
        line += c->w;
        if (word > *min_w) *min_w = word;
        if (line > *max_w) *max_w = line;
        if (c->brk) word = 0;
    }
    pbuf_free(&b);
    return rc;
}

int pw_para_text_line(pw_lay *L, const char *utf8, const pw_pstyle *st, float width, pw_pline *out)
{
    pbuf b = {0};
    push_text(L, &b, utf8, strlen(utf8), st->role, st->bold ? GD_STYLE_BOLD : 0, st->size, -1,
              false);
    int rc = b.oom ? GD_ENOMEM : GD_OK;
    if (!rc) {
        float w = 0;
        for (size_t i = 0; i < b.n; i++) w += b.v[i].w;
        span sp = {0, b.n, b.n, w, true};
        rc = make_line(L, &b, &sp, st, width, 0, out);
    }
    pbuf_free(&b);
    return rc;
}
