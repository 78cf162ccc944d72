/* accord.h: the public interface of libaccord.
 *
 * This is the only header the accord command includes.  The library reads
 * rule files (parse, resolve imports and names, lint), and reports every
 * problem as a diagnostic with an exact source span.  The library never
 * prints: the caller renders the diagnostics (accord_diagnostics_render)
 * and decides what to do with them.
 */
#ifndef ACCORD_H
#define ACCORD_H

#include <stdio.h>
#include <glib.h>

G_BEGIN_DECLS

#define ACCORD_ERROR (accord_error_quark ())
GQuark accord_error_quark (void);

typedef enum {
  ACCORD_ERROR_FAILED,  /* generic failure */
  ACCORD_ERROR_IO,      /* a file could not be read */
  ACCORD_ERROR_RULES,   /* the rules had errors: see the diagnostics */
  ACCORD_ERROR_USAGE,   /* bad command line */
} AccordErrorCode;

const char *accord_version (void);

/* ------------------------------------------------------------------ */
/* Sources and spans                                                  */

/* A span of bytes [start, end) in source number `file` of a diagnostics
 * sink.  Lines and columns are computed only when a span is printed. */
typedef struct {
  guint32 file;
  guint32 start;
  guint32 end;
} AccordSpan;

typedef struct AccordSource AccordSource;

/* (transfer full) A source holding a copy of DATA; NAME is what
 * diagnostics print (the path as the user gave it). */
AccordSource *accord_source_new (const char *name, const char *data, gsize len);
void accord_source_free (AccordSource *src);
const char *accord_source_name (const AccordSource *src);
const char *accord_source_data (const AccordSource *src);
gsize accord_source_length (const AccordSource *src);
/* 1-based line of byte OFFSET. */
guint accord_source_line (AccordSource *src, gsize offset);
/* 1-based GNU column of byte OFFSET: code points, tabs to the next
 * multiple of 8. */
guint accord_source_column (AccordSource *src, gsize offset);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccordSource, accord_source_free)

/* ------------------------------------------------------------------ */
/* Diagnostics                                                        */

typedef enum {
  ACCORD_SEVERITY_NOTE,
  ACCORD_SEVERITY_WARNING,
  ACCORD_SEVERITY_ERROR,
} AccordSeverity;

/* Errors after which a file's diagnostics stop. */
#define ACCORD_MAX_ERRORS_PER_FILE 20

typedef struct AccordDiagnostics AccordDiagnostics;

typedef struct {
  AccordSeverity severity;
  gboolean has_span;
  AccordSpan span;     /* when has_span */
  gint file;           /* source number, or -1; for spanless diagnostics */
  char *message;
  const char *id;     /* stable warning ID, or NULL */
  GPtrArray *notes;   /* of AccordDiag*: notes attached to this one */
} AccordDiag;

AccordDiagnostics *accord_diagnostics_new (void);
void accord_diagnostics_free (AccordDiagnostics *diags);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccordDiagnostics, accord_diagnostics_free)

/* (transfer full of src) Adds a source; returns its file number. */
guint32 accord_diagnostics_add_source (AccordDiagnostics *diags, AccordSource *src);
AccordSource *accord_diagnostics_source (AccordDiagnostics *diags, guint32 file);
guint accord_diagnostics_n_sources (AccordDiagnostics *diags);

/* Records a diagnostic.  Returns it so that notes can be attached, or
 * NULL when it was dropped (a suppressed warning, or a file past its
 * error limit). */
AccordDiag *accord_diag_add (AccordDiagnostics *diags, AccordSeverity severity,
                             const AccordSpan *span, const char *id,
                             const char *format, ...) G_GNUC_PRINTF (5, 6);
/* Attaches a note to DIAG (which may be NULL: then nothing happens). */
void accord_diag_note (AccordDiagnostics *diags, AccordDiag *diag,
                       const AccordSpan *span, const char *format, ...) G_GNUC_PRINTF (4, 5);
/* A diagnostic about a file as a whole (no line, no column). */
void accord_diag_add_file (AccordDiagnostics *diags, AccordSeverity severity,
                           const char *file, const char *format, ...) G_GNUC_PRINTF (4, 5);

guint accord_diagnostics_count (AccordDiagnostics *diags, AccordSeverity severity);
/* Diagnostics in the order they are printed: by file, then position. */
GPtrArray *accord_diagnostics_sorted (AccordDiagnostics *diags);
/* TRUE once FILE has reached ACCORD_MAX_ERRORS_PER_FILE errors. */
gboolean accord_diagnostics_file_full (AccordDiagnostics *diags, guint32 file);
/* Renders every diagnostic, GNU style, with source lines and carets, and
 * a last line that counts errors and warnings. */
char *accord_diagnostics_render (AccordDiagnostics *diags, gboolean colour);

/* ------------------------------------------------------------------ */
/* Rules                                                              */

typedef struct AccordRuleSet AccordRuleSet;
typedef struct AccordLoader AccordLoader;

/* A loader reads rule files and their imports.  Import names are found,
 * in order, in: the -I directories, the root of the importing pack (the
 * directory that its pack name is relative to), each directory of
 * ACCORD_RULES_PATH, and the installed rules directory. */
AccordLoader *accord_loader_new (AccordDiagnostics *diags);
void accord_loader_free (AccordLoader *loader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccordLoader, accord_loader_free)
void accord_loader_add_include_dir (AccordLoader *loader, const char *dir);
/* Adds ACCORD_RULES_PATH's directories and the installed rules directory. */
void accord_loader_add_default_path (AccordLoader *loader);
/* (transfer full) Loads PATH (a .rules file) with its imports, resolves
 * names and lints.  Problems go to the diagnostics; returns NULL when
 * there was an error. */
AccordRuleSet *accord_loader_load (AccordLoader *loader, const char *path);

/* (transfer full) Loads several files as one set of rules, as if one
 * pack imported them all (NULL-terminated PATHS). */
AccordRuleSet *accord_loader_load_many (AccordLoader *loader, const char *const *paths);
/* TRUE when every file loaded has ROOT as its root and every import was
 * found as NAME.rules there: the files under ROOT alone, unchanged, load
 * to the same rules wherever they are copied (see prebuilt.h). */
gboolean accord_loader_self_contained (AccordLoader *loader, const char *root);

void accord_rule_set_free (AccordRuleSet *set);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccordRuleSet, accord_rule_set_free)
guint accord_rule_set_n_rules (const AccordRuleSet *set);
guint accord_rule_set_n_lists (const AccordRuleSet *set);
guint accord_rule_set_n_examples (const AccordRuleSet *set);
guint accord_rule_set_n_packs (const AccordRuleSet *set);
/* Labels in precedence order, highest first; NULL-terminated. */
const char *const *accord_rule_set_labels (const AccordRuleSet *set);

/* ------------------------------------------------------------------ */
/* Compiled packs                                                     */

typedef struct AccordPack AccordPack;

/* Instructions of the matching program a rule set may compile to. */
#define ACCORD_DEFAULT_STATE_BUDGET 4000000u

/* (transfer full) Compiles SET into a pack; a rule that blows the state
 * budget (0: the default) is reported to DIAGS and NULL returned.  DIAGS
 * must be the sink the rule set was loaded with. */
AccordPack *accord_pack_compile (AccordRuleSet *set, AccordDiagnostics *diags,
                                 guint32 state_budget);
/* (transfer full) Reads a pack file; a corrupt, truncated or foreign file
 * is an error. */
AccordPack *accord_pack_load (const char *path, GError **error);
AccordPack *accord_pack_new_from_bytes (GBytes *bytes, GError **error);
/* Writes PACK to PATH through a temporary file renamed into place. */
gboolean accord_pack_save (const AccordPack *pack, const char *path, GError **error);
/* (transfer full) The pack in its file format. */
GBytes *accord_pack_bytes (const AccordPack *pack);
void accord_pack_free (AccordPack *pack);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AccordPack, accord_pack_free)
/* 32 hex digits that identify the source rules the pack was made from. */
const char *accord_pack_fingerprint (const AccordPack *pack);
/* TRUE when PATH starts with the pack magic. */
gboolean accord_is_pack_file (const char *path);

typedef struct {
  guint rules, vetoes, labels, examples;
  guint words, exact_words, stems, prefixes;  /* token classes by kind */
  guint predicates;
  guint states;     /* instructions of the matching program */
  gsize bytes;      /* size of the pack file */
} AccordPackStats;
void accord_pack_get_stats (const AccordPack *pack, AccordPackStats *stats);

/* ------------------------------------------------------------------ */
/* The command line, as a library call so tests run it in-process.     */

/* Runs `accord ARGV...`; normal output to OUT, messages to ERR.
 * Returns the exit status: 0 ok, 1 errors, 2 usage. */
int accord_cli_main (int argc, char **argv, FILE *out, FILE *err);

G_END_DECLS

#endif /* ACCORD_H */
