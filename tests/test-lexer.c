/* test-lexer.c: the scanner on its own (grammar/lexer.l).
 *
 * Each test runs acc_yylex over a short text, the way parse.c sets it
 * up, and compares the tokens it returns (kind, value, byte span) and
 * the diagnostics it records.  Tokens are written as one string, like
 *
 *   WORD(U.S.)@0-4 ';'@4-5 EOF@5-5
 *
 * so that a failure shows the whole stream at once.
 */
#include "config.h"

#include <string.h>

#include "accord.h"
#include "ast.h"
#include "diag.h"
#include "scanner.h"
#include "source.h"

/* ---- running the scanner ---- */

typedef struct {
  AccordDiagnostics *diags;
  guint32 file;
  AstFile *ast;
  GString *tokens;      /* the stream, as text */
  GArray *kinds;        /* int: each token kind, EOF included */
} Lexed;

static void
lexed_free (Lexed *lx)
{
  if (!lx)
    return;
  ast_file_free (lx->ast);
  accord_diagnostics_free (lx->diags);
  g_string_free (lx->tokens, TRUE);
  g_array_unref (lx->kinds);
  g_free (lx);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Lexed, lexed_free)

static const char *
kind_name (int kind)
{
  switch (kind)
    {
    case ACC_YYEOF: return "EOF";
    case ACC_YYerror: return "ERROR";
    case STRING: return "STRING";
    case IDENT: return "IDENT";
    case WORD: return "WORD";
    case PREFIX: return "PREFIX";
    case INT: return "INT";
    case PACK: return "PACK";
    case VERSION: return "VERSION";
    case IMPORT: return "IMPORT";
    case LABELS: return "LABELS";
    case PRECEDENCE: return "PRECEDENCE";
    case LIST: return "LIST";
    case ABBREV: return "ABBREV";
    case RULE: return "RULE";
    case PRIORITY: return "PRIORITY";
    case UNLESS: return "UNLESS";
    case EXAMPLE: return "EXAMPLE";
    case ARROW: return "ARROW";
    case PLUSEQ: return "PLUSEQ";
    default: return NULL;
    }
}

static gboolean
has_value (int kind)
{
  return kind == STRING || kind == IDENT || kind == WORD || kind == PREFIX || kind == INT;
}

/* Scans LEN bytes of TEXT to the end (at most 100000 tokens). */
static Lexed *
lex_len (const char *text, gsize len)
{
  Lexed *out = g_new0 (Lexed, 1);
  out->diags = accord_diagnostics_new ();
  out->file = accord_diagnostics_add_source (out->diags, accord_source_new ("t.rules", text, len));
  out->ast = ast_file_new (out->file);
  out->tokens = g_string_new (NULL);
  out->kinds = g_array_new (FALSE, FALSE, sizeof (int));

  AccordLexer lx = { 0 };
  lx.diags = out->diags;
  lx.src = accord_diagnostics_source (out->diags, out->file);
  lx.ast = out->ast;
  lx.offset = 0;
  yyscan_t scanner;
  g_assert_cmpint (acc_yylex_init_extra (&lx, &scanner), ==, 0);
  acc_yy_scan_bytes (text, (int) len, scanner);
  for (int i = 0; i < 100000; i++)
    {
      ACC_YYSTYPE lval = { 0 };
      ACC_YYLTYPE lloc = { 0 };
      int kind = acc_yylex (&lval, &lloc, scanner);
      g_array_append_val (out->kinds, kind);
      g_assert_cmpuint (lloc.file, ==, out->file);
      g_assert_cmpuint (lloc.start, <=, lloc.end);
      g_assert_cmpuint (lloc.end, <=, len);
      if (out->tokens->len)
        g_string_append_c (out->tokens, ' ');
      const char *name = kind_name (kind);
      if (name)
        g_string_append (out->tokens, name);
      else
        g_string_append_printf (out->tokens, "'%c'", kind);
      if (has_value (kind))
        g_string_append_printf (out->tokens, "(%s)", lval.str);
      g_string_append_printf (out->tokens, "@%u-%u", lloc.start, lloc.end);
      if (kind == ACC_YYEOF)
        break;
    }
  acc_yylex_destroy (scanner);
  return out;
}

static Lexed *
lex (const char *text)
{
  return lex_len (text, strlen (text));
}

static guint
n_errors (Lexed *lx)
{
  return accord_diagnostics_count (lx->diags, ACCORD_SEVERITY_ERROR);
}

/* The only diagnostic recorded, as "start-end: message". */
static char *
only_diag (Lexed *lx)
{
  g_autoptr (GPtrArray) all = accord_diagnostics_sorted (lx->diags);
  if (all->len != 1)
    return g_strdup_printf ("%u diagnostics", all->len);
  AccordDiag *d = g_ptr_array_index (all, 0);
  if (!d->has_span)
    return g_strdup_printf ("no span: %s", d->message);
  return g_strdup_printf ("%s %u-%u: %s",
                          d->severity == ACCORD_SEVERITY_ERROR ? "error" : "other",
                          d->span.start, d->span.end, d->message);
}

#define UNTERMINATED "unterminated string: it needs a closing '\"' on the same line"

/* ---- keywords and names ---- */

static void
test_keywords (void)
{
  g_autoptr (Lexed) lx = lex ("pack version import labels precedence list abbrev rule priority "
                              "unless example");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "PACK@0-4 VERSION@5-12 IMPORT@13-19 LABELS@20-26 PRECEDENCE@27-37 LIST@38-42 "
                   "ABBREV@43-49 RULE@50-54 PRIORITY@55-63 UNLESS@64-70 EXAMPLE@71-78 EOF@78-78");
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static void
test_keyword_longer_name (void)
{
  /* A keyword is a whole name: "packs" and "rules" are names. */
  g_autoptr (Lexed) lx = lex ("packs rules Rule unless_x");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "IDENT(packs)@0-5 IDENT(rules)@6-11 IDENT(Rule)@12-16 IDENT(unless_x)@17-25 "
                   "EOF@25-25");
}

static void
test_identifiers (void)
{
  g_autoptr (Lexed) lx = lex ("ACTOR _private x1 WORD");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "IDENT(ACTOR)@0-5 IDENT(_private)@6-14 IDENT(x1)@15-17 IDENT(WORD)@18-22 "
                   "EOF@22-22");
}

static void
test_any_token (void)
{
  g_autoptr (Lexed) lx = lex ("_ _{0,8}");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "'_'@0-1 '_'@2-3 '{'@3-4 INT(0)@4-5 ','@5-6 INT(8)@6-7 '}'@7-8 EOF@8-8");
}

/* ---- words ---- */

static void
test_word_abbreviation (void)
{
  g_autoptr (Lexed) lx = lex ("U.S. Gen.;");
  g_assert_cmpstr (lx->tokens->str, ==, "WORD(U.S.)@0-4 WORD(Gen.)@5-9 ';'@9-10 EOF@10-10");
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static void
test_word_apostrophe (void)
{
  g_autoptr (Lexed) lx = lex ("Ukraine's co-operate AT&T and/or");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "WORD(Ukraine's)@0-9 WORD(co-operate)@10-20 WORD(AT&T)@21-25 "
                   "WORD(and/or)@26-32 EOF@32-32");
}

static void
test_word_curly_apostrophe (void)
{
  /* U+2019 inside a word is an apostrophe, not a quotation mark. */
  g_autoptr (Lexed) lx = lex ("Ukraine\xe2\x80\x99s");
  g_assert_cmpstr (lx->tokens->str, ==, "WORD(Ukraine\xe2\x80\x99s)@0-11 EOF@11-11");
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static void
test_word_non_ascii (void)
{
  g_autoptr (Lexed) lx = lex ("n\xc3\xa9gociation \xc3\xa9t\xc3\xa9 \xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "WORD(n\xc3\xa9gociation)@0-12 WORD(\xc3\xa9t\xc3\xa9)@13-18 "
                   "WORD(\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2)@19-27 EOF@27-27");
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static void
test_word_starting_with_digit (void)
{
  g_autoptr (Lexed) lx = lex ("3.5 12th");
  g_assert_cmpstr (lx->tokens->str, ==, "WORD(3.5)@0-3 WORD(12th)@4-8 EOF@8-8");
}

static void
test_numbers (void)
{
  g_autoptr (Lexed) lx = lex ("0 42 007 12345678901");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "INT(0)@0-1 INT(42)@2-4 INT(007)@5-8 INT(12345678901)@9-20 EOF@20-20");
}

/* ---- prefixes ---- */

static void
test_prefix_name (void)
{
  g_autoptr (Lexed) lx = lex ("negotiat* ACTOR*");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "PREFIX(negotiat)@0-9 PREFIX(ACTOR)@10-16 EOF@16-16");
}

static void
test_prefix_word (void)
{
  g_autoptr (Lexed) lx = lex ("n\xc3\xa9goci* U.S.*");
  g_assert_cmpstr (lx->tokens->str, ==, "PREFIX(n\xc3\xa9goci)@0-8 PREFIX(U.S.)@9-14 EOF@14-14");
}

static void
test_prefix_keyword (void)
{
  g_autoptr (Lexed) lx = lex ("rule*");
  g_assert_cmpstr (lx->tokens->str, ==, "PREFIX(rule)@0-5 EOF@5-5");
}

static void
test_prefix_any_split (void)
{
  /* "_*" is the any-token class and a star, not a prefix of "_". */
  g_autoptr (Lexed) lx = lex ("_* _x*");
  g_assert_cmpstr (lx->tokens->str, ==, "'_'@0-1 '*'@1-2 PREFIX(_x)@3-6 EOF@6-6");
}

static void
test_star_after_space (void)
{
  g_autoptr (Lexed) lx = lex ("ACTOR *");
  g_assert_cmpstr (lx->tokens->str, ==, "IDENT(ACTOR)@0-5 '*'@6-7 EOF@7-7");
}

/* ---- punctuation ---- */

static void
test_arrow_and_pluseq (void)
{
  g_autoptr (Lexed) lx = lex ("->+=+ =");
  g_assert_cmpstr (lx->tokens->str, ==, "ARROW@0-2 PLUSEQ@2-4 '+'@4-5 '='@6-7 EOF@7-7");
}

static void
test_single_punctuation (void)
{
  g_autoptr (Lexed) lx = lex (";,:=|?*+{}~!^$>()");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "';'@0-1 ','@1-2 ':'@2-3 '='@3-4 '|'@4-5 '?'@5-6 '*'@6-7 '+'@7-8 '{'@8-9 "
                   "'}'@9-10 '~'@10-11 '!'@11-12 '^'@12-13 '$'@13-14 '>'@14-15 '('@15-16 "
                   "')'@16-17 EOF@17-17");
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static void
test_capture_tokens (void)
{
  g_autoptr (Lexed) lx = lex ("actor:ACTOR");
  g_assert_cmpstr (lx->tokens->str, ==, "IDENT(actor)@0-5 ':'@5-6 IDENT(ACTOR)@6-11 EOF@11-11");
}

/* ---- strings ---- */

static void
test_string_plain (void)
{
  g_autoptr (Lexed) lx = lex ("\"according to\" \"\"");
  g_assert_cmpstr (lx->tokens->str, ==, "STRING(according to)@0-14 STRING()@15-17 EOF@17-17");
}

static void
test_string_escape (void)
{
  g_autoptr (Lexed) lx = lex ("\"say \\\"yes\\\" \\\\ no\"");
  g_assert_cmpstr (lx->tokens->str, ==, "STRING(say \"yes\" \\ no)@0-19 EOF@19-19");
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static void
test_string_non_ascii (void)
{
  g_autoptr (Lexed) lx = lex ("\"n\xc3\xa9gociation \xe2\x80\x9cpaix\xe2\x80\x9d\"");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "STRING(n\xc3\xa9gociation \xe2\x80\x9cpaix\xe2\x80\x9d)@0-25 EOF@25-25");
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static void
test_string_keeps_star (void)
{
  /* The lexer keeps "negotiat*" as a string; the parser makes it a prefix. */
  g_autoptr (Lexed) lx = lex ("\"negotiat*\"");
  g_assert_cmpstr (lx->tokens->str, ==, "STRING(negotiat*)@0-11 EOF@11-11");
}

static void
test_string_unterminated (void)
{
  g_autoptr (Lexed) lx = lex ("list A = \"abc\nrule");
  /* Read as if closed at the end of the line: one slip, one error. */
  g_assert_cmpstr (lx->tokens->str, ==,
                   "LIST@0-4 IDENT(A)@5-6 '='@7-8 STRING(abc)@9-13 RULE@14-18 EOF@18-18");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==, "error 9-13: " UNTERMINATED);
}

static void
test_string_unterminated_at_eof (void)
{
  g_autoptr (Lexed) lx = lex ("\"abc \\\"");
  /* The escaped quote does not close the string; whatever the lexer
   * makes of the rest, the slip is reported once. */
  g_assert_cmpint (g_array_index (lx->kinds, int, 0), ==, STRING);
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==, "error 0-7: " UNTERMINATED);
}

static void
test_string_unterminated_at_blank (void)
{
  /* The usual slip: the closing quote forgotten after a word. */
  g_autoptr (Lexed) lx = lex ("list A = \"abc def;");
  g_assert_cmpstr (lx->tokens->str, ==,
                   "LIST@0-4 IDENT(A)@5-6 '='@7-8 STRING(abc)@9-13 IDENT(def)@14-17 ';'@17-18 "
                   "EOF@18-18");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==, "error 9-18: " UNTERMINATED);
}

static void
test_string_unterminated_backslash (void)
{
  g_autoptr (Lexed) lx = lex ("\"abc\\");
  g_assert_cmpstr (lx->tokens->str, ==, "STRING(abc)@0-5 EOF@5-5");
  /* One error: the backslash at the end escapes nothing. */
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==, "error 0-5: " UNTERMINATED);
}

static void
test_string_bad_escape (void)
{
  g_autoptr (Lexed) lx = lex ("x \"a\\nb\" y");
  /* The string goes on without the bad escape. */
  g_assert_cmpstr (lx->tokens->str, ==, "IDENT(x)@0-1 STRING(ab)@2-8 IDENT(y)@9-10 EOF@10-10");
  g_autofree char *d = only_diag (lx);
  /* The span is the escape sequence itself: backslash and letter. */
  g_assert_cmpstr (d, ==, "error 4-6: unknown escape sequence '\\n' (only \\\" and \\\\ are known)");
}

static void
test_string_bad_escape_multibyte (void)
{
  g_autoptr (Lexed) lx = lex ("\"a\\\xc3\xa9\"");
  g_assert_cmpstr (lx->tokens->str, ==, "STRING(a)@0-6 EOF@6-6");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==,
                   "error 2-5: unknown escape sequence '\\\xc3\xa9' (only \\\" and \\\\ are known)");
}

static void
test_string_two_bad_escapes (void)
{
  g_autoptr (Lexed) lx = lex ("\"\\t\\u\"");
  g_assert_cmpstr (lx->tokens->str, ==, "STRING()@0-6 EOF@6-6");
  g_assert_cmpuint (n_errors (lx), ==, 2);
}

/* ---- bad characters ---- */

static void
test_char_nbsp (void)
{
  /* A no-break space between two words: one error at its two bytes. */
  g_autoptr (Lexed) lx = lex ("said\xc2\xa0that");
  /* The word is kept without it, so the statement is still read. */
  g_assert_cmpstr (lx->tokens->str, ==, "WORD(saidthat)@0-10 EOF@10-10");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==, "error 4-6: invalid character U+00A0 (no-break space)");
}

static void
test_char_nbsp_alone (void)
{
  g_autoptr (Lexed) lx = lex ("a \xc2\xa0 b");
  /* Nothing but the bad character: no token at all. */
  g_assert_cmpstr (lx->tokens->str, ==, "IDENT(a)@0-1 IDENT(b)@5-6 EOF@6-6");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==, "error 2-4: invalid character U+00A0 (no-break space)");
}

static void
test_char_curly_quotes (void)
{
  g_autoptr (Lexed) lx = lex ("\xe2\x80\x9cwill\xe2\x80\x9d ;");
  /* Read as a string, with one error at the opening mark. */
  g_assert_cmpstr (lx->tokens->str, ==, "STRING(will)@0-10 ';'@11-12 EOF@12-12");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==,
                   "error 0-3: strings are written in straight double quotes \"...\", not in "
                   "typographic quotes");
}

static void
test_char_curly_phrase (void)
{
  g_autoptr (Lexed) lx = lex ("\xe2\x80\x9cwill sign\xe2\x80\x9d");
  g_assert_cmpstr (lx->tokens->str, ==, "STRING(will sign)@0-15 EOF@15-15");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==,
                   "error 0-3: strings are written in straight double quotes \"...\", not in "
                   "typographic quotes");
}

static void
test_char_guillemet (void)
{
  g_autoptr (Lexed) lx = lex ("x \xc2\xab");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==,
                   "error 2-4: invalid character U+00AB: strings are written in straight double "
                   "quotes \"...\"");
}

static void
test_char_single_quote (void)
{
  g_autoptr (Lexed) lx = lex ("'will'");
  g_assert_cmpuint (n_errors (lx), >=, 1);
  g_autoptr (GPtrArray) all = accord_diagnostics_sorted (lx->diags);
  if (all->len == 0)
    return;
  AccordDiag *first = g_ptr_array_index (all, 0);
  g_assert_cmpuint (first->span.start, ==, 0);
  g_assert_cmpuint (first->span.end, ==, 1);
  g_assert_true (g_str_has_prefix (first->message, "strings are written in double quotes"));
  /* The message is for people: no shell-style quoting like '\''. */
  g_assert_null (strchr (first->message, '\\'));
}

static void
test_char_control (void)
{
  g_autoptr (Lexed) lx = lex ("a\x01");
  g_assert_cmpstr (lx->tokens->str, ==, "IDENT(a)@0-1 EOF@2-2");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==, "error 1-2: invalid control character U+0001");
}

static void
test_char_unexpected (void)
{
  g_autoptr (Lexed) lx = lex ("@ x");
  /* Skipped, so the statement around it is still read. */
  g_assert_cmpstr (lx->tokens->str, ==, "IDENT(x)@2-3 EOF@3-3");
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==, "error 0-1: unexpected character '@'");
}

/* ---- layout ---- */

static void
test_comment_skipped (void)
{
  g_autoptr (Lexed) lx = lex ("a # rule x -> y ; \"unterminated\nb");
  g_assert_cmpstr (lx->tokens->str, ==, "IDENT(a)@0-1 IDENT(b)@32-33 EOF@33-33");
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static void
test_comment_at_eof (void)
{
  g_autoptr (Lexed) lx = lex ("a #");
  g_assert_cmpstr (lx->tokens->str, ==, "IDENT(a)@0-1 EOF@3-3");
}

static void
test_whitespace_and_crlf (void)
{
  g_autoptr (Lexed) lx = lex ("a\r\n\tb\f\vc");
  g_assert_cmpstr (lx->tokens->str, ==, "IDENT(a)@0-1 IDENT(b)@4-5 IDENT(c)@7-8 EOF@8-8");
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static gboolean
suppressed (Lexed *lx, guint line, const char *id)
{
  return source_is_suppressed (accord_diagnostics_source (lx->diags, lx->file), line, id);
}

static void
test_suppress_same_line (void)
{
  g_autoptr (Lexed) lx = lex ("list A = x; # suppress: unused-list\nlist B = y;\n");
  g_assert_true (suppressed (lx, 1, "unused-list"));
  g_assert_false (suppressed (lx, 2, "unused-list"));
  g_assert_false (suppressed (lx, 1, "duplicate-entry"));
}

static void
test_suppress_line_before (void)
{
  g_autoptr (Lexed) lx = lex ("# suppress: unused-list, duplicate-entry\nlist A = x x;\n");
  g_assert_true (suppressed (lx, 2, "unused-list"));
  g_assert_true (suppressed (lx, 2, "duplicate-entry"));
  g_assert_false (suppressed (lx, 1, "unused-list"));
  g_assert_false (suppressed (lx, 3, "unused-list"));
}

static void
test_suppress_indented_alone (void)
{
  /* Blanks before the comment do not make the line hold a token. */
  g_autoptr (Lexed) lx = lex ("pack \"t\" version 1;\n  \t# suppress: never-matches\nrule\n");
  g_assert_true (suppressed (lx, 3, "never-matches"));
  g_assert_false (suppressed (lx, 2, "never-matches"));
}

static void
test_suppress_needs_prefix (void)
{
  g_autoptr (Lexed) lx = lex ("# note: suppress: unused-list\n#suppress:duplicate-entry\nx\n");
  g_assert_false (suppressed (lx, 1, "unused-list"));
  g_assert_false (suppressed (lx, 2, "unused-list"));
  /* No blank is needed after '#' or the colon. */
  g_assert_true (suppressed (lx, 3, "duplicate-entry"));
}

/* ---- nesting ---- */

static void
test_nesting_limit_ok (void)
{
  g_autofree char *text = g_strnfill (ACCORD_MAX_NESTING, '(');
  g_autoptr (Lexed) lx = lex (text);
  g_assert_cmpuint (n_errors (lx), ==, 0);
  g_assert_cmpuint (lx->kinds->len, ==, ACCORD_MAX_NESTING + 1);
  g_assert_cmpint (g_array_index (lx->kinds, int, ACCORD_MAX_NESTING), ==, ACC_YYEOF);
}

static void
test_nesting_limit_exceeded (void)
{
  g_autoptr (GString) text = g_string_new (NULL);
  for (int i = 0; i < ACCORD_MAX_NESTING + 1; i++)
    g_string_append_c (text, '(');
  g_string_append (text, " \"x\" ))");
  g_autoptr (Lexed) lx = lex (text->str);
  g_autofree char *d = only_diag (lx);
  g_assert_cmpstr (d, ==, "error 64-65: parentheses nested more than 64 deep");
  /* The 65th parenthesis is an error and the scanner stops there. */
  g_assert_cmpuint (lx->kinds->len, ==, ACCORD_MAX_NESTING + 2);
  g_assert_cmpint (g_array_index (lx->kinds, int, ACCORD_MAX_NESTING), ==, ACC_YYerror);
  g_assert_cmpint (g_array_index (lx->kinds, int, ACCORD_MAX_NESTING + 1), ==, ACC_YYEOF);
}

static void
test_nesting_closed_parentheses (void)
{
  /* Depth is what is open now, not how many were ever opened. */
  g_autoptr (GString) text = g_string_new (NULL);
  for (int i = 0; i < 100; i++)
    g_string_append (text, "(\"x\") ");
  g_autoptr (Lexed) lx = lex (text->str);
  g_assert_cmpuint (n_errors (lx), ==, 0);
}

static void
test_nesting_stray_close (void)
{
  /* A ')' too many does not let the next 65 '(' through. */
  g_autoptr (GString) text = g_string_new (")))");
  for (int i = 0; i < ACCORD_MAX_NESTING + 1; i++)
    g_string_append_c (text, '(');
  g_autoptr (Lexed) lx = lex (text->str);
  g_assert_cmpuint (n_errors (lx), ==, 1);
}

/* ---- limits ---- */

static void
test_error_limit_stops_tokens (void)
{
  /* Once a file is full of errors, the scanner ends it. */
  GString *text = g_string_new (NULL);
  for (int i = 0; i < 25; i++)
    g_string_append (text, "\"\\q\" ");
  g_autoptr (Lexed) lx = lex (text->str);
  g_string_free (text, TRUE);
  g_assert_cmpuint (n_errors (lx), ==, ACCORD_MAX_ERRORS_PER_FILE);
  g_assert_cmpuint (lx->kinds->len, ==, ACCORD_MAX_ERRORS_PER_FILE + 1);
  g_assert_cmpint (g_array_index (lx->kinds, int, lx->kinds->len - 1), ==, ACC_YYEOF);
}

static void
test_error_limit_stops (void)
{
  g_autofree char *text = g_strnfill (30, '@');
  g_autoptr (Lexed) lx = lex (text);
  g_assert_cmpuint (n_errors (lx), ==, ACCORD_MAX_ERRORS_PER_FILE);
  g_assert_true (accord_diagnostics_file_full (lx->diags, lx->file));
  g_assert_cmpuint (lx->kinds->len, ==, 1);
  g_assert_cmpint (g_array_index (lx->kinds, int, 0), ==, ACC_YYEOF);
}

static void
test_empty_input (void)
{
  g_autoptr (Lexed) lx = lex_len ("", 0);
  g_assert_cmpstr (lx->tokens->str, ==, "EOF@0-0");
}

static void
test_long_word (void)
{
  g_autofree char *text = g_strnfill (100000, 'a');
  g_autoptr (Lexed) lx = lex (text);
  g_assert_cmpuint (lx->kinds->len, ==, 2);
  g_assert_cmpint (g_array_index (lx->kinds, int, 0), ==, IDENT);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_set_nonfatal_assertions ();

  g_test_add_func ("/lexer/keyword/all", test_keywords);
  g_test_add_func ("/lexer/keyword/longer-name", test_keyword_longer_name);
  g_test_add_func ("/lexer/name/identifiers", test_identifiers);
  g_test_add_func ("/lexer/name/any-token", test_any_token);

  g_test_add_func ("/lexer/word/abbreviation", test_word_abbreviation);
  g_test_add_func ("/lexer/word/apostrophe", test_word_apostrophe);
  g_test_add_func ("/lexer/word/curly-apostrophe", test_word_curly_apostrophe);
  g_test_add_func ("/lexer/word/non-ascii", test_word_non_ascii);
  g_test_add_func ("/lexer/word/starts-with-digit", test_word_starting_with_digit);
  g_test_add_func ("/lexer/number", test_numbers);

  g_test_add_func ("/lexer/prefix/name", test_prefix_name);
  g_test_add_func ("/lexer/prefix/word", test_prefix_word);
  g_test_add_func ("/lexer/prefix/keyword", test_prefix_keyword);
  g_test_add_func ("/lexer/prefix/any-split", test_prefix_any_split);
  g_test_add_func ("/lexer/prefix/star-after-space", test_star_after_space);

  g_test_add_func ("/lexer/punct/arrow-pluseq", test_arrow_and_pluseq);
  g_test_add_func ("/lexer/punct/single", test_single_punctuation);
  g_test_add_func ("/lexer/punct/capture", test_capture_tokens);

  g_test_add_func ("/lexer/string/plain", test_string_plain);
  g_test_add_func ("/lexer/string/escape", test_string_escape);
  g_test_add_func ("/lexer/string/non-ascii", test_string_non_ascii);
  g_test_add_func ("/lexer/string/keeps-star", test_string_keeps_star);
  g_test_add_func ("/lexer/string/unterminated", test_string_unterminated);
  g_test_add_func ("/lexer/string/unterminated-at-eof", test_string_unterminated_at_eof);
  g_test_add_func ("/lexer/string/unterminated-at-blank", test_string_unterminated_at_blank);
  g_test_add_func ("/lexer/string/unterminated-backslash", test_string_unterminated_backslash);
  g_test_add_func ("/lexer/string/bad-escape", test_string_bad_escape);
  g_test_add_func ("/lexer/string/bad-escape-multibyte", test_string_bad_escape_multibyte);
  g_test_add_func ("/lexer/string/two-bad-escapes", test_string_two_bad_escapes);

  g_test_add_func ("/lexer/char/nbsp-in-word", test_char_nbsp);
  g_test_add_func ("/lexer/char/nbsp-alone", test_char_nbsp_alone);
  g_test_add_func ("/lexer/char/curly-quotes", test_char_curly_quotes);
  g_test_add_func ("/lexer/char/curly-phrase", test_char_curly_phrase);
  g_test_add_func ("/lexer/char/guillemet", test_char_guillemet);
  g_test_add_func ("/lexer/char/single-quote", test_char_single_quote);
  g_test_add_func ("/lexer/char/control", test_char_control);
  g_test_add_func ("/lexer/char/unexpected", test_char_unexpected);

  g_test_add_func ("/lexer/layout/comment", test_comment_skipped);
  g_test_add_func ("/lexer/layout/comment-at-eof", test_comment_at_eof);
  g_test_add_func ("/lexer/layout/whitespace-crlf", test_whitespace_and_crlf);

  g_test_add_func ("/lexer/suppress/same-line", test_suppress_same_line);
  g_test_add_func ("/lexer/suppress/line-before", test_suppress_line_before);
  g_test_add_func ("/lexer/suppress/indented-alone", test_suppress_indented_alone);
  g_test_add_func ("/lexer/suppress/needs-prefix", test_suppress_needs_prefix);

  g_test_add_func ("/lexer/nesting/at-limit", test_nesting_limit_ok);
  g_test_add_func ("/lexer/nesting/exceeded", test_nesting_limit_exceeded);
  g_test_add_func ("/lexer/nesting/closed", test_nesting_closed_parentheses);
  g_test_add_func ("/lexer/nesting/stray-close", test_nesting_stray_close);

  g_test_add_func ("/lexer/limit/errors", test_error_limit_stops);
  g_test_add_func ("/lexer/limit/errors-end-tokens", test_error_limit_stops_tokens);
  g_test_add_func ("/lexer/limit/empty", test_empty_input);
  g_test_add_func ("/lexer/limit/long-word", test_long_word);

  return g_test_run ();
}
