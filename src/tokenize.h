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

/* A set of abbreviations (folded words that keep their final period,
 * like "gen."), with a filter that turns most words away without a
 * lookup: the tokenizer and the segmenter ask at every sentence end. */
#define ABBREV_BLOOM_BITS 11   /* 256 bytes: most words ending a sentence are turned away
                                  (with 2^8 bits, one in three went on to a lookup) */
typedef struct {
  GHashTable *words;    /* char* set; NULL: none */
  guint64 bloom[(1u << ABBREV_BLOOM_BITS) / 64];   /* bit abbrev_bloom_bit: a word of that length
                                                       and those bytes */
} AbbrevSet;

/* Of the bits of the filter, the one for a key of LEN bytes: its length,
 * its first byte A and the two before its last, B and C (A, B and C are
 * only read when the key has that many bytes). */
static inline guint
abbrev_bloom_hash (gsize len, guchar a, guchar b, guchar c)
{
  guint32 h = (guint32) MIN (len, 255) * 0x9e3779b1u;
  if (len >= 1)
    h = (h ^ a) * 0x85ebca6bu;
  if (len >= 2)
    h = (h ^ b) * 0xc2b2ae35u;
  if (len >= 3)
    h = (h ^ c) * 0x27d4eb2fu;
  return h >> (32 - ABBREV_BLOOM_BITS);
}

/* The bit of the filter for KEY of LEN bytes. */
static inline guint
abbrev_bloom_bit (const char *key, gsize len)
{
  const guchar *k = (const guchar *) key;
  return abbrev_bloom_hash (len, len >= 1 ? k[0] : 0, len >= 2 ? k[len - 2] : 0,
                            len >= 3 ? k[len - 3] : 0);
}

/* Whether bit B of the filter of S (not NULL) is set: if not, no key
 * with that bit is in S. */
static inline gboolean
abbrev_set_may_have (const AbbrevSet *s, guint b)
{
  return (s->bloom[b >> 6] >> (b & 63)) & 1;
}

/* Makes S the set WORDS (may be NULL), which must outlive S and not change. */
G_GNUC_INTERNAL void abbrev_set_init (AbbrevSet *s, GHashTable *words);

/* Whether KEY, of LEN bytes (folded), is in S (may be NULL). */
static inline gboolean
abbrev_set_has (const AbbrevSet *s, const char *key, gsize len)
{
  if (!s || !s->words)
    return FALSE;
  if (!abbrev_set_may_have (s, abbrev_bloom_bit (key, len)))
    return FALSE;
  return g_hash_table_contains (s->words, key);
}

/* Appends the tokens of TEXT[0..LEN) to OUT (an array of Token, from
 * g_array_new (FALSE, FALSE, ...): it is trimmed in place), with
 * offsets plus BASE.  ABBREVS (folded words that keep their final
 * period, like "gen."), may be NULL.  Invalid UTF-8 bytes become PUNCT
 * tokens of one byte each.  *QUOTE_DEPTH carries open quotations from one
 * call to the next (may be NULL). */
G_GNUC_INTERNAL void tokenize (const char *text, gsize len, gsize base, GHashTable *abbrevs,
                               GArray *out, int *quote_depth);
/* The same with ABBREVS as a set made once (the classifier's way), and
 * with *ROOM the room OUT is known to have (see array_set_len in
 * util.h; ROOM may be NULL). */
G_GNUC_INTERNAL void tokenize_with (const char *text, gsize len, gsize base, const AbbrevSet *abbrevs,
                                    GArray *out, guint *room, int *quote_depth);

#endif
