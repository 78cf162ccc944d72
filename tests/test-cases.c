/* test-cases.c: the golden cases under tests/cases.
 *
 * Every tests/cases/AREA/NAME.case file is one test, /cases/AREA/NAME.  A
 * case is a txtar-like file: free comment lines, then sections that each
 * start with a line "-- NAME --":
 *
 *   -- args --      the command line after "accord", split on blanks
 *                   ('single quotes' keep blanks in a word); without it,
 *                   "check FIRST-FILE"
 *   -- stdout --    what accord must print on stdout (missing: nothing)
 *   -- stderr --    what accord must print on stderr (missing: nothing)
 *   -- exit --      the exit status (missing: 0)
 *   -- PATH --      any other name is a file, written with its parent
 *                   directories into a fresh temporary directory; its
 *                   content is exactly the section's bytes (the newline
 *                   before the next section belongs to the file)
 *   -- PATH (hex) -- the same, with the content written as hex digits
 *                   (blanks ignored, '#' starts a comment to the end of
 *                   the line): for NUL bytes, invalid UTF-8, CR LF or a
 *                   file without a final newline
 *
 * The runner goes into the temporary directory, unsets ACCORD_RULES_PATH,
 * sets NO_COLOR=1, runs accord_cli_main in-process with memory streams and
 * compares the exit status, stdout and stderr exactly, after writing the
 * two paths that differ from build to build as @RULES_DIR@ (the installed
 * rules directory, which import notes name) and @TMPDIR@ (the temporary
 * directory).  With
 * ACCORD_UPDATE_GOLDEN=1 it rewrites the stdout, stderr and exit sections
 * of the case with what accord printed instead of failing, leaving every
 * other byte of the file as it was.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "accord.h"
#include "testutil.h"

typedef struct {
  char *name;      /* as written between "-- " and " --" */
  char *header;    /* the header line as it is in the file, with its newline */
  char *path;      /* file sections: the path, without " (hex)" */
  gboolean hex;
  GString *body;   /* the bytes after the header line, up to the next one */
} Section;

typedef struct {
  char *prelude;   /* everything before the first section */
  GPtrArray *sections;
} CaseFile;

static void
section_free (gpointer p)
{
  Section *s = p;
  g_free (s->name);
  g_free (s->header);
  g_free (s->path);
  g_string_free (s->body, TRUE);
  g_free (s);
}

static void
case_file_free (CaseFile *cf)
{
  if (!cf)
    return;
  g_free (cf->prelude);
  g_ptr_array_unref (cf->sections);
  g_free (cf);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaseFile, case_file_free)

static gboolean
is_special (const char *name)
{
  return g_str_equal (name, "args") || g_str_equal (name, "stdout")
         || g_str_equal (name, "stderr") || g_str_equal (name, "exit");
}

/* A header line is "-- NAME --" with a non-empty NAME; returns NAME. */
static char *
header_name (const char *line, gsize len)
{
  if (len < 7 || strncmp (line, "-- ", 3) != 0 || strncmp (line + len - 3, " --", 3) != 0)
    return NULL;
  char *name = g_strndup (line + 3, len - 6);
  g_strstrip (name);
  if (!*name)
    {
      g_free (name);
      return NULL;
    }
  return name;
}

static CaseFile *
case_file_parse (const char *data, gsize len)
{
  CaseFile *cf = g_new0 (CaseFile, 1);
  cf->sections = g_ptr_array_new_with_free_func (section_free);
  GString *prelude = g_string_new (NULL);
  Section *cur = NULL;
  for (gsize p = 0; p < len;)
    {
      const char *nl = memchr (data + p, '\n', len - p);
      gsize line_len = nl ? (gsize) (nl - (data + p)) : len - p;
      gsize next = nl ? p + line_len + 1 : len;
      char *name = header_name (data + p, line_len);
      if (name)
        {
          cur = g_new0 (Section, 1);
          cur->name = name;
          cur->header = g_strndup (data + p, next - p);
          cur->body = g_string_new (NULL);
          if (g_str_has_suffix (name, " (hex)"))
            {
              cur->hex = TRUE;
              cur->path = g_strndup (name, strlen (name) - strlen (" (hex)"));
              g_strstrip (cur->path);
            }
          else
            cur->path = g_strdup (name);
          g_ptr_array_add (cf->sections, cur);
        }
      else
        g_string_append_len (cur ? cur->body : prelude, data + p, (gssize) (next - p));
      p = next;
    }
  cf->prelude = g_string_free (prelude, FALSE);
  return cf;
}

static Section *
case_file_section (CaseFile *cf, const char *name)
{
  for (guint i = 0; i < cf->sections->len; i++)
    {
      Section *s = g_ptr_array_index (cf->sections, i);
      if (g_str_equal (s->name, name))
        return s;
    }
  return NULL;
}

/* Hex digits to bytes; blanks are ignored and '#' comments to the end of
 * the line.  Returns FALSE on anything else or an odd number of digits. */
static gboolean
decode_hex (const char *text, gsize len, GByteArray *out)
{
  int high = -1;
  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];
      if (c == '#')
        {
          while (i < len && text[i] != '\n')
            i++;
          continue;
        }
      if (g_ascii_isspace (c))
        continue;
      int v = g_ascii_xdigit_value (c);
      if (v < 0)
        return FALSE;
      if (high < 0)
        high = v;
      else
        {
          guint8 b = (guint8) (high * 16 + v);
          g_byte_array_append (out, &b, 1);
          high = -1;
        }
    }
  return high < 0;
}

/* Splits ARGS on blanks; 'single quotes' keep blanks.  NULL on an
 * unterminated quote. */
static GStrv
split_args (const char *args)
{
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);
  GString *w = NULL;
  for (const char *p = args; *p; p++)
    {
      if (g_ascii_isspace (*p))
        {
          if (w)
            g_ptr_array_add (words, g_string_free (w, FALSE));
          w = NULL;
          continue;
        }
      if (!w)
        w = g_string_new (NULL);
      if (*p == '\'')
        {
          const char *end = strchr (p + 1, '\'');
          if (!end)
            {
              g_string_free (w, TRUE);
              g_ptr_array_unref (words);
              return NULL;
            }
          g_string_append_len (w, p + 1, end - (p + 1));
          p = end;
        }
      else
        g_string_append_c (w, *p);
    }
  if (w)
    g_ptr_array_add (words, g_string_free (w, FALSE));
  g_ptr_array_add (words, NULL);
  return (GStrv) g_ptr_array_free (words, FALSE);
}

/* A relative path that stays inside the temporary directory. */
static gboolean
safe_path (const char *path)
{
  if (!*path || g_path_is_absolute (path))
    return FALSE;
  g_auto (GStrv) parts = g_strsplit (path, "/", -1);
  for (char **p = parts; *p; p++)
    if (g_str_equal (*p, ".."))
      return FALSE;
  return TRUE;
}


/* ---- reporting differences ---- */

/* One line made visible: tabs, CRs, escapes, invisible characters (a
 * byte order mark, a no-break space), invalid UTF-8 and trailing blanks. */
static char *
visible_line (const char *s, gsize len)
{
  GString *out = g_string_new (NULL);
  gsize trail = len;
  while (trail > 0 && s[trail - 1] == ' ')
    trail--;
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) s[i];
      if (c >= 0x80)
        {
          gunichar u = g_utf8_get_char_validated (s + i, (gssize) (len - i));
          if (u == (gunichar) -1 || u == (gunichar) -2)
            {
              g_string_append_printf (out, "\\x%02x", c);
              continue;
            }
          gsize n = (gsize) (g_utf8_next_char (s + i) - (s + i));
          GUnicodeType t = g_unichar_type (u);
          if (t == G_UNICODE_FORMAT || t == G_UNICODE_SPACE_SEPARATOR || t == G_UNICODE_CONTROL)
            g_string_append_printf (out, "\\u{%04X}", u);
          else
            g_string_append_len (out, s + i, (gssize) n);
          i += n - 1;
          continue;
        }
      if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == 0x1b)
        g_string_append (out, "\\e");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else if (c == ' ' && i >= trail)
        g_string_append (out, "\xc2\xb7");   /* a trailing space as a middle dot */
      else
        g_string_append_c (out, (char) c);
    }
  return g_string_free (out, FALSE);
}

static GPtrArray *
split_lines (const char *text)
{
  GPtrArray *lines = g_ptr_array_new_with_free_func (g_free);
  const char *p = text;
  while (*p)
    {
      const char *nl = strchr (p, '\n');
      gsize n = nl ? (gsize) (nl - p) : strlen (p);
      g_ptr_array_add (lines, nl ? g_strndup (p, n) : g_strdup_printf ("%.*s\\ (no newline at end)", (int) n, p));
      p += n + (nl ? 1 : 0);
    }
  return lines;
}

/* Prints a line diff of EXPECTED and ACTUAL (longest common subsequence:
 * case outputs are short) as test messages. */
static void
message_diff (const char *what, const char *expected, const char *actual)
{
  g_autoptr (GPtrArray) a = split_lines (expected);
  g_autoptr (GPtrArray) b = split_lines (actual);
  guint n = a->len, m = b->len;
  g_autofree guint *lcs = g_new0 (guint, (gsize) (n + 1) * (m + 1));
#define LCS(i, j) lcs[(gsize) (i) * (m + 1) + (j)]
  for (guint i = n; i-- > 0;)
    for (guint j = m; j-- > 0;)
      LCS (i, j) = g_str_equal (a->pdata[i], b->pdata[j]) ? LCS (i + 1, j + 1) + 1
                                                          : MAX (LCS (i + 1, j), LCS (i, j + 1));
  g_test_message ("--- expected %s", what);
  g_test_message ("+++ actual %s", what);
  guint i = 0, j = 0;
  while (i < n || j < m)
    {
      char mark;
      const char *line;
      if (i < n && j < m && g_str_equal (a->pdata[i], b->pdata[j]))
        {
          mark = ' ';
          line = a->pdata[i];
          i++, j++;
        }
      else if (i < n && (j == m || LCS (i + 1, j) >= LCS (i, j + 1)))
        {
          mark = '-';
          line = a->pdata[i++];
        }
      else
        {
          mark = '+';
          line = b->pdata[j++];
        }
      g_autofree char *vis = visible_line (line, strlen (line));
      g_test_message ("%c%s", mark, vis);
    }
#undef LCS
}

/* ---- running a case ---- */

typedef struct {
  int status;
  char *out;
  char *err;
} Result;

static gboolean
write_files (CaseFile *cf, const char *dir)
{
  for (guint i = 0; i < cf->sections->len; i++)
    {
      Section *s = g_ptr_array_index (cf->sections, i);
      if (is_special (s->name))
        continue;
      if (!safe_path (s->path))
        {
          g_test_message ("bad file name in case: '%s'", s->path);
          return FALSE;
        }
      g_autofree char *path = g_build_filename (dir, s->path, NULL);
      g_autofree char *parent = g_path_get_dirname (path);
      if (g_mkdir_with_parents (parent, 0755) != 0)
        {
          g_test_message ("cannot create %s: %s", parent, g_strerror (errno));
          return FALSE;
        }
      g_autoptr (GError) error = NULL;
      gboolean ok;
      if (s->hex)
        {
          g_autoptr (GByteArray) bytes = g_byte_array_new ();
          if (!decode_hex (s->body->str, s->body->len, bytes))
            {
              g_test_message ("section '%s': not hex digits", s->name);
              return FALSE;
            }
          ok = g_file_set_contents (path, (const char *) bytes->data, (gssize) bytes->len, &error);
        }
      else
        ok = g_file_set_contents (path, s->body->str, (gssize) s->body->len, &error);
      if (!ok)
        {
          g_test_message ("cannot write %s: %s", path, error->message);
          return FALSE;
        }
    }
  return TRUE;
}

/* Replaces every FROM in *TEXT with TO. */
static void
replace_all (char **text, const char *from, const char *to)
{
  if (!*from || !strstr (*text, from))
    return;
  g_auto (GStrv) parts = g_strsplit (*text, from, -1);
  g_free (*text);
  *text = g_strjoinv (to, parts);
}

static gboolean
run_case (CaseFile *cf, Result *res)
{
  g_auto (GStrv) args = NULL;
  Section *sargs = case_file_section (cf, "args");
  if (sargs)
    {
      args = split_args (sargs->body->str);
      if (!args)
        {
          g_test_message ("args: unterminated quote");
          return FALSE;
        }
    }
  else
    {
      const char *first = NULL;
      for (guint i = 0; i < cf->sections->len && !first; i++)
        {
          Section *s = g_ptr_array_index (cf->sections, i);
          if (!is_special (s->name))
            first = s->path;
        }
      if (!first)
        {
          g_test_message ("the case has neither an args section nor a file");
          return FALSE;
        }
      args = g_new0 (char *, 3);
      args[0] = g_strdup ("check");
      args[1] = g_strdup (first);
    }

  g_autoptr (GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("accord-case-XXXXXX", &error);
  if (!dir)
    {
      g_test_message ("cannot make a temporary directory: %s", error->message);
      return FALSE;
    }
  g_autofree char *cwd = g_get_current_dir ();
  gboolean ok = write_files (cf, dir);
  if (ok && g_chdir (dir) != 0)
    {
      g_test_message ("cannot enter %s: %s", dir, g_strerror (errno));
      ok = FALSE;
    }
  if (ok)
    {
      /* ACCORD_RULES_PATH and NO_COLOR are set once, in main: changing the
       * environment after accord's threads ran is not safe. */
      guint argc = g_strv_length (args) + 1;
      g_autofree char **argv = g_new0 (char *, argc + 1);
      argv[0] = (char *) "accord";
      for (guint i = 1; i < argc; i++)
        argv[i] = args[i - 1];

      char *out_buf = NULL, *err_buf = NULL;
      size_t out_len = 0, err_len = 0;
      FILE *out = open_memstream (&out_buf, &out_len);
      FILE *err = open_memstream (&err_buf, &err_len);
      g_assert_nonnull (out);
      g_assert_nonnull (err);
      res->status = accord_cli_main ((int) argc, argv, out, err);
      fclose (out);
      fclose (err);
      /* Memory streams come from malloc: hand GLib its own copies. */
      res->out = g_strndup (out_buf, out_len);
      res->err = g_strndup (err_buf, err_len);
      free (out_buf);
      free (err_buf);
      char *real = realpath (dir, NULL);
      const char *paths[][2] = {
        { ACCORD_RULES_DIR, "@RULES_DIR@" }, { dir, "@TMPDIR@" }, { real ? real : dir, "@TMPDIR@" },
      };
      for (gsize k = 0; k < G_N_ELEMENTS (paths); k++)
        {
          replace_all (&res->out, paths[k][0], paths[k][1]);
          replace_all (&res->err, paths[k][0], paths[k][1]);
        }
      free (real);
      if (g_chdir (cwd) != 0)
        g_test_message ("cannot go back to %s: %s", cwd, g_strerror (errno));
    }
  test_remove_tree (dir);
  return ok;
}

/* Writes the case back with RES as its stdout, stderr and exit sections. */
static gboolean
update_case (const char *path, CaseFile *cf, const Result *res)
{
  char status[16];
  g_snprintf (status, sizeof status, "%d\n", res->status);
  struct {
    const char *name;
    const char *value;
  } outputs[] = { { "stdout", res->out }, { "stderr", res->err }, { "exit", status } };

  GString *text = g_string_new (cf->prelude);
  gboolean ok = TRUE;
  for (guint i = 0; i < cf->sections->len; i++)
    {
      Section *s = g_ptr_array_index (cf->sections, i);
      const char *body = s->body->str;
      gsize body_len = s->body->len;
      for (gsize k = 0; k < G_N_ELEMENTS (outputs); k++)
        if (g_str_equal (s->name, outputs[k].name))
          {
            body = outputs[k].value;
            body_len = strlen (body);
          }
      g_string_append (text, s->header);
      if (body_len && !g_str_has_suffix (s->header, "\n"))
        g_string_append_c (text, '\n');
      g_string_append_len (text, body, (gssize) body_len);
    }
  for (gsize k = 0; k < G_N_ELEMENTS (outputs); k++)
    if (!case_file_section (cf, outputs[k].name) && (*outputs[k].value || k == 2))
      {
        if (text->len && text->str[text->len - 1] != '\n')
          ok = FALSE;
        g_string_append_printf (text, "-- %s --\n%s", outputs[k].name, outputs[k].value);
      }
  /* A section that does not end with a newline cannot be followed by
   * another one: the format cannot hold such output. */
  for (guint i = 0; i < cf->sections->len; i++)
    {
      Section *s = g_ptr_array_index (cf->sections, i);
      for (gsize k = 0; k < 2; k++)
        if (g_str_equal (s->name, outputs[k].name) && *outputs[k].value
            && !g_str_has_suffix (outputs[k].value, "\n") && i + 1 < cf->sections->len)
          ok = FALSE;
    }
  if (!ok)
    {
      g_test_message ("%s: output without a final newline cannot be stored", path);
      g_string_free (text, TRUE);
      return FALSE;
    }
  g_autoptr (GError) error = NULL;
  if (!g_file_set_contents (path, text->str, (gssize) text->len, &error))
    {
      g_test_message ("cannot update %s: %s", path, error->message);
      ok = FALSE;
    }
  g_string_free (text, TRUE);
  return ok;
}

static void
test_case (gconstpointer data)
{
  const char *path = data;
  g_autoptr (GError) error = NULL;
  g_autofree char *text = NULL;
  gsize len = 0;
  if (!g_file_get_contents (path, &text, &len, &error))
    {
      g_test_message ("cannot read %s: %s", path, error->message);
      g_test_fail ();
      return;
    }
  g_autoptr (CaseFile) cf = case_file_parse (text, len);

  int want_status = 0;
  Section *sexit = case_file_section (cf, "exit");
  if (sexit)
    {
      g_autofree char *t = g_strstrip (g_strdup (sexit->body->str));
      char *end = NULL;
      gint64 v = g_ascii_strtoll (t, &end, 10);
      if (!*t || *end)
        {
          g_test_message ("%s: the exit section must hold a number, not '%s'", path, t);
          g_test_fail ();
          return;
        }
      want_status = (int) v;
    }
  Section *sout = case_file_section (cf, "stdout");
  Section *serr = case_file_section (cf, "stderr");
  const char *want_out = sout ? sout->body->str : "";
  const char *want_err = serr ? serr->body->str : "";

  Result res = { 0 };
  if (!run_case (cf, &res))
    {
      g_test_fail ();
      return;
    }
  gboolean same = res.status == want_status && g_str_equal (res.out, want_out)
                  && g_str_equal (res.err, want_err);
  if (!same)
    {
      const char *update = g_getenv ("ACCORD_UPDATE_GOLDEN");
      if (update && g_str_equal (update, "1"))
        {
          if (update_case (path, cf, &res))
            g_test_message ("%s: updated", path);
          else
            g_test_fail ();
        }
      else
        {
          g_test_message ("%s: the output differs", path);
          if (res.status != want_status)
            g_test_message ("exit status: expected %d, got %d", want_status, res.status);
          if (!g_str_equal (res.out, want_out))
            message_diff ("stdout", want_out, res.out);
          if (!g_str_equal (res.err, want_err))
            message_diff ("stderr", want_err, res.err);
          g_test_message ("(ACCORD_UPDATE_GOLDEN=1 rewrites the case with the actual output)");
          g_test_fail ();
        }
    }
  g_free (res.out);
  g_free (res.err);
}

/* ---- finding the cases ---- */

static gint
cmp_str (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *) a, *(const char *const *) b);
}

/* Appends the .case files under DIR (sorted, recursive) to OUT, as paths
 * relative to the cases directory (REL is DIR's). */
static void
collect_cases (const char *dir, const char *rel, GPtrArray *out)
{
  GDir *d = g_dir_open (dir, 0, NULL);
  if (!d)
    return;
  g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  const char *name;
  while ((name = g_dir_read_name (d)))
    if (name[0] != '.')
      g_ptr_array_add (names, g_strdup (name));
  g_dir_close (d);
  g_ptr_array_sort (names, cmp_str);
  for (guint i = 0; i < names->len; i++)
    {
      const char *n = g_ptr_array_index (names, i);
      g_autofree char *path = g_build_filename (dir, n, NULL);
      g_autofree char *r = *rel ? g_strconcat (rel, "/", n, NULL) : g_strdup (n);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        collect_cases (path, r, out);
      else if (g_str_has_suffix (n, ".case"))
        g_ptr_array_add (out, g_steal_pointer (&r));
    }
}

static void
test_no_cases (gconstpointer data)
{
  g_test_message ("no .case files under %s", (const char *) data);
  g_test_fail ();
}

int
main (int argc, char **argv)
{
  /* Every case runs even when one fails: a broken message usually
   * breaks several cases, and the lead wants to see them all. */
  g_autofree char **args = g_new0 (char *, argc + 2);
  int nargs = 0;
  args[nargs++] = argv[0];
  args[nargs++] = (char *) "--keep-going";
  for (int i = 1; i < argc; i++)
    args[nargs++] = argv[i];
  char **args_p = args;
  g_test_init (&nargs, &args_p, NULL);
  g_unsetenv ("ACCORD_RULES_PATH");
  g_setenv ("NO_COLOR", "1", TRUE);

  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "cases", NULL);
  g_autoptr (GPtrArray) cases = g_ptr_array_new_with_free_func (g_free);
  collect_cases (root, "", cases);
  for (guint i = 0; i < cases->len; i++)
    {
      const char *rel = g_ptr_array_index (cases, i);
      g_autofree char *name = g_strndup (rel, strlen (rel) - strlen (".case"));
      g_autofree char *test = g_strconcat ("/cases/", name, NULL);
      g_test_add_data_func_full (test, g_build_filename (root, rel, NULL), test_case, g_free);
    }
  if (cases->len == 0)
    g_test_add_data_func ("/cases/none", root, test_no_cases);
  return g_test_run ();
}
