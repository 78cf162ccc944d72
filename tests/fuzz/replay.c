/* replay.c: a main() for a fuzz target, so that `make check` replays
 * every input that once mattered (linked with fuzz-parse.c when the
 * build has no libFuzzer).
 *
 *   replay-parse [FILE|DIR...]
 *
 * With no arguments it replays, as raw bytes:
 *   - every file of $G_TEST_SRCDIR/fuzz/corpus (one TAP line each),
 *   - every .rules file under $ACCORD_SRCDIR/rules (one line in all),
 *   - every .case file under $G_TEST_SRCDIR/cases (one line in all).
 * A directory named on the command line gives one line per file.
 *
 * It fails only by crashing: the target has nothing to report, but the
 * sanitizers (or valgrind) abort on a bad access or a leak.  The name of
 * each input goes to stderr before it runs, so the log shows the input
 * that crashed.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <glib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* Each target says where its corpus is (under tests/fuzz) and whether
 * the shipped rules and golden cases are inputs for it too. */
extern const char fuzz_corpus[];
extern const int fuzz_replay_sources;

static guint tap_n;
static guint tap_failed;

static void
tap (gboolean ok, const char *fmt, ...) G_GNUC_PRINTF (2, 3);

static void
tap (gboolean ok, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  tap_n++;
  if (!ok)
    tap_failed++;
  printf ("%s %u - %s\n", ok ? "ok" : "not ok", tap_n, msg);
  fflush (stdout);
}

/* Runs the target over one file; FALSE if it could not be read. */
static gboolean
replay_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  g_autoptr (GError) error = NULL;
  if (!g_file_get_contents (path, &data, &len, &error))
    {
      printf ("# %s\n", error->message);
      return FALSE;
    }
  fprintf (stderr, "replaying %s (%" G_GSIZE_FORMAT " bytes)\n", path, len);
  LLVMFuzzerTestOneInput ((const uint8_t *) data, len);
  return TRUE;
}

static gint
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Appends the regular files under DIR whose names end with SUFFIX (any
 * file when SUFFIX is NULL), sorted, skipping dot files. */
static void
collect (const char *dir, const char *suffix, gboolean recurse, GPtrArray *out)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (!d)
    return;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)))
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_dir_close (d);
  g_ptr_array_sort (names, cmp_str);
  for (guint i = 0; i < names->len; i++)
    {
      const char *path = g_ptr_array_index (names, i);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          if (recurse)
            collect (path, suffix, recurse, out);
        }
      else if (g_file_test (path, G_FILE_TEST_IS_REGULAR)
               && (!suffix || g_str_has_suffix (path, suffix)))
        g_ptr_array_add (out, g_strdup (path));
    }
}

/* One TAP line per file of DIR. */
static void
replay_each (const char *dir)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  collect (dir, NULL, FALSE, files);
  for (guint i = 0; i < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      g_autofree char *base = g_path_get_basename (path);
      tap (replay_file (path), "corpus %s", base);
    }
  if (!files->len)
    tap (TRUE, "corpus %s: no files # SKIP", dir);
}

/* One TAP line for all the files under DIR ending with SUFFIX. */
static void
replay_all (const char *what, const char *dir, const char *suffix)
{
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  if (dir)
    collect (dir, suffix, TRUE, files);
  gboolean ok = TRUE;
  for (guint i = 0; i < files->len; i++)
    ok = replay_file (g_ptr_array_index (files, i)) && ok;
  if (!dir)
    tap (TRUE, "%s # SKIP directory unknown", what);
  else
    tap (ok, "%s: %u files", what, files->len);
}

int
main (int argc, char **argv)
{
  if (argc > 1)
    {
      for (int i = 1; i < argc; i++)
        {
          if (g_file_test (argv[i], G_FILE_TEST_IS_DIR))
            replay_each (argv[i]);
          else
            tap (replay_file (argv[i]), "%s", argv[i]);
        }
    }
  else
    {
      const char *tests = g_getenv ("G_TEST_SRCDIR");
      const char *top = g_getenv ("ACCORD_SRCDIR");
      g_autofree char *tests_dir = tests ? g_strdup (tests)
                                         : top ? g_build_filename (top, "tests", NULL) : NULL;
      if (!tests_dir)
        {
          printf ("1..0 # SKIP set G_TEST_SRCDIR or ACCORD_SRCDIR, or name the inputs\n");
          return 0;
        }
      g_autofree char *corpus = g_build_filename (tests_dir, "fuzz", fuzz_corpus, NULL);
      g_autofree char *cases = g_build_filename (tests_dir, "cases", NULL);
      g_autofree char *rules = top ? g_build_filename (top, "rules", NULL) : NULL;
      replay_each (corpus);
      if (fuzz_replay_sources)
        {
          replay_all ("rules/**/*.rules", rules, ".rules");
          replay_all ("tests/cases/**/*.case", cases, ".case");
        }
    }
  printf ("1..%u\n", tap_n);
  return tap_failed ? 1 : 0;
}
