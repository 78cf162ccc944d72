/* test-automaton.c: the compiled automaton against what rules mean.
 *
 *  - /automaton/construct/...: one rule set and sentence per construct,
 *    with the matches written out by hand;
 *  - /automaton/differential: thousands of random rule sets and random
 *    sentences, the automaton's matches, spans and captures against the
 *    reference matcher's (tests/reference.c), and the cheaper scans (no
 *    captures; rules only) against the full one.  ACCORD_TEST_SEED picks the
 *    seed (printed on failure), ACCORD_DIFF_CASES the number of cases;
 *  - /automaton/pack/...: packs round-trip through their file format, and
 *    a corrupt, truncated or foreign pack is refused;
 *  - /automaton/budget: a rule set over the state budget is an error at
 *    the rule that blew it; a tiny DFA cache gives the same matches.
 */
#include "config.h"

#include <string.h>
#include <glib/gstdio.h>

#include "accord.h"
#include "ir.h"
#include "pack.h"
#include "reference.h"
#include "resolve.h"
#include "scan.h"

typedef struct {
  AccordDiagnostics *diags;
  AccordRuleSet *set;
  AccordPack *pack;
} Compiled;

static gboolean
compile_text (const char *text, Compiled *c, guint32 budget)
{
  c->diags = accord_diagnostics_new ();
  g_autoptr (AccordLoader) loader = accord_loader_new (c->diags);
  c->set = loader_load_text (loader, "t.rules", text, strlen (text));
  c->pack = c->set ? accord_pack_compile (c->set, c->diags, budget) : NULL;
  return c->pack != NULL;
}

static void
compiled_clear (Compiled *c)
{
  accord_pack_free (c->pack);
  accord_rule_set_free (c->set);
  accord_diagnostics_free (c->diags);
}

static char *
render (Compiled *c)
{
  return accord_diagnostics_render (c->diags, FALSE);
}

/* The matches as text: "rule[start,end) role=s,e ..." separated by "; ",
 * vetoed ones marked "!veto". */
static char *
describe (const AccordPack *p, GArray *matches, GArray *caps)
{
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < matches->len; i++)
    {
      const ScanMatch *m = &g_array_index (matches, ScanMatch, i);
      if (i)
        g_string_append (out, "; ");
      g_string_append_printf (out, "%s[%u,%u)", pack_str (p, p->rules[m->rule].name), m->start, m->end);
      for (guint k = 0; k < m->n_caps; k++)
        {
          gint32 s = g_array_index (caps, gint32, m->caps + 2 * k);
          gint32 e = g_array_index (caps, gint32, m->caps + 2 * k + 1);
          if (s >= 0)
            g_string_append_printf (out, " %s=%d,%d", pack_str (p, p->caps[p->rules[m->rule].cap_first + k]), s, e);
        }
      if (m->veto >= 0)
        g_string_append_printf (out, " !veto%d", m->veto);
    }
  return g_string_free (out, FALSE);
}

static char *
scan_text (const AccordPack *p, AccordScanner *sc, const char *text)
{
  g_autoptr (GArray) toks = g_array_new (FALSE, FALSE, sizeof (Token));
  tokenize (text, strlen (text), 0, p->abbrev_set, toks, NULL);
  g_autoptr (GArray) m = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
  g_autoptr (GArray) caps = g_array_new (FALSE, FALSE, sizeof (gint32));
  scanner_scan (sc, text, (const Token *) toks->data, toks->len, m, caps, NULL);
  return describe (p, m, caps);
}

/* Scans TEXT with the automaton (its tokens into TOKS, its matches into
 * M) and with the reference matcher over the same token classes; sets
 * *GOT and *WANT to both, described, and returns how many matches the
 * reference found. */
static guint
scan_both (const Compiled *comp, Ir *ir, AccordScanner *sc, const char *text, GArray *toks, GArray *m,
           char **got, char **want)
{
  tokenize (text, strlen (text), 0, comp->pack->abbrev_set, toks, NULL);
  g_autoptr (GArray) caps = g_array_new (FALSE, FALSE, sizeof (gint32));
  scanner_scan (sc, text, (const Token *) toks->data, toks->len, m, caps, NULL);
  guint32 n_ext = toks->len + 2;
  g_autofree guint32 *cls = g_new (guint32, n_ext);
  cls[0] = scanner_bos_class (sc);
  for (guint i = 0; i < toks->len; i++)
    cls[i + 1] = scanner_token_class (sc, text, &g_array_index (toks, Token, i));
  cls[n_ext - 1] = scanner_eos_class (sc);
  g_autoptr (GArray) m2 = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
  g_autoptr (GArray) c2 = g_array_new (FALSE, FALSE, sizeof (gint32));
  reference_scan (ir, comp->pack, sc, cls, n_ext, m2, c2);
  *got = describe (comp->pack, m, caps);
  *want = describe (comp->pack, m2, c2);
  return m2->len;
}

/* ---- constructs ---- */

typedef struct {
  const char *name;
  const char *rules;     /* after a fixed header */
  const char *text;
  const char *expect;
} Construct;

#define HEADER "pack \"t\" version 1;\nlabels pledge(actor, act), condition(clause), quote(source, cue);\n"

static const Construct constructs[] = {
  { "literal", "rule r -> pledge : \"pledged\" \"to\";", "Ministers pledged to act.", "r[1,3)" },
  { "literal-case-insensitive", "rule r -> pledge : \"PLEDGED\";", "They Pledged it.", "r[1,2)" },
  { "literal-case-sensitive", "rule r -> pledge : =\"EU\";", "The EU and the eu.", "r[1,2)" },
  { "phrase", "rule r -> pledge : \"according to\";", "It is, according to the text, done.", "r[3,5)" },
  { "stem", "rule r -> pledge : ~commit;", "It commits; they committed; a commitment.", "r[1,2); r[4,5); r[7,8)" },
  { "prefix", "rule r -> pledge : \"negotiat*\";", "Negotiators negotiated a negation.", "r[0,1); r[1,2)" },
  { "list", "list V = vowed \"stand ready\" ~promise;\nrule r -> pledge : V \"to\";",
    "They vowed to go; we stand ready to help; it promises to end.", "r[1,3); r[6,9); r[12,14)" },
  { "class-word-num-punct", "rule r -> pledge : WORD NUM PUNCT;", "Pay 50 , now", "r[0,3)" },
  { "class-cap", "rule r -> pledge : CAP CAP;", "the New York talks", "r[1,3)" },
  { "any", "rule r -> pledge : \"will\" _ \"troops\";", "We will send troops.", "r[1,4)" },
  { "gap", "rule r -> pledge : \"will\" _{0,3} \"troops\";", "We will send more new troops.", "r[1,6)" },
  { "gap-too-long", "rule r -> pledge : \"will\" _{0,1} \"troops\";", "We will send more troops.", "" },
  { "alternation", "rule r -> pledge : (\"vowed\" | \"pledged\") \"to\";", "They pledged to act.", "r[1,3)" },
  { "optional", "rule r -> pledge : \"will\" \"not\"? \"attack\";", "They will not attack; we will attack.", "r[1,4); r[6,8)" },
  { "plus-longest", "rule r -> pledge : CAP+;", "talks in New York City today", "r[2,5)" },
  { "counted", "rule r -> pledge : \"very\"{2,3};", "very very very very", "r[0,3)" },
  { "bos", "rule r -> condition : ^ \"if\";", "If so, then if not.", "r[0,1)" },
  { "eos", "rule r -> condition : \"said\" $;", "He said it was said", "r[4,5)" },
  { "eos-after-punct", "rule r -> condition : \"said\" PUNCT $;", "He said.", "r[1,3)" },
  { "negation", "rule r -> pledge : \"will\" !\"not\";", "We will not go; we will go.", "r[6,8)" },
  { "negation-list", "list NEG = not never;\nrule r -> pledge : \"will\" !NEG WORD;", "will never go, will go now", "r[4,7)" },
  { "capture", "rule r -> pledge : actor:CAP+ \"pledged\";", "Kyiv and New Delhi pledged", "r[2,5) actor=2,4" },
  { "capture-alternatives", "rule r -> pledge : (actor:CAP | act:NUM) \"left\";", "Ten 10 left", "r[1,3) act=1,2" },
  { "capture-last-iteration", "rule r -> pledge : (actor:CAP)+ \"left\";", "Paris Rome left", "r[0,3) actor=1,2" },
  { "veto", "rule r -> pledge : \"will\" WORD unless \"likely\";",
    "It will hold, likely.", "r[1,3) !veto0" },
  { "veto-not-matching", "rule r -> pledge : \"will\" WORD unless \"likely\";", "It will hold.", "r[1,3)" },
  { "quote", "rule r -> quote : QUOTE{3,} source:CAP;", "\"We will stay here,\" Macron said.", "r[0,8) source=7,8" },
  { "quote-too-short", "rule r -> quote : QUOTE{3,} CAP;", "\"Stay,\" Macron said.", "" },
  { "quote-curly", "rule r -> quote : OPENQ WORD+ CLOSEQ;", "He said “we stay” today", "r[2,6)" },
  { "overlap-order", "rule a -> pledge : \"will\" \"go\";\nrule b -> pledge priority 5 : \"will\" \"go\";\n"
    "rule c -> pledge : \"we\" \"will\" \"go\";", "we will go", "c[0,3); b[1,3); a[1,3)" },
  { "non-overlapping-per-rule", "rule r -> pledge : \"a\" \"a\";", "a a a a a", "r[0,2); r[2,4)" },
  { "leftmost-then-longest", "rule r -> pledge : \"a\" | \"a\" \"b\" | \"b\" \"c\";", "a b c", "r[0,2)" },
  { "abbrev-token", "rule r -> pledge : \"U.S.\" \"will\";", "The U.S. will pay.", "r[1,3)" },
  { "apostrophe", "rule r -> pledge : \"Ukraine's\" \"allies\";", "Ukraine’s allies met.", "r[0,2)" },
};

static void
test_construct (gconstpointer data)
{
  const Construct *c = data;
  g_autofree char *text = g_strconcat (HEADER, c->rules, "\n", NULL);
  Compiled comp = { 0 };
  if (!compile_text (text, &comp, 0))
    {
      g_autofree char *d = render (&comp);
      g_test_message ("rules do not compile:\n%s", d);
      g_test_fail ();
      compiled_clear (&comp);
      return;
    }
  g_autoptr (AccordScanner) sc = scanner_new (comp.pack);
  g_autofree char *got = scan_text (comp.pack, sc, c->text);
  g_assert_cmpstr (got, ==, c->expect);
  compiled_clear (&comp);
}

/* ---- differential ---- */

static const char *const vocab[] = {
  "alpha", "beta", "gamma", "delta", "Alpha", "Beta", "running", "runs", "gammas", "42", ",", ".",
  "\"", "“", "”", "zeta", "Zeta", "beta-gamma", "3.5%",
};

typedef struct {
  GRand *rand;
  GString *out;
  int captures;          /* used in this rule */
  int depth;
} Gen;

static int
pick (Gen *g, int n)
{
  return g_rand_int_range (g->rand, 0, n);
}

/* Writes a pattern; returns TRUE if it can match no token. */
static gboolean gen_pattern (Gen *g, gboolean in_veto);

static gboolean
gen_atom (Gen *g, gboolean in_veto)
{
  static const char *const atoms[] = {
    "\"alpha\"", "\"beta\"", "\"gamma\"", "=\"Alpha\"", "~\"run\"", "\"gam*\"", "L1", "L2",
    "_", "WORD", "CAP", "NUM", "PUNCT", "OPENQ", "CLOSEQ", "!\"alpha\"", "!L2", "!CAP",
    "\"beta gamma\"", "QUOTE", "QUOTE{1,2}", "\",\"", "\"zeta\"",
  };
  if (g->depth < 3 && pick (g, 5) == 0)
    {
      g_string_append_c (g->out, '(');
      g->depth++;
      gboolean nullable = gen_pattern (g, in_veto);
      g->depth--;
      g_string_append_c (g->out, ')');
      return nullable;
    }
  g_string_append (g->out, atoms[pick (g, G_N_ELEMENTS (atoms))]);
  return FALSE;
}

static gboolean
gen_item (Gen *g, gboolean in_veto)
{
  gboolean cap = !in_veto && g->captures < 3 && pick (g, 6) == 0;
  if (cap)
    g_string_append_printf (g->out, "%c:", "xyz"[g->captures++]);
  gsize mark = g->out->len;
  gboolean nullable = gen_atom (g, in_veto);
  const char *atom = g->out->str + mark;
  /* Groups get no unbounded quantifier: one holding a gap would be an
   * unbounded gap. */
  gboolean gap = g_str_equal (atom, "_") || atom[0] == '!' || atom[0] == '(';
  if (!nullable && !g_str_has_prefix (atom, "QUOTE{"))
    switch (pick (g, 10))
      {
      case 0:
        g_string_append_c (g->out, '?');
        nullable = TRUE;
        break;
      case 1:
        if (!gap)
          {
            g_string_append_c (g->out, '*');
            nullable = TRUE;
          }
        break;
      case 2:
        if (!gap)
          g_string_append_c (g->out, '+');
        break;
      case 3:
        {
          int m = pick (g, 3), n = m + pick (g, 3);
          g_string_append_printf (g->out, "{%d,%d}", m, MAX (n, 1));
          nullable = m == 0;
          break;
        }
      default:
        break;
      }
  return nullable;
}

static gboolean
gen_seq (Gen *g, gboolean in_veto)
{
  gboolean nullable = TRUE;
  if (pick (g, 6) == 0)
    g_string_append (g->out, "^ ");
  int n = 1 + pick (g, 3);
  for (int i = 0; i < n; i++)
    {
      if (i)
        g_string_append_c (g->out, ' ');
      nullable = gen_item (g, in_veto) && nullable;
    }
  if (pick (g, 6) == 0)
    g_string_append (g->out, " $");
  return nullable;
}

static gboolean
gen_pattern (Gen *g, gboolean in_veto)
{
  gboolean nullable = gen_seq (g, in_veto);
  if (pick (g, 4) == 0)
    {
      g_string_append (g->out, " | ");
      nullable = gen_seq (g, in_veto) || nullable;
    }
  return nullable;
}

static char *
gen_rules (GRand *rand, int many)
{
  Gen g = { rand, g_string_new (HEADER), 0, 0 };
  g_string_truncate (g.out, 0);
  g_string_append (g.out, "pack \"t\" version 1;\nlabels a(x, y, z);\n"
                          "list L1 = alpha \"beta gamma\" ~running =\"Zeta\";\nlist L2 = delta \"gam*\" \",\";\n");
  /* Now and then many rules, so that the detection program shares their
   * beginnings and fans out to many children. */
  int n = many ? 20 + pick (&g, 30) : 1 + pick (&g, 4);
  for (int i = 0; i < n; i++)
    {
      g.captures = 0;
      g_string_append_printf (g.out, "rule r%d -> a priority %d : ", i, pick (&g, 3));
      gsize mark = g.out->len;
      gboolean nullable = gen_pattern (&g, FALSE);
      if (nullable)
        {
          /* Something required. */
          g_string_insert (g.out, mark, "\"beta\" (");
          g_string_append_c (g.out, ')');
        }
      if (pick (&g, 4) == 0)
        {
          g_string_append (g.out, " unless ");
          mark = g.out->len;
          if (gen_pattern (&g, TRUE))
            {
              g_string_insert (g.out, mark, "\"gamma\" (");
              g_string_append_c (g.out, ')');
            }
        }
      g_string_append (g.out, ";\n");
    }
  /* Keep the lists in use. */
  g_string_append (g.out, "rule keep -> a : L1 L2;\n");
  return g_string_free (g.out, FALSE);
}

static char *
gen_sentence (GRand *rand)
{
  GString *s = g_string_new (NULL);
  int n = g_rand_int_range (rand, 0, 11);
  for (int i = 0; i < n; i++)
    {
      if (i)
        g_string_append_c (s, ' ');
      g_string_append (s, vocab[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocab))]);
    }
  return g_string_free (s, FALSE);
}

static guint32
env_uint (const char *name, guint32 dflt)
{
  const char *v = g_getenv (name);
  return v && *v ? (guint32) g_ascii_strtoull (v, NULL, 10) : dflt;
}

/* One sentence, scanned every way: the full scan against the reference
 * matcher; the scan without captures and the rules-only scan against the
 * full one.  Returns FALSE (and fails the test, saying why) when they
 * differ; counts a sentence with matches in *WITH_MATCHES. */
static gboolean
check_sentence (Compiled *comp, Ir *ir, AccordScanner *sc, const char *text, const char *where,
                const char *rules, guint32 *with_matches)
{
  g_autoptr (GArray) toks = g_array_new (FALSE, FALSE, sizeof (Token));
  g_autoptr (GArray) m1 = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
  g_autofree char *got = NULL, *want = NULL;
  guint n_ref = scan_both (comp, ir, sc, text, toks, m1, &got, &want);
  /* Without captures, the same spans; rules only, the same rules and
   * vetoes, once each, in rule order. */
  g_autoptr (GArray) m3 = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
  scanner_scan (sc, text, (const Token *) toks->data, toks->len, m3, NULL, NULL);
  g_autoptr (GArray) m4 = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
  scanner_scan_rules (sc, text, (const Token *) toks->data, toks->len, m4, NULL);
  g_autoptr (GString) spans1 = g_string_new (NULL), spans3 = g_string_new (NULL);
  g_autoptr (GString) rules1 = g_string_new (NULL), rules4 = g_string_new (NULL);
  for (guint r = 0; r < comp->pack->n_rules; r++)
    for (guint i = 0; i < m1->len; i++)
      if (g_array_index (m1, ScanMatch, i).rule == r)
        {
          g_string_append_printf (rules1, "%u:%d ", r, g_array_index (m1, ScanMatch, i).veto);
          break;
        }
  for (guint i = 0; i < m1->len; i++)
    {
      const ScanMatch *a = &g_array_index (m1, ScanMatch, i);
      g_string_append_printf (spans1, "%u[%u,%u)%d ", a->rule, a->start, a->end, a->veto);
    }
  for (guint i = 0; i < m3->len; i++)
    {
      const ScanMatch *a = &g_array_index (m3, ScanMatch, i);
      g_string_append_printf (spans3, "%u[%u,%u)%d%s ", a->rule, a->start, a->end, a->veto,
                              a->n_caps ? "caps!" : "");
    }
  for (guint i = 0; i < m4->len; i++)
    g_string_append_printf (rules4, "%u:%d ", g_array_index (m4, ScanMatch, i).rule,
                            g_array_index (m4, ScanMatch, i).veto);
  if (!g_str_equal (spans1->str, spans3->str) || !g_str_equal (rules1->str, rules4->str))
    {
      g_test_message ("%s: spans without captures, or rules only, differ\n"
                      "rules:\n%s\nsentence: %s\nspans: %s\nwithout captures: %s\n"
                      "rules: %s\nrules only: %s",
                      where, rules, text, spans1->str, spans3->str, rules1->str, rules4->str);
      g_test_fail ();
      return FALSE;
    }
  if (!g_str_equal (got, want))
    {
      g_test_message ("%s: the automaton and the reference differ\n"
                      "rules:\n%s\nsentence: %s\nautomaton: %s\nreference: %s",
                      where, rules, text, got, want);
      g_test_fail ();
      return FALSE;
    }
  if (n_ref)
    (*with_matches)++;
  return TRUE;
}

/* Compiles generated RULES into *COMP; when they do not compile (a bug
 * of the generator or of the compiler), fails the test, saying why. */
static gboolean
compile_generated (const char *rules, Compiled *comp, guint32 seed, guint32 c)
{
  if (compile_text (rules, comp, 0))
    return TRUE;
  g_autofree char *d = render (comp);
  g_test_message ("seed %u case %u: generated rules do not compile:\n%s\n%s", seed, c, rules, d);
  g_test_fail ();
  compiled_clear (comp);
  return FALSE;
}

static void
test_differential (void)
{
  guint32 seed = env_uint ("ACCORD_TEST_SEED", 20261127);
  guint32 cases = env_uint ("ACCORD_DIFF_CASES", 10000);
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint32 compared = 0, with_matches = 0;
  for (guint32 c = 0; c < cases; c++)
    {
      g_autofree char *rules = gen_rules (rand, c % 10 == 9);
      Compiled comp = { 0 };
      if (!compile_generated (rules, &comp, seed, c))
        return;
      g_autoptr (Ir) ir = ir_build (comp.set);
      g_autoptr (AccordScanner) sc = scanner_new (comp.pack);
      /* A tiny cache now and then, so that resets are compared too. */
      if (c % 7 == 0)
        scanner_set_cache_limit (sc, 4096);
      g_autofree char *where = g_strdup_printf ("seed %u case %u", seed, c);
      gboolean ok = TRUE;
      for (int k = 0; k < 3 && ok; k++)
        {
          g_autofree char *text = gen_sentence (rand);
          ok = check_sentence (&comp, ir, sc, text, where, rules, &with_matches);
          compared++;
        }
      compiled_clear (&comp);
      if (!ok)
        return;
    }
  g_test_message ("seed %u: %u rule sets, %u sentences compared, %u with matches", seed, cases,
                  compared, with_matches);
  /* The generator must exercise matching, not only silence. */
  g_assert_cmpuint (with_matches, >, compared / 4);
}

/* A big pack is factored (scan.c): each rule that starts with a word of
 * its own is a part, run as a DFA of its own, only while the text gives
 * it something to do.  The same comparisons over packs of random rules,
 * most after one of 80 keywords, some as the other differential cases
 * write them (the main part), and sentences that mix the keywords in;
 * with a tiny cache now and then, so that the cache is emptied in the
 * middle of a sentence with parts active, and stepping the NFA (the
 * cache thrashes) is compared too. */
static void
test_differential_factored (void)
{
  guint32 seed = env_uint ("ACCORD_TEST_SEED", 20261127);
  guint32 cases = env_uint ("ACCORD_DIFF_CASES", 10000) / 100 + 1;
  g_autoptr (GRand) rand = g_rand_new_with_seed (seed);
  guint32 compared = 0, with_matches = 0;
  gsize resets = 0, nfa = 0;
  for (guint32 c = 0; c < cases; c++)
    {
      g_autofree char *base = gen_rules (rand, 1);
      GString *r = g_string_new (base);
      Gen g = { rand, r, 0, 0 };
      for (int i = 0; i < 120; i++)
        {
          g.captures = 0;
          g_string_append_printf (r, "rule k%d -> a : \"kw%d\" (", i, i % 80);
          gen_pattern (&g, FALSE);
          g_string_append_c (r, ')');
          if (pick (&g, 5) == 0)
            {
              g_string_append_printf (r, " unless \"kw%d\" (", pick (&g, 80));
              gen_pattern (&g, TRUE);
              g_string_append_c (r, ')');
            }
          g_string_append (r, ";\n");
        }
      g_autofree char *rules = g_string_free (r, FALSE);
      Compiled comp = { 0 };
      if (!compile_generated (rules, &comp, seed, c))
        return;
      g_autoptr (Ir) ir = ir_build (comp.set);
      g_autoptr (AccordScanner) sc = scanner_new (comp.pack);
      if (c % 3 == 0)
        scanner_set_cache_limit (sc, 4096);
      g_autofree char *where = g_strdup_printf ("seed %u factored case %u", seed, c);
      gboolean ok = TRUE;
      for (int k = 0; k < 40 && ok; k++)
        {
          GString *s = g_string_new (NULL);
          int n = g_rand_int_range (rand, 0, 25);
          for (int i = 0; i < n; i++)
            {
              if (i)
                g_string_append_c (s, ' ');
              if (g_rand_int_range (rand, 0, 3) == 0)
                g_string_append_printf (s, "kw%d", g_rand_int_range (rand, 0, 80));
              else
                g_string_append (s, vocab[g_rand_int_range (rand, 0, G_N_ELEMENTS (vocab))]);
            }
          g_autofree char *text = g_string_free (s, FALSE);
          ok = check_sentence (&comp, ir, sc, text, where, rules, &with_matches);
          compared++;
        }
      ScannerStats st;
      scanner_get_stats (sc, &st);
      compiled_clear (&comp);
      if (!ok)
        return;
      g_assert_cmpuint (st.parts, >=, 64);
      resets += st.resets;
      nfa += st.nfa_switches;
    }
  g_test_message ("%zu cache resets, %zu switches to the NFA", resets, nfa);
  g_assert_cmpuint (resets, >, 0);
  g_assert_cmpuint (nfa, >, 0);
  g_test_message ("seed %u: %u factored rule sets, %u sentences compared, %u with matches", seed, cases,
                  compared, with_matches);
  g_assert_cmpuint (with_matches, >, compared / 4);
}

/* ---- packs ---- */

static const char *pack_rules =
  HEADER
  "abbrev \"Gen.\";\n"
  "list V = vowed ~promise \"stand ready\";\n"
  "rule r -> pledge : actor:CAP V \"to\" unless \"not\";\n"
  "rule s -> condition priority 2 : \"if\" clause:(_{1,4});\n"
  "example \"Kyiv vowed to stay.\" -> pledge;\n"
  "example \"Nothing here.\" -> background;\n";

static void
test_pack_round_trip (void)
{
  Compiled comp = { 0 };
  g_assert_true (compile_text (pack_rules, &comp, 0));
  g_autofree char *dir = g_dir_make_tmp ("accord-pack-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "t.pack", NULL);
  g_autoptr (GError) error = NULL;
  g_assert_true (accord_pack_save (comp.pack, path, &error));
  g_assert_no_error (error);
  g_assert_true (accord_is_pack_file (path));
  g_autoptr (AccordPack) loaded = accord_pack_load (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (loaded);
  g_assert_cmpstr (accord_pack_fingerprint (loaded), ==, accord_pack_fingerprint (comp.pack));
  g_assert_cmpuint (strlen (accord_pack_fingerprint (loaded)), ==, 32);
  g_autoptr (GBytes) a = accord_pack_bytes (comp.pack);
  g_autoptr (GBytes) b = accord_pack_bytes (loaded);
  g_assert_true (g_bytes_equal (a, b));
  g_assert_cmpuint (loaded->n_examples, ==, 2);
  g_assert_cmpuint (loaded->n_abbrevs, ==, 1);

  const char *texts[] = { "Gen. Smith said Paris vowed to help if asked twice.",
                          "Kyiv promised to wait, not more.", "If Kyiv stands ready to act, fine." };
  g_autoptr (AccordScanner) s1 = scanner_new (comp.pack);
  g_autoptr (AccordScanner) s2 = scanner_new (loaded);
  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *x = scan_text (comp.pack, s1, texts[i]);
      g_autofree char *y = scan_text (loaded, s2, texts[i]);
      g_assert_cmpstr (x, ==, y);
      g_assert_cmpstr (x, !=, "");
    }
  g_unlink (path);
  g_rmdir (dir);
  compiled_clear (&comp);
}

static void
test_pack_fingerprint_follows_source (void)
{
  Compiled a = { 0 }, b = { 0 }, c = { 0 };
  g_assert_true (compile_text (pack_rules, &a, 0));
  g_assert_true (compile_text (pack_rules, &b, 0));
  g_autofree char *changed = g_strconcat (pack_rules, "# a comment\n", NULL);
  g_assert_true (compile_text (changed, &c, 0));
  g_assert_cmpstr (accord_pack_fingerprint (a.pack), ==, accord_pack_fingerprint (b.pack));
  g_assert_cmpstr (accord_pack_fingerprint (a.pack), !=, accord_pack_fingerprint (c.pack));
  compiled_clear (&a);
  compiled_clear (&b);
  compiled_clear (&c);
}

static GBytes *
pack_bytes_of (const char *rules)
{
  Compiled comp = { 0 };
  g_assert_true (compile_text (rules, &comp, 0));
  GBytes *b = accord_pack_bytes (comp.pack);
  compiled_clear (&comp);
  return b;
}

static void
expect_refused (const guint8 *data, gsize len, const char *fragment)
{
  g_autoptr (GBytes) b = g_bytes_new (data, len);
  g_autoptr (GError) error = NULL;
  g_autoptr (AccordPack) p = accord_pack_new_from_bytes (b, &error);
  g_assert_null (p);
  g_assert_error (error, ACCORD_ERROR, ACCORD_ERROR_FAILED);
  if (!strstr (error->message, fragment))
    {
      g_test_message ("message '%s' lacks '%s'", error->message, fragment);
      g_test_fail ();
    }
}

static void
test_pack_refuses_damage (void)
{
  g_autoptr (GBytes) good = pack_bytes_of (pack_rules);
  gsize n;
  const guint8 *d = g_bytes_get_data (good, &n);
  g_autofree guint8 *copy = g_memdup2 (d, n);

  expect_refused ((const guint8 *) "hello, world, this is not a pack at all...........................", 64,
                  "not an accord pack");
  expect_refused (d, 10, "not an accord pack");
  expect_refused (d, n - 1, "truncated");
  /* A flipped byte in the payload: the checksum catches it. */
  copy[n / 2] ^= 0x40;
  expect_refused (copy, n, "checksum");
  copy[n / 2] ^= 0x40;
  /* Another format version. */
  copy[12] = 99;
  expect_refused (copy, n, "version");
  copy[12] = d[12];
  /* Every single-byte truncation and a sweep of flips never crash. */
  for (gsize cut = 0; cut < n; cut += 7)
    {
      g_autoptr (GBytes) b = g_bytes_new (d, cut);
      g_autoptr (AccordPack) p = accord_pack_new_from_bytes (b, NULL);
      g_assert_null (p);
    }
}

/* Corrupt contents with a valid checksum: the bounds checks catch them. */
static void
test_pack_bounds_checked (void)
{
  g_autoptr (GBytes) good = pack_bytes_of (pack_rules);
  gsize n;
  const guint8 *d = g_bytes_get_data (good, &n);
  guint refused = 0, tried = 0;
  for (gsize at = 64; at < n; at += 3)
    {
      g_autofree guint8 *copy = g_memdup2 (d, n);
      copy[at] ^= 0xff;
      /* Recompute the checksum (FNV-1a 64 over the payload). */
      guint64 h = 0xcbf29ce484222325ull;
      for (gsize i = 64; i < n; i++)
        {
          h ^= copy[i];
          h *= 0x100000001b3ull;
        }
      memcpy (copy + 24, &h, 8);
      g_autoptr (GBytes) b = g_bytes_new (copy, n);
      g_autoptr (AccordPack) p = accord_pack_new_from_bytes (b, NULL);
      tried++;
      if (!p)
        {
          refused++;
          continue;
        }
      /* Whatever loads must scan without crashing. */
      g_autoptr (AccordScanner) sc = scanner_new (p);
      g_autofree char *s = scan_text (p, sc, "If Kyiv vowed to stay, Paris would not.");
    }
  g_test_message ("%u of %u damaged packs refused", refused, tried);
  g_assert_cmpuint (refused, >, 0);
}

static void
test_pack_load_errors (void)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (AccordPack) p = accord_pack_load ("/nonexistent/x.pack", &error);
  g_assert_null (p);
  g_assert_error (error, ACCORD_ERROR, ACCORD_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "No such file or directory"));
}

/* ---- the detection program ---- */

/* Rules that share a beginning share it in the detection program, and a
 * node with many children dispatches on the token's word. */
static void
test_detect_fan (void)
{
  GString *rules = g_string_new (HEADER "list WHO = Kyiv Paris Rome;\n");
  static const char *const verbs[] = { "pledged", "vowed", "promised", "offered", "agreed",
                                       "undertook", "committed", "swore", "guaranteed", "signed" };
  for (gsize i = 0; i < G_N_ELEMENTS (verbs); i++)
    g_string_append_printf (rules, "rule r%zu -> pledge : actor:WHO _{0,2} \"%s\" \"to\";\n", i, verbs[i]);
  g_string_append (rules, "rule tail -> pledge : actor:WHO _{0,2} CAP;\n");
  Compiled comp = { 0 };
  g_assert_true (compile_text (rules->str, &comp, 0));
  g_assert_cmpuint (comp.pack->n_fans, >=, 1);
  /* Shared: far fewer detection instructions than matching ones. */
  g_assert_cmpuint (comp.pack->n_detect, <, comp.pack->n_insts);
  g_autoptr (AccordScanner) sc = scanner_new (comp.pack);
  g_autofree char *a = scan_text (comp.pack, sc, "Kyiv then vowed to act and Rome swore to help");
  g_assert_cmpstr (a, ==, "r1[0,4) actor=0,1; r7[6,9) actor=6,7");
  g_autofree char *b = scan_text (comp.pack, sc, "Paris quickly Signed to it, Rome Lima");
  g_assert_cmpstr (b, ==, "r9[0,4) actor=0,1; tail[0,3) actor=0,1; tail[6,8) actor=6,7");
  compiled_clear (&comp);
  g_string_free (rules, TRUE);
}

/* ---- budget and cache ---- */

static void
test_budget_exceeded (void)
{
  Compiled comp = { 0 };
  const char *rules = HEADER "rule small -> pledge : \"a\";\nrule big -> pledge : (\"a\"{1,100}){1,100};\n";
  g_assert_false (compile_text (rules, &comp, 2000));
  g_autofree char *d = render (&comp);
  g_assert_nonnull (strstr (d, "t.rules:4:6: error: rule 'big' goes over the state budget of 2000"));
  compiled_clear (&comp);
  /* The same rules fit in the default budget. */
  Compiled ok = { 0 };
  g_assert_true (compile_text (rules, &ok, 0));
  compiled_clear (&ok);
}

static void
test_long_sentence_linear (void)
{
  Compiled comp = { 0 };
  g_assert_true (compile_text (HEADER "rule r -> pledge : \"a\" _{0,5} \"b\";\nrule s -> pledge : CAP+ \"x\";\n", &comp, 0));
  g_autoptr (AccordScanner) sc = scanner_new (comp.pack);
  /* 1,000,002 tokens: one pass, and two matches. */
  GString *t = g_string_new ("a b ");
  for (int i = 0; i < 499999; i++)
    g_string_append (t, "c d ");
  g_string_append (t, "a b");
  g_autofree char *s = scan_text (comp.pack, sc, t->str);
  g_assert_cmpstr (s, ==, "r[0,2); r[1000000,1000002)");
  g_string_free (t, TRUE);
  compiled_clear (&comp);
}

/* More token classes than a cached transition's key first has room for
 * (512): the keys widen as the classes come (over a small cache too, so
 * across resets), and the automaton agrees with the reference. */
static void
test_many_classes (void)
{
  g_autoptr (GString) rules = g_string_new (HEADER "list W =");
  for (int i = 0; i < 1500; i++)
    g_string_append_printf (rules, " w%dx", i);
  g_string_append (rules, ";\nrule r -> pledge : actor:W \"agreed\" W;\n"
                          "rule s -> quote : \"said\" _{0,2} source:W unless W W W W;\n");
  Compiled comp = { 0 };
  g_assert_true (compile_text (rules->str, &comp, 0));
  g_autoptr (Ir) ir = ir_build (comp.set);
  for (int small = 0; small < 2; small++)
    {
      g_autoptr (AccordScanner) sc = scanner_new (comp.pack);
      if (small)
        scanner_set_cache_limit (sc, 4096);
      for (int i = 0; i + 4 < 1500; i += 3)
        {
          g_autofree char *text = g_strdup_printf ("w%dx agreed w%dx, said w%dx the w%dx w%dx agreed w%dx.", i,
                                                   i + 1, i + 2, (i * 7) % 1500, i + 3, i + 4);
          g_autoptr (GArray) toks = g_array_new (FALSE, FALSE, sizeof (Token));
          g_autoptr (GArray) m1 = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
          g_autofree char *got = NULL, *want = NULL;
          scan_both (&comp, ir, sc, text, toks, m1, &got, &want);
          g_assert_cmpstr (got, ==, want);
          g_assert_cmpuint (m1->len, >=, 2);
        }
      ScannerStats st;
      scanner_get_stats (sc, &st);
      g_assert_cmpuint (st.classes, >, 1024);
    }
  compiled_clear (&comp);
}

/* A factored pack keeps each part active once: a part that goes on is
 * not started again by a token that begins it (its state already holds
 * that start), whether few parts are active (looked through) or many
 * (stamped).  The matches agree with the reference either way. */
static void
test_factored_parts_once (void)
{
  g_autoptr (GString) rules = g_string_new (HEADER);
  for (int i = 0; i < 70; i++)
    g_string_append_printf (rules, "rule g%d -> pledge : \"kw%d\" _{0,40} \"stop\";\n", i, i);
  Compiled comp = { 0 };
  g_assert_true (compile_text (rules->str, &comp, 0));
  g_autoptr (Ir) ir = ir_build (comp.set);
  static const struct {
    guint kinds, rounds;
  } cases[] = { { 1, 20 }, { 3, 6 }, { 12, 3 } };
  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr (AccordScanner) sc = scanner_new (comp.pack);
      g_autoptr (GString) text = g_string_new (NULL);
      for (guint r = 0; r < cases[c].rounds; r++)
        for (guint k = 0; k < cases[c].kinds; k++)
          g_string_append_printf (text, "kw%u ", k);
      g_string_append (text, "stop");
      g_autoptr (GArray) toks = g_array_new (FALSE, FALSE, sizeof (Token));
      g_autoptr (GArray) m = g_array_new (FALSE, FALSE, sizeof (ScanMatch));
      g_autofree char *got = NULL, *want = NULL;
      scan_both (&comp, ir, sc, text->str, toks, m, &got, &want);
      g_assert_cmpstr (got, ==, want);
      g_assert_cmpuint (m->len, ==, cases[c].kinds);
      ScannerStats st;
      scanner_get_stats (sc, &st);
      g_assert_cmpuint (st.parts, >=, 64);
      g_assert_cmpuint (st.parts_active_max, ==, cases[c].kinds);
    }
  compiled_clear (&comp);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  for (gsize i = 0; i < G_N_ELEMENTS (constructs); i++)
    {
      g_autofree char *path = g_strdup_printf ("/automaton/construct/%s", constructs[i].name);
      g_test_add_data_func (path, &constructs[i], test_construct);
    }
  g_test_add_func ("/automaton/differential", test_differential);
  g_test_add_func ("/automaton/differential-factored", test_differential_factored);
  g_test_add_func ("/automaton/factored-parts-once", test_factored_parts_once);
  g_test_add_func ("/automaton/pack/round-trip", test_pack_round_trip);
  g_test_add_func ("/automaton/pack/fingerprint", test_pack_fingerprint_follows_source);
  g_test_add_func ("/automaton/pack/refuses-damage", test_pack_refuses_damage);
  g_test_add_func ("/automaton/pack/bounds-checked", test_pack_bounds_checked);
  g_test_add_func ("/automaton/pack/load-errors", test_pack_load_errors);
  g_test_add_func ("/automaton/detect/fan", test_detect_fan);
  g_test_add_func ("/automaton/budget", test_budget_exceeded);
  g_test_add_func ("/automaton/long-sentence", test_long_sentence_linear);
  g_test_add_func ("/automaton/many-classes", test_many_classes);
  return g_test_run ();
}
