/* diag.h: internal helpers of the diagnostics sink (see diag.c). */
#ifndef ACCORD_DIAG_H
#define ACCORD_DIAG_H

#include <stdarg.h>
#include "accord.h"

G_GNUC_INTERNAL AccordDiag *diag_addv (AccordDiagnostics *diags, AccordSeverity severity,
                                       const AccordSpan *span, const char *id,
                                       const char *format, va_list ap);

/* The warnings, each with the stable ID that '# suppress: ID' names. */
#define ACCORD_WARNINGS(X)                                                 \
  X (W_UNUSED_LIST, "unused-list")                                         \
  X (W_DUPLICATE_ENTRY, "duplicate-entry")                                 \
  X (W_NEVER_MATCHES, "never-matches")                                     \
  X (W_UNKNOWN_SUPPRESS, "unknown-suppress")

#define X(sym, id) static const char sym[] G_GNUC_UNUSED = id;
ACCORD_WARNINGS (X)
#undef X

#define diag_error(d, span, ...) accord_diag_add ((d), ACCORD_SEVERITY_ERROR, (span), NULL, __VA_ARGS__)
#define diag_warning(d, span, id, ...) accord_diag_add ((d), ACCORD_SEVERITY_WARNING, (span), (id), __VA_ARGS__)


G_GNUC_INTERNAL guint diag_file_errors (AccordDiagnostics *diags, guint32 file);
/* Notes that FILE was given up on (after its error limit). */
G_GNUC_INTERNAL void diag_mark_stopped (AccordDiagnostics *diags, guint32 file);
#endif
