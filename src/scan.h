/* scan.h: running a pack over the tokens of a sentence (see scan.c). */
#ifndef ACCORD_SCAN_H
#define ACCORD_SCAN_H

#include "pack.h"
#include "tokenize.h"

typedef struct {
  guint32 rule;
  guint32 start, end;   /* real tokens [start, end) */
  gint32 veto;          /* the veto (index into the pack's vetoes) that cancelled it, or -1 */
  guint32 caps;         /* into the caps array: 2 * n_caps token positions, -1 if unset */
  guint32 n_caps;
} ScanMatch;

typedef struct {
  guint32 veto;         /* index into the pack's vetoes */
  guint32 start, end;   /* its first match */
} ScanVeto;

typedef struct AccordScanner AccordScanner;

/* (transfer full) A scanner: the lazy automaton's cache for one thread. */
G_GNUC_INTERNAL AccordScanner *scanner_new (const AccordPack *pack);
G_GNUC_INTERNAL void scanner_free (AccordScanner *sc);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccordScanner, scanner_free)
/* Caps the cache (bytes); past it the cache is emptied and refilled.  0
 * keeps the default: proportional to the pack, from 4 to 48 MiB. */
G_GNUC_INTERNAL void scanner_set_cache_limit (AccordScanner *sc, gsize bytes);
/* Lowers the cache's size to at most BYTES (for many threads at once). */
G_GNUC_INTERNAL void scanner_cap_cache_limit (AccordScanner *sc, gsize bytes);

/* Scans one sentence: TOKENS[0..N) with offsets into TEXT.  Appends to
 * MATCHES every match of every rule (vetoed ones with their veto), in
 * order: start, then longest, then priority, then rule order; to CAPS
 * their captures (NULL: none are computed, and every match has n_caps
 * 0); to VETOES (may be NULL) the vetoes that matched. */
G_GNUC_INTERNAL void scanner_scan (AccordScanner *sc, const char *text, const Token *tokens, guint n,
                                   GArray *matches, GArray *caps, GArray *vetoes);
/* The same, cheaper, when only which rules matched matters: appends to
 * MATCHES one ScanMatch per rule that matched (with its veto, or -1), in
 * rule order, with no span (start and end 0) and no captures: the labels
 * of a sentence depend on nothing else.  No Pike VM runs.  ROOM: the room
 * MATCHES is known to have (see array_set_len in util.h), or NULL. */
G_GNUC_INTERNAL void scanner_scan_rules (AccordScanner *sc, const char *text, const Token *tokens, guint n,
                                         GArray *matches, guint *room);

/* For the tests' reference matcher: the class of a token, the classes of
 * the virtual tokens, and whether a predicate holds for a class. */
G_GNUC_INTERNAL guint32 scanner_token_class (AccordScanner *sc, const char *text, const Token *t);
G_GNUC_INTERNAL guint32 scanner_bos_class (AccordScanner *sc);
/* The atoms of class CLS (sorted), for explain. */
G_GNUC_INTERNAL const guint32 *scanner_class_atoms (AccordScanner *sc, guint32 cls, guint32 *n);
G_GNUC_INTERNAL guint32 scanner_eos_class (AccordScanner *sc);
G_GNUC_INTERNAL gboolean scanner_pred_holds (AccordScanner *sc, guint32 pred, guint32 cls);

/* The order of matches (a GCompareDataFunc over ScanMatch, with the pack
 * as data): start, then longest, then priority, then rule order. */
G_GNUC_INTERNAL gint scan_match_compare (gconstpointer a, gconstpointer b, gpointer pack);

typedef struct {
  gsize states, classes, transitions, resets, memory, nfa_switches;
  gsize parts;   /* the parts of a factored pack (scan.c), or 0 */
  gsize parts_active_max;   /* the most parts active at once after a token started one */
} ScannerStats;
G_GNUC_INTERNAL void scanner_get_stats (AccordScanner *sc, ScannerStats *stats);

#endif
