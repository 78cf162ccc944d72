/* reference.c: the specification of matching, as plain backtracking.
 *
 * It walks the IR directly: no automaton, no deduplication, no cache.
 * For each rule, from left to right: the first start position from which
 * the pattern matches at all; from there the longest match; within that
 * span the captures of the first path in priority order (alternatives
 * left to right, repetitions greedy).  The next search starts where the
 * match ended.  A rule is vetoed when one of its `unless` patterns
 * matches anywhere.  It is exponential in the worst case, and the tests
 * only give it short sentences.
 */
#include "config.h"

#include "reference.h"

typedef struct Ref Ref;
typedef gboolean (*Cont) (Ref *r, guint32 pos, gpointer data);

struct Ref {
  AccordScanner *sc;
  const guint32 *cls;
  guint32 n_ext;
  gint32 *caps;          /* 2 per capture */
  /* What a search wants. */
  gint32 target;         /* the end to reach, or -1: record the longest */
  gint32 longest;
};

static gboolean match (Ref *r, const IrNode *n, guint32 pos, Cont k, gpointer data);

typedef struct {
  const IrNode *seq;
  guint i;
  Cont k;
  gpointer data;
} SeqK;

static gboolean
seq_next (Ref *r, guint32 pos, gpointer data)
{
  SeqK *s = data;
  if (s->i == s->seq->kids->len)
    return s->k (r, pos, s->data);
  SeqK next = { s->seq, s->i + 1, s->k, s->data };
  return match (r, g_ptr_array_index (s->seq->kids, s->i), pos, seq_next, &next);
}

typedef struct {
  const IrNode *rep;
  gint count;
  Cont k;
  gpointer data;
} RepK;

static gboolean rep_try (Ref *r, guint32 pos, gpointer data);

static gboolean
rep_after_one (Ref *r, guint32 pos, gpointer data)
{
  RepK *p = data;
  RepK next = { p->rep, p->count + 1, p->k, p->data };
  return rep_try (r, pos, &next);
}

static gboolean
rep_try (Ref *r, guint32 pos, gpointer data)
{
  RepK *p = data;
  const IrNode *n = p->rep;
  /* Greedy: one more first, then stop if enough. */
  if (n->max < 0 || p->count < n->max)
    if (match (r, n->child, pos, rep_after_one, p))
      return TRUE;
  if (p->count >= n->min)
    return p->k (r, pos, p->data);
  return FALSE;
}

typedef struct {
  guint32 slot;
  Cont k;
  gpointer data;
} CapK;

static gboolean
cap_close (Ref *r, guint32 pos, gpointer data)
{
  CapK *c = data;
  gint32 old = r->caps[2 * c->slot + 1];
  r->caps[2 * c->slot + 1] = (gint32) pos;
  if (c->k (r, pos, c->data))
    return TRUE;
  r->caps[2 * c->slot + 1] = old;
  return FALSE;
}

static gboolean
match (Ref *r, const IrNode *n, guint32 pos, Cont k, gpointer data)
{
  switch (n->kind)
    {
    case IR_PRED:
      if (pos < r->n_ext && scanner_pred_holds (r->sc, n->pred, r->cls[pos]))
        return k (r, pos + 1, data);
      return FALSE;
    case IR_SEQ:
      {
        SeqK s = { n, 0, k, data };
        return seq_next (r, pos, &s);
      }
    case IR_ALT:
      for (guint i = 0; i < n->kids->len; i++)
        if (match (r, g_ptr_array_index (n->kids, i), pos, k, data))
          return TRUE;
      return FALSE;
    case IR_REPEAT:
      {
        RepK p = { n, 0, k, data };
        return rep_try (r, pos, &p);
      }
    case IR_CAPTURE:
      {
        gint32 old = r->caps[2 * n->slot];
        r->caps[2 * n->slot] = (gint32) pos;
        CapK c = { n->slot, k, data };
        if (match (r, n->child, pos, cap_close, &c))
          return TRUE;
        r->caps[2 * n->slot] = old;
        return FALSE;
      }
    }
  return FALSE;
}

static gboolean
at_end (Ref *r, guint32 pos, gpointer data)
{
  if (r->target < 0)
    {
      r->longest = MAX (r->longest, (gint32) pos);
      return FALSE;   /* keep looking for longer */
    }
  return (gint32) pos == r->target;
}

static gint32
real_pos (gint32 ext, guint32 n)
{
  if (ext < 0)
    return -1;
  gint32 x = ext - 1;
  return x < 0 ? 0 : x > (gint32) n ? (gint32) n : x;
}

/* Does PATTERN match anywhere? */
static gboolean
matches_anywhere (Ref *r, const IrNode *pattern, guint ncaps)
{
  for (guint32 s = 0; s < r->n_ext; s++)
    {
      r->target = -1;
      r->longest = -1;
      for (guint c = 0; c < 2 * ncaps; c++)
        r->caps[c] = -1;
      match (r, pattern, s, at_end, NULL);
      if (r->longest >= 0)
        return TRUE;
    }
  return FALSE;
}

void
reference_scan (Ir *ir, const AccordPack *pack, AccordScanner *sc, const guint32 *cls, guint32 n_ext,
                GArray *matches, GArray *caps)
{
  guint32 n_real = n_ext - 2;
  gint32 caps_buf[64];
  Ref r = { sc, cls, n_ext, caps_buf, -1, -1 };
  guint first = matches->len;
  for (guint i = 0; i < ir->rules->len; i++)
    {
      IrRule *rule = g_ptr_array_index (ir->rules, i);
      guint ncaps = rule->captures->len;
      gint32 veto = -1;
      for (guint v = 0; v < rule->vetoes->len && veto < 0; v++)
        if (matches_anywhere (&r, g_ptr_array_index (rule->vetoes, v), ncaps))
          veto = (gint32) (pack->rules[i].veto_first + v);
      guint32 pos = 0;
      while (pos < n_ext)
        {
          gboolean found = FALSE;
          for (guint32 s = pos; s < n_ext && !found; s++)
            {
              r.target = -1;
              r.longest = -1;
              match (&r, rule->pattern, s, at_end, NULL);
              if (r.longest < 0)
                continue;
              found = TRUE;
              r.target = r.longest;
              for (guint c = 0; c < 2 * ncaps; c++)
                caps_buf[c] = -1;
              match (&r, rule->pattern, s, at_end, NULL);
              ScanMatch m = { i, (guint32) real_pos ((gint32) s, n_real),
                              (guint32) real_pos (r.target, n_real), veto, caps->len, ncaps };
              for (guint c = 0; c < 2 * ncaps; c++)
                {
                  gint32 v = real_pos (caps_buf[c], n_real);
                  g_array_append_val (caps, v);
                }
              g_array_append_val (matches, m);
              pos = (guint32) r.target;
            }
          if (!found)
            break;
        }
    }
  if (matches->len > first)
    g_qsort_with_data ((guint8 *) matches->data + (gsize) first * sizeof (ScanMatch),
                       (gint) (matches->len - first), sizeof (ScanMatch), scan_match_compare, (gpointer) pack);
}
