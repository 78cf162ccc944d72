/* test-parser.c: rule-file text to syntax tree (src/parse.c and
 * grammar/parser.y).
 *
 * Each test adds a source to a diagnostics sink, runs parse_file and
 * looks at the tree: patterns are printed back with ast_node_print and
 * compared as strings, diagnostics as "START-END: message" lines.
 */
#include "config.h"

#include <string.h>

#include "accord.h"
#include "ast.h"
#include "parse.h"
#include "scanner.h"

/* ---- helpers ---- */

typedef struct {
  AccordDiagnostics *diags;
  guint32 file;
  AstFile *ast;
} Parsed;

static void
parsed_free (Parsed *p)
{
  if (!p)
    return;
  ast_file_free (p->ast);
  accord_diagnostics_free (p->diags);
  g_free (p);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static Parsed *
parse_len (const char *text, gsize len)
{
  Parsed *p = g_new0 (Parsed, 1);
  p->diags = accord_diagnostics_new ();
  p->file = accord_diagnostics_add_source (p->diags, accord_source_new ("t.rules", text, len));
  p->ast = parse_file (p->diags, p->file);
  return p;
}

static Parsed *
parse (const char *text)
{
  return parse_len (text, strlen (text));
}

static guint
n_errors (Parsed *p)
{
  return accord_diagnostics_count (p->diags, ACCORD_SEVERITY_ERROR);
}

/* Every diagnostic, in order, as "START-END: message" lines. */
static char *
diags_str (Parsed *p)
{
  g_autoptr (GPtrArray) all = accord_diagnostics_sorted (p->diags);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < all->len; i++)
    {
      AccordDiag *d = g_ptr_array_index (all, i);
      if (d->has_span)
        g_string_append_printf (out, "%u-%u: ", d->span.start, d->span.end);
      g_string_append_printf (out, "%s\n", d->message);
    }
  return g_string_free (out, FALSE);
}

static const char header[] = "pack \"t\" version 1;\n";

/* Parses a file with one rule whose pattern is PATTERN and returns the
 * pattern printed back, or the diagnostics when there were any. */
static char *
pattern (const char *pat)
{
  g_autofree char *text = g_strdup_printf ("%srule r -> pledge : %s;\n", header, pat);
  g_autoptr (Parsed) p = parse (text);
  if (accord_diagnostics_count (p->diags, ACCORD_SEVERITY_ERROR) > 0)
    {
      g_autofree char *d = diags_str (p);
      return g_strdup_printf ("ERRORS: %s", d);
    }
  if (p->ast->rules->len != 1)
    return g_strdup_printf ("%u rules", p->ast->rules->len);
  AstRule *r = g_ptr_array_index (p->ast->rules, 0);
  GString *out = g_string_new (NULL);
  ast_node_print (out, r->pattern);
  return g_string_free (out, FALSE);
}

/* The diagnostics for a file with one rule whose pattern is PATTERN,
 * spans relative to the pattern's first byte. */
static char *
pattern_errors (const char *pat)
{
  g_autofree char *text = g_strdup_printf ("%srule r -> pledge : %s;\n", header, pat);
  g_autoptr (Parsed) p = parse (text);
  guint32 base = (guint32) strlen (header) + (guint32) strlen ("rule r -> pledge : ");
  g_autoptr (GPtrArray) all = accord_diagnostics_sorted (p->diags);
  GString *out = g_string_new (NULL);
  for (guint i = 0; i < all->len; i++)
    {
      AccordDiag *d = g_ptr_array_index (all, i);
      if (d->has_span && d->span.start >= base)
        g_string_append_printf (out, "%u-%u: ", d->span.start - base, d->span.end - base);
      g_string_append_printf (out, "%s\n", d->message);
    }
  return g_string_free (out, FALSE);
}

static AstRule *
rule_at (Parsed *p, guint i)
{
  return i < p->ast->rules->len ? g_ptr_array_index (p->ast->rules, i) : NULL;
}

static char *
node_str (const AstNode *n)
{
  GString *out = g_string_new (NULL);
  if (n)
    ast_node_print (out, n);
  return g_string_free (out, FALSE);
}

/* The span's text. */
static char *
span_text (Parsed *p, AccordSpan span)
{
  const char *data = accord_source_data (accord_diagnostics_source (p->diags, p->file));
  return g_strndup (data + span.start, span.end - span.start);
}

/* ---- statements ---- */

static void
test_header (void)
{
  g_autoptr (Parsed) p = parse ("pack \"en/treaty\" version 3;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_true (p->ast->has_header);
  g_assert_cmpstr (p->ast->pack.text, ==, "en/treaty");
  g_assert_cmpint (p->ast->version, ==, 3);
  g_assert_cmpuint (p->ast->pack.span.start, ==, 5);
  g_assert_cmpuint (p->ast->pack.span.end, ==, 16);
}

static void
test_import (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nimport \"en/base\";\nimport \"x\";\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_cmpuint (p->ast->imports->len, ==, 2);
  AstImport *a = g_ptr_array_index (p->ast->imports, 0);
  AstImport *b = g_ptr_array_index (p->ast->imports, 1);
  g_assert_cmpstr (a->name, ==, "en/base");
  g_autofree char *at = span_text (p, a->span);
  g_assert_cmpstr (at, ==, "\"en/base\"");
  g_assert_cmpstr (b->name, ==, "x");
}

static void
test_labels (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\n"
                                "labels pledge(actor), condition(clause), quote(source, cue), other;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_cmpuint (p->ast->labels->len, ==, 4);
  AstLabel *q = g_ptr_array_index (p->ast->labels, 2);
  g_assert_cmpstr (q->name.text, ==, "quote");
  g_assert_cmpuint (q->roles->len, ==, 2);
  g_assert_cmpstr (((AstName *) g_ptr_array_index (q->roles, 0))->text, ==, "source");
  g_assert_cmpstr (((AstName *) g_ptr_array_index (q->roles, 1))->text, ==, "cue");
  AstLabel *o = g_ptr_array_index (p->ast->labels, 3);
  g_assert_cmpstr (o->name.text, ==, "other");
  g_assert_nonnull (o->roles);
  g_assert_cmpuint (o->roles->len, ==, 0);
}

static void
test_precedence (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nprecedence quote > pledge > condition;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_cmpuint (p->ast->precedences->len, ==, 1);
  g_assert_cmpuint (p->ast->precedence_spans->len, ==, 1);
  GPtrArray *chain = g_ptr_array_index (p->ast->precedences, 0);
  g_assert_cmpuint (chain->len, ==, 3);
  g_assert_cmpstr (((AstName *) g_ptr_array_index (chain, 0))->text, ==, "quote");
  g_assert_cmpstr (((AstName *) g_ptr_array_index (chain, 2))->text, ==, "condition");
}

static const char *
entry_kind (AstEntryKind k)
{
  return k == AST_ENTRY_WORD ? "word" : k == AST_ENTRY_STEM ? "stem" : "prefix";
}

static void
test_list_entries (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\n"
                                "list CUE = said U.S. Ukraine's unless \"according to\" =\"EU\" "
                                "~commit ~\"pledge\" negotiat* \"agree*\" 2024 n\xc3\xa9gociation;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_cmpuint (p->ast->lists->len, ==, 1);
  AstList *l = g_ptr_array_index (p->ast->lists, 0);
  g_assert_cmpstr (l->name.text, ==, "CUE");
  g_assert_false (l->append);
  GString *got = g_string_new (NULL);
  for (guint i = 0; i < l->entries->len; i++)
    {
      AstEntry *e = g_ptr_array_index (l->entries, i);
      g_string_append_printf (got, "%s%s:%s|", entry_kind (e->kind), e->case_sensitive ? "=" : "",
                              e->text);
    }
  g_assert_cmpstr (got->str, ==,
                   "word:said|word:U.S.|word:Ukraine's|word:unless|word:according to|word=:EU|"
                   "stem:commit|stem:pledge|prefix:negotiat|prefix:agree|word:2024|"
                   "word:n\xc3\xa9gociation|");
  g_string_free (got, TRUE);
}

static void
test_list_entry_spans (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nlist A = =\"EU\" ~commit;\n");
  AstList *l = g_ptr_array_index (p->ast->lists, 0);
  g_assert_cmpuint (l->entries->len, ==, 2);
  g_autofree char *a = span_text (p, ((AstEntry *) g_ptr_array_index (l->entries, 0))->span);
  g_autofree char *b = span_text (p, ((AstEntry *) g_ptr_array_index (l->entries, 1))->span);
  g_assert_cmpstr (a, ==, "=\"EU\"");
  g_assert_cmpstr (b, ==, "~commit");
  g_autofree char *all = span_text (p, l->span);
  g_assert_cmpstr (all, ==, "list A = =\"EU\" ~commit;");
}

static void
test_list_append (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nlist A = x;\nlist A += y z;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_cmpuint (p->ast->lists->len, ==, 2);
  AstList *l = g_ptr_array_index (p->ast->lists, 1);
  g_assert_true (l->append);
  g_assert_cmpstr (l->name.text, ==, "A");
  g_assert_cmpuint (l->entries->len, ==, 2);
}

static void
test_list_empty_parses (void)
{
  /* An empty list is the resolver's error, not a syntax error. */
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nlist A = ;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_cmpuint (p->ast->lists->len, ==, 1);
}

static void
test_abbrev (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nabbrev \"U.S.\" Gen. No. \"Sen.\";\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_cmpuint (p->ast->abbrevs->len, ==, 4);
  g_assert_cmpstr (((AstName *) g_ptr_array_index (p->ast->abbrevs, 0))->text, ==, "U.S.");
  g_assert_cmpstr (((AstName *) g_ptr_array_index (p->ast->abbrevs, 1))->text, ==, "Gen.");
  g_assert_cmpstr (((AstName *) g_ptr_array_index (p->ast->abbrevs, 3))->text, ==, "Sen.");
}

static void
test_rule (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule will_do -> pledge : ACTOR \"will\";\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r)
    return;
  g_assert_cmpstr (r->name.text, ==, "will_do");
  g_assert_cmpstr (r->label.text, ==, "pledge");
  g_assert_cmpint (r->priority, ==, 0);
  g_assert_cmpuint (r->vetoes->len, ==, 0);
  g_autofree char *pat = node_str (r->pattern);
  g_assert_cmpstr (pat, ==, "(ACTOR \"will\")");
  g_autofree char *all = span_text (p, r->span);
  g_assert_cmpstr (all, ==, "rule will_do -> pledge : ACTOR \"will\";");
}

static void
test_rule_priority (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> pledge priority 7 : \"x\";\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (r)
    g_assert_cmpint (r->priority, ==, 7);
}

static void
test_rule_priority_too_large (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> pledge priority 99999999 : \"x\";\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "46-54: number 99999999 is too large (the largest is 1000000)\n");
}

static void
test_rule_vetoes (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\n"
                                "rule r -> pledge : \"will\" unless \"not\" unless ^ \"if\" | \"unless\";\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r)
    return;
  g_assert_cmpuint (r->vetoes->len, ==, 2);
  if (r->vetoes->len != 2)
    return;
  g_autofree char *a = node_str (g_ptr_array_index (r->vetoes, 0));
  g_autofree char *b = node_str (g_ptr_array_index (r->vetoes, 1));
  g_assert_cmpstr (a, ==, "\"not\"");
  g_assert_cmpstr (b, ==, "((^ \"if\") | \"unless\")");
}

static void
test_example (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\n"
                                "example \"The minister said talks would resume.\" -> quote, pledge;\n"
                                "example \"Talks resumed on Monday.\" -> background;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_cmpuint (p->ast->examples->len, ==, 2);
  AstExample *a = g_ptr_array_index (p->ast->examples, 0);
  AstExample *b = g_ptr_array_index (p->ast->examples, 1);
  g_assert_cmpstr (a->text, ==, "The minister said talks would resume.");
  g_assert_cmpuint (a->labels->len, ==, 2);
  g_assert_cmpstr (((AstName *) g_ptr_array_index (a->labels, 1))->text, ==, "pledge");
  g_assert_cmpuint (b->labels->len, ==, 1);
  g_assert_cmpstr (((AstName *) g_ptr_array_index (b->labels, 0))->text, ==, "background");
}

/* ---- patterns ---- */

typedef struct {
  const char *in;
  const char *out;
} PatternCase;

static void
check_patterns (const PatternCase *cases, gsize n)
{
  for (gsize i = 0; i < n; i++)
    {
      g_autofree char *got = pattern (cases[i].in);
      if (g_strcmp0 (got, cases[i].out) != 0)
        g_test_message ("pattern: %s", cases[i].in);
      g_assert_cmpstr (got, ==, cases[i].out);
    }
}

static void
test_pattern_words (void)
{
  static const PatternCase cases[] = {
    { "\"will\"", "\"will\"" },
    { "\"according to\"", "\"according to\"" },
    { "=\"EU\"", "=\"EU\"" },
    { "~commit", "~\"commit\"" },
    { "~\"commit\"", "~\"commit\"" },
    { "\"negotiat*\"", "\"negotiat*\"" },
    { "\"say \\\"no\\\"\"", "\"say \\\"no\\\"\"" },
  };
  check_patterns (cases, G_N_ELEMENTS (cases));
}

static void
test_pattern_prefix_kind (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> l : \"negotiat*\" \"*\";\n");
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r)
    return;
  g_assert_cmpint (r->pattern->kind, ==, AST_SEQ);
  AstNode *a = g_ptr_array_index (r->pattern->kids, 0);
  AstNode *b = g_ptr_array_index (r->pattern->kids, 1);
  g_assert_cmpint (a->kind, ==, AST_PREFIX);
  g_assert_cmpstr (a->text, ==, "negotiat");
  /* A lone star is a literal star, not an empty prefix. */
  g_assert_cmpint (b->kind, ==, AST_LITERAL);
  g_assert_cmpstr (b->text, ==, "*");
}

static void
test_pattern_names (void)
{
  static const PatternCase cases[] = {
    { "ACTOR", "ACTOR" },
    { "_ WORD NUM CAP PUNCT OPENQ CLOSEQ", "(_ WORD NUM CAP PUNCT OPENQ CLOSEQ)" },
    { "^ \"talks\" $", "(^ \"talks\" $)" },
    /* Unquoted words parse; the resolver reports them. */
    { "said", "said" },
    { "U.S.", "U.S." },
    { "42", "42" },
  };
  check_patterns (cases, G_N_ELEMENTS (cases));
}

static void
test_pattern_bareword_kind (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> l : U.S.;\n");
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (r)
    g_assert_cmpint (r->pattern->kind, ==, AST_BAREWORD);
}

static void
test_pattern_sequence_flat (void)
{
  static const PatternCase cases[] = {
    { "\"a\" \"b\" \"c\" \"d\"", "(\"a\" \"b\" \"c\" \"d\")" },
    /* (a b) c is one sequence of three. */
    { "(\"a\" \"b\") \"c\"", "(\"a\" \"b\" \"c\")" },
  };
  check_patterns (cases, G_N_ELEMENTS (cases));
}

static void
test_pattern_sequence_kids (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> l : \"a\" \"b\" \"c\" \"d\" \"e\";\n");
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r)
    return;
  g_assert_cmpint (r->pattern->kind, ==, AST_SEQ);
  g_assert_cmpuint (r->pattern->kids->len, ==, 5);
  g_autofree char *all = span_text (p, r->pattern->span);
  g_assert_cmpstr (all, ==, "\"a\" \"b\" \"c\" \"d\" \"e\"");
}

static void
test_pattern_alternation_flat (void)
{
  static const PatternCase cases[] = {
    { "\"a\" | \"b\" | \"c\"", "(\"a\" | \"b\" | \"c\")" },
    { "(\"a\" | \"b\") | \"c\"", "(\"a\" | \"b\" | \"c\")" },
    /* A sequence binds tighter than '|'. */
    { "\"a\" \"b\" | \"c\"", "((\"a\" \"b\") | \"c\")" },
    { "\"a\" (\"b\" | \"c\") \"d\"", "(\"a\" (\"b\" | \"c\") \"d\")" },
  };
  check_patterns (cases, G_N_ELEMENTS (cases));
}

static void
test_pattern_quantifiers (void)
{
  static const PatternCase cases[] = {
    { "\"a\"?", "\"a\"?" },
    { "\"a\" \"b\"*", "(\"a\" \"b\"*)" },
    { "\"a\"+", "\"a\"+" },
    { "\"a\"{3}", "\"a\"{3}" },
    { "\"a\"{2,}", "\"a\"{2,}" },
    { "\"a\"{2,5}", "\"a\"{2,5}" },
    { "\"a\"{,4}", "\"a\"{0,4}" },
    { "_{0,8} \"x\"", "(_{0,8} \"x\")" },
    { "(\"a\" \"b\"){1,2}", "(\"a\" \"b\"){1,2}" },
    /* Unbounded gaps parse; the resolver reports them. */
    { "\"x\" _* \"y\"", "(\"x\" _* \"y\")" },
  };
  check_patterns (cases, G_N_ELEMENTS (cases));
}

static void
test_pattern_quantifier_span (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> l : \"a\"{2,5};\n");
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r)
    return;
  g_assert_cmpint (r->pattern->kind, ==, AST_REPEAT);
  g_autofree char *q = span_text (p, r->pattern->quant_span);
  g_autofree char *all = span_text (p, r->pattern->span);
  g_assert_cmpstr (q, ==, "{2,5}");
  g_assert_cmpstr (all, ==, "\"a\"{2,5}");
}

static void
test_pattern_quote (void)
{
  static const PatternCase cases[] = {
    { "QUOTE", "QUOTE" },
    { "QUOTE{6,}", "QUOTE{6,}" },
    { "QUOTE{2,5}", "QUOTE{2,5}" },
    { "ACTOR QUOTE{6,} \"said\"", "(ACTOR QUOTE{6,} \"said\")" },
  };
  check_patterns (cases, G_N_ELEMENTS (cases));
}

static void
test_pattern_quote_counted (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> quote : QUOTE{6,};\n");
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r)
    return;
  /* The braces count the quotation's words: no repetition node. */
  g_assert_cmpint (r->pattern->kind, ==, AST_QUOTE);
  g_assert_cmpint (r->pattern->min, ==, 6);
  g_assert_cmpint (r->pattern->max, ==, -1);
  g_autofree char *all = span_text (p, r->pattern->span);
  g_assert_cmpstr (all, ==, "QUOTE{6,}");
}

static void
test_pattern_quote_optional (void)
{
  /* Only braces count a quotation's words: "QUOTE?" is an optional
   * quotation, not a quotation of at most one word. */
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> quote : \"said\" QUOTE?;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r || r->pattern->kind != AST_SEQ)
    return;
  AstNode *q = g_ptr_array_index (r->pattern->kids, 1);
  g_assert_cmpint (q->kind, ==, AST_REPEAT);
  if (q->kind != AST_REPEAT)
    return;
  g_assert_cmpint (q->min, ==, 0);
  g_assert_cmpint (q->max, ==, 1);
  g_assert_cmpint (q->child->kind, ==, AST_QUOTE);
  g_assert_cmpint (q->child->min, ==, 1);
  g_assert_cmpint (q->child->max, ==, -1);
}

static void
test_pattern_list_repeated (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> l : \"x\" ACTOR*;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r)
    return;
  g_autofree char *pat = node_str (r->pattern);
  g_assert_cmpstr (pat, ==, "(\"x\" ACTOR*)");
  AstNode *rep = g_ptr_array_index (r->pattern->kids, 1);
  g_assert_cmpint (rep->kind, ==, AST_REPEAT);
  g_assert_cmpint (rep->min, ==, 0);
  g_assert_cmpint (rep->max, ==, -1);
  g_assert_cmpint (rep->child->kind, ==, AST_NAME);
  g_assert_cmpstr (rep->child->text, ==, "ACTOR");
  g_autofree char *name = span_text (p, rep->child->span);
  g_autofree char *star = span_text (p, rep->quant_span);
  g_assert_cmpstr (name, ==, "ACTOR");
  g_assert_cmpstr (star, ==, "*");
}

static void
test_pattern_captures (void)
{
  static const PatternCase cases[] = {
    { "actor:ACTOR \"will\"", "(actor:ACTOR \"will\")" },
    { "actor:(CAP CAP?) \"will\"", "(actor:(CAP CAP?) \"will\")" },
    { "cue:\"said\"", "cue:\"said\"" },
    { "who:CAP+", "who:CAP+" },
  };
  check_patterns (cases, G_N_ELEMENTS (cases));
}

static void
test_pattern_capture_span (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> l : actor:(CAP CAP?);\n");
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r)
    return;
  g_assert_cmpint (r->pattern->kind, ==, AST_CAPTURE);
  g_assert_cmpstr (r->pattern->text, ==, "actor");
  g_autofree char *all = span_text (p, r->pattern->span);
  g_assert_cmpstr (all, ==, "actor:(CAP CAP?)");
}

static void
test_pattern_not (void)
{
  static const PatternCase cases[] = {
    { "!\"not\"", "!\"not\"" },
    { "!(\"not\" | \"never\") \"x\"", "(!(\"not\" | \"never\") \"x\")" },
    { "!NEG{0,3} \"x\"", "(!NEG{0,3} \"x\")" },
    { "!~agree", "!~\"agree\"" },
  };
  check_patterns (cases, G_N_ELEMENTS (cases));
}

static void
test_pattern_not_twice (void)
{
  g_autofree char *got = pattern_errors ("!!\"x\"");
  g_assert_cmpstr (got, ==,
                   "0-1: '!' twice: a token that is not a token that is not ... is the token itself\n");
}

static void
test_pattern_double_quantifier (void)
{
  g_autofree char *got = pattern_errors ("\"a\"?*");
  g_assert_cmpstr (got, ==,
                   "4-5: a quantifier cannot follow another quantifier: use parentheses, as in "
                   "(x{1,2})?\n");
}

static void
test_pattern_bad_bounds (void)
{
  g_autofree char *got = pattern_errors ("\"a\"{5,2}");
  g_assert_cmpstr (got, ==, "3-8: repetition {5,2}: the maximum is less than the minimum\n");
}

static void
test_pattern_nested_groups (void)
{
  static const PatternCase cases[] = {
    { "((((\"a\"))))", "\"a\"" },
    { "((\"a\" | \"b\") \"c\")+", "((\"a\" | \"b\") \"c\")+" },
  };
  check_patterns (cases, G_N_ELEMENTS (cases));
}

static void
test_pattern_long_sequence (void)
{
  GString *pat = g_string_new (NULL);
  for (int i = 0; i < 20000; i++)
    g_string_append (pat, "\"w\" ");
  g_autofree char *text = g_strdup_printf ("%srule r -> l : %s;\n", header, pat->str);
  g_string_free (pat, TRUE);
  g_autoptr (Parsed) p = parse (text);
  g_assert_cmpuint (n_errors (p), ==, 0);
  AstRule *r = rule_at (p, 0);
  g_assert_nonnull (r);
  if (!r)
    return;
  g_assert_cmpint (r->pattern->kind, ==, AST_SEQ);
  g_assert_cmpuint (r->pattern->kids->len, ==, 20000);
}

/* ---- errors and recovery ---- */

static void
test_error_unexpected_token (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r pledge : \"x\";\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "27-33: unexpected name 'pledge', expected '->'\n");
}

static void
test_error_token_excerpt_utf8 (void)
{
  /* The token quoted in "unexpected ..." is cut to a length, never in
   * the middle of a character. */
  GString *text = g_string_new (header);
  g_string_append (text, "rule r -> l \"");
  for (int i = 0; i < 30; i++)
    g_string_append (text, "\xc3\xa9");
  g_string_append (text, "\";\n");
  g_autoptr (Parsed) p = parse (text->str);
  g_string_free (text, TRUE);
  g_autofree char *d = diags_str (p);
  g_assert_true (g_str_has_prefix (d, "32-94: unexpected string \"\xc3\xa9"));
  g_assert_true (g_utf8_validate (d, -1, NULL));
}

static void
test_error_several (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\n"
                                "rule a pledge : \"x\";\n"
                                "rule b -> pledge : \"y\";\n"
                                "list = x;\n"
                                "rule c -> pledge : \"z\" );\n"
                                "rule d -> pledge : \"w\";\n");
  g_assert_cmpuint (n_errors (p), ==, 3);
  g_assert_cmpuint (p->ast->rules->len, ==, 2);
  g_assert_cmpstr (rule_at (p, 0)->name.text, ==, "b");
  g_assert_cmpstr (rule_at (p, 1)->name.text, ==, "d");
}

static void
test_error_missing_semicolon (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\n"
                                "labels pledge\n"
                                "rule r -> pledge : \"x\";\n");
  g_autofree char *d = diags_str (p);
  /* At the end of the line that lacks it, not at the next statement. */
  g_assert_cmpstr (d, ==, "33-33: expected ';' at the end of the statement\n");
  g_assert_cmpuint (p->ast->rules->len, ==, 1);
}

static void
test_error_missing_semicolon_last (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nrule r -> pledge : \"x\"\n");
  g_assert_cmpuint (n_errors (p), ==, 1);
  g_assert_cmpuint (p->ast->rules->len, ==, 0);
}

static void
test_error_recovery_keyword (void)
{
  /* Without a ';', recovery resumes at the next statement keyword. */
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\n"
                                "rule a -> pledge : \"x\" ) \"y\" rule b -> pledge : \"z\";\n");
  g_assert_cmpuint (n_errors (p), ==, 1);
  g_assert_cmpuint (p->ast->rules->len, ==, 1);
  g_assert_cmpstr (rule_at (p, 0)->name.text, ==, "b");
}

static void
test_error_lexer_no_second_message (void)
{
  /* A lexer error is reported once, not again as a syntax error. */
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\n"
                                "rule a -> pledge : \"x\\q\";\n"
                                "rule b -> pledge : \"y\";\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "41-43: unknown escape sequence '\\q' (only \\\" and \\\\ are known)\n");
  /* The string is read without the bad escape: both rules parse. */
  g_assert_cmpuint (p->ast->rules->len, ==, 2);
}

static void
test_error_limit (void)
{
  GString *text = g_string_new (header);
  for (int i = 0; i < 30; i++)
    g_string_append_printf (text, "rule r%d pledge : \"x\";\n", i);
  g_autoptr (Parsed) p = parse (text->str);
  g_string_free (text, TRUE);
  g_assert_cmpuint (n_errors (p), ==, ACCORD_MAX_ERRORS_PER_FILE);
  g_assert_true (accord_diagnostics_file_full (p->diags, p->file));
}

static void
test_error_limit_note (void)
{
  /* When the parser gives up at the limit, the output says so. */
  GString *text = g_string_new (header);
  for (int i = 0; i < 30; i++)
    g_string_append_printf (text, "rule r%d pledge : \"x\";\n", i);
  g_autoptr (Parsed) p = parse (text->str);
  g_string_free (text, TRUE);
  g_autofree char *out = accord_diagnostics_render (p->diags, FALSE);
  g_assert_true (g_str_has_suffix (out, "t.rules: note: stopped after 20 errors\n"
                                        "accord: 20 errors in t.rules\n"));
}

static void
test_error_nesting (void)
{
  GString *text = g_string_new (header);
  g_string_append (text, "rule r -> l : ");
  for (int i = 0; i < 65; i++)
    g_string_append_c (text, '(');
  g_string_append (text, "\"x\"");
  for (int i = 0; i < 65; i++)
    g_string_append_c (text, ')');
  g_string_append (text, ";\n");
  g_autoptr (Parsed) p = parse (text->str);
  g_string_free (text, TRUE);
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "98-99: parentheses nested more than 64 deep\n");
}

static void
test_error_nesting_at_limit (void)
{
  GString *text = g_string_new (header);
  g_string_append (text, "rule r -> l : ");
  for (int i = 0; i < 64; i++)
    g_string_append_c (text, '(');
  g_string_append (text, "\"x\"");
  for (int i = 0; i < 64; i++)
    g_string_append_c (text, ')');
  g_string_append (text, ";\n");
  g_autoptr (Parsed) p = parse (text->str);
  g_string_free (text, TRUE);
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_cmpuint (p->ast->rules->len, ==, 1);
}

static void
test_error_nesting_per_statement (void)
{
  /* Parentheses left open by a broken statement do not count against
   * the next ones: 7 statements with 10 open each are 7 syntax errors,
   * not a nesting error, and the last rule still parses. */
  GString *text = g_string_new (header);
  for (int i = 0; i < 7; i++)
    g_string_append_printf (text, "rule a%d -> l : (((((((((( \"x\" ;\n", i);
  g_string_append (text, "rule z -> l : \"y\";\n");
  g_autoptr (Parsed) p = parse (text->str);
  g_string_free (text, TRUE);
  g_autofree char *d = diags_str (p);
  g_assert_null (strstr (d, "nested"));
  g_assert_cmpuint (n_errors (p), ==, 7);
  g_assert_cmpuint (p->ast->rules->len, ==, 1);
}

static void
test_error_nesting_per_statement_keyword (void)
{
  /* The same when recovery resumes at the next statement keyword
   * rather than at a ';'. */
  GString *text = g_string_new (header);
  for (int i = 0; i < 7; i++)
    g_string_append_printf (text, "rule a%d -> l : (((((((((( \"x\"\n", i);
  g_string_append (text, "rule z -> l : \"y\";\n");
  g_autoptr (Parsed) p = parse (text->str);
  g_string_free (text, TRUE);
  g_autofree char *d = diags_str (p);
  g_assert_null (strstr (d, "nested"));
  g_assert_cmpuint (p->ast->rules->len, ==, 1);
}

static void
test_error_bang_run (void)
{
  /* 100,000 '!' in a row must not exhaust the C stack. */
  GString *text = g_string_new (header);
  g_string_append (text, "rule r -> l : ");
  for (int i = 0; i < 100000; i++)
    g_string_append_c (text, '!');
  g_string_append (text, "\"x\";\nrule s -> l : \"y\";\n");
  g_autoptr (Parsed) p = parse (text->str);
  g_string_free (text, TRUE);
  g_assert_cmpuint (n_errors (p), >=, 1);
  g_assert_cmpuint (n_errors (p), <=, 2);
}

/* ---- input checks ---- */

static void
test_input_nul (void)
{
  static const char text[] = "pack \"t\" version 1;\0rule r -> l : \"x\";\n";
  g_autoptr (Parsed) p = parse_len (text, sizeof text - 1);
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "19-20: NUL byte in a rule file (is it a binary file?)\n");
  /* The file is not parsed, so no other message follows. */
  g_assert_false (p->ast->has_header);
  g_assert_cmpuint (p->ast->rules->len, ==, 0);
}

static void
test_input_invalid_utf8 (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nlist A = caf\xe9;\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "32-33: invalid UTF-8 (byte 0xe9): rule files are UTF-8 text\n");
  g_assert_cmpuint (p->ast->lists->len, ==, 0);
}

static void
test_input_truncated_utf8 (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\nlist A = \xc3");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "29-30: invalid UTF-8 (byte 0xc3): rule files are UTF-8 text\n");
}

static void
test_input_overlong_utf8 (void)
{
  /* An overlong encoding of '/' is not UTF-8. */
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1; # \xc0\xaf\n");
  g_assert_cmpuint (n_errors (p), ==, 1);
}

static void
test_input_empty (void)
{
  g_autoptr (Parsed) p = parse_len ("", 0);
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "0-0: empty rule file: it must start with 'pack \"NAME\" version N;'\n");
}

static void
test_input_only_comments (void)
{
  g_autoptr (Parsed) p = parse ("# nothing here yet\n\n   \t# pack \"t\" version 1;\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "0-0: empty rule file: it must start with 'pack \"NAME\" version N;'\n");
}

static void
test_input_bom (void)
{
  g_autoptr (Parsed) p = parse ("\xef\xbb\xbfpack \"t\" version 1;\nlist A = x;\n");
  g_assert_cmpuint (n_errors (p), ==, 0);
  g_assert_true (p->ast->has_header);
  /* Spans stay byte offsets into the file, BOM included. */
  g_assert_cmpuint (p->ast->pack.span.start, ==, 8);
  g_assert_cmpuint (p->ast->pack.span.end, ==, 11);
}

static void
test_input_bom_only (void)
{
  g_autoptr (Parsed) p = parse ("\xef\xbb\xbf\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "3-3: empty rule file: it must start with 'pack \"NAME\" version N;'\n");
}

static void
test_input_bom_in_middle (void)
{
  /* U+FEFF after the start is no BOM: an invalid character. */
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\n\xef\xbb\xbflist A = x;\n");
  g_assert_cmpuint (n_errors (p), >=, 1);
}

static void
test_header_missing (void)
{
  g_autoptr (Parsed) p = parse ("labels pledge;\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==,
                   "0-0: missing pack header: a rule file starts with 'pack \"NAME\" version N;'\n");
}

static void
test_header_missing_after_comment (void)
{
  g_autoptr (Parsed) p = parse ("# my pack\n\n  labels pledge;\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==,
                   "13-13: missing pack header: a rule file starts with 'pack \"NAME\" version N;'\n");
}

static void
test_header_missing_not_with_errors (void)
{
  /* A file that already has syntax errors gets no extra header error. */
  g_autoptr (Parsed) p = parse ("labels pledge\nlist = ;\n");
  g_autofree char *d = diags_str (p);
  g_assert_null (strstr (d, "missing pack header"));
}

static void
test_header_not_first (void)
{
  g_autoptr (Parsed) p = parse ("labels pledge;\npack \"t\" version 1;\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "15-19: the pack header must be the first statement\n");
  g_assert_true (p->ast->has_header);
}

static void
test_header_twice (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 1;\npack \"u\" version 2;\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "20-39: a rule file has one pack header\n");
  g_assert_cmpstr (p->ast->pack.text, ==, "t");
  g_autoptr (GPtrArray) all = accord_diagnostics_sorted (p->diags);
  if (all->len != 1)
    return;
  AccordDiag *e = g_ptr_array_index (all, 0);
  g_assert_nonnull (e->notes);
  if (e->notes)
    {
      g_assert_cmpuint (e->notes->len, ==, 1);
      AccordDiag *n = g_ptr_array_index (e->notes, 0);
      g_assert_cmpstr (n->message, ==, "the pack header is here");
      g_assert_cmpuint (n->span.start, ==, 5);
    }
}

static void
test_version_too_large (void)
{
  g_autoptr (Parsed) p = parse ("pack \"t\" version 12345678;\n");
  g_autofree char *d = diags_str (p);
  g_assert_cmpstr (d, ==, "17-25: number 12345678 is too large (the largest is 1000000)\n");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/parser/statement/header", test_header);
  g_test_add_func ("/parser/statement/import", test_import);
  g_test_add_func ("/parser/statement/labels", test_labels);
  g_test_add_func ("/parser/statement/precedence", test_precedence);
  g_test_add_func ("/parser/statement/list", test_list_entries);
  g_test_add_func ("/parser/statement/list-spans", test_list_entry_spans);
  g_test_add_func ("/parser/statement/list-append", test_list_append);
  g_test_add_func ("/parser/statement/list-empty", test_list_empty_parses);
  g_test_add_func ("/parser/statement/abbrev", test_abbrev);
  g_test_add_func ("/parser/statement/rule", test_rule);
  g_test_add_func ("/parser/statement/rule-priority", test_rule_priority);
  g_test_add_func ("/parser/statement/rule-priority-too-large", test_rule_priority_too_large);
  g_test_add_func ("/parser/statement/rule-vetoes", test_rule_vetoes);
  g_test_add_func ("/parser/statement/example", test_example);
  g_test_add_func ("/parser/statement/version-too-large", test_version_too_large);

  g_test_add_func ("/parser/pattern/words", test_pattern_words);
  g_test_add_func ("/parser/pattern/prefix-kind", test_pattern_prefix_kind);
  g_test_add_func ("/parser/pattern/names", test_pattern_names);
  g_test_add_func ("/parser/pattern/bareword-kind", test_pattern_bareword_kind);
  g_test_add_func ("/parser/pattern/sequence-flat", test_pattern_sequence_flat);
  g_test_add_func ("/parser/pattern/sequence-kids", test_pattern_sequence_kids);
  g_test_add_func ("/parser/pattern/alternation-flat", test_pattern_alternation_flat);
  g_test_add_func ("/parser/pattern/quantifiers", test_pattern_quantifiers);
  g_test_add_func ("/parser/pattern/quantifier-span", test_pattern_quantifier_span);
  g_test_add_func ("/parser/pattern/quote", test_pattern_quote);
  g_test_add_func ("/parser/pattern/quote-counted", test_pattern_quote_counted);
  g_test_add_func ("/parser/pattern/quote-optional", test_pattern_quote_optional);
  g_test_add_func ("/parser/pattern/list-repeated", test_pattern_list_repeated);
  g_test_add_func ("/parser/pattern/captures", test_pattern_captures);
  g_test_add_func ("/parser/pattern/capture-span", test_pattern_capture_span);
  g_test_add_func ("/parser/pattern/not", test_pattern_not);
  g_test_add_func ("/parser/pattern/not-twice", test_pattern_not_twice);
  g_test_add_func ("/parser/pattern/double-quantifier", test_pattern_double_quantifier);
  g_test_add_func ("/parser/pattern/bad-bounds", test_pattern_bad_bounds);
  g_test_add_func ("/parser/pattern/nested-groups", test_pattern_nested_groups);
  g_test_add_func ("/parser/pattern/long-sequence", test_pattern_long_sequence);

  g_test_add_func ("/parser/error/unexpected-token", test_error_unexpected_token);
  g_test_add_func ("/parser/error/token-excerpt-utf8", test_error_token_excerpt_utf8);
  g_test_add_func ("/parser/error/several", test_error_several);
  g_test_add_func ("/parser/error/missing-semicolon", test_error_missing_semicolon);
  g_test_add_func ("/parser/error/missing-semicolon-last", test_error_missing_semicolon_last);
  g_test_add_func ("/parser/error/recovery-at-keyword", test_error_recovery_keyword);
  g_test_add_func ("/parser/error/lexer-once", test_error_lexer_no_second_message);
  g_test_add_func ("/parser/error/limit", test_error_limit);
  g_test_add_func ("/parser/error/limit-note", test_error_limit_note);
  g_test_add_func ("/parser/error/nesting", test_error_nesting);
  g_test_add_func ("/parser/error/nesting-at-limit", test_error_nesting_at_limit);
  g_test_add_func ("/parser/error/nesting-per-statement", test_error_nesting_per_statement);
  g_test_add_func ("/parser/error/nesting-per-statement-keyword",
                   test_error_nesting_per_statement_keyword);
  g_test_add_func ("/parser/error/bang-run", test_error_bang_run);

  g_test_add_func ("/parser/input/nul", test_input_nul);
  g_test_add_func ("/parser/input/invalid-utf8", test_input_invalid_utf8);
  g_test_add_func ("/parser/input/truncated-utf8", test_input_truncated_utf8);
  g_test_add_func ("/parser/input/overlong-utf8", test_input_overlong_utf8);
  g_test_add_func ("/parser/input/empty", test_input_empty);
  g_test_add_func ("/parser/input/only-comments", test_input_only_comments);
  g_test_add_func ("/parser/input/bom", test_input_bom);
  g_test_add_func ("/parser/input/bom-only", test_input_bom_only);
  g_test_add_func ("/parser/input/bom-in-middle", test_input_bom_in_middle);

  g_test_add_func ("/parser/header/missing", test_header_missing);
  g_test_add_func ("/parser/header/missing-after-comment", test_header_missing_after_comment);
  g_test_add_func ("/parser/header/missing-not-with-errors", test_header_missing_not_with_errors);
  g_test_add_func ("/parser/header/not-first", test_header_not_first);
  g_test_add_func ("/parser/header/twice", test_header_twice);

  return g_test_run ();
}
