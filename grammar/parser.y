/* parser.y: the grammar of accord rule files.
 *
 * A pure (reentrant) Bison parser with byte-span locations.  Actions only
 * build the syntax tree (ast.h): names are looked up later, by the
 * resolver, so that every file is checked in full before anything is
 * compiled.  Every node lives in the AstFile's arena, so discarded
 * values need no %destructor.  Syntax errors recover at the next ';', so
 * one run reports every error of a file (up to ACCORD_MAX_ERRORS_PER_FILE).
 */
%code top {
#include "config.h"
}

%code requires {
#include "accord.h"
#include "ast.h"

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif
typedef struct AccordLexer AccordLexer;

#define YYLLOC_DEFAULT(Cur, Rhs, N)                              \
  do {                                                           \
    if (N)                                                       \
      {                                                          \
        (Cur).file = YYRHSLOC (Rhs, 1).file;                     \
        (Cur).start = YYRHSLOC (Rhs, 1).start;                   \
        (Cur).end = YYRHSLOC (Rhs, N).end;                       \
      }                                                          \
    else                                                         \
      {                                                          \
        (Cur).file = YYRHSLOC (Rhs, 0).file;                     \
        (Cur).start = (Cur).end = YYRHSLOC (Rhs, 0).end;         \
      }                                                          \
  } while (0)
}

%code {
#include <string.h>

#include "diag.h"
#include "scanner.h"
#include "source.h"

static void acc_yyerror (ACC_YYLTYPE *loc, yyscan_t scanner, AccordLexer *lx, const char *msg);

static AstNode *make_word (AccordLexer *lx, AstKind kind, const char *text, const AccordSpan *span,
                           gboolean case_sensitive);
static AstNode *make_list (AccordLexer *lx, AstKind kind, AstNode *a, AstNode *b);
static AstNode *make_repeat (AccordLexer *lx, AstNode *child, gint min, gint max,
                             gboolean braces, const AccordSpan *qspan);
static gint number (AccordLexer *lx, const char *text, const AccordSpan *span);
static void quant_check (AccordLexer *lx, gint *min, gint *max, const AccordSpan *span);
static void add_entry (AccordLexer *lx, GPtrArray *entries, AstEntryKind kind, const char *text,
                       gboolean cs, const AccordSpan *span);
static AstName *make_name (AccordLexer *lx, const char *text, const AccordSpan *span);
static void statement (AccordLexer *lx, const AccordSpan *span);
}

%define api.pure full
%define api.prefix {acc_yy}
%define api.location.type {AccordSpan}
%define api.header.include {"parser.h"}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {yyscan_t scanner}
%parse-param {AccordLexer *lx}

%initial-action {
  @$.file = lx->ast->file;
  @$.start = @$.end = 0;
}

%union {
  const char *str;
  AstNode *node;
  GPtrArray *arr;
  AstName *name;
  struct { gint min, max; gboolean braces; } quant;
  gint num;
}

%token YYEOF 0 "end of file"
%token <str> STRING "string"
%token <str> IDENT "name"
%token <str> WORD "word"
%token <str> PREFIX "word*"
%token <str> INT "number"
%token PACK "'pack'" VERSION "'version'" IMPORT "'import'" LABELS "'labels'"
%token PRECEDENCE "'precedence'" LIST "'list'" ABBREV "'abbrev'" RULE "'rule'"
%token PRIORITY "'priority'" UNLESS "'unless'" EXAMPLE "'example'"
%token ARROW "'->'" PLUSEQ "'+='"

%type <str> anyword keyword
%type <node> pattern alt seq item postfix primary
%type <arr> entries vetoes label_names prec_chain role_names abbrevs
%type <name> label_name
%type <quant> quant
%type <num> priority

%%

file:
    %empty
  | file stmt
  ;

stmt:
    PACK STRING VERSION INT ';'
      {
        AstFile *f = lx->ast;
        AccordSpan nspan = @2;
        if (f->has_header)
          {
            AccordDiag *d = diag_error (lx->diags, &@$, "a rule file has one pack header");
            accord_diag_note (lx->diags, d, &f->pack.span, "the pack header is here");
          }
        else
          {
            if (lx->n_statements > 0)
              diag_error (lx->diags, &@1, "the pack header must be the first statement");
            f->has_header = TRUE;
            f->pack.text = $2;
            f->pack.span = nspan;
            f->version = MAX (number (lx, $4, &@4), 0);
          }
        statement (lx, &@$);
      }
  | IMPORT STRING ';'
      {
        AstImport *imp = ast_new (lx->ast, AstImport);
        imp->name = $2;
        imp->span = @2;
        g_ptr_array_add (lx->ast->imports, imp);
        statement (lx, &@$);
      }
  | LABELS label_decls ';'      { statement (lx, &@$); }
  | PRECEDENCE prec_chain ';'
      {
        AccordSpan *s = ast_new (lx->ast, AccordSpan);
        *s = @$;
        g_ptr_array_add (lx->ast->precedences, $2);
        g_ptr_array_add (lx->ast->precedence_spans, s);
        statement (lx, &@$);
      }
  | LIST IDENT '=' entries ';'
      {
        AstList *l = ast_new (lx->ast, AstList);
        l->name.text = $2;
        l->name.span = @2;
        l->span = @$;
        l->entries = $4;
        g_ptr_array_add (lx->ast->lists, l);
        statement (lx, &@$);
      }
  | LIST IDENT PLUSEQ entries ';'
      {
        AstList *l = ast_new (lx->ast, AstList);
        l->name.text = $2;
        l->name.span = @2;
        l->span = @$;
        l->append = TRUE;
        l->entries = $4;
        g_ptr_array_add (lx->ast->lists, l);
        statement (lx, &@$);
      }
  | ABBREV abbrevs ';'          { statement (lx, &@$); }
  | RULE IDENT ARROW IDENT priority ':' pattern vetoes ';'
      {
        AstRule *r = ast_new (lx->ast, AstRule);
        r->name.text = $2;
        r->name.span = @2;
        r->span = @$;
        r->label.text = $4;
        r->label.span = @4;
        r->priority = $5;
        r->pattern = $7;
        r->vetoes = $8;
        g_ptr_array_add (lx->ast->rules, r);
        statement (lx, &@$);
      }
  | EXAMPLE STRING ARROW label_names ';'
      {
        AstExample *e = ast_new (lx->ast, AstExample);
        e->text = $2;
        e->span = @2;
        e->labels = $4;
        g_ptr_array_add (lx->ast->examples, e);
        statement (lx, &@$);
      }
  | error ';'                   { yyerrok; statement (lx, &@$); }
  | error                       { statement (lx, &@$); }   /* resume at the next keyword */
  ;

label_decls:
    label_decl
  | label_decls ',' label_decl
  ;

label_decl:
    IDENT
      {
        AstLabel *l = ast_new (lx->ast, AstLabel);
        l->name.text = $1;
        l->name.span = @1;
        l->roles = ast_array (lx->ast);
        g_ptr_array_add (lx->ast->labels, l);
      }
  | IDENT '(' role_names ')'
      {
        AstLabel *l = ast_new (lx->ast, AstLabel);
        l->name.text = $1;
        l->name.span = @1;
        l->roles = $3;
        g_ptr_array_add (lx->ast->labels, l);
      }
  ;

role_names:
    IDENT                       { $$ = ast_array (lx->ast); g_ptr_array_add ($$, make_name (lx, $1, &@1)); }
  | role_names ',' IDENT        { $$ = $1; g_ptr_array_add ($$, make_name (lx, $3, &@3)); }
  ;

prec_chain:
    IDENT                       { $$ = ast_array (lx->ast); g_ptr_array_add ($$, make_name (lx, $1, &@1)); }
  | prec_chain '>' IDENT        { $$ = $1; g_ptr_array_add ($$, make_name (lx, $3, &@3)); }
  ;

label_names:
    label_name                  { $$ = ast_array (lx->ast); g_ptr_array_add ($$, $1); }
  | label_names ',' label_name  { $$ = $1; g_ptr_array_add ($$, $3); }
  ;

label_name:
    IDENT                       { $$ = make_name (lx, $1, &@1); }
  ;

abbrevs:
    STRING                      { g_ptr_array_add (lx->ast->abbrevs, make_name (lx, $1, &@1)); $$ = NULL; }
  | anyword                     { g_ptr_array_add (lx->ast->abbrevs, make_name (lx, $1, &@1)); $$ = NULL; }
  | abbrevs STRING              { g_ptr_array_add (lx->ast->abbrevs, make_name (lx, $2, &@2)); $$ = NULL; }
  | abbrevs anyword             { g_ptr_array_add (lx->ast->abbrevs, make_name (lx, $2, &@2)); $$ = NULL; }
  ;

entries:
    %empty                      { $$ = ast_array (lx->ast); }
  | entries STRING              { $$ = $1; add_entry (lx, $$, AST_ENTRY_WORD, $2, FALSE, &@2); }
  | entries '=' STRING          { $$ = $1; AccordSpan s = ast_span_join (@2, @3); add_entry (lx, $$, AST_ENTRY_WORD, $3, TRUE, &s); }
  | entries '~' anyword         { $$ = $1; AccordSpan s = ast_span_join (@2, @3); add_entry (lx, $$, AST_ENTRY_STEM, $3, FALSE, &s); }
  | entries '~' STRING          { $$ = $1; AccordSpan s = ast_span_join (@2, @3); add_entry (lx, $$, AST_ENTRY_STEM, $3, FALSE, &s); }
  | entries PREFIX              { $$ = $1; add_entry (lx, $$, AST_ENTRY_PREFIX, $2, FALSE, &@2); }
  | entries anyword             { $$ = $1; add_entry (lx, $$, AST_ENTRY_WORD, $2, FALSE, &@2); }
  ;

anyword:
    IDENT | WORD | INT | keyword
  ;

keyword:
    PACK        { $$ = "pack"; }
  | VERSION     { $$ = "version"; }
  | IMPORT      { $$ = "import"; }
  | LABELS      { $$ = "labels"; }
  | PRECEDENCE  { $$ = "precedence"; }
  | LIST        { $$ = "list"; }
  | ABBREV      { $$ = "abbrev"; }
  | RULE        { $$ = "rule"; }
  | PRIORITY    { $$ = "priority"; }
  | UNLESS      { $$ = "unless"; }
  | EXAMPLE     { $$ = "example"; }
  ;

priority:
    %empty                      { $$ = 0; }
  | PRIORITY INT                { $$ = MAX (number (lx, $2, &@2), 0); }
  ;

vetoes:
    %empty                      { $$ = ast_array (lx->ast); }
  | vetoes UNLESS pattern       { $$ = $1; g_ptr_array_add ($$, $3); }
  ;

pattern:
    alt
  ;

alt:
    seq
  | alt '|' seq                 { $$ = make_list (lx, AST_ALT, $1, $3); }
  ;

seq:
    item
  | seq item                    { $$ = make_list (lx, AST_SEQ, $1, $2); }
  ;

item:
    postfix
  | IDENT ':' postfix
      {
        $$ = ast_node (lx->ast, AST_CAPTURE, &@$);
        $$->text = $1;
        $$->child = $3;
      }
  ;

postfix:
    primary
  | postfix quant               { $$ = make_repeat (lx, $1, $2.min, $2.max, $2.braces, &@2); }
  ;

quant:
    '?'                         { $$.min = 0; $$.max = 1; $$.braces = FALSE; }
  | '*'                         { $$.min = 0; $$.max = -1; $$.braces = FALSE; }
  | '+'                         { $$.min = 1; $$.max = -1; $$.braces = FALSE; }
  | '{' INT '}'                 { $$.min = $$.max = number (lx, $2, &@2); quant_check (lx, &$$.min, &$$.max, &@$); $$.braces = TRUE; }
  | '{' INT ',' '}'
      {
        $$.min = number (lx, $2, &@2);
        $$.max = $$.min < 0 ? -2 : -1;
        quant_check (lx, &$$.min, &$$.max, &@$);
        $$.braces = TRUE;
      }
  | '{' INT ',' INT '}'
      {
        $$.min = number (lx, $2, &@2);
        $$.max = number (lx, $4, &@4);
        quant_check (lx, &$$.min, &$$.max, &@$);
        $$.braces = TRUE;
      }
  | '{' ',' INT '}'             { $$.min = 0; $$.max = number (lx, $3, &@3); quant_check (lx, &$$.min, &$$.max, &@$); $$.braces = TRUE; }
  ;

primary:
    STRING                      { $$ = make_word (lx, AST_LITERAL, $1, &@1, FALSE); }
  | '=' STRING                  { $$ = make_word (lx, AST_LITERAL, $2, &@$, TRUE); }
  | '~' anyword                 { $$ = make_word (lx, AST_STEM, $2, &@$, FALSE); }
  | '~' STRING                  { $$ = make_word (lx, AST_STEM, $2, &@$, FALSE); }
  | IDENT
      {
        if (g_str_equal ($1, "QUOTE"))
          {
            $$ = ast_node (lx->ast, AST_QUOTE, &@1);
            $$->min = 1;
            $$->max = -1;
          }
        else
          {
            $$ = ast_node (lx->ast, AST_NAME, &@1);
            $$->text = $1;
          }
      }
  | PREFIX
      {
        /* NAME* without a space: the list NAME, repeated. */
        AccordSpan name = @1, star = @1;
        name.end--;
        star.start = star.end - 1;
        AstNode *n = ast_node (lx->ast, AST_NAME, &name);
        n->text = $1;
        n->from_prefix = TRUE;
        $$ = make_repeat (lx, n, 0, -1, FALSE, &star);
      }
  | WORD                        { $$ = ast_node (lx->ast, AST_BAREWORD, &@1); $$->text = $1; }
  | INT                         { $$ = ast_node (lx->ast, AST_BAREWORD, &@1); $$->text = $1; }
  | '_'                         { $$ = ast_node (lx->ast, AST_NAME, &@1); $$->text = "_"; }
  | '^'                         { $$ = ast_node (lx->ast, AST_BOS, &@1); }
  | '$'                         { $$ = ast_node (lx->ast, AST_EOS, &@1); }
  | '(' alt ')'                 { $$ = $2; $$->span = @$; $$->paren = TRUE; }
  | '!' primary
      {
        if ($2->kind == AST_NOT)
          {
            diag_error (lx->diags, &@1, "'!' twice: a token that is not a token that is not ... is the token itself");
            $$ = $2;
          }
        else
          {
            $$ = ast_node (lx->ast, AST_NOT, &@$);
            $$->child = $2;
          }
      }
  ;

%%

static void
statement (AccordLexer *lx, const AccordSpan *span)
{
  lx->n_statements++;
}

static AstName *
make_name (AccordLexer *lx, const char *text, const AccordSpan *span)
{
  AstName *n = ast_new (lx->ast, AstName);
  n->text = text;
  n->span = *span;
  return n;
}

/* Largest number the language accepts anywhere. */
#define MAX_NUMBER 1000000

/* The value of a number token, or -1 (after an error) when it is too large. */
static gint
number (AccordLexer *lx, const char *text, const AccordSpan *span)
{
  if (strlen (text) > 7 || g_ascii_strtoll (text, NULL, 10) > MAX_NUMBER)
    {
      diag_error (lx->diags, span, "number %s is too large (the largest is %d)", text, MAX_NUMBER);
      return -1;
    }
  return (gint) g_ascii_strtoll (text, NULL, 10);
}

/* After a number error (-1; -2 for a max that is "unbounded" beside a bad
 * min) the quantifier becomes {1}, which no later check complains about. */
static void
quant_check (AccordLexer *lx, gint *min, gint *max, const AccordSpan *span)
{
  if (*min < 0 || *max < -1)
    {
      *min = *max = 1;
      return;
    }
  if (*max >= 0 && *max < *min)
    {
      diag_error (lx->diags, span, "repetition {%d,%d}: the maximum is less than the minimum",
                  *min, *max);
      *max = *min;
    }
}

/* A quoted word in a pattern: "text*" is a prefix. */
static AstNode *
make_word (AccordLexer *lx, AstKind kind, const char *text, const AccordSpan *span,
           gboolean case_sensitive)
{
  gsize len = strlen (text);
  if (kind == AST_LITERAL && len > 1 && text[len - 1] == '*')
    {
      g_autofree char *stem = g_strndup (text, len - 1);
      kind = AST_PREFIX;
      text = ast_intern (lx->ast, stem);
    }
  AstNode *n = ast_node (lx->ast, kind, span);
  n->text = text;
  n->case_sensitive = case_sensitive;
  return n;
}

static void
add_entry (AccordLexer *lx, GPtrArray *entries, AstEntryKind kind, const char *text, gboolean cs,
           const AccordSpan *span)
{
  AstEntry *e = ast_new (lx->ast, AstEntry);
  gsize len = strlen (text);
  if (kind == AST_ENTRY_WORD && len > 1 && text[len - 1] == '*')
    {
      g_autofree char *stem = g_strndup (text, len - 1);
      kind = AST_ENTRY_PREFIX;
      text = ast_intern (lx->ast, stem);
    }
  e->kind = kind;
  e->text = text;
  e->case_sensitive = cs;
  e->span = *span;
  g_ptr_array_add (entries, e);
}

/* Builds SEQ or ALT flat: (a b) c becomes one sequence of three. */
static AstNode *
make_list (AccordLexer *lx, AstKind kind, AstNode *a, AstNode *b)
{
  AccordSpan span = ast_span_join (a->span, b->span);
  if (a->kind == kind)
    {
      g_ptr_array_add (a->kids, b);
      a->span = span;
      return a;
    }
  AstNode *n = ast_node (lx->ast, kind, &span);
  n->kids = ast_array (lx->ast);
  g_ptr_array_add (n->kids, a);
  g_ptr_array_add (n->kids, b);
  return n;
}

static AstNode *
make_repeat (AccordLexer *lx, AstNode *child, gint min, gint max, gboolean braces,
             const AccordSpan *qspan)
{
  if (child->kind == AST_QUOTE && braces && !child->paren && child->min == 1 && child->max == -1
      && !child->case_sensitive)
    {
      /* QUOTE{6,}: braces on QUOTE count the quotation's words. */
      child->case_sensitive = TRUE; /* marks "counted" */
      child->min = min;
      child->max = max;
      child->span = ast_span_join (child->span, *qspan);
      return child;
    }
  if ((child->kind == AST_REPEAT || (child->kind == AST_QUOTE && child->case_sensitive))
      && !child->paren)
    {
      diag_error (lx->diags, qspan,
                  "a quantifier cannot follow another quantifier: use parentheses, as in (x{1,2})?");
      return child;
    }
  AstNode *n = ast_node (lx->ast, AST_REPEAT, &child->span);
  n->span = ast_span_join (child->span, *qspan);
  n->child = child;
  n->min = min;
  n->max = max;
  n->quant_span = *qspan;
  return n;
}

/* Bison calls this for "memory exhausted" only: syntax errors go through
 * yyreport_syntax_error. */
static void
acc_yyerror (ACC_YYLTYPE *loc, yyscan_t scanner, AccordLexer *lx, const char *msg)
{
  diag_error (lx->diags, loc, "%s: the statement is nested too deeply", msg);
  lx->stop = TRUE;
}

static int
yyreport_syntax_error (const yypcontext_t *ctx, yyscan_t scanner, AccordLexer *lx)
{
  /* More expected tokens than this make a list too long to help. */
  enum { MAX_EXPECTED = 5 };
  yysymbol_kind_t expected[YYNTOKENS];
  int n = yypcontext_expected_tokens (ctx, expected, YYNTOKENS);
  if (n < 0)
    n = 0;
  yysymbol_kind_t la = yypcontext_token (ctx);
  const ACC_YYLTYPE *loc = yypcontext_location (ctx);
  AccordSource *src = lx->src;

  gboolean semi = FALSE, close = FALSE, pattern = FALSE;
  for (int i = 0; i < n; i++)
    {
      semi = semi || expected[i] == YYTRANSLATE (';');
      close = close || expected[i] == YYTRANSLATE (')');
      pattern = pattern || expected[i] == YYSYMBOL_STRING;
    }

  /* A statement that ends at the end of a line, or of the file, without
   * its ';': point at the end of the statement rather than at what
   * follows. */
  if (semi && lx->prev_end < loc->start
      && (la == YYSYMBOL_YYEOF
          || accord_source_line (src, lx->prev_end) < accord_source_line (src, loc->start)))
    {
      AccordSpan at = { loc->file, (guint32) lx->prev_end, (guint32) lx->prev_end };
      diag_error (lx->diags, &at, "expected ';' at the end of the statement");
      return 0;
    }
  /* A group left open. */
  int depth = la == YYTRANSLATE (';') ? lx->semi_depth : lx->depth;
  if (close && depth > 0 && (la == YYTRANSLATE (';') || la == YYSYMBOL_YYEOF))
    {
      AccordDiag *d = diag_error (lx->diags, loc, "expected ')' before %s", yysymbol_name (la));
      AccordSpan open = { loc->file, lx->open[depth - 1], lx->open[depth - 1] + 1 };
      accord_diag_note (lx->diags, d, &open, "to close the '(' here");
      return 0;
    }
  /* Nothing where a pattern must be. */
  if (pattern && (la == YYTRANSLATE (';') || la == YYTRANSLATE (')') || la == YYTRANSLATE ('|')
                  || la == YYSYMBOL_UNLESS))
    {
      diag_error (lx->diags, loc, "expected a pattern before %s", yysymbol_name (la));
      return 0;
    }

  GString *msg = g_string_new ("unexpected ");
  g_string_append (msg, yysymbol_name (la));
  if (la == YYSYMBOL_STRING || la == YYSYMBOL_IDENT || la == YYSYMBOL_WORD
      || la == YYSYMBOL_PREFIX || la == YYSYMBOL_INT)
    {
      gsize len = MIN (loc->end - loc->start, 40);
      const char *tok = accord_source_data (src) + loc->start;
      while (len < loc->end - loc->start && len > 0 && ((guchar) tok[len] & 0xc0) == 0x80)
        len--;   /* never cut a character in two */
      gboolean quoted = la == YYSYMBOL_STRING;
      g_string_append_printf (msg, " %s%.*s%s%s", quoted ? "" : "'", (int) len,
                              accord_source_data (src) + loc->start,
                              len < loc->end - loc->start ? "..." : "", quoted ? "" : "'");
    }
  if (n > 0 && n <= MAX_EXPECTED)
    {
      g_string_append (msg, ", expected ");
      for (int i = 0; i < n; i++)
        {
          if (i)
            g_string_append (msg, i == n - 1 ? " or " : ", ");
          g_string_append (msg, yysymbol_name (expected[i]));
        }
    }
  diag_error (lx->diags, loc, "%s", msg->str);
  g_string_free (msg, TRUE);
  return 0;
}
