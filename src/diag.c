/* diag.c: the one sink for problems found in rule files, and the only
 * place that knows how they look on a terminal.
 *
 * The parser, the resolver and the linter append diagnostics here; the
 * command line sorts and renders them.  Rendering follows the GNU Coding
 * Standards:
 *
 *   FILE:LINE:COL: error: MESSAGE
 *     the source line
 *     ^~~~~ under the span (tabs copied from the source so it lines up)
 *   FILE:LINE:COL: note: MESSAGE
 *   accord: 1 error in FILE
 *
 * Warnings carry a stable ID ("[unused-list]") that a '# suppress: ID'
 * comment on the same line (or alone on the line before) silences; that
 * filter is applied when the warning is added, so it never shows up in
 * counts.  A file stops collecting errors after ACCORD_MAX_ERRORS_PER_FILE.
 */
#include "config.h"

#include <stdarg.h>
#include <string.h>

#include "diag.h"
#include "source.h"

struct AccordDiagnostics {
  GPtrArray *sources;   /* AccordSource*, owned */
  GPtrArray *diags;     /* AccordDiag*, owned, in insertion order */
  GArray *errors;       /* guint per source: errors recorded */
  GArray *dropped;      /* gboolean per source: an error was dropped */
  guint counts[3];
  GHashTable *seen;     /* keys of recorded diagnostics, to drop repeats */
};

G_DEFINE_QUARK (accord-error-quark, accord_error)

static void
diag_free (gpointer p)
{
  AccordDiag *d = p;
  g_free (d->message);
  if (d->notes)
    g_ptr_array_unref (d->notes);
  g_free (d);
}

AccordDiagnostics *
accord_diagnostics_new (void)
{
  AccordDiagnostics *diags = g_new0 (AccordDiagnostics, 1);
  diags->sources = g_ptr_array_new_with_free_func ((GDestroyNotify) accord_source_free);
  diags->diags = g_ptr_array_new_with_free_func (diag_free);
  diags->errors = g_array_new (FALSE, TRUE, sizeof (guint));
  diags->dropped = g_array_new (FALSE, TRUE, sizeof (gboolean));
  diags->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  return diags;
}

void
accord_diagnostics_free (AccordDiagnostics *diags)
{
  if (!diags)
    return;
  g_ptr_array_unref (diags->diags);
  g_ptr_array_unref (diags->sources);
  g_array_unref (diags->errors);
  g_array_unref (diags->dropped);
  g_hash_table_unref (diags->seen);
  g_free (diags);
}

guint32
accord_diagnostics_add_source (AccordDiagnostics *diags, AccordSource *src)
{
  g_ptr_array_add (diags->sources, src);
  g_array_set_size (diags->errors, diags->sources->len);
  g_array_set_size (diags->dropped, diags->sources->len);
  return diags->sources->len - 1;
}

AccordSource *
accord_diagnostics_source (AccordDiagnostics *diags, guint32 file)
{
  g_return_val_if_fail (file < diags->sources->len, NULL);
  return g_ptr_array_index (diags->sources, file);
}

guint
accord_diagnostics_n_sources (AccordDiagnostics *diags)
{
  return diags->sources->len;
}

gboolean
accord_diagnostics_file_full (AccordDiagnostics *diags, guint32 file)
{
  return file < diags->errors->len
         && g_array_index (diags->errors, guint, file) >= ACCORD_MAX_ERRORS_PER_FILE;
}

static AccordDiag *
diag_new (AccordSeverity severity, const AccordSpan *span, const char *id, char *message)
{
  AccordDiag *d = g_new0 (AccordDiag, 1);
  d->severity = severity;
  d->file = -1;
  if (span)
    {
      d->has_span = TRUE;
      d->span = *span;
      d->file = (gint) span->file;
    }
  d->id = id;
  d->message = message;
  return d;
}

AccordDiag *
diag_addv (AccordDiagnostics *diags, AccordSeverity severity, const AccordSpan *span,
           const char *id, const char *format, va_list ap)
{
  g_autofree char *message = g_strdup_vprintf (format, ap);
  /* The same file can be checked as part of several packs (an import
   * shared by two packs): say each thing once. */
  char *key = span ? g_strdup_printf ("%d:%u:%u:%u:%s", severity, span->file, span->start,
                                      span->end, message)
                   : g_strdup_printf ("%d:-:%s", severity, message);
  if (!g_hash_table_add (diags->seen, key))
    return NULL;
  if (span)
    {
      g_return_val_if_fail (span->file < diags->sources->len, NULL);
      AccordSource *src = g_ptr_array_index (diags->sources, span->file);
      if (severity == ACCORD_SEVERITY_WARNING && id
          && source_is_suppressed (src, accord_source_line (src, span->start), id))
        return NULL;
      if (severity == ACCORD_SEVERITY_ERROR)
        {
          guint *n = &g_array_index (diags->errors, guint, span->file);
          if (*n >= ACCORD_MAX_ERRORS_PER_FILE)
            {
              g_array_index (diags->dropped, gboolean, span->file) = TRUE;
              return NULL;
            }
          (*n)++;
        }
    }
  AccordDiag *d = diag_new (severity, span, id, g_steal_pointer (&message));
  g_ptr_array_add (diags->diags, d);
  diags->counts[severity]++;
  return d;
}

AccordDiag *
accord_diag_add (AccordDiagnostics *diags, AccordSeverity severity, const AccordSpan *span,
                 const char *id, const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  AccordDiag *d = diag_addv (diags, severity, span, id, format, ap);
  va_end (ap);
  return d;
}

void
accord_diag_note (AccordDiagnostics *diags, AccordDiag *diag, const AccordSpan *span,
                  const char *format, ...)
{
  if (!diag)
    return;
  va_list ap;
  va_start (ap, format);
  AccordDiag *n = diag_new (ACCORD_SEVERITY_NOTE, span, NULL, g_strdup_vprintf (format, ap));
  va_end (ap);
  if (!diag->notes)
    diag->notes = g_ptr_array_new_with_free_func (diag_free);
  g_ptr_array_add (diag->notes, n);
}

void
accord_diag_add_file (AccordDiagnostics *diags, AccordSeverity severity, const char *file,
                      const char *format, ...)
{
  va_list ap;
  va_start (ap, format);
  g_autofree char *msg = g_strdup_vprintf (format, ap);
  va_end (ap);
  AccordDiag *d = diag_new (severity, NULL, NULL,
                            file ? g_strdup_printf ("%s\x1f%s", file, msg) : g_steal_pointer (&msg));
  g_ptr_array_add (diags->diags, d);
  diags->counts[severity]++;
}

guint
accord_diagnostics_count (AccordDiagnostics *diags, AccordSeverity severity)
{
  return diags->counts[severity];
}

typedef struct {
  AccordDiag *d;
  guint seq;
} SortItem;

static gint
sort_cmp (gconstpointer a, gconstpointer b)
{
  const SortItem *x = a, *y = b;
  /* Diagnostics about no file at all come first (they are about the
   * command line), then each file in load order, spans by position. */
  gint64 fx = x->d->has_span ? (gint64) x->d->span.file : -1;
  gint64 fy = y->d->has_span ? (gint64) y->d->span.file : -1;
  if (fx != fy)
    return fx < fy ? -1 : 1;
  if (x->d->has_span && x->d->span.start != y->d->span.start)
    return x->d->span.start < y->d->span.start ? -1 : 1;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

GPtrArray *
accord_diagnostics_sorted (AccordDiagnostics *diags)
{
  guint n = diags->diags->len;
  g_autofree SortItem *items = g_new (SortItem, n ? n : 1);
  for (guint i = 0; i < n; i++)
    {
      items[i].d = g_ptr_array_index (diags->diags, i);
      items[i].seq = i;
    }
  qsort (items, n, sizeof *items, (int (*) (const void *, const void *)) sort_cmp);
  GPtrArray *out = g_ptr_array_sized_new (n);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (out, items[i].d);
  return out;
}

/* ---- rendering ---- */

#define C_BOLD "\033[1m"
#define C_RED "\033[1;31m"
#define C_MAGENTA "\033[1;35m"
#define C_CYAN "\033[1;36m"
#define C_GREEN "\033[1;32m"
#define C_RESET "\033[0m"

/* Longest piece of a source line that is shown: past it, the line is cut
 * around the span so that a 10 MB line does not flood the terminal. */
#define LINE_WINDOW 160

static const char *
severity_name (AccordSeverity s)
{
  return s == ACCORD_SEVERITY_ERROR ? "error" : s == ACCORD_SEVERITY_WARNING ? "warning" : "note";
}

static const char *
severity_colour (AccordSeverity s)
{
  return s == ACCORD_SEVERITY_ERROR ? C_RED : s == ACCORD_SEVERITY_WARNING ? C_MAGENTA : C_CYAN;
}

/* Appends the source line of SPAN and a caret line under it. */
static void
render_excerpt (GString *out, AccordSource *src, const AccordSpan *span, gboolean colour)
{
  gsize start = MIN (span->start, src->len);
  gsize line_start = source_line_start (src, start);
  gsize line_end = source_line_end (src, start);
  gsize end = MIN (MAX (span->end, start), line_end);

  /* Cut very long lines to a window that holds the span's start. */
  gsize from = line_start, to = line_end;
  if (from == 0 && src->len >= 3 && memcmp (src->data, "\xef\xbb\xbf", 3) == 0)
    from = MIN (3, start);   /* a byte order mark is not shown */
  gboolean cut_left = FALSE, cut_right = FALSE;
  if (to - from > LINE_WINDOW)
    {
      if (start - from > LINE_WINDOW / 4)
        {
          from = start - LINE_WINDOW / 4;
          while (from < start && ((guchar) src->data[from] & 0xc0) == 0x80)
            from++;
          cut_left = TRUE;
        }
      if (to - from > LINE_WINDOW)
        {
          to = from + LINE_WINDOW;
          while (to > start + 1 && to < line_end && ((guchar) src->data[to] & 0xc0) == 0x80)
            to--;
          cut_right = TRUE;
        }
      end = MIN (end, to);
    }

  GString *text = g_string_new ("  ");
  GString *caret = g_string_new ("  ");
  if (cut_left)
    {
      g_string_append (text, "...");
      g_string_append (caret, "   ");
    }
  guint col = 1;
  gboolean marked = FALSE;
  for (gsize p = from; p < to;)
    {
      gsize n = source_char_len (src->data + p, src->len - p);
      guchar c = (guchar) src->data[p];
      guint next = source_advance_column (col, (char) c);
      gboolean in_span = p >= start && (p < end || (p == start && !marked));
      if (c == '\t')
        g_string_append_c (text, '\t');
      else if (c < 0x20 || c == 0x7f || (n == 1 && c >= 0x80))
        g_string_append_c (text, '?');
      else
        g_string_append_len (text, src->data + p, (gssize) n);
      if (!in_span && p < start)
        g_string_append_c (caret, c == '\t' ? '\t' : ' ');
      else if (!in_span)
        ;   /* past the span: nothing more to mark */
      else
        for (guint k = col; k < next; k++)
          {
            g_string_append_c (caret, marked ? '~' : '^');
            marked = TRUE;
          }
      col = next;
      p += n;
    }
  if (!marked)
    g_string_append_c (caret, '^');   /* a span at the end of the line */
  if (cut_right)
    g_string_append (text, "...");
  g_string_append_len (out, text->str, (gssize) text->len);
  g_string_append_c (out, '\n');
  if (colour)
    {
      /* Colour only the marks, after the leading blanks and tabs. */
      gsize lead = strspn (caret->str, " \t");
      g_string_append_len (out, caret->str, (gssize) lead);
      g_string_append (out, C_GREEN);
      g_string_append (out, caret->str + lead);
      g_string_append (out, C_RESET);
    }
  else
    g_string_append_len (out, caret->str, (gssize) caret->len);
  g_string_append_c (out, '\n');
  g_string_free (text, TRUE);
  g_string_free (caret, TRUE);
}

static void
render_one (GString *out, AccordDiagnostics *diags, AccordDiag *d, gboolean colour, gboolean excerpt)
{
  const char *msg = d->message;
  if (d->has_span)
    {
      AccordSource *src = g_ptr_array_index (diags->sources, d->span.file);
      g_string_append_printf (out, "%s%s:%u:%u:%s ", colour ? C_BOLD : "", src->name,
                              accord_source_line (src, d->span.start),
                              accord_source_column (src, d->span.start), colour ? C_RESET : "");
    }
  else
    {
      const char *sep = strchr (msg, '\x1f');
      if (sep)
        {
          g_string_append_printf (out, "%s%.*s:%s ", colour ? C_BOLD : "", (int) (sep - msg), msg,
                                  colour ? C_RESET : "");
          msg = sep + 1;
        }
      else
        g_string_append_printf (out, "%saccord:%s ", colour ? C_BOLD : "", colour ? C_RESET : "");
    }
  if (d->has_span || strchr (d->message, '\x1f') || d->severity != ACCORD_SEVERITY_ERROR)
    g_string_append_printf (out, "%s%s:%s ", colour ? severity_colour (d->severity) : "",
                            severity_name (d->severity), colour ? C_RESET : "");
  g_string_append (out, msg);
  if (d->id)
    g_string_append_printf (out, " [%s]", d->id);
  g_string_append_c (out, '\n');
  if (d->has_span && excerpt
      && ((AccordSource *) g_ptr_array_index (diags->sources, d->span.file))->len > 0)
    render_excerpt (out, g_ptr_array_index (diags->sources, d->span.file), &d->span, colour);
  if (d->notes)
    for (guint i = 0; i < d->notes->len; i++)
      render_one (out, diags, g_ptr_array_index (d->notes, i), colour, FALSE);
}

static const char *
plural (guint n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

char *
accord_diagnostics_render (AccordDiagnostics *diags, gboolean colour)
{
  GString *out = g_string_new (NULL);
  g_autoptr (GPtrArray) sorted = accord_diagnostics_sorted (diags);
  g_autoptr (GHashTable) files = g_hash_table_new (g_str_hash, g_str_equal);
  const char *last_file = NULL;
  gint last_src = -2;
  gboolean spanless = FALSE;
  for (guint i = 0; i < sorted->len; i++)
    {
      AccordDiag *d = g_ptr_array_index (sorted, i);
      gint src_no = d->has_span ? (gint) d->span.file : -1;
      /* The note on a file that hit its error limit goes after its last
       * diagnostic. */
      if (last_src >= 0 && src_no != last_src
          && g_array_index (diags->dropped, gboolean, last_src))
        g_string_append_printf (out, "%s: note: stopped after %d errors\n", last_file,
                                ACCORD_MAX_ERRORS_PER_FILE);
      render_one (out, diags, d, colour, TRUE);
      if (!d->has_span && d->severity != ACCORD_SEVERITY_NOTE)
        spanless = TRUE;
      if (d->has_span)
        {
          last_file = ((AccordSource *) g_ptr_array_index (diags->sources, d->span.file))->name;
          if (d->severity != ACCORD_SEVERITY_NOTE)
            g_hash_table_add (files, (gpointer) last_file);
        }
      last_src = src_no;
    }
  if (last_src >= 0 && g_array_index (diags->dropped, gboolean, last_src))
    g_string_append_printf (out, "%s: note: stopped after %d errors\n", last_file,
                            ACCORD_MAX_ERRORS_PER_FILE);

  guint ne = diags->counts[ACCORD_SEVERITY_ERROR], nw = diags->counts[ACCORD_SEVERITY_WARNING];
  if (ne || nw)
    {
      g_string_append (out, "accord: ");
      if (ne)
        g_string_append_printf (out, "%u %s", ne, plural (ne, "error", "errors"));
      if (ne && nw)
        g_string_append (out, " and ");
      if (nw)
        g_string_append_printf (out, "%u %s", nw, plural (nw, "warning", "warnings"));
      guint nf = g_hash_table_size (files);
      if (spanless)
        ;   /* some are about no file: "in FILE" would mislead */
      else if (nf == 1)
        g_string_append_printf (out, " in %s", last_file);
      else if (nf > 1)
        g_string_append_printf (out, " in %u files", nf);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

void
diag_mark_stopped (AccordDiagnostics *diags, guint32 file)
{
  if (file < diags->dropped->len)
    g_array_index (diags->dropped, gboolean, file) = TRUE;
}

guint
diag_file_errors (AccordDiagnostics *diags, guint32 file)
{
  return file < diags->errors->len ? g_array_index (diags->errors, guint, file) : 0;
}
