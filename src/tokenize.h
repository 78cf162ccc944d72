/* tokenize.h: text to tokens (see tokenize.c). */
#ifndef ACCORD_TOKENIZE_H
#define ACCORD_TOKENIZE_H

#include <glib.h>

typedef enum {
  TOK_WORD,     /* letters, with inner ' - . & / (Ukraine's, co-operate, U.S.) */
  TOK_NUM,      /* digits with separators, a sign, %, a currency (800,000; 3.67%; €50bn) */
  TOK_PUNCT,    /* one punctuation mark or symbol */
  TOK_OPENQ,    /* an opening quotation mark */
  TOK_CLOSEQ,   /* a closing quotation mark */
} TokenKind;

typedef struct {
  guint32 start, end;   /* bytes of the text */
  guint8 kind;          /* TokenKind */
  guint8 cap;           /* starts with an upper-case letter */
} Token;

/* Appends the tokens of TEXT[0..LEN) to OUT (an array of Token), with
 * offsets plus BASE.  ABBREVS (folded words that keep their final
 * period, like "gen."), may be NULL.  Invalid UTF-8 bytes become PUNCT
 * tokens of one byte each.  *QUOTE_DEPTH carries open quotations from one
 * call to the next (may be NULL). */
G_GNUC_INTERNAL void tokenize (const char *text, gsize len, gsize base, GHashTable *abbrevs,
                               GArray *out, int *quote_depth);

#endif
