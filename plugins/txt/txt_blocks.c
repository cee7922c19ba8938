/* Text lines to blocks: the title, numbered Chinese headings, bullet lists
 * and paragraphs — one per line, except hard-wrapped runs (as PDF-to-text
 * tools write them), whose lines are joined. */
#define _GNU_SOURCE
#include "txt.h"

#include <stdlib.h>
#include <string.h>

#define HEADING_MAX_WIDTH 60  /* columns: 30 Chinese characters */
#define WRAP_MAX_WIDTH    200 /* wider lines are whole paragraphs, not wraps */

static bool is_cn_numeral(int32_t cp)
{
    switch (cp) {
    case 0x4E00:
    case 0x4E8C:
    case 0x4E09:
    case 0x56DB:
    case 0x4E94: /* 一二三四五 */
    case 0x516D:
    case 0x4E03:
    case 0x516B:
    case 0x4E5D:
    case 0x5341: /* 六七八九十 */
    case 0x767E:
    case 0x96F6:
    case 0x3007: /* 百零〇 */ return true;
    default: return false;
    }
}

/* Sentence-ending or clause-ending punctuation: a line ending so is not a
 * heading and was not cut by a hard wrap. */
static bool ends_sentence(int32_t cp)
{
    switch (cp) {
    case 0x3002:
    case 0xFF01:
    case 0xFF1F:
    case 0xFF1B: /* 。！？； */
    case 0x2026:
    case 0x201D:
    case 0x300D:
    case 0x300F: /* …”」』 */
    case 0xFF09:
    case ')':
    case '.':
    case '!':
    case '?':
    case ';': return true;
    default: return false;
    }
}

static int32_t last_cp(const char *s, size_t len)
{
    size_t i = len;
    while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i > 0) i--;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    size_t k = i;
    return len ? txt_next_cp(s, len, &k) : -1;
}

static int32_t first_cp(const char *s, size_t len)
{
    size_t k = 0;
    return len ? txt_next_cp(s, len, &k) : -1;
}

/* Heading level from a numbered prefix: 一、 → 2, （一） → 3, 1. 1、 1． → 4,
 * （1） → 5; 0 if the line does not start like a heading. */
static int numbered_level(const char *s, size_t len)
{
    size_t i = 0;
    int32_t cp = txt_next_cp(s, len, &i);
    if (is_cn_numeral(cp)) {
        size_t k = i;
        while (k < len) {
            int32_t c = txt_next_cp(s, len, &k);
            if (c == 0x3001) return k < len ? 2 : 0; /* 、 */
            if (!is_cn_numeral(c)) return 0;
        }
        return 0;
    }
    if (cp == 0xFF08 || cp == '(') { /* （ or ( */
        size_t k = i, n = 0;
        bool cn = false, digit = false;
        while (k < len) {
            int32_t c = txt_next_cp(s, len, &k);
            if (c == ')' || c == 0xFF09) { /* either closing form */
                if (!n || k >= len) return 0;
                return cn ? 3 : digit ? 5 : 0;
            }
            if (is_cn_numeral(c))
                cn = true;
            else if (c >= '0' && c <= '9')
                digit = true;
            else
                return 0;
            if (++n > 4) return 0;
        }
        return 0;
    }
    if (cp >= '0' && cp <= '9') {
        size_t k = i, n = 1;
        while (k < len && s[k] >= '0' && s[k] <= '9' && n < 3) k++, n++;
        if (k >= len) return 0;
        size_t after = k;
        int32_t c = txt_next_cp(s, len, &after);
        /* "1." but not "1.5" or "2023." */
        if ((c == '.' || c == 0x3001 || c == 0xFF0E) && after < len &&
            !(s[after] >= '0' && s[after] <= '9') && n <= 2)
            return 4;
    }
    return 0;
}

static bool column_aligned(const char *s, size_t len);

static bool heading_like(const char *s, size_t len)
{
    if (txt_width(s, len) > HEADING_MAX_WIDTH || column_aligned(s, len)) return false;
    if (ends_sentence(last_cp(s, len))) return false;
    /* a full stop inside means prose that starts with a number */
    return !memmem(s, len, "\xE3\x80\x82", 3);
}

static int heading_level(const char *s, size_t len)
{
    int level = numbered_level(s, len);
    return level && heading_like(s, len) ? level : 0;
}

static bool bullet(const char *s, size_t len, size_t *skip)
{
    static const char *const marks[] = {"• ", "· ", "- ", "* ", "● ", "○ ", "■ ", "□ ", "◆ ", "▪ "};
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        size_t n = strlen(marks[i]);
        if (len > n && memcmp(s, marks[i], n) == 0) {
            *skip = n;
            return true;
        }
    }
    return false;
}

static bool indented(const txt_line *l)
{
    return (l->len >= 2 && l->s[0] == ' ' && l->s[1] == ' ') ||
           (l->len >= 3 && memcmp(l->s, "\xE3\x80\x80", 3) == 0);
}

/* Column-aligned lines (pdftotext -layout tables) have runs of spaces. */
static bool column_aligned(const char *s, size_t len)
{
    for (size_t i = 0; i + 3 <= len; i++)
        if (s[i] == ' ' && s[i + 1] == ' ' && s[i + 2] == ' ') return true;
    return false;
}

static void trimmed(const txt_line *l, const char **s, size_t *len)
{
    *s = l->s;
    *len = l->len;
    txt_trim(s, len);
}

/* Which lines of [from, to) end a paragraph (1) or continue it (0), for a
 * document hard-wrapped at `wrap` columns (0: not wrapped). */
static void find_breaks(const txt_lines *lines, size_t from, size_t to, size_t wrap, char *ends)
{
    size_t n = to - from;
    for (size_t k = 0; k < n; k++) ends[k] = 1;
    if (!wrap) return;
    for (size_t k = 0; k + 1 < n; k++) {
        const txt_line *a = &lines->v[from + k], *b = &lines->v[from + k + 1];
        const char *as, *bs;
        size_t al, bl, skip;
        trimmed(a, &as, &al);
        trimmed(b, &bs, &bl);
        size_t w = txt_width(as, al) + (indented(a) ? 4 : 0);
        if (w * 100 < wrap * 85 || ends_sentence(last_cp(as, al))) continue;
        if (indented(b) || heading_level(bs, bl) || column_aligned(as, al) ||
            column_aligned(bs, bl) || bullet(bs, bl, &skip))
            continue;
        ends[k] = 0;
    }
}

size_t txt_wrap_width(const txt_lines *lines)
{
    /* Hard-wrapped text has one wrap column for the whole document: several
     * lines reach it and none is much longer. Whole-paragraph lines are
     * longer than any wrap column. */
    size_t wmax = 0, near = 0;
    for (size_t k = 0; k < lines->n; k++) {
        const txt_line *l = &lines->v[k];
        if (l->tab || l->blank) continue;
        const char *s;
        size_t len;
        trimmed(l, &s, &len);
        if (column_aligned(s, len)) continue;
        size_t w = txt_width(s, len) + (indented(l) ? 4 : 0);
        if (w > wmax) wmax = w;
        if (wmax > WRAP_MAX_WIDTH) return 0;
    }
    if (wmax < 20) return 0;
    for (size_t k = 0; k < lines->n; k++) {
        const txt_line *l = &lines->v[k];
        if (l->tab || l->blank) continue;
        const char *s;
        size_t len;
        trimmed(l, &s, &len);
        if (!column_aligned(s, len) &&
            (txt_width(s, len) + (indented(l) ? 4 : 0)) * 100 >= wmax * 85)
            near++;
    }
    return near >= 3 ? wmax : 0;
}

static int emit_text(gd_builder *b, const txt_lines *lines, size_t from, size_t to,
                     size_t skip_first)
{
    /* joins lines [from, to] of one paragraph: no space between Chinese */
    int rc = GD_OK;
    for (size_t k = from; k <= to && rc == GD_OK; k++) {
        const char *s;
        size_t len;
        trimmed(&lines->v[k], &s, &len);
        if (k == from) s += skip_first, len -= skip_first;
        if (k > from) {
            const char *ps;
            size_t pl;
            trimmed(&lines->v[k - 1], &ps, &pl);
            int32_t a = last_cp(ps, pl), c = first_cp(s, len);
            if (!txt_is_cjk(a) && !txt_is_cjk(c) && a != '-') rc = gd_builder_text(b, " ", 1, 0);
        }
        if (rc == GD_OK) rc = gd_builder_text(b, s, len, 0);
    }
    return rc;
}

static int emit_block(gd_builder *b, gd_node_type type, int level, const txt_lines *lines,
                      size_t from, size_t to, size_t skip)
{
    gd_node *n;
    gd_builder_set_line(b, lines->v[from].no);
    int rc = gd_builder_open(b, type, &n);
    if (rc) return rc;
    if (type == GD_NODE_HEADING) gd_node_set_level(n, level);
    rc = emit_text(b, lines, from, to, skip);
    return rc ? rc : gd_builder_close(b, type);
}

/* The title: the first lines of the document when they are short, not
 * numbered, do not end a sentence, and stand apart (a blank line or a
 * longer paragraph follows). Returns how many lines it takes. */
static size_t title_lines(const txt_lines *lines, size_t from, size_t to)
{
    size_t k = from;
    while (k < to && k - from < 3) {
        const char *s;
        size_t len;
        trimmed(&lines->v[k], &s, &len);
        if (txt_width(s, len) > HEADING_MAX_WIDTH || ends_sentence(last_cp(s, len)) ||
            numbered_level(s, len))
            break;
        k++;
    }
    size_t n = k - from;
    if (!n) return 0;
    if (k == to) return n; /* a blank line, a table or the end follows */
    const char *s;
    size_t len;
    trimmed(&lines->v[k], &s, &len);
    size_t next = txt_width(s, len);
    trimmed(&lines->v[from], &s, &len);
    return next > 2 * txt_width(s, len) ? 1 : 0;
}

int txt_blocks_emit(gd_builder *b, const txt_lines *lines, size_t from, size_t to, bool at_start,
                    size_t wrap)
{
    int rc = GD_OK;
    size_t i = from;
    while (rc == GD_OK && i < to) {
        if (lines->v[i].blank) {
            i++;
            continue;
        }
        size_t end = i;
        while (end < to && !lines->v[end].blank) end++;
        /* [i, end): a run of non-blank lines */
        if (at_start) {
            at_start = false;
            size_t t = title_lines(lines, i, end);
            if (t) {
                gd_node *h;
                gd_builder_set_line(b, lines->v[i].no);
                rc = gd_builder_open(b, GD_NODE_HEADING, &h);
                if (rc) return rc;
                gd_node_set_level(h, 1);
                gd_node_set_attr(h, "role", "title");
                gd_node_set_attr(h, "align", "center");
                rc = emit_text(b, lines, i, i + t - 1, 0);
                if (rc == GD_OK) rc = gd_builder_close(b, GD_NODE_HEADING);
                i += t;
                continue;
            }
        }
        char *ends = gd_mem_alloc(end - i);
        if (!ends) return GD_ENOMEM;
        find_breaks(lines, i, end, wrap, ends);
        bool in_list = false;
        for (size_t k = i; k < end && rc == GD_OK;) {
            size_t last = k;
            while (last < end - 1 && !ends[last - i]) last++;
            const txt_line *l = &lines->v[k];
            const char *s;
            size_t len, skip = 0;
            trimmed(l, &s, &len);
            if (l->len && l->s[0] == '\f') rc = gd_builder_leaf(b, GD_NODE_PAGE_BREAK, NULL);
            int level = last == k ? heading_level(s, len) : 0;
            bool item = bullet(s, len, &skip);
            if (in_list && !item) {
                rc = rc ? rc : gd_builder_close(b, GD_NODE_LIST);
                in_list = false;
            }
            if (rc) break;
            if (item) {
                if (!in_list) rc = gd_builder_open(b, GD_NODE_LIST, NULL);
                in_list = true;
                if (!rc) rc = gd_builder_open(b, GD_NODE_ITEM, NULL);
                if (!rc) rc = emit_block(b, GD_NODE_PARAGRAPH, 0, lines, k, last, skip);
                if (!rc) rc = gd_builder_close(b, GD_NODE_ITEM);
            } else if (level) {
                rc = emit_block(b, GD_NODE_HEADING, level, lines, k, last, 0);
            } else {
                rc = emit_block(b, GD_NODE_PARAGRAPH, 0, lines, k, last, 0);
            }
            k = last + 1;
        }
        if (in_list && rc == GD_OK) rc = gd_builder_close(b, GD_NODE_LIST);
        gd_free(ends);
        i = end;
    }
    return rc;
}
