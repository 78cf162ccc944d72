/* classify.c: labels the statements of a document.
 *
 * The text is cut into statements (segment.c), each statement into
 * tokens (tokenize.c), and the pack's automaton runs over each statement
 * (scan.c).  The labels of a statement are the labels of the rules that
 * matched in it and were not vetoed; its primary label is the first of
 * them in the pack's precedence, and a statement with none is background.
 *
 * Quotations carry across statements: when a statement begins inside a
 * quotation opened in an earlier one (and not yet closed), its tokens are
 * preceded by a virtual opening quotation mark, with no bytes, so that the
 * same quote rules that recognise a quotation in one statement recognise
 * its continuation.
 */
#include "config.h"

#include <string.h>

#include "classify.h"
#include "util.h"

struct AccordClassifier {
  const AccordPack *pack;
  AccordScanner *sc;
  GArray *statements;     /* Statement */
  GArray *smatches;       /* ScanMatch, per statement */
  GArray *scaps;          /* gint32 */
  GArray *svetoes;        /* ScanVeto */
  guint smatches_room;    /* see array_set_len (util.h) */
  ClassifyDetail detail;
};

AccordClassifier *
classifier_new (const AccordPack *pack)
{
  AccordClassifier *c = g_new0 (AccordClassifier, 1);
  c->pack = pack;
  c->sc = scanner_new (pack);
  c->statements = g_array_new (FALSE, FALSE, sizeof (Statement));
  c->smatches = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
  c->scaps = g_array_new (FALSE, FALSE, sizeof (gint32));
  c->svetoes = g_array_new (FALSE, FALSE, sizeof (ScanVeto));
  c->detail = CLASSIFY_FULL;
  return c;
}

void
classifier_free (AccordClassifier *c)
{
  if (!c)
    return;
  scanner_free (c->sc);
  g_array_unref (c->statements);
  g_array_unref (c->smatches);
  g_array_unref (c->scaps);
  g_array_unref (c->svetoes);
  g_free (c);
}

AccordScanner *
classifier_scanner (AccordClassifier *c)
{
  return c->sc;
}

void
classifier_set_cache_limit (AccordClassifier *c, gsize bytes)
{
  scanner_set_cache_limit (c->sc, bytes);
}

void
classifier_cap_cache_limit (AccordClassifier *c, gsize bytes)
{
  scanner_cap_cache_limit (c->sc, bytes);
}

void
classifier_set_detail (AccordClassifier *c, ClassifyDetail detail)
{
  c->detail = detail;
}

void
classified_init (Classified *out)
{
  out->records = g_array_new (FALSE, FALSE, sizeof (Record));
  out->matches = g_array_new (FALSE, FALSE, sizeof (RecMatch));
  out->caps = g_array_new (FALSE, FALSE, sizeof (gint32));
  out->tokens = g_array_new (FALSE, FALSE, sizeof (Token));
  out->vetoes = g_array_new (FALSE, FALSE, sizeof (RecMatch));
  out->records_room = out->matches_room = out->tokens_room = 0;
}

void
classified_reset (Classified *out)
{
  array_truncate (out->records, 0);
  array_truncate (out->matches, 0);
  array_truncate (out->caps, 0);
  array_truncate (out->tokens, 0);
  array_truncate (out->vetoes, 0);
}

void
classified_clear (Classified *out)
{
  g_clear_pointer (&out->records, g_array_unref);
  g_clear_pointer (&out->matches, g_array_unref);
  g_clear_pointer (&out->caps, g_array_unref);
  g_clear_pointer (&out->tokens, g_array_unref);
  g_clear_pointer (&out->vetoes, g_array_unref);
  out->records_room = out->matches_room = out->tokens_room = 0;
}

/* Byte offset where token position POS (of N) begins, or ends the span. */
static gint32
tok_start (const Token *t, gint32 pos, guint n, guint32 fallback)
{
  if (pos < 0)
    return -1;
  return (guint) pos < n ? (gint32) t[pos].start : (gint32) fallback;
}

static gint32
tok_end (const Token *t, gint32 pos, guint n, guint32 fallback)
{
  if (pos < 0)
    return -1;
  return pos > 0 && (guint) pos <= n ? (gint32) t[pos - 1].end : (gint32) fallback;
}

/* Whether TEXT separates its paragraphs with blank lines. */
static gboolean
paragraph_breaks_are_blank (const char *text, gsize len)
{
  for (const char *p = memchr (text, '\n', len); p; p = memchr (p + 1, '\n', len - (gsize) (p + 1 - text)))
    {
      const char *q = p + 1;
      while (q < text + len && (*q == ' ' || *q == '\t' || *q == '\r'))
        q++;
      if (q < text + len && *q == '\n')
        return TRUE;
      if (p + 1 >= text + len)
        break;
    }
  return FALSE;
}

/* Whether the gap between two statements, [FROM, TO), ends a paragraph. */
static gboolean
paragraph_between (const char *text, gsize from, gsize to, gboolean blank_lines)
{
  guint newlines = 0;
  for (gsize i = from; i < to; i++)
    if (text[i] == '\n')
      newlines++;
  return blank_lines ? newlines >= 2 : newlines >= 1;
}

void
classifier_run (AccordClassifier *c, const char *text, gsize len, Classified *out)
{
  const AccordPack *p = c->pack;
  classified_reset (out);
  array_truncate (c->statements, 0);
  segment_with (text, len, 0, &p->abbrevs_fast, c->statements);
  int depth = 0;
  /* A quotation left open does not run past its paragraph: a quotation
   * that goes on in the next paragraph opens it again with a mark of its
   * own, and a mark left open by mistake must not make the rest of the
   * article quoted.  Paragraphs end at blank lines, or at every line
   * break in a text that has no blank line (one paragraph a line). */
  gboolean blank_lines = paragraph_breaks_are_blank (text, len);
  gsize prev_end = 0;
  array_reserve_room (out->records, c->statements->len, &out->records_room);
  for (guint s = 0; s < c->statements->len; s++)
    {
      const Statement *st = &g_array_index (c->statements, Statement, s);
      if (depth > 0 && s > 0 && paragraph_between (text, prev_end, st->start, blank_lines))
        depth = 0;
      prev_end = st->end;
      Record r = { 0 };
      r.n = s + 1;
      r.start = st->start;
      r.end = st->end;
      r.kind = st->kind;
      r.primary = -1;
      r.in_quote = depth > 0;
      r.tok_first = out->tokens->len;
      if (r.in_quote)
        {
          Token open = { st->start, st->start, TOK_OPENQ, 0 };
          g_array_append_val (out->tokens, open);
        }
      tokenize_with (text + st->start, st->end - st->start, st->start, &p->abbrevs_fast, out->tokens,
                     &out->tokens_room, &depth);
      r.n_toks = out->tokens->len - r.tok_first;
      const Token *toks = &g_array_index (out->tokens, Token, r.tok_first);

      array_truncate (c->smatches, 0);
      array_truncate (c->scaps, 0);
      array_truncate (c->svetoes, 0);
      if (c->detail == CLASSIFY_RULES)
        scanner_scan_rules (c->sc, text, toks, r.n_toks, c->smatches, &c->smatches_room);
      else
        scanner_scan (c->sc, text, toks, r.n_toks, c->smatches, c->detail == CLASSIFY_FULL ? c->scaps : NULL,
                      c->detail == CLASSIFY_FULL ? c->svetoes : NULL);

      r.match_first = out->matches->len;
      array_reserve_room (out->matches, c->smatches->len, &out->matches_room);
      for (guint i = 0; i < c->smatches->len; i++)
        {
          const ScanMatch *m = &g_array_index (c->smatches, ScanMatch, i);
          RecMatch rm = { m->rule, st->start, st->start, m->veto, out->caps->len, m->n_caps };
          if (c->detail != CLASSIFY_RULES)
            {
              rm.start = (guint32) tok_start (toks, (gint32) m->start, r.n_toks, st->end);
              rm.end = (guint32) tok_end (toks, (gint32) m->end, r.n_toks, st->start);
            }
          for (guint k = 0; k < m->n_caps; k++)
            {
              gint32 a = g_array_index (c->scaps, gint32, m->caps + 2 * k);
              gint32 b = g_array_index (c->scaps, gint32, m->caps + 2 * k + 1);
              gint32 bs = tok_start (toks, a, r.n_toks, st->end);
              gint32 be = b > a ? tok_end (toks, b, r.n_toks, st->start) : bs;
              g_array_append_val (out->caps, bs);
              g_array_append_val (out->caps, be);
            }
          array_push_reserved (out->matches, RecMatch, rm);
          if (m->veto < 0)
            r.labels |= G_GUINT64_CONSTANT (1) << p->rules[m->rule].label;
        }
      r.n_matches = out->matches->len - r.match_first;
      for (guint i = 0; i < c->svetoes->len; i++)
        {
          const ScanVeto *v = &g_array_index (c->svetoes, ScanVeto, i);
          RecMatch rv = { p->vetoes[v->veto].rule, (guint32) tok_start (toks, (gint32) v->start, r.n_toks, st->end),
                          (guint32) tok_end (toks, (gint32) v->end, r.n_toks, st->start), (gint32) v->veto, 0, 0 };
          g_array_append_val (out->vetoes, rv);
        }
      /* Labels are numbered in precedence order: the lowest bit wins. */
      if (r.labels)
        r.primary = __builtin_ctzll (r.labels);
      array_push_reserved (out->records, Record, r);
    }
}
