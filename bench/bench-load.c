/* bench-load.c: how long a pack takes to load, and how fast its automaton
 * scans once loaded.
 *
 *   bench-load PACK [ROUNDS] [WORDS]
 *
 * Loads PACK ROUNDS times (default 20) and prints the fastest and the
 * median load time in milliseconds, then scans a generated text of
 * 200,000 tokens twice (cold cache, then warm) and prints tokens per
 * second for each.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "accord.h"
#include "scan.h"
#include "tokenize.h"

static int
cmp_double (const void *a, const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

static double
scan_rate (AccordScanner *sc, const AccordPack *p, const char *text, GArray *toks)
{
  g_autoptr (GArray) m = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
  g_autoptr (GArray) caps = g_array_new (FALSE, FALSE, sizeof (gint32));
  gint64 t0 = g_get_monotonic_time ();
  /* Sentences of 25 tokens. */
  for (guint i = 0; i < toks->len; i += 25)
    {
      guint n = MIN (25, toks->len - i);
      g_array_set_size (m, 0);
      g_array_set_size (caps, 0);
      scanner_scan (sc, text, &g_array_index (toks, Token, i), n, m, caps, NULL);
    }
  gint64 t1 = g_get_monotonic_time ();
  return toks->len / ((double) (t1 - t0) / 1e6);
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: bench-load PACK [ROUNDS]\n");
      return 2;
    }
  int rounds = argc > 2 ? atoi (argv[2]) : 20;
  if (rounds < 1)
    rounds = 1;
  double *ms = g_new (double, rounds);
  AccordPack *pack = NULL;
  for (int i = 0; i < rounds; i++)
    {
      g_autoptr (GError) error = NULL;
      gint64 t0 = g_get_monotonic_time ();
      AccordPack *p = accord_pack_load (argv[1], &error);
      gint64 t1 = g_get_monotonic_time ();
      if (!p)
        {
          fprintf (stderr, "bench-load: %s\n", error->message);
          return 1;
        }
      ms[i] = (double) (t1 - t0) / 1000.0;
      if (pack)
        accord_pack_free (pack);
      pack = p;
    }
  qsort (ms, rounds, sizeof *ms, cmp_double);
  printf ("load_ms_min %.2f\nload_ms_median %.2f\n", ms[0], ms[rounds / 2]);

  /* News-like prose: about half function words, content words from
   * WORDS (bench/words.txt), names, numbers and punctuation. */
  static const char *const function_words[] = {
    "the", "of", "to", "and", "a", "in", "on", "for", "that", "with", "said", "will", "would",
    "is", "was", "by", "from", "at", "as", "it", "its", "their", "after", "over", "under", "not",
    "has", "have", "had", "be", "been", "which", "who", "also", "more", "than", "this", "new",
  };
  static const char *const names[] = {
    "Kyiv", "Moscow", "Washington", "Brussels", "Beijing", "Paris", "Ankara", "Tehran", "Geneva",
    "Doha", "Cairo", "Delhi", "Tokyo", "London", "Berlin", "Warsaw", "Rome", "Ottawa",
  };
  g_autoptr (GPtrArray) content = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *wtext = NULL;
  if (argc > 3 && g_file_get_contents (argv[3], &wtext, NULL, NULL))
    {
      g_auto (GStrv) ws = g_strsplit_set (wtext, " \n\t", -1);
      for (char **w = ws; *w; w++)
        if (**w)
          g_ptr_array_add (content, g_strdup (*w));
    }
  if (!content->len)
    g_ptr_array_add (content, g_strdup ("agreement"));
  GString *text = g_string_new (NULL);
  guint32 r = 12345;
#define NEXT() (r = r * 1103515245u + 12345u, (r >> 8))
  for (int i = 0; i < 200000; i++)
    {
      guint32 x = NEXT () % 100;
      if (x < 50)
        g_string_append (text, function_words[NEXT () % G_N_ELEMENTS (function_words)]);
      else if (x < 85)
        g_string_append (text, (const char *) g_ptr_array_index (content, NEXT () % content->len));
      else if (x < 93)
        g_string_append (text, names[NEXT () % G_N_ELEMENTS (names)]);
      else if (x < 96)
        g_string_append_printf (text, "%u", NEXT () % 1000);
      else
        g_string_append (text, (NEXT () & 1) ? "," : ".");
      g_string_append_c (text, ' ');
    }
#undef NEXT
  g_autoptr (GArray) toks = g_array_new (FALSE, FALSE, sizeof (Token));
  tokenize (text->str, text->len, 0, NULL, toks, NULL);
  AccordScanner *sc = scanner_new (pack);
  double cold = scan_rate (sc, pack, text->str, toks);
  double warm = scan_rate (sc, pack, text->str, toks);
  printf ("scan_tokens_per_s_cold %.0f\nscan_tokens_per_s_warm %.0f\n", cold, warm);
  ScannerStats st;
  scanner_get_stats (sc, &st);
  printf ("dfa_states %" G_GSIZE_FORMAT "\ndfa_classes %" G_GSIZE_FORMAT "\ndfa_transitions %" G_GSIZE_FORMAT
          "\ndfa_resets %" G_GSIZE_FORMAT "\ndfa_memory %" G_GSIZE_FORMAT "\nnfa_switches %" G_GSIZE_FORMAT "\n",
          st.states, st.classes, st.transitions, st.resets, st.memory, st.nfa_switches);
  scanner_free (sc);
  accord_pack_free (pack);
  g_string_free (text, TRUE);
  g_free (ms);
  return 0;
}
