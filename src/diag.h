/* diag.h: internal helpers of the diagnostics sink (see diag.c). */
#ifndef ACCORD_DIAG_H
#define ACCORD_DIAG_H

#include <stdarg.h>
#include "accord.h"

G_GNUC_INTERNAL AccordDiag *diag_addv (AccordDiagnostics *diags, AccordSeverity severity,
                                       const AccordSpan *span, const char *id,
                                       const char *format, va_list ap);

#define diag_error(d, span, ...) accord_diag_add ((d), ACCORD_SEVERITY_ERROR, (span), NULL, __VA_ARGS__)
#define diag_warning(d, span, id, ...) accord_diag_add ((d), ACCORD_SEVERITY_WARNING, (span), (id), __VA_ARGS__)


G_GNUC_INTERNAL guint diag_file_errors (AccordDiagnostics *diags, guint32 file);
#endif
