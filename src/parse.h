/* parse.h: rule-file text to syntax tree (see parse.c). */
#ifndef ACCORD_PARSE_H
#define ACCORD_PARSE_H

#include "ast.h"

/* (transfer full) Parses source FILE of DIAGS.  Always returns a tree,
 * possibly partial; errors go to DIAGS. */
G_GNUC_INTERNAL AstFile *parse_file (AccordDiagnostics *diags, guint32 file);

#endif
