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

#include "tokenize.h"
#include "util.h"

static inline gboolean
is_word_char (gunichar c)
{
  if (c < 0x80)
    return g_ascii_isalnum ((int) c);
  return g_unichar_isalnum (c) || g_unichar_ismark (c);
}

/* The length of the run of ASCII letters and digits at P (of at most
 * AVAIL bytes): eight bytes at a time, as most words are shorter. */
static inline gsize
alnum_run (const char *p, gsize avail)
{
  gsize k = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  const guint64 ones = G_GUINT64_CONSTANT (0x0101010101010101), highs = ones * 0x80;
  while (k + 8 <= avail)
    {
      guint64 v;
      memcpy (&v, p + k, 8);
      /* Per byte, its high bit: a letter (folded to lower case), a
       * digit; bytes beyond ASCII are neither. */
      guint64 x = (v | (ones * 0x20)) & ~highs, d = v & ~highs;
      guint64 alpha = (x + ones * (0x80 - 'a')) & ~(x + ones * (0x80 - 'z' - 1));
      guint64 digit = (d + ones * (0x80 - '0')) & ~(d + ones * (0x80 - '9' - 1));
      guint64 bad = ~((alpha | digit) & ~v) & highs;
      if (bad)
        return k + ((gsize) __builtin_ctzll (bad) >> 3);
      k += 8;
    }
#endif
  while (k < avail && (guchar) p[k] < 0x80 && g_ascii_isalnum (p[k]))
    k++;
  return k;
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
 * tokens the text can hold (one a byte) and trimmed at the end. */
static inline void
push (Token *toks, guint *nt, gsize base, gsize start, gsize end, TokenKind kind, gboolean cap)
{
  Token t = { (guint32) (base + start), (guint32) (base + end), (guint8) kind, (guint8) cap };
  toks[(*nt)++] = t;
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

/* Whether the word TEXT[0..LEN) (its final period included) is one of
 * ABBREVS, which are case-folded: ASCII words are folded on the stack. */
static gboolean
is_declared_abbrev (const AbbrevSet *abbrevs, const char *w, gsize len)
{
  char buf[64];
  if (len < sizeof buf)
    {
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
  tokenize_with (text, len, base, &s, out, quote_depth);
}

void
tokenize_with (const char *text, gsize len, gsize base, const AbbrevSet *abbrevs, GArray *out,
               int *quote_depth)
{
  int depth_local = 0;
  int *depth = quote_depth ? quote_depth : &depth_local;
  gsize i = 0;
  gunichar prev = ' ';
  guint first = out->len, nt = 0;
  g_array_set_size (out, first + len + 1);
  Token *toks = &g_array_index (out, Token, first);
  while (i < len)
    {
      gsize n;
      gunichar c = utf8_char_at (text + i, len - i, &n);
      if (c < 0x80 ? g_ascii_isspace ((int) c) : (g_unichar_isspace (c) || c == 0xfeff))
        {
          prev = ' ';
          i += n;
          continue;
        }
      gsize start = i;

      /* Numbers: an optional currency sign, digits with , . separators,
       * then %, or unit letters (bn, m, k). */
      gsize j = i;
      gunichar d = c;
      gsize dn = n;
      if (is_currency (c) && i + n < len && g_ascii_isdigit (text[i + n]))
        {
          j = i + n;
          d = utf8_char_at (text + j, len - j, &dn);
        }
      if (d < 0x80 && g_ascii_isdigit ((int) d))
        {
          j += dn;
          while (j < len)
            {
              if (g_ascii_isdigit (text[j]))
                j++;
              else if ((text[j] == ',' || text[j] == '.') && j + 1 < len && g_ascii_isdigit (text[j + 1]))
                j += 2;
              else
                break;
            }
          if (j < len && text[j] == '%')
            j++;
          else
            while (j < len && g_ascii_isalpha (text[j]))
              j++;
          push (toks, &nt, base, start, j, TOK_NUM, FALSE);
          prev = 'a';
          i = j;
          continue;
        }

      if (is_word_char (c))
        {
          gboolean cap = c < 0x80 ? g_ascii_isupper ((int) c) : (g_unichar_isupper (c) || g_unichar_istitle (c));
          j = i + n;
          while (j < len)
            {
              /* The common case first: a run of ASCII letters and digits. */
              j += alnum_run (text + j, len - j);
              if (j >= len)
                break;
              /* An ASCII byte that ends the run: neither a letter nor a
               * digit, so the word ends here unless it is a joiner. */
              guchar b = (guchar) text[j];
              if (b < 0x80 && b != '\'' && b != '-' && b != '&' && b != '/' && b != '.')
                break;
              gsize m;
              gunichar e = utf8_char_at (text + j, len - j, &m);
              if (is_word_char (e))
                {
                  j += m;
                  continue;
                }
              /* Joiners stay inside a word when a word character follows. */
              if (e == '\'' || e == 0x2019 || e == '-' || e == 0x2010 || e == '&' || e == '/'
                  || e == '.')
                {
                  gsize k;
                  if (j + m < len && is_word_char (utf8_char_at (text + j + m, len - j - m, &k)))
                    {
                      j += m;
                      continue;
                    }
                }
              break;
            }
          /* A final period belongs to initials and declared abbreviations. */
          if (j < len && text[j] == '.')
            {
              if (is_initials (text + i, j + 1 - i))
                j++;
              else if (abbrevs && abbrevs->words && is_declared_abbrev (abbrevs, text + i, j + 1 - i))
                j++;
            }
          push (toks, &nt, base, start, j, TOK_WORD, cap);
          prev = 'a';
          i = j;
          continue;
        }

      /* Quotation marks. */
      TokenKind kind = TOK_PUNCT;
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
      push (toks, &nt, base, start, j, kind, FALSE);
      prev = c;
      i = j;
    }
  array_truncate (out, first + nt);
}
