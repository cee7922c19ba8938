/* See textglyphs.h. The PDF writer's second thread calls it before the
 * pages are laid out, for a CFF face that runs name exactly (a DOCX run in
 * "Noto Serif CJK SC"): their glyphs are then read (cff_chars.c) while the
 * main thread lays the pages out, not only after each page. */
#include "textglyphs.h"

#include "pdf.h"
#include "pdfout.h"

#include <stdlib.h>
#include <string.h>

typedef struct acc {
    const pw_sfnt *face;
    uint8_t *seen; /* a bit per glyph */
    pw_buf gids;   /* uint32_t each */
} acc;

static void add_text(acc *a, const char *s, size_t len)
{
    for (size_t i = 0; i < len && !a->gids.oom;) {
        uint32_t cp;
        i += (size_t)pw_utf8_decode(s + i, len - i, &cp);
        uint32_t g = cp > 0x20 ? pw_sfnt_glyph(a->face, cp) : 0;
        if (!g || g >= a->face->nglyphs || (a->seen[g >> 3] & (1u << (g & 7)))) continue;
        a->seen[g >> 3] |= (uint8_t)(1u << (g & 7));
        pw_buf_put(&a->gids, &g, sizeof g);
    }
}

/* `font` is a line of `list`. */
static bool listed(const char *list, const char *font)
{
    size_t n = strlen(font);
    for (const char *p = list; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t k = nl ? (size_t)(nl - p) : strlen(p);
        if (k == n && memcmp(p, font, n) == 0) return true;
        p = nl ? nl + 1 : p + k;
    }
    return false;
}

uint32_t *pw_text_glyphs(const pw_sfnt *face, const gd_node *root, const char *name,
                         const char *others, size_t *n)
{
    *n = 0;
    acc a = {.face = face, .seen = calloc((size_t)face->nglyphs / 8 + 1, 1)};
    gd_iter *it = NULL;
    if (!a.seen || gd_iter_new(&it, root) != GD_OK) {
        free(a.seen);
        return NULL;
    }
    gd_event ev;
    int headings = 0; /* drawn in the heading face */
    while (!a.gids.oom && (ev = gd_iter_next(it)) != GD_EVENT_DONE) {
        const gd_node *t = gd_iter_node(it);
        gd_node_type type = gd_node_get_type(t);
        if (type == GD_NODE_HEADING || type == GD_NODE_CODE_BLOCK)
            headings += ev == GD_EVENT_ENTER ? 1 : ev == GD_EVENT_EXIT ? -1 : 0;
        if (ev != GD_EVENT_ENTER || type != GD_NODE_TEXT || (gd_node_style(t) & GD_STYLE_CODE))
            continue;
        const char *font = gd_node_attr(t, "font");
        if (name ? !font || strcmp(font, name) != 0
                 : headings > 0 || (font && listed(others, font)))
            continue;
        size_t len;
        const char *s = gd_node_text(t, &len);
        if (s) add_text(&a, s, len);
    }
    gd_iter_free(it);
    free(a.seen);
    if (a.gids.oom || !a.gids.n) {
        pw_buf_free(&a.gids);
        return NULL;
    }
    *n = a.gids.n / sizeof(uint32_t);
    return (uint32_t *)(void *)a.gids.v; /* malloc'ed: the caller frees */
}
