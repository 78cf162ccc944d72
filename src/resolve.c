/* resolve.c: names and lint for a pack and its imports.
 *
 * The loader hands over the syntax trees of a unit (a root pack and its
 * import closure), imports before importers.  This pass:
 *
 *   - merges label declarations and checks precedence statements (each
 *     must order every label visible to its pack);
 *   - defines lists and applies `+=` extensions, in import order, so a
 *     pack sees the lists of the packs it imports (directly or not) and
 *     never those of a sibling;
 *   - resolves every name in every pattern (lists, built-in classes,
 *     capture roles declared by the rule's label) and each rule's label;
 *   - checks the shapes the automaton relies on: gaps are bounded, '!'
 *     takes one token, a pattern consumes at least one token;
 *   - lints: unused lists (in packs that have rules: a pack of lists
 *     alone is a library for its importers), repeated list entries,
 *     rules that can never
 *     match (each warning has an ID that '# suppress: ID' silences).
 *
 * Every error points at the exact span, with a note at the earlier
 * definition when there is one and a "did you mean" for near misses.
 */
#include "config.h"

#include <string.h>
#include <libstemmer.h>

#include "diag.h"
#include "resolve.h"
#include "ruleset.h"

/* Largest bound of a repetition or a gap. */
#define MAX_REPEAT 100


typedef struct {
  AccordDiagnostics *diags;
  AccordRuleSet *rs;
  ResolveFile *rf;
  AstRule *rule;
  Label *label;
  gboolean in_veto;
  GHashTable *captures;   /* role name -> AstNode*, in this rule */
} Ctx;

static gboolean
visible (ResolveFile *rf, AstFile *f)
{
  return g_hash_table_contains (rf->visible, f);
}

static void
label_free (gpointer p)
{
  Label *l = p;
  g_hash_table_unref (l->files);
  g_hash_table_unref (l->roles);
  g_ptr_array_unref (l->role_names);
  g_free (l);
}

static void
list_free (gpointer p)
{
  List *l = p;
  g_ptr_array_unref (l->entries);
  g_hash_table_unref (l->keys);
  g_free (l);
}

void
accord_rule_set_free (AccordRuleSet *rs)
{
  if (!rs)
    return;
  g_ptr_array_unref (rs->labels);
  g_hash_table_unref (rs->label_by_name);
  g_ptr_array_unref (rs->label_order);
  g_hash_table_unref (rs->lists);
  g_ptr_array_unref (rs->list_order);
  g_ptr_array_unref (rs->rules);
  g_ptr_array_unref (rs->examples);
  g_ptr_array_unref (rs->abbrevs);
  g_free (rs->label_names);
  g_ptr_array_unref (rs->asts);
  if (rs->stemmer)
    sb_stemmer_delete (rs->stemmer);
  g_free (rs);
}

guint
accord_rule_set_n_rules (const AccordRuleSet *rs)
{
  return rs->rules->len;
}

guint
accord_rule_set_n_lists (const AccordRuleSet *rs)
{
  return rs->list_order->len;
}

guint
accord_rule_set_n_examples (const AccordRuleSet *rs)
{
  return rs->examples->len;
}

guint
accord_rule_set_n_packs (const AccordRuleSet *rs)
{
  return rs->asts->len;
}

const char *const *
accord_rule_set_labels (const AccordRuleSet *rs)
{
  return (const char *const *) rs->label_names;
}

/* ---- helpers ---- */

static GPtrArray *
visible_label_names (Ctx *c)
{
  GPtrArray *names = g_ptr_array_new ();
  for (guint i = 0; i < c->rs->labels->len; i++)
    {
      Label *l = g_ptr_array_index (c->rs->labels, i);
      GHashTableIter it;
      gpointer f;
      g_hash_table_iter_init (&it, l->files);
      while (g_hash_table_iter_next (&it, &f, NULL))
        if (visible (c->rf, f))
          {
            g_ptr_array_add (names, (gpointer) l->name);
            break;
          }
    }
  return names;
}

static Label *
find_label (Ctx *c, const char *name)
{
  Label *l = g_hash_table_lookup (c->rs->label_by_name, name);
  if (!l)
    return NULL;
  GHashTableIter it;
  gpointer f;
  g_hash_table_iter_init (&it, l->files);
  while (g_hash_table_iter_next (&it, &f, NULL))
    if (visible (c->rf, f))
      return l;
  return NULL;
}

static void
note_suggestion (Ctx *c, AccordDiag *d, const AccordSpan *span, const char *name, GPtrArray *cands)
{
  const char *near = suggest_name (name, cands);
  if (near)
    accord_diag_note (c->diags, d, span, "did you mean '%s'?", near);
}

/* Reports an unknown label NAME at SPAN; returns FALSE. */
static gboolean
unknown_label (Ctx *c, const AstName *name)
{
  AccordDiag *d;
  if (g_str_equal (name->text, "background"))
    d = diag_error (c->diags, &name->span,
                    "'background' is not a label: it is what a statement gets when no rule matches");
  else
    {
      d = diag_error (c->diags, &name->span, "unknown label '%s'", name->text);
      g_autoptr (GPtrArray) names = visible_label_names (c);
      note_suggestion (c, d, &name->span, name->text, names);
      if (!names->len)
        accord_diag_note (c->diags, d, &name->span,
                          "this pack neither declares nor imports a label: declare them, as in "
                          "'labels pledge, condition, quote;', or import the pack that does");
    }
  return FALSE;
}

static List *
find_list (Ctx *c, const char *name)
{
  List *l = g_hash_table_lookup (c->rs->lists, name);
  return l && visible (c->rf, l->file) ? l : NULL;
}

static GPtrArray *
visible_list_names (Ctx *c, gboolean with_classes)
{
  GPtrArray *names = g_ptr_array_new ();
  for (guint i = 0; i < c->rs->list_order->len; i++)
    {
      List *l = g_ptr_array_index (c->rs->list_order, i);
      if (visible (c->rf, l->file))
        g_ptr_array_add (names, (gpointer) l->name);
    }
  if (with_classes)
    for (int k = 0; k < AST_N_CLASSES; k++)
      g_ptr_array_add (names, (gpointer) ast_class_name (k));
  return names;
}

/* ---- labels ---- */

static void
resolve_labels (Ctx *c)
{
  AstFile *f = c->rf->ast;
  g_autoptr (GHashTable) here = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < f->labels->len; i++)
    {
      AstLabel *decl = g_ptr_array_index (f->labels, i);
      if (g_str_equal (decl->name.text, "background"))
        {
          diag_error (c->diags, &decl->name.span,
                      "'background' cannot be declared: it is what a statement gets when no rule matches");
          continue;
        }
      AstLabel *prev = g_hash_table_lookup (here, decl->name.text);
      if (prev)
        {
          AccordDiag *d = diag_error (c->diags, &decl->name.span, "label '%s' is declared twice",
                                      decl->name.text);
          accord_diag_note (c->diags, d, &prev->name.span, "first declared here");
          continue;
        }
      g_hash_table_insert (here, (gpointer) decl->name.text, decl);
      Label *l = g_hash_table_lookup (c->rs->label_by_name, decl->name.text);
      if (!l)
        {
          l = g_new0 (Label, 1);
          l->name = decl->name.text;
          l->decl = decl;
          l->files = g_hash_table_new (NULL, NULL);
          l->roles = g_hash_table_new (g_str_hash, g_str_equal);
          l->role_names = g_ptr_array_new ();
          g_hash_table_insert (c->rs->label_by_name, (gpointer) l->name, l);
          g_ptr_array_add (c->rs->labels, l);
        }
      g_hash_table_add (l->files, f);
      g_autoptr (GHashTable) roles_here = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint j = 0; j < decl->roles->len; j++)
        {
          AstName *role = g_ptr_array_index (decl->roles, j);
          AstName *first = g_hash_table_lookup (roles_here, role->text);
          if (first)
            {
              AccordDiag *d = diag_error (c->diags, &role->span, "role '%s' is declared twice",
                                          role->text);
              accord_diag_note (c->diags, d, &first->span, "first declared here");
              continue;
            }
          g_hash_table_insert (roles_here, (gpointer) role->text, role);
          if (!g_hash_table_contains (l->roles, role->text))
            {
              g_hash_table_insert (l->roles, (gpointer) role->text, role);
              g_ptr_array_add (l->role_names, (gpointer) role->text);
            }
        }
    }
}

/* ---- lists ---- */

static char *
entry_key (Ctx *c, const AstEntry *e)
{
  g_autofree char *norm = g_utf8_normalize (e->text, -1, G_NORMALIZE_NFKC);
  g_auto (GStrv) words = g_strsplit_set (norm ? norm : e->text, " \t\n", -1);
  g_autofree char *joined = NULL;
  {
    g_autoptr (GPtrArray) parts = g_ptr_array_new ();
    for (char **w = words; *w; w++)
      if (**w)
        g_ptr_array_add (parts, *w);
    g_ptr_array_add (parts, NULL);
    joined = g_strjoinv (" ", (char **) parts->pdata);
  }
  g_autofree char *fold = e->case_sensitive ? g_strdup (joined) : g_utf8_casefold (joined, -1);
  switch (e->kind)
    {
    case AST_ENTRY_STEM:
      {
        const sb_symbol *s = sb_stemmer_stem (c->rs->stemmer, (const sb_symbol *) fold,
                                              (int) strlen (fold));
        return g_strdup_printf ("~%.*s", s ? sb_stemmer_length (c->rs->stemmer) : 0,
                                s ? (const char *) s : "");
      }
    case AST_ENTRY_PREFIX:
      return g_strconcat ("*", fold, NULL);
    case AST_ENTRY_WORD:
    default:
      return g_strconcat (e->case_sensitive ? "=" : ":", fold, NULL);
    }
}

static void
add_entries (Ctx *c, List *l, AstList *stmt)
{
  for (guint i = 0; i < stmt->entries->len; i++)
    {
      AstEntry *e = g_ptr_array_index (stmt->entries, i);
      g_autofree char *trimmed = g_strstrip (g_strdup (e->text));
      if (!*trimmed)
        {
          diag_error (c->diags, &e->span, "empty entry in list '%s'", l->name);
          continue;
        }
      char *key = entry_key (c, e);
      AstEntry *first = g_hash_table_lookup (l->keys, key);
      if (first)
        {
          AccordDiag *d = diag_warning (c->diags, &e->span, W_DUPLICATE_ENTRY,
                                        "list '%s' already holds this entry", l->name);
          accord_diag_note (c->diags, d, &first->span, "first listed here");
          g_free (key);
          continue;
        }
      g_hash_table_insert (l->keys, key, e);
      g_ptr_array_add (l->entries, e);
    }
}

static void
resolve_lists (Ctx *c)
{
  AstFile *f = c->rf->ast;
  for (guint i = 0; i < f->lists->len; i++)
    {
      AstList *stmt = g_ptr_array_index (f->lists, i);
      const char *name = stmt->name.text;
      if (ast_class_lookup (name) >= 0 || g_str_equal (name, "QUOTE"))
        {
          diag_error (c->diags, &stmt->name.span, "'%s' is a built-in token class, not a list name",
                      name);
          continue;
        }
      List *l = g_hash_table_lookup (c->rs->lists, name);
      if (!stmt->append)
        {
          if (l)
            {
              AccordDiag *d = diag_error (c->diags, &stmt->name.span, "list '%s' is already defined", name);
              accord_diag_note (c->diags, d, &l->def->name.span, "first defined here");
              if (l->file != f)
                accord_diag_note (c->diags, d, &stmt->name.span,
                                  "to add entries to it, write 'list %s += ...;'", name);
              continue;
            }
          l = g_new0 (List, 1);
          l->name = name;
          l->def = stmt;
          l->file = f;
          l->entries = g_ptr_array_new ();
          l->keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
          g_hash_table_insert (c->rs->lists, (gpointer) name, l);
          g_ptr_array_add (c->rs->list_order, l);
        }
      else if (!l || !visible (c->rf, l->file))
        {
          AccordDiag *d = diag_error (c->diags, &stmt->name.span,
                                      "cannot extend list '%s': no such list", name);
          g_autoptr (GPtrArray) names = visible_list_names (c, FALSE);
          note_suggestion (c, d, &stmt->name.span, name, names);
          if (l)
            accord_diag_note (c->diags, d, &l->def->name.span,
                              "a list '%s' is defined here, in a pack that this one does not import",
                              name);
          else
            accord_diag_note (c->diags, d, &stmt->name.span,
                              "'+=' extends a list of this pack or of a pack it imports; "
                              "to define one, write 'list %s = ...;'", name);
          continue;
        }
      add_entries (c, l, stmt);
      if (!stmt->append && l->entries->len == 0 && stmt->entries->len == 0)
        diag_error (c->diags, &stmt->name.span, "list '%s' is empty", name);
    }
}

/* ---- precedence ---- */

static void
resolve_precedence (Ctx *c, GPtrArray **effective)
{
  AstFile *f = c->rf->ast;
  for (guint i = 0; i < f->precedences->len; i++)
    {
      GPtrArray *chain = g_ptr_array_index (f->precedences, i);
      AccordSpan *span = g_ptr_array_index (f->precedence_spans, i);
      if (i > 0)
        {
          AccordDiag *d = diag_error (c->diags, span, "a pack has one precedence statement");
          accord_diag_note (c->diags, d, g_ptr_array_index (f->precedence_spans, 0),
                            "the first one is here");
          continue;
        }
      gboolean ok = TRUE;
      g_autoptr (GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      g_autoptr (GPtrArray) names = visible_label_names (c);
      for (guint j = 0; j < chain->len; j++)
        {
          AstName *n = g_ptr_array_index (chain, j);
          AstName *prev = g_hash_table_lookup (seen, n->text);
          if (prev)
            {
              AccordDiag *d = diag_error (c->diags, &n->span, "label '%s' appears twice in the precedence",
                                          n->text);
              accord_diag_note (c->diags, d, &prev->span, "first placed here");
              ok = FALSE;
              continue;
            }
          g_hash_table_insert (seen, (gpointer) n->text, n);
          if (!find_label (c, n->text))
            {
              ok = unknown_label (c, n);
              /* The typo stands for the label it is near: that label is
               * not "left out". */
              const char *near = suggest_name (n->text, names);
              if (near && !g_hash_table_contains (seen, near))
                g_hash_table_insert (seen, (gpointer) near, n);
            }
        }
      for (guint j = 0; j < names->len; j++)
        {
          const char *name = g_ptr_array_index (names, j);
          if (g_hash_table_contains (seen, name))
            continue;
          Label *l = g_hash_table_lookup (c->rs->label_by_name, name);
          AccordDiag *d = diag_error (c->diags, span, "the precedence leaves out label '%s'", name);
          accord_diag_note (c->diags, d, &l->decl->name.span, "'%s' is declared here", name);
          ok = FALSE;
        }
      if (ok)
        *effective = chain;
    }
}

/* ---- patterns ---- */

/* Fewest tokens a match of N consumes (anchors consume none). */
static guint
min_tokens (const AstNode *n)
{
  switch (n->kind)
    {
    case AST_LITERAL:
      {
        guint words = 0;
        gboolean in = FALSE;
        for (const char *p = n->text; *p; p++)
          {
            gboolean space = *p == ' ' || *p == '\t' || *p == '\n';
            if (!space && !in)
              words++;
            in = !space;
          }
        return words;
      }
    case AST_STEM:
    case AST_PREFIX:
    case AST_NAME:
    case AST_BAREWORD:
    case AST_NOT:
      return 1;
    case AST_QUOTE:
      return 2 + (guint) MAX (n->min, 0);
    case AST_BOS:
    case AST_EOS:
      return 0;
    case AST_SEQ:
      {
        guint sum = 0;
        for (guint i = 0; i < n->kids->len; i++)
          sum += min_tokens (g_ptr_array_index (n->kids, i));
        return sum;
      }
    case AST_ALT:
      {
        guint best = G_MAXUINT;
        for (guint i = 0; i < n->kids->len; i++)
          best = MIN (best, min_tokens (g_ptr_array_index (n->kids, i)));
        return best;
      }
    case AST_REPEAT:
      return (guint) n->min * min_tokens (n->child);
    case AST_CAPTURE:
      return min_tokens (n->child);
    }
  return 1;
}

/* TRUE when N can match no sentence at all; *WHY says what part. */
static gboolean
impossible (const AstNode *n, const AstNode **why)
{
  switch (n->kind)
    {
    case AST_NOT:
      if (n->child->kind == AST_NAME && g_str_equal (n->child->text, "_"))
        {
          *why = n;
          return TRUE;
        }
      return FALSE;
    case AST_SEQ:
      {
        guint before = 0;
        guint total = min_tokens (n);
        for (guint i = 0; i < n->kids->len; i++)
          {
            const AstNode *k = g_ptr_array_index (n->kids, i);
            if (impossible (k, why))
              return TRUE;
            guint m = min_tokens (k);
            if ((k->kind == AST_BOS && before > 0) || (k->kind == AST_EOS && total - before > 0))
              {
                *why = k;
                return TRUE;
              }
            before += m;
          }
        return FALSE;
      }
    case AST_ALT:
      {
        const AstNode *first = NULL;
        for (guint i = 0; i < n->kids->len; i++)
          {
            if (!impossible (g_ptr_array_index (n->kids, i), why))
              return FALSE;
            first = first ? first : *why;
          }
        *why = first ? first : n;
        return TRUE;
      }
    case AST_REPEAT:
      return n->min > 0 && impossible (n->child, why);
    case AST_CAPTURE:
      return impossible (n->child, why);
    default:
      return FALSE;
    }
}

/* TRUE when N matches exactly one token (what '!' needs). */
static gboolean
single_token (const AstNode *n)
{
  switch (n->kind)
    {
    case AST_LITERAL:
      return min_tokens (n) == 1;
    case AST_STEM:
    case AST_PREFIX:
    case AST_BAREWORD:
      return TRUE;
    case AST_NAME:
      return TRUE;
    case AST_ALT:
      for (guint i = 0; i < n->kids->len; i++)
        if (!single_token (g_ptr_array_index (n->kids, i)))
          return FALSE;
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
any_token (const AstNode *n)
{
  return (n->kind == AST_NAME && g_str_equal (n->text, "_")) || n->kind == AST_NOT;
}

static void
resolve_node (Ctx *c, AstNode *n)
{
  switch (n->kind)
    {
    case AST_LITERAL:
    case AST_STEM:
    case AST_PREFIX:
      {
        g_autofree char *t = g_strstrip (g_strdup (n->text));
        if (!*t)
          diag_error (c->diags, &n->span, "empty word: a literal needs at least one character");
        else if (n->kind != AST_LITERAL && strpbrk (t, " \t\n"))
          diag_error (c->diags, &n->span, "%s applies to a single word, not to '%s'",
                      n->kind == AST_STEM ? "'~'" : "a prefix", t);
        break;
      }
    case AST_BAREWORD:
      {
        AccordDiag *d = diag_error (c->diags, &n->span, "unquoted word '%s' in a pattern", n->text);
        accord_diag_note (c->diags, d, &n->span, "words in patterns are quoted: \"%s\"", n->text);
        break;
      }
    case AST_NAME:
      {
        int cls = ast_class_lookup (n->text);
        if (cls >= 0)
          {
            n->cls = cls;
            break;
          }
        List *l = find_list (c, n->text);
        if (l)
          {
            n->list = l;
            l->used = TRUE;
            break;
          }
        AccordDiag *d = diag_error (c->diags, &n->span, "unknown list '%s'", n->text);
        g_autoptr (GPtrArray) names = visible_list_names (c, TRUE);
        const char *near = suggest_name (n->text, names);
        if (near)
          {
            List *nl = find_list (c, near);
            if (nl)
              nl->used = TRUE;   /* no "never used" on top of the typo */
            accord_diag_note (c->diags, d, nl ? &nl->def->name.span : &n->span, "did you mean '%s'?",
                              near);
          }
        else if (n->from_prefix)
          accord_diag_note (c->diags, d, &n->span,
                            "to match words that start with '%s', quote it: \"%s*\"", n->text,
                            n->text);
        else if (!g_ascii_isupper (n->text[0]))
          accord_diag_note (c->diags, d, &n->span, "to match the word itself, quote it: \"%s\"",
                            n->text);
        break;
      }
    case AST_BOS:
    case AST_EOS:
    case AST_QUOTE:
      if (n->kind == AST_QUOTE && (n->min > MAX_REPEAT || n->max > MAX_REPEAT))
        diag_error (c->diags, &n->span, "a quotation of more than %d words cannot be counted",
                    MAX_REPEAT);
      break;
    case AST_SEQ:
      for (guint i = 0; i < n->kids->len; i++)
        resolve_node (c, g_ptr_array_index (n->kids, i));
      break;
    case AST_ALT:
      {
        /* Only one alternative matches, so alternatives may each capture
         * the same role ("actor:ACTOR 'pledged' | 'pledge' 'by'
         * actor:ACTOR"); within one alternative, and before or after the
         * alternation, a role is still captured once.  Each alternative
         * starts from the captures seen before the alternation, and the
         * alternation as a whole adds those of all its alternatives. */
        GHashTable *before = c->captures;
        GHashTable *all = before ? g_hash_table_new (g_str_hash, g_str_equal) : NULL;
        for (guint i = 0; i < n->kids->len; i++)
          {
            if (before)
              {
                c->captures = g_hash_table_new (g_str_hash, g_str_equal);
                GHashTableIter it;
                gpointer k, v;
                g_hash_table_iter_init (&it, before);
                while (g_hash_table_iter_next (&it, &k, &v))
                  g_hash_table_insert (c->captures, k, v);
              }
            resolve_node (c, g_ptr_array_index (n->kids, i));
            if (before)
              {
                GHashTableIter it;
                gpointer k, v;
                g_hash_table_iter_init (&it, c->captures);
                while (g_hash_table_iter_next (&it, &k, &v))
                  if (!g_hash_table_contains (all, k))
                    g_hash_table_insert (all, k, v);
                g_hash_table_unref (c->captures);
              }
          }
        if (before)
          {
            GHashTableIter it;
            gpointer k, v;
            g_hash_table_iter_init (&it, all);
            while (g_hash_table_iter_next (&it, &k, &v))
              g_hash_table_insert (before, k, v);
            g_hash_table_unref (all);
            c->captures = before;
          }
        break;
      }
    case AST_REPEAT:
      resolve_node (c, n->child);
      if (n->max < 0 && any_token (n->child))
        {
          AccordDiag *d = diag_error (c->diags, &n->span,
                                      "unbounded gap: it could run over the whole sentence");
          GString *hint = g_string_new (NULL);
          ast_node_print (hint, n->child);
          accord_diag_note (c->diags, d, &n->quant_span, "give it a bound, as in %s{0,8}", hint->str);
          g_string_free (hint, TRUE);
        }
      else if (n->max > MAX_REPEAT || n->min > MAX_REPEAT)
        diag_error (c->diags, &n->quant_span, "repetition bound %d is too large (the largest is %d)",
                    MAX (n->max, n->min), MAX_REPEAT);
      else if (min_tokens (n->child) == 0)
        diag_error (c->diags, &n->span,
                    "the repeated part can match without a token: make it require one");
      else if (n->max == 0)
        diag_warning (c->diags, &n->quant_span, W_NEVER_MATCHES,
                      "this part is repeated zero times: it matches nothing and can be left out");
      break;
    case AST_NOT:
      resolve_node (c, n->child);
      if (!single_token (n->child) || (n->child->kind == AST_NAME && n->child->cls == AST_CLASS_QUOTE))
        diag_error (c->diags, &n->span,
                    "'!' takes one token: a word, a list, a class or alternatives of them");
      break;
    case AST_CAPTURE:
      {
        resolve_node (c, n->child);
        if (c->in_veto)
          {
            diag_error (c->diags, &n->span,
                        "captures are not allowed in an 'unless' pattern: nothing reports them");
            break;
          }
        AstNode *prev = g_hash_table_lookup (c->captures, n->text);
        if (prev)
          {
            AccordDiag *d = diag_error (c->diags, &n->span, "capture '%s' is used twice in rule '%s'",
                                        n->text, c->rule->name.text);
            accord_diag_note (c->diags, d, &prev->span, "first used here");
            break;
          }
        g_hash_table_insert (c->captures, (gpointer) n->text, n);
        if (c->label && !g_hash_table_contains (c->label->roles, n->text))
          {
            AccordSpan name = n->span;
            name.end = name.start + (guint32) strlen (n->text);
            AccordDiag *d = diag_error (c->diags, &name, "unknown capture '%s' for label '%s'", n->text,
                                        c->label->name);
            note_suggestion (c, d, &name, n->text, c->label->role_names);
            if (c->label->role_names->len)
              accord_diag_note (c->diags, d, &c->label->decl->name.span,
                                "label '%s' declares its roles here", c->label->name);
            else
              accord_diag_note (c->diags, d, &c->label->decl->name.span,
                                "label '%s' declares no roles: add them, as in 'labels %s(%s);'",
                                c->label->name, c->label->name, n->text);
          }
        break;
      }
    }
}

static void
check_pattern (Ctx *c, AstNode *pattern, gboolean veto)
{
  c->in_veto = veto;
  guint errors = accord_diagnostics_count (c->diags, ACCORD_SEVERITY_ERROR);
  resolve_node (c, pattern);
  if (accord_diagnostics_count (c->diags, ACCORD_SEVERITY_ERROR) > errors)
    return;   /* the lint below would only echo those errors */
  if (min_tokens (pattern) == 0)
    diag_error (c->diags, &pattern->span,
                "this pattern can match without a single token: make at least one part required");
  else
    {
      const AstNode *why = NULL;
      if (impossible (pattern, &why))
        {
          AccordDiag *d;
          if (veto)
            d = diag_warning (c->diags, &pattern->span, W_NEVER_MATCHES,
                              "this 'unless' pattern can never match");
          else
            d = diag_warning (c->diags, &c->rule->name.span, W_NEVER_MATCHES,
                              "rule '%s' can never match", c->rule->name.text);
          if (why && (why->kind == AST_BOS || why->kind == AST_EOS))
            accord_diag_note (c->diags, d, &why->span,
                              why->kind == AST_BOS ? "'^' must come before every token"
                                                   : "'$' must come after every token");
          else if (why)
            accord_diag_note (c->diags, d, &why->span, "this part matches no token");
        }
    }
}

static void
resolve_rules (Ctx *c)
{
  AstFile *f = c->rf->ast;
  g_autoptr (GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < c->rs->rules->len; i++)
    {
      AstRule *r = g_ptr_array_index (c->rs->rules, i);
      g_hash_table_insert (names, (gpointer) r->name.text, r);
    }
  for (guint i = 0; i < f->rules->len; i++)
    {
      AstRule *r = g_ptr_array_index (f->rules, i);
      AstRule *prev = g_hash_table_lookup (names, r->name.text);
      if (prev)
        {
          AccordDiag *d = diag_error (c->diags, &r->name.span, "rule '%s' is already defined",
                                      r->name.text);
          accord_diag_note (c->diags, d, &prev->name.span, "first defined here");
          continue;
        }
      g_hash_table_insert (names, (gpointer) r->name.text, r);
      g_ptr_array_add (c->rs->rules, r);
      c->rule = r;
      c->label = find_label (c, r->label.text);
      if (!c->label)
        unknown_label (c, &r->label);
      c->captures = g_hash_table_new (g_str_hash, g_str_equal);
      check_pattern (c, r->pattern, FALSE);
      for (guint j = 0; j < r->vetoes->len; j++)
        check_pattern (c, g_ptr_array_index (r->vetoes, j), TRUE);
      g_hash_table_unref (c->captures);
      c->captures = NULL;
    }
}

static void
resolve_examples (Ctx *c)
{
  AstFile *f = c->rf->ast;
  for (guint i = 0; i < f->examples->len; i++)
    {
      AstExample *e = g_ptr_array_index (f->examples, i);
      gboolean ok = TRUE;
      g_autofree char *t = g_strstrip (g_strdup (e->text));
      if (!*t)
        {
          diag_error (c->diags, &e->span, "empty example");
          ok = FALSE;
        }
      for (guint j = 0; j < e->labels->len; j++)
        {
          AstName *n = g_ptr_array_index (e->labels, j);
          if (g_str_equal (n->text, "background"))
            {
              if (e->labels->len > 1)
                {
                  diag_error (c->diags, &n->span,
                              "'background' means no label: it cannot be combined with labels");
                  ok = FALSE;
                }
            }
          else if (!find_label (c, n->text))
            ok = unknown_label (c, n);
          for (guint k = 0; k < j; k++)
            if (g_str_equal (n->text, ((AstName *) g_ptr_array_index (e->labels, k))->text))
              {
                diag_error (c->diags, &n->span, "label '%s' is listed twice", n->text);
                ok = FALSE;
              }
        }
      if (ok)
        g_ptr_array_add (c->rs->examples, e);
    }
}

static void
resolve_abbrevs (Ctx *c)
{
  AstFile *f = c->rf->ast;
  for (guint i = 0; i < f->abbrevs->len; i++)
    {
      AstName *a = g_ptr_array_index (f->abbrevs, i);
      if (!*a->text || strpbrk (a->text, " \t\n"))
        diag_error (c->diags, &a->span, "an abbreviation is one word, like \"Gen.\"");
      else if (!g_str_has_suffix (a->text, "."))
        diag_error (c->diags, &a->span, "an abbreviation ends with a period, like \"Gen.\"");
      else
        g_ptr_array_add (c->rs->abbrevs, (gpointer) a->text);
    }
}

AccordRuleSet *
resolve_unit (AccordDiagnostics *diags, GPtrArray *files)
{
  guint errors_before = accord_diagnostics_count (diags, ACCORD_SEVERITY_ERROR);
  AccordRuleSet *rs = g_new0 (AccordRuleSet, 1);
  rs->asts = g_ptr_array_new_with_free_func ((GDestroyNotify) ast_file_free);
  rs->labels = g_ptr_array_new_with_free_func (label_free);
  rs->label_by_name = g_hash_table_new (g_str_hash, g_str_equal);
  rs->label_order = g_ptr_array_new ();
  rs->lists = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, list_free);
  rs->list_order = g_ptr_array_new ();
  rs->rules = g_ptr_array_new ();
  rs->examples = g_ptr_array_new ();
  rs->abbrevs = g_ptr_array_new ();
  rs->stemmer = sb_stemmer_new ("english", "UTF_8");
  for (guint i = 0; i < files->len; i++)
    g_ptr_array_add (rs->asts, ((ResolveFile *) g_ptr_array_index (files, i))->ast);

  Ctx c = { 0 };
  c.diags = diags;
  c.rs = rs;

  /* Pack names are unique within a unit. */
  g_autoptr (GHashTable) packs = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < files->len; i++)
    {
      AstFile *f = ((ResolveFile *) g_ptr_array_index (files, i))->ast;
      if (!f->has_header)
        continue;
      AstFile *other = g_hash_table_lookup (packs, f->pack.text);
      if (other)
        {
          AccordDiag *d = diag_error (diags, &f->pack.span, "two files declare pack '%s'",
                                      f->pack.text);
          accord_diag_note (diags, d, &other->pack.span, "the other one is here");
        }
      else
        g_hash_table_insert (packs, (gpointer) f->pack.text, f);
    }

  GPtrArray *effective = NULL;
  for (guint i = 0; i < files->len; i++)
    {
      c.rf = g_ptr_array_index (files, i);
      resolve_labels (&c);
      resolve_lists (&c);
    }
  for (guint i = 0; i < files->len; i++)
    {
      c.rf = g_ptr_array_index (files, i);
      GPtrArray *chain = NULL;
      resolve_precedence (&c, &chain);
      if (chain)
        effective = chain;
      resolve_abbrevs (&c);
    }
  for (guint i = 0; i < files->len; i++)
    {
      c.rf = g_ptr_array_index (files, i);
      resolve_rules (&c);
      resolve_examples (&c);
    }

  for (guint i = 0; i < rs->list_order->len; i++)
    {
      List *l = g_ptr_array_index (rs->list_order, i);
      /* A pack without rules of its own is a library: its lists are
       * there for the packs that import it. */
      /* After a syntax error a use may have been lost with its statement. */
      if (!l->used && l->file->rules->len > 0 && l->file->parse_errors == 0)
        diag_warning (diags, &l->def->name.span, W_UNUSED_LIST, "list '%s' is never used", l->name);
    }

  /* Records keep a statement's labels in 64 bits. */
  if (rs->labels->len > 64)
    {
      Label *l = g_ptr_array_index (rs->labels, 64);
      diag_error (diags, &l->decl->name.span, "too many labels: the most a set of packs may have is 64");
    }

  /* A pack that declares a label but no precedence, on top of an
   * imported precedence, leaves the label without a place. */
  if (effective)
    {
      c.rf = g_ptr_array_index (files, files->len - 1);
      for (guint i = 0; i < rs->labels->len; i++)
        {
          Label *l = g_ptr_array_index (rs->labels, i);
          gboolean placed = FALSE;
          for (guint j = 0; j < effective->len && !placed; j++)
            placed = g_str_equal (((AstName *) g_ptr_array_index (effective, j))->text, l->name);
          if (!placed)
            {
              AccordDiag *d = diag_error (diags, &l->decl->name.span,
                                          "label '%s' has no place in the precedence", l->name);
              accord_diag_note (diags, d, &((AstName *) g_ptr_array_index (effective, 0))->span,
                                "the precedence in force is here: declare one that orders every label");
            }
        }
    }

  /* Labels in precedence order; without a precedence, in the order they
   * were declared. */
  if (effective)
    for (guint i = 0; i < effective->len; i++)
      g_ptr_array_add (rs->label_order,
                       g_hash_table_lookup (rs->label_by_name,
                                            ((AstName *) g_ptr_array_index (effective, i))->text));
  else
    for (guint i = 0; i < rs->labels->len; i++)
      g_ptr_array_add (rs->label_order, g_ptr_array_index (rs->labels, i));
  rs->label_names = g_new0 (const char *, rs->label_order->len + 1);
  for (guint i = 0; i < rs->label_order->len; i++)
    rs->label_names[i] = ((Label *) g_ptr_array_index (rs->label_order, i))->name;

  if (accord_diagnostics_count (diags, ACCORD_SEVERITY_ERROR) > errors_before)
    {
      accord_rule_set_free (rs);
      return NULL;
    }
  return rs;
}
