/* segment.h: an article's text to statements (see segment.c). */
#ifndef ACCORD_SEGMENT_H
#define ACCORD_SEGMENT_H

#include <glib.h>

#include "tokenize.h"

typedef enum {
  STATEMENT_SENTENCE,   /* a sentence of a paragraph */
  STATEMENT_LINE,       /* headline, byline, sub-heading, list item */
} StatementKind;

typedef struct {
  guint32 start, end;   /* bytes [start, end) of the text */
  guint8 kind;          /* StatementKind */
} Statement;

/* Appends the statements of TEXT[0..LEN) to OUT (GArray of Statement),
 * offsets plus BASE (BASE + LEN must fit in 32 bits).  ABBREVS: folded
 * abbreviations that do not end a sentence (e.g. "gen.", "u.s."), on top
 * of the built-in ones; may be NULL.  Every byte that is not white space
 * lands in exactly one statement; statements are in order and trimmed. */
G_GNUC_INTERNAL void segment (const char *text, gsize len, gsize base, GHashTable *abbrevs,
                              GArray *out);
/* The same with ABBREVS as a set made once (the classifier's way). */
G_GNUC_INTERNAL void segment_with (const char *text, gsize len, gsize base, const AbbrevSet *abbrevs,
                                   GArray *out);

#endif
