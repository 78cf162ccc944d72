/* util.c: reading a stream whole. */
#include "config.h"

#include <errno.h>

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
