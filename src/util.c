/* util.c: reading a stream whole, walking a directory. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

gboolean
read_fd_all (int fd, gsize max, char **data, gsize *len, int *err)
{
  *err = 0;
  struct stat st;
  if (fstat (fd, &st) != 0)
    {
      *err = errno;
      return FALSE;
    }
  if (S_ISDIR (st.st_mode))
    {
      *err = EISDIR;
      return FALSE;
    }
  if (S_ISREG (st.st_mode) && (guint64) st.st_size > max)
    {
      *err = EFBIG;
      return FALSE;
    }
  /* A regular file: room for its size and one byte more, so that the
   * first read takes it all and the second finds the end (or that it
   * grew).  Anything else: in growing chunks. */
  gsize cap = S_ISREG (st.st_mode) ? (gsize) st.st_size + 1 : 65536, got = 0;
  char *buf = g_malloc (cap + 1);
  for (;;)
    {
      if (got == cap)
        {
          if (cap > max)
            {
              *err = EFBIG;
              break;
            }
          cap = cap > max / 2 ? max + 1 : cap * 2;
          buf = g_realloc (buf, cap + 1);
        }
      ssize_t n = read (fd, buf + got, cap - got);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          *err = errno ? errno : EIO;
          break;
        }
      if (n == 0)
        break;
      got += (gsize) n;
    }
  if (!*err && got > max)
    *err = EFBIG;
  if (*err)
    {
      g_free (buf);
      return FALSE;
    }
  buf[got] = '\0';
  *data = buf;
  *len = got;
  return TRUE;
}

gboolean
read_all (FILE *fp, gsize max, char **data, gsize *len, int *err)
{
  return read_fd_all (fileno (fp), max, data, len, err);
}

/* Entries of a directory: the kind of file (d a directory, f a regular
 * file, ? unknown: a link, or a system that does not say), then the
 * name.  Sorted by name. */
static gint
cmp_entry (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a + 1, *(const char *const *) b + 1);
}

static void
list_files_depth (const char *dir, GPatternSpec *match, GPtrArray *out, int depth)
{
  DIR *d = depth < 64 ? opendir (dir) : NULL;
  if (!d)
    return;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const struct dirent *e;
  while ((e = readdir (d)))
    if (e->d_name[0] != '.')
      {
        /* What readdir says of the file spares a stat of each (a corpus
         * holds thousands). */
        const char *kind = "?";
#ifdef _DIRENT_HAVE_D_TYPE
        kind = e->d_type == DT_DIR ? "d" : e->d_type == DT_REG ? "f" : "?";
#endif
        g_ptr_array_add (names, g_strconcat (kind, e->d_name, NULL));
      }
  closedir (d);
  g_ptr_array_sort (names, cmp_entry);
  for (guint i = 0; i < names->len; i++)
    {
      const char *kind = g_ptr_array_index (names, i), *base = kind + 1;
      char *path = g_build_filename (dir, base, NULL);
      if (kind[0] == 'd'
          || (kind[0] == '?' && g_file_test (path, G_FILE_TEST_IS_DIR) && !g_file_test (path, G_FILE_TEST_IS_SYMLINK)))
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
