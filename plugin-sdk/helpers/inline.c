/* The inline buffer: a paragraph's inline items, decided at its end (see
 * inline.h). */
#include "govdoc/helpers/inline.h"

#include <govdoc/gd_plugin.h>
#include <stdlib.h>
#include <string.h>

void gdh_inline_begin(gdh_inline *in, size_t item_size)
{
    in->item_size = item_size < sizeof(gdh_inline_item) ? sizeof(gdh_inline_item) : item_size;
    in->n = 0;
    gdh_buf_clear(&in->text);
    in->all_bold = true;
}

void gdh_inline_free(gdh_inline *in)
{
    free(in->items);
    gdh_buf_free(&in->text);
    memset(in, 0, sizeof *in);
}

/* A zeroed item at the end; the array doubles, so adding stays linear. */
static gdh_inline_item *new_item(gdh_inline *in)
{
    if (!in->item_size) in->item_size = sizeof(gdh_inline_item); /* a {0} buffer */
    if (in->n == in->cap) {
        size_t cap = in->cap ? in->cap * 2 : 16;
        if (cap > SIZE_MAX / in->item_size) return NULL;
        void *v = realloc(in->items, cap * in->item_size);
        if (!v) return NULL;
        in->items = v;
        in->cap = cap;
    }
    gdh_inline_item *it = gdh_inline_at(in, in->n++);
    memset(it, 0, in->item_size);
    return it;
}

bool gdh_is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            i++;
        } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xA0) {
            i += 2; /* no-break space */
        } else if (c == 0xE3 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
                   (unsigned char)s[i + 2] == 0x80) {
            i += 3; /* U+3000 ideographic space */
        } else if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0xAD) {
            i += 2; /* soft hyphen: shows nothing unless a line breaks there */
        } else {
            return false;
        }
    }
    return true;
}

int gdh_inline_text(gdh_inline *in, const char *s, size_t len, unsigned style, unsigned para_bits,
                    const char *font)
{
    if (!len) return GD_OK;
    if (!(style & GD_STYLE_BOLD) && !gdh_is_blank(s, len)) in->all_bold = false;
    /* a run continuing the last one's formatting extends it: fewer text
     * nodes, and a word split over runs stays one string */
    gdh_inline_item *last = gdh_inline_last(in);
    if (last && last->kind == GDH_INL_TEXT && last->style == style &&
        last->para_bits == para_bits && last->font == font &&
        last->off + last->len == in->text.len) {
        if (gdh_buf_add(&in->text, s, len)) return GD_ENOMEM;
        last->len += len;
        return GD_OK;
    }
    size_t off = in->text.len;
    if (gdh_buf_add(&in->text, s, len)) return GD_ENOMEM;
    gdh_inline_item *it = new_item(in);
    if (!it) {
        in->text.len = off; /* as it was */
        in->text.p[off] = 0;
        return GD_ENOMEM;
    }
    /* (the reader's fields beyond the base part stay zeroed) */
    *it = (gdh_inline_item){GDH_INL_TEXT, style, para_bits, font, off, len};
    return GD_OK;
}

int gdh_inline_add_data(gdh_inline *in, const char *s, size_t len, size_t *off)
{
    size_t at = in->text.len;
    /* the NUL lets the data go to the builder without a copy */
    if (gdh_buf_add(&in->text, s, len) || gdh_buf_addc(&in->text, 0)) {
        in->text.len = at;
        if (in->text.p) in->text.p[at] = 0;
        return GD_ENOMEM;
    }
    *off = at;
    return GD_OK;
}

gdh_inline_item *gdh_inline_add(gdh_inline *in, int kind, const char *s, size_t len)
{
    size_t off = in->text.len;
    if (s && gdh_inline_add_data(in, s, len, &off)) return NULL;
    gdh_inline_item *it = new_item(in);
    if (!it) {
        in->text.len = off;
        if (in->text.p) in->text.p[off] = 0;
        return NULL;
    }
    it->kind = kind;
    it->off = off;
    it->len = s ? len : 0;
    return it;
}

static bool is_link(const gdh_inline_item *it)
{
    return it->kind == GDH_INL_LINK_OPEN || it->kind == GDH_INL_LINK_CLOSE;
}

static bool is_trim(char c)
{
    return c == ' ' || c == '\t';
}

void gdh_inline_trim(gdh_inline *in)
{
    const char *t = in->text.p;
    for (size_t i = 0; i < in->n; i++) {
        gdh_inline_item *it = gdh_inline_at(in, i);
        if (it->kind != GDH_INL_TEXT) {
            if (is_link(it)) continue;
            break;
        }
        while (it->len && is_trim(t[it->off])) {
            it->off++;
            it->len--;
        }
        if (it->len) break;
    }
    for (size_t i = in->n; i-- > 0;) {
        gdh_inline_item *it = gdh_inline_at(in, i);
        if (it->kind != GDH_INL_TEXT) {
            if (is_link(it)) continue;
            break;
        }
        while (it->len && is_trim(t[it->off + it->len - 1])) it->len--;
        if (it->len) break;
    }
}

bool gdh_inline_visible(const gdh_inline *in, size_t from, size_t to)
{
    for (size_t i = from; i < to && i < in->n; i++) {
        const gdh_inline_item *it = gdh_inline_at(in, i);
        if (it->kind == GDH_INL_IMAGE || it->kind == GDH_INL_NOTE) return true;
        if (it->kind == GDH_INL_TEXT && !gdh_is_blank(in->text.p + it->off, it->len)) return true;
    }
    return false;
}

static bool is_block(int kind)
{
    return kind == GDH_INL_PAGEBREAK || kind == GDH_INL_BLOCKS;
}

size_t gdh_inline_segment_end(const gdh_inline *in, size_t from)
{
    size_t i = from;
    while (i < in->n && !is_block(gdh_inline_at(in, i)->kind)) i++;
    return i;
}

bool gdh_inline_any(const gdh_inline *in, unsigned kinds)
{
    for (size_t i = 0; i < in->n; i++) {
        int k = gdh_inline_at(in, i)->kind;
        if (k >= 0 && k < 32 && (kinds & GDH_INL_BIT(k))) return true;
    }
    return false;
}

size_t gdh_inline_text_len(const gdh_inline *in)
{
    size_t n = 0;
    for (size_t i = 0; i < in->n; i++) {
        const gdh_inline_item *it = gdh_inline_at(in, i);
        if (it->kind == GDH_INL_TEXT) n += it->len;
    }
    return n;
}

int gdh_inline_plain(const gdh_inline *in, gdh_buf *out)
{
    for (size_t i = 0; i < in->n; i++) {
        const gdh_inline_item *it = gdh_inline_at(in, i);
        if (it->kind == GDH_INL_TEXT && gdh_buf_add(out, in->text.p + it->off, it->len))
            return GD_ENOMEM;
    }
    return GD_OK;
}

static bool stopped(const gdh_inline_sink *k)
{
    return k->stop && *k->stop;
}

/* One inline item into the open block. */
static int flush_one(const gdh_inline *in, const gdh_inline_item *it, gdh_inline_sink *k)
{
    const char *s = gdh_inline_data(in, it->off);
    int rc = GD_OK;
    gd_node *n = NULL;
    switch (it->kind) {
    case GDH_INL_TEXT:
        if (!it->len) break; /* trimmed away */
        rc = gd_builder_set_font(k->b, it->font);
        if (!rc) rc = gd_builder_text(k->b, s, it->len, it->style & ~(k->strip & it->para_bits));
        break;
    case GDH_INL_BREAK: rc = gd_builder_leaf(k->b, GD_NODE_LINE_BREAK, NULL); break;
    case GDH_INL_LINK_OPEN:
        rc = gd_builder_open(k->b, GD_NODE_LINK, &n);
        if (!rc && n) rc = gd_node_set_url(n, s);
        if (!rc) k->links++;
        break;
    case GDH_INL_LINK_CLOSE:
        /* a close whose open was dropped (cut at a paragraph) closes nothing */
        if (k->links > 0) {
            rc = gd_builder_close(k->b, GD_NODE_LINK);
            k->links--;
        }
        break;
    default:
        if (k->object) rc = k->object(k->user, in, it);
        break;
    }
    return rc;
}

int gdh_inline_flush(const gdh_inline *in, size_t *at, gdh_inline_sink *k)
{
    for (; *at < in->n && !stopped(k); ++*at) {
        const gdh_inline_item *it = gdh_inline_at(in, *at);
        if (is_block(it->kind)) break;
        int rc = flush_one(in, it, k);
        if (rc) return rc;
    }
    return GD_OK;
}

int gdh_inline_close_links(gdh_inline_sink *k)
{
    while (k->links > 0 && !stopped(k)) {
        k->links--;
        int rc = gd_builder_close(k->b, GD_NODE_LINK);
        if (rc) return rc;
    }
    return GD_OK;
}
