/* jsonl.c: see jsonl.h. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "jsonl.h"

gboolean
jsonl_read (FILE *fp, const char *path, FILE *err, JsonlRecordFunc fn, gpointer data)
{
  gboolean ok = TRUE;
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  guint lineno = 0;
  g_autoptr (JsonParser) parser = json_parser_new ();
  while ((n = getline (&line, &cap, fp)) >= 0)
    {
      lineno++;
      gsize l = (gsize) n;
      while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
        l--;
      gsize k = 0;
      while (k < l && g_ascii_isspace (line[k]))
        k++;
      if (k == l)
        continue;
      g_autoptr (GError) error = NULL;
      if (!json_parser_load_from_data (parser, line, (gssize) l, &error))
        {
          /* json-glib says "<data>:LINE:COL: Parse error: ...": keep the
           * column, in our format. */
          const char *msg = error->message;
          guint col = 0;
          if (g_str_has_prefix (msg, "<data>:1:"))
            {
              col = (guint) g_ascii_strtoull (msg + strlen ("<data>:1:"), (char **) &msg, 10);
              if (g_str_has_prefix (msg, ": Parse error: "))
                msg += strlen (": Parse error: ");
              else if (g_str_has_prefix (msg, ": "))
                msg += 2;
            }
          if (col)
            fprintf (err, "%s:%u:%u: error: invalid JSON: %s\n", path, lineno, col, msg);
          else
            fprintf (err, "%s:%u: error: invalid JSON: %s\n", path, lineno, msg);
          ok = FALSE;
          continue;
        }
      if (!fn (json_parser_get_root (parser), line, l, lineno, data))
        ok = FALSE;
    }
  free (line);
  if (ferror (fp))
    {
      fprintf (err, "accord: cannot read '%s': %s\n", path, g_strerror (errno));
      ok = FALSE;
    }
  return ok;
}
