/* Footnotes and endnotes: PlcffndRef/PlcfendRef give the CP of each
 * reference in the main text, PlcffndTxt/PlcfendTxt the CP range of its
 * text within the footnote (endnote) story, which follows the main text
 * (and, for endnotes, the header, macro and annotation stories). */
#include "doc.h"

#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static int load(wd *w, int ref_i, int txt_i, uint32_t story, uint32_t story_len, bool endnote)
{
    const uint8_t *ref, *txt;
    uint32_t nref, ntxt;
    if (!wd_fib_range(w, ref_i, &ref, &nref) || !wd_fib_range(w, txt_i, &txt, &ntxt)) return GD_OK;
    if (nref < 4 || ntxt < 8) return GD_OK;
    size_t count = (nref - 4) / 6; /* CPs (n+1) × 4 + FRDs n × 2 */
    size_t tcount = ntxt / 4;      /* n + 2 CPs */
    if (tcount < 2) return GD_OK;
    if (count > tcount - 1) count = tcount - 1;
    wd_note *v = realloc(w->notes, (w->nnotes + count + 1) * sizeof *v);
    if (!v) return wd_fail(w, GD_ENOMEM, "out of memory");
    w->notes = v;
    for (size_t i = 0; i < count; i++) {
        uint32_t a = rd32(txt + i * 4), e = rd32(txt + (i + 1) * 4);
        if (e < a || e > story_len) continue;
        wd_note *n = &w->notes[w->nnotes++];
        n->ref_cp = rd32(ref + i * 4);
        n->txt_cp = story + a;
        n->txt_end = story + e;
        n->endnote = endnote;
    }
    return GD_OK;
}

static int cmp(const void *a, const void *b)
{
    const wd_note *x = a, *y = b;
    return (x->ref_cp > y->ref_cp) - (x->ref_cp < y->ref_cp);
}

int wd_notes_load(wd *w)
{
    uint32_t ftn = w->ccp_text;
    uint32_t edn = w->ccp_text + w->ccp_ftn + w->ccp_hdd + w->ccp_mcr + w->ccp_atn;
    int rc = load(w, FIB_PLCFFNDREF, FIB_PLCFFNDTXT, ftn, w->ccp_ftn, false);
    if (!rc) rc = load(w, FIB_PLCFENDREF, FIB_PLCFENDTXT, edn, w->ccp_edn, true);
    if (w->nnotes) qsort(w->notes, w->nnotes, sizeof *w->notes, cmp);
    return rc;
}

void wd_notes_free(wd *w)
{
    free(w->sect_mark);
    free(w->sect_bkc_next);
    w->sect_mark = NULL;
    w->sect_bkc_next = NULL;
    w->nsect = 0;
    free(w->notes);
    w->notes = NULL;
    w->nnotes = 0;
}

const wd_note *wd_note_at(const wd *w, uint32_t ref_cp)
{
    size_t lo = 0, hi = w->nnotes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->notes[mid].ref_cp < ref_cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < w->nnotes && w->notes[lo].ref_cp == ref_cp ? &w->notes[lo] : NULL;
}

/* ---- sections (PlcfSed: CPs of section ends, SEDs locating each SEPX) ---- */

/* The operand size of a Word 97 sprm from its spra (the top three bits);
 * first is the operand's first byte (the length of a variable one). */
static size_t operand_size(uint16_t sprm, uint8_t first)
{
    switch (sprm >> 13) {
    case 0:
    case 1: return 1;
    case 3: return 4;
    case 6: return (size_t)first + 1;
    case 7: return 3;
    default: return 2;
    }
}

int wd_sections_load(wd *w)
{
    const uint8_t *p;
    uint32_t n;
    if (!wd_fib_range(w, FIB_PLCFSED, &p, &n) || n < 16) return GD_OK;
    size_t count = (n - 4) / 16; /* (n+1) CPs + n SEDs of 12 bytes */
    w->sect_mark = calloc(count ? count : 1, sizeof *w->sect_mark);
    w->sect_bkc_next = calloc(count + 1, 1);
    if (!w->sect_mark || !w->sect_bkc_next) return wd_fail(w, GD_ENOMEM, "out of memory");
    uint8_t *bkc = calloc(count + 1, 1);
    if (!bkc) return wd_fail(w, GD_ENOMEM, "out of memory");
    for (size_t i = 0; i < count; i++) {
        uint32_t end = rd32(p + (i + 1) * 4);
        w->sect_mark[i] = end ? end - 1 : 0;
        const uint8_t *sed = p + (count + 1) * 4 + i * 12;
        uint32_t fc = rd32(sed + 2);
        bkc[i] = 2;
        if (fc != 0xFFFFFFFFu && in_range(w->nword, fc, 2)) {
            uint16_t cb = rd16(w->word + fc);
            if (in_range(w->nword, (uint64_t)fc + 2, cb)) {
                const uint8_t *g = w->word + fc + 2;
                for (size_t k = 0; k + 2 < cb;) { /* find sprmSBkc */
                    if (w->version == 8) {
                        uint16_t sprm = rd16(g + k);
                        if (sprm == 0x3009) {
                            bkc[i] = g[k + 2];
                            break;
                        }
                        k += 2 + operand_size(sprm, g[k + 2]);
                    } else {
                        if (g[k] == 142) {
                            bkc[i] = g[k + 1];
                            break;
                        }
                        break; /* Word 6 sections: only a leading sprmSBkc is looked at */
                    }
                }
            }
        }
    }
    /* as the DOCX reader reads a sectPr's type: the section that ends at the
     * mark decides whether a page break follows it */
    for (size_t i = 0; i < count; i++) w->sect_bkc_next[i] = bkc[i];
    w->nsect = count;
    free(bkc);
    return GD_OK;
}

bool wd_break_is_page(const wd *w, uint32_t cp)
{
    for (size_t i = 0; i < w->nsect; i++)
        if (w->sect_mark[i] == cp) return w->sect_bkc_next[i] != 0;
    return true;
}
