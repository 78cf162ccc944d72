/* suggest.c: "did you mean" for names that are a typo away from a real
 * one.  Optimal string alignment distance (Levenshtein plus adjacent
 * transpositions), case-insensitive, over code points. */
#include "config.h"

#include <string.h>

#include "resolve.h"

static guint
distance (const gunichar *a, glong la, const gunichar *b, glong lb)
{
  guint *prev2 = g_new0 (guint, lb + 1), *prev = g_new0 (guint, lb + 1), *cur = g_new0 (guint, lb + 1);
  for (glong j = 0; j <= lb; j++)
    prev[j] = (guint) j;
  for (glong i = 1; i <= la; i++)
    {
      cur[0] = (guint) i;
      for (glong j = 1; j <= lb; j++)
        {
          guint cost = a[i - 1] == b[j - 1] ? 0 : 1;
          guint v = MIN (MIN (prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
          if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
            v = MIN (v, prev2[j - 2] + 1);
          cur[j] = v;
        }
      guint *t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
  guint d = prev[lb];
  g_free (prev2);
  g_free (prev);
  g_free (cur);
  return d;
}

static gunichar *
folded (const char *s, glong *len)
{
  g_autofree char *f = g_utf8_casefold (s, -1);
  return g_utf8_to_ucs4_fast (f, -1, len);
}

const char *
suggest_name (const char *name, GPtrArray *candidates)
{
  glong ln;
  g_autofree gunichar *n = folded (name, &ln);
  if (ln == 0 || ln > 256)
    return NULL;
  guint limit = MAX (1, (guint) ln / 3);
  const char *best = NULL;
  guint best_d = G_MAXUINT;
  for (guint i = 0; i < candidates->len; i++)
    {
      const char *c = g_ptr_array_index (candidates, i);
      if (strcmp (c, name) == 0)
        continue;
      glong lc;
      g_autofree gunichar *cu = folded (c, &lc);
      if (lc > 256 || (guint) ABS (lc - ln) > limit)
        continue;
      guint d = distance (n, ln, cu, lc);
      if (d <= limit && d < (guint) MAX (ln, lc) && d < best_d)
        {
          best = c;
          best_d = d;
        }
    }
  return best;
}
