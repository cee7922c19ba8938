/* govdoc plugin helpers — the lists open in a container (the body, a table
 * cell, a note) while a reader of Word files writes numbered paragraphs:
 * which list and item a paragraph at level ilvl of list id goes into, and
 * the nested LIST/ITEM nodes to open or close to get there. Both Word
 * readers nest lists with it, so a .doc and its .docx give the same tree.
 *
 * Calls the host's builder functions (gd_builder_*), so it is for plugins.
 * Ownership: the caller owns the gdh_list_stack ({0}: no list open); it
 * holds no pointers and allocates nothing. */
#ifndef GOVDOC_HELPERS_LISTSTACK_H
#define GOVDOC_HELPERS_LISTSTACK_H

#include <govdoc/gd_types.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Nesting kept at the most (Word's levels 0–8); deeper items join the
 * innermost list. */
#define GDH_LIST_MAX_DEPTH 9

typedef struct gdh_list_stack {
    int depth; /* lists open */
    struct {
        int ilvl;     /* the level its items are at */
        int id;       /* the reader's list identity (DOCX abstract numbering, .doc list id) */
        bool ordered; /* numbered, not bulleted */
    } lv[GDH_LIST_MAX_DEPTH];
} gdh_list_stack;

/* Closes every open list, innermost first (its item, then the list).
 * GD_OK or the builder's error (the stack then counts what is still open). */
int gdh_list_close_all(gdh_list_stack *s, gd_builder *b);

/* Opens the item for a paragraph at level ilvl of list id: lists deeper
 * than ilvl close; at the same level the item closes and the next opens in
 * the same list when id and ordered match, else that list closes; then a
 * new list (ordered from start, else bulleted) opens with its first item.
 * Past GDH_LIST_MAX_DEPTH the item joins the innermost list. The paragraph
 * goes inside the open item. GD_OK or the builder's error. */
int gdh_list_item(gdh_list_stack *s, gd_builder *b, int ilvl, int id, bool ordered, int start);

#ifdef __cplusplus
}
#endif

#endif
