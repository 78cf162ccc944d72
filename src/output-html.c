/* output-html.c: accord classify -f html, one standalone page for a run.
 *
 * The page is self-contained: the style sheet is inline, there is no
 * script, and a Content-Security-Policy forbids loading anything, so it
 * can be mailed or archived and opened offline.  It has, in order:
 *  - a legend: the labels of the pack with their colours (a fixed palette,
 *    by label index in precedence order; background is left uncoloured);
 *  - per document (output_html_document, called from worker threads, so it
 *    only appends to its string): a heading with the document's name, a
 *    table of the number of statements of each primary label, and the
 *    text.  Each statement is
 *      <span class="st label-pledge also-condition" title="...">...</span>
 *    coloured by its primary label and underlined in the colour of another
 *    label it carries; the title (shown on hover) gives the statement's
 *    number, its primary label, all its labels and every rule that matched
 *    with its captures ("pledge — commit_to: actor="ministers"").  Vetoed
 *    matches are left out, as in JSON Lines.  Line statements (headlines,
 *    bylines, list items) are blocks of their own; the white space between
 *    statements is kept (white-space: pre-wrap), less the line break a
 *    block already makes;
 *  - the corpus totals (output_html_end): a row per document and one for
 *    the corpus, then a footer with the pack's fingerprint.
 * All document text is escaped (& < > " '); invalid UTF-8, and the
 * characters HTML does not allow in text (controls other than white
 * space, noncharacters), are shown as U+FFFD.
 */
#include "config.h"

#include <string.h>

#include "output.h"

/* Colours by label index: a light fill for statements and a strong one
 * for swatches and underlines. */
static const struct {
  const char *fill, *strong;
} palette[] = {
  { "#d4e6ff", "#3a78c9" },   /* blue */
  { "#ffe0b8", "#d9822b" },   /* orange */
  { "#d3f2cf", "#3f9a3a" },   /* green */
  { "#f7d2ec", "#b9479a" },   /* pink */
  { "#e6dafc", "#7a55c7" },   /* purple */
  { "#fff3a8", "#b59a00" },   /* yellow */
  { "#cdf0ef", "#2a9490" },   /* teal */
  { "#ffd3d0", "#cc4a40" },   /* red */
  { "#e4ebc8", "#7b8a2e" },   /* olive */
  { "#eadccd", "#8c6239" },   /* brown */
  { "#dde1f5", "#4d5a9c" },   /* slate */
  { "#f2e2c4", "#a8782a" },   /* sand */
};

#define REPLACEMENT "\xef\xbf\xbd"

/* Appends S[0..LEN) to OUT escaped for HTML text and attribute values.
 * With FLAT, runs of white space become one space (for titles). */
static void
html_escape_full (GString *out, const char *s, gsize len, gboolean flat)
{
  gboolean in_space = FALSE;
  for (gsize i = 0; i < len;)
    {
      guchar c = (guchar) s[i];
      if (c < 0x80)
        {
          i++;
          if (flat && (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'))
            {
              if (!in_space)
                g_string_append_c (out, ' ');
              in_space = TRUE;
              continue;
            }
          in_space = FALSE;
          switch (c)
            {
            case '&': g_string_append (out, "&amp;"); break;
            case '<': g_string_append (out, "&lt;"); break;
            case '>': g_string_append (out, "&gt;"); break;
            case '"': g_string_append (out, "&quot;"); break;
            case '\'': g_string_append (out, "&#39;"); break;
            case '\t': case '\n': case '\r': case '\f':
              g_string_append_c (out, (char) c);
              break;
            default:
              if (c < 0x20 || c == 0x7f)
                g_string_append (out, REPLACEMENT);
              else
                g_string_append_c (out, (char) c);
            }
          continue;
        }
      in_space = FALSE;
      gunichar u = g_utf8_get_char_validated (s + i, (gssize) MIN (len - i, 4));
      if (u == (gunichar) -1 || u == (gunichar) -2)
        {
          g_string_append (out, REPLACEMENT);
          i++;
          continue;
        }
      const char *end = g_utf8_next_char (s + i);
      if ((u >= 0x80 && u < 0xa0) || (u >= 0xfdd0 && u <= 0xfdef) || (u & 0xfffe) == 0xfffe)
        g_string_append (out, REPLACEMENT);
      else
        g_string_append_len (out, s + i, end - (s + i));
      i = (gsize) (end - s);
    }
}

static void
html_escape (GString *out, const char *s, gsize len)
{
  html_escape_full (out, s, len, FALSE);
}

static void
html_str (GString *out, const char *s)
{
  html_escape (out, s, strlen (s));
}

static const char *
label_name (const AccordPack *p, gint32 l)
{
  return l >= 0 ? pack_str (p, p->labels[l].name) : "background";
}

/* A swatch of label L's colour (L < 0: background). */
static void
swatch (GString *out, gint32 l)
{
  if (l >= 0)
    g_string_append_printf (out, "<span class=\"sw\" style=\"background:%s;border-color:%s\"></span>",
                            palette[l % G_N_ELEMENTS (palette)].fill,
                            palette[l % G_N_ELEMENTS (palette)].strong);
  else
    g_string_append (out, "<span class=\"sw\"></span>");
}

/* The header row of a counts table: statements, each label, background. */
static void
counts_header (GString *out, const AccordPack *p, const char *first)
{
  g_string_append (out, "<thead><tr>");
  if (first)
    g_string_append_printf (out, "<th class=\"name\">%s</th>", first);
  g_string_append (out, "<th>statements</th>");
  for (guint l = 0; l <= p->n_labels; l++)
    {
      gint32 li = l < p->n_labels ? (gint32) l : -1;
      g_string_append (out, "<th>");
      swatch (out, li);
      html_str (out, label_name (p, li));
      g_string_append (out, "</th>");
    }
  g_string_append (out, "</tr></thead>\n");
}

/* A row of counts: STATEMENTS, then COUNTS[0..n_labels] (the last:
 * background); zeros are greyed. */
static void
counts_cells (GString *out, const AccordPack *p, guint statements, const guint *counts)
{
  g_string_append_printf (out, "<td>%u</td>", statements);
  for (guint l = 0; l <= p->n_labels; l++)
    g_string_append_printf (out, "<td%s>%u</td>", counts[l] ? "" : " class=\"zero\"", counts[l]);
}

void
output_html_begin (GString *out, const AccordPack *p)
{
  g_string_append (out,
    "<!DOCTYPE html>\n"
    "<html lang=\"en\">\n"
    "<head>\n"
    "<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<meta name=\"generator\" content=\"" PACKAGE_STRING "\">\n"
    "<title>accord classify</title>\n"
    "<style>\n"
    "body { margin: 0; background: #f4f4f1; color: #1d1d1b;\n"
    "  font: 15px/1.5 system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"DejaVu Sans\", sans-serif; }\n"
    "main { max-width: 56rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; }\n"
    "h1 { font-size: 1.35rem; margin: 0 0 .75rem; font-weight: 600; }\n"
    "h2 { font-size: 1.05rem; margin: 0 0 .6rem; font-weight: 600; overflow-wrap: anywhere; }\n"
    "header.top, section.doc, section.totals { background: #fff; border: 1px solid #deded8;\n"
    "  border-radius: 6px; padding: 1rem 1.25rem; margin-bottom: 1.25rem; }\n"
    ".legend { display: flex; flex-wrap: wrap; gap: .4rem 1.25rem; align-items: center; margin: 0; padding: 0;\n"
    "  list-style: none; }\n"
    ".chip { padding: .1em .5em; border-radius: 3px; border: 1px solid transparent; }\n"
    ".chip.label-background { border: 1px dashed #b5b5ae; }\n"
    ".note { color: #6b6b66; font-size: .85rem; margin: .6rem 0 0; }\n"
    ".note a { color: inherit; }\n"
    ".sw { display: inline-block; width: .8em; height: .8em; margin-right: .35em; vertical-align: -.05em;\n"
    "  border: 1px solid #b5b5ae; border-radius: 2px; background: #fff; }\n"
    "table { border-collapse: collapse; font-size: .85rem; font-variant-numeric: tabular-nums; margin: 0 0 1rem; }\n"
    "th, td { padding: .2rem .7rem; text-align: right; border-bottom: 1px solid #e6e6e1; white-space: nowrap; }\n"
    "th { font-weight: 600; color: #4a4a46; }\n"
    "th.name, td.name { text-align: left; white-space: normal; overflow-wrap: anywhere; }\n"
    "td.zero { color: #b9b9b3; }\n"
    "tr.total td { font-weight: 600; border-top: 2px solid #c9c9c2; }\n"
    ".text { white-space: pre-wrap; overflow-wrap: break-word; font-family: Georgia, \"DejaVu Serif\", serif;\n"
    "  font-size: 1.02rem; line-height: 1.7; border-top: 1px solid #e6e6e1; padding-top: .9rem; }\n"
    ".text .line { font-family: system-ui, -apple-system, \"Segoe UI\", Roboto, \"Noto Sans\", \"DejaVu Sans\",\n"
    "  sans-serif; font-weight: 600; margin: 0 0 .2rem; }\n"
    ".st { border-radius: 3px; padding: .08em 0; -webkit-box-decoration-break: clone; box-decoration-break: clone; }\n"
    ".st.dim { opacity: .35; }\n"
    ".st:hover { outline: 1px solid #8a8a84; }\n"
    ".empty { color: #8a8a84; font-style: italic; }\n"
    "footer { color: #6b6b66; font-size: .8rem; text-align: center; overflow-wrap: anywhere; }\n"
    "code { font-family: ui-monospace, \"DejaVu Sans Mono\", monospace; }\n");
  for (guint l = 0; l < p->n_labels; l++)
    {
      const char *name = pack_str (p, p->labels[l].name);
      g_string_append_printf (out, ".label-%s { background: %s; }\n", name, palette[l % G_N_ELEMENTS (palette)].fill);
      g_string_append_printf (out, ".also-%s { border-bottom: 2px solid %s; }\n", name,
                              palette[l % G_N_ELEMENTS (palette)].strong);
    }
  g_string_append (out,
    "</style>\n"
    "</head>\n"
    "<body>\n"
    "<main>\n"
    "<header class=\"top\">\n"
    "<h1>accord classify</h1>\n"
    "<ul class=\"legend\">\n");
  for (guint l = 0; l < p->n_labels; l++)
    {
      const char *name = pack_str (p, p->labels[l].name);
      g_string_append_printf (out, "<li><span class=\"chip label-%s\">", name);
      html_str (out, name);
      g_string_append (out, "</span></li>\n");
    }
  g_string_append (out,
    "<li><span class=\"chip label-background\">background</span></li>\n"
    "</ul>\n"
    "<p class=\"note\">Labels in precedence order; a statement is coloured by its primary label and underlined in the"
    " colour of another label it carries.  Hover over a statement for its labels and the rules that matched."
    "  <a href=\"#totals\">Corpus totals</a></p>\n"
    "</header>\n");
}

/* The title of statement R: its number and labels, then a line per rule
 * that matched:
 *   statement 3: pledge (labels: pledge, condition)
 *   pledge — actor_will: actor="Kyiv"
 *   condition — if_clause: clause="the allies guarantee funding" */
static void
statement_title (GString *out, const AccordPack *p, const char *text, const Classified *cls, const Record *r)
{
  g_string_append_printf (out, "statement %u: ", r->n);
  html_str (out, label_name (p, r->primary));
  if (r->labels & (r->labels - 1))
    {
      g_string_append (out, " (labels:");
      gboolean first = TRUE;
      for (guint l = 0; l < p->n_labels; l++)
        if (r->labels & (G_GUINT64_CONSTANT (1) << l))
          {
            g_string_append (out, first ? " " : ", ");
            html_str (out, pack_str (p, p->labels[l].name));
            first = FALSE;
          }
      g_string_append_c (out, ')');
    }
  for (guint k = 0; k < r->n_matches; k++)
    {
      const RecMatch *m = &g_array_index (cls->matches, RecMatch, r->match_first + k);
      if (m->veto >= 0)
        continue;
      const PackRule *rule = &p->rules[m->rule];
      g_string_append (out, "&#10;");
      html_str (out, pack_str (p, p->labels[rule->label].name));
      g_string_append (out, " \xe2\x80\x94 ");
      html_str (out, pack_str (p, rule->name));
      gboolean first = TRUE;
      for (guint c = 0; c < m->n_caps; c++)
        {
          gint32 a = g_array_index (cls->caps, gint32, m->cap_first + 2 * c);
          gint32 b = g_array_index (cls->caps, gint32, m->cap_first + 2 * c + 1);
          if (a < 0 || b < a)
            continue;
          g_string_append (out, first ? ": " : ", ");
          first = FALSE;
          html_str (out, pack_str (p, p->caps[rule->cap_first + c]));
          g_string_append (out, "=&quot;");
          html_escape_full (out, text + a, (gsize) (b - a), TRUE);
          g_string_append (out, "&quot;");
        }
    }
}

/* Is C a line break (the first byte of \r\n counts)? */
static gboolean
is_break (char c)
{
  return c == '\n' || c == '\r';
}

void
output_html_document (GString *out, const AccordPack *p, const char *doc, const char *text, const Classified *cls,
                      guint64 keep, gboolean keep_background)
{
  g_autofree guint *counts = g_new0 (guint, p->n_labels + 1);
  for (guint i = 0; i < cls->records->len; i++)
    {
      const Record *r = &g_array_index (cls->records, Record, i);
      counts[r->primary >= 0 ? (guint) r->primary : p->n_labels]++;
    }
  g_string_append (out, "<section class=\"doc\">\n<h2>");
  html_str (out, doc);
  g_string_append (out, "</h2>\n<table class=\"counts\">\n");
  counts_header (out, p, NULL);
  g_string_append (out, "<tbody><tr>");
  counts_cells (out, p, cls->records->len, counts);
  g_string_append (out, "</tr></tbody>\n</table>\n");
  if (!cls->records->len)
    {
      g_string_append (out, "<p class=\"empty\">No statements.</p>\n</section>\n");
      return;
    }

  g_string_append (out, "<div class=\"text\">");
  guint32 pos = 0;
  gboolean prev_line = FALSE;
  for (guint i = 0; i < cls->records->len; i++)
    {
      const Record *r = &g_array_index (cls->records, Record, i);
      gboolean line = r->kind == STATEMENT_LINE;
      /* The white space before it (none before the first), less the
       * line break that ending a block before it already makes. */
      guint32 a = pos, b = r->start;
      if (i == 0)
        a = b;
      else if (prev_line)
        {
          while (a < b && !is_break (text[a]))
            a++;
          if (a < b)
            a += text[a] == '\r' && a + 1 < b && text[a + 1] == '\n' ? 2 : 1;
        }
      if (b > a)
        html_escape (out, text + a, b - a);
      if (line)
        g_string_append (out, "<div class=\"line\">");
      g_string_append_printf (out, "<span class=\"st label-%s", label_name (p, r->primary));
      /* --labels: what it leaves out is shown faded, to keep the article readable. */
      if (r->labels ? !(r->labels & keep) : !keep_background)
        g_string_append (out, " dim");
      for (guint l = 0; l < p->n_labels; l++)
        if ((gint32) l != r->primary && (r->labels & (G_GUINT64_CONSTANT (1) << l)))
          g_string_append_printf (out, " also-%s", pack_str (p, p->labels[l].name));
      g_string_append (out, "\" title=\"");
      statement_title (out, p, text, cls, r);
      g_string_append (out, "\">");
      html_escape (out, text + r->start, r->end - r->start);
      g_string_append (out, "</span>");
      if (line)
        g_string_append (out, "</div>");
      pos = r->end;
      prev_line = line;
    }
  g_string_append (out, "</div>\n</section>\n");
}

void
output_html_end (GString *out, const AccordPack *p, GPtrArray *rows)
{
  g_autofree guint *sum = g_new0 (guint, p->n_labels + 1);
  guint statements = 0;
  g_string_append (out, "<section class=\"totals\" id=\"totals\">\n<h2>Corpus totals</h2>\n<table>\n");
  counts_header (out, p, "document");
  g_string_append (out, "<tbody>\n");
  for (guint i = 0; i < rows->len; i++)
    {
      const SummaryRow *row = g_ptr_array_index (rows, i);
      g_string_append (out, "<tr><td class=\"name\">");
      html_str (out, row->doc);
      g_string_append (out, "</td>");
      counts_cells (out, p, row->statements, row->counts);
      g_string_append (out, "</tr>\n");
      for (guint l = 0; l <= p->n_labels; l++)
        sum[l] += row->counts[l];
      statements += row->statements;
    }
  g_string_append_printf (out, "<tr class=\"total\"><td class=\"name\">total (%u document%s)</td>", rows->len,
                          rows->len == 1 ? "" : "s");
  counts_cells (out, p, statements, sum);
  g_string_append (out, "</tr>\n</tbody>\n</table>\n<p class=\"note\">Statements by primary label.</p>\n"
                        "</section>\n<footer>pack <code>");
  html_str (out, p->fingerprint);
  g_string_append (out, "</code> &middot; " PACKAGE_STRING "</footer>\n</main>\n</body>\n</html>\n");
}
