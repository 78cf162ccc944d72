/* pack.h: the compiled, frozen form of a rule set (see pack.c, nfa.c,
 * scan.c). */
#ifndef ACCORD_PACK_H
#define ACCORD_PACK_H

#include "accord.h"
#include "ir.h"
#include "tokenize.h"

/* One instruction of the matching program (a Thompson NFA in the form of
 * a Pike VM program). */
typedef enum {
  OP_CONSUME,   /* one token satisfying pred `arg`, then x */
  OP_SPLIT,     /* x (preferred) or y */
  OP_JMP,       /* x */
  OP_SAVE,      /* record the position in capture slot `arg`, then x */
  OP_MATCH,     /* pattern `arg` matched (detection: group `arg`) */
  OP_FAN,       /* detection only: the children of fan `arg` (see nfa.c) */
} OpCode;

typedef struct {
  guint32 op;
  guint32 arg;
  guint32 x, y;
} Inst;

typedef struct {
  guint32 name;       /* string offset */
  guint32 n_roles;
  guint32 role_first; /* into roles */
} PackLabel;

typedef struct {
  guint32 name;       /* string offset */
  guint32 label;      /* index into labels (precedence order) */
  gint32 priority;
  guint32 start;      /* pc of the pattern */
  guint32 veto_first; /* into vetoes */
  guint32 n_vetoes;
  guint32 cap_first;  /* into caps: role string offsets, by capture slot */
  guint32 n_caps;
  guint32 file, line, col;  /* where the rule is written */
} PackRule;

typedef struct {
  guint32 start;      /* pc */
  guint32 rule;
  guint32 line, col;
} PackVeto;

typedef struct {
  guint32 atom_first; /* into pred_atoms */
  guint32 n_atoms;
  guint32 negated;
} PackPred;

typedef struct {
  guint32 kind;       /* AtomKind */
  guint32 text;       /* string offset (0 for fixed atoms: "") */
} PackAtom;

/* A FAN of the detection program: children keyed by an atom of their
 * first word, and children entered as usual. */
typedef struct {
  guint32 key_first;  /* into fan_keys, sorted by atom */
  guint32 n_keys;
  guint32 generic_first;  /* into fan_children */
  guint32 n_generic;
} PackFan;

typedef struct {
  guint32 atom;
  guint32 child_first;    /* into fan_children: CONSUME pcs */
  guint32 n_children;
} PackFanKey;

/* What one MATCH of the detection program reports: the patterns that
 * end there.  Identical patterns (the same veto under 2,000 rules, two
 * rules written alike) end at the same place, so they are one MATCH and
 * cost the automaton one pattern. */
typedef struct {
  guint32 first;      /* into group_patterns, ascending */
  guint32 n;
} PackGroup;

typedef struct {
  guint32 text;       /* string offset */
  guint32 label_first;/* into example_labels */
  guint32 n_labels;   /* 0: background */
  guint32 file, line, col;
} PackExample;

struct AccordPack {
  GBytes *bytes;          /* what the arrays point into, when loaded */
  char fingerprint[33];   /* hex */

  const char *strings;
  guint32 strings_len;
  const PackLabel *labels;     guint32 n_labels;
  const guint32 *roles;        guint32 n_roles;
  const PackRule *rules;       guint32 n_rules;
  const guint32 *caps;         guint32 n_caps;
  const PackVeto *vetoes;      guint32 n_vetoes;
  const guint32 *files;        guint32 n_files;
  const Inst *insts;           guint32 n_insts;
  const PackPred *preds;       guint32 n_preds;
  const guint32 *pred_atoms;   guint32 n_pred_atoms;
  const PackAtom *atoms;       guint32 n_atoms;
  const guint32 *abbrevs;      guint32 n_abbrevs;
  const PackExample *examples; guint32 n_examples;
  const guint32 *example_labels; guint32 n_example_labels;
  const Inst *detect;          guint32 n_detect;     /* the detection program */
  const PackFan *fans;         guint32 n_fans;
  const PackFanKey *fan_keys;  guint32 n_fan_keys;
  const guint32 *fan_children; guint32 n_fan_children;
  const guint32 *meta;         guint32 n_meta;       /* [0]: start of the detection program */
  const PackGroup *groups;     guint32 n_groups;     /* of the detection program's MATCHes */
  const guint32 *group_patterns; guint32 n_group_patterns;

  /* Built when the pack is made or loaded, never stored. */
  GHashTable *words;      /* folded text -> atom id + 1 */
  GHashTable *exact;      /* exact text -> atom id + 1 */
  GHashTable *stems;      /* stem -> atom id + 1 */
  GHashTable *prefixes;   /* folded prefix -> atom id + 1 */
  GArray *prefix_lens;    /* guint32: distinct prefix lengths in bytes, ascending */
  GHashTable *abbrev_set; /* folded abbreviations */
  AbbrevSet abbrevs_fast; /* the same, with its filter (tokenize.h) */
  GPtrArray *atom_preds;  /* per atom: GArray of guint32 positive preds that hold it */
  GArray *negated_preds;  /* guint32 */
  GArray *starts;         /* guint32 pc of every pattern (rules, then vetoes) */
  char **file_names;      /* n_files names standing for `files`, or NULL (prebuilt.c) */
};

static inline const char *
pack_str (const AccordPack *p, guint32 off)
{
  return p->strings + off;
}

/* The name of source file I, where a rule or an example is written. */
static inline const char *
pack_file_name (const AccordPack *p, guint32 i)
{
  if (i >= p->n_files)
    return "?";
  return p->file_names ? p->file_names[i] : pack_str (p, p->files[i]);
}

/* Builds the run-time indexes of a frozen pack; FALSE when a reference is
 * out of bounds (a corrupt pack). */
G_GNUC_INTERNAL gboolean pack_index (AccordPack *pack, GError **error);

/* The detection program: every pattern, captures left out, common
 * beginnings shared (see nfa.c). */
G_GNUC_INTERNAL GArray *nfa_compile_detect (Ir *ir, guint32 *start, GArray **fans, GArray **fan_keys,
                                            GArray **fan_children, GArray **groups,
                                            GArray **group_patterns);

/* Compiles IR into the program; reports a blown budget at the rule that
 * blew it. */
G_GNUC_INTERNAL GArray *nfa_compile (Ir *ir, AccordRuleSet *set, guint32 budget,
                                     AccordDiagnostics *diags, GArray **rule_starts,
                                     GArray **veto_starts);

#endif
