/* fuzz-parse.c: a libFuzzer target for the front end, text to rule set.
 *
 * The input is rule-file text.  It runs the `accord check` path in
 * process, without touching the disk: each piece becomes a source of
 * one diagnostics sink, is parsed, resolved and linted, and the
 * diagnostics are rendered with and without colour.
 *
 * A form feed ('\f') splits the input into up to MAX_PARTS packs: each
 * part sees the ones before it, as if it imported them, so that
 * cross-pack resolution (merged labels, inherited precedence, '+=' on
 * an imported list, duplicate rules and packs) is reached too.  The
 * loader's file-system walk (import lookup, cycles) is left to the
 * unit tests: here an import statement is parsed but not followed.
 *
 * The target must never crash, hang or leak, whatever the bytes.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "accord.h"
#include "parse.h"
#include "resolve.h"

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* For replay.c: the corpus under tests/fuzz, and the shipped rules and
 * golden cases are inputs too. */
extern const char fuzz_corpus[];
extern const int fuzz_replay_sources;
const char fuzz_corpus[] = "corpus";
const int fuzz_replay_sources = 1;

/* Packs one input may hold. */
#define MAX_PARTS 4

/* Inputs larger than this are skipped: the front end is linear, and big
 * inputs only slow the fuzzer down.  (tests/test-bad-input.sh covers
 * large files through the real program.) */
#define FUZZ_MAX_INPUT (1024 * 1024)

static void
resolve_file_free (gpointer p)
{
  ResolveFile *rf = p;
  g_hash_table_unref (rf->visible);
  g_free (rf);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  if (size > FUZZ_MAX_INPUT)
    return 0;
  const char *text = (const char *) data;

  g_autoptr (AccordDiagnostics) diags = accord_diagnostics_new ();
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (resolve_file_free);
  gsize start = 0;
  for (guint part = 0; part < MAX_PARTS && start <= size; part++)
    {
      const char *ff = part + 1 < MAX_PARTS && size > start ? memchr (text + start, '\f', size - start)
                                                             : NULL;
      gsize end = ff ? (gsize) (ff - text) : size;
      g_autofree char *name = g_strdup_printf ("fuzz%u.rules", part);
      guint32 file = accord_diagnostics_add_source (diags, accord_source_new (name, text + start,
                                                                               end - start));
      ResolveFile *rf = g_new0 (ResolveFile, 1);
      rf->ast = parse_file (diags, file);
      rf->visible = g_hash_table_new (NULL, NULL);
      /* This part sees itself and every part before it. */
      for (guint i = 0; i < files->len; i++)
        g_hash_table_add (rf->visible, ((ResolveFile *) g_ptr_array_index (files, i))->ast);
      g_hash_table_add (rf->visible, rf->ast);
      g_ptr_array_add (files, rf);
      if (!ff)
        break;
      start = end + 1;
    }

  /* The resolver takes the trees, whatever it returns. */
  AccordRuleSet *set = resolve_unit (diags, files);
  if (set)
    {
      guint n = accord_rule_set_n_rules (set) + accord_rule_set_n_lists (set)
                + accord_rule_set_n_examples (set) + accord_rule_set_n_packs (set);
      for (const char *const *l = accord_rule_set_labels (set); *l; l++)
        n += (guint) strlen (*l);
      (void) n;
      accord_rule_set_free (set);
    }

  g_autofree char *plain = accord_diagnostics_render (diags, FALSE);
  g_autofree char *colour = accord_diagnostics_render (diags, TRUE);
  g_assert (plain != NULL && colour != NULL);
  return 0;
}
