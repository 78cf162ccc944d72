/* resolve.h: from the syntax trees of a pack and its imports to a rule
 * set, with every name resolved and the lint applied (see resolve.c). */
#ifndef ACCORD_RESOLVE_H
#define ACCORD_RESOLVE_H

#include "ast.h"

typedef struct {
  AstFile *ast;          /* owned by the unit until handed to the rule set */
  GHashTable *visible;   /* AstFile* set: this file and its import closure */
} ResolveFile;

/* (transfer full) Resolves FILES (ResolveFile*, imports before
 * importers, the root last) and takes ownership of their trees.  Returns
 * NULL when there was an error (reported to DIAGS). */
G_GNUC_INTERNAL AccordRuleSet *resolve_unit (AccordDiagnostics *diags, GPtrArray *files);

/* (transfer full) Loads rule TEXT as a file named NAME (imports are
 * looked up from the current directory); for tests and fuzzing. */
G_GNUC_INTERNAL AccordRuleSet *loader_load_text (AccordLoader *loader, const char *name,
                                                 const char *text, gsize len);

/* Appends every .rules file under DIR (recursive, sorted) to OUT. */
G_GNUC_INTERNAL void collect_rules (const char *dir, GPtrArray *out);

/* The closest of CANDIDATES (char*) to NAME, or NULL if none is close. */
G_GNUC_INTERNAL const char *suggest_name (const char *name, GPtrArray *candidates);

#endif
