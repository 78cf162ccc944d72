/* output.c: what accord classify writes.
 *
 * JSON Lines: one record per statement, as DESIGN.md describes it:
 *   {"doc":..., "n":3, "start":412, "end":590, "label":"pledge",
 *    "labels":["pledge","condition"], "text":"...",
 *    "matches":[{"rule":"commit_to","label":"pledge","start":430,"end":446,
 *                "captures":{"actor":{"start":430,"end":434,"text":"Kyiv"}}}],
 *    "pack":"<fingerprint>"}
 * Offsets are bytes of the document as read; text is the statement's
 * bytes, with invalid UTF-8 shown as U+FFFD (offsets stay true to the
 * bytes).  Vetoed matches are left out.
 *
 * TSV: a header row, then doc, n, start, end, label, labels (comma
 * separated), rules (comma separated) and text, with tab, newline,
 * carriage return and backslash escaped as \t \n \r \\ so that every
 * record is one line a spreadsheet opens.
 *
 * Summary: per document and for the corpus, the number of statements of
 * each primary label.
 */
#include "config.h"

#include <string.h>

#include "output.h"
#include "util.h"

/* JSON's escapes, with the quote kept as it is unless QUOTE (TSV keeps
 * it). */
static void
escape (GString *out, const char *s, gsize len, gboolean quote)
{
  /* Most of a statement is bytes that JSON keeps as they are: S[RUN..I)
   * is copied in one piece when an escape or the end comes. */
  gsize i = 0, run = 0;
  while (i < len)
    {
      guchar c = (guchar) s[i];
      if (G_LIKELY (c >= 0x20 && c < 0x7f && c != '\\' && (c != '"' || !quote)))
        {
          i++;
          continue;
        }
      gunichar u = c;
      gsize n = 1;
      if (c >= 0x80)
        {
          u = g_utf8_get_char_validated (s + i, (gssize) MIN (len - i, 4));
          if (u == (gunichar) -1 || u == (gunichar) -2)
            u = 0xfffd;   /* one invalid byte */
          else
            {
              n = (gsize) (g_utf8_next_char (s + i) - (s + i));
              /* JavaScript's line breaks are escaped; the rest is kept. */
              if (u != 0x2028 && u != 0x2029)
                {
                  i += n;
                  continue;
                }
            }
        }
      string_put (out, s + run, i - run);
      switch (u)
        {
        case '"': string_put_lit (out, "\\\""); break;
        case '\\': string_put_lit (out, "\\\\"); break;
        case '\n': string_put_lit (out, "\\n"); break;
        case '\r': string_put_lit (out, "\\r"); break;
        case '\t': string_put_lit (out, "\\t"); break;
        default:
          {
            static const char hex[] = "0123456789abcdef";
            char e[6] = { '\\', 'u', hex[(u >> 12) & 15], hex[(u >> 8) & 15], hex[(u >> 4) & 15], hex[u & 15] };
            string_put (out, e, 6);
          }
        }
      i += n;
      run = i;
    }
  string_put (out, s + run, i - run);
}

void
json_escape (GString *out, const char *s, gsize len)
{
  escape (out, s, len, TRUE);
}

static void
json_str (GString *out, const char *s)
{
  g_string_append_c (out, '"');
  json_escape (out, s, strlen (s));
  g_string_append_c (out, '"');
}

/* "start":START,"end":END, the span of a record, a match or a capture. */
static void
json_span (GString *out, guint32 start, guint32 end)
{
  string_put_lit (out, "\"start\":");
  string_append_uint (out, start);
  string_put_lit (out, ",\"end\":");
  string_append_uint (out, end);
}

static gboolean
kept (const Record *r, guint64 keep, gboolean keep_background)
{
  return r->labels ? (r->labels & keep) != 0 : keep_background;
}

void
output_jsonl (GString *out, const AccordPack *p, const char *doc, const char *text, const Classified *cls,
              guint64 keep, gboolean keep_background)
{
  for (guint i = 0; i < cls->records->len; i++)
    {
      const Record *r = &g_array_index (cls->records, Record, i);
      if (!kept (r, keep, keep_background))
        continue;
      string_put_lit (out, "{\"doc\":");
      json_str (out, doc);
      string_put_lit (out, ",\"n\":");
      string_append_uint (out, r->n);
      g_string_append_c (out, ',');
      json_span (out, r->start, r->end);
      string_put_lit (out, ",\"label\":");
      json_str (out, r->primary >= 0 ? pack_str (p, p->labels[r->primary].name) : "background");
      string_put_lit (out, ",\"labels\":[");
      gboolean first = TRUE;
      for (guint l = 0; l < p->n_labels; l++)
        if (r->labels & (G_GUINT64_CONSTANT (1) << l))
          {
            if (!first)
              g_string_append_c (out, ',');
            json_str (out, pack_str (p, p->labels[l].name));
            first = FALSE;
          }
      string_put_lit (out, "],\"text\":\"");
      json_escape (out, text + r->start, r->end - r->start);
      string_put_lit (out, "\",\"matches\":[");
      first = TRUE;
      for (guint k = 0; k < r->n_matches; k++)
        {
          const RecMatch *m = &g_array_index (cls->matches, RecMatch, r->match_first + k);
          if (m->veto >= 0)
            continue;
          const PackRule *rule = &p->rules[m->rule];
          if (!first)
            g_string_append_c (out, ',');
          first = FALSE;
          string_put_lit (out, "{\"rule\":");
          json_str (out, pack_str (p, rule->name));
          string_put_lit (out, ",\"label\":");
          json_str (out, pack_str (p, p->labels[rule->label].name));
          g_string_append_c (out, ',');
          json_span (out, m->start, m->end);
          string_put_lit (out, ",\"captures\":{");
          gboolean cfirst = TRUE;
          for (guint c = 0; c < m->n_caps; c++)
            {
              gint32 a = g_array_index (cls->caps, gint32, m->cap_first + 2 * c);
              gint32 b = g_array_index (cls->caps, gint32, m->cap_first + 2 * c + 1);
              if (a < 0 || b < a)
                continue;
              if (!cfirst)
                g_string_append_c (out, ',');
              cfirst = FALSE;
              json_str (out, pack_str (p, p->caps[rule->cap_first + c]));
              string_put_lit (out, ":{");
              json_span (out, (guint32) a, (guint32) b);
              string_put_lit (out, ",\"text\":\"");
              json_escape (out, text + a, (gsize) (b - a));
              string_put_lit (out, "\"}");
            }
          string_put_lit (out, "}}");
        }
      string_put_lit (out, "],\"pack\":\"");
      string_put (out, p->fingerprint, strlen (p->fingerprint));
      string_put_lit (out, "\"}\n");
    }
}

void
output_tsv_header (GString *out)
{
  string_put_lit (out, "doc\tn\tstart\tend\tlabel\tlabels\trules\ttext\n");
}

/* A TSV field: JSON's escapes (\t \n \r \\, valid UTF-8) but the quote
 * kept. */
static void
tsv_field (GString *out, const char *s, gsize len)
{
  escape (out, s, len, FALSE);
}

void
output_tsv (GString *out, const AccordPack *p, const char *doc, const char *text, const Classified *cls,
            guint64 keep, gboolean keep_background)
{
  for (guint i = 0; i < cls->records->len; i++)
    {
      const Record *r = &g_array_index (cls->records, Record, i);
      if (!kept (r, keep, keep_background))
        continue;
      tsv_field (out, doc, strlen (doc));
      g_string_append_c (out, '\t');
      string_append_uint (out, r->n);
      g_string_append_c (out, '\t');
      string_append_uint (out, r->start);
      g_string_append_c (out, '\t');
      string_append_uint (out, r->end);
      g_string_append_c (out, '\t');
      g_string_append (out, r->primary >= 0 ? pack_str (p, p->labels[r->primary].name) : "background");
      g_string_append_c (out, '\t');
      gboolean first = TRUE;
      for (guint l = 0; l < p->n_labels; l++)
        if (r->labels & (G_GUINT64_CONSTANT (1) << l))
          {
            if (!first)
              g_string_append_c (out, ',');
            g_string_append (out, pack_str (p, p->labels[l].name));
            first = FALSE;
          }
      g_string_append_c (out, '\t');
      first = TRUE;
      for (guint k = 0; k < r->n_matches; k++)
        {
          const RecMatch *m = &g_array_index (cls->matches, RecMatch, r->match_first + k);
          if (m->veto >= 0)
            continue;
          if (!first)
            g_string_append_c (out, ',');
          g_string_append (out, pack_str (p, p->rules[m->rule].name));
          first = FALSE;
        }
      g_string_append_c (out, '\t');
      tsv_field (out, text + r->start, r->end - r->start);
      g_string_append_c (out, '\n');
    }
}

SummaryRow *
summary_row_new (const AccordPack *p, const char *doc, const Classified *cls, guint64 keep,
                 gboolean keep_background)
{
  SummaryRow *row = g_new0 (SummaryRow, 1);
  row->doc = g_strdup (doc);
  row->counts = g_new0 (guint, p->n_labels + 1);
  for (guint i = 0; i < cls->records->len; i++)
    {
      const Record *r = &g_array_index (cls->records, Record, i);
      if (!kept (r, keep, keep_background))
        continue;
      row->counts[r->primary >= 0 ? (guint) r->primary : p->n_labels]++;
      row->statements++;
    }
  return row;
}

void
summary_row_free (SummaryRow *row)
{
  if (!row)
    return;
  g_free (row->doc);
  g_free (row->counts);
  g_free (row);
}

/* Columns of S on a terminal: characters (invalid UTF-8 counts a byte each). */
static gsize
text_width (const char *s)
{
  return g_utf8_validate (s, -1, NULL) ? (gsize) g_utf8_strlen (s, -1) : strlen (s);
}

static void
pad (GString *out, const char *s, gsize width)
{
  g_string_append (out, s);
  for (gsize w = text_width (s); w < width; w++)
    g_string_append_c (out, ' ');
}

static void
pad_left (GString *out, const char *s, gsize width)
{
  for (gsize w = text_width (s); w < width; w++)
    g_string_append_c (out, ' ');
  g_string_append (out, s);
}

/* Two spaces, then V right-aligned in WIDTH columns (a corpus's summary
 * has a row per document: no printf for each count). */
static void
put_count (GString *out, guint v, gsize width)
{
  gsize digits = 1;
  for (guint x = v; x >= 10; x /= 10)
    digits++;
  string_put_lit (out, "  ");
  for (gsize w = digits; w < width; w++)
    g_string_append_c (out, ' ');
  string_append_uint (out, v);
}

void
output_summary (GString *out, const AccordPack *p, GPtrArray *rows)
{
  gsize width = strlen ("document");
  for (guint i = 0; i < rows->len; i++)
    width = MAX (width, text_width (((SummaryRow *) g_ptr_array_index (rows, i))->doc));
  g_autofree char *total = g_strdup_printf ("total (%u document%s)", rows->len, rows->len == 1 ? "" : "s");
  width = MAX (width, strlen (total));
  gsize col = strlen ("background");
  for (guint l = 0; l < p->n_labels; l++)
    col = MAX (col, text_width (pack_str (p, p->labels[l].name)));
  pad (out, "document", width);
  g_string_append_printf (out, "  %10s", "statements");
  for (guint l = 0; l < p->n_labels; l++)
    {
      string_put_lit (out, "  ");
      pad_left (out, pack_str (p, p->labels[l].name), col);
    }
  string_put_lit (out, "  ");
  pad_left (out, "background", col);
  g_string_append_c (out, '\n');
  g_autofree guint *sum = g_new0 (guint, p->n_labels + 1);
  guint statements = 0;
  for (guint i = 0; i < rows->len; i++)
    {
      const SummaryRow *row = g_ptr_array_index (rows, i);
      pad (out, row->doc, width);
      put_count (out, row->statements, 10);
      for (guint l = 0; l <= p->n_labels; l++)
        {
          put_count (out, row->counts[l], col);
          sum[l] += row->counts[l];
        }
      g_string_append_c (out, '\n');
      statements += row->statements;
    }
  pad (out, total, width);
  put_count (out, statements, 10);
  for (guint l = 0; l <= p->n_labels; l++)
    put_count (out, sum[l], col);
  g_string_append_c (out, '\n');
}
