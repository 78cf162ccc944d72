/* util.c: reading a stream whole, walking a directory. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "util.h"

gboolean
read_all (FILE *fp, gsize max, char **data, gsize *len, int *err)
{
  GString *buf = g_string_new (NULL);
  char chunk[65536];
  size_t n;
  *err = 0;
  while ((n = fread (chunk, 1, sizeof chunk, fp)) > 0)
    {
      g_string_append_len (buf, chunk, (gssize) n);
      if (buf->len > max)
        {
          *err = EFBIG;
          break;
        }
    }
  if (!*err && ferror (fp))
    *err = errno ? errno : EIO;
  if (*err)
    {
      g_string_free (buf, TRUE);
      return FALSE;
    }
  *len = buf->len;
  *data = g_string_free (buf, FALSE);
  return TRUE;
}

static gint
cmp_path (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

static void
list_files_depth (const char *dir, GPatternSpec *match, GPtrArray *out, int depth)
{
  GDir *d = depth < 64 ? g_dir_open (dir, 0, NULL) : NULL;
  if (!d)
    return;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)))
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, cmp_path);
  for (guint i = 0; i < names->len; i++)
    {
      const char *base = g_ptr_array_index (names, i);
      char *path = g_build_filename (dir, base, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK))
        {
          list_files_depth (path, match, out, depth + 1);
          g_free (path);
        }
      else if (g_pattern_match_string (match, base))
        g_ptr_array_add (out, path);
      else
        g_free (path);
    }
}

void
list_files (const char *dir, GPatternSpec *match, GPtrArray *out)
{
  list_files_depth (dir, match, out, 0);
}
