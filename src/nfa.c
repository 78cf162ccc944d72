/* nfa.c: IR to a Pike VM program (a Thompson NFA as instructions).
 *
 * Each pattern (a rule, or one of its `unless` vetoes) compiles to its own
 * fragment ending in MATCH with the pattern's number: rules are numbered
 * 0..R-1 and vetoes R.. in order.  Repetitions are expanded: x{2,4} is
 * x x (x (x)?)?, x{1,} is x x*, all greedy (SPLIT prefers the longer
 * path), alternatives in order.  Captures are SAVE instructions, slots 2k
 * and 2k+1 for capture k of the rule.
 *
 * Counted repetition multiplies the program, so the program is bounded
 * by a state budget: the rule whose fragment crosses it gets an error at
 * its name, and nothing is allocated past the budget.
 */
#include "config.h"

#include "diag.h"
#include "pack.h"
#include "util.h"

typedef struct {
  GArray *prog;
  guint32 budget;
  gboolean over;
  gboolean strip;   /* leave captures out (the detection program) */
} Nfa;

static guint32
emit (Nfa *nfa, OpCode op, guint32 arg, guint32 x, guint32 y)
{
  if (nfa->prog->len >= nfa->budget)
    {
      nfa->over = TRUE;
      return 0;
    }
  Inst in = { op, arg, x, y };
  g_array_append_val (nfa->prog, in);
  return nfa->prog->len - 1;
}

#define PATCH_X(nfa, pc, to) (g_array_index ((nfa)->prog, Inst, (pc)).x = (to))
#define PATCH_Y(nfa, pc, to) (g_array_index ((nfa)->prog, Inst, (pc)).y = (to))
#define NEXT(nfa) ((nfa)->prog->len)

/* Emits N so that its last instructions fall through to NEXT (every
 * exit points at the pc right after the fragment); returns nothing.
 * Forward jumps are patched once the end is known. */
static void gen (Nfa *nfa, const IrNode *n);

static void
gen_repeat (Nfa *nfa, const IrNode *n)
{
  for (gint i = 0; i < n->min && !nfa->over; i++)
    gen (nfa, n->child);
  if (n->max < 0)
    {
      /* L: SPLIT body, out; body; JMP L */
      guint32 l = emit (nfa, OP_SPLIT, 0, 0, 0);
      if (nfa->over)
        return;
      PATCH_X (nfa, l, NEXT (nfa));
      gen (nfa, n->child);
      emit (nfa, OP_JMP, 0, l, 0);
      if (nfa->over)
        return;
      PATCH_Y (nfa, l, NEXT (nfa));
      return;
    }
  /* (x (x ...)?)? : each optional copy's SPLIT skips to the very end. */
  gint opt = n->max - n->min;
  g_autoptr (GArray) splits = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (gint i = 0; i < opt && !nfa->over; i++)
    {
      guint32 s = emit (nfa, OP_SPLIT, 0, 0, 0);
      if (nfa->over)
        return;
      PATCH_X (nfa, s, NEXT (nfa));
      g_array_append_val (splits, s);
      gen (nfa, n->child);
    }
  if (nfa->over)
    return;
  for (guint i = 0; i < splits->len; i++)
    PATCH_Y (nfa, g_array_index (splits, guint32, i), NEXT (nfa));
}

static void
gen (Nfa *nfa, const IrNode *n)
{
  if (nfa->over)
    return;
  switch (n->kind)
    {
    case IR_PRED:
      {
        guint32 pc = emit (nfa, OP_CONSUME, n->pred, 0, 0);
        if (!nfa->over)
          PATCH_X (nfa, pc, NEXT (nfa));
        break;
      }
    case IR_SEQ:
      for (guint i = 0; i < n->kids->len && !nfa->over; i++)
        gen (nfa, g_ptr_array_index (n->kids, i));
      break;
    case IR_ALT:
      {
        /* SPLIT k1, S2; k1; JMP end; S2: SPLIT k2, S3; ... ; kn */
        g_autoptr (GArray) jumps = g_array_new (FALSE, FALSE, sizeof (guint32));
        for (guint i = 0; i < n->kids->len && !nfa->over; i++)
          {
            gboolean last = i + 1 == n->kids->len;
            guint32 s = 0;
            if (!last)
              {
                s = emit (nfa, OP_SPLIT, 0, 0, 0);
                if (nfa->over)
                  return;
                PATCH_X (nfa, s, NEXT (nfa));
              }
            gen (nfa, g_ptr_array_index (n->kids, i));
            if (!last)
              {
                guint32 j = emit (nfa, OP_JMP, 0, 0, 0);
                if (nfa->over)
                  return;
                g_array_append_val (jumps, j);
                PATCH_Y (nfa, s, NEXT (nfa));
              }
          }
        if (nfa->over)
          return;
        for (guint i = 0; i < jumps->len; i++)
          PATCH_X (nfa, g_array_index (jumps, guint32, i), NEXT (nfa));
        break;
      }
    case IR_REPEAT:
      gen_repeat (nfa, n);
      break;
    case IR_CAPTURE:
      if (nfa->strip)
        {
          gen (nfa, n->child);
          break;
        }
      {
        guint32 a = emit (nfa, OP_SAVE, 2 * n->slot, 0, 0);
        if (nfa->over)
          return;
        PATCH_X (nfa, a, NEXT (nfa));
        gen (nfa, n->child);
        guint32 b = emit (nfa, OP_SAVE, 2 * n->slot + 1, 0, 0);
        if (nfa->over)
          return;
        PATCH_X (nfa, b, NEXT (nfa));
        break;
      }
    }
}

static guint32
gen_pattern (Nfa *nfa, const IrNode *n, guint32 id)
{
  guint32 start = NEXT (nfa);
  gen (nfa, n);
  emit (nfa, OP_MATCH, id, 0, 0);
  return start;
}

GArray *
nfa_compile (Ir *ir, AccordRuleSet *set, guint32 budget, AccordDiagnostics *diags,
             GArray **rule_starts, GArray **veto_starts)
{
  Nfa nfa = { g_array_new (FALSE, FALSE, sizeof (Inst)), budget, FALSE, FALSE };
  *rule_starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  *veto_starts = g_array_new (FALSE, FALSE, sizeof (guint32));
  guint32 n_rules = ir->rules->len, veto_id = n_rules;
  for (guint i = 0; i < n_rules; i++)
    {
      IrRule *r = g_ptr_array_index (ir->rules, i);
      guint32 before = nfa.prog->len;
      guint32 s = gen_pattern (&nfa, r->pattern, i);
      g_array_append_val (*rule_starts, s);
      for (guint j = 0; j < r->vetoes->len && !nfa.over; j++)
        {
          guint32 v = gen_pattern (&nfa, g_ptr_array_index (r->vetoes, j), veto_id++);
          g_array_append_val (*veto_starts, v);
        }
      if (nfa.over)
        {
          AstRule *ast = g_ptr_array_index (set->rules, r->rule);
          AccordDiag *d = accord_diag_add (diags, ACCORD_SEVERITY_ERROR, &ast->name.span, NULL,
                                           "rule '%s' goes over the state budget of %u "
                                           "(the rules before it use %u)",
                                           ast->name.text, budget, before);
          accord_diag_note (diags, d, &ast->name.span,
                            "lower the bounds of its repetitions, or raise the budget with "
                            "--state-budget");
          g_array_unref (nfa.prog);
          g_array_unref (*rule_starts);
          g_array_unref (*veto_starts);
          *rule_starts = *veto_starts = NULL;
          return NULL;
        }
    }
  return nfa.prog;
}

/* ---------------------------------------------------------------- */
/* The detection program                                            */
/*
 * The scanner's DFA only has to say which patterns match somewhere; the
 * Pike VM finds spans and captures afterwards, pattern by pattern.  So
 * the DFA runs over a program of its own, without captures, in which
 * patterns share their common beginnings: the top-level parts of every
 * pattern are inserted into a trie (parts compared by their structure),
 * so that a thousand rules that start with `actor:ACTOR _{0,3}` track one
 * gap, not a thousand.  Where a trie node has many children, a FAN
 * instruction stands for all of them: the children that start with a
 * plain word (a positive predicate) are indexed by its atoms, so a token
 * reaches only the children it can continue, and the others are entered
 * as usual.  Patterns that are identical (captures aside) end at the same
 * trie node: they get one MATCH, of a group that lists them all, so a
 * veto written under 2,000 rules costs the DFA's states one instruction,
 * not 2,000.
 */

#define FAN_MIN 8

typedef struct TrieNode TrieNode;
struct TrieNode {
  const IrNode *elem;       /* the part that leads here (NULL at the root) */
  GPtrArray *children;      /* TrieNode*, in insertion order */
  GHashTable *index;        /* part key -> TrieNode* */
  GArray *matches;          /* guint32 patterns that end here */
};

static TrieNode *
trie_node_new (const IrNode *elem)
{
  TrieNode *t = g_new0 (TrieNode, 1);
  t->elem = elem;
  t->children = g_ptr_array_new ();
  t->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  t->matches = g_array_new (FALSE, FALSE, sizeof (guint32));
  return t;
}

static void
trie_node_free (TrieNode *t)
{
  for (guint i = 0; i < t->children->len; i++)
    trie_node_free (g_ptr_array_index (t->children, i));
  g_ptr_array_unref (t->children);
  g_hash_table_unref (t->index);
  g_array_unref (t->matches);
  g_free (t);
}

/* A key that two parts share exactly when they match the same tokens the
 * same way (captures left out). */
static void
part_key (GString *out, const IrNode *n)
{
  switch (n->kind)
    {
    case IR_PRED:
      g_string_append_c (out, 'p');
      string_append_uint (out, n->pred);
      break;
    case IR_SEQ:
    case IR_ALT:
      g_string_append_c (out, n->kind == IR_SEQ ? 's' : 'a');
      g_string_append_c (out, '(');
      for (guint i = 0; i < n->kids->len; i++)
        {
          if (i)
            g_string_append_c (out, ',');
          part_key (out, g_ptr_array_index (n->kids, i));
        }
      g_string_append_c (out, ')');
      break;
    case IR_REPEAT:
      g_string_append_printf (out, "r%d,%d(", n->min, n->max);
      part_key (out, n->child);
      g_string_append_c (out, ')');
      break;
    case IR_CAPTURE:
      part_key (out, n->child);
      break;
    }
}

/* The top-level parts of a pattern: sequences and captures flattened. */
static void
parts_of (const IrNode *n, GPtrArray *out)
{
  if (n->kind == IR_CAPTURE)
    parts_of (n->child, out);
  else if (n->kind == IR_SEQ)
    for (guint i = 0; i < n->kids->len; i++)
      parts_of (g_ptr_array_index (n->kids, i), out);
  else
    g_ptr_array_add (out, (gpointer) n);
}

static void
trie_insert (TrieNode *root, const IrNode *pattern, guint32 id)
{
  g_autoptr (GPtrArray) parts = g_ptr_array_new ();
  parts_of (pattern, parts);
  TrieNode *t = root;
  for (guint i = 0; i < parts->len; i++)
    {
      const IrNode *part = g_ptr_array_index (parts, i);
      GString *key = g_string_new (NULL);
      part_key (key, part);
      TrieNode *next = g_hash_table_lookup (t->index, key->str);
      if (!next)
        {
          next = trie_node_new (part);
          g_ptr_array_add (t->children, next);
          g_hash_table_insert (t->index, g_string_free (key, FALSE), next);
        }
      else
        g_string_free (key, TRUE);
      t = next;
    }
  g_array_append_val (t->matches, id);
}

typedef struct {
  Nfa nfa;
  Ir *ir;
  GArray *fans;          /* PackFan */
  GArray *fan_keys;      /* PackFanKey */
  GArray *fan_children;  /* guint32 */
  GArray *groups;        /* PackGroup */
  GArray *group_patterns;/* guint32 */
} Detect;

/* The one MATCH of the patterns that end at T (which has some). */
static guint32
emit_match (Detect *dt, const TrieNode *t)
{
  PackGroup g = { dt->group_patterns->len, t->matches->len };
  /* Patterns are inserted in order: each group is ascending. */
  g_array_append_vals (dt->group_patterns, t->matches->data, t->matches->len);
  g_array_append_val (dt->groups, g);
  return emit (&dt->nfa, OP_MATCH, dt->groups->len - 1, 0, 0);
}

static void gen_node (Detect *dt, const TrieNode *t);

/* A child that starts with a plain word or list: dispatchable by atom. */
static gboolean
keyed (Detect *dt, const TrieNode *child)
{
  if (child->elem->kind != IR_PRED)
    return FALSE;
  const IrPred *p = g_ptr_array_index (dt->ir->preds, child->elem->pred);
  return !p->negated && p->atoms->len > 0;
}

static gint
cmp_key_entry (gconstpointer a, gconstpointer b)
{
  const guint64 x = *(const guint64 *) a, y = *(const guint64 *) b;
  return x < y ? -1 : x > y;
}

static void
gen_fan (Detect *dt, const TrieNode *t)
{
  Nfa *nfa = &dt->nfa;
  guint32 fan_id = dt->fans->len;
  PackFan placeholder = { 0 };
  g_array_append_val (dt->fans, placeholder);
  emit (nfa, OP_FAN, fan_id, 0, 0);
  g_autoptr (GArray) generic = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr (GArray) entries = g_array_new (FALSE, FALSE, sizeof (guint64));   /* atom << 32 | pc */
  if (t->matches->len)
    {
      guint32 pc = emit_match (dt, t);
      g_array_append_val (generic, pc);
    }
  for (guint i = 0; i < t->children->len && !nfa->over; i++)
    {
      const TrieNode *child = g_ptr_array_index (t->children, i);
      guint32 entry = NEXT (nfa);
      if (keyed (dt, child))
        {
          const IrPred *p = g_ptr_array_index (dt->ir->preds, child->elem->pred);
          for (guint k = 0; k < p->atoms->len; k++)
            {
              guint64 e = ((guint64) g_array_index (p->atoms, guint32, k) << 32) | entry;
              g_array_append_val (entries, e);
            }
        }
      else
        g_array_append_val (generic, entry);
      gen (nfa, child->elem);
      gen_node (dt, child);
    }
  if (nfa->over)
    return;
  g_array_sort (entries, cmp_key_entry);
  PackFan *f = &g_array_index (dt->fans, PackFan, fan_id);
  f->key_first = dt->fan_keys->len;
  for (guint i = 0; i < entries->len;)
    {
      guint32 a = (guint32) (g_array_index (entries, guint64, i) >> 32);
      PackFanKey k = { a, dt->fan_children->len, 0 };
      for (; i < entries->len && (guint32) (g_array_index (entries, guint64, i) >> 32) == a; i++)
        {
          guint32 pc = (guint32) (g_array_index (entries, guint64, i) & 0xffffffff);
          g_array_append_val (dt->fan_children, pc);
          k.n_children++;
        }
      g_array_append_val (dt->fan_keys, k);
    }
  f = &g_array_index (dt->fans, PackFan, fan_id);
  f->n_keys = dt->fan_keys->len - f->key_first;
  f->generic_first = dt->fan_children->len;
  g_array_append_vals (dt->fan_children, generic->data, generic->len);
  f->n_generic = generic->len;
}

/* Emits what follows node T (its part already emitted): its matches and
 * its children, as SPLITs or, for many children, a FAN. */
static void
gen_node (Detect *dt, const TrieNode *t)
{
  Nfa *nfa = &dt->nfa;
  guint n_match = t->matches->len ? 1 : 0, outs = n_match + t->children->len;
  if (t->children->len >= FAN_MIN)
    {
      gen_fan (dt, t);
      return;
    }
  for (guint i = 0; i < outs && !nfa->over; i++)
    {
      gboolean last = i + 1 == outs;
      guint32 s = 0;
      if (!last)
        {
          s = emit (nfa, OP_SPLIT, 0, 0, 0);
          if (nfa->over)
            return;
          PATCH_X (nfa, s, NEXT (nfa));
        }
      if (i < n_match)
        emit_match (dt, t);
      else
        {
          const TrieNode *child = g_ptr_array_index (t->children, i - n_match);
          gen (nfa, child->elem);
          gen_node (dt, child);
        }
      if (!last && !nfa->over)
        PATCH_Y (nfa, s, NEXT (nfa));
    }
}

GArray *
nfa_compile_detect (Ir *ir, guint32 *start, GArray **fans, GArray **fan_keys, GArray **fan_children,
                    GArray **groups, GArray **group_patterns)
{
  TrieNode *root = trie_node_new (NULL);
  guint32 id = 0;
  for (guint i = 0; i < ir->rules->len; i++)
    trie_insert (root, ((IrRule *) g_ptr_array_index (ir->rules, i))->pattern, id++);
  for (guint i = 0; i < ir->rules->len; i++)
    {
      IrRule *r = g_ptr_array_index (ir->rules, i);
      for (guint j = 0; j < r->vetoes->len; j++)
        trie_insert (root, g_ptr_array_index (r->vetoes, j), id++);
    }
  Detect dt = { { g_array_new (FALSE, FALSE, sizeof (Inst)), G_MAXUINT32, FALSE, TRUE }, ir,
                g_array_new (FALSE, FALSE, sizeof (PackFan)), g_array_new (FALSE, FALSE, sizeof (PackFanKey)),
                g_array_new (FALSE, FALSE, sizeof (guint32)), g_array_new (FALSE, FALSE, sizeof (PackGroup)),
                g_array_new (FALSE, FALSE, sizeof (guint32)) };
  *start = 0;
  if (root->children->len)
    gen_node (&dt, root);
  trie_node_free (root);
  *fans = dt.fans;
  *fan_keys = dt.fan_keys;
  *fan_children = dt.fan_children;
  *groups = dt.groups;
  *group_patterns = dt.group_patterns;
  return dt.nfa.prog;
}
