/* Text lines to blocks: the title, numbered Chinese headings, bullet lists
 * and paragraphs — one per line, except hard-wrapped runs (as PDF-to-text
 * tools write them), whose lines are joined. */
#define _GNU_SOURCE
#include "txt.h"

#include "../common/cjk_rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADING_MAX_WIDTH 60  /* columns: 30 Chinese characters */
#define WRAP_MAX_WIDTH    200 /* wider lines are whole paragraphs, not wraps */

static bool column_aligned(const char *s, size_t len);

static bool heading_like(const char *s, size_t len)
{
    if (txt_width(s, len) > HEADING_MAX_WIDTH || column_aligned(s, len)) return false;
    if (cjk_ends_sentence(cjk_last_cp(s, len))) return false;
    /* a full stop inside means prose that starts with a number */
    return !memmem(s, len, "\xE3\x80\x82", 3);
}

static int heading_level(const char *s, size_t len)
{
    int level = cjk_numbered_level(s, len);
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
        if (w * 100 < wrap * 85 || cjk_ends_sentence(cjk_last_cp(as, al))) continue;
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
            int32_t a = cjk_last_cp(ps, pl), c = cjk_first_cp(s, len);
            if (!txt_is_cjk(a) && !txt_is_cjk(c) && a != '-') rc = gd_builder_text(b, " ", 1, 0);
        }
        if (rc == GD_OK) rc = gd_builder_text(b, s, len, 0);
    }
    return rc;
}

/* A line laid out in columns (pdftotext -layout) keeps its indentation
 * as the attribute "indent" (characters of white space before its text),
 * so that positions on different lines compare: the report reader finds a
 * blank cell's column by the positions of the values and the headers. */
static int set_indent(gd_node *n, const txt_line *l)
{
    const char *s;
    size_t len;
    trimmed(l, &s, &len);
    size_t pre = 0;
    for (size_t i = 0; i < (size_t)(s - l->s);) {
        txt_next_cp(l->s, (size_t)(s - l->s), &i);
        pre++;
    }
    if (!pre || (pre < 3 && !column_aligned(s, len))) return GD_OK;
    char num[24];
    snprintf(num, sizeof num, "%zu", pre);
    return gd_node_set_attr(n, "indent", num);
}

static int emit_block(gd_builder *b, gd_node_type type, int level, const txt_lines *lines,
                      size_t from, size_t to, size_t skip)
{
    gd_node *n;
    gd_builder_set_line(b, lines->v[from].no);
    int rc = gd_builder_open(b, type, &n);
    if (rc) return rc;
    if (type == GD_NODE_HEADING) gd_node_set_level(n, level);
    if (!skip && (rc = set_indent(n, &lines->v[from]))) return rc;
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
        if (txt_width(s, len) > HEADING_MAX_WIDTH || cjk_ends_sentence(cjk_last_cp(s, len)) ||
            cjk_numbered_level(s, len))
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
