/* test-resolve.c: the loader and the resolver (src/load.c,
 * src/resolve.c, src/suggest.c), through accord_loader_load on packs
 * written into a fresh temporary directory for each test.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "accord.h"
#include "resolve.h"
#include "ruleset.h"
#include "testutil.h"

/* ---- a temporary directory per test ---- */

typedef struct {
  char *dir;
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  fx->dir = g_dir_make_tmp ("accord-resolve-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_nonnull (fx->dir);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  if (fx->dir)
    test_remove_tree (fx->dir);
  g_free (fx->dir);
  g_unsetenv ("ACCORD_RULES_PATH");
}

/* Writes TEXT to DIR/REL (creating directories); returns the path. */
static char *
put (Fixture *fx, const char *rel, const char *text)
{
  return test_put (fx->dir, rel, text);
}

static char *
sub (Fixture *fx, const char *rel)
{
  return g_build_filename (fx->dir, rel, NULL);
}

/* ---- loading ---- */

typedef struct {
  AccordDiagnostics *diags;
  AccordLoader *loader;
  AccordRuleSet *set;
  char *text;            /* every diagnostic, one per line, notes indented */
} Loaded;

static void
loaded_free (Loaded *l)
{
  if (!l)
    return;
  accord_rule_set_free (l->set);
  accord_loader_free (l->loader);
  accord_diagnostics_free (l->diags);
  g_free (l->text);
  g_free (l);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Loaded, loaded_free)

static void
describe (GString *out, AccordDiagnostics *diags, AccordDiag *d, const char *indent)
{
  static const char *const sev[] = { "note", "warning", "error" };
  g_string_append (out, indent);
  if (d->has_span)
    {
      AccordSource *src = accord_diagnostics_source (diags, d->span.file);
      g_autofree char *base = g_path_get_basename (accord_source_name (src));
      g_string_append_printf (out, "%s:%u-%u: ", base, d->span.start, d->span.end);
    }
  g_string_append_printf (out, "%s: %s", sev[d->severity], d->message);
  if (d->id)
    g_string_append_printf (out, " [%s]", d->id);
  g_string_append_c (out, '\n');
  if (d->notes)
    for (guint i = 0; i < d->notes->len; i++)
      describe (out, diags, g_ptr_array_index (d->notes, i), "  ");
}

/* Loads PATH with the -I directories INCLUDES (NULL-terminated, may be
 * NULL); with DEFAULTS, also ACCORD_RULES_PATH and the installed dir. */
static Loaded *
load_full (const char *path, const char *const *includes, gboolean defaults)
{
  Loaded *l = g_new0 (Loaded, 1);
  l->diags = accord_diagnostics_new ();
  l->loader = accord_loader_new (l->diags);
  for (const char *const *i = includes; i && *i; i++)
    accord_loader_add_include_dir (l->loader, *i);
  if (defaults)
    accord_loader_add_default_path (l->loader);
  l->set = accord_loader_load (l->loader, path);
  GString *out = g_string_new (NULL);
  g_autoptr (GPtrArray) all = accord_diagnostics_sorted (l->diags);
  for (guint i = 0; i < all->len; i++)
    describe (out, l->diags, g_ptr_array_index (all, i), "");
  l->text = g_string_free (out, FALSE);
  return l;
}

static Loaded *
load (const char *path)
{
  return load_full (path, NULL, FALSE);
}

static guint
n_errors (Loaded *l)
{
  return accord_diagnostics_count (l->diags, ACCORD_SEVERITY_ERROR);
}

static guint
n_warnings (Loaded *l)
{
  return accord_diagnostics_count (l->diags, ACCORD_SEVERITY_WARNING);
}

/* Asserts a clean load (no diagnostic at all) and shows them if not. */
#define assert_clean(l)                                  \
  G_STMT_START {                                         \
    g_assert_cmpstr ((l)->text, ==, "");                 \
    g_assert_nonnull ((l)->set);                         \
  } G_STMT_END

/* The labels in precedence order, joined with " > ". */
static char *
labels_of (Loaded *l)
{
  if (!l->set)
    return g_strdup ("(no rule set)");
  return g_strjoinv (" > ", (char **) accord_rule_set_labels (l->set));
}

static gboolean
has (const char *haystack, const char *needle)
{
  gboolean found = strstr (haystack, needle) != NULL;
  if (!found)
    g_test_message ("'%s' not in:\n%s", needle, haystack);
  return found;
}

/* ---- counts and labels ---- */

static void
test_counts (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\n"
                               "labels pledge(actor), quote;\n"
                               "list ACTOR = Kyiv Moscow;\n"
                               "list CUE = said told;\n"
                               "list MODAL = will shall;\n"
                               "rule will -> pledge : actor:ACTOR MODAL;\n"
                               "rule said -> quote : CUE;\n"
                               "example \"Kyiv will sign.\" -> pledge;\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  if (!l->set)
    return;
  g_assert_cmpuint (accord_rule_set_n_rules (l->set), ==, 2);
  g_assert_cmpuint (accord_rule_set_n_lists (l->set), ==, 3);
  g_assert_cmpuint (accord_rule_set_n_examples (l->set), ==, 1);
  g_assert_cmpuint (accord_rule_set_n_packs (l->set), ==, 1);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "pledge > quote");
}

static void
test_labels_declaration_order (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\n"
                               "labels quote, pledge;\nlabels condition;\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "quote > pledge > condition");
}

static void
test_labels_root_precedence (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\n"
                               "labels pledge, condition, quote;\n"
                               "precedence quote > condition > pledge;\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "quote > condition > pledge");
}

static void
test_labels_imported_precedence (Fixture *fx, gconstpointer data)
{
  g_autofree char *base = put (fx, "base.rules",
                               "pack \"base\" version 1;\n"
                               "labels pledge, quote;\nprecedence quote > pledge;\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"base\";\n"
                               "rule r -> pledge : \"will\";\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "quote > pledge");
}

static void
test_labels_root_beats_import (Fixture *fx, gconstpointer data)
{
  g_autofree char *base = put (fx, "base.rules",
                               "pack \"base\" version 1;\n"
                               "labels pledge, quote;\nprecedence quote > pledge;\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"base\";\n"
                               "precedence pledge > quote;\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "pledge > quote");
}

static void
test_labels_last_import_wins (Fixture *fx, gconstpointer data)
{
  /* With no precedence in the root, the last imported pack's wins. */
  g_autofree char *a = put (fx, "a.rules",
                            "pack \"a\" version 1;\nlabels pledge, quote;\nprecedence pledge > quote;\n");
  g_autofree char *b = put (fx, "b.rules",
                            "pack \"b\" version 1;\nlabels quote, pledge;\nprecedence quote > pledge;\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"a\";\nimport \"b\";\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "quote > pledge");
}

static void
test_labels_root_adds_label (Fixture *fx, gconstpointer data)
{
  /* The root declares a label that the imported precedence does not
   * order.  Either that is an error, or the label is still in the rule
   * set's labels: it must not vanish. */
  g_autofree char *base = put (fx, "base.rules",
                               "pack \"base\" version 1;\n"
                               "labels pledge, quote;\nprecedence quote > pledge;\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"base\";\n"
                               "labels condition;\nrule r -> condition : \"if\";\n");
  g_autoptr (Loaded) l = load (root);
  if (l->set)
    {
      const char *const *labels = accord_rule_set_labels (l->set);
      g_autofree char *joined = labels_of (l);
      g_test_message ("labels: %s", joined);
      g_assert_cmpuint (g_strv_length ((char **) labels), ==, 3);
      g_assert_true (g_strv_contains (labels, "condition"));
    }
  else
    g_assert_true (has (l->text, "precedence"));
}

static void
test_labels_merged_roles (Fixture *fx, gconstpointer data)
{
  /* The same label declared again in another pack: roles are merged. */
  g_autofree char *base = put (fx, "base.rules", "pack \"base\" version 1;\nlabels pledge(actor);\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"base\";\nlabels pledge(deadline);\n"
                               "rule r -> pledge : actor:CAP \"by\" deadline:NUM;\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "pledge");
}

/* ---- lists ---- */

static List *
list_named (Loaded *l, const char *name)
{
  return l->set ? g_hash_table_lookup (l->set->lists, name) : NULL;
}

static void
test_list_extend (Fixture *fx, gconstpointer data)
{
  g_autofree char *base = put (fx, "base.rules",
                               "pack \"base\" version 1;\nlabels pledge;\n"
                               "list ACTOR = Kyiv Moscow;\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"base\";\n"
                               "list ACTOR += Brussels \"the minister\";\n"
                               "rule r -> pledge : ACTOR \"will\";\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  List *actor = list_named (l, "ACTOR");
  g_assert_nonnull (actor);
  if (!actor)
    return;
  g_assert_cmpuint (actor->entries->len, ==, 4);
  g_assert_cmpuint (accord_rule_set_n_lists (l->set), ==, 1);
}

static void
test_list_extend_missing (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\nlabels pledge;\n"
                               "list ACTOR = Kyiv;\nlist ACTORS += Moscow;\n"
                               "rule r -> pledge : ACTOR;\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "t.rules:59-65: error: cannot extend list 'ACTORS': no such list\n"
                               "  t.rules:59-65: note: did you mean 'ACTOR'?\n"));
}

static void
test_list_sibling_invisible (Fixture *fx, gconstpointer data)
{
  /* a defines ACTOR; b, its sibling under root, cannot use it. */
  g_autofree char *a = put (fx, "a.rules",
                            "pack \"a\" version 1;\nlabels pledge;\nlist ACTOR = Kyiv;\n"
                            "rule ra -> pledge : ACTOR;\n");
  g_autofree char *b = put (fx, "b.rules",
                            "pack \"b\" version 1;\nlabels pledge;\nrule rb -> pledge : ACTOR;\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"a\";\nimport \"b\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "b.rules:55-60: error: unknown list 'ACTOR'\n"));
  g_assert_cmpuint (n_errors (l), ==, 1);
}

static void
test_list_sibling_extend (Fixture *fx, gconstpointer data)
{
  g_autofree char *a = put (fx, "a.rules",
                            "pack \"a\" version 1;\nlabels pledge;\nlist ACTOR = Kyiv;\n"
                            "rule ra -> pledge : ACTOR;\n");
  g_autofree char *b = put (fx, "b.rules", "pack \"b\" version 1;\nlist ACTOR += Moscow;\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"a\";\nimport \"b\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "error: cannot extend list 'ACTOR': no such list\n"));
  g_assert_true (has (l->text, "note: a list 'ACTOR' is defined here, in a pack that this one "
                               "does not import\n"));
}

static void
test_list_indirect_visible (Fixture *fx, gconstpointer data)
{
  /* root -> mid -> base: root sees base's list. */
  g_autofree char *base = put (fx, "base.rules",
                               "pack \"base\" version 1;\nlabels pledge;\nlist ACTOR = Kyiv;\n");
  g_autofree char *mid = put (fx, "mid.rules", "pack \"mid\" version 1;\nimport \"base\";\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"mid\";\n"
                               "rule r -> pledge : ACTOR \"will\";\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
}

static void
test_list_unknown_suggestion (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\nlabels pledge;\nlist ACTOR = Kyiv;\n"
                               "rule r -> pledge : ACTR \"will\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "t.rules:73-77: error: unknown list 'ACTR'\n"
                               "  t.rules:40-45: note: did you mean 'ACTOR'?\n"));
}

static void
test_list_unused_warning (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\nlabels pledge;\nlist SPARE = x;\n"
                               "rule r -> pledge : \"will\";\n");
  g_autoptr (Loaded) l = load (root);
  /* A warning does not fail the load. */
  g_assert_nonnull (l->set);
  g_assert_cmpstr (l->text, ==, "t.rules:40-45: warning: list 'SPARE' is never used [unused-list]\n");
}

static void
test_list_unused_suppressed (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\nlabels pledge;\n"
                               "# suppress: unused-list\nlist SPARE = x;\n"
                               "list OTHER = y; # suppress: unused-list\n"
                               "rule r -> pledge : \"will\";\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  g_assert_cmpuint (n_warnings (l), ==, 0);
}

/* ---- imports ---- */

static void
test_import_diamond (Fixture *fx, gconstpointer data)
{
  g_autofree char *base = put (fx, "base.rules",
                               "pack \"base\" version 1;\nlabels pledge;\nlist ACTOR = Kyiv;\n");
  g_autofree char *left = put (fx, "left.rules",
                               "pack \"left\" version 1;\nimport \"base\";\n"
                               "rule l -> pledge : ACTOR \"will\";\n");
  g_autofree char *right = put (fx, "right.rules",
                                "pack \"right\" version 1;\nimport \"base\";\n"
                                "rule r -> pledge : ACTOR \"shall\";\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"left\";\nimport \"right\";\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  if (!l->set)
    return;
  g_assert_cmpuint (accord_rule_set_n_packs (l->set), ==, 4);
  g_assert_cmpuint (accord_rule_set_n_rules (l->set), ==, 2);
  /* base.rules was read once. */
  g_assert_cmpuint (accord_diagnostics_n_sources (l->diags), ==, 4);
}

static void
test_import_cycle (Fixture *fx, gconstpointer data)
{
  g_autofree char *a = put (fx, "a.rules", "pack \"a\" version 1;\nimport \"b\";\n");
  g_autofree char *b = put (fx, "b.rules", "pack \"b\" version 1;\nimport \"c\";\n");
  g_autofree char *c = put (fx, "c.rules", "pack \"c\" version 1;\nimport \"a\";\n");
  g_autoptr (Loaded) l = load (a);
  g_assert_null (l->set);
  g_assert_cmpuint (n_errors (l), ==, 1);
  /* The whole cycle is named. */
  g_autofree char *msg = g_strdup_printf ("c.rules:27-30: error: import cycle: '%s' imports '%s/b.rules' "
                                          "imports '%s/c.rules' imports '%s'\n",
                                          a, fx->dir, fx->dir, a);
  g_assert_true (has (l->text, msg));
}

static void
test_import_self (Fixture *fx, gconstpointer data)
{
  g_autofree char *a = put (fx, "a.rules", "pack \"a\" version 1;\nimport \"a\";\n");
  g_autoptr (Loaded) l = load (a);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "error: import cycle: "));
}

static void
test_import_include_beats_root (Fixture *fx, gconstpointer data)
{
  g_autofree char *inc = sub (fx, "inc");
  g_autofree char *x = put (fx, "inc/shared.rules", "pack \"shared\" version 1;\nlabels from_include;\n");
  g_autofree char *y = put (fx, "pack/shared.rules", "pack \"shared\" version 1;\nlabels from_root;\n");
  g_autofree char *root = put (fx, "pack/root.rules", "pack \"root\" version 1;\nimport \"shared\";\n");
  const char *includes[] = { inc, NULL };
  g_autoptr (Loaded) l = load_full (root, includes, FALSE);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "from_include");
}

static void
test_import_include_order (Fixture *fx, gconstpointer data)
{
  g_autofree char *one = sub (fx, "one");
  g_autofree char *two = sub (fx, "two");
  g_autofree char *x = put (fx, "one/shared.rules", "pack \"shared\" version 1;\nlabels first;\n");
  g_autofree char *y = put (fx, "two/shared.rules", "pack \"shared\" version 1;\nlabels second;\n");
  g_autofree char *root = put (fx, "root.rules", "pack \"root\" version 1;\nimport \"shared\";\n");
  const char *includes[] = { two, one, NULL };
  g_autoptr (Loaded) l = load_full (root, includes, FALSE);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "second");
}

static void
test_import_pack_root (Fixture *fx, gconstpointer data)
{
  /* en/treaty.rules (pack "en/treaty") imports "en/base": the root is
   * the directory above en/. */
  g_autofree char *base = put (fx, "rules/en/base.rules",
                               "pack \"en/base\" version 1;\nlabels pledge;\n");
  g_autofree char *root = put (fx, "rules/en/treaty.rules",
                               "pack \"en/treaty\" version 1;\nimport \"en/base\";\n"
                               "rule r -> pledge : \"will\";\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
}

static void
test_import_rules_path (Fixture *fx, gconstpointer data)
{
  g_autofree char *a = sub (fx, "path-a");
  g_autofree char *b = sub (fx, "path-b");
  g_autofree char *lib = put (fx, "path-b/lib/common.rules",
                              "pack \"lib/common\" version 1;\nlabels from_path;\n");
  g_assert_cmpint (g_mkdir_with_parents (a, 0755), ==, 0);
  g_autofree char *root = put (fx, "work/root.rules",
                               "pack \"root\" version 1;\nimport \"lib/common\";\n");
  g_autofree char *env = g_strdup_printf ("%s:%s", a, b);
  g_setenv ("ACCORD_RULES_PATH", env, TRUE);
  g_autoptr (Loaded) l = load_full (root, NULL, TRUE);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "from_path");
}

static void
test_import_root_beats_rules_path (Fixture *fx, gconstpointer data)
{
  g_autofree char *p = sub (fx, "path");
  g_autofree char *x = put (fx, "path/common.rules", "pack \"common\" version 1;\nlabels from_path;\n");
  g_autofree char *y = put (fx, "work/common.rules", "pack \"common\" version 1;\nlabels from_root;\n");
  g_autofree char *root = put (fx, "work/root.rules", "pack \"root\" version 1;\nimport \"common\";\n");
  g_setenv ("ACCORD_RULES_PATH", p, TRUE);
  g_autoptr (Loaded) l = load_full (root, NULL, TRUE);
  assert_clean (l);
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "from_root");
}

static void
test_import_directory (Fixture *fx, gconstpointer data)
{
  g_autofree char *a = put (fx, "neg/b.rules", "pack \"neg/b\" version 1;\nlabels second;\n");
  g_autofree char *b = put (fx, "neg/a.rules", "pack \"neg/a\" version 1;\nlabels first;\n");
  g_autofree char *c = put (fx, "neg/deeper/c.rules",
                            "pack \"neg/deeper/c\" version 1;\nlabels third;\n");
  g_autofree char *d = put (fx, "neg/notes.txt", "not a rule file\n");
  g_autofree char *root = put (fx, "root.rules", "pack \"root\" version 1;\nimport \"neg\";\n");
  g_autoptr (Loaded) l = load (root);
  assert_clean (l);
  if (!l->set)
    return;
  g_assert_cmpuint (accord_rule_set_n_packs (l->set), ==, 4);
  /* Sorted: a.rules, b.rules, deeper/c.rules. */
  g_autofree char *labels = labels_of (l);
  g_assert_cmpstr (labels, ==, "first > second > third");
}

static void
test_import_not_found (Fixture *fx, gconstpointer data)
{
  g_autofree char *near = put (fx, "treaty.rules", "pack \"treaty\" version 1;\n");
  g_autofree char *root = put (fx, "root.rules", "pack \"root\" version 1;\nimport \"traety\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_autofree char *want = g_strdup_printf ("root.rules:30-38: error: cannot find pack 'traety'\n"
                                           "  root.rules:30-38: note: looked for 'traety.rules' or a directory 'traety' in: %s\n"
                                           "  root.rules:30-38: note: did you mean 'treaty'?\n",
                                           fx->dir);
  g_assert_cmpstr (l->text, ==, want);
}

static void
test_import_absolute (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "root.rules", "pack \"root\" version 1;\nimport \"/etc/x\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "error: import names a pack relative to the rules path"));
}

static void
test_import_same_pack_twice (Fixture *fx, gconstpointer data)
{
  g_autofree char *a = put (fx, "a.rules", "pack \"dup\" version 1;\n");
  g_autofree char *b = put (fx, "b.rules", "pack \"dup\" version 1;\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"a\";\nimport \"b\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "b.rules:5-10: error: two files declare pack 'dup'\n"
                               "  a.rules:5-10: note: the other one is here\n"));
}

static void
test_load_missing_file (Fixture *fx, gconstpointer data)
{
  g_autofree char *path = sub (fx, "nope.rules");
  g_autoptr (Loaded) l = load (path);
  g_assert_null (l->set);
  g_assert_cmpuint (n_errors (l), ==, 1);
  g_assert_true (has (l->text, "cannot open"));
  g_assert_true (has (l->text, "nope.rules"));
}

static void
test_load_directory (Fixture *fx, gconstpointer data)
{
  g_autoptr (Loaded) l = load (fx->dir);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "is a directory"));
}

static void
test_load_error_returns_null (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\nlabels pledge;\n"
                               "rule r -> pledge : \"a\" _* \"b\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "error: unbounded gap: it could run over the whole sentence\n"));
}

static void
test_load_syntax_error_returns_null (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules", "pack \"t\" version 1;\nlabels pledge\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_cmpuint (n_errors (l), ==, 1);
}

static void
test_load_error_in_import (Fixture *fx, gconstpointer data)
{
  g_autofree char *base = put (fx, "base.rules", "pack \"base\" version 1;\nlabels pledge;\nlist = ;\n");
  g_autofree char *root = put (fx, "root.rules", "pack \"root\" version 1;\nimport \"base\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "base.rules:"));
}

static void
test_load_second_after_error (Fixture *fx, gconstpointer data)
{
  /* One loader, two packs (as `accord check a b` does): the errors of
   * the first do not fail the second. */
  g_autofree char *bad = put (fx, "bad.rules", "pack \"bad\" version 1;\nlabels pledge\n");
  g_autofree char *good = put (fx, "good.rules", "pack \"good\" version 1;\nlabels pledge;\n");
  g_autoptr (AccordDiagnostics) diags = accord_diagnostics_new ();
  g_autoptr (AccordLoader) loader = accord_loader_new (diags);
  g_autoptr (AccordRuleSet) first = accord_loader_load (loader, bad);
  g_autoptr (AccordRuleSet) second = accord_loader_load (loader, good);
  g_assert_null (first);
  g_assert_nonnull (second);
  g_assert_cmpuint (accord_diagnostics_count (diags, ACCORD_SEVERITY_ERROR), ==, 1);
}

static void
test_rule_duplicate_across_packs (Fixture *fx, gconstpointer data)
{
  g_autofree char *base = put (fx, "base.rules",
                               "pack \"base\" version 1;\nlabels pledge;\nrule will -> pledge : \"will\";\n");
  g_autofree char *root = put (fx, "root.rules",
                               "pack \"root\" version 1;\nimport \"base\";\n"
                               "rule will -> pledge : \"shall\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "root.rules:43-47: error: rule 'will' is already defined\n"
                               "  base.rules:43-47: note: first defined here\n"));
}

static void
test_capture_checks (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\nlabels pledge(actor);\n"
                               "rule r -> pledge : actr:CAP \"will\" unless actor:\"not\";\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "error: unknown capture 'actr' for label 'pledge'\n"));
  g_assert_true (has (l->text, "note: did you mean 'actor'?\n"));
  g_assert_true (has (l->text, "error: captures are not allowed in an 'unless' pattern"));
}

static void
test_precedence_leaves_out (Fixture *fx, gconstpointer data)
{
  g_autofree char *root = put (fx, "t.rules",
                               "pack \"t\" version 1;\nlabels pledge, quote, condition;\n"
                               "precedence quote > pledge;\n");
  g_autoptr (Loaded) l = load (root);
  g_assert_null (l->set);
  g_assert_true (has (l->text, "error: the precedence leaves out label 'condition'\n"));
}

/* ---- suggest_name ---- */

static const char *
suggest (const char *name, const char *const *cands)
{
  g_autoptr (GPtrArray) arr = g_ptr_array_new ();
  for (const char *const *c = cands; *c; c++)
    g_ptr_array_add (arr, (gpointer) *c);
  return suggest_name (name, arr);
}

static void
test_suggest_typo (void)
{
  const char *cands[] = { "CUE", "ACTOR", "MODAL", NULL };
  g_assert_cmpstr (suggest ("ACTR", cands), ==, "ACTOR");
  g_assert_cmpstr (suggest ("ACTORS", cands), ==, "ACTOR");
  g_assert_cmpstr (suggest ("MODEL", cands), ==, "MODAL");
}

static void
test_suggest_transposition (void)
{
  const char *cands[] = { "pledge", "condition", NULL };
  g_assert_cmpstr (suggest ("plegde", cands), ==, "pledge");
  g_assert_cmpstr (suggest ("cnodition", cands), ==, "condition");
}

static void
test_suggest_case (void)
{
  const char *cands[] = { "ACTOR", NULL };
  g_assert_cmpstr (suggest ("actor", cands), ==, "ACTOR");
  g_assert_cmpstr (suggest ("Actr", cands), ==, "ACTOR");
}

static void
test_suggest_far (void)
{
  const char *cands[] = { "ACTOR", "CUE", "pledge", NULL };
  g_assert_null (suggest ("DEADLINE", cands));
  g_assert_null (suggest ("x", cands));
  g_assert_null (suggest ("", cands));
}

static void
test_suggest_best (void)
{
  const char *cands[] = { "pledges", "pledge", NULL };
  g_assert_cmpstr (suggest ("pledg", cands), ==, "pledge");
}

static void
test_suggest_not_itself (void)
{
  const char *cands[] = { "ACTOR", NULL };
  g_assert_null (suggest ("ACTOR", cands));
}

static void
test_suggest_non_ascii (void)
{
  const char *cands[] = { "n\xc3\xa9gociation", NULL };
  /* One code point off, not two bytes. */
  g_assert_cmpstr (suggest ("negociation", cands), ==, "n\xc3\xa9gociation");
  g_assert_cmpstr (suggest ("N\xc3\x89GOCIATION", cands), ==, "n\xc3\xa9gociation");
}

static void
test_suggest_empty_candidates (void)
{
  const char *cands[] = { NULL };
  g_assert_null (suggest ("ACTOR", cands));
}

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();
  g_unsetenv ("ACCORD_RULES_PATH");

  ADD ("/resolve/counts", test_counts);
  ADD ("/resolve/labels/declaration-order", test_labels_declaration_order);
  ADD ("/resolve/labels/root-precedence", test_labels_root_precedence);
  ADD ("/resolve/labels/imported-precedence", test_labels_imported_precedence);
  ADD ("/resolve/labels/root-beats-import", test_labels_root_beats_import);
  ADD ("/resolve/labels/last-import-wins", test_labels_last_import_wins);
  ADD ("/resolve/labels/root-adds-label", test_labels_root_adds_label);
  ADD ("/resolve/labels/merged-roles", test_labels_merged_roles);

  ADD ("/resolve/list/extend", test_list_extend);
  ADD ("/resolve/list/extend-missing", test_list_extend_missing);
  ADD ("/resolve/list/sibling-invisible", test_list_sibling_invisible);
  ADD ("/resolve/list/sibling-extend", test_list_sibling_extend);
  ADD ("/resolve/list/indirect-visible", test_list_indirect_visible);
  ADD ("/resolve/list/unknown-suggestion", test_list_unknown_suggestion);
  ADD ("/resolve/list/unused-warning", test_list_unused_warning);
  ADD ("/resolve/list/unused-suppressed", test_list_unused_suppressed);

  ADD ("/resolve/import/diamond", test_import_diamond);
  ADD ("/resolve/import/cycle", test_import_cycle);
  ADD ("/resolve/import/self", test_import_self);
  ADD ("/resolve/import/include-beats-root", test_import_include_beats_root);
  ADD ("/resolve/import/include-order", test_import_include_order);
  ADD ("/resolve/import/pack-root", test_import_pack_root);
  ADD ("/resolve/import/rules-path", test_import_rules_path);
  ADD ("/resolve/import/root-beats-rules-path", test_import_root_beats_rules_path);
  ADD ("/resolve/import/directory", test_import_directory);
  ADD ("/resolve/import/not-found", test_import_not_found);
  ADD ("/resolve/import/absolute", test_import_absolute);
  ADD ("/resolve/import/same-pack-twice", test_import_same_pack_twice);

  ADD ("/resolve/load/missing-file", test_load_missing_file);
  ADD ("/resolve/load/directory", test_load_directory);
  ADD ("/resolve/load/error-returns-null", test_load_error_returns_null);
  ADD ("/resolve/load/syntax-error-returns-null", test_load_syntax_error_returns_null);
  ADD ("/resolve/load/error-in-import", test_load_error_in_import);
  ADD ("/resolve/load/second-after-error", test_load_second_after_error);

  ADD ("/resolve/check/duplicate-rule", test_rule_duplicate_across_packs);
  ADD ("/resolve/check/captures", test_capture_checks);
  ADD ("/resolve/check/precedence-leaves-out", test_precedence_leaves_out);

  g_test_add_func ("/resolve/suggest/typo", test_suggest_typo);
  g_test_add_func ("/resolve/suggest/transposition", test_suggest_transposition);
  g_test_add_func ("/resolve/suggest/case", test_suggest_case);
  g_test_add_func ("/resolve/suggest/far", test_suggest_far);
  g_test_add_func ("/resolve/suggest/best", test_suggest_best);
  g_test_add_func ("/resolve/suggest/not-itself", test_suggest_not_itself);
  g_test_add_func ("/resolve/suggest/non-ascii", test_suggest_non_ascii);
  g_test_add_func ("/resolve/suggest/empty-candidates", test_suggest_empty_candidates);

  return g_test_run ();
}
