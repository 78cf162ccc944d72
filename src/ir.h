/* ir.h: the syntax-free form of the rules (see ir.c). */
#ifndef ACCORD_IR_H
#define ACCORD_IR_H

#include "ruleset.h"
#include "tokenize.h"

/* What one token can be: the fixed atoms, then the words, stems and
 * prefixes the rules name.  A token "has" a set of atoms. */
typedef enum {
  ATOM_BOS,      /* the virtual token before a sentence (^) */
  ATOM_EOS,      /* the virtual token after it ($) */
  ATOM_WORD,
  ATOM_NUM,
  ATOM_CAP,
  ATOM_PUNCT,
  ATOM_OPENQ,
  ATOM_CLOSEQ,
  ATOM_N_FIXED
} AtomFixed;

typedef enum {
  ATOM_KIND_FIXED,
  ATOM_KIND_WORD,     /* the folded text of a word */
  ATOM_KIND_EXACT,    /* the exact text of a word (case-sensitive) */
  ATOM_KIND_STEM,     /* the Snowball stem of the folded text */
  ATOM_KIND_PREFIX,   /* the folded text starts with this */
} AtomKind;

/* A predicate on one token: true when the token has one of ATOMS, or,
 * negated, when it is a real token (not ^ or $) with none of them. */
typedef struct {
  gboolean negated;
  GArray *atoms;      /* guint32, sorted, unique */
} IrPred;

typedef enum {
  IR_PRED,     /* one token satisfying pred */
  IR_SEQ,
  IR_ALT,      /* kids in priority order */
  IR_REPEAT,   /* child min..max times (max -1: unbounded), greedy */
  IR_CAPTURE,  /* child, recorded in capture slot */
} IrKind;

typedef struct IrNode IrNode;
struct IrNode {
  IrKind kind;
  guint32 pred;
  gint min, max;
  guint32 slot;
  IrNode *child;
  GPtrArray *kids;    /* IrNode* */
};

typedef struct {
  guint32 rule;         /* index into the rule set's rules */
  IrNode *pattern;
  GPtrArray *vetoes;    /* IrNode* */
  GPtrArray *captures;  /* const char* role names, by slot */
} IrRule;

typedef struct {
  GPtrArray *atom_kinds;  /* GUINT_TO_POINTER (AtomKind) by atom id */
  GPtrArray *atom_texts;  /* char* by atom id (NULL for fixed) */
  GHashTable *atom_index; /* "kind:text" -> atom id + 1 */
  GPtrArray *preds;       /* IrPred* */
  GHashTable *pred_index; /* key -> pred id + 1 */
  GPtrArray *rules;       /* IrRule*, one per rule of the set */
  GPtrArray *nodes;       /* every IrNode, owned */
  GHashTable *list_nodes; /* List* -> its IrNode, lowered once and shared
                             by every reference (nodes are read-only once built) */
  struct sb_stemmer *stemmer;
  GHashTable *abbrevs;    /* folded abbreviations, for tokenizing literals */
  AbbrevSet abbrevs_fast; /* the same, with its filter (tokenize.h) */
} Ir;

/* (transfer full) Lowers a resolved rule set. */
G_GNUC_INTERNAL Ir *ir_build (AccordRuleSet *set);
G_GNUC_INTERNAL void ir_free (Ir *ir);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Ir, ir_free)

/* The text that literal words are compared on: NFKC, case-folded, with
 * typographic apostrophes and hyphens made plain. */
G_GNUC_INTERNAL char *text_fold (const char *text, gssize len);

#endif
