/* prebuilt.c: the default pack compiled when accord is built.
 *
 * Compiling the English pack takes longer than loading its pack file
 * (about 55M instructions against 4M), and every run without -r pays it
 * before the first document.  So `make` compiles it once, with a
 * manifest beside the pack, and a run without -r loads that pack instead
 * when the manifest proves it is what compiling would give:
 *
 *   accord prebuilt pack 1
 *   accord VERSION              the version that compiled it
 *   fingerprint HEX             the pack's fingerprint
 *   directory NAME              the rule directory's own name, "en"
 *   file SHA256 PATH            every source file, in the pack's order,
 *   ...                         PATH under the rule directory
 *
 * At run time the .rules files under the directory are listed and read:
 * the pack stands for them when the list of paths is the same and every
 * file has the same SHA-256, and the version and the directory's name
 * match.  That is enough, because the manifest is written only for a
 * pack that needs nothing but those files (accord_loader_self_contained):
 * every file's pack name places it under the directory's parent, and
 * every import was found there as NAME.rules, which is tried before any
 * other place when there is no -I.  The same bytes under the same names
 * then load to the same rules, in the source tree or installed.  Any
 * doubt (a file edited, added or removed, a missing or foreign manifest,
 * a damaged pack) means the rules are compiled, as without a pack.
 *
 * Source file names are kept where the files are found now, so explain
 * and the others show the same locations either way.
 */
#include "config.h"

#include <string.h>

#include "pack.h"
#include "prebuilt.h"
#include "resolve.h"
#include "ruleset.h"

#define MANIFEST_HEADER "accord prebuilt pack 1"

/* DIR without trailing slashes ("/" stays). */
static char *
trim_dir (const char *dir)
{
  gsize n = strlen (dir);
  while (n > 1 && dir[n - 1] == '/')
    n--;
  return g_strndup (dir, n);
}

/* PATH's part under DIR (trimmed), or NULL when it is not under it. */
static const char *
under (const char *path, const char *dir)
{
  gsize n = strlen (dir);
  if (strncmp (path, dir, n) != 0 || path[n] != '/')
    return NULL;
  while (path[n] == '/')
    n++;
  return path[n] ? path + n : NULL;
}

static gboolean
fail (GError **error, const char *dir, const char *why)
{
  g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED, "cannot write a manifest for '%s': %s", dir, why);
  return FALSE;
}

gboolean
prebuilt_write_manifest (AccordLoader *loader, const AccordRuleSet *set, AccordDiagnostics *diags,
                         const AccordPack *pack, const char *dir, const char *path, GError **error)
{
  g_autofree char *d = trim_dir (dir);
  g_autofree char *name = g_path_get_basename (d);
  g_autofree char *root = g_path_get_dirname (d);
  if (accord_diagnostics_count (diags, ACCORD_SEVERITY_WARNING) || accord_diagnostics_count (diags, ACCORD_SEVERITY_ERROR))
    return fail (error, dir, "the rules have diagnostics, which a prebuilt pack would not show");
  if (!accord_loader_self_contained (loader, root))
    return fail (error, dir, "the rules use files or imports from outside it");
  g_autoptr (GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  collect_rules (d, listed);
  g_autoptr (GHashTable) in_dir = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < listed->len; i++)
    g_hash_table_add (in_dir, g_ptr_array_index (listed, i));
  if (set->asts->len != listed->len)
    return fail (error, dir, "its .rules files are not all the pack's files");

  GString *out = g_string_new (MANIFEST_HEADER "\n");
  g_string_append_printf (out, "accord %s\nfingerprint %s\ndirectory %s\n", PACKAGE_VERSION,
                          accord_pack_fingerprint (pack), name);
  for (guint i = 0; i < set->asts->len; i++)
    {
      const AstFile *f = g_ptr_array_index (set->asts, i);
      AccordSource *src = accord_diagnostics_source (diags, f->file);
      const char *file = accord_source_name (src);
      const char *rel = under (file, d);
      if (!rel || !g_hash_table_remove (in_dir, file) || strchr (rel, '\n'))
        {
          g_string_free (out, TRUE);
          return fail (error, dir, "its .rules files are not all the pack's files");
        }
      g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256,
                                                          (const guchar *) accord_source_data (src),
                                                          accord_source_length (src));
      g_string_append_printf (out, "file %s %s\n", sum, rel);
    }
  g_autoptr (GError) local = NULL;
  gboolean ok = g_file_set_contents (path, out->str, (gssize) out->len, &local);
  g_string_free (out, TRUE);
  if (!ok)
    {
      g_set_error (error, ACCORD_ERROR, ACCORD_ERROR_IO, "%s", local->message);
      return FALSE;
    }
  return TRUE;
}

/* The value of line KEY ("KEY value") at *AT, moving past it; NULL when
 * the line is not that. */
static const char *
field (char ***at, const char *key)
{
  if (!**at)
    return NULL;
  gsize n = strlen (key);
  const char *line = **at;
  if (strncmp (line, key, n) != 0 || line[n] != ' ')
    return NULL;
  (*at)++;
  return line + n + 1;
}

AccordPack *
prebuilt_open (const char *pack_path, const char *manifest_path, const char *dir)
{
  g_autofree char *text = NULL;
  if (!g_file_get_contents (manifest_path, &text, NULL, NULL))
    return NULL;
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  char **at = lines;
  g_autofree char *d = trim_dir (dir);
  g_autofree char *name = g_path_get_basename (d);
  const char *version, *fp, *dname;
  if (!*at || strcmp (*at++, MANIFEST_HEADER) != 0 || !(version = field (&at, "accord"))
      || strcmp (version, PACKAGE_VERSION) != 0 || !(fp = field (&at, "fingerprint"))
      || !(dname = field (&at, "directory")) || strcmp (dname, name) != 0)
    return NULL;

  /* PATH -> its index in the pack, and its checksum. */
  g_autoptr (GHashTable) index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr (GPtrArray) sums = g_ptr_array_new ();
  const char *entry;
  while ((entry = field (&at, "file")))
    {
      const char *space = strchr (entry, ' ');
      if (!space || space - entry != 64)
        return NULL;
      g_ptr_array_add (sums, (gpointer) entry);
      if (!g_hash_table_insert (index, (gpointer) (space + 1), GUINT_TO_POINTER (sums->len)))
        return NULL;
    }
  if (!*at || **at || at[1] || !sums->len)
    return NULL;   /* something after the files, or no final newline */

  g_autoptr (GPtrArray) listed = g_ptr_array_new_with_free_func (g_free);
  collect_rules (d, listed);
  if (listed->len != sums->len)
    return NULL;
  g_autoptr (GPtrArray) names = g_ptr_array_new_full (sums->len + 1, g_free);
  g_ptr_array_set_size (names, (gint) sums->len);
  for (guint i = 0; i < listed->len; i++)
    {
      const char *file = g_ptr_array_index (listed, i);
      const char *rel = under (file, d);
      guint k = rel ? GPOINTER_TO_UINT (g_hash_table_lookup (index, rel)) : 0;
      if (!k || g_ptr_array_index (names, k - 1))
        return NULL;
      g_autofree char *data = NULL;
      gsize len = 0;
      if (!g_file_get_contents (file, &data, &len, NULL))
        return NULL;
      g_autofree char *sum = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) data, len);
      if (memcmp (sum, g_ptr_array_index (sums, k - 1), 64) != 0)
        return NULL;
      g_ptr_array_index (names, k - 1) = g_strdup (file);
    }

  AccordPack *pack = accord_pack_load (pack_path, NULL);
  if (!pack || pack->n_files != sums->len || strcmp (pack->fingerprint, fp) != 0)
    {
      accord_pack_free (pack);
      return NULL;
    }
  g_ptr_array_add (names, NULL);
  pack->file_names = (char **) g_ptr_array_free (g_steal_pointer (&names), FALSE);
  return pack;
}
