/* HTML reader: pure helpers (no host calls, no libxml2), so unit tests can
 * compile them on their own. */
#ifndef HR_UTIL_H
#define HR_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- hr_text.c: UTF-8 and character classes ---- */

/* Decodes one code point at s[0..len); sets *n to its byte length (>= 1).
 * Invalid bytes decode as U+FFFD of length 1. */
uint32_t hr_utf8_next(const char *s, size_t len, size_t *n);
/* Encodes c into out (4 bytes max); returns the length. */
size_t hr_utf8_put(char *out, uint32_t c);
/* Code points in s[0..len). */
size_t hr_utf8_count(const char *s, size_t len);
/* East Asian wide or fullwidth: a line break between two of them is not a
 * space (CSS Text 3, segment break transformation). */
bool hr_is_wide(uint32_t c);
/* Collapsible white space of HTML, plus U+00A0 (&nbsp; runs are
 * normalised like spaces). */
bool hr_is_space(uint32_t c);
/* Characters dropped from text: zero-width space, BOM, soft hyphen. */
bool hr_is_invisible(uint32_t c);
/* Case-insensitive ASCII compare of the first n bytes. */
bool hr_ascii_ieq(const char *a, const char *b, size_t n);
/* Does the ASCII-case-folded `hay` contain `needle` (lower case)? */
bool hr_ascii_icontains(const char *hay, const char *needle);

/* ---- hr_sniff.c: the declared charset of a page ---- */

/* Looks for a BOM-less UTF-16 page or a declared charset (<meta charset>,
 * <meta http-equiv=content-type>, <?xml encoding>) in the first bytes, as
 * the HTML prescan does. Writes the label to buf and returns it, or NULL. */
const char *hr_sniff_charset(const uint8_t *data, size_t len, char *buf, size_t bufsz);

/* ---- hr_probe.c: content probe ---- */
int hr_probe_score(const uint8_t *head, size_t len);
/* The probe scores 0 unless the first HR_PROBE_WINDOW bytes (what its
 * ASCII view of 4096 characters spans, UTF-32 included) hold the start of
 * a tag: "<" then a letter, "!", "/" or "?", or "<" beside a NUL (UTF-16,
 * UTF-32). The reader declares exactly that as its signatures
 * (html_reader.c), so the registry need not load it for text without. */
#define HR_PROBE_WINDOW (4 + 4 * 4096)
bool hr_tag_start(const uint8_t *head, size_t len);

/* ---- hr_heading.c: numbered Chinese headings in plain paragraphs ---- */

/* Heading level (2 for "一、…", 3 for "（一）…") of a paragraph whose
 * collapsed text is `text`, or 0 when it is not a heading. `after_level2`:
 * a "一、" heading came before (a "（一）" alone is no evidence). */
int hr_heading_level(const char *text, size_t len, bool all_bold, bool after_level2);

/* ---- hr_marker.c: Word list markers ---- */
enum { HR_MARKER_NONE = 0, HR_MARKER_BULLET = 1, HR_MARKER_ORDERED = 2 };
/* What the marker text of a Word list paragraph makes: a bullet list, an
 * ordered list (*start = its number), or nothing (kept as text). */
int hr_marker_kind(const char *s, size_t n, int *start);

/* ---- hr_css.c: inline style attributes ---- */
enum {
    HR_ALIGN_NONE = 0,
    HR_ALIGN_LEFT,
    HR_ALIGN_CENTER,
    HR_ALIGN_RIGHT,
    HR_ALIGN_JUSTIFY,
};

typedef struct hr_css {
    unsigned set_style;         /* GD_STYLE_* bits the declarations turn on */
    unsigned clear_style;       /* ... and turn off (font-weight:normal, ...) */
    int align;                  /* HR_ALIGN_* from text-align */
    bool hidden;                /* display:none, visibility:hidden, mso-hide:all */
    bool page_break;            /* page-break-before:always / break-before:page */
    bool mso_list;              /* mso-list: lN levelK lfoM (a Word list paragraph) */
    bool mso_ignore;            /* mso-list:Ignore: the marker of a Word list item */
    int mso_level;              /* K of mso-list */
    int mso_list_id;            /* M of lfoM (the list instance) */
    double width_pt, height_pt; /* 0 = not given */
    int note;         /* mso-footnote-id (1) / mso-endnote-id (2): a Word note reference */
    char note_id[32]; /* its id ("ftn1") */
    int note_element; /* mso-element: footnote/endnote (1), footnote-list/endnote-list (2) */
    char font[64];    /* first font family named (mso-fareast first) */
} hr_css;

/* Parses a style attribute value into *out (zeroed first). */
void hr_css_parse(hr_css *out, const char *style);
/* A CSS or HTML length ("12pt", "2cm", "200px", "200") in points; 0 when
 * not a length (percentages, auto). `unitless_px`: bare numbers are px. */
double hr_css_length_pt(const char *v, size_t n, bool unitless_px);
int hr_align_from(const char *v);
const char *hr_align_name(int align);

/* ---- hr_data_uri.c ---- */

/* Decodes a data: URI. On success *mime (NUL-terminated, in mimebuf) and
 * malloc'ed bytes in *bytes and *len; returns false when it is not a usable image. */
bool hr_data_uri_decode(const char *uri, char *mimebuf, size_t mimesz, uint8_t **bytes,
                        size_t *len);
/* The image type from magic bytes, or NULL. */
const char *hr_image_sniff(const uint8_t *d, size_t n);

#endif
