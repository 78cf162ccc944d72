/* load.c: finds, reads and parses a rule file and everything it imports.
 *
 * An import names a pack, "en/treaty", and is looked up as NAME.rules (or
 * as a directory NAME whose .rules files are all imported, sorted) in:
 *
 *   1. the -I directories, in the order given;
 *   2. the root of the importing pack: the directory that the importer's
 *      own pack name is relative to (rules/negotiations/ukraine.rules,
 *      pack "negotiations/ukraine", has root rules/), or the importer's
 *      directory when its name does not match its path;
 *   3. each directory of ACCORD_RULES_PATH (colon-separated);
 *   4. the installed rules directory.
 *
 * Files are identified by their real path, so a pack imported along two
 * paths (a diamond) is read once.  A depth-first walk with a stack finds
 * import cycles and reports the whole cycle.  The walk's post-order gives
 * every file after its imports, which is the order the resolver wants.
 *
 * A loader keeps every source it has read: checking several packs that
 * share an import reads it once, and the diagnostics sink drops the
 * repeats.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "diag.h"
#include "parse.h"
#include "resolve.h"
#include "source.h"
#include "util.h"

/* Rule files larger than this are refused before they are read. */
#define MAX_RULE_FILE (64u * 1024 * 1024)

struct AccordLoader {
  AccordDiagnostics *diags;
  GPtrArray *include_dirs;   /* char* */
  GPtrArray *default_dirs;   /* char* */
  GHashTable *sources;       /* real path -> file number + 1 */
  GHashTable *cycles;        /* import cycles reported, as sorted paths */
  /* For accord_loader_self_contained. */
  GHashTable *roots;         /* real path of every file's root */
  guint imports_elsewhere;   /* imports not found as NAME.rules in the importer's root */
};

typedef struct UnitFile UnitFile;
struct UnitFile {
  char *real;
  char *display;
  char *root;
  AstFile *ast;
  GPtrArray *deps;           /* UnitFile*, not owned */
  int state;                 /* 0 new, 1 on the walk's stack, 2 done */
};

typedef struct {
  AccordLoader *loader;
  GHashTable *by_real;       /* real path -> UnitFile*, owning */
  GPtrArray *order;          /* UnitFile*, imports before importers */
  GPtrArray *stack;          /* UnitFile*, the walk's path */
  const char *text_name;     /* loader_load_text: the text's name, */
  const char *text;          /* and the text */
  gsize text_len;
} Unit;

static void
unit_file_free (gpointer p)
{
  UnitFile *f = p;
  g_free (f->real);
  g_free (f->display);
  g_free (f->root);
  ast_file_free (f->ast);
  g_ptr_array_unref (f->deps);
  g_free (f);
}

AccordLoader *
accord_loader_new (AccordDiagnostics *diags)
{
  AccordLoader *l = g_new0 (AccordLoader, 1);
  l->diags = diags;
  l->include_dirs = g_ptr_array_new_with_free_func (g_free);
  l->default_dirs = g_ptr_array_new_with_free_func (g_free);
  l->sources = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l->cycles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  l->roots = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return l;
}

void
accord_loader_free (AccordLoader *loader)
{
  if (!loader)
    return;
  g_ptr_array_unref (loader->include_dirs);
  g_ptr_array_unref (loader->default_dirs);
  g_hash_table_unref (loader->sources);
  g_hash_table_unref (loader->cycles);
  g_hash_table_unref (loader->roots);
  g_free (loader);
}

void
accord_loader_add_include_dir (AccordLoader *loader, const char *dir)
{
  g_ptr_array_add (loader->include_dirs, g_strdup (dir));
}

void
accord_loader_add_default_path (AccordLoader *loader)
{
  const char *env = g_getenv ("ACCORD_RULES_PATH");
  if (env)
    {
      g_auto (GStrv) dirs = g_strsplit (env, G_SEARCHPATH_SEPARATOR_S, -1);
      for (char **d = dirs; *d; d++)
        if (**d)
          g_ptr_array_add (loader->default_dirs, g_strdup (*d));
    }
  g_ptr_array_add (loader->default_dirs, g_strdup (ACCORD_RULES_DIR));
}

/* TRUE when everything loaded so far can be found again from ROOT
 * alone: every file's pack name places it under ROOT (its root is ROOT),
 * and every import was found as NAME.rules in that root, not in a -I
 * directory, ACCORD_RULES_PATH or the installed rules, nor as a
 * directory.  Then a copy of ROOT's files, unchanged, anywhere, loads to
 * the same rule set without -I: what a prebuilt pack relies on
 * (prebuilt.c). */
gboolean
accord_loader_self_contained (AccordLoader *loader, const char *root)
{
  if (loader->imports_elsewhere || g_hash_table_size (loader->roots) != 1)
    return FALSE;
  char *real = realpath (root, NULL);
  gboolean same = real && g_hash_table_contains (loader->roots, real);
  free (real);
  return same;
}

/* Reads PATH whole; on failure returns FALSE with errno set (EFBIG: over
 * the size of a rule file). */
static gboolean
read_file (const char *path, char **data, gsize *len)
{
  FILE *fp = fopen (path, "rb");
  if (!fp)
    return FALSE;
  int err = 0;
  gboolean ok = read_all (fp, MAX_RULE_FILE, data, len, &err);
  fclose (fp);
  errno = err;
  return ok;
}

/* "cannot VERB 'PATH': DETAIL", at the import that named PATH if any. */
static void
report (Unit *u, const AccordSpan *from, const char *path, const char *verb, const char *detail)
{
  if (from)
    accord_diag_add (u->loader->diags, ACCORD_SEVERITY_ERROR, from, NULL, "cannot %s '%s': %s", verb,
                     path, detail);
  else
    accord_diag_add_file (u->loader->diags, ACCORD_SEVERITY_ERROR, NULL, "cannot %s '%s': %s", verb,
                          path, detail);
}

/* PATH with "." and "dir/.." taken out, lexically (the display name of a
 * file; the real path is what identifies it). */
static char *
path_normalize (const char *path)
{
  gboolean abs = path[0] == '/';
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr (GPtrArray) out = g_ptr_array_new ();
  for (char **p = parts; *p; p++)
    {
      if (!**p || g_str_equal (*p, "."))
        continue;
      if (g_str_equal (*p, "..") && out->len
          && !g_str_equal (g_ptr_array_index (out, out->len - 1), ".."))
        {
          g_ptr_array_remove_index (out, out->len - 1);
          continue;
        }
      if (g_str_equal (*p, "..") && abs && !out->len)
        continue;
      g_ptr_array_add (out, *p);
    }
  g_ptr_array_add (out, NULL);
  g_autofree char *joined = g_strjoinv ("/", (char **) out->pdata);
  if (abs)
    return g_strconcat ("/", joined, NULL);
  return *joined ? g_steal_pointer (&joined) : g_strdup (".");
}

/* The directory that PACK (a name like "negotiations/ukraine") is
 * relative to, when the file REAL is ROOT/PACK.rules: DISPLAY's directory
 * and one ".." per directory in PACK, so that imports are named the way
 * the user named the file.  Otherwise DISPLAY's directory. */
static char *
pack_root (const char *display, const char *real, const char *pack)
{
  g_autofree char *dir = g_path_get_dirname (display);
  if (!pack || !*pack)
    return g_steal_pointer (&dir);
  g_autofree char *want = g_strconcat ("/", pack, ".rules", NULL);
  if (!g_str_has_suffix (real, want))
    return g_steal_pointer (&dir);
  GString *root = g_string_new (dir);
  for (const char *p = pack; *p; p++)
    if (*p == '/')
      g_string_append (root, "/..");
  g_autofree char *r = g_string_free (root, FALSE);
  return path_normalize (r);
}

static UnitFile *
unit_file_new (Unit *u, const char *real, guint32 file)
{
  UnitFile *f = g_new0 (UnitFile, 1);
  f->real = g_strdup (real);
  f->display = g_strdup (accord_source_name (accord_diagnostics_source (u->loader->diags, file)));
  f->ast = parse_file (u->loader->diags, file);
  f->deps = g_ptr_array_new ();
  f->root = pack_root (f->display, f->real, f->ast->has_header ? f->ast->pack.text : NULL);
  char *root_real = realpath (f->root, NULL);
  g_hash_table_add (u->loader->roots, root_real ? g_strdup (root_real) : g_strdup (f->root));
  free (root_real);
  g_hash_table_insert (u->by_real, f->real, f);
  return f;
}

/* "-": a rule file on standard input, read once per loader.  Its imports
 * are looked up from the current directory.  (Also rule text handed over
 * in memory, by loader_load_text.) */
static UnitFile *
unit_open_stdin (Unit *u)
{
  const char *key = u->text_name ? u->text_name : "<stdin>";
  UnitFile *f = g_hash_table_lookup (u->by_real, key);
  if (f)
    return f;
  gpointer num = g_hash_table_lookup (u->loader->sources, key);
  guint32 file;
  if (num)
    file = GPOINTER_TO_UINT (num) - 1;
  else if (u->text_name)
    {
      file = accord_diagnostics_add_source (u->loader->diags,
                                            accord_source_new (key, u->text, u->text_len));
      g_hash_table_insert (u->loader->sources, g_strdup (key), GUINT_TO_POINTER (file + 1));
    }
  else
    {
      char *data = NULL;
      gsize len = 0;
      int err = 0;
      if (!read_all (stdin, MAX_RULE_FILE, &data, &len, &err))
        {
          report (u, NULL, "-", "read", err == EFBIG ? "larger than 64 MiB: not a rule file" : g_strerror (err));
          return NULL;
        }
      file = accord_diagnostics_add_source (u->loader->diags, accord_source_new (key, data, len));
      g_free (data);
      g_hash_table_insert (u->loader->sources, g_strdup (key), GUINT_TO_POINTER (file + 1));
    }
  f = unit_file_new (u, key, file);
  g_free (f->root);
  f->root = g_strdup (".");
  return f;
}

static UnitFile *
unit_open (Unit *u, const char *path, const AccordSpan *from)
{
  AccordLoader *l = u->loader;
  char real[PATH_MAX];
  if (!from && g_str_equal (path, "-"))
    return unit_open_stdin (u);
  if (!realpath (path, real))
    {
      report (u, from, path, "open", g_strerror (errno));
      return NULL;
    }
  UnitFile *f = g_hash_table_lookup (u->by_real, real);
  if (f)
    return f;

  struct stat st;
  if (stat (real, &st) != 0)
    {
      report (u, from, path, "open", g_strerror (errno));
      return NULL;
    }
  if (S_ISDIR (st.st_mode))
    {
      report (u, from, path, "read", "is a directory");
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      report (u, from, path, "read", "not a regular file");
      return NULL;
    }
  if ((guint64) st.st_size > MAX_RULE_FILE)
    {
      report (u, from, path, "read", "larger than 64 MiB: not a rule file");
      return NULL;
    }

  gpointer num = g_hash_table_lookup (l->sources, real);
  guint32 file;
  if (num)
    file = GPOINTER_TO_UINT (num) - 1;
  else
    {
      char *data = NULL;
      gsize len = 0;
      if (!read_file (real, &data, &len))
        {
          report (u, from, path, "read",
                  errno == EFBIG ? "larger than 64 MiB: not a rule file" : g_strerror (errno));
          return NULL;
        }
      file = accord_diagnostics_add_source (l->diags, accord_source_new (path, data, len));
      g_free (data);
      g_hash_table_insert (l->sources, g_strdup (real), GUINT_TO_POINTER (file + 1));
    }

  return unit_file_new (u, real, file);
}

static gint
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Appends every .rules file under DIR, recursively and sorted, to OUT. */
void
collect_rules (const char *dir, GPtrArray *out)
{
  g_autoptr (GPatternSpec) rules = g_pattern_spec_new ("*.rules");
  list_files (dir, rules, out);
}

/* The directories an import from F is looked up in, in order. */
static GPtrArray *
search_dirs (Unit *u, UnitFile *f)
{
  GPtrArray *dirs = g_ptr_array_new ();
  for (guint i = 0; i < u->loader->include_dirs->len; i++)
    g_ptr_array_add (dirs, g_ptr_array_index (u->loader->include_dirs, i));
  g_ptr_array_add (dirs, f->root);
  for (guint i = 0; i < u->loader->default_dirs->len; i++)
    g_ptr_array_add (dirs, g_ptr_array_index (u->loader->default_dirs, i));
  return dirs;
}

/* A near-miss among the packs that exist beside where NAME was sought. */
static char *
suggest_pack (GPtrArray *dirs, const char *name)
{
  g_autofree char *sub = g_path_get_dirname (name);
  g_autoptr (GPtrArray) cands = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *dir = g_build_filename (g_ptr_array_index (dirs, i), sub, NULL);
      GDir *d = g_dir_open (dir, 0, NULL);
      if (!d)
        continue;
      const char *e;
      while ((e = g_dir_read_name (d)))
        {
          g_autofree char *base = g_str_has_suffix (e, ".rules")
                                    ? g_strndup (e, strlen (e) - strlen (".rules"))
                                    : g_strdup (e);
          g_ptr_array_add (cands, strcmp (sub, ".") == 0 ? g_strdup (base)
                                                          : g_strconcat (sub, "/", base, NULL));
        }
      g_dir_close (d);
    }
  const char *best = suggest_name (name, cands);
  return best ? g_strdup (best) : NULL;
}

/* The files that `import NAME` from F means, or NULL after an error. */
static GPtrArray *
find_import (Unit *u, UnitFile *f, const AstImport *imp)
{
  AccordDiagnostics *diags = u->loader->diags;
  g_autofree char *name = g_str_has_suffix (imp->name, ".rules")
                            ? g_strndup (imp->name, strlen (imp->name) - strlen (".rules"))
                            : g_strdup (imp->name);
  if (!*name || g_path_is_absolute (name))
    {
      diag_error (diags, &imp->span,
                  "import names a pack relative to the rules path, like \"en/treaty\"");
      return NULL;
    }
  g_autoptr (GPtrArray) dirs = search_dirs (u, f);
  g_autofree char *empty_dir = NULL;
  for (guint i = 0; i < dirs->len; i++)
    {
      const char *dir = g_ptr_array_index (dirs, i);
      g_autofree char *file = g_strconcat (name, ".rules", NULL);
      /* Imports from the current directory are named without "./". */
      g_autofree char *joined = g_build_filename (dir, file, NULL);
      char *path = path_normalize (joined);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        {
          if (i != u->loader->include_dirs->len)
            u->loader->imports_elsewhere++;
          GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (out, path);
          return out;
        }
      g_free (path);
      g_autofree char *sub_joined = g_build_filename (dir, name, NULL);
      g_autofree char *sub = path_normalize (sub_joined);
      if (g_file_test (sub, G_FILE_TEST_IS_DIR))
        {
          GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
          collect_rules (sub, out);
          if (out->len)
            {
              u->loader->imports_elsewhere++;
              return out;
            }
          g_ptr_array_unref (out);
          if (!empty_dir)
            empty_dir = g_strdup (sub);
        }
    }
  AccordDiag *d = diag_error (diags, &imp->span, "cannot find pack '%s'", name);
  GString *where = g_string_new (NULL);
  for (guint i = 0; i < dirs->len; i++)
    g_string_append_printf (where, "%s%s", i ? ", " : "", (char *) g_ptr_array_index (dirs, i));
  accord_diag_note (diags, d, &imp->span, "looked for '%s.rules' or a directory '%s' in: %s", name,
                    name, where->str);
  if (empty_dir)
    accord_diag_note (diags, d, &imp->span, "'%s' is a directory with no .rules file", empty_dir);
  g_string_free (where, TRUE);
  g_autofree char *near = suggest_pack (dirs, name);
  if (near)
    accord_diag_note (diags, d, &imp->span, "did you mean '%s'?", near);
  return NULL;
}

static void
unit_visit (Unit *u, UnitFile *f)
{
  f->state = 1;
  g_ptr_array_add (u->stack, f);
  for (guint i = 0; i < f->ast->imports->len; i++)
    {
      const AstImport *imp = g_ptr_array_index (f->ast->imports, i);
      g_autoptr (GPtrArray) paths = find_import (u, f, imp);
      if (!paths)
        continue;
      for (guint j = 0; j < paths->len; j++)
        {
          UnitFile *g = unit_open (u, g_ptr_array_index (paths, j), &imp->span);
          if (!g || (g == f && paths->len > 1))
            continue;   /* a directory import that holds the importer */
          if (g->state == 1)
            {
              GString *cycle = g_string_new (NULL);
              gboolean on = FALSE;
              for (guint k = 0; k < u->stack->len; k++)
                {
                  UnitFile *s = g_ptr_array_index (u->stack, k);
                  on = on || s == g;
                  if (on)
                    g_string_append_printf (cycle, "'%s' imports ", s->display);
                }
              g_string_append_printf (cycle, "'%s'", g->display);
              /* The same cycle seen from another of its files is not news. */
              g_autoptr (GPtrArray) members = g_ptr_array_new ();
              gboolean in = FALSE;
              for (guint k = 0; k < u->stack->len; k++)
                {
                  UnitFile *s = g_ptr_array_index (u->stack, k);
                  in = in || s == g;
                  if (in)
                    g_ptr_array_add (members, s->real);
                }
              g_ptr_array_sort (members, cmp_str);
              g_ptr_array_add (members, NULL);
              char *key = g_strjoinv ("\n", (char **) members->pdata);
              if (g_hash_table_add (u->loader->cycles, key))
                diag_error (u->loader->diags, &imp->span, "import cycle: %s", cycle->str);
              g_string_free (cycle, TRUE);
              continue;
            }
          if (g->state == 0)
            unit_visit (u, g);
          if (!g_ptr_array_find (f->deps, g, NULL))
            g_ptr_array_add (f->deps, g);
        }
    }
  g_ptr_array_remove_index (u->stack, u->stack->len - 1);
  f->state = 2;
  g_ptr_array_add (u->order, f);
}

static void
closure_add (GHashTable *set, UnitFile *f)
{
  if (!g_hash_table_add (set, f->ast))
    return;
  for (guint i = 0; i < f->deps->len; i++)
    closure_add (set, g_ptr_array_index (f->deps, i));
}

static void
resolve_file_free (gpointer p)
{
  ResolveFile *rf = p;
  g_hash_table_unref (rf->visible);
  g_free (rf);
}

AccordRuleSet *
accord_loader_load (AccordLoader *loader, const char *path)
{
  const char *paths[] = { path, NULL };
  return accord_loader_load_many (loader, paths);
}

static AccordRuleSet *load_unit (AccordLoader *loader, const char *const *paths, const char *name,
                                 const char *text, gsize len);

AccordRuleSet *
loader_load_text (AccordLoader *loader, const char *name, const char *text, gsize len)
{
  const char *paths[] = { "-", NULL };
  return load_unit (loader, paths, name, text, len);
}

AccordRuleSet *
accord_loader_load_many (AccordLoader *loader, const char *const *paths)
{
  return load_unit (loader, paths, NULL, NULL, 0);
}

static AccordRuleSet *
load_unit (AccordLoader *loader, const char *const *paths, const char *name, const char *text,
           gsize len)
{
  guint errors_before = accord_diagnostics_count (loader->diags, ACCORD_SEVERITY_ERROR);
  Unit u = { 0 };
  u.loader = loader;
  u.text_name = name;
  u.text = text;
  u.text_len = len;
  u.by_real = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, unit_file_free);
  u.order = g_ptr_array_new ();
  u.stack = g_ptr_array_new ();

  AccordRuleSet *set = NULL;
  gboolean ok = paths[0] != NULL;
  for (const char *const *p = paths; *p; p++)
    {
      UnitFile *root = unit_open (&u, *p, NULL);
      if (!root)
        ok = FALSE;
      else if (root->state == 0)
        unit_visit (&u, root);
    }
  if (ok)
    {
      g_autoptr (GPtrArray) files = g_ptr_array_new_with_free_func (resolve_file_free);
      for (guint i = 0; i < u.order->len; i++)
        {
          UnitFile *f = g_ptr_array_index (u.order, i);
          ResolveFile *rf = g_new0 (ResolveFile, 1);
          rf->ast = f->ast;
          rf->visible = g_hash_table_new (NULL, NULL);
          closure_add (rf->visible, f);
          g_ptr_array_add (files, rf);
        }
      /* The resolver takes the trees. */
      for (guint i = 0; i < u.order->len; i++)
        ((UnitFile *) g_ptr_array_index (u.order, i))->ast = NULL;
      set = resolve_unit (loader->diags, files);
    }
  g_hash_table_unref (u.by_real);
  g_ptr_array_unref (u.order);
  g_ptr_array_unref (u.stack);
  /* Any error on the way (syntax, imports) means no rule set. */
  if (set && accord_diagnostics_count (loader->diags, ACCORD_SEVERITY_ERROR) > errors_before)
    g_clear_pointer (&set, accord_rule_set_free);
  return set;
}
