/* cmd-test.c: accord test, the example sentences of rule files as tests.
 *
 * Each rule file named (a directory: every .rules file under it, sorted)
 * is tested on its own.  Its rule set is the file with everything it
 * imports, compiled as `accord classify -r FILE` would compile it, and
 * each example written in THAT file (not those of its imports, which are
 * tested with their own file) is classified as a document.  The labels it
 * gets are those of all its statements (none: background); it passes when
 * they are exactly the labels it expects.  So every example is checked
 * once, in the scope of its own file, whatever the invocation: `accord
 * test rules/` and `accord test rules/en/pledge.rules` agree.  A compiled
 * pack given instead is tested with the examples stored in it, against
 * the whole pack.
 *
 * The results are TAP version 13 on standard output: the plan, one line a
 * example, and after a failure a YAML block with the sentence, the labels
 * expected and got, and every rule that matched (vetoed or not) with its
 * span, so that the analyst sees why.  Errors in rule files are the usual
 * diagnostics on standard error, and a "Bail out!" line ends the TAP.
 *
 * Coverage: a rule is covered when at least one example of its own file
 * (of the pack, for a pack file) fires it, not vetoed, and expects its
 * label.  --coverage names the rules that are not; --require-coverage
 * makes each of them an error.
 *
 * Everything is run before anything is printed, so that the plan comes
 * first: examples classify in microseconds, and a rule set compiles in
 * milliseconds.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "classify.h"
#include "cli.h"
#include "output.h"
#include "resolve.h"
#include "ruleset.h"

/* Characters of an example's text in its TAP line, at most. */
#define DESC_WIDTH 60

typedef struct {
  Cli *cli;
  gboolean quiet, coverage, require_coverage, colour;
  AccordDiagnostics *diags;
  GString *tap;           /* everything after the plan */
  guint n;                /* TAP tests so far */
  guint examples, passed, failed;
  guint rules, covered;   /* over the files tested */
  guint coverage_failed;  /* files with a rule no example covers */
  GPtrArray *broken;      /* char*: files that did not load */
} Run;

/* ---- text ---- */

/* Appends S as a double-quoted YAML (and JSON) string. */
static void
yaml_str (GString *out, const char *s, gsize len)
{
  g_string_append_c (out, '"');
  json_escape (out, s, len);
  g_string_append_c (out, '"');
}

/* Appends TEXT for a TAP description: blanks and control characters as
 * one space, '#' escaped (it would start a directive), cut at a word
 * boundary near DESC_WIDTH characters with " ...". */
static void
describe_text (GString *out, const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  GString *t = g_string_new (NULL);
  gboolean blank = FALSE;
  for (const char *p = valid; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          blank = t->len > 0;
          continue;
        }
      if (blank)
        g_string_append_c (t, ' ');
      blank = FALSE;
      g_string_append_unichar (t, c);
    }
  if (g_utf8_strlen (t->str, -1) > DESC_WIDTH)
    {
      const char *cut = g_utf8_offset_to_pointer (t->str, DESC_WIDTH - 4);
      const char *space = NULL;
      for (const char *p = t->str; p < cut; p++)
        if (*p == ' ')
          space = p;
      if (space && space - t->str > DESC_WIDTH / 2)
        cut = space;
      g_string_truncate (t, (gsize) (cut - t->str));
      g_string_append (t, " ...");
    }
  for (const char *p = t->str; *p; p++)
    {
      if (*p == '#' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_free (t, TRUE);
}

/* Appends the labels of MASK as a YAML flow list, in precedence order. */
static void
label_list (GString *out, const AccordPack *p, guint64 mask)
{
  g_string_append_c (out, '[');
  if (!mask)
    g_string_append (out, "background");
  gboolean first = TRUE;
  for (guint l = 0; l < p->n_labels; l++)
    if (mask & (G_GUINT64_CONSTANT (1) << l))
      {
        g_string_append_printf (out, "%s%s", first ? "" : ", ", pack_str (p, p->labels[l].name));
        first = FALSE;
      }
  g_string_append (out, "]\n");
}

static const char *
file_name (const AccordPack *p, guint32 file)
{
  return pack_file_name (p, file);
}

static void
result_line (Run *run, gboolean pass)
{
  run->n++;
  if (run->colour)
    g_string_append (run->tap, pass ? "\033[32mok\033[0m" : "\033[1;31mnot ok\033[0m");
  else
    g_string_append (run->tap, pass ? "ok" : "not ok");
  g_string_append_printf (run->tap, " %u - ", run->n);
}

/* ---- one example ---- */

/* The YAML block after a failing example: what was expected, what was
 * got, and every match with its rule, span and captures, and the veto
 * that cancelled it if one did. */
static void
diagnose (GString *out, const AccordPack *p, const PackExample *e, gboolean from_pack,
          const char *text, const Classified *cls, guint64 expected, guint64 actual)
{
  g_string_append (out, "  ---\n  sentence: ");
  yaml_str (out, text, strlen (text));
  g_string_append (out, "\n");
  if (from_pack && p->n_files)
    g_string_append_printf (out, "  source: %s:%u:%u\n", file_name (p, e->file), e->line, e->col);
  g_string_append (out, "  expected: ");
  label_list (out, p, expected);
  g_string_append (out, "  actual: ");
  label_list (out, p, actual);
  if (cls->records->len != 1)
    g_string_append_printf (out, "  statements: %u\n", cls->records->len);
  if (!cls->matches->len)
    {
      g_string_append (out, "  fired: []\n  ...\n");
      return;
    }
  g_string_append (out, "  fired:\n");
  for (guint i = 0, ri = 0; i < cls->matches->len; i++)
    {
      const RecMatch *m = &g_array_index (cls->matches, RecMatch, i);
      const Record *r = &g_array_index (cls->records, Record, ri);
      while (i >= r->match_first + r->n_matches && ri + 1 < cls->records->len)
        r = &g_array_index (cls->records, Record, ++ri);
      const PackRule *rule = &p->rules[m->rule];
      g_string_append_printf (out, "    - rule: %s -> %s\n", pack_str (p, rule->name),
                              pack_str (p, p->labels[rule->label].name));
      if (p->n_files)
        g_string_append_printf (out, "      at: %s:%u:%u\n", file_name (p, rule->file), rule->line,
                                rule->col);
      g_string_append_printf (out, "      span: [%u, %u]\n      text: ", m->start, m->end);
      yaml_str (out, text + m->start, m->end - m->start);
      g_string_append_c (out, '\n');
      gboolean any = FALSE;
      for (guint c = 0; c < m->n_caps; c++)
        {
          gint32 a = g_array_index (cls->caps, gint32, m->cap_first + 2 * c);
          gint32 b = g_array_index (cls->caps, gint32, m->cap_first + 2 * c + 1);
          if (a < 0 || b < a)
            continue;
          g_string_append_printf (out, "%s%s: ", any ? ", " : "      captures: {",
                                  pack_str (p, p->caps[rule->cap_first + c]));
          yaml_str (out, text + a, (gsize) (b - a));
          any = TRUE;
        }
      if (any)
        g_string_append (out, "}\n");
      if (m->veto >= 0)
        {
          const PackVeto *v = &p->vetoes[m->veto];
          g_string_append_printf (out, "      vetoed_by: unless at %s:%u:%u\n", file_name (p, rule->file),
                                  v->line, v->col);
          for (guint q = 0; q < cls->vetoes->len; q++)
            {
              const RecMatch *vm = &g_array_index (cls->vetoes, RecMatch, q);
              if (vm->veto == m->veto && vm->start >= r->start && vm->end <= r->end)
                {
                  g_string_append (out, "      veto_text: ");
                  yaml_str (out, text + vm->start, vm->end - vm->start);
                  g_string_append_c (out, '\n');
                  break;
                }
            }
        }
    }
  g_string_append (out, "  ...\n");
}

/* Runs example E of P; marks in COVERED the rules it fires whose label
 * it expects.  NAME is how the TAP line names the example. */
static void
run_example (Run *run, AccordClassifier *c, const AccordPack *p, const PackExample *e,
             const char *name, gboolean from_pack, gboolean *covered)
{
  const char *text = pack_str (p, e->text);
  Classified cls;
  classified_init (&cls);
  classifier_run (c, text, strlen (text), &cls);
  guint64 expected = 0, actual = 0;
  for (guint32 k = 0; k < e->n_labels; k++)
    expected |= G_GUINT64_CONSTANT (1) << p->example_labels[e->label_first + k];
  for (guint i = 0; i < cls.records->len; i++)
    actual |= g_array_index (cls.records, Record, i).labels;
  for (guint i = 0; i < cls.matches->len; i++)
    {
      const RecMatch *m = &g_array_index (cls.matches, RecMatch, i);
      if (m->veto < 0 && (expected & (G_GUINT64_CONSTANT (1) << p->rules[m->rule].label)))
        covered[m->rule] = TRUE;
    }
  gboolean pass = expected == actual;
  run->examples++;
  if (pass)
    run->passed++;
  else
    run->failed++;
  if (!pass || !run->quiet)
    {
      result_line (run, pass);
      g_string_append_printf (run->tap, "%s: ", name);
      describe_text (run->tap, text);
      g_string_append_c (run->tap, '\n');
      if (!pass)
        {
          /* The diagnosis shows spans and captures: run again for them. */
          classifier_set_detail (c, CLASSIFY_FULL);
          classifier_run (c, text, strlen (text), &cls);
          classifier_set_detail (c, CLASSIFY_RULES);
          diagnose (run->tap, p, e, from_pack, text, &cls, expected, actual);
        }
    }
  else
    run->n++;
  classified_clear (&cls);
}

/* ---- one file or pack ---- */

/* Tests the examples of P: those written in file ROOT (an index into its
 * files) for a rule file, every one for a pack file (ROOT -1), which
 * NAME names.  SET is the rule set P was compiled from (NULL for a pack
 * file): its rules' spans locate the coverage errors. */
static void
test_pack (Run *run, const char *name, const AccordPack *p, gint64 root, const AccordRuleSet *set)
{
  if (p->n_labels > ACCORD_MAX_LABELS)
    {
      fprintf (run->cli->err, "accord: '%s' has more than %d labels\n", name, ACCORD_MAX_LABELS);
      g_ptr_array_add (run->broken, g_strdup (name));
      return;
    }
  g_autofree gboolean *covered = g_new0 (gboolean, p->n_rules + 1);
  g_autoptr (AccordClassifier) c = classifier_new (p);
  classifier_set_detail (c, CLASSIFY_RULES);   /* labels suffice, unless an example fails */
  guint n = 0;
  for (guint32 i = 0; i < p->n_examples; i++)
    {
      const PackExample *e = &p->examples[i];
      if (root >= 0 && e->file != (guint32) root)
        continue;
      n++;
      g_autofree char *where = root >= 0 ? g_strdup_printf ("%s:%u", name, e->line)
                                         : g_strdup_printf ("%s#%u", name, n);
      run_example (run, c, p, e, where, root < 0, covered);
    }

  guint nrules = 0, ncovered = 0;
  for (guint32 r = 0; r < p->n_rules; r++)
    if (root < 0 || p->rules[r].file == (guint32) root)
      {
        nrules++;
        ncovered += covered[r];
      }
  run->rules += nrules;
  run->covered += ncovered;
  if (!n && !run->quiet)
    g_string_append_printf (run->tap, "# %s: no examples%s\n", name,
                            nrules ? " (its rules are not tested)" : "");
  if (!run->coverage || !nrules)
    return;

  if (!run->quiet || ncovered < nrules)
    g_string_append_printf (run->tap, "# coverage: %s: %u of %u %s a positive example\n", name, ncovered,
                            nrules, nrules == 1 ? "rule has" : "rules have");
  GString *missing = g_string_new (NULL);
  for (guint32 r = 0; r < p->n_rules; r++)
    {
      const PackRule *rule = &p->rules[r];
      if ((root >= 0 && rule->file != (guint32) root) || covered[r])
        continue;
      g_string_append_printf (run->tap, "# rule %s (%s:%u) has no positive example\n", pack_str (p, rule->name),
                              file_name (p, rule->file), rule->line);
      g_string_append_printf (missing, "    - %s (%s:%u)\n", pack_str (p, rule->name), file_name (p, rule->file),
                              rule->line);
      if (!run->require_coverage)
        continue;
      const AstRule *ast = set && r < set->rules->len ? g_ptr_array_index (set->rules, r) : NULL;
      if (ast)
        accord_diag_add (run->diags, ACCORD_SEVERITY_ERROR, &ast->name.span, NULL,
                         "rule '%s' has no positive example", ast->name.text);
      else
        accord_diag_add_file (run->diags, ACCORD_SEVERITY_ERROR, name,
                              "rule '%s' (%s:%u) has no positive example", pack_str (p, rule->name),
                              file_name (p, rule->file), rule->line);
    }
  if (run->require_coverage)
    {
      gboolean pass = ncovered == nrules;
      if (!pass)
        run->coverage_failed++;
      if (!pass || !run->quiet)
        {
          result_line (run, pass);
          g_string_append_printf (run->tap, "%s: every rule has a positive example\n", name);
          if (!pass)
            g_string_append_printf (run->tap, "  ---\n  uncovered:\n%s  ...\n", missing->str);
        }
      else
        run->n++;
    }
  g_string_free (missing, TRUE);
}

/* Tests rule file PATH: compiles it with its imports and runs its own
 * examples. */
static void
test_rule_file (Run *run, AccordLoader *loader, const char *path, guint32 budget)
{
  const char *name = g_str_equal (path, "-") ? "<stdin>" : path;
  g_autoptr (AccordRuleSet) set = accord_loader_load (loader, path);
  g_autoptr (AccordPack) pack = set ? accord_pack_compile (set, run->diags, budget) : NULL;
  if (!pack)
    {
      g_ptr_array_add (run->broken, g_strdup (name));
      return;
    }
  /* The loader puts every file after its imports: the file named is the
   * last one, and the pack numbers its files in that order. */
  g_assert (pack->n_files == set->asts->len && pack->n_files > 0);
  const AstFile *root = g_ptr_array_index (set->asts, set->asts->len - 1);
  const char *shown = accord_source_name (accord_diagnostics_source (run->diags, root->file));
  test_pack (run, shown, pack, pack->n_files - 1, set);
}

static void
test_pack_file (Run *run, const char *path)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AccordPack) pack = accord_pack_load (path, &error);
  if (!pack)
    {
      fprintf (run->cli->err, "accord: %s\n", error->message);
      g_ptr_array_add (run->broken, g_strdup (path));
      return;
    }
  test_pack (run, path, pack, -1, NULL);
}

/* ---- the command ---- */

static gboolean
stdout_colour (Cli *cli, ColourMode mode)
{
  if (mode != COLOUR_AUTO)
    return mode == COLOUR_ALWAYS;
  const char *no = g_getenv ("NO_COLOR");
  const char *term = g_getenv ("TERM");
  int fd = fileno (cli->out);
  return !(no && *no) && !(term && g_str_equal (term, "dumb")) && fd >= 0 && isatty (fd);
}

int
cmd_test (Cli *cli, int argc, char **argv)
{
  g_auto (GStrv) includes = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *colour = NULL, *budget_text = NULL;
  gboolean quiet = FALSE, coverage = FALSE, require_coverage = FALSE;
  GOptionEntry entries[] = {
    { "include", 'I', 0, G_OPTION_ARG_FILENAME_ARRAY, &includes,
      "Look for imported packs in DIR first (may be repeated)", "DIR" },
    { "state-budget", 0, 0, G_OPTION_ARG_STRING, &budget_text,
      "Most instructions the automaton may have (default 4000000)", "N" },
    { "quiet", 'q', 0, G_OPTION_ARG_NONE, &quiet, "Print only the failing examples (not a whole TAP stream)",
      NULL },
    { "coverage", 0, 0, G_OPTION_ARG_NONE, &coverage, "Name the rules that no example fires", NULL },
    { "require-coverage", 0, 0, G_OPTION_ARG_NONE, &require_coverage,
      "Fail when a rule has no example that fires it", NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING, &colour,
      "Colour diagnostics and results: auto (the default), always or never", "WHEN" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  int rc = parse_options (cli, find_command ("test"), entries, argc, argv, &args);
  if (rc >= 0)
    return rc;
  ColourMode mode;
  if ((rc = parse_colour (cli, "test", colour, &mode)) >= 0)
    return rc;
  guint32 budget = ACCORD_DEFAULT_STATE_BUDGET;
  if ((rc = parse_budget (cli, "test", budget_text, &budget)) >= 0)
    return rc;
  if (!args || !args[0])
    return usage_error (cli, "test", "test needs at least one rule file, directory or pack");

  g_autoptr (AccordDiagnostics) diags = accord_diagnostics_new ();
  g_autoptr (AccordLoader) loader = accord_loader_new (diags);
  for (char **i = includes; i && *i; i++)
    accord_loader_add_include_dir (loader, *i);
  accord_loader_add_default_path (loader);

  Run run = { 0 };
  run.cli = cli;
  run.quiet = quiet;
  run.coverage = coverage || require_coverage;
  run.require_coverage = require_coverage;
  run.colour = stdout_colour (cli, mode);
  run.diags = diags;
  run.tap = g_string_new (NULL);
  run.broken = g_ptr_array_new_with_free_func (g_free);

  /* Each file once, however often it is named (by its real path). */
  g_autoptr (GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr (GPtrArray) files = rule_paths (diags, args);
  for (guint i = 0; i + 1 < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      char real[PATH_MAX];
      const char *key = !g_str_equal (path, "-") && realpath (path, real) ? real : path;
      if (!g_hash_table_add (seen, g_strdup (key)))
        continue;
      if (!g_str_equal (path, "-") && accord_is_pack_file (path))
        test_pack_file (&run, path);
      else
        test_rule_file (&run, loader, path, budget);
    }

  g_autofree char *text = accord_diagnostics_render (diags, want_colour (cli, mode));
  fputs (text, cli->err);
  if (!quiet)
    {
      fprintf (cli->out, "TAP version 13\n1..%u", run.n);
      if (!run.n)
        fputs (" # SKIP no examples", cli->out);
      fputc ('\n', cli->out);
    }
  fputs (run.tap->str, cli->out);
  gboolean errors = accord_diagnostics_count (diags, ACCORD_SEVERITY_ERROR) > 0 || run.broken->len > 0;
  if (run.broken->len)
    {
      if (run.broken->len == 1)
        fprintf (cli->out, "Bail out! %s has errors\n", (char *) g_ptr_array_index (run.broken, 0));
      else
        fprintf (cli->out, "Bail out! %u rule files have errors\n", run.broken->len);
    }
  /* The count comes last, also when both streams go to one file. */
  fflush (cli->out);
  fprintf (cli->err, "%u %s, %u passed, %u failed\n", run.examples, run.examples == 1 ? "example" : "examples",
           run.passed, run.failed);
  if (run.coverage)
    fprintf (cli->err, "%u of %u %s a positive example\n", run.covered, run.rules,
             run.rules == 1 ? "rule has" : "rules have");
  g_string_free (run.tap, TRUE);
  g_ptr_array_unref (run.broken);
  return errors || run.failed || run.coverage_failed ? EXIT_ERRORS : EXIT_OK;
}
