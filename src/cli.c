/* cli.c: the accord command line.
 *
 * Each command is a function over its own GOptionEntry table; main()
 * (src/main.c) only calls accord_cli_main with stdout and stderr, and the
 * golden tests call it with memory streams, so the whole command line
 * runs in-process under the sanitizers.  Only this file prints.
 *
 * Exit status: 0 ok; 1 errors in rules or inputs; 2 usage.
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "accord.h"
#include "cli.h"
#include "prebuilt.h"
#include "resolve.h"

static int cmd_check (Cli *cli, int argc, char **argv);
static int cmd_compile (Cli *cli, int argc, char **argv);
static int cmd_help (Cli *cli, int argc, char **argv);

static const Command commands[] = {
  { "check", "[OPTION...] FILE|DIR...", "parse, resolve and lint rule files",
    "Reads each rule file (and every .rules file under each directory), with\n"
    "its imports, and reports every error and warning with its file, line and\n"
    "column.  '-' reads a rule file from standard input.  Exit status 0 when\n"
    "there is no error, 1 when there is.",
    cmd_check },
  { "compile", "[OPTION...] -o FILE RULES...", "compile rules into a pack file",
    "Reads the rule files (and every .rules file under each directory), with\n"
    "their imports, as one set of rules, compiles them into the matching\n"
    "automaton and writes it to FILE: a pack, which every command that takes\n"
    "rules with -r accepts in their place and which loads without parsing.\n"
    "The file is written whole or not at all.",
    cmd_compile },
  { "classify", "[OPTION...] INPUT...", "label the statements of documents",
    "Reads each INPUT (a file; every file matching --glob under a directory,\n"
    "sorted; '-' for standard input; JSON Lines corpora of {\"id\", \"text\"}\n"
    "records), cuts it into statements, and writes one labelled record per\n"
    "statement, in input order whatever the number of threads.  Without -r,\n"
    "the default English pack is used.  Exit status 1 when a document could\n"
    "not be read (the others are still classified).",
    cmd_classify },
  { "explain", "[OPTION...] TEXT|-", "show how each statement of a text gets its label",
    "For each statement of TEXT (or of standard input with '-'): its tokens\n"
    "and their classes, every rule that matched with its span and captures,\n"
    "the matches a veto cancelled and which veto, and the label with the\n"
    "precedence step that decided it.",
    cmd_explain },
  { "test", "[OPTION...] FILE|DIR|PACK...", "run the example sentences of rule files (TAP)",
    "Tests each rule file (every .rules file under each directory) on its own:\n"
    "compiles it with its imports and classifies each example written in it\n"
    "(not those of its imports), which passes when it gets exactly the labels\n"
    "it expects (background: none).  A pack file is tested with the examples\n"
    "stored in it.  Writes TAP on standard output, with the sentence, the\n"
    "labels and the rules that matched after each failure, and a count on\n"
    "standard error.  Exit status 1 when an example fails or a rule file has\n"
    "errors (or, with --require-coverage, a rule has no positive example).",
    cmd_test },
  { "eval", "[OPTION...] GOLD.jsonl...", "measure rules against hand-labelled statements",
    "Reads the gold records of each GOLD file (one JSON object a line with\n"
    "doc, start, end and labels, doc relative to the GOLD file's directory),\n"
    "classifies their documents and gives each gold statement the labels of\n"
    "the statement that overlaps it most.  Prints precision, recall and F1\n"
    "per label, their macro average, the accuracy of the primary label, the\n"
    "share of exact boundaries, the confusion of primary labels, the true and\n"
    "false positives of each rule and the gold statements no rule reached.\n"
    "Exit status 1 when a gold line or a document could not be read (the\n"
    "others are still scored).",
    cmd_eval },
  { "help", "[COMMAND]", "show help for accord or for one command", NULL, cmd_help },
};

const char *
accord_version (void)
{
  return PACKAGE_VERSION;
}

const Command *
find_command (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

static void
print_usage (FILE *fp)
{
  fprintf (fp,
           "Usage: accord COMMAND [OPTION...] [ARG...]\n"
           "\n"
           "accord labels the statements of articles about negotiations as pledge,\n"
           "condition, quote or background, with rules analysts write.\n"
           "\n"
           "Commands:\n");
  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (fp, "  %-10s %s\n", commands[i].name, commands[i].summary);
  fprintf (fp,
           "\n"
           "Options:\n"
           "  -h, --help     show this help\n"
           "  --version      show the version\n"
           "\n"
           "'accord help COMMAND' describes a command; man accord and man accord-rules\n"
           "describe everything.\n");
}

int
usage_error (Cli *cli, const char *command, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  g_autofree char *msg = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  fprintf (cli->err, "accord: %s\n", msg);
  if (command)
    fprintf (cli->err, "Try 'accord help %s'.\n", command);
  else
    fprintf (cli->err, "Try 'accord --help'.\n");
  return EXIT_USAGE;
}

static void
print_option (FILE *fp, const GOptionEntry *e)
{
  g_autofree char *left = g_strdup_printf ("%s%c%s--%s%s%s", e->short_name ? "-" : " ",
                                           e->short_name ? e->short_name : ' ',
                                           e->short_name ? ", " : "  ", e->long_name,
                                           e->arg_description ? "=" : "",
                                           e->arg_description ? e->arg_description : "");
  fprintf (fp, "  %-24s %s\n", left, e->description);
}

/* Help is written here rather than by GOption so that it reads the same
 * whatever the program's name and never exits the process. */
static void
print_command_help (FILE *fp, const Command *cmd, const GOptionEntry *entries)
{
  fprintf (fp, "Usage: accord %s %s\n\n%s\n\nOptions:\n", cmd->name, cmd->args, cmd->summary);
  for (const GOptionEntry *e = entries; e && e->long_name; e++)
    print_option (fp, e);
  GOptionEntry help = { "help", 'h', 0, G_OPTION_ARG_NONE, NULL, "Show this help", NULL };
  print_option (fp, &help);
  if (cmd->description)
    fprintf (fp, "\n%s\n", cmd->description);
}

/* Parses options of COMMAND; leaves the operands in *ARGS.  Returns -1 to
 * go on, or an exit status (help shown, or a usage error). */
int
parse_options (Cli *cli, const Command *cmd, GOptionEntry *entries, int argc, char **argv,
               char ***args)
{
  gboolean help = FALSE;
  GOptionEntry common[] = {
    { "help", 'h', 0, G_OPTION_ARG_NONE, &help, "Show help for this command", NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, args, NULL, NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  g_autoptr (GOptionContext) ctx = g_option_context_new (NULL);
  g_option_context_set_help_enabled (ctx, FALSE);
  if (entries)
    g_option_context_add_main_entries (ctx, entries, NULL);
  g_option_context_add_main_entries (ctx, common, NULL);

  g_autofree char *prgname = g_strdup_printf ("accord %s", cmd->name);
  /* "-IDIR" is "-I DIR", as in compilers: split it for GOption. */
  g_autoptr (GPtrArray) owned = g_ptr_array_new_with_free_func (g_free);
  g_autofree char **copy = g_new0 (char *, 2 * argc + 1);
  int n = 0;
  copy[n++] = prgname;
  for (int i = 1; i < argc; i++)
    {
      const GOptionEntry *takes = NULL;
      if (argv[i][0] == '-' && argv[i][1] && argv[i][1] != '-' && argv[i][2])
        for (const GOptionEntry *e = entries; e && e->long_name; e++)
          if (e->short_name == argv[i][1] && e->arg != G_OPTION_ARG_NONE)
            takes = e;
      if (takes)
        {
          char *flag = g_strndup (argv[i], 2);
          g_ptr_array_add (owned, flag);
          copy[n++] = flag;
          copy[n++] = argv[i] + 2;
        }
      else
        copy[n++] = argv[i];
    }
  char **p = copy;
  g_autoptr (GError) error = NULL;
  if (!g_option_context_parse (ctx, &n, &p, &error))
    {
      /* GOption's messages name the option after a fixed English phrase:
       * say it our way, with the option quoted. */
      const char *msg = error->message;
      if (g_str_has_prefix (msg, "Unknown option "))
        return usage_error (cli, cmd->name, "unknown option '%s'", msg + strlen ("Unknown option "));
      if (g_str_has_prefix (msg, "Missing argument for "))
        return usage_error (cli, cmd->name, "option '%s' needs an argument",
                            msg + strlen ("Missing argument for "));
      return usage_error (cli, cmd->name, "%s", msg);
    }
  if (help)
    {
      print_command_help (cli->out, cmd, entries);
      return EXIT_OK;
    }
  return -1;
}

/* ---- colour ---- */

gboolean
want_colour (Cli *cli, ColourMode mode)
{
  if (mode != COLOUR_AUTO)
    return mode == COLOUR_ALWAYS;
  const char *no = g_getenv ("NO_COLOR");
  if (no && *no)
    return FALSE;
  const char *term = g_getenv ("TERM");
  if (term && g_str_equal (term, "dumb"))
    return FALSE;
  int fd = fileno (cli->err);
  return fd >= 0 && isatty (fd);
}

int
parse_colour (Cli *cli, const char *command, const char *value, ColourMode *mode)
{
  if (!value || g_str_equal (value, "auto"))
    *mode = COLOUR_AUTO;
  else if (g_str_equal (value, "always"))
    *mode = COLOUR_ALWAYS;
  else if (g_str_equal (value, "never"))
    *mode = COLOUR_NEVER;
  else
    return usage_error (cli, command, "--color takes auto, always or never, not '%s'", value);
  return -1;
}

/* ---- check ---- */

/* Expands directories in ARGS to their .rules files, in order. */
GPtrArray *
rule_paths (AccordDiagnostics *diags, char **args)
{
  GPtrArray *files = g_ptr_array_new_with_free_func (g_free);
  for (char **a = args; a && *a; a++)
    {
      if (g_file_test (*a, G_FILE_TEST_IS_DIR))
        {
          guint before = files->len;
          collect_rules (*a, files);
          if (files->len == before)
            accord_diag_add_file (diags, ACCORD_SEVERITY_ERROR, NULL, "no .rules files in '%s'", *a);
        }
      else
        g_ptr_array_add (files, g_strdup (*a));
    }
  g_ptr_array_add (files, NULL);
  return files;
}

static int
cmd_check (Cli *cli, int argc, char **argv)
{
  g_auto (GStrv) includes = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *colour = NULL;
  gboolean verbose = FALSE, fatal_warnings = FALSE;
  GOptionEntry entries[] = {
    { "include", 'I', 0, G_OPTION_ARG_FILENAME_ARRAY, &includes,
      "Look for imported packs in DIR first (may be repeated)", "DIR" },
    { "color", 0, 0, G_OPTION_ARG_STRING, &colour,
      "Colour diagnostics: auto (the default), always or never", "WHEN" },
    { "fatal-warnings", 0, 0, G_OPTION_ARG_NONE, &fatal_warnings,
      "Exit with status 1 when there are warnings", NULL },
    { "verbose", 'v', 0, G_OPTION_ARG_NONE, &verbose,
      "Print a line for each pack that has no error", NULL },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  int rc = parse_options (cli, find_command ("check"), entries, argc, argv, &args);
  if (rc >= 0)
    return rc;
  ColourMode mode;
  if ((rc = parse_colour (cli, "check", colour, &mode)) >= 0)
    return rc;
  if (!args || !args[0])
    return usage_error (cli, "check", "check needs at least one rule file or directory");

  g_autoptr (AccordDiagnostics) diags = accord_diagnostics_new ();
  g_autoptr (AccordLoader) loader = accord_loader_new (diags);
  for (char **i = includes; i && *i; i++)
    accord_loader_add_include_dir (loader, *i);
  accord_loader_add_default_path (loader);

  g_autoptr (GPtrArray) files = rule_paths (diags, args);
  GString *summary = g_string_new (NULL);
  for (guint i = 0; i + 1 < files->len; i++)
    {
      const char *path = g_ptr_array_index (files, i);
      AccordRuleSet *set = accord_loader_load (loader, path);
      if (g_str_equal (path, "-"))
        path = "<stdin>";
      if (set && verbose)
        {
          guint nr = accord_rule_set_n_rules (set), nl = accord_rule_set_n_lists (set);
          guint ne = accord_rule_set_n_examples (set), nf = accord_rule_set_n_packs (set);
          g_string_append_printf (summary, "%s: ok: %u %s, %u %s, %u %s, %u %s\n", path, nr,
                                  nr == 1 ? "rule" : "rules", nl, nl == 1 ? "list" : "lists", ne,
                                  ne == 1 ? "example" : "examples", nf, nf == 1 ? "file" : "files");
        }
      accord_rule_set_free (set);
    }
  fputs (summary->str, cli->out);
  g_string_free (summary, TRUE);

  g_autofree char *text = accord_diagnostics_render (diags, want_colour (cli, mode));
  fputs (text, cli->err);
  if (accord_diagnostics_count (diags, ACCORD_SEVERITY_ERROR) > 0)
    return EXIT_ERRORS;
  if (fatal_warnings && accord_diagnostics_count (diags, ACCORD_SEVERITY_WARNING) > 0)
    return EXIT_ERRORS;
  return EXIT_OK;
}

/* ---- rules and packs ---- */

int
parse_budget (Cli *cli, const char *command, const char *text, guint32 *out)
{
  if (!text)
    return -1;
  char *end = NULL;
  guint64 v = g_ascii_strtoull (text, &end, 10);
  if (!*text || *end || v == 0 || v > 1000000000)
    return usage_error (cli, command, "--state-budget takes a number from 1 to 1000000000, not '%s'", text);
  *out = (guint32) v;
  return -1;
}

/* ---- compile ---- */

/* The most memory this process has held, in MiB. */
static double
peak_memory_mib (void)
{
  struct rusage ru;
  if (getrusage (RUSAGE_SELF, &ru) != 0)
    return 0;
  return ru.ru_maxrss / 1024.0;   /* kilobytes on Linux */
}

static int
cmd_compile (Cli *cli, int argc, char **argv)
{
  g_auto (GStrv) includes = NULL;
  g_auto (GStrv) args = NULL;
  g_autofree char *output = NULL, *colour = NULL, *budget_text = NULL, *manifest = NULL;
  gboolean stats = FALSE;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, "Write the pack to FILE", "FILE" },
    { "manifest", 0, 0, G_OPTION_ARG_FILENAME, &manifest,
      "Also write the manifest that lets the pack stand in for its rule directory (packaging)", "FILE" },
    { "include", 'I', 0, G_OPTION_ARG_FILENAME_ARRAY, &includes,
      "Look for imported packs in DIR first (may be repeated)", "DIR" },
    { "state-budget", 0, 0, G_OPTION_ARG_STRING, &budget_text,
      "Most instructions the automaton may have (default 4000000)", "N" },
    { "stats", 0, 0, G_OPTION_ARG_NONE, &stats,
      "Print rules, token classes, states and sizes", NULL },
    { "color", 0, 0, G_OPTION_ARG_STRING, &colour,
      "Colour diagnostics: auto (the default), always or never", "WHEN" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  int rc = parse_options (cli, find_command ("compile"), entries, argc, argv, &args);
  if (rc >= 0)
    return rc;
  ColourMode mode;
  if ((rc = parse_colour (cli, "compile", colour, &mode)) >= 0)
    return rc;
  guint32 budget = ACCORD_DEFAULT_STATE_BUDGET;
  if ((rc = parse_budget (cli, "compile", budget_text, &budget)) >= 0)
    return rc;
  if (!args || !args[0])
    return usage_error (cli, "compile", "compile needs at least one rule file or directory");
  if (!output && !stats)
    return usage_error (cli, "compile", "compile needs -o FILE (or --stats alone)");
  if (manifest && (!output || args[1] || includes || budget_text || !g_file_test (args[0], G_FILE_TEST_IS_DIR)))
    return usage_error (cli, "compile",
                        "--manifest needs -o FILE and one rule directory, without -I or --state-budget");

  g_autoptr (AccordDiagnostics) diags = accord_diagnostics_new ();
  g_autoptr (AccordLoader) loader = accord_loader_new (diags);
  for (char **i = includes; i && *i; i++)
    accord_loader_add_include_dir (loader, *i);
  accord_loader_add_default_path (loader);
  g_autoptr (GPtrArray) files = rule_paths (diags, args);
  gint64 t0 = g_get_monotonic_time ();
  g_autoptr (AccordRuleSet) set = NULL;
  if (accord_diagnostics_count (diags, ACCORD_SEVERITY_ERROR) == 0)
    set = accord_loader_load_many (loader, (const char *const *) files->pdata);
  g_autoptr (AccordPack) pack = set ? accord_pack_compile (set, diags, budget) : NULL;
  gint64 t1 = g_get_monotonic_time ();
  g_autofree char *text = accord_diagnostics_render (diags, want_colour (cli, mode));
  fputs (text, cli->err);
  if (!pack)
    return EXIT_ERRORS;
  if (output)
    {
      /* The manifest first: when it cannot be written, no pack is. */
      g_autoptr (GError) error = NULL;
      if ((manifest && !prebuilt_write_manifest (loader, set, diags, pack, args[0], manifest, &error))
          || !accord_pack_save (pack, output, &error))
        {
          fprintf (cli->err, "accord: %s\n", error->message);
          return EXIT_ERRORS;
        }
    }
  if (stats)
    {
      AccordPackStats st;
      accord_pack_get_stats (pack, &st);
      fprintf (cli->out,
               "rules          %u\n"
               "vetoes         %u\n"
               "labels         %u\n"
               "examples       %u\n"
               "token classes  %u words, %u exact words, %u stems, %u prefixes, 8 shapes\n"
               "predicates     %u\n"
               "states         %u\n"
               "pack size      %" G_GSIZE_FORMAT " bytes\n"
               "compile time   %.3f s\n"
               "peak memory    %.1f MiB\n"
               "fingerprint    %s\n",
               st.rules, st.vetoes, st.labels, st.examples, st.words, st.exact_words, st.stems,
               st.prefixes, st.predicates, st.states, st.bytes, (double) (t1 - t0) / 1e6,
               peak_memory_mib (),
               accord_pack_fingerprint (pack));
    }
  return EXIT_OK;
}

/* ---- help ---- */

static int
cmd_help (Cli *cli, int argc, char **argv)
{
  if (argc >= 2 && (g_str_equal (argv[1], "--help") || g_str_equal (argv[1], "-h")
                    || (g_str_equal (argv[1], "help") && argc == 2)))
    {
      print_command_help (cli->out, find_command ("help"), NULL);
      return EXIT_OK;
    }
  if (argc < 2)
    {
      print_usage (cli->out);
      return EXIT_OK;
    }
  if (argc > 2)
    return usage_error (cli, "help", "help takes one command name");
  const Command *cmd = find_command (argv[1]);
  if (!cmd)
    return usage_error (cli, NULL, "unknown command '%s'", argv[1]);
  char *args[] = { (char *) cmd->name, (char *) "--help", NULL };
  return cmd->run (cli, 2, args);
}

int
accord_cli_main (int argc, char **argv, FILE *out, FILE *err)
{
  Cli cli = { out, err };
  if (argc < 2)
    {
      print_usage (err);
      return EXIT_USAGE;
    }
  const char *first = argv[1];
  if (g_str_equal (first, "--help") || g_str_equal (first, "-h"))
    {
      print_usage (out);
      return EXIT_OK;
    }
  if (g_str_equal (first, "--version"))
    {
      fprintf (out, "accord %s\n", accord_version ());
      return EXIT_OK;
    }
  const Command *cmd = find_command (first);
  if (!cmd)
    {
      if (first[0] == '-')
        return usage_error (&cli, NULL, "unknown option '%s'", first);
      g_autoptr (GPtrArray) names = g_ptr_array_new ();
      for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
        g_ptr_array_add (names, (gpointer) commands[i].name);
      const char *near = suggest_name (first, names);
      if (near)
        return usage_error (&cli, NULL, "unknown command '%s'; did you mean '%s'?", first, near);
      return usage_error (&cli, NULL, "unknown command '%s'", first);
    }
  int rc = cmd->run (&cli, argc - 1, argv + 1);
  fflush (out);
  fflush (err);
  return rc;
}
