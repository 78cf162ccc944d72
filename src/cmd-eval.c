/* cmd-eval.c: accord eval, rules measured against hand-labelled statements.
 *
 * A gold file holds one JSON object a line, the records that accord
 * classify writes (doc, start and end, labels suffice), so that a
 * classified file corrected by hand becomes gold.  `doc` is a path
 * relative to the gold file's directory.  Each document is classified as
 * `accord classify` would (the same pack, the same classifier, -j
 * threads), and each gold statement (a "unit") gets the labels of the
 * system statement that overlaps it most: the first of them on a tie, no
 * labels when none overlaps.
 *
 * The figures are those of the reference scorer (tools/score): only the
 * labels pledge, condition and quote are scored; for each, a unit is a
 * true positive when both gold and system have it, a false positive when
 * only the system does, a false negative when only the gold does;
 * precision, recall and F1 are 0 when their denominator is; the macro F1
 * is the mean of the three F1; the primary label of a set is the first of
 * quote, pledge and condition in it, else background.  Then, for the
 * analyst: the confusion of primary labels; per rule, the units it fired
 * on (one of its matches that no veto cancelled is in the statement the
 * unit was given), true positives when its label is among the unit's gold
 * labels and false positives otherwise, with examples; and the units whose
 * gold label no rule reached.
 *
 * Only the main thread prints, after every document is done, so the report
 * is the same whatever the number of threads.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json-glib/json-glib.h>

#include "classify.h"
#include "cli.h"
#include "jsonl.h"
#include "util.h"

/* Documents larger than this are refused (offsets are 32-bit). */
#define MAX_DOCUMENT ((gsize) G_MAXUINT32 - 1)
/* How many characters of a statement the text report shows. */
#define SNIPPET_CHARS 72

/* The scored labels, in the order of the tables, and the primary-label
 * order (quote > pledge > condition), as tools/score has them. */
enum { L_PLEDGE, L_CONDITION, L_QUOTE, N_SCORED, L_BACKGROUND = N_SCORED };
static const char *const scored_names[] = { "pledge", "condition", "quote", "background" };

static int
primary_of (guint mask)
{
  if (mask & (1u << L_QUOTE))
    return L_QUOTE;
  if (mask & (1u << L_PLEDGE))
    return L_PLEDGE;
  if (mask & (1u << L_CONDITION))
    return L_CONDITION;
  return L_BACKGROUND;
}

static int
scored_index (const char *name)
{
  for (int i = 0; i < N_SCORED; i++)
    if (g_str_equal (name, scored_names[i]))
      return i;
  return -1;
}

/* ---- gold ---- */

typedef struct {
  guint32 start, end;
  guint gold;             /* bit i: scored label i */
  guint64 gold_pack;      /* bit l: label l of the pack (for the rules) */
  /* Filled by the classification. */
  guint sys;
  gboolean exact;
  gint32 stmt;            /* the system statement it was given, or -1 */
  guint32 fired_first, n_fired;   /* into the document's fired rules */
} Unit;

typedef struct {
  char *path;             /* as found: the gold file's directory + doc */
  GArray *units;          /* Unit, in gold order */
  /* Filled by the classification. */
  char *text;
  gsize len;
  char *error;            /* why it could not be read, or NULL */
  gboolean past_end;      /* a unit ends past the end of the text */
  GArray *fired;          /* guint32 rule numbers */
} EvalDoc;

static void
eval_doc_free (gpointer p)
{
  EvalDoc *d = p;
  g_free (d->path);
  g_array_unref (d->units);
  g_free (d->text);
  g_free (d->error);
  if (d->fired)
    g_array_unref (d->fired);
  g_free (d);
}

typedef struct {
  Cli *cli;
  const AccordPack *pack;
  GPtrArray *docs;        /* EvalDoc*, in order of first mention */
  GHashTable *by_path;    /* path -> EvalDoc* (borrowed) */
  guint records;
} Gold;

/* Where DOC of gold file GOLD_PATH is: relative to the gold file's
 * directory, unless absolute. */
static char *
resolve_doc (const char *gold_path, const char *doc)
{
  if (g_path_is_absolute (doc) || g_str_equal (gold_path, "-"))
    return g_strdup (doc);
  g_autofree char *dir = g_path_get_dirname (gold_path);
  if (g_str_equal (dir, "."))
    return g_strdup (doc);
  return g_build_filename (dir, doc, NULL);
}

static gboolean
json_whole_number (JsonNode *node, gint64 *out)
{
  if (!node || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *out = json_node_get_int (node);
  return TRUE;
}

/* Reads one record; FALSE after an error, which has been printed. */
static gboolean
gold_record (Gold *g, const char *path, guint lineno, JsonNode *root)
{
  FILE *err = g->cli->err;
  const AccordPack *p = g->pack;
  JsonObject *obj = root && JSON_NODE_HOLDS_OBJECT (root) ? json_node_get_object (root) : NULL;
  if (!obj)
    {
      fprintf (err, "%s:%u: error: a gold record is a JSON object\n", path, lineno);
      return FALSE;
    }
  JsonNode *doc = json_object_get_member (obj, "doc");
  g_autofree char *name = NULL;
  gint64 num;
  if (doc && JSON_NODE_HOLDS_VALUE (doc) && json_node_get_value_type (doc) == G_TYPE_STRING
      && *json_node_get_string (doc))
    name = g_strdup (json_node_get_string (doc));
  else if (json_whole_number (doc, &num))
    name = g_strdup_printf ("%" G_GINT64_FORMAT, num);
  else
    {
      fprintf (err, "%s:%u: error: a gold record needs a \"doc\" (the document's path)\n", path, lineno);
      return FALSE;
    }
  gint64 start, end;
  if (!json_whole_number (json_object_get_member (obj, "start"), &start)
      || !json_whole_number (json_object_get_member (obj, "end"), &end))
    {
      fprintf (err, "%s:%u: error: a gold record needs \"start\" and \"end\" (whole numbers: byte offsets)\n",
               path, lineno);
      return FALSE;
    }
  if (start < 0 || end < start || end > (gint64) MAX_DOCUMENT)
    {
      fprintf (err, "%s:%u: error: the span %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
               " is not a span of bytes (0 <= start <= end)\n", path, lineno, start, end);
      return FALSE;
    }
  Unit u = { 0 };
  u.start = (guint32) start;
  u.end = (guint32) end;
  u.stmt = -1;
  JsonNode *labels = json_object_get_member (obj, "labels");
  if (labels && !JSON_NODE_HOLDS_NULL (labels))
    {
      JsonArray *arr = JSON_NODE_HOLDS_ARRAY (labels) ? json_node_get_array (labels) : NULL;
      guint n = arr ? json_array_get_length (arr) : 0;
      for (guint i = 0; arr && i < n; i++)
        {
          JsonNode *e = json_array_get_element (arr, i);
          if (!JSON_NODE_HOLDS_VALUE (e) || json_node_get_value_type (e) != G_TYPE_STRING)
            arr = NULL;
        }
      if (!arr)
        {
          fprintf (err, "%s:%u: error: \"labels\" must be a list of label names\n", path, lineno);
          return FALSE;
        }
      for (guint i = 0; i < n; i++)
        {
          const char *l = json_array_get_string_element (arr, i);
          int k = scored_index (l);
          gboolean known = k >= 0 || g_str_equal (l, "background");
          if (k >= 0 && k < N_SCORED)
            u.gold |= 1u << k;
          for (guint pl = 0; pl < p->n_labels && pl < ACCORD_MAX_LABELS; pl++)
            if (g_str_equal (l, pack_str (p, p->labels[pl].name)))
              {
                u.gold_pack |= G_GUINT64_CONSTANT (1) << pl;
                known = TRUE;
              }
          if (!known)
            fprintf (err, "%s:%u: warning: unknown label '%s' (not scored)\n", path, lineno, l);
        }
    }
  char *where = resolve_doc (path, name);
  EvalDoc *d = g_hash_table_lookup (g->by_path, where);
  if (!d)
    {
      d = g_new0 (EvalDoc, 1);
      d->path = where;
      d->units = g_array_new (FALSE, FALSE, sizeof (Unit));
      g_ptr_array_add (g->docs, d);
      g_hash_table_insert (g->by_path, d->path, d);
    }
  else
    g_free (where);
  g_array_append_val (d->units, u);
  g->records++;
  return TRUE;
}

typedef struct {
  Gold *g;
  const char *name;
} GoldRead;

static gboolean
gold_line (JsonNode *root, const char *line, gsize len, guint lineno, gpointer data)
{
  GoldRead *gr = data;
  (void) line;
  (void) len;
  return gold_record (gr->g, gr->name, lineno, root);
}

/* Reads the gold file PATH ("-": standard input); FALSE when a line or
 * the file could not be read (the good records are kept). */
static gboolean
read_gold (Gold *g, const char *path)
{
  FILE *err = g->cli->err;
  gboolean is_stdin = g_str_equal (path, "-");
  FILE *fp = is_stdin ? stdin : fopen (path, "rb");
  if (!fp)
    {
      fprintf (err, "accord: cannot open '%s': %s\n", path, g_strerror (errno));
      return FALSE;
    }
  struct stat st;
  if (!is_stdin && fstat (fileno (fp), &st) == 0 && S_ISDIR (st.st_mode))
    {
      fclose (fp);
      fprintf (err, "accord: cannot read '%s': %s\n", path, g_strerror (EISDIR));
      return FALSE;
    }
  GoldRead gr = { g, is_stdin ? "<stdin>" : path };
  gboolean ok = jsonl_read (fp, path, err, gold_line, &gr);
  if (!is_stdin)
    fclose (fp);
  return ok;
}

/* ---- classification ---- */

typedef struct {
  const AccordPack *pack;
  guint label_bits[ACCORD_MAX_LABELS];  /* pack label -> scored bit, or 0 */
  GMutex lock;
  GPtrArray *classifiers;   /* free AccordClassifier* */
} Run;

/* Gives each unit of D its system statement, labels and fired rules. */
static void
assign_units (Run *run, EvalDoc *d, const Classified *cls)
{
  const AccordPack *p = run->pack;
  const Record *recs = (const Record *) (void *) cls->records->data;
  guint nrec = cls->records->len;
  /* The statements come in order and do not overlap (segment.c); look
   * that up once, and search the records of a unit by halving. */
  gboolean sorted = TRUE;
  for (guint i = 1; i < nrec && sorted; i++)
    sorted = recs[i - 1].end <= recs[i].start;
  d->fired = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < d->units->len; i++)
    {
      Unit *u = &g_array_index (d->units, Unit, i);
      if (u->end > d->len)
        d->past_end = TRUE;
      guint lo = 0;
      if (sorted)
        {
          /* The first record that ends after the unit starts. */
          guint hi = nrec;
          while (lo < hi)
            {
              guint mid = lo + (hi - lo) / 2;
              if (recs[mid].end <= u->start)
                lo = mid + 1;
              else
                hi = mid;
            }
        }
      gint64 best = 0;
      for (guint k = lo; k < nrec; k++)
        {
          const Record *r = &recs[k];
          if (sorted && r->start >= u->end)
            break;
          if (r->start == u->start && r->end == u->end)
            u->exact = TRUE;
          gint64 ov = (gint64) MIN (u->end, r->end) - (gint64) MAX (u->start, r->start);
          if (ov > best)
            {
              best = ov;
              u->stmt = (gint32) k;
            }
        }
      u->fired_first = d->fired->len;
      if (u->stmt < 0)
        continue;
      const Record *r = &recs[u->stmt];
      for (guint l = 0; l < p->n_labels && l < ACCORD_MAX_LABELS; l++)
        if (r->labels & (G_GUINT64_CONSTANT (1) << l))
          u->sys |= run->label_bits[l];
      for (guint k = 0; k < r->n_matches; k++)
        {
          const RecMatch *m = &g_array_index (cls->matches, RecMatch, r->match_first + k);
          if (m->veto >= 0)
            continue;
          gboolean seen = FALSE;
          for (guint f = u->fired_first; f < d->fired->len && !seen; f++)
            seen = g_array_index (d->fired, guint32, f) == m->rule;
          if (!seen)
            g_array_append_val (d->fired, m->rule);
        }
      u->n_fired = d->fired->len - u->fired_first;
    }
}

static void
eval_work (gpointer data, gpointer user)
{
  EvalDoc *d = data;
  Run *run = user;
  FILE *fp = fopen (d->path, "rb");
  if (!fp)
    {
      d->error = g_strdup_printf ("cannot open '%s': %s", d->path, g_strerror (errno));
      return;
    }
  int e = 0;
  if (!read_all (fp, MAX_DOCUMENT, &d->text, &d->len, &e))   /* a directory: EISDIR */
    {
      d->error = g_strdup_printf ("cannot read '%s': %s", d->path,
                                  e == EFBIG ? "larger than 4 GiB" : g_strerror (e));
      fclose (fp);
      return;
    }
  fclose (fp);

  g_mutex_lock (&run->lock);
  AccordClassifier *c = run->classifiers->len
                          ? g_ptr_array_steal_index (run->classifiers, run->classifiers->len - 1)
                          : NULL;
  g_mutex_unlock (&run->lock);
  if (!c)
    {
      /* The figures need only which rules matched in each statement. */
      c = classifier_new (run->pack);
      classifier_set_detail (c, CLASSIFY_RULES);
    }
  Classified cls;
  classified_init (&cls);
  classifier_run (c, d->text, d->len, &cls);
  assign_units (run, d, &cls);
  classified_clear (&cls);
  g_mutex_lock (&run->lock);
  g_ptr_array_add (run->classifiers, c);
  g_mutex_unlock (&run->lock);
}

/* ---- the figures ---- */

typedef struct {
  const EvalDoc *doc;
  const Unit *unit;
} UnitRef;

typedef struct {
  guint32 rule;
  guint tp, fp;
  GArray *fps;            /* UnitRef, in report order */
} RuleStat;

typedef struct {
  guint units, exact, right, docs, docs_read;
  guint tp[N_SCORED], fp[N_SCORED], fn[N_SCORED];
  double precision[N_SCORED], recall[N_SCORED], f1[N_SCORED], macro_f1;
  double primary_accuracy, exact_boundaries;
  guint confusion[N_SCORED + 1][N_SCORED + 1];   /* [gold][system] primary */
  GArray *refs;           /* UnitRef of every unit scored, in report order */
  RuleStat *rules;        /* one per rule of the pack */
  GPtrArray *by_rule;     /* RuleStat*, in report order */
  GArray *unreached[N_SCORED];  /* UnitRef */
  GPtrArray *missing;     /* char*: documents that could not be read (borrowed) */
} Figures;

static int
cmp_ref (gconstpointer a, gconstpointer b)
{
  const UnitRef *x = a, *y = b;
  int c = strcmp (x->doc->path, y->doc->path);
  if (c)
    return c;
  if (x->unit->start != y->unit->start)
    return x->unit->start < y->unit->start ? -1 : 1;
  if (x->unit->end != y->unit->end)
    return x->unit->end < y->unit->end ? -1 : 1;
  return x->unit < y->unit ? -1 : x->unit > y->unit;   /* gold order within a document */
}

/* Most false positives first, then most true positives, then by name. */
static int
cmp_rule (gconstpointer a, gconstpointer b, gpointer pack)
{
  const AccordPack *cmp_pack = pack;
  const RuleStat *x = *(const RuleStat *const *) a, *y = *(const RuleStat *const *) b;
  if (x->fp != y->fp)
    return x->fp > y->fp ? -1 : 1;
  if (x->tp != y->tp)
    return x->tp > y->tp ? -1 : 1;
  int c = strcmp (pack_str (cmp_pack, cmp_pack->rules[x->rule].name),
                  pack_str (cmp_pack, cmp_pack->rules[y->rule].name));
  if (c)
    return c;
  return x->rule < y->rule ? -1 : x->rule > y->rule;
}

static double
ratio (guint a, guint b)
{
  return b ? (double) a / (double) b : 0.0;
}

static void
compute (Figures *f, const AccordPack *p, GPtrArray *docs)
{
  memset (f, 0, sizeof *f);
  f->refs = g_array_new (FALSE, FALSE, sizeof (UnitRef));
  f->missing = g_ptr_array_new ();
  f->docs = docs->len;
  for (guint i = 0; i < docs->len; i++)
    {
      const EvalDoc *d = g_ptr_array_index (docs, i);
      if (d->error)
        {
          g_ptr_array_add (f->missing, d->path);
          continue;
        }
      f->docs_read++;
      for (guint k = 0; k < d->units->len; k++)
        {
          UnitRef ref = { d, &g_array_index (d->units, Unit, k) };
          g_array_append_val (f->refs, ref);
        }
    }
  g_array_sort (f->refs, cmp_ref);

  f->rules = g_new0 (RuleStat, p->n_rules ? p->n_rules : 1);
  for (guint r = 0; r < p->n_rules; r++)
    {
      f->rules[r].rule = r;
      f->rules[r].fps = g_array_new (FALSE, FALSE, sizeof (UnitRef));
    }
  for (int l = 0; l < N_SCORED; l++)
    f->unreached[l] = g_array_new (FALSE, FALSE, sizeof (UnitRef));

  for (guint i = 0; i < f->refs->len; i++)
    {
      const UnitRef *ref = &g_array_index (f->refs, UnitRef, i);
      const Unit *u = ref->unit;
      f->units++;
      f->exact += u->exact;
      int gp = primary_of (u->gold), sp = primary_of (u->sys);
      f->right += gp == sp;
      f->confusion[gp][sp]++;
      for (int l = 0; l < N_SCORED; l++)
        {
          gboolean g = (u->gold >> l) & 1, s = (u->sys >> l) & 1;
          if (g && s)
            f->tp[l]++;
          else if (s)
            f->fp[l]++;
          else if (g)
            {
              f->fn[l]++;
              g_array_append_val (f->unreached[l], *ref);
            }
        }
      for (guint k = 0; k < u->n_fired; k++)
        {
          guint32 r = g_array_index (ref->doc->fired, guint32, u->fired_first + k);
          RuleStat *rs = &f->rules[r];
          if (u->gold_pack & (G_GUINT64_CONSTANT (1) << p->rules[r].label))
            rs->tp++;
          else
            {
              rs->fp++;
              g_array_append_val (rs->fps, *ref);
            }
        }
    }
  double sum = 0.0;
  for (int l = 0; l < N_SCORED; l++)
    {
      f->precision[l] = ratio (f->tp[l], f->tp[l] + f->fp[l]);
      f->recall[l] = ratio (f->tp[l], f->tp[l] + f->fn[l]);
      double pr = f->precision[l], rc = f->recall[l];
      f->f1[l] = pr + rc != 0.0 ? 2 * pr * rc / (pr + rc) : 0.0;
      sum += f->f1[l];
    }
  f->macro_f1 = sum / N_SCORED;
  f->primary_accuracy = ratio (f->right, f->units);
  f->exact_boundaries = ratio (f->exact, f->units);

  f->by_rule = g_ptr_array_new ();
  for (guint r = 0; r < p->n_rules; r++)
    g_ptr_array_add (f->by_rule, &f->rules[r]);
  g_ptr_array_sort_with_data (f->by_rule, cmp_rule, (gpointer) p);
}

static void
figures_clear (Figures *f, const AccordPack *p)
{
  g_array_unref (f->refs);
  for (guint r = 0; r < p->n_rules; r++)
    g_array_unref (f->rules[r].fps);
  g_free (f->rules);
  g_ptr_array_unref (f->by_rule);
  for (int l = 0; l < N_SCORED; l++)
    g_array_unref (f->unreached[l]);
  g_ptr_array_unref (f->missing);
}

/* ---- the report ---- */

/* The bytes of REF's unit as valid UTF-8 (the part inside the text). */
static char *
unit_text (const UnitRef *ref)
{
  const EvalDoc *d = ref->doc;
  gsize a = MIN (ref->unit->start, d->len), b = MIN (ref->unit->end, d->len);
  return g_utf8_make_valid (d->text + a, (gssize) (b - a));
}

/* TEXT on one line: white space runs as one space, at most MAX characters,
 * cut at a word when one ends in the last third, with an ellipsis. */
static char *
snippet (const char *text, guint max)
{
  GString *s = g_string_new (NULL);
  gboolean space = FALSE;
  for (const char *q = text; *q; q = g_utf8_next_char (q))
    {
      gunichar c = g_utf8_get_char (q);
      if (g_unichar_isspace (c) || c == 0x2028 || c == 0x2029 || c < 0x20 || c == 0x7f)
        {
          space = s->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (s, ' ');
      space = FALSE;
      g_string_append_unichar (s, c);
    }
  if (!s->len)
    g_string_append (s, "(white space only)");
  if (g_utf8_strlen (s->str, (gssize) s->len) <= (glong) max)
    return g_string_free (s, FALSE);
  const char *cut = g_utf8_offset_to_pointer (s->str, max - 1);
  gsize keep = (gsize) (cut - s->str);
  const char *sp = g_utf8_strrchr (s->str, (gssize) keep, ' ');
  if (sp && g_utf8_strlen (s->str, sp - s->str) >= (glong) (max * 2 / 3))
    keep = (gsize) (sp - s->str);
  g_string_truncate (s, keep);
  g_string_append (s, "\u2026");
  return g_string_free (s, FALSE);
}

static void
append_mask (GString *out, guint mask)
{
  gboolean first = TRUE;
  for (int l = 0; l < N_SCORED; l++)
    if (mask & (1u << l))
      {
        g_string_append_printf (out, "%s%s", first ? "" : ",", scored_names[l]);
        first = FALSE;
      }
  if (first)
    g_string_append (out, "background");
}

static void
text_example (GString *out, const UnitRef *ref, const char *what, guint mask)
{
  g_autofree char *text = unit_text (ref);
  g_autofree char *snip = snippet (text, SNIPPET_CHARS);
  g_string_append_printf (out, "    %s:%u-%u (%s: ", ref->doc->path, ref->unit->start, ref->unit->end, what);
  append_mask (out, mask);
  g_string_append_printf (out, ")\n      %s\n", snip);
}

static void
text_more (GString *out, guint shown, guint total)
{
  if (total > shown)
    g_string_append_printf (out, "    ... and %u more\n", total - shown);
}

static void
report_text (GString *out, const Figures *f, const AccordPack *p, guint examples)
{
  g_string_append_printf (out, "%u gold statement%s in %u document%s; pack %s\n", f->units,
                          f->units == 1 ? "" : "s", f->docs_read, f->docs_read == 1 ? "" : "s",
                          p->fingerprint);
  if (f->missing->len)
    {
      g_string_append (out, "documents that could not be read (left out):");
      for (guint i = 0; i < f->missing->len; i++)
        g_string_append_printf (out, " %s", (const char *) g_ptr_array_index (f->missing, i));
      g_string_append_c (out, '\n');
    }
  g_string_append_printf (out, "\n%-10s %6s %6s %6s %5s\n", "label", "P", "R", "F1", "gold");
  for (int l = 0; l < N_SCORED; l++)
    g_string_append_printf (out, "%-10s %6.3f %6.3f %6.3f %5u\n", scored_names[l], f->precision[l],
                            f->recall[l], f->f1[l], f->tp[l] + f->fn[l]);
  g_string_append_printf (out, "\nmacro F1          %.3f\n", f->macro_f1);
  g_string_append_printf (out, "primary accuracy  %.3f  (%u of %u)\n", f->primary_accuracy, f->right, f->units);
  g_string_append_printf (out, "exact boundaries  %.3f  (%u of %u)\n", f->exact_boundaries, f->exact, f->units);

  g_string_append (out, "\nprimary labels (rows: gold, columns: system)\n");
  g_string_append_printf (out, "%-10s", "");
  for (int s = 0; s <= N_SCORED; s++)
    g_string_append_printf (out, " %10s", scored_names[s]);
  g_string_append_c (out, '\n');
  for (int g = 0; g <= N_SCORED; g++)
    {
      g_string_append_printf (out, "%-10s", scored_names[g]);
      for (int s = 0; s <= N_SCORED; s++)
        g_string_append_printf (out, " %10u", f->confusion[g][s]);
      g_string_append_c (out, '\n');
    }

  /* Rules that fired, then the names of those that never did. */
  int width = (int) strlen ("rule");
  for (guint i = 0; i < f->by_rule->len; i++)
    {
      const RuleStat *rs = g_ptr_array_index (f->by_rule, i);
      if (rs->tp + rs->fp)
        width = MAX (width, (int) strlen (pack_str (p, p->rules[rs->rule].name)));
    }
  g_string_append (out, "\nrules (gold statements they fired on; TP: the rule's label is gold)\n");
  g_string_append_printf (out, "%-*s %-10s %5s %5s %9s\n", width, "rule", "label", "TP", "FP", "precision");
  GString *never = g_string_new (NULL);
  guint n_never = 0;
  for (guint i = 0; i < f->by_rule->len; i++)
    {
      const RuleStat *rs = g_ptr_array_index (f->by_rule, i);
      const PackRule *rule = &p->rules[rs->rule];
      if (!rs->tp && !rs->fp)
        {
          g_string_append_printf (never, " %s", pack_str (p, rule->name));
          n_never++;
          continue;
        }
      g_string_append_printf (out, "%-*s %-10s %5u %5u %9.3f\n", width, pack_str (p, rule->name),
                              pack_str (p, p->labels[rule->label].name), rs->tp, rs->fp,
                              ratio (rs->tp, rs->tp + rs->fp));
    }
  if (n_never)
    g_string_append_printf (out, "never fired (%u):%s\n", n_never, never->str);
  g_string_free (never, TRUE);

  if (examples > 0)
    {
      gboolean any = FALSE;
      for (guint i = 0; i < f->by_rule->len; i++)
        {
          const RuleStat *rs = g_ptr_array_index (f->by_rule, i);
          if (!rs->fp)
            continue;
          if (!any)
            g_string_append_printf (out, "\nfalse positives by rule (up to %u each)\n", examples);
          any = TRUE;
          const PackRule *rule = &p->rules[rs->rule];
          g_string_append_printf (out, "  %s -> %s: %u\n", pack_str (p, rule->name),
                                  pack_str (p, p->labels[rule->label].name), rs->fp);
          guint shown = MIN (examples, rs->fps->len);
          for (guint k = 0; k < shown; k++)
            {
              const UnitRef *ref = &g_array_index (rs->fps, UnitRef, k);
              text_example (out, ref, "gold", ref->unit->gold);
            }
          text_more (out, shown, rs->fps->len);
        }
    }

  gboolean any = FALSE;
  for (int l = 0; l < N_SCORED; l++)
    any = any || f->unreached[l]->len;
  if (any)
    {
      g_string_append (out, "\ngold statements no rule reached (the gold label is missing from the system's)\n");
      for (int l = 0; l < N_SCORED; l++)
        {
          GArray *a = f->unreached[l];
          if (!a->len)
            continue;
          g_string_append_printf (out, "  %s: %u\n", scored_names[l], a->len);
          guint shown = MIN (examples, a->len);
          for (guint k = 0; k < shown; k++)
            {
              const UnitRef *ref = &g_array_index (a, UnitRef, k);
              text_example (out, ref, "system", ref->unit->sys);
            }
          text_more (out, shown, a->len);
        }
    }
}

static void
json_mask (JsonBuilder *b, guint mask)
{
  json_builder_begin_array (b);
  for (int l = 0; l < N_SCORED; l++)
    if (mask & (1u << l))
      json_builder_add_string_value (b, scored_names[l]);
  json_builder_end_array (b);
}

static void
json_example (JsonBuilder *b, const UnitRef *ref)
{
  g_autofree char *text = unit_text (ref);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "doc");
  json_builder_add_string_value (b, ref->doc->path);
  json_builder_set_member_name (b, "start");
  json_builder_add_int_value (b, ref->unit->start);
  json_builder_set_member_name (b, "end");
  json_builder_add_int_value (b, ref->unit->end);
  json_builder_set_member_name (b, "gold");
  json_mask (b, ref->unit->gold);
  json_builder_set_member_name (b, "system");
  json_mask (b, ref->unit->sys);
  json_builder_set_member_name (b, "text");
  json_builder_add_string_value (b, text);
  json_builder_end_object (b);
}

static void
json_examples (JsonBuilder *b, GArray *refs, guint examples)
{
  json_builder_begin_array (b);
  for (guint k = 0; k < MIN (examples, refs->len); k++)
    json_example (b, &g_array_index (refs, UnitRef, k));
  json_builder_end_array (b);
}

static void
report_json (GString *out, const Figures *f, const AccordPack *p, guint examples)
{
  g_autoptr (JsonBuilder) b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "pack");
  json_builder_add_string_value (b, p->fingerprint);
  json_builder_set_member_name (b, "units");
  json_builder_add_int_value (b, f->units);
  json_builder_set_member_name (b, "documents");
  json_builder_add_int_value (b, f->docs_read);
  json_builder_set_member_name (b, "docs_missing");
  json_builder_begin_array (b);
  for (guint i = 0; i < f->missing->len; i++)
    json_builder_add_string_value (b, g_ptr_array_index (f->missing, i));
  json_builder_end_array (b);

  json_builder_set_member_name (b, "labels");
  json_builder_begin_object (b);
  for (int l = 0; l < N_SCORED; l++)
    {
      json_builder_set_member_name (b, scored_names[l]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "precision");
      json_builder_add_double_value (b, f->precision[l]);
      json_builder_set_member_name (b, "recall");
      json_builder_add_double_value (b, f->recall[l]);
      json_builder_set_member_name (b, "f1");
      json_builder_add_double_value (b, f->f1[l]);
      json_builder_set_member_name (b, "support");
      json_builder_add_int_value (b, f->tp[l] + f->fn[l]);
      json_builder_set_member_name (b, "tp");
      json_builder_add_int_value (b, f->tp[l]);
      json_builder_set_member_name (b, "fp");
      json_builder_add_int_value (b, f->fp[l]);
      json_builder_set_member_name (b, "fn");
      json_builder_add_int_value (b, f->fn[l]);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_set_member_name (b, "macro_f1");
  json_builder_add_double_value (b, f->macro_f1);
  json_builder_set_member_name (b, "primary_accuracy");
  json_builder_add_double_value (b, f->primary_accuracy);
  json_builder_set_member_name (b, "exact_boundaries");
  json_builder_add_double_value (b, f->exact_boundaries);

  json_builder_set_member_name (b, "confusion");
  json_builder_begin_object (b);
  for (int g = 0; g <= N_SCORED; g++)
    {
      json_builder_set_member_name (b, scored_names[g]);
      json_builder_begin_object (b);
      for (int s = 0; s <= N_SCORED; s++)
        {
          json_builder_set_member_name (b, scored_names[s]);
          json_builder_add_int_value (b, f->confusion[g][s]);
        }
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "rules");
  json_builder_begin_array (b);
  for (guint i = 0; i < f->by_rule->len; i++)
    {
      const RuleStat *rs = g_ptr_array_index (f->by_rule, i);
      const PackRule *rule = &p->rules[rs->rule];
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "rule");
      json_builder_add_string_value (b, pack_str (p, rule->name));
      json_builder_set_member_name (b, "label");
      json_builder_add_string_value (b, pack_str (p, p->labels[rule->label].name));
      json_builder_set_member_name (b, "file");
      json_builder_add_string_value (b, p->n_files ? pack_file_name (p, rule->file) : "");
      json_builder_set_member_name (b, "line");
      json_builder_add_int_value (b, rule->line);
      json_builder_set_member_name (b, "tp");
      json_builder_add_int_value (b, rs->tp);
      json_builder_set_member_name (b, "fp");
      json_builder_add_int_value (b, rs->fp);
      json_builder_set_member_name (b, "precision");
      json_builder_add_double_value (b, ratio (rs->tp, rs->tp + rs->fp));
      json_builder_set_member_name (b, "false_positives");
      json_examples (b, rs->fps, examples);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "unreached");
  json_builder_begin_object (b);
  for (int l = 0; l < N_SCORED; l++)
    {
      json_builder_set_member_name (b, scored_names[l]);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "count");
      json_builder_add_int_value (b, f->unreached[l]->len);
      json_builder_set_member_name (b, "examples");
      json_examples (b, f->unreached[l], examples);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);
  json_builder_end_object (b);

  g_autoptr (JsonGenerator) gen = json_generator_new ();
  json_generator_set_pretty (gen, TRUE);
  json_generator_set_indent (gen, 2);
  g_autoptr (JsonNode) root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  g_autofree char *text = json_generator_to_data (gen, NULL);
  g_string_append (out, text);
  g_string_append_c (out, '\n');
}

/* ---- the command ---- */

int
cmd_eval (Cli *cli, int argc, char **argv)
{
  g_auto (GStrv) rules = NULL, includes = NULL, args = NULL;
  g_autofree char *format = NULL;
  gint jobs = 0, examples = 3;
  GOptionEntry entries[] = {
    { "rules", 'r', 0, G_OPTION_ARG_FILENAME_ARRAY, &rules,
      "Rule files, directories of them, or one pack (may be repeated; default: the English pack)", "RULES" },
    { "include", 'I', 0, G_OPTION_ARG_FILENAME_ARRAY, &includes,
      "Look for imported packs in DIR first (may be repeated)", "DIR" },
    { "format", 'f', 0, G_OPTION_ARG_STRING, &format, "text (the default) or json", "FORMAT" },
    { "examples", 0, 0, G_OPTION_ARG_INT, &examples,
      "Show at most N statements per rule and per label (default 3; 0: none)", "N" },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &jobs, "Classify with N threads (default: one per core)", "N" },
    { NULL, 0, 0, 0, NULL, NULL, NULL },
  };
  int rc = parse_options (cli, find_command ("eval"), entries, argc, argv, &args);
  if (rc >= 0)
    return rc;
  gboolean json = FALSE;
  if (format && g_str_equal (format, "json"))
    json = TRUE;
  else if (format && !g_str_equal (format, "text"))
    return usage_error (cli, "eval", "--format takes text or json, not '%s'", format);
  if (examples < 0)
    return usage_error (cli, "eval", "--examples takes a number from 0");
  if (jobs < 0 || jobs > 1024)
    return usage_error (cli, "eval", "--jobs takes a number from 1 to 1024 (0: one per core)");
  if (!args || !args[0])
    return usage_error (cli, "eval", "eval needs at least one gold file (JSON Lines)");

  g_autoptr (AccordPack) pack = open_rules (cli, rules, includes, 0);
  if (!pack)
    return EXIT_ERRORS;
  const AccordPack *p = pack;

  gboolean ok = TRUE;
  Gold gold = { cli, p, g_ptr_array_new_with_free_func (eval_doc_free),
                g_hash_table_new (g_str_hash, g_str_equal), 0 };
  for (char **a = args; *a; a++)
    ok = read_gold (&gold, *a) && ok;

  Run run = { 0 };
  run.pack = p;
  for (guint l = 0; l < p->n_labels && l < ACCORD_MAX_LABELS; l++)
    {
      int k = scored_index (pack_str (p, p->labels[l].name));
      run.label_bits[l] = k >= 0 ? 1u << k : 0;
    }
  g_mutex_init (&run.lock);
  run.classifiers = g_ptr_array_new_with_free_func ((GDestroyNotify) classifier_free);
  guint threads = jobs ? (guint) jobs : g_get_num_processors ();
  threads = MIN (threads, gold.docs->len);
  if (threads > 1)
    {
      GThreadPool *pool = g_thread_pool_new (eval_work, &run, (gint) threads, FALSE, NULL);
      for (guint i = 0; i < gold.docs->len; i++)
        g_thread_pool_push (pool, g_ptr_array_index (gold.docs, i), NULL);
      g_thread_pool_free (pool, FALSE, TRUE);
    }
  else
    for (guint i = 0; i < gold.docs->len; i++)
      eval_work (g_ptr_array_index (gold.docs, i), &run);
  g_ptr_array_unref (run.classifiers);
  g_mutex_clear (&run.lock);

  for (guint i = 0; i < gold.docs->len; i++)
    {
      const EvalDoc *d = g_ptr_array_index (gold.docs, i);
      if (d->error)
        {
          fprintf (cli->err, "accord: %s\n", d->error);
          ok = FALSE;
        }
      else if (d->past_end)
        fprintf (cli->err, "accord: warning: '%s' has gold statements past its end (%" G_GSIZE_FORMAT
                 " bytes): is it the text the gold was made from?\n", d->path, d->len);
    }

  Figures f;
  compute (&f, p, gold.docs);
  GString *out = g_string_new (NULL);
  if (json)
    report_json (out, &f, p, (guint) examples);
  else
    report_text (out, &f, p, (guint) examples);
  fputs (out->str, cli->out);
  g_string_free (out, TRUE);
  figures_clear (&f, p);
  g_hash_table_unref (gold.by_path);
  g_ptr_array_unref (gold.docs);
  return ok ? EXIT_OK : EXIT_ERRORS;
}
