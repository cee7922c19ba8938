/* The document shell: <!DOCTYPE html>, <head> with charset, viewport,
 * metadata, title and the stylesheet (formats/html/style.css, compiled into
 * the plugin), and the element that holds the content. */
#include "hw.h"

#include <stdlib.h>
#include <string.h>

/* formats/html/style.css, embedded by sources.cmake (gd_embed). */
extern const unsigned char gd_html_style_css[];
extern const size_t gd_html_style_css_len;

/* A language tag we can put in lang="": letters, digits, hyphens. */
static bool lang_ok(const char *s)
{
    if (!s || !*s || strlen(s) > 35) return false;
    if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z'))) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '-'))
            return false;
    return true;
}

static bool is_ascii_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Whitespace runs become one space, except a line break between two
 * non-ASCII characters (a title wrapped inside CJK text), which goes. */
static void title_text(hw *w, const char *s)
{
    size_t n = strlen(s), i = 0;
    while (i < n && is_ascii_space(s[i])) i++;
    while (n > i && is_ascii_space(s[n - 1])) n--;
    char *out = malloc(n - i + 1);
    if (!out) {
        hw_fail(w, GD_ENOMEM);
        return;
    }
    size_t o = 0;
    while (i < n) {
        if (!is_ascii_space(s[i])) {
            out[o++] = s[i++];
            continue;
        }
        bool newline = false;
        while (i < n && is_ascii_space(s[i])) newline |= s[i] == '\n', i++;
        bool cjk_join = newline && o > 0 && (unsigned char)out[o - 1] >= 0x80 && i < n &&
                        (unsigned char)s[i] >= 0x80;
        if (!cjk_join) out[o++] = ' ';
    }
    hw_text(w, out, o);
    free(out);
}

/* The heading that names the document: role=title first, then the first
 * heading, among the top-level blocks. */
static const gd_node *title_heading(const gd_node *root)
{
    const gd_node *first = NULL;
    for (const gd_node *n = gd_node_first_child(root); n; n = gd_node_next(n)) {
        if (gd_node_get_type(n) != GD_NODE_HEADING) continue;
        const char *role = gd_node_attr(n, "role");
        if (role && strcmp(role, "title") == 0) return n;
        if (!first) first = n;
    }
    return first;
}

static void title_element(hw *w)
{
    hw_puts(w, "<title>");
    const gd_node *h = title_heading(w->root);
    const char *role = h ? gd_node_attr(h, "role") : NULL;
    const char *meta = gd_doc_meta_get(w->doc, "title");
    char *text = NULL;
    bool done = false;
    /* A heading marked as the title, else the metadata, else any heading. */
    if (h && role && strcmp(role, "title") == 0) text = gd_node_text_dup(h);
    if (text && *text) {
        title_text(w, text);
        done = true;
    } else if (meta && *meta) {
        title_text(w, meta);
        done = true;
    } else if (h) {
        gd_free(text);
        text = gd_node_text_dup(h);
        if (text && *text) {
            title_text(w, text);
            done = true;
        }
    }
    gd_free(text);
    if (!done) {
        /* The file's name, as pandoc does; <title> must not be empty. */
        const char *src = gd_doc_meta_get(w->doc, "source");
        const char *base = src ? strrchr(src, '/') : NULL;
        base = base ? base + 1 : src;
        const char *dot = base ? strrchr(base, '.') : NULL;
        if (base && *base && dot != base)
            hw_text(w, base, dot ? (size_t)(dot - base) : strlen(base));
        else
            hw_puts(w, "文档");
    }
    hw_puts(w, "</title>\n");
}

static void meta_element(hw *w, const char *name, const char *value)
{
    if (!value || !*value) return;
    hw_printf(w, "<meta name=\"%s\" content=\"", name);
    hw_attr(w, value, strlen(value));
    hw_puts(w, "\">\n");
}

void hw_shell_open(hw *w)
{
    const char *cls = w->standard ? "gd-document gd-standard" : "gd-document";
    if (!gd_ctx_option_bool(w->ctx, "standalone")) {
        hw_printf(w, "<div class=\"%s\">\n", cls);
        return;
    }
    const char *lang = gd_doc_meta_get(w->doc, "language");
    hw_printf(w,
              "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
              "<meta name=\"generator\" content=\"govdoc\">\n",
              lang_ok(lang) ? lang : "zh-CN");
    const char *author = gd_doc_meta_get(w->doc, "author");
    meta_element(w, "author", author && *author ? author : gd_doc_meta_get(w->doc, "issuer"));
    meta_element(w, "dcterms.date", gd_doc_meta_get(w->doc, "date"));
    meta_element(w, "description", gd_doc_meta_get(w->doc, "subject"));
    title_element(w);
    const char *sheet = gd_ctx_option(w->ctx, "stylesheet");
    if (!sheet || strcmp(sheet, "none") != 0) {
        hw_puts(w, "<style>\n");
        hw_putn(w, (const char *)gd_html_style_css, gd_html_style_css_len);
        hw_puts(w, "</style>\n");
    }
    const char *css = gd_ctx_option(w->ctx, "css");
    if (css && *css) {
        if (hw_url_safe(css, false)) {
            hw_puts(w, "<link rel=\"stylesheet\" href=\"");
            hw_url_attr(w, css);
            hw_puts(w, "\">\n");
        } else {
            gd_ctx_warn(w->ctx, "css: unsafe stylesheet URL ignored");
        }
    }
    hw_printf(w, "</head>\n<body>\n<main class=\"%s\">\n", cls);
}

void hw_shell_close(hw *w)
{
    if (!gd_ctx_option_bool(w->ctx, "standalone")) {
        hw_puts(w, "</div>\n");
        return;
    }
    hw_puts(w, "</main>\n</body>\n</html>\n");
}
