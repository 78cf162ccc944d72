/* ast.h: the syntax tree of one rule file.
 *
 * The parser builds it and does nothing else: no lookups, no checks
 * beyond the syntax.  Every node and array belongs to the AstFile that
 * made it (an arena freed in one go), so error recovery in the parser
 * never leaks, and identifiers are interned in the file's GStringChunk.
 * Every node keeps its span for diagnostics.
 */
#ifndef ACCORD_AST_H
#define ACCORD_AST_H

#include "accord.h"

/* Built-in token classes: X(enum suffix, name in the language, meaning). */
#define ACCORD_TOKEN_CLASSES(X)                                  \
  X (ANY, "_", "any token")                                      \
  X (WORD, "WORD", "a word")                                     \
  X (NUM, "NUM", "a number")                                     \
  X (CAP, "CAP", "a capitalised word")                           \
  X (PUNCT, "PUNCT", "a punctuation mark")                       \
  X (OPENQ, "OPENQ", "an opening quotation mark")                \
  X (CLOSEQ, "CLOSEQ", "a closing quotation mark")               \
  X (QUOTE, "QUOTE", "a quotation: opening mark, words, closing mark")

typedef enum {
#define X(e, n, d) AST_CLASS_##e,
  ACCORD_TOKEN_CLASSES (X)
#undef X
  AST_N_CLASSES
} AstClass;

const char *ast_class_name (AstClass c);
/* Looks NAME up among the built-in classes; returns -1 if it is none. */
int ast_class_lookup (const char *name);

typedef enum {
  AST_LITERAL,   /* text: one word, or several (a phrase); case_sensitive */
  AST_STEM,      /* ~text: any inflection */
  AST_PREFIX,    /* "text*": words that start with text */
  AST_NAME,      /* a name in a pattern: a list or a built-in class */
  AST_BAREWORD,  /* an unquoted word in a pattern: an error, kept for a hint */
  AST_BOS,       /* ^ */
  AST_EOS,       /* $ */
  AST_SEQ,       /* kids in order */
  AST_ALT,       /* one of kids */
  AST_REPEAT,    /* child, min..max (max -1: unbounded) */
  AST_NOT,       /* a token that is not child */
  AST_CAPTURE,   /* text: role name; child */
  AST_QUOTE,     /* QUOTE or QUOTE{m,n}: a quotation of min..max words */
} AstKind;

typedef struct AstNode AstNode;
struct AstNode {
  AstKind kind;
  AccordSpan span;
  const char *text;       /* interned */
  gboolean case_sensitive;
  gboolean paren;         /* written in parentheses */
  gboolean from_prefix;   /* NAME written NAME* (list repeated) */
  gint min, max;
  AccordSpan quant_span;  /* the quantifier, for REPEAT */
  AstNode *child;
  GPtrArray *kids;        /* AstNode*, for SEQ and ALT (not owning) */
  /* Filled by the resolver. */
  int cls;                /* AstClass for a NAME naming one, else -1 */
  gpointer list;          /* the list for a NAME naming one */
};

typedef struct {
  const char *text;
  AccordSpan span;
} AstName;

typedef enum {
  AST_ENTRY_WORD,         /* a word or phrase */
  AST_ENTRY_STEM,
  AST_ENTRY_PREFIX,
} AstEntryKind;

typedef struct {
  AstEntryKind kind;
  const char *text;
  gboolean case_sensitive;
  AccordSpan span;
} AstEntry;

typedef struct {
  AstName name;
  AccordSpan span;        /* the whole statement */
  gboolean append;        /* list X += ... */
  GPtrArray *entries;     /* AstEntry* */
} AstList;

typedef struct {
  AstName name;
  GPtrArray *roles;       /* AstName* */
} AstLabel;

typedef struct {
  AstName name;
  AccordSpan span;
  AstName label;
  gint priority;
  AstNode *pattern;
  GPtrArray *vetoes;      /* AstNode* */
} AstRule;

typedef struct {
  const char *text;
  AccordSpan span;        /* the string */
  GPtrArray *labels;      /* AstName*; "background" stands alone */
} AstExample;

typedef struct {
  const char *name;
  AccordSpan span;
} AstImport;

typedef struct {
  guint32 file;           /* source number in the diagnostics */
  guint parse_errors;     /* syntax errors the parser reported */
  gboolean has_header;
  AstName pack;           /* pack "name" */
  gint version;
  GPtrArray *imports;     /* AstImport* */
  GPtrArray *labels;      /* AstLabel* */
  GPtrArray *precedences; /* GPtrArray* of AstName*, in file order */
  GPtrArray *precedence_spans; /* AccordSpan* of each precedence statement */
  GPtrArray *lists;       /* AstList*, in file order (definitions and +=) */
  GPtrArray *abbrevs;     /* AstName* */
  GPtrArray *rules;       /* AstRule* */
  GPtrArray *examples;    /* AstExample* */
  /* The arena. */
  GStringChunk *strings;
  GPtrArray *mem;         /* g_free'd */
  GPtrArray *arrays;      /* g_ptr_array_unref'd */
} AstFile;

AstFile *ast_file_new (guint32 file);
void ast_file_free (AstFile *f);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (AstFile, ast_file_free)

gpointer ast_alloc (AstFile *f, gsize size);
#define ast_new(f, T) ((T *) ast_alloc ((f), sizeof (T)))
GPtrArray *ast_array (AstFile *f);
const char *ast_intern (AstFile *f, const char *s);
AstNode *ast_node (AstFile *f, AstKind kind, const AccordSpan *span);

/* Joins two spans of one file into the span covering both. */
static inline AccordSpan
ast_span_join (AccordSpan a, AccordSpan b)
{
  AccordSpan s = a;
  if (b.start < s.start)
    s.start = b.start;
  if (b.end > s.end)
    s.end = b.end;
  return s;
}

/* Writes a node back as rule-language text (tests and explain). */
void ast_node_print (GString *out, const AstNode *n);

#endif
