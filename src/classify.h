/* classify.h: a document to labelled statements (see classify.c). */
#ifndef ACCORD_CLASSIFY_H
#define ACCORD_CLASSIFY_H

#include "pack.h"
#include "scan.h"
#include "segment.h"

/* A match, in bytes of the document. */
typedef struct {
  guint32 rule;
  guint32 start, end;
  gint32 veto;            /* the veto that cancelled it, or -1 */
  guint32 cap_first;      /* into caps: n_caps pairs of byte offsets, -1 when unset */
  guint32 n_caps;
} RecMatch;

typedef struct {
  guint32 n;              /* 1-based number in the document */
  guint32 start, end;     /* bytes */
  guint8 kind;            /* StatementKind */
  gboolean in_quote;      /* began inside a quotation opened before it */
  guint64 labels;         /* bit i: label i of the pack (precedence order) */
  gint32 primary;         /* the label that wins, or -1: background */
  guint32 match_first, n_matches;   /* into matches */
  guint32 tok_first, n_toks;        /* into tokens */
} Record;

typedef struct {
  GArray *records;        /* Record */
  GArray *matches;        /* RecMatch */
  GArray *caps;           /* gint32 */
  GArray *tokens;         /* Token, document offsets */
  GArray *vetoes;         /* RecMatch of the vetoes that matched (rule: the vetoed rule; veto: which) */
  guint records_room, matches_room, tokens_room;   /* see array_set_len (util.h) */
} Classified;

typedef struct AccordClassifier AccordClassifier;

/* (transfer full) A classifier: the scanner and scratch for one thread. */
G_GNUC_INTERNAL AccordClassifier *classifier_new (const AccordPack *pack);
G_GNUC_INTERNAL void classifier_free (AccordClassifier *c);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccordClassifier, classifier_free)
G_GNUC_INTERNAL AccordScanner *classifier_scanner (AccordClassifier *c);
/* Caps the automaton's cache (bytes; 0: the default), see scan.h. */
G_GNUC_INTERNAL void classifier_set_cache_limit (AccordClassifier *c, gsize bytes);
/* Lowers the default cache size to at most BYTES. */
G_GNUC_INTERNAL void classifier_cap_cache_limit (AccordClassifier *c, gsize bytes);

/* What a run computes beyond the labels, from the least to the most
 * costly.  The labels, and which rules matched, are the same whatever
 * the detail. */
typedef enum {
  /* Which rules matched in each statement: a record's matches are one per
   * rule that matched (vetoed ones with their veto), in rule order, with
   * the statement's start as start and end and no captures.  Enough for
   * labels, a summary, eval. */
  CLASSIFY_RULES,
  /* Every match with its span, in order (start, longest, priority, rule),
   * but no captures and no vetoes' matches: enough for TSV. */
  CLASSIFY_SPANS,
  /* Spans, captures and the vetoes' matches (the default): JSON Lines,
   * HTML, explain. */
  CLASSIFY_FULL,
} ClassifyDetail;

G_GNUC_INTERNAL void classifier_set_detail (AccordClassifier *c, ClassifyDetail detail);

G_GNUC_INTERNAL void classified_init (Classified *out);
G_GNUC_INTERNAL void classified_clear (Classified *out);
G_GNUC_INTERNAL void classified_reset (Classified *out);

/* Segments TEXT[0..LEN), tokenizes each statement (a quotation left open
 * carries into the next statements), runs the automaton and labels each
 * statement.  Replaces what OUT held. */
G_GNUC_INTERNAL void classifier_run (AccordClassifier *c, const char *text, gsize len,
                                     Classified *out);

/* The most labels a pack may have (the width of Record.labels). */
#define ACCORD_MAX_LABELS 64

#endif
