/* source.c: rule-file text and the map from byte offsets to lines and
 * columns.
 *
 * Spans everywhere in accord are byte offsets.  Lines and columns are only
 * needed when a diagnostic is printed, so the line-start table is built on
 * first use and searched by bisection.  Columns follow the GNU Coding
 * Standards: 1-based, counted in code points, with a tab advancing to the
 * next multiple of 8.  Invalid UTF-8 (which the parser refuses, but a
 * diagnostic may still point into) counts one column per byte.
 */
#include "config.h"

#include <string.h>

#include "source.h"

AccordSource *
accord_source_new (const char *name, const char *data, gsize len)
{
  AccordSource *src = g_new0 (AccordSource, 1);
  src->name = g_strdup (name);
  src->data = g_malloc (len + 1);
  if (len)
    memcpy (src->data, data, len);
  src->data[len] = '\0';
  src->len = len;
  return src;
}

void
accord_source_free (AccordSource *src)
{
  if (!src)
    return;
  g_free (src->name);
  g_free (src->data);
  if (src->lines)
    g_array_unref (src->lines);
  if (src->suppress)
    g_hash_table_unref (src->suppress);
  g_free (src);
}

const char *
accord_source_name (const AccordSource *src)
{
  return src->name;
}

const char *
accord_source_data (const AccordSource *src)
{
  return src->data;
}

gsize
accord_source_length (const AccordSource *src)
{
  return src->len;
}

static void
source_build_lines (AccordSource *src)
{
  if (src->lines)
    return;
  src->lines = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 zero = 0;
  g_array_append_val (src->lines, zero);
  for (gsize i = 0; i < src->len; i++)
    if (src->data[i] == '\n')
      {
        guint32 next = (guint32) (i + 1);
        g_array_append_val (src->lines, next);
      }
}

/* 0-based index of the line holding OFFSET. */
static guint
source_line_index (AccordSource *src, gsize offset)
{
  source_build_lines (src);
  guint lo = 0, hi = src->lines->len;
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (src->lines, guint32, mid) <= offset)
        lo = mid;
      else
        hi = mid;
    }
  return lo;
}

guint
accord_source_line (AccordSource *src, gsize offset)
{
  return source_line_index (src, offset) + 1;
}

gsize
source_line_start (AccordSource *src, gsize offset)
{
  guint line = source_line_index (src, offset);   /* builds the table */
  return g_array_index (src->lines, guint32, line);
}

gsize
source_line_end (AccordSource *src, gsize offset)
{
  gsize end = offset;
  while (end < src->len && src->data[end] != '\n')
    end++;
  if (end > 0 && end <= src->len && end > source_line_start (src, offset)
      && src->data[end - 1] == '\r')
    end--;
  return end;
}

/* Length in bytes of the character at P (1 for invalid UTF-8). */
gsize
source_char_len (const char *p, gsize avail)
{
  guchar c = (guchar) *p;
  gsize n = c < 0x80 ? 1 : c < 0xc2 ? 0 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : c < 0xf5 ? 4 : 0;
  if (n <= 1 || n > avail)
    return 1;
  if (g_utf8_get_char_validated (p, (gssize) n) >= 0x80000000u)
    return 1;
  return n;
}

guint
source_advance_column (guint col, char c)
{
  if (c == '\t')
    return (col - 1) / 8 * 8 + 9;
  return col + 1;
}

guint
accord_source_column (AccordSource *src, gsize offset)
{
  if (offset > src->len)
    offset = src->len;
  gsize p = source_line_start (src, offset);
  guint col = 1;
  if (p == 0 && src->len >= 3 && memcmp (src->data, "\xef\xbb\xbf", 3) == 0)
    p = MIN (3, offset);   /* a byte order mark takes no column */
  while (p < offset)
    {
      col = source_advance_column (col, src->data[p]);
      p += source_char_len (src->data + p, src->len - p);
    }
  return col;
}

void
source_add_suppression (AccordSource *src, guint line, const char *id)
{
  if (!src->suppress)
    src->suppress = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (src->suppress, g_strdup_printf ("%u:%s", line, id));
}

gboolean
source_is_suppressed (AccordSource *src, guint line, const char *id)
{
  if (!src->suppress)
    return FALSE;
  g_autofree char *key = g_strdup_printf ("%u:%s", line, id);
  return g_hash_table_contains (src->suppress, key);
}
