/* ir.c: lowers resolved rules to a small syntax-free form.
 *
 * Every test a pattern makes on a single token becomes a predicate over
 * "atoms": the folded word, its exact text, its stem, a prefix, or one of
 * the fixed shapes (WORD, NUM, CAP, PUNCT, opening and closing quotes,
 * and the virtual tokens ^ and $ that stand before and after each
 * sentence).  A list becomes one predicate for all its one-word entries
 * plus a sequence for each phrase; a literal phrase becomes a sequence;
 * QUOTE{m,n} becomes an opening mark, m to n words with any punctuation
 * between them, and a closing mark.  What remains is sequence,
 * alternation, greedy repetition and capture: the IR that nfa.c compiles
 * and that the reference matcher of the tests walks.
 */
#include "config.h"

#include <string.h>
#include <libstemmer.h>

#include "ir.h"
#include "tokenize.h"
#include "util.h"

char *
text_fold (const char *text, gssize len)
{
  /* ASCII (up to a NUL, as normalizing reads it) is its own NFKC: only
   * its capitals fold. */
  gsize n = 0;
  while ((len < 0 || n < (gsize) len) && text[n] && (guchar) text[n] < 0x80)
    n++;
  if ((len >= 0 && n == (gsize) len) || !text[n])
    {
      char *out = g_malloc (n + 1);
      for (gsize i = 0; i < n; i++)
        out[i] = g_ascii_tolower (text[i]);
      out[n] = '\0';
      return out;
    }
  g_autofree char *norm = g_utf8_normalize (text, len, G_NORMALIZE_NFKC);
  if (!norm)
    norm = g_utf8_make_valid (text, len);
  g_autofree char *fold = g_utf8_casefold (norm, -1);
  GString *out = g_string_sized_new (strlen (fold));
  for (const char *p = fold; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      if (c == 0x2019 || c == 0x2018 || c == 0x02bc)
        g_string_append_c (out, '\'');
      else if (c == 0x2010 || c == 0x2011)
        g_string_append_c (out, '-');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (out, FALSE);
}

static guint32
atom (Ir *ir, AtomKind kind, const char *text)
{
  GString *k = g_string_sized_new (strlen (text) + 4);
  string_append_uint (k, (guint32) kind);
  g_string_append_c (k, ':');
  g_string_append (k, text);
  g_autofree char *key = g_string_free (k, FALSE);
  gpointer found = g_hash_table_lookup (ir->atom_index, key);
  if (found)
    return GPOINTER_TO_UINT (found) - 1;
  guint32 id = ir->atom_kinds->len;
  g_ptr_array_add (ir->atom_kinds, GUINT_TO_POINTER (kind));
  g_ptr_array_add (ir->atom_texts, g_strdup (text));
  g_hash_table_insert (ir->atom_index, g_steal_pointer (&key), GUINT_TO_POINTER (id + 1));
  return id;
}

static gint
cmp_u32 (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return x < y ? -1 : x > y;
}

/* Interns the predicate (NEGATED, ATOMS); takes ATOMS. */
static guint32
pred (Ir *ir, gboolean negated, GArray *atoms)
{
  g_array_sort (atoms, cmp_u32);
  GString *key = g_string_new (negated ? "!" : "=");
  guint32 last = G_MAXUINT32;
  GArray *uniq = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint i = 0; i < atoms->len; i++)
    {
      guint32 a = g_array_index (atoms, guint32, i);
      if (a == last)
        continue;
      last = a;
      g_array_append_val (uniq, a);
      string_append_uint (key, a);
      g_string_append_c (key, ',');
    }
  g_array_unref (atoms);
  gpointer found = g_hash_table_lookup (ir->pred_index, key->str);
  if (found)
    {
      g_string_free (key, TRUE);
      g_array_unref (uniq);
      return GPOINTER_TO_UINT (found) - 1;
    }
  IrPred *p = g_new0 (IrPred, 1);
  p->negated = negated;
  p->atoms = uniq;
  guint32 id = ir->preds->len;
  g_ptr_array_add (ir->preds, p);
  g_hash_table_insert (ir->pred_index, g_string_free (key, FALSE), GUINT_TO_POINTER (id + 1));
  return id;
}

static GArray *
atoms_of (guint32 first, ...)
{
  GArray *a = g_array_new (FALSE, FALSE, sizeof (guint32));
  va_list ap;
  va_start (ap, first);
  for (guint32 x = first; x != G_MAXUINT32; x = va_arg (ap, guint32))
    g_array_append_val (a, x);
  va_end (ap);
  return a;
}

static IrNode *
node (Ir *ir, IrKind kind)
{
  IrNode *n = g_new0 (IrNode, 1);
  n->kind = kind;
  g_ptr_array_add (ir->nodes, n);
  if (kind == IR_SEQ || kind == IR_ALT)
    n->kids = g_ptr_array_new ();
  return n;
}

static IrNode *
pred_node (Ir *ir, guint32 p)
{
  IrNode *n = node (ir, IR_PRED);
  n->pred = p;
  return n;
}

static char *
stem_of (Ir *ir, const char *folded)
{
  const sb_symbol *s = sb_stemmer_stem (ir->stemmer, (const sb_symbol *) folded, (int) strlen (folded));
  return s ? g_strndup ((const char *) s, (gsize) sb_stemmer_length (ir->stemmer)) : g_strdup (folded);
}

/* The tokens of a literal, as the document tokenizer would cut them. */
static GArray *
literal_tokens (Ir *ir, const char *text)
{
  GArray *toks = g_array_new (FALSE, FALSE, sizeof (Token));
  tokenize_with (text, strlen (text), 0, &ir->abbrevs_fast, toks, NULL, NULL);
  return toks;
}

/* The atom of one token of a literal. */
static guint32
token_atom (Ir *ir, const char *text, const Token *t, gboolean exact)
{
  g_autofree char *raw = g_strndup (text + t->start, t->end - t->start);
  if (exact)
    return atom (ir, ATOM_KIND_EXACT, raw);
  g_autofree char *f = text_fold (raw, -1);
  return atom (ir, ATOM_KIND_WORD, f);
}

/* Adds to ATOMS the atom of a one-token entry, or returns FALSE when the
 * entry is a phrase (then *PHRASE is its sequence). */
static gboolean
entry_atoms (Ir *ir, AstEntryKind kind, const char *text, gboolean exact, GArray *atoms,
             IrNode **phrase)
{
  if (kind == AST_ENTRY_STEM || kind == AST_ENTRY_PREFIX)
    {
      g_autofree char *f = text_fold (text, -1);
      g_strstrip (f);
      if (kind == AST_ENTRY_STEM)
        {
          g_autofree char *s = stem_of (ir, f);
          guint32 a = atom (ir, ATOM_KIND_STEM, s);
          g_array_append_val (atoms, a);
        }
      else
        {
          guint32 a = atom (ir, ATOM_KIND_PREFIX, f);
          g_array_append_val (atoms, a);
        }
      return TRUE;
    }
  g_autoptr (GArray) toks = literal_tokens (ir, text);
  if (toks->len == 1)
    {
      guint32 a = token_atom (ir, text, &g_array_index (toks, Token, 0), exact);
      g_array_append_val (atoms, a);
      return TRUE;
    }
  IrNode *seq = node (ir, IR_SEQ);
  for (guint i = 0; i < toks->len; i++)
    {
      guint32 a = token_atom (ir, text, &g_array_index (toks, Token, i), exact);
      g_ptr_array_add (seq->kids, pred_node (ir, pred (ir, FALSE, atoms_of (a, G_MAXUINT32))));
    }
  *phrase = seq;
  return FALSE;
}

static guint32
class_atom (int cls)
{
  switch (cls)
    {
    case AST_CLASS_WORD: return ATOM_WORD;
    case AST_CLASS_NUM: return ATOM_NUM;
    case AST_CLASS_CAP: return ATOM_CAP;
    case AST_CLASS_PUNCT: return ATOM_PUNCT;
    case AST_CLASS_OPENQ: return ATOM_OPENQ;
    case AST_CLASS_CLOSEQ: return ATOM_CLOSEQ;
    default: return G_MAXUINT32;
    }
}

/* The atoms of a one-token pattern (for '!'); phrases are left out. */
static void
single_atoms (Ir *ir, const AstNode *n, GArray *atoms, gboolean *any)
{
  IrNode *phrase = NULL;
  switch (n->kind)
    {
    case AST_LITERAL:
      entry_atoms (ir, AST_ENTRY_WORD, n->text, n->case_sensitive, atoms, &phrase);
      break;
    case AST_STEM:
      entry_atoms (ir, AST_ENTRY_STEM, n->text, FALSE, atoms, &phrase);
      break;
    case AST_PREFIX:
      entry_atoms (ir, AST_ENTRY_PREFIX, n->text, FALSE, atoms, &phrase);
      break;
    case AST_NAME:
      if (n->cls == AST_CLASS_ANY)
        *any = TRUE;
      else if (n->cls >= 0)
        {
          guint32 a = class_atom (n->cls);
          if (a != G_MAXUINT32)
            g_array_append_val (atoms, a);
        }
      else if (n->list)
        {
          List *l = n->list;
          for (guint i = 0; i < l->entries->len; i++)
            {
              const AstEntry *e = g_ptr_array_index (l->entries, i);
              entry_atoms (ir, e->kind, e->text, e->case_sensitive, atoms, &phrase);
            }
        }
      break;
    case AST_ALT:
      for (guint i = 0; i < n->kids->len; i++)
        single_atoms (ir, g_ptr_array_index (n->kids, i), atoms, any);
      break;
    default:
      break;
    }
}

typedef struct {
  Ir *ir;
  IrRule *rule;
} Lower;

static IrNode *lower (Lower *lw, const AstNode *n);

static IrNode *
repeat (Ir *ir, IrNode *child, gint min, gint max)
{
  IrNode *r = node (ir, IR_REPEAT);
  r->child = child;
  r->min = min;
  r->max = max;
  return r;
}

/* A list's node: the list's entries are lowered at its first reference
 * only (a pack's lists are referenced by many rules). */
static IrNode *
lower_list (Lower *lw, List *l)
{
  Ir *ir = lw->ir;
  IrNode *done = g_hash_table_lookup (ir->list_nodes, l);
  if (done)
    return done;
  GArray *atoms = g_array_new (FALSE, FALSE, sizeof (guint32));
  IrNode *alt = node (ir, IR_ALT);
  for (guint i = 0; i < l->entries->len; i++)
    {
      const AstEntry *e = g_ptr_array_index (l->entries, i);
      IrNode *phrase = NULL;
      if (!entry_atoms (ir, e->kind, e->text, e->case_sensitive, atoms, &phrase))
        g_ptr_array_add (alt->kids, phrase);
    }
  if (atoms->len)
    g_ptr_array_insert (alt->kids, 0, pred_node (ir, pred (ir, FALSE, atoms)));
  else
    g_array_unref (atoms);
  done = alt->kids->len == 1 ? g_ptr_array_index (alt->kids, 0) : alt;
  g_hash_table_insert (ir->list_nodes, l, done);
  return done;
}

static IrNode *
lower (Lower *lw, const AstNode *n)
{
  Ir *ir = lw->ir;
  switch (n->kind)
    {
    case AST_LITERAL:
    case AST_STEM:
    case AST_PREFIX:
      {
        GArray *atoms = g_array_new (FALSE, FALSE, sizeof (guint32));
        IrNode *phrase = NULL;
        AstEntryKind k = n->kind == AST_STEM ? AST_ENTRY_STEM
                         : n->kind == AST_PREFIX ? AST_ENTRY_PREFIX
                                                 : AST_ENTRY_WORD;
        if (entry_atoms (ir, k, n->text, n->case_sensitive, atoms, &phrase))
          return pred_node (ir, pred (ir, FALSE, atoms));
        g_array_unref (atoms);
        return phrase;
      }
    case AST_NAME:
      if (n->cls == AST_CLASS_ANY)
        return pred_node (ir, pred (ir, TRUE, atoms_of (G_MAXUINT32)));
      if (n->cls == AST_CLASS_QUOTE)
        goto quote;
      if (n->cls >= 0)
        return pred_node (ir, pred (ir, FALSE, atoms_of (class_atom (n->cls), G_MAXUINT32)));
      return lower_list (lw, n->list);
    case AST_BAREWORD:
      g_assert_not_reached ();
    case AST_BOS:
      return pred_node (ir, pred (ir, FALSE, atoms_of (ATOM_BOS, G_MAXUINT32)));
    case AST_EOS:
      return pred_node (ir, pred (ir, FALSE, atoms_of (ATOM_EOS, G_MAXUINT32)));
    case AST_SEQ:
    case AST_ALT:
      {
        IrNode *r = node (ir, n->kind == AST_SEQ ? IR_SEQ : IR_ALT);
        for (guint i = 0; i < n->kids->len; i++)
          g_ptr_array_add (r->kids, lower (lw, g_ptr_array_index (n->kids, i)));
        return r;
      }
    case AST_REPEAT:
      return repeat (ir, lower (lw, n->child), n->min, n->max);
    case AST_NOT:
      {
        GArray *atoms = g_array_new (FALSE, FALSE, sizeof (guint32));
        gboolean any = FALSE;
        single_atoms (ir, n->child, atoms, &any);
        if (any)
          {
            /* !_ : no token at all. */
            g_array_set_size (atoms, 0);
            return pred_node (ir, pred (ir, FALSE, atoms));
          }
        return pred_node (ir, pred (ir, TRUE, atoms));
      }
    case AST_CAPTURE:
      {
        IrNode *c = node (ir, IR_CAPTURE);
        c->slot = lw->rule->captures->len;
        g_ptr_array_add (lw->rule->captures, (gpointer) n->text);
        c->child = lower (lw, n->child);
        return c;
      }
    case AST_QUOTE:
    quote:
      {
        /* OPENQ P* (W P*){min,max} CLOSEQ, where W is a word or number and
         * P any other real token but a closing mark. */
        gint min = n->kind == AST_QUOTE ? n->min : 1, max = n->kind == AST_QUOTE ? n->max : -1;
        guint32 w = pred (ir, FALSE, atoms_of (ATOM_WORD, ATOM_NUM, G_MAXUINT32));
        guint32 p = pred (ir, TRUE, atoms_of (ATOM_WORD, ATOM_NUM, ATOM_CLOSEQ, G_MAXUINT32));
        IrNode *seq = node (ir, IR_SEQ);
        g_ptr_array_add (seq->kids, pred_node (ir, pred (ir, FALSE, atoms_of (ATOM_OPENQ, G_MAXUINT32))));
        g_ptr_array_add (seq->kids, repeat (ir, pred_node (ir, p), 0, -1));
        IrNode *word = node (ir, IR_SEQ);
        g_ptr_array_add (word->kids, pred_node (ir, w));
        g_ptr_array_add (word->kids, repeat (ir, pred_node (ir, p), 0, -1));
        g_ptr_array_add (seq->kids, repeat (ir, word, min, max));
        g_ptr_array_add (seq->kids, pred_node (ir, pred (ir, FALSE, atoms_of (ATOM_CLOSEQ, G_MAXUINT32))));
        return seq;
      }
    }
  g_assert_not_reached ();
}

Ir *
ir_build (AccordRuleSet *set)
{
  Ir *ir = g_new0 (Ir, 1);
  ir->atom_kinds = g_ptr_array_new ();
  ir->atom_texts = g_ptr_array_new_with_free_func (g_free);
  ir->atom_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ir->preds = g_ptr_array_new ();
  ir->pred_index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ir->rules = g_ptr_array_new ();
  ir->nodes = g_ptr_array_new ();
  ir->list_nodes = g_hash_table_new (NULL, NULL);
  ir->stemmer = sb_stemmer_new ("english", "UTF_8");
  ir->abbrevs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  for (guint i = 0; i < set->abbrevs->len; i++)
    g_hash_table_add (ir->abbrevs, text_fold (g_ptr_array_index (set->abbrevs, i), -1));
  abbrev_set_init (&ir->abbrevs_fast, ir->abbrevs);
  for (guint i = 0; i < ATOM_N_FIXED; i++)
    {
      g_ptr_array_add (ir->atom_kinds, GUINT_TO_POINTER (ATOM_KIND_FIXED));
      g_ptr_array_add (ir->atom_texts, NULL);
    }

  for (guint i = 0; i < set->rules->len; i++)
    {
      AstRule *r = g_ptr_array_index (set->rules, i);
      IrRule *ir_rule = g_new0 (IrRule, 1);
      ir_rule->rule = i;
      ir_rule->captures = g_ptr_array_new ();
      ir_rule->vetoes = g_ptr_array_new ();
      Lower lw = { ir, ir_rule };
      ir_rule->pattern = lower (&lw, r->pattern);
      for (guint j = 0; j < r->vetoes->len; j++)
        g_ptr_array_add (ir_rule->vetoes, lower (&lw, g_ptr_array_index (r->vetoes, j)));
      g_ptr_array_add (ir->rules, ir_rule);
    }
  return ir;
}

static void
ir_node_free (gpointer p)
{
  IrNode *n = p;
  if (n->kids)
    g_ptr_array_unref (n->kids);
  g_free (n);
}

void
ir_free (Ir *ir)
{
  if (!ir)
    return;
  for (guint i = 0; i < ir->rules->len; i++)
    {
      IrRule *r = g_ptr_array_index (ir->rules, i);
      g_ptr_array_unref (r->captures);
      g_ptr_array_unref (r->vetoes);
      g_free (r);
    }
  g_ptr_array_unref (ir->rules);
  for (guint i = 0; i < ir->nodes->len; i++)
    ir_node_free (g_ptr_array_index (ir->nodes, i));
  g_ptr_array_unref (ir->nodes);
  g_hash_table_unref (ir->list_nodes);
  for (guint i = 0; i < ir->preds->len; i++)
    {
      IrPred *p = g_ptr_array_index (ir->preds, i);
      g_array_unref (p->atoms);
      g_free (p);
    }
  g_ptr_array_unref (ir->preds);
  g_hash_table_unref (ir->pred_index);
  g_ptr_array_unref (ir->atom_kinds);
  g_ptr_array_unref (ir->atom_texts);
  g_hash_table_unref (ir->atom_index);
  g_hash_table_unref (ir->abbrevs);
  sb_stemmer_delete (ir->stemmer);
  g_free (ir);
}
