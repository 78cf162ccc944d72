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

typedef struct {
  GArray *prog;
  guint32 budget;
  gboolean over;
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
  Nfa nfa = { g_array_new (FALSE, FALSE, sizeof (Inst)), budget, FALSE };
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
