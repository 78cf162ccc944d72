/* scanner.h: what the lexer and the parser share.
 *
 * Hand-written instead of a flex-generated header: it declares the
 * reentrant scanner's API and the state the lexer keeps in yyextra.
 */
#ifndef ACCORD_SCANNER_H
#define ACCORD_SCANNER_H

#include "accord.h"
#include "ast.h"
#include "parser.h"

/* Parentheses nested deeper than this are an error: it bounds the
 * parser's stack and every recursive walk over the tree. */
#define ACCORD_MAX_NESTING 64

struct AccordLexer {
  AccordDiagnostics *diags;
  AccordSource *src;
  AstFile *ast;
  gsize offset;           /* bytes consumed so far */
  gsize prev_end;         /* end of the token before the current one */
  gsize tok_end;          /* end of the current token */
  gsize line_start;       /* offset where the current line starts */
  gboolean line_has_token;
  int depth;              /* open parentheses */
  int semi_depth;         /* open parentheses when the last ';' came */
  guint32 open[ACCORD_MAX_NESTING];       /* where each open parenthesis is */
  gboolean stop;          /* give up: the lexer returns end of file */
  guint n_statements;     /* statements parsed so far */
};

/* Parentheses nested deeper than this are an error: it bounds the
 * parser's stack and every recursive walk over the tree. */

#ifndef YY_TYPEDEF_YY_SCANNER_T
#define YY_TYPEDEF_YY_SCANNER_T
typedef void *yyscan_t;
#endif

#define YYSTYPE ACC_YYSTYPE
#define YYLTYPE ACC_YYLTYPE

int acc_yylex_init_extra (AccordLexer *extra, yyscan_t *scanner);
int acc_yylex_destroy (yyscan_t scanner);
AccordLexer *acc_yyget_extra (yyscan_t scanner);
struct yy_buffer_state *acc_yy_scan_bytes (const char *bytes, int len, yyscan_t scanner);
int acc_yylex (ACC_YYSTYPE *lval, ACC_YYLTYPE *lloc, yyscan_t scanner);

/* Parses the whole source of LX into LX->ast; errors go to LX->diags. */


#endif
