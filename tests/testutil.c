/* testutil.c: temporary files for the GTest programs. */
#include "config.h"

#include <errno.h>
#include <sys/stat.h>
#include <glib/gstdio.h>

#include "testutil.h"

void
test_remove_tree (const char *path)
{
  struct stat st;
  if (lstat (path, &st) != 0)
    return;
  if (S_ISDIR (st.st_mode))
    {
      chmod (path, 0700);
      GDir *d = g_dir_open (path, 0, NULL);
      if (d)
        {
          const char *name;
          while ((name = g_dir_read_name (d)))
            {
              g_autofree char *child = g_build_filename (path, name, NULL);
              test_remove_tree (child);
            }
          g_dir_close (d);
        }
      if (g_rmdir (path) != 0)
        g_test_message ("cannot remove %s: %s", path, g_strerror (errno));
    }
  else if (g_unlink (path) != 0)
    g_test_message ("cannot remove %s: %s", path, g_strerror (errno));
}

char *
test_put (const char *top, const char *rel, const char *text)
{
  char *path = g_build_filename (top, rel, NULL);
  g_autofree char *parent = g_path_get_dirname (path);
  g_assert_cmpint (g_mkdir_with_parents (parent, 0755), ==, 0);
  g_autoptr (GError) error = NULL;
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  return path;
}
