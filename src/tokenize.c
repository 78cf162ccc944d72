/* tokenize.c: splits a statement into the tokens that rules match.
 *
 * A token is a word, a number, a quotation mark or one punctuation mark.
 * Offsets always refer to the original bytes.  Words keep their inner
 * apostrophes, hyphens, ampersands, slashes and periods between letters
 * (Ukraine's, Ukraine’s, co-operate, U.S., a.m.); a final period stays
 * with the word only for an abbreviation (a word of single letters and
 * periods, or one the rule packs declare with `abbrev`).  Numbers keep
 * their separators, a leading currency sign, a trailing percent sign and
 * unit letters (800,000; 3.67%; €50bn; 1.5m).
 *
 * Quotation marks: curly and low-9 marks and guillemets say which side
 * they are; a straight quote opens when it follows a space, an opening
 * bracket or the start, and closes otherwise.  A single quote is a quote
 * mark only at a word boundary; inside a word it is an apostrophe.
 */
#include "config.h"

#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "tokenize.h"
#include "util.h"

/* What a byte is, for the tests of the hot loops: one load, no call. */
enum {
  CH_SPACE = 1 << 0,    /* g_ascii_isspace: \t \n \f \r and space, not \v */
  CH_DIGIT = 1 << 1,
  CH_UPPER = 1 << 2,
  CH_LOWER = 1 << 3,
  CH_MORE = 1 << 4,     /* may go on a word after a letter or digit: a joiner
                         * (' - & / .) or a byte beyond ASCII */
};

static const guint8 char_class[256] = {
  ['\t'] = CH_SPACE, ['\n'] = CH_SPACE, ['\f'] = CH_SPACE, ['\r'] = CH_SPACE, [' '] = CH_SPACE,
  ['0' ... '9'] = CH_DIGIT,
  ['A' ... 'Z'] = CH_UPPER,
  ['a' ... 'z'] = CH_LOWER,
  ['\''] = CH_MORE, ['-'] = CH_MORE, ['&'] = CH_MORE, ['/'] = CH_MORE, ['.'] = CH_MORE,
  [0x80 ... 0xff] = CH_MORE,
};

static inline gboolean
is_ascii_digit (char c)
{
  return (char_class[(guchar) c] & CH_DIGIT) != 0;
}

static inline gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((int) c);
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

#ifdef __SSE2__
/* Of the sixteen bytes at P, the ASCII letters and digits: bit K for
 * P[K].  A letter (folded to lower case) is one of the 26 bytes from 'a',
 * a digit one of the 10 from '0': moved to the bottom of the signed
 * range, each is a signed comparison. */
static inline guint
alnum_mask (const char *p)
{
  __m128i v = _mm_loadu_si128 ((const __m128i *) p);
  __m128i x = _mm_add_epi8 (_mm_or_si128 (v, _mm_set1_epi8 (0x20)), _mm_set1_epi8 ((char) (0x80 - 'a')));
  __m128i d = _mm_add_epi8 (v, _mm_set1_epi8 ((char) (0x80 - '0')));
  __m128i alpha = _mm_cmplt_epi8 (x, _mm_set1_epi8 ((char) (0x80 + 26)));
  __m128i digit = _mm_cmplt_epi8 (d, _mm_set1_epi8 ((char) (0x80 + 10)));
  return (guint) _mm_movemask_epi8 (_mm_or_si128 (alpha, digit));
}
#endif

/* The end of the run of ASCII letters and digits at TEXT[J], of at most
 * LEN - J bytes: many bytes at a time, as most words are shorter. */
static inline gsize
alnum_end (const char *text, gsize j, gsize len)
{
#ifdef __SSE2__
  while (j + 16 <= len)
    {
      guint bad = ~alnum_mask (text + j) & 0xffff;
      if (bad)
        return j + (gsize) __builtin_ctz (bad);
      j += 16;
    }
  /* Fewer than sixteen bytes are left: they end the last sixteen of the
   * text, when it has so many. */
  if (j < len && len >= 16)
    {
      guint bad = (~alnum_mask (text + len - 16) & 0xffff) >> (16 - (len - j));
      return bad ? j + (gsize) __builtin_ctz (bad) : len;
    }
#elif defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101), highs = ones * 0x80;
  while (j + 8 <= len)
    {
      guint64 v;
      memcpy (&v, text + j, 8);
      /* Per byte, its high bit: a letter (folded to lower case), a
       * digit; bytes beyond ASCII are neither. */
      guint64 x = (v | (ones * 0x20)) & ~highs, d = v & ~highs;
      guint64 alpha = (x + ones * (0x80 - 'a')) & ~(x + ones * (0x80 - 'z' - 1));
      guint64 digit = (d + ones * (0x80 - '0')) & ~(d + ones * (0x80 - '9' - 1));
      guint64 bad = ~((alpha | digit) & ~v) & highs;
      if (bad)
        return j + ((gsize) __builtin_ctzll (bad) >> 3);
      j += 8;
    }
#endif
  while (j < len && (char_class[(guchar) text[j]] & (CH_DIGIT | CH_UPPER | CH_LOWER)))
    j++;
  return j;
}

static inline gboolean
is_currency (gunichar c)
{
  if (c < 0x80)
    return c == '$';   /* the only ASCII currency sign */
  return c == 0x20ac || c == 0xa3 || c == 0xa5 || c == 0x20b9 || c == 0x20bd
         || c == 0x20b4 || g_unichar_type (c) == G_UNICODE_CURRENCY_SYMBOL;
}

/* Tokens are written straight into OUT's storage, sized for the most
 * tokens the text can hold (one a byte) and trimmed at the end: *T is the
 * next free one. */
static inline Token *
push (Token *t, gsize base, gsize start, gsize end, TokenKind kind, gboolean cap)
{
  *t = (Token) { (guint32) (base + start), (guint32) (base + end), (guint8) kind, (guint8) cap };
  return t + 1;
}

void
abbrev_set_init (AbbrevSet *s, GHashTable *words)
{
  s->words = words;
  memset (s->bloom, 0, sizeof s->bloom);
  if (!words)
    return;
  GHashTableIter it;
  gpointer k;
  g_hash_table_iter_init (&it, words);
  while (g_hash_table_iter_next (&it, &k, NULL))
    {
      guint b = abbrev_bloom_bit (k, strlen (k));
      s->bloom[b >> 6] |= G_GUINT64_CONSTANT (1) << (b & 63);
    }
}

/* Whether the word W[0..LEN) (its final period included) is one of
 * ABBREVS, which are case-folded: ASCII words are folded on the stack.
 * LEN >= 2.  ASCII: whether W is known to be ASCII (if not, it still
 * may be). */
static gboolean
is_declared_abbrev (const AbbrevSet *abbrevs, const char *w, gsize len, gboolean ascii)
{
  char buf[64];
  if (len < sizeof buf)
    {
      /* An ASCII word folds to as many bytes: most are turned away by
       * the filter before they are folded. */
      if (ascii
          && !abbrev_set_may_have (abbrevs,
                                   abbrev_bloom_hash (len, (guchar) ascii_lower (w[0]),
                                                      (guchar) ascii_lower (w[len - 2]),
                                                      len >= 3 ? (guchar) ascii_lower (w[len - 3]) : 0)))
        return FALSE;
      gsize i = 0;
      for (; i < len && (guchar) w[i] < 0x80; i++)
        buf[i] = ascii_lower (w[i]);
      if (i == len)
        {
          buf[len] = '\0';
          return abbrev_set_has (abbrevs, buf, len);
        }
    }
  g_autofree char *f = g_utf8_casefold (w, (gssize) len);
  return abbrev_set_has (abbrevs, f, strlen (f));
}

/* A word of single letters separated by periods, ending in one: U.S. */
static gboolean
is_initials (const char *w, gsize len)
{
  if (len < 2 || w[len - 1] != '.')
    return FALSE;
  gsize letters = 0;
  for (gsize i = 0; i < len; i++)
    {
      if (w[i] == '.')
        continue;
      if (!g_ascii_isalpha (w[i]) || (i + 1 < len && w[i + 1] != '.'))
        return FALSE;
      letters++;
    }
  return letters >= 1 && len == letters * 2;
}

void
tokenize (const char *text, gsize len, gsize base, GHashTable *abbrevs, GArray *out,
          int *quote_depth)
{
  AbbrevSet s;
  abbrev_set_init (&s, abbrevs);
  tokenize_with (text, len, base, &s, out, NULL, quote_depth);
}

/* The end of the number whose first digit ends before J: digits with
 * , . separators, then % or unit letters (bn, m, k). */
static inline gsize
number_end (const char *text, gsize len, gsize j)
{
  while (j < len)
    {
      if (is_ascii_digit (text[j]))
        j++;
      else if ((text[j] == ',' || text[j] == '.') && j + 1 < len && is_ascii_digit (text[j + 1]))
        j += 2;
      else
        break;
    }
  if (j < len && text[j] == '%')
    j++;
  else
    while (j < len && (char_class[(guchar) text[j]] & (CH_UPPER | CH_LOWER)))
      j++;
  return j;
}

/* Where a word ends (END), and whether it is known to be ASCII. */
typedef struct {
  gsize end;
  gboolean ascii;
} WordEnd;

/* The end of the word whose letters and digits end at J (< LEN), before
 * a joiner or a byte beyond ASCII; ASCII: whether it is known to be ASCII
 * so far.  Out of line, as the hot loop has no calls. */
static G_GNUC_NO_INLINE WordEnd
word_end (const char *text, gsize len, gsize j, gboolean ascii)
{
  while (j < len)
    {
      if ((guchar) text[j] >= 0x80)
        ascii = FALSE;
      gsize m, k;
      gunichar e = utf8_char_at (text + j, len - j, &m);
      if (is_word_char (e))
        j += m;
      /* Joiners stay inside a word when a word character follows. */
      else if ((e == '\'' || e == 0x2019 || e == '-' || e == 0x2010 || e == '&' || e == '/' || e == '.')
               && j + m < len && is_word_char (utf8_char_at (text + j + m, len - j - m, &k)))
        j += m;
      else
        break;
      j = alnum_end (text, j, len);
      if (j >= len || !(char_class[(guchar) text[j]] & CH_MORE))
        break;
    }
  return (WordEnd) { j, ascii };
}

/* other_char's answer for white space; else it is a TokenKind. */
enum { WHITE_SPACE = -1 };

/* What the character at TEXT[I], which starts with a byte beyond ASCII,
 * starts: white space, a number, a word or else a punctuation mark or
 * quote.  In *C the character, in *N the bytes it takes (and, for a
 * currency sign before a number, the first digit), in *CAP whether a
 * word starts with a capital.  Out of line, as the hot loop has no calls. */
static G_GNUC_NO_INLINE int
other_char (const char *text, gsize len, gsize i, gunichar *c, gsize *n, gboolean *cap)
{
  gunichar d = *c = utf8_char_at (text + i, len - i, n);
  *cap = FALSE;
  if (d < 0x80 ? g_ascii_isspace ((int) d) : (g_unichar_isspace (d) || d == 0xfeff))
    return WHITE_SPACE;
  if (is_currency (d) && i + *n < len && g_ascii_isdigit (text[i + *n]))
    {
      (*n)++;
      return TOK_NUM;
    }
  if (d < 0x80 && g_ascii_isdigit ((int) d))
    return TOK_NUM;
  if (is_word_char (d))
    {
      *cap = d < 0x80 ? g_ascii_isupper ((int) d) : (g_unichar_isupper (d) || g_unichar_istitle (d));
      return TOK_WORD;
    }
  return TOK_PUNCT;
}

/* Whether the period after the word W[0..LEN - 1) belongs to it: W is
 * initials or one of ABBREVS.  ASCII: as for is_declared_abbrev. */
static G_GNUC_NO_INLINE gboolean
keeps_period (const AbbrevSet *abbrevs, const char *w, gsize len, gboolean ascii)
{
  return is_initials (w, len)
         || (abbrevs && abbrevs->words && is_declared_abbrev (abbrevs, w, len, ascii));
}

void
tokenize_with (const char *text, gsize len, gsize base, const AbbrevSet *abbrevs, GArray *out,
               guint *room, int *quote_depth)
{
  int depth_local = 0;
  int *depth = quote_depth ? quote_depth : &depth_local;
  gsize i = 0;
  gunichar prev = ' ';
  guint first = out->len;
  guint room_local = 0;
  array_set_len (out, first + len + 1, room ? room : &room_local);
  Token *toks = &g_array_index (out, Token, first), *t = toks;
  while (i < len)
    {
      /* What starts here: ASCII from the byte, the rest decoded. */
      guchar b = (guchar) text[i];
      gunichar c = b;
      gsize n = 1, start = i, j;
      TokenKind kind = TOK_PUNCT;
      gboolean cap = FALSE, ascii = TRUE;
      if (b < 0x80)
        {
          guint cl = char_class[b];
          if (cl & CH_SPACE)
            {
              prev = ' ';
              i++;
              continue;
            }
          if (cl & (CH_UPPER | CH_LOWER))
            {
              kind = TOK_WORD;
              cap = (cl & CH_UPPER) != 0;
            }
          else if (cl & CH_DIGIT)
            kind = TOK_NUM;
          /* A currency sign before a digit starts a number ($50bn); the
           * other signs are beyond ASCII. */
          else if (b == '$' && i + 1 < len && is_ascii_digit (text[i + 1]))
            {
              kind = TOK_NUM;
              n = 2;
            }
        }
      else
        {
          gunichar oc;
          gsize on;
          gboolean ocap;
          int k = other_char (text, len, i, &oc, &on, &ocap);
          c = oc;
          n = on;
          if (k == WHITE_SPACE)
            {
              prev = ' ';
              i += n;
              continue;
            }
          kind = (TokenKind) k;
          cap = ocap;
          ascii = FALSE;
        }

      if (kind == TOK_NUM)
        {
          j = number_end (text, len, i + n);
          t = push (t, base, start, j, TOK_NUM, FALSE);
          prev = 'a';
          i = j;
          continue;
        }

      if (kind == TOK_WORD)
        {
          for (;;)
            {
              j = alnum_end (text, i + n, len);
              if (j < len && (char_class[(guchar) text[j]] & CH_MORE))
                {
                  WordEnd w = word_end (text, len, j, ascii);
                  j = w.end;
                  ascii = w.ascii;
                }
              /* A final period belongs to initials and declared abbreviations. */
              if (j < len && text[j] == '.' && keeps_period (abbrevs, text + i, j + 1 - i, ascii))
                j++;
              t = push (t, base, start, j, TOK_WORD, cap);
              prev = 'a';
              i = j;
              /* Most words are followed by one space and an ASCII letter:
               * the next word, without going round the main loop. */
              if (j + 1 < len && text[j] == ' ')
                {
                  guint cl = char_class[(guchar) text[j + 1]];
                  if (cl & (CH_UPPER | CH_LOWER))
                    {
                      i = start = j + 1;
                      n = 1;
                      cap = (cl & CH_UPPER) != 0;
                      ascii = TRUE;
                      continue;
                    }
                }
              break;
            }
          continue;
        }

      /* Quotation marks. */
      switch (c)
        {
        case 0x201c: /* “ */
          kind = *depth > 0 && prev != ' ' ? TOK_CLOSEQ : TOK_OPENQ;
          break;
        case 0x201e: /* „ */
        case 0x00ab: /* « */
        case 0x2018: /* ‘ */
        case 0x201a: /* ‚ */
        case 0x2039: /* ‹ */
          kind = TOK_OPENQ;
          break;
        case 0x201d: /* ” */
          /* Some writers open with ” too: after a space and straight
           * before a word it cannot close anything. */
          if ((prev == ' ' || prev == '(' || prev == '[') && i + n < len
              && (g_ascii_isalnum (text[i + n]) || (guchar) text[i + n] >= 0x80))
            {
              kind = TOK_OPENQ;
              break;
            }
          kind = TOK_CLOSEQ;
          break;
        case 0x00bb: /* » */
        case 0x203a: /* › */
          kind = TOK_CLOSEQ;
          break;
        case 0x2019: /* ’ at a word boundary */
          kind = TOK_CLOSEQ;
          break;
        case '"':
          kind = prev == ' ' || prev == '(' || prev == '[' || prev == 0x2014 || prev == 0x2013
                     ? TOK_OPENQ
                     : TOK_CLOSEQ;
          break;
        case '\'':
          kind = prev == ' ' || prev == '(' || prev == '[' ? TOK_OPENQ : TOK_CLOSEQ;
          break;
        default:
          break;
        }
      if (kind == TOK_OPENQ)
        (*depth)++;
      else if (kind == TOK_CLOSEQ && *depth > 0)
        (*depth)--;
      j = i + n;
      /* "..." is one token. */
      if (c == '.' && i + 2 < len && text[i + 1] == '.' && text[i + 2] == '.')
        j = i + 3;
      t = push (t, base, start, j, kind, FALSE);
      prev = c;
      i = j;
    }
  array_truncate (out, first + (guint) (t - toks));
}
