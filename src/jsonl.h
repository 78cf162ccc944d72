/* jsonl.h: reading JSON Lines, one record a line (classify's corpora,
 * eval's gold files). */
#ifndef ACCORD_JSONL_H
#define ACCORD_JSONL_H

#include <stdio.h>
#include <json-glib/json-glib.h>

/* Called with each record: its parsed ROOT, the LINE it came from (LEN
 * bytes, without the line break) and its number.  Returns FALSE for a
 * record it could not use, after saying why. */
typedef gboolean (*JsonlRecordFunc) (JsonNode *root, const char *line, gsize len, guint lineno,
                                     gpointer data);

/* Reads FP to its end, calling FN for each line that holds JSON; blank
 * lines are skipped.  A line that is not JSON is reported on ERR as
 * "PATH:LINE:COL: error: invalid JSON: ..." and skipped.  Returns FALSE
 * when a line was bad (here or for FN) or the file could not be read. */
G_GNUC_INTERNAL gboolean jsonl_read (FILE *fp, const char *path, FILE *err, JsonlRecordFunc fn,
                                     gpointer data);

#endif
