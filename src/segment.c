/* segment.c: splits an article into statements, the units that rules label.
 *
 * A statement is one sentence of the body, or one line that stands alone
 * (headline, byline, dateline, sub-heading, list item).  Offsets always
 * refer to the original bytes, and every byte that is not white space
 * belongs to exactly one statement: statements are in order, never
 * overlap, and start and end on a character that is not white space.
 *
 * Characters.  White space is Unicode white space (U+00A0, U+202F, U+2028,
 * U+2029 ...) plus \v and U+0085, and U+FEFF: a byte-order mark at the
 * start (or a stray one elsewhere) belongs to no statement, as in
 * tokenize.c.  Line breaks are \n, \r\n, \r, \v, U+0085 and U+2028; \f and
 * U+2029 end a paragraph.  An invalid UTF-8 byte, and a NUL byte, is an
 * ordinary character of its own.
 *
 * Lines.  The text is read line by line; each line is
 *  - blank (only white space): it ends the paragraph;
 *  - a list item: it starts with - * • ‣ ◦ ▪ – —, with 1-3 digits and
 *    "." or ")", with "(1)", "(a)" or "a)", then white space.  The item is
 *    one statement (LINE) even if it holds several sentences;
 *  - open: its last character is not final punctuation (. ! ? … ‼ ‽, maybe
 *    followed by closing quotes or brackets) nor : ; , -- a headline, a
 *    byline, a dateline such as "GENEVA --", a sub-heading.  It stands
 *    alone: it ends the paragraph before it and the one it is in.  When it
 *    holds a single sentence it is a LINE statement;
 *  - prose: it joins the lines before it into a paragraph.
 * One exception keeps hard-wrapped text whole: a line that starts with a
 * lower-case letter continues the list item or prose before it, and the
 * open line before it unless it stands alone itself (it is open, and the
 * line after it does not start in lower case): "agreed\nto extend the
 * truce.\n" is one sentence, "Talks Resume\nlive updates\n\n" two lines.
 *
 * Sentences.  A paragraph (its lines joined) ends a sentence after a run
 * of final punctuation (. ! ? … and "..."), the closing quotes and brackets
 * right after it (” ’ » › " ' ) ] }, and also “ ‘ « ‹ there, which close
 * in German and Danish quotations; a » after a space closes too, French
 * style) when white space follows and then something that can start a
 * sentence: an upper-case or caseless letter, a digit, a currency sign,
 * an opening quote or bracket, ¿ or ¡.  So 3.5, example.com and U.S.-led
 * never split (no white space), nor "..." before a lower-case word.  A single period does
 * not end a sentence after an abbreviation (unless a closing mark follows
 * it: "... in the U.S." Then):
 *  - titles (Mr. Gen. Sen. Amb. St. ...) never;
 *  - numbering words (No. Nos. Art. Para.) only before a digit;
 *  - the others (months, a.m., p.m., etc., e.g., Jr., initials such as
 *    U.S. or E.U., one capital letter such as the J. of "J. Smith", and
 *    the ABBREVS of the packs) unless a line break follows: a paragraph per
 *    line is common, and "... sanctions on the U.S.\nThe next ..." must
 *    end there, while a title cannot end a paragraph.
 * The end of a paragraph always ends its last sentence.  Quotations do not
 * hold sentences together: a quotation of two sentences gives two
 * statements, and the second ends with the attribution after it.
 *
 * Time is linear in the text; memory is the output.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "segment.h"
#include "util.h"

/* ---- characters ---- */

/* g_unichar_isalnum, isdigit and islower, without a call for ASCII (the
 * same answers: no other ASCII character is a letter or a digit). */
static inline gboolean
uni_isalnum (gunichar c)
{
  return c < 0x80 ? g_ascii_isalnum ((int) c) : g_unichar_isalnum (c);
}

static inline gboolean
uni_isdigit (gunichar c)
{
  return c < 0x80 ? g_ascii_isdigit ((int) c) : g_unichar_isdigit (c);
}

static inline gboolean
uni_islower (gunichar c)
{
  return c < 0x80 ? g_ascii_islower ((int) c) : g_unichar_islower (c);
}

static gboolean
is_space (gunichar c)
{
  if (c < 0x80)
    return c == ' ' || (c >= '\t' && c <= '\r');   /* \t \n \v \f \r */
  return g_unichar_isspace (c) || c == 0x85 || c == 0xfeff;
}

enum { BREAK_NONE, BREAK_LINE, BREAK_PARA };

static int
break_kind (gunichar c)
{
  switch (c)
    {
    case '\n': case '\r': case '\v': case 0x85: case 0x2028:
      return BREAK_LINE;
    case '\f': case 0x2029:
      return BREAK_PARA;
    default:
      return BREAK_NONE;
    }
}

/* Final punctuation: . ! ? … ‼ ‽ ⁇ ⁈ ⁉ */
static gboolean
is_final (gunichar c)
{
  return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x203c || c == 0x203d
         || (c >= 0x2047 && c <= 0x2049);
}

/* What may close a sentence right after its final punctuation. */
static gboolean
is_closer (gunichar c)
{
  switch (c)
    {
    case '"': case '\'': case ')': case ']': case '}':
    case 0x201d: case 0x2019: case 0x00bb: case 0x203a:     /* ” ’ » › */
    case 0x201c: case 0x2018: case 0x00ab: case 0x2039:     /* “ ‘ « ‹ */
      return TRUE;
    default:
      return FALSE;
    }
}

/* What may start a sentence. */
static gboolean
can_start (gunichar c)
{
  switch (c)
    {
    case '"': case '\'': case '(': case '[': case '{':
    case 0x201c: case 0x2018: case 0x201e: case 0x201a:     /* “ ‘ „ ‚ */
    case 0x00ab: case 0x2039: case 0x00bf: case 0x00a1:     /* « ‹ ¿ ¡ */
      return TRUE;
    default:
      break;
    }
  /* ASCII: digits, capitals and $ (the only ASCII currency sign). */
  if (c < 0x80)
    return g_ascii_isdigit ((int) c) || g_ascii_isupper ((int) c) || c == '$';
  if (g_unichar_isdigit (c) || g_unichar_isupper (c) || g_unichar_istitle (c)
      || g_unichar_type (c) == G_UNICODE_CURRENCY_SYMBOL)
    return TRUE;
  /* Letters without case (Arabic, Chinese ...) */
  return g_unichar_isalpha (c) && !g_unichar_islower (c);
}

/* ---- scanning ---- */

/* The segmenter looks at few characters: line breaks, white space at the
 * ends of a line, final punctuation and what follows it.  The rest is
 * skipped sixteen (SSE2) or eight bytes at a time, and read backwards
 * where only the end of a stretch matters. */

static inline guint64
load_u64 (const char *p)
{
  guint64 v;
  memcpy (&v, p, 8);
  return v;
}

#define ONES  G_GUINT64_CONSTANT (0x0101010101010101)
#define HIGHS G_GUINT64_CONSTANT (0x8080808080808080)

/* Whether some byte of V is zero: the lowest bit set is the high bit of
 * the first one (a borrow only goes on past a zero byte). */
static inline guint64
has_zero (guint64 v)
{
  return (v - ONES) & ~v & HIGHS;
}

#ifndef __SSE2__
/* Of a mask of high bits from the loops below, how many of the eight
 * bytes come before the first match (on a big-endian machine, none: the
 * scalar loop after them finds it). */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define FIRST_MATCH(m) ((gsize) __builtin_ctzll (m) >> 3)
#else
#define FIRST_MATCH(m) 0
#endif
#endif

/* The first byte at or after I (before END) that may end a line: \n \v
 * \f \r or a byte of a character beyond ASCII (U+0085, U+2028, U+2029);
 * END if none. */
static inline gsize
skip_to_break (const char *text, gsize i, gsize end)
{
#ifdef __SSE2__
  const __m128i nine = _mm_set1_epi8 (0x09), cr = _mm_set1_epi8 (0x0d);
  while (i + 16 <= end)
    {
      /* Bytes above 0x09 and not above 0x0d (signed: bytes with the high
       * bit are below), then those with the high bit. */
      __m128i v = _mm_loadu_si128 ((const __m128i *) (text + i));
      __m128i brk = _mm_andnot_si128 (_mm_cmpgt_epi8 (v, cr), _mm_cmpgt_epi8 (v, nine));
      guint m = (guint) _mm_movemask_epi8 (_mm_or_si128 (v, brk));
      if (m)
        return i + (gsize) __builtin_ctz (m);
      i += 16;
    }
#else
  while (i + 8 <= end)
    {
      guint64 v = load_u64 (text + i);
      guint64 lo = v & ~HIGHS;
      /* Bytes from 0x0a to 0x0d: at least 0x0a and not at least 0x0e. */
      guint64 m = (v | ((lo + 0x76 * ONES) & ~(lo + 0x72 * ONES))) & HIGHS;
      if (m)
        {
          i += FIRST_MATCH (m);
          break;
        }
      i += 8;
    }
#endif
  while (i < end)
    {
      guchar b = (guchar) text[i];
      if (b >= 0x80 || (b >= 0x0a && b <= 0x0d))
        break;
      i++;
    }
  return i;
}

/* The first byte at or after I (before END) that may be final
 * punctuation: . ! ? or a byte beyond ASCII (… ‼ ‽ ⁇ ⁈ ⁉); END if none. */
static inline gsize
skip_to_final (const char *text, gsize i, gsize end)
{
#ifdef __SSE2__
  const __m128i period = _mm_set1_epi8 ('.'), bang = _mm_set1_epi8 ('!'), question = _mm_set1_epi8 ('?');
  while (i + 16 <= end)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) (text + i));
      __m128i f = _mm_or_si128 (_mm_cmpeq_epi8 (v, period),
                                _mm_or_si128 (_mm_cmpeq_epi8 (v, bang), _mm_cmpeq_epi8 (v, question)));
      guint m = (guint) _mm_movemask_epi8 (_mm_or_si128 (v, f));
      if (m)
        return i + (gsize) __builtin_ctz (m);
      i += 16;
    }
#else
  while (i + 8 <= end)
    {
      guint64 v = load_u64 (text + i);
      guint64 m = (v & HIGHS) | has_zero (v ^ ('.' * ONES)) | has_zero (v ^ ('!' * ONES))
                  | has_zero (v ^ ('?' * ONES));
      if (m)
        {
          i += FIRST_MATCH (m);
          break;
        }
      i += 8;
    }
#endif
  while (i < end)
    {
      guchar b = (guchar) text[i];
      if (b >= 0x80 || b == '.' || b == '!' || b == '?')
        break;
      i++;
    }
  return i;
}

/* The character that ends at K, read backwards, and where it starts in
 * *AT; LO (< K) and K are character boundaries of the text as read
 * forwards (utf8_char_at from LO), and so is *AT: a byte that is not a
 * continuation byte always starts a character forwards (an invalid
 * sequence is one character of one byte). */
static inline gunichar
char_before (const char *text, gsize len, gsize lo, gsize k, gsize *at)
{
  guchar b = (guchar) text[k - 1];
  if (b < 0x80)
    {
      *at = k - 1;
      return b;
    }
  gsize floor = k - lo > 4 ? k - 4 : lo;
  for (gsize p = k; p-- > floor;)
    if (((guchar) text[p] & 0xc0) != 0x80)
      {
        gsize n;
        gunichar c = utf8_char_at (text + p, len - p, &n);
        if (p + n == k)
          {
            *at = p;
            return c;
          }
        break;
      }
  *at = k - 1;     /* a stray continuation byte */
  return 0xfffd;
}

/* ---- abbreviations ---- */

typedef enum {
  ABBR_NONE,
  ABBR_TITLE,   /* precedes a name: never ends a sentence */
  ABBR_NUMBER,  /* precedes a number: ends a sentence unless a digit follows */
  ABBR_OTHER,   /* ends a sentence only before a line break */
} AbbrevClass;

typedef struct {
  const char *word;
  AbbrevClass cls;
} Abbrev;

/* Folded, sorted for bsearch (LC_ALL=C sort). */
static const Abbrev builtin_abbrevs[] = {
  { "a.m.", ABBR_OTHER },
  { "adm.", ABBR_TITLE },
  { "amb.", ABBR_TITLE },
  { "approx.", ABBR_OTHER },
  { "apr.", ABBR_OTHER },
  { "art.", ABBR_NUMBER },
  { "aug.", ABBR_OTHER },
  { "capt.", ABBR_TITLE },
  { "cf.", ABBR_OTHER },
  { "col.", ABBR_TITLE },
  { "cpl.", ABBR_TITLE },
  { "dec.", ABBR_OTHER },
  { "dr.", ABBR_TITLE },
  { "e.g.", ABBR_OTHER },
  { "etc.", ABBR_OTHER },
  { "feb.", ABBR_OTHER },
  { "gen.", ABBR_TITLE },
  { "gens.", ABBR_TITLE },
  { "gov.", ABBR_TITLE },
  { "hon.", ABBR_TITLE },
  { "i.e.", ABBR_OTHER },
  { "jan.", ABBR_OTHER },
  { "jr.", ABBR_OTHER },
  { "jul.", ABBR_OTHER },
  { "jun.", ABBR_OTHER },
  { "lt.", ABBR_TITLE },
  { "maj.", ABBR_TITLE },
  { "mar.", ABBR_OTHER },
  { "messrs.", ABBR_TITLE },
  { "mr.", ABBR_TITLE },
  { "mrs.", ABBR_TITLE },
  { "ms.", ABBR_TITLE },
  { "mt.", ABBR_TITLE },
  { "no.", ABBR_NUMBER },
  { "nos.", ABBR_NUMBER },
  { "nov.", ABBR_OTHER },
  { "oct.", ABBR_OTHER },
  { "p.m.", ABBR_OTHER },
  { "para.", ABBR_NUMBER },
  { "pres.", ABBR_TITLE },
  { "prof.", ABBR_TITLE },
  { "pvt.", ABBR_TITLE },
  { "rep.", ABBR_TITLE },
  { "reps.", ABBR_TITLE },
  { "rev.", ABBR_TITLE },
  { "sen.", ABBR_TITLE },
  { "sens.", ABBR_TITLE },
  { "sep.", ABBR_OTHER },
  { "sept.", ABBR_OTHER },
  { "sgt.", ABBR_TITLE },
  { "sr.", ABBR_OTHER },
  { "st.", ABBR_TITLE },
  { "vs.", ABBR_OTHER },
};

#define ABBREV_MAX 32   /* longer words are never abbreviations */
#define BUILTIN_MAX 8   /* nor builtin ones, longer than this */

/* The builtin abbreviations as words of 8 bytes (padded with NULs), in
 * the order of builtin_abbrevs: a lookup at each sentence end is then a
 * few integer comparisons, not string comparisons. */
static guint64 builtin_keys[G_N_ELEMENTS (builtin_abbrevs)];

static inline guint64
abbrev_key (const char *w, gsize len)
{
  char b[BUILTIN_MAX] = { 0 };
  memcpy (b, w, len);
  guint64 k;
  memcpy (&k, b, sizeof k);
  return GUINT64_FROM_BE (k);   /* the order of strcmp */
}

static const Abbrev *
builtin_abbrev (const char *key, gsize len)
{
  static gsize ready = 0;
  if (len > BUILTIN_MAX)
    return NULL;
  if (g_once_init_enter (&ready))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (builtin_abbrevs); i++)
        builtin_keys[i] = abbrev_key (builtin_abbrevs[i].word, strlen (builtin_abbrevs[i].word));
      g_once_init_leave (&ready, 1);
    }
  guint64 k = abbrev_key (key, len);
  gsize lo = 0, hi = G_N_ELEMENTS (builtin_abbrevs);
  while (lo < hi)
    {
      gsize mid = lo + (hi - lo) / 2;
      if (builtin_keys[mid] < k)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo < G_N_ELEMENTS (builtin_abbrevs) && builtin_keys[lo] == k ? &builtin_abbrevs[lo] : NULL;
}

/* Letters, each followed by a period: U.S., e.g., J. (W is valid UTF-8.)
 * Returns the number of letters, or 0. */
static guint
initials (const char *w, gsize len, gboolean *upper)
{
  guint letters = 0;
  const char *p = w, *end = w + len;
  *upper = TRUE;
  /* Most words: an ASCII character not followed by a period. */
  if (len == 0 || ((guchar) w[0] < 0x80 && (len < 2 || w[1] != '.')))
    return 0;
  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);
      if (!g_unichar_isalpha (c))
        return 0;
      if (!g_unichar_isupper (c) && !g_unichar_istitle (c))
        *upper = FALSE;
      p = g_utf8_next_char (p);
      if (p >= end || *p != '.')
        return 0;
      p++;
      letters++;
    }
  return letters;
}

/* Whether the period at DOT, after the word that starts at WORD, belongs
 * to an abbreviation and so does not end a sentence before NEXT (LINE_BREAK:
 * a line break comes between). */
static gboolean
is_abbrev (const char *text, gsize word, gsize dot, gunichar next, gboolean line_break,
           const AbbrevSet *abbrevs)
{
  if (dot - word > 2 * ABBREV_MAX)
    return FALSE;
  /* Leading quotes and brackets are not part of the word. */
  while (word < dot)
    {
      gsize n;
      gunichar c = utf8_char_at (text + word, dot - word, &n);
      if (uni_isalnum (c))
        break;
      word += n;
    }
  gsize len = dot + 1 - word;
  if (len < 2 || len > ABBREV_MAX)
    return FALSE;

  char ascii[ABBREV_MAX + 1];
  g_autofree char *folded = NULL;
  const char *key = ascii;
  /* Folded on the stack, eight bytes at a time while they last.  In
   * OTHER, the high bit of each byte that is not ASCII or is NUL. */
  guint64 other = 0;
  gsize i = 0;
  for (; i + 8 <= len; i += 8)
    {
      guint64 v = load_u64 (text + word + i), lo = v & ~HIGHS;
      guint64 upper = (lo + (0x80 - 'A') * ONES) & ~(lo + (0x80 - 'Z' - 1) * ONES) & ~v & HIGHS;
      other |= has_zero (v) | v;
      v |= upper >> 2;   /* 0x20 more for each capital */
      memcpy (ascii + i, &v, 8);
    }
  for (; i < len; i++)
    {
      if ((guchar) text[word + i] - 1u >= 0x7fu)
        other = HIGHS;
      ascii[i] = ascii_lower (text[word + i]);
    }
  ascii[len] = '\0';
  gboolean is_ascii = !(other & HIGHS);   /* and no NUL: valid UTF-8 without a check */
  if (!is_ascii)
    {
      if (!g_utf8_validate_len (text + word, len, NULL))
        return FALSE;
      key = folded = g_utf8_casefold (text + word, (gssize) len);
    }

  AbbrevClass cls = ABBR_NONE;
  gsize key_len = is_ascii ? len : strlen (key);
  const Abbrev *a = builtin_abbrev (key, key_len);
  if (a)
    cls = a->cls;
  else
    {
      gboolean upper;
      guint letters = initials (text + word, len, &upper);
      if (letters >= 2 || (letters == 1 && upper))
        cls = ABBR_OTHER;
    }
  if (cls == ABBR_NUMBER && !uni_isdigit (next))
    cls = ABBR_NONE;
  if (cls == ABBR_NONE && abbrev_set_has (abbrevs, key, key_len))
    cls = ABBR_OTHER;

  switch (cls)
    {
    case ABBR_TITLE:
    case ABBR_NUMBER:
      return TRUE;
    case ABBR_OTHER:
      return !line_break;
    case ABBR_NONE:
    default:
      return FALSE;
    }
}

/* ---- statements ---- */

typedef struct {
  const char *text;
  gsize len, base;
  const AbbrevSet *abbrevs;
  GArray *out;
  guint room;       /* see array_set_len (util.h); grown by doubling */
} Segmenter;

static void
push (Segmenter *sg, gsize start, gsize end, StatementKind kind)
{
  Statement s = { (guint32) (sg->base + start), (guint32) (sg->base + end), (guint8) kind };
  if (G_UNLIKELY (sg->out->len >= sg->room))
    array_reserve_room (sg->out, MAX (sg->room, 64u), &sg->room);
  array_push_reserved (sg->out, Statement, s);
}

/* Where the word before POS starts: after the last white space in
 * [FLOOR, POS), or FLOOR_WORD if there is none. */
static gsize
word_start (const char *text, gsize len, gsize floor, gsize floor_word, gsize pos)
{
  while (pos > floor)
    {
      guchar b = (guchar) text[pos - 1];
      if (b < 0x80 && b > ' ')
        {
          pos--;
          continue;
        }
      gsize at;
      gunichar c = char_before (text, len, floor, pos, &at);
      if (is_space (c))
        return pos;
      pos = at;
    }
  return floor_word;
}

/* Splits the paragraph [START, END) (trimmed) into sentences.  When it
 * holds one sentence, that one is of kind SINGLE. */
static void
split_sentences (Segmenter *sg, gsize start, gsize end, StatementKind single)
{
  const char *text = sg->text;
  gsize len = sg->len;
  guint first = sg->out->len;
  gsize piece = start, i = start;
  /* Where the current word starts (after the last white space the
   * search went past) is only wanted before an abbreviation's period:
   * it is found then, backwards from the period down to FLOOR, the end
   * of the last run of punctuation looked at, where it was FLOOR_WORD. */
  gsize floor = start, floor_word = start;
  while (i < end)
    {
      i = skip_to_final (text, i, end);
      if (i >= end)
        break;
      gsize n;
      gunichar c = utf8_char_at (text + i, len - i, &n);
      i += n;
      if (!is_final (c))
        continue;

      /* A run of final punctuation, then closing marks. */
      gsize dot = i - n;
      gboolean single_period = c == '.';
      while (i < end)
        {
          c = utf8_char_at (text + i, len - i, &n);
          if (!is_final (c))
            break;
          single_period = FALSE;
          i += n;
        }
      while (i < end)
        {
          c = utf8_char_at (text + i, len - i, &n);
          if (is_closer (c))
            {
              i += n;
              continue;
            }
          /* A French closing guillemet after a (no-break) space. */
          gsize j = i;
          while (j < end)
            {
              c = utf8_char_at (text + j, len - j, &n);
              if (!is_space (c) || break_kind (c) != BREAK_NONE)
                break;
              j += n;
            }
          if (j > i && j < end && (c == 0x00bb || c == 0x203a))
            {
              i = j + n;
              continue;
            }
          break;
        }
      gsize stop = i;

      /* White space, then what follows. */
      gboolean line_break = FALSE;
      while (i < end)
        {
          c = utf8_char_at (text + i, len - i, &n);
          if (!is_space (c))
            break;
          line_break |= break_kind (c) != BREAK_NONE;
          i += n;
        }
      if (i >= end)
        break;
      if (i == stop)
        {
          /* 3.5, example.com, U.S.-led: the word goes on. */
          floor_word = word_start (text, len, floor, floor_word, dot);
          floor = i;
          continue;
        }
      gsize wfloor = floor, wfloor_word = floor_word;
      floor = floor_word = i;
      if (!can_start (c))
        continue;
      /* An abbreviation's period is not followed by a closing mark. */
      if (single_period && stop == dot + 1
          && is_abbrev (text, word_start (text, len, wfloor, wfloor_word, dot), dot, c, line_break,
                        sg->abbrevs))
        continue;
      push (sg, piece, stop, STATEMENT_SENTENCE);
      piece = i;
    }
  push (sg, piece, end, STATEMENT_SENTENCE);
  if (sg->out->len == first + 1)
    g_array_index (sg->out, Statement, first).kind = (guint8) single;
}

/* ---- lines ---- */

typedef struct {
  gsize start;          /* the first byte that is not white space */
  gsize end;            /* after the last one */
  gsize next;           /* the first byte of the next line */
  guint8 brk;           /* BREAK_*: what ends the line */
  guint8 blank;         /* only white space */
  guint8 item;          /* a list item */
  guint8 open;          /* no final punctuation, nor : ; , */
  guint8 lower;         /* starts with a lower-case letter (not an item) */
} Line;

/* A list item marker at START, then white space before END. */
static gboolean
is_item (const char *text, gsize len, gsize start, gsize end)
{
  gsize n, i = start;
  gunichar c = utf8_char_at (text + i, len - i, &n);
  switch (c)
    {
    case '-': case '*':
    case 0x2022: case 0x2023: case 0x25e6: case 0x25aa:     /* • ‣ ◦ ▪ */
    case 0x2013: case 0x2014:                               /* – — */
      i += n;
      break;
    default:
      {
        gboolean paren = c == '(';
        if (paren)
          i++;
        gsize d = i;
        while (d < end && d - i < 3 && g_ascii_isdigit (text[d]))
          d++;
        if (d > i && d < end && (text[d] == ')' || (!paren && text[d] == '.')))
          i = d + 1;
        else if (i + 1 < end && g_ascii_isalpha (text[i]) && text[i + 1] == ')')
          i += 2;
        else
          return FALSE;
      }
    }
  return i < end && is_space (utf8_char_at (text + i, len - i, &n));
}

static void
read_line (const char *text, gsize len, gsize i, Line *l)
{
  memset (l, 0, sizeof *l);
  l->blank = TRUE;
  l->start = l->end = i;

  /* Where it ends: the first line break. */
  gsize k = i, n = 0;
  gunichar c = 0;
  int brk = BREAK_NONE;
  while ((k = skip_to_break (text, k, len)) < len)
    {
      c = utf8_char_at (text + k, len - k, &n);
      brk = break_kind (c);
      if (brk != BREAK_NONE)
        break;
      k += n;
    }
  if (brk != BREAK_NONE)
    {
      if (c == '\r' && k + 1 < len && text[k + 1] == '\n')
        n = 2;
      l->brk = (guint8) brk;
      l->next = k + n;
    }
  else
    l->next = len;

  /* Its first character that is not white space. */
  gsize s = i;
  gunichar first = 0;
  while (s < k)
    {
      c = utf8_char_at (text + s, len - s, &n);
      if (!is_space (c))
        {
          first = c;
          break;
        }
      s += n;
    }
  if (s >= k)
    return;
  l->blank = FALSE;
  l->start = s;

  /* Its last, and how it ends: final punctuation (maybe followed by
   * closing marks), : ; or , -- or else it is open. */
  gsize at, e = k;
  for (;;)
    {
      c = char_before (text, len, s, e, &at);
      if (!is_space (c))
        break;
      e = at;
    }
  l->end = e;
  gboolean open;
  if (is_final (c) || c == ':' || c == ';' || c == ',')
    open = FALSE;
  else if (is_closer (c))
    {
      open = TRUE;
      for (gsize q = at; q > s; q = at)
        {
          gunichar d = char_before (text, len, s, q, &at);
          if (is_space (d) || is_closer (d))
            continue;
          open = !is_final (d);
          break;
        }
    }
  else
    open = TRUE;
  l->item = is_item (text, len, l->start, l->end);
  l->open = open;
  l->lower = !l->item && uni_islower (first);
}

/* Whether line L (followed by AFTER, or by nothing) continues the open
 * line before it: it starts with a lower-case letter, and either ends
 * with punctuation itself or is continued in turn.  "agreed\nto extend the truce." is hard-wrapped
 * prose; "Leaders Meet\nlive updates\n\n" is two lines. */
static gboolean
continues (const Line *l, const Line *after)
{
  return !l->blank && l->lower && (!l->open || (after && !after->blank && after->lower));
}

typedef struct {
  gboolean active;
  gboolean item;        /* a list item (and its wrapped lines) */
  gboolean open;        /* its first line is open */
  guint lines;
  gsize start, end;
} Block;

static void
flush (Segmenter *sg, Block *b)
{
  if (!b->active)
    return;
  if (b->item)
    push (sg, b->start, b->end, STATEMENT_LINE);
  else
    split_sentences (sg, b->start, b->end,
                     b->lines == 1 && b->open ? STATEMENT_LINE : STATEMENT_SENTENCE);
  b->active = FALSE;
}

void
segment (const char *text, gsize len, gsize base, GHashTable *abbrevs, GArray *out)
{
  AbbrevSet s;
  abbrev_set_init (&s, abbrevs);
  segment_with (text, len, base, &s, out);
}

void
segment_with (const char *text, gsize len, gsize base, const AbbrevSet *abbrevs, GArray *out)
{
  g_return_if_fail (text != NULL || len == 0);
  g_return_if_fail (out != NULL);
  g_return_if_fail (base <= G_MAXUINT32 && len <= G_MAXUINT32 - base);
  if (len == 0)
    return;

  /* The array's length is room it has; more is made by doubling. */
  Segmenter sg = { text, len, base, abbrevs, out, out->len };
  Block b = { 0 };
  Line cur, next, after;
  read_line (text, len, 0, &cur);
  gboolean more = cur.next < len, more2 = FALSE;
  if (more)
    read_line (text, len, cur.next, &next);
  if (more && next.next < len)
    {
      more2 = TRUE;
      read_line (text, len, next.next, &after);
    }
  gboolean cur_continues = FALSE;
  for (;;)
    {
      gboolean next_continues = FALSE;
      if (cur.blank)
        flush (&sg, &b);
      else
        {
          /* Items and open lines start afresh, and nothing joins an item,
           * unless the line continues the one before. */
          if (!(cur_continues && b.active) && (cur.item || cur.open || b.item))
            flush (&sg, &b);
          if (!b.active)
            {
              b.active = TRUE;
              b.item = cur.item;
              b.open = cur.open;
              b.lines = 0;
              b.start = cur.start;
            }
          b.lines++;
          b.end = cur.end;
          /* A list item or prose goes on with any line that starts in
           * lower case; an open line only with one that does not stand
           * alone. */
          if (more)
            next_continues = b.item || !cur.open ? !next.blank && next.lower
                                                 : continues (&next, more2 ? &after : NULL);
          gboolean ends = cur.brk == BREAK_PARA || !more;
          if (!ends && (cur.open || b.item))
            ends = !next_continues;
          if (ends)
            flush (&sg, &b);
        }
      if (!more)
        break;
      cur = next;
      cur_continues = next_continues;
      more = more2;
      if (more)
        {
          next = after;
          more2 = next.next < len;
          if (more2)
            read_line (text, len, next.next, &after);
        }
    }
  flush (&sg, &b);
}
