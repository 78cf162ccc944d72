/* parse.c: one rule file's bytes to its syntax tree.
 *
 * Before the Flex/Bison front end sees the text, this checks what the
 * grammar cannot: no NUL bytes, valid UTF-8, not empty.  A UTF-8 byte
 * order mark is skipped.  Those problems are errors at their exact byte;
 * the file is then not parsed, so no noise follows.
 */
#include "config.h"

#include <string.h>

#include "diag.h"
#include "parse.h"
#include "scanner.h"
#include "source.h"

int acc_yyparse (yyscan_t scanner, AccordLexer *lx);

static gboolean
only_blanks_and_comments (const char *p, gsize len)
{
  gboolean comment = FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (p[i] == '\n')
        comment = FALSE;
      else if (p[i] == '#')
        comment = TRUE;
      else if (!comment && !g_ascii_isspace (p[i]))
        return FALSE;
    }
  return TRUE;
}

AstFile *
parse_file (AccordDiagnostics *diags, guint32 file)
{
  AccordSource *src = accord_diagnostics_source (diags, file);
  AstFile *ast = ast_file_new (file);
  const char *data = src->data;
  gsize len = src->len;

  const char *nul = memchr (data, '\0', len);
  if (nul)
    {
      guint32 at = (guint32) (nul - data);
      AccordSpan span = { file, at, at + 1 };
      diag_error (diags, &span, "NUL byte in a rule file (is it a binary file?)");
      return ast;
    }
  const char *bad = NULL;
  if (!g_utf8_validate_len (data, len, &bad))
    {
      guint32 at = (guint32) (bad - data);
      AccordSpan span = { file, at, at + 1 };
      diag_error (diags, &span, "invalid UTF-8 (byte 0x%02x): rule files are UTF-8 text",
                  (guchar) *bad);
      return ast;
    }
  gsize skip = len >= 3 && memcmp (data, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
  if (only_blanks_and_comments (data + skip, len - skip))
    {
      AccordSpan span = { file, (guint32) skip, (guint32) skip };
      diag_error (diags, &span, "empty rule file: it must start with 'pack \"NAME\" version N;'");
      return ast;
    }

  AccordLexer lx = { 0 };
  lx.diags = diags;
  lx.src = src;
  lx.ast = ast;
  lx.offset = skip;
  yyscan_t scanner;
  acc_yylex_init_extra (&lx, &scanner);
  acc_yy_scan_bytes (data + skip, (int) (len - skip), scanner);
  acc_yyparse (scanner, &lx);
  acc_yylex_destroy (scanner);
  ast->parse_errors = diag_file_errors (diags, file);

  if (!ast->has_header && diag_file_errors (diags, file) == 0)
    {
      gsize at = skip;
      while (at < len && (g_ascii_isspace (data[at]) || data[at] == '#'))
        {
          if (data[at] == '#')
            while (at < len && data[at] != '\n')
              at++;
          else
            at++;
        }
      AccordSpan span = { file, (guint32) at, (guint32) at };
      diag_error (diags, &span, "missing pack header: a rule file starts with 'pack \"NAME\" version N;'");
    }
  return ast;
}
