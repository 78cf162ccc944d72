/* test-prebuilt.c: the prebuilt default pack (src/prebuilt.c): a pack
 * and its manifest stand for a rule directory exactly while its files
 * are the ones compiled, wherever the directory is; the manifest is
 * refused for rules that need anything outside it; and the pack the build
 * made is the one a run without -r gets.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gstdio.h>

#include "accord.h"
#include "cli.h"
#include "pack.h"
#include "prebuilt.h"
#include "resolve.h"
#include "testutil.h"

static const char BASE[] =
  "pack \"en/base\" version 1;\n"
  "labels pledge;\n"
  "list MODAL = will shall;\n";

static const char PLEDGE[] =
  "pack \"en/pledge\" version 1;\n"
  "import \"en/base\";\n"
  "rule will_act -> pledge : MODAL \"act\";\n"
  "example \"They will act.\" -> pledge;\n";

/* ---- files ---- */

/* Writes TEXT to TOP/REL, making directories. */
static void
put (const char *top, const char *rel, const char *text)
{
  g_free (test_put (top, rel, text));
}

static void
drop (const char *top, const char *rel)
{
  g_autofree char *path = g_build_filename (top, rel, NULL);
  test_remove_tree (path);
}

typedef struct {
  char *top;        /* a fresh temporary directory */
  char *dir;        /* TOP/rules/en, the rule directory */
  char *pack;       /* TOP/en.pack */
  char *manifest;   /* TOP/en.manifest */
} Fixture;

static void
fixture_setup (Fixture *fx, gconstpointer data)
{
  g_autoptr (GError) error = NULL;
  fx->top = g_dir_make_tmp ("accord-prebuilt-XXXXXX", &error);
  g_assert_no_error (error);
  fx->dir = g_build_filename (fx->top, "rules", "en", NULL);
  fx->pack = g_build_filename (fx->top, "en.pack", NULL);
  fx->manifest = g_build_filename (fx->top, "en.manifest", NULL);
  put (fx->top, "rules/en/base.rules", BASE);
  put (fx->top, "rules/en/pledge.rules", PLEDGE);
}

static void
fixture_teardown (Fixture *fx, gconstpointer data)
{
  test_remove_tree (fx->top);
  g_free (fx->top);
  g_free (fx->dir);
  g_free (fx->pack);
  g_free (fx->manifest);
  g_unsetenv ("ACCORD_RULES_PATH");
}

/* What `accord compile --manifest MANIFEST -o PACK DIR [-I INCLUDE]`
 * does.  Returns the compiled pack (NULL when the rules have an error);
 * *WROTE says whether the manifest and the pack were written, *ERROR
 * why not. */
static AccordPack *
build (const char *dir, const char *include, const char *pack_path, const char *manifest, gboolean *wrote,
       GError **error)
{
  g_autoptr (AccordDiagnostics) diags = accord_diagnostics_new ();
  g_autoptr (AccordLoader) loader = accord_loader_new (diags);
  if (include)
    accord_loader_add_include_dir (loader, include);
  accord_loader_add_default_path (loader);
  g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (g_free);
  collect_rules (dir, files);
  g_ptr_array_add (files, NULL);
  g_autoptr (AccordRuleSet) set = accord_loader_load_many (loader, (const char *const *) files->pdata);
  AccordPack *pack = set ? accord_pack_compile (set, diags, 0) : NULL;
  *wrote = pack && prebuilt_write_manifest (loader, set, diags, pack, dir, manifest, error)
           && accord_pack_save (pack, pack_path, error);
  return pack;
}

/* Builds FX's pack and manifest, which must succeed. */
static AccordPack *
build_ok (Fixture *fx)
{
  g_autoptr (GError) error = NULL;
  gboolean wrote = FALSE;
  AccordPack *pack = build (fx->dir, NULL, fx->pack, fx->manifest, &wrote, &error);
  g_assert_no_error (error);
  g_assert_true (wrote);
  return pack;
}

static gboolean
same_bytes (const AccordPack *a, const AccordPack *b)
{
  g_autoptr (GBytes) x = accord_pack_bytes (a);
  g_autoptr (GBytes) y = accord_pack_bytes (b);
  return g_bytes_equal (x, y);
}

/* Whether the pack stands for DIR now. */
static gboolean
stands (Fixture *fx, const char *dir)
{
  g_autoptr (AccordPack) p = prebuilt_open (fx->pack, fx->manifest, dir);
  return p != NULL;
}

/* ---- tests ---- */

static void
test_stands_in (Fixture *fx, gconstpointer data)
{
  g_autoptr (AccordPack) built = build_ok (fx);
  g_autoptr (AccordPack) p = prebuilt_open (fx->pack, fx->manifest, fx->dir);
  g_assert_nonnull (p);
  g_assert_true (same_bytes (p, built));
  g_assert_cmpstr (accord_pack_fingerprint (p), ==, accord_pack_fingerprint (built));
  /* Files named as a compile of the directory names them. */
  g_assert_cmpuint (p->n_files, ==, 2);
  g_autofree char *base = g_build_filename (fx->dir, "base.rules", NULL);
  g_autofree char *pledge = g_build_filename (fx->dir, "pledge.rules", NULL);
  g_assert_cmpstr (pack_file_name (p, 0), ==, base);
  g_assert_cmpstr (pack_file_name (p, 1), ==, pledge);
  g_assert_cmpstr (pack_file_name (p, 0), ==, pack_file_name (built, 0));
  g_assert_cmpstr (pack_file_name (p, 2), ==, "?");
  /* The same directory written with a final slash. */
  g_autofree char *slash = g_strconcat (fx->dir, "/", NULL);
  g_autoptr (AccordPack) q = prebuilt_open (fx->pack, fx->manifest, slash);
  g_assert_nonnull (q);
  g_assert_cmpstr (pack_file_name (q, 1), ==, pledge);
}

static void
test_moved (Fixture *fx, gconstpointer data)
{
  g_autoptr (AccordPack) built = build_ok (fx);
  /* The same files elsewhere, as installed: the pack stands for them,
   * with its files named where they are now. */
  put (fx->top, "share/accord/rules/en/base.rules", BASE);
  put (fx->top, "share/accord/rules/en/pledge.rules", PLEDGE);
  g_autofree char *installed = g_build_filename (fx->top, "share", "accord", "rules", "en", NULL);
  g_autoptr (AccordPack) p = prebuilt_open (fx->pack, fx->manifest, installed);
  g_assert_nonnull (p);
  g_autofree char *pledge = g_build_filename (installed, "pledge.rules", NULL);
  g_assert_cmpstr (pack_file_name (p, 1), ==, pledge);
  /* Under another directory name, "import en/base" would mean another
   * file: refused. */
  put (fx->top, "other/fr/base.rules", BASE);
  put (fx->top, "other/fr/pledge.rules", PLEDGE);
  g_autofree char *fr = g_build_filename (fx->top, "other", "fr", NULL);
  g_assert_false (stands (fx, fr));
}

static void
test_changed (Fixture *fx, gconstpointer data)
{
  g_autoptr (AccordPack) built = build_ok (fx);
  g_assert_true (stands (fx, fx->dir));

  /* One byte of one file. */
  g_autofree char *edited = g_strdup (PLEDGE);
  *strstr (edited, "act\"") = 'A';
  put (fx->dir, "pledge.rules", edited);
  g_assert_false (stands (fx, fx->dir));
  put (fx->dir, "pledge.rules", PLEDGE);
  g_assert_true (stands (fx, fx->dir));

  /* A file added, beside the others or below them. */
  put (fx->dir, "extra.rules", BASE);
  g_assert_false (stands (fx, fx->dir));
  drop (fx->dir, "extra.rules");
  put (fx->dir, "more/deep.rules", BASE);
  g_assert_false (stands (fx, fx->dir));
  drop (fx->dir, "more");
  g_assert_true (stands (fx, fx->dir));

  /* A file that is not rules changes nothing. */
  put (fx->dir, "README", "notes\n");
  g_assert_true (stands (fx, fx->dir));

  /* A file removed, renamed. */
  drop (fx->dir, "base.rules");
  g_assert_false (stands (fx, fx->dir));
  put (fx->dir, "base2.rules", BASE);
  g_assert_false (stands (fx, fx->dir));
  drop (fx->dir, "base2.rules");
  put (fx->dir, "base.rules", BASE);
  g_assert_true (stands (fx, fx->dir));

  /* The pack or the manifest missing or damaged. */
  g_autofree char *text = NULL;
  g_assert_true (g_file_get_contents (fx->manifest, &text, NULL, NULL));
  g_unlink (fx->pack);
  g_assert_false (stands (fx, fx->dir));
  g_assert_true (accord_pack_save (built, fx->pack, NULL));
  g_assert_true (stands (fx, fx->dir));
  g_autofree char *before = g_strdup (text);
  g_unlink (fx->manifest);
  g_assert_false (stands (fx, fx->dir));
  put (fx->top, "en.manifest", before);
  g_assert_true (stands (fx, fx->dir));
}

/* Each of these manifests, beside the right pack and files, is refused. */
static void
test_manifest (Fixture *fx, gconstpointer data)
{
  g_autoptr (AccordPack) built = build_ok (fx);
  g_autofree char *good = NULL;
  g_assert_true (g_file_get_contents (fx->manifest, &good, NULL, NULL));
  const char *from[] = {
    "accord prebuilt pack 1\n",   /* another format */
    "accord " PACKAGE_VERSION "\n",
    "directory en\n",
    "file ",
    " pledge.rules\n",
  };
  const char *to[] = {
    "accord prebuilt pack 2\n",
    "accord 0.0.0-other\n",
    "directory fr\n",
    "file 0",
    " pledge2.rules\n",
  };
  for (guint i = 0; i < G_N_ELEMENTS (from); i++)
    {
      char *at = strstr (good, from[i]);
      g_assert_nonnull (at);
      g_autofree char *bad = g_strdup_printf ("%.*s%s%s", (int) (at - good), good, to[i], at + strlen (from[i]));
      put (fx->top, "en.manifest", bad);
      g_assert_false (stands (fx, fx->dir));
    }
  /* A checksum that is not the file's. */
  g_autofree char *flipped = g_strdup (good);
  char *sum = strstr (flipped, "file ") + 5;
  *sum = *sum == '0' ? '1' : '0';
  put (fx->top, "en.manifest", flipped);
  g_assert_false (stands (fx, fx->dir));
  /* Cut short, with a line too many, a file twice. */
  g_autofree char *cut = g_strndup (good, strlen (good) - 1);
  put (fx->top, "en.manifest", cut);
  g_assert_false (stands (fx, fx->dir));
  g_autofree char *more = g_strconcat (good, "more\n", NULL);
  put (fx->top, "en.manifest", more);
  g_assert_false (stands (fx, fx->dir));
  const char *last = strstr (good, "file ");
  last = strstr (last + 1, "file ");
  g_autofree char *twice = g_strconcat (good, last, NULL);
  put (fx->top, "en.manifest", twice);
  g_assert_false (stands (fx, fx->dir));
  /* The pack of other rules beside this manifest. */
  put (fx->top, "en.manifest", good);
  g_assert_true (stands (fx, fx->dir));
  g_autofree char *other = g_strdup (PLEDGE);
  *strstr (other, "act\"") = 'A';
  put (fx->dir, "pledge.rules", other);
  g_autoptr (GError) error = NULL;
  gboolean wrote = FALSE;
  g_autofree char *scratch = g_build_filename (fx->top, "scratch.manifest", NULL);
  g_autoptr (AccordPack) another = build (fx->dir, NULL, fx->pack, scratch, &wrote, &error);
  g_assert_true (wrote);
  put (fx->dir, "pledge.rules", PLEDGE);
  g_assert_false (stands (fx, fx->dir));
}

/* Rules that need something outside their directory get no manifest. */
static void
test_refused (Fixture *fx, gconstpointer data)
{
  static const char SHARED[] = "pack \"shared/base\" version 1;\nlabels pledge;\nlist MODAL = will shall;\n";
  static const char LIB[] = "pack \"en/lib/base\" version 1;\nlabels pledge;\nlist MODAL = will shall;\n";
  static const char USES_SHARED[] =
    "pack \"en/pledge\" version 1;\nimport \"shared/base\";\nrule will_act -> pledge : MODAL \"act\";\n"
    "example \"They will act.\" -> pledge;\n";
  static const char USES_LIB[] =
    "pack \"en/pledge\" version 1;\nimport \"en/lib\";\nrule will_act -> pledge : MODAL \"act\";\n"
    "example \"They will act.\" -> pledge;\n";
  struct {
    const char *what;
    const char *files[6];      /* REL, TEXT, ...: the files under TOP besides en/base and en/pledge */
    gboolean alone;            /* without en/base and en/pledge */
    const char *include;       /* -I, under TOP */
    const char *rules_path;    /* ACCORD_RULES_PATH, under TOP */
  } cases[] = {
    { "a warning", { "rules/en/extra.rules", "pack \"en/extra\" version 1;\nimport \"en/base\";\nrule never -> pledge : \"we\" !_ \"agree\";\n" }, FALSE, NULL, NULL },
    { "a pack name that does not place its file", { "rules/en/stray.rules", "pack \"stray\" version 1;\n" }, FALSE, NULL, NULL },
    { "an import found in a -I directory",
      { "rules/en/pledge.rules", USES_SHARED, "inc/shared/base.rules", SHARED }, TRUE, "inc", NULL },
    { "an import found on ACCORD_RULES_PATH",
      { "rules/en/pledge.rules", USES_SHARED, "inc/shared/base.rules", SHARED }, TRUE, NULL, "inc" },
    { "a directory import", { "rules/en/pledge.rules", USES_LIB, "rules/en/lib/base.rules", LIB }, TRUE, NULL, NULL },
  };
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].what);
      drop (fx->top, "rules");
      drop (fx->top, "inc");
      if (!cases[i].alone)
        {
          put (fx->top, "rules/en/base.rules", BASE);
          put (fx->top, "rules/en/pledge.rules", PLEDGE);
        }
      for (guint f = 0; cases[i].files[f]; f += 2)
        put (fx->top, cases[i].files[f], cases[i].files[f + 1]);
      g_autofree char *include = cases[i].include ? g_build_filename (fx->top, cases[i].include, NULL) : NULL;
      g_autofree char *path = cases[i].rules_path ? g_build_filename (fx->top, cases[i].rules_path, NULL) : NULL;
      if (path)
        g_setenv ("ACCORD_RULES_PATH", path, TRUE);
      else
        g_unsetenv ("ACCORD_RULES_PATH");
      g_autoptr (GError) error = NULL;
      gboolean wrote = TRUE;
      g_unlink (fx->manifest);
      g_unlink (fx->pack);
      g_autoptr (AccordPack) pack = build (fx->dir, include, fx->pack, fx->manifest, &wrote, &error);
      g_assert_nonnull (pack);     /* the rules compile */
      g_assert_false (wrote);
      g_assert_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED);
      g_assert_true (g_str_has_prefix (error->message, "cannot write a manifest for"));
      g_assert_false (g_file_test (fx->manifest, G_FILE_TEST_EXISTS));
      g_assert_false (g_file_test (fx->pack, G_FILE_TEST_EXISTS));
    }
}

/* The pack `make` built is the one a run without -r gets, byte for byte
 * what compiling the source rules gives. */
static void
test_shipped (void)
{
#ifdef ACCORD_PREBUILT
  g_autofree char *dir = g_build_filename (ACCORD_SOURCE_RULES_DIR, "en", NULL);
  g_autoptr (AccordPack) p = prebuilt_open (ACCORD_BUILD_DIR "/rules/en.pack", ACCORD_BUILD_DIR "/rules/en.manifest", dir);
  g_assert_nonnull (p);
  FILE *null = fopen ("/dev/null", "w");
  g_assert_nonnull (null);
  Cli cli = { null, null };
  g_autoptr (AccordPack) dflt = open_rules (&cli, NULL, NULL, 0);
  g_assert_nonnull (dflt);
  g_assert_nonnull (dflt->file_names);     /* the prebuilt pack */
  char *source[] = { dir, NULL };
  g_autoptr (AccordPack) compiled = open_rules (&cli, source, NULL, 0);
  g_assert_nonnull (compiled);
  g_assert_null (compiled->file_names);
  g_assert_true (same_bytes (dflt, compiled));
  for (guint32 i = 0; i < compiled->n_files; i++)
    g_assert_cmpstr (pack_file_name (dflt, i), ==, pack_file_name (compiled, i));
  /* -I, or another budget, compiles. */
  char *inc[] = { dir, NULL };
  g_autoptr (AccordPack) with_include = open_rules (&cli, NULL, inc, 0);
  g_assert_nonnull (with_include);
  g_assert_null (with_include->file_names);
  fclose (null);
#else
  g_test_skip ("a cross build has no prebuilt pack");
#endif
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/prebuilt/stands-in", Fixture, NULL, fixture_setup, test_stands_in, fixture_teardown);
  g_test_add ("/prebuilt/moved", Fixture, NULL, fixture_setup, test_moved, fixture_teardown);
  g_test_add ("/prebuilt/changed", Fixture, NULL, fixture_setup, test_changed, fixture_teardown);
  g_test_add ("/prebuilt/manifest", Fixture, NULL, fixture_setup, test_manifest, fixture_teardown);
  g_test_add ("/prebuilt/refused", Fixture, NULL, fixture_setup, test_refused, fixture_teardown);
  g_test_add_func ("/prebuilt/shipped", test_shipped);
  return g_test_run ();
}
