/* Font embedding. HarfBuzz's hb-subset cuts each face down to the code
 * points the document draws (a CJK face of 10-20 MB becomes a few KB per
 * hundred characters); libharu then embeds the subset as a CIDFontType2
 * with the UTF-8 encoder, where CID = Unicode code point.
 *
 * libharu 2.3 writes a ToUnicode CMap made of one `begincidrange` block,
 * which is not a valid ToUnicode operator: poppler warns and falls back to
 * guessing. We rewrite that stream with a proper `beginbfchar` table of the
 * code points actually used, so extraction is exact and silent. */
#define _GNU_SOURCE
#include "fonts_internal.h"

#include <hb-subset.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zlib.h>

static hb_blob_t *subset_face(pw_face *fa, hb_set_t *used)
{
    hb_subset_input_t *in = hb_subset_input_create_or_fail();
    if (!in) return NULL;
    hb_set_union(hb_subset_input_unicode_set(in), used);
    /* libharu copies only the tables it knows; skipping the layout tables
     * here saves most of the subsetting time. */
    static const hb_tag_t drop[] = {
        HB_TAG('G', 'S', 'U', 'B'), HB_TAG('G', 'P', 'O', 'S'), HB_TAG('G', 'D', 'E', 'F'),
        HB_TAG('B', 'A', 'S', 'E'), HB_TAG('J', 'S', 'T', 'F'), HB_TAG('v', 'h', 'e', 'a'),
        HB_TAG('v', 'm', 't', 'x'), HB_TAG('V', 'O', 'R', 'G'), HB_TAG('D', 'S', 'I', 'G'),
        HB_TAG('k', 'e', 'r', 'n'), HB_TAG('g', 'a', 's', 'p'), HB_TAG('h', 'd', 'm', 'x'),
        HB_TAG('L', 'T', 'S', 'H'), HB_TAG('V', 'D', 'M', 'X'), HB_TAG('E', 'B', 'D', 'T'),
        HB_TAG('E', 'B', 'L', 'C'), HB_TAG('E', 'B', 'S', 'C'), HB_TAG('b', 'l', 'o', 'c'),
        HB_TAG('b', 'd', 'a', 't'), HB_TAG('m', 'o', 'r', 'x'), HB_TAG('C', 'O', 'L', 'R'),
        HB_TAG('C', 'P', 'A', 'L'), HB_TAG('S', 'T', 'A', 'T'), HB_TAG('M', 'A', 'T', 'H')};
    hb_set_t *dt = hb_subset_input_set(in, HB_SUBSET_SETS_DROP_TABLE_TAG);
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++) hb_set_add(dt, drop[i]);
    hb_face_t *sub = hb_subset_or_fail(fa->face, in);
    hb_subset_input_destroy(in);
    if (!sub) return NULL;
    hb_blob_t *blob = hb_face_reference_blob(sub);
    hb_face_destroy(sub);
    return blob;
}

/* libharu maps every one of the 65,536 codes of its UTF-8 encoder through
 * the font's cmap with a linear search over the format-4 segments, and a
 * CJK subset has one segment per character it keeps: hundreds of searches
 * of hundreds of segments, the largest single cost of a document. The
 * embedded cmap is never used for drawing (the PDF's CIDToGIDMap is), so
 * the subset gets a cmap of a few wide segments that index a glyph array,
 * which libharu searches in a few steps. */
static hb_blob_t *few_segment_cmap(hb_face_t *sub, hb_set_t *used)
{
    hb_font_t *font = hb_font_create(sub);
    /* Segments over the used BMP code points: a new one where the gap
     * exceeds GAP codes. */
    /* PAD: libharu 2.3 reads one entry past the glyph array (it tests
     * idx > count, not >=); a zero there keeps it from taking whatever
     * follows as a glyph id (found by fuzzing: HPDF_INVALID_OBJECT on save). */
    enum { GAP = 512, MAXSEG = 256, PAD = 1 };
    uint32_t start[MAXSEG], end[MAXSEG];
    int nseg = 0;
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    while (hb_set_next(used, &cp) && cp < 0xFFFF) {
        if (nseg && cp - end[nseg - 1] <= GAP)
            end[nseg - 1] = cp;
        else if (nseg < MAXSEG - 1) {
            start[nseg] = end[nseg] = cp;
            nseg++;
        } else {
            end[nseg - 1] = cp;
        }
    }
    start[nseg] = end[nseg] = 0xFFFF; /* the required final segment */
    nseg++;
    size_t glyphs = 0;
    for (int i = 0; i + 1 < nseg; i++) glyphs += end[i] - start[i] + 1;
    size_t sub_len = 16 + (size_t)nseg * 8 + glyphs * 2 + 2 * PAD;
    size_t len = 4 + 8 + sub_len;
    if (sub_len > 0xFFFF) {
        hb_font_destroy(font);
        return NULL; /* too spread out for format 4: keep hb-subset's cmap */
    }
    unsigned char *t = calloc(1, len);
    if (!t) {
        hb_font_destroy(font);
        return NULL;
    }
#define PUT16(o, v) (t[o] = (unsigned char)((v) >> 8), t[(o) + 1] = (unsigned char)(v))
    PUT16(2, 1); /* one encoding record */
    PUT16(4, 3); /* platform Windows */
    PUT16(6, 1); /* Unicode BMP */
    t[10] = 0;   /* offset 12, 32-bit */
    t[11] = 12;
    size_t o = 12;
#undef PUT16
#define PUT16(off, v)                                                                              \
    (t[o + (off)] = (unsigned char)((v) >> 8), t[o + (off) + 1] = (unsigned char)(v))
    int pow2 = 1, log2 = 0;
    while (pow2 * 2 <= nseg) {
        pow2 *= 2;
        log2++;
    }
    PUT16(0, 4);
    PUT16(2, sub_len);
    PUT16(6, nseg * 2);
    PUT16(8, pow2 * 2);
    PUT16(10, log2);
    PUT16(12, nseg * 2 - pow2 * 2);
    size_t ends = 14, starts = 16 + (size_t)nseg * 2, deltas = starts + (size_t)nseg * 2,
           ranges = deltas + (size_t)nseg * 2, array = ranges + (size_t)nseg * 2;
    size_t gi = 0;
    for (int i = 0; i < nseg; i++) {
        PUT16(ends + 2 * (size_t)i, end[i]);
        PUT16(starts + 2 * (size_t)i, start[i]);
        if (i + 1 == nseg) {
            PUT16(deltas + 2 * (size_t)i, 1); /* 0xFFFF -> glyph 0 */
            continue;
        }
        /* idRangeOffset: from this word to the segment's first array entry. */
        size_t at = ranges + 2 * (size_t)i;
        PUT16(at, array + gi * 2 - at);
        for (uint32_t c = start[i]; c <= end[i]; c++, gi++) {
            hb_codepoint_t g = 0;
            if (hb_set_has(used, c)) hb_font_get_nominal_glyph(font, c, &g);
            PUT16(array + gi * 2, g);
        }
    }
#undef PUT16
    hb_font_destroy(font);
    return hb_blob_create((const char *)t, (unsigned)len, HB_MEMORY_MODE_WRITABLE, t, free);
}

/* The subset with its cmap replaced (see few_segment_cmap). */
static hb_blob_t *with_cmap(hb_blob_t *font_blob, hb_set_t *used)
{
    hb_face_t *sub = hb_face_create(font_blob, 0);
    hb_blob_t *cmap = few_segment_cmap(sub, used);
    if (!cmap) {
        hb_face_destroy(sub);
        return hb_blob_reference(font_blob);
    }
    hb_face_t *b = hb_face_builder_create();
    hb_tag_t tags[64];
    unsigned n = 64;
    hb_face_get_table_tags(sub, 0, &n, tags);
    for (unsigned i = 0; i < n; i++) {
        hb_blob_t *tb = tags[i] == HB_TAG('c', 'm', 'a', 'p')
                            ? hb_blob_reference(cmap)
                            : hb_face_reference_table(sub, tags[i]);
        hb_face_builder_add_table(b, tags[i], tb);
        hb_blob_destroy(tb);
    }
    hb_blob_t *out = hb_face_reference_blob(b);
    hb_face_destroy(b);
    hb_blob_destroy(cmap);
    hb_face_destroy(sub);
    return out;
}

/* libharu reads fonts from files only (2.3 has no memory loader) and reads
 * glyph data again while saving: the subset stays in an anonymous memory
 * file until the document is written. */
static int memory_file(const char *data, size_t len)
{
    int fd = memfd_create("govdoc-font", MFD_CLOEXEC);
    if (fd < 0) {
        FILE *tf = tmpfile();
        if (!tf) return -1;
        fd = dup(fileno(tf));
        fclose(tf);
        if (fd < 0) return -1;
    }
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    return fd;
}

int pw_fonts_embed(pw_fonts *f, HPDF_Doc pdf)
{
    for (int i = 0; i < f->nslots; i++) {
        pw_font_slot *s = &f->slots[i];
        s->fd = -1;
        if (hb_set_is_empty(s->used)) continue;
        hb_blob_t *sub = subset_face(s->face, s->used);
        hb_blob_t *blob = sub ? with_cmap(sub, s->used) : NULL;
        hb_blob_destroy(sub);
        if (!blob) return gd_ctx_error(f->ctx, GD_ERROR, "cannot subset font %s", s->face->family);
        unsigned len;
        const char *data = hb_blob_get_data(blob, &len);
        s->fd = memory_file(data, len);
        hb_blob_destroy(blob);
        if (s->fd < 0) return gd_ctx_error(f->ctx, GD_EIO, "cannot keep a font subset in memory");
        char path[64];
        snprintf(path, sizeof path, "/proc/self/fd/%d", s->fd);
        const char *name = HPDF_LoadTTFontFromFile(pdf, path, HPDF_TRUE);
        HPDF_Font font = name ? HPDF_GetFont(pdf, name, "UTF-8") : NULL;
        if (!font)
            return gd_ctx_error(f->ctx, GD_ERROR, "libharu cannot embed font %s (error %04X)",
                                s->face->family, (unsigned)HPDF_GetError(pdf));
        s->hfont = font;
    }
    return GD_OK;
}

HPDF_Font pw_fonts_hpdf(pw_fonts *f, int slot)
{
    return slot >= 0 && slot < f->nslots ? f->slots[slot].hfont : NULL;
}

static int write_tounicode(HPDF_Stream st, hb_set_t *used)
{
    static const char head[] =
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
    static const char tail[] = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
    HPDF_STATUS rc = HPDF_Stream_WriteStr(st, head);
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    uint32_t batch[100];
    int n = 0;
    char line[32];
    for (bool more = true; more && rc == HPDF_OK;) {
        more = hb_set_next(used, &cp) && cp < 0x10000;
        if (more) batch[n++] = cp;
        if (n == 100 || (!more && n)) {
            snprintf(line, sizeof line, "%d beginbfchar\n", n);
            rc |= HPDF_Stream_WriteStr(st, line);
            for (int i = 0; i < n; i++) {
                /* Code = CID = the code point (libharu's UTF-8 encoder). */
                snprintf(line, sizeof line, "<%04X> <%04X>\n", batch[i], batch[i]);
                rc |= HPDF_Stream_WriteStr(st, line);
            }
            rc |= HPDF_Stream_WriteStr(st, "endbfchar\n");
            n = 0;
        }
    }
    rc |= HPDF_Stream_WriteStr(st, tail);
    return rc == HPDF_OK ? GD_OK : GD_ERROR;
}

/* PDF/A-1 (6.3.5) wants a subset CIDFont to list the CIDs it contains.
 * libharu makes the CIDFont's FontDescriptor only while writing the file,
 * so the CIDSet is added from a hook on the CIDFont's before-write call. */
static _Thread_local struct cidset_hook {
    HPDF_Dict cid;
    HPDF_Doc pdf;
    hb_set_t *used;
    HPDF_Dict_BeforeWriteFunc orig;
    bool pdfa;
} hooks[PW_MAX_SLOTS];
static _Thread_local int nhooks;

static int write_cidset(HPDF_Doc pdf, HPDF_Dict fd, hb_set_t *used)
{
    hb_codepoint_t max = hb_set_get_max(used);
    if (max >= 0x10000) max = 0xFFFF;
    size_t n = max / 8 + 1;
    unsigned char *bits = calloc(n, 1);
    if (!bits) return GD_ENOMEM;
    bits[0] = 0x80; /* CID 0, .notdef */
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    while (hb_set_next(used, &cp) && cp < 0x10000) bits[cp / 8] |= (unsigned char)(0x80 >> cp % 8);
    HPDF_Dict set = HPDF_DictStream_New(pdf->mmgr, pdf->xref);
    int rc = set && HPDF_Stream_Write(set->stream, bits, (HPDF_UINT)n) == HPDF_OK &&
                     HPDF_Dict_Add(fd, "CIDSet", set) == HPDF_OK
                 ? GD_OK
                 : GD_ERROR;
    if (set) set->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
    free(bits);
    return rc;
}

/* libharu lists every CID's width on its own ("20013 [1000] 20154 [1000]
 * ..."), several KB of uncompressed dictionary for a CJK text. Rewritten
 * with the commonest width as /DW and ranges for the rest. */
static HPDF_STATUS compact_widths(HPDF_Dict cid, hb_set_t *used)
{
    HPDF_Array w = HPDF_Dict_GetItem(cid, "W", HPDF_OCLASS_ARRAY);
    HPDF_Number dw0 = HPDF_Dict_GetItem(cid, "DW", HPDF_OCLASS_NUMBER);
    size_t n = hb_set_get_population(used);
    if (!w || !dw0 || !n) return HPDF_OK;
    /* Every used CID with its width: listed in W, else libharu's DW. */
    int32_t(*cw)[2] = malloc(n * sizeof *cw);
    if (!cw) return HPDF_FAILD_TO_ALLOC_MEM;
    size_t k = 0;
    hb_codepoint_t cp = HB_SET_VALUE_INVALID;
    while (hb_set_next(used, &cp) && cp < 0x10000 && k < n) {
        cw[k][0] = (int32_t)cp;
        cw[k][1] = dw0->value;
        k++;
    }
    n = k;
    for (HPDF_UINT i = 0; i + 1 < HPDF_Array_Items(w); i += 2) {
        HPDF_Number first = HPDF_Array_GetItem(w, i, HPDF_OCLASS_NUMBER);
        HPDF_Array ws = HPDF_Array_GetItem(w, i + 1, HPDF_OCLASS_ARRAY);
        for (HPDF_UINT j = 0; first && ws && j < HPDF_Array_Items(ws); j++) {
            HPDF_Number v = HPDF_Array_GetItem(ws, j, HPDF_OCLASS_NUMBER);
            int32_t c = first->value + (int32_t)j;
            /* cw is sorted by CID: binary search. */
            size_t lo = 0, hi = n;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (cw[mid][0] < c)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            if (lo < n && cw[lo][0] == c && v) cw[lo][1] = v->value;
        }
    }
    /* The commonest width (CJK: 1000) becomes /DW. */
    int32_t dw = cw[0][1];
    size_t best = 0;
    for (size_t i = 0; i < n && i < 512; i++) {
        size_t c = 0;
        for (size_t j = 0; j < n; j++) c += cw[j][1] == cw[i][1];
        if (c > best) {
            best = c;
            dw = cw[i][1];
        }
    }
    HPDF_Array_Clear(w);
    HPDF_STATUS rc = HPDF_OK;
    for (size_t i = 0; i < n && rc == HPDF_OK;) {
        if (cw[i][1] == dw) {
            i++;
            continue;
        }
        size_t j = i + 1;
        while (j < n && cw[j][0] == cw[j - 1][0] + 1 && cw[j][1] == cw[i][1]) j++;
        rc |= HPDF_Array_AddNumber(w, cw[i][0]);
        rc |= HPDF_Array_AddNumber(w, cw[j - 1][0]);
        rc |= HPDF_Array_AddNumber(w, cw[i][1]);
        i = j;
    }
    if (rc == HPDF_OK) rc = HPDF_Dict_AddNumber(cid, "DW", dw);
    free(cw);
    return rc;
}

/* libharu deflates every stream at zlib's level 6 as it writes the file;
 * for a CJK font program (hundreds of KB of outlines) that is most of the
 * time a document takes. Level 3 costs a quarter of the time for about 6%
 * more bytes: such streams are compressed here and handed to libharu as
 * finished /FlateDecode data. */
/* libharu drops a /Filter key from a stream it does not filter itself;
 * the dictionary's write hook puts it back as the dictionary is written. */
static HPDF_STATUS write_flate_key(HPDF_Dict d, HPDF_Stream out)
{
    (void)d;
    return HPDF_Stream_WriteStr(out, "/Filter /FlateDecode\012");
}

int pw_precompress(HPDF_Dict d, int level)
{
    if (!d || !d->stream || d->filter != HPDF_STREAM_FILTER_FLATE_DECODE || d->write_fn)
        return GD_OK;
    HPDF_UINT32 n = HPDF_Stream_Size(d->stream);
    if (n == 0) return GD_OK;
    unsigned char *raw = malloc(n);
    uLongf zn = compressBound(n);
    unsigned char *z = malloc(zn);
    int rc = GD_ERROR;
    HPDF_UINT got = n;
    if (raw && z && HPDF_Stream_Seek(d->stream, 0, HPDF_SEEK_SET) == HPDF_OK &&
        HPDF_Stream_Read(d->stream, raw, &got) == HPDF_OK && got == n &&
        compress2(z, &zn, raw, n, level) == Z_OK) {
        HPDF_MemStream_FreeData(d->stream);
        if (HPDF_Stream_Write(d->stream, z, (HPDF_UINT)zn) == HPDF_OK) {
            d->filter = HPDF_STREAM_FILTER_NONE;
            d->write_fn = write_flate_key;
            rc = GD_OK;
        }
    }
    free(raw);
    free(z);
    return rc;
}

static HPDF_STATUS cid_before_write(HPDF_Dict obj)
{
    for (int i = 0; i < nhooks; i++) {
        if (hooks[i].cid != obj) continue;
        HPDF_STATUS rc = hooks[i].orig ? hooks[i].orig(obj) : HPDF_OK;
        if (rc == HPDF_OK) rc = compact_widths(obj, hooks[i].used);
        HPDF_Dict fd0 = HPDF_Dict_GetItem(obj, "FontDescriptor", HPDF_OCLASS_DICT);
        HPDF_Dict file = fd0 ? HPDF_Dict_GetItem(fd0, "FontFile2", HPDF_OCLASS_DICT) : NULL;
        HPDF_Dict map = HPDF_Dict_GetItem(obj, "CIDToGIDMap", HPDF_OCLASS_DICT);
        if (rc == HPDF_OK && (pw_precompress(file, 3) || pw_precompress(map, 1)))
            rc = HPDF_FAILD_TO_ALLOC_MEM;
        if (rc != HPDF_OK || !hooks[i].pdfa) return rc;
        HPDF_Dict fd = HPDF_Dict_GetItem(obj, "FontDescriptor", HPDF_OCLASS_DICT);
        if (!fd) return HPDF_INVALID_OBJECT;
        if (HPDF_Dict_GetItem(fd, "CIDSet", HPDF_OCLASS_DICT)) return HPDF_OK;
        return write_cidset(hooks[i].pdf, fd, hooks[i].used) ? HPDF_FAILD_TO_ALLOC_MEM : HPDF_OK;
    }
    return HPDF_OK;
}

static int hook_cidfont(HPDF_Doc pdf, HPDF_Font font, hb_set_t *used, bool pdfa)
{
    HPDF_Array desc = HPDF_Dict_GetItem(font, "DescendantFonts", HPDF_OCLASS_ARRAY);
    HPDF_Dict cid = desc ? HPDF_Array_GetItem(desc, 0, HPDF_OCLASS_DICT) : NULL;
    if (!cid || nhooks == PW_MAX_SLOTS) return GD_ERROR;
    hooks[nhooks] = (struct cidset_hook){cid, pdf, used, cid->before_write_fn, pdfa};
    nhooks++;
    cid->before_write_fn = cid_before_write;
    return GD_OK;
}

int pw_fonts_finish(pw_fonts *f, HPDF_Doc pdf, bool pdfa)
{
    for (int i = 0; i < f->nslots; i++) {
        pw_font_slot *s = &f->slots[i];
        if (!s->hfont) continue;
        HPDF_Dict tu = HPDF_Dict_GetItem(s->hfont, "ToUnicode", HPDF_OCLASS_DICT);
        if (!tu || !tu->stream) return gd_ctx_error(f->ctx, GD_ERROR, "font has no ToUnicode");
        HPDF_MemStream_FreeData(tu->stream);
        if (write_tounicode(tu->stream, s->used))
            return gd_ctx_error(f->ctx, GD_ENOMEM, "cannot write a ToUnicode map");
        if (hook_cidfont(pdf, s->hfont, s->used, pdfa))
            return gd_ctx_error(f->ctx, GD_ERROR, "cannot prepare a font for writing");
    }
    return GD_OK;
}

void pw_fonts_release(pw_fonts *f)
{
    nhooks = 0;
    for (int i = 0; f && i < f->nslots; i++) {
        if (f->slots[i].fd > 0) close(f->slots[i].fd);
        f->slots[i].fd = -1;
        f->slots[i].hfont = NULL;
    }
}
