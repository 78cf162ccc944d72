/* util.c: reading a stream whole, decoding one character. */
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

gunichar
utf8_char_at (const char *p, gsize avail, gsize *n)
{
  guchar b = (guchar) *p;
  if (b < 0x80)
    {
      *n = 1;
      return b;
    }
  gunichar c = g_utf8_get_char_validated (p, (gssize) MIN (avail, 4));
  if (c == (gunichar) -1 || c == (gunichar) -2)
    {
      *n = 1;
      return 0xfffd;
    }
  *n = (gsize) (g_utf8_next_char (p) - p);
  return c;
}
