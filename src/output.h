/* output.h: classified documents as JSON Lines, TSV, summaries (see
 * output.c) and an HTML page (see output-html.c). */
#ifndef ACCORD_OUTPUT_H
#define ACCORD_OUTPUT_H

#include "classify.h"

typedef enum {
  OUTPUT_JSONL,
  OUTPUT_TSV,
  OUTPUT_SUMMARY,
  OUTPUT_HTML,
} OutputFormat;

/* Appends S[0..LEN) to OUT as the inside of a JSON string: control
 * characters escaped, invalid UTF-8 as U+FFFD. */
G_GNUC_INTERNAL void json_escape (GString *out, const char *s, gsize len);

/* Appends one JSON Lines record per statement of DOC whose labels meet
 * KEEP (a label mask; G_MAXUINT64 keeps all; background is bit 63 of
 * nothing, see output.c). */
G_GNUC_INTERNAL void output_jsonl (GString *out, const AccordPack *pack, const char *doc,
                                   const char *text, const Classified *cls, guint64 keep,
                                   gboolean keep_background);
G_GNUC_INTERNAL void output_tsv_header (GString *out);
G_GNUC_INTERNAL void output_tsv (GString *out, const AccordPack *pack, const char *doc, const char *text,
                                 const Classified *cls, guint64 keep, gboolean keep_background);

/* Counts per label (index n_labels: background) for a summary. */
typedef struct {
  char *doc;
  guint statements;
  guint *counts;
} SummaryRow;

/* The counts of DOC's statements that KEEP (a label mask) and
 * KEEP_BACKGROUND let through. */
G_GNUC_INTERNAL SummaryRow *summary_row_new (const AccordPack *pack, const char *doc, const Classified *cls,
                                             guint64 keep, gboolean keep_background);
G_GNUC_INTERNAL void summary_row_free (SummaryRow *row);
G_GNUC_INTERNAL void output_summary (GString *out, const AccordPack *pack, GPtrArray *rows);

/* One standalone HTML page for a run: begin, then each document (only
 * appends to OUT: safe from worker threads), then end with the rows of
 * every document (SummaryRow*, in order) for the corpus totals. */
G_GNUC_INTERNAL void output_html_begin (GString *out, const AccordPack *pack);
G_GNUC_INTERNAL void output_html_document (GString *out, const AccordPack *pack, const char *doc,
                                           const char *text, const Classified *cls, guint64 keep,
                                           gboolean keep_background);
G_GNUC_INTERNAL void output_html_end (GString *out, const AccordPack *pack, GPtrArray *rows);

#endif
